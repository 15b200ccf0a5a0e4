//! The audit log: who did what to which object, when, from where, with what outcome.
//! Writes are recorded in the same transaction as the change ([`record`]). Reads of
//! people's records and lists go through a bounded queue to a batch writer thread
//! ([`AuditSink`]), so that a GET does not wait for a write; the queue applies
//! back-pressure when full and never drops an entry, and the writer drains it on shutdown.

use crate::auth::identity::RequestCtx;
use crate::db::schema::audit_log;
use crate::db::{Db, DbConn};
use crate::error::AppResult;
use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;
use rasoat_shared::{TenantId, UserId};
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::mpsc;

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = audit_log, treat_none_as_default_value = false)]
pub struct AuditEntry {
    pub tenant_id: i64,
    pub at: NaiveDateTime,
    pub actor_user_id: Option<i64>,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<i64>,
    pub outcome: String,
    pub client_ip: Option<String>,
    pub request_id: Option<String>,
    pub details: String,
}

impl AuditEntry {
    /// An entry for `action` on an object, by `actor`, succeeded.
    pub fn new(
        tenant: TenantId,
        actor: Option<UserId>,
        ctx: &RequestCtx,
        action: &str,
        object_type: &str,
        object_id: Option<i64>,
        details: serde_json::Value,
    ) -> AuditEntry {
        AuditEntry {
            tenant_id: tenant.0,
            at: Utc::now().naive_utc(),
            actor_user_id: actor.map(|a| a.0),
            action: action.to_string(),
            object_type: object_type.to_string(),
            object_id,
            outcome: "ok".to_string(),
            client_ip: ctx.client_ip.clone(),
            request_id: ctx.request_id.clone(),
            details: details.to_string(),
        }
    }

    pub fn outcome(mut self, outcome: &str) -> AuditEntry {
        self.outcome = outcome.to_string();
        self
    }
}

/// Appends entries inside the caller's transaction.
pub fn record(conn: &mut DbConn, entries: &[AuditEntry]) -> AppResult<()> {
    for chunk in entries.chunks(500) {
        crate::per_backend!(conn, |c| diesel::insert_into(audit_log::table)
            .values(chunk)
            .execute(c))?;
    }
    Ok(())
}

#[derive(Clone)]
pub struct AuditSink {
    tx: mpsc::Sender<AuditEntry>,
}

impl AuditSink {
    /// Queues a read entry; waits (does not drop) when the queue is full.
    pub async fn read(&self, entry: AuditEntry) {
        if self.tx.send(entry).await.is_err() {
            tracing::error!("audit writer has stopped; a read entry could not be queued");
        }
    }
}

const BATCH: usize = 2000;
/// How long the writer keeps collecting after the first entry of a batch: long enough
/// that a busy server writes big batches (one commit for many reads), short enough that
/// an entry is on disk well within a second.
const LINGER: Duration = Duration::from_millis(100);

/// Starts the batch writer. It stops when every [`AuditSink`] is dropped, after writing
/// what is queued.
pub fn start_writer(db: Db, capacity: usize) -> anyhow::Result<(AuditSink, JoinHandle<()>)> {
    let (tx, mut rx) = mpsc::channel::<AuditEntry>(capacity);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    let handle = std::thread::Builder::new()
        .name("audit-writer".into())
        .spawn(move || {
            runtime.block_on(async move {
                let mut behind = false;
                while let Some(first) = rx.recv().await {
                    // Let entries gather (one wake-up per batch, not per entry) unless the last
                    // batch was full, that is, unless the writer is behind.
                    if !behind {
                        tokio::time::sleep(LINGER).await;
                    }
                    let mut batch = vec![first];
                    while batch.len() < BATCH {
                        match rx.try_recv() {
                            Ok(e) => batch.push(e),
                            Err(_) => break,
                        }
                    }
                    behind = batch.len() == BATCH;
                    // Blocking here is fine: this thread and its runtime exist only for this.
                    write_batch(&db, &batch);
                }
            })
        });
    // Without a writer thread reads cannot be audited: refuse to start.
    let handle = handle.map_err(|e| anyhow::anyhow!("cannot start the audit writer: {e}"))?;
    Ok((AuditSink { tx }, handle))
}

fn write_batch(db: &Db, batch: &[AuditEntry]) {
    // A failed batch is retried, never dropped: the reads it records have happened.
    let mut delay = Duration::from_millis(100);
    loop {
        let result = db.write_conn().and_then(|mut conn| {
            conn.transaction(|c| record(c, batch))
                .map_err(|e| anyhow::anyhow!("{e}"))
        });
        match result {
            Ok(()) => return,
            Err(e) => {
                tracing::error!(
                    entries = batch.len(),
                    "audit batch not written, retrying: {e:#}"
                );
                std::thread::sleep(delay);
                delay = (delay * 2).min(Duration::from_secs(5));
            }
        }
    }
}
