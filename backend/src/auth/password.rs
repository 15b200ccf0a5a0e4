//! Password hashing with argon2id at the crate defaults (m = 19 MiB, t = 2, p = 1: the
//! OWASP minimum). Hashing is CPU- and memory-heavy: it runs on blocking threads, at most
//! `concurrency` at a time.

use crate::error::{AppError, AppResult};
use anyhow::anyhow;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

pub fn hash_sync(password: &str) -> anyhow::Result<String> {
    let hash = Argon2::default()
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow!("hashing failed: {e}"))?;
    Ok(hash.to_string())
}

fn verify_sync(hash: &str, password: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// Whether a stored hash was made with other parameters than today's (then it is made
/// again at the next successful sign-in).
pub fn needs_rehash(hash: &str) -> bool {
    let p = argon2::Params::default();
    let current = format!(
        "$argon2id$v=19$m={},t={},p={}$",
        p.m_cost(),
        p.t_cost(),
        p.p_cost()
    );
    !hash.starts_with(&current)
}

/// A hash to verify against when the user does not exist, so that an unknown user name
/// costs the same time as a wrong password.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_sync("not a password of anyone").unwrap_or_default())
}

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
}

impl Hasher {
    pub fn new(concurrency: usize) -> Hasher {
        Hasher {
            permits: Arc::new(Semaphore::new(concurrency)),
        }
    }

    async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(AppError::unavailable)?;
        tokio::task::spawn_blocking(f)
            .await
            .map_err(|e| AppError::internal(anyhow!("hash task failed: {e}")))
    }

    pub async fn hash(&self, password: String) -> AppResult<String> {
        self.run(move || hash_sync(&password))
            .await?
            .map_err(AppError::internal)
    }

    /// A one-time password for an account set up or reset by an administrator: twelve
    /// easily read letters and digits (no 0/O, 1/l), and its hash.
    pub async fn temporary(&self) -> AppResult<(String, String)> {
        const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
        let password: String = (0..12)
            .map(|_| char::from(ALPHABET[usize::from(rand::random::<u8>()) % ALPHABET.len()]))
            .collect();
        let hash = self.hash(password.clone()).await?;
        Ok((password, hash))
    }

    /// Verifies `password` against `hash`; with no hash (unknown user) it verifies against
    /// a dummy and returns false.
    pub async fn verify(&self, hash: Option<String>, password: String) -> AppResult<bool> {
        self.run(move || match hash {
            Some(h) => verify_sync(&h, &password),
            None => {
                verify_sync(dummy_hash(), &password);
                false
            }
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_wrong_password() {
        let h = hash_sync("đúng mật khẩu").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_sync(&h, "đúng mật khẩu"));
        assert!(!verify_sync(&h, "sai mật khẩu"));
        assert!(!verify_sync("not a phc string", "x"));
        assert!(!needs_rehash(&h));
        assert!(needs_rehash("$argon2id$v=19$m=4096,t=3,p=1$c2FsdA$aGFzaA"));
    }
}
