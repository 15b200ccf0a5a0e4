//! Sign-in, refresh, sign-out, password change and "who am I".

use crate::audit::{self, AuditEntry};
use crate::auth::identity::{Identity, RequestCtx};
use crate::auth::sessions::{self, Refreshed};
use crate::auth::token::Subject;
use crate::auth::{CSRF_COOKIE, REFRESH_COOKIE, REFRESH_PATH, SESSION_COOKIE};
use crate::error::{AppError, AppResult};
use crate::repo;
use crate::state::AppState;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use rasoat_shared::api::auth::{LoginRequest, LoginResponse, Me, PasswordChange};
use rasoat_shared::error::{FieldError, Problem};
use rasoat_shared::{ErrorCode, TenantId, UserId};

fn cookie(
    name: &'static str,
    path: &'static str,
    value: String,
    http_only: bool,
    secure: bool,
    max_age: i64,
) -> Cookie<'static> {
    Cookie::build(name, value)
        .path(path)
        .http_only(http_only)
        .secure(secure)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::seconds(max_age))
        .finish()
}

/// The answer to a successful sign-in, refresh or password change: a new access token,
/// the session cookies, and who the user is now.
async fn signed_in(
    state: &AppState,
    user: UserId,
    session_version: i64,
    refresh_token: Option<String>,
    ctx: RequestCtx,
) -> AppResult<HttpResponse> {
    let token = state.tokens.issue(Subject::User {
        id: user,
        session_version,
    })?;
    let identity = Identity::signed_in(user, session_version, ctx);
    let me = state
        .db
        .read_heavy(move |c| {
            let access = identity.resolve(c)?;
            repo::users::me(c, &access)
        })
        .await?;
    let secure = state.config.cookie_secure;
    let ttl = state.tokens.ttl_secs() as i64;
    let refresh_ttl = state.config.refresh_token_ttl_secs as i64;
    let csrf = format!("{:032x}", rand::random::<u128>());
    let mut res = HttpResponse::Ok();
    res.insert_header((header::CACHE_CONTROL, "no-store"))
        .cookie(cookie(
            SESSION_COOKIE,
            "/",
            token.clone(),
            true,
            secure,
            ttl,
        ))
        .cookie(cookie(CSRF_COOKIE, "/", csrf, false, secure, refresh_ttl));
    // Without a new refresh token (a second tab within the grace period) the browser keeps
    // the successor it already holds.
    if let Some(refresh_token) = refresh_token {
        res.cookie(cookie(
            REFRESH_COOKIE,
            REFRESH_PATH,
            refresh_token,
            true,
            secure,
            refresh_ttl,
        ));
    }
    Ok(res.json(LoginResponse {
        access_token: token,
        token_type: "Bearer".into(),
        expires_in: ttl as u64,
        me,
    }))
}

fn locked(secs: u64, code: ErrorCode) -> AppError {
    AppError {
        retry_after: Some(secs.max(1)),
        ..AppError::new(code)
    }
}

/// Sign in with a user name and password.
///
/// Returns a short-lived access token for `Authorization: Bearer`, and sets for the browser
/// the same token in an HttpOnly cookie, a refresh token in an HttpOnly cookie scoped to
/// `/api/v1/auth`, and a CSRF cookie whose value must be echoed in `X-CSRF-Token` on every
/// state-changing request. Wrong passwords lock the account for a while (429
/// `account_locked`); many failures from one address are refused (429 `too_many_requests`).
#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = LoginResponse),
        (status = 400, description = "Malformed body", body = Problem),
        (status = 401, description = "Wrong user name or password", body = Problem),
        (status = 429, description = "Locked or throttled; see Retry-After", body = Problem),
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
    let ip = req.peer_addr().map(|a| a.ip());
    if let Some(secs) = state.throttle.address_blocked(ip) {
        return Err(locked(secs, ErrorCode::TooManyRequests));
    }
    let name = repo::users::normalise_username(&username);
    // Bounded work for absurd inputs; they cannot be right anyway.
    let plausible = !name.is_empty() && name.len() <= 128 && password.len() <= 1024;
    let lookup = name.clone();
    let row = if plausible {
        state
            .db
            .read_heavy(move |c| repo::users::find_for_login(c, &lookup))
            .await?
    } else {
        None
    };
    let now = Utc::now().naive_utc();
    match &row {
        Some(r) => {
            if let Some(until) = r.locked_until.filter(|u| *u > now) {
                return Err(locked(
                    (until - now).num_seconds().max(1) as u64,
                    ErrorCode::AccountLocked,
                ));
            }
        }
        None => {
            if let Some(secs) = state.throttle.unknown_name_locked(&name) {
                return Err(locked(secs, ErrorCode::AccountLocked));
            }
        }
    }
    let stored = row
        .as_ref()
        .filter(|r| !r.disabled)
        .map(|r| r.password_hash.clone());
    let verified = state
        .hasher
        .verify(stored.clone(), password.clone())
        .await?;
    let policy = state.throttle.policy();
    let known = row.as_ref().map(|r| r.id);
    let Some(user) = row.filter(|_| verified) else {
        state.throttle.address_failed(ip);
        let entry_ctx = ctx.clone();
        let display = username.chars().take(128).collect::<String>();
        let lock = state
            .db
            .write(move |c| {
                let lock = match known {
                    Some(id) => repo::users::login_failed(
                        c,
                        id,
                        policy.max_failures,
                        chrono::Duration::from_std(policy.lock_for).unwrap_or_default(),
                    )?,
                    None => None,
                };
                let entry = AuditEntry::new(
                    TenantId::PROVINCE,
                    known,
                    &entry_ctx,
                    "auth.login",
                    "user",
                    known.map(|u| u.0),
                    serde_json::json!({ "username": display, "locked": lock.is_some() }),
                )
                .outcome("denied");
                audit::record(c, &[entry])?;
                Ok(lock)
            })
            .await?;
        if known.is_none() {
            state.throttle.unknown_name_failed(&name);
            // The same answer an account gives on the failure that locks it.
            if let Some(secs) = state.throttle.unknown_name_locked(&name) {
                return Err(locked(secs, ErrorCode::AccountLocked));
            }
        }
        if let Some(until) = lock {
            return Err(locked(
                (until - Utc::now().naive_utc()).num_seconds().max(1) as u64,
                ErrorCode::AccountLocked,
            ));
        }
        return Err(AppError::new(ErrorCode::InvalidCredentials));
    };
    let rehash = match stored {
        Some(h) if crate::auth::password::needs_rehash(&h) => {
            Some(state.hasher.hash(password).await?)
        }
        _ => None,
    };
    let refresh_ttl = state.config.refresh_token_ttl_secs;
    let entry_ctx = ctx.clone();
    let ip_text = ctx.client_ip.clone();
    let (id, version) = (user.id, user.session_version);
    let refresh = state
        .db
        .write(move |c| {
            repo::users::login_succeeded(c, id, rehash)?;
            let refresh = sessions::start(c, id, refresh_ttl, ip_text.as_deref())?;
            audit::record(
                c,
                &[AuditEntry::new(
                    TenantId::PROVINCE,
                    Some(id),
                    &entry_ctx,
                    "auth.login",
                    "user",
                    Some(id.0),
                    serde_json::json!({}),
                )],
            )?;
            Ok(refresh)
        })
        .await?;
    signed_in(&state, id, version, Some(refresh), ctx).await
}

fn refresh_token_of(req: &HttpRequest) -> Option<String> {
    req.cookie(REFRESH_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
}

/// Exchange the refresh cookie for a new access token (and a new refresh token: each is
/// used once; a token used twice ends its whole sign-in, unless the second use comes within
/// `RASOAT_REFRESH_REUSE_GRACE_SECS` of the first — two tabs renewing together — when it
/// gets an access token and no new refresh cookie).
#[utoipa::path(
    post, path = "/api/v1/auth/refresh", tag = "auth",
    responses(
        (status = 200, body = LoginResponse),
        (status = 401, description = "No live session (code session_expired)", body = Problem),
    ),
    security(())
)]
pub async fn refresh(state: web::Data<AppState>, req: HttpRequest) -> AppResult<HttpResponse> {
    let ctx = RequestCtx::of(&req);
    let token = refresh_token_of(&req).ok_or_else(|| AppError::new(ErrorCode::SessionExpired))?;
    let ttl = state.config.refresh_token_ttl_secs;
    let grace = state.config.refresh_reuse_grace_secs;
    let ip = ctx.client_ip.clone();
    let entry_ctx = ctx.clone();
    let outcome = state
        .db
        .write(move |c| {
            let out = sessions::rotate(c, &token, ttl, grace, ip.as_deref())?;
            if let Refreshed::Reused { user } = &out {
                let entry = AuditEntry::new(
                    TenantId::PROVINCE,
                    Some(*user),
                    &entry_ctx,
                    "auth.refresh_reuse",
                    "user",
                    Some(user.0),
                    serde_json::json!({ "family": "revoked" }),
                )
                .outcome("denied");
                audit::record(c, &[entry])?;
            }
            Ok(out)
        })
        .await?;
    match outcome {
        Refreshed::Ok(issued) => {
            signed_in(
                &state,
                issued.user,
                issued.session_version,
                issued.refresh_token,
                ctx,
            )
            .await
        }
        Refreshed::Reused { .. } => Err(AppError::new(ErrorCode::SessionExpired)),
    }
}

fn cleared(state: &AppState) -> actix_web::HttpResponseBuilder {
    let secure = state.config.cookie_secure;
    let mut res = HttpResponse::NoContent();
    res.cookie(cookie(SESSION_COOKIE, "/", String::new(), true, secure, 0))
        .cookie(cookie(CSRF_COOKIE, "/", String::new(), false, secure, 0))
        .cookie(cookie(
            REFRESH_COOKIE,
            REFRESH_PATH,
            String::new(),
            true,
            secure,
            0,
        ));
    res
}

/// Sign out: ends this sign-in (its refresh tokens) and clears the browser's cookies.
#[utoipa::path(
    post, path = "/api/v1/auth/logout", tag = "auth",
    responses((status = 204, description = "Signed out"), (status = 401, body = Problem)),
)]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    identity: Identity,
) -> AppResult<HttpResponse> {
    let user = identity.require_user()?;
    let ctx = identity.ctx().clone();
    let token = refresh_token_of(&req);
    state
        .db
        .write(move |c| {
            if let Some(t) = token {
                sessions::revoke_by_token(c, &t)?;
            }
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
    Ok(cleared(&state).finish())
}

/// Change one's own password. Ends every session of the account (other devices sign in
/// again) and starts a new one here.
#[utoipa::path(
    post, path = "/api/v1/auth/password", tag = "auth",
    request_body = PasswordChange,
    responses(
        (status = 200, body = LoginResponse),
        (status = 401, body = Problem),
        (status = 422, description = "Wrong current password or a new one that breaks the policy", body = Problem),
    ),
)]
pub async fn change_password(
    state: web::Data<AppState>,
    identity: Identity,
    body: web::Json<PasswordChange>,
) -> AppResult<HttpResponse> {
    let user = identity.require_user()?;
    let PasswordChange {
        current_password,
        new_password,
    } = body.into_inner();
    let check = identity.clone();
    let (username, stored) = state
        .db
        .read_heavy(move |c| {
            check.resolve(c)?; // a token from before the last change is refused
            repo::users::password_hash_of(c, user)
        })
        .await?;
    if !state
        .hasher
        .verify(Some(stored), current_password.chars().take(1024).collect())
        .await?
    {
        return Err(AppError::field(
            "current_password",
            "wrong",
            "Mật khẩu hiện tại không đúng.",
        ));
    }
    let mut problems: Vec<FieldError> = rasoat_shared::password::problems(&new_password, &username);
    if new_password == current_password {
        problems.push(FieldError {
            field: "new_password".into(),
            code: "unchanged".into(),
            message: "Mật khẩu mới phải khác mật khẩu hiện tại.".into(),
        });
    }
    if !problems.is_empty() {
        return Err(AppError::validation(problems));
    }
    let hash = state.hasher.hash(new_password).await?;
    let ctx = identity.ctx().clone();
    let entry_ctx = ctx.clone();
    let ttl = state.config.refresh_token_ttl_secs;
    let ip = ctx.client_ip.clone();
    let (version, refresh) = state
        .db
        .write(move |c| {
            repo::users::set_password(c, user, &hash, false)?;
            let version = sessions::end_all(c, user)?;
            let refresh = sessions::start(c, user, ttl, ip.as_deref())?;
            audit::record(
                c,
                &[AuditEntry::new(
                    TenantId::PROVINCE,
                    Some(user),
                    &entry_ctx,
                    "auth.password_change",
                    "user",
                    Some(user.0),
                    serde_json::json!({}),
                )],
            )?;
            Ok((version, refresh))
        })
        .await?;
    signed_in(&state, user, version, Some(refresh), ctx).await
}

/// The signed-in user and the roles they hold today.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "auth",
    responses((status = 200, body = Me), (status = 401, body = Problem), (status = 403, description = "A service client has no account", body = Problem)),
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
