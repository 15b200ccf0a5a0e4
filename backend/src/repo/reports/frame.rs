//! What a report covers: the unit (inside the caller's scope), the period, the rows (the
//! units directly under it, and the unit itself for what is registered there), and how a
//! member's or a case's unit maps to its row.
//!
//! The province's rows are its tenants, so province-level counts group by `tenant_id`
//! (the only reads that fan out across tenants); below the province every query names the
//! one tenant and the subtree.

use crate::auth::scope::{Area, Scope};
use crate::db::DbConn;
use crate::db::schema::{unit_closure, units};
use crate::error::{AppError, AppResult};
use crate::repo::review::rounds;
use crate::repo::units::{UnitRow, province_root, visible_chain, visible_row};
use chrono::NaiveDate;
use diesel::prelude::*;
use rasoat_shared::api::reports::ReportUnit;
use rasoat_shared::reports::Period;
use rasoat_shared::{TenantId, UnitId};
use std::collections::HashMap;

/// One line of the report before it is counted.
#[derive(Debug, Clone)]
pub struct RowDef {
    pub unit: ReportUnit,
    pub tenant_id: i64,
    /// What is registered at the reported unit itself.
    pub direct: bool,
    /// Ended before the period: shown only when something counts in it.
    pub ended_before: bool,
}

/// How rows are found for a member's or a case's unit.
#[derive(Debug, Clone)]
pub enum Grouping {
    /// The province: one row per tenant.
    Tenants(HashMap<i64, usize>),
    /// One tenant's subtree of `root`: the row of every unit in it.
    Units {
        tenant: i64,
        root: i64,
        whole_tenant: bool,
        row_of: HashMap<i64, usize>,
    },
}

impl Grouping {
    pub fn row(&self, tenant: i64, unit: i64) -> Option<usize> {
        match self {
            Grouping::Tenants(rows) => rows.get(&tenant).copied(),
            Grouping::Units {
                tenant: t, row_of, ..
            } => {
                if *t == tenant {
                    row_of.get(&unit).copied()
                } else {
                    None
                }
            }
        }
    }

    /// The one tenant the report reads, if it reads one.
    pub fn tenant(&self) -> Option<i64> {
        match self {
            Grouping::Tenants(_) => None,
            Grouping::Units { tenant, .. } => Some(*tenant),
        }
    }
}

pub struct Frame {
    pub unit: ReportUnit,
    pub unit_row: UnitRow,
    pub trail: Vec<ReportUnit>,
    pub period: Period,
    pub round: Option<i64>,
    pub rows: Vec<RowDef>,
    pub grouping: Grouping,
}

/// The parameters every report read shares.
#[derive(Debug, Clone, Copy, Default)]
pub struct FrameQuery {
    pub unit: Option<UnitId>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub round: Option<i64>,
}

fn report_unit(row: &UnitRow, has_children: bool) -> AppResult<ReportUnit> {
    Ok(ReportUnit {
        id: UnitId(row.id),
        name: row.name.clone(),
        org_type: row.org_type()?,
        has_children,
    })
}

/// The period asked for: a round's, explicit dates, or the year to date.
fn period(
    conn: &mut DbConn,
    scope: &Scope,
    q: &FrameQuery,
    today: NaiveDate,
) -> AppResult<(Period, Option<rounds::RoundRow>)> {
    if let Some(id) = q.round {
        if q.from.is_some() || q.to.is_some() {
            return Err(AppError::field(
                "round",
                "conflict",
                "Chọn kỳ báo cáo theo đợt rà soát hoặc theo ngày, không cả hai.",
            ));
        }
        let round = rounds::visible_round(conn, scope, id)?;
        let p = Period {
            from: round.period_from,
            to: round.period_to,
        };
        return Ok((p, Some(round)));
    }
    let to = q.to.unwrap_or(today);
    let from = q.from.unwrap_or_else(|| Period::year_to_date(to).from);
    let p = Period::new(from, to).map_err(|m| AppError::field("from", "invalid_period", m))?;
    Ok((p, None))
}

/// The unit a report without `unit` is about: the top of the caller's scope.
fn top_of_scope(conn: &mut DbConn, scope: &Scope) -> AppResult<UnitRow> {
    match scope.area() {
        Area::Province => province_root(conn),
        Area::Subtrees(roots) => {
            let root = roots.first().ok_or_else(AppError::forbidden)?;
            visible_row(conn, scope, root.unit_id)
        }
    }
}

fn has_children(conn: &mut DbConn, row: &UnitRow) -> AppResult<bool> {
    if row.is_province_root() {
        return Ok(true);
    }
    let n: i64 = units::table
        .filter(units::tenant_id.eq(row.tenant_id))
        .filter(units::parent_id.eq(row.id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// From the top of the caller's scope down to `row`, as the report names units.
fn trail(conn: &mut DbConn, scope: &Scope, row: &UnitRow) -> AppResult<Vec<ReportUnit>> {
    let chain = visible_chain(conn, scope, row.clone())?;
    let last = chain.len().saturating_sub(1);
    let mut out = Vec::with_capacity(chain.len());
    for (i, r) in chain.iter().enumerate() {
        // Everything above the unit has children by construction.
        let children = i < last || has_children(conn, r)?;
        out.push(report_unit(r, children)?);
    }
    Ok(out)
}

impl Frame {
    /// The frame of a report on `q.unit` (404 outside the caller's scope, as a unit that
    /// does not exist) for the asked period.
    pub fn resolve(
        conn: &mut DbConn,
        scope: &Scope,
        q: &FrameQuery,
        today: NaiveDate,
    ) -> AppResult<Frame> {
        let (period, round) = period(conn, scope, q, today)?;
        let unit_row = match (q.unit, &round) {
            (Some(id), _) => visible_row(conn, scope, id)?,
            // A province round read by a tenant's officer: their part of it.
            (None, Some(r)) if scope.contains(conn, r.tenant(), r.unit())? => {
                visible_row(conn, scope, r.unit())?
            }
            (None, _) => top_of_scope(conn, scope)?,
        };
        let trail = trail(conn, scope, &unit_row)?;
        let unit = match trail.last() {
            Some(u) if u.id.0 == unit_row.id => u.clone(),
            _ => report_unit(&unit_row, has_children(conn, &unit_row)?)?,
        };

        // The units directly under the reported one.
        let children: Vec<UnitRow> = if unit_row.is_province_root() {
            units::table
                .filter(units::parent_id.is_null())
                .filter(units::tenant_id.ne(TenantId::PROVINCE.0))
                .select(UnitRow::as_select())
                .load(conn)?
        } else {
            units::table
                .filter(units::tenant_id.eq(unit_row.tenant_id))
                .filter(units::parent_id.eq(unit_row.id))
                .select(UnitRow::as_select())
                .load(conn)?
        };
        let mut children = children;
        children.sort_by_cached_key(|c| (rasoat_shared::names::search_key(&c.name), c.id));
        let ids: Vec<i64> = children.iter().map(|c| c.id).collect();
        let grandchildren = if unit_row.is_province_root() {
            tenant_sizes(conn, &children)?
        } else {
            child_counts(conn, unit_row.tenant_id, &ids)?
        };
        let mut rows = Vec::with_capacity(children.len() + 1);
        for c in &children {
            rows.push(RowDef {
                unit: report_unit(c, grandchildren.get(&c.id).copied().unwrap_or(0) > 0)?,
                tenant_id: c.tenant_id,
                direct: false,
                ended_before: c.valid_to.is_some_and(|d| d < period.from),
            });
        }

        let grouping = if unit_row.is_province_root() {
            Grouping::Tenants(
                rows.iter()
                    .enumerate()
                    .map(|(i, r)| (r.tenant_id, i))
                    .collect(),
            )
        } else {
            let mut row_of: HashMap<i64, usize> = HashMap::new();
            for chunk in ids.chunks(500).enumerate() {
                let (k, chunk) = chunk;
                let pairs: Vec<(i64, i64)> = unit_closure::table
                    .filter(unit_closure::tenant_id.eq(unit_row.tenant_id))
                    .filter(unit_closure::ancestor_id.eq_any(chunk))
                    .select((unit_closure::ancestor_id, unit_closure::descendant_id))
                    .load(conn)?;
                let index: HashMap<i64, usize> = chunk
                    .iter()
                    .enumerate()
                    .map(|(i, id)| (*id, k * 500 + i))
                    .collect();
                for (a, d) in pairs {
                    if let Some(i) = index.get(&a) {
                        row_of.insert(d, *i);
                    }
                }
            }
            // What is registered at the unit itself gets a row of its own.
            row_of.insert(unit_row.id, rows.len());
            rows.push(RowDef {
                unit: unit.clone(),
                tenant_id: unit_row.tenant_id,
                direct: true,
                ended_before: false,
            });
            Grouping::Units {
                tenant: unit_row.tenant_id,
                root: unit_row.id,
                whole_tenant: unit_row.parent_id.is_none(),
                row_of,
            }
        };
        Ok(Frame {
            unit,
            unit_row,
            trail,
            period,
            round: round.map(|r| r.id),
            rows,
            grouping,
        })
    }
}

/// How many units are directly under each of `ids` (one tenant).
fn child_counts(conn: &mut DbConn, tenant: i64, ids: &[i64]) -> AppResult<HashMap<i64, i64>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(Option<i64>, i64)> = units::table
            .filter(units::tenant_id.eq(tenant))
            .filter(units::parent_id.eq_any(chunk))
            .group_by(units::parent_id)
            .select((units::parent_id, diesel::dsl::count_star()))
            .load(conn)?;
        out.extend(rows.into_iter().filter_map(|(p, n)| Some((p?, n))));
    }
    Ok(out)
}

/// For the tenants' root units: how many units each tenant has below its root (one pass
/// over the tenant-and-parent index, where asking per root would take a query per tenant
/// — 1,820 at national scale).
fn tenant_sizes(conn: &mut DbConn, roots: &[UnitRow]) -> AppResult<HashMap<i64, i64>> {
    let sizes: HashMap<i64, i64> = units::table
        .filter(units::tenant_id.ne(TenantId::PROVINCE.0))
        .group_by(units::tenant_id)
        .select((units::tenant_id, diesel::dsl::count_star()))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .collect();
    Ok(roots
        .iter()
        .map(|r| (r.id, sizes.get(&r.tenant_id).copied().unwrap_or(1) - 1))
        .collect())
}
