//! Review rounds: open, read, list, close. A round covers a unit's subtree (a branch, a
//! grassroots organisation, a tenant or the province) and a period.

use super::{fail_if, field, text, under, user_names};
use crate::audit::{self, AuditEntry};
use crate::auth::scope::{Area, Scope};
use crate::db::DbConn;
use crate::db::schema::{review_rounds, suggestions, units};
use crate::error::{AppError, AppResult};
use crate::repo::IfMatch;
use crate::repo::units::visible_row;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use rasoat_shared::api::review::SuggestionStatus;
use rasoat_shared::api::review::{
    Round, RoundInput, RoundList, RoundQuery, RoundStatus, SuggestionCounts,
};
use rasoat_shared::regulation::SCREENING_GUIDANCE;
use rasoat_shared::{ErrorCode, TenantId, UnitId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = review_rounds)]
pub struct RoundRow {
    pub id: i64,
    pub tenant_id: i64,
    pub unit_id: i64,
    pub title: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub regulation_code: String,
    pub status: String,
    pub opened_by: Option<i64>,
    pub opened_at: NaiveDateTime,
    pub closed_by: Option<i64>,
    pub closed_at: Option<NaiveDateTime>,
    pub detected_at: Option<NaiveDateTime>,
    pub version: i64,
}

impl RoundRow {
    pub fn tenant(&self) -> TenantId {
        TenantId(self.tenant_id)
    }
    pub fn unit(&self) -> UnitId {
        UnitId(self.unit_id)
    }
    pub fn is_open(&self) -> bool {
        self.status == RoundStatus::Open.code()
    }
    /// Whether a unit lies in the round's subtree.
    pub fn covers(&self, conn: &mut DbConn, tenant: TenantId, unit: UnitId) -> AppResult<bool> {
        under(conn, self.tenant(), self.unit(), tenant, unit)
    }
    /// 409 unless open.
    pub fn require_open(&self) -> AppResult<()> {
        if self.is_open() {
            Ok(())
        } else {
            Err(AppError::new(ErrorCode::RoundClosed))
        }
    }
}

/// A round by id, whoever may see it: callers check visibility.
pub(super) fn find(conn: &mut DbConn, id: i64) -> AppResult<RoundRow> {
    review_rounds::table
        .filter(review_rounds::id.eq(id))
        .select(RoundRow::as_select())
        .load(conn)?
        .into_iter()
        .next()
        .ok_or_else(AppError::not_found)
}

/// Whether the caller sees the round: it covers part of their scope (a branch secretary
/// works in the province's round), or lies inside it.
pub fn visible(conn: &mut DbConn, scope: &Scope, round: &RoundRow) -> AppResult<bool> {
    match scope.area() {
        Area::Province => Ok(true),
        Area::Subtrees(roots) => {
            for r in roots {
                if round.covers(conn, r.tenant_id, r.unit_id)?
                    || under(conn, r.tenant_id, r.unit_id, round.tenant(), round.unit())?
                {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

/// The round if the caller sees it; 404 otherwise.
pub fn visible_round(conn: &mut DbConn, scope: &Scope, id: i64) -> AppResult<RoundRow> {
    let round = find(conn, id)?;
    if visible(conn, scope, &round)? {
        Ok(round)
    } else {
        Err(AppError::not_found())
    }
}

/// The round if the caller manages it (its scope unit lies in their scope): 404 when they
/// do not even see it, 403 when they see it but it is another level's round.
pub fn managed_round(
    conn: &mut DbConn,
    seen: &Scope,
    manage: &Scope,
    id: i64,
) -> AppResult<RoundRow> {
    let round = visible_round(conn, seen, id)?;
    if manage.contains(conn, round.tenant(), round.unit())? {
        Ok(round)
    } else {
        Err(AppError::forbidden())
    }
}

pub fn counts(conn: &mut DbConn, round: i64) -> AppResult<SuggestionCounts> {
    let rows: Vec<(String, i64)> = suggestions::table
        .filter(suggestions::round_id.eq(round))
        .group_by(suggestions::status)
        .select((suggestions::status, diesel::dsl::count_star()))
        .load(conn)?;
    let mut c = SuggestionCounts::default();
    for (status, n) in rows {
        if let Some(s) = SuggestionStatus::from_code(&status) {
            c.add(s, u32::try_from(n).unwrap_or(u32::MAX));
        }
    }
    Ok(c)
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

pub fn to_dto(conn: &mut DbConn, row: &RoundRow) -> AppResult<Round> {
    let unit_name: String = units::table
        .filter(units::tenant_id.eq(row.tenant_id))
        .filter(units::id.eq(row.unit_id))
        .select(units::name)
        .load::<String>(conn)?
        .into_iter()
        .next()
        .unwrap_or_default();
    let ids: Vec<i64> = row
        .opened_by
        .iter()
        .chain(row.closed_by.iter())
        .copied()
        .collect();
    let names = user_names(conn, &ids)?;
    Ok(Round {
        id: row.id,
        tenant_id: row.tenant(),
        unit_id: row.unit(),
        unit_name,
        title: row.title.clone(),
        period_from: row.period_from,
        period_to: row.period_to,
        regulation_code: row.regulation_code.clone(),
        status: if row.is_open() {
            RoundStatus::Open
        } else {
            RoundStatus::Closed
        },
        opened_by: row.opened_by.and_then(|u| names.get(&u).cloned()),
        opened_at: utc(row.opened_at),
        closed_by: row.closed_by.and_then(|u| names.get(&u).cloned()),
        closed_at: row.closed_at.map(utc),
        detected_at: row.detected_at.map(utc),
        counts: counts(conn, row.id)?,
        version: row.version,
    })
}

/// Opens a round over a unit in the caller's scope. One open round per unit and period:
/// an open round of the same unit whose period overlaps is 409.
pub fn create(conn: &mut DbConn, scope: &Scope, input: RoundInput) -> AppResult<Round> {
    let unit = visible_row(conn, scope, input.unit_id)?;
    let mut errors = Vec::new();
    let title = text(&mut errors, "title", &input.title, true, 200);
    if input.period_to < input.period_from {
        errors.push(field(
            "period_to",
            "before_start",
            "Ngày kết thúc kỳ rà soát phải sau ngày bắt đầu.",
        ));
    }
    if (input.period_to - input.period_from).num_days() > 366 * 5 {
        errors.push(field(
            "period_to",
            "too_long",
            "Một đợt rà soát không quá 5 năm (một nhiệm kỳ).",
        ));
    }
    fail_if(errors)?;
    let overlapping: i64 = review_rounds::table
        .filter(review_rounds::tenant_id.eq(unit.tenant_id))
        .filter(review_rounds::unit_id.eq(unit.id))
        .filter(review_rounds::status.eq(RoundStatus::Open.code()))
        .filter(review_rounds::period_from.le(input.period_to))
        .filter(review_rounds::period_to.ge(input.period_from))
        .count()
        .get_result(conn)?;
    if overlapping > 0 {
        return Err(AppError::new(ErrorCode::RoundOverlaps));
    }
    let now = Utc::now().naive_utc();
    let id: i64 = diesel::insert_into(review_rounds::table)
        .values((
            review_rounds::tenant_id.eq(unit.tenant_id),
            review_rounds::unit_id.eq(unit.id),
            review_rounds::title.eq(title.unwrap_or_default()),
            review_rounds::period_from.eq(input.period_from),
            review_rounds::period_to.eq(input.period_to),
            review_rounds::regulation_code.eq(SCREENING_GUIDANCE.code),
            review_rounds::status.eq(RoundStatus::Open.code()),
            review_rounds::opened_by.eq(scope.actor().map(|u| u.0)),
            review_rounds::opened_at.eq(now),
            review_rounds::version.eq(1i64),
        ))
        .returning(review_rounds::id)
        .get_result(conn)?;
    let row = find(conn, id)?;
    let round = to_dto(conn, &row)?;
    audit::record(
        conn,
        &[AuditEntry::new(
            unit.tenant(),
            scope.actor(),
            scope.ctx(),
            "round.open",
            "review_round",
            Some(id),
            serde_json::json!({ "after": &round }),
        )
        .unit(unit.id)],
    )?;
    Ok(round)
}

pub fn get(conn: &mut DbConn, scope: &Scope, id: i64) -> AppResult<Round> {
    let row = visible_round(conn, scope, id)?;
    to_dto(conn, &row)
}

/// The rounds the caller sees, newest first; with `unit`, those covering it or inside it.
pub fn list(conn: &mut DbConn, scope: &Scope, q: &RoundQuery) -> AppResult<RoundList> {
    let near = match q.unit {
        Some(u) => Some(visible_row(conn, scope, u)?),
        None => None,
    };
    let mut query = review_rounds::table
        .order((review_rounds::opened_at.desc(), review_rounds::id.desc()))
        .select(RoundRow::as_select())
        .into_boxed();
    if let Some(s) = q.status {
        query = query.filter(review_rounds::status.eq(s.code()));
    }
    let rows: Vec<RoundRow> = query.load(conn)?;
    let mut items = Vec::new();
    for row in rows {
        if !visible(conn, scope, &row)? {
            continue;
        }
        if let Some(u) = &near {
            let related = row.covers(conn, u.tenant(), UnitId(u.id))?
                || under(conn, u.tenant(), UnitId(u.id), row.tenant(), row.unit())?;
            if !related {
                continue;
            }
        }
        items.push(to_dto(conn, &row)?);
    }
    Ok(RoundList { items })
}

/// Closes a round (its suggestions stay as decided; pending ones stay pending, and the
/// round's report shows them so).
pub fn close(
    conn: &mut DbConn,
    seen: &Scope,
    manage: &Scope,
    id: i64,
    if_match: IfMatch,
) -> AppResult<Round> {
    let row = managed_round(conn, seen, manage, id)?;
    crate::repo::check_version(if_match, row.version)?;
    row.require_open()?;
    let now = Utc::now().naive_utc();
    let changed = diesel::update(
        review_rounds::table
            .filter(review_rounds::id.eq(row.id))
            .filter(review_rounds::version.eq(row.version)),
    )
    .set((
        review_rounds::status.eq(RoundStatus::Closed.code()),
        review_rounds::closed_by.eq(manage.actor().map(|u| u.0)),
        review_rounds::closed_at.eq(now),
        review_rounds::version.eq(row.version + 1),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(AppError::new(ErrorCode::PreconditionFailed));
    }
    let row = find(conn, id)?;
    let round = to_dto(conn, &row)?;
    audit::record(
        conn,
        &[AuditEntry::new(
            row.tenant(),
            manage.actor(),
            manage.ctx(),
            "round.close",
            "review_round",
            Some(id),
            serde_json::json!({ "counts": round.counts }),
        )
        .unit(row.unit_id)],
    )?;
    Ok(round)
}

/// Marks the round detected now (and bumps its version).
pub fn mark_detected(conn: &mut DbConn, row: &RoundRow) -> AppResult<()> {
    diesel::update(review_rounds::table.filter(review_rounds::id.eq(row.id)))
        .set((
            review_rounds::detected_at.eq(Utc::now().naive_utc()),
            review_rounds::version.eq(row.version + 1),
        ))
        .execute(conn)?;
    Ok(())
}
