//! Bulk import (`POST /api/v1/imports`): the columns each kind of file carries, and how a
//! cell's text becomes a value. Pure, so that the import page shows the same columns and
//! the same rules as the server applies.
//!
//! Column headers follow the Vietnamese headings of the national member database's
//! spreadsheet exports (CSDL đảng viên 3.0: "Họ và tên", "Ngày vào Đảng", …); a header is
//! matched without regard to case or diacritics, and the English key (`full_name`) is
//! accepted too, which is what a JSON file uses.

use crate::api::imports::ImportKind;
use crate::member::{Gender, Membership, StateEmployment};
use crate::{ethnicity, names};
use chrono::NaiveDate;

/// One column of an import file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportColumn {
    /// The key in a JSON object and the stable name in problems.
    pub key: &'static str,
    pub header_vi: &'static str,
    pub header_en: &'static str,
    pub required: bool,
    /// What the cell holds, in Vietnamese.
    pub format_vi: &'static str,
    pub example: &'static str,
}

const fn col(
    key: &'static str,
    header_vi: &'static str,
    header_en: &'static str,
    required: bool,
    format_vi: &'static str,
    example: &'static str,
) -> ImportColumn {
    ImportColumn {
        key,
        header_vi,
        header_en,
        required,
        format_vi,
        example,
    }
}

/// The member register's columns.
pub const MEMBER_COLUMNS: [ImportColumn; 13] = [
    col(
        "unit_code",
        "Mã chi bộ",
        "Branch code",
        true,
        "Mã của chi bộ (hoặc chi bộ cơ sở) nơi đảng viên sinh hoạt chính thức, như trong cây tổ chức",
        "DBP-01-03",
    ),
    col(
        "full_name",
        "Họ và tên",
        "Full name",
        true,
        "Họ, đệm và tên, có dấu",
        "Lò Văn Pọm",
    ),
    col("gender", "Giới tính", "Gender", true, "Nam hoặc Nữ", "Nam"),
    col(
        "date_of_birth",
        "Ngày sinh",
        "Date of birth",
        true,
        "dd/mm/yyyy (hoặc yyyy-mm-dd, hoặc ô ngày của Excel)",
        "12/05/1978",
    ),
    col(
        "ethnicity",
        "Dân tộc",
        "Ethnic group",
        true,
        "Tên dân tộc (Kinh, Thái, Mông, …) hoặc mã 1–54 của Tổng cục Thống kê",
        "Thái",
    ),
    col(
        "national_id",
        "Số CCCD",
        "Citizen ID",
        false,
        "12 chữ số",
        "011078001234",
    ),
    col(
        "party_card_no",
        "Số thẻ đảng viên",
        "Party card number",
        false,
        "Chỉ đảng viên chính thức; chữ số",
        "62012345",
    ),
    col(
        "phone",
        "Điện thoại",
        "Phone",
        false,
        "Số điện thoại",
        "0912345678",
    ),
    col(
        "admission_date",
        "Ngày vào Đảng",
        "Admission date",
        true,
        "dd/mm/yyyy",
        "03/02/2005",
    ),
    col(
        "official_date",
        "Ngày chính thức",
        "Official date",
        false,
        "dd/mm/yyyy; để trống với đảng viên dự bị",
        "03/02/2006",
    ),
    col(
        "exempted",
        "Miễn sinh hoạt",
        "Exempted",
        false,
        "x, có hoặc để trống",
        "",
    ),
    col(
        "state_employment",
        "Cán bộ, công chức, viên chức",
        "State employment",
        false,
        "Công chức, Viên chức, Lực lượng vũ trang hoặc để trống",
        "Viên chức",
    ),
    col(
        "higher_managed_cadre",
        "Diện cấp ủy cấp trên quản lý",
        "Managed by the higher committee",
        false,
        "x, có hoặc để trống",
        "",
    ),
];

/// The columns of a kind of import.
pub fn columns(kind: ImportKind) -> &'static [ImportColumn] {
    match kind {
        ImportKind::Members => &MEMBER_COLUMNS,
    }
}

/// The column a header names (case, diacritics and spacing ignored; the Vietnamese
/// heading, the English heading or the key).
pub fn column_for_header(kind: ImportKind, header: &str) -> Option<&'static ImportColumn> {
    let wanted = names::search_key(&header.replace('_', " "));
    if wanted.is_empty() {
        return None;
    }
    columns(kind).iter().find(|c| {
        names::search_key(c.header_vi) == wanted
            || names::search_key(c.header_en) == wanted
            || names::search_key(&c.key.replace('_', " ")) == wanted
    })
}

/// A cell's problem: a stable code and the Vietnamese message.
pub type CellError = (&'static str, String);

/// A date as Vietnamese offices write it (dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy)
/// or ISO 8601 (yyyy-mm-dd).
pub fn parse_date(text: &str) -> Result<NaiveDate, CellError> {
    let t = text.trim();
    for f in ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(t, f) {
            return Ok(d);
        }
    }
    Err((
        "invalid_date",
        format!("“{t}” không phải là ngày hợp lệ (dd/mm/yyyy)."),
    ))
}

/// A tick: "x", "có", "1", "true", "yes" → true; empty, "không", "0", "false", "no" → false.
pub fn parse_tick(text: &str) -> Result<bool, CellError> {
    match names::search_key(text).as_str() {
        "x" | "co" | "1" | "true" | "yes" | "v" => Ok(true),
        "" | "khong" | "0" | "false" | "no" => Ok(false),
        other => Err((
            "invalid_tick",
            format!("“{other}”: ghi x (hoặc có) hoặc để trống."),
        )),
    }
}

pub fn parse_gender(text: &str) -> Result<Gender, CellError> {
    match names::search_key(text).as_str() {
        "nam" | "male" | "m" => Ok(Gender::Male),
        "nu" | "female" | "f" => Ok(Gender::Female),
        _ => Err((
            "invalid_gender",
            format!("“{}”: ghi Nam hoặc Nữ.", text.trim()),
        )),
    }
}

/// An ethnic group by its name (diacritics ignored) or its GSO code.
pub fn parse_ethnicity(text: &str) -> Result<u8, CellError> {
    let t = text.trim();
    if let Ok(code) = t.parse::<u8>()
        && ethnicity::is_valid(code)
    {
        return Ok(code);
    }
    let wanted = names::search_key(t);
    ethnicity::ETHNICITIES
        .iter()
        .find(|(_, name)| names::search_key(name) == wanted)
        .map(|(code, _)| *code)
        .ok_or((
            "invalid_ethnicity",
            format!("“{t}” không có trong danh mục 54 dân tộc."),
        ))
}

pub fn parse_state_employment(text: &str) -> Result<StateEmployment, CellError> {
    let wanted = names::search_key(text);
    if wanted.is_empty() || wanted == "khong" || wanted == "none" {
        return Ok(StateEmployment::None);
    }
    StateEmployment::ALL
        .iter()
        .find(|s| names::search_key(s.label_vi()) == wanted || s.code() == wanted)
        .copied()
        .ok_or((
            "invalid_state_employment",
            format!(
                "“{}”: ghi Công chức, Viên chức, Lực lượng vũ trang hoặc để trống.",
                text.trim()
            ),
        ))
}

/// A member's row, read but not yet checked against the register and the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberRow {
    pub unit_code: String,
    pub full_name: String,
    pub gender: Gender,
    pub date_of_birth: NaiveDate,
    pub ethnicity: u8,
    pub national_id: Option<String>,
    pub party_card_no: Option<String>,
    pub phone: Option<String>,
    pub admission_date: NaiveDate,
    pub official_date: Option<NaiveDate>,
    /// Derived: a member with an official date is a full member (the export has no
    /// separate column for it).
    pub membership: Membership,
    pub exempted: bool,
    pub state_employment: StateEmployment,
    pub higher_managed_cadre: bool,
}

type RowProblems = Vec<(&'static str, CellError)>;

fn keep<T>(problems: &mut RowProblems, key: &'static str, r: Result<T, CellError>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            problems.push((key, e));
            None
        }
    }
}

/// Reads a member's row from its cells (`cell(key)` gives the text of a column, empty when
/// the file has no such column). Returns every problem of the row, by column key.
pub fn read_member_row<'a>(cell: impl Fn(&str) -> &'a str) -> Result<MemberRow, RowProblems> {
    let mut problems: RowProblems = Vec::new();
    for c in MEMBER_COLUMNS.iter().filter(|c| c.required) {
        if cell(c.key).trim().is_empty() {
            problems.push((c.key, ("required", format!("Thiếu “{}”.", c.header_vi))));
        }
    }
    let text = |key: &str| -> Option<String> {
        let t = cell(key).trim();
        (!t.is_empty()).then(|| t.to_string())
    };
    let filled = |key: &str| !cell(key).trim().is_empty();
    let gender = filled("gender")
        .then(|| keep(&mut problems, "gender", parse_gender(cell("gender"))))
        .flatten();
    let dob = filled("date_of_birth")
        .then(|| {
            keep(
                &mut problems,
                "date_of_birth",
                parse_date(cell("date_of_birth")),
            )
        })
        .flatten();
    let eth = filled("ethnicity")
        .then(|| {
            keep(
                &mut problems,
                "ethnicity",
                parse_ethnicity(cell("ethnicity")),
            )
        })
        .flatten();
    let admitted = filled("admission_date")
        .then(|| {
            keep(
                &mut problems,
                "admission_date",
                parse_date(cell("admission_date")),
            )
        })
        .flatten();
    let official = if filled("official_date") {
        keep(
            &mut problems,
            "official_date",
            parse_date(cell("official_date")),
        )
        .map(Some)
    } else {
        Some(None)
    };
    let exempted = keep(&mut problems, "exempted", parse_tick(cell("exempted")));
    let managed = keep(
        &mut problems,
        "higher_managed_cadre",
        parse_tick(cell("higher_managed_cadre")),
    );
    let employment = keep(
        &mut problems,
        "state_employment",
        parse_state_employment(cell("state_employment")),
    );
    match (
        text("unit_code"),
        text("full_name"),
        gender,
        dob,
        eth,
        admitted,
        official,
        exempted,
        managed,
        employment,
    ) {
        (
            Some(unit_code),
            Some(full_name),
            Some(gender),
            Some(date_of_birth),
            Some(ethnicity),
            Some(admission_date),
            Some(official_date),
            Some(exempted),
            Some(higher_managed_cadre),
            Some(state_employment),
        ) if problems.is_empty() => Ok(MemberRow {
            unit_code,
            full_name,
            gender,
            date_of_birth,
            ethnicity,
            national_id: text("national_id"),
            party_card_no: text("party_card_no"),
            phone: text("phone"),
            admission_date,
            official_date,
            membership: if official_date.is_some() {
                Membership::Full
            } else {
                Membership::Probationary
            },
            exempted,
            state_employment,
            higher_managed_cadre,
        }),
        _ => Err(problems),
    }
}

/// The column a field of the member record is entered in (for the register's own
/// validation, whose errors name fields).
pub fn member_field_column(field: &str) -> &'static str {
    match field {
        "home_unit_id" | "temp_unit_id" | "residence_unit_id" => "unit_code",
        "membership" => "official_date",
        f => MEMBER_COLUMNS
            .iter()
            .find(|c| c.key == f)
            .map(|c| c.key)
            .unwrap_or("full_name"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn row(pairs: &[(&str, &'static str)]) -> HashMap<String, &'static str> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn headers_match_without_case_or_diacritics() {
        let k = ImportKind::Members;
        assert_eq!(
            column_for_header(k, "Họ và tên").map(|c| c.key),
            Some("full_name")
        );
        assert_eq!(
            column_for_header(k, "HO VA TEN").map(|c| c.key),
            Some("full_name")
        );
        assert_eq!(
            column_for_header(k, "full_name").map(|c| c.key),
            Some("full_name")
        );
        assert_eq!(
            column_for_header(k, "ngày vào đảng").map(|c| c.key),
            Some("admission_date")
        );
        assert_eq!(column_for_header(k, "Quê quán"), None);
        assert_eq!(column_for_header(k, ""), None);
    }

    #[test]
    fn cells_parse_as_offices_write_them() {
        assert_eq!(
            parse_date("03/02/2005"),
            Ok(NaiveDate::from_ymd_opt(2005, 2, 3).unwrap())
        );
        assert_eq!(
            parse_date("3/2/2005"),
            Ok(NaiveDate::from_ymd_opt(2005, 2, 3).unwrap())
        );
        assert_eq!(
            parse_date("2005-02-03"),
            Ok(NaiveDate::from_ymd_opt(2005, 2, 3).unwrap())
        );
        assert!(parse_date("31/02/2005").is_err());
        assert_eq!(parse_gender("Nữ"), Ok(Gender::Female));
        assert_eq!(parse_gender(" nam "), Ok(Gender::Male));
        assert!(parse_gender("khác").is_err());
        assert_eq!(parse_ethnicity("Thái"), Ok(3));
        assert_eq!(parse_ethnicity("Mông"), parse_ethnicity("mong"));
        assert_eq!(parse_ethnicity("1"), Ok(1));
        assert!(parse_ethnicity("55").is_err());
        assert_eq!(parse_tick("x"), Ok(true));
        assert_eq!(parse_tick("Có"), Ok(true));
        assert_eq!(parse_tick(""), Ok(false));
        assert!(parse_tick("maybe").is_err());
        assert_eq!(
            parse_state_employment("viên chức"),
            Ok(StateEmployment::PublicEmployee)
        );
    }

    #[test]
    fn a_row_reports_every_problem_by_column() {
        let cells = row(&[
            ("unit_code", "CB-1"),
            ("full_name", ""),
            ("gender", "X"),
            ("date_of_birth", "1978-13-01"),
            ("ethnicity", "Thái"),
            ("admission_date", "03/02/2005"),
        ]);
        let problems = read_member_row(|k| cells.get(k).copied().unwrap_or("")).unwrap_err();
        let cols: Vec<_> = problems.iter().map(|(c, (code, _))| (*c, *code)).collect();
        assert!(cols.contains(&("full_name", "required")), "{cols:?}");
        assert!(cols.contains(&("gender", "invalid_gender")), "{cols:?}");
        assert!(
            cols.contains(&("date_of_birth", "invalid_date")),
            "{cols:?}"
        );
        assert_eq!(cols.len(), 3, "{cols:?}");
    }

    #[test]
    fn a_full_row_reads_and_derives_membership() {
        let cells = row(&[
            ("unit_code", "CB-1"),
            ("full_name", "Lò Văn Pọm"),
            ("gender", "Nam"),
            ("date_of_birth", "12/05/1978"),
            ("ethnicity", "Thái"),
            ("admission_date", "03/02/2005"),
            ("official_date", "03/02/2006"),
            ("exempted", "x"),
        ]);
        let r = read_member_row(|k| cells.get(k).copied().unwrap_or("")).unwrap();
        assert_eq!(r.membership, Membership::Full);
        assert!(r.exempted);
        assert_eq!(r.national_id, None);
        let probationer = row(&[
            ("unit_code", "CB-1"),
            ("full_name", "Lò Thị Ún"),
            ("gender", "Nữ"),
            ("date_of_birth", "12/05/1998"),
            ("ethnicity", "Thái"),
            ("admission_date", "03/02/2026"),
        ]);
        let r = read_member_row(|k| probationer.get(k).copied().unwrap_or("")).unwrap();
        assert_eq!(r.membership, Membership::Probationary);
    }
}
