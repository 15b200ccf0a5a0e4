//! Password hashing with argon2id at the crate defaults (m = 19 MiB, t = 2, p = 1: the
//! OWASP minimum). Hashing is CPU- and memory-heavy: it runs on its own `concurrency`
//! threads, never on the async workers nor on the blocking pool that database work uses,
//! and those threads run at a lower priority (nice 10) so that a storm of sign-ins cannot
//! starve the requests of people already signed in: the scheduler gives them the CPU first,
//! and hashing takes what is left.

use crate::error::{AppError, AppResult};
use anyhow::anyhow;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, OnceLock};
use tokio::sync::oneshot;

/// How far below normal the hashing threads run (nice value; 19 is the lowest).
const HASH_NICENESS: i32 = 10;
/// Sign-ins waiting for a hashing thread before new ones get 503 with `Retry-After`.
const QUEUE: usize = 256;

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

type Job = Box<dyn FnOnce() + Send>;

#[derive(Clone)]
pub struct Hasher {
    jobs: SyncSender<Job>,
}

impl Hasher {
    /// Starts `concurrency` hashing threads; they end when the last `Hasher` is dropped.
    pub fn new(concurrency: usize) -> Hasher {
        let (jobs, queue) = sync_channel::<Job>(QUEUE);
        let queue = Arc::new(Mutex::new(queue));
        for i in 0..concurrency.max(1) {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("rasoat-hash-{i}"))
                .spawn(move || hashing_thread(&queue));
            if let Err(e) = spawned {
                tracing::error!("cannot start a password-hashing thread: {e}");
            }
        }
        Hasher { jobs }
    }

    async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move || {
            // The caller may have gone (client disconnected): nothing to answer then.
            let _ = tx.send(f());
        });
        match self.jobs.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                return Err(AppError::unavailable(anyhow!(
                    "{QUEUE} password checks are already waiting"
                )));
            }
            Err(TrySendError::Disconnected(_)) => {
                return Err(AppError::internal(anyhow!("no password-hashing thread")));
            }
        }
        rx.await
            .map_err(|_| AppError::internal(anyhow!("a password-hashing job was lost")))
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

fn hashing_thread(queue: &Mutex<Receiver<Job>>) {
    #[cfg(unix)]
    {
        // On Linux the nice value belongs to the thread (nice(2), NOTES): only this one.
        if let Err(e) = rustix::process::nice(HASH_NICENESS) {
            tracing::warn!("password hashing runs at normal priority: {e}");
        }
    }
    loop {
        // The lock is held only while waiting for the next job, not while hashing.
        let next = match queue.lock() {
            Ok(q) => q.recv(),
            Err(_) => return,
        };
        match next {
            // A panic in one hash must not take a hashing thread away for good.
            Ok(job) => {
                if std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)).is_err() {
                    tracing::error!("a password-hashing job panicked");
                }
            }
            Err(_) => return, // every Hasher is gone
        }
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
