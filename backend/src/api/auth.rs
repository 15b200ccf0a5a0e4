//! Sign-in, sign-out and "who am I".

use crate::audit::{self, AuditEntry};
use crate::auth::identity::{Identity, RequestCtx};
use crate::auth::{CSRF_COOKIE, SESSION_COOKIE};
use crate::error::{AppError, AppResult};
use crate::repo;
use crate::state::AppState;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponse, web};
use rasoat_shared::api::auth::{LoginRequest, LoginResponse, Me};
use rasoat_shared::error::Problem;
use rasoat_shared::{ErrorCode, TenantId};

fn cookie(
    name: &'static str,
    value: String,
    http_only: bool,
    secure: bool,
    max_age: i64,
) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/")
        .http_only(http_only)
        .secure(secure)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::seconds(max_age))
        .finish()
}

/// Sign in with a user name and password.
///
/// Returns a short-lived access token for `Authorization: Bearer`, and sets the same
/// token in an HttpOnly cookie for the browser together with a CSRF cookie whose value
/// must be echoed in `X-CSRF-Token` on every state-changing request.
#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = LoginResponse),
        (status = 401, description = "Wrong user name or password", body = Problem),
        (status = 400, description = "Malformed body", body = Problem),
    ),
    security(())
)]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> AppResult<HttpResponse> {
    let LoginRequest { username, password } = body.into_inner();
    let ctx = RequestCtx::of(&req);
    // Bounded work for absurd inputs; they cannot be right anyway.
    let plausible = !username.trim().is_empty() && username.len() <= 128 && password.len() <= 1024;
    let name = username.clone();
    let row = if plausible {
        state
            .db
            .read(move |c| repo::users::find_for_login(c, &name))
            .await?
    } else {
        None
    };
    let stored = row
        .as_ref()
        .filter(|r| !r.disabled)
        .map(|r| r.password_hash.clone());
    let verified = state.hasher.verify(stored, password).await?;
    let user = match (verified, row) {
        (true, Some(r)) => r.id,
        (_, row) => {
            let entry = AuditEntry::new(
                TenantId::PROVINCE,
                row.map(|r| r.id),
                &ctx,
                "auth.login",
                "user",
                None,
                serde_json::json!({ "username": username.chars().take(128).collect::<String>() }),
            )
            .outcome("denied");
            state.db.write(move |c| audit::record(c, &[entry])).await?;
            return Err(AppError::new(ErrorCode::InvalidCredentials));
        }
    };
    let token = state.tokens.issue(user)?;
    let identity = Identity::signed_in(user, ctx.clone());
    let me = state
        .db
        .write(move |c| {
            let access = identity.resolve(c)?;
            let me = repo::users::me(c, &access)?;
            let entry = AuditEntry::new(
                TenantId::PROVINCE,
                Some(user),
                &ctx,
                "auth.login",
                "user",
                Some(user.0),
                serde_json::json!({}),
            );
            audit::record(c, &[entry])?;
            Ok(me)
        })
        .await?;
    let ttl = state.tokens.ttl_secs();
    let secure = state.config.cookie_secure;
    let csrf = format!("{:032x}", rand::random::<u128>());
    Ok(HttpResponse::Ok()
        .cookie(cookie(
            SESSION_COOKIE,
            token.clone(),
            true,
            secure,
            ttl as i64,
        ))
        .cookie(cookie(CSRF_COOKIE, csrf, false, secure, ttl as i64))
        .json(LoginResponse {
            access_token: token,
            token_type: "Bearer".into(),
            expires_in: ttl,
            me,
        }))
}

/// Sign out: clears the browser's session cookies.
#[utoipa::path(
    post, path = "/api/v1/auth/logout", tag = "auth",
    responses((status = 204, description = "Signed out"), (status = 401, body = Problem)),
)]
pub async fn logout(state: web::Data<AppState>, identity: Identity) -> AppResult<HttpResponse> {
    let user = identity.user_id();
    let ctx = identity.ctx().clone();
    state
        .db
        .write(move |c| {
            audit::record(
                c,
                &[AuditEntry::new(
                    TenantId::PROVINCE,
                    Some(user),
                    &ctx,
                    "auth.logout",
                    "user",
                    Some(user.0),
                    serde_json::json!({}),
                )],
            )
        })
        .await?;
    let secure = state.config.cookie_secure;
    Ok(HttpResponse::NoContent()
        .cookie(cookie(SESSION_COOKIE, String::new(), true, secure, 0))
        .cookie(cookie(CSRF_COOKIE, String::new(), false, secure, 0))
        .finish())
}

/// The signed-in user and the roles they hold today.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "auth",
    responses((status = 200, body = Me), (status = 401, body = Problem)),
)]
pub async fn me(state: web::Data<AppState>, identity: Identity) -> AppResult<web::Json<Me>> {
    let me = state
        .db
        .read(move |c| {
            let access = identity.resolve(c)?;
            repo::users::me(c, &access)
        })
        .await?;
    Ok(web::Json(me))
}
