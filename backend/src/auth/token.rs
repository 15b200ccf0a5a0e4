//! Access tokens: EdDSA JWTs with `kid`, the algorithm pinned, and `iss`, `aud`, `exp`,
//! `nbf`, `iat`, `sub`, `jti` required. They carry who the user is, never what the user may
//! do: roles are looked up on every request.

use super::keys::KeyRing;
use crate::error::{AppError, AppResult};
use jsonwebtoken::{Algorithm, Header, Validation};
use rasoat_shared::{ErrorCode, UserId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    iss: String,
    aud: String,
    sub: String,
    exp: u64,
    nbf: u64,
    iat: u64,
    jti: String,
}

/// Verified tokens kept so that a token presented again is not verified again (an
/// Ed25519 verification costs more than the rest of a small request). Only the expiry is
/// checked on a hit; the entry is the result of verifying exactly these bytes.
struct VerifiedCache {
    entries: HashMap<String, (UserId, u64)>,
}

const CACHE_LIMIT: usize = 10_000;

pub struct Tokens {
    keys: KeyRing,
    issuer: String,
    ttl_secs: u64,
    cache: Mutex<VerifiedCache>,
}

fn now() -> u64 {
    chrono::Utc::now().timestamp().max(0) as u64
}

fn unauthenticated() -> AppError {
    AppError::new(ErrorCode::Unauthenticated)
}

impl Tokens {
    pub fn new(keys: KeyRing, issuer: String, ttl_secs: u64) -> Tokens {
        Tokens {
            keys,
            issuer,
            ttl_secs,
            cache: Mutex::new(VerifiedCache {
                entries: HashMap::new(),
            }),
        }
    }

    pub fn ttl_secs(&self) -> u64 {
        self.ttl_secs
    }

    pub fn jwks(&self) -> &serde_json::Value {
        self.keys.jwks()
    }

    /// A new access token for `user`.
    pub fn issue(&self, user: UserId) -> AppResult<String> {
        let (kid, key) = self.keys.signing();
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(kid.to_string());
        let iat = now();
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.issuer.clone(),
            sub: user.to_string(),
            exp: iat + self.ttl_secs,
            nbf: iat,
            iat,
            jti: format!("{:032x}", rand::random::<u128>()),
        };
        jsonwebtoken::encode(&header, &claims, key).map_err(AppError::internal)
    }

    /// The user a token was issued to, if the token is valid now.
    pub fn verify(&self, token: &str) -> AppResult<UserId> {
        let t = now();
        if let Ok(cache) = self.cache.lock()
            && let Some(&(user, exp)) = cache.entries.get(token)
        {
            return if t < exp {
                Ok(user)
            } else {
                Err(unauthenticated())
            };
        }
        let (user, exp) = self.verify_uncached(token)?;
        if let Ok(mut cache) = self.cache.lock() {
            if cache.entries.len() >= CACHE_LIMIT {
                cache.entries.retain(|_, (_, exp)| *exp > t);
                if cache.entries.len() >= CACHE_LIMIT {
                    cache.entries.clear();
                }
            }
            cache.entries.insert(token.to_string(), (user, exp));
        }
        Ok(user)
    }

    fn verify_uncached(&self, token: &str) -> AppResult<(UserId, u64)> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| unauthenticated())?;
        // Pinned: whatever the header says, only EdDSA with one of our key ids is accepted.
        if header.alg != Algorithm::EdDSA {
            return Err(unauthenticated());
        }
        let key = header
            .kid
            .as_deref()
            .and_then(|kid| self.keys.verifying(kid))
            .ok_or_else(unauthenticated)?;
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.issuer]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = 30;
        let data = jsonwebtoken::decode::<Claims>(token, key, &validation)
            .map_err(|_| unauthenticated())?;
        let user = data
            .claims
            .sub
            .parse::<UserId>()
            .map_err(|_| unauthenticated())?;
        Ok((user, data.claims.exp))
    }
}
