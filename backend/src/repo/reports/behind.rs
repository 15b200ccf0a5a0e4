//! The members behind one count of the screening report: read from the same sources with
//! the same predicates as the count, so the list's length is the count.

use super::frame::{Frame, FrameQuery, Grouping};
use super::sources::{
    base_counts, base_holds, case_hits, in_grouping, left_after, record_hits, reviewed_units,
};
use crate::auth::scope::Scope;
use crate::db::DbConn;
use crate::db::schema::{members, units};
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use diesel::prelude::*;
use rasoat_shared::api::reports::{ReportMember, ReportMemberPage, ReportMembersQuery};
use rasoat_shared::api::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use rasoat_shared::member::MemberStatus;
use rasoat_shared::reports::{Column, Source};
use rasoat_shared::settings::RuleSettings;
use rasoat_shared::{ErrorCode, MemberId, TenantId, UnitId};
use std::collections::{BTreeMap, HashMap};

/// One line of the list before names are read: sorted by (tenant, key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    tenant_id: i64,
    /// The case id for a case column, the member id otherwise.
    key: i64,
    member_id: i64,
    case_id: Option<i64>,
}

fn cursor_of(e: &Entry) -> String {
    format!("{}.{}", e.tenant_id, e.key)
}

fn parse_cursor(s: &str) -> AppResult<(i64, i64)> {
    let bad = || AppError::new(ErrorCode::InvalidCursor);
    let (t, k) = s.split_once('.').ok_or_else(bad)?;
    Ok((t.parse().map_err(|_| bad())?, k.parse().map_err(|_| bad())?))
}

/// Whether the row `row` is part of the list asked for (the whole unit, or only what is
/// registered at it).
fn wanted(frame: &Frame, direct: bool, row: usize) -> bool {
    !direct || frame.rows.get(row).is_some_and(|r| r.direct)
}

pub struct Behind {
    pub page: ReportMemberPage,
    /// The tenant whose audit chain records the read (the province for a province list).
    pub tenant: TenantId,
}

pub fn list(
    conn: &mut DbConn,
    scope: &Scope,
    q: &ReportMembersQuery,
    rules: &RuleSettings,
    today: NaiveDate,
) -> AppResult<Behind> {
    let column = q
        .column
        .ok_or_else(|| AppError::field("column", "required", "Chọn cột cần xem danh sách."))?;
    let limit = q.limit.unwrap_or(DEFAULT_PAGE_SIZE);
    if limit == 0 || limit > MAX_PAGE_SIZE {
        return Err(
            AppError::new(ErrorCode::InvalidQuery).detail(format!("limit: 1 to {MAX_PAGE_SIZE}"))
        );
    }
    let after = q.cursor.as_deref().map(parse_cursor).transpose()?;
    let frame = Frame::resolve(
        conn,
        scope,
        &FrameQuery {
            unit: q.unit,
            from: q.from,
            to: q.to,
            round: q.round,
        },
        today,
    )?;
    let direct = q.direct.unwrap_or(false);
    if direct && !matches!(frame.grouping, Grouping::Units { .. }) {
        return Err(AppError::field(
            "direct",
            "not_applicable",
            "Cấp tỉnh không có đảng viên sinh hoạt trực tiếp.",
        ));
    }

    let (total, entries) = match column.source() {
        Source::Cases => {
            let hits: Vec<Entry> = case_hits(conn, &frame)?
                .into_iter()
                .filter(|h| wanted(&frame, direct, h.row) && h.columns.contains(&column))
                .map(|h| Entry {
                    tenant_id: h.tenant_id,
                    key: h.case_id,
                    member_id: h.member_id,
                    case_id: Some(h.case_id),
                })
                .collect();
            (hits.len() as i64, page_of(hits, after, limit))
        }
        Source::Records => {
            let hits: Vec<Entry> = record_hits(conn, &frame, rules)?
                .into_iter()
                .filter(|h| wanted(&frame, direct, h.row) && h.column == column)
                .map(|h| Entry {
                    tenant_id: h.tenant_id,
                    key: h.member_id,
                    member_id: h.member_id,
                    case_id: None,
                })
                .collect();
            (hits.len() as i64, page_of(hits, after, limit))
        }
        Source::Members => {
            let total = base_counts(conn, &frame)?
                .iter()
                .enumerate()
                .filter(|(i, _)| wanted(&frame, direct, *i))
                .map(|(_, b)| match column {
                    Column::MembersFull => b.full,
                    Column::MembersProbationary => b.total - b.full,
                    Column::MembersExempted => b.exempted,
                    Column::MembersReviewed => b.reviewed,
                    _ => b.total,
                })
                .sum();
            (
                total,
                member_page(conn, &frame, column, direct, after, limit)?,
            )
        }
    };

    let more = entries.len() > limit as usize;
    let shown: Vec<Entry> = entries.into_iter().take(limit as usize).collect();
    let next_cursor = if more {
        shown.last().map(cursor_of)
    } else {
        None
    };
    let items = named(conn, &shown)?;
    let tenant = match frame.grouping {
        Grouping::Tenants(_) => TenantId::PROVINCE,
        Grouping::Units { tenant, .. } => TenantId(tenant),
    };
    Ok(Behind {
        page: ReportMemberPage {
            column,
            unit: frame.unit.clone(),
            direct,
            period: frame.period,
            total,
            items,
            next_cursor,
        },
        tenant,
    })
}

/// `limit + 1` entries after the cursor (the extra one says there is more).
fn page_of(mut all: Vec<Entry>, after: Option<(i64, i64)>, limit: u32) -> Vec<Entry> {
    all.sort();
    all.into_iter()
        .filter(|e| after.is_none_or(|a| (e.tenant_id, e.key) > a))
        .take(limit as usize + 1)
        .collect()
}

/// A page of the members a base column holds: active members from the database in
/// (tenant, id) order, merged with those who left after the period's end.
fn member_page(
    conn: &mut DbConn,
    frame: &Frame,
    column: Column,
    direct: bool,
    after: Option<(i64, i64)>,
    limit: u32,
) -> AppResult<Vec<Entry>> {
    let p = frame.period;
    let reviewed = reviewed_units(conn, frame)?;
    let reviewed_ids: Vec<i64> = reviewed.iter().map(|(_, u)| *u).collect();
    let mut q = in_grouping!(
        members::table
            .filter(members::status.eq(MemberStatus::Active.code()))
            .filter(members::admission_date.le(p.to))
            .select((members::tenant_id, members::id)),
        &frame.grouping,
        members::tenant_id,
        members::home_unit_id
    );
    if direct {
        q = q.filter(members::home_unit_id.eq(frame.unit_row.id));
    }
    q = match column {
        Column::MembersFull => q.filter(members::official_date.le(p.to)),
        Column::MembersProbationary => q.filter(
            members::official_date
                .is_null()
                .or(members::official_date.gt(p.to)),
        ),
        Column::MembersExempted => q.filter(members::exempted.eq(true)),
        Column::MembersReviewed => q.filter(members::home_unit_id.eq_any(reviewed_ids)),
        _ => q,
    };
    if let Some((t, m)) = after {
        q = q.filter(
            members::tenant_id
                .gt(t)
                .or(members::tenant_id.eq(t).and(members::id.gt(m))),
        );
    }
    let rows: Vec<(i64, i64)> = q
        .order((members::tenant_id, members::id))
        .limit(i64::from(limit) + 1)
        .load(conn)?;
    let mut all: Vec<Entry> = rows
        .into_iter()
        .map(|(t, m)| Entry {
            tenant_id: t,
            key: m,
            member_id: m,
            case_id: None,
        })
        .collect();
    for (t, m, u, official, exempted) in left_after(conn, frame)? {
        let in_row = frame
            .grouping
            .row(t, u)
            .is_some_and(|r| wanted(frame, direct, r));
        if in_row && base_holds(column, &p, official, exempted, reviewed.contains(&(t, u))) {
            all.push(Entry {
                tenant_id: t,
                key: m,
                member_id: m,
                case_id: None,
            });
        }
    }
    Ok(page_of(all, after, limit))
}

/// The names and units of the members of a page.
fn named(conn: &mut DbConn, page: &[Entry]) -> AppResult<Vec<ReportMember>> {
    let mut by_tenant: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for e in page {
        by_tenant.entry(e.tenant_id).or_default().push(e.member_id);
    }
    let mut people: HashMap<i64, (String, i64)> = HashMap::new();
    let mut unit_names: HashMap<i64, String> = HashMap::new();
    for (t, ids) in by_tenant {
        let rows: Vec<(i64, String, i64, String)> = members::table
            .inner_join(
                units::table.on(units::id
                    .eq(members::home_unit_id)
                    .and(units::tenant_id.eq(members::tenant_id))),
            )
            .filter(members::tenant_id.eq(t))
            .filter(members::id.eq_any(&ids))
            .select((members::id, members::full_name, units::id, units::name))
            .load(conn)?;
        for (m, name, u, unit) in rows {
            people.insert(m, (name, u));
            unit_names.insert(u, unit);
        }
    }
    page.iter()
        .map(|e| {
            let (name, unit) = people.get(&e.member_id).cloned().ok_or_else(|| {
                AppError::internal(anyhow::anyhow!("member {} not found", e.member_id))
            })?;
            Ok(ReportMember {
                member_id: MemberId(e.member_id),
                full_name: name,
                home_unit_id: UnitId(unit),
                home_unit_name: unit_names.get(&unit).cloned().unwrap_or_default(),
                case_id: e.case_id,
            })
        })
        .collect()
}
