//! Account administration within the administrator's subtree.

use super::extract::{id, number};
use crate::auth::identity::Identity;
use crate::error::AppResult;
use crate::repo;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use rasoat_shared::access::Action;
use rasoat_shared::api::users::{
    GrantCreate, InitialPassword, User, UserCreate, UserList, UserUpdate,
};
use rasoat_shared::error::Problem;
use rasoat_shared::{UnitId, UserId};
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UserFilter {
    /// Accounts whose home unit lies under this unit.
    pub unit: Option<UnitId>,
    /// Part of the user name or display name (case and diacritics ignored).
    pub q: Option<String>,
}

/// Accounts in the caller's subtree.
#[utoipa::path(
    get, path = "/api/v1/users", tag = "users", params(UserFilter),
    responses((status = 200, body = UserList), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)),
)]
pub async fn list(
    state: web::Data<AppState>,
    who: Identity,
    filter: web::Query<UserFilter>,
) -> AppResult<web::Json<UserList>> {
    let UserFilter { unit, q } = filter.into_inner();
    let items = state
        .db
        .read_heavy(move |c| {
            let scope = who.resolve(c)?.scope(Action::ManageUsers)?;
            repo::users::list(c, &scope, unit, q.as_deref())
        })
        .await?;
    Ok(web::Json(UserList { items }))
}

/// One account.
#[utoipa::path(
    get, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = User), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)),
)]
pub async fn get(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
) -> AppResult<web::Json<User>> {
    let user: UserId = id(&path)?;
    let found = state
        .db
        .read(move |c| {
            let scope = who.resolve(c)?.scope(Action::ManageUsers)?;
            repo::users::get(c, &scope, user)
        })
        .await?;
    Ok(web::Json(found))
}

/// Creates an account at a unit of the caller's subtree, with a one-time password shown
/// once (the person must change it at first sign-in).
#[utoipa::path(
    post, path = "/api/v1/users", tag = "users", request_body = UserCreate,
    responses(
        (status = 201, body = InitialPassword), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem),
    ),
)]
pub async fn create(
    state: web::Data<AppState>,
    who: Identity,
    body: web::Json<UserCreate>,
) -> AppResult<HttpResponse> {
    let input = body.into_inner();
    let (temporary_password, hash) = state.hasher.temporary().await?;
    let user = state
        .db
        .write(move |c| {
            let scope = who.resolve(c)?.scope(Action::ManageUsers)?;
            repo::users::admin_create(c, &scope, &input, &hash)
        })
        .await?;
    Ok(
        HttpResponse::build(StatusCode::CREATED).json(InitialPassword {
            user,
            temporary_password,
        }),
    )
}

/// Renames, disables (ending every session at once) or enables an account.
#[utoipa::path(
    patch, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path, description = "User id")), request_body = UserUpdate,
    responses((status = 200, body = User), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
)]
pub async fn update(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
    body: web::Json<UserUpdate>,
) -> AppResult<web::Json<User>> {
    let user: UserId = id(&path)?;
    let patch = body.into_inner();
    let updated = state
        .db
        .write(move |c| {
            let scope = who.resolve(c)?.scope(Action::ManageUsers)?;
            repo::users::admin_update(c, &scope, user, &patch)
        })
        .await?;
    Ok(web::Json(updated))
}

/// Sets a one-time password (shown once) and ends every session of the account.
#[utoipa::path(
    post, path = "/api/v1/users/{id}/password-reset", tag = "users", params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = InitialPassword), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)),
)]
pub async fn reset_password(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
) -> AppResult<web::Json<InitialPassword>> {
    let user: UserId = id(&path)?;
    let (temporary_password, hash) = state.hasher.temporary().await?;
    let updated = state
        .db
        .write(move |c| {
            let scope = who.resolve(c)?.scope(Action::ManageUsers)?;
            repo::users::admin_reset(c, &scope, user, &hash)
        })
        .await?;
    Ok(web::Json(InitialPassword {
        user: updated,
        temporary_password,
    }))
}

/// Grants a role at a unit. The unit must lie under one of the caller's roles that may
/// grant it; nobody changes their own roles; only a system administrator makes
/// administrators or auditors.
#[utoipa::path(
    post, path = "/api/v1/users/{id}/roles", tag = "users", params(("id" = i64, Path, description = "User id")), request_body = GrantCreate,
    responses((status = 201, body = User), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem, description = "duplicate_grant: the same role at the same unit over an overlapping period"), (status = 422, body = Problem)),
)]
pub async fn grant(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
    body: web::Json<GrantCreate>,
) -> AppResult<HttpResponse> {
    let user: UserId = id(&path)?;
    let input = body.into_inner();
    let updated = state
        .db
        .write(move |c| {
            let access = who.resolve(c)?;
            repo::users::grant(c, &access, user, &input)
        })
        .await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(updated))
}

/// Revokes a role assignment; it stops working on the user's next request.
#[utoipa::path(
    delete, path = "/api/v1/users/{id}/roles/{grant_id}", tag = "users",
    params(("id" = i64, Path, description = "User id"), ("grant_id" = i64, Path, description = "Role assignment id")),
    responses((status = 200, body = User), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)),
)]
pub async fn revoke(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<(String, String)>,
) -> AppResult<web::Json<User>> {
    let (user, grant) = path.into_inner();
    let user: UserId = id(&user)?;
    let grant: i64 = number(&grant)?;
    let updated = state
        .db
        .write(move |c| {
            let access = who.resolve(c)?;
            repo::users::revoke(c, &access, user, grant)
        })
        .await?;
    Ok(web::Json(updated))
}
