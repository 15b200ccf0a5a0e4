//! Importing members: every row checked against the same rules as `POST /members` (the
//! shared validation, the branch in scope and able to hold members, one record per
//! citizen ID and per Party card across the province), then all rows written at once.

use super::file::{RawRow, problem};
use crate::audit::{self, AuditEntry};
use crate::auth::scope::Scope;
use crate::db::DbConn;
use crate::db::schema::{members, unit_closure, units};
use crate::error::AppResult;
use crate::repo::members::MemberValues;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use rasoat_shared::api::imports::ImportProblem;
use rasoat_shared::api::members::MemberInput;
use rasoat_shared::imports::{MEMBER_COLUMNS, member_field_column, read_member_row};
use rasoat_shared::member::{MemberStatus, validate_member};
use rasoat_shared::org::OrgType;
use rasoat_shared::settings::RuleSettings;
use rasoat_shared::{TenantId, UnitId};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};

/// A row that passed every check, ready to insert.
pub struct Checked {
    pub row: u32,
    pub input: MemberInput,
}

fn column(key: &str) -> Option<&'static rasoat_shared::imports::ImportColumn> {
    MEMBER_COLUMNS.iter().find(|c| c.key == key)
}

struct BranchInfo {
    id: i64,
    holds_members: bool,
    ended: bool,
}

/// The branches under `unit` (itself included) by code.
fn branches_by_code(
    conn: &mut DbConn,
    tenant: i64,
    unit: i64,
    today: NaiveDate,
) -> AppResult<HashMap<String, BranchInfo>> {
    let rows: Vec<(i64, Option<String>, String, Option<NaiveDate>)> = units::table
        .inner_join(
            unit_closure::table.on(unit_closure::descendant_id
                .eq(units::id)
                .and(unit_closure::tenant_id.eq(units::tenant_id))),
        )
        .filter(unit_closure::tenant_id.eq(tenant))
        .filter(unit_closure::ancestor_id.eq(unit))
        .select((units::id, units::code, units::org_type, units::valid_to))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, code, org_type, valid_to)| {
            let code = code?;
            Some((
                code.trim().to_lowercase(),
                BranchInfo {
                    id,
                    holds_members: OrgType::from_code(&org_type).is_some_and(|t| t.holds_members()),
                    ended: valid_to.is_some_and(|d| d <= today),
                },
            ))
        })
        .collect())
}

/// Which of `values` some member already has in `col` (the whole province: one person,
/// one record).
fn taken(conn: &mut DbConn, values: Vec<String>, national_id: bool) -> AppResult<Vec<String>> {
    let mut out = Vec::new();
    for chunk in values.chunks(900) {
        let found: Vec<Option<String>> = if national_id {
            members::table
                .filter(members::national_id.eq_any(chunk))
                .select(members::national_id)
                .load(conn)?
        } else {
            members::table
                .filter(members::party_card_no.eq_any(chunk))
                .select(members::party_card_no)
                .load(conn)?
        };
        out.extend(found.into_iter().flatten());
    }
    Ok(out)
}

/// Checks every row; all rows pass or the problems of all rows are returned.
pub fn check(
    conn: &mut DbConn,
    tenant: i64,
    unit: i64,
    unit_name: &str,
    rows: &[RawRow],
    rules: &RuleSettings,
    today: NaiveDate,
) -> AppResult<Result<Vec<Checked>, Vec<ImportProblem>>> {
    let branches = branches_by_code(conn, tenant, unit, today)?;
    let mut problems = Vec::new();
    let mut checked = Vec::with_capacity(rows.len());
    let mut ids_in_file: HashMap<String, u32> = HashMap::new();
    let mut cards_in_file: HashMap<String, u32> = HashMap::new();
    for raw in rows {
        let read = match read_member_row(|k| raw.cell(k)) {
            Ok(r) => r,
            Err(list) => {
                problems.extend(
                    list.into_iter()
                        .map(|(key, (code, msg))| problem(raw.row, column(key), code, msg)),
                );
                continue;
            }
        };
        let branch = match branches.get(&read.unit_code.trim().to_lowercase()) {
            None => {
                problems.push(problem(
                    raw.row,
                    column("unit_code"),
                    "unit_not_found",
                    format!(
                        "Không có tổ chức đảng mã “{}” trong {unit_name}.",
                        read.unit_code
                    ),
                ));
                continue;
            }
            Some(b) if !b.holds_members => {
                problems.push(problem(
                    raw.row,
                    column("unit_code"),
                    "unit_holds_no_members",
                    format!(
                        "“{}”: đảng viên chỉ sinh hoạt ở chi bộ hoặc chi bộ cơ sở.",
                        read.unit_code
                    ),
                ));
                continue;
            }
            Some(b) if b.ended => {
                problems.push(problem(
                    raw.row,
                    column("unit_code"),
                    "unit_ended",
                    format!("“{}” đã kết thúc hoạt động.", read.unit_code),
                ));
                continue;
            }
            Some(b) => b.id,
        };
        let input = MemberInput {
            full_name: read.full_name,
            gender: read.gender,
            date_of_birth: read.date_of_birth,
            ethnicity: read.ethnicity,
            national_id: read.national_id,
            party_card_no: read.party_card_no,
            phone: read.phone,
            admission_date: read.admission_date,
            official_date: read.official_date,
            membership: read.membership,
            exempted: read.exempted,
            suspended: false,
            home_unit_id: UnitId(branch),
            temp_unit_id: None,
            residence_unit_id: None,
            state_employment: read.state_employment,
            higher_managed_cadre: read.higher_managed_cadre,
        };
        let errors = validate_member(&input, today, rules);
        if !errors.is_empty() {
            problems.extend(errors.into_iter().map(|e| {
                problem(
                    raw.row,
                    column(member_field_column(&e.field)),
                    &e.code,
                    e.message,
                )
            }));
            continue;
        }
        let mut dup = false;
        for (value, seen, key, what) in [
            (
                &input.national_id,
                &mut ids_in_file,
                "national_id",
                "Số CCCD",
            ),
            (
                &input.party_card_no,
                &mut cards_in_file,
                "party_card_no",
                "Số thẻ đảng viên",
            ),
        ] {
            if let Some(v) = value
                && let Some(first) = seen.insert(v.clone(), raw.row)
            {
                problems.push(problem(
                    raw.row,
                    column(key),
                    "duplicate_in_file",
                    format!("{what} {v} trùng với dòng {first}."),
                ));
                dup = true;
            }
        }
        if !dup {
            checked.push(Checked {
                row: raw.row,
                input,
            });
        }
    }
    for (national, seen, key, code, what) in [
        (
            true,
            &ids_in_file,
            "national_id",
            "duplicate_national_id",
            "Số CCCD",
        ),
        (
            false,
            &cards_in_file,
            "party_card_no",
            "duplicate_party_card",
            "Số thẻ đảng viên",
        ),
    ] {
        for v in taken(conn, seen.keys().cloned().collect(), national)? {
            if let Some(row) = seen.get(&v) {
                problems.push(problem(
                    *row,
                    column(key),
                    code,
                    format!("{what} {v} đã có trong danh sách đảng viên."),
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(Ok(checked))
    } else {
        problems.sort_by(|a, b| a.row.cmp(&b.row).then_with(|| a.column.cmp(&b.column)));
        Ok(Err(problems))
    }
}

/// Rows per INSERT: within both backends' limits on bound parameters (≈ 23 per row).
const CHUNK: usize = 500;

#[derive(QueryableByName)]
struct NextId {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
}

/// Ids for `n` new members, taken before the rows are written, so that the rows go in
/// as multi-row INSERTs without RETURNING (which diesel runs on SQLite one statement per
/// row: 3× slower on a 50,000-member file). SQLite: the ids after the largest, which the
/// one writer holds for its transaction; PostgreSQL: from the column's identity sequence.
fn reserve_ids(conn: &mut DbConn, n: usize) -> AppResult<Vec<i64>> {
    let count = i64::try_from(n).unwrap_or(i64::MAX);
    match conn {
        DbConn::Sqlite(c) => {
            let top: Option<i64> = members::table
                .select(diesel::dsl::max(members::id))
                .first(c)?;
            let base = top.unwrap_or(0);
            Ok((base + 1..=base + count).collect())
        }
        DbConn::Pg(c) => Ok(diesel::sql_query(
            "SELECT nextval(pg_get_serial_sequence('members', 'id')) AS id FROM generate_series(1, $1)",
        )
        .bind::<diesel::sql_types::BigInt, _>(count)
        .load::<NextId>(c)?
        .into_iter()
        .map(|r| r.id)
        .collect()),
    }
}

/// Writes the checked rows and one audit entry per member created (which also puts each
/// on the change feed), inside the caller's transaction. `progress` counts rows written.
pub fn apply(
    conn: &mut DbConn,
    scope: &Scope,
    tenant: i64,
    job_id: i64,
    rows: &[Checked],
    now: NaiveDateTime,
    progress: &AtomicU32,
) -> AppResult<u32> {
    let status = MemberStatus::Active.code();
    let mut written = 0u32;
    let (mut insert_time, mut audit_time) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    let all_ids = reserve_ids(conn, rows.len())?;
    for (chunk, ids) in rows.chunks(CHUNK).zip(all_ids.chunks(CHUNK)) {
        let t = std::time::Instant::now();
        let values: Vec<_> = chunk
            .iter()
            .zip(ids)
            .map(|(r, id)| {
                (
                    MemberValues::from_input(&r.input, now),
                    members::id.eq(*id),
                    members::tenant_id.eq(tenant),
                    members::status.eq(status),
                    members::version.eq(1i64),
                    members::created_at.eq(now),
                )
            })
            .collect();
        crate::per_backend!(conn, |c| diesel::insert_into(members::table)
            .values(&values)
            .execute(c))?;
        insert_time += t.elapsed();
        let t = std::time::Instant::now();
        let entries: Vec<AuditEntry> = chunk
            .iter()
            .zip(ids)
            .map(|(r, id)| {
                AuditEntry::new(
                    TenantId(tenant),
                    scope.actor(),
                    scope.ctx(),
                    "member.create",
                    "member",
                    Some(*id),
                    serde_json::json!({ "import": job_id, "row": r.row }),
                )
                .unit(r.input.home_unit_id.0)
            })
            .map(|e| with_actor(e, scope))
            .collect();
        audit::record(conn, &entries)?;
        audit_time += t.elapsed();
        written += u32::try_from(ids.len()).unwrap_or(u32::MAX);
        progress.store(written, Ordering::Relaxed);
    }
    tracing::info!(
        job = job_id,
        rows = written,
        insert_ms = insert_time.as_millis() as u64,
        audit_ms = audit_time.as_millis() as u64,
        "import rows written"
    );
    Ok(written)
}

/// The entry's actor as the scope's subject (a user or a service client).
pub fn with_actor(mut e: AuditEntry, scope: &Scope) -> AuditEntry {
    match scope.subject() {
        crate::auth::token::Subject::User { id, .. } => {
            e.actor_user_id = Some(id.0);
            e.actor_client_id = None;
        }
        crate::auth::token::Subject::Client { id, .. } => {
            e.actor_user_id = None;
            e.actor_client_id = Some(id);
        }
    }
    e
}
