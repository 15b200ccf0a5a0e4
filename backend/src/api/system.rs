//! Health, readiness, public keys and settings.

use crate::auth::identity::Identity;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use diesel::connection::SimpleConnection;
use rasoat_shared::error::Problem;
use rasoat_shared::settings::RuleSettings;

/// `{"status": "ok"}` or `{"status": "ready"}`.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
#[schema(example = json!({"status": "ok"}))]
pub struct Health {
    status: String,
}

/// A JSON Web Key of an access token's signer (RFC 7517, RFC 8037: Ed25519).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct Jwk {
    /// `OKP`
    kty: String,
    /// `Ed25519`
    crv: String,
    /// `EdDSA`
    alg: String,
    /// `sig`
    r#use: String,
    kid: String,
    /// The public key, base64url.
    x: String,
}

/// The JWK set (RFC 7517 §5).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct JwkSet {
    keys: Vec<Jwk>,
}

/// The process is up (no database access).
#[utoipa::path(get, path = "/healthz", tag = "system", responses((status = 200, description = "Alive", body = Health)), security(()))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(r#"{"status":"ok"}"#)
}

/// The database answers.
#[utoipa::path(
    get, path = "/readyz", tag = "system",
    responses((status = 200, description = "Ready", body = Health), (status = 503, body = Problem)),
    security(())
)]
pub async fn readyz(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    state
        .db
        .read(|c| c.batch_execute("SELECT 1").map_err(AppError::unavailable))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(r#"{"status":"ready"}"#))
}

/// The public keys that verify access tokens (RFC 7517 JWK set).
#[utoipa::path(
    get, path = "/api/v1/.well-known/jwks.json", tag = "auth",
    responses((status = 200, description = "JWK set", body = JwkSet)),
    security(())
)]
pub async fn jwks(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(state.tokens.jwks())
}

/// The rule settings in force ([M] and [?] rules of the domain, with their defaults).
#[utoipa::path(
    get, path = "/api/v1/settings", tag = "system",
    responses((status = 200, body = RuleSettings), (status = 401, body = Problem)),
)]
pub async fn settings(state: web::Data<AppState>, _who: Identity) -> web::Json<RuleSettings> {
    web::Json(state.settings())
}
