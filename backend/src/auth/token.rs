//! Access tokens: EdDSA JWTs with `kid`, the algorithm pinned, and `iss`, `aud`, `exp`,
//! `nbf`, `iat`, `sub`, `jti` required. They carry who is calling, never what they may do:
//! roles and client scopes are looked up on every request. A user's token also carries the
//! account's session version (`sv`), so that a password change, a reset or disabling the
//! account ends every token at once.

use super::keys::KeyRing;
use crate::error::{AppError, AppResult};
use jsonwebtoken::{Algorithm, Header, Validation};
use rasoat_shared::access::ClientScope;
use rasoat_shared::{ErrorCode, TenantId, UserId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    iss: String,
    aud: String,
    /// `user:<id>` or `client:<tenant>:<id>`.
    sub: String,
    exp: u64,
    nbf: u64,
    iat: u64,
    jti: String,
    /// Session version of a user's account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sv: Option<i64>,
    /// A client's granted scopes, space-separated (RFC 8693 §4.2 `scope`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scope: Option<String>,
}

/// Who a verified token speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    User {
        id: UserId,
        session_version: i64,
    },
    /// A provincial system's client (service_clients row `id` of `tenant`), with the
    /// scopes granted to this token (a bit per `ClientScope::ALL` entry); what it may do is
    /// these scopes intersected with the client's scopes now.
    Client {
        tenant: TenantId,
        id: i64,
        scopes: u8,
    },
}

/// The bit set of some client scopes (a bit per `ClientScope::ALL` entry).
pub fn scope_bits(scopes: &[ClientScope]) -> u8 {
    ClientScope::ALL
        .iter()
        .enumerate()
        .filter(|(_, s)| scopes.contains(s))
        .fold(0, |acc, (i, _)| acc | (1 << i))
}

pub fn scopes_of_bits(bits: u8) -> Vec<ClientScope> {
    ClientScope::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, s)| *s)
        .collect()
}

impl Subject {
    fn encode(self) -> (String, Option<i64>, Option<String>) {
        match self {
            Subject::User {
                id,
                session_version,
            } => (format!("user:{id}"), Some(session_version), None),
            Subject::Client { tenant, id, scopes } => {
                let text = scopes_of_bits(scopes)
                    .iter()
                    .map(|s| s.code())
                    .collect::<Vec<_>>()
                    .join(" ");
                (format!("client:{tenant}:{id}"), None, Some(text))
            }
        }
    }

    fn decode(sub: &str, sv: Option<i64>, scope: Option<&str>) -> Option<Subject> {
        if let Some(id) = sub.strip_prefix("user:") {
            return Some(Subject::User {
                id: id.parse().ok()?,
                session_version: sv?,
            });
        }
        let rest = sub.strip_prefix("client:")?;
        let (tenant, id) = rest.split_once(':')?;
        let scopes: Vec<ClientScope> = scope?
            .split(' ')
            .filter_map(ClientScope::from_code)
            .collect();
        Some(Subject::Client {
            tenant: tenant.parse().ok()?,
            id: id.parse().ok()?,
            scopes: scope_bits(&scopes),
        })
    }
}

/// Verified tokens kept so that a token presented again is not verified again (an
/// Ed25519 verification costs more than the rest of a small request). Only the expiry is
/// checked on a hit; the entry is the result of verifying exactly these bytes.
struct VerifiedCache {
    entries: HashMap<String, (Subject, u64)>,
}

const CACHE_LIMIT: usize = 10_000;

pub struct Tokens {
    keys: RwLock<Arc<KeyRing>>,
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
            keys: RwLock::new(Arc::new(keys)),
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

    fn ring(&self) -> AppResult<Arc<KeyRing>> {
        self.keys
            .read()
            .map(|k| k.clone())
            .map_err(|_| AppError::internal(anyhow::anyhow!("key ring lock poisoned")))
    }

    /// Installs a freshly loaded key ring (rotation on another process). Tokens verified
    /// with a key that is no longer in the ring are forgotten.
    pub fn replace_keys(&self, ring: KeyRing) {
        if let Ok(mut k) = self.keys.write() {
            *k = Arc::new(ring);
        }
        if let Ok(mut cache) = self.cache.lock() {
            cache.entries.clear();
        }
    }

    pub fn jwks(&self) -> serde_json::Value {
        self.ring()
            .map(|r| r.jwks().clone())
            .unwrap_or_else(|_| serde_json::json!({ "keys": [] }))
    }

    /// A new access token for `subject`, valid for `ttl_secs`.
    pub fn issue(&self, subject: Subject) -> AppResult<String> {
        let ring = self.ring()?;
        let (kid, key) = ring.signing();
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(kid.to_string());
        let iat = now();
        let (sub, sv, scope) = subject.encode();
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.issuer.clone(),
            sub,
            exp: iat + self.ttl_secs,
            nbf: iat,
            iat,
            jti: format!("{:032x}", rand::random::<u128>()),
            sv,
            scope,
        };
        jsonwebtoken::encode(&header, &claims, key).map_err(AppError::internal)
    }

    /// Who a token was issued to, if the token is valid now.
    pub fn verify(&self, token: &str) -> AppResult<Subject> {
        let t = now();
        if let Ok(cache) = self.cache.lock()
            && let Some(&(subject, exp)) = cache.entries.get(token)
        {
            return if t < exp {
                Ok(subject)
            } else {
                Err(unauthenticated())
            };
        }
        let (subject, exp) = self.verify_uncached(token)?;
        if let Ok(mut cache) = self.cache.lock() {
            if cache.entries.len() >= CACHE_LIMIT {
                cache.entries.retain(|_, (_, exp)| *exp > t);
                if cache.entries.len() >= CACHE_LIMIT {
                    cache.entries.clear();
                }
            }
            cache.entries.insert(token.to_string(), (subject, exp));
        }
        Ok(subject)
    }

    fn verify_uncached(&self, token: &str) -> AppResult<(Subject, u64)> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| unauthenticated())?;
        // Pinned: whatever the header says, only EdDSA with one of our key ids is accepted.
        if header.alg != Algorithm::EdDSA {
            return Err(unauthenticated());
        }
        let ring = self.ring()?;
        let key = header
            .kid
            .as_deref()
            .and_then(|kid| ring.verifying(kid))
            .ok_or_else(unauthenticated)?;
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.issuer]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = 30;
        let data = jsonwebtoken::decode::<Claims>(token, key, &validation)
            .map_err(|_| unauthenticated())?;
        if data.claims.jti.is_empty() {
            return Err(unauthenticated());
        }
        let subject = Subject::decode(
            &data.claims.sub,
            data.claims.sv,
            data.claims.scope.as_deref(),
        )
        .ok_or_else(unauthenticated)?;
        Ok((subject, data.claims.exp))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_round_trip() {
        for s in [
            Subject::User {
                id: UserId(5),
                session_version: 3,
            },
            Subject::Client {
                tenant: TenantId(2),
                id: 9,
                scopes: scope_bits(&[ClientScope::MembersRead]),
            },
        ] {
            let (sub, sv, scope) = s.encode();
            assert_eq!(Subject::decode(&sub, sv, scope.as_deref()), Some(s));
        }
        assert_eq!(
            Subject::decode("user:5", None, None),
            None,
            "a user token needs its session version"
        );
        assert_eq!(Subject::decode("5", Some(1), None), None);
        assert_eq!(
            Subject::decode("client:x:1", None, Some("members:read")),
            None
        );
        assert_eq!(
            Subject::decode("client:1:1", None, None),
            None,
            "a client token names its scopes"
        );
        assert_eq!(
            scopes_of_bits(scope_bits(&ClientScope::ALL)),
            ClientScope::ALL.to_vec()
        );
    }
}
