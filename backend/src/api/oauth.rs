//! The OAuth 2.0 token endpoint for provincial systems (client-credentials grant,
//! RFC 6749 §4.4). Errors follow RFC 6749 §5.2, not problem+json: OAuth clients expect them.

use crate::audit::{self, AuditEntry};
use crate::auth::identity::RequestCtx;
use crate::auth::token::{Subject, scope_bits};
use crate::error::AppResult;
use crate::repo;
use crate::state::AppState;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rasoat_shared::access::ClientScope;
use rasoat_shared::api::auth::{OAuthError, TokenResponse};
use std::collections::HashMap;

fn oauth_error(status: StatusCode, error: &str, description: &str) -> HttpResponse {
    let mut res = HttpResponse::build(status);
    res.insert_header((header::CACHE_CONTROL, "no-store"));
    if status == StatusCode::UNAUTHORIZED {
        res.insert_header((header::WWW_AUTHENTICATE, "Basic realm=\"rasoat\""));
    }
    res.json(OAuthError {
        error: error.into(),
        error_description: description.into(),
    })
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// `Authorization: Basic` credentials (RFC 6749 §2.3.1: both parts form-url-encoded).
fn basic_credentials(req: &HttpRequest) -> Option<Option<(String, String)>> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, b64) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = STANDARD
        .decode(b64.trim())
        .ok()
        .and_then(|d| String::from_utf8(d).ok());
    Some(decoded.and_then(|d| {
        let (id, secret) = d.split_once(':')?;
        Some((percent_decode(id)?, percent_decode(secret)?))
    }))
}

/// Issues an access token to a provincial system (`grant_type=client_credentials`).
///
/// The client authenticates with `client_id` and `client_secret` in the form body or with
/// HTTP Basic. `scope` (optional) narrows the token to some of the client's scopes. The
/// token is a Bearer token for the other operations, valid within the client's subtree.
#[utoipa::path(
    post, path = "/api/v1/oauth/token", tag = "auth",
    request_body(content_type = "application/x-www-form-urlencoded", description = "grant_type=client_credentials&client_id=…&client_secret=…[&scope=members:read]"),
    responses(
        (status = 200, body = TokenResponse),
        (status = 400, description = "invalid_request, unsupported_grant_type or invalid_scope", body = OAuthError),
        (status = 401, description = "invalid_client", body = OAuthError),
        (status = 429, description = "Too many failures from this address", body = OAuthError),
    ),
    security(())
)]
pub async fn token(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let ip = req.peer_addr().map(|a| a.ip());
    if state.throttle.address_blocked(ip).is_some() {
        return Ok(oauth_error(
            StatusCode::TOO_MANY_REQUESTS,
            "invalid_request",
            "too many failed attempts from this address",
        ));
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the body must be application/x-www-form-urlencoded",
        ));
    }
    let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body) else {
        return Ok(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "malformed form body",
        ));
    };
    let mut form: HashMap<String, String> = HashMap::new();
    for (k, v) in pairs {
        if form.insert(k.clone(), v).is_some() {
            return Ok(oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "a parameter is repeated",
            ));
        }
    }
    match form.get("grant_type").map(String::as_str) {
        Some("client_credentials") => {}
        Some(_) => {
            return Ok(oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "only client_credentials is supported",
            ));
        }
        None => {
            return Ok(oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "grant_type is missing",
            ));
        }
    }
    let in_body = (
        form.get("client_id").cloned(),
        form.get("client_secret").cloned(),
    );
    let (client_id, secret) = match (basic_credentials(&req), in_body) {
        (Some(_), (Some(_), _)) | (Some(_), (_, Some(_))) => {
            return Ok(oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "use one client authentication method",
            ));
        }
        (Some(Some(creds)), _) => creds,
        (Some(None), _) => {
            return Ok(oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "malformed Basic credentials",
            ));
        }
        (None, (Some(id), Some(secret))) => (id, secret),
        (None, _) => {
            return Ok(oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "client authentication is missing",
            ));
        }
    };
    let ctx = RequestCtx::of(&req);
    let lookup = (client_id.clone(), secret);
    let found = state
        .db
        .write(move |c| repo::clients::authenticate(c, &lookup.0, &lookup.1))
        .await?;
    let Some((tenant, id, unit, held)) = found else {
        state.throttle.address_failed(ip);
        let entry = AuditEntry::new(
            rasoat_shared::TenantId::PROVINCE,
            None,
            &ctx,
            "oauth.token",
            "service_client",
            None,
            serde_json::json!({ "client_id": client_id.chars().take(64).collect::<String>() }),
        )
        .outcome("denied");
        state.db.write(move |c| audit::record(c, &[entry])).await?;
        return Ok(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "unknown client or wrong secret",
        ));
    };
    let granted: Vec<ClientScope> = match form
        .get("scope")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        None => held.clone(),
        Some(requested) => {
            let mut wanted = Vec::new();
            for code in requested.split(' ').filter(|s| !s.is_empty()) {
                match ClientScope::from_code(code).filter(|s| held.contains(s)) {
                    Some(s) => wanted.push(s),
                    None => {
                        return Ok(oauth_error(
                            StatusCode::BAD_REQUEST,
                            "invalid_scope",
                            &format!("scope {code} is not granted to this client"),
                        ));
                    }
                }
            }
            wanted
        }
    };
    let access_token = state.tokens.issue(Subject::Client {
        tenant,
        id,
        scopes: scope_bits(&granted),
    })?;
    let scope_text = granted
        .iter()
        .map(|s| s.code())
        .collect::<Vec<_>>()
        .join(" ");
    let mut entry = AuditEntry::new(
        tenant,
        None,
        &ctx,
        "oauth.token",
        "service_client",
        Some(id),
        serde_json::json!({ "scope": scope_text }),
    )
    .unit(unit.0);
    entry.actor_client_id = Some(id);
    state.db.write(move |c| audit::record(c, &[entry])).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"))
        .json(TokenResponse {
            access_token,
            token_type: "Bearer".into(),
            expires_in: state.tokens.ttl_secs(),
            scope: scope_text,
        }))
}
