//! The three sources of the screening report, each answering per row of a [`Frame`]:
//! members on the register at the period's end (SQL counts grouped by tenant or by home
//! unit), case timelines (classified by `rasoat_shared::reports::classify`) and the
//! cross-check records (ratings, violations, discipline; judged by the detection rules).
//! The member lists behind the counts read the same sources with the same predicates.

use super::frame::{Frame, Grouping};
use crate::db::DbConn;
use crate::db::schema::{
    case_events, case_votes, cases, discipline_records, exits, members, ratings, review_rounds,
    round_branches, unit_closure, violations,
};
use crate::error::{AppError, AppResult};
use crate::repo::review::discipline::{DisciplineRow, ViolationRow};
use crate::repo::review::split_codes;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::dsl::{case_when, count_star, sum};
use diesel::prelude::*;
use diesel::sql_types::Integer;
use rasoat_shared::cases::{CaseState, RemovalForm, TransitionKind};
use rasoat_shared::criteria::{CasePath, Criterion};
use rasoat_shared::detection::{self, MemberFacts, ReviewPeriod};
use rasoat_shared::member::MemberStatus;
use rasoat_shared::rating::RatingLevel;
use rasoat_shared::reports::classify::{Act, CaseHistory, tally};
use rasoat_shared::reports::{Column, Period};
use rasoat_shared::settings::RuleSettings;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Rows of `id IN (…)` per query.
const CHUNK: usize = 500;

/// A member's counts in the base group, per row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BaseCounts {
    pub total: i64,
    pub full: i64,
    pub exempted: i64,
    pub reviewed: i64,
}

impl BaseCounts {
    fn add(&mut self, o: BaseCounts) {
        self.total += o.total;
        self.full += o.full;
        self.exempted += o.exempted;
        self.reviewed += o.reviewed;
    }
}

/// The subtree filter of a grouping on a table with `tenant_id` and a unit column.
macro_rules! in_grouping {
    ($q:expr, $grouping:expr, $tenant:path, $unit:path) => {{
        let q = $q.into_boxed();
        match $grouping {
            Grouping::Tenants(_) => q,
            Grouping::Units {
                tenant,
                root,
                whole_tenant,
                ..
            } => {
                let q = q.filter($tenant.eq(*tenant));
                if *whole_tenant {
                    q
                } else {
                    q.filter(
                        $unit.eq_any(
                            $crate::db::schema::unit_closure::table
                                .filter($crate::db::schema::unit_closure::tenant_id.eq(*tenant))
                                .filter($crate::db::schema::unit_closure::ancestor_id.eq(*root))
                                .select($crate::db::schema::unit_closure::descendant_id),
                        ),
                    )
                }
            }
        }
    }};
}
pub(crate) use in_grouping;

fn end_of(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default())
}

/// A member gone after the period: (tenant, member, home unit, official date, exempted).
pub type Gone = (i64, i64, i64, Option<NaiveDate>, bool);

/// Members who were on the register at the period's end but have left since (their exit
/// took effect after it): (tenant, member, home unit, official date, exempted).
/// Members who died or moved away carry no date of leaving and are not counted back.
pub fn left_after(conn: &mut DbConn, frame: &Frame) -> AppResult<Vec<Gone>> {
    let to = frame.period.to;
    let q = exits::table
        .inner_join(
            members::table.on(members::id
                .eq(exits::member_id)
                .and(members::tenant_id.eq(exits::tenant_id))),
        )
        .filter(exits::effective_on.gt(to))
        .filter(members::admission_date.le(to))
        .select((
            members::tenant_id,
            members::id,
            members::home_unit_id,
            members::official_date,
            members::exempted,
        ));
    let q = in_grouping!(
        q,
        &frame.grouping,
        members::tenant_id,
        members::home_unit_id
    );
    let mut rows: Vec<Gone> = q.load(conn)?;
    rows.sort_by_key(|r| r.1);
    rows.dedup_by_key(|r| r.1);
    Ok(rows)
}

/// The branches (and other units) declared reviewed in a round overlapping the period.
pub fn reviewed_units(conn: &mut DbConn, frame: &Frame) -> AppResult<BTreeSet<(i64, i64)>> {
    let p = frame.period;
    let q = round_branches::table
        .inner_join(review_rounds::table.on(review_rounds::id.eq(round_branches::round_id)))
        .filter(review_rounds::period_from.le(p.to))
        .filter(review_rounds::period_to.ge(p.from))
        .select((round_branches::tenant_id, round_branches::unit_id));
    let q = in_grouping!(
        q,
        &frame.grouping,
        round_branches::tenant_id,
        round_branches::unit_id
    );
    Ok(q.load::<(i64, i64)>(conn)?.into_iter().collect())
}

/// A group's key (tenant or home unit), the status, then all, full and exempted members.
type StatusCounts = (i64, String, i64, Option<i64>, Option<i64>);

/// The base group per row: members on the register at the period's end (admitted by
/// then and still active, or gone only after it), full ones (official by then), exempted
/// ones, and those in a unit reviewed in the period.
pub fn base_counts(conn: &mut DbConn, frame: &Frame) -> AppResult<Vec<BaseCounts>> {
    let to = frame.period.to;
    let active = MemberStatus::Active.code();
    let mut out = vec![BaseCounts::default(); frame.rows.len()];
    let full = || {
        sum(
            case_when(members::official_date.le(to), 1.into_sql::<Integer>())
                .otherwise(0.into_sql::<Integer>()),
        )
    };
    let exempted = || {
        sum(
            case_when(members::exempted.eq(true), 1.into_sql::<Integer>())
                .otherwise(0.into_sql::<Integer>()),
        )
    };
    match &frame.grouping {
        Grouping::Tenants(_) => {
            // Grouped on the status, not filtered by it: see migration 000005.
            let rows: Vec<StatusCounts> = members::table
                .filter(members::admission_date.le(to))
                .group_by((members::tenant_id, members::status))
                .select((
                    members::tenant_id,
                    members::status,
                    count_star(),
                    full(),
                    exempted(),
                ))
                .load(conn)?;
            for (t, _, n, f, e) in rows.into_iter().filter(|r| r.1 == active) {
                if let Some(i) = frame.grouping.row(t, 0) {
                    out[i].add(BaseCounts {
                        total: n,
                        full: f.unwrap_or(0),
                        exempted: e.unwrap_or(0),
                        reviewed: 0,
                    });
                }
            }
        }
        Grouping::Units {
            tenant,
            root,
            whole_tenant,
            ..
        } => {
            // Typed, not boxed: diesel groups only typed queries.
            macro_rules! grouped {
                ($q:expr) => {
                    $q.group_by((members::status, members::home_unit_id))
                        .select((
                            members::home_unit_id,
                            members::status,
                            count_star(),
                            full(),
                            exempted(),
                        ))
                        .load::<StatusCounts>(conn)?
                };
            }
            let q = members::table
                .filter(members::tenant_id.eq(*tenant))
                .filter(members::admission_date.le(to));
            let rows = if *whole_tenant {
                grouped!(q)
            } else {
                grouped!(
                    q.filter(
                        members::home_unit_id.eq_any(
                            unit_closure::table
                                .filter(unit_closure::tenant_id.eq(*tenant))
                                .filter(unit_closure::ancestor_id.eq(*root))
                                .select(unit_closure::descendant_id),
                        ),
                    )
                )
            };
            for (u, _, n, f, e) in rows.into_iter().filter(|r| r.1 == active) {
                if let Some(i) = frame.grouping.row(*tenant, u) {
                    out[i].add(BaseCounts {
                        total: n,
                        full: f.unwrap_or(0),
                        exempted: e.unwrap_or(0),
                        reviewed: 0,
                    });
                }
            }
        }
    }
    let reviewed = reviewed_units(conn, frame)?;
    let gone = left_after(conn, frame)?;
    for (t, _, u, official, exempt) in &gone {
        if let Some(i) = frame.grouping.row(*t, *u) {
            out[i].add(BaseCounts {
                total: 1,
                full: i64::from(official.is_some_and(|d| d <= to)),
                exempted: i64::from(*exempt),
                reviewed: i64::from(reviewed.contains(&(*t, *u))),
            });
        }
    }
    // Members of the reviewed units, unit by unit (few units per query).
    let mut by_tenant: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for (t, u) in &reviewed {
        by_tenant.entry(*t).or_default().push(*u);
    }
    for (t, units) in by_tenant {
        for chunk in units.chunks(CHUNK) {
            let rows: Vec<(i64, i64)> = members::table
                .filter(members::tenant_id.eq(t))
                .filter(members::home_unit_id.eq_any(chunk))
                .filter(members::status.eq(active))
                .filter(members::admission_date.le(to))
                .group_by(members::home_unit_id)
                .select((members::home_unit_id, count_star()))
                .load(conn)?;
            for (u, n) in rows {
                if let Some(i) = frame.grouping.row(t, u) {
                    out[i].reviewed += n;
                }
            }
        }
    }
    Ok(out)
}

/// A case under the report's unit that the period may touch.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cases)]
struct CaseLite {
    tenant_id: i64,
    id: i64,
    member_id: i64,
    unit_id: i64,
    path: String,
    criteria: String,
    removal_form: Option<String>,
    education_due: Option<NaiveDate>,
}

/// One case's contribution: its row, its member and the columns it counts in.
#[derive(Debug, Clone)]
pub struct CaseHit {
    pub row: usize,
    pub tenant_id: i64,
    pub case_id: i64,
    pub member_id: i64,
    pub columns: Vec<Column>,
    pub days_to_outcome: Option<i64>,
}

fn corrupt(what: &str, id: i64) -> AppError {
    AppError::internal(anyhow::anyhow!("case {id} has a bad {what}"))
}

/// Every case under the frame's unit with something in the period, classified.
pub fn case_hits(conn: &mut DbConn, frame: &Frame) -> AppResult<Vec<CaseHit>> {
    let p = frame.period;
    let q = cases::table
        .filter(cases::opened_at.le(end_of(p.to)))
        // A case that ended before the period has no act in it: its last change is older.
        .filter(
            cases::is_open
                .eq(true)
                .or(cases::updated_at.ge(p.from.and_time(NaiveTime::MIN))),
        )
        .select(CaseLite::as_select());
    let found: Vec<CaseLite> =
        in_grouping!(q, &frame.grouping, cases::tenant_id, cases::unit_id).load(conn)?;
    let mut by_tenant: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for c in &found {
        if frame.grouping.row(c.tenant_id, c.unit_id).is_some() {
            by_tenant.entry(c.tenant_id).or_default().push(c.id);
        }
    }
    // Timelines, in recording order, and the results of their votes.
    type EventRow = (i64, i64, String, String, String, NaiveDate, Option<i64>);
    let mut acts: HashMap<i64, Vec<EventRow>> = HashMap::new();
    let mut votes: HashMap<i64, bool> = HashMap::new();
    for (t, ids) in &by_tenant {
        for chunk in ids.chunks(CHUNK) {
            let rows: Vec<EventRow> = case_events::table
                .filter(case_events::tenant_id.eq(*t))
                .filter(case_events::case_id.eq_any(chunk))
                .filter(case_events::on_date.le(p.to))
                .select((
                    case_events::case_id,
                    case_events::id,
                    case_events::transition,
                    case_events::from_state,
                    case_events::to_state,
                    case_events::on_date,
                    case_events::vote_id,
                ))
                .load(conn)?;
            let vote_ids: Vec<i64> = rows.iter().filter_map(|r| r.6).collect();
            for vchunk in vote_ids.chunks(CHUNK) {
                let v: Vec<(i64, bool)> = case_votes::table
                    .filter(case_votes::tenant_id.eq(*t))
                    .filter(case_votes::id.eq_any(vchunk))
                    .select((case_votes::id, case_votes::passed))
                    .load(conn)?;
                votes.extend(v);
            }
            for r in rows {
                acts.entry(r.0).or_default().push(r);
            }
        }
    }
    let mut out = Vec::new();
    for c in found {
        let Some(row) = frame.grouping.row(c.tenant_id, c.unit_id) else {
            continue;
        };
        let mut events = acts.remove(&c.id).unwrap_or_default();
        events.sort_by_key(|e| e.1);
        let mut list = Vec::with_capacity(events.len());
        for e in events {
            list.push(Act {
                transition: TransitionKind::from_code(&e.2)
                    .ok_or_else(|| corrupt("transition", c.id))?,
                from: CaseState::from_code(&e.3).ok_or_else(|| corrupt("state", c.id))?,
                to: CaseState::from_code(&e.4).ok_or_else(|| corrupt("state", c.id))?,
                on: e.5,
                vote_passed: e.6.and_then(|v| votes.get(&v).copied()),
            });
        }
        let history = CaseHistory {
            path: CasePath::from_code(&c.path).ok_or_else(|| corrupt("path", c.id))?,
            criteria: split_codes(&c.criteria)
                .map(|code| Criterion::from_code(code).ok_or_else(|| corrupt("criterion", c.id)))
                .collect::<AppResult<_>>()?,
            removal_form: match &c.removal_form {
                Some(f) => Some(RemovalForm::from_code(f).ok_or_else(|| corrupt("form", c.id))?),
                None => None,
            },
            education_due: c.education_due,
            acts: list,
        };
        let t = tally(&history, &p);
        if t.columns.is_empty() && t.days_to_outcome.is_none() {
            continue;
        }
        out.push(CaseHit {
            row,
            tenant_id: c.tenant_id,
            case_id: c.id,
            member_id: c.member_id,
            columns: t.columns,
            days_to_outcome: t.days_to_outcome,
        });
    }
    out.sort_by_key(|h| (h.tenant_id, h.case_id));
    Ok(out)
}

/// One member's contribution to a cross-check column.
#[derive(Debug, Clone)]
pub struct RecordHit {
    pub row: usize,
    pub tenant_id: i64,
    pub member_id: i64,
    pub column: Column,
}

/// The members (tenant, id) → home unit, for the ids given.
fn home_units(
    conn: &mut DbConn,
    ids: &BTreeSet<(i64, i64)>,
) -> AppResult<HashMap<(i64, i64), i64>> {
    let mut by_tenant: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for (t, m) in ids {
        by_tenant.entry(*t).or_default().push(*m);
    }
    let mut out = HashMap::new();
    for (t, list) in by_tenant {
        for chunk in list.chunks(CHUNK) {
            let rows: Vec<(i64, i64)> = members::table
                .filter(members::tenant_id.eq(t))
                .filter(members::id.eq_any(chunk))
                .select((members::id, members::home_unit_id))
                .load(conn)?;
            out.extend(rows.into_iter().map(|(m, u)| ((t, m), u)));
        }
    }
    Ok(out)
}

/// The rows of members (tenant, id): their tenant's at the province, their home unit's
/// below it; members outside the frame have none.
fn rows_of(
    conn: &mut DbConn,
    frame: &Frame,
    ids: &BTreeSet<(i64, i64)>,
) -> AppResult<Vec<((i64, i64), usize)>> {
    if let Grouping::Tenants(_) = frame.grouping {
        return Ok(ids
            .iter()
            .filter_map(|&(t, m)| Some(((t, m), frame.grouping.row(t, 0)?)))
            .collect());
    }
    let homes = home_units(conn, ids)?;
    Ok(ids
        .iter()
        .filter_map(|&(t, m)| {
            let u = homes.get(&(t, m))?;
            Some(((t, m), frame.grouping.row(t, *u)?))
        })
        .collect())
}

/// The cross-checks: members rated "not completed" in both year N and N−1, and members
/// with a violation in the period while a discipline was in effect (the detection rule
/// A2 with the settings in force).
pub fn record_hits(
    conn: &mut DbConn,
    frame: &Frame,
    rules: &RuleSettings,
) -> AppResult<Vec<RecordHit>> {
    let p = frame.period;
    let n = p.rating_year();
    let mut hits = Vec::new();

    // The ratings alone (a covering index), then the home units of the few members rated
    // "not completed" in both years, when the rows are units.
    let q = ratings::table
        .filter(ratings::level.eq(RatingLevel::NotCompleted.code()))
        .filter(ratings::period.eq("year"))
        .filter(ratings::year.between(n - 1, n))
        .select((ratings::tenant_id, ratings::member_id, ratings::year))
        .into_boxed();
    let q = match frame.grouping.tenant() {
        Some(t) => q.filter(ratings::tenant_id.eq(t)),
        None => q,
    };
    let rated: Vec<(i64, i64, i32)> = q.load(conn)?;
    let mut years: BTreeMap<(i64, i64), HashSet<i32>> = BTreeMap::new();
    for (t, m, y) in rated {
        years.entry((t, m)).or_default().insert(y);
    }
    let both: BTreeSet<(i64, i64)> = years
        .into_iter()
        .filter(|(_, ys)| ys.len() == 2)
        .map(|(k, _)| k)
        .collect();
    for ((t, m), row) in rows_of(conn, frame, &both)? {
        hits.push(RecordHit {
            row,
            tenant_id: t,
            member_id: m,
            column: Column::NotCompletedTwoYears,
        });
    }

    // Re-offending: the members with a violation dated in the period, then all their
    // discipline and violations for the rule.
    let tenant = frame.grouping.tenant();
    let mut dq = discipline_records::table
        .select(DisciplineRow::as_select())
        .into_boxed();
    let mut vq = violations::table
        .select(ViolationRow::as_select())
        .into_boxed();
    if let Some(t) = tenant {
        dq = dq.filter(discipline_records::tenant_id.eq(t));
        vq = vq.filter(violations::tenant_id.eq(t));
    }
    let discipline: Vec<DisciplineRow> = dq.load(conn)?;
    let violations: Vec<ViolationRow> = vq.load(conn)?;
    let mut candidates: BTreeSet<(i64, i64)> = BTreeSet::new();
    for v in &violations {
        if p.contains(v.occurred_on) {
            candidates.insert((v.tenant_id, v.member_id));
        }
    }
    for d in &discipline {
        if p.contains(d.violation_on) {
            candidates.insert((d.tenant_id, d.member_id));
        }
    }
    let mut facts: HashMap<(i64, i64), MemberFacts> = HashMap::new();
    for d in discipline
        .iter()
        .filter(|d| candidates.contains(&(d.tenant_id, d.member_id)))
    {
        facts
            .entry((d.tenant_id, d.member_id))
            .or_default()
            .discipline
            .push(d.fact()?);
    }
    for v in violations
        .iter()
        .filter(|v| candidates.contains(&(v.tenant_id, v.member_id)))
    {
        facts
            .entry((v.tenant_id, v.member_id))
            .or_default()
            .violations
            .push(v.fact());
    }
    let period = ReviewPeriod {
        from: p.from,
        to: p.to,
    };
    let found: BTreeSet<(i64, i64)> = facts
        .iter()
        .filter(|(_, f)| detection::a2(f, period, rules).is_some())
        .map(|(k, _)| *k)
        .collect();
    for ((t, m), row) in rows_of(conn, frame, &found)? {
        hits.push(RecordHit {
            row,
            tenant_id: t,
            member_id: m,
            column: Column::Reoffended,
        });
    }
    hits.sort_by_key(|h| (h.tenant_id, h.member_id));
    Ok(hits)
}

/// Whether a base column holds a member on the register at the period's end.
pub fn base_holds(
    column: Column,
    period: &Period,
    official: Option<NaiveDate>,
    exempted: bool,
    reviewed: bool,
) -> bool {
    match column {
        Column::MembersTotal => true,
        Column::MembersFull => official.is_some_and(|d| d <= period.to),
        Column::MembersProbationary => official.is_none_or(|d| d > period.to),
        Column::MembersExempted => exempted,
        Column::MembersReviewed => reviewed,
        _ => false,
    }
}
