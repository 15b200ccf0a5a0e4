//! The working-day calendar (global): read for every deadline, seeded once with the
//! statutory holidays of 2021–2030, edited by province administrators.

use crate::audit::{self, AuditEntry};
use crate::auth::scope::{Area, Scope};
use crate::db::DbConn;
use crate::db::schema::{calendar_days, calendar_years};
use crate::error::{AppError, AppResult};
use crate::repo::field;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use rasoat_shared::TenantId;
use rasoat_shared::api::cases::{CalendarDay, CalendarDayInput, CalendarYear};
use rasoat_shared::cases::calendar::{Calendar, DayKind, SEEDED_YEARS, statutory_holidays};
use std::sync::{Arc, RwLock};

/// The calendar as last read, under the signature of the table it was read from (how many
/// days, and the latest edit). Every case list computes deadlines on it, and it changes a
/// few times a year: one tiny aggregate tells whether the copy is still the table's — in
/// any server process, over any database (each has its own signature).
type Signature = (i64, Option<NaiveDateTime>);
static CACHE: RwLock<Option<(Signature, Arc<Calendar>)>> = RwLock::new(None);

/// The whole calendar (a few hundred rows), read again only when the table changed.
pub fn load(conn: &mut DbConn) -> AppResult<Arc<Calendar>> {
    let sig: Signature = crate::per_backend!(conn, |c| calendar_days::table
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::max(calendar_days::updated_at)
        ))
        .first(c))?;
    if let Ok(guard) = CACHE.read()
        && let Some((seen, cal)) = guard.as_ref()
        && *seen == sig
    {
        return Ok(cal.clone());
    }
    let rows: Vec<(NaiveDate, String)> = crate::per_backend!(conn, |c| calendar_days::table
        .select((calendar_days::day, calendar_days::kind))
        .load(c))?;
    let cal = Arc::new(Calendar::new(
        rows.into_iter()
            .filter_map(|(d, k)| Some((d, DayKind::from_code(&k)?))),
    ));
    if let Ok(mut guard) = CACHE.write() {
        *guard = Some((sig, cal.clone()));
    }
    Ok(cal)
}

/// Seeds the years 2021–2030 that were never seeded (an administrator's later edits stay:
/// a year is seeded once). Returns how many days were written.
pub fn seed(conn: &mut DbConn) -> AppResult<usize> {
    let done: Vec<i32> = calendar_years::table
        .select(calendar_years::year)
        .load(conn)?;
    let now = Utc::now().naive_utc();
    let mut written = 0;
    for year in SEEDED_YEARS.filter(|y| !done.contains(y)) {
        let days = statutory_holidays(year);
        let dates: Vec<NaiveDate> = days.iter().map(|d| d.date).collect();
        let present: Vec<NaiveDate> = calendar_days::table
            .filter(calendar_days::day.eq_any(&dates))
            .select(calendar_days::day)
            .load(conn)?;
        for day in days.iter().filter(|d| !present.contains(&d.date)) {
            written += diesel::insert_into(calendar_days::table)
                .values((
                    calendar_days::day.eq(day.date),
                    calendar_days::kind.eq(day.kind.code()),
                    calendar_days::name_vi.eq(&day.name_vi),
                    calendar_days::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        diesel::insert_into(calendar_years::table)
            .values((
                calendar_years::year.eq(year),
                calendar_years::seeded_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(written)
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

/// The days of `year` that differ from the ordinary week, and its working-day count.
pub fn year(conn: &mut DbConn, year: i32) -> AppResult<CalendarYear> {
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Err(AppError::validation(vec![field(
            "year",
            "out_of_range",
            "Năm không hợp lệ.",
        )]));
    };
    if !(1990..=2100).contains(&year) {
        return Err(AppError::validation(vec![field(
            "year",
            "out_of_range",
            "Năm phải từ 1990 đến 2100.",
        )]));
    }
    let rows: Vec<(NaiveDate, String, String, NaiveDateTime)> = calendar_days::table
        .filter(calendar_days::day.between(first, last))
        .order(calendar_days::day.asc())
        .select((
            calendar_days::day,
            calendar_days::kind,
            calendar_days::name_vi,
            calendar_days::updated_at,
        ))
        .load(conn)?;
    let cal = load(conn)?;
    let start = first.pred_opt().unwrap_or(first);
    let working = cal.working_days_between(start, last);
    Ok(CalendarYear {
        year,
        days: rows
            .into_iter()
            .filter_map(|(date, kind, name_vi, at)| {
                Some(CalendarDay {
                    date,
                    kind: DayKind::from_code(&kind)?,
                    name_vi,
                    updated_at: utc(at),
                })
            })
            .collect(),
        working_days: u32::try_from(working).unwrap_or(0),
    })
}

/// Only a grant held at the province edits the province's calendar.
fn require_province(scope: &Scope) -> AppResult<()> {
    if matches!(scope.area(), Area::Province) {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// Sets what a day is (a holiday, or a weekend day worked in a swap).
pub fn put(
    conn: &mut DbConn,
    scope: &Scope,
    date: NaiveDate,
    input: CalendarDayInput,
) -> AppResult<CalendarDay> {
    require_province(scope)?;
    let name = input.name_vi.trim().to_string();
    let mut errors = Vec::new();
    if name.is_empty() || name.chars().count() > 200 {
        errors.push(field(
            "name_vi",
            "required",
            "Ghi tên ngày (tối đa 200 ký tự).",
        ));
    }
    if !(1990..=2100).contains(&date.year()) {
        errors.push(field("date", "out_of_range", "Năm phải từ 1990 đến 2100."));
    }
    crate::repo::review::fail_if(errors)?;
    let now = Utc::now().naive_utc();
    let actor = scope.actor().map(|u| u.0);
    let existing: Vec<(String, String)> = calendar_days::table
        .filter(calendar_days::day.eq(date))
        .select((calendar_days::kind, calendar_days::name_vi))
        .load(conn)?;
    if existing.is_empty() {
        diesel::insert_into(calendar_days::table)
            .values((
                calendar_days::day.eq(date),
                calendar_days::kind.eq(input.kind.code()),
                calendar_days::name_vi.eq(&name),
                calendar_days::updated_by.eq(actor),
                calendar_days::updated_at.eq(now),
            ))
            .execute(conn)?;
    } else {
        diesel::update(calendar_days::table.filter(calendar_days::day.eq(date)))
            .set((
                calendar_days::kind.eq(input.kind.code()),
                calendar_days::name_vi.eq(&name),
                calendar_days::updated_by.eq(actor),
                calendar_days::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    audit::record(
        conn,
        &[AuditEntry::new(
            TenantId::PROVINCE,
            scope.actor(),
            scope.ctx(),
            "calendar.put",
            "calendar_day",
            None,
            serde_json::json!({ "date": date, "kind": input.kind, "name_vi": name,
                "before": existing.first() }),
        )],
    )?;
    Ok(CalendarDay {
        date,
        kind: input.kind,
        name_vi: name,
        updated_at: utc(now),
    })
}

/// Makes a day ordinary again (404 when it was).
pub fn delete(conn: &mut DbConn, scope: &Scope, date: NaiveDate) -> AppResult<()> {
    require_province(scope)?;
    let existing: Vec<(String, String)> = calendar_days::table
        .filter(calendar_days::day.eq(date))
        .select((calendar_days::kind, calendar_days::name_vi))
        .load(conn)?;
    if existing.is_empty() {
        return Err(AppError::not_found());
    }
    diesel::delete(calendar_days::table.filter(calendar_days::day.eq(date))).execute(conn)?;
    audit::record(
        conn,
        &[AuditEntry::new(
            TenantId::PROVINCE,
            scope.actor(),
            scope.ctx(),
            "calendar.delete",
            "calendar_day",
            None,
            serde_json::json!({ "date": date, "before": existing.first() }),
        )],
    )?;
    Ok(())
}
