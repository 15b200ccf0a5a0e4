//! Importing annual ratings: each row names a member (citizen ID or card number) of the
//! file's unit, a year and a level (and, from 2025, a score). Rows are grouped by branch
//! and year, and each group is saved through the branch's rating sheet
//! (`review::ratings::save_sheet`), so every rule of the sheet holds (who may be rated,
//! the level against the score's band, the regulation in force) and each rating is
//! audited — and on the change feed — as if entered by hand. A rating already recorded for
//! that member and year is replaced.

use super::file::{RawRow, problem};
use crate::auth::scope::Scope;
use crate::db::DbConn;
use crate::db::schema::{members, unit_closure};
use crate::error::AppResult;
use crate::repo::review::ratings::{period_rows, save_sheet};
use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;
use rasoat_shared::api::imports::ImportProblem;
use rasoat_shared::api::review::{DocumentRef, RatingEntry, RatingSheetInput};
use rasoat_shared::imports::{ImportColumn, RATING_COLUMNS, read_rating_row};
use rasoat_shared::member::MemberStatus;
use rasoat_shared::names::search_key;
use rasoat_shared::rating::{self, BelowBandReason, PeriodKey, RatingLevel, check_entry, rateable};
use rasoat_shared::settings::RuleSettings;
use rasoat_shared::{MemberId, UnitId};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU32, Ordering};

fn column(key: &str) -> Option<&'static ImportColumn> {
    RATING_COLUMNS.iter().find(|c| c.key == key)
}

struct Person {
    id: i64,
    unit: i64,
    name_key: String,
    exempted: bool,
    suspended: bool,
    admitted: NaiveDate,
}

type PersonRow = (
    i64,
    i64,
    String,
    Option<String>,
    Option<String>,
    bool,
    bool,
    NaiveDate,
);

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
    let people: Vec<PersonRow> = members::table
        .inner_join(
            unit_closure::table.on(unit_closure::descendant_id
                .eq(members::home_unit_id)
                .and(unit_closure::tenant_id.eq(members::tenant_id))),
        )
        .filter(unit_closure::tenant_id.eq(tenant))
        .filter(unit_closure::ancestor_id.eq(unit))
        .filter(members::status.eq(MemberStatus::Active.code()))
        .select((
            members::id,
            members::home_unit_id,
            members::full_name,
            members::national_id,
            members::party_card_no,
            members::exempted,
            members::suspended,
            members::admission_date,
        ))
        .load(conn)?;
    let mut by_id_no: HashMap<String, usize> = HashMap::new();
    let mut by_card: HashMap<String, usize> = HashMap::new();
    let mut list = Vec::with_capacity(people.len());
    for (i, (id, home, name, nid, card, exempted, suspended, admitted)) in
        people.into_iter().enumerate()
    {
        if let Some(n) = nid {
            by_id_no.insert(n, i);
        }
        if let Some(c) = card {
            by_card.insert(c, i);
        }
        list.push(Person {
            id,
            unit: home,
            name_key: search_key(&name),
            exempted,
            suspended,
            admitted,
        });
    }

    let mut problems = Vec::new();
    let mut seen: HashMap<(i64, i32), u32> = HashMap::new();
    let mut groups: BTreeMap<(i64, i32), Group> = BTreeMap::new();
    for raw in rows {
        let r = match read_rating_row(|k| raw.cell(k)) {
            Ok(r) => r,
            Err(list) => {
                problems.extend(
                    list.into_iter()
                        .map(|(key, (code, msg))| problem(raw.row, column(key), code, msg)),
                );
                continue;
            }
        };
        let by_nid = r.national_id.as_ref().map(|n| by_id_no.get(n));
        let by_no = r.party_card_no.as_ref().map(|c| by_card.get(c));
        let found = match (by_nid, by_no) {
            (Some(Some(a)), Some(Some(b))) if a != b => {
                problems.push(problem(
                    raw.row,
                    column("party_card_no"),
                    "member_mismatch",
                    "Số CCCD và số thẻ đảng viên là của hai đảng viên khác nhau.".into(),
                ));
                continue;
            }
            (Some(Some(a)), _) => Some(*a),
            (_, Some(Some(b))) => Some(*b),
            _ => None,
        };
        let Some(found) = found else {
            let (key, value) = match (&r.national_id, &r.party_card_no) {
                (Some(n), _) => ("national_id", n.as_str()),
                (None, Some(c)) => ("party_card_no", c.as_str()),
                (None, None) => ("national_id", ""),
            };
            problems.push(problem(
                raw.row,
                column(key),
                "member_not_found",
                format!("Không có đảng viên đang sinh hoạt nào mang số {value} trong {unit_name}."),
            ));
            continue;
        };
        let person = &list[found];
        if let Some(name) = &r.full_name
            && search_key(name) != person.name_key
        {
            problems.push(problem(
                raw.row,
                column("full_name"),
                "name_mismatch",
                format!("“{name}” không khớp với họ tên trong hồ sơ của đảng viên mang số này."),
            ));
            continue;
        }
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
                // `entries[i].field` → the row of entry i.
                let problems = e
                    .errors
                    .iter()
                    .map(|f| {
                        let index = f
                            .field
                            .strip_prefix("entries[")
                            .and_then(|r| r.split(']').next())
                            .and_then(|i| i.parse::<usize>().ok());
                        let row = index.and_then(|i| g.entries.get(i)).map_or(0, |e| e.row);
                        let col = if f.field.contains("decision") {
                            "decision_number"
                        } else if f.field.ends_with("score") {
                            "score"
                        } else {
                            "level"
                        };
                        problem(row, column(col), &f.code, f.message.clone())
                    })
                    .collect();
                return Ok(Err(problems));
            }
            Err(e) => return Err(e),
        }
        written += u32::try_from(g.entries.len()).unwrap_or(u32::MAX);
        progress.store(written, Ordering::Relaxed);
    }
    Ok(Ok(written))
}
