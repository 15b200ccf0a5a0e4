//! The change feed: `change_events`, written by the audit log with every audited change
//! (`audit::record`), read here in each tenant's order within the caller's scope.
//!
//! A cursor holds one position per tenant (`tenant:seq`, base64url), so a client whose
//! scope spans tenants resumes each tenant where it stopped. Delivery is at least once:
//! a client that loses a page's cursor reads the page again.

use crate::auth::scope::{Area, Scope};
use crate::db::DbConn;
use crate::db::schema::{change_events, settings, tenants, unit_closure};
use crate::error::{AppError, AppResult};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use rasoat_shared::api::events::{
    ChangeEvent, ChangePage, DEFAULT_EVENTS_PAGE, EventsQuery, MAX_EVENTS_PAGE,
};
use rasoat_shared::{ErrorCode, TenantId, UnitId};
use std::collections::BTreeMap;

/// Positions per tenant: the last `seq` the reader has seen.
type Positions = BTreeMap<i64, i64>;

fn encode(p: &Positions) -> String {
    let text = p
        .iter()
        .map(|(t, s)| format!("{t}:{s}"))
        .collect::<Vec<_>>()
        .join(",");
    URL_SAFE_NO_PAD.encode(format!("v1;{text}"))
}

fn decode(cursor: &str) -> AppResult<Positions> {
    let bad = || AppError::new(ErrorCode::InvalidCursor);
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let body = text.strip_prefix("v1;").ok_or_else(bad)?;
    let mut out = Positions::new();
    for part in body.split(',').filter(|p| !p.is_empty()) {
        let (t, s) = part.split_once(':').ok_or_else(bad)?;
        let t: i64 = t.parse().map_err(|_| bad())?;
        let s: i64 = s.parse().map_err(|_| bad())?;
        if s < 0 || out.insert(t, s).is_some() {
            return Err(bad());
        }
    }
    Ok(out)
}

fn pruned_key(tenant: i64) -> String {
    format!("feed_pruned.{tenant}")
}

/// The last position the retention pruning removed in a tenant (0: none).
fn pruned_up_to(conn: &mut DbConn, tenant: i64) -> AppResult<i64> {
    let v: Option<String> = settings::table
        .filter(settings::key.eq(pruned_key(tenant)))
        .select(settings::value)
        .first(conn)
        .optional()?;
    Ok(v.and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// What one tenant of the scope contributes: all of it, or the subtrees of these units.
struct TenantPart {
    tenant: i64,
    roots: Option<Vec<i64>>,
}

fn parts(conn: &mut DbConn, scope: &Scope) -> AppResult<Vec<TenantPart>> {
    Ok(match scope.area() {
        Area::Province => tenants::table
            .select(tenants::id)
            .order(tenants::id)
            .load::<i64>(conn)?
            .into_iter()
            .map(|tenant| TenantPart {
                tenant,
                roots: None,
            })
            .collect(),
        Area::Subtrees(roots) => {
            let mut by: BTreeMap<i64, Option<Vec<i64>>> = BTreeMap::new();
            for r in roots {
                let entry = by.entry(r.tenant_id.0).or_insert_with(|| Some(Vec::new()));
                match (r.whole_tenant, entry.as_mut()) {
                    (true, _) => *entry = None,
                    (false, Some(list)) => list.push(r.unit_id.0),
                    (false, None) => {}
                }
            }
            by.into_iter()
                .map(|(tenant, roots)| TenantPart { tenant, roots })
                .collect()
        }
    })
}

type EventRow = (
    i64,
    i64,
    NaiveDateTime,
    String,
    String,
    Option<i64>,
    Option<i64>,
);

fn read_tenant(
    conn: &mut DbConn,
    part: &TenantPart,
    after: i64,
    limit: i64,
) -> AppResult<Vec<EventRow>> {
    let mut q = change_events::table
        .filter(change_events::tenant_id.eq(part.tenant))
        .filter(change_events::seq.gt(after))
        .order(change_events::seq.asc())
        .limit(limit)
        .select((
            change_events::tenant_id,
            change_events::seq,
            change_events::at,
            change_events::action,
            change_events::entity,
            change_events::object_id,
            change_events::unit_id,
        ))
        .into_boxed();
    if let Some(roots) = &part.roots {
        q = q.filter(
            change_events::unit_id.eq_any(
                unit_closure::table
                    .filter(unit_closure::tenant_id.eq(part.tenant))
                    .filter(unit_closure::ancestor_id.eq_any(roots.clone()))
                    .select(unit_closure::descendant_id.nullable()),
            ),
        );
    }
    Ok(q.load(conn)?)
}

/// One page of changes after `query.after`, tenant by tenant in tenant order.
pub fn page(conn: &mut DbConn, scope: &Scope, query: &EventsQuery) -> AppResult<ChangePage> {
    let limit = query.limit.unwrap_or(DEFAULT_EVENTS_PAGE);
    if limit == 0 || limit > MAX_EVENTS_PAGE {
        return Err(AppError::new(ErrorCode::InvalidQuery)
            .detail(format!("limit phải từ 1 đến {MAX_EVENTS_PAGE}")));
    }
    let mut positions = match &query.after {
        Some(c) => decode(c)?,
        None => Positions::new(),
    };
    let parts = parts(conn, scope)?;
    // A position in a tenant outside the scope is not ours to keep or to read.
    positions.retain(|t, _| parts.iter().any(|p| p.tenant == *t));
    let mut events = Vec::new();
    let mut has_more = false;
    for part in &parts {
        let after = positions.get(&part.tenant).copied().unwrap_or(0);
        let pruned = pruned_up_to(conn, part.tenant)?;
        if query.after.is_some() && after < pruned {
            return Err(AppError::new(ErrorCode::CursorExpired).detail(format!(
                "Đảng bộ #{} : đã xóa các thay đổi đến vị trí {pruned}.",
                part.tenant
            )));
        }
        let room = i64::from(limit) - events.len() as i64;
        if room <= 0 {
            has_more = true;
            break;
        }
        let mut rows = read_tenant(conn, part, after.max(pruned), room + 1)?;
        if rows.len() as i64 > room {
            rows.truncate(room as usize);
            has_more = true;
        }
        if let Some(last) = rows.last() {
            positions.insert(part.tenant, last.1);
        } else if after < pruned {
            positions.insert(part.tenant, pruned);
        }
        events.extend(rows.into_iter().map(|r| ChangeEvent {
            tenant_id: TenantId(r.0),
            seq: r.1,
            at: DateTime::from_naive_utc_and_offset(r.2, Utc),
            action: r.3,
            entity: r.4,
            id: r.5,
            unit_id: r.6.map(UnitId),
        }));
        if has_more {
            break;
        }
    }
    Ok(ChangePage {
        events,
        next_cursor: encode(&positions),
        has_more,
    })
}

/// Removes events older than the retention period, remembering per tenant how far it
/// removed (a cursor behind that answers 410). Returns how many were removed.
pub fn prune(conn: &mut DbConn, retention_days: u32) -> AppResult<usize> {
    let horizon = Utc::now().naive_utc() - chrono::Duration::days(i64::from(retention_days));
    let tops: Vec<(i64, Option<i64>)> = change_events::table
        .filter(change_events::at.lt(horizon))
        .group_by(change_events::tenant_id)
        .select((
            change_events::tenant_id,
            diesel::dsl::max(change_events::seq),
        ))
        .load(conn)?;
    let mut removed = 0;
    let now = Utc::now().naive_utc();
    for (tenant, top) in tops {
        let Some(top) = top else { continue };
        removed += diesel::delete(
            change_events::table
                .filter(change_events::tenant_id.eq(tenant))
                .filter(change_events::seq.le(top)),
        )
        .execute(conn)?;
        let key = pruned_key(tenant);
        let updated = diesel::update(settings::table.filter(settings::key.eq(&key)))
            .set((
                settings::value.eq(top.to_string()),
                settings::updated_at.eq(now),
            ))
            .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(settings::table)
                .values((
                    settings::key.eq(&key),
                    settings::value.eq(top.to_string()),
                    settings::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let mut p = Positions::new();
        p.insert(3, 17);
        p.insert(12, 4);
        assert_eq!(decode(&encode(&p)).unwrap(), p);
        assert_eq!(
            decode(&encode(&Positions::new())).unwrap(),
            Positions::new()
        );
        for bad in ["", "x", "!!!"] {
            assert!(decode(bad).is_err(), "{bad}");
        }
        assert!(decode(&URL_SAFE_NO_PAD.encode("v1;3:x")).is_err());
        assert!(decode(&URL_SAFE_NO_PAD.encode("v1;3:1,3:2")).is_err());
        assert!(decode(&URL_SAFE_NO_PAD.encode("v1;3:-1")).is_err());
        assert!(decode(&URL_SAFE_NO_PAD.encode("v2;3:1")).is_err());
    }
}
