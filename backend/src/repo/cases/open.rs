//! Opening a case outside a review round: a member's request to leave the Party
//! (DOMAIN.md §8.5), recorded by the branch or by the member.

use super::documents::{self, Issue};
use super::{CaseAccess, CaseMember, Situation, calendar, detail, visible};
use crate::audit::{self, AuditEntry};
use crate::db::DbConn;
use crate::db::schema::{cases, members};
use crate::error::{AppError, AppResult};
use crate::repo::field;
use crate::repo::review::{fail_if, text};
use chrono::{NaiveDate, Utc};
use diesel::prelude::*;
use rasoat_shared::access::{Action, Role, role_grants};
use rasoat_shared::api::cases::{CaseDetail, ExitRequestInput};
use rasoat_shared::cases::document::DocumentKind;
use rasoat_shared::cases::{Capacity, CaseState, TransitionKind};
use rasoat_shared::criteria::CasePath;
use rasoat_shared::member::MemberStatus;
use rasoat_shared::settings::RuleSettings;
use rasoat_shared::{ErrorCode, TenantId, UnitId};

pub fn exit_request(
    conn: &mut DbConn,
    acc: &CaseAccess,
    input: ExitRequestInput,
    rules: &RuleSettings,
    today: NaiveDate,
) -> AppResult<(CaseDetail, TenantId, UnitId)> {
    let own = acc.own_member == Some(input.member_id);
    if !acc.may_process() {
        return Err(AppError::forbidden());
    }
    // The member's branch, found only within the caller's reach.
    let found: Vec<(i64, i64, String)> = members::table
        .filter(members::id.eq(input.member_id.0))
        .select((members::tenant_id, members::home_unit_id, members::status))
        .load(conn)?;
    let (tenant, unit, status) = found.into_iter().next().ok_or_else(AppError::not_found)?;
    let in_scope = match &acc.view {
        Some(s) => s.contains(conn, TenantId(tenant), UnitId(unit))?,
        None => false,
    };
    if !own && !in_scope {
        return Err(AppError::not_found());
    }
    // The branch officers record the letter; a member files their own.
    let branch_officer = acc.grants.iter().any(|(r, u)| {
        *u == UnitId(unit)
            && matches!(
                r,
                Role::BranchSecretary | Role::BranchDeputySecretary | Role::BranchCommitteeMember
            )
            && role_grants(*r, Action::ProcessCases)
    });
    let mut errors = Vec::new();
    let reason = text(&mut errors, "reason", &input.reason, true, 20_000);
    let on = input.letter_date.unwrap_or(today);
    if on > today {
        errors.push(field(
            "letter_date",
            "future_date",
            "Ngày không được sau ngày hôm nay.",
        ));
    }
    fail_if(errors)?;
    let capacity = if branch_officer {
        Capacity::Branch
    } else if own {
        Capacity::Member
    } else {
        return Err(AppError::forbidden());
    };
    if status != MemberStatus::Active.code() {
        return Err(AppError::new(ErrorCode::MemberNotActive));
    }
    let open: i64 = cases::table
        .filter(cases::tenant_id.eq(tenant))
        .filter(cases::member_id.eq(input.member_id.0))
        .filter(cases::path.eq(CasePath::VVoluntary.code()))
        .filter(cases::is_open.eq(true))
        .count()
        .get_result(conn)?;
    if open > 0 {
        return Err(AppError::new(ErrorCode::TransitionNotAllowed)
            .detail("Đảng viên đã có đơn xin ra khỏi Đảng đang được xem xét."));
    }
    let now = Utc::now().naive_utc();
    let actor = acc.actor.map(|u| u.0);
    let id: i64 = diesel::insert_into(cases::table)
        .values((
            cases::tenant_id.eq(tenant),
            cases::member_id.eq(input.member_id.0),
            cases::unit_id.eq(unit),
            cases::path.eq(CasePath::VVoluntary.code()),
            cases::state.eq(CaseState::ExitRequested.code()),
            cases::criteria.eq(""),
            cases::opened_by.eq(actor),
            cases::opened_at.eq(now),
            cases::version.eq(1i64),
            cases::is_open.eq(true),
            cases::updated_at.eq(now),
        ))
        .returning(cases::id)
        .get_result(conn)?;
    let (case, reach) = visible(conn, acc, id)?;
    let sit = Situation::load(conn, acc, case, reach, rules, today)?;
    let member = CaseMember::load(conn, TenantId(tenant), input.member_id.0)?;
    let reason = reason.unwrap_or_default();
    let doc = documents::issue(
        conn,
        &sit,
        actor,
        Issue {
            kind: DocumentKind::ExitRequestLetter,
            issuer: UnitId(unit),
            standing: false,
            signed_on: on,
            number: None,
            subject: "Xin ra khỏi Đảng".into(),
            paragraphs: vec![
                format!("Kính gửi: {}.", sit.authority.name(UnitId(unit))),
                format!(
                    "Tôi là {}, xin được ra khỏi Đảng vì lý do sau:",
                    member.full_name
                ),
                reason.clone(),
            ],
            signer_title: "ĐẢNG VIÊN".into(),
            signer_name: member.full_name.clone(),
            recipients: vec!["Chi bộ".into()],
        },
    )?;
    let actor_name = match actor {
        Some(_) => crate::repo::review::actor_name(conn, actor)?,
        None => member.full_name.clone(),
    };
    super::record_event(
        conn,
        super::NewEvent {
            tenant,
            case: id,
            transition: TransitionKind::Open,
            from: CaseState::ExitRequested,
            to: CaseState::ExitRequested,
            capacity,
            actor,
            actor_name: &actor_name,
            on,
            at: now,
            note: Some("Nhận đơn xin ra khỏi Đảng"),
            vote: None,
            documents: &[doc],
        },
    )?;
    audit::record(
        conn,
        &[AuditEntry::new(
            TenantId(tenant),
            acc.actor,
            &acc.ctx,
            "case.open",
            "case",
            Some(id),
            serde_json::json!({ "member_id": input.member_id, "path": CasePath::VVoluntary,
                "letter_date": on }),
        )
        .unit(unit)],
    )?;
    let cal = calendar::load(conn)?;
    Ok((
        detail(conn, &sit, rules, &cal, today)?,
        TenantId(tenant),
        UnitId(unit),
    ))
}
