//! Annual (and periodic) quality rating of members (DOMAIN.md §12): the four levels, the
//! QĐ 366 score bands, who may be rated, and the excellent-quota check.

use crate::regulation::{self, Regulation};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

labelled_enum!(
    /// Mức xếp loại chất lượng, lowest first (the derived order compares levels).
    RatingLevel {
        NotCompleted = ("not_completed", "Không hoàn thành nhiệm vụ", "Did not complete duties"),
        Completed = ("completed", "Hoàn thành nhiệm vụ", "Completed duties"),
        Good = ("good", "Hoàn thành tốt nhiệm vụ", "Completed duties well"),
        Excellent = ("excellent", "Hoàn thành xuất sắc nhiệm vụ", "Completed duties excellently"),
    }
);

impl RatingLevel {
    fn rank(self) -> u8 {
        match self {
            RatingLevel::NotCompleted => 0,
            RatingLevel::Completed => 1,
            RatingLevel::Good => 2,
            RatingLevel::Excellent => 3,
        }
    }
    pub fn below(self, other: RatingLevel) -> bool {
        self.rank() < other.rank()
    }
}

labelled_enum!(
    /// The period a rating covers. QĐ 124 and 132 rate yearly only; QĐ 366 also by quarter
    /// (and by term or when needed, not yet offered here).
    RatingPeriod {
        Year = ("year", "Năm", "Year"),
        Quarter = ("quarter", "Quý", "Quarter"),
    }
);

labelled_enum!(
    /// Why the competent body rates below the band the score falls in (QĐ 366 Art. 11 and
    /// the extra conditions of each level, DOMAIN.md §12.1).
    BelowBandReason {
        Degradation = ("degradation", "Bị cấp có thẩm quyền kết luận suy thoái về tư tưởng chính trị, đạo đức, lối sống, “tự diễn biến”, “tự chuyển hóa”", "Concluded by a competent body to show degradation"),
        DisciplinedForDuty = ("disciplined_for_duty", "Bị xử lý kỷ luật từ khiển trách trở lên do vi phạm liên quan đến thực thi nhiệm vụ", "Disciplined (reprimand or above) for a violation related to official duty"),
        ProhibitionsViolated = ("prohibitions_violated", "Vi phạm những điều đảng viên không được làm", "Violated the things members must not do"),
        ExemplaryDutyViolated = ("exemplary_duty_violated", "Vi phạm trách nhiệm nêu gương, làm ảnh hưởng uy tín của bản thân và cơ quan, đơn vị", "Violated the exemplary duty, damaging one's own and the unit's reputation"),
        OverHalfTasksIncomplete = ("over_half_tasks_incomplete", "Trên 50% nhiệm vụ trong năm không hoàn thành", "More than half of the year's tasks not completed"),
        LeaderUnitUnderperformed = ("leader_unit_underperformed", "Cơ quan, đơn vị do mình lãnh đạo hoàn thành dưới 70% nhiệm vụ hoặc không đạt chỉ tiêu chủ yếu", "The unit led completed under 70% of its tasks or missed key targets"),
        LeaderLowConfidence = ("leader_low_confidence", "Trên 50% phiếu tín nhiệm thấp", "More than half low-confidence votes"),
        LeaderCorruptionInUnit = ("leader_corruption_in_unit", "Để xảy ra tham nhũng, lãng phí trong cơ quan, đơn vị trực tiếp phụ trách", "Corruption or waste in a unit directly managed"),
        TasksBehindOver20 = ("tasks_behind_over_20", "Trên 20% nhiệm vụ chậm tiến độ", "More than 20% of tasks behind schedule"),
        TasksNotAllOnTime = ("tasks_not_all_on_time", "Chưa hoàn thành 100% nhiệm vụ đúng tiến độ, bảo đảm chất lượng", "Not all tasks done on time with quality"),
        ExcellentConditionsNotMet = ("excellent_conditions_not_met", "Chưa đạt điều kiện mức xuất sắc (≥ 30% nhiệm vụ vượt yêu cầu; khắc phục 100% hạn chế đã chỉ ra)", "Conditions of the excellent level not met"),
        ExcellentQuota = ("excellent_quota", "Vượt tỷ lệ Hoàn thành xuất sắc nhiệm vụ (≤ 20% số Hoàn thành tốt nhiệm vụ)", "Over the quota of excellent ratings"),
    }
);

impl BelowBandReason {
    /// The highest level this reason allows: the not-completed triggers bring the member
    /// down to `not_completed`; a missing extra condition only to the level below it.
    pub fn ceiling(self) -> RatingLevel {
        use BelowBandReason::*;
        match self {
            ExcellentConditionsNotMet | ExcellentQuota => RatingLevel::Good,
            TasksNotAllOnTime => RatingLevel::Completed,
            Degradation
            | DisciplinedForDuty
            | ProhibitionsViolated
            | ExemplaryDutyViolated
            | OverHalfTasksIncomplete
            | LeaderUnitUnderperformed
            | LeaderLowConfidence
            | LeaderCorruptionInUnit
            | TasksBehindOver20 => RatingLevel::NotCompleted,
        }
    }
}

/// The band a QĐ 366 score falls in (Art. 11): ≥ 90, 70–< 90, 50–< 70, < 50.
pub fn band(score: f64) -> RatingLevel {
    if score >= 90.0 {
        RatingLevel::Excellent
    } else if score >= 70.0 {
        RatingLevel::Good
    } else if score >= 50.0 {
        RatingLevel::Completed
    } else {
        RatingLevel::NotCompleted
    }
}

/// The period a rating is for: a year, or a quarter of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodKey {
    pub year: i32,
    pub period: RatingPeriod,
    /// 1–4 for a quarter; absent for a year.
    pub quarter: Option<u8>,
}

impl PeriodKey {
    pub fn year(year: i32) -> PeriodKey {
        PeriodKey {
            year,
            period: RatingPeriod::Year,
            quarter: None,
        }
    }

    /// Checks the shape: a quarter needs 1–4, a year none; years 1930 (the Party's
    /// founding) to 2100.
    pub fn validate(&self) -> Result<(), &'static str> {
        if !(1930..=2100).contains(&self.year) {
            return Err("Năm không hợp lệ.");
        }
        match (self.period, self.quarter) {
            (RatingPeriod::Year, None) => Ok(()),
            (RatingPeriod::Quarter, Some(1..=4)) => Ok(()),
            (RatingPeriod::Year, Some(_)) => Err("Xếp loại theo năm không ghi quý."),
            (RatingPeriod::Quarter, _) => Err("Quý phải từ 1 đến 4."),
        }
    }

    /// The last day of the period (when the review is done and the rule is chosen).
    pub fn end(&self) -> NaiveDate {
        let end_month = match (self.period, self.quarter) {
            (RatingPeriod::Quarter, Some(q)) => u32::from(q.clamp(1, 4)) * 3,
            _ => 12,
        };
        let first_of_next = if end_month == 12 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, end_month + 1, 1)
        };
        first_of_next
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }

    /// "năm 2025", "quý 2/2025"
    pub fn label_vi(&self) -> String {
        match (self.period, self.quarter) {
            (RatingPeriod::Quarter, Some(q)) => format!("quý {q}/{}", self.year),
            _ => format!("năm {}", self.year),
        }
    }
}

/// The rating rule in force at the end of a period, and what it asks for.
pub fn regulation_for(period: &PeriodKey) -> &'static Regulation {
    regulation::in_force(&regulation::RATING_REGULATIONS, period.end())
}

/// QĐ 366 rates on a 100-point scale; the earlier rules enter the level only.
pub fn uses_scores(reg: &Regulation) -> bool {
    reg.code == "366-QĐ/TW"
}

/// Why a member cannot be rated for a period (QĐ 366 Art. 5; QĐ 124 likewise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotRateable {
    /// Miễn công tác và sinh hoạt đảng.
    Exempted,
    /// Đình chỉ sinh hoạt đảng.
    Suspended,
    /// Kết nạp chưa đủ 6 tháng at the end of the period.
    AdmittedUnderSixMonths,
}

impl NotRateable {
    pub fn label_vi(self) -> &'static str {
        match self {
            NotRateable::Exempted => "Được miễn công tác và sinh hoạt đảng: không xếp loại",
            NotRateable::Suspended => "Đang bị đình chỉ sinh hoạt đảng: không xếp loại",
            NotRateable::AdmittedUnderSixMonths => "Kết nạp chưa đủ 6 tháng: không xếp loại",
        }
    }
}

/// Whether a member may be rated for the period ending on `period_end`.
pub fn rateable(
    exempted: bool,
    suspended: bool,
    admission_date: NaiveDate,
    period_end: NaiveDate,
) -> Result<(), NotRateable> {
    if exempted {
        return Err(NotRateable::Exempted);
    }
    if suspended {
        return Err(NotRateable::Suspended);
    }
    let six_months_on = admission_date
        .checked_add_months(Months::new(6))
        .unwrap_or(NaiveDate::MAX);
    if six_months_on > period_end {
        return Err(NotRateable::AdmittedUnderSixMonths);
    }
    Ok(())
}

/// A problem with one rating entry: a stable code and the Vietnamese message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryProblem {
    pub field: &'static str,
    pub code: &'static str,
    pub message: String,
}

fn problem(field: &'static str, code: &'static str, message: impl Into<String>) -> EntryProblem {
    EntryProblem {
        field,
        code,
        message: message.into(),
    }
}

/// Checks a level (and score) against the rule in force: under QĐ 366 the score is
/// required and fixes the band; the level may not be above the band, and a level below it
/// must name reasons that allow that low. Under the earlier rules the level is entered and
/// a score is refused (they had none).
pub fn check_entry(
    reg: &Regulation,
    level: RatingLevel,
    score: Option<f64>,
    reasons: &[BelowBandReason],
) -> Result<(), EntryProblem> {
    if !uses_scores(reg) {
        if score.is_some() {
            return Err(problem(
                "score",
                "score_not_applicable",
                format!("{} không chấm điểm; chỉ ghi mức xếp loại.", reg.code),
            ));
        }
        return Ok(());
    }
    let Some(score) = score else {
        return Err(problem(
            "score",
            "score_required",
            format!("Theo {} phải ghi điểm (thang 100).", reg.code),
        ));
    };
    if !score.is_finite() || !(0.0..=100.0).contains(&score) || (score * 10.0).fract() != 0.0 {
        return Err(problem(
            "score",
            "score_out_of_range",
            "Điểm từ 0 đến 100, tối đa một chữ số thập phân.",
        ));
    }
    let band = band(score);
    if band.below(level) {
        return Err(problem(
            "level",
            "level_above_band",
            format!(
                "Điểm {score} chỉ đạt mức “{}”; không thể xếp cao hơn.",
                band.label_vi()
            ),
        ));
    }
    if level.below(band) {
        let lowest = reasons.iter().map(|r| r.ceiling()).min_by_key(|l| l.rank());
        match lowest {
            None => {
                return Err(problem(
                    "below_band_reasons",
                    "below_band_reason_required",
                    format!(
                        "Điểm {score} thuộc mức “{}”; xếp thấp hơn phải nêu căn cứ.",
                        band.label_vi()
                    ),
                ));
            }
            // The reasons must reach down at least to the level chosen.
            Some(ceiling) if !level.below(ceiling) => {}
            Some(_) => {
                return Err(problem(
                    "below_band_reasons",
                    "below_band_reason_insufficient",
                    format!("Căn cứ đã nêu không đủ để xếp mức “{}”.", level.label_vi()),
                ));
            }
        }
    }
    Ok(())
}

/// The excellent quota of a comparable group: at most `pct` % of the number rated good
/// (QĐ 366: 20 %, or 25 % where the competent level found outstanding results).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotaCheck {
    pub excellent: u32,
    pub good: u32,
    pub pct: u8,
    /// The most that may be rated excellent: ⌊pct % × good⌋.
    pub allowed: u32,
    pub exceeded: bool,
}

pub fn quota(levels: impl IntoIterator<Item = RatingLevel>, pct: u8) -> QuotaCheck {
    let (mut excellent, mut good) = (0u32, 0u32);
    for l in levels {
        match l {
            RatingLevel::Excellent => excellent += 1,
            RatingLevel::Good => good += 1,
            _ => {}
        }
    }
    let allowed = good.saturating_mul(u32::from(pct)) / 100;
    QuotaCheck {
        excellent,
        good,
        pct,
        allowed,
        exceeded: excellent > allowed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use BelowBandReason::*;
    use RatingLevel::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn r366() -> &'static Regulation {
        regulation_for(&PeriodKey::year(2025))
    }

    #[test]
    fn bands_at_their_edges() {
        assert_eq!(band(90.0), Excellent);
        assert_eq!(band(89.9), Good);
        assert_eq!(band(70.0), Good);
        assert_eq!(band(69.9), Completed);
        assert_eq!(band(50.0), Completed);
        assert_eq!(band(49.9), NotCompleted);
        assert_eq!(band(0.0), NotCompleted);
    }

    #[test]
    fn the_rule_of_each_year() {
        assert_eq!(regulation_for(&PeriodKey::year(2024)).code, "124-QĐ/TW");
        assert_eq!(r366().code, "366-QĐ/TW");
        let q2_2025 = PeriodKey {
            year: 2025,
            period: RatingPeriod::Quarter,
            quarter: Some(2),
        };
        assert_eq!(q2_2025.end(), d(2025, 6, 30));
        assert_eq!(regulation_for(&q2_2025).code, "124-QĐ/TW");
        assert_eq!(PeriodKey::year(2024).end(), d(2024, 12, 31));
    }

    #[test]
    fn a_level_above_the_band_is_refused() {
        let e = check_entry(r366(), Good, Some(69.5), &[]).unwrap_err();
        assert_eq!(e.code, "level_above_band");
        assert!(check_entry(r366(), Good, Some(70.0), &[]).is_ok());
        assert!(check_entry(r366(), Excellent, Some(90.0), &[]).is_ok());
    }

    #[test]
    fn a_level_below_the_band_needs_a_reason_that_goes_that_low() {
        let e = check_entry(r366(), NotCompleted, Some(75.0), &[]).unwrap_err();
        assert_eq!(e.code, "below_band_reason_required");
        assert!(check_entry(r366(), NotCompleted, Some(75.0), &[Degradation]).is_ok());
        assert!(check_entry(r366(), Good, Some(95.0), &[ExcellentQuota]).is_ok());
        let e = check_entry(r366(), Completed, Some(95.0), &[ExcellentQuota]).unwrap_err();
        assert_eq!(e.code, "below_band_reason_insufficient");
        // A stronger reason also allows a milder drop (the competent body's judgement).
        assert!(check_entry(r366(), Good, Some(95.0), &[ProhibitionsViolated]).is_ok());
    }

    #[test]
    fn scores_belong_to_366_only() {
        let r124 = regulation_for(&PeriodKey::year(2024));
        assert!(check_entry(r124, NotCompleted, None, &[]).is_ok());
        assert_eq!(
            check_entry(r124, Good, Some(80.0), &[]).unwrap_err().code,
            "score_not_applicable"
        );
        assert_eq!(
            check_entry(r366(), Good, None, &[]).unwrap_err().code,
            "score_required"
        );
        for bad in [100.5, -1.0, f64::NAN, 80.25] {
            assert_eq!(
                check_entry(r366(), Good, Some(bad), &[]).unwrap_err().code,
                "score_out_of_range"
            );
        }
    }

    #[test]
    fn exclusions() {
        let end = d(2025, 12, 31);
        assert_eq!(
            rateable(true, false, d(2000, 1, 1), end),
            Err(NotRateable::Exempted)
        );
        assert_eq!(
            rateable(false, true, d(2000, 1, 1), end),
            Err(NotRateable::Suspended)
        );
        // Admitted exactly six months before the end: rated; a day later: not.
        assert_eq!(
            rateable(false, false, d(2025, 6, 30), d(2025, 12, 30)),
            Ok(())
        );
        assert_eq!(
            rateable(false, false, d(2025, 7, 1), d(2025, 12, 31)),
            Err(NotRateable::AdmittedUnderSixMonths)
        );
        assert_eq!(rateable(false, false, d(2025, 6, 30), end), Ok(()));
    }

    #[test]
    fn quota_is_a_share_of_the_good() {
        let levels = [Good, Good, Good, Good, Good, Excellent, Completed];
        let q = quota(levels, 20);
        assert_eq!(
            (q.excellent, q.good, q.allowed, q.exceeded),
            (1, 5, 1, false)
        );
        let q = quota([Good, Good, Good, Good, Excellent], 20);
        assert!(q.exceeded);
        let q = quota([Good, Good, Good, Good, Excellent], 25);
        assert!(!q.exceeded);
    }
}
