//! Reading the audit log, within the caller's scope: a province-wide role reads every
//! chain; a role at a tenant's root reads that tenant's chain; a role lower down reads the
//! entries about objects of its subtree.

use crate::auth::scope::{Area, Scope};
use crate::db::schema::{audit_log, unit_closure, units, users};
use crate::db::{DbConn, Dialect};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use rasoat_shared::api::audit::{AuditPage, AuditQuery, AuditRecord};
use rasoat_shared::api::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use rasoat_shared::{ErrorCode, TenantId, UnitId, UserId};

type Pred =
    Box<dyn BoxableExpression<audit_log::table, Dialect, SqlType = diesel::sql_types::Bool>>;

fn scope_pred(scope: &Scope) -> Option<Pred> {
    let Area::Subtrees(roots) = scope.area() else {
        return None;
    };
    let mut pred: Pred = Box::new(audit_log::id.lt(0i64)); // matches nothing
    for r in roots {
        let p: Pred = if r.whole_tenant {
            Box::new(audit_log::tenant_id.eq(r.tenant_id.0))
        } else {
            let below = unit_closure::table
                .filter(unit_closure::tenant_id.eq(r.tenant_id.0))
                .filter(unit_closure::ancestor_id.eq(r.unit_id.0))
                .select(unit_closure::descendant_id);
            Box::new(
                audit_log::tenant_id
                    .eq(r.tenant_id.0)
                    .and(audit_log::unit_id.assume_not_null().eq_any(below)),
            )
        };
        pred = Box::new(pred.or(p));
    }
    Some(pred)
}

type Row = (
    i64,
    i64,
    i64,
    NaiveDateTime,
    Option<i64>,
    Option<i64>,
    String,
    String,
    Option<i64>,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<i64>,
);

pub fn list(conn: &mut DbConn, scope: &Scope, query: &AuditQuery) -> AppResult<AuditPage> {
    let limit = query.limit.unwrap_or(DEFAULT_PAGE_SIZE);
    if limit == 0 || limit > MAX_PAGE_SIZE {
        return Err(AppError::new(ErrorCode::InvalidQuery)
            .detail(format!("limit phải từ 1 đến {MAX_PAGE_SIZE}")));
    }
    let mut q = audit_log::table.into_boxed::<Dialect>();
    if let Some(p) = scope_pred(scope) {
        q = q.filter(p);
    }
    if let Some(t) = query.tenant {
        q = q.filter(audit_log::tenant_id.eq(t.0));
    }
    if let Some(a) = query.actor {
        q = q.filter(audit_log::actor_user_id.eq(a.0));
    }
    if let Some(c) = query.client {
        q = q.filter(audit_log::actor_client_id.eq(c));
    }
    if let Some(a) = &query.action {
        q = q.filter(audit_log::action.eq(a.clone()));
    }
    if let Some(o) = &query.object_type {
        q = q.filter(audit_log::object_type.eq(o.clone()));
    }
    if let Some(o) = query.object_id {
        q = q.filter(audit_log::object_id.eq(o));
    }
    if let Some(from) = query.from {
        q = q.filter(audit_log::at.ge(from.and_time(chrono::NaiveTime::MIN)));
    }
    if let Some(to) = query.to.and_then(|d| d.succ_opt()) {
        q = q.filter(audit_log::at.lt(to.and_time(chrono::NaiveTime::MIN)));
    }
    if let Some(c) = &query.cursor {
        let before: i64 = c
            .parse()
            .map_err(|_| AppError::new(ErrorCode::InvalidCursor))?;
        q = q.filter(audit_log::id.lt(before));
    }
    let rows: Vec<Row> = q
        .order(audit_log::id.desc())
        .limit(i64::from(limit) + 1)
        .select((
            audit_log::id,
            audit_log::tenant_id,
            audit_log::seq,
            audit_log::at,
            audit_log::actor_user_id,
            audit_log::actor_client_id,
            audit_log::action,
            audit_log::object_type,
            audit_log::object_id,
            audit_log::outcome,
            audit_log::client_ip,
            audit_log::request_id,
            audit_log::details,
            audit_log::unit_id,
        ))
        .load(conn)?;
    let mut rows = rows;
    let next_cursor = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.0.to_string())
    } else {
        None
    };
    let mut actor_ids: Vec<i64> = rows.iter().filter_map(|r| r.4).collect();
    actor_ids.sort_unstable();
    actor_ids.dedup();
    let names: std::collections::HashMap<i64, String> = if actor_ids.is_empty() {
        Default::default()
    } else {
        users::table
            .filter(users::id.eq_any(&actor_ids))
            .select((users::id, users::display_name))
            .load::<(i64, String)>(conn)?
            .into_iter()
            .collect()
    };
    let mut unit_ids: Vec<i64> = rows.iter().filter_map(|r| r.13).collect();
    unit_ids.sort_unstable();
    unit_ids.dedup();
    let unit_names: std::collections::HashMap<i64, String> = if unit_ids.is_empty() {
        Default::default()
    } else {
        units::table
            .filter(units::id.eq_any(&unit_ids))
            .select((units::id, units::name))
            .load::<(i64, String)>(conn)?
            .into_iter()
            .collect()
    };
    let items = rows
        .into_iter()
        .map(|r| AuditRecord {
            id: r.0,
            tenant_id: TenantId(r.1),
            seq: r.2,
            at: DateTime::from_naive_utc_and_offset(r.3, Utc),
            actor_user_id: r.4.map(UserId),
            actor_client_id: r.5,
            actor_name: match (r.4, r.5) {
                (Some(u), _) => names.get(&u).cloned(),
                (None, Some(c)) => Some(format!("Hệ thống kết nối #{c}")),
                (None, None) => None,
            },
            action: r.6,
            object_type: r.7,
            object_id: r.8,
            unit_id: r.13.map(UnitId),
            unit_name: r.13.and_then(|u| unit_names.get(&u).cloned()),
            outcome: r.9,
            client_ip: r.10,
            request_id: r.11,
            details: serde_json::from_str(&r.12).unwrap_or(serde_json::Value::String(r.12)),
        })
        .collect();
    Ok(AuditPage { items, next_cursor })
}
