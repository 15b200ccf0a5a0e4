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
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            age_band_upper_bounds: vec![30, 40, 50, 60],
            party_card_min_digits: 8,
            party_card_max_digits: 12,
            min_admission_age: 18,
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
