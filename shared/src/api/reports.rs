//! The screening report, the member lists behind its counts, and membership statistics.

use crate::MemberId;
use crate::UnitId;
use crate::org::OrgType;
use crate::reports::{Column, ColumnGroup, Period};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// `GET /api/v1/reports/screening` (and its `.xlsx` and `.csv` exports). Without `unit`,
/// the top of the caller's scope (the province for province-wide roles). The period is
/// `from`–`to` (both inclusive), or a review round's period (`round`), or the year to
/// date.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct ScreeningQuery {
    pub unit: Option<UnitId>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// A review round whose period the report covers (not with `from`/`to`).
    pub round: Option<i64>,
}

/// A unit as the report names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportUnit {
    pub id: UnitId,
    pub name: String,
    pub org_type: OrgType,
    /// Whether it has units under it (the report can drill into it).
    pub has_children: bool,
}

/// A column as the report describes it, so a client needs nothing but the response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ColumnInfo {
    pub code: Column,
    pub group: ColumnGroup,
    pub label_vi: String,
    pub label_en: String,
}

/// One line of the report: a unit directly under the reported one, or (`direct`) the
/// members and cases registered at the reported unit itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportRow {
    pub unit: ReportUnit,
    /// The row counts what is registered at `unit` itself, not below it.
    pub direct: bool,
    /// One count per column, in the order of `columns`.
    pub counts: Vec<i64>,
    /// Median days from the listing to an outcome reached in the period (recognised
    /// improved, or a removal made final); absent when no case reached one. Not additive.
    pub median_days_to_outcome: Option<f64>,
}

impl ReportRow {
    pub fn count(&self, column: Column) -> i64 {
        self.counts.get(column.index()).copied().unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScreeningReport {
    pub unit: ReportUnit,
    /// From the top of the caller's scope down to `unit` (for the drill-down trail).
    pub trail: Vec<ReportUnit>,
    /// The province's name, for the title.
    pub province_name: String,
    pub period: Period,
    pub round: Option<i64>,
    /// The year N of "not completed in N and N−1".
    pub rating_year: i32,
    pub columns: Vec<ColumnInfo>,
    pub rows: Vec<ReportRow>,
    /// The sum of the rows (the median over all their cases).
    pub total: ReportRow,
    pub generated_at: NaiveDateTime,
}

/// `GET /api/v1/reports/screening/members`: who is behind one count.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct ReportMembersQuery {
    /// The row's unit (its subtree; with `direct=true`, the unit itself only).
    pub unit: Option<UnitId>,
    pub direct: Option<bool>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub round: Option<i64>,
    pub column: Option<Column>,
    /// 1 to 200, default 50.
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// A member behind a count; a case column names the case too (a member with two cases
/// counted in one column appears twice, as the count counts cases).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportMember {
    pub member_id: MemberId,
    pub full_name: String,
    pub home_unit_id: UnitId,
    pub home_unit_name: String,
    pub case_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportMemberPage {
    pub column: Column,
    /// The unit listed (with `direct`, only what is registered at it) and the period.
    pub unit: ReportUnit,
    pub direct: bool,
    pub period: Period,
    /// The count in the report (the number of rows over all pages).
    pub total: i64,
    pub items: Vec<ReportMember>,
    pub next_cursor: Option<String>,
}

/// `GET /api/v1/reports/membership`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct MembershipQuery {
    pub unit: Option<UnitId>,
    /// The reference date of ages (default today).
    pub as_of: Option<NaiveDate>,
}

/// How many members fall in one bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bucket {
    pub code: String,
    pub label_vi: String,
    pub label_en: String,
    pub count: i64,
}

/// The rating distribution of one year (yearly ratings of members now in the subtree).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingYear {
    pub year: i32,
    pub levels: Vec<Bucket>,
}

/// Active members of a subtree by their characteristics. Every breakdown adds up to
/// `total`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MembershipStats {
    pub unit: ReportUnit,
    pub trail: Vec<ReportUnit>,
    pub as_of: NaiveDate,
    pub total: i64,
    pub by_membership: Vec<Bucket>,
    pub exempted: i64,
    pub by_gender: Vec<Bucket>,
    pub by_age_band: Vec<Bucket>,
    /// Every ethnicity with members, largest first.
    pub by_ethnicity: Vec<Bucket>,
    /// By the type of the member's own unit (branch, grassroots cell, …).
    pub by_org_type: Vec<Bucket>,
    pub ratings: Vec<RatingYear>,
}
