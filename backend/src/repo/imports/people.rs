//! Finding the member a row of a ratings or monthly file names: by citizen ID or Party
//! card number, among the active members of the file's unit, with the name (when given)
//! as a check.

use super::file::{RawRow, problem};
use crate::db::DbConn;
use crate::db::schema::{members, unit_closure};
use crate::error::AppResult;
use chrono::NaiveDate;
use diesel::prelude::*;
use rasoat_shared::api::imports::ImportProblem;
use rasoat_shared::imports::{ImportColumn, NamesMember, RowProblems};
use rasoat_shared::member::MemberStatus;
use rasoat_shared::names::search_key;
use std::collections::HashMap;

pub struct Person {
    pub id: i64,
    pub unit: i64,
    name_key: String,
    pub exempted: bool,
    pub suspended: bool,
    pub admitted: NaiveDate,
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

/// The active members of a unit's subtree, by citizen ID and by card number.
pub struct People {
    list: Vec<Person>,
    by_national_id: HashMap<String, usize>,
    by_card: HashMap<String, usize>,
}

impl People {
    pub fn of(conn: &mut DbConn, tenant: i64, unit: i64) -> AppResult<People> {
        let rows: Vec<PersonRow> = members::table
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
        let mut people = People {
            list: Vec::with_capacity(rows.len()),
            by_national_id: HashMap::new(),
            by_card: HashMap::new(),
        };
        for (i, (id, home, name, nid, card, exempted, suspended, admitted)) in
            rows.into_iter().enumerate()
        {
            if let Some(n) = nid {
                people.by_national_id.insert(n, i);
            }
            if let Some(c) = card {
                people.by_card.insert(c, i);
            }
            people.list.push(Person {
                id,
                unit: home,
                name_key: search_key(&name),
                exempted,
                suspended,
                admitted,
            });
        }
        Ok(people)
    }

    /// The member a row names, or the row's problem. `column` gives the file's columns
    /// (`national_id`, `party_card_no`, `full_name`).
    pub fn find(
        &self,
        row: u32,
        national_id: Option<&str>,
        card: Option<&str>,
        name: Option<&str>,
        unit_name: &str,
        column: impl Fn(&str) -> Option<&'static ImportColumn>,
    ) -> Result<&Person, ImportProblem> {
        let by_nid = national_id.map(|n| self.by_national_id.get(n));
        let by_no = card.map(|c| self.by_card.get(c));
        let found = match (by_nid, by_no) {
            (Some(Some(a)), Some(Some(b))) if a != b => {
                return Err(problem(
                    row,
                    column("party_card_no"),
                    "member_mismatch",
                    "Số CCCD và số thẻ đảng viên là của hai đảng viên khác nhau.".into(),
                ));
            }
            (Some(Some(a)), _) => *a,
            (_, Some(Some(b))) => *b,
            _ => {
                let (key, value) = match (national_id, card) {
                    (Some(n), _) => ("national_id", n),
                    (None, Some(c)) => ("party_card_no", c),
                    (None, None) => ("national_id", ""),
                };
                return Err(problem(
                    row,
                    column(key),
                    "member_not_found",
                    format!(
                        "Không có đảng viên đang sinh hoạt nào mang số {value} trong {unit_name}."
                    ),
                ));
            }
        };
        let person = &self.list[found];
        if let Some(name) = name
            && search_key(name) != person.name_key
        {
            return Err(problem(
                row,
                column("full_name"),
                "name_mismatch",
                format!("“{name}” không khớp với họ tên trong hồ sơ của đảng viên mang số này."),
            ));
        }
        Ok(person)
    }

    /// Reads a row with `read` and finds the member it names; otherwise the row's
    /// problems.
    pub fn read_row<T: NamesMember>(
        &self,
        raw: &RawRow,
        read: impl FnOnce(&RawRow) -> Result<T, RowProblems>,
        unit_name: &str,
        column: impl Fn(&str) -> Option<&'static ImportColumn>,
    ) -> Result<(T, &Person), Vec<ImportProblem>> {
        let r = read(raw).map_err(|list| {
            list.into_iter()
                .map(|(key, (code, msg))| problem(raw.row, column(key), code, msg))
                .collect::<Vec<_>>()
        })?;
        let person = self
            .find(
                raw.row,
                r.national_id(),
                r.party_card_no(),
                r.full_name(),
                unit_name,
                column,
            )
            .map_err(|p| vec![p])?;
        Ok((r, person))
    }
}

/// A sheet's refusal (`entries[i].field`) as the problems of the rows its entries came
/// from: `rows[i]` is entry i's row, `column` names the column of a field.
pub fn sheet_problems(
    errors: &[rasoat_shared::error::FieldError],
    rows: &[u32],
    column: impl Fn(&str) -> Option<&'static ImportColumn>,
) -> Vec<ImportProblem> {
    errors
        .iter()
        .map(|f| {
            let (index, name) = f
                .field
                .strip_prefix("entries[")
                .and_then(|r| r.split_once("]."))
                .map_or((None, f.field.as_str()), |(i, n)| {
                    (i.parse::<usize>().ok(), n)
                });
            let row = index.and_then(|i| rows.get(i)).copied().unwrap_or(0);
            problem(row, column(name), &f.code, f.message.clone())
        })
        .collect()
}
