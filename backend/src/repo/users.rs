//! Accounts and role assignments. Users are global (an account may hold roles in several
//! tenants); role assignments belong to the tenant of the unit where the role is held.

use crate::auth::scope::Access;
use crate::db::DbConn;
use crate::db::schema::{role_assignments, units, users};
use crate::error::{AppError, AppResult, is_unique_violation};
use chrono::{NaiveDate, Utc};
use diesel::prelude::*;
use rasoat_shared::access::Role;
use rasoat_shared::api::auth::{Me, RoleGrant};
use rasoat_shared::{ErrorCode, TenantId, UnitId, UserId};

pub struct LoginRow {
    pub id: UserId,
    pub password_hash: String,
    pub disabled: bool,
}

pub fn find_for_login(conn: &mut DbConn, username: &str) -> AppResult<Option<LoginRow>> {
    let row: Option<(i64, String, bool)> = users::table
        .filter(users::username.eq(username.trim().to_lowercase()))
        .select((users::id, users::password_hash, users::disabled))
        .first(conn)
        .optional()?;
    Ok(row.map(|(id, password_hash, disabled)| LoginRow {
        id: UserId(id),
        password_hash,
        disabled,
    }))
}

/// The signed-in user and their current roles (from the resolved access).
pub fn me(conn: &mut DbConn, access: &Access) -> AppResult<Me> {
    let (username, display_name): (String, String) = users::table
        .filter(users::id.eq(access.user_id().0))
        .select((users::username, users::display_name))
        .load(conn)?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))?;
    let today = Utc::now().date_naive();
    let rows: Vec<(String, i64, i64, String, NaiveDate, Option<NaiveDate>)> =
        crate::current_role_assignments!(access.user_id().0, today)
            .select((
                role_assignments::role,
                role_assignments::tenant_id,
                role_assignments::unit_id,
                units::name,
                role_assignments::valid_from,
                role_assignments::valid_to,
            ))
            .order((role_assignments::tenant_id, role_assignments::unit_id))
            .load(conn)?;
    let roles = rows
        .into_iter()
        .filter_map(|(role, tenant, unit, unit_name, from, to)| {
            Some(RoleGrant {
                role: Role::from_code(&role)?,
                unit_id: UnitId(unit),
                unit_name,
                tenant_id: TenantId(tenant),
                valid_from: from,
                valid_to: to,
            })
        })
        .collect();
    Ok(Me {
        user_id: access.user_id(),
        username,
        display_name,
        roles,
    })
}

/// Creates an account (command line and seeding; the administration API comes with the
/// access issue). User names are stored in lower case.
pub fn create(
    conn: &mut DbConn,
    username: &str,
    display_name: &str,
    password_hash: &str,
) -> AppResult<UserId> {
    let username = username.trim().to_lowercase();
    let valid = (3..=64).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if !valid {
        return Err(AppError::field(
            "username",
            "invalid_format",
            "Tên đăng nhập gồm 3–64 ký tự: chữ không dấu, số, '.', '_', '-'.",
        ));
    }
    let now = Utc::now().naive_utc();
    let id: i64 = diesel::insert_into(users::table)
        .values((
            users::username.eq(&username),
            users::display_name.eq(display_name.trim()),
            users::password_hash.eq(password_hash),
            users::disabled.eq(false),
            users::created_at.eq(now),
            users::updated_at.eq(now),
        ))
        .returning(users::id)
        .get_result(conn)
        .map_err(|e| {
            if is_unique_violation(&e) {
                AppError::new(ErrorCode::DuplicateUsername)
            } else {
                e.into()
            }
        })?;
    Ok(UserId(id))
}

/// Grants `role` at `unit` from `from` on.
pub fn assign_role(
    conn: &mut DbConn,
    user: UserId,
    role: Role,
    unit: UnitId,
    from: NaiveDate,
) -> AppResult<()> {
    let tenant: i64 = units::table
        .filter(units::id.eq(unit.0))
        .select(units::tenant_id)
        .first(conn)
        .optional()?
        .ok_or_else(AppError::not_found)?;
    diesel::insert_into(role_assignments::table)
        .values((
            role_assignments::tenant_id.eq(tenant),
            role_assignments::user_id.eq(user.0),
            role_assignments::unit_id.eq(unit.0),
            role_assignments::role.eq(role.code()),
            role_assignments::valid_from.eq(from),
            role_assignments::created_at.eq(Utc::now().naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}
