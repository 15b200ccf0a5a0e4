//! Password hashing with argon2id at the crate defaults (m = 19 MiB, t = 2, p = 1: the
//! OWASP minimum). Hashing is CPU- and memory-heavy: it runs on its own `concurrency`
//! threads, never on the async workers nor on the blocking pool that database work uses,
//! and those threads run at a lower priority (nice 10) so that a storm of sign-ins cannot
//! starve the requests of people already signed in: the scheduler gives them the CPU first,
//! and hashing takes what is left.

use crate::error::{AppError, AppResult};
use anyhow::anyhow;
use argon2::password_hash::phc::{Output, ParamsString, Salt};
use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, Version};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, OnceLock};
use tokio::sync::oneshot;

/// How far below normal the hashing threads run (nice value; 19 is the lowest).
const HASH_NICENESS: i32 = 10;
/// Sign-ins waiting for a hashing thread before new ones get 503 with `Retry-After`.
const QUEUE: usize = 256;

pub fn hash_sync(password: &str) -> anyhow::Result<String> {
    hash_with(&mut Vec::new(), password)
}

/// The argon2 working memory (19 MiB), grown to `blocks` and kept by the thread that
/// hashes. Allocating it afresh for each hash left the allocator holding on to freed
/// blocks in every arena: 260 MiB of resident memory after a minute of sign-ins, where
/// two reused buffers stay at 2 × 19 MiB.
fn memory(buf: &mut Vec<Block>, blocks: usize) -> &mut [Block] {
    if buf.len() < blocks {
        buf.resize(blocks, Block::default());
    }
    &mut buf[..blocks]
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) of `password` with a new
/// random salt, hashed in `buf`.
fn hash_with(buf: &mut Vec<Block>, password: &str) -> anyhow::Result<String> {
    let params = Params::default();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let salt: [u8; 16] = rand::random();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon
        .hash_password_into_with_memory(
            password.as_bytes(),
            &salt,
            &mut out,
            memory(buf, params.block_count()),
        )
        .map_err(|e| anyhow!("hashing failed: {e}"))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(params).map_err(|e| anyhow!("argon2 params: {e}"))?,
        salt: Some(Salt::new(&salt).map_err(|e| anyhow!("salt: {e}"))?),
        hash: Some(Output::new(&out).map_err(|e| anyhow!("output: {e}"))?),
    };
    Ok(phc.to_string())
}

/// Whether `password` matches the PHC string `hash`, with that hash's own algorithm,
/// version and parameters (so hashes made under older parameters still verify), hashed
/// in `buf`. The comparison takes constant time (`Output`'s equality).
fn verify_with(buf: &mut Vec<Block>, hash: &str, password: &str) -> bool {
    let Ok(phc) = PasswordHash::new(hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(phc.algorithm.as_str()) else {
        return false;
    };
    let version = match phc.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(&phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (phc.salt, phc.hash) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    let computed = Argon2::new(algorithm, version, params.clone())
        .hash_password_into_with_memory(
            password.as_bytes(),
            salt.as_ref(),
            &mut out,
            memory(buf, params.block_count()),
        )
        .is_ok();
    computed && Output::new(&out).is_ok_and(|o| o == expected)
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

/// A job runs on a hashing thread with that thread's argon2 working memory.
type Job = Box<dyn FnOnce(&mut Vec<Block>) + Send>;

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

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> AppResult<T> {
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move |buf| {
            // The caller may have gone (client disconnected): nothing to answer then.
            let _ = tx.send(f(buf));
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
        self.run(move |buf| hash_with(buf, &password))
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
        self.run(move |buf| match hash {
            Some(h) => verify_with(buf, &h, &password),
            None => {
                verify_with(buf, dummy_hash(), &password);
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
    let mut buf = Vec::new();
    loop {
        // The lock is held only while waiting for the next job, not while hashing.
        let next = match queue.lock() {
            Ok(q) => q.recv(),
            Err(_) => return,
        };
        match next {
            // A panic in one hash must not take a hashing thread away for good.
            Ok(job) => {
                if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut buf))).is_err()
                {
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
        let mut buf = Vec::new();
        let h = hash_sync("đúng mật khẩu").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_with(&mut buf, &h, "đúng mật khẩu"));
        assert!(!verify_with(&mut buf, &h, "sai mật khẩu"));
        assert!(!verify_with(&mut buf, "not a phc string", "x"));
        assert!(!needs_rehash(&h));
        assert!(needs_rehash("$argon2id$v=19$m=4096,t=3,p=1$c2FsdA$aGFzaA"));
    }

    /// Our hashes and the argon2 crate's own PHC strings verify each other, also under
    /// other parameters (accounts hashed before a change of parameters still sign in).
    #[test]
    fn compatible_with_the_argon2_crate() {
        use argon2::{PasswordHasher, PasswordVerifier};
        let mut buf = Vec::new();
        let ours = hash_with(&mut buf, "mật khẩu chung").unwrap();
        assert!(
            Argon2::default()
                .verify_password("mật khẩu chung".as_bytes(), ours.as_str())
                .is_ok()
        );
        let older = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(4096, 3, 1, None).unwrap(),
        )
        .hash_password(b"old parameters")
        .unwrap()
        .to_string();
        assert!(older.contains("m=4096,t=3"), "{older}");
        assert!(verify_with(&mut buf, &older, "old parameters"));
        assert!(!verify_with(&mut buf, &older, "old parameter"));
        // The buffer grew for the larger of the two and serves both.
        assert_eq!(buf.len(), Params::default().block_count());
    }
}
