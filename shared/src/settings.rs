//! Rules that DOMAIN.md tags [M] or [?] are settings with a documented default, never
//! constants. The province administrator sees them at `GET /api/v1/settings`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct RuleSettings {
    /// Upper bounds (inclusive, in whole years at the report date) of the age bands used in
    /// statistics and filters; the last band is open. Default ≤ 30, 31–40, 41–50, 51–60,
    /// ≥ 61. DOMAIN.md §4.3 [M].
    pub age_band_upper_bounds: Vec<u16>,
    /// Allowed length of a Party card number (digits only). Default 8 to 12. [?]
    pub party_card_min_digits: u8,
    pub party_card_max_digits: u8,
    /// Minimum age at admission. The Charter says 18; kept as a setting because the
    /// register may hold older data with other conventions. [M]
    pub min_admission_age: u16,
    /// B1/B2: how many months without good reason in a "year" (Charter Art. 8: three).
    /// DOMAIN.md §10 lists it as a setting.
    pub absence_threshold_months: u8,
    /// B1/B2: whether "in a year" means the calendar year or any 12 consecutive months.
    /// Default the calendar year. [?] DOMAIN.md §6.2.
    pub absence_window: AbsenceWindow,
    /// B1/B2: whether the months must be consecutive (counting only months in which the
    /// branch met, so a month without a meeting, such as Tết, neither counts nor breaks
    /// the run) or may be spread over the window. Default spread (cumulative). [?]
    pub absence_months_consecutive: bool,
    /// A1: a year in which the member was not rated (exempted, suspended, newly admitted)
    /// breaks "two consecutive years" (default) or is skipped over. [?] DOMAIN.md §12.3.
    pub a1_unrated_year: UnratedYear,
    /// Discipline: a new violation while a decision is in effect restarts its 12 months
    /// from the violation (default) or leaves the period as it was. [?] DOMAIN.md §13.3.
    pub discipline_reset_on_new_violation: bool,
    /// Discipline: months after the announcement when a decision (other than expulsion)
    /// ceases to have effect by itself. QĐ 69 Art. 2.5: 12.
    pub discipline_effect_months: u8,
    /// Ratings before QĐ 366 (QĐ 124, 132): the excellent quota as a share of those rated
    /// good. [M] 20 %. (Under QĐ 366 it is 20 %, or 25 % for a unit with outstanding
    /// results, as the regulation states.)
    pub excellent_quota_pct_before_366: u8,
    /// Cases: the education period, in months, for each group A ground (DOMAIN.md §10
    /// `education_period_group_a`: HD 02's value was not found; practice mentions 3, 6 or
    /// 12). [?] Default 12. A case listed on several grounds takes the longest.
    pub education_period_months_a1: u8,
    pub education_period_months_a2: u8,
    pub education_period_months_a3: u8,
    pub education_period_months_a4: u8,
    /// B4 needs an education period of at least this many months (Charter rules: 12).
    pub education_period_months_b4: u8,
    /// How many times the branch may extend education ("continue education"). [?] 2.
    pub education_max_extensions: u8,
    /// Requests for a self-criticism left unanswered after which the branch proceeds
    /// (DOMAIN.md §8.3 N1: 3).
    pub self_review_requests_before_proceeding: u8,
    /// Failed votes of a lower body after which the case goes up to the competent body
    /// (DOMAIN.md §8.3 N5: 3; stated for probationers, assumed here [M]).
    pub failed_vote_rounds_before_escalation: u8,
    /// Working days to appeal a name deletion after receiving it (QĐ 29: 30).
    pub name_deletion_appeal_window_working_days: u16,
    /// Working days to appeal a discipline decision, expulsion included (Charter: one
    /// month, read as 30 working days).
    pub discipline_appeal_window_working_days: u16,
    /// Working days the appeal body has for a name-deletion appeal (provincial level: 90).
    pub name_deletion_appeal_resolution_working_days: u16,
    /// Months the appeal body has for a discipline appeal (provincial level: 3).
    pub discipline_appeal_resolution_months: u8,
    /// Days between signing a discipline decision and announcing it (QĐ 30/2016: 15;
    /// [?] under QĐ 296).
    pub discipline_announcement_days: u16,
    /// Working days to send the exit notice slip and file to the upper level (HD 06: 30).
    pub exit_file_forwarding_working_days: u16,
    /// Voluntary exit waits while the member has a violation recorded within this many
    /// months, discipline in effect or another open case (DOMAIN.md §8.5). [M] 12.
    pub voluntary_exit_violation_lookback_months: u8,
}

/// "Three months in a year": which year. [?]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AbsenceWindow {
    /// January to December.
    CalendarYear,
    /// Any twelve consecutive months.
    Rolling12Months,
}

/// A1 and a year without a rating. [?]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnratedYear {
    /// The two not-completed years must be calendar neighbours.
    BreaksSequence,
    /// Unrated years are passed over: two not-completed ratings in a row count.
    Skipped,
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            age_band_upper_bounds: vec![30, 40, 50, 60],
            party_card_min_digits: 8,
            party_card_max_digits: 12,
            min_admission_age: 18,
            absence_threshold_months: 3,
            absence_window: AbsenceWindow::CalendarYear,
            absence_months_consecutive: false,
            a1_unrated_year: UnratedYear::BreaksSequence,
            discipline_reset_on_new_violation: true,
            discipline_effect_months: 12,
            excellent_quota_pct_before_366: 20,
            education_period_months_a1: 12,
            education_period_months_a2: 12,
            education_period_months_a3: 12,
            education_period_months_a4: 12,
            education_period_months_b4: 12,
            education_max_extensions: 2,
            self_review_requests_before_proceeding: 3,
            failed_vote_rounds_before_escalation: 3,
            name_deletion_appeal_window_working_days: 30,
            discipline_appeal_window_working_days: 30,
            name_deletion_appeal_resolution_working_days: 90,
            discipline_appeal_resolution_months: 3,
            discipline_announcement_days: 15,
            exit_file_forwarding_working_days: 30,
            voluntary_exit_violation_lookback_months: 12,
        }
    }
}

/// An age band: `min..=max` years, `max` absent for the last, open band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgeBand {
    pub min: u16,
    pub max: Option<u16>,
}

impl AgeBand {
    /// "≤ 30", "31–40", "≥ 61"
    pub fn label(&self) -> String {
        match (self.min, self.max) {
            (0, Some(max)) => format!("≤ {max}"),
            (min, Some(max)) => format!("{min}–{max}"),
            (min, None) => format!("≥ {min}"),
        }
    }
}

impl RuleSettings {
    /// The bands in order; band `i` is what the API's `age_band=i` filter means.
    pub fn age_bands(&self) -> Vec<AgeBand> {
        let mut out = Vec::new();
        let mut min = 0u16;
        for &upper in &self.age_band_upper_bounds {
            out.push(AgeBand {
                min,
                max: Some(upper),
            });
            min = upper.saturating_add(1);
        }
        out.push(AgeBand { min, max: None });
        out
    }

    /// Checks the settings themselves (at start-up and when an administrator edits them).
    pub fn validate(&self) -> Result<(), String> {
        if self.age_band_upper_bounds.windows(2).any(|w| w[0] >= w[1]) {
            return Err("age_band_upper_bounds must be strictly increasing".into());
        }
        if self.party_card_min_digits == 0
            || self.party_card_min_digits > self.party_card_max_digits
            || self.party_card_max_digits > 20
        {
            return Err("party card digits: need 1 ≤ min ≤ max ≤ 20".into());
        }
        if !(1..=12).contains(&self.absence_threshold_months) {
            return Err("absence_threshold_months: 1 to 12".into());
        }
        if !(1..=60).contains(&self.discipline_effect_months) {
            return Err("discipline_effect_months: 1 to 60".into());
        }
        let periods = [
            self.education_period_months_a1,
            self.education_period_months_a2,
            self.education_period_months_a3,
            self.education_period_months_a4,
            self.education_period_months_b4,
        ];
        if periods.iter().any(|m| !(1..=36).contains(m)) {
            return Err("education_period_months_*: 1 to 36".into());
        }
        if self.self_review_requests_before_proceeding == 0
            || self.failed_vote_rounds_before_escalation == 0
        {
            return Err(
                "self_review_requests_before_proceeding and failed_vote_rounds_before_escalation: at least 1"
                    .into(),
            );
        }
        if self.excellent_quota_pct_before_366 > 100 {
            return Err("excellent_quota_pct_before_366: at most 100".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_bands_match_the_domain() {
        let labels: Vec<String> = RuleSettings::default()
            .age_bands()
            .iter()
            .map(AgeBand::label)
            .collect();
        assert_eq!(labels, vec!["≤ 30", "31–40", "41–50", "51–60", "≥ 61"]);
        assert!(RuleSettings::default().validate().is_ok());
    }

    #[test]
    fn rejects_unsorted_bands_and_bad_card_lengths() {
        let s = RuleSettings {
            age_band_upper_bounds: vec![40, 30],
            ..Default::default()
        };
        assert!(s.validate().is_err());
        let s = RuleSettings {
            party_card_min_digits: 13,
            ..Default::default()
        };
        assert!(s.validate().is_err());
    }
}
