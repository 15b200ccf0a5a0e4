//! A round's suggestions: list (within the caller's scope), confirm or dismiss, enter a
//! ground software cannot detect; the round's progress; a branch declaring its review done.

use super::detect::source_code;
use super::rounds;
use super::{document, fail_if, field, member_holding_types, text, user_names};
use crate::audit::{self, AuditEntry};
use crate::auth::scope::{Area, Scope};
use crate::db::schema::{cases, members, round_branches, suggestions, unit_closure, units};
use crate::db::{DbConn, Dialect};
use crate::error::{AppError, AppResult, is_unique_violation};
use crate::repo::IfMatch;
use crate::repo::units::visible_row;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use rasoat_shared::api::review::{
    Decision, EnteredSuggestionInput, ProgressRow, RoundProgress, Suggestion, SuggestionCounts,
    SuggestionDecision, SuggestionList, SuggestionQuery, SuggestionSource, SuggestionStatus,
};
use rasoat_shared::cases::{Capacity, CaseState, TransitionKind};
use rasoat_shared::criteria::Criterion;
use rasoat_shared::detection::{Evidence, EvidenceKind};
use rasoat_shared::member::MemberStatus;
use rasoat_shared::{ErrorCode, MemberId, TenantId, UnitId};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = suggestions)]
pub struct SuggestionRow {
    pub tenant_id: i64,
    pub id: i64,
    pub round_id: i64,
    pub member_id: i64,
    pub unit_id: i64,
    pub criterion: String,
    pub source: String,
    pub reason_vi: String,
    pub evidence: String,
    pub status: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<NaiveDateTime>,
    pub note: Option<String>,
    pub case_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

fn corrupt(what: &str, id: i64) -> AppError {
    AppError::internal(anyhow::anyhow!("suggestion {id} has a bad {what}"))
}

impl SuggestionRow {
    fn status(&self) -> AppResult<SuggestionStatus> {
        SuggestionStatus::from_code(&self.status).ok_or_else(|| corrupt("status", self.id))
    }
    fn criterion(&self) -> AppResult<Criterion> {
        Criterion::from_code(&self.criterion).ok_or_else(|| corrupt("criterion", self.id))
    }
    fn to_dto(
        &self,
        member_name: String,
        unit_name: String,
        names: &HashMap<i64, String>,
    ) -> AppResult<Suggestion> {
        Ok(Suggestion {
            id: self.id,
            round_id: self.round_id,
            member_id: MemberId(self.member_id),
            member_name,
            unit_id: UnitId(self.unit_id),
            unit_name,
            criterion: self.criterion()?,
            source: if self.source == "entered" {
                SuggestionSource::Entered
            } else {
                SuggestionSource::Detected
            },
            reason_vi: self.reason_vi.clone(),
            evidence: serde_json::from_str(&self.evidence)
                .map_err(|_| corrupt("evidence", self.id))?,
            status: self.status()?,
            decided_by: self.decided_by.and_then(|u| names.get(&u).cloned()),
            decided_at: self
                .decided_at
                .map(|t| DateTime::from_naive_utc_and_offset(t, Utc)),
            note: self.note.clone(),
            case_id: self.case_id,
            version: self.version,
        })
    }
}

type Pred =
    Box<dyn BoxableExpression<suggestions::table, Dialect, SqlType = diesel::sql_types::Bool>>;

/// Suggestions about members registered in the subtree of `unit` of `tenant`.
fn in_subtree(tenant: i64, unit: i64, whole_tenant: bool) -> Pred {
    if whole_tenant {
        Box::new(suggestions::tenant_id.eq(tenant))
    } else {
        let ids = unit_closure::table
            .filter(unit_closure::tenant_id.eq(tenant))
            .filter(unit_closure::ancestor_id.eq(unit))
            .select(unit_closure::descendant_id);
        Box::new(
            suggestions::tenant_id
                .eq(tenant)
                .and(suggestions::unit_id.eq_any(ids)),
        )
    }
}

/// The caller's part of a round: None = all of it.
fn scope_pred(scope: &Scope) -> Option<Pred> {
    match scope.area() {
        Area::Province => None,
        Area::Subtrees(roots) => {
            let mut pred: Option<Pred> = None;
            for r in roots {
                let p = in_subtree(r.tenant_id.0, r.unit_id.0, r.whole_tenant);
                pred = Some(match pred {
                    None => p,
                    Some(prev) => Box::new(prev.or(p)),
                });
            }
            Some(pred.unwrap_or_else(|| Box::new(suggestions::id.lt(0i64))))
        }
    }
}

fn dtos(conn: &mut DbConn, rows: Vec<SuggestionRow>) -> AppResult<Vec<Suggestion>> {
    let mut member_names: HashMap<i64, String> = HashMap::new();
    let mut unit_names: HashMap<i64, String> = HashMap::new();
    let mut by_tenant: HashMap<i64, (HashSet<i64>, HashSet<i64>)> = HashMap::new();
    for r in &rows {
        let e = by_tenant.entry(r.tenant_id).or_default();
        e.0.insert(r.member_id);
        e.1.insert(r.unit_id);
    }
    for (tenant, (ms, us)) in by_tenant {
        let ms: Vec<i64> = ms.into_iter().collect();
        for chunk in ms.chunks(500) {
            member_names.extend(
                members::table
                    .filter(members::tenant_id.eq(tenant))
                    .filter(members::id.eq_any(chunk))
                    .select((members::id, members::full_name))
                    .load::<(i64, String)>(conn)?,
            );
        }
        let us: Vec<i64> = us.into_iter().collect();
        for chunk in us.chunks(500) {
            unit_names.extend(
                units::table
                    .filter(units::tenant_id.eq(tenant))
                    .filter(units::id.eq_any(chunk))
                    .select((units::id, units::name))
                    .load::<(i64, String)>(conn)?,
            );
        }
    }
    let deciders: Vec<i64> = rows.iter().filter_map(|r| r.decided_by).collect();
    let names = user_names(conn, &deciders)?;
    rows.iter()
        .map(|r| {
            r.to_dto(
                member_names.get(&r.member_id).cloned().unwrap_or_default(),
                unit_names.get(&r.unit_id).cloned().unwrap_or_default(),
                &names,
            )
        })
        .collect()
}

/// The round's suggestions about members in the caller's scope (and `unit`'s subtree),
/// by branch and member; and the round's tenant (for the audit entry).
pub fn list(
    conn: &mut DbConn,
    scope: &Scope,
    round_id: i64,
    q: &SuggestionQuery,
) -> AppResult<(SuggestionList, TenantId)> {
    let round = rounds::visible_round(conn, scope, round_id)?;
    let mut query = suggestions::table
        .filter(suggestions::round_id.eq(round.id))
        .select(SuggestionRow::as_select())
        .order((
            suggestions::unit_id,
            suggestions::member_id,
            suggestions::criterion,
        ))
        .into_boxed();
    if let Some(p) = scope_pred(scope) {
        query = query.filter(p);
    }
    if let Some(u) = q.unit {
        let unit = visible_row(conn, scope, u)?;
        // The province root holds everything: no filter beyond the scope's.
        if !unit.is_province_root() {
            query = query.filter(in_subtree(
                unit.tenant_id,
                unit.id,
                unit.parent_id.is_none(),
            ));
        }
    }
    if let Some(s) = q.status {
        query = query.filter(suggestions::status.eq(s.code()));
    }
    if let Some(c) = q.criterion {
        query = query.filter(suggestions::criterion.eq(c.code()));
    }
    let rows: Vec<SuggestionRow> = query.load(conn)?;
    let list = SuggestionList {
        items: dtos(conn, rows)?,
    };
    Ok((list, round.tenant()))
}

fn find(conn: &mut DbConn, scope: &Scope, id: i64) -> AppResult<SuggestionRow> {
    let mut query = suggestions::table
        .filter(suggestions::id.eq(id))
        .select(SuggestionRow::as_select())
        .into_boxed();
    if let Some(p) = scope_pred(scope) {
        query = query.filter(p);
    }
    query
        .load(conn)?
        .into_iter()
        .next()
        .ok_or_else(AppError::not_found)
}

fn member_status(conn: &mut DbConn, tenant: i64, member: i64) -> AppResult<String> {
    members::table
        .filter(members::tenant_id.eq(tenant))
        .filter(members::id.eq(member))
        .select(members::status)
        .load::<String>(conn)?
        .into_iter()
        .next()
        .ok_or_else(AppError::not_found)
}

/// Confirms (the member goes on the branch's draft list: a draft case opens, or the
/// member's open draft case of the same path in this round gains the criterion) or
/// dismisses (with the reason) a pending suggestion.
pub fn decide(
    conn: &mut DbConn,
    scope: &Scope,
    id: i64,
    if_match: IfMatch,
    body: SuggestionDecision,
) -> AppResult<Suggestion> {
    let row = find(conn, scope, id)?;
    crate::repo::check_version(if_match, row.version)?;
    let round = rounds::find(conn, row.round_id)?;
    round.require_open()?;
    if row.status()? != SuggestionStatus::Pending {
        return Err(AppError::new(ErrorCode::SuggestionDecided));
    }
    let note = body
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let mut errors = Vec::new();
    if let Some(n) = note
        && n.chars().count() > 2000
    {
        errors.push(field("note", "too_long", "Tối đa 2000 ký tự."));
    }
    if body.decision == Decision::Dismiss && note.is_none() {
        errors.push(field(
            "note",
            "required",
            "Ghi lý do không đưa đảng viên vào danh sách.",
        ));
    }
    fail_if(errors)?;
    let now = Utc::now().naive_utc();
    let actor = scope.actor().map(|u| u.0);
    let mut audits = Vec::new();
    let (status, case_id) = match body.decision {
        Decision::Dismiss => (SuggestionStatus::Dismissed, None),
        Decision::Confirm => {
            if member_status(conn, row.tenant_id, row.member_id)? != MemberStatus::Active.code() {
                return Err(AppError::new(ErrorCode::MemberNotActive));
            }
            let criterion = row.criterion()?;
            let path = criterion.path();
            let open: Vec<(i64, String, i64)> = cases::table
                .filter(cases::tenant_id.eq(row.tenant_id))
                .filter(cases::member_id.eq(row.member_id))
                .filter(cases::round_id.eq(row.round_id))
                .filter(cases::path.eq(path.code()))
                .filter(cases::state.eq(DRAFT))
                .select((cases::id, cases::criteria, cases::version))
                .load(conn)?;
            let case_id = match open.into_iter().next() {
                Some((case_id, criteria, version)) => {
                    let mut list: Vec<&str> = super::split_codes(&criteria).collect();
                    if !list.contains(&criterion.code()) {
                        list.push(criterion.code());
                    }
                    diesel::update(
                        cases::table
                            .filter(cases::tenant_id.eq(row.tenant_id))
                            .filter(cases::id.eq(case_id)),
                    )
                    .set((
                        cases::criteria.eq(list.join(",")),
                        cases::version.eq(version + 1),
                        cases::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                    audits.push(
                        AuditEntry::new(
                            TenantId(row.tenant_id),
                            scope.actor(),
                            scope.ctx(),
                            "case.add_criterion",
                            "case",
                            Some(case_id),
                            serde_json::json!({ "criterion": criterion, "suggestion_id": row.id }),
                        )
                        .unit(row.unit_id),
                    );
                    case_id
                }
                None => {
                    let case_id: i64 = diesel::insert_into(cases::table)
                        .values((
                            cases::tenant_id.eq(row.tenant_id),
                            cases::member_id.eq(row.member_id),
                            cases::unit_id.eq(row.unit_id),
                            cases::round_id.eq(row.round_id),
                            cases::path.eq(path.code()),
                            cases::state.eq(DRAFT),
                            cases::criteria.eq(criterion.code()),
                            cases::opened_by.eq(actor),
                            cases::opened_at.eq(now),
                            cases::version.eq(1i64),
                            cases::is_open.eq(true),
                            cases::updated_at.eq(now),
                        ))
                        .returning(cases::id)
                        .get_result(conn)?;
                    // The timeline starts with the branch's confirmation.
                    let actor_name = super::actor_name(conn, actor)?;
                    crate::repo::cases::record_event(
                        conn,
                        crate::repo::cases::NewEvent {
                            tenant: row.tenant_id,
                            case: case_id,
                            transition: TransitionKind::Open,
                            from: CaseState::DraftCandidate,
                            to: CaseState::DraftCandidate,
                            capacity: Capacity::Branch,
                            actor,
                            actor_name: &actor_name,
                            on: now.date(),
                            at: now,
                            note: Some(row.reason_vi.as_str()),
                            vote: None,
                            documents: &[],
                        },
                    )?;
                    audits.push(
                        AuditEntry::new(
                            TenantId(row.tenant_id),
                            scope.actor(),
                            scope.ctx(),
                            "case.open",
                            "case",
                            Some(case_id),
                            serde_json::json!({ "member_id": row.member_id, "path": path,
                                "state": DRAFT, "criteria": [criterion], "suggestion_id": row.id }),
                        )
                        .unit(row.unit_id),
                    );
                    case_id
                }
            };
            (SuggestionStatus::Confirmed, Some(case_id))
        }
    };
    // The version in the WHERE clause: of two deciders who read the same version, the
    // second changes nothing and gets 412 (PostgreSQL runs them concurrently).
    let changed = diesel::update(
        suggestions::table
            .filter(suggestions::tenant_id.eq(row.tenant_id))
            .filter(suggestions::id.eq(row.id))
            .filter(suggestions::version.eq(row.version)),
    )
    .set((
        suggestions::status.eq(status.code()),
        suggestions::decided_by.eq(actor),
        suggestions::decided_at.eq(now),
        suggestions::note.eq(note),
        suggestions::case_id.eq(case_id),
        suggestions::updated_at.eq(now),
        suggestions::version.eq(row.version + 1),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(AppError::new(ErrorCode::PreconditionFailed));
    }
    audits.push(
        AuditEntry::new(
            TenantId(row.tenant_id),
            scope.actor(),
            scope.ctx(),
            match status {
                SuggestionStatus::Confirmed => "suggestion.confirm",
                _ => "suggestion.dismiss",
            },
            "suggestion",
            Some(row.id),
            serde_json::json!({ "member_id": row.member_id, "criterion": row.criterion,
                "note": note, "case_id": case_id }),
        )
        .unit(row.unit_id),
    );
    audit::record(conn, &audits)?;
    let fresh = find(conn, scope, id)?;
    dtos(conn, vec![fresh])?
        .into_iter()
        .next()
        .ok_or_else(AppError::not_found)
}

/// The state a confirmed suggestion's case starts in (DOMAIN.md §8.2 step 1).
pub const DRAFT: &str = "draft_candidate";

/// Enters a ground the software cannot infer (A3, A4, B3–B10), with the conclusion or
/// decision behind it, as a pending suggestion of the round.
pub fn enter(
    conn: &mut DbConn,
    scope: &Scope,
    round_id: i64,
    input: EnteredSuggestionInput,
) -> AppResult<Suggestion> {
    let round = rounds::visible_round(conn, scope, round_id)?;
    round.require_open()?;
    let member = crate::repo::members::get(conn, scope, input.member_id)?;
    if member.status != MemberStatus::Active {
        return Err(AppError::new(ErrorCode::MemberNotActive));
    }
    let today = Utc::now().date_naive();
    let mut errors = Vec::new();
    if !input.criterion.enterable() {
        errors.push(field(
            "criterion",
            "detected_criterion",
            "Tiêu chí này do hệ thống phát hiện từ dữ liệu; hãy nhập xếp loại, kỷ luật, sinh hoạt rồi chạy phát hiện.",
        ));
    }
    if !round.covers(conn, member.tenant_id, member.home_unit_id)? {
        errors.push(field(
            "member_id",
            "outside_round",
            "Đảng viên không thuộc phạm vi đợt rà soát này.",
        ));
    }
    let reason = text(&mut errors, "reason_vi", &input.reason_vi, true, 2000);
    let issued_by = text(&mut errors, "issued_by", &input.issued_by, true, 200);
    document(&mut errors, "document", &input.document, today);
    fail_if(errors)?;
    let reason = reason.unwrap_or_default();
    let evidence = vec![Evidence {
        kind: EvidenceKind::Document,
        record_id: None,
        summary_vi: format!(
            "Văn bản số {} ngày {} của {}",
            input.document.number.trim(),
            input.document.signed_on.format("%d/%m/%Y"),
            issued_by.unwrap_or_default()
        ),
    }];
    let now = Utc::now().naive_utc();
    let inserted = diesel::insert_into(suggestions::table)
        .values((
            suggestions::tenant_id.eq(member.tenant_id.0),
            suggestions::round_id.eq(round.id),
            suggestions::member_id.eq(member.id.0),
            suggestions::unit_id.eq(member.home_unit_id.0),
            suggestions::criterion.eq(input.criterion.code()),
            suggestions::source.eq(source_code(SuggestionSource::Entered)),
            suggestions::reason_vi.eq(&reason),
            suggestions::evidence.eq(serde_json::to_string(&evidence).map_err(AppError::internal)?),
            suggestions::status.eq(SuggestionStatus::Pending.code()),
            suggestions::created_by.eq(scope.actor().map(|u| u.0)),
            suggestions::created_at.eq(now),
            suggestions::updated_at.eq(now),
            suggestions::version.eq(1i64),
        ))
        .returning(suggestions::id)
        .get_result::<i64>(conn);
    let id = match inserted {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::validation(vec![field(
                "criterion",
                "already_suggested",
                "Đảng viên đã có đề xuất theo tiêu chí này trong đợt rà soát.",
            )]));
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(
        conn,
        &[AuditEntry::new(
            member.tenant_id,
            scope.actor(),
            scope.ctx(),
            "suggestion.enter",
            "suggestion",
            Some(id),
            serde_json::json!({ "member_id": member.id, "criterion": input.criterion,
                "reason_vi": reason, "document": input.document }),
        )
        .unit(member.home_unit_id.0)],
    )?;
    let row = find(conn, scope, id)?;
    dtos(conn, vec![row])?
        .into_iter()
        .next()
        .ok_or_else(AppError::not_found)
}

/// Member-holding units under each of `parents`: (parent, branch) pairs.
fn branches_under(
    conn: &mut DbConn,
    parents: &[(TenantId, UnitId)],
) -> AppResult<Vec<(i64, i64, i64)>> {
    let mut out = Vec::new();
    for (tenant, parent) in parents {
        let rows: Vec<i64> = unit_closure::table
            .inner_join(
                units::table.on(units::id
                    .eq(unit_closure::descendant_id)
                    .and(units::tenant_id.eq(unit_closure::tenant_id))),
            )
            .filter(unit_closure::tenant_id.eq(tenant.0))
            .filter(unit_closure::ancestor_id.eq(parent.0))
            .filter(units::org_type.eq_any(member_holding_types()))
            .filter(units::valid_to.is_null())
            .select(units::id)
            .load(conn)?;
        out.extend(rows.into_iter().map(|b| (tenant.0, parent.0, b)));
    }
    Ok(out)
}

/// The round's progress under `unit` (default the round's scope unit): one row per child
/// unit with its branches, how many declared their review done, and the suggestions.
pub fn progress(
    conn: &mut DbConn,
    scope: &Scope,
    round_id: i64,
    unit: Option<UnitId>,
) -> AppResult<RoundProgress> {
    let round = rounds::visible_round(conn, scope, round_id)?;
    // By default the round's own unit; for a caller below it (a branch secretary in the
    // province's round), the part of the round that is theirs.
    let start = match unit {
        Some(u) => u,
        None if scope.contains(conn, round.tenant(), round.unit())? => round.unit(),
        None => {
            let mut mine = round.unit();
            if let Area::Subtrees(roots) = scope.area() {
                for r in roots {
                    if round.covers(conn, r.tenant_id, r.unit_id)? {
                        mine = r.unit_id;
                        break;
                    }
                }
            }
            mine
        }
    };
    let at = visible_row(conn, scope, start)?;
    if !round.covers(conn, at.tenant(), UnitId(at.id))? {
        return Err(AppError::not_found());
    }
    let children = crate::repo::units::children(conn, scope, UnitId(at.id))?;
    let mut parents: Vec<(TenantId, UnitId, String)> = children
        .iter()
        .map(|c| (c.tenant_id, c.id, c.name.clone()))
        .collect();
    if parents.is_empty() {
        parents.push((at.tenant(), UnitId(at.id), at.name.clone()));
    }
    let keys: Vec<(TenantId, UnitId)> = parents.iter().map(|p| (p.0, p.1)).collect();
    let pairs = branches_under(conn, &keys)?;
    let reviewed: HashSet<(i64, i64)> = round_branches::table
        .filter(round_branches::round_id.eq(round.id))
        .select((round_branches::tenant_id, round_branches::unit_id))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .collect();
    let tallies: Vec<(i64, i64, String, i64)> = suggestions::table
        .filter(suggestions::round_id.eq(round.id))
        .group_by((
            suggestions::tenant_id,
            suggestions::unit_id,
            suggestions::status,
        ))
        .select((
            suggestions::tenant_id,
            suggestions::unit_id,
            suggestions::status,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    let mut per_branch: HashMap<(i64, i64), SuggestionCounts> = HashMap::new();
    for (t, u, s, n) in tallies {
        if let Some(s) = SuggestionStatus::from_code(&s) {
            let c = per_branch.entry((t, u)).or_default();
            c.add(s, u32::try_from(n).unwrap_or(u32::MAX));
        }
    }
    let mut rows = Vec::new();
    let mut total = ProgressRow {
        unit_id: UnitId(at.id),
        unit_name: at.name.clone(),
        branches: 0,
        branches_reviewed: 0,
        counts: SuggestionCounts::default(),
    };
    for (tenant, id, name) in parents {
        let mut row = ProgressRow {
            unit_id: id,
            unit_name: name,
            branches: 0,
            branches_reviewed: 0,
            counts: SuggestionCounts::default(),
        };
        for (t, _, b) in pairs
            .iter()
            .filter(|(t, p, _)| *t == tenant.0 && *p == id.0)
        {
            row.branches += 1;
            if reviewed.contains(&(*t, *b)) {
                row.branches_reviewed += 1;
            }
            if let Some(c) = per_branch.get(&(*t, *b)) {
                row.counts.absorb(*c);
            }
        }
        total.branches += row.branches;
        total.branches_reviewed += row.branches_reviewed;
        total.counts.absorb(row.counts);
        rows.push(row);
    }
    Ok(RoundProgress {
        round_id: round.id,
        unit_id: UnitId(at.id),
        rows,
        total,
    })
}

/// A branch declares its review in the round done: refused while it has pending
/// suggestions. Declaring twice is harmless (the first declaration stands).
pub fn complete_branch(
    conn: &mut DbConn,
    scope: &Scope,
    round_id: i64,
    unit: UnitId,
) -> AppResult<ProgressRow> {
    let round = rounds::visible_round(conn, scope, round_id)?;
    round.require_open()?;
    let branch = super::sheet_unit(conn, scope, unit)?;
    if !round.covers(conn, branch.tenant(), unit)? {
        return Err(AppError::not_found());
    }
    let pending: i64 = suggestions::table
        .filter(suggestions::round_id.eq(round.id))
        .filter(suggestions::tenant_id.eq(branch.tenant_id))
        .filter(suggestions::unit_id.eq(branch.id))
        .filter(suggestions::status.eq(SuggestionStatus::Pending.code()))
        .count()
        .get_result(conn)?;
    if pending > 0 {
        return Err(AppError::new(ErrorCode::SuggestionsPending)
            .detail(format!("Còn {pending} đề xuất chưa xem xét.")));
    }
    let done: i64 = round_branches::table
        .filter(round_branches::tenant_id.eq(branch.tenant_id))
        .filter(round_branches::round_id.eq(round.id))
        .filter(round_branches::unit_id.eq(branch.id))
        .count()
        .get_result(conn)?;
    if done == 0 {
        diesel::insert_into(round_branches::table)
            .values((
                round_branches::tenant_id.eq(branch.tenant_id),
                round_branches::round_id.eq(round.id),
                round_branches::unit_id.eq(branch.id),
                round_branches::reviewed_by.eq(scope.actor().map(|u| u.0)),
                round_branches::reviewed_at.eq(Utc::now().naive_utc()),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            &[AuditEntry::new(
                branch.tenant(),
                scope.actor(),
                scope.ctx(),
                "round.branch_reviewed",
                "review_round",
                Some(round.id),
                serde_json::json!({ "unit_id": branch.id }),
            )
            .unit(branch.id)],
        )?;
    }
    let p = progress(conn, scope, round_id, Some(unit))?;
    Ok(p.total)
}
