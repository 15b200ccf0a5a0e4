//! Importing annual ratings: each row names a member (citizen ID or card number) of the
//! file's unit, a year and a level (and, from 2025, a score). Rows are grouped by branch
//! and year, and each group is saved through the branch's rating sheet
//! (`review::ratings::save_sheet`), so every rule of the sheet holds (who may be rated,
//! the level against the score's band, the regulation in force) and each rating is
//! audited — and on the change feed — as if entered by hand. A rating already recorded for
//! that member and year is replaced.

use super::file::{RawRow, problem};
use super::people::{People, sheet_problems};
use crate::auth::scope::Scope;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::repo::review::ratings::{period_rows, save_sheet};
use chrono::{Datelike, NaiveDate};
use rasoat_shared::api::imports::ImportProblem;
use rasoat_shared::api::review::{DocumentRef, RatingEntry, RatingSheetInput};
use rasoat_shared::imports::{ImportColumn, RATING_COLUMNS, read_rating_row};
use rasoat_shared::rating::{self, BelowBandReason, PeriodKey, RatingLevel, check_entry, rateable};
use rasoat_shared::settings::RuleSettings;
use rasoat_shared::{MemberId, UnitId};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU32, Ordering};

fn column(key: &str) -> Option<&'static ImportColumn> {
    RATING_COLUMNS.iter().find(|c| c.key == key)
}

/// One entry of a group, with the row it came from.
pub struct Entry {
    pub row: u32,
    pub member: i64,
    pub level: RatingLevel,
    pub score: Option<f64>,
    pub reasons: Vec<BelowBandReason>,
}

/// The rows of one branch and one year: one rating sheet.
pub struct Group {
    pub unit: i64,
    pub year: i32,
    pub decision: Option<DocumentRef>,
    pub entries: Vec<Entry>,
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
    let mut problems = Vec::new();
    let mut seen: HashMap<(i64, i32), u32> = HashMap::new();
    let mut groups: BTreeMap<(i64, i32), Group> = BTreeMap::new();
    for raw in rows {
        let (r, person) = match people.read_row(
            raw,
            |raw| read_rating_row(|k| raw.cell(k)),
            unit_name,
            column,
        ) {
            Ok(found) => found,
            Err(mut p) => {
                problems.append(&mut p);
                continue;
            }
        };
        if r.year > today.year() {
            problems.push(problem(
                raw.row,
                column("year"),
                "future_year",
                format!("Năm {} chưa đến.", r.year),
            ));
            continue;
        }
        let key = PeriodKey::year(r.year);
        if let Err(why) = rateable(
            person.exempted,
            person.suspended,
            person.admitted,
            key.end(),
        ) {
            problems.push(problem(
                raw.row,
                column("year"),
                "not_rateable",
                why.label_vi().to_string(),
            ));
            continue;
        }
        if let Err(p) = check_entry(rating::regulation_for(&key), r.level, r.score, &r.reasons) {
            let col = match p.field {
                "score" => "score",
                "below_band_reasons" => "below_band_reasons",
                _ => "level",
            };
            problems.push(problem(raw.row, column(col), p.code, p.message));
            continue;
        }
        if let Some(first) = seen.insert((person.id, r.year), raw.row) {
            problems.push(problem(
                raw.row,
                column("year"),
                "duplicate_in_file",
                format!(
                    "Đảng viên này đã có xếp loại năm {} ở dòng {first}.",
                    r.year
                ),
            ));
            continue;
        }
        let decision = r
            .decision
            .map(|(number, signed_on)| DocumentRef { number, signed_on });
        let group = groups
            .entry((person.unit, r.year))
            .or_insert_with(|| Group {
                unit: person.unit,
                year: r.year,
                decision: decision.clone(),
                entries: Vec::new(),
            });
        if group.decision != decision {
            problems.push(problem(
                raw.row,
                column("decision_number"),
                "decision_differs",
                "Một chi bộ, một năm: một quyết định công nhận; dòng này ghi quyết định khác các dòng trước."
                    .into(),
            ));
            continue;
        }
        group.entries.push(Entry {
            row: raw.row,
            member: person.id,
            level: r.level,
            score: r.score,
            reasons: r.reasons,
        });
    }
    if problems.is_empty() {
        Ok(Ok(groups.into_values().collect()))
    } else {
        problems.sort_by(|a, b| a.row.cmp(&b.row).then_with(|| a.column.cmp(&b.column)));
        Ok(Err(problems))
    }
}

/// Saves each group as its branch's sheet, inside the caller's transaction. A sheet's
/// refusal (a rule only the sheet knows) comes back as the problems of its rows.
pub fn apply(
    conn: &mut DbConn,
    scope: &Scope,
    tenant: i64,
    groups: &[Group],
    rules: &RuleSettings,
    progress: &AtomicU32,
) -> AppResult<Result<u32, Vec<ImportProblem>>> {
    let mut written = 0u32;
    for g in groups {
        let key = PeriodKey::year(g.year);
        let ids: Vec<i64> = g.entries.iter().map(|e| e.member).collect();
        let versions: HashMap<i64, i64> = period_rows(conn, tenant, &ids, &key)?
            .into_iter()
            .map(|r| (r.member_id, r.version))
            .collect();
        let input = RatingSheetInput {
            period: key,
            outstanding_unit: false,
            decision: g.decision.clone(),
            entries: g
                .entries
                .iter()
                .map(|e| RatingEntry {
                    member_id: MemberId(e.member),
                    level: e.level,
                    score: e.score,
                    below_band_reasons: e.reasons.clone(),
                    note: None,
                    version: versions.get(&e.member).copied(),
                })
                .collect(),
        };
        match save_sheet(conn, scope, UnitId(g.unit), input, rules) {
            Ok(_) => {}
            Err(e) if !e.errors.is_empty() => {
                let rows: Vec<u32> = g.entries.iter().map(|e| e.row).collect();
                // The sheet's fields and the file's columns: the decision's parts are
                // one column here, and what concerns the entry as a whole its level.
                let problems = sheet_problems(&e.errors, &rows, |field| {
                    column(if field.contains("decision") {
                        "decision_number"
                    } else if field == "score" || field == "below_band_reasons" {
                        field
                    } else {
                        "level"
                    })
                });
                return Ok(Err(problems));
            }
            Err(e) => return Err(e),
        }
        written += u32::try_from(g.entries.len()).unwrap_or(u32::MAX);
        progress.store(written, Ordering::Relaxed);
    }
    Ok(Ok(written))
}
