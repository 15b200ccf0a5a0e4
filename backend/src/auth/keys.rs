//! Ed25519 signing keys for access tokens, with a key id (`kid`) in every token so that
//! keys can rotate. Keys live in the database (every server process of an installation
//! signs and verifies with the same keys), their private halves encrypted with a master key
//! that never enters the database: `RASOAT_MASTER_KEY` (base64, 32 bytes) or the file
//! `<data_dir>/master.key`, made on first start with mode 0600.
//!
//! Rotation (`rasoat keys rotate`): the new key verifies at once on every server (they
//! reload the ring every minute) but signs only two minutes after it was made, so no server
//! receives a token it cannot check yet; the old keys keep verifying until the tokens they
//! signed have expired, then retire.

use crate::db::DbConn;
use crate::db::schema::signing_keys;
use anyhow::{Context, anyhow, bail};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::{Duration as ChronoDuration, NaiveDateTime, Utc};
use diesel::prelude::*;
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use jsonwebtoken::{DecodingKey, EncodingKey};
use std::collections::HashMap;
use std::path::Path;

/// A new key signs only after this delay, so that every server verifies it first.
const SIGN_AFTER_SECS: i64 = 120;
/// Prefix of an encrypted private key in the database.
const SEALED: &str = "v1:";

/// The key that encrypts the private signing keys.
pub struct MasterKey(XChaCha20Poly1305);

impl MasterKey {
    pub fn load_or_create(data_dir: &Path) -> anyhow::Result<MasterKey> {
        let raw = match std::env::var("RASOAT_MASTER_KEY")
            .ok()
            .filter(|v| !v.is_empty())
        {
            Some(b64) => STANDARD
                .decode(b64.trim())
                .context("RASOAT_MASTER_KEY is not base64")?,
            None => {
                let path = data_dir.join("master.key");
                if !path.exists() {
                    std::fs::create_dir_all(data_dir)?;
                    // Written whole under another name, then linked into place: a process
                    // starting at the same moment sees either no key or the whole key, and
                    // the first link wins.
                    let tmp = data_dir.join(format!("master.key.{:016x}", rand::random::<u64>()));
                    let key: [u8; 32] = rand::random();
                    write_private(&tmp, &STANDARD.encode(key))?;
                    let linked = std::fs::hard_link(&tmp, &path);
                    let _ = std::fs::remove_file(&tmp);
                    if let Err(e) = linked
                        && e.kind() != std::io::ErrorKind::AlreadyExists
                    {
                        return Err(e).with_context(|| format!("creating {}", path.display()));
                    }
                }
                STANDARD
                    .decode(std::fs::read_to_string(&path)?.trim())
                    .with_context(|| format!("{} is not base64", path.display()))?
            }
        };
        if raw.len() != 32 {
            bail!("the master key must be 32 bytes");
        }
        let cipher =
            XChaCha20Poly1305::new_from_slice(&raw).map_err(|_| anyhow!("bad master key"))?;
        Ok(MasterKey(cipher))
    }

    pub fn seal(&self, plain: &[u8]) -> anyhow::Result<String> {
        let nonce_bytes: [u8; 24] = rand::random();
        let sealed = self
            .0
            .encrypt(&XNonce::from(nonce_bytes), plain)
            .map_err(|_| anyhow!("encryption failed"))?;
        Ok(format!(
            "{SEALED}{}.{}",
            STANDARD.encode(nonce_bytes),
            STANDARD.encode(sealed)
        ))
    }

    pub fn open(&self, stored: &str) -> anyhow::Result<Vec<u8>> {
        let body = stored
            .strip_prefix(SEALED)
            .ok_or_else(|| anyhow!("not sealed"))?;
        let (nonce, data) = body
            .split_once('.')
            .ok_or_else(|| anyhow!("malformed sealed key"))?;
        let nonce: [u8; 24] = STANDARD
            .decode(nonce)?
            .try_into()
            .map_err(|_| anyhow!("malformed sealed key"))?;
        self.0
            .decrypt(&XNonce::from(nonce), STANDARD.decode(data)?.as_slice())
            .map_err(|_| anyhow!("the master key does not open the signing keys (wrong RASOAT_MASTER_KEY or master.key?)"))
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    f.write_all(text.as_bytes())?;
    Ok(())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("creating {}", path.display()))
}

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
    created_at: NaiveDateTime,
}

fn kid_of(public: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(public);
    URL_SAFE_NO_PAD.encode(&digest[..12])
}

fn generate(conn: &mut DbConn, master: &MasterKey) -> anyhow::Result<String> {
    let key = SigningKey::generate(&mut rand::rngs::OsRng);
    let der = key
        .to_pkcs8_der()
        .map_err(|e| anyhow!("encoding the key: {e}"))?;
    let public = key.verifying_key().to_bytes();
    let kid = kid_of(&public);
    diesel::insert_into(signing_keys::table)
        .values((
            signing_keys::kid.eq(&kid),
            signing_keys::private_key.eq(master.seal(der.as_bytes())?),
            signing_keys::public_key.eq(STANDARD.encode(public)),
            signing_keys::created_at.eq(Utc::now().naive_utc()),
        ))
        .execute(conn)
        .context("storing a new signing key")?;
    Ok(kid)
}

fn live_keys(conn: &mut DbConn) -> anyhow::Result<Vec<KeyRow>> {
    let now = Utc::now().naive_utc();
    Ok(signing_keys::table
        .filter(
            signing_keys::retired_at
                .is_null()
                .or(signing_keys::retired_at.gt(now)),
        )
        .order((signing_keys::created_at.desc(), signing_keys::kid.asc()))
        .select((
            signing_keys::kid,
            signing_keys::private_key,
            signing_keys::public_key,
            signing_keys::created_at,
        ))
        .load(conn)?)
}

impl KeyRing {
    /// Loads the live keys, making the first one if there is none, and seals any private key
    /// stored in the clear by an earlier version.
    pub fn load_or_create(conn: &mut DbConn, master: &MasterKey) -> anyhow::Result<KeyRing> {
        let mut rows = live_keys(conn)?;
        if rows.is_empty() {
            generate(conn, master)?;
            rows = live_keys(conn)?;
        }
        for row in rows
            .iter_mut()
            .filter(|r| !r.private_key.starts_with(SEALED))
        {
            let sealed = master.seal(&STANDARD.decode(&row.private_key)?)?;
            diesel::update(signing_keys::table.filter(signing_keys::kid.eq(&row.kid)))
                .set(signing_keys::private_key.eq(&sealed))
                .execute(conn)?;
            row.private_key = sealed;
        }
        KeyRing::from_rows(&rows, master)
    }

    /// Loads the live keys without changing anything (the periodic reload).
    pub fn load(conn: &mut DbConn, master: &MasterKey) -> anyhow::Result<KeyRing> {
        KeyRing::from_rows(&live_keys(conn)?, master)
    }

    fn from_rows(rows: &[KeyRow], master: &MasterKey) -> anyhow::Result<KeyRing> {
        let ripe = Utc::now().naive_utc() - ChronoDuration::seconds(SIGN_AFTER_SECS);
        // The newest key old enough to be known everywhere; a lone key signs at once.
        let signer = rows
            .iter()
            .find(|r| r.created_at <= ripe)
            .or_else(|| rows.last())
            .ok_or_else(|| anyhow!("no signing key"))?;
        let private = if signer.private_key.starts_with(SEALED) {
            master.open(&signer.private_key)?
        } else {
            STANDARD.decode(&signer.private_key)?
        };
        let signing = EncodingKey::from_ed_der(&private);
        let mut verifying = HashMap::new();
        let mut jwks = Vec::new();
        for row in rows {
            let public = STANDARD.decode(&row.public_key)?;
            if public.len() != 32 {
                bail!("signing key {} has a malformed public key", row.kid);
            }
            verifying.insert(row.kid.clone(), DecodingKey::from_ed_der(&public));
            jwks.push(serde_json::json!({
                "kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig",
                "kid": row.kid, "x": URL_SAFE_NO_PAD.encode(&public),
            }));
        }
        Ok(KeyRing {
            signing_kid: signer.kid.clone(),
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

/// Makes a new signing key; the keys live until now retire once every token they could
/// have signed has expired. Returns the new key id.
pub fn rotate(
    conn: &mut DbConn,
    master: &MasterKey,
    token_ttl_secs: u64,
) -> anyhow::Result<String> {
    conn.transaction(|c| {
        let now = Utc::now().naive_utc();
        // They may sign until the new key ripens, and those tokens live one TTL more.
        let retire = now + ChronoDuration::seconds(SIGN_AFTER_SECS + token_ttl_secs as i64 + 60);
        diesel::update(signing_keys::table.filter(signing_keys::retired_at.is_null()))
            .set(signing_keys::retired_at.eq(retire))
            .execute(c)?;
        generate(c, master)
    })
}

pub struct KeyInfo {
    pub kid: String,
    pub created_at: NaiveDateTime,
    pub state: String,
}

pub fn list(conn: &mut DbConn) -> anyhow::Result<Vec<KeyInfo>> {
    let now = Utc::now().naive_utc();
    let rows: Vec<(String, NaiveDateTime, Option<NaiveDateTime>)> = signing_keys::table
        .order(signing_keys::created_at.desc())
        .select((
            signing_keys::kid,
            signing_keys::created_at,
            signing_keys::retired_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(kid, created_at, retired)| {
            let state = match retired {
                None => "active".to_string(),
                Some(t) if t > now => format!("retiring at {t}"),
                Some(t) => format!("retired {t}"),
            };
            KeyInfo {
                kid,
                created_at,
                state,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_keys_open_only_with_their_master_key() {
        let dir = std::env::temp_dir().join(format!("rasoat-keys-{}", std::process::id()));
        let a = MasterKey::load_or_create(&dir).unwrap();
        let again = MasterKey::load_or_create(&dir).unwrap();
        let sealed = a.seal(b"secret key bytes").unwrap();
        assert!(sealed.starts_with(SEALED));
        assert!(!sealed.contains("secret"));
        assert_eq!(again.open(&sealed).unwrap(), b"secret key bytes");
        let other = MasterKey(XChaCha20Poly1305::new_from_slice(&[7u8; 32]).unwrap());
        assert!(other.open(&sealed).is_err());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("master.key"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}
