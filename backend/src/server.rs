//! Building and running the HTTP server: start-up (migrations, keys, settings, the audit
//! writer), middleware in one place, and shutdown that drains the audit queue.

use crate::api;
use crate::audit;
use crate::auth::keys::{KeyRing, MasterKey};
use crate::auth::password::Hasher;
use crate::auth::throttle::Throttle;
use crate::auth::token::Tokens;
use crate::config::Config;
use crate::db::Db;
use crate::request_id::{self, AccessLog};
use crate::state::AppState;
use crate::web as ui;
use actix_web::middleware::{self, DefaultHeaders};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use std::net::{SocketAddr, TcpListener};
use std::sync::RwLock;

/// Opens the database, applies pending migrations and loads what the server needs.
pub fn prepare(
    config: &Config,
) -> anyhow::Result<(
    Db,
    KeyRing,
    MasterKey,
    rasoat_shared::settings::RuleSettings,
)> {
    let db = Db::connect(&config.db_options())?;
    let applied = db.migrate()?;
    if applied > 0 {
        tracing::info!(applied, "database migrated");
    }
    let mut conn = db.write_conn()?;
    if let crate::db::DbConn::Sqlite(c) = &mut *conn {
        // Keeps the planner's statistics fresh; cheap when little has changed (SQLite docs).
        use diesel::connection::SimpleConnection;
        c.batch_execute("PRAGMA optimize;")?;
    }
    let sealed = crate::seed::in_transaction(&mut conn, audit::seal_unchained)?;
    if sealed > 0 {
        tracing::info!(
            sealed,
            "audit entries from before the hash chain were sealed"
        );
    }
    let interrupted =
        crate::seed::in_transaction(&mut conn, crate::repo::imports::sweep_interrupted)?;
    if interrupted > 0 {
        tracing::warn!(
            interrupted,
            "import jobs cut short by a stop were marked interrupted; nothing of them was applied"
        );
    }
    let retention = config.feed_retention_days;
    let pruned =
        crate::seed::in_transaction(&mut conn, |c| crate::repo::events::prune(c, retention))?;
    if pruned > 0 {
        tracing::info!(
            pruned,
            "change-feed events older than the retention period removed"
        );
    }
    let master = MasterKey::load_or_create(&config.data_dir)?;
    let keys = KeyRing::load_or_create(&mut conn, &master)?;
    let rules = crate::repo::settings::load(&mut conn).context("reading rule settings")?;
    drop(conn);
    Ok((db, keys, master, rules))
}

/// Runs the server on `listener` until it is stopped (SIGINT/SIGTERM or the handle).
/// `on_ready` gets the bound address and a handle once the server accepts connections.
pub async fn serve(
    config: Config,
    listener: TcpListener,
    on_ready: impl FnOnce(SocketAddr, actix_web::dev::ServerHandle),
) -> anyhow::Result<()> {
    let (db, keys, master, rules) = prepare(&config)?;
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating {}", config.data_dir.display()))?;
    let spill = config.data_dir.join("audit-spill.jsonl");
    let (audit_sink, audit_writer) = audit::start_writer(db.clone(), config.audit_queue, spill)?;
    let state = web::Data::new(AppState {
        db,
        tokens: Tokens::new(
            keys,
            config.token_issuer.clone(),
            config.access_token_ttl_secs,
        ),
        hasher: Hasher::new(config.hash_concurrency),
        audit: audit_sink,
        config: config.clone(),
        settings: RwLock::new(rules),
        throttle: Throttle::new(config.throttle_policy()),
        imports: Default::default(),
    });
    start_key_reloader(&state, master);
    start_feed_pruner(&state);
    let addr = listener.local_addr()?;
    let workers = if config.workers == 0 {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
    } else {
        config.workers
    };
    let _ = api::openapi_json();
    let access_log = web::Data::new(AccessLog(config.access_log));
    let body_limit = config.body_limit;
    let app_state = state.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(app_state.clone())
            .app_data(access_log.clone())
            .app_data(
                web::JsonConfig::default()
                    .limit(body_limit)
                    .error_handler(api::extract::json_error),
            )
            .app_data(web::PayloadConfig::default().limit(body_limit))
            .app_data(web::QueryConfig::default().error_handler(api::extract::query_error))
            .app_data(web::PathConfig::default().error_handler(api::extract::path_error))
            .configure(api::routes)
            .default_service(web::to(ui::spa))
            .wrap(middleware::Compress::default())
            .wrap(
                DefaultHeaders::new()
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("Referrer-Policy", "no-referrer"))
                    .add(("X-Frame-Options", "DENY")),
            )
            .wrap(middleware::from_fn(request_id::middleware))
    })
    .workers(workers)
    .listen(listener)?
    .run();
    on_ready(addr, server.handle());
    let result = server.await;
    // Every sink clone lives in the state; dropping it lets the writer drain and stop.
    drop(state);
    if audit_writer.join().is_err() {
        tracing::error!("the audit writer panicked");
    }
    result.context("server stopped with an error")
}

/// Reloads the signing keys every minute, so that a rotation made by `rasoat keys rotate`
/// (or on another server) reaches this one. Holds the state weakly: it stops with the
/// server.
fn start_key_reloader(state: &web::Data<AppState>, master: MasterKey) {
    let weak = std::sync::Arc::downgrade(&state.clone().into_inner());
    let spawned = std::thread::Builder::new()
        .name("key-reloader".into())
        .spawn(move || {
            loop {
                for _ in 0..60 {
                    std::thread::sleep(std::time::Duration::from_secs(1));
                    if weak.strong_count() == 0 {
                        return;
                    }
                }
                let Some(state) = weak.upgrade() else { return };
                let loaded = state
                    .db
                    .write_conn()
                    .and_then(|mut c| KeyRing::load(&mut c, &master));
                match loaded {
                    Ok(ring) => state.tokens.replace_keys(ring),
                    Err(e) => tracing::warn!("reloading the signing keys failed: {e:#}"),
                }
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("cannot start the key reloader ({e}); key rotations apply at restart");
    }
}

/// Removes change-feed events older than the retention period every hour (and at start,
/// in `prepare`), so that a server that runs for months keeps the feed to its retention.
fn start_feed_pruner(state: &web::Data<AppState>) {
    let weak = std::sync::Arc::downgrade(&state.clone().into_inner());
    let spawned = std::thread::Builder::new()
        .name("feed-pruner".into())
        .spawn(move || {
            loop {
                for _ in 0..3600 {
                    std::thread::sleep(std::time::Duration::from_secs(1));
                    if weak.strong_count() == 0 {
                        return;
                    }
                }
                let Some(state) = weak.upgrade() else { return };
                let days = state.config.feed_retention_days;
                let pruned = state.db.write_conn().and_then(|mut c| {
                    crate::seed::in_transaction(&mut c, |c| crate::repo::events::prune(c, days))
                });
                match pruned {
                    Ok(0) => {}
                    Ok(n) => {
                        tracing::info!(pruned = n, "change-feed events past retention removed")
                    }
                    Err(e) => tracing::warn!("pruning the change feed failed: {e:#}"),
                }
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("cannot start the feed pruner ({e}); the feed is pruned at start only");
    }
}

/// A server running on its own thread (tests and tools).
pub struct Running {
    pub addr: SocketAddr,
    handle: actix_web::dev::ServerHandle,
    thread: Option<std::thread::JoinHandle<anyhow::Result<()>>>,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server gracefully and waits for it (and the audit writer) to finish.
    pub fn stop(mut self) -> anyhow::Result<()> {
        self.stop_inner()
    }

    fn stop_inner(&mut self) -> anyhow::Result<()> {
        let Some(thread) = self.thread.take() else {
            return Ok(());
        };
        // The stop command is sent when `stop` is called; the server thread ends once the
        // server has stopped and the audit queue is written.
        drop(self.handle.stop(true));
        thread
            .join()
            .map_err(|_| anyhow::anyhow!("server thread panicked"))?
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Err(e) = self.stop_inner() {
            tracing::warn!("stopping the server: {e:#}");
        }
    }
}

/// Starts a server on `config.bind` (port 0 picks a free one) on a new thread and returns
/// once it accepts connections.
pub fn start(config: Config) -> anyhow::Result<Running> {
    let listener =
        TcpListener::bind(config.bind).with_context(|| format!("binding {}", config.bind))?;
    let (tx, rx) = std::sync::mpsc::channel();
    let thread = std::thread::Builder::new()
        .name("rasoat-server".into())
        .spawn(move || {
            actix_web::rt::System::new().block_on(serve(config, listener, move |addr, handle| {
                let _ = tx.send((addr, handle));
            }))
        })?;
    match rx.recv() {
        Ok((addr, handle)) => Ok(Running {
            addr,
            handle,
            thread: Some(thread),
        }),
        Err(_) => match thread.join() {
            Ok(Err(e)) => Err(e),
            _ => Err(anyhow::anyhow!(
                "the server thread ended before it was ready"
            )),
        },
    }
}
