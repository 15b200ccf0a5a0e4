//! Screening cases over HTTP (issue 5): the board and lists, a case with its timeline,
//! votes, documents and deadlines, the transitions, progress notes, the to-do queue, the
//! exit register and the working-day calendar.

use crate::cases::authority::Bodies;
use crate::cases::calendar::DayKind;
use crate::cases::deadline::Deadline;
use crate::cases::document::{DocumentKind, SigningCapacity};
use crate::cases::exit::Readmission;
use crate::cases::machine::{AppealResult, OutcomeChoice};
use crate::cases::vote::{BodyType, BranchRoll, ThresholdRule, VoteMethod};
use crate::cases::{Capacity, CaseState, Outcome, RemovalForm, TransitionKind};
use crate::criteria::{CasePath, Criterion};
use crate::ids::{MemberId, TenantId, UnitId, UserId};
use crate::member::Membership;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A case as a row of the board or a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSummary {
    pub id: i64,
    pub tenant_id: TenantId,
    pub member_id: MemberId,
    pub member_name: String,
    /// The member's branch (where the case is handled).
    pub unit_id: UnitId,
    pub unit_name: String,
    pub round_id: Option<i64>,
    pub path: CasePath,
    pub state: CaseState,
    pub criteria: Vec<Criterion>,
    pub removal_form: Option<RemovalForm>,
    pub outcome: Option<Outcome>,
    /// The next deadline in force, if any.
    pub due: Option<Deadline>,
    pub opened_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// `GET /api/v1/cases`: filters combine with AND.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct CaseQuery {
    /// Only cases of members of this unit's subtree.
    pub unit: Option<UnitId>,
    pub state: Option<CaseState>,
    /// `true`: only open cases; `false`: only ended ones. Default both.
    pub open: Option<bool>,
    /// Only cases whose deadline has passed.
    pub overdue: Option<bool>,
    pub member: Option<MemberId>,
    /// 1 to 200, default 50.
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// How many cases of the filtered set are in one state (the board's columns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StateCount {
    pub state: CaseState,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseList {
    /// Newest first.
    pub items: Vec<CaseSummary>,
    pub next_cursor: Option<String>,
    /// Counts by state of everything the filters match except `state` (first page only).
    pub counts: Vec<StateCount>,
}

/// A recorded vote (DOMAIN.md §8.1 `vote`, §9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Vote {
    pub id: i64,
    pub transition: TransitionKind,
    pub body_type: BodyType,
    pub body_unit_id: UnitId,
    pub method: VoteMethod,
    /// For a branch: the roll the base was computed from.
    pub roll: Option<BranchRoll>,
    /// Eligible members (branch) or the body's members (committees).
    pub base: u32,
    pub present: u32,
    pub yes: u32,
    pub no: u32,
    pub invalid: u32,
    pub rule: ThresholdRule,
    /// The regulation the rule comes from.
    pub regulation: String,
    pub required_yes: u32,
    pub passed: bool,
    /// 1 for the first vote at this step, 2 after one failed, …
    pub round_no: u32,
    pub held_on: NaiveDate,
}

/// A document as recorded (its content is fixed when the step is recorded) and as it
/// prints (DOMAIN.md §11 layout).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseDocument {
    pub id: i64,
    pub case_id: i64,
    pub kind: DocumentKind,
    /// "03-NQ/CB"; none for minutes and the member's own letters.
    pub number: Option<String>,
    pub issuer_unit_id: UnitId,
    /// "CHI BỘ BẢN PHÚ LUÔNG" (top left, bold).
    pub issuer_name: String,
    /// "ĐẢNG BỘ XÃ MƯỜNG PỒN" (top left, above the issuer).
    pub superior_name: String,
    /// "Mường Pồn, ngày 24 tháng 6 năm 2022"
    pub place_date: String,
    pub signed_on: NaiveDate,
    /// "NGHỊ QUYẾT"
    pub heading: String,
    /// The subject line below the heading.
    pub subject: String,
    pub paragraphs: Vec<String>,
    pub signing: SigningCapacity,
    /// "T/M CHI BỘ"
    pub on_behalf: Option<String>,
    /// "BÍ THƯ"
    pub signer_title: String,
    pub signer_name: String,
    /// "Nơi nhận:" lines.
    pub recipients: Vec<String>,
    pub created_at: DateTime<Utc>,
}

/// A document in a case's list (no body).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentBrief {
    pub id: i64,
    pub kind: DocumentKind,
    pub number: Option<String>,
    pub signed_on: NaiveDate,
    pub issuer_name: String,
}

/// One act on the case's timeline (append-only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseEvent {
    pub id: i64,
    pub transition: TransitionKind,
    pub from_state: CaseState,
    pub to_state: CaseState,
    pub capacity: Capacity,
    pub actor_user_id: Option<UserId>,
    pub actor_name: String,
    /// The day of the act (meeting, decision, receipt).
    pub on: NaiveDate,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
    pub vote_id: Option<i64>,
    pub document_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelperAssignment {
    pub helper_member_id: MemberId,
    pub helper_name: String,
    /// The branch resolution that assigned them.
    pub resolution_id: Option<i64>,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

labelled_enum!(
    NoteKind {
        Progress = ("progress", "Ghi chép theo dõi", "Progress note"),
        HelperEvaluation = ("helper_evaluation", "Nhận xét của người giúp đỡ", "Helper's evaluation"),
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressNote {
    pub id: i64,
    pub kind: NoteKind,
    pub author_name: String,
    pub written_on: NaiveDate,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

/// `POST /api/v1/cases/{id}/notes`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"kind": "progress", "written_on": "2026-07-01", "text": "Đồng chí đã tham gia đầy đủ sinh hoạt chi bộ tháng 6."})))]
pub struct NoteInput {
    pub kind: NoteKind,
    /// Default today.
    pub written_on: Option<NaiveDate>,
    pub text: String,
}

/// The names of the bodies acting on the case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseBodies {
    pub ids: Bodies,
    pub branch_name: String,
    pub grassroots_name: Option<String>,
    pub direct_upper_name: String,
    pub competent_name: String,
    pub appeal_name: String,
}

/// `GET /api/v1/cases/{id}`: everything the case page shows, with the acts this caller
/// may record now (computed by `cases::machine::available`, as the server decides).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseDetail {
    pub case: CaseSummary,
    pub membership: Membership,
    pub exempted: bool,
    pub bodies: CaseBodies,
    pub education_start: Option<NaiveDate>,
    pub education_due: Option<NaiveDate>,
    pub extensions: u32,
    pub self_review_requests: u32,
    pub self_review_received: bool,
    pub self_review_refused: bool,
    /// Failed votes at the current step.
    pub failed_rounds: u32,
    /// Went up to the competent body after failed votes below.
    pub escalated: bool,
    pub decision_signed_on: Option<NaiveDate>,
    pub decision_received_on: Option<NaiveDate>,
    pub appeal_window_end: Option<NaiveDate>,
    pub appeal_filed_on: Option<NaiveDate>,
    pub appeal_result: Option<AppealResult>,
    pub final_on: Option<NaiveDate>,
    pub deadlines: Vec<Deadline>,
    pub events: Vec<CaseEvent>,
    pub votes: Vec<Vote>,
    pub documents: Vec<DocumentBrief>,
    pub helpers: Vec<HelperAssignment>,
    pub notes: Vec<ProgressNote>,
    /// The roll a branch vote would be counted against today.
    pub roll: BranchRoll,
    /// The caller's capacities toward this case.
    pub capacities: Vec<Capacity>,
    /// What the caller may record now.
    pub available: Vec<TransitionKind>,
    /// The caller may add a progress note (branch officers, the helper).
    pub may_note: bool,
}

/// The tallies of a vote as entered. For a branch the base is the roll (computed by the
/// server); for a committee it is `body_size`, the number of its members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VoteInput {
    /// Default: secret ballot (required for listing).
    pub method: Option<VoteMethod>,
    /// Committees only: how many members the body has.
    pub body_size: Option<u32>,
    pub present: u32,
    pub yes: u32,
    pub no: u32,
    pub invalid: u32,
}

/// The competent body's decision document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    /// The number as issued ("12"), when the body numbered it outside the system; default
    /// the next number of the issuer.
    pub number: Option<i64>,
    pub signer_name: String,
    /// Default "BÍ THƯ".
    pub signer_title: Option<String>,
    /// The day the member received it (the appeal window runs from it).
    pub received_on: NaiveDate,
}

/// `POST /api/v1/cases/{id}/transitions` (with `If-Match`). `action` names the act; the
/// other fields are those the act needs (the API answers 422 naming a missing one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"action": "listing_vote", "on": "2026-05-20", "vote": {"method": "secret_ballot", "present": 18, "yes": 15, "no": 3, "invalid": 0}})))]
pub struct TransitionRequest {
    pub action: TransitionKind,
    /// The day of the act (meeting, decision, letter); default today; never in the future.
    pub on: Option<NaiveDate>,
    /// Remarks for the timeline and the document's body.
    pub note: Option<String>,
    /// `listing_vote`, `outcome_vote`, `removal_vote`, `grassroots_vote`, `decide` (not for
    /// an expulsion, which records the decision only).
    pub vote: Option<VoteInput>,
    /// `record_upper_guidance`: the upper committee agrees with listing the member.
    pub agree: Option<bool>,
    /// `outcome_vote`: what the branch voted on.
    pub choice: Option<OutcomeChoice>,
    /// `removal_vote`, `outcome_vote` with `remove`: the form proposed.
    pub form: Option<RemovalForm>,
    /// `outcome_vote` with `remove`: B4 (after 12 months) or B11 (default).
    pub ground: Option<Criterion>,
    /// `assign_helper`
    pub helper_member_id: Option<MemberId>,
    /// `outcome_vote` with `continue`: months of the new period (default the setting).
    pub extension_months: Option<u32>,
    /// `record_commitment`, `record_self_review`, `file_appeal`, `close`: the text.
    pub text: Option<String>,
    /// `record_self_review`: the member deliberately refused to write it.
    pub refused: Option<bool>,
    /// `decide`: the decision.
    pub decision: Option<DecisionInput>,
    /// `decide` for an expulsion: whether the competent body expelled.
    pub adopted: Option<bool>,
    /// `resolve_appeal`
    pub appeal_result: Option<AppealResult>,
    /// `finalise` of a voluntary exit… and any act: the member is in extremely difficult
    /// family circumstances (re-admission is then not barred).
    pub family_hardship: Option<bool>,
    /// The signer of the document the act produces (default the caller's name).
    pub signer_name: Option<String>,
}

/// The result of a transition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransitionResult {
    pub case: CaseDetail,
    pub event_id: i64,
    pub vote: Option<Vote>,
    pub documents: Vec<DocumentBrief>,
}

/// `POST /api/v1/cases`: a member's request to leave the Party, recorded by the branch
/// or by the member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"member_id": 1203, "letter_date": "2026-06-02", "reason": "Hoàn cảnh gia đình khó khăn, xin ra khỏi Đảng"})))]
pub struct ExitRequestInput {
    pub member_id: MemberId,
    /// The letter's date; default today.
    pub letter_date: Option<NaiveDate>,
    /// The reasons the member gives.
    pub reason: String,
}

/// One case on a user's to-do queue: something this user may record now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    pub case: CaseSummary,
    pub capacities: Vec<Capacity>,
    pub actions: Vec<TransitionKind>,
}

/// `GET /api/v1/cases/queue`: most urgent first (overdue, then by deadline, then oldest).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseQueue {
    pub items: Vec<QueueItem>,
    /// More cases wait than the queue lists (it lists the first 200).
    pub truncated: bool,
}

/// A line of the register of members who left the Party (DOMAIN.md §8.7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExitEntry {
    pub id: i64,
    pub member_id: MemberId,
    pub member_name: String,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub case_id: i64,
    pub form: RemovalForm,
    pub grounds: Vec<Criterion>,
    pub decision_number: Option<String>,
    /// The decision's document, for its printed page.
    pub decision_document_id: Option<i64>,
    /// The day the decision became final (the member's status changed).
    pub effective_on: NaiveDate,
    pub readmission: Readmission,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct ExitQuery {
    pub unit: Option<UnitId>,
    pub year: Option<i32>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExitList {
    pub items: Vec<ExitEntry>,
    pub next_cursor: Option<String>,
}

/// A day of the calendar that differs from the Monday-to-Friday week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name_vi: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct CalendarQuery {
    /// Default the current year.
    pub year: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarYear {
    pub year: i32,
    pub days: Vec<CalendarDay>,
    /// Working days in the year under this calendar.
    pub working_days: u32,
}

/// `PUT /api/v1/calendar/{date}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"kind": "holiday", "name_vi": "Nghỉ bù Quốc khánh"})))]
pub struct CalendarDayInput {
    pub kind: DayKind,
    pub name_vi: String,
}
