//! Progress notes and the helper's evaluations on a case under education.

use super::{CaseAccess, Situation, visible};
use crate::audit::{self, AuditEntry};
use crate::db::DbConn;
use crate::db::schema::case_notes;
use crate::error::{AppError, AppResult};
use crate::repo::field;
use crate::repo::review::{fail_if, text};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use rasoat_shared::api::cases::{NoteInput, NoteKind, ProgressNote};
use rasoat_shared::cases::{Capacity, CaseState};
use rasoat_shared::settings::RuleSettings;
use rasoat_shared::{TenantId, UnitId};

/// Branch officers and the assigned helper write notes while the member is under
/// education or the outcome is being reviewed (DOMAIN.md §5.2 "Progress notes").
pub fn may_note(sit: &Situation) -> bool {
    matches!(
        sit.facts.state,
        CaseState::UnderEducation | CaseState::OutcomeReview
    ) && sit
        .capacities
        .iter()
        .any(|c| matches!(c, Capacity::Branch | Capacity::Helper))
}

pub fn add(
    conn: &mut DbConn,
    acc: &CaseAccess,
    id: i64,
    input: NoteInput,
    rules: &RuleSettings,
    today: NaiveDate,
) -> AppResult<(ProgressNote, TenantId, UnitId)> {
    if !acc.may_process() {
        return Err(AppError::forbidden());
    }
    let (case, reach) = visible(conn, acc, id)?;
    let sit = Situation::load(conn, acc, case, reach, rules, today)?;
    let mut errors = Vec::new();
    let body = text(&mut errors, "text", &input.text, true, 20_000);
    let on = input.written_on.unwrap_or(today);
    if on > today {
        errors.push(field(
            "written_on",
            "future_date",
            "Ngày không được sau ngày hôm nay.",
        ));
    }
    fail_if(errors)?;
    if !may_note(&sit) {
        // A reader who may not write: 403; a closed case: the state refuses it.
        return Err(
            if sit
                .capacities
                .iter()
                .any(|c| matches!(c, Capacity::Branch | Capacity::Helper))
            {
                AppError::new(rasoat_shared::ErrorCode::TransitionNotAllowed)
                    .detail("Chỉ ghi theo dõi khi đảng viên đang được giáo dục, giúp đỡ.")
            } else {
                AppError::forbidden()
            },
        );
    }
    let mut errors = Vec::new();
    if input.kind == NoteKind::HelperEvaluation && !sit.capacities.contains(&Capacity::Helper) {
        errors.push(field(
            "kind",
            "helper_only",
            "Nhận xét của người giúp đỡ do chính đảng viên được phân công giúp đỡ viết.",
        ));
    }
    fail_if(errors)?;
    let body = body.unwrap_or_default();
    let actor = acc.actor.map(|u| u.0);
    let author = crate::repo::review::actor_name(conn, actor)?;
    let now = Utc::now().naive_utc();
    let note_id: i64 = diesel::insert_into(case_notes::table)
        .values((
            case_notes::tenant_id.eq(sit.case.tenant_id),
            case_notes::case_id.eq(sit.case.id),
            case_notes::kind.eq(input.kind.code()),
            case_notes::author_user_id.eq(actor),
            case_notes::author_name.eq(&author),
            case_notes::written_on.eq(on),
            case_notes::text.eq(&body),
            case_notes::created_at.eq(now),
        ))
        .returning(case_notes::id)
        .get_result(conn)?;
    audit::record(
        conn,
        &[AuditEntry::new(
            sit.case.tenant(),
            acc.actor,
            &acc.ctx,
            "case.note",
            "case",
            Some(sit.case.id),
            serde_json::json!({ "member_id": sit.case.member_id, "note_id": note_id,
                "kind": input.kind }),
        )
        .unit(sit.case.unit_id)],
    )?;
    Ok((
        ProgressNote {
            id: note_id,
            kind: input.kind,
            author_name: author,
            written_on: on,
            text: body,
            created_at: DateTime::from_naive_utc_and_offset(now, Utc),
        },
        sit.case.tenant(),
        UnitId(sit.case.unit_id),
    ))
}
