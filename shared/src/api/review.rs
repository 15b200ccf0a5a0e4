//! Review inputs and rounds (issue 4): ratings, discipline and violations, monthly
//! attendance and dues, review rounds, and the suggestions detection makes.

use crate::attendance::{Attendance, Dues};
use crate::criteria::{CasePath, Criterion};
use crate::detection::Evidence;
use crate::discipline::{DisciplineForm, DisciplineKind, EffectPeriod};
use crate::ids::{MemberId, TenantId, UnitId};
use crate::member::Membership;
use crate::rating::{
    BelowBandReason, NotRateable, PeriodKey, QuotaCheck, RatingLevel, RatingPeriod,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A regulation as cited by a record: number and date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegulationRef {
    /// "366-QĐ/TW"
    pub code: String,
    pub signed_on: NaiveDate,
    pub effective_from: NaiveDate,
    pub title_vi: String,
}

/// A document of a Party body that a record rests on: its number ("12-QĐ/ĐU") and date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DocumentRef {
    pub number: String,
    pub signed_on: NaiveDate,
}

/// A member as a row of an entry sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SheetMember {
    pub id: MemberId,
    pub full_name: String,
    pub membership: Membership,
    pub exempted: bool,
    pub suspended: bool,
    pub admission_date: NaiveDate,
}

// ---------------------------------------------------------------------------------------
// Ratings

/// One rating of one member for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating {
    pub id: i64,
    pub member_id: MemberId,
    /// The branch where the member was rated (their official branch at the time).
    pub unit_id: UnitId,
    pub period: PeriodKey,
    pub level: RatingLevel,
    /// QĐ 366 only: the score out of 100.
    pub score: Option<f64>,
    /// QĐ 366 only: the level the score's band gives.
    pub band: Option<RatingLevel>,
    pub below_band_reasons: Vec<BelowBandReason>,
    pub note: Option<String>,
    /// The regulation that governed it.
    pub regulation_code: String,
    /// The competent body's decision that recognised it.
    pub decision: Option<DocumentRef>,
    /// The excellent quota (percent of those rated good) that applied to its group.
    pub quota_pct: u8,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// `GET /api/v1/units/{id}/rating-sheet`: which period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct RatingSheetQuery {
    pub year: i32,
    /// Default `year`.
    pub period: Option<RatingPeriod>,
    /// 1–4 with `period=quarter`.
    pub quarter: Option<u8>,
}

impl RatingSheetQuery {
    pub fn key(&self) -> PeriodKey {
        PeriodKey {
            year: self.year,
            period: self.period.unwrap_or(RatingPeriod::Year),
            quarter: self.quarter,
        }
    }
}

/// A branch's rating sheet: every active member registered there, rated or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingSheet {
    pub unit_id: UnitId,
    pub unit_name: String,
    pub period: PeriodKey,
    /// The rule in force at the end of the period.
    pub regulation: RegulationRef,
    /// Whether scores are entered (QĐ 366).
    pub uses_scores: bool,
    /// The excellent quota over this sheet (the comparable group).
    pub quota: QuotaCheck,
    pub rows: Vec<RatingSheetRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingSheetRow {
    pub member: SheetMember,
    /// Why the member is not rated for this period, if they are not.
    pub not_rateable: Option<NotRateable>,
    pub rating: Option<Rating>,
}

/// `PUT /api/v1/units/{id}/rating-sheet`: ratings for some or all of a branch's members,
/// saved all together or not at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"period": {"year": 2025, "period": "year"}, "outstanding_unit": false, "decision": {"number": "45-QĐ/ĐU", "signed_on": "2025-12-20"}, "entries": [{"member_id": 1203, "level": "not_completed", "score": 45.0, "below_band_reasons": [], "note": null, "version": null}]})))]
pub struct RatingSheetInput {
    pub period: PeriodKey,
    /// QĐ 366: the competent level found the unit's results outstanding, so the excellent
    /// quota is 25 % of those rated good instead of 20 %.
    #[serde(default)]
    pub outstanding_unit: bool,
    /// The competent body's decision recognising the ratings.
    #[serde(default)]
    pub decision: Option<DocumentRef>,
    pub entries: Vec<RatingEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RatingEntry {
    pub member_id: MemberId,
    pub level: RatingLevel,
    #[serde(default)]
    pub score: Option<f64>,
    #[serde(default)]
    pub below_band_reasons: Vec<BelowBandReason>,
    #[serde(default)]
    pub note: Option<String>,
    /// The version of the rating being changed (as read); absent for a new rating. A
    /// stale version refuses the whole sheet with 412.
    #[serde(default)]
    pub version: Option<i64>,
}

// ---------------------------------------------------------------------------------------
// Discipline and violations

/// `POST /api/v1/members/{id}/discipline`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"kind": "party", "form": "warning", "decided_by": "Ủy ban Kiểm tra Đảng ủy phường Him Lam", "decision": {"number": "12-QĐ/UBKT", "signed_on": "2026-03-10"}, "announced_on": "2026-03-15", "violation_on": "2026-01-20", "violation_summary": "Vi phạm quy định về những điều đảng viên không được làm"})))]
pub struct DisciplineInput {
    pub kind: DisciplineKind,
    pub form: DisciplineForm,
    /// The body that decided ("Chi bộ Bản Noọng", "Ủy ban Kiểm tra Tỉnh ủy").
    pub decided_by: String,
    /// The decision: number and date signed.
    pub decision: DocumentRef,
    /// When it was announced (takes effect); default the date signed.
    #[serde(default)]
    pub announced_on: Option<NaiveDate>,
    /// The violation punished: when, and what.
    pub violation_on: NaiveDate,
    pub violation_summary: String,
    /// State discipline only: the end of the period the decision states, when it states
    /// one (the decrees' lengths vary). Party discipline's period is computed.
    #[serde(default)]
    pub effective_until: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisciplineRecord {
    pub id: i64,
    pub member_id: MemberId,
    pub kind: DisciplineKind,
    pub form: DisciplineForm,
    pub decided_by: String,
    pub decision: DocumentRef,
    pub announced_on: NaiveDate,
    pub violation_on: NaiveDate,
    pub violation_summary: String,
    /// The catalogue (regulation) the form was taken from.
    pub regulation_code: String,
    /// In effect from the announcement to `until` (last day; none for expulsion), with the
    /// member's later violations applied as the settings say.
    pub effect: EffectPeriod,
    /// Whether the form is of the level criterion A2 names (warning or above).
    pub counts_for_a2: bool,
    pub recorded_at: DateTime<Utc>,
}

/// `POST /api/v1/members/{id}/violations`: a violation found (by a branch meeting, an
/// inspection, a complaint), whether or not discipline followed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"occurred_on": "2026-04-02", "summary": "Vi phạm quy định về phòng, chống tệ nạn xã hội", "source": "Công an xã thông báo"})))]
pub struct ViolationInput {
    pub occurred_on: NaiveDate,
    pub summary: String,
    /// Where it was established (minutes, conclusion), with number and date if any.
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ViolationRecord {
    pub id: i64,
    pub member_id: MemberId,
    pub occurred_on: NaiveDate,
    pub summary: String,
    pub source: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

// ---------------------------------------------------------------------------------------
// Monthly attendance and dues

/// One member's month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthlyRecord {
    pub id: i64,
    pub member_id: MemberId,
    /// The first day of the month.
    pub month: NaiveDate,
    pub attendance: Option<Attendance>,
    pub absence_reason: Option<String>,
    /// The branch accepted the reason as good (lý do chính đáng).
    pub absence_excused: bool,
    pub dues: Option<Dues>,
    pub dues_reason: Option<String>,
    pub dues_excused: bool,
    pub version: i64,
}

/// `GET /api/v1/units/{id}/monthly-sheet?month=2025-03-01`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct MonthlySheetQuery {
    /// The first day of the month.
    pub month: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthlySheet {
    pub unit_id: UnitId,
    pub unit_name: String,
    pub month: NaiveDate,
    pub rows: Vec<MonthlySheetRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthlySheetRow {
    pub member: SheetMember,
    pub record: Option<MonthlyRecord>,
}

/// `PUT /api/v1/units/{id}/monthly-sheet`: the month for some or all members, all or
/// nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"month": "2026-10-01", "entries": [{"member_id": 1203, "attendance": "absent", "absence_reason": "Đi làm ăn xa", "absence_excused": false, "dues": "unpaid", "dues_excused": false, "version": 3}, {"member_id": 1204, "attendance": "present", "dues": "paid"}]})))]
pub struct MonthlySheetInput {
    pub month: NaiveDate,
    pub entries: Vec<MonthlyEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MonthlyEntry {
    pub member_id: MemberId,
    #[serde(default)]
    pub attendance: Option<Attendance>,
    #[serde(default)]
    pub absence_reason: Option<String>,
    #[serde(default)]
    pub absence_excused: bool,
    #[serde(default)]
    pub dues: Option<Dues>,
    #[serde(default)]
    pub dues_reason: Option<String>,
    #[serde(default)]
    pub dues_excused: bool,
    /// The version read; absent for a new month. Stale → 412 for the whole sheet.
    #[serde(default)]
    pub version: Option<i64>,
}

/// `GET /api/v1/members/{id}/review-record`: everything review reads about one member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewRecord {
    pub member_id: MemberId,
    pub ratings: Vec<Rating>,
    pub discipline: Vec<DisciplineRecord>,
    pub violations: Vec<ViolationRecord>,
    /// The last 36 months on record, newest first.
    pub months: Vec<MonthlyRecord>,
    pub cases: Vec<CaseBrief>,
}

// ---------------------------------------------------------------------------------------
// Rounds and suggestions

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoundStatus {
    Open,
    Closed,
}

impl RoundStatus {
    pub fn code(self) -> &'static str {
        match self {
            RoundStatus::Open => "open",
            RoundStatus::Closed => "closed",
        }
    }
    pub fn label_vi(self) -> &'static str {
        match self {
            RoundStatus::Open => "Đang rà soát",
            RoundStatus::Closed => "Đã kết thúc",
        }
    }
}

/// `POST /api/v1/review-rounds`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"unit_id": 12, "title": "Rà soát, sàng lọc đảng viên năm 2026", "period_from": "2026-01-01", "period_to": "2026-12-31"})))]
pub struct RoundInput {
    /// The scope: a branch, a grassroots organisation, a tenant, or the province.
    pub unit_id: UnitId,
    /// "Rà soát đảng viên năm 2025"
    pub title: String,
    /// The period reviewed, both ends included.
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuggestionCounts {
    pub pending: u32,
    pub confirmed: u32,
    pub dismissed: u32,
}

impl SuggestionCounts {
    /// Counts `n` suggestions of `status` (withdrawn ones are not counted).
    pub fn add(&mut self, status: SuggestionStatus, n: u32) {
        match status {
            SuggestionStatus::Pending => self.pending += n,
            SuggestionStatus::Confirmed => self.confirmed += n,
            SuggestionStatus::Dismissed => self.dismissed += n,
            SuggestionStatus::Withdrawn => {}
        }
    }

    pub fn absorb(&mut self, other: SuggestionCounts) {
        self.pending += other.pending;
        self.confirmed += other.confirmed;
        self.dismissed += other.dismissed;
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Round {
    pub id: i64,
    pub tenant_id: TenantId,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub title: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    /// The guidance the round follows (02-HD/BTCTW).
    pub regulation_code: String,
    pub status: RoundStatus,
    pub opened_by: Option<String>,
    pub opened_at: DateTime<Utc>,
    pub closed_by: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    /// When detection last ran over the round.
    pub detected_at: Option<DateTime<Utc>>,
    pub counts: SuggestionCounts,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct RoundQuery {
    /// Rounds whose scope is this unit, one of its ancestors or one of its descendants.
    pub unit: Option<UnitId>,
    pub status: Option<RoundStatus>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundList {
    pub items: Vec<Round>,
}

/// What a detection run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DetectionRun {
    pub members_examined: u32,
    /// Suggestions made for the first time.
    pub added: u32,
    /// Pending suggestions whose reason or evidence changed.
    pub updated: u32,
    /// Pending suggestions the inputs no longer support (kept, marked withdrawn).
    pub withdrawn: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SuggestionStatus {
    Pending,
    Confirmed,
    Dismissed,
    /// Detection no longer finds it (the inputs were corrected).
    Withdrawn,
}

impl SuggestionStatus {
    pub const ALL: [SuggestionStatus; 4] = [
        SuggestionStatus::Pending,
        SuggestionStatus::Confirmed,
        SuggestionStatus::Dismissed,
        SuggestionStatus::Withdrawn,
    ];
    pub fn code(self) -> &'static str {
        match self {
            SuggestionStatus::Pending => "pending",
            SuggestionStatus::Confirmed => "confirmed",
            SuggestionStatus::Dismissed => "dismissed",
            SuggestionStatus::Withdrawn => "withdrawn",
        }
    }
    pub fn from_code(code: &str) -> Option<SuggestionStatus> {
        SuggestionStatus::ALL.into_iter().find(|s| s.code() == code)
    }
    pub fn label_vi(self) -> &'static str {
        match self {
            SuggestionStatus::Pending => "Chờ xem xét",
            SuggestionStatus::Confirmed => "Đã xác nhận",
            SuggestionStatus::Dismissed => "Đã bỏ qua",
            SuggestionStatus::Withdrawn => "Không còn căn cứ",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SuggestionSource {
    /// Computed from the records.
    Detected,
    /// Entered by a person with the conclusion behind it.
    Entered,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suggestion {
    pub id: i64,
    pub round_id: i64,
    pub member_id: MemberId,
    pub member_name: String,
    /// The member's branch.
    pub unit_id: UnitId,
    pub unit_name: String,
    pub criterion: Criterion,
    pub source: SuggestionSource,
    /// In plain Vietnamese: "không hoàn thành nhiệm vụ năm 2024 và 2025".
    pub reason_vi: String,
    pub evidence: Vec<Evidence>,
    pub status: SuggestionStatus,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub note: Option<String>,
    /// The draft case a confirmation opened.
    pub case_id: Option<i64>,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct SuggestionQuery {
    /// Only members registered in this unit's subtree.
    pub unit: Option<UnitId>,
    pub status: Option<SuggestionStatus>,
    pub criterion: Option<Criterion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuggestionList {
    pub items: Vec<Suggestion>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Put the member on the draft list: opens (or joins) a draft case.
    Confirm,
    /// Not listed; the note says why.
    Dismiss,
}

/// `POST /api/v1/suggestions/{id}/decision` (with `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"decision": "dismiss", "note": "Đồng chí vắng có lý do chính đáng (điều trị tại bệnh viện)."})))]
pub struct SuggestionDecision {
    pub decision: Decision,
    /// Required to dismiss.
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /api/v1/review-rounds/{id}/suggestions`: a ground that software cannot infer
/// (A3, A4, B3, B5–B10), entered with the conclusion or decision behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"member_id": 1203, "criterion": "A4_EXEMPLARY_PROHIBITIONS_PRESTIGE", "reason_vi": "Chi bộ xác định đảng viên vi phạm trách nhiệm nêu gương", "document": {"number": "05-BB/CB", "signed_on": "2026-05-12"}, "issued_by": "Chi bộ bản Him Lam 1"})))]
pub struct EnteredSuggestionInput {
    pub member_id: MemberId,
    pub criterion: Criterion,
    /// What was concluded, in plain Vietnamese.
    pub reason_vi: String,
    /// The conclusion (kết luận) or decision, with the body that issued it.
    pub document: DocumentRef,
    pub issued_by: String,
}

/// A case as a suggestion's confirmation opened it (the next stage carries it on).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseBrief {
    pub id: i64,
    pub member_id: MemberId,
    pub round_id: Option<i64>,
    pub path: CasePath,
    pub state: crate::cases::CaseState,
    pub criteria: Vec<Criterion>,
    pub opened_at: DateTime<Utc>,
}

/// One row of a round's progress: a unit of the scope and what lies under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressRow {
    pub unit_id: UnitId,
    pub unit_name: String,
    /// Branches (and grassroots cells) under it that hold members.
    pub branches: u32,
    /// Of those, the ones that declared their review done.
    pub branches_reviewed: u32,
    pub counts: SuggestionCounts,
}

/// `GET /api/v1/review-rounds/{id}/progress?unit=`: the children of `unit` (default the
/// round's scope), each with its branches and suggestions, and their total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundProgress {
    pub round_id: i64,
    pub unit_id: UnitId,
    pub rows: Vec<ProgressRow>,
    pub total: ProgressRow,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct ProgressQuery {
    pub unit: Option<UnitId>,
}
