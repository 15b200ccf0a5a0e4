//! Review rounds, detection, suggestions and progress.

use super::audit_read;
use crate::api::extract::{etag, if_match, number};
use crate::api::scoped;
use crate::auth::identity::Identity;
use crate::error::AppResult;
use crate::repo::review::{detect, rounds, suggestions};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use rasoat_shared::UnitId;
use rasoat_shared::access::Action;
use rasoat_shared::api::review::{
    DetectionRun, EnteredSuggestionInput, ProgressQuery, ProgressRow, Round, RoundInput, RoundList,
    RoundProgress, RoundQuery, Suggestion, SuggestionDecision, SuggestionList, SuggestionQuery,
};
use rasoat_shared::error::Problem;

fn with_etag(status: StatusCode, round: Round) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header(etag(round.version))
        .json(round)
}

/// Opens a review round over a unit of the caller's scope (a branch, a grassroots
/// organisation, a tenant, the province) and a period. 409 while an open round of the same
/// unit covers an overlapping period.
#[utoipa::path(
    post, path = "/api/v1/review-rounds", tag = "review rounds",
    request_body = RoundInput,
    responses(
        (status = 201, body = Round), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem),
    ),
)]
pub async fn create(
    state: web::Data<AppState>,
    who: Identity,
    body: web::Json<RoundInput>,
) -> AppResult<HttpResponse> {
    let input = body.into_inner();
    let round = state
        .db
        .write(scoped(who, Action::ManageReviewRounds, move |c, s| {
            rounds::create(c, s, input)
        }))
        .await?;
    Ok(with_etag(StatusCode::CREATED, round))
}

/// The rounds the caller sees — those over their part of the province, and those inside
/// it — newest first.
#[utoipa::path(
    get, path = "/api/v1/review-rounds", tag = "review rounds",
    params(RoundQuery),
    responses((status = 200, body = RoundList), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem)),
)]
pub async fn list(
    state: web::Data<AppState>,
    who: Identity,
    query: web::Query<RoundQuery>,
) -> AppResult<web::Json<RoundList>> {
    let q = query.into_inner();
    let list = state
        .db
        .read(scoped(who, Action::ViewReports, move |c, s| {
            rounds::list(c, s, &q)
        }))
        .await?;
    Ok(web::Json(list))
}

/// One round, with its suggestion counts. Sends its version as `ETag`.
#[utoipa::path(
    get, path = "/api/v1/review-rounds/{id}", tag = "review rounds",
    params(("id" = i64, Path, description = "Round id")),
    responses((status = 200, body = Round), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem)),
)]
pub async fn get(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let rid = number(&path)?;
    let round = state
        .db
        .read(scoped(who, Action::ViewReports, move |c, s| {
            rounds::get(c, s, rid)
        }))
        .await?;
    Ok(with_etag(StatusCode::OK, round))
}

/// Closes a round (needs `If-Match`). Only the level whose round it is closes it.
#[utoipa::path(
    post, path = "/api/v1/review-rounds/{id}/close", tag = "review rounds",
    params(("id" = i64, Path, description = "Round id"), ("If-Match" = String, Header, description = "ETag of the round")),
    responses((status = 200, body = Round), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 412, body = Problem), (status = 428, body = Problem)),
)]
pub async fn close(
    state: web::Data<AppState>,
    who: Identity,
    req: HttpRequest,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let rid = number(&path)?;
    let precondition = if_match(&req);
    let round = state
        .db
        .write(move |c| {
            let access = who.resolve(c)?;
            let manage = access.scope(Action::ManageReviewRounds)?;
            let seen = access.scope(Action::ViewReports)?;
            rounds::close(c, &seen, &manage, rid, precondition)
        })
        .await?;
    Ok(with_etag(StatusCode::OK, round))
}

/// Runs detection over the round: A1, A2, B1 and B2 computed from ratings, discipline,
/// violations, attendance and dues, with the settings' policies. New findings become
/// pending suggestions; pending ones no longer supported are withdrawn; decided ones stay.
#[utoipa::path(
    post, path = "/api/v1/review-rounds/{id}/detect", tag = "review rounds",
    params(("id" = i64, Path, description = "Round id")),
    responses((status = 200, body = DetectionRun), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)),
)]
pub async fn detect(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
) -> AppResult<web::Json<DetectionRun>> {
    let rid = number(&path)?;
    let rules = state.settings();
    let run = state
        .db
        .write(move |c| {
            let access = who.resolve(c)?;
            let manage = access.scope(Action::ManageReviewRounds)?;
            let seen = access.scope(Action::ViewReports)?;
            detect::run(c, &seen, &manage, rid, &rules)
        })
        .await?;
    Ok(web::Json(run))
}

/// The round's suggestions about members in the caller's part of it, each with its reason
/// in Vietnamese and the records behind it.
#[utoipa::path(
    get, path = "/api/v1/review-rounds/{id}/suggestions", tag = "review rounds",
    params(("id" = i64, Path, description = "Round id"), SuggestionQuery),
    responses((status = 200, body = SuggestionList), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem)),
)]
pub async fn suggestions_list(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
    query: web::Query<SuggestionQuery>,
) -> AppResult<web::Json<SuggestionList>> {
    let rid = number(&path)?;
    let q = query.into_inner();
    let logged = serde_json::to_value(&q).unwrap_or_default();
    let (list, tenant) = state
        .db
        .read(scoped(who.clone(), Action::ViewMembers, move |c, s| {
            suggestions::list(c, s, rid, &q)
        }))
        .await?;
    let ids: Vec<i64> = list.items.iter().map(|s| s.member_id.0).collect();
    audit_read(
        &state,
        &who,
        tenant,
        None,
        "suggestion.list",
        ("review_round", Some(rid)),
        serde_json::json!({ "query": logged, "member_ids": ids }),
    )
    .await;
    Ok(web::Json(list))
}

/// Enters a ground the software cannot detect (A3, A4, B3–B10) for a member of the round,
/// with the conclusion or decision behind it, as a pending suggestion.
#[utoipa::path(
    post, path = "/api/v1/review-rounds/{id}/suggestions", tag = "review rounds",
    params(("id" = i64, Path, description = "Round id")),
    request_body = EnteredSuggestionInput,
    responses((status = 201, body = Suggestion), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)),
)]
pub async fn enter(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
    body: web::Json<EnteredSuggestionInput>,
) -> AppResult<HttpResponse> {
    let rid = number(&path)?;
    let input = body.into_inner();
    let s = state
        .db
        .write(scoped(who, Action::DecideSuggestions, move |c, s| {
            suggestions::enter(c, s, rid, input)
        }))
        .await?;
    Ok(HttpResponse::build(StatusCode::CREATED)
        .insert_header(etag(s.version))
        .json(s))
}

/// Confirms a pending suggestion (the member goes on the branch's draft list: a draft case
/// opens, or joins the member's draft case of the same path) or dismisses it with a note.
/// Needs `If-Match` with the suggestion's `version`.
#[utoipa::path(
    post, path = "/api/v1/suggestions/{id}/decision", tag = "review rounds",
    params(("id" = i64, Path, description = "Suggestion id"), ("If-Match" = String, Header, description = "The suggestion's version")),
    request_body = SuggestionDecision,
    responses((status = 200, body = Suggestion), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)),
)]
pub async fn decide(
    state: web::Data<AppState>,
    who: Identity,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<SuggestionDecision>,
) -> AppResult<HttpResponse> {
    let sid = number(&path)?;
    let precondition = if_match(&req);
    let decision = body.into_inner();
    let s = state
        .db
        .write(scoped(who, Action::DecideSuggestions, move |c, s| {
            suggestions::decide(c, s, sid, precondition, decision)
        }))
        .await?;
    Ok(HttpResponse::Ok().insert_header(etag(s.version)).json(s))
}

/// The round's progress under a unit (default the round's own): one row per child unit —
/// its branches, how many declared their review done, the suggestions pending, confirmed
/// and dismissed — and the total. Drill down by passing a row's `unit_id` as `unit`.
#[utoipa::path(
    get, path = "/api/v1/review-rounds/{id}/progress", tag = "review rounds",
    params(("id" = i64, Path, description = "Round id"), ProgressQuery),
    responses((status = 200, body = RoundProgress), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem)),
)]
pub async fn progress(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
    query: web::Query<ProgressQuery>,
) -> AppResult<web::Json<RoundProgress>> {
    let rid = number(&path)?;
    let unit = query.unit;
    let p = state
        .db
        .read_heavy(scoped(who, Action::ViewReports, move |c, s| {
            suggestions::progress(c, s, rid, unit)
        }))
        .await?;
    Ok(web::Json(p))
}

/// A branch declares its review in the round done (409 while it has pending suggestions).
#[utoipa::path(
    post, path = "/api/v1/review-rounds/{id}/branches/{unit_id}/complete", tag = "review rounds",
    params(("id" = i64, Path, description = "Round id"), ("unit_id" = i64, Path, description = "The branch")),
    responses((status = 200, body = ProgressRow), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)),
)]
pub async fn complete_branch(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<(String, String)>,
) -> AppResult<web::Json<ProgressRow>> {
    let rid = number(&path.0)?;
    let unit: UnitId = crate::api::extract::id(&path.1)?;
    let row = state
        .db
        .write(scoped(who, Action::DecideSuggestions, move |c, s| {
            suggestions::complete_branch(c, s, rid, unit)
        }))
        .await?;
    Ok(web::Json(row))
}
