//! What the review works from (issue 4): ratings, discipline and violations, monthly
//! attendance and dues, review rounds, detection and suggestions. Every function takes a
//! `Scope` and stays inside it.

pub mod detect;
pub mod discipline;
pub mod monthly;
pub mod ratings;
pub mod record;
pub mod rounds;
pub mod suggestions;

pub use super::field;
use super::units::{UnitRow, visible_row};
use crate::auth::scope::Scope;
use crate::db::DbConn;
use crate::db::schema::{members, unit_closure, users};
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use diesel::prelude::*;
use rasoat_shared::api::review::{DocumentRef, SheetMember};
use rasoat_shared::error::FieldError;
use rasoat_shared::member::{MemberStatus, Membership};
use rasoat_shared::org::OrgType;
use rasoat_shared::{ErrorCode, MemberId, TenantId, UnitId};
use std::collections::HashMap;

/// A member as the sheets and detection see them.
#[derive(Debug, Clone, Queryable)]
pub struct SheetRow {
    pub id: i64,
    pub full_name: String,
    pub membership: String,
    pub exempted: bool,
    pub suspended: bool,
    pub admission_date: NaiveDate,
}

impl SheetRow {
    pub fn to_dto(&self) -> SheetMember {
        SheetMember {
            id: MemberId(self.id),
            full_name: self.full_name.clone(),
            membership: Membership::from_code(&self.membership).unwrap_or(Membership::Full),
            exempted: self.exempted,
            suspended: self.suspended,
            admission_date: self.admission_date,
        }
    }
}

/// A branch (or grassroots cell) inside the scope, for an entry sheet: 404 outside the
/// scope, 422 for a unit that holds no members.
pub fn sheet_unit(conn: &mut DbConn, scope: &Scope, unit: UnitId) -> AppResult<UnitRow> {
    let row = visible_row(conn, scope, unit)?;
    if !row.org_type()?.holds_members() {
        return Err(AppError::new(ErrorCode::UnitHoldsNoMembers));
    }
    Ok(row)
}

/// The active members registered at a unit, in roster order.
pub fn sheet_members(conn: &mut DbConn, unit: &UnitRow) -> AppResult<Vec<SheetRow>> {
    Ok(members::table
        .filter(members::tenant_id.eq(unit.tenant_id))
        .filter(members::home_unit_id.eq(unit.id))
        .filter(members::status.eq(MemberStatus::Active.code()))
        .order(members::roster_key)
        .select((
            members::id,
            members::full_name,
            members::membership,
            members::exempted,
            members::suspended,
            members::admission_date,
        ))
        .load(conn)?)
}

/// Display names of accounts, for "opened by", "decided by".
pub fn user_names(conn: &mut DbConn, ids: &[i64]) -> AppResult<HashMap<i64, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::display_name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect())
}

/// The display name of the acting user (empty for a provincial system's client).
pub fn actor_name(conn: &mut DbConn, actor: Option<i64>) -> AppResult<String> {
    Ok(match actor {
        Some(a) => user_names(conn, &[a])?.remove(&a).unwrap_or_default(),
        None => String::new(),
    })
}

/// Whether `unit` of `tenant` lies in the subtree of `root` of `root_tenant` (the
/// province root holds every tenant).
pub fn under(
    conn: &mut DbConn,
    root_tenant: TenantId,
    root: UnitId,
    tenant: TenantId,
    unit: UnitId,
) -> AppResult<bool> {
    if root_tenant.is_province() {
        return Ok(true);
    }
    if root_tenant != tenant {
        return Ok(false);
    }
    let hit: Vec<i32> = unit_closure::table
        .filter(unit_closure::tenant_id.eq(tenant.0))
        .filter(unit_closure::ancestor_id.eq(root.0))
        .filter(unit_closure::descendant_id.eq(unit.0))
        .select(unit_closure::distance)
        .load(conn)?;
    Ok(!hit.is_empty())
}

/// Checks a free text: trimmed, not empty when required, at most `max` characters.
pub fn text(
    errors: &mut Vec<FieldError>,
    name: &str,
    value: &str,
    required: bool,
    max: usize,
) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        if required {
            errors.push(field(name, "required", "Không được để trống."));
        }
        return None;
    }
    if v.chars().count() > max {
        errors.push(field(name, "too_long", format!("Tối đa {max} ký tự.")));
        return None;
    }
    Some(v.to_string())
}

/// Checks a document reference: a number such as "12-QĐ/ĐU" and a date not in the future.
pub fn document(errors: &mut Vec<FieldError>, name: &str, doc: &DocumentRef, today: NaiveDate) {
    text(errors, &format!("{name}.number"), &doc.number, true, 60);
    if doc.signed_on > today {
        errors.push(field(
            format!("{name}.signed_on"),
            "future_date",
            "Ngày ký không được sau ngày hôm nay.",
        ));
    }
}

/// 422 with the collected problems, if any.
pub fn fail_if(errors: Vec<FieldError>) -> AppResult<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::validation(errors))
    }
}

/// Units that hold members ("chi bộ" and "chi bộ cơ sở").
pub fn member_holding_types() -> [&'static str; 2] {
    [OrgType::Branch.code(), OrgType::GrassrootsCell.code()]
}

/// Comma-separated codes, as the tables keep small lists.
pub fn join_codes<'a>(codes: impl IntoIterator<Item = &'a str>) -> String {
    codes.into_iter().collect::<Vec<_>>().join(",")
}

pub fn split_codes(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').filter(|c| !c.is_empty())
}
