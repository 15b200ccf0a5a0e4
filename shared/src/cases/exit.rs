//! The register of members who left the Party (DOMAIN.md §8.7) and the re-admission rule
//! its exit reason governs (Quy định on re-admission, [V:S10]).

use super::RemovalForm;
use crate::criteria::Criterion;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Whether and when a person who left may be re-admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Readmission {
    /// Never re-admitted.
    pub barred: bool,
    /// The earliest day an application may be considered (36 months after leaving), when
    /// not barred.
    pub earliest: Option<NaiveDate>,
}

/// Never re-admitted: those who quit Party activity on their own (meeting absence, a
/// returned or destroyed card), asked to leave (unless in extremely difficult family
/// circumstances), or were convicted (a criminal sentence). Others: 36 months after
/// leaving. [V:S10] (the crimes' seriousness and the 60-month rule after a cleared
/// record are for the committee to judge; the register shows the ground.)
pub fn readmission(
    form: RemovalForm,
    grounds: &[Criterion],
    family_hardship: bool,
    left_on: NaiveDate,
) -> Readmission {
    let barred = match form {
        RemovalForm::VoluntaryExit => !family_hardship,
        _ => grounds
            .iter()
            .any(|c| matches!(c, Criterion::B1 | Criterion::B3 | Criterion::B9)),
    };
    Readmission {
        barred,
        earliest: if barred {
            None
        } else {
            left_on.checked_add_months(Months::new(36))
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exit_reason_governs_readmission() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let later = NaiveDate::from_ymd_opt(2029, 3, 1);
        assert!(readmission(RemovalForm::NameDeletion, &[Criterion::B1], false, d).barred);
        assert_eq!(
            readmission(RemovalForm::NameDeletion, &[Criterion::B2], false, d).earliest,
            later
        );
        assert!(readmission(RemovalForm::VoluntaryExit, &[], false, d).barred);
        assert!(!readmission(RemovalForm::VoluntaryExit, &[], true, d).barred);
        assert!(readmission(RemovalForm::Expulsion, &[Criterion::B9], false, d).barred);
        assert_eq!(
            readmission(RemovalForm::Expulsion, &[Criterion::B11], false, d).earliest,
            later
        );
    }
}
