//! Ratings: a branch's sheet for a period (read, and save all entries in one transaction),
//! and a member's ratings.

use super::{
    SheetRow, document, fail_if, field, join_codes, sheet_members, sheet_unit, split_codes,
};
use crate::audit::{self, AuditEntry};
use crate::auth::scope::Scope;
use crate::db::DbConn;
use crate::db::schema::ratings;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use rasoat_shared::api::review::{
    DocumentRef, Rating, RatingSheet, RatingSheetInput, RatingSheetRow, RegulationRef,
};
use rasoat_shared::rating::{
    self, BelowBandReason, PeriodKey, RatingLevel, RatingPeriod, check_entry, quota, rateable,
};
use rasoat_shared::regulation::Regulation;
use rasoat_shared::settings::RuleSettings;
use rasoat_shared::{ErrorCode, MemberId, TenantId, UnitId};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ratings)]
pub struct RatingRow {
    pub tenant_id: i64,
    pub id: i64,
    pub member_id: i64,
    pub unit_id: i64,
    pub year: i32,
    pub period: String,
    pub quarter: i16,
    pub level: String,
    pub score: Option<f64>,
    pub below_band_reasons: String,
    pub note: Option<String>,
    pub regulation_code: String,
    pub decision_number: Option<String>,
    pub decision_signed_on: Option<NaiveDate>,
    pub quota_pct: i16,
    pub recorded_by: Option<i64>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

fn corrupt(what: &str, id: i64) -> AppError {
    AppError::internal(anyhow::anyhow!("rating {id} has a bad {what}"))
}

impl RatingRow {
    pub fn period_key(&self) -> AppResult<PeriodKey> {
        let period =
            RatingPeriod::from_code(&self.period).ok_or_else(|| corrupt("period", self.id))?;
        Ok(PeriodKey {
            year: self.year,
            period,
            quarter: u8::try_from(self.quarter).ok().filter(|q| *q > 0),
        })
    }

    pub fn level(&self) -> AppResult<RatingLevel> {
        RatingLevel::from_code(&self.level).ok_or_else(|| corrupt("level", self.id))
    }

    pub fn to_dto(&self) -> AppResult<Rating> {
        Ok(Rating {
            id: self.id,
            member_id: MemberId(self.member_id),
            unit_id: UnitId(self.unit_id),
            period: self.period_key()?,
            level: self.level()?,
            score: self.score,
            band: self.score.map(rating::band),
            below_band_reasons: split_codes(&self.below_band_reasons)
                .filter_map(BelowBandReason::from_code)
                .collect(),
            note: self.note.clone(),
            regulation_code: self.regulation_code.clone(),
            decision: match (&self.decision_number, self.decision_signed_on) {
                (Some(number), Some(signed_on)) => Some(DocumentRef {
                    number: number.clone(),
                    signed_on,
                }),
                _ => None,
            },
            quota_pct: u8::try_from(self.quota_pct).unwrap_or(0),
            updated_at: DateTime::from_naive_utc_and_offset(self.updated_at, Utc),
            version: self.version,
        })
    }
}

pub fn regulation_ref(r: &Regulation) -> RegulationRef {
    RegulationRef {
        code: r.code.to_string(),
        signed_on: r.signed_on(),
        effective_from: r.effective_from(),
        title_vi: r.title_vi.to_string(),
    }
}

fn quarter_col(key: &PeriodKey) -> i16 {
    key.quarter.map(i16::from).unwrap_or(0)
}

fn check_period(key: &PeriodKey) -> AppResult<()> {
    key.validate()
        .map_err(|m| AppError::validation(vec![field("period", "invalid_period", m)]))?;
    let reg = rating::regulation_for(key);
    if key.period == RatingPeriod::Quarter && !rating::uses_scores(reg) {
        return Err(AppError::validation(vec![field(
            "period",
            "period_not_allowed",
            format!("{} chỉ xếp loại theo năm.", reg.code),
        )]));
    }
    Ok(())
}

/// Ratings of the sheet's members for the period (rated at any unit: a member who moved
/// keeps the rating the old branch gave).
pub fn period_rows(
    conn: &mut DbConn,
    tenant: i64,
    member_ids: &[i64],
    key: &PeriodKey,
) -> AppResult<Vec<RatingRow>> {
    let mut out = Vec::new();
    for chunk in member_ids.chunks(500) {
        out.extend(
            ratings::table
                .filter(ratings::tenant_id.eq(tenant))
                .filter(ratings::member_id.eq_any(chunk))
                .filter(ratings::year.eq(key.year))
                .filter(ratings::period.eq(key.period.code()))
                .filter(ratings::quarter.eq(quarter_col(key)))
                .select(RatingRow::as_select())
                .load(conn)?,
        );
    }
    Ok(out)
}

fn build_sheet(
    conn: &mut DbConn,
    unit: &crate::repo::units::UnitRow,
    key: PeriodKey,
    rules: &RuleSettings,
) -> AppResult<RatingSheet> {
    let members = sheet_members(conn, unit)?;
    let ids: Vec<i64> = members.iter().map(|m| m.id).collect();
    let rows: HashMap<i64, RatingRow> = period_rows(conn, unit.tenant_id, &ids, &key)?
        .into_iter()
        .map(|r| (r.member_id, r))
        .collect();
    let reg = rating::regulation_for(&key);
    let end = key.end();
    let mut sheet_rows = Vec::with_capacity(members.len());
    let mut levels = Vec::new();
    let mut pct: Option<u8> = None;
    for m in &members {
        let rating = match rows.get(&m.id) {
            Some(r) => {
                levels.push(r.level()?);
                let p = u8::try_from(r.quota_pct).unwrap_or(0);
                pct = Some(pct.map_or(p, |q| q.max(p)));
                Some(r.to_dto()?)
            }
            None => None,
        };
        sheet_rows.push(RatingSheetRow {
            member: m.to_dto(),
            not_rateable: rateable(m.exempted, m.suspended, m.admission_date, end).err(),
            rating,
        });
    }
    let pct = pct.unwrap_or_else(|| default_quota_pct(reg, false, rules));
    let sheet = RatingSheet {
        unit_id: UnitId(unit.id),
        unit_name: unit.name.clone(),
        period: key,
        regulation: regulation_ref(reg),
        uses_scores: rating::uses_scores(reg),
        quota: quota(levels, pct),
        rows: sheet_rows,
    };
    Ok(sheet)
}

fn default_quota_pct(reg: &Regulation, outstanding: bool, rules: &RuleSettings) -> u8 {
    if rating::uses_scores(reg) {
        if outstanding { 25 } else { 20 }
    } else {
        rules.excellent_quota_pct_before_366
    }
}

/// A branch's rating sheet for a period, and the tenant it lies in (for the audit entry).
pub fn sheet(
    conn: &mut DbConn,
    scope: &Scope,
    unit: UnitId,
    key: PeriodKey,
    rules: &RuleSettings,
) -> AppResult<(RatingSheet, TenantId)> {
    check_period(&key)?;
    let unit = sheet_unit(conn, scope, unit)?;
    Ok((build_sheet(conn, &unit, key, rules)?, unit.tenant()))
}

/// Saves the entries of a sheet: all of them or none. Each entry is checked against the
/// rule in force (bands, reasons, exclusions); a stale `version` refuses the whole sheet.
pub fn save_sheet(
    conn: &mut DbConn,
    scope: &Scope,
    unit: UnitId,
    input: RatingSheetInput,
    rules: &RuleSettings,
) -> AppResult<RatingSheet> {
    let key = input.period;
    check_period(&key)?;
    let unit = sheet_unit(conn, scope, unit)?;
    let members = sheet_members(conn, &unit)?;
    let ids: Vec<i64> = members.iter().map(|m| m.id).collect();
    let existing: HashMap<i64, RatingRow> = period_rows(conn, unit.tenant_id, &ids, &key)?
        .into_iter()
        .map(|r| (r.member_id, r))
        .collect();
    let reg = rating::regulation_for(&key);
    let now = Utc::now().naive_utc();
    let today = now.date();
    let by_id: HashMap<i64, &SheetRow> = members.iter().map(|m| (m.id, m)).collect();
    let mut errors = Vec::new();
    if let Some(doc) = &input.decision {
        document(&mut errors, "decision", doc, today);
    }
    if input.entries.is_empty() {
        errors.push(field(
            "entries",
            "required",
            "Chưa có đảng viên nào được xếp loại.",
        ));
    }
    let mut seen = HashSet::new();
    let mut stale = false;
    for (i, e) in input.entries.iter().enumerate() {
        let at = |f: &str| format!("entries[{i}].{f}");
        let Some(m) = by_id.get(&e.member_id.0) else {
            errors.push(field(
                at("member_id"),
                "not_in_unit",
                "Đảng viên không sinh hoạt ở chi bộ này.",
            ));
            continue;
        };
        if !seen.insert(e.member_id) {
            errors.push(field(
                at("member_id"),
                "duplicate",
                "Đảng viên bị ghi hai lần.",
            ));
            continue;
        }
        if let Err(why) = rateable(m.exempted, m.suspended, m.admission_date, key.end()) {
            errors.push(field(at("member_id"), "not_rateable", why.label_vi()));
            continue;
        }
        if let Err(p) = check_entry(reg, e.level, e.score, &e.below_band_reasons) {
            errors.push(field(at(p.field), p.code, p.message));
        }
        if let Some(note) = &e.note
            && note.chars().count() > 2000
        {
            errors.push(field(at("note"), "too_long", "Tối đa 2000 ký tự."));
        }
        stale |= crate::repo::stale_row(existing.get(&m.id).map(|r| r.version), e.version);
    }
    fail_if(errors)?;
    if stale {
        return Err(AppError::new(ErrorCode::PreconditionFailed).detail(
            "Xếp loại của một số đảng viên đã được người khác thay đổi; hãy tải lại bảng.",
        ));
    }
    let pct = i16::from(default_quota_pct(reg, input.outstanding_unit, rules));
    let actor = scope.actor().map(|u| u.0);
    let (number, signed_on) = match &input.decision {
        Some(d) => (Some(d.number.trim().to_string()), Some(d.signed_on)),
        None => (None, None),
    };
    let mut audits = Vec::new();
    for e in &input.entries {
        let reasons = join_codes(
            e.below_band_reasons
                .iter()
                .filter(|_| e.score.is_some_and(|s| e.level.below(rating::band(s))))
                .map(|r| r.code()),
        );
        let note = e.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let before = existing.get(&e.member_id.0);
        let id = match before {
            Some(row) => {
                // Guarded by the version read: a concurrent save of the same row wins
                // once, the other gets 412 and the transaction rolls back.
                let changed = diesel::update(
                    ratings::table
                        .filter(ratings::tenant_id.eq(row.tenant_id))
                        .filter(ratings::id.eq(row.id))
                        .filter(ratings::version.eq(row.version)),
                )
                .set((
                    ratings::unit_id.eq(unit.id),
                    ratings::level.eq(e.level.code()),
                    ratings::score.eq(e.score),
                    ratings::below_band_reasons.eq(&reasons),
                    ratings::note.eq(note),
                    ratings::regulation_code.eq(reg.code),
                    ratings::decision_number.eq(&number),
                    ratings::decision_signed_on.eq(signed_on),
                    ratings::quota_pct.eq(pct),
                    ratings::recorded_by.eq(actor),
                    ratings::version.eq(row.version + 1),
                    ratings::updated_at.eq(now),
                ))
                .execute(conn)?;
                if changed == 0 {
                    return Err(AppError::new(ErrorCode::PreconditionFailed));
                }
                row.id
            }
            None => diesel::insert_into(ratings::table)
                .values((
                    ratings::tenant_id.eq(unit.tenant_id),
                    ratings::member_id.eq(e.member_id.0),
                    ratings::unit_id.eq(unit.id),
                    ratings::year.eq(key.year),
                    ratings::period.eq(key.period.code()),
                    ratings::quarter.eq(quarter_col(&key)),
                    ratings::level.eq(e.level.code()),
                    ratings::score.eq(e.score),
                    ratings::below_band_reasons.eq(&reasons),
                    ratings::note.eq(note),
                    ratings::regulation_code.eq(reg.code),
                    ratings::decision_number.eq(&number),
                    ratings::decision_signed_on.eq(signed_on),
                    ratings::quota_pct.eq(pct),
                    ratings::recorded_by.eq(actor),
                    ratings::version.eq(1i64),
                    ratings::created_at.eq(now),
                    ratings::updated_at.eq(now),
                ))
                .returning(ratings::id)
                .get_result(conn)
                .map_err(crate::repo::created_meanwhile)?,
        };
        let before = before.map(RatingRow::to_dto).transpose()?;
        audits.push(
            AuditEntry::new(
                TenantId(unit.tenant_id),
                scope.actor(),
                scope.ctx(),
                if before.is_some() {
                    "rating.update"
                } else {
                    "rating.create"
                },
                "rating",
                Some(id),
                serde_json::json!({
                    "member_id": e.member_id,
                    "period": key,
                    "before": before,
                    "after": { "level": e.level, "score": e.score, "below_band_reasons": &reasons,
                               "regulation_code": reg.code, "decision_number": &number },
                }),
            )
            .unit(unit.id),
        );
    }
    audit::record(conn, &audits)?;
    build_sheet(conn, &unit, key, rules)
}

/// Every rating of one member, newest first.
pub fn of_member(conn: &mut DbConn, tenant: TenantId, member: MemberId) -> AppResult<Vec<Rating>> {
    ratings::table
        .filter(ratings::tenant_id.eq(tenant.0))
        .filter(ratings::member_id.eq(member.0))
        .order((ratings::year.desc(), ratings::quarter.desc()))
        .select(RatingRow::as_select())
        .load(conn)?
        .iter()
        .map(RatingRow::to_dto)
        .collect()
}
