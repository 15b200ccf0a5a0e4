//! Discipline (DOMAIN.md §13): Party and state forms with their catalogues by date, the
//! period a decision is in effect, and which forms count for criterion A2.

use crate::member::{Membership, StateEmployment};
use crate::regulation::{self, Regulation};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

labelled_enum!(
    /// Kỷ luật đảng or kỷ luật hành chính (state).
    DisciplineKind {
        Party = ("party", "Kỷ luật đảng", "Party discipline"),
        State = ("state", "Kỷ luật chính quyền, đoàn thể", "State discipline"),
    }
);

labelled_enum!(
    /// Hình thức kỷ luật. Party: reprimand < warning < dismissal from post < expulsion.
    DisciplineForm {
        Reprimand = ("reprimand", "Khiển trách", "Reprimand"),
        Warning = ("warning", "Cảnh cáo", "Warning"),
        DismissalFromPost = ("dismissal_from_post", "Cách chức", "Dismissal from post"),
        Expulsion = ("expulsion", "Khai trừ", "Expulsion"),
        SalaryStepDemotion = ("salary_step_demotion", "Hạ bậc lương", "Salary-step demotion"),
        PostDemotion = ("post_demotion", "Giáng chức", "Demotion in post"),
        RankDemotion = ("rank_demotion", "Giáng cấp bậc quân hàm", "Rank demotion"),
        ForcedDismissal = ("forced_dismissal", "Buộc thôi việc", "Forced dismissal"),
    }
);

impl DisciplineForm {
    /// Warning level or above, as criterion A2 names them (HD 02: cảnh cáo, hạ bậc lương,
    /// giáng cấp bậc quân hàm, giáng chức, cách chức). Expulsion and forced dismissal end
    /// the membership or the employment, so no "period of discipline" follows them.
    pub fn counts_for_a2(self) -> bool {
        use DisciplineForm::*;
        matches!(
            self,
            Warning | DismissalFromPost | SalaryStepDemotion | PostDemotion | RankDemotion
        )
    }
}

/// Why a discipline record is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormProblem {
    pub code: &'static str,
    pub message: String,
}

/// The regulation whose catalogue governs a decision of `kind` taken on `decided_on`.
pub fn regulation_for(kind: DisciplineKind, decided_on: NaiveDate) -> &'static Regulation {
    match kind {
        DisciplineKind::Party => {
            regulation::in_force(&regulation::PARTY_DISCIPLINE_REGULATIONS, decided_on)
        }
        DisciplineKind::State => {
            regulation::in_force(&regulation::STATE_DISCIPLINE_REGULATIONS, decided_on)
        }
    }
}

/// Whether `form` exists in the catalogue of `kind` on `decided_on` for this member.
/// Party (Charter Art. 35): full members reprimand, warning, dismissal from post,
/// expulsion; probationers reprimand and warning only. State: civil servants' forms per
/// NĐ 112/2020, then NĐ 172/2025 (no salary-step or post demotion); rank demotion only in
/// the armed forces; other employment types keep every state form [M].
pub fn check_form(
    kind: DisciplineKind,
    form: DisciplineForm,
    decided_on: NaiveDate,
    membership: Membership,
    employment: StateEmployment,
) -> Result<&'static Regulation, FormProblem> {
    use DisciplineForm::*;
    let reg = regulation_for(kind, decided_on);
    let refuse = |message: String| FormProblem {
        code: "form_not_in_catalogue",
        message,
    };
    match kind {
        DisciplineKind::Party => match form {
            Reprimand | Warning => Ok(reg),
            DismissalFromPost | Expulsion if membership == Membership::Full => Ok(reg),
            DismissalFromPost | Expulsion => Err(refuse(format!(
                "Đảng viên dự bị chỉ có thể bị khiển trách hoặc cảnh cáo, không thể “{}”.",
                form.label_vi()
            ))),
            _ => Err(refuse(format!(
                "“{}” không phải hình thức kỷ luật đảng.",
                form.label_vi()
            ))),
        },
        DisciplineKind::State => match form {
            Expulsion => Err(refuse(
                "Khai trừ là hình thức kỷ luật đảng, không phải kỷ luật chính quyền.".into(),
            )),
            RankDemotion if employment != StateEmployment::ArmedForces => Err(refuse(
                "Giáng cấp bậc quân hàm chỉ áp dụng trong lực lượng vũ trang.".into(),
            )),
            SalaryStepDemotion | PostDemotion
                if employment == StateEmployment::CivilServant && reg.code == "172/2025/NĐ-CP" =>
            {
                Err(refuse(format!(
                    "“{}” đã bị bãi bỏ đối với công chức từ Nghị định {}.",
                    form.label_vi(),
                    reg.citation()
                )))
            }
            _ => Ok(reg),
        },
    }
}

/// The discipline period: from the announcement, for 12 months (QĐ 69 Art. 2.5), after
/// which the decision ceases to have effect by itself; expulsion has no end. `until` is
/// the last day in effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EffectPeriod {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl EffectPeriod {
    pub fn covers(&self, day: NaiveDate) -> bool {
        day >= self.from && self.until.is_none_or(|u| day <= u)
    }
}

/// The last day of the twelve months starting on `from`.
pub fn twelve_months_from(from: NaiveDate, months: u32) -> NaiveDate {
    from.checked_add_months(Months::new(months))
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

/// The effect period of a decision announced on `announced_on`, given the member's later
/// violations. With `reset_on_new_violation` (a setting; DOMAIN.md §13.3 leaves the rule
/// [?]) a violation while the decision is in effect restarts the twelve months from the
/// violation's date. `fixed_until` is a period the decision itself states (state
/// discipline, whose lengths vary by decree), which then stands as entered.
pub fn effect_period(
    form: DisciplineForm,
    announced_on: NaiveDate,
    months: u32,
    fixed_until: Option<NaiveDate>,
    later_violations: &[NaiveDate],
    reset_on_new_violation: bool,
) -> EffectPeriod {
    if form == DisciplineForm::Expulsion {
        return EffectPeriod {
            from: announced_on,
            until: None,
        };
    }
    if let Some(until) = fixed_until {
        return EffectPeriod {
            from: announced_on,
            until: Some(until),
        };
    }
    let mut until = twelve_months_from(announced_on, months);
    if reset_on_new_violation {
        let mut days: Vec<NaiveDate> = later_violations.to_vec();
        days.sort();
        for v in days {
            if v >= announced_on && v <= until {
                until = until.max(twelve_months_from(v, months));
            }
        }
    }
    EffectPeriod {
        from: announced_on,
        until: Some(until),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DisciplineForm::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn twelve_months_end_the_day_before_the_anniversary() {
        let p = effect_period(Warning, d(2024, 3, 15), 12, None, &[], true);
        assert_eq!(p.until, Some(d(2025, 3, 14)));
        assert!(p.covers(d(2025, 3, 14)));
        assert!(!p.covers(d(2025, 3, 15)));
        assert!(!p.covers(d(2024, 3, 14)));
        let p = effect_period(Expulsion, d(2024, 3, 15), 12, None, &[], true);
        assert!(p.covers(d(2040, 1, 1)));
    }

    #[test]
    fn a_new_violation_restarts_the_period_when_the_setting_says_so() {
        let v = [d(2025, 1, 10)];
        let p = effect_period(Warning, d(2024, 3, 15), 12, None, &v, true);
        assert_eq!(p.until, Some(d(2026, 1, 9)));
        let p = effect_period(Warning, d(2024, 3, 15), 12, None, &v, false);
        assert_eq!(p.until, Some(d(2025, 3, 14)));
        // A violation after the expiry does not revive it.
        let p = effect_period(Warning, d(2024, 3, 15), 12, None, &[d(2025, 3, 15)], true);
        assert_eq!(p.until, Some(d(2025, 3, 14)));
        // Chained: the second violation falls in the extended period.
        let v = [d(2025, 1, 10), d(2025, 12, 1)];
        let p = effect_period(Warning, d(2024, 3, 15), 12, None, &v, true);
        assert_eq!(p.until, Some(d(2026, 11, 30)));
    }

    #[test]
    fn catalogues_by_kind_date_and_member() {
        let full = Membership::Full;
        let prob = Membership::Probationary;
        let cs = StateEmployment::CivilServant;
        let none = StateEmployment::None;
        let day = d(2025, 9, 1);
        assert!(check_form(DisciplineKind::Party, Warning, day, prob, none).is_ok());
        assert!(check_form(DisciplineKind::Party, Expulsion, day, prob, none).is_err());
        assert!(check_form(DisciplineKind::Party, DismissalFromPost, day, full, none).is_ok());
        assert!(check_form(DisciplineKind::Party, SalaryStepDemotion, day, full, none).is_err());
        assert!(check_form(DisciplineKind::State, Expulsion, day, full, cs).is_err());
        // NĐ 172/2025 abolished salary-step demotion for civil servants from 30/6/2025.
        assert!(check_form(DisciplineKind::State, SalaryStepDemotion, day, full, cs).is_err());
        let before = d(2025, 6, 29);
        let reg = check_form(DisciplineKind::State, SalaryStepDemotion, before, full, cs).unwrap();
        assert_eq!(reg.code, "112/2020/NĐ-CP");
        assert!(
            check_form(
                DisciplineKind::State,
                RankDemotion,
                day,
                full,
                StateEmployment::ArmedForces
            )
            .is_ok()
        );
        assert!(check_form(DisciplineKind::State, RankDemotion, day, full, cs).is_err());
        assert_eq!(
            regulation_for(DisciplineKind::Party, d(2022, 7, 5)).code,
            "102-QĐ/TW"
        );
        assert_eq!(regulation_for(DisciplineKind::Party, day).code, "69-QĐ/TW");
    }

    #[test]
    fn a2_forms() {
        let counting: Vec<_> = DisciplineForm::ALL
            .iter()
            .filter(|f| f.counts_for_a2())
            .map(|f| f.code())
            .collect();
        assert_eq!(
            counting,
            vec![
                "warning",
                "dismissal_from_post",
                "salary_step_demotion",
                "post_demotion",
                "rank_demotion"
            ]
        );
    }
}
