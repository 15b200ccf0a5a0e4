//! The member register (DOMAIN.md §4.3): enums and the validation of a member record.

use crate::api::members::MemberInput;
use crate::error::FieldError;
use crate::ethnicity;
use crate::names;
use crate::settings::RuleSettings;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

labelled_enum!(
    Gender {
        Male = ("male", "Nam", "Male"),
        Female = ("female", "Nữ", "Female"),
    }
);

labelled_enum!(
    /// Đảng viên dự bị / chính thức.
    Membership {
        Probationary = ("probationary", "Dự bị", "Probationary"),
        Full = ("full", "Chính thức", "Full"),
    }
);

labelled_enum!(
    /// Where the member stands in the register. Only a final decision (a later issue's
    /// cases) moves a member out of `active`.
    MemberStatus {
        Active = ("active", "Đang sinh hoạt", "Active"),
        NameDeleted = ("name_deleted", "Đã xóa tên", "Name deleted"),
        Expelled = ("expelled", "Đã khai trừ", "Expelled"),
        VoluntaryExit = ("voluntary_exit", "Đã ra khỏi Đảng", "Left voluntarily"),
        Deceased = ("deceased", "Đã từ trần", "Deceased"),
        TransferredOut = ("transferred_out", "Đã chuyển sinh hoạt đi", "Transferred out"),
    }
);

labelled_enum!(
    StateEmployment {
        CivilServant = ("civil_servant", "Công chức", "Civil servant"),
        PublicEmployee = ("public_employee", "Viên chức", "Public employee"),
        ArmedForces = ("armed_forces", "Lực lượng vũ trang", "Armed forces"),
        None = ("none", "Không", "None"),
    }
);

/// Whole years between `dob` and `on`.
pub fn age_on(dob: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - dob.year();
    if (on.month(), on.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    age
}

fn err(field: &str, code: &'static str, vi: impl Into<String>) -> FieldError {
    FieldError {
        field: field.to_string(),
        code: code.to_string(),
        message: vi.into(),
    }
}

/// Citizen identity card (CCCD) number: exactly 12 digits.
pub fn valid_national_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Validates a member record as submitted; returns every problem, by field, in Vietnamese.
/// `today` is passed in so that the rule is pure and testable.
pub fn validate_member(
    input: &MemberInput,
    today: NaiveDate,
    rules: &RuleSettings,
) -> Vec<FieldError> {
    let mut errs = Vec::new();

    match names::tidy_name(&input.full_name) {
        None => errs.push(err(
            "full_name",
            "required",
            "Họ và tên không được để trống.",
        )),
        Some(n) if n.chars().count() > 100 => {
            errs.push(err("full_name", "too_long", "Họ và tên dài quá 100 ký tự."))
        }
        Some(n) if n.split(' ').count() < 2 => errs.push(err(
            "full_name",
            "incomplete",
            "Cần ghi đủ họ và tên (ít nhất hai tiếng).",
        )),
        Some(n)
            if n.chars().any(|c| {
                c.is_ascii_digit() || (c.is_ascii_punctuation() && c != '-' && c != '\'')
            }) =>
        {
            errs.push(err(
                "full_name",
                "invalid_characters",
                "Họ và tên chỉ gồm chữ cái.",
            ))
        }
        Some(_) => {}
    }

    if let Some(id) = &input.national_id
        && !valid_national_id(id)
    {
        errs.push(err(
            "national_id",
            "invalid_format",
            "Số CCCD phải gồm đúng 12 chữ số.",
        ));
    }

    if !ethnicity::is_valid(input.ethnicity) {
        errs.push(err(
            "ethnicity",
            "unknown_code",
            "Mã dân tộc không có trong danh mục (1–54).",
        ));
    }

    if let Some(phone) = &input.phone {
        let digits = phone.strip_prefix('+').unwrap_or(phone);
        if !(9..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            errs.push(err(
                "phone",
                "invalid_format",
                "Số điện thoại gồm 9 đến 15 chữ số.",
            ));
        }
    }

    let dob = input.date_of_birth;
    if dob > today {
        errs.push(err(
            "date_of_birth",
            "in_future",
            "Ngày sinh không được sau ngày hôm nay.",
        ));
    } else if age_on(dob, today) > 120 {
        errs.push(err(
            "date_of_birth",
            "implausible",
            "Ngày sinh không hợp lý (quá 120 tuổi).",
        ));
    }

    let adm = input.admission_date;
    if adm > today {
        errs.push(err(
            "admission_date",
            "in_future",
            "Ngày vào Đảng không được sau ngày hôm nay.",
        ));
    } else if dob <= today && age_on(dob, adm) < i32::from(rules.min_admission_age) {
        errs.push(err(
            "admission_date",
            "too_young",
            format!(
                "Ngày vào Đảng phải khi đã đủ {} tuổi.",
                rules.min_admission_age
            ),
        ));
    }

    match (input.membership, input.official_date) {
        (Membership::Full, None) => errs.push(err(
            "official_date",
            "required",
            "Đảng viên chính thức phải có ngày chính thức.",
        )),
        (Membership::Probationary, Some(_)) => errs.push(err(
            "official_date",
            "not_allowed",
            "Đảng viên dự bị chưa có ngày chính thức.",
        )),
        (Membership::Full, Some(off)) => {
            if off > today {
                errs.push(err(
                    "official_date",
                    "in_future",
                    "Ngày chính thức không được sau ngày hôm nay.",
                ));
            } else if off <= adm {
                errs.push(err(
                    "official_date",
                    "not_after_admission",
                    "Ngày chính thức phải sau ngày vào Đảng.",
                ));
            }
        }
        (Membership::Probationary, None) => {}
    }

    match (&input.party_card_no, input.membership) {
        (Some(_), Membership::Probationary) => errs.push(err(
            "party_card_no",
            "not_allowed",
            "Đảng viên dự bị chưa được cấp thẻ đảng viên.",
        )),
        (Some(card), Membership::Full) => {
            let len = card.len();
            let (min, max) = (
                usize::from(rules.party_card_min_digits),
                usize::from(rules.party_card_max_digits),
            );
            if !card.bytes().all(|b| b.is_ascii_digit()) || len < min || len > max {
                errs.push(err(
                    "party_card_no",
                    "invalid_format",
                    format!("Số thẻ đảng viên gồm {min} đến {max} chữ số."),
                ));
            }
        }
        (None, _) => {}
    }

    if input.temp_unit_id == Some(input.home_unit_id) {
        errs.push(err(
            "temp_unit_id",
            "same_as_home",
            "Chi bộ sinh hoạt tạm thời phải khác chi bộ chính thức.",
        ));
    }

    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::UnitId;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn valid() -> MemberInput {
        MemberInput {
            full_name: "Nguyễn Văn An".into(),
            gender: Gender::Male,
            date_of_birth: d(1980, 5, 1),
            ethnicity: 1,
            national_id: Some("011080001234".into()),
            party_card_no: Some("12345678".into()),
            phone: None,
            admission_date: d(2005, 3, 26),
            official_date: Some(d(2006, 3, 26)),
            membership: Membership::Full,
            exempted: false,
            suspended: false,
            home_unit_id: UnitId(10),
            temp_unit_id: None,
            residence_unit_id: None,
            state_employment: StateEmployment::None,
            higher_managed_cadre: false,
        }
    }

    fn codes(input: &MemberInput) -> Vec<(String, String)> {
        validate_member(input, d(2026, 11, 26), &RuleSettings::default())
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    fn one(field: &str, code: &str) -> Vec<(String, String)> {
        vec![(field.to_string(), code.to_string())]
    }

    #[test]
    fn a_complete_record_is_valid() {
        assert!(codes(&valid()).is_empty());
    }

    #[test]
    fn national_id_must_be_twelve_digits() {
        for bad in [
            "01108000123",
            "0110800012345",
            "01108000123a",
            "０１１０８０００１２３４",
        ] {
            let m = MemberInput {
                national_id: Some(bad.into()),
                ..valid()
            };
            assert_eq!(codes(&m), one("national_id", "invalid_format"), "{bad}");
        }
    }

    #[test]
    fn official_date_must_follow_admission() {
        let m = MemberInput {
            official_date: Some(d(2005, 3, 26)),
            ..valid()
        };
        assert_eq!(codes(&m), one("official_date", "not_after_admission"));
        let m = MemberInput {
            official_date: None,
            ..valid()
        };
        assert_eq!(codes(&m), one("official_date", "required"));
    }

    #[test]
    fn probationers_have_no_official_date_nor_card() {
        let m = MemberInput {
            membership: Membership::Probationary,
            ..valid()
        };
        let c = codes(&m);
        assert!(c.contains(&("official_date".into(), "not_allowed".into())));
        assert!(c.contains(&("party_card_no".into(), "not_allowed".into())));
        let m = MemberInput {
            membership: Membership::Probationary,
            official_date: None,
            party_card_no: None,
            ..valid()
        };
        assert!(codes(&m).is_empty());
    }

    #[test]
    fn dates_may_not_be_in_the_future() {
        let m = MemberInput {
            date_of_birth: d(2026, 11, 27),
            ..valid()
        };
        assert!(codes(&m).contains(&("date_of_birth".into(), "in_future".into())));
        let m = MemberInput {
            admission_date: d(2026, 11, 27),
            official_date: None,
            membership: Membership::Probationary,
            party_card_no: None,
            ..valid()
        };
        assert_eq!(codes(&m), one("admission_date", "in_future"));
        // today itself is fine
        let m = MemberInput {
            admission_date: d(2026, 11, 26),
            official_date: None,
            membership: Membership::Probationary,
            party_card_no: None,
            ..valid()
        };
        assert!(codes(&m).is_empty());
    }

    #[test]
    fn admission_needs_the_minimum_age() {
        let m = MemberInput {
            date_of_birth: d(1987, 3, 27),
            ..valid()
        };
        assert_eq!(codes(&m), one("admission_date", "too_young"));
        let m = MemberInput {
            date_of_birth: d(1987, 3, 26),
            ..valid()
        };
        assert!(codes(&m).is_empty(), "exactly 18 on the day of admission");
    }

    #[test]
    fn card_number_length_is_a_setting() {
        let m = MemberInput {
            party_card_no: Some("1234567".into()),
            ..valid()
        };
        assert_eq!(codes(&m), one("party_card_no", "invalid_format"));
        let rules = RuleSettings {
            party_card_min_digits: 6,
            ..Default::default()
        };
        assert!(validate_member(&m, d(2026, 11, 26), &rules).is_empty());
    }

    #[test]
    fn names_need_two_words_and_letters() {
        let m = MemberInput {
            full_name: "An".into(),
            ..valid()
        };
        assert_eq!(codes(&m), one("full_name", "incomplete"));
        let m = MemberInput {
            full_name: "  ".into(),
            ..valid()
        };
        assert_eq!(codes(&m), one("full_name", "required"));
        let m = MemberInput {
            full_name: "Nguyễn Văn 2".into(),
            ..valid()
        };
        assert_eq!(codes(&m), one("full_name", "invalid_characters"));
    }

    #[test]
    fn unknown_ethnicity_is_refused() {
        let m = MemberInput {
            ethnicity: 0,
            ..valid()
        };
        assert_eq!(codes(&m), one("ethnicity", "unknown_code"));
    }

    #[test]
    fn age_counts_whole_years() {
        assert_eq!(age_on(d(2000, 2, 29), d(2018, 2, 28)), 17);
        assert_eq!(age_on(d(2000, 2, 29), d(2018, 3, 1)), 18);
    }

    #[test]
    fn enum_codes_round_trip() {
        for s in MemberStatus::ALL {
            assert_eq!(MemberStatus::from_code(s.code()), Some(*s));
        }
        assert_eq!(Gender::from_code("female"), Some(Gender::Female));
        assert_eq!(Membership::from_code("x"), None);
    }
}
