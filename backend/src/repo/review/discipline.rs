//! Discipline decisions and violations of a member.

use super::{document, fail_if, field, text};
use crate::audit::{self, AuditEntry};
use crate::auth::scope::Scope;
use crate::db::DbConn;
use crate::db::schema::{discipline_records, violations};
use crate::error::{AppError, AppResult};
use crate::repo::members;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use rasoat_shared::api::review::{
    DisciplineInput, DisciplineRecord, DocumentRef, ViolationInput, ViolationRecord,
};
use rasoat_shared::detection::{DisciplineFact, ViolationFact};
use rasoat_shared::discipline::{self, DisciplineForm, DisciplineKind, effect_period};
use rasoat_shared::member::MemberStatus;
use rasoat_shared::settings::RuleSettings;
use rasoat_shared::{ErrorCode, MemberId, TenantId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = discipline_records)]
pub struct DisciplineRow {
    pub tenant_id: i64,
    pub id: i64,
    pub member_id: i64,
    pub kind: String,
    pub form: String,
    pub decided_by: String,
    pub decision_number: String,
    pub decision_signed_on: NaiveDate,
    pub announced_on: NaiveDate,
    pub violation_on: NaiveDate,
    pub violation_summary: String,
    pub effective_until: Option<NaiveDate>,
    pub regulation_code: String,
    pub recorded_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

fn corrupt(what: &str, id: i64) -> AppError {
    AppError::internal(anyhow::anyhow!("discipline record {id} has a bad {what}"))
}

impl DisciplineRow {
    pub fn fact(&self) -> AppResult<DisciplineFact> {
        Ok(DisciplineFact {
            id: self.id,
            kind: DisciplineKind::from_code(&self.kind).ok_or_else(|| corrupt("kind", self.id))?,
            form: DisciplineForm::from_code(&self.form).ok_or_else(|| corrupt("form", self.id))?,
            announced_on: self.announced_on,
            violation_on: Some(self.violation_on),
            fixed_until: self.effective_until,
        })
    }

    /// The record, its effect period computed with the member's later violations.
    pub fn to_dto(&self, later: &[NaiveDate], rules: &RuleSettings) -> AppResult<DisciplineRecord> {
        let f = self.fact()?;
        let effect = effect_period(
            f.form,
            f.announced_on,
            u32::from(rules.discipline_effect_months),
            f.fixed_until,
            later,
            rules.discipline_reset_on_new_violation,
        );
        Ok(DisciplineRecord {
            id: self.id,
            member_id: MemberId(self.member_id),
            kind: f.kind,
            form: f.form,
            decided_by: self.decided_by.clone(),
            decision: DocumentRef {
                number: self.decision_number.clone(),
                signed_on: self.decision_signed_on,
            },
            announced_on: self.announced_on,
            violation_on: self.violation_on,
            violation_summary: self.violation_summary.clone(),
            regulation_code: self.regulation_code.clone(),
            effect,
            counts_for_a2: f.form.counts_for_a2(),
            recorded_at: DateTime::from_naive_utc_and_offset(self.created_at, Utc),
        })
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = violations)]
pub struct ViolationRow {
    pub tenant_id: i64,
    pub id: i64,
    pub member_id: i64,
    pub occurred_on: NaiveDate,
    pub summary: String,
    pub source: Option<String>,
    pub recorded_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

impl ViolationRow {
    pub fn fact(&self) -> ViolationFact {
        ViolationFact {
            id: self.id,
            occurred_on: self.occurred_on,
            summary: self.summary.clone(),
        }
    }

    pub fn to_dto(&self) -> ViolationRecord {
        ViolationRecord {
            id: self.id,
            member_id: MemberId(self.member_id),
            occurred_on: self.occurred_on,
            summary: self.summary.clone(),
            source: self.source.clone(),
            recorded_at: DateTime::from_naive_utc_and_offset(self.created_at, Utc),
        }
    }
}

/// The member's discipline records and violations, oldest first.
pub fn of_member(
    conn: &mut DbConn,
    tenant: TenantId,
    member: MemberId,
) -> AppResult<(Vec<DisciplineRow>, Vec<ViolationRow>)> {
    let d = discipline_records::table
        .filter(discipline_records::tenant_id.eq(tenant.0))
        .filter(discipline_records::member_id.eq(member.0))
        .order((discipline_records::announced_on, discipline_records::id))
        .select(DisciplineRow::as_select())
        .load(conn)?;
    let v = violations::table
        .filter(violations::tenant_id.eq(tenant.0))
        .filter(violations::member_id.eq(member.0))
        .order((violations::occurred_on, violations::id))
        .select(ViolationRow::as_select())
        .load(conn)?;
    Ok((d, v))
}

/// Every violation date on record for the member except the one `record` punished: what
/// may extend its period.
pub fn later_violations(
    record: &DisciplineRow,
    all_d: &[DisciplineRow],
    all_v: &[ViolationRow],
) -> Vec<NaiveDate> {
    all_v
        .iter()
        .map(|v| v.occurred_on)
        .chain(
            all_d
                .iter()
                .filter(|d| d.id != record.id)
                .map(|d| d.violation_on),
        )
        .collect()
}

fn active_member(
    conn: &mut DbConn,
    scope: &Scope,
    id: MemberId,
) -> AppResult<rasoat_shared::api::members::Member> {
    let m = members::get(conn, scope, id)?;
    if m.status != MemberStatus::Active {
        return Err(AppError::new(ErrorCode::MemberNotActive));
    }
    Ok(m)
}

/// Records a discipline decision. The form must exist in the catalogue of its kind on the
/// decision's date, for this member (probationers: reprimand or warning only).
pub fn create(
    conn: &mut DbConn,
    scope: &Scope,
    member_id: MemberId,
    input: DisciplineInput,
    rules: &RuleSettings,
) -> AppResult<DisciplineRecord> {
    let member = active_member(conn, scope, member_id)?;
    let now = Utc::now().naive_utc();
    let today = now.date();
    let mut errors = Vec::new();
    let decided_by = text(&mut errors, "decided_by", &input.decided_by, true, 200);
    document(&mut errors, "decision", &input.decision, today);
    let signed = input.decision.signed_on;
    let announced = input.announced_on.unwrap_or(signed);
    if announced < signed {
        errors.push(field(
            "announced_on",
            "before_signing",
            "Ngày công bố không được trước ngày ký quyết định.",
        ));
    }
    if announced > today {
        errors.push(field(
            "announced_on",
            "future_date",
            "Ngày công bố không được sau ngày hôm nay.",
        ));
    }
    if input.violation_on > signed {
        errors.push(field(
            "violation_on",
            "after_decision",
            "Ngày vi phạm phải trước ngày ký quyết định kỷ luật.",
        ));
    }
    let summary = text(
        &mut errors,
        "violation_summary",
        &input.violation_summary,
        true,
        2000,
    );
    match (input.kind, input.effective_until) {
        (DisciplineKind::Party, Some(_)) => errors.push(field(
            "effective_until",
            "computed",
            "Thời hạn kỷ luật đảng được tính tự động (12 tháng kể từ ngày công bố).",
        )),
        (DisciplineKind::State, Some(u)) if u < announced => errors.push(field(
            "effective_until",
            "before_announcement",
            "Thời hạn phải sau ngày công bố.",
        )),
        _ => {}
    }
    let reg = match discipline::check_form(
        input.kind,
        input.form,
        signed,
        member.membership,
        member.state_employment,
    ) {
        Ok(reg) => Some(reg),
        Err(p) => {
            errors.push(field("form", p.code, p.message));
            None
        }
    };
    fail_if(errors)?;
    let (Some(decided_by), Some(summary), Some(reg)) = (decided_by, summary, reg) else {
        return Err(AppError::internal(anyhow::anyhow!(
            "checked fields missing"
        )));
    };
    let id: i64 = diesel::insert_into(discipline_records::table)
        .values((
            discipline_records::tenant_id.eq(member.tenant_id.0),
            discipline_records::member_id.eq(member.id.0),
            discipline_records::kind.eq(input.kind.code()),
            discipline_records::form.eq(input.form.code()),
            discipline_records::decided_by.eq(&decided_by),
            discipline_records::decision_number.eq(input.decision.number.trim()),
            discipline_records::decision_signed_on.eq(signed),
            discipline_records::announced_on.eq(announced),
            discipline_records::violation_on.eq(input.violation_on),
            discipline_records::violation_summary.eq(&summary),
            discipline_records::effective_until.eq(input.effective_until),
            discipline_records::regulation_code.eq(reg.code),
            discipline_records::recorded_by.eq(scope.actor().map(|u| u.0)),
            discipline_records::created_at.eq(now),
        ))
        .returning(discipline_records::id)
        .get_result(conn)?;
    let (all_d, all_v) = of_member(conn, member.tenant_id, member.id)?;
    let row = all_d
        .iter()
        .find(|d| d.id == id)
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("inserted record not found")))?;
    let dto = row.to_dto(&later_violations(row, &all_d, &all_v), rules)?;
    audit::record(
        conn,
        &[AuditEntry::new(
            member.tenant_id,
            scope.actor(),
            scope.ctx(),
            "discipline.create",
            "discipline",
            Some(id),
            serde_json::json!({ "member_id": member.id, "after": &dto }),
        )
        .unit(member.home_unit_id.0)],
    )?;
    Ok(dto)
}

/// Records a violation.
pub fn create_violation(
    conn: &mut DbConn,
    scope: &Scope,
    member_id: MemberId,
    input: ViolationInput,
) -> AppResult<ViolationRecord> {
    let member = active_member(conn, scope, member_id)?;
    let now = Utc::now().naive_utc();
    let mut errors = Vec::new();
    if input.occurred_on > now.date() {
        errors.push(field(
            "occurred_on",
            "future_date",
            "Ngày vi phạm không được sau ngày hôm nay.",
        ));
    }
    let summary = text(&mut errors, "summary", &input.summary, true, 2000);
    let source = input
        .source
        .as_deref()
        .and_then(|s| text(&mut errors, "source", s, false, 500));
    fail_if(errors)?;
    let summary = summary.unwrap_or_default();
    let id: i64 = diesel::insert_into(violations::table)
        .values((
            violations::tenant_id.eq(member.tenant_id.0),
            violations::member_id.eq(member.id.0),
            violations::occurred_on.eq(input.occurred_on),
            violations::summary.eq(&summary),
            violations::source.eq(&source),
            violations::recorded_by.eq(scope.actor().map(|u| u.0)),
            violations::created_at.eq(now),
        ))
        .returning(violations::id)
        .get_result(conn)?;
    let row: ViolationRow = violations::table
        .filter(violations::tenant_id.eq(member.tenant_id.0))
        .filter(violations::id.eq(id))
        .select(ViolationRow::as_select())
        .get_result(conn)?;
    let dto = row.to_dto();
    audit::record(
        conn,
        &[AuditEntry::new(
            member.tenant_id,
            scope.actor(),
            scope.ctx(),
            "violation.create",
            "violation",
            Some(row.id),
            serde_json::json!({ "member_id": member.id, "after": &dto }),
        )
        .unit(member.home_unit_id.0)],
    )?;
    Ok(dto)
}
