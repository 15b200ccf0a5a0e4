//! Importing monthly attendance and dues (the Handbook app's meeting attendance, the
//! online dues): each row names a member of the file's unit and a month. Rows are grouped
//! by branch and month and saved through the branch's monthly sheet
//! (`review::monthly::save_sheet`), so its rules hold (a reason for every excused absence
//! or unpaid month, no month ahead) and each record is audited — and on the change feed —
//! as if entered by hand. A month already recorded for that member is replaced.

use super::file::{RawRow, problem};
use super::people::{People, sheet_problems};
use crate::auth::scope::Scope;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::repo::review::monthly::{month_rows, save_sheet};
use chrono::{Datelike, NaiveDate};
use rasoat_shared::api::imports::ImportProblem;
use rasoat_shared::api::review::{MonthlyEntry, MonthlySheetInput};
use rasoat_shared::imports::{ImportColumn, MONTHLY_COLUMNS, MonthlyRowIn, read_monthly_row};
use rasoat_shared::{MemberId, UnitId};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU32, Ordering};

fn column(key: &str) -> Option<&'static ImportColumn> {
    MONTHLY_COLUMNS.iter().find(|c| c.key == key)
}

/// The rows of one branch and one month: one monthly sheet.
pub struct Group {
    pub unit: i64,
    pub month: NaiveDate,
    pub entries: Vec<(u32, i64, MonthlyRowIn)>,
}

/// Checks every row; all pass (grouped into sheets) or every problem is returned.
pub fn check(
    conn: &mut DbConn,
    tenant: i64,
    unit: i64,
    unit_name: &str,
    rows: &[RawRow],
    today: NaiveDate,
) -> AppResult<Result<Vec<Group>, Vec<ImportProblem>>> {
    let people = People::of(conn, tenant, unit)?;
    let this_month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
    let mut problems = Vec::new();
    let mut seen: HashMap<(i64, NaiveDate), u32> = HashMap::new();
    let mut groups: BTreeMap<(i64, NaiveDate), Group> = BTreeMap::new();
    for raw in rows {
        let (r, person) = match people.read_row(
            raw,
            |raw| read_monthly_row(|k| raw.cell(k)),
            unit_name,
            column,
        ) {
            Ok(found) => found,
            Err(mut p) => {
                problems.append(&mut p);
                continue;
            }
        };
        if r.month > this_month {
            problems.push(problem(
                raw.row,
                column("month"),
                "future_month",
                "Không ghi trước cho tháng chưa tới.".into(),
            ));
            continue;
        }
        if let Some(first) = seen.insert((person.id, r.month), raw.row) {
            problems.push(problem(
                raw.row,
                column("month"),
                "duplicate_in_file",
                format!("Đảng viên này đã có tháng này ở dòng {first}."),
            ));
            continue;
        }
        groups
            .entry((person.unit, r.month))
            .or_insert_with(|| Group {
                unit: person.unit,
                month: r.month,
                entries: Vec::new(),
            })
            .entries
            .push((raw.row, person.id, r));
    }
    if problems.is_empty() {
        Ok(Ok(groups.into_values().collect()))
    } else {
        problems.sort_by(|a, b| a.row.cmp(&b.row).then_with(|| a.column.cmp(&b.column)));
        Ok(Err(problems))
    }
}

/// Saves each group as its branch's monthly sheet, inside the caller's transaction; a
/// sheet's refusal comes back as the problems of its rows.
pub fn apply(
    conn: &mut DbConn,
    scope: &Scope,
    tenant: i64,
    groups: &[Group],
    progress: &AtomicU32,
) -> AppResult<Result<u32, Vec<ImportProblem>>> {
    let mut written = 0u32;
    for g in groups {
        let ids: Vec<i64> = g.entries.iter().map(|e| e.1).collect();
        let versions: HashMap<i64, i64> = month_rows(conn, tenant, &ids, g.month)?
            .into_iter()
            .map(|(member, row)| (member, row.version))
            .collect();
        let input = MonthlySheetInput {
            month: g.month,
            entries: g
                .entries
                .iter()
                .map(|(_, member, r)| MonthlyEntry {
                    member_id: MemberId(*member),
                    attendance: r.attendance,
                    absence_reason: r.absence_reason.clone(),
                    absence_excused: r.absence_excused,
                    dues: r.dues,
                    dues_reason: r.dues_reason.clone(),
                    dues_excused: r.dues_excused,
                    version: versions.get(member).copied(),
                })
                .collect(),
        };
        match save_sheet(conn, scope, UnitId(g.unit), input) {
            Ok(_) => {}
            Err(e) if !e.errors.is_empty() => {
                let rows: Vec<u32> = g.entries.iter().map(|e| e.0).collect();
                return Ok(Err(sheet_problems(&e.errors, &rows, column)));
            }
            Err(e) => return Err(e),
        }
        written += u32::try_from(g.entries.len()).unwrap_or(u32::MAX);
        progress.store(written, Ordering::Relaxed);
    }
    Ok(Ok(written))
}
