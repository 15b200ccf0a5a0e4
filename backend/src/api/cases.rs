//! Screening cases over HTTP: the board, a case, its transitions and notes, the to-do
//! queue, documents, the exit register and the working-day calendar. Handlers parse,
//! call the repository with the caller's case access, and audit reads of people.

use crate::api::extract::{etag, if_match, number};
use crate::api::review::audit_read;
use crate::api::scoped;
use crate::auth::identity::Identity;
use crate::error::{AppError, AppResult};
use crate::repo::cases::{self as repo, CaseAccess};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Datelike, NaiveDate, Utc};
use rasoat_shared::ErrorCode;
use rasoat_shared::access::Action;
use rasoat_shared::api::cases::{
    CalendarDay, CalendarDayInput, CalendarQuery, CalendarYear, CaseDetail, CaseDocument, CaseList,
    CaseQuery, CaseQueue, ExitList, ExitQuery, ExitRequestInput, NoteInput, ProgressNote,
    TransitionRequest, TransitionResult,
};
use rasoat_shared::error::Problem;

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn with_etag<T: serde::Serialize>(status: StatusCode, version: i64, body: T) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header(etag(version))
        .json(body)
}

/// Cases of the caller's reach — their subtree, their own case, those they help — newest
/// first, with the count per state (the board's columns) on the first page.
#[utoipa::path(
    get, path = "/api/v1/cases", tag = "cases",
    params(CaseQuery),
    responses((status = 200, body = CaseList), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem)),
)]
pub async fn list(
    state: web::Data<AppState>,
    who: Identity,
    query: web::Query<CaseQuery>,
) -> AppResult<web::Json<CaseList>> {
    let q = query.into_inner();
    let logged = serde_json::to_value(&q).unwrap_or_default();
    let rules = state.settings();
    let caller = who.clone();
    let (list, tenant) = state
        .db
        .read(move |c| {
            let acc = CaseAccess::of(&caller.resolve(c)?);
            repo::list::list(c, &acc, &q, &rules, today())
        })
        .await?;
    let ids: Vec<i64> = list.items.iter().map(|s| s.member_id.0).collect();
    audit_read(
        &state,
        &who,
        tenant,
        None,
        "case.list",
        ("case", None),
        serde_json::json!({ "query": logged, "member_ids": ids }),
    )
    .await;
    Ok(web::Json(list))
}

/// The caller's to-do: open cases on which they may record an act now (as a branch
/// officer, a committee, the competent body, the appeal body, the member, the helper),
/// overdue first, then by deadline.
#[utoipa::path(
    get, path = "/api/v1/cases/queue", tag = "cases",
    responses((status = 200, body = CaseQueue), (status = 401, body = Problem), (status = 403, body = Problem)),
)]
pub async fn queue(state: web::Data<AppState>, who: Identity) -> AppResult<web::Json<CaseQueue>> {
    let rules = state.settings();
    let caller = who.clone();
    let (queue, tenant) = state
        .db
        .read(move |c| {
            let acc = CaseAccess::of(&caller.resolve(c)?);
            repo::list::queue(c, &acc, &rules, today())
        })
        .await?;
    let ids: Vec<i64> = queue.items.iter().map(|i| i.case.member_id.0).collect();
    audit_read(
        &state,
        &who,
        tenant,
        None,
        "case.queue",
        ("case", None),
        serde_json::json!({ "member_ids": ids }),
    )
    .await;
    Ok(web::Json(queue))
}

/// Records a member's request to leave the Party (a voluntary-exit case). The branch's
/// officers record the letter; a member may file their own.
#[utoipa::path(
    post, path = "/api/v1/cases", tag = "cases",
    request_body = ExitRequestInput,
    responses((status = 201, body = CaseDetail), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)),
)]
pub async fn create(
    state: web::Data<AppState>,
    who: Identity,
    body: web::Json<ExitRequestInput>,
) -> AppResult<HttpResponse> {
    let input = body.into_inner();
    let rules = state.settings();
    let (detail, _, _) = state
        .db
        .write(move |c| {
            let acc = CaseAccess::of(&who.resolve(c)?);
            repo::open::exit_request(c, &acc, input, &rules, today())
        })
        .await?;
    Ok(with_etag(StatusCode::CREATED, detail.case.version, detail))
}

/// One case: its bodies, timeline, votes, documents, helpers, notes, deadlines, and the
/// acts this caller may record now. Sends its version as `ETag`.
#[utoipa::path(
    get, path = "/api/v1/cases/{id}", tag = "cases",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = CaseDetail), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 404, body = Problem)),
)]
pub async fn get(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = number(&path)?;
    let rules = state.settings();
    let caller = who.clone();
    let (detail, tenant, unit) = state
        .db
        .read(move |c| {
            let acc = CaseAccess::of(&caller.resolve(c)?);
            repo::get(c, &acc, id, &rules, today())
        })
        .await?;
    audit_read(
        &state,
        &who,
        tenant,
        Some(unit.0),
        "case.read",
        ("case", Some(id)),
        serde_json::json!({ "member_id": detail.case.member_id }),
    )
    .await;
    Ok(with_etag(StatusCode::OK, detail.case.version, detail))
}

/// Records an act on a case (`action` names it; see `TransitionRequest`). Needs `If-Match`
/// with the case's version: of two users acting on the same version, one succeeds and the
/// other gets 412. 403 for a caller who sees the case but is not the body that performs
/// this act; 409 `transition_not_allowed` when the state does not allow it; 422
/// `transition_refused` when a condition fails (the reason in `detail`), or
/// `validation_failed` with the fields.
#[utoipa::path(
    post, path = "/api/v1/cases/{id}/transitions", tag = "cases",
    params(("id" = i64, Path, description = "Case id"), ("If-Match" = String, Header, description = "The case's version")),
    request_body = TransitionRequest,
    responses((status = 200, body = TransitionResult), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)),
)]
pub async fn transition(
    state: web::Data<AppState>,
    who: Identity,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<TransitionRequest>,
) -> AppResult<HttpResponse> {
    let id = number(&path)?;
    let precondition = if_match(&req);
    let input = body.into_inner();
    if input.action == rasoat_shared::cases::TransitionKind::Open {
        return Err(AppError::new(ErrorCode::TransitionNotAllowed)
            .detail("Hồ sơ được mở khi xác nhận đề xuất hoặc ghi đơn, không qua bước này."));
    }
    let rules = state.settings();
    let (result, _, _) = state
        .db
        .write(move |c| {
            let acc = CaseAccess::of(&who.resolve(c)?);
            repo::transition::apply(c, &acc, id, precondition, input, &rules, today())
        })
        .await?;
    Ok(with_etag(StatusCode::OK, result.case.case.version, result))
}

/// Adds a progress note (branch officers) or the helper's evaluation (the helper) while
/// the member is under education or the outcome is reviewed.
#[utoipa::path(
    post, path = "/api/v1/cases/{id}/notes", tag = "cases",
    params(("id" = i64, Path, description = "Case id")),
    request_body = NoteInput,
    responses((status = 201, body = ProgressNote), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)),
)]
pub async fn add_note(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
    body: web::Json<NoteInput>,
) -> AppResult<HttpResponse> {
    let id = number(&path)?;
    let input = body.into_inner();
    let rules = state.settings();
    let (note, _, _) = state
        .db
        .write(move |c| {
            let acc = CaseAccess::of(&who.resolve(c)?);
            repo::notes::add(c, &acc, id, input, &rules, today())
        })
        .await?;
    Ok(HttpResponse::Created().json(note))
}

/// One document of a case, as recorded, with the parts of its printed layout.
#[utoipa::path(
    get, path = "/api/v1/documents/{id}", tag = "cases",
    params(("id" = i64, Path, description = "Document id")),
    responses((status = 200, body = CaseDocument), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 404, body = Problem)),
)]
pub async fn document(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
) -> AppResult<web::Json<CaseDocument>> {
    let id = number(&path)?;
    let caller = who.clone();
    let (doc, tenant, unit, member) = state
        .db
        .read(move |c| {
            let acc = CaseAccess::of(&caller.resolve(c)?);
            repo::documents::get(c, &acc, id)
        })
        .await?;
    audit_read(
        &state,
        &who,
        tenant,
        Some(unit.0),
        "case.document",
        ("case_document", Some(id)),
        serde_json::json!({ "case_id": doc.case_id, "member_id": member }),
    )
    .await;
    Ok(web::Json(doc))
}

/// The register of members who left the Party, within the caller's scope, newest first.
#[utoipa::path(
    get, path = "/api/v1/exits", tag = "cases",
    params(ExitQuery),
    responses((status = 200, body = ExitList), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem)),
)]
pub async fn exits(
    state: web::Data<AppState>,
    who: Identity,
    query: web::Query<ExitQuery>,
) -> AppResult<web::Json<ExitList>> {
    let q = query.into_inner();
    let logged = serde_json::to_value(&q).unwrap_or_default();
    let caller = who.clone();
    let (list, tenant) = state
        .db
        .read(move |c| {
            let acc = CaseAccess::of(&caller.resolve(c)?);
            repo::exits::list(c, &acc, &q)
        })
        .await?;
    let ids: Vec<i64> = list.items.iter().map(|e| e.member_id.0).collect();
    audit_read(
        &state,
        &who,
        tenant,
        None,
        "exit.list",
        ("exit", None),
        serde_json::json!({ "query": logged, "member_ids": ids }),
    )
    .await;
    Ok(web::Json(list))
}

/// The days of a year that differ from the Monday-to-Friday week (holidays, swapped
/// working days), and the year's working days. Every signed-in user reads it.
#[utoipa::path(
    get, path = "/api/v1/calendar", tag = "cases",
    params(CalendarQuery),
    responses((status = 200, body = CalendarYear), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 422, body = Problem)),
)]
pub async fn calendar(
    state: web::Data<AppState>,
    who: Identity,
    query: web::Query<CalendarQuery>,
) -> AppResult<web::Json<CalendarYear>> {
    let year = query.year.unwrap_or_else(|| today().year());
    let y = state
        .db
        .read(move |c| {
            // Any valid session reads the calendar; resolving checks the session.
            who.resolve(c)?;
            repo::calendar::year(c, year)
        })
        .await?;
    Ok(web::Json(y))
}

fn date(raw: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| AppError::new(ErrorCode::InvalidPathParameter))
}

/// Makes a day a holiday or a swapped working day (province administrators and the
/// provincial Organisation Commission).
#[utoipa::path(
    put, path = "/api/v1/calendar/{date}", tag = "cases",
    params(("date" = String, Path, description = "YYYY-MM-DD")),
    request_body = CalendarDayInput,
    responses((status = 200, body = CalendarDay), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 422, body = Problem)),
)]
pub async fn put_day(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
    body: web::Json<CalendarDayInput>,
) -> AppResult<web::Json<CalendarDay>> {
    let day = date(&path)?;
    let input = body.into_inner();
    let out = state
        .db
        .write(scoped(who, Action::ManageCalendar, move |c, s| {
            repo::calendar::put(c, s, day, input)
        }))
        .await?;
    Ok(web::Json(out))
}

/// Makes a day ordinary again (404 when it already is).
#[utoipa::path(
    delete, path = "/api/v1/calendar/{date}", tag = "cases",
    params(("date" = String, Path, description = "YYYY-MM-DD")),
    responses((status = 204), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem)),
)]
pub async fn delete_day(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let day = date(&path)?;
    state
        .db
        .write(scoped(who, Action::ManageCalendar, move |c, s| {
            repo::calendar::delete(c, s, day)
        }))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
