//! Monthly attendance at branch meetings and Party dues: a branch's sheet for a month.

use super::{fail_if, field, sheet_members, sheet_unit, text};
use crate::audit::{self, AuditEntry};
use crate::auth::scope::Scope;
use crate::db::DbConn;
use crate::db::schema::monthly_records;
use crate::error::{AppError, AppResult};
use crate::repo::units::UnitRow;
use chrono::{NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use rasoat_shared::api::review::{MonthlyRecord, MonthlySheet, MonthlySheetInput, MonthlySheetRow};
use rasoat_shared::attendance::{self, Attendance, Dues, is_month_start, month_of};
use rasoat_shared::detection::MonthFact;
use rasoat_shared::{ErrorCode, MemberId, TenantId, UnitId};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = monthly_records)]
pub struct MonthlyRow {
    pub tenant_id: i64,
    pub id: i64,
    pub member_id: i64,
    pub unit_id: i64,
    pub month: NaiveDate,
    pub attendance: Option<String>,
    pub absence_reason: Option<String>,
    pub absence_excused: bool,
    pub dues: Option<String>,
    pub dues_reason: Option<String>,
    pub dues_excused: bool,
    pub notable: bool,
    pub recorded_by: Option<i64>,
    pub version: i64,
    pub updated_at: NaiveDateTime,
}

impl MonthlyRow {
    pub fn fact(&self) -> MonthFact {
        MonthFact {
            id: self.id,
            month: self.month,
            attendance: self.attendance.as_deref().and_then(Attendance::from_code),
            absence_excused: self.absence_excused,
            dues: self.dues.as_deref().and_then(Dues::from_code),
            dues_excused: self.dues_excused,
        }
    }

    pub fn to_dto(&self) -> MonthlyRecord {
        let f = self.fact();
        MonthlyRecord {
            id: self.id,
            member_id: MemberId(self.member_id),
            month: self.month,
            attendance: f.attendance,
            absence_reason: self.absence_reason.clone(),
            absence_excused: self.absence_excused,
            dues: f.dues,
            dues_reason: self.dues_reason.clone(),
            dues_excused: self.dues_excused,
            version: self.version,
        }
    }
}

fn check_month(month: NaiveDate, today: NaiveDate) -> AppResult<()> {
    if !is_month_start(month) {
        return Err(AppError::validation(vec![field(
            "month",
            "not_month_start",
            "Tháng được ghi bằng ngày đầu tháng (ví dụ 2025-03-01).",
        )]));
    }
    if month > month_of(today) {
        return Err(AppError::validation(vec![field(
            "month",
            "future_month",
            "Không ghi trước cho tháng chưa tới.",
        )]));
    }
    Ok(())
}

pub fn month_rows(
    conn: &mut DbConn,
    tenant: i64,
    ids: &[i64],
    month: NaiveDate,
) -> AppResult<HashMap<i64, MonthlyRow>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        for r in monthly_records::table
            .filter(monthly_records::tenant_id.eq(tenant))
            .filter(monthly_records::member_id.eq_any(chunk))
            .filter(monthly_records::month.eq(month))
            .select(MonthlyRow::as_select())
            .load::<MonthlyRow>(conn)?
        {
            out.insert(r.member_id, r);
        }
    }
    Ok(out)
}

fn build(conn: &mut DbConn, unit: &UnitRow, month: NaiveDate) -> AppResult<MonthlySheet> {
    let members = sheet_members(conn, unit)?;
    let ids: Vec<i64> = members.iter().map(|m| m.id).collect();
    let rows = month_rows(conn, unit.tenant_id, &ids, month)?;
    Ok(MonthlySheet {
        unit_id: UnitId(unit.id),
        unit_name: unit.name.clone(),
        month,
        rows: members
            .iter()
            .map(|m| MonthlySheetRow {
                member: m.to_dto(),
                record: rows.get(&m.id).map(MonthlyRow::to_dto),
            })
            .collect(),
    })
}

pub fn sheet(
    conn: &mut DbConn,
    scope: &Scope,
    unit: UnitId,
    month: NaiveDate,
) -> AppResult<(MonthlySheet, TenantId)> {
    check_month(month, Utc::now().date_naive())?;
    let unit = sheet_unit(conn, scope, unit)?;
    Ok((build(conn, &unit, month)?, unit.tenant()))
}

/// Saves a month for some or all of the branch's members, all or nothing.
pub fn save_sheet(
    conn: &mut DbConn,
    scope: &Scope,
    unit: UnitId,
    input: MonthlySheetInput,
) -> AppResult<MonthlySheet> {
    let now = Utc::now().naive_utc();
    check_month(input.month, now.date())?;
    let unit = sheet_unit(conn, scope, unit)?;
    let members: HashSet<i64> = sheet_members(conn, &unit)?.iter().map(|m| m.id).collect();
    let ids: Vec<i64> = input.entries.iter().map(|e| e.member_id.0).collect();
    let existing = month_rows(conn, unit.tenant_id, &ids, input.month)?;
    let mut errors = Vec::new();
    if input.entries.is_empty() {
        errors.push(field(
            "entries",
            "required",
            "Chưa có đảng viên nào được ghi.",
        ));
    }
    let mut seen = HashSet::new();
    let mut stale = false;
    let mut cleaned = Vec::with_capacity(input.entries.len());
    for (i, e) in input.entries.iter().enumerate() {
        let at = |f: &str| format!("entries[{i}].{f}");
        if !members.contains(&e.member_id.0) {
            errors.push(field(
                at("member_id"),
                "not_in_unit",
                "Đảng viên không sinh hoạt ở chi bộ này.",
            ));
            continue;
        }
        if !seen.insert(e.member_id) {
            errors.push(field(
                at("member_id"),
                "duplicate",
                "Đảng viên bị ghi hai lần.",
            ));
            continue;
        }
        let absence_reason = e
            .absence_reason
            .as_deref()
            .and_then(|r| text(&mut errors, &at("absence_reason"), r, false, 500));
        let dues_reason = e
            .dues_reason
            .as_deref()
            .and_then(|r| text(&mut errors, &at("dues_reason"), r, false, 500));
        // A reason the branch accepted must be written down.
        if e.absence_excused && absence_reason.is_none() {
            errors.push(field(
                at("absence_reason"),
                "required",
                "Ghi lý do vắng mặt được chi bộ chấp nhận.",
            ));
        }
        if e.absence_excused && e.attendance != Some(Attendance::Absent) {
            errors.push(field(
                at("absence_excused"),
                "not_absent",
                "Chỉ xét lý do khi đảng viên vắng mặt.",
            ));
        }
        if e.dues_excused && dues_reason.is_none() {
            errors.push(field(
                at("dues_reason"),
                "required",
                "Ghi lý do chưa đóng đảng phí được chi bộ chấp nhận.",
            ));
        }
        if e.dues_excused && e.dues != Some(Dues::Unpaid) {
            errors.push(field(
                at("dues_excused"),
                "not_unpaid",
                "Chỉ xét lý do khi chưa đóng đảng phí.",
            ));
        }
        stale |= crate::repo::stale_row(existing.get(&e.member_id.0).map(|r| r.version), e.version);
        cleaned.push((e, absence_reason, dues_reason));
    }
    fail_if(errors)?;
    if stale {
        return Err(AppError::new(ErrorCode::PreconditionFailed)
            .detail("Sổ theo dõi tháng này đã được người khác thay đổi; hãy tải lại."));
    }
    let actor = scope.actor().map(|u| u.0);
    let mut audits = Vec::new();
    for (e, absence_reason, dues_reason) in cleaned {
        let flag = attendance::notable(e.attendance, e.absence_excused, e.dues, e.dues_excused);
        let before = existing.get(&e.member_id.0);
        let id = match before {
            Some(row) => {
                // Guarded by the version read (see ratings::save_sheet).
                let changed = diesel::update(
                    monthly_records::table
                        .filter(monthly_records::tenant_id.eq(row.tenant_id))
                        .filter(monthly_records::id.eq(row.id))
                        .filter(monthly_records::version.eq(row.version)),
                )
                .set((
                    monthly_records::unit_id.eq(unit.id),
                    monthly_records::attendance.eq(e.attendance.map(Attendance::code)),
                    monthly_records::absence_reason.eq(&absence_reason),
                    monthly_records::absence_excused.eq(e.absence_excused),
                    monthly_records::dues.eq(e.dues.map(Dues::code)),
                    monthly_records::dues_reason.eq(&dues_reason),
                    monthly_records::dues_excused.eq(e.dues_excused),
                    monthly_records::notable.eq(flag),
                    monthly_records::recorded_by.eq(actor),
                    monthly_records::version.eq(row.version + 1),
                    monthly_records::updated_at.eq(now),
                ))
                .execute(conn)?;
                if changed == 0 {
                    return Err(AppError::new(ErrorCode::PreconditionFailed));
                }
                row.id
            }
            None => diesel::insert_into(monthly_records::table)
                .values((
                    monthly_records::tenant_id.eq(unit.tenant_id),
                    monthly_records::member_id.eq(e.member_id.0),
                    monthly_records::unit_id.eq(unit.id),
                    monthly_records::month.eq(input.month),
                    monthly_records::attendance.eq(e.attendance.map(Attendance::code)),
                    monthly_records::absence_reason.eq(&absence_reason),
                    monthly_records::absence_excused.eq(e.absence_excused),
                    monthly_records::dues.eq(e.dues.map(Dues::code)),
                    monthly_records::dues_reason.eq(&dues_reason),
                    monthly_records::dues_excused.eq(e.dues_excused),
                    monthly_records::notable.eq(flag),
                    monthly_records::recorded_by.eq(actor),
                    monthly_records::version.eq(1i64),
                    monthly_records::updated_at.eq(now),
                ))
                .returning(monthly_records::id)
                .get_result(conn)
                .map_err(crate::repo::created_meanwhile)?,
        };
        audits.push(
            AuditEntry::new(
                TenantId(unit.tenant_id),
                scope.actor(),
                scope.ctx(),
                if before.is_some() {
                    "monthly.update"
                } else {
                    "monthly.create"
                },
                "monthly_record",
                Some(id),
                serde_json::json!({
                    "member_id": e.member_id, "month": input.month,
                    "before": before.map(MonthlyRow::to_dto),
                    "after": { "attendance": e.attendance, "absence_excused": e.absence_excused,
                               "dues": e.dues, "dues_excused": e.dues_excused },
                }),
            )
            .unit(unit.id),
        );
    }
    audit::record(conn, &audits)?;
    build(conn, &unit, input.month)
}

/// A member's last `months` months on record, newest first.
pub fn of_member(
    conn: &mut DbConn,
    tenant: TenantId,
    member: MemberId,
    months: i64,
) -> AppResult<Vec<MonthlyRecord>> {
    Ok(monthly_records::table
        .filter(monthly_records::tenant_id.eq(tenant.0))
        .filter(monthly_records::member_id.eq(member.0))
        .order(monthly_records::month.desc())
        .limit(months)
        .select(MonthlyRow::as_select())
        .load::<MonthlyRow>(conn)?
        .iter()
        .map(MonthlyRow::to_dto)
        .collect())
}
