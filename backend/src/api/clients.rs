//! Registering the provincial systems that read Rà soát.

use super::extract::number;
use super::scoped;
use crate::auth::identity::Identity;
use crate::error::AppResult;
use crate::repo;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use rasoat_shared::access::Action;
use rasoat_shared::api::clients::{
    ServiceClient, ServiceClientCreate, ServiceClientList, ServiceClientSecret,
};
use rasoat_shared::error::Problem;

/// The service clients in the caller's subtree.
#[utoipa::path(
    get, path = "/api/v1/service-clients", tag = "service clients",
    responses((status = 200, body = ServiceClientList), (status = 401, body = Problem), (status = 403, body = Problem)),
)]
pub async fn list(
    state: web::Data<AppState>,
    who: Identity,
) -> AppResult<web::Json<ServiceClientList>> {
    let items = state
        .db
        .read_heavy(scoped(
            who,
            Action::ManageServiceClients,
            repo::clients::list,
        ))
        .await?;
    Ok(web::Json(ServiceClientList { items }))
}

/// Registers a provincial system. Its secret is shown once.
#[utoipa::path(
    post, path = "/api/v1/service-clients", tag = "service clients", request_body = ServiceClientCreate,
    responses((status = 201, body = ServiceClientSecret), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)),
)]
pub async fn create(
    state: web::Data<AppState>,
    who: Identity,
    body: web::Json<ServiceClientCreate>,
) -> AppResult<HttpResponse> {
    let input = body.into_inner();
    let made = state
        .db
        .write(scoped(who, Action::ManageServiceClients, move |c, s| {
            repo::clients::create(c, s, &input)
        }))
        .await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(made))
}

/// Issues a new secret (shown once); the old one stops working at once.
#[utoipa::path(
    post, path = "/api/v1/service-clients/{id}/rotate", tag = "service clients", params(("id" = i64, Path, description = "Client id")),
    responses((status = 200, body = ServiceClientSecret), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)),
)]
pub async fn rotate(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
) -> AppResult<web::Json<ServiceClientSecret>> {
    let client = number(&path)?;
    let made = state
        .db
        .write(scoped(who, Action::ManageServiceClients, move |c, s| {
            repo::clients::rotate(c, s, client)
        }))
        .await?;
    Ok(web::Json(made))
}

/// Revokes a client: its tokens stop working on their next request.
#[utoipa::path(
    delete, path = "/api/v1/service-clients/{id}", tag = "service clients", params(("id" = i64, Path, description = "Client id")),
    responses((status = 200, body = ServiceClient), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)),
)]
pub async fn revoke(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
) -> AppResult<web::Json<ServiceClient>> {
    let client = number(&path)?;
    let revoked = state
        .db
        .write(scoped(who, Action::ManageServiceClients, move |c, s| {
            repo::clients::revoke(c, s, client)
        }))
        .await?;
    Ok(web::Json(revoked))
}
