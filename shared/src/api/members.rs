use crate::ids::{MemberId, TenantId, UnitId};
use crate::member::{Gender, MemberStatus, Membership, StateEmployment};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A member's record as created or replaced (`POST /members`, `PUT /members/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"full_name": "Lò Văn Pọm", "gender": "male", "date_of_birth": "1978-05-12", "ethnicity": 3, "national_id": "011078001234", "party_card_no": "62012345", "phone": "0912345678", "admission_date": "2005-02-03", "official_date": "2006-02-03", "membership": "full", "exempted": false, "suspended": false, "home_unit_id": 87, "state_employment": "none", "higher_managed_cadre": false})))]
pub struct MemberInput {
    pub full_name: String,
    pub gender: Gender,
    pub date_of_birth: NaiveDate,
    /// Code of the GSO list of ethnic groups (1 = Kinh … 54).
    pub ethnicity: u8,
    /// Số CCCD: exactly 12 digits.
    #[serde(default)]
    pub national_id: Option<String>,
    /// Full members only; digits.
    #[serde(default)]
    pub party_card_no: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    pub admission_date: NaiveDate,
    /// Full members only; after the admission date.
    #[serde(default)]
    pub official_date: Option<NaiveDate>,
    pub membership: Membership,
    /// Miễn công tác và sinh hoạt đảng.
    #[serde(default)]
    pub exempted: bool,
    /// Đình chỉ sinh hoạt đảng.
    #[serde(default)]
    pub suspended: bool,
    /// The branch (chi bộ) where the member is officially registered.
    pub home_unit_id: UnitId,
    /// A branch the member attends temporarily.
    #[serde(default)]
    pub temp_unit_id: Option<UnitId>,
    /// The branch at the place of residence that gives opinions.
    #[serde(default)]
    pub residence_unit_id: Option<UnitId>,
    #[serde(default = "no_state_employment")]
    pub state_employment: StateEmployment,
    /// Cán bộ thuộc diện cấp ủy cấp trên quản lý.
    #[serde(default)]
    pub higher_managed_cadre: bool,
}

fn no_state_employment() -> StateEmployment {
    StateEmployment::None
}

/// A member's full record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub id: MemberId,
    pub tenant_id: TenantId,
    pub full_name: String,
    pub gender: Gender,
    pub date_of_birth: NaiveDate,
    pub ethnicity: u8,
    pub national_id: Option<String>,
    pub party_card_no: Option<String>,
    pub phone: Option<String>,
    pub admission_date: NaiveDate,
    pub official_date: Option<NaiveDate>,
    pub membership: Membership,
    pub exempted: bool,
    pub suspended: bool,
    pub status: MemberStatus,
    pub home_unit_id: UnitId,
    pub home_unit_name: String,
    pub temp_unit_id: Option<UnitId>,
    pub residence_unit_id: Option<UnitId>,
    pub state_employment: StateEmployment,
    pub higher_managed_cadre: bool,
    /// Concurrency token; also sent as the `ETag` header.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Member {
    /// The record as an input, for editing.
    pub fn to_input(&self) -> MemberInput {
        MemberInput {
            full_name: self.full_name.clone(),
            gender: self.gender,
            date_of_birth: self.date_of_birth,
            ethnicity: self.ethnicity,
            national_id: self.national_id.clone(),
            party_card_no: self.party_card_no.clone(),
            phone: self.phone.clone(),
            admission_date: self.admission_date,
            official_date: self.official_date,
            membership: self.membership,
            exempted: self.exempted,
            suspended: self.suspended,
            home_unit_id: self.home_unit_id,
            temp_unit_id: self.temp_unit_id,
            residence_unit_id: self.residence_unit_id,
            state_employment: self.state_employment,
            higher_managed_cadre: self.higher_managed_cadre,
        }
    }
}

/// A row of a member list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberSummary {
    pub id: MemberId,
    pub full_name: String,
    pub gender: Gender,
    pub date_of_birth: NaiveDate,
    pub ethnicity: u8,
    pub membership: Membership,
    pub exempted: bool,
    pub status: MemberStatus,
    pub home_unit_id: UnitId,
    pub home_unit_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberPage {
    pub items: Vec<MemberSummary>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// How many members match: only when asked for (`with_total=true`) on the first page
    /// (no `cursor`).
    pub total: Option<u64>,
}

/// Sort orders of a member list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MemberSort {
    /// Vietnamese roster order: given name, middle name, family name.
    #[default]
    Roster,
    /// Full name as written (family name first), ignoring diacritics.
    FullName,
    /// Date of birth, oldest first.
    DateOfBirth,
    /// Admission date, earliest first.
    AdmissionDate,
}

impl MemberSort {
    pub const ALL: [MemberSort; 4] = [
        MemberSort::Roster,
        MemberSort::FullName,
        MemberSort::DateOfBirth,
        MemberSort::AdmissionDate,
    ];

    pub fn label_vi(self) -> &'static str {
        match self {
            MemberSort::Roster => "Theo tên (thứ tự danh sách)",
            MemberSort::FullName => "Theo họ và tên",
            MemberSort::DateOfBirth => "Theo ngày sinh",
            MemberSort::AdmissionDate => "Theo ngày vào Đảng",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            MemberSort::Roster => "roster",
            MemberSort::FullName => "full_name",
            MemberSort::DateOfBirth => "date_of_birth",
            MemberSort::AdmissionDate => "admission_date",
        }
    }
}

/// Filters of `GET /api/v1/members`. All optional; they combine with AND.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct MemberQuery {
    /// Only members registered in this unit's subtree.
    pub unit: Option<UnitId>,
    /// Name search; ignores case and diacritics; exact matches first.
    pub q: Option<String>,
    /// Default `active`.
    pub status: Option<MemberStatus>,
    pub membership: Option<Membership>,
    pub gender: Option<Gender>,
    pub ethnicity: Option<u8>,
    /// Index into the age bands of the settings (0 = youngest band).
    pub age_band: Option<u8>,
    pub exempted: Option<bool>,
    /// Default `roster`. A name search is ordered by relevance, then by this.
    pub sort: Option<MemberSort>,
    /// 1 to 200, default 50.
    pub limit: Option<u32>,
    pub cursor: Option<String>,
    /// Also count every match (`total`), with the first page only. Off by default: the
    /// count reads every matching row, the page only `limit` of them.
    pub with_total: Option<bool>,
}
