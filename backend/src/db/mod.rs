//! Storage: one diesel connection type over SQLite and PostgreSQL, chosen by the URL
//! scheme, with pools and a way to run database work off the actix threads.
//!
//! SQLite has a single writer, so writes get their own one-connection pool and reads a
//! pool of read-only connections; PostgreSQL uses one pool for both. Every call waits for
//! a permit with a timeout and answers 503 instead of hanging when the pool is exhausted.

pub mod schema;

use crate::error::{AppError, AppResult};
use anyhow::{Context, anyhow};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ManageConnection, Pool, PooledConnection};
use diesel_migrations::MigrationHarness;
use std::cell::RefCell;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Runs the same diesel statement on whichever backend `conn` is, for what diesel's
/// multi-backend type cannot express (batch inserts of many rows).
#[macro_export]
macro_rules! per_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConn::Pg($c) => $body,
            $crate::db::DbConn::Sqlite($c) => $body,
        }
    };
}

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// The backend type diesel generates for [`DbConn`].
pub type Dialect = MultiBackend;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// `postgres://` or `postgresql://` → PostgreSQL; `sqlite://path` or a bare path →
    /// SQLite; any other scheme is refused (SQLite would accept any text as a file name).
    pub fn from_url(url: &str) -> anyhow::Result<Backend> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else if url.starts_with("sqlite://") || !url.contains("://") {
            Ok(Backend::Sqlite)
        } else {
            Err(anyhow!(
                "unsupported database URL scheme (use sqlite://path or postgres://…)"
            ))
        }
    }
}

/// The file path of an SQLite URL.
pub fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").unwrap_or(url)
}

/// Hides a password in a database URL for logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Makes connections for the pools (see [`Db`]).
pub struct Manager {
    backend: Backend,
    url: String,
    read_only: bool,
    busy_timeout_ms: u32,
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConn, Self::Error> {
        match self.backend {
            Backend::Postgres => Ok(DbConn::Pg(diesel::PgConnection::establish(&self.url)?)),
            Backend::Sqlite => {
                let mut c = diesel::SqliteConnection::establish(sqlite_path(&self.url))?;
                // busy_timeout first: parallel first connections otherwise see "database is
                // locked" while one of them switches the file to WAL.
                c.batch_execute(&format!(
                    "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
                    self.busy_timeout_ms
                ))?;
                if self.read_only {
                    c.batch_execute("PRAGMA query_only = ON;")?;
                }
                Ok(DbConn::Sqlite(c))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), Self::Error> {
        Ok(conn.batch_execute("SELECT 1")?)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        use diesel::r2d2::R2D2Connection;
        std::thread::panicking() || conn.is_broken()
    }
}

type DbPool = Pool<Manager>;
pub type PooledConn = PooledConnection<Manager>;

#[derive(Debug, Clone)]
pub struct DbOptions {
    pub url: String,
    /// Connections for reads (SQLite) or for everything (PostgreSQL).
    pub pool_size: u32,
    /// How long a request may wait for a connection before it gets 503.
    pub acquire_timeout: Duration,
    /// SQLite: run short reads inline on the calling thread (see [`Db::read`]).
    pub inline_reads: bool,
}

static NEXT_DB_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Busy timeout of inline SQLite readers: a WAL reader almost never waits, and when it
/// would, a short wait then 503 is better than a stalled worker.
const INLINE_BUSY_MS: u32 = 250;

struct Inner {
    /// Tells this database's inline connections from another's on the same thread.
    id: u64,
    backend: Backend,
    inline_reads: bool,
    inline_manager: Manager,
    read: DbPool,
    write: DbPool,
    read_permits: Semaphore,
    write_permits: Semaphore,
    timeout: Duration,
}

/// The database handle shared by all workers.
#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
}

impl Db {
    pub fn connect(opts: &DbOptions) -> anyhow::Result<Db> {
        let backend = Backend::from_url(&opts.url)?;
        if backend == Backend::Sqlite {
            let path = std::path::Path::new(sqlite_path(&opts.url));
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating the database folder {}", dir.display()))?;
            }
        }
        let build = |size: u32, read_only: bool| {
            Pool::builder()
                .max_size(size)
                .min_idle(Some(1))
                .connection_timeout(opts.acquire_timeout)
                // A ping on every checkout would add a round trip to every request.
                .test_on_check_out(false)
                .build(Manager {
                    backend,
                    url: opts.url.clone(),
                    read_only,
                    busy_timeout_ms: 5000,
                })
                .with_context(|| format!("connecting to {}", redact_url(&opts.url)))
        };
        let (read, write, write_size) = match backend {
            Backend::Sqlite => {
                // The writer first: it creates the file and switches it to WAL.
                let write = build(1, false)?;
                (build(opts.pool_size, true)?, write, 1)
            }
            Backend::Postgres => {
                let pool = build(opts.pool_size, false)?;
                (pool.clone(), pool, opts.pool_size)
            }
        };
        Ok(Db {
            inner: Arc::new(Inner {
                id: NEXT_DB_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
                backend,
                inline_reads: opts.inline_reads && backend == Backend::Sqlite,
                inline_manager: Manager {
                    backend,
                    url: opts.url.clone(),
                    read_only: true,
                    busy_timeout_ms: INLINE_BUSY_MS,
                },
                read,
                write,
                read_permits: Semaphore::new(opts.pool_size as usize),
                write_permits: Semaphore::new(write_size as usize),
                timeout: opts.acquire_timeout,
            }),
        })
    }

    pub fn backend(&self) -> Backend {
        self.inner.backend
    }

    /// A writable connection for command-line work (migrate, seed, create-user).
    pub fn write_conn(&self) -> anyhow::Result<PooledConn> {
        self.inner
            .write
            .get()
            .context("getting a database connection")
    }

    /// Runs a short read. On SQLite with inline reads on (the server), it runs right here on
    /// the calling thread's own read-only connection; otherwise as [`Db::read_heavy`].
    ///
    /// Why inline: ARCHITECTURE.md §2 keeps database work off the actix threads, which is
    /// right for PostgreSQL (network round trips) and for writes (SQLite's single writer
    /// may wait). An SQLite point read on a cached page costs microseconds, less than handing
    /// the work to a blocking thread and back: measured on member-by-id, 13.4k req/s through
    /// the pool against 20.7k inline. A WAL reader never waits for the writer, and the inline
    /// connection's busy timeout is short, so a worker cannot stall for long; reads that
    /// scan much (whole subtrees, province-wide lists) use [`Db::read_heavy`].
    pub async fn read<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
    {
        if self.inner.inline_reads {
            return self.read_inline(f);
        }
        self.read_heavy(f).await
    }

    fn read_inline<T>(&self, f: impl FnOnce(&mut DbConn) -> AppResult<T>) -> AppResult<T> {
        thread_local! {
            /// This thread's read connection, tagged with the database it belongs to.
            static READER: RefCell<Option<(u64, DbConn)>> = const { RefCell::new(None) };
        }
        READER.with(|slot| {
            let mut slot = slot.borrow_mut();
            if slot.as_ref().is_none_or(|(id, _)| *id != self.inner.id) {
                let conn = self
                    .inner
                    .inline_manager
                    .connect()
                    .map_err(AppError::unavailable)?;
                *slot = Some((self.inner.id, conn));
            }
            match slot.as_mut() {
                Some((_, conn)) => {
                    // One read transaction for all the request's queries: one snapshot, and
                    // one WAL read lock instead of one per statement.
                    let result = conn.transaction(|c| f(c));
                    use diesel::r2d2::R2D2Connection;
                    if conn.is_broken() {
                        *slot = None;
                    }
                    result
                }
                None => Err(AppError::unavailable(anyhow!("no read connection"))),
            }
        })
    }

    /// Runs a read on a pooled connection, off the async threads: for PostgreSQL, and for
    /// reads that may scan a lot.
    pub async fn read_heavy<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
    {
        let inner = self.inner.clone();
        let _permit = tokio::time::timeout(inner.timeout, inner.read_permits.acquire())
            .await
            .map_err(|_| AppError::unavailable(anyhow!("no read connection within the timeout")))?
            .map_err(AppError::unavailable)?;
        let pool = inner.read.clone();
        run_blocking(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await
    }

    /// Runs `f` in one transaction on the write connection, off the async threads.
    /// Everything `f` writes (the change and its audit entry) commits or rolls back together.
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
    {
        let inner = self.inner.clone();
        let _permit = tokio::time::timeout(inner.timeout, inner.write_permits.acquire())
            .await
            .map_err(|_| AppError::unavailable(anyhow!("no write connection within the timeout")))?
            .map_err(AppError::unavailable)?;
        let pool = inner.write.clone();
        run_blocking(move || {
            let mut conn = pool.get()?;
            conn.transaction(|c| f(c))
        })
        .await
    }

    /// Applies pending migrations of the backend's tree; returns how many ran.
    pub fn migrate(&self) -> anyhow::Result<usize> {
        let mut conn = self.write_conn()?;
        run_migrations(&mut conn)
    }
}

pub fn run_migrations(conn: &mut DbConn) -> anyhow::Result<usize> {
    let applied = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(rasoat_migrations::SQLITE),
        DbConn::Pg(c) => c.run_pending_migrations(rasoat_migrations::POSTGRES),
    }
    .map_err(|e| anyhow!("migration failed: {e}"))?
    .len();
    // Reference data computed in Rust rather than written out in SQL: the statutory
    // holidays of the calendar's first years (once; administrators edit them after).
    crate::repo::cases::calendar::seed(conn).map_err(|e| anyhow!("seeding the calendar: {e}"))?;
    Ok(applied)
}

async fn run_blocking<T, F>(f: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> AppResult<T> + Send + 'static,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r,
        Err(join) => Err(AppError::internal(anyhow!("database task failed: {join}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_follows_the_scheme() {
        assert_eq!(
            Backend::from_url("postgres://u@h/db").ok(),
            Some(Backend::Postgres)
        );
        assert_eq!(
            Backend::from_url("postgresql://h/db").ok(),
            Some(Backend::Postgres)
        );
        assert_eq!(
            Backend::from_url("sqlite://data/x.db").ok(),
            Some(Backend::Sqlite)
        );
        assert_eq!(Backend::from_url("data/x.db").ok(), Some(Backend::Sqlite));
        assert!(Backend::from_url("mysql://h/db").is_err());
    }

    /// With every connection busy, a request waits at most the timeout and gets 503 with
    /// `Retry-After`, instead of hanging.
    #[test]
    fn an_exhausted_pool_answers_503() {
        let dir = std::env::temp_dir().join(format!("rasoat-pool-{}", std::process::id()));
        let opts = DbOptions {
            url: format!("sqlite://{}/pool.db", dir.display()),
            pool_size: 1,
            acquire_timeout: Duration::from_millis(200),
            inline_reads: false,
        };
        let db = Db::connect(&opts).unwrap();
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let (held, release) = std::sync::mpsc::channel::<()>();
        let busy = {
            let db = db.clone();
            rt.spawn(async move {
                db.read(move |_| {
                    let _ = release.recv_timeout(Duration::from_secs(5));
                    Ok(())
                })
                .await
            })
        };
        std::thread::sleep(Duration::from_millis(100));
        let second = rt.block_on(db.read(|_| Ok(())));
        let err = second.err().unwrap();
        assert_eq!(err.code, rasoat_shared::ErrorCode::ServiceUnavailable);
        assert_eq!(err.retry_after, Some(1));
        held.send(()).unwrap();
        assert!(rt.block_on(busy).unwrap().is_ok());
        assert!(
            rt.block_on(db.read(|_| Ok(()))).is_ok(),
            "served again once a connection is free"
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn passwords_do_not_reach_logs() {
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact_url("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
