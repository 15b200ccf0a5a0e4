//! Configuration: defaults, then an optional TOML file (`RASOAT_CONFIG`), then environment
//! variables (`RASOAT_*`, and `DATABASE_URL`). Validated once at start.

use anyhow::{Context, bail};
use serde::Deserialize;
use std::net::SocketAddr;
use std::time::Duration;

#[derive(Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `sqlite://path` (default `sqlite://data/rasoat.db`) or `postgres://…`.
    pub database_url: String,
    /// Address to listen on. Default 127.0.0.1:8080.
    pub bind: SocketAddr,
    /// HTTP worker threads; 0 = one per CPU.
    pub workers: usize,
    /// Database connections for reads (SQLite) or for everything (PostgreSQL).
    pub db_pool_size: u32,
    /// Milliseconds a request may wait for a database connection before 503.
    pub db_timeout_ms: u64,
    /// Lifetime of an access token, in seconds.
    pub access_token_ttl_secs: u64,
    /// `iss` and `aud` of our tokens.
    pub token_issuer: String,
    /// Mark cookies `Secure` (set when served over TLS, directly or behind a proxy).
    pub cookie_secure: bool,
    /// Largest accepted request body, in bytes.
    pub body_limit: usize,
    /// Capacity of the queue of read-audit entries (back-pressure when full).
    pub audit_queue: usize,
    /// Password hashes computed at the same time (each holds ~19 MiB).
    pub hash_concurrency: usize,
    /// Log filter (tracing EnvFilter syntax). Default "info".
    pub log: String,
    /// One log line per request.
    pub access_log: bool,
    /// SQLite: short reads on the worker thread's own connection (see `Db::read`).
    pub inline_sqlite_reads: bool,
    /// Lifetime of a refresh token (a sign-in), in seconds. Default 12 hours.
    pub refresh_token_ttl_secs: u64,
    /// A refresh token used again within this many seconds of its first use (two tabs
    /// renewing together) gives an access token instead of ending the session.
    pub refresh_reuse_grace_secs: u64,
    /// Wrong passwords in a row that lock an account.
    pub login_max_failures: u32,
    /// How long a locked account stays locked, in minutes.
    pub login_lock_minutes: u32,
    /// Failed sign-ins from one address within the window before it gets 429; 0 = no
    /// limit (the benchmark's login storm; the limit itself is tested).
    pub login_address_limit: u32,
    pub login_address_window_minutes: u32,
    /// Folder for files the server keeps beside the database: the master key that
    /// encrypts the token signing keys, the audit spill file.
    pub data_dir: std::path::PathBuf,
    /// Days the change feed keeps an event (the audit log keeps everything). Default 90.
    pub feed_retention_days: u32,
    /// Largest import file, in bytes (the general `body_limit` is for JSON bodies).
    /// Default 64 MiB: a 43,000-member CSV is about 6 MiB.
    pub import_limit: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: "sqlite://data/rasoat.db".into(),
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            workers: 0,
            db_pool_size: 4,
            db_timeout_ms: 5000,
            access_token_ttl_secs: 900,
            token_issuer: "rasoat".into(),
            cookie_secure: false,
            body_limit: 256 * 1024,
            audit_queue: 10_000,
            hash_concurrency: 2,
            log: "info".into(),
            access_log: true,
            inline_sqlite_reads: true,
            data_dir: "data".into(),
            refresh_token_ttl_secs: 12 * 3600,
            refresh_reuse_grace_secs: 30,
            login_max_failures: 5,
            login_lock_minutes: 15,
            login_address_limit: 30,
            login_address_window_minutes: 10,
            feed_retention_days: 90,
            import_limit: 64 * 1024 * 1024,
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &crate::db::redact_url(&self.database_url))
            .field("bind", &self.bind)
            .field("workers", &self.workers)
            .field("db_pool_size", &self.db_pool_size)
            .field("access_token_ttl_secs", &self.access_token_ttl_secs)
            .finish_non_exhaustive()
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn parse<T: std::str::FromStr>(name: &str, value: &str) -> anyhow::Result<T>
where
    T::Err: std::fmt::Display,
{
    value
        .parse()
        .map_err(|e| anyhow::anyhow!("{name}={value:?}: {e}"))
}

impl Config {
    /// Loads the configuration from the file named by `RASOAT_CONFIG` (if any) and the
    /// environment.
    pub fn load() -> anyhow::Result<Config> {
        let mut cfg = match env("RASOAT_CONFIG") {
            Some(path) => {
                let text =
                    std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
                toml::from_str(&text).with_context(|| format!("parsing {path}"))?
            }
            None => Config::default(),
        };
        if let Some(v) = env("DATABASE_URL").or_else(|| env("RASOAT_DATABASE_URL")) {
            cfg.database_url = v;
        }
        macro_rules! from_env {
            ($($field:ident = $var:literal),+ $(,)?) => {
                $(if let Some(v) = env($var) { cfg.$field = parse($var, &v)?; })+
            };
        }
        from_env!(
            bind = "RASOAT_BIND",
            workers = "RASOAT_WORKERS",
            db_pool_size = "RASOAT_DB_POOL_SIZE",
            db_timeout_ms = "RASOAT_DB_TIMEOUT_MS",
            access_token_ttl_secs = "RASOAT_ACCESS_TOKEN_TTL_SECS",
            token_issuer = "RASOAT_TOKEN_ISSUER",
            cookie_secure = "RASOAT_COOKIE_SECURE",
            body_limit = "RASOAT_BODY_LIMIT",
            audit_queue = "RASOAT_AUDIT_QUEUE",
            hash_concurrency = "RASOAT_HASH_CONCURRENCY",
            access_log = "RASOAT_ACCESS_LOG",
            inline_sqlite_reads = "RASOAT_INLINE_SQLITE_READS",
            data_dir = "RASOAT_DATA_DIR",
            refresh_token_ttl_secs = "RASOAT_REFRESH_TOKEN_TTL_SECS",
            refresh_reuse_grace_secs = "RASOAT_REFRESH_REUSE_GRACE_SECS",
            login_max_failures = "RASOAT_LOGIN_MAX_FAILURES",
            login_lock_minutes = "RASOAT_LOGIN_LOCK_MINUTES",
            login_address_limit = "RASOAT_LOGIN_ADDRESS_LIMIT",
            login_address_window_minutes = "RASOAT_LOGIN_ADDRESS_WINDOW_MINUTES",
            feed_retention_days = "RASOAT_FEED_RETENTION_DAYS",
            import_limit = "RASOAT_IMPORT_LIMIT",
        );
        if let Some(v) = env("RASOAT_LOG").or_else(|| env("RUST_LOG")) {
            cfg.log = v;
        }
        cfg.validate()?;
        Ok(cfg)
    }

    pub fn validate(&self) -> anyhow::Result<()> {
        crate::db::Backend::from_url(&self.database_url)?;
        if self.db_pool_size == 0 || self.db_pool_size > 256 {
            bail!("db_pool_size must be between 1 and 256");
        }
        if !(60..=86_400).contains(&self.access_token_ttl_secs) {
            bail!("access_token_ttl_secs must be between 60 and 86400");
        }
        if self.body_limit < 1024 {
            bail!("body_limit must be at least 1024 bytes");
        }
        if self.hash_concurrency == 0 || self.audit_queue == 0 {
            bail!("hash_concurrency and audit_queue must be at least 1");
        }
        if self.login_max_failures == 0
            || self.login_lock_minutes == 0
            || self.login_address_window_minutes == 0
        {
            bail!(
                "login_max_failures, login_lock_minutes and login_address_window_minutes must be at least 1"
            );
        }
        if self.refresh_reuse_grace_secs > 300 {
            bail!("refresh_reuse_grace_secs must be at most 300");
        }
        if self.refresh_token_ttl_secs < self.access_token_ttl_secs {
            bail!("refresh_token_ttl_secs must not be shorter than access_token_ttl_secs");
        }
        if !(1..=3650).contains(&self.feed_retention_days) {
            bail!("feed_retention_days must be between 1 and 3650");
        }
        if self.import_limit < self.body_limit {
            bail!("import_limit must not be smaller than body_limit");
        }
        if self.token_issuer.trim().is_empty() {
            bail!("token_issuer must not be empty");
        }
        Ok(())
    }

    pub fn throttle_policy(&self) -> crate::auth::throttle::ThrottlePolicy {
        crate::auth::throttle::ThrottlePolicy {
            max_failures: self.login_max_failures,
            lock_for: Duration::from_secs(u64::from(self.login_lock_minutes) * 60),
            address_limit: self.login_address_limit,
            address_window: Duration::from_secs(u64::from(self.login_address_window_minutes) * 60),
        }
    }

    pub fn db_options(&self) -> crate::db::DbOptions {
        crate::db::DbOptions {
            url: self.database_url.clone(),
            pool_size: self.db_pool_size,
            acquire_timeout: Duration::from_millis(self.db_timeout_ms),
            inline_reads: self.inline_sqlite_reads,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_a_file_is_strict() {
        assert!(Config::default().validate().is_ok());
        let bad: Result<Config, _> = toml::from_str("databse_url = \"x\"");
        assert!(
            bad.is_err(),
            "a misspelt key is an error, not a silent default"
        );
        let ok: Config = toml::from_str("bind = \"0.0.0.0:9000\"\ndb_pool_size = 8").unwrap();
        assert_eq!(ok.db_pool_size, 8);
        assert_eq!(ok.bind.port(), 9000);
    }

    #[test]
    fn debug_output_hides_the_database_password() {
        let cfg = Config {
            database_url: "postgres://u:secret@h/db".into(),
            ..Config::default()
        };
        assert!(!format!("{cfg:?}").contains("secret"));
    }
}
