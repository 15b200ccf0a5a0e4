//! The audit log: who did what to which object, when, from where, with what outcome.
//!
//! Writes are recorded in the same transaction as the change ([`record`]). Reads of
//! people's records and lists go through a bounded queue to a batch writer thread
//! ([`AuditSink`]), so that a GET does not wait for a write; the queue applies
//! back-pressure when full and never drops an entry, and the writer drains it on shutdown.
//!
//! Each tenant's entries form a hash chain: entry `seq` stores the hash of entry `seq - 1`
//! and its own hash over all its fields, and `audit_heads` holds the chain's last position.
//! [`verify`] recomputes every chain, so an entry altered, removed or moved is found.

use crate::auth::identity::RequestCtx;
use crate::db::schema::{audit_heads, audit_log, change_events};
use crate::db::{Db, DbConn};
use crate::error::AppResult;
use chrono::{NaiveDateTime, SubsecRound, Utc};
use diesel::prelude::*;
use rasoat_shared::api::events::is_change;
use rasoat_shared::{TenantId, UserId};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::mpsc;

#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditEntry {
    pub tenant_id: i64,
    pub at: NaiveDateTime,
    pub actor_user_id: Option<i64>,
    /// A provincial system's client, when it is the actor.
    pub actor_client_id: Option<i64>,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<i64>,
    /// The unit the object belongs to, so that readers of a subtree see its entries.
    pub unit_id: Option<i64>,
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
            // Microseconds: what both databases keep, so that the hash survives the trip.
            at: Utc::now().naive_utc().trunc_subsecs(6),
            actor_user_id: actor.map(|a| a.0),
            actor_client_id: None,
            action: action.to_string(),
            object_type: object_type.to_string(),
            object_id,
            unit_id: None,
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

    /// Who acted, as the request's identity says (a user or a service client).
    pub fn by(mut self, who: &crate::auth::identity::Identity) -> AuditEntry {
        match who.subject() {
            crate::auth::token::Subject::User { id, .. } => {
                self.actor_user_id = Some(id.0);
                self.actor_client_id = None;
            }
            crate::auth::token::Subject::Client { id, .. } => {
                self.actor_user_id = None;
                self.actor_client_id = Some(id);
            }
        }
        self
    }

    /// The unit the object belongs to.
    pub fn unit(mut self, unit: i64) -> AuditEntry {
        self.unit_id = Some(unit);
        self
    }
}

/// The hash of an entry at position `seq` following `prev_hash`: SHA-256 over every field,
/// each length-prefixed so that no two different entries share an encoding.
pub fn entry_hash(e: &AuditEntry, seq: i64, prev_hash: &str) -> String {
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    };
    let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_else(|| "-".into());
    field(e.tenant_id.to_string().as_bytes());
    field(seq.to_string().as_bytes());
    field(e.at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string().as_bytes());
    field(opt(e.actor_user_id).as_bytes());
    field(opt(e.actor_client_id).as_bytes());
    field(e.action.as_bytes());
    field(e.object_type.as_bytes());
    field(opt(e.object_id).as_bytes());
    field(opt(e.unit_id).as_bytes());
    field(e.outcome.as_bytes());
    field(e.client_ip.as_deref().unwrap_or("-").as_bytes());
    field(e.request_id.as_deref().unwrap_or("-").as_bytes());
    field(e.details.as_bytes());
    field(prev_hash.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Takes the head of a tenant's chain for this transaction: the row is created if missing
/// and locked (PostgreSQL) so that concurrent writers append one after the other; SQLite
/// has a single writer anyway.
fn lock_head(conn: &mut DbConn, tenant: i64) -> AppResult<(i64, String)> {
    crate::per_backend!(conn, |c| diesel::insert_into(audit_heads::table)
        .values((
            audit_heads::tenant_id.eq(tenant),
            audit_heads::seq.eq(0i64),
            audit_heads::hash.eq("")
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    let head: Vec<(i64, String)> = match conn {
        DbConn::Pg(c) => audit_heads::table
            .filter(audit_heads::tenant_id.eq(tenant))
            .select((audit_heads::seq, audit_heads::hash))
            .for_update()
            .load(c)?,
        DbConn::Sqlite(c) => audit_heads::table
            .filter(audit_heads::tenant_id.eq(tenant))
            .select((audit_heads::seq, audit_heads::hash))
            .load(c)?,
    };
    Ok(head.into_iter().next().unwrap_or((0, String::new())))
}

/// Appends entries to their tenants' chains, inside the caller's transaction.
pub fn record(conn: &mut DbConn, entries: &[AuditEntry]) -> AppResult<()> {
    let mut by_tenant: BTreeMap<i64, Vec<&AuditEntry>> = BTreeMap::new();
    for e in entries {
        by_tenant.entry(e.tenant_id).or_default().push(e);
    }
    for (tenant, list) in by_tenant {
        let (mut seq, mut prev) = lock_head(conn, tenant)?;
        let first_seq = seq + 1;
        let mut rows = Vec::with_capacity(list.len());
        for e in &list {
            seq += 1;
            let hash = entry_hash(e, seq, &prev);
            rows.push((
                audit_log::tenant_id.eq(e.tenant_id),
                audit_log::at.eq(e.at),
                audit_log::actor_user_id.eq(e.actor_user_id),
                audit_log::actor_client_id.eq(e.actor_client_id),
                audit_log::action.eq(&e.action),
                audit_log::object_type.eq(&e.object_type),
                audit_log::object_id.eq(e.object_id),
                audit_log::unit_id.eq(e.unit_id),
                audit_log::outcome.eq(&e.outcome),
                audit_log::client_ip.eq(&e.client_ip),
                audit_log::request_id.eq(&e.request_id),
                audit_log::details.eq(&e.details),
                audit_log::seq.eq(seq),
                audit_log::prev_hash.eq(prev.clone()),
                audit_log::hash.eq(hash.clone()),
            ));
            prev = hash;
        }
        for chunk in rows.chunks(300) {
            crate::per_backend!(conn, |c| diesel::insert_into(audit_log::table)
                .values(chunk)
                .execute(c))?;
        }
        // The change feed: the same position, in the same transaction.
        let changes: Vec<_> = rows
            .iter()
            .zip(first_seq..)
            .zip(list.iter())
            .filter(|(_, e)| is_change(&e.action, &e.object_type, &e.outcome))
            .map(|((_, seq), e)| {
                (
                    change_events::tenant_id.eq(e.tenant_id),
                    change_events::seq.eq(seq),
                    change_events::at.eq(e.at),
                    change_events::action.eq(&e.action),
                    change_events::entity.eq(&e.object_type),
                    change_events::object_id.eq(e.object_id),
                    change_events::unit_id.eq(e.unit_id),
                )
            })
            .collect();
        for chunk in changes.chunks(500) {
            crate::per_backend!(conn, |c| diesel::insert_into(change_events::table)
                .values(chunk)
                .execute(c))?;
        }
        diesel::update(audit_heads::table.filter(audit_heads::tenant_id.eq(tenant)))
            .set((audit_heads::seq.eq(seq), audit_heads::hash.eq(&prev)))
            .execute(conn)?;
    }
    Ok(())
}

/// An entry as stored, with its place in the chain.
#[derive(Queryable)]
struct StoredRow {
    tenant_id: i64,
    at: NaiveDateTime,
    actor_user_id: Option<i64>,
    actor_client_id: Option<i64>,
    action: String,
    object_type: String,
    object_id: Option<i64>,
    unit_id: Option<i64>,
    outcome: String,
    client_ip: Option<String>,
    request_id: Option<String>,
    details: String,
    seq: i64,
    prev_hash: String,
    hash: String,
}

fn stored_chain(conn: &mut DbConn, tenant: i64) -> AppResult<Vec<StoredRow>> {
    Ok(audit_log::table
        .filter(audit_log::tenant_id.eq(tenant))
        .order(audit_log::seq.asc())
        .select((
            audit_log::tenant_id,
            audit_log::at,
            audit_log::actor_user_id,
            audit_log::actor_client_id,
            audit_log::action,
            audit_log::object_type,
            audit_log::object_id,
            audit_log::unit_id,
            audit_log::outcome,
            audit_log::client_ip,
            audit_log::request_id,
            audit_log::details,
            audit_log::seq,
            audit_log::prev_hash,
            audit_log::hash,
        ))
        .load(conn)?)
}

impl StoredRow {
    fn entry(&self) -> AuditEntry {
        AuditEntry {
            tenant_id: self.tenant_id,
            at: self.at,
            actor_user_id: self.actor_user_id,
            actor_client_id: self.actor_client_id,
            action: self.action.clone(),
            object_type: self.object_type.clone(),
            object_id: self.object_id,
            unit_id: self.unit_id,
            outcome: self.outcome.clone(),
            client_ip: self.client_ip.clone(),
            request_id: self.request_id.clone(),
            details: self.details.clone(),
        }
    }
}

/// Hashes entries written before the chain existed (numbered by the migration), once, at
/// start-up, before anything new is appended. Returns how many were sealed.
pub fn seal_unchained(conn: &mut DbConn) -> AppResult<usize> {
    let tenants: Vec<i64> = audit_log::table
        .filter(audit_log::hash.eq(""))
        .select(audit_log::tenant_id)
        .distinct()
        .load(conn)?;
    let mut sealed = 0;
    for tenant in tenants {
        let mut prev = String::new();
        let mut last = 0;
        for r in stored_chain(conn, tenant)? {
            let hash = entry_hash(&r.entry(), r.seq, &prev);
            if r.hash.is_empty() {
                diesel::update(
                    audit_log::table
                        .filter(audit_log::tenant_id.eq(tenant))
                        .filter(audit_log::seq.eq(r.seq)),
                )
                .set((audit_log::prev_hash.eq(&prev), audit_log::hash.eq(&hash)))
                .execute(conn)?;
                sealed += 1;
            }
            prev = hash;
            last = r.seq;
        }
        lock_head(conn, tenant)?;
        diesel::update(audit_heads::table.filter(audit_heads::tenant_id.eq(tenant)))
            .set((audit_heads::seq.eq(last), audit_heads::hash.eq(&prev)))
            .execute(conn)?;
    }
    Ok(sealed)
}

/// What is wrong with one chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainFault {
    pub tenant_id: i64,
    pub seq: i64,
    pub problem: String,
}

/// Recomputes every chain (or one tenant's) and reports each place where it breaks: an
/// entry whose content no longer matches its hash, a missing or extra position, a link
/// that does not point at its predecessor, or a head that disagrees with the last entry.
pub fn verify(conn: &mut DbConn, only: Option<i64>) -> AppResult<(usize, Vec<ChainFault>)> {
    let mut tenants: Vec<i64> = match only {
        Some(t) => vec![t],
        None => audit_log::table
            .select(audit_log::tenant_id)
            .distinct()
            .load(conn)?,
    };
    let heads: Vec<(i64, i64, String)> = audit_heads::table
        .select((audit_heads::tenant_id, audit_heads::seq, audit_heads::hash))
        .load(conn)?;
    for (t, _, _) in &heads {
        if only.is_none() && !tenants.contains(t) {
            tenants.push(*t);
        }
    }
    let mut faults = Vec::new();
    let mut checked = 0;
    for tenant in tenants {
        let mut fault = |seq: i64, problem: String| {
            faults.push(ChainFault {
                tenant_id: tenant,
                seq,
                problem,
            })
        };
        let mut prev = String::new();
        let mut expected = 1;
        for r in stored_chain(conn, tenant)? {
            checked += 1;
            let seq = r.seq;
            if seq != expected {
                fault(seq, format!("position {expected} is missing (found {seq})"));
            }
            if r.prev_hash != prev {
                fault(seq, "does not link to the entry before it".into());
            }
            if entry_hash(&r.entry(), seq, &r.prev_hash) != r.hash {
                fault(seq, "its content does not match its hash (altered)".into());
            }
            prev = r.hash.clone();
            expected = seq + 1;
        }
        match heads.iter().find(|(t, _, _)| *t == tenant) {
            Some((_, seq, hash)) if *seq != expected - 1 || *hash != prev => fault(
                *seq,
                format!(
                    "the head says position {seq}, the chain ends at {}",
                    expected - 1
                ),
            ),
            None if expected > 1 => fault(expected - 1, "the chain has no head".into()),
            _ => {}
        }
    }
    Ok((checked, faults))
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
/// Attempts before a batch is set aside in the spill file.
const ATTEMPTS: u32 = 6;

/// Starts the batch writer. It stops when every [`AuditSink`] is dropped, after writing
/// what is queued. Batches the database refuses again and again are appended to
/// `spill_file` (JSON lines) rather than dropped or retried for ever.
pub fn start_writer(
    db: Db,
    capacity: usize,
    spill_file: PathBuf,
) -> anyhow::Result<(AuditSink, JoinHandle<()>)> {
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
                    if let Err(e) = write_batch(&db, &batch) {
                        spill(&spill_file, &batch, &e);
                    }
                }
            })
        });
    // Without a writer thread reads cannot be audited: refuse to start.
    let handle = handle.map_err(|e| anyhow::anyhow!("cannot start the audit writer: {e}"))?;
    Ok((AuditSink { tx }, handle))
}

fn write_batch(db: &Db, batch: &[AuditEntry]) -> anyhow::Result<()> {
    let mut delay = Duration::from_millis(100);
    let mut attempt = 1;
    loop {
        let result = db.write_conn().and_then(|mut conn| {
            conn.transaction(|c| record(c, batch))
                .map_err(|e| anyhow::anyhow!("{e}"))
        });
        match result {
            Ok(()) => return Ok(()),
            Err(e) if attempt >= ATTEMPTS => return Err(e),
            Err(e) => {
                tracing::error!(
                    entries = batch.len(),
                    attempt,
                    "audit batch not written, retrying: {e:#}"
                );
                std::thread::sleep(delay);
                delay = (delay * 2).min(Duration::from_secs(2));
                attempt += 1;
            }
        }
    }
}

/// The last resort for reads the database would not take: a file an operator can replay.
fn spill(path: &PathBuf, batch: &[AuditEntry], cause: &anyhow::Error) {
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| {
            for e in batch {
                let line = serde_json::to_string(e).unwrap_or_default();
                writeln!(f, "{line}")?;
            }
            f.sync_all()
        });
    match written {
        Ok(()) => tracing::error!(
            entries = batch.len(),
            file = %path.display(),
            "audit batch refused by the database ({cause:#}); kept in the spill file"
        ),
        Err(io) => tracing::error!(
            entries = batch.len(),
            "audit batch refused by the database ({cause:#}) and the spill file failed too ({io}); entries: {}",
            serde_json::to_string(batch).unwrap_or_default()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> AuditEntry {
        AuditEntry::new(
            TenantId(3),
            Some(UserId(7)),
            &RequestCtx::default(),
            "member.read",
            "member",
            Some(9),
            serde_json::json!({}),
        )
    }

    #[test]
    fn every_field_and_the_link_change_the_hash() {
        let e = entry();
        let base = entry_hash(&e, 5, "abc");
        assert_eq!(base, entry_hash(&e, 5, "abc"));
        assert_ne!(base, entry_hash(&e, 6, "abc"));
        assert_ne!(base, entry_hash(&e, 5, "abd"));
        let mut changed = e.clone();
        changed.details = "{\"x\":1}".into();
        assert_ne!(base, entry_hash(&changed, 5, "abc"));
        let mut changed = e.clone();
        changed.actor_user_id = Some(8);
        assert_ne!(base, entry_hash(&changed, 5, "abc"));
        // Length prefixes: moving text between fields changes the hash.
        let mut a = e.clone();
        a.action = "member.re".into();
        a.object_type = "adfmember".into();
        let mut b = e.clone();
        b.action = "member.read".into();
        b.object_type = "member".into();
        assert_ne!(entry_hash(&a, 5, "abc"), entry_hash(&b, 5, "abc"));
    }
}
