//! Bulk import (`POST /api/v1/imports`): the columns each kind of file carries, and how a
//! cell's text becomes a value. Pure, so that the import page shows the same columns and
//! the same rules as the server applies.
//!
//! Column headers follow the Vietnamese headings of the national member database's
//! spreadsheet exports (CSDL đảng viên 3.0: "Họ và tên", "Ngày vào Đảng", …); a header is
//! matched without regard to case or diacritics, and the English key (`full_name`) is
//! accepted too, which is what a JSON file uses.

use crate::api::imports::ImportKind;
use crate::attendance::{Attendance, Dues};
use crate::member::{Gender, Membership, StateEmployment};
use crate::rating::{BelowBandReason, RatingLevel};
use crate::{ethnicity, names};
use chrono::{Datelike, NaiveDate};

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

/// The columns of an annual rating file: the member (by citizen ID or card number, with
/// the name as a check), the year and the level as the review's minutes record them.
pub const RATING_COLUMNS: [ImportColumn; 9] = [
    col(
        "national_id",
        "Số CCCD",
        "Citizen ID",
        false,
        "12 chữ số; cần số CCCD hoặc số thẻ đảng viên",
        "011078001234",
    ),
    col(
        "party_card_no",
        "Số thẻ đảng viên",
        "Party card number",
        false,
        "Khi không có số CCCD",
        "62012345",
    ),
    col(
        "full_name",
        "Họ và tên",
        "Full name",
        false,
        "Để đối chiếu: phải khớp với hồ sơ (không phân biệt dấu, hoa thường)",
        "Lò Văn Pọm",
    ),
    col(
        "year",
        "Năm",
        "Year",
        true,
        "Năm đánh giá, xếp loại",
        "2025",
    ),
    col(
        "level",
        "Xếp loại",
        "Level",
        true,
        "Hoàn thành xuất sắc / tốt / hoàn thành / không hoàn thành nhiệm vụ (hoặc HTXSNV, HTTNV, HTNV, KHTNV)",
        "Hoàn thành tốt nhiệm vụ",
    ),
    col(
        "score",
        "Điểm",
        "Score",
        false,
        "Thang 100, từ năm 2025 (QĐ 366); để trống với các năm trước",
        "82,5",
    ),
    col(
        "below_band_reasons",
        "Lý do xếp thấp hơn khung điểm",
        "Reasons below the band",
        false,
        "Khi mức xếp loại thấp hơn khung của điểm (QĐ 366): mã lý do, cách nhau bằng dấu chấm phẩy (disciplined_for_duty; prohibitions_violated; …)",
        "disciplined_for_duty",
    ),
    col(
        "decision_number",
        "Số quyết định",
        "Decision number",
        false,
        "Quyết định công nhận kết quả xếp loại (cùng một quyết định cho một chi bộ và một năm)",
        "45-QĐ/ĐU",
    ),
    col(
        "decision_signed_on",
        "Ngày quyết định",
        "Decision date",
        false,
        "dd/mm/yyyy",
        "20/12/2025",
    ),
];

/// The columns of a monthly attendance and dues file: the member, the month, whether
/// they attended the branch meeting and paid their dues, and the reasons.
pub const MONTHLY_COLUMNS: [ImportColumn; 10] = [
    RATING_COLUMNS[0],
    RATING_COLUMNS[1],
    RATING_COLUMNS[2],
    col(
        "month",
        "Tháng",
        "Month",
        true,
        "mm/yyyy (hoặc yyyy-mm, hoặc một ngày trong tháng)",
        "10/2026",
    ),
    col(
        "attendance",
        "Sinh hoạt chi bộ",
        "Attendance",
        false,
        "Có mặt, Vắng mặt, Chi bộ không họp, hoặc để trống (chưa ghi)",
        "Vắng mặt",
    ),
    col(
        "absence_reason",
        "Lý do vắng",
        "Absence reason",
        false,
        "Bắt buộc khi vắng có lý do được chấp nhận",
        "Đi làm ăn xa",
    ),
    col(
        "absence_excused",
        "Vắng có lý do được chấp nhận",
        "Absence excused",
        false,
        "x, có hoặc để trống",
        "",
    ),
    col(
        "dues",
        "Đảng phí",
        "Dues",
        false,
        "Đã đóng, Chưa đóng, hoặc để trống (chưa ghi)",
        "Chưa đóng",
    ),
    col(
        "dues_reason",
        "Lý do chưa đóng",
        "Dues reason",
        false,
        "Bắt buộc khi chưa đóng có lý do được chấp nhận",
        "",
    ),
    col(
        "dues_excused",
        "Chưa đóng có lý do được chấp nhận",
        "Dues excused",
        false,
        "x, có hoặc để trống",
        "",
    ),
];

/// The columns of a kind of import.
pub fn columns(kind: ImportKind) -> &'static [ImportColumn] {
    match kind {
        ImportKind::Members => &MEMBER_COLUMNS,
        ImportKind::Ratings => &RATING_COLUMNS,
        ImportKind::Monthly => &MONTHLY_COLUMNS,
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

/// A row's problems, by column key.
pub type RowProblems = Vec<(&'static str, CellError)>;

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

/// A rating level as the minutes write it: the full Vietnamese label, its usual
/// abbreviation, or the code.
pub fn parse_level(text: &str) -> Result<RatingLevel, CellError> {
    let wanted = names::search_key(text);
    let short = wanted.replace(' ', "");
    RatingLevel::ALL
        .iter()
        .find(|l| {
            names::search_key(l.label_vi()) == wanted
                || l.code() == wanted.replace(' ', "_")
                || match l {
                    RatingLevel::Excellent => short == "htxsnv",
                    RatingLevel::Good => short == "htttnv" || short == "httnv",
                    RatingLevel::Completed => short == "htnv",
                    RatingLevel::NotCompleted => short == "khtnv",
                }
        })
        .copied()
        .ok_or((
            "invalid_level",
            format!(
                "“{}”: ghi Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ hoặc Không hoàn thành nhiệm vụ.",
                text.trim()
            ),
        ))
}

/// A score on the 100-point scale, with a decimal comma or point.
pub fn parse_score(text: &str) -> Result<f64, CellError> {
    text.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite())
        .ok_or((
            "invalid_score",
            format!("“{}” không phải là điểm (ví dụ 82,5).", text.trim()),
        ))
}

/// A rating row, read but not yet matched to a member.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingRowIn {
    pub national_id: Option<String>,
    pub party_card_no: Option<String>,
    pub full_name: Option<String>,
    pub year: i32,
    pub level: RatingLevel,
    pub score: Option<f64>,
    pub reasons: Vec<BelowBandReason>,
    pub decision: Option<(String, NaiveDate)>,
}

fn rating_column(key: &str) -> &'static str {
    RATING_COLUMNS
        .iter()
        .find(|c| c.key == key)
        .map(|c| c.key)
        .unwrap_or("level")
}

/// Reads a rating row from its cells; every problem of the row, by column key.
pub fn read_rating_row<'a>(cell: impl Fn(&str) -> &'a str) -> Result<RatingRowIn, RowProblems> {
    let mut problems: RowProblems = Vec::new();
    let text = |key: &str| -> Option<String> {
        let t = cell(key).trim();
        (!t.is_empty()).then(|| t.to_string())
    };
    let (national_id, party_card_no) = (text("national_id"), text("party_card_no"));
    if national_id.is_none() && party_card_no.is_none() {
        problems.push((
            rating_column("national_id"),
            (
                "member_key_required",
                "Cần số CCCD hoặc số thẻ đảng viên để xác định đảng viên.".into(),
            ),
        ));
    }
    let year = match text("year") {
        None => {
            problems.push(("year", ("required", "Thiếu “Năm”.".into())));
            None
        }
        Some(y) => keep(
            &mut problems,
            "year",
            y.parse::<i32>()
                .ok()
                .filter(|y| (1930..=2100).contains(y))
                .ok_or(("invalid_year", format!("“{y}” không phải là năm."))),
        ),
    };
    let level = match text("level") {
        None => {
            problems.push(("level", ("required", "Thiếu “Xếp loại”.".into())));
            None
        }
        Some(l) => keep(&mut problems, "level", parse_level(&l)),
    };
    let score = match text("score") {
        None => Some(None),
        Some(s) => keep(&mut problems, "score", parse_score(&s)).map(Some),
    };
    let mut reasons = Vec::new();
    for code in cell("below_band_reasons")
        .split([';', ','])
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        match BelowBandReason::from_code(code) {
            Some(r) => reasons.push(r),
            None => problems.push((
                "below_band_reasons",
                (
                    "invalid_reason",
                    format!("“{code}” không phải là mã lý do xếp thấp hơn khung điểm."),
                ),
            )),
        }
    }
    let decision = match (text("decision_number"), text("decision_signed_on")) {
        (None, None) => Some(None),
        (Some(n), Some(d)) => {
            keep(&mut problems, "decision_signed_on", parse_date(&d)).map(|d| Some((n, d)))
        }
        (Some(_), None) => {
            problems.push((
                "decision_signed_on",
                (
                    "required",
                    "Có số quyết định thì cần ngày quyết định.".into(),
                ),
            ));
            None
        }
        (None, Some(_)) => {
            problems.push((
                "decision_number",
                (
                    "required",
                    "Có ngày quyết định thì cần số quyết định.".into(),
                ),
            ));
            None
        }
    };
    match (year, level, score, decision) {
        (Some(year), Some(level), Some(score), Some(decision)) if problems.is_empty() => {
            Ok(RatingRowIn {
                national_id,
                party_card_no,
                full_name: text("full_name"),
                year,
                level,
                score,
                reasons,
                decision,
            })
        }
        _ => Err(problems),
    }
}

/// The first day of a month written mm/yyyy, m/yyyy, yyyy-mm, or as any date in it.
pub fn parse_month(text: &str) -> Result<NaiveDate, CellError> {
    let t = text.trim();
    let first = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1);
    let parsed = if let Some((a, b)) = t.split_once('/').filter(|(_, b)| !b.contains('/')) {
        a.parse()
            .ok()
            .zip(b.parse().ok())
            .and_then(|(m, y)| first(y, m))
    } else if let Some((a, b)) = t.split_once('-').filter(|(_, b)| !b.contains('-')) {
        a.parse()
            .ok()
            .zip(b.parse().ok())
            .and_then(|(y, m)| first(y, m))
    } else {
        None
    };
    parsed
        .or_else(|| parse_date(t).ok().and_then(|d| first(d.year(), d.month())))
        .ok_or((
            "invalid_month",
            format!("“{t}” không phải là tháng (mm/yyyy)."),
        ))
}

fn parse_labelled<T: Copy>(
    text: &str,
    all: &[T],
    code: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    error: &'static str,
    hint: &str,
) -> Result<Option<T>, CellError> {
    let wanted = names::search_key(text);
    if wanted.is_empty() {
        return Ok(None);
    }
    all.iter()
        .find(|v| names::search_key(label(**v)) == wanted || code(**v) == wanted.replace(' ', "_"))
        .copied()
        .map(Some)
        .ok_or((error, format!("“{}”: {hint}", text.trim())))
}

/// How a ratings or monthly row names its member.
pub trait NamesMember {
    fn national_id(&self) -> Option<&str>;
    fn party_card_no(&self) -> Option<&str>;
    fn full_name(&self) -> Option<&str>;
}

macro_rules! names_member {
    ($t:ty) => {
        impl NamesMember for $t {
            fn national_id(&self) -> Option<&str> {
                self.national_id.as_deref()
            }
            fn party_card_no(&self) -> Option<&str> {
                self.party_card_no.as_deref()
            }
            fn full_name(&self) -> Option<&str> {
                self.full_name.as_deref()
            }
        }
    };
}

names_member!(RatingRowIn);
names_member!(MonthlyRowIn);

/// A member's month, read but not yet matched to a member.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlyRowIn {
    pub national_id: Option<String>,
    pub party_card_no: Option<String>,
    pub full_name: Option<String>,
    pub month: NaiveDate,
    pub attendance: Option<Attendance>,
    pub absence_reason: Option<String>,
    pub absence_excused: bool,
    pub dues: Option<Dues>,
    pub dues_reason: Option<String>,
    pub dues_excused: bool,
}

/// Reads a monthly row from its cells; every problem of the row, by column key.
pub fn read_monthly_row<'a>(cell: impl Fn(&str) -> &'a str) -> Result<MonthlyRowIn, RowProblems> {
    let mut problems: RowProblems = Vec::new();
    let text = |key: &str| -> Option<String> {
        let t = cell(key).trim();
        (!t.is_empty()).then(|| t.to_string())
    };
    let (national_id, party_card_no) = (text("national_id"), text("party_card_no"));
    if national_id.is_none() && party_card_no.is_none() {
        problems.push((
            "national_id",
            (
                "member_key_required",
                "Cần số CCCD hoặc số thẻ đảng viên để xác định đảng viên.".into(),
            ),
        ));
    }
    let month = match text("month") {
        None => {
            problems.push(("month", ("required", "Thiếu “Tháng”.".into())));
            None
        }
        Some(m) => keep(&mut problems, "month", parse_month(&m)),
    };
    let attendance = keep(
        &mut problems,
        "attendance",
        parse_labelled(
            cell("attendance"),
            Attendance::ALL,
            |a| a.code(),
            |a| a.label_vi(),
            "invalid_attendance",
            "ghi Có mặt, Vắng mặt, Chi bộ không họp hoặc để trống.",
        ),
    );
    let dues = keep(
        &mut problems,
        "dues",
        parse_labelled(
            cell("dues"),
            Dues::ALL,
            |d| d.code(),
            |d| d.label_vi(),
            "invalid_dues",
            "ghi Đã đóng, Chưa đóng hoặc để trống.",
        ),
    );
    let absence_excused = keep(
        &mut problems,
        "absence_excused",
        parse_tick(cell("absence_excused")),
    );
    let dues_excused = keep(
        &mut problems,
        "dues_excused",
        parse_tick(cell("dues_excused")),
    );
    match (month, attendance, dues, absence_excused, dues_excused) {
        (Some(month), Some(attendance), Some(dues), Some(absence_excused), Some(dues_excused))
            if problems.is_empty() =>
        {
            Ok(MonthlyRowIn {
                national_id,
                party_card_no,
                full_name: text("full_name"),
                month,
                attendance,
                absence_reason: text("absence_reason"),
                absence_excused,
                dues,
                dues_reason: text("dues_reason"),
                dues_excused,
            })
        }
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
    fn rating_rows_read_levels_as_minutes_write_them() {
        assert_eq!(
            parse_level("Hoàn thành tốt nhiệm vụ"),
            Ok(RatingLevel::Good)
        );
        assert_eq!(parse_level("HTXSNV"), Ok(RatingLevel::Excellent));
        assert_eq!(parse_level("khtnv"), Ok(RatingLevel::NotCompleted));
        assert_eq!(parse_level("not_completed"), Ok(RatingLevel::NotCompleted));
        assert!(parse_level("Tốt").is_err());
        assert_eq!(parse_score("82,5"), Ok(82.5));
        let cells = row(&[
            ("party_card_no", "62012345"),
            ("year", "2025"),
            ("level", "HTNV"),
            ("score", "75"),
        ]);
        let r = read_rating_row(|k| cells.get(k).copied().unwrap_or("")).unwrap();
        assert_eq!(
            (r.year, r.level, r.score),
            (2025, RatingLevel::Completed, Some(75.0))
        );
        let bad = row(&[
            ("year", "20x5"),
            ("level", "Tốt"),
            ("decision_number", "1-QĐ"),
        ]);
        let cols: Vec<_> = read_rating_row(|k| bad.get(k).copied().unwrap_or(""))
            .unwrap_err()
            .into_iter()
            .map(|(c, (code, _))| (c, code))
            .collect();
        assert_eq!(
            cols,
            vec![
                ("national_id", "member_key_required"),
                ("year", "invalid_year"),
                ("level", "invalid_level"),
                ("decision_signed_on", "required"),
            ]
        );
    }

    #[test]
    fn monthly_rows_read_months_and_labels() {
        let oct = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        for m in ["10/2026", "2026-10", "15/10/2026", "2026-10-31"] {
            assert_eq!(parse_month(m), Ok(oct), "{m}");
        }
        assert!(parse_month("13/2026").is_err());
        let cells = row(&[
            ("national_id", "011078001234"),
            ("month", "10/2026"),
            ("attendance", "vắng mặt"),
            ("dues", "Đã đóng"),
        ]);
        let r = read_monthly_row(|k| cells.get(k).copied().unwrap_or("")).unwrap();
        assert_eq!(
            (r.attendance, r.dues),
            (Some(Attendance::Absent), Some(Dues::Paid))
        );
        let bad = row(&[
            ("party_card_no", "1"),
            ("month", "10/2026"),
            ("attendance", "ốm"),
        ]);
        let cols: Vec<_> = read_monthly_row(|k| bad.get(k).copied().unwrap_or(""))
            .unwrap_err()
            .into_iter()
            .map(|(c, (code, _))| (c, code))
            .collect();
        assert_eq!(cols, vec![("attendance", "invalid_attendance")]);
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
