//! The deadlines of a case (DOMAIN.md §10), computed on the working-day calendar.

use super::calendar::Calendar;
use super::{CaseState, RemovalForm};
use crate::criteria::Criterion;
use crate::settings::RuleSettings;
use chrono::{Duration, Months, NaiveDate};
use serde::{Deserialize, Serialize};

labelled_enum!(
    DeadlineKind {
        EducationDue = ("education_due", "Hết thời hạn giáo dục, giúp đỡ", "Education period ends"),
        AppealWindow = ("appeal_window", "Hết thời hạn khiếu nại", "Appeal window closes"),
        AppealResolution = ("appeal_resolution", "Hạn giải quyết khiếu nại", "Appeal to be resolved by"),
        DecisionAnnouncement = ("decision_announcement", "Hạn công bố quyết định kỷ luật", "Discipline decision to be announced by"),
        ExitFileForwarding = ("exit_file_forwarding", "Hạn gửi phiếu báo và hồ sơ đảng viên ra khỏi Đảng", "Exit slip and file to be forwarded by"),
    }
);

/// A date by which something must happen; `overdue` against the day it was computed for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deadline {
    pub kind: DeadlineKind,
    /// The last day.
    pub due: NaiveDate,
    pub overdue: bool,
    /// How it was computed, in Vietnamese ("30 ngày làm việc từ ngày nhận quyết định
    /// 13/02/2026").
    pub basis_vi: String,
}

/// The dates of a case that deadlines run from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeadlineFacts {
    pub education_due: Option<NaiveDate>,
    pub decision_signed_on: Option<NaiveDate>,
    pub decision_received_on: Option<NaiveDate>,
    pub appeal_filed_on: Option<NaiveDate>,
    pub final_on: Option<NaiveDate>,
    pub exit_file_forwarded: bool,
}

/// Months of education for a case listed on `criteria` (the longest of its grounds).
pub fn education_months(criteria: &[Criterion], settings: &RuleSettings) -> u32 {
    criteria
        .iter()
        .filter_map(|c| match c {
            Criterion::A1 => Some(settings.education_period_months_a1),
            Criterion::A2 => Some(settings.education_period_months_a2),
            Criterion::A3 => Some(settings.education_period_months_a3),
            Criterion::A4 => Some(settings.education_period_months_a4),
            Criterion::B4 => Some(settings.education_period_months_b4),
            _ => None,
        })
        .max()
        .map_or(u32::from(settings.education_period_months_a1), u32::from)
}

/// The last day of an education period of `months` starting on `start` (the day before
/// the same date `months` later).
pub fn education_due(start: NaiveDate, months: u32) -> NaiveDate {
    crate::discipline::twelve_months_from(start, months)
}

/// The last day to appeal a decision received on `received_on`.
pub fn appeal_window_end(
    form: RemovalForm,
    received_on: NaiveDate,
    settings: &RuleSettings,
    cal: &Calendar,
) -> NaiveDate {
    let days = match form {
        RemovalForm::Expulsion => settings.discipline_appeal_window_working_days,
        _ => settings.name_deletion_appeal_window_working_days,
    };
    cal.add_working_days(received_on, u32::from(days))
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The deadlines in force for a case in `state`.
pub fn deadlines(
    state: CaseState,
    form: Option<RemovalForm>,
    facts: &DeadlineFacts,
    settings: &RuleSettings,
    cal: &Calendar,
    today: NaiveDate,
) -> Vec<Deadline> {
    let mut out = Vec::new();
    let mut push = |kind: DeadlineKind, due: NaiveDate, basis_vi: String| {
        out.push(Deadline {
            kind,
            due,
            overdue: today > due,
            basis_vi,
        });
    };
    match state {
        CaseState::UnderEducation => {
            if let Some(due) = facts.education_due {
                push(
                    DeadlineKind::EducationDue,
                    due,
                    "theo nghị quyết của chi bộ và thời hạn giáo dục trong cài đặt".into(),
                );
            }
        }
        CaseState::Decided => {
            if let (Some(form), Some(received)) = (form, facts.decision_received_on) {
                let days = match form {
                    RemovalForm::Expulsion => settings.discipline_appeal_window_working_days,
                    _ => settings.name_deletion_appeal_window_working_days,
                };
                push(
                    DeadlineKind::AppealWindow,
                    appeal_window_end(form, received, settings, cal),
                    format!(
                        "{days} ngày làm việc từ ngày nhận quyết định {}",
                        dmy(received)
                    ),
                );
            }
            if let (Some(RemovalForm::Expulsion), Some(signed)) = (form, facts.decision_signed_on) {
                let days = settings.discipline_announcement_days;
                let due = signed + Duration::days(i64::from(days));
                // Announced already when received; show it only while it matters.
                if facts.decision_received_on.is_none_or(|r| r > due) {
                    push(
                        DeadlineKind::DecisionAnnouncement,
                        due,
                        format!("{days} ngày từ ngày ký quyết định {}", dmy(signed)),
                    );
                }
            }
        }
        CaseState::Appealed => {
            if let (Some(form), Some(filed)) = (form, facts.appeal_filed_on) {
                let (due, basis) = match form {
                    RemovalForm::Expulsion => {
                        let m = settings.discipline_appeal_resolution_months;
                        (
                            filed
                                .checked_add_months(Months::new(u32::from(m)))
                                .unwrap_or(filed),
                            format!("{m} tháng từ ngày nhận đơn {}", dmy(filed)),
                        )
                    }
                    _ => {
                        let d = settings.name_deletion_appeal_resolution_working_days;
                        (
                            cal.add_working_days(filed, u32::from(d)),
                            format!("{d} ngày làm việc từ ngày nhận đơn {}", dmy(filed)),
                        )
                    }
                };
                push(DeadlineKind::AppealResolution, due, basis);
            }
        }
        CaseState::Final => {
            if let (Some(final_on), false) = (facts.final_on, facts.exit_file_forwarded) {
                let d = settings.exit_file_forwarding_working_days;
                push(
                    DeadlineKind::ExitFileForwarding,
                    cal.add_working_days(final_on, u32::from(d)),
                    format!(
                        "{d} ngày làm việc từ ngày quyết định có hiệu lực cuối cùng {}",
                        dmy(final_on)
                    ),
                );
            }
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::calendar::statutory_holidays;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn cal() -> Calendar {
        Calendar::new(
            (2025..=2027)
                .flat_map(statutory_holidays)
                .map(|d| (d.date, d.kind)),
        )
    }

    #[test]
    fn the_appeal_window_runs_over_tet() {
        let st = RuleSettings::default();
        let facts = DeadlineFacts {
            decision_received_on: Some(day(2026, 2, 13)),
            ..Default::default()
        };
        let d = deadlines(
            CaseState::Decided,
            Some(RemovalForm::NameDeletion),
            &facts,
            &st,
            &cal(),
            day(2026, 4, 3),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, DeadlineKind::AppealWindow);
        assert_eq!(d[0].due, day(2026, 4, 3));
        assert!(!d[0].overdue, "the last day is still inside");
        let d = deadlines(
            CaseState::Decided,
            Some(RemovalForm::NameDeletion),
            &facts,
            &st,
            &cal(),
            day(2026, 4, 6),
        );
        assert!(d[0].overdue);
    }

    #[test]
    fn the_appeal_resolution_by_form() {
        let st = RuleSettings::default();
        let facts = DeadlineFacts {
            appeal_filed_on: Some(day(2026, 3, 2)),
            ..Default::default()
        };
        let d = deadlines(
            CaseState::Appealed,
            Some(RemovalForm::Expulsion),
            &facts,
            &st,
            &cal(),
            day(2026, 3, 2),
        );
        assert_eq!(d[0].due, day(2026, 6, 2));
        let d = deadlines(
            CaseState::Appealed,
            Some(RemovalForm::NameDeletion),
            &facts,
            &st,
            &cal(),
            day(2026, 3, 2),
        );
        // 90 working days: over the Hùng Kings' day (27/4 off in lieu of Sunday 26/4),
        // 30/4, 1/5 and National Day.
        assert_eq!(d[0].due, cal().add_working_days(day(2026, 3, 2), 90));
        assert!(d[0].due > day(2026, 7, 3));
    }

    #[test]
    fn education_takes_the_longest_ground() {
        let st = RuleSettings {
            education_period_months_a1: 6,
            education_period_months_a2: 9,
            ..Default::default()
        };
        assert_eq!(education_months(&[Criterion::A1], &st), 6);
        assert_eq!(education_months(&[Criterion::A1, Criterion::A2], &st), 9);
        assert_eq!(education_due(day(2026, 1, 15), 6), day(2026, 7, 14));
    }

    #[test]
    fn the_exit_file_is_due_after_the_decision_is_final() {
        let st = RuleSettings::default();
        let facts = DeadlineFacts {
            final_on: Some(day(2026, 1, 5)),
            ..Default::default()
        };
        let d = deadlines(
            CaseState::Final,
            Some(RemovalForm::NameDeletion),
            &facts,
            &st,
            &cal(),
            day(2026, 1, 5),
        );
        assert_eq!(d[0].kind, DeadlineKind::ExitFileForwarding);
        let forwarded = DeadlineFacts {
            exit_file_forwarded: true,
            ..facts
        };
        assert!(
            deadlines(
                CaseState::Final,
                Some(RemovalForm::NameDeletion),
                &forwarded,
                &st,
                &cal(),
                day(2026, 1, 5)
            )
            .is_empty()
        );
    }
}
