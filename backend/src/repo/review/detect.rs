//! Detection over a round: reads the inputs of every active member in the round's subtree
//! in a few set-wise queries, runs `rasoat_shared::detection`, and reconciles the result
//! with the round's suggestions: new findings become pending suggestions, changed ones are
//! updated, pending ones the inputs no longer support are marked withdrawn. Decided
//! suggestions are never touched: people decided them.

use super::discipline::{DisciplineRow, ViolationRow};
use super::monthly::MonthlyRow;
use super::ratings::RatingRow;
use super::rounds::{self, RoundRow};
use crate::audit::{self, AuditEntry};
use crate::auth::scope::Scope;
use crate::db::DbConn;
use crate::db::schema::{
    discipline_records, members, monthly_records, ratings, suggestions, unit_closure, units,
    violations,
};
use crate::error::{AppError, AppResult};
use chrono::{Datelike, Months, NaiveDate, Utc};
use diesel::prelude::*;
use rasoat_shared::api::review::{DetectionRun, SuggestionSource, SuggestionStatus};
use rasoat_shared::attendance::month_of;
use rasoat_shared::criteria::Criterion;
use rasoat_shared::detection::{self, Finding, MemberFacts, RatingFact, ReviewPeriod};
use rasoat_shared::member::MemberStatus;
use rasoat_shared::rating::RatingLevel;
use rasoat_shared::settings::{AbsenceWindow, RuleSettings, UnratedYear};
use std::collections::{BTreeMap, HashMap};

/// Above this many members, inputs are read tenant by tenant and filtered in memory;
/// below it, by member id.
const BY_ID_LIMIT: usize = 2000;

/// The active members of the round's subtree: (tenant, member, branch).
fn round_members(conn: &mut DbConn, round: &RoundRow) -> AppResult<Vec<(i64, i64, i64)>> {
    let active = MemberStatus::Active.code();
    let base = members::table.filter(members::status.eq(active)).select((
        members::tenant_id,
        members::id,
        members::home_unit_id,
    ));
    if round.tenant().is_province() {
        return Ok(base.load(conn)?);
    }
    let is_root: Vec<Option<i64>> = units::table
        .filter(units::tenant_id.eq(round.tenant_id))
        .filter(units::id.eq(round.unit_id))
        .select(units::parent_id)
        .load(conn)?;
    if is_root.first().is_some_and(Option::is_none) {
        return Ok(base
            .filter(members::tenant_id.eq(round.tenant_id))
            .load(conn)?);
    }
    let below = unit_closure::table
        .filter(unit_closure::tenant_id.eq(round.tenant_id))
        .filter(unit_closure::ancestor_id.eq(round.unit_id))
        .select(unit_closure::descendant_id);
    Ok(base
        .filter(members::tenant_id.eq(round.tenant_id))
        .filter(members::home_unit_id.eq_any(below))
        .load(conn)?)
}

/// Loads rows of one input table for the members, tenant by tenant or id by id.
macro_rules! load_for {
    ($conn:expr, $table:ident, $row:ty, $ids_by_tenant:expr, $by_id:expr, |$q:ident| $extra:expr) => {{
        let mut out: Vec<$row> = Vec::new();
        for (tenant, ids) in $ids_by_tenant.iter() {
            if $by_id {
                for chunk in ids.chunks(500) {
                    let $q = $table::table
                        .filter($table::tenant_id.eq(*tenant))
                        .filter($table::member_id.eq_any(chunk))
                        .select(<$row>::as_select())
                        .into_boxed();
                    out.extend($extra.load::<$row>($conn)?);
                }
            } else {
                let $q = $table::table
                    .filter($table::tenant_id.eq(*tenant))
                    .select(<$row>::as_select())
                    .into_boxed();
                out.extend($extra.load::<$row>($conn)?);
            }
        }
        out
    }};
}

/// Everything detection reads, per member.
fn load_facts(
    conn: &mut DbConn,
    members: &[(i64, i64, i64)],
    period: ReviewPeriod,
    rules: &RuleSettings,
) -> AppResult<HashMap<i64, MemberFacts>> {
    let mut ids_by_tenant: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for (t, m, _) in members {
        ids_by_tenant.entry(*t).or_default().push(*m);
    }
    let by_id = members.len() <= BY_ID_LIMIT;
    let mut facts: HashMap<i64, MemberFacts> = HashMap::new();
    let wanted: std::collections::HashSet<i64> = members.iter().map(|m| m.1).collect();

    // Ratings: yearly only; when unrated years break the sequence only not-completed ones
    // matter (two of them in neighbouring years), so only those are read.
    let first_year = period.from.year() - 10;
    let only_nc = rules.a1_unrated_year == UnratedYear::BreaksSequence;
    let rows = load_for!(conn, ratings, RatingRow, ids_by_tenant, by_id, |q| {
        let q = q
            .filter(ratings::period.eq("year"))
            .filter(ratings::year.between(first_year, period.to.year()));
        if only_nc {
            q.filter(ratings::level.eq(RatingLevel::NotCompleted.code()))
        } else {
            q
        }
    });
    for r in rows.into_iter().filter(|r| wanted.contains(&r.member_id)) {
        let f = RatingFact {
            id: r.id,
            period: r.period_key()?,
            level: r.level()?,
        };
        facts.entry(r.member_id).or_default().ratings.push(f);
    }

    // Discipline and violations: all of them (few); their dates decide.
    let rows = load_for!(
        conn,
        discipline_records,
        DisciplineRow,
        ids_by_tenant,
        by_id,
        |q| q
    );
    for d in rows.into_iter().filter(|d| wanted.contains(&d.member_id)) {
        let f = d.fact()?;
        facts.entry(d.member_id).or_default().discipline.push(f);
    }
    let rows = load_for!(conn, violations, ViolationRow, ids_by_tenant, by_id, |q| q);
    for v in rows.into_iter().filter(|v| wanted.contains(&v.member_id)) {
        facts
            .entry(v.member_id)
            .or_default()
            .violations
            .push(v.fact());
    }

    // Months: only the notable ones (what counts, and the months without a meeting), in
    // the windows the period's years (or rolling windows) reach.
    let from = match rules.absence_window {
        AbsenceWindow::CalendarYear => {
            NaiveDate::from_ymd_opt(period.from.year(), 1, 1).unwrap_or(period.from)
        }
        AbsenceWindow::Rolling12Months => month_of(period.from)
            .checked_sub_months(Months::new(11))
            .unwrap_or(period.from),
    };
    let to = match rules.absence_window {
        AbsenceWindow::CalendarYear => {
            NaiveDate::from_ymd_opt(period.to.year(), 12, 1).unwrap_or(period.to)
        }
        AbsenceWindow::Rolling12Months => month_of(period.to),
    };
    let rows = load_for!(
        conn,
        monthly_records,
        MonthlyRow,
        ids_by_tenant,
        by_id,
        |q| q
            .filter(monthly_records::notable.eq(true))
            .filter(monthly_records::month.between(from, to))
    );
    for m in rows.into_iter().filter(|m| wanted.contains(&m.member_id)) {
        facts.entry(m.member_id).or_default().months.push(m.fact());
    }
    Ok(facts)
}

#[derive(Debug, Clone, Queryable)]
struct Existing {
    id: i64,
    tenant_id: i64,
    member_id: i64,
    criterion: String,
    status: String,
    reason_vi: String,
    evidence: String,
    version: i64,
}

/// Runs detection over the round (which the caller must manage) and reconciles its
/// suggestions.
pub fn run(
    conn: &mut DbConn,
    seen: &Scope,
    manage: &Scope,
    round_id: i64,
    rules: &RuleSettings,
) -> AppResult<DetectionRun> {
    let round = rounds::managed_round(conn, seen, manage, round_id)?;
    round.require_open()?;
    let period = ReviewPeriod {
        from: round.period_from,
        to: round.period_to,
    };
    let members = round_members(conn, &round)?;
    let facts = load_facts(conn, &members, period, rules)?;
    let mut found: HashMap<(i64, Criterion), (i64, i64, Finding)> = HashMap::new();
    for (tenant, member, branch) in &members {
        if let Some(f) = facts.get(member) {
            for finding in detection::detect(f, period, rules) {
                found.insert((*member, finding.criterion), (*tenant, *branch, finding));
            }
        }
    }
    let existing: Vec<Existing> = suggestions::table
        .filter(suggestions::round_id.eq(round.id))
        .filter(suggestions::source.eq("detected"))
        .select((
            suggestions::id,
            suggestions::tenant_id,
            suggestions::member_id,
            suggestions::criterion,
            suggestions::status,
            suggestions::reason_vi,
            suggestions::evidence,
            suggestions::version,
        ))
        .load(conn)?;
    let now = Utc::now().naive_utc();
    let pending = SuggestionStatus::Pending.code();
    let withdrawn = SuggestionStatus::Withdrawn.code();
    let (mut updated, mut withdrew) = (0u32, 0u32);
    for e in &existing {
        let key = Criterion::from_code(&e.criterion).map(|c| (e.member_id, c));
        let live = e.status == pending || e.status == withdrawn;
        match key.and_then(|k| found.remove(&k)) {
            Some((_, _, f)) if live => {
                let evidence = serde_json::to_string(&f.evidence).map_err(AppError::internal)?;
                if e.status != pending || e.reason_vi != f.reason_vi || e.evidence != evidence {
                    diesel::update(
                        suggestions::table
                            .filter(suggestions::tenant_id.eq(e.tenant_id))
                            .filter(suggestions::id.eq(e.id)),
                    )
                    .set((
                        suggestions::status.eq(pending),
                        suggestions::reason_vi.eq(&f.reason_vi),
                        suggestions::evidence.eq(&evidence),
                        suggestions::updated_at.eq(now),
                        suggestions::version.eq(e.version + 1),
                    ))
                    .execute(conn)?;
                    updated += 1;
                }
            }
            // Decided: people decided; leave it.
            Some(_) => {}
            None if e.status == pending => {
                diesel::update(
                    suggestions::table
                        .filter(suggestions::tenant_id.eq(e.tenant_id))
                        .filter(suggestions::id.eq(e.id)),
                )
                .set((
                    suggestions::status.eq(withdrawn),
                    suggestions::updated_at.eq(now),
                    suggestions::version.eq(e.version + 1),
                ))
                .execute(conn)?;
                withdrew += 1;
            }
            None => {}
        }
    }
    // What is left is new.
    let mut fresh: Vec<_> = found.into_iter().collect();
    fresh.sort_by_key(|((m, c), _)| (*m, *c));
    let added = u32::try_from(fresh.len()).unwrap_or(u32::MAX);
    let actor = manage.actor().map(|u| u.0);
    let mut rows = Vec::with_capacity(fresh.len());
    for ((member, criterion), (tenant, branch, f)) in &fresh {
        let evidence = serde_json::to_string(&f.evidence).map_err(AppError::internal)?;
        rows.push((
            suggestions::tenant_id.eq(*tenant),
            suggestions::round_id.eq(round.id),
            suggestions::member_id.eq(*member),
            suggestions::unit_id.eq(*branch),
            suggestions::criterion.eq(criterion.code()),
            suggestions::source.eq(source_code(SuggestionSource::Detected)),
            suggestions::reason_vi.eq(f.reason_vi.clone()),
            suggestions::evidence.eq(evidence),
            suggestions::status.eq(pending),
            suggestions::created_by.eq(actor),
            suggestions::created_at.eq(now),
            suggestions::updated_at.eq(now),
            suggestions::version.eq(1i64),
        ));
    }
    for chunk in rows.chunks(400) {
        crate::per_backend!(conn, |c| diesel::insert_into(suggestions::table)
            .values(chunk)
            .execute(c))?;
    }
    rounds::mark_detected(conn, &round)?;
    let run = DetectionRun {
        members_examined: u32::try_from(members.len()).unwrap_or(u32::MAX),
        added,
        updated,
        withdrawn: withdrew,
    };
    let mut by_criterion: BTreeMap<&str, u32> = BTreeMap::new();
    for ((_, c), _) in &fresh {
        *by_criterion.entry(c.code()).or_default() += 1;
    }
    audit::record(
        conn,
        &[AuditEntry::new(
            round.tenant(),
            manage.actor(),
            manage.ctx(),
            "round.detect",
            "review_round",
            Some(round.id),
            serde_json::json!({ "run": run, "added_by_criterion": by_criterion }),
        )
        .unit(round.unit_id)],
    )?;
    Ok(run)
}

pub fn source_code(s: SuggestionSource) -> &'static str {
    match s {
        SuggestionSource::Detected => "detected",
        SuggestionSource::Entered => "entered",
    }
}
