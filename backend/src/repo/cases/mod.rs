//! Screening cases (issue 5): who sees a case and in which capacity they act on it, the
//! facts the state machine decides on, and the case page's data. Every function starts
//! from a [`CaseAccess`], which only an `Access` (the authorisation extractor's product)
//! makes.

pub mod calendar;
pub mod documents;
pub mod exits;
pub mod list;
pub mod notes;
pub mod open;
pub mod transition;

use crate::auth::scope::{Access, Scope};
use crate::db::DbConn;
use crate::db::schema::{
    case_documents, case_events, case_helpers, case_notes, case_votes, cases, members, units,
    violations,
};
use crate::error::{AppError, AppResult};
use crate::repo::review::split_codes;
use crate::repo::units::{UnitRow, province_root};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use rasoat_shared::access::{Action, Role};
use rasoat_shared::api::cases::{
    CaseBodies, CaseDetail, CaseEvent, CaseSummary, DocumentBrief, HelperAssignment, NoteKind,
    ProgressNote, Vote,
};
use rasoat_shared::cases::authority::{self, Bodies, ChainUnit};
use rasoat_shared::cases::calendar::Calendar;
use rasoat_shared::cases::deadline::{self, Deadline, DeadlineFacts};
use rasoat_shared::cases::document::DocumentKind;
use rasoat_shared::cases::machine::{self, AppealResult, CaseFacts};
use rasoat_shared::cases::vote::{BodyType, BranchRoll, ThresholdRule, VoteMethod};
use rasoat_shared::cases::{Capacity, CaseState, Outcome, RemovalForm, TransitionKind};
use rasoat_shared::criteria::{CasePath, Criterion};
use rasoat_shared::member::{MemberStatus, Membership};
use rasoat_shared::settings::RuleSettings;
use rasoat_shared::{ErrorCode, MemberId, TenantId, UnitId, UserId};
use std::collections::HashMap;

/// What the caller may do with cases: read them in a subtree (`view`), act on them in
/// the capacities their roles give, and reach their own case or those they help.
/// Its fields are private to the case repositories: outside them a `CaseAccess` comes only
/// from an `Access` (the authorisation extractor's product), or from the seed acting as a
/// member.
pub struct CaseAccess {
    view: Option<Scope>,
    grants: Vec<(Role, UnitId)>,
    own_member: Option<MemberId>,
    actor: Option<UserId>,
    ctx: crate::auth::identity::RequestCtx,
}

impl CaseAccess {
    /// Whether the caller may record anything on some case: a role that processes cases,
    /// or a member record (their own case, the cases they help on).
    pub fn may_process(&self) -> bool {
        self.own_member.is_some()
            || self
                .grants
                .iter()
                .any(|(r, _)| rasoat_shared::access::role_grants(*r, Action::ProcessCases))
    }

    /// The demo seed writing what a member would (their commitment, their appeal): reaches
    /// that member's own cases and nothing else.
    pub(crate) fn seed_as_member(member: MemberId) -> CaseAccess {
        CaseAccess {
            view: None,
            grants: Vec::new(),
            own_member: Some(member),
            actor: None,
            ctx: crate::auth::identity::RequestCtx::default(),
        }
    }

    pub fn of(access: &Access) -> CaseAccess {
        CaseAccess {
            view: access.scope(Action::ViewCases).ok(),
            grants: access
                .grants()
                .iter()
                .filter_map(|g| g.role().map(|r| (r, g.unit_id)))
                .collect(),
            own_member: access.own_member(),
            actor: access.user(),
            ctx: access.ctx().clone(),
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cases)]
pub struct CaseRow {
    pub tenant_id: i64,
    pub id: i64,
    pub member_id: i64,
    pub unit_id: i64,
    pub round_id: Option<i64>,
    pub path: String,
    pub state: String,
    pub criteria: String,
    pub opened_by: Option<i64>,
    pub opened_at: NaiveDateTime,
    pub version: i64,
    pub removal_form: Option<String>,
    pub outcome: Option<String>,
    pub education_start: Option<NaiveDate>,
    pub education_due: Option<NaiveDate>,
    pub extensions: i32,
    pub self_review_requests: i32,
    pub self_review_received: bool,
    pub self_review_refused: bool,
    pub failed_rounds: i32,
    pub escalated: bool,
    pub decided_by_unit_id: Option<i64>,
    pub decision_signed_on: Option<NaiveDate>,
    pub decision_received_on: Option<NaiveDate>,
    pub appeal_window_end: Option<NaiveDate>,
    pub appeal_filed_on: Option<NaiveDate>,
    pub appeal_result: Option<String>,
    pub final_on: Option<NaiveDate>,
    pub family_hardship: bool,
    pub due_on: Option<NaiveDate>,
    pub is_open: bool,
    pub updated_at: NaiveDateTime,
}

fn corrupt(what: &str, id: i64) -> AppError {
    AppError::internal(anyhow::anyhow!("case {id}: unreadable {what}"))
}

impl CaseRow {
    pub fn state(&self) -> AppResult<CaseState> {
        CaseState::from_code(&self.state).ok_or_else(|| corrupt("state", self.id))
    }
    pub fn path(&self) -> AppResult<CasePath> {
        CasePath::from_code(&self.path).ok_or_else(|| corrupt("path", self.id))
    }
    pub fn criteria(&self) -> Vec<Criterion> {
        split_codes(&self.criteria)
            .filter_map(Criterion::from_code)
            .collect()
    }
    pub fn form(&self) -> Option<RemovalForm> {
        self.removal_form
            .as_deref()
            .and_then(RemovalForm::from_code)
    }
    pub fn tenant(&self) -> TenantId {
        TenantId(self.tenant_id)
    }
    pub fn deadline_facts(&self, exit_file_forwarded: bool) -> DeadlineFacts {
        DeadlineFacts {
            education_due: self.education_due,
            decision_signed_on: self.decision_signed_on,
            decision_received_on: self.decision_received_on,
            appeal_filed_on: self.appeal_filed_on,
            final_on: self.final_on,
            exit_file_forwarded,
        }
    }
    /// The deadlines in force today.
    pub fn deadlines(
        &self,
        rules: &RuleSettings,
        cal: &Calendar,
        today: NaiveDate,
    ) -> Vec<Deadline> {
        match self.state() {
            Ok(state) => deadline::deadlines(
                state,
                self.form(),
                &self.deadline_facts(false),
                rules,
                cal,
                today,
            ),
            Err(_) => Vec::new(),
        }
    }
}

/// One entry of a case's timeline.
pub struct NewEvent<'a> {
    pub tenant: i64,
    pub case: i64,
    pub transition: TransitionKind,
    pub from: CaseState,
    pub to: CaseState,
    pub capacity: Capacity,
    pub actor: Option<i64>,
    pub actor_name: &'a str,
    pub on: NaiveDate,
    pub at: NaiveDateTime,
    pub note: Option<&'a str>,
    pub vote: Option<i64>,
    pub documents: &'a [i64],
}

/// Appends to the timeline (never updated, never deleted); returns the event's id.
pub fn record_event(conn: &mut DbConn, e: NewEvent) -> AppResult<i64> {
    let documents: Vec<String> = e.documents.iter().map(i64::to_string).collect();
    Ok(diesel::insert_into(case_events::table)
        .values((
            case_events::tenant_id.eq(e.tenant),
            case_events::case_id.eq(e.case),
            case_events::transition.eq(e.transition.code()),
            case_events::from_state.eq(e.from.code()),
            case_events::to_state.eq(e.to.code()),
            case_events::capacity.eq(e.capacity.code()),
            case_events::actor_user_id.eq(e.actor),
            case_events::actor_name.eq(e.actor_name),
            case_events::on_date.eq(e.on),
            case_events::at.eq(e.at),
            case_events::note.eq(e.note),
            case_events::vote_id.eq(e.vote),
            case_events::document_ids.eq(documents.join(",")),
        ))
        .returning(case_events::id)
        .get_result(conn)?)
}

/// One case row by id, whoever may see it (callers check visibility).
pub(crate) fn row(conn: &mut DbConn, id: i64) -> AppResult<CaseRow> {
    let rows: Vec<CaseRow> = crate::per_backend!(conn, |c| cases::table
        .filter(cases::id.eq(id))
        .select(CaseRow::as_select())
        .load(c))?;
    rows.into_iter().next().ok_or_else(AppError::not_found)
}

/// The member assigned to help on a case now.
fn helper_now(conn: &mut DbConn, case: &CaseRow, member: MemberId) -> AppResult<bool> {
    let n: i64 = case_helpers::table
        .filter(case_helpers::tenant_id.eq(case.tenant_id))
        .filter(case_helpers::case_id.eq(case.id))
        .filter(case_helpers::helper_member_id.eq(member.0))
        .filter(case_helpers::to_date.is_null())
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// How the caller reaches a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reach {
    pub in_scope: bool,
    pub own: bool,
    pub helper: bool,
}

/// The case if the caller may see it (in their subtree, their own, or one they help);
/// 404 otherwise, as for a case that does not exist.
pub fn visible(conn: &mut DbConn, acc: &CaseAccess, id: i64) -> AppResult<(CaseRow, Reach)> {
    // No role that reads cases and no member record: nothing to look at (403, as for any
    // action no role grants).
    if acc.view.is_none() && acc.own_member.is_none() {
        return Err(AppError::forbidden());
    }
    let case = row(conn, id)?;
    let in_scope = match &acc.view {
        Some(scope) => scope.contains(conn, case.tenant(), UnitId(case.unit_id))?,
        None => false,
    };
    let own = acc.own_member == Some(MemberId(case.member_id));
    let helper = match acc.own_member {
        Some(m) if !own => helper_now(conn, &case, m)?,
        _ => false,
    };
    if !(in_scope || own || helper) {
        return Err(AppError::not_found());
    }
    Ok((
        case,
        Reach {
            in_scope,
            own,
            helper,
        },
    ))
}

/// The units from a branch up to the province root.
pub fn chain(conn: &mut DbConn, tenant: TenantId, branch: UnitId) -> AppResult<Vec<UnitRow>> {
    let ids: Vec<(i64, i32)> =
        crate::per_backend!(conn, |c| crate::db::schema::unit_closure::table
            .filter(crate::db::schema::unit_closure::tenant_id.eq(tenant.0))
            .filter(crate::db::schema::unit_closure::descendant_id.eq(branch.0))
            .select((
                crate::db::schema::unit_closure::ancestor_id,
                crate::db::schema::unit_closure::distance
            ))
            .order(crate::db::schema::unit_closure::distance.asc())
            .load(c))?;
    let id_list: Vec<i64> = ids.iter().map(|(a, _)| *a).collect();
    let mut rows: HashMap<i64, UnitRow> = units::table
        .filter(units::tenant_id.eq(tenant.0))
        .filter(units::id.eq_any(&id_list))
        .select(UnitRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut out: Vec<UnitRow> = ids.iter().filter_map(|(a, _)| rows.remove(a)).collect();
    if out.first().map(|u| u.id) != Some(branch.0) {
        return Err(AppError::internal(anyhow::anyhow!(
            "unit {branch} is missing from its own closure"
        )));
    }
    out.push(province_root(conn)?);
    Ok(out)
}

/// The bodies acting on a case of a member of `branch`, with the units' names.
pub struct Authority {
    pub chain: Vec<UnitRow>,
    pub bodies: Bodies,
}

impl Authority {
    pub fn load(
        conn: &mut DbConn,
        tenant: TenantId,
        branch: UnitId,
        higher_managed: bool,
    ) -> AppResult<Authority> {
        let chain = chain(conn, tenant, branch)?;
        let units: Vec<ChainUnit> = chain
            .iter()
            .map(|u| {
                Ok(ChainUnit {
                    id: UnitId(u.id),
                    org_type: u.org_type()?,
                    flags: u.flags(),
                })
            })
            .collect::<AppResult<_>>()?;
        let bodies = authority::bodies(&units, higher_managed)
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("empty chain for unit {branch}")))?;
        Ok(Authority { chain, bodies })
    }

    pub fn unit(&self, id: UnitId) -> Option<&UnitRow> {
        self.chain.iter().find(|u| u.id == id.0)
    }

    /// The unit directly above `id` in the chain (the province root above a tenant's root).
    pub fn parent_of(&self, id: UnitId) -> Option<&UnitRow> {
        let i = self.chain.iter().position(|u| u.id == id.0)?;
        self.chain.get(i + 1)
    }

    pub fn name(&self, id: UnitId) -> String {
        self.unit(id).map(|u| u.name.clone()).unwrap_or_default()
    }

    /// The tenant's root (the unit below the province root), whose name gives documents
    /// their place.
    pub fn tenant_root(&self) -> Option<&UnitRow> {
        self.chain.iter().rev().nth(1).or(self.chain.last())
    }
}

/// The member as a case needs them.
#[derive(Debug, Clone, Queryable)]
pub struct CaseMember {
    pub id: i64,
    pub full_name: String,
    pub date_of_birth: NaiveDate,
    pub membership: String,
    pub exempted: bool,
    pub status: String,
    pub higher_managed_cadre: bool,
}

impl CaseMember {
    pub fn load(conn: &mut DbConn, tenant: TenantId, id: i64) -> AppResult<CaseMember> {
        let rows: Vec<CaseMember> = members::table
            .filter(members::tenant_id.eq(tenant.0))
            .filter(members::id.eq(id))
            .select((
                members::id,
                members::full_name,
                members::date_of_birth,
                members::membership,
                members::exempted,
                members::status,
                members::higher_managed_cadre,
            ))
            .load(conn)?;
        rows.into_iter().next().ok_or_else(AppError::not_found)
    }

    pub fn membership(&self) -> Membership {
        Membership::from_code(&self.membership).unwrap_or(Membership::Full)
    }
}

/// Who votes at a branch meeting today.
pub fn roll(conn: &mut DbConn, tenant: TenantId, branch: UnitId) -> AppResult<BranchRoll> {
    let rows: Vec<(String, bool)> = members::table
        .filter(members::tenant_id.eq(tenant.0))
        .filter(members::home_unit_id.eq(branch.0))
        .filter(members::status.eq(MemberStatus::Active.code()))
        .select((members::membership, members::exempted))
        .load(conn)?;
    let mut r = BranchRoll::default();
    for (m, exempted) in rows {
        if m == Membership::Full.code() {
            r.full_members += 1;
            if exempted {
                r.exempted += 1;
            }
        } else {
            r.probationers += 1;
        }
    }
    Ok(r)
}

/// Whether voluntary exit must wait (DOMAIN.md §8.5): another open case, discipline in
/// effect, or a violation recorded within the lookback.
pub fn member_has_violation(
    conn: &mut DbConn,
    case: &CaseRow,
    rules: &RuleSettings,
    today: NaiveDate,
) -> AppResult<bool> {
    let others: i64 = cases::table
        .filter(cases::tenant_id.eq(case.tenant_id))
        .filter(cases::member_id.eq(case.member_id))
        .filter(cases::is_open.eq(true))
        .filter(cases::id.ne(case.id))
        .count()
        .get_result(conn)?;
    if others > 0 {
        return Ok(true);
    }
    let since = today
        .checked_sub_months(chrono::Months::new(u32::from(
            rules.voluntary_exit_violation_lookback_months,
        )))
        .unwrap_or(today);
    let recent: i64 = violations::table
        .filter(violations::tenant_id.eq(case.tenant_id))
        .filter(violations::member_id.eq(case.member_id))
        .filter(violations::occurred_on.ge(since))
        .count()
        .get_result(conn)?;
    if recent > 0 {
        return Ok(true);
    }
    let (d, v) =
        crate::repo::review::discipline::of_member(conn, case.tenant(), MemberId(case.member_id))?;
    for row in &d {
        let later = crate::repo::review::discipline::later_violations(row, &d, &v);
        let dto = row.to_dto(&later, rules)?;
        if dto.effect.covers(today) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The facts the state machine decides on, from the case row and its bodies.
pub fn facts(
    case: &CaseRow,
    authority: &Authority,
    violation: bool,
    today: NaiveDate,
) -> AppResult<CaseFacts> {
    let n = |v: i32| u32::try_from(v).unwrap_or(0);
    Ok(CaseFacts {
        state: case.state()?,
        path: case.path()?,
        criteria: case.criteria(),
        removal_form: case.form(),
        grassroots_step: authority.bodies.grassroots.is_some(),
        grassroots_decides: authority.bodies.competent.level
            == rasoat_shared::cases::authority::BodyLevel::Grassroots,
        self_review_requests: n(case.self_review_requests),
        self_review_received: case.self_review_received,
        self_review_refused: case.self_review_refused,
        education_start: case.education_start,
        extensions: n(case.extensions),
        failed_rounds: n(case.failed_rounds),
        appeal_window_end: case.appeal_window_end,
        member_has_violation: violation,
        today,
    })
}

/// Everything the machine decides on.
pub struct Situation {
    pub case: CaseRow,
    pub member: CaseMember,
    pub authority: Authority,
    pub facts: CaseFacts,
    pub capacities: Vec<Capacity>,
    pub reach: Reach,
}

impl Situation {
    pub fn load(
        conn: &mut DbConn,
        acc: &CaseAccess,
        case: CaseRow,
        reach: Reach,
        rules: &RuleSettings,
        today: NaiveDate,
    ) -> AppResult<Situation> {
        let member = CaseMember::load(conn, case.tenant(), case.member_id)?;
        let authority = Authority::load(
            conn,
            case.tenant(),
            UnitId(case.unit_id),
            member.higher_managed_cadre,
        )?;
        let voluntary_check = case.state()? == CaseState::ExitRequested;
        let violation = voluntary_check && member_has_violation(conn, &case, rules, today)?;
        let facts = facts(&case, &authority, violation, today)?;
        let capacities = if reach.in_scope || reach.own || reach.helper {
            authority::capacities(
                &authority.bodies,
                case.form(),
                if reach.in_scope { &acc.grants } else { &[] },
                reach.own,
                reach.helper,
            )
        } else {
            Vec::new()
        };
        Ok(Situation {
            case,
            member,
            authority,
            facts,
            capacities,
            reach,
        })
    }

    pub fn available(&self, rules: &RuleSettings) -> Vec<TransitionKind> {
        machine::available(&self.facts, &self.capacities, rules)
    }
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

/// A list row from a case row and the names around it.
pub fn summary(
    case: &CaseRow,
    member_name: String,
    unit_name: String,
    rules: &RuleSettings,
    cal: &Calendar,
    today: NaiveDate,
) -> AppResult<CaseSummary> {
    let state = case.state()?;
    let due = case
        .deadlines(rules, cal, today)
        .into_iter()
        .min_by_key(|d| d.due);
    Ok(CaseSummary {
        id: case.id,
        tenant_id: case.tenant(),
        member_id: MemberId(case.member_id),
        member_name,
        unit_id: UnitId(case.unit_id),
        unit_name,
        round_id: case.round_id,
        path: case.path()?,
        state,
        criteria: case.criteria(),
        removal_form: case.form(),
        outcome: case.outcome.as_deref().and_then(Outcome::from_code),
        due,
        opened_at: utc(case.opened_at),
        updated_at: utc(case.updated_at),
        version: case.version,
    })
}

/// The case page: the case, its bodies, timeline, votes, documents, helpers, notes,
/// deadlines, and what this caller may do now.
pub fn detail(
    conn: &mut DbConn,
    sit: &Situation,
    rules: &RuleSettings,
    cal: &Calendar,
    today: NaiveDate,
) -> AppResult<CaseDetail> {
    let case = &sit.case;
    let t = case.tenant_id;
    let branch_name = sit.authority.name(UnitId(case.unit_id));
    let summary = summary(
        case,
        sit.member.full_name.clone(),
        branch_name.clone(),
        rules,
        cal,
        today,
    )?;
    let b = &sit.authority.bodies;
    // Above the branch the body is the committee, named as it signs ("Đảng ủy phường …").
    let committee =
        |u: UnitId| rasoat_shared::cases::document::committee_name(&sit.authority.name(u));
    let bodies = CaseBodies {
        ids: *b,
        branch_name,
        grassroots_name: b.grassroots.map(|g| committee(g.unit_id)),
        direct_upper_name: committee(b.direct_upper.unit_id),
        competent_name: committee(b.competent.unit_id),
        appeal_name: committee(b.appeal.unit_id),
    };
    type EventRow = (
        i64,
        String,
        String,
        String,
        String,
        Option<i64>,
        String,
        NaiveDate,
        NaiveDateTime,
        Option<String>,
        Option<i64>,
        String,
    );
    let events: Vec<EventRow> = case_events::table
        .filter(case_events::tenant_id.eq(t))
        .filter(case_events::case_id.eq(case.id))
        .order(case_events::id.asc())
        .select((
            case_events::id,
            case_events::transition,
            case_events::from_state,
            case_events::to_state,
            case_events::capacity,
            case_events::actor_user_id,
            case_events::actor_name,
            case_events::on_date,
            case_events::at,
            case_events::note,
            case_events::vote_id,
            case_events::document_ids,
        ))
        .load(conn)?;
    let events = events
        .into_iter()
        .filter_map(
            |(id, tr, from, to, cap, actor, name, on, at, note, vote, docs)| {
                Some(CaseEvent {
                    id,
                    transition: TransitionKind::from_code(&tr)?,
                    from_state: CaseState::from_code(&from)?,
                    to_state: CaseState::from_code(&to)?,
                    capacity: Capacity::from_code(&cap)?,
                    actor_user_id: actor.map(UserId),
                    actor_name: name,
                    on,
                    at: utc(at),
                    note,
                    vote_id: vote,
                    document_ids: split_codes(&docs).filter_map(|d| d.parse().ok()).collect(),
                })
            },
        )
        .collect();
    let votes = votes_of(conn, t, case.id)?;
    let documents = document_briefs(conn, t, case.id)?;
    type HelperRow = (i64, Option<i64>, NaiveDate, Option<NaiveDate>, String);
    let helpers: Vec<HelperRow> = case_helpers::table
        .inner_join(
            members::table.on(members::id
                .eq(case_helpers::helper_member_id)
                .and(members::tenant_id.eq(case_helpers::tenant_id))),
        )
        .filter(case_helpers::tenant_id.eq(t))
        .filter(case_helpers::case_id.eq(case.id))
        .order(case_helpers::id.asc())
        .select((
            case_helpers::helper_member_id,
            case_helpers::resolution_id,
            case_helpers::from_date,
            case_helpers::to_date,
            members::full_name,
        ))
        .load(conn)?;
    let helpers = helpers
        .into_iter()
        .map(|(m, res, from, to, name)| HelperAssignment {
            helper_member_id: MemberId(m),
            helper_name: name,
            resolution_id: res,
            from,
            to,
        })
        .collect();
    let notes: Vec<(i64, String, String, NaiveDate, String, NaiveDateTime)> = case_notes::table
        .filter(case_notes::tenant_id.eq(t))
        .filter(case_notes::case_id.eq(case.id))
        .order(case_notes::id.asc())
        .select((
            case_notes::id,
            case_notes::kind,
            case_notes::author_name,
            case_notes::written_on,
            case_notes::text,
            case_notes::created_at,
        ))
        .load(conn)?;
    let notes = notes
        .into_iter()
        .filter_map(|(id, kind, author, on, text, at)| {
            Some(ProgressNote {
                id,
                kind: NoteKind::from_code(&kind)?,
                author_name: author,
                written_on: on,
                text,
                created_at: utc(at),
            })
        })
        .collect();
    let roll = roll(conn, case.tenant(), UnitId(case.unit_id))?;
    let deadlines = case.deadlines(rules, cal, today);
    Ok(CaseDetail {
        case: summary,
        membership: sit.member.membership(),
        exempted: sit.member.exempted,
        bodies,
        education_start: case.education_start,
        education_due: case.education_due,
        extensions: u32::try_from(case.extensions).unwrap_or(0),
        self_review_requests: u32::try_from(case.self_review_requests).unwrap_or(0),
        self_review_received: case.self_review_received,
        self_review_refused: case.self_review_refused,
        failed_rounds: u32::try_from(case.failed_rounds).unwrap_or(0),
        escalated: case.escalated,
        decision_signed_on: case.decision_signed_on,
        decision_received_on: case.decision_received_on,
        appeal_window_end: case.appeal_window_end,
        appeal_filed_on: case.appeal_filed_on,
        appeal_result: case
            .appeal_result
            .as_deref()
            .and_then(AppealResult::from_code),
        final_on: case.final_on,
        deadlines,
        events,
        votes,
        documents,
        helpers,
        notes,
        roll,
        capacities: sit.capacities.clone(),
        available: sit.available(rules),
        may_note: notes::may_note(sit),
    })
}

type VoteRow = (
    i64,
    String,
    String,
    i64,
    String,
    (Option<i32>, Option<i32>, Option<i32>),
    (i32, i32, i32, i32, i32),
    String,
    String,
    i32,
    bool,
    i32,
    NaiveDate,
);

pub fn votes_of(conn: &mut DbConn, tenant: i64, case_id: i64) -> AppResult<Vec<Vote>> {
    let rows: Vec<VoteRow> = case_votes::table
        .filter(case_votes::tenant_id.eq(tenant))
        .filter(case_votes::case_id.eq(case_id))
        .order(case_votes::id.asc())
        .select((
            case_votes::id,
            case_votes::transition,
            case_votes::body_type,
            case_votes::body_unit_id,
            case_votes::method,
            (
                case_votes::roll_full,
                case_votes::roll_exempted,
                case_votes::roll_probationers,
            ),
            (
                case_votes::base,
                case_votes::present,
                case_votes::yes_votes,
                case_votes::no_votes,
                case_votes::invalid_votes,
            ),
            case_votes::rule,
            case_votes::regulation,
            case_votes::required_yes,
            case_votes::passed,
            case_votes::round_no,
            case_votes::held_on,
        ))
        .load(conn)?;
    let n = |v: i32| u32::try_from(v).unwrap_or(0);
    Ok(rows
        .into_iter()
        .filter_map(
            |(id, tr, body, unit, method, roll, t, rule, reg, req, passed, round, on)| {
                Some(Vote {
                    id,
                    transition: TransitionKind::from_code(&tr)?,
                    body_type: BodyType::from_code(&body)?,
                    body_unit_id: UnitId(unit),
                    method: VoteMethod::from_code(&method)?,
                    roll: match roll {
                        (Some(f), Some(e), Some(p)) => Some(BranchRoll {
                            full_members: n(f),
                            exempted: n(e),
                            probationers: n(p),
                        }),
                        _ => None,
                    },
                    base: n(t.0),
                    present: n(t.1),
                    yes: n(t.2),
                    no: n(t.3),
                    invalid: n(t.4),
                    rule: ThresholdRule::from_code(&rule)?,
                    regulation: reg,
                    required_yes: n(req),
                    passed,
                    round_no: n(round),
                    held_on: on,
                })
            },
        )
        .collect())
}

pub fn document_briefs(
    conn: &mut DbConn,
    tenant: i64,
    case_id: i64,
) -> AppResult<Vec<DocumentBrief>> {
    let rows: Vec<(i64, String, Option<String>, NaiveDate, String)> = case_documents::table
        .filter(case_documents::tenant_id.eq(tenant))
        .filter(case_documents::case_id.eq(case_id))
        .order(case_documents::id.asc())
        .select((
            case_documents::id,
            case_documents::kind,
            case_documents::number_label,
            case_documents::signed_on,
            case_documents::issuer_name,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, kind, number, signed_on, issuer)| {
            Some(DocumentBrief {
                id,
                kind: DocumentKind::from_code(&kind)?,
                number,
                signed_on,
                issuer_name: issuer,
            })
        })
        .collect())
}

/// The case page for a caller (404 outside their reach).
pub fn get(
    conn: &mut DbConn,
    acc: &CaseAccess,
    id: i64,
    rules: &RuleSettings,
    today: NaiveDate,
) -> AppResult<(CaseDetail, TenantId, UnitId)> {
    let (case, reach) = visible(conn, acc, id)?;
    let cal = calendar::load(conn)?;
    let tenant = case.tenant();
    let unit = UnitId(case.unit_id);
    let sit = Situation::load(conn, acc, case, reach, rules, today)?;
    Ok((detail(conn, &sit, rules, &cal, today)?, tenant, unit))
}

/// 403 for a caller who sees the case but holds no capacity for `kind`.
pub fn require_capacity(sit: &Situation, kind: TransitionKind) -> AppResult<Capacity> {
    machine::who_may(kind)
        .iter()
        .copied()
        .find(|c| sit.capacities.contains(c))
        .ok_or_else(|| AppError::new(ErrorCode::Forbidden))
}
