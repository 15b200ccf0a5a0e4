//! The case board and lists (`GET /api/v1/cases`) and a user's to-do queue
//! (`GET /api/v1/cases/queue`).

use super::{Authority, CaseAccess, CaseRow, Reach, calendar, facts, summary};
use crate::auth::scope::{Area, Scope};
use crate::db::schema::{case_helpers, cases, members, unit_closure, units};
use crate::db::{DbConn, Dialect};
use crate::error::{AppError, AppResult};
use crate::repo::units::visible_row;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use diesel::prelude::*;
use rasoat_shared::api::cases::{CaseList, CaseQuery, CaseQueue, QueueItem, StateCount};
use rasoat_shared::api::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use rasoat_shared::cases::authority;
use rasoat_shared::cases::{CaseState, machine};
use rasoat_shared::settings::RuleSettings;
use rasoat_shared::{ErrorCode, MemberId, TenantId, UnitId};
use std::collections::HashMap;

type Pred = Box<dyn BoxableExpression<cases::table, Dialect, SqlType = diesel::sql_types::Bool>>;

fn or(a: Option<Pred>, b: Pred) -> Pred {
    match a {
        None => b,
        Some(a) => Box::new(a.or(b)),
    }
}

/// Cases of members of the subtree of `unit`.
fn in_subtree(tenant: i64, unit: i64, whole_tenant: bool) -> Pred {
    if whole_tenant {
        Box::new(cases::tenant_id.eq(tenant))
    } else {
        let ids = unit_closure::table
            .filter(unit_closure::tenant_id.eq(tenant))
            .filter(unit_closure::ancestor_id.eq(unit))
            .select(unit_closure::descendant_id);
        Box::new(cases::tenant_id.eq(tenant).and(cases::unit_id.eq_any(ids)))
    }
}

/// Own cases and those the caller helps on now.
fn personal(own: Option<MemberId>) -> Option<Pred> {
    let m = own?;
    let helped = case_helpers::table
        .filter(case_helpers::helper_member_id.eq(m.0))
        .filter(case_helpers::to_date.is_null())
        .select(case_helpers::case_id);
    Some(Box::new(
        cases::member_id.eq(m.0).or(cases::id.eq_any(helped)),
    ))
}

/// What the caller reaches: `None` means the whole province; an empty reach is refused.
fn reach_pred(acc: &CaseAccess) -> AppResult<Option<Pred>> {
    let mut pred = personal(acc.own_member);
    match acc.view.as_ref().map(Scope::area) {
        Some(Area::Province) => return Ok(None),
        Some(Area::Subtrees(roots)) => {
            for r in roots {
                pred = Some(or(
                    pred,
                    in_subtree(r.tenant_id.0, r.unit_id.0, r.whole_tenant),
                ));
            }
        }
        None => {}
    }
    pred.map(Some).ok_or_else(AppError::forbidden)
}

fn limit_of(q: Option<u32>) -> AppResult<i64> {
    let limit = q.unwrap_or(DEFAULT_PAGE_SIZE);
    if limit == 0 || limit > MAX_PAGE_SIZE {
        return Err(
            AppError::new(ErrorCode::InvalidQuery).detail(format!("limit: 1 to {MAX_PAGE_SIZE}"))
        );
    }
    Ok(i64::from(limit))
}

fn encode_cursor(id: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("case:{id}"))
}

fn decode_cursor(s: &str) -> AppResult<i64> {
    let bad = || AppError::new(ErrorCode::InvalidCursor);
    let bytes = URL_SAFE_NO_PAD.decode(s).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    text.strip_prefix("case:")
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| *n > 0)
        .ok_or_else(bad)
}

/// The unit a query narrows to, checked against the scope once: (tenant, unit, whole
/// tenant), or None for no narrowing (none asked, or the province root).
fn narrowing(
    conn: &mut DbConn,
    acc: &CaseAccess,
    q: &CaseQuery,
) -> AppResult<Option<(i64, i64, bool)>> {
    let Some(unit) = q.unit else {
        return Ok(None);
    };
    let scope = acc.view.as_ref().ok_or_else(AppError::not_found)?;
    let row = visible_row(conn, scope, unit)?;
    Ok((!row.is_province_root()).then_some((row.tenant_id, row.id, row.parent_id.is_none())))
}

/// The filters of a query except the state (the board counts every state).
fn filters(
    acc: &CaseAccess,
    q: &CaseQuery,
    unit: Option<(i64, i64, bool)>,
    today: NaiveDate,
) -> AppResult<Vec<Pred>> {
    let mut preds: Vec<Pred> = Vec::new();
    if let Some(p) = reach_pred(acc)? {
        preds.push(p);
    }
    if let Some((tenant, unit, whole)) = unit {
        preds.push(in_subtree(tenant, unit, whole));
    }
    if let Some(open) = q.open {
        preds.push(Box::new(cases::is_open.eq(open)));
    }
    if q.overdue == Some(true) {
        preds.push(Box::new(cases::is_open.eq(true)));
        preds.push(Box::new(cases::due_on.assume_not_null().lt(today)));
    }
    if let Some(m) = q.member {
        preds.push(Box::new(cases::member_id.eq(m.0)));
    }
    Ok(preds)
}

fn base(preds: Vec<Pred>) -> cases::BoxedQuery<'static, Dialect> {
    let mut query = cases::table.into_boxed();
    for p in preds {
        query = query.filter(p);
    }
    query
}

/// A page of cases, newest first, with the counts per state on the first page. Returns
/// the member ids shown, for the audit entry of the read.
pub fn list(
    conn: &mut DbConn,
    acc: &CaseAccess,
    q: &CaseQuery,
    rules: &RuleSettings,
    today: NaiveDate,
) -> AppResult<(CaseList, TenantId)> {
    let limit = limit_of(q.limit)?;
    let after = q.cursor.as_deref().map(decode_cursor).transpose()?;
    // 403 for a caller who reaches no case at all, before looking at the unit asked for.
    reach_pred(acc)?;
    let unit = narrowing(conn, acc, q)?;
    let counts = if after.is_none() {
        let all = filters(acc, q, unit, today)?
            .into_iter()
            .reduce(|a, b| -> Pred { Box::new(a.and(b)) })
            .unwrap_or_else(|| Box::new(cases::id.gt(0i64)));
        let by: HashMap<String, u64> = cases::table
            .filter(all)
            .group_by(cases::state)
            .select((cases::state, diesel::dsl::count_star()))
            .load::<(String, i64)>(conn)?
            .into_iter()
            .map(|(s, n)| (s, u64::try_from(n).unwrap_or(0)))
            .collect();
        CaseState::ALL
            .iter()
            .filter_map(|s| {
                by.get(s.code()).map(|n| StateCount {
                    state: *s,
                    count: *n,
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut query = base(filters(acc, q, unit, today)?);
    if let Some(s) = q.state {
        query = query.filter(cases::state.eq(s.code()));
    }
    if let Some(a) = after {
        query = query.filter(cases::id.lt(a));
    }
    // Inside a tenant-wide reach, the newest-first index walks straight to the page; in a
    // branch's or grassroots organisation's subtree it would walk past every other case of
    // the tenant, so SQLite is steered (`id + 0` is not the indexed column) to the unit index
    // and sorts the few rows found.
    let narrow = match unit {
        Some((_, _, whole)) => !whole,
        None => match acc.view.as_ref().map(Scope::area) {
            Some(Area::Subtrees(roots)) => roots.iter().all(|r| !r.whole_tenant),
            _ => false,
        },
    };
    let rows: Vec<CaseRow> = if narrow {
        query
            .order((cases::id + 0i64).desc())
            .limit(limit + 1)
            .select(CaseRow::as_select())
            .load(conn)?
    } else {
        query
            .order(cases::id.desc())
            .limit(limit + 1)
            .select(CaseRow::as_select())
            .load(conn)?
    };
    let more = rows.len() > limit as usize;
    let rows: Vec<CaseRow> = rows.into_iter().take(limit as usize).collect();
    let items = summaries(conn, &rows, rules, today)?;
    let next_cursor = if more {
        rows.last().map(|r| encode_cursor(r.id))
    } else {
        None
    };
    let tenant = single_tenant(&rows, acc);
    Ok((
        CaseList {
            items,
            next_cursor,
            counts,
        },
        tenant,
    ))
}

/// The tenant a read's audit entry belongs to: the rows' one tenant, else the province.
fn single_tenant(rows: &[CaseRow], acc: &CaseAccess) -> TenantId {
    let first = rows.first().map(|r| r.tenant_id);
    match first {
        Some(t) if rows.iter().all(|r| r.tenant_id == t) => TenantId(t),
        _ => acc
            .view
            .as_ref()
            .and_then(Scope::single_tenant)
            .unwrap_or(TenantId::PROVINCE),
    }
}

/// Names for the rows, two queries for the page.
fn summaries(
    conn: &mut DbConn,
    rows: &[CaseRow],
    rules: &RuleSettings,
    today: NaiveDate,
) -> AppResult<Vec<rasoat_shared::api::cases::CaseSummary>> {
    let member_ids: Vec<i64> = rows.iter().map(|r| r.member_id).collect();
    let unit_ids: Vec<i64> = rows.iter().map(|r| r.unit_id).collect();
    let names: HashMap<i64, String> = members::table
        .filter(members::id.eq_any(&member_ids))
        .select((members::id, members::full_name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let unit_names: HashMap<i64, String> = units::table
        .filter(units::id.eq_any(&unit_ids))
        .select((units::id, units::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let cal = calendar::load(conn)?;
    rows.iter()
        .map(|r| {
            summary(
                r,
                names.get(&r.member_id).cloned().unwrap_or_default(),
                unit_names.get(&r.unit_id).cloned().unwrap_or_default(),
                rules,
                &cal,
                today,
            )
        })
        .collect()
}

/// The most this queue computes and lists.
const QUEUE_MAX: usize = 200;

/// The open cases on which the caller may record something now, most urgent first.
pub fn queue(
    conn: &mut DbConn,
    acc: &CaseAccess,
    rules: &RuleSettings,
    today: NaiveDate,
) -> AppResult<(CaseQueue, TenantId)> {
    let mut query = cases::table.into_boxed().filter(cases::is_open.eq(true));
    match reach_pred(acc) {
        Ok(Some(p)) => query = query.filter(p),
        Ok(None) => {}
        // Nothing reaches any case: nothing to do.
        Err(_) => {
            return Ok((
                CaseQueue {
                    items: Vec::new(),
                    truncated: false,
                },
                TenantId::PROVINCE,
            ));
        }
    }
    let rows: Vec<(CaseRow, bool)> = query
        .inner_join(
            members::table.on(members::id
                .eq(cases::member_id)
                .and(members::tenant_id.eq(cases::tenant_id))),
        )
        .order((
            cases::due_on.is_null(),
            cases::due_on.asc(),
            cases::id.asc(),
        ))
        .select((CaseRow::as_select(), members::higher_managed_cadre))
        .load(conn)?;
    let helping: Vec<i64> = match acc.own_member {
        Some(m) => case_helpers::table
            .filter(case_helpers::helper_member_id.eq(m.0))
            .filter(case_helpers::to_date.is_null())
            .select(case_helpers::case_id)
            .load(conn)?,
        None => Vec::new(),
    };
    let mut authorities: HashMap<(i64, bool), Authority> = HashMap::new();
    let mut picked: Vec<(
        CaseRow,
        Vec<rasoat_shared::cases::Capacity>,
        Vec<rasoat_shared::cases::TransitionKind>,
    )> = Vec::new();
    let mut truncated = false;
    for (case, higher) in rows {
        let key = (case.unit_id, higher);
        let auth = match authorities.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => v.insert(Authority::load(
                conn,
                case.tenant(),
                UnitId(case.unit_id),
                higher,
            )?),
        };
        let own = acc.own_member == Some(MemberId(case.member_id));
        let reach = Reach {
            in_scope: true,
            own,
            helper: helping.contains(&case.id),
        };
        let caps = authority::capacities(
            &auth.bodies,
            case.form(),
            &acc.grants,
            reach.own,
            reach.helper,
        );
        if caps.is_empty() {
            continue;
        }
        // A voluntary exit's guard reads the member's record; only for those cases.
        let violation = case.state == CaseState::ExitRequested.code()
            && super::member_has_violation(conn, &case, rules, today)?;
        let f = facts(&case, auth, violation, today)?;
        let actions = machine::available(&f, &caps, rules);
        if actions.is_empty() {
            continue;
        }
        if picked.len() == QUEUE_MAX {
            truncated = true;
            break;
        }
        picked.push((case, caps, actions));
    }
    let rows: Vec<CaseRow> = picked.iter().map(|(c, _, _)| c.clone()).collect();
    let sums = summaries(conn, &rows, rules, today)?;
    let tenant = single_tenant(&rows, acc);
    let mut items: Vec<QueueItem> = sums
        .into_iter()
        .zip(picked)
        .map(|(case, (_, capacities, actions))| QueueItem {
            case,
            capacities,
            actions,
        })
        .collect();
    // Overdue first, then by deadline, then the oldest.
    items.sort_by_key(|i| {
        (
            !i.case.due.as_ref().is_some_and(|d| d.overdue),
            i.case.due.as_ref().map(|d| d.due),
            i.case.id,
        )
    });
    Ok((CaseQueue { items, truncated }, tenant))
}
