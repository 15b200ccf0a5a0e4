//! The typed client of `/api/v1`, over the request and response bodies of `rasoat_shared`.
//!
//! Every answer that is not 2xx becomes an [`ApiError`] carrying the shared [`ErrorCode`]
//! read from the RFC 9457 problem body, so that the UI shows `ErrorCode::message_vi()` and
//! never a raw status or server text. The session lives in an HttpOnly cookie that the
//! browser sends by itself; this module only adds the CSRF header to writes.

use crate::renewal;
use chrono::NaiveDate;
use gloo_net::http::{Request, RequestBuilder, Response};
use rasoat_shared::api::audit::{AuditPage, AuditQuery};
use rasoat_shared::api::auth::{LoginRequest, LoginResponse, Me, PasswordChange};
use rasoat_shared::api::cases::{
    CalendarDay, CalendarDayInput, CalendarYear, CaseDetail, CaseDocument, CaseList, CaseQuery,
    CaseQueue, ExitList, ExitQuery, ExitRequestInput, NoteInput, ProgressNote, TransitionRequest,
    TransitionResult,
};
use rasoat_shared::api::clients::{
    ServiceClient, ServiceClientCreate, ServiceClientList, ServiceClientSecret,
};
use rasoat_shared::api::imports::{ImportJob, ImportJobPage, ImportListQuery, ImportQuery};
use rasoat_shared::api::members::{Member, MemberPage, MemberQuery};
use rasoat_shared::api::reports::{
    MembershipQuery, MembershipStats, ReportMemberPage, ReportMembersQuery, ScreeningQuery,
    ScreeningReport,
};
use rasoat_shared::api::review::{
    DetectionRun, DisciplineInput, DisciplineRecord, EnteredSuggestionInput, MonthlySheet,
    MonthlySheetInput, MonthlySheetQuery, ProgressQuery, ProgressRow, RatingSheet,
    RatingSheetInput, RatingSheetQuery, ReviewRecord, Round, RoundInput, RoundList, RoundProgress,
    RoundQuery, Suggestion, SuggestionDecision, SuggestionList, SuggestionQuery, ViolationInput,
    ViolationRecord,
};
use rasoat_shared::api::units::{Unit, UnitList};
use rasoat_shared::api::users::{
    GrantCreate, InitialPassword, User, UserCreate, UserList, UserUpdate,
};
use rasoat_shared::error::FieldError;
use rasoat_shared::settings::RuleSettings;
use rasoat_shared::{ErrorCode, MemberId, UnitId, UserId};
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::RequestCredentials;
use yew::Callback;
use yew_router::query::ToQuery;

const BASE: &str = "/api/v1";
const CSRF_COOKIE: &str = "rasoat_csrf";
const CSRF_HEADER: &str = "X-CSRF-Token";
const LOGIN_PATH: &str = "/auth/login";
const REFRESH_PATH: &str = "/auth/refresh";

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with a non-2xx status.
    Api {
        status: u16,
        code: ErrorCode,
        request_id: Option<String>,
        errors: Vec<FieldError>,
        /// Seconds from `Retry-After` (a locked account, a throttled address).
        retry_after: Option<u64>,
        /// The problem's `detail`: shown only for codes whose detail is written for the
        /// user (a case transition's refusal gives the Vietnamese reason there).
        detail: Option<String>,
    },
    /// The request never got an answer (offline, server down, blocked).
    Network,
    /// A 2xx answer whose body was not what the API promises.
    BadResponse,
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Api { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The problems the server found with one field of the submitted body.
    pub fn field_messages(&self, field: &str) -> Vec<String> {
        match self {
            ApiError::Api { errors, .. } => errors
                .iter()
                .filter(|e| e.field == field)
                .map(|e| e.message.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Every field problem of the answer (to be shown beside the fields).
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiError::Api { errors, .. } => errors,
            _ => &[],
        }
    }

    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::Api { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The server's `detail` for this occurrence, when it sent one.
    pub fn detail(&self) -> Option<&str> {
        match self {
            ApiError::Api { detail, .. } => detail.as_deref().filter(|d| !d.trim().is_empty()),
            _ => None,
        }
    }

    pub fn request_id(&self) -> Option<&str> {
        match self {
            ApiError::Api { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// What the user reads, in Vietnamese.
    pub fn message_vi(&self) -> &'static str {
        match self {
            ApiError::Api { code, .. } => code.message_vi(),
            ApiError::Network => "Không kết nối được với máy chủ; hãy kiểm tra mạng rồi thử lại.",
            ApiError::BadResponse => {
                "Máy chủ trả lời không đúng định dạng; hãy tải lại trang hoặc báo cho quản trị viên."
            }
        }
    }

    pub fn message_en(&self) -> &'static str {
        match self {
            ApiError::Api { code, .. } => code.message_en(),
            ApiError::Network => "Could not reach the server.",
            ApiError::BadResponse => "The server's answer was not in the expected format.",
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

thread_local! {
    static ON_UNAUTHORIZED: RefCell<Option<Callback<()>>> = const { RefCell::new(None) };
    static ON_RENEWED: RefCell<Option<Callback<Me>>> = const { RefCell::new(None) };
}

/// Registers what happens when the session was renewed: the server answers with the user
/// as they are now (roles granted or revoked since sign-in included).
pub fn set_renewed_handler(cb: Callback<Me>) {
    ON_RENEWED.with(|h| *h.borrow_mut() = Some(cb));
}

/// Registers what happens when any call (other than the login itself) answers 401: the app
/// ends the session and sends the user to the sign-in page.
pub fn set_unauthorized_handler(cb: Callback<()>) {
    ON_UNAUTHORIZED.with(|h| *h.borrow_mut() = Some(cb));
}

fn notify_unauthorized() {
    let cb = ON_UNAUTHORIZED.with(|h| h.borrow().clone());
    if let Some(cb) = cb {
        cb.emit(());
    }
}

/// The value of the readable CSRF cookie the server sets beside the session cookie.
fn csrf_token() -> Option<String> {
    let doc = web_sys::window()?.document()?;
    let html: web_sys::HtmlDocument = doc.dyn_into().ok()?;
    let cookies = html.cookie().ok()?;
    cookies.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == CSRF_COOKIE && !value.is_empty()).then(|| value.to_string())
    })
}

/// Whether the browser still holds the CSRF cookie of a session.
pub fn has_csrf_cookie() -> bool {
    csrf_token().is_some()
}

fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

fn prepare(builder: RequestBuilder, write: bool) -> RequestBuilder {
    let builder = builder
        .credentials(RequestCredentials::SameOrigin)
        .header("Accept", "application/json, application/problem+json");
    if write {
        match csrf_token() {
            Some(token) => builder.header(CSRF_HEADER, &token),
            None => builder,
        }
    } else {
        builder
    }
}

/// The status used when a non-2xx answer has no readable problem body (a proxy's error
/// page, say): the most general code with that status.
fn code_for_status(status: u16) -> ErrorCode {
    match status {
        400 => ErrorCode::InvalidQuery,
        401 => ErrorCode::Unauthenticated,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        405 => ErrorCode::MethodNotAllowed,
        406 => ErrorCode::NotAcceptable,
        412 => ErrorCode::PreconditionFailed,
        413 => ErrorCode::PayloadTooLarge,
        415 => ErrorCode::UnsupportedMediaType,
        422 => ErrorCode::ValidationFailed,
        428 => ErrorCode::PreconditionRequired,
        429 => ErrorCode::TooManyRequests,
        503 => ErrorCode::ServiceUnavailable,
        _ => ErrorCode::ALL
            .iter()
            .copied()
            .find(|c| c.status() == status)
            .unwrap_or(ErrorCode::Internal),
    }
}

/// Reads the problem body leniently: a code this build does not know yet still maps by
/// status, and a body that is not JSON at all still gives a usable error.
async fn problem(resp: &Response) -> ApiError {
    let status = resp.status();
    let body: Option<serde_json::Value> = match resp.text().await {
        Ok(text) => serde_json::from_str(&text).ok(),
        Err(_) => None,
    };
    let field = |name: &str| body.as_ref().and_then(|b| b.get(name)).cloned();
    let code = field("code")
        .and_then(|c| c.as_str().and_then(ErrorCode::from_code))
        .unwrap_or_else(|| code_for_status(status));
    let request_id = field("request_id").and_then(|v| v.as_str().map(str::to_string));
    let errors = field("errors")
        .and_then(|v| serde_json::from_value::<Vec<FieldError>>(v).ok())
        .unwrap_or_default();
    let retry_after = resp
        .headers()
        .get("Retry-After")
        .and_then(|v| v.trim().parse::<u64>().ok());
    let detail = field("detail").and_then(|v| v.as_str().map(str::to_string));
    ApiError::Api {
        status,
        code,
        request_id,
        errors,
        retry_after,
        detail,
    }
}

/// Sends the request `make` builds. A 401 that means the session's access token has run
/// out is answered by one refresh (shared with any other call in the same situation) and
/// one more try; only when that fails does the app end the session.
async fn send<F>(path: &str, make: F) -> ApiResult<Response>
where
    F: Fn() -> ApiResult<Request>,
{
    let resp = make()?.send().await.map_err(|_| ApiError::Network)?;
    if resp.ok() {
        return Ok(resp);
    }
    let err = problem(&resp).await;
    let (status, code) = (resp.status(), err.code().unwrap_or(ErrorCode::Internal));
    if !renewal::should_renew(path, status, code, has_csrf_cookie()) {
        if status == 401 && !renewal::is_sign_in_path(path) {
            notify_unauthorized();
        }
        return Err(err);
    }
    if !renewal::renew(refresh_session).await {
        notify_unauthorized();
        return Err(err);
    }
    let resp = make()?.send().await.map_err(|_| ApiError::Network)?;
    if resp.ok() {
        return Ok(resp);
    }
    let err = problem(&resp).await;
    if resp.status() == 401 {
        notify_unauthorized();
    }
    Err(err)
}

/// `POST /auth/refresh`: the server rotates the refresh cookie and sets a new access cookie.
async fn refresh_session() -> bool {
    let sent = prepare(Request::post(&url(REFRESH_PATH)), true)
        .send()
        .await;
    matches!(sent, Ok(resp) if resp.ok())
}

async fn read_json<T: DeserializeOwned>(resp: Response) -> ApiResult<T> {
    resp.json::<T>().await.map_err(|_| ApiError::BadResponse)
}

async fn get<T: DeserializeOwned>(path: &str) -> ApiResult<T> {
    get_url(path, &url(path)).await
}

/// `path` names the endpoint (for the 401 rule); `full` is the URL with its query.
async fn get_url<T: DeserializeOwned>(path: &str, full: &str) -> ApiResult<T> {
    let resp = send(path, || {
        prepare(Request::get(full), false)
            .build()
            .map_err(|_| ApiError::BadResponse)
    })
    .await?;
    read_json(resp).await
}

/// `GET path?query`, the query serialised from `query` (absent fields left out).
async fn get_query<Q: serde::Serialize, T: DeserializeOwned>(
    path: &str,
    query: &Q,
) -> ApiResult<T> {
    let qs = query.to_query().map_err(|_| ApiError::BadResponse)?;
    let full = if qs.is_empty() {
        url(path)
    } else {
        format!("{}?{qs}", url(path))
    };
    get_url(path, &full).await
}

async fn write_json<B: serde::Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &B,
) -> ApiResult<T> {
    write_json_if(method, path, body, None).await
}

/// The `If-Match` value of a version read (the server's ETag is the quoted version).
pub fn if_match_value(version: i64) -> String {
    format!("\"{version}\"")
}

/// A write with a body, guarded by `If-Match` when `version` is given.
async fn write_json_if<B: serde::Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &B,
    version: Option<i64>,
) -> ApiResult<T> {
    let resp = send(path, || {
        let builder = prepare(method.builder(&url(path)), true);
        let builder = match version {
            Some(v) => builder.header("If-Match", &if_match_value(v)),
            None => builder,
        };
        builder.json(body).map_err(|_| ApiError::BadResponse)
    })
    .await?;
    read_json(resp).await
}

async fn post<B: serde::Serialize, T: DeserializeOwned>(path: &str, body: &B) -> ApiResult<T> {
    write_json(Method::Post, path, body).await
}

/// A write whose body is a file's raw bytes (`content_type` names its format), with extra
/// headers; the CSRF header is added as to every write. The bytes are copied into a fresh
/// JS array for each try, since a retry after a session renewal sends them again.
async fn write_bytes<T: DeserializeOwned>(
    method: Method,
    path: &str,
    full: &str,
    content_type: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> ApiResult<T> {
    let resp = send(path, || {
        let builder = headers.iter().fold(
            prepare(method.builder(full), true).header("Content-Type", content_type),
            |b, (name, value)| b.header(name, value),
        );
        builder
            .body(js_sys::Uint8Array::from(body))
            .map_err(|_| ApiError::BadResponse)
    })
    .await?;
    read_json(resp).await
}

/// A write without a body.
async fn write_empty(method: Method, path: &str) -> ApiResult<Response> {
    send(path, || {
        prepare(method.builder(&url(path)), true)
            .build()
            .map_err(|_| ApiError::BadResponse)
    })
    .await
}

/// A write without a body whose answer carries nothing the UI needs.
async fn post_empty(path: &str) -> ApiResult<()> {
    write_empty(Method::Post, path).await.map(|_| ())
}

#[derive(Clone, Copy)]
enum Method {
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    fn builder(self, url: &str) -> RequestBuilder {
        match self {
            Method::Post => Request::post(url),
            Method::Put => Request::put(url),
            Method::Patch => Request::patch(url),
            Method::Delete => Request::delete(url),
        }
    }
}

// ---- Session ------------------------------------------------------------------------

/// `POST /auth/login`. On success the server has set the session cookie.
pub async fn login(req: &LoginRequest) -> ApiResult<LoginResponse> {
    post(LOGIN_PATH, req).await
}

/// `POST /auth/logout`.
pub async fn logout() -> ApiResult<()> {
    post_empty("/auth/logout").await
}

/// `POST /auth/password`: the server ends every other session and answers like a sign-in.
pub async fn change_password(req: &PasswordChange) -> ApiResult<LoginResponse> {
    post("/auth/password", req).await
}

/// `GET /me`: the signed-in user and their roles.
pub async fn me() -> ApiResult<Me> {
    get("/me").await
}

// ---- Organisation tree ----------------------------------------------------------------

/// `GET /units/roots`: the tops of the caller's scope.
pub async fn unit_roots() -> ApiResult<UnitList> {
    get("/units/roots").await
}

pub async fn unit(id: UnitId) -> ApiResult<Unit> {
    get(&format!("/units/{id}")).await
}

/// From the top of the caller's scope down to and including `id`.
pub async fn unit_ancestors(id: UnitId) -> ApiResult<UnitList> {
    get(&format!("/units/{id}/ancestors")).await
}

pub async fn unit_children(id: UnitId) -> ApiResult<UnitList> {
    get(&format!("/units/{id}/children")).await
}

/// The unit and everything under it, each with its depth.
pub async fn unit_subtree(id: UnitId) -> ApiResult<UnitList> {
    get(&format!("/units/{id}/subtree")).await
}

// ---- Members --------------------------------------------------------------------------

/// `GET /members` with the filters of `query` as query parameters.
pub async fn members(query: &MemberQuery) -> ApiResult<MemberPage> {
    get_query("/members", query).await
}

pub async fn member(id: MemberId) -> ApiResult<Member> {
    get(&format!("/members/{id}")).await
}

// ---- Settings -------------------------------------------------------------------------

/// `GET /settings`. Read leniently: only the rules the UI needs are taken, so that a
/// server with more settings than this build knows still works.
pub async fn settings() -> ApiResult<RuleSettings> {
    let value: serde_json::Value = get("/settings").await?;
    if let Ok(rules) = serde_json::from_value::<RuleSettings>(value.clone()) {
        return Ok(rules);
    }
    let bounds = value
        .get("age_band_upper_bounds")
        .or_else(|| {
            value
                .get("rules")
                .and_then(|r| r.get("age_band_upper_bounds"))
        })
        .and_then(|v| serde_json::from_value::<Vec<u16>>(v.clone()).ok())
        .ok_or(ApiError::BadResponse)?;
    Ok(RuleSettings {
        age_band_upper_bounds: bounds,
        ..RuleSettings::default()
    })
}

// ---- Accounts ---------------------------------------------------------------------------

/// The filters of `GET /users` (the server's `UserFilter`).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct UserFilter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<UnitId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
}

pub async fn users(filter: &UserFilter) -> ApiResult<UserList> {
    get_query("/users", filter).await
}

pub async fn user(id: UserId) -> ApiResult<User> {
    get(&format!("/users/{id}")).await
}

/// `POST /users`: the answer holds the one-time password.
pub async fn create_user(req: &UserCreate) -> ApiResult<InitialPassword> {
    post("/users", req).await
}

pub async fn update_user(id: UserId, req: &UserUpdate) -> ApiResult<User> {
    write_json(Method::Patch, &format!("/users/{id}"), req).await
}

pub async fn reset_password(id: UserId) -> ApiResult<InitialPassword> {
    let resp = write_empty(Method::Post, &format!("/users/{id}/password-reset")).await?;
    read_json(resp).await
}

pub async fn grant_role(id: UserId, req: &GrantCreate) -> ApiResult<User> {
    post(&format!("/users/{id}/roles"), req).await
}

pub async fn revoke_role(id: UserId, grant: i64) -> ApiResult<User> {
    let resp = write_empty(Method::Delete, &format!("/users/{id}/roles/{grant}")).await?;
    read_json(resp).await
}

// ---- Service clients ------------------------------------------------------------------

pub async fn service_clients() -> ApiResult<ServiceClientList> {
    get("/service-clients").await
}

/// `POST /service-clients`: the answer holds the secret, shown once.
pub async fn create_service_client(req: &ServiceClientCreate) -> ApiResult<ServiceClientSecret> {
    post("/service-clients", req).await
}

pub async fn rotate_service_client(id: i64) -> ApiResult<ServiceClientSecret> {
    let resp = write_empty(Method::Post, &format!("/service-clients/{id}/rotate")).await?;
    read_json(resp).await
}

pub async fn revoke_service_client(id: i64) -> ApiResult<ServiceClient> {
    let resp = write_empty(Method::Delete, &format!("/service-clients/{id}")).await?;
    read_json(resp).await
}

// ---- Audit ----------------------------------------------------------------------------

pub async fn audit(query: &AuditQuery) -> ApiResult<AuditPage> {
    get_query("/audit", query).await
}

// ---- Imports (issue 7) -----------------------------------------------------------------

/// `POST /imports?kind=…&unit=…&dry_run=…` with the file as the body. A dry run answers
/// the checked job; an apply answers the running job (202), or the earlier job when
/// `idempotency_key` was already used for the same file, so a retry never imports twice.
pub async fn import_file(
    query: &ImportQuery,
    content_type: &str,
    idempotency_key: Option<&str>,
    bytes: &[u8],
) -> ApiResult<ImportJob> {
    let path = "/imports";
    let qs = query.to_query().map_err(|_| ApiError::BadResponse)?;
    let full = format!("{}?{qs}", url(path));
    let headers: Vec<(&str, &str)> = idempotency_key
        .map(|k| ("Idempotency-Key", k))
        .into_iter()
        .collect();
    write_bytes(Method::Post, path, &full, content_type, &headers, bytes).await
}

pub async fn import_job(id: i64) -> ApiResult<ImportJob> {
    get(&format!("/imports/{id}")).await
}

/// Newest first, without their problems.
pub async fn import_jobs(query: &ImportListQuery) -> ApiResult<ImportJobPage> {
    get_query("/imports", query).await
}

// ---- Review inputs (issue 4) -----------------------------------------------------------

/// `GET /units/{id}/rating-sheet`: every member of a branch for one period, rated or not.
pub async fn rating_sheet(unit: UnitId, query: &RatingSheetQuery) -> ApiResult<RatingSheet> {
    get_query(&format!("/units/{unit}/rating-sheet"), query).await
}

/// `PUT /units/{id}/rating-sheet`: all the entries saved together or none.
pub async fn save_rating_sheet(unit: UnitId, input: &RatingSheetInput) -> ApiResult<RatingSheet> {
    write_json(Method::Put, &format!("/units/{unit}/rating-sheet"), input).await
}

pub async fn monthly_sheet(unit: UnitId, query: &MonthlySheetQuery) -> ApiResult<MonthlySheet> {
    get_query(&format!("/units/{unit}/monthly-sheet"), query).await
}

pub async fn save_monthly_sheet(
    unit: UnitId,
    input: &MonthlySheetInput,
) -> ApiResult<MonthlySheet> {
    write_json(Method::Put, &format!("/units/{unit}/monthly-sheet"), input).await
}

/// `GET /members/{id}/review-record`: ratings, discipline, violations, months and cases.
pub async fn review_record(member: MemberId) -> ApiResult<ReviewRecord> {
    get(&format!("/members/{member}/review-record")).await
}

pub async fn record_discipline(
    member: MemberId,
    input: &DisciplineInput,
) -> ApiResult<DisciplineRecord> {
    post(&format!("/members/{member}/discipline"), input).await
}

pub async fn record_violation(
    member: MemberId,
    input: &ViolationInput,
) -> ApiResult<ViolationRecord> {
    post(&format!("/members/{member}/violations"), input).await
}

// ---- Review rounds ----------------------------------------------------------------------

pub async fn rounds(query: &RoundQuery) -> ApiResult<RoundList> {
    get_query("/review-rounds", query).await
}

pub async fn open_round(input: &RoundInput) -> ApiResult<Round> {
    post("/review-rounds", input).await
}

pub async fn round(id: i64) -> ApiResult<Round> {
    get(&format!("/review-rounds/{id}")).await
}

/// `POST /review-rounds/{id}/close` with `If-Match` of the round read.
pub async fn close_round(id: i64, version: i64) -> ApiResult<Round> {
    let path = format!("/review-rounds/{id}/close");
    let resp = send(&path, || {
        prepare(Method::Post.builder(&url(&path)), true)
            .header("If-Match", &if_match_value(version))
            .build()
            .map_err(|_| ApiError::BadResponse)
    })
    .await?;
    read_json(resp).await
}

pub async fn detect(id: i64) -> ApiResult<DetectionRun> {
    let resp = write_empty(Method::Post, &format!("/review-rounds/{id}/detect")).await?;
    read_json(resp).await
}

pub async fn suggestions(round: i64, query: &SuggestionQuery) -> ApiResult<SuggestionList> {
    get_query(&format!("/review-rounds/{round}/suggestions"), query).await
}

/// A ground the software cannot detect, entered with the document behind it.
pub async fn enter_suggestion(round: i64, input: &EnteredSuggestionInput) -> ApiResult<Suggestion> {
    post(&format!("/review-rounds/{round}/suggestions"), input).await
}

/// Confirm or dismiss, with `If-Match` of the suggestion read.
pub async fn decide(id: i64, version: i64, decision: &SuggestionDecision) -> ApiResult<Suggestion> {
    write_json_if(
        Method::Post,
        &format!("/suggestions/{id}/decision"),
        decision,
        Some(version),
    )
    .await
}

pub async fn round_progress(round: i64, query: &ProgressQuery) -> ApiResult<RoundProgress> {
    get_query(&format!("/review-rounds/{round}/progress"), query).await
}

/// The branch declares its review done (409 `suggestions_pending` while some wait).
pub async fn complete_branch(round: i64, unit: UnitId) -> ApiResult<ProgressRow> {
    let resp = write_empty(
        Method::Post,
        &format!("/review-rounds/{round}/branches/{unit}/complete"),
    )
    .await?;
    read_json(resp).await
}

// ---- Screening cases (issue 5) ----------------------------------------------------------

pub async fn cases(query: &CaseQuery) -> ApiResult<CaseList> {
    get_query("/cases", query).await
}

/// `POST /cases`: a member's request to leave the Party.
pub async fn create_exit_request(input: &ExitRequestInput) -> ApiResult<CaseDetail> {
    post("/cases", input).await
}

/// The caller's to-do: cases where they may record something now.
pub async fn case_queue() -> ApiResult<CaseQueue> {
    get("/cases/queue").await
}

pub async fn case(id: i64) -> ApiResult<CaseDetail> {
    get(&format!("/cases/{id}")).await
}

/// Records an act, with `If-Match` of the case version read.
pub async fn transition(
    id: i64,
    version: i64,
    req: &TransitionRequest,
) -> ApiResult<TransitionResult> {
    write_json_if(
        Method::Post,
        &format!("/cases/{id}/transitions"),
        req,
        Some(version),
    )
    .await
}

pub async fn add_note(id: i64, input: &NoteInput) -> ApiResult<ProgressNote> {
    post(&format!("/cases/{id}/notes"), input).await
}

pub async fn document(id: i64) -> ApiResult<CaseDocument> {
    get(&format!("/documents/{id}")).await
}

pub async fn exits(query: &ExitQuery) -> ApiResult<ExitList> {
    get_query("/exits", query).await
}

/// The calendar's overrides of one year (`None`: the current year).
pub async fn calendar(year: Option<i32>) -> ApiResult<CalendarYear> {
    match year {
        Some(y) => get(&format!("/calendar?year={y}")).await,
        None => get("/calendar").await,
    }
}

/// `day` as `yyyy-mm-dd`.
pub async fn put_calendar_day(day: NaiveDate, input: &CalendarDayInput) -> ApiResult<CalendarDay> {
    write_json(Method::Put, &format!("/calendar/{day}"), input).await
}

pub async fn delete_calendar_day(day: NaiveDate) -> ApiResult<()> {
    write_empty(Method::Delete, &format!("/calendar/{day}"))
        .await
        .map(|_| ())
}

// ---- Reports (issue 6) ---------------------------------------------------------------

/// `GET /reports/screening`: the rows of a unit's children, their total, and the trail.
pub async fn screening_report(query: &ScreeningQuery) -> ApiResult<ScreeningReport> {
    get_query("/reports/screening", query).await
}

/// The members behind one count of the screening report.
pub async fn screening_members(query: &ReportMembersQuery) -> ApiResult<ReportMemberPage> {
    get_query("/reports/screening/members", query).await
}

pub async fn membership_stats(query: &MembershipQuery) -> ApiResult<MembershipStats> {
    get_query("/reports/membership", query).await
}

/// A download of the screening report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    Xlsx,
    Csv,
}

/// The address of a download of the report (`.xlsx` or `.csv`) for the same query. A
/// plain link, not a fetch: the browser sends the session cookie itself and saves the
/// file under the server's `Content-Disposition` name.
pub fn screening_export_url(query: &ScreeningQuery, kind: Export) -> String {
    let ext = match kind {
        Export::Xlsx => "xlsx",
        Export::Csv => "csv",
    };
    let path = url(&format!("/reports/screening.{ext}"));
    match query.to_query() {
        Ok(qs) if !qs.is_empty() => format!("{path}?{qs}"),
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_are_links_with_the_report_query() {
        let q = ScreeningQuery {
            unit: Some(UnitId(7)),
            from: NaiveDate::from_ymd_opt(2026, 1, 1),
            to: NaiveDate::from_ymd_opt(2026, 3, 31),
            round: None,
        };
        assert_eq!(
            screening_export_url(&q, Export::Xlsx),
            "/api/v1/reports/screening.xlsx?unit=7&from=2026-01-01&to=2026-03-31"
        );
        assert_eq!(
            screening_export_url(&ScreeningQuery::default(), Export::Csv),
            "/api/v1/reports/screening.csv"
        );
    }

    #[test]
    fn an_import_sends_its_query_without_the_absent_format() {
        let q = ImportQuery {
            kind: rasoat_shared::api::imports::ImportKind::Members,
            unit: UnitId(7),
            dry_run: true,
            format: None,
            file_name: Some("đảng viên.csv".into()),
        };
        let qs = q.to_query().unwrap();
        assert!(
            qs.starts_with("kind=members&unit=7&dry_run=true&file_name="),
            "{qs}"
        );
        assert!(!qs.contains("format"), "{qs}");
    }

    #[test]
    fn if_match_quotes_the_version_as_the_server_tags_it() {
        assert_eq!(if_match_value(7), "\"7\"");
    }

    #[test]
    fn a_bare_status_still_maps_to_a_shared_code() {
        assert_eq!(code_for_status(401), ErrorCode::Unauthenticated);
        assert_eq!(code_for_status(404), ErrorCode::NotFound);
        assert_eq!(code_for_status(429), ErrorCode::TooManyRequests);
        assert_eq!(code_for_status(502), ErrorCode::Internal);
        for code in ErrorCode::ALL {
            assert_eq!(code_for_status(code.status()).status(), code.status());
        }
    }
}
