//! Detection (DOMAIN.md §6): from a member's ratings, discipline, violations and monthly
//! records, the criteria the software *suggests* for a review round, each with its reason
//! in plain Vietnamese and the records behind it. People decide; nothing here lists anyone.

use crate::attendance::{Attendance, Dues, month_label, months_between, next_month};
use crate::criteria::Criterion;
use crate::discipline::{DisciplineForm, DisciplineKind, effect_period};
use crate::rating::{PeriodKey, RatingLevel, RatingPeriod};
use crate::settings::{AbsenceWindow, RuleSettings, UnratedYear};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a piece of evidence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Rating,
    Discipline,
    Violation,
    MonthlyRecord,
    /// A conclusion or decision entered by a person (A3, A4 and the other grounds).
    Document,
}

/// One record behind a suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evidence {
    pub kind: EvidenceKind,
    /// The record's id (absent for a document entered with the suggestion).
    pub record_id: Option<i64>,
    /// What the record says, in Vietnamese.
    pub summary_vi: String,
}

/// A criterion met, why, and the records that show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub criterion: Criterion,
    pub reason_vi: String,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RatingFact {
    pub id: i64,
    pub period: PeriodKey,
    pub level: RatingLevel,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DisciplineFact {
    pub id: i64,
    pub kind: DisciplineKind,
    pub form: DisciplineForm,
    pub announced_on: NaiveDate,
    /// The violation this decision punished.
    pub violation_on: Option<NaiveDate>,
    /// An end the decision states itself (state discipline).
    pub fixed_until: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ViolationFact {
    pub id: i64,
    pub occurred_on: NaiveDate,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MonthFact {
    pub id: i64,
    /// First day of the month.
    pub month: NaiveDate,
    pub attendance: Option<Attendance>,
    pub absence_excused: bool,
    pub dues: Option<Dues>,
    pub dues_excused: bool,
}

/// Everything detection reads about one member.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemberFacts {
    pub ratings: Vec<RatingFact>,
    pub discipline: Vec<DisciplineFact>,
    pub violations: Vec<ViolationFact>,
    pub months: Vec<MonthFact>,
}

/// The period a round reviews, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewPeriod {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Runs every automatic criterion for one member.
pub fn detect(facts: &MemberFacts, period: ReviewPeriod, rules: &RuleSettings) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(a1(facts, period, rules));
    out.extend(a2(facts, period, rules));
    out.extend(monthly(facts, period, rules, Monthly::Meetings));
    out.extend(monthly(facts, period, rules, Monthly::Dues));
    out
}

/// A1: rated `not_completed` in two consecutive years (whatever regulation rated them),
/// the later year inside the period. Only yearly ratings count.
pub fn a1(facts: &MemberFacts, period: ReviewPeriod, rules: &RuleSettings) -> Option<Finding> {
    let yearly: BTreeMap<i32, &RatingFact> = facts
        .ratings
        .iter()
        .filter(|r| r.period.period == RatingPeriod::Year)
        .map(|r| (r.period.year, r))
        .collect();
    let years: Vec<i32> = yearly.keys().copied().collect();
    let mut found: Option<(&RatingFact, &RatingFact)> = None;
    for pair in years.windows(2) {
        let (y0, y1) = (pair[0], pair[1]);
        let neighbours = y1 == y0 + 1 || rules.a1_unrated_year == UnratedYear::Skipped;
        let in_period = (period.from.year()..=period.to.year()).contains(&y1);
        if let (Some(r0), Some(r1)) = (yearly.get(&y0), yearly.get(&y1))
            && neighbours
            && in_period
            && r0.level == RatingLevel::NotCompleted
            && r1.level == RatingLevel::NotCompleted
        {
            found = Some((r0, r1));
        }
    }
    let (r0, r1) = found?;
    let evidence = [r0, r1]
        .iter()
        .map(|r| Evidence {
            kind: EvidenceKind::Rating,
            record_id: Some(r.id),
            summary_vi: format!("Năm {}: {}", r.period.year, r.level.label_vi()),
        })
        .collect();
    Some(Finding {
        criterion: Criterion::A1,
        reason_vi: format!(
            "không hoàn thành nhiệm vụ năm {} và {}",
            r0.period.year, r1.period.year
        ),
        evidence,
    })
}

/// A2: a violation, inside the period, while a discipline of warning level or above was in
/// effect (its 12 months counted from the announcement; see `discipline::effect_period`).
pub fn a2(facts: &MemberFacts, period: ReviewPeriod, rules: &RuleSettings) -> Option<Finding> {
    // Every violation on record: the violation records, and the violations that later
    // discipline decisions punished.
    let mut violations: Vec<(NaiveDate, EvidenceKind, i64, String)> = facts
        .violations
        .iter()
        .map(|v| {
            (
                v.occurred_on,
                EvidenceKind::Violation,
                v.id,
                v.summary.clone(),
            )
        })
        .collect();
    for d in &facts.discipline {
        if let Some(on) = d.violation_on {
            violations.push((
                on,
                EvidenceKind::Discipline,
                d.id,
                format!("vi phạm bị xử lý {}", d.form.label_vi().to_lowercase()),
            ));
        }
    }
    violations.sort_by_key(|v| v.0);
    let mut reasons = Vec::new();
    let mut evidence = Vec::new();
    for d in facts.discipline.iter().filter(|d| d.form.counts_for_a2()) {
        let later: Vec<NaiveDate> = violations
            .iter()
            .filter(|v| !(v.1 == EvidenceKind::Discipline && v.2 == d.id))
            .map(|v| v.0)
            .collect();
        let effect = effect_period(
            d.form,
            d.announced_on,
            u32::from(rules.discipline_effect_months),
            d.fixed_until,
            &later,
            rules.discipline_reset_on_new_violation,
        );
        let repeat: Vec<_> = violations
            .iter()
            .filter(|v| !(v.1 == EvidenceKind::Discipline && v.2 == d.id))
            .filter(|v| effect.covers(v.0) && v.0 >= period.from && v.0 <= period.to)
            .collect();
        if repeat.is_empty() {
            continue;
        }
        let kind = match d.kind {
            DisciplineKind::Party => "",
            DisciplineKind::State => " (chính quyền)",
        };
        let days: Vec<String> = repeat.iter().map(|v| dmy(v.0)).collect();
        reasons.push(format!(
            "vi phạm ngày {} trong thời gian chấp hành kỷ luật {}{} từ {}",
            days.join(", "),
            d.form.label_vi().to_lowercase(),
            kind,
            month_label(d.announced_on),
        ));
        evidence.push(Evidence {
            kind: EvidenceKind::Discipline,
            record_id: Some(d.id),
            summary_vi: format!(
                "{}{} công bố ngày {}, hiệu lực đến {}",
                d.form.label_vi(),
                kind,
                dmy(d.announced_on),
                effect.until.map(dmy).unwrap_or_else(|| "—".into())
            ),
        });
        for v in repeat {
            if !evidence
                .iter()
                .any(|e| e.kind == v.1 && e.record_id == Some(v.2))
            {
                evidence.push(Evidence {
                    kind: v.1,
                    record_id: Some(v.2),
                    summary_vi: format!("Ngày {}: {}", dmy(v.0), v.3),
                });
            }
        }
    }
    if reasons.is_empty() {
        return None;
    }
    Some(Finding {
        criterion: Criterion::A2,
        reason_vi: reasons.join("; "),
        evidence,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Monthly {
    Meetings,
    Dues,
}

/// How a month counts for B1 or B2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Skipped (absent or unpaid) without a reason the branch accepted.
    Bad,
    /// Neither counts nor breaks a run: no meeting was held.
    Neutral,
    /// Present, paid, excused, or nothing recorded.
    Good,
}

fn mark(m: Option<&MonthFact>, which: Monthly) -> Mark {
    let Some(m) = m else { return Mark::Good };
    match which {
        Monthly::Meetings => match m.attendance {
            Some(Attendance::Absent) if !m.absence_excused => Mark::Bad,
            Some(Attendance::NotHeld) => Mark::Neutral,
            _ => Mark::Good,
        },
        Monthly::Dues => match m.dues {
            Some(Dues::Unpaid) if !m.dues_excused => Mark::Bad,
            _ => Mark::Good,
        },
    }
}

/// B1 and B2: `absence_threshold_months` months in a "year" (calendar or rolling, spread
/// or consecutive, per the settings) without a reason the branch accepted.
fn monthly(
    facts: &MemberFacts,
    period: ReviewPeriod,
    rules: &RuleSettings,
    which: Monthly,
) -> Option<Finding> {
    let by_month: BTreeMap<NaiveDate, &MonthFact> =
        facts.months.iter().map(|m| (m.month, m)).collect();
    let threshold = usize::from(rules.absence_threshold_months.max(1));
    // The windows to test, as (first month, last month, label).
    let mut windows: Vec<(NaiveDate, NaiveDate, String)> = Vec::new();
    match rules.absence_window {
        AbsenceWindow::CalendarYear => {
            for y in period.from.year()..=period.to.year() {
                if let (Some(a), Some(b)) = (
                    NaiveDate::from_ymd_opt(y, 1, 1),
                    NaiveDate::from_ymd_opt(y, 12, 1),
                ) {
                    windows.push((a, b, format!("trong năm {y}")));
                }
            }
        }
        AbsenceWindow::Rolling12Months => {
            // Every twelve-month window ending in a month of the period.
            let mut end = crate::attendance::month_of(period.from);
            let last = crate::attendance::month_of(period.to);
            while end <= last {
                let start = end
                    .checked_sub_months(chrono::Months::new(11))
                    .unwrap_or(end);
                windows.push((
                    start,
                    end,
                    format!(
                        "trong 12 tháng từ {} đến {}",
                        month_label(start),
                        month_label(end)
                    ),
                ));
                end = next_month(end);
            }
        }
    }
    for (start, end, label) in windows {
        let mut bad: Vec<&MonthFact> = Vec::new();
        let mut run: Vec<&MonthFact> = Vec::new();
        let mut best_run: Vec<&MonthFact> = Vec::new();
        let mut m = start;
        for _ in 0..=months_between(start, end) {
            let fact = by_month.get(&m).copied();
            match mark(fact, which) {
                Mark::Bad => {
                    if let Some(f) = fact {
                        bad.push(f);
                        run.push(f);
                        if run.len() > best_run.len() {
                            best_run = run.clone();
                        }
                    }
                }
                Mark::Neutral => {}
                Mark::Good => run.clear(),
            }
            m = next_month(m);
        }
        let (hit, consecutive) = if rules.absence_months_consecutive {
            (best_run, " liên tiếp")
        } else {
            (bad, "")
        };
        if hit.len() < threshold {
            continue;
        }
        let months: Vec<String> = hit.iter().map(|f| month_label(f.month)).collect();
        let (what, criterion) = match which {
            Monthly::Meetings => ("bỏ sinh hoạt", Criterion::B1),
            Monthly::Dues => ("không đóng đảng phí", Criterion::B2),
        };
        let reason_vi = format!(
            "{what} {} tháng{consecutive} {label} không có lý do chính đáng (tháng {})",
            hit.len(),
            months.join(", ")
        );
        let evidence = hit
            .iter()
            .map(|f| Evidence {
                kind: EvidenceKind::MonthlyRecord,
                record_id: Some(f.id),
                summary_vi: format!(
                    "Tháng {}: {}",
                    month_label(f.month),
                    match which {
                        Monthly::Meetings => "vắng mặt, không có lý do được chi bộ chấp nhận",
                        Monthly::Dues => "chưa đóng đảng phí, không có lý do được chi bộ chấp nhận",
                    }
                ),
            })
            .collect();
        return Some(Finding {
            criterion,
            reason_vi,
            evidence,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn year(y: i32) -> ReviewPeriod {
        ReviewPeriod {
            from: d(y, 1, 1),
            to: d(y, 12, 31),
        }
    }

    fn rated(pairs: &[(i32, RatingLevel)]) -> MemberFacts {
        MemberFacts {
            ratings: pairs
                .iter()
                .enumerate()
                .map(|(i, (y, l))| RatingFact {
                    id: i as i64 + 1,
                    period: PeriodKey::year(*y),
                    level: *l,
                })
                .collect(),
            ..Default::default()
        }
    }

    use RatingLevel::*;

    #[test]
    fn a1_two_consecutive_years() {
        let rules = RuleSettings::default();
        let f = rated(&[(2024, NotCompleted), (2025, NotCompleted)]);
        let hit = a1(&f, year(2025), &rules).unwrap();
        assert_eq!(hit.reason_vi, "không hoàn thành nhiệm vụ năm 2024 và 2025");
        assert_eq!(hit.evidence.len(), 2);
        // The later year must lie in the period.
        assert!(a1(&f, year(2026), &rules).is_none());
        // Not completed once, then completed: nothing.
        assert!(
            a1(
                &rated(&[(2024, NotCompleted), (2025, Completed)]),
                year(2025),
                &rules
            )
            .is_none()
        );
        // Across the 124 → 366 change the levels are the same: 2024 (QĐ 124) and 2025 (QĐ 366).
        assert!(a1(&f, year(2025), &rules).is_some());
    }

    #[test]
    fn a1_a_year_without_a_rating_follows_the_setting() {
        let f = rated(&[(2023, NotCompleted), (2025, NotCompleted)]);
        let mut rules = RuleSettings::default();
        assert!(a1(&f, year(2025), &rules).is_none());
        rules.a1_unrated_year = UnratedYear::Skipped;
        let hit = a1(&f, year(2025), &rules).unwrap();
        assert_eq!(hit.reason_vi, "không hoàn thành nhiệm vụ năm 2023 và 2025");
    }

    #[test]
    fn a1_ignores_quarterly_ratings() {
        let mut f = rated(&[(2024, NotCompleted)]);
        f.ratings.push(RatingFact {
            id: 9,
            period: PeriodKey {
                year: 2025,
                period: RatingPeriod::Quarter,
                quarter: Some(4),
            },
            level: NotCompleted,
        });
        assert!(a1(&f, year(2025), &RuleSettings::default()).is_none());
    }

    fn warned(announced: NaiveDate) -> DisciplineFact {
        DisciplineFact {
            id: 1,
            kind: DisciplineKind::Party,
            form: DisciplineForm::Warning,
            announced_on: announced,
            violation_on: Some(announced - chrono::Days::new(40)),
            fixed_until: None,
        }
    }

    fn violation(on: NaiveDate) -> ViolationFact {
        ViolationFact {
            id: 7,
            occurred_on: on,
            summary: "Vi phạm quy định về sinh hoạt đảng".into(),
        }
    }

    #[test]
    fn a2_a_violation_inside_the_discipline_period() {
        let rules = RuleSettings::default();
        let f = MemberFacts {
            discipline: vec![warned(d(2025, 3, 15))],
            violations: vec![violation(d(2025, 9, 2))],
            ..Default::default()
        };
        let hit = a2(&f, year(2025), &rules).unwrap();
        assert_eq!(
            hit.reason_vi,
            "vi phạm ngày 02/09/2025 trong thời gian chấp hành kỷ luật cảnh cáo từ 03/2025"
        );
        assert_eq!(hit.evidence.len(), 2);
    }

    #[test]
    fn a2_discipline_expired_the_day_before_the_new_violation() {
        let rules = RuleSettings::default();
        // Announced 15/03/2024: in effect to 14/03/2025 inclusive.
        let on_last_day = MemberFacts {
            discipline: vec![warned(d(2024, 3, 15))],
            violations: vec![violation(d(2025, 3, 14))],
            ..Default::default()
        };
        assert!(a2(&on_last_day, year(2025), &rules).is_some());
        let day_after = MemberFacts {
            discipline: vec![warned(d(2024, 3, 15))],
            violations: vec![violation(d(2025, 3, 15))],
            ..Default::default()
        };
        assert!(a2(&day_after, year(2025), &rules).is_none());
    }

    #[test]
    fn a2_needs_warning_or_above_and_ignores_the_punished_violation_itself() {
        let rules = RuleSettings::default();
        let mut reprimand = warned(d(2025, 3, 15));
        reprimand.form = DisciplineForm::Reprimand;
        let f = MemberFacts {
            discipline: vec![reprimand],
            violations: vec![violation(d(2025, 9, 2))],
            ..Default::default()
        };
        assert!(a2(&f, year(2025), &rules).is_none());
        // A warning alone (its own violation predates it) is not a repeat.
        let f = MemberFacts {
            discipline: vec![warned(d(2025, 3, 15))],
            ..Default::default()
        };
        assert!(a2(&f, year(2025), &rules).is_none());
        // A second decision punishing a violation in the period counts as the repeat.
        let mut second = warned(d(2025, 11, 20));
        second.id = 2;
        second.form = DisciplineForm::Reprimand;
        second.violation_on = Some(d(2025, 10, 1));
        let f = MemberFacts {
            discipline: vec![warned(d(2025, 3, 15)), second],
            ..Default::default()
        };
        let hit = a2(&f, year(2025), &rules).unwrap();
        assert!(hit.reason_vi.contains("01/10/2025"), "{}", hit.reason_vi);
    }

    #[test]
    fn a2_state_discipline_counts_too() {
        let mut state = warned(d(2025, 2, 1));
        state.kind = DisciplineKind::State;
        state.form = DisciplineForm::SalaryStepDemotion;
        let f = MemberFacts {
            discipline: vec![state],
            violations: vec![violation(d(2025, 6, 1))],
            ..Default::default()
        };
        let hit = a2(&f, year(2025), &RuleSettings::default()).unwrap();
        assert!(
            hit.reason_vi.contains("hạ bậc lương (chính quyền)"),
            "{}",
            hit.reason_vi
        );
    }

    fn months(entries: &[(i32, u32, Attendance, bool)]) -> MemberFacts {
        MemberFacts {
            months: entries
                .iter()
                .enumerate()
                .map(|(i, (y, m, a, excused))| MonthFact {
                    id: i as i64 + 100,
                    month: d(*y, *m, 1),
                    attendance: Some(*a),
                    absence_excused: *excused,
                    dues: Some(Dues::Paid),
                    dues_excused: false,
                })
                .collect(),
            ..Default::default()
        }
    }

    use Attendance::*;

    #[test]
    fn b1_three_non_consecutive_months_count_by_default() {
        let f = months(&[
            (2025, 2, Absent, false),
            (2025, 3, Present, false),
            (2025, 5, Absent, false),
            (2025, 9, Absent, false),
        ]);
        let rules = RuleSettings::default();
        let hit = monthly(&f, year(2025), &rules, Monthly::Meetings).unwrap();
        assert_eq!(
            hit.reason_vi,
            "bỏ sinh hoạt 3 tháng trong năm 2025 không có lý do chính đáng (tháng 02/2025, 05/2025, 09/2025)"
        );
        let consecutive = RuleSettings {
            absence_months_consecutive: true,
            ..Default::default()
        };
        assert!(monthly(&f, year(2025), &consecutive, Monthly::Meetings).is_none());
    }

    #[test]
    fn b1_an_accepted_reason_does_not_count() {
        let f = months(&[
            (2025, 2, Absent, false),
            (2025, 5, Absent, true),
            (2025, 9, Absent, false),
        ]);
        assert!(monthly(&f, year(2025), &RuleSettings::default(), Monthly::Meetings).is_none());
    }

    #[test]
    fn b1_tet_month_without_a_meeting_neither_counts_nor_breaks_a_run() {
        // Absent in January and March; no meeting in February (Tết); absent in April.
        let f = months(&[
            (2026, 1, Absent, false),
            (2026, 2, NotHeld, false),
            (2026, 3, Absent, false),
            (2026, 4, Absent, false),
        ]);
        let consecutive = RuleSettings {
            absence_months_consecutive: true,
            ..Default::default()
        };
        let hit = monthly(&f, year(2026), &consecutive, Monthly::Meetings).unwrap();
        assert_eq!(hit.evidence.len(), 3);
        assert!(
            hit.reason_vi.contains("3 tháng liên tiếp"),
            "{}",
            hit.reason_vi
        );
        // Two absences around Tết are two, not three.
        let f = months(&[
            (2026, 1, Absent, false),
            (2026, 2, NotHeld, false),
            (2026, 3, Absent, false),
        ]);
        assert!(monthly(&f, year(2026), &RuleSettings::default(), Monthly::Meetings).is_none());
    }

    #[test]
    fn b1_the_calendar_year_and_the_rolling_window_differ() {
        // November and December 2024, January 2025: two years, one rolling window.
        let f = months(&[
            (2024, 11, Absent, false),
            (2024, 12, Absent, false),
            (2025, 1, Absent, false),
        ]);
        let calendar = RuleSettings::default();
        assert!(monthly(&f, year(2025), &calendar, Monthly::Meetings).is_none());
        let rolling = RuleSettings {
            absence_window: AbsenceWindow::Rolling12Months,
            ..Default::default()
        };
        let hit = monthly(&f, year(2025), &rolling, Monthly::Meetings).unwrap();
        assert!(
            hit.reason_vi
                .contains("trong 12 tháng từ 02/2024 đến 01/2025"),
            "{}",
            hit.reason_vi
        );
    }

    #[test]
    fn b2_unpaid_dues() {
        let mut f = months(&[
            (2025, 1, Present, false),
            (2025, 4, Present, false),
            (2025, 7, Present, false),
        ]);
        for m in &mut f.months {
            m.dues = Some(Dues::Unpaid);
        }
        let hit = monthly(&f, year(2025), &RuleSettings::default(), Monthly::Dues).unwrap();
        assert_eq!(hit.criterion, Criterion::B2);
        assert!(
            hit.reason_vi
                .starts_with("không đóng đảng phí 3 tháng trong năm 2025")
        );
        f.months[0].dues_excused = true;
        assert!(monthly(&f, year(2025), &RuleSettings::default(), Monthly::Dues).is_none());
    }

    #[test]
    fn detect_runs_them_all() {
        let mut f = rated(&[(2024, NotCompleted), (2025, NotCompleted)]);
        f.months = months(&[
            (2025, 2, Absent, false),
            (2025, 5, Absent, false),
            (2025, 9, Absent, false),
        ])
        .months;
        let found: Vec<Criterion> = detect(&f, year(2025), &RuleSettings::default())
            .into_iter()
            .map(|x| x.criterion)
            .collect();
        assert_eq!(found, vec![Criterion::A1, Criterion::B1]);
    }
}
