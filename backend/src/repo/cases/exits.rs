//! The register of members who left the Party (DOMAIN.md §8.7), within the caller's
//! scope.

use super::CaseAccess;
use crate::auth::scope::Area;
use crate::db::DbConn;
use crate::db::schema::{exits, members, unit_closure, units};
use crate::error::{AppError, AppResult};
use crate::repo::review::split_codes;
use crate::repo::units::visible_row;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use rasoat_shared::api::cases::{ExitEntry, ExitList, ExitQuery};
use rasoat_shared::api::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use rasoat_shared::cases::RemovalForm;
use rasoat_shared::cases::exit::Readmission;
use rasoat_shared::criteria::Criterion;
use rasoat_shared::{ErrorCode, MemberId, TenantId, UnitId};

type Row = (
    i64,
    i64,
    i64,
    i64,
    i64,
    String,
    String,
    Option<String>,
    Option<i64>,
    NaiveDate,
    bool,
    Option<NaiveDate>,
    NaiveDateTime,
);

/// Newest first; the ids of the members shown go to the read's audit entry.
pub fn list(conn: &mut DbConn, acc: &CaseAccess, q: &ExitQuery) -> AppResult<(ExitList, TenantId)> {
    // The register is the committees' and staff's; a member without such a role asking
    // about a unit finds nothing there (404, as for a unit outside any scope).
    let Some(scope) = acc.view.as_ref() else {
        return Err(if acc.own_member.is_some() && q.unit.is_some() {
            AppError::not_found()
        } else {
            AppError::forbidden()
        });
    };
    let limit = i64::from(q.limit.unwrap_or(DEFAULT_PAGE_SIZE));
    if limit == 0 || limit > i64::from(MAX_PAGE_SIZE) {
        return Err(
            AppError::new(ErrorCode::InvalidQuery).detail(format!("limit: 1 to {MAX_PAGE_SIZE}"))
        );
    }
    let after: Option<i64> = match &q.cursor {
        Some(c) => Some(
            c.parse::<i64>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| AppError::new(ErrorCode::InvalidCursor))?,
        ),
        None => None,
    };
    let mut query = exits::table.into_boxed();
    match scope.area() {
        Area::Province => {}
        Area::Subtrees(roots) => {
            let mut pred: Option<
                Box<
                    dyn BoxableExpression<
                            exits::table,
                            crate::db::Dialect,
                            SqlType = diesel::sql_types::Bool,
                        >,
                >,
            > = None;
            for r in roots {
                let p: Box<
                    dyn BoxableExpression<
                            exits::table,
                            crate::db::Dialect,
                            SqlType = diesel::sql_types::Bool,
                        >,
                > = if r.whole_tenant {
                    Box::new(exits::tenant_id.eq(r.tenant_id.0))
                } else {
                    let ids = unit_closure::table
                        .filter(unit_closure::tenant_id.eq(r.tenant_id.0))
                        .filter(unit_closure::ancestor_id.eq(r.unit_id.0))
                        .select(unit_closure::descendant_id);
                    Box::new(
                        exits::tenant_id
                            .eq(r.tenant_id.0)
                            .and(exits::unit_id.eq_any(ids)),
                    )
                };
                pred = Some(match pred {
                    None => p,
                    Some(prev) => Box::new(prev.or(p)),
                });
            }
            query = query.filter(pred.unwrap_or_else(|| Box::new(exits::id.lt(0i64))));
        }
    }
    if let Some(unit) = q.unit {
        let row = visible_row(conn, scope, unit)?;
        if !row.is_province_root() {
            if row.parent_id.is_none() {
                query = query.filter(exits::tenant_id.eq(row.tenant_id));
            } else {
                let ids = unit_closure::table
                    .filter(unit_closure::tenant_id.eq(row.tenant_id))
                    .filter(unit_closure::ancestor_id.eq(row.id))
                    .select(unit_closure::descendant_id);
                query = query.filter(
                    exits::tenant_id
                        .eq(row.tenant_id)
                        .and(exits::unit_id.eq_any(ids)),
                );
            }
        }
    }
    if let Some(y) = q.year {
        let (Some(from), Some(to)) = (
            NaiveDate::from_ymd_opt(y, 1, 1),
            NaiveDate::from_ymd_opt(y, 12, 31),
        ) else {
            return Err(AppError::new(ErrorCode::InvalidQuery).detail("year"));
        };
        query = query.filter(exits::effective_on.between(from, to));
    }
    if let Some(a) = after {
        query = query.filter(exits::id.lt(a));
    }
    let rows: Vec<Row> = query
        .order(exits::id.desc())
        .limit(limit + 1)
        .select((
            exits::id,
            exits::tenant_id,
            exits::member_id,
            exits::unit_id,
            exits::case_id,
            exits::form,
            exits::grounds,
            exits::decision_number,
            exits::decision_document_id,
            exits::effective_on,
            exits::readmission_barred,
            exits::readmission_earliest,
            exits::created_at,
        ))
        .load(conn)?;
    let more = rows.len() > limit as usize;
    let rows: Vec<Row> = rows.into_iter().take(limit as usize).collect();
    let member_ids: Vec<i64> = rows.iter().map(|r| r.2).collect();
    let unit_ids: Vec<i64> = rows.iter().map(|r| r.3).collect();
    let names: std::collections::HashMap<i64, String> = members::table
        .filter(members::id.eq_any(&member_ids))
        .select((members::id, members::full_name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let unit_names: std::collections::HashMap<i64, String> = units::table
        .filter(units::id.eq_any(&unit_ids))
        .select((units::id, units::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let tenant = match rows.first() {
        Some(r) if rows.iter().all(|x| x.1 == r.1) => TenantId(r.1),
        _ => scope.single_tenant().unwrap_or(TenantId::PROVINCE),
    };
    let next_cursor = if more {
        rows.last().map(|r| r.0.to_string())
    } else {
        None
    };
    let items = rows
        .into_iter()
        .filter_map(
            |(id, _t, m, u, case_id, form, grounds, number, document, on, barred, earliest, _)| {
                Some(ExitEntry {
                    id,
                    member_id: MemberId(m),
                    member_name: names.get(&m).cloned().unwrap_or_default(),
                    unit_id: UnitId(u),
                    unit_name: unit_names.get(&u).cloned().unwrap_or_default(),
                    case_id,
                    form: RemovalForm::from_code(&form)?,
                    grounds: split_codes(&grounds)
                        .filter_map(Criterion::from_code)
                        .collect(),
                    decision_number: number,
                    decision_document_id: document,
                    effective_on: on,
                    readmission: Readmission { barred, earliest },
                })
            },
        )
        .collect();
    Ok((ExitList { items, next_cursor }, tenant))
}
