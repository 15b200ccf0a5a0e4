//! The authentication extractor. A handler that takes an [`Identity`] only runs for a
//! request with a valid access token: `Authorization: Bearer` for integrations, or the
//! HttpOnly session cookie for the browser — in which case every state-changing request
//! must also echo the CSRF cookie in the `X-CSRF-Token` header (double submit; the cookies
//! are SameSite=Strict as well). The extractor reads headers only, never the body.

use super::token::Subject;
use super::{CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE};
use crate::error::AppError;
use crate::request_id::RequestId;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::{Method, header};
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use rasoat_shared::{ErrorCode, UserId};
use std::future::{Ready, ready};

/// Where a request came from, for the audit log.
#[derive(Debug, Clone, Default)]
pub struct RequestCtx {
    pub request_id: Option<String>,
    pub client_ip: Option<String>,
}

impl RequestCtx {
    pub fn of(req: &HttpRequest) -> RequestCtx {
        RequestCtx {
            request_id: req.extensions().get::<RequestId>().map(|r| r.0.clone()),
            client_ip: req.peer_addr().map(|a| a.ip().to_string()),
        }
    }
}

/// An authenticated caller: a user or a provincial system's client. Its fields are
/// private: only this extractor (and the sign-in handlers) make one, and only an
/// `Identity` can resolve the scope that the repositories require.
#[derive(Debug, Clone)]
pub struct Identity {
    subject: Subject,
    ctx: RequestCtx,
}

impl Identity {
    pub fn subject(&self) -> Subject {
        self.subject
    }

    /// The user, when the caller is one (not a service client).
    pub fn user(&self) -> Option<UserId> {
        match self.subject {
            Subject::User { id, .. } => Some(id),
            Subject::Client { .. } => None,
        }
    }

    /// The user, or 403 for a service client (for what only people may do).
    pub fn require_user(&self) -> Result<UserId, AppError> {
        self.user().ok_or_else(AppError::forbidden)
    }

    pub fn ctx(&self) -> &RequestCtx {
        &self.ctx
    }

    /// The identity of a user who has just proved their password or refresh token (the
    /// handler needs their roles before a token comes back on a request).
    pub(crate) fn signed_in(id: UserId, session_version: i64, ctx: RequestCtx) -> Identity {
        Identity {
            subject: Subject::User {
                id,
                session_version,
            },
            ctx,
        }
    }
}

fn bearer(req: &HttpRequest) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn authenticate(req: &HttpRequest) -> Result<Identity, AppError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("application state missing")))?;
    let token = match bearer(req) {
        Some(t) => t.to_string(),
        None => {
            let cookie = req
                .cookie(SESSION_COOKIE)
                .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))?;
            let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
            if !safe {
                let sent = req
                    .headers()
                    .get(CSRF_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                let expected = req
                    .cookie(CSRF_COOKIE)
                    .map(|c| c.value().to_string())
                    .unwrap_or_default();
                if expected.is_empty() || !constant_time_eq(sent.as_bytes(), expected.as_bytes()) {
                    return Err(AppError::new(ErrorCode::CsrfRejected));
                }
            }
            cookie.value().to_string()
        }
    };
    let subject = state.tokens.verify(&token)?;
    Ok(Identity {
        subject,
        ctx: RequestCtx::of(req),
    })
}

impl FromRequest for Identity {
    type Error = AppError;
    type Future = Ready<Result<Identity, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_compare() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
