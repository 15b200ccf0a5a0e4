//! Which report columns a case counts in for a period, from its timeline alone. The
//! server loads the timelines of the cases under a unit and folds these answers into rows;
//! the member list behind a count is the cases whose answer holds the column, so a count
//! and its list cannot disagree.
//!
//! Attribution rules (decided here, documented in the README):
//! - A case with several criteria counts once, under its *primary* criterion (the first in
//!   catalogue order: A1 before A2 …, B1 before B2 …), so the criteria columns add up to
//!   their total.
//! - Listing is the branch's passed listing ballot; the education phase lasts from it to
//!   the first act that leaves `under_education` / `outcome_review`.
//! - A removal counts when it becomes final (the decision is final: the appeal window
//!   passed, the appeal upheld it, or a permission to leave was granted).

use super::{Column, Period, pick_a};
use crate::cases::{CaseState, RemovalForm, TransitionKind};
use crate::criteria::{CasePath, Criterion};
use chrono::NaiveDate;

/// One act of a case's timeline, in the order it was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Act {
    pub transition: TransitionKind,
    pub from: CaseState,
    pub to: CaseState,
    pub on: NaiveDate,
    /// The result of the vote the act recorded, if it recorded one.
    pub vote_passed: Option<bool>,
}

/// What the classification needs of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseHistory {
    pub path: CasePath,
    pub criteria: Vec<Criterion>,
    pub removal_form: Option<RemovalForm>,
    pub education_due: Option<NaiveDate>,
    /// Ordered as recorded.
    pub acts: Vec<Act>,
}

/// The columns a case counts in, and the days from listing to an outcome reached in the
/// period (for the median).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseTally {
    pub columns: Vec<Column>,
    pub days_to_outcome: Option<i64>,
}

impl CaseHistory {
    fn primary_a(&self) -> Option<Criterion> {
        self.criteria
            .iter()
            .copied()
            .filter(|c| {
                matches!(
                    c,
                    Criterion::A1 | Criterion::A2 | Criterion::A3 | Criterion::A4
                )
            })
            .min()
    }

    fn primary_b(&self) -> Option<Criterion> {
        self.criteria
            .iter()
            .copied()
            .filter(|c| {
                !matches!(
                    c,
                    Criterion::A1 | Criterion::A2 | Criterion::A3 | Criterion::A4 | Criterion::B11
                )
            })
            .min()
    }

    /// The index of the passed listing ballot.
    fn listing(&self) -> Option<usize> {
        self.acts.iter().position(|a| {
            a.transition == TransitionKind::ListingVote && a.to == CaseState::UnderEducation
        })
    }

    /// The date the education phase ended: the first act after the listing that leaves it.
    fn education_end(&self, listing: usize) -> Option<NaiveDate> {
        self.acts[listing + 1..]
            .iter()
            .find(|a| !in_education(a.to))
            .map(|a| a.on)
    }
}

fn in_education(s: CaseState) -> bool {
    matches!(s, CaseState::UnderEducation | CaseState::OutcomeReview)
}

fn outcome_column(form: RemovalForm, a: Criterion) -> Option<[Column; 2]> {
    let (total, cols) = match form {
        RemovalForm::NameDeletion => (
            Column::DeletedTotal,
            [
                Column::DeletedA1,
                Column::DeletedA2,
                Column::DeletedA3,
                Column::DeletedA4,
            ],
        ),
        RemovalForm::Expulsion => (
            Column::ExpelledTotal,
            [
                Column::ExpelledA1,
                Column::ExpelledA2,
                Column::ExpelledA3,
                Column::ExpelledA4,
            ],
        ),
        RemovalForm::VoluntaryExit => return None,
    };
    pick_a(a, cols).map(|c| [total, c])
}

fn direct_column(form: RemovalForm, b: Criterion) -> Option<[Column; 2]> {
    use Column::*;
    let col = match (form, b) {
        (RemovalForm::NameDeletion, Criterion::B1) => DeletedB1,
        (RemovalForm::NameDeletion, Criterion::B2) => DeletedB2,
        (RemovalForm::NameDeletion, Criterion::B3) => DeletedB3,
        (RemovalForm::NameDeletion, Criterion::B4) => DeletedB4,
        (RemovalForm::NameDeletion, Criterion::B5) => DeletedB5,
        (RemovalForm::NameDeletion, Criterion::B6) => DeletedB6,
        (RemovalForm::NameDeletion, Criterion::B7) => DeletedB7,
        (RemovalForm::NameDeletion, Criterion::B8) => DeletedB8,
        (RemovalForm::Expulsion, Criterion::B9) => ExpelledB9,
        (RemovalForm::Expulsion, Criterion::B10) => ExpelledB10,
        _ => return None,
    };
    let total = if form == RemovalForm::Expulsion {
        DirectExpelledTotal
    } else {
        DirectDeletedTotal
    };
    Some([total, col])
}

/// The columns `case` counts in for `period`. Each column at most once per case.
pub fn tally(case: &CaseHistory, period: &Period) -> CaseTally {
    let mut out = CaseTally::default();
    let add = |c: Column, out: &mut CaseTally| {
        if !out.columns.contains(&c) {
            out.columns.push(c);
        }
    };
    let primary_a = case.primary_a();

    // Detection and the education phase.
    if let Some(i) = case.listing() {
        let listed_on = case.acts[i].on;
        let ended = case.education_end(i);
        if period.contains(listed_on) {
            add(Column::ListedTotal, &mut out);
            if let Some(c) = primary_a.and_then(Column::listed) {
                add(c, &mut out);
            }
            add(Column::EducationOpened, &mut out);
        }
        if listed_on < period.from && ended.is_none_or(|e| e >= period.from) {
            add(Column::EducationOpenStart, &mut out);
        }
        if let Some(e) = ended
            && period.contains(e)
        {
            add(Column::EducationClosed, &mut out);
        }
        let open_at_end = listed_on <= period.to && ended.is_none_or(|e| e > period.to);
        if open_at_end {
            add(Column::EducationOpenEnd, &mut out);
            if case.education_due.is_some_and(|due| due < period.to) {
                add(Column::EducationOverdue, &mut out);
            }
        }
        // Days from the listing to the outcome reached in the period.
        if let Some(a) = case.acts[i + 1..]
            .iter()
            .find(|a| matches!(a.to, CaseState::RecognisedImproved | CaseState::Final))
            && period.contains(a.on)
        {
            out.days_to_outcome = Some((a.on - listed_on).num_days());
        }
    }

    for a in &case.acts {
        if !period.contains(a.on) {
            continue;
        }
        match (a.transition, a.to) {
            (TransitionKind::ListingVote, CaseState::NotListed) => add(Column::NotListed, &mut out),
            (_, CaseState::RecognisedImproved) => {
                add(Column::ImprovedTotal, &mut out);
                if let Some(c) = primary_a.and_then(|p| {
                    pick_a(
                        p,
                        [
                            Column::ImprovedA1,
                            Column::ImprovedA2,
                            Column::ImprovedA3,
                            Column::ImprovedA4,
                        ],
                    )
                }) {
                    add(c, &mut out);
                }
            }
            (TransitionKind::OutcomeVote, CaseState::UnderEducation)
                if a.from == CaseState::OutcomeReview =>
            {
                add(Column::ContinuedTotal, &mut out);
                if let Some(c) = primary_a.and_then(|p| {
                    pick_a(
                        p,
                        [
                            Column::ContinuedA1,
                            Column::ContinuedA2,
                            Column::ContinuedA3,
                            Column::ContinuedA4,
                        ],
                    )
                }) {
                    add(c, &mut out);
                }
            }
            (_, CaseState::Final) => {
                let cols = match (case.path, case.removal_form) {
                    (CasePath::VVoluntary, _) | (_, Some(RemovalForm::VoluntaryExit)) => {
                        Some([Column::VoluntaryExit, Column::VoluntaryExit])
                    }
                    (CasePath::AEducation, Some(f)) => primary_a.and_then(|p| outcome_column(f, p)),
                    (CasePath::BDirect, Some(f)) => {
                        case.primary_b().and_then(|b| direct_column(f, b))
                    }
                    (_, None) => None,
                };
                for c in cols.into_iter().flatten() {
                    add(c, &mut out);
                }
            }
            _ => {}
        }
        if a.vote_passed == Some(false)
            && a.to == CaseState::AwaitingDecision
            && a.from != CaseState::AwaitingDecision
        {
            add(Column::Escalations, &mut out);
        }
        if a.transition == TransitionKind::FileAppeal {
            add(Column::AppealsFiled, &mut out);
        }
        if a.transition == TransitionKind::ResolveAppeal {
            add(
                if a.to == CaseState::Final {
                    Column::AppealsUpheld
                } else {
                    Column::AppealsChanged
                },
                &mut out,
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseState::*;
    use TransitionKind::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default()
    }

    fn act(t: TransitionKind, from: CaseState, to: CaseState, on: NaiveDate) -> Act {
        Act {
            transition: t,
            from,
            to,
            on,
            vote_passed: None,
        }
    }

    fn voted(
        t: TransitionKind,
        from: CaseState,
        to: CaseState,
        on: NaiveDate,
        passed: bool,
    ) -> Act {
        Act {
            vote_passed: Some(passed),
            ..act(t, from, to, on)
        }
    }

    fn education_case(acts: Vec<Act>) -> CaseHistory {
        CaseHistory {
            path: CasePath::AEducation,
            criteria: vec![Criterion::A4, Criterion::A2],
            removal_form: None,
            education_due: Some(d(9, 1)),
            acts,
        }
    }

    fn listed(on: NaiveDate) -> Vec<Act> {
        vec![
            act(Open, DraftCandidate, DraftCandidate, d(1, 5)),
            act(
                RequestUpperOpinion,
                DraftCandidate,
                ConsultationRequested,
                d(1, 6),
            ),
            act(
                RecordUpperGuidance,
                ConsultationRequested,
                UpperConsulted,
                d(1, 10),
            ),
            voted(ListingVote, UpperConsulted, UnderEducation, on, true),
        ]
    }

    fn period(from: NaiveDate, to: NaiveDate) -> Period {
        Period { from, to }
    }

    #[test]
    fn a_listing_counts_under_the_primary_criterion_and_opens_education() {
        let case = education_case(listed(d(2, 1)));
        let t = tally(&case, &period(d(1, 1), d(6, 30)));
        assert_eq!(
            t.columns,
            vec![
                Column::ListedTotal,
                Column::ListedA2,
                Column::EducationOpened,
                Column::EducationOpenEnd
            ]
        );
        // Past the due date at the end of the year: overdue.
        let t = tally(&case, &period(d(7, 1), d(12, 31)));
        assert_eq!(
            t.columns,
            vec![
                Column::EducationOpenStart,
                Column::EducationOpenEnd,
                Column::EducationOverdue
            ]
        );
    }

    #[test]
    fn the_education_flow_balances_and_outcomes_count_with_their_days() {
        let mut acts = listed(d(2, 1));
        acts.push(act(
            StartOutcomeReview,
            UnderEducation,
            OutcomeReview,
            d(8, 1),
        ));
        acts.push(voted(
            OutcomeVote,
            OutcomeReview,
            UnderEducation,
            d(8, 5),
            true,
        ));
        acts.push(act(
            StartOutcomeReview,
            UnderEducation,
            OutcomeReview,
            d(10, 1),
        ));
        acts.push(voted(
            OutcomeVote,
            OutcomeReview,
            RecognisedImproved,
            d(10, 11),
            true,
        ));
        let case = education_case(acts);
        for (from, to) in [
            (d(1, 1), d(3, 1)),
            (d(3, 2), d(9, 1)),
            (d(9, 2), d(12, 31)),
            (d(1, 1), d(12, 31)),
        ] {
            let t = tally(&case, &period(from, to));
            let has = |c| i64::from(t.columns.contains(&c));
            assert_eq!(
                has(Column::EducationOpenStart) + has(Column::EducationOpened)
                    - has(Column::EducationClosed),
                has(Column::EducationOpenEnd),
                "{from} – {to}"
            );
        }
        let t = tally(&case, &period(d(8, 1), d(12, 31)));
        assert!(
            t.columns.contains(&Column::ContinuedA2) && t.columns.contains(&Column::ContinuedTotal)
        );
        assert!(
            t.columns.contains(&Column::ImprovedA2) && t.columns.contains(&Column::EducationClosed)
        );
        assert_eq!(t.days_to_outcome, Some((d(10, 11) - d(2, 1)).num_days()));
        // An outcome outside the period gives no days.
        assert_eq!(
            tally(&case, &period(d(1, 1), d(6, 30))).days_to_outcome,
            None
        );
    }

    #[test]
    fn a_failed_listing_ballot_counts_as_not_listed() {
        let mut acts = listed(d(2, 1));
        acts.pop();
        acts.push(voted(
            ListingVote,
            UpperConsulted,
            NotListed,
            d(2, 1),
            false,
        ));
        let t = tally(&education_case(acts), &period(d(1, 1), d(12, 31)));
        assert_eq!(t.columns, vec![Column::NotListed]);
    }

    #[test]
    fn removals_count_when_final_by_path_and_ground() {
        let direct = CaseHistory {
            path: CasePath::BDirect,
            criteria: vec![Criterion::B2, Criterion::B1],
            removal_form: Some(RemovalForm::NameDeletion),
            education_due: None,
            acts: vec![
                voted(RemovalVote, DraftCandidate, DraftCandidate, d(3, 1), false),
                voted(RemovalVote, DraftCandidate, DraftCandidate, d(3, 8), false),
                voted(
                    RemovalVote,
                    DraftCandidate,
                    AwaitingDecision,
                    d(3, 15),
                    false,
                ),
                voted(Decide, AwaitingDecision, Decided, d(4, 1), true),
                act(FileAppeal, Decided, Appealed, d(4, 20)),
                act(ResolveAppeal, Appealed, Final, d(6, 1)),
            ],
        };
        let t = tally(&direct, &period(d(1, 1), d(12, 31)));
        assert_eq!(
            t.columns,
            vec![
                Column::Escalations,
                Column::AppealsFiled,
                Column::DirectDeletedTotal,
                Column::DeletedB1,
                Column::AppealsUpheld
            ]
        );
        // Decided but not final in the period: no removal yet.
        let t = tally(&direct, &period(d(1, 1), d(5, 1)));
        assert!(!t.columns.contains(&Column::DirectDeletedTotal));

        let mut acts = listed(d(2, 1));
        acts.push(voted(
            OutcomeVote,
            OutcomeReview,
            RemovalProposed,
            d(9, 1),
            true,
        ));
        acts.push(voted(
            GrassrootsVote,
            RemovalProposed,
            AwaitingDecision,
            d(9, 10),
            true,
        ));
        acts.push(voted(Decide, AwaitingDecision, Decided, d(9, 20), true));
        acts.push(act(Finalise, Decided, Final, d(11, 2)));
        let mut a = education_case(acts);
        a.removal_form = Some(RemovalForm::Expulsion);
        let t = tally(&a, &period(d(1, 1), d(12, 31)));
        assert!(
            t.columns.contains(&Column::ExpelledTotal) && t.columns.contains(&Column::ExpelledA2)
        );
        assert!(
            !t.columns.contains(&Column::Escalations),
            "a passed vote is no escalation"
        );

        let exit = CaseHistory {
            path: CasePath::VVoluntary,
            criteria: vec![],
            removal_form: Some(RemovalForm::VoluntaryExit),
            education_due: None,
            acts: vec![
                act(Open, ExitRequested, ExitRequested, d(5, 1)),
                act(ForwardExitRequest, ExitRequested, RemovalProposed, d(5, 2)),
                voted(Decide, AwaitingDecision, Final, d(5, 20), true),
            ],
        };
        assert_eq!(
            tally(&exit, &period(d(1, 1), d(12, 31))).columns,
            vec![Column::VoluntaryExit]
        );
    }
}
