//! The organisation tree over HTTP. Handlers only parse, call the repository inside a
//! scope, and shape the response.

use super::extract::{etag, id, if_match};
use super::scoped;
use crate::auth::identity::Identity;
use crate::error::AppResult;
use crate::repo;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use rasoat_shared::UnitId;
use rasoat_shared::access::Action;
use rasoat_shared::api::units::{Unit, UnitCreate, UnitList, UnitMove, UnitUpdate};
use rasoat_shared::error::Problem;

fn with_etag(status: actix_web::http::StatusCode, unit: Unit) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header(etag(unit.version))
        .json(unit)
}

/// The units where the caller's view of the tree starts.
///
/// The province root for province-wide roles; otherwise the units where the caller's
/// roles are held.
#[utoipa::path(
    get, path = "/api/v1/units/roots", tag = "units",
    responses((status = 200, body = UnitList), (status = 401, body = Problem), (status = 403, body = Problem)),
)]
pub async fn roots(state: web::Data<AppState>, who: Identity) -> AppResult<web::Json<UnitList>> {
    // Counts over whole subtrees (the province: every member): off the worker threads.
    let items = state
        .db
        .read_heavy(scoped(who, Action::ViewUnits, repo::units::roots))
        .await?;
    Ok(web::Json(UnitList { items }))
}

/// One unit. Sends its version as `ETag`.
#[utoipa::path(
    get, path = "/api/v1/units/{id}", tag = "units",
    params(("id" = i64, Path, description = "Unit id")),
    responses(
        (status = 200, body = Unit, headers(("ETag" = String, description = "Version, for If-Match"))),
        (status = 400, body = Problem), (status = 401, body = Problem), (status = 404, body = Problem),
    ),
)]
pub async fn get(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let unit_id: UnitId = id(&path)?;
    let unit = state
        .db
        .read(scoped(who, Action::ViewUnits, move |c, s| {
            repo::units::get(c, s, unit_id)
        }))
        .await?;
    Ok(with_etag(actix_web::http::StatusCode::OK, unit))
}

/// The units directly below a unit, with their member counts (whole subtree).
#[utoipa::path(
    get, path = "/api/v1/units/{id}/children", tag = "units",
    params(("id" = i64, Path, description = "Unit id")),
    responses((status = 200, body = UnitList), (status = 400, body = Problem), (status = 401, body = Problem), (status = 404, body = Problem)),
)]
pub async fn children(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
) -> AppResult<web::Json<UnitList>> {
    let unit_id: UnitId = id(&path)?;
    let items = state
        .db
        // Counts over whole subtrees (under the province: every member): off the workers.
        .read_heavy(scoped(who, Action::ViewUnits, move |c, s| {
            repo::units::children(c, s, unit_id)
        }))
        .await?;
    Ok(web::Json(UnitList { items }))
}

/// The breadcrumb: from the top of the caller's scope down to the unit itself.
#[utoipa::path(
    get, path = "/api/v1/units/{id}/ancestors", tag = "units",
    params(("id" = i64, Path, description = "Unit id")),
    responses((status = 200, body = UnitList), (status = 400, body = Problem), (status = 401, body = Problem), (status = 404, body = Problem)),
)]
pub async fn ancestors(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
) -> AppResult<web::Json<UnitList>> {
    let unit_id: UnitId = id(&path)?;
    let items = state
        .db
        // The top of the chain may be the province, counted whole: off the workers.
        .read_heavy(scoped(who, Action::ViewUnits, move |c, s| {
            repo::units::ancestors(c, s, unit_id)
        }))
        .await?;
    Ok(web::Json(UnitList { items }))
}

/// The whole subtree of a unit with member counts: the unit first, then by depth.
#[utoipa::path(
    get, path = "/api/v1/units/{id}/subtree", tag = "units",
    params(("id" = i64, Path, description = "Unit id")),
    responses((status = 200, body = UnitList), (status = 400, body = Problem), (status = 401, body = Problem), (status = 404, body = Problem)),
)]
pub async fn subtree(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
) -> AppResult<web::Json<UnitList>> {
    let unit_id: UnitId = id(&path)?;
    // A whole subtree may be the whole province: off the worker threads.
    let items = state
        .db
        .read_heavy(scoped(who, Action::ViewUnits, move |c, s| {
            repo::units::subtree(c, s, unit_id)
        }))
        .await?;
    Ok(web::Json(UnitList { items }))
}

/// Creates a unit. Under the province root it starts a new tenant.
#[utoipa::path(
    post, path = "/api/v1/units", tag = "units",
    request_body = UnitCreate,
    responses(
        (status = 201, body = Unit), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, description = "Parent not found or outside your scope", body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem),
    ),
)]
pub async fn create(
    state: web::Data<AppState>,
    who: Identity,
    body: web::Json<UnitCreate>,
) -> AppResult<HttpResponse> {
    let input = body.into_inner();
    let unit = state
        .db
        .write(scoped(who, Action::ManageUnits, move |c, s| {
            repo::units::create(c, s, input)
        }))
        .await?;
    Ok(with_etag(actix_web::http::StatusCode::CREATED, unit))
}

/// Renames, recodes, changes flags or end-dates a unit (never deletes). Needs `If-Match`.
#[utoipa::path(
    patch, path = "/api/v1/units/{id}", tag = "units",
    params(("id" = i64, Path, description = "Unit id"), ("If-Match" = String, Header, description = "ETag of the version you read")),
    request_body = UnitUpdate,
    responses(
        (status = 200, body = Unit), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
        (status = 422, body = Problem), (status = 428, body = Problem),
    ),
)]
pub async fn update(
    state: web::Data<AppState>,
    who: Identity,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<UnitUpdate>,
) -> AppResult<HttpResponse> {
    let unit_id: UnitId = id(&path)?;
    let precondition = if_match(&req);
    let patch = body.into_inner();
    let unit = state
        .db
        .write(scoped(who, Action::ManageUnits, move |c, s| {
            repo::units::update(c, s, unit_id, precondition, patch)
        }))
        .await?;
    Ok(with_etag(actix_web::http::StatusCode::OK, unit))
}

/// Moves a unit and its subtree under another parent of the same tenant. Needs `If-Match`.
#[utoipa::path(
    post, path = "/api/v1/units/{id}/move", tag = "units",
    params(("id" = i64, Path, description = "Unit id"), ("If-Match" = String, Header, description = "ETag of the version you read")),
    request_body = UnitMove,
    responses(
        (status = 200, body = Unit), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem),
    ),
)]
pub async fn move_unit(
    state: web::Data<AppState>,
    who: Identity,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<UnitMove>,
) -> AppResult<HttpResponse> {
    let unit_id: UnitId = id(&path)?;
    let precondition = if_match(&req);
    let target = body.into_inner();
    let unit = state
        .db
        .write(scoped(who, Action::ManageUnits, move |c, s| {
            repo::units::move_unit(c, s, unit_id, precondition, target)
        }))
        .await?;
    Ok(with_etag(actix_web::http::StatusCode::OK, unit))
}
