//! The case state machine (DOMAIN.md §8) as one table: for every transition, the states it
//! leaves, who may trigger it, its guards, and where it leads. The server decides with
//! these functions; the case page shows exactly the actions they allow.

use super::{Capacity, CaseState, RemovalForm, TransitionKind};
use crate::criteria::{CasePath, Criterion};
use crate::settings::RuleSettings;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// What the machine needs to know about a case and the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub state: CaseState,
    pub path: CasePath,
    pub criteria: Vec<Criterion>,
    /// The form chosen by the branch's removal proposal (or voluntary exit).
    pub removal_form: Option<RemovalForm>,
    /// The branch sits inside a grassroots Party organisation whose committee votes on a
    /// branch's proposal before the competent body decides (DOMAIN.md §8.3 N3).
    pub grassroots_step: bool,
    /// The competent body for this case's form is that grassroots committee itself
    /// (delegated admission authority, N4′): it decides instead of voting and forwarding.
    pub grassroots_decides: bool,
    pub self_review_requests: u32,
    pub self_review_received: bool,
    pub self_review_refused: bool,
    pub education_start: Option<NaiveDate>,
    pub extensions: u32,
    /// Failed votes at the current step.
    pub failed_rounds: u32,
    /// Last day on which an appeal may be filed (a decided case).
    pub appeal_window_end: Option<NaiveDate>,
    /// The member has a violation on record or discipline in effect, or another open
    /// case: voluntary exit must wait (DOMAIN.md §8.5 guard).
    pub member_has_violation: bool,
    pub today: NaiveDate,
}

/// The result of the act a transition records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Nothing to choose (a request, a note-like act, a forward).
    Plain,
    /// The upper committee's guidance on the draft list.
    Guidance { agree: bool },
    /// A vote or a decision, passed or not.
    Vote { passed: bool },
    /// The branch's vote on the outcome of education.
    Outcome { choice: OutcomeChoice, passed: bool },
    /// The appeal body's resolution.
    Appeal(AppealResult),
}

labelled_enum!(
    /// What the branch votes on at the end of an education period (DOMAIN.md §8.2 7a–7c).
    OutcomeChoice {
        Improved = ("improved", "Công nhận tiến bộ", "Recognise as improved"),
        Continue = ("continue", "Tiếp tục giáo dục, giúp đỡ", "Continue education and help"),
        Remove = ("remove", "Đề nghị đưa ra khỏi Đảng", "Propose removal"),
    }
);

labelled_enum!(
    /// How an appeal ends (DOMAIN.md §8.6).
    AppealResult {
        Upheld = ("upheld", "Giữ nguyên quyết định", "Decision upheld"),
        Changed = ("changed", "Sửa quyết định", "Decision changed"),
        Annulled = ("annulled", "Hủy quyết định", "Decision annulled"),
    }
);

/// Why a transition is refused. `code` is the stable error code the server answers with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub code: RefusalCode,
    pub message_vi: String,
}

/// A refusal's kind: the state does not allow the action (409), or a guard fails (422).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefusalCode {
    NotInThisState,
    Guard,
}

fn not_now(kind: TransitionKind, state: CaseState) -> Refusal {
    Refusal {
        code: RefusalCode::NotInThisState,
        message_vi: format!(
            "Không thể “{}” khi hồ sơ ở trạng thái “{}”.",
            kind.label_vi(),
            state.label_vi()
        ),
    }
}

fn guard(message: impl Into<String>) -> Refusal {
    Refusal {
        code: RefusalCode::Guard,
        message_vi: message.into(),
    }
}

/// Who may trigger a transition (DOMAIN.md §5.2), as capacities toward the case; the
/// server maps a caller's roles to capacities with [`super::authority::capacities`].
pub fn who_may(kind: TransitionKind) -> &'static [Capacity] {
    use Capacity::*;
    use TransitionKind::*;
    match kind {
        Open => &[],
        RequestUpperOpinion | ListingVote | AssignHelper | StartOutcomeReview | OutcomeVote
        | RequestSelfReview | RemovalVote | ForwardExitRequest | Close => &[Branch],
        RecordUpperGuidance => &[DirectUpper],
        // The member writes them; the branch records a paper copy it received.
        RecordCommitment | RecordSelfReview => &[Member, Branch],
        GrassrootsVote => &[GrassrootsCommittee],
        Decide => &[Competent],
        FileAppeal => &[Member],
        // Bookkeeping after the window: the deciding body or its staff.
        Finalise => &[Competent, CompetentStaff],
        ResolveAppeal => &[AppealBody],
    }
}

/// The states a transition leaves (before guards).
fn from_states(kind: TransitionKind) -> &'static [CaseState] {
    use CaseState::*;
    use TransitionKind::*;
    match kind {
        Open => &[],
        RequestUpperOpinion => &[DraftCandidate],
        RecordUpperGuidance => &[ConsultationRequested],
        ListingVote => &[UpperConsulted],
        AssignHelper | RecordCommitment | StartOutcomeReview => &[UnderEducation],
        OutcomeVote => &[OutcomeReview],
        RequestSelfReview | RecordSelfReview => &[DraftCandidate, OutcomeReview],
        RemovalVote => &[DraftCandidate],
        ForwardExitRequest => &[ExitRequested],
        GrassrootsVote => &[RemovalProposed],
        Decide => &[RemovalProposed, AwaitingDecision],
        FileAppeal | Finalise => &[Decided],
        ResolveAppeal => &[Appealed],
        // A decided case ends by its decision, not by closing it.
        Close => &[
            DraftCandidate,
            ConsultationRequested,
            UpperConsulted,
            UnderEducation,
            OutcomeReview,
            RemovalProposed,
            AwaitingDecision,
            ExitRequested,
        ],
    }
}

/// Whether the path allows the transition at all (path A consults and educates; path B
/// goes straight to the removal vote; a voluntary exit is forwarded, not voted on).
fn path_allows(kind: TransitionKind, facts: &CaseFacts) -> bool {
    use TransitionKind::*;
    match kind {
        RequestUpperOpinion => facts.path == CasePath::AEducation,
        RemovalVote => facts.path == CasePath::BDirect,
        // Before a removal vote: on the direct path from the draft, after education in
        // the outcome review (DOMAIN.md §8.3 N1).
        RequestSelfReview | RecordSelfReview => match facts.state {
            CaseState::DraftCandidate => facts.path == CasePath::BDirect,
            _ => facts.path == CasePath::AEducation,
        },
        ForwardExitRequest => facts.path == CasePath::VVoluntary,
        _ => true,
    }
}

/// Whether the removal may be voted on: the member wrote the self-criticism, refused, or
/// did not answer the set number of requests (DOMAIN.md §8.3 N1).
pub fn self_review_settled(facts: &CaseFacts, settings: &RuleSettings) -> bool {
    facts.self_review_received
        || facts.self_review_refused
        || facts.self_review_requests >= u32::from(settings.self_review_requests_before_proceeding)
}

/// Checks that `kind` may happen now (state, path, guards), whatever its result.
pub fn check(
    kind: TransitionKind,
    facts: &CaseFacts,
    settings: &RuleSettings,
) -> Result<(), Refusal> {
    use TransitionKind::*;
    if !from_states(kind).contains(&facts.state) || !path_allows(kind, facts) {
        return Err(not_now(kind, facts.state));
    }
    match kind {
        GrassrootsVote if !facts.grassroots_step || facts.grassroots_decides => {
            Err(not_now(kind, facts.state))
        }
        GrassrootsVote if facts.removal_form == Some(RemovalForm::Expulsion) => {
            Err(not_now(kind, facts.state))
        }
        // From a branch's proposal the competent body decides directly when there is no
        // grassroots committee between them, when that committee is the competent body, or
        // for an expulsion (the lower organisation's ≥ 2/3 proposal is the branch's).
        Decide
            if facts.state == CaseState::RemovalProposed
                && facts.grassroots_step
                && !facts.grassroots_decides
                && facts.removal_form != Some(RemovalForm::Expulsion) =>
        {
            Err(guard(
                "Đề nghị của chi bộ cần được đảng ủy cơ sở biểu quyết trước khi cấp có thẩm quyền quyết định.",
            ))
        }
        RemovalVote if !self_review_settled(facts, settings) => Err(guard(format!(
            "Đảng viên chưa nộp bản tự kiểm điểm: chi bộ cần yêu cầu đủ {} lần (đã yêu cầu {} lần) hoặc ghi nhận việc đảng viên từ chối.",
            settings.self_review_requests_before_proceeding, facts.self_review_requests
        ))),
        RequestSelfReview if facts.self_review_received => {
            Err(guard("Đảng viên đã nộp bản tự kiểm điểm."))
        }
        ForwardExitRequest if facts.member_has_violation => Err(guard(
            "Đảng viên đang có vi phạm, kỷ luật còn hiệu lực hoặc hồ sơ khác đang xem xét: phải xử lý kỷ luật trước, sau đó mới xem xét cho ra khỏi Đảng.",
        )),
        FileAppeal => match facts.appeal_window_end {
            Some(end) if facts.today <= end => Ok(()),
            Some(end) => Err(guard(format!(
                "Đã hết thời hạn khiếu nại (đến hết ngày {}).",
                end.format("%d/%m/%Y")
            ))),
            None => Err(guard("Chưa ghi ngày đảng viên nhận quyết định.")),
        },
        Finalise => match facts.appeal_window_end {
            Some(end) if facts.today > end => Ok(()),
            Some(end) => Err(guard(format!(
                "Còn trong thời hạn khiếu nại (đến hết ngày {}).",
                end.format("%d/%m/%Y")
            ))),
            None => Err(guard("Chưa ghi ngày đảng viên nhận quyết định.")),
        },
        _ => Ok(()),
    }
}

/// Checks what the act chose against the case (the outcome vote's choice, the form, the
/// ground), before the result is known.
pub fn check_choice(
    kind: TransitionKind,
    facts: &CaseFacts,
    choice: Option<OutcomeChoice>,
    form: Option<RemovalForm>,
    ground: Option<Criterion>,
    settings: &RuleSettings,
) -> Result<(), Refusal> {
    let removal = match kind {
        TransitionKind::RemovalVote => true,
        TransitionKind::OutcomeVote => match choice {
            Some(OutcomeChoice::Remove) => true,
            Some(OutcomeChoice::Continue) => {
                if facts.extensions >= u32::from(settings.education_max_extensions) {
                    return Err(guard(format!(
                        "Đã gia hạn giáo dục, giúp đỡ {} lần, bằng mức tối đa theo cài đặt.",
                        facts.extensions
                    )));
                }
                false
            }
            Some(OutcomeChoice::Improved) => false,
            None => return Err(guard("Cần chọn nội dung biểu quyết.")),
        },
        _ => return Ok(()),
    };
    if !removal {
        return Ok(());
    }
    if !self_review_settled(facts, settings) {
        return Err(guard(format!(
            "Đảng viên chưa nộp bản tự kiểm điểm: chi bộ cần yêu cầu đủ {} lần (đã yêu cầu {} lần) hoặc ghi nhận việc đảng viên từ chối.",
            settings.self_review_requests_before_proceeding, facts.self_review_requests
        )));
    }
    let Some(form) = form else {
        return Err(guard("Cần chọn hình thức: xóa tên hoặc khai trừ."));
    };
    if form == RemovalForm::VoluntaryExit {
        return Err(guard("Cho ra khỏi Đảng chỉ theo đơn của đảng viên."));
    }
    let grounds = removal_grounds(facts, kind, ground);
    if !grounds.iter().any(|g| g.removal_forms().contains(&form)) {
        return Err(guard(format!(
            "Căn cứ của hồ sơ không dẫn đến hình thức “{}”.",
            form.label_vi()
        )));
    }
    if ground == Some(Criterion::B4) {
        let months = u32::from(settings.education_period_months_b4);
        let done = facts
            .education_start
            .and_then(|s| s.checked_add_months(Months::new(months)))
            .is_some_and(|end| end <= facts.today);
        if !done {
            return Err(guard(format!(
                "Căn cứ B4 cần thời gian giáo dục, giúp đỡ ít nhất {months} tháng."
            )));
        }
    }
    Ok(())
}

/// The grounds a removal vote rests on: the case's own direct grounds, or after education
/// the ground named (B4) or else B11.
pub fn removal_grounds(
    facts: &CaseFacts,
    kind: TransitionKind,
    ground: Option<Criterion>,
) -> Vec<Criterion> {
    match kind {
        TransitionKind::OutcomeVote => vec![ground.unwrap_or(Criterion::B11)],
        _ => facts.criteria.clone(),
    }
}

/// Where a checked transition leads, given its result. Failed votes at a removal step
/// stay where they are until the set number of rounds, then go up to the competent body
/// (DOMAIN.md §8.3 N5).
pub fn target(
    kind: TransitionKind,
    facts: &CaseFacts,
    step: Step,
    settings: &RuleSettings,
) -> CaseState {
    use CaseState::*;
    use TransitionKind::*;
    let escalate_or_stay = |stay: CaseState| {
        if facts.failed_rounds + 1 >= u32::from(settings.failed_vote_rounds_before_escalation) {
            AwaitingDecision
        } else {
            stay
        }
    };
    match (kind, step) {
        (RequestUpperOpinion, _) => ConsultationRequested,
        (RecordUpperGuidance, Step::Guidance { agree: true }) => UpperConsulted,
        (RecordUpperGuidance, _) => NotListed,
        (ListingVote, Step::Vote { passed: true }) => UnderEducation,
        (ListingVote, _) => NotListed,
        (StartOutcomeReview, _) => OutcomeReview,
        (OutcomeVote, Step::Outcome { choice, passed }) => match (choice, passed) {
            (OutcomeChoice::Improved, true) => RecognisedImproved,
            (OutcomeChoice::Continue, true) => UnderEducation,
            (OutcomeChoice::Remove, true) => RemovalProposed,
            (OutcomeChoice::Remove, false) => escalate_or_stay(OutcomeReview),
            (_, false) => OutcomeReview,
        },
        (RemovalVote, Step::Vote { passed: true }) => RemovalProposed,
        (RemovalVote, _) => escalate_or_stay(DraftCandidate),
        (ForwardExitRequest, _) => RemovalProposed,
        (GrassrootsVote, Step::Vote { passed: true }) => AwaitingDecision,
        (GrassrootsVote, _) => escalate_or_stay(RemovalProposed),
        // A permission to leave ends there: there is nothing to appeal.
        (Decide, Step::Vote { passed: true })
            if facts.removal_form == Some(RemovalForm::VoluntaryExit) =>
        {
            Final
        }
        (Decide, Step::Vote { passed: true }) => Decided,
        (Decide, _) => RemovalRejected,
        (FileAppeal, _) => Appealed,
        (Finalise, _) => Final,
        (ResolveAppeal, Step::Appeal(AppealResult::Upheld)) => Final,
        (ResolveAppeal, _) => AppealResolved,
        (Close, _) => Closed,
        // Acts inside a state.
        (Open, _) => facts.state,
        (AssignHelper | RecordCommitment | RequestSelfReview | RecordSelfReview, _) => facts.state,
        (OutcomeVote, _) => facts.state,
    }
}

/// Whether a failed vote at this step counts toward escalation.
pub fn counts_failed_round(kind: TransitionKind, step: Step) -> bool {
    matches!(
        (kind, step),
        (TransitionKind::RemovalVote, Step::Vote { passed: false })
            | (TransitionKind::GrassrootsVote, Step::Vote { passed: false })
            | (
                TransitionKind::OutcomeVote,
                Step::Outcome {
                    choice: OutcomeChoice::Remove,
                    passed: false
                }
            )
    )
}

/// The transitions a caller with `capacities` may take now: what the case page offers.
pub fn available(
    facts: &CaseFacts,
    capacities: &[Capacity],
    settings: &RuleSettings,
) -> Vec<TransitionKind> {
    TransitionKind::ALL
        .iter()
        .copied()
        .filter(|k| who_may(*k).iter().any(|c| capacities.contains(c)))
        .filter(|k| check(*k, facts, settings).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseState::*;
    use TransitionKind::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn facts(state: CaseState, path: CasePath) -> CaseFacts {
        CaseFacts {
            state,
            path,
            criteria: match path {
                CasePath::AEducation => vec![Criterion::A1],
                CasePath::BDirect => vec![Criterion::B1],
                CasePath::VVoluntary => vec![],
            },
            removal_form: None,
            grassroots_step: true,
            grassroots_decides: false,
            self_review_requests: 0,
            self_review_received: false,
            self_review_refused: false,
            education_start: None,
            extensions: 0,
            failed_rounds: 0,
            appeal_window_end: None,
            member_has_violation: false,
            today: day(2026, 6, 1),
        }
    }

    fn s() -> RuleSettings {
        RuleSettings::default()
    }

    #[test]
    fn path_a_runs_from_draft_to_improvement() {
        let st = s();
        let mut f = facts(DraftCandidate, CasePath::AEducation);
        let walk = [
            (RequestUpperOpinion, Step::Plain, ConsultationRequested),
            (
                RecordUpperGuidance,
                Step::Guidance { agree: true },
                UpperConsulted,
            ),
            (ListingVote, Step::Vote { passed: true }, UnderEducation),
            (AssignHelper, Step::Plain, UnderEducation),
            (RecordCommitment, Step::Plain, UnderEducation),
            (StartOutcomeReview, Step::Plain, OutcomeReview),
            (
                OutcomeVote,
                Step::Outcome {
                    choice: OutcomeChoice::Improved,
                    passed: true,
                },
                RecognisedImproved,
            ),
        ];
        for (kind, step, to) in walk {
            assert_eq!(check(kind, &f, &st), Ok(()), "{kind:?} from {:?}", f.state);
            assert_eq!(target(kind, &f, step, &st), to, "{kind:?}");
            f.state = to;
        }
        assert!(f.state.is_terminal());
        assert!(available(&f, Capacity::ALL, &st).is_empty());
    }

    #[test]
    fn every_transition_is_refused_outside_its_states() {
        let st = s();
        for path in [
            CasePath::AEducation,
            CasePath::BDirect,
            CasePath::VVoluntary,
        ] {
            for state in CaseState::ALL {
                let f = facts(*state, path);
                for kind in TransitionKind::ALL {
                    let allowed = from_states(*kind).contains(state) && path_allows(*kind, &f);
                    if !allowed {
                        assert_eq!(
                            check(*kind, &f, &st).map_err(|r| r.code),
                            Err(RefusalCode::NotInThisState),
                            "{kind:?} in {state:?} on {path:?}"
                        );
                    }
                }
                if state.is_terminal() {
                    assert!(available(&f, Capacity::ALL, &st).is_empty(), "{state:?}");
                }
            }
        }
    }

    #[test]
    fn listing_fails_or_guidance_disagrees_means_not_listed() {
        let st = s();
        let f = facts(UpperConsulted, CasePath::AEducation);
        assert_eq!(
            target(ListingVote, &f, Step::Vote { passed: false }, &st),
            NotListed
        );
        let f = facts(ConsultationRequested, CasePath::AEducation);
        assert_eq!(
            target(
                RecordUpperGuidance,
                &f,
                Step::Guidance { agree: false },
                &st
            ),
            NotListed
        );
    }

    #[test]
    fn removal_vote_waits_for_the_self_criticism_or_three_requests() {
        let st = s();
        let mut f = facts(DraftCandidate, CasePath::BDirect);
        assert_eq!(
            check(RemovalVote, &f, &st).map_err(|r| r.code),
            Err(RefusalCode::Guard)
        );
        f.self_review_requests = 2;
        assert!(check(RemovalVote, &f, &st).is_err());
        f.self_review_requests = 3;
        assert_eq!(check(RemovalVote, &f, &st), Ok(()));
        let mut f = facts(DraftCandidate, CasePath::BDirect);
        f.self_review_refused = true;
        assert_eq!(check(RemovalVote, &f, &st), Ok(()));
        let mut f = facts(DraftCandidate, CasePath::BDirect);
        f.self_review_received = true;
        assert_eq!(check(RemovalVote, &f, &st), Ok(()));
        assert!(check(RequestSelfReview, &f, &st).is_err());
    }

    #[test]
    fn three_failed_rounds_go_up_to_the_competent_body() {
        let st = s();
        let mut f = facts(DraftCandidate, CasePath::BDirect);
        f.self_review_received = true;
        let failed = Step::Vote { passed: false };
        assert!(counts_failed_round(RemovalVote, failed));
        assert_eq!(target(RemovalVote, &f, failed, &st), DraftCandidate);
        f.failed_rounds = 1;
        assert_eq!(target(RemovalVote, &f, failed, &st), DraftCandidate);
        f.failed_rounds = 2;
        assert_eq!(target(RemovalVote, &f, failed, &st), AwaitingDecision);
        let mut f = facts(RemovalProposed, CasePath::BDirect);
        f.removal_form = Some(RemovalForm::NameDeletion);
        f.failed_rounds = 2;
        assert_eq!(target(GrassrootsVote, &f, failed, &st), AwaitingDecision);
        f.failed_rounds = 0;
        assert_eq!(target(GrassrootsVote, &f, failed, &st), RemovalProposed);
        assert!(!counts_failed_round(ListingVote, failed));
    }

    #[test]
    fn the_grassroots_committee_votes_unless_it_decides_or_for_expulsion() {
        let st = s();
        let mut f = facts(RemovalProposed, CasePath::BDirect);
        f.removal_form = Some(RemovalForm::NameDeletion);
        assert_eq!(check(GrassrootsVote, &f, &st), Ok(()));
        assert!(check(Decide, &f, &st).is_err());
        f.grassroots_decides = true;
        assert!(check(GrassrootsVote, &f, &st).is_err());
        assert_eq!(check(Decide, &f, &st), Ok(()));
        f.grassroots_decides = false;
        f.grassroots_step = false;
        assert!(check(GrassrootsVote, &f, &st).is_err());
        assert_eq!(check(Decide, &f, &st), Ok(()));
        f.grassroots_step = true;
        f.removal_form = Some(RemovalForm::Expulsion);
        assert!(check(GrassrootsVote, &f, &st).is_err());
        assert_eq!(check(Decide, &f, &st), Ok(()));
    }

    #[test]
    fn decisions_lead_to_the_appeal_window_or_straight_to_final() {
        let st = s();
        let mut f = facts(AwaitingDecision, CasePath::BDirect);
        f.removal_form = Some(RemovalForm::NameDeletion);
        assert_eq!(
            target(Decide, &f, Step::Vote { passed: true }, &st),
            Decided
        );
        assert_eq!(
            target(Decide, &f, Step::Vote { passed: false }, &st),
            RemovalRejected
        );
        f.removal_form = Some(RemovalForm::VoluntaryExit);
        assert_eq!(target(Decide, &f, Step::Vote { passed: true }, &st), Final);
    }

    #[test]
    fn the_appeal_window_edges() {
        let st = s();
        let mut f = facts(Decided, CasePath::BDirect);
        f.appeal_window_end = Some(day(2026, 6, 1));
        assert_eq!(check(FileAppeal, &f, &st), Ok(()), "the last day counts");
        assert!(check(Finalise, &f, &st).is_err());
        f.today = day(2026, 6, 2);
        assert!(check(FileAppeal, &f, &st).is_err());
        assert_eq!(check(Finalise, &f, &st), Ok(()));
        let f = facts(Appealed, CasePath::BDirect);
        assert_eq!(
            target(ResolveAppeal, &f, Step::Appeal(AppealResult::Upheld), &st),
            Final
        );
        assert_eq!(
            target(ResolveAppeal, &f, Step::Appeal(AppealResult::Annulled), &st),
            AppealResolved
        );
    }

    #[test]
    fn voluntary_exit_is_blocked_by_a_violation() {
        let st = s();
        let mut f = facts(ExitRequested, CasePath::VVoluntary);
        assert_eq!(check(ForwardExitRequest, &f, &st), Ok(()));
        f.member_has_violation = true;
        assert_eq!(
            check(ForwardExitRequest, &f, &st).map_err(|r| r.code),
            Err(RefusalCode::Guard)
        );
        assert!(check(RemovalVote, &f, &st).is_err());
        assert!(check(RequestSelfReview, &f, &st).is_err());
    }

    #[test]
    fn forms_follow_the_grounds_and_b4_needs_twelve_months() {
        let st = s();
        let mut f = facts(DraftCandidate, CasePath::BDirect);
        f.self_review_received = true;
        assert!(
            check_choice(
                RemovalVote,
                &f,
                None,
                Some(RemovalForm::NameDeletion),
                None,
                &st
            )
            .is_ok()
        );
        assert!(
            check_choice(
                RemovalVote,
                &f,
                None,
                Some(RemovalForm::Expulsion),
                None,
                &st
            )
            .is_err(),
            "B1 leads to name deletion"
        );
        f.criteria = vec![Criterion::B9];
        assert!(
            check_choice(
                RemovalVote,
                &f,
                None,
                Some(RemovalForm::Expulsion),
                None,
                &st
            )
            .is_ok()
        );
        assert!(check_choice(RemovalVote, &f, None, None, None, &st).is_err());
        let mut f = facts(OutcomeReview, CasePath::AEducation);
        f.self_review_received = true;
        f.education_start = Some(day(2025, 6, 2));
        let remove = Some(OutcomeChoice::Remove);
        let nd = Some(RemovalForm::NameDeletion);
        assert!(check_choice(OutcomeVote, &f, remove, nd, Some(Criterion::B4), &st).is_err());
        f.education_start = Some(day(2025, 6, 1));
        assert!(check_choice(OutcomeVote, &f, remove, nd, Some(Criterion::B4), &st).is_ok());
        assert!(
            check_choice(
                OutcomeVote,
                &f,
                remove,
                Some(RemovalForm::Expulsion),
                None,
                &st
            )
            .is_ok(),
            "B11 allows either form"
        );
        f.extensions = u32::from(st.education_max_extensions);
        assert!(
            check_choice(
                OutcomeVote,
                &f,
                Some(OutcomeChoice::Continue),
                None,
                None,
                &st
            )
            .is_err()
        );
    }

    /// DOMAIN.md §5.2, written out act by act: who records it.
    #[test]
    fn who_records_each_act() {
        use Capacity::*;
        let expected: &[(TransitionKind, &[Capacity])] = &[
            (Open, &[]),
            (RequestUpperOpinion, &[Branch]),
            (RecordUpperGuidance, &[DirectUpper]),
            (ListingVote, &[Branch]),
            (AssignHelper, &[Branch]),
            (RecordCommitment, &[Member, Branch]),
            (StartOutcomeReview, &[Branch]),
            (OutcomeVote, &[Branch]),
            (RequestSelfReview, &[Branch]),
            (RecordSelfReview, &[Member, Branch]),
            (RemovalVote, &[Branch]),
            (ForwardExitRequest, &[Branch]),
            (GrassrootsVote, &[GrassrootsCommittee]),
            (Decide, &[Competent]),
            (FileAppeal, &[Member]),
            (Finalise, &[Competent, CompetentStaff]),
            (ResolveAppeal, &[AppealBody]),
            (Close, &[Branch]),
        ];
        assert_eq!(expected.len(), TransitionKind::ALL.len());
        for (kind, who) in expected {
            assert_eq!(who_may(*kind), *who, "{kind:?}");
        }
        // Nobody else: a helper records nothing through the machine (notes are apart), and
        // the branch never decides, expels or resolves an appeal.
        for kind in TransitionKind::ALL {
            assert!(!who_may(*kind).contains(&Helper), "{kind:?}");
        }
        for kind in [
            Decide,
            Finalise,
            ResolveAppeal,
            GrassrootsVote,
            RecordUpperGuidance,
        ] {
            assert!(!who_may(kind).contains(&Branch), "{kind:?}");
        }
    }

    #[test]
    fn who_may_follows_the_matrix() {
        assert_eq!(who_may(ListingVote), &[Capacity::Branch]);
        assert_eq!(who_may(FileAppeal), &[Capacity::Member]);
        assert_eq!(who_may(Decide), &[Capacity::Competent]);
        assert_eq!(who_may(ResolveAppeal), &[Capacity::AppealBody]);
        let mut f = facts(UnderEducation, CasePath::AEducation);
        f.education_start = Some(day(2026, 1, 1));
        assert_eq!(
            available(&f, &[Capacity::Member], &s()),
            vec![RecordCommitment]
        );
        assert!(available(&f, &[Capacity::Helper], &s()).is_empty());
    }
}
