//! Ed25519 signing keys for access tokens, with a key id (`kid`) in every token so that
//! keys can rotate: the newest key signs, every key not retired verifies. Keys are made on
//! first start and kept in the database, so every server process of an installation signs
//! and verifies with the same keys.

use crate::db::DbConn;
use crate::db::schema::signing_keys;
use anyhow::{Context, anyhow};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chrono::Utc;
use diesel::prelude::*;
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use jsonwebtoken::{DecodingKey, EncodingKey};
use std::collections::HashMap;

pub struct KeyRing {
    signing_kid: String,
    signing: EncodingKey,
    verifying: HashMap<String, DecodingKey>,
    /// RFC 7517 JWK set of the public keys.
    jwks: serde_json::Value,
}

#[derive(Queryable)]
struct KeyRow {
    kid: String,
    private_key: String,
    public_key: String,
}

fn generate(conn: &mut DbConn) -> anyhow::Result<()> {
    let key = SigningKey::generate(&mut rand::rngs::OsRng);
    let der = key
        .to_pkcs8_der()
        .map_err(|e| anyhow!("encoding the key: {e}"))?;
    let public = key.verifying_key().to_bytes();
    let kid = URL_SAFE_NO_PAD.encode(sha2_prefix(&public));
    diesel::insert_into(signing_keys::table)
        .values((
            signing_keys::kid.eq(&kid),
            signing_keys::private_key.eq(STANDARD.encode(der.as_bytes())),
            signing_keys::public_key.eq(STANDARD.encode(public)),
            signing_keys::created_at.eq(Utc::now().naive_utc()),
        ))
        .execute(conn)
        .context("storing a new signing key")?;
    Ok(())
}

fn sha2_prefix(bytes: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .take(12)
        .copied()
        .collect()
}

impl KeyRing {
    /// Loads the keys not retired, making the first one if there is none.
    pub fn load_or_create(conn: &mut DbConn) -> anyhow::Result<KeyRing> {
        let load = |conn: &mut DbConn| -> anyhow::Result<Vec<KeyRow>> {
            Ok(signing_keys::table
                .filter(signing_keys::retired_at.is_null())
                .order((signing_keys::created_at.desc(), signing_keys::kid.asc()))
                .select((
                    signing_keys::kid,
                    signing_keys::private_key,
                    signing_keys::public_key,
                ))
                .load(conn)?)
        };
        let mut rows = load(conn)?;
        if rows.is_empty() {
            generate(conn)?;
            rows = load(conn)?;
        }
        let newest = rows.first().ok_or_else(|| anyhow!("no signing key"))?;
        let signing = EncodingKey::from_ed_der(&STANDARD.decode(&newest.private_key)?);
        let mut verifying = HashMap::new();
        let mut jwks = Vec::new();
        for row in &rows {
            let public = STANDARD.decode(&row.public_key)?;
            if public.len() != 32 {
                return Err(anyhow!(
                    "signing key {} has a malformed public key",
                    row.kid
                ));
            }
            verifying.insert(row.kid.clone(), DecodingKey::from_ed_der(&public));
            jwks.push(serde_json::json!({
                "kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig",
                "kid": row.kid, "x": URL_SAFE_NO_PAD.encode(&public),
            }));
        }
        Ok(KeyRing {
            signing_kid: newest.kid.clone(),
            signing,
            verifying,
            jwks: serde_json::json!({ "keys": jwks }),
        })
    }

    pub fn signing(&self) -> (&str, &EncodingKey) {
        (&self.signing_kid, &self.signing)
    }

    pub fn verifying(&self, kid: &str) -> Option<&DecodingKey> {
        self.verifying.get(kid)
    }

    pub fn jwks(&self) -> &serde_json::Value {
        &self.jwks
    }
}
