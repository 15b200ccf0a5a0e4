//! Accounts and role assignments. Users are global (an account may hold roles in several
//! tenants) and belong to a home unit: the administrators of that unit's subtree manage
//! them. Role assignments belong to the tenant of the unit where the role is held.

use crate::audit::{self, AuditEntry};
use crate::auth::scope::{Access, Scope};
use crate::db::DbConn;
use crate::db::schema::{members, role_assignments, units, users};
use crate::error::{AppError, AppResult, is_unique_violation};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use rasoat_shared::access::{Action, Role, grantable_by};
use rasoat_shared::api::auth::{Me, RoleGrant};
use rasoat_shared::api::users::{GrantCreate, User, UserCreate, UserUpdate};
use rasoat_shared::{ErrorCode, MemberId, TenantId, UnitId, UserId};

pub struct LoginRow {
    pub id: UserId,
    pub password_hash: String,
    pub disabled: bool,
    pub session_version: i64,
    pub locked_until: Option<NaiveDateTime>,
}

pub fn normalise_username(username: &str) -> String {
    username.trim().to_lowercase()
}

pub fn find_for_login(conn: &mut DbConn, username: &str) -> AppResult<Option<LoginRow>> {
    let rows: Vec<(i64, String, bool, i64, Option<NaiveDateTime>)> = users::table
        .filter(users::username.eq(normalise_username(username)))
        .select((
            users::id,
            users::password_hash,
            users::disabled,
            users::session_version,
            users::locked_until,
        ))
        .load(conn)?;
    Ok(rows.into_iter().next().map(
        |(id, password_hash, disabled, session_version, locked_until)| LoginRow {
            id: UserId(id),
            password_hash,
            disabled,
            session_version,
            locked_until,
        },
    ))
}

/// Counts a wrong password; locks the account after `max` in a row. Returns the lock's end.
pub fn login_failed(
    conn: &mut DbConn,
    user: UserId,
    max: u32,
    lock_for: Duration,
) -> AppResult<Option<NaiveDateTime>> {
    diesel::update(users::table.filter(users::id.eq(user.0)))
        .set(users::failed_logins.eq(users::failed_logins + 1))
        .execute(conn)?;
    let failures: Vec<i32> = users::table
        .filter(users::id.eq(user.0))
        .select(users::failed_logins)
        .load(conn)?;
    if failures.first().is_some_and(|n| *n >= max as i32) {
        let until = Utc::now().naive_utc() + lock_for;
        diesel::update(users::table.filter(users::id.eq(user.0)))
            .set((
                users::failed_logins.eq(0),
                users::locked_until.eq(Some(until)),
            ))
            .execute(conn)?;
        return Ok(Some(until));
    }
    Ok(None)
}

/// Clears the failure count after a good password; stores a new hash when the stored one
/// was made with other parameters than today's (re-hash on login).
pub fn login_succeeded(conn: &mut DbConn, user: UserId, new_hash: Option<String>) -> AppResult<()> {
    diesel::update(users::table.filter(users::id.eq(user.0)))
        .set((
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    if let Some(h) = new_hash {
        diesel::update(users::table.filter(users::id.eq(user.0)))
            .set(users::password_hash.eq(h))
            .execute(conn)?;
    }
    Ok(())
}

pub fn password_hash_of(conn: &mut DbConn, user: UserId) -> AppResult<(String, String)> {
    let rows: Vec<(String, String)> = users::table
        .filter(users::id.eq(user.0))
        .select((users::username, users::password_hash))
        .load(conn)?;
    rows.into_iter().next().ok_or_else(AppError::not_found)
}

/// Stores a new password; `must_change` for a temporary one set by an administrator.
pub fn set_password(
    conn: &mut DbConn,
    user: UserId,
    hash: &str,
    must_change: bool,
) -> AppResult<()> {
    let now = Utc::now().naive_utc();
    diesel::update(users::table.filter(users::id.eq(user.0)))
        .set((
            users::password_hash.eq(hash),
            users::must_change_password.eq(must_change),
            users::password_changed_at.eq(Some(now)),
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<NaiveDateTime>),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

type GrantRow = (i64, String, i64, i64, String, NaiveDate, Option<NaiveDate>);

fn grant_dto((id, role, tenant, unit, unit_name, from, to): GrantRow) -> Option<RoleGrant> {
    Some(RoleGrant {
        id,
        role: Role::from_code(&role)?,
        unit_id: UnitId(unit),
        unit_name,
        tenant_id: TenantId(tenant),
        valid_from: from,
        valid_to: to,
    })
}

/// The signed-in user and their current roles (from the resolved access).
pub fn me(conn: &mut DbConn, access: &Access) -> AppResult<Me> {
    let user = access.user().ok_or_else(AppError::forbidden)?;
    let (username, display_name, member_id, must_change_password): (
        String,
        String,
        Option<i64>,
        bool,
    ) = users::table
        .filter(users::id.eq(user.0))
        .select((
            users::username,
            users::display_name,
            users::member_id,
            users::must_change_password,
        ))
        .load(conn)?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::new(ErrorCode::SessionExpired))?;
    let today = Utc::now().date_naive();
    let rows: Vec<GrantRow> = crate::current_role_assignments!(user.0, today)
        .select((
            role_assignments::id,
            role_assignments::role,
            role_assignments::tenant_id,
            role_assignments::unit_id,
            units::name,
            role_assignments::valid_from,
            role_assignments::valid_to,
        ))
        .order((role_assignments::tenant_id, role_assignments::unit_id))
        .load(conn)?;
    Ok(Me {
        user_id: user,
        username,
        display_name,
        roles: rows.into_iter().filter_map(grant_dto).collect(),
        member_id: member_id.map(MemberId),
        must_change_password,
    })
}

fn check_username(username: &str) -> AppResult<String> {
    let username = normalise_username(username);
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
    Ok(username)
}

/// Creates an account at a home unit (command line, seeding, administration).
pub fn create(
    conn: &mut DbConn,
    username: &str,
    display_name: &str,
    password_hash: &str,
    home: Option<(TenantId, UnitId)>,
) -> AppResult<UserId> {
    let username = check_username(username)?;
    let display_name = display_name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if display_name.is_empty() || display_name.chars().count() > 100 {
        return Err(AppError::field(
            "display_name",
            "required",
            "Cần ghi họ tên người dùng (tối đa 100 ký tự).",
        ));
    }
    let now = Utc::now().naive_utc();
    let id: i64 = diesel::insert_into(users::table)
        .values((
            users::username.eq(&username),
            users::display_name.eq(&display_name),
            users::password_hash.eq(password_hash),
            users::disabled.eq(false),
            users::created_at.eq(now),
            users::updated_at.eq(now),
            users::home_tenant_id.eq(home.map(|h| h.0.0)),
            users::home_unit_id.eq(home.map(|h| h.1.0)),
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

/// Grants `role` at `unit` from `from` on (command line and seeding).
pub fn assign_role(
    conn: &mut DbConn,
    user: UserId,
    role: Role,
    unit: UnitId,
    from: NaiveDate,
) -> AppResult<i64> {
    let tenant: Vec<i64> = units::table
        .filter(units::id.eq(unit.0))
        .select(units::tenant_id)
        .load(conn)?;
    let tenant = tenant.into_iter().next().ok_or_else(AppError::not_found)?;
    insert_grant(conn, user, role, TenantId(tenant), unit, from, None, None)
}

#[allow(clippy::too_many_arguments)]
fn insert_grant(
    conn: &mut DbConn,
    user: UserId,
    role: Role,
    tenant: TenantId,
    unit: UnitId,
    from: NaiveDate,
    to: Option<NaiveDate>,
    by: Option<UserId>,
) -> AppResult<i64> {
    Ok(diesel::insert_into(role_assignments::table)
        .values((
            role_assignments::tenant_id.eq(tenant.0),
            role_assignments::user_id.eq(user.0),
            role_assignments::unit_id.eq(unit.0),
            role_assignments::role.eq(role.code()),
            role_assignments::valid_from.eq(from),
            role_assignments::valid_to.eq(to),
            role_assignments::created_at.eq(Utc::now().naive_utc()),
            role_assignments::granted_by.eq(by.map(|u| u.0)),
        ))
        .returning(role_assignments::id)
        .get_result(conn)?)
}

// ---- administration (action ManageUsers) -------------------------------------------

#[derive(Queryable)]
struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    home_tenant_id: Option<i64>,
    home_unit_id: Option<i64>,
    member_id: Option<i64>,
    disabled: bool,
    locked_until: Option<NaiveDateTime>,
    must_change_password: bool,
}

impl UserRow {
    /// The account's home, where its audit entries are chained (0: the province level).
    fn home(&self) -> (TenantId, Option<UnitId>) {
        (
            TenantId(self.home_tenant_id.unwrap_or(0)),
            self.home_unit_id.map(UnitId),
        )
    }
}

macro_rules! user_columns {
    () => {
        (
            users::id,
            users::username,
            users::display_name,
            users::home_tenant_id,
            users::home_unit_id,
            users::member_id,
            users::disabled,
            users::locked_until,
            users::must_change_password,
        )
    };
}

fn to_user(conn: &mut DbConn, row: UserRow) -> AppResult<User> {
    let (home_tenant, home_unit) = (
        row.home_tenant_id.unwrap_or(0),
        row.home_unit_id.unwrap_or(0),
    );
    let unit_name: Vec<String> = units::table
        .filter(units::tenant_id.eq(home_tenant))
        .filter(units::id.eq(home_unit))
        .select(units::name)
        .load(conn)?;
    let today = Utc::now().date_naive();
    let grants: Vec<GrantRow> = role_assignments::table
        .inner_join(
            units::table.on(units::id
                .eq(role_assignments::unit_id)
                .and(units::tenant_id.eq(role_assignments::tenant_id))),
        )
        .filter(role_assignments::user_id.eq(row.id))
        .filter(role_assignments::revoked_at.is_null())
        .filter(
            role_assignments::valid_to
                .is_null()
                .or(role_assignments::valid_to.ge(today)),
        )
        .select((
            role_assignments::id,
            role_assignments::role,
            role_assignments::tenant_id,
            role_assignments::unit_id,
            units::name,
            role_assignments::valid_from,
            role_assignments::valid_to,
        ))
        .order(role_assignments::id)
        .load(conn)?;
    let now = Utc::now().naive_utc();
    Ok(User {
        id: UserId(row.id),
        username: row.username,
        display_name: row.display_name,
        home_unit_id: UnitId(home_unit),
        home_unit_name: unit_name.into_iter().next().unwrap_or_default(),
        member_id: row.member_id.map(MemberId),
        disabled: row.disabled,
        locked_until: row
            .locked_until
            .filter(|t| *t > now)
            .map(|t| DateTime::from_naive_utc_and_offset(t, Utc)),
        must_change_password: row.must_change_password,
        roles: grants.into_iter().filter_map(grant_dto).collect(),
    })
}

/// The account if its home unit lies in the scope; 404 otherwise (also for accounts with
/// no home, which only the command line manages).
fn visible_user(conn: &mut DbConn, scope: &Scope, id: UserId) -> AppResult<UserRow> {
    let rows: Vec<UserRow> = users::table
        .filter(users::id.eq(id.0))
        .select(user_columns!())
        .load(conn)?;
    let row = rows.into_iter().next().ok_or_else(AppError::not_found)?;
    match (row.home_tenant_id, row.home_unit_id) {
        (Some(t), Some(u)) => scope.require(conn, TenantId(t), UnitId(u))?,
        _ => return Err(AppError::not_found()),
    }
    Ok(row)
}

pub fn get(conn: &mut DbConn, scope: &Scope, id: UserId) -> AppResult<User> {
    let row = visible_user(conn, scope, id)?;
    to_user(conn, row)
}

/// Accounts whose home unit lies under `unit` (default: the scope), matching `q` in the
/// user name or display name.
pub fn list(
    conn: &mut DbConn,
    scope: &Scope,
    unit: Option<UnitId>,
    q: Option<&str>,
) -> AppResult<Vec<User>> {
    use crate::auth::scope::Area;
    let roots: Vec<(i64, i64, bool)> = match unit {
        Some(u) => {
            let row = super::units::visible_row(conn, scope, u)?;
            if row.is_province_root() {
                vec![]
            } else {
                vec![(row.tenant_id, row.id, row.parent_id.is_none())]
            }
        }
        None => match scope.area() {
            Area::Province => vec![],
            Area::Subtrees(roots) => roots
                .iter()
                .map(|r| (r.tenant_id.0, r.unit_id.0, r.whole_tenant))
                .collect(),
        },
    };
    let province_wide = roots.is_empty() && (matches!(scope.area(), Area::Province));
    if roots.is_empty() && !province_wide {
        return Ok(Vec::new());
    }
    let mut rows: Vec<UserRow> = Vec::new();
    let needle = q
        .map(rasoat_shared::names::search_key)
        .filter(|s| !s.is_empty());
    let mut push = |found: Vec<UserRow>| rows.extend(found);
    if province_wide {
        push(
            users::table
                .filter(users::home_unit_id.is_not_null())
                .select(user_columns!())
                .order(users::username)
                .limit(1000)
                .load(conn)?,
        );
    }
    for (tenant, unit, whole) in roots {
        let q = users::table
            .filter(users::home_tenant_id.eq(tenant))
            .select(user_columns!())
            .order(users::username)
            .into_boxed();
        let found: Vec<UserRow> = if whole {
            q.limit(1000).load(conn)?
        } else {
            let below = crate::db::schema::unit_closure::table
                .filter(crate::db::schema::unit_closure::tenant_id.eq(tenant))
                .filter(crate::db::schema::unit_closure::ancestor_id.eq(unit))
                .select(crate::db::schema::unit_closure::descendant_id);
            q.filter(users::home_unit_id.assume_not_null().eq_any(below))
                .limit(1000)
                .load(conn)?
        };
        push(found);
    }
    rows.sort_by(|a, b| a.username.cmp(&b.username));
    rows.dedup_by_key(|r| r.id);
    let rows: Vec<UserRow> = match &needle {
        Some(n) => rows
            .into_iter()
            .filter(|r| {
                rasoat_shared::names::search_key(&r.display_name).contains(n.as_str())
                    || r.username.contains(n.as_str())
            })
            .collect(),
        None => rows,
    };
    rows.into_iter().map(|r| to_user(conn, r)).collect()
}

fn audit_entry(
    scope: &Scope,
    tenant: TenantId,
    unit: Option<UnitId>,
    action: &str,
    user: UserId,
    details: serde_json::Value,
) -> AuditEntry {
    let e = AuditEntry::new(
        tenant,
        scope.actor(),
        scope.ctx(),
        action,
        "user",
        Some(user.0),
        details,
    );
    match unit {
        Some(u) => e.unit(u.0),
        None => e,
    }
}

/// Creates an account at a unit of the caller's subtree, with a one-time password.
pub fn admin_create(
    conn: &mut DbConn,
    scope: &Scope,
    input: &UserCreate,
    temp_hash: &str,
) -> AppResult<User> {
    let home = super::units::visible_row(conn, scope, input.home_unit_id).map_err(|_| {
        AppError::field(
            "home_unit_id",
            "not_found",
            "Không tìm thấy tổ chức này trong phạm vi của bạn.",
        )
    })?;
    if let Some(m) = input.member_id {
        let found: Vec<i64> = members::table
            .filter(members::tenant_id.eq(home.tenant_id))
            .filter(members::id.eq(m.0))
            .select(members::id)
            .load(conn)?;
        if found.is_empty() {
            return Err(AppError::field(
                "member_id",
                "not_found",
                "Không tìm thấy đảng viên này trong cùng đảng bộ.",
            ));
        }
    }
    let id = create(
        conn,
        &input.username,
        &input.display_name,
        temp_hash,
        Some((home.tenant(), UnitId(home.id))),
    )?;
    diesel::update(users::table.filter(users::id.eq(id.0)))
        .set((
            users::must_change_password.eq(true),
            users::member_id.eq(input.member_id.map(|m| m.0)),
        ))
        .execute(conn)?;
    let user = get(conn, scope, id)?;
    audit::record(
        conn,
        &[audit_entry(
            scope,
            home.tenant(),
            Some(UnitId(home.id)),
            "user.create",
            id,
            serde_json::json!({ "user": &user }),
        )],
    )?;
    Ok(user)
}

pub fn admin_update(
    conn: &mut DbConn,
    scope: &Scope,
    id: UserId,
    patch: &UserUpdate,
) -> AppResult<User> {
    let row = visible_user(conn, scope, id)?;
    if Some(id) == scope.actor() && patch.disabled == Some(true) {
        return Err(AppError::forbidden().detail("Không thể tự khóa tài khoản của mình."));
    }
    let again = visible_user(conn, scope, id)?;
    let before = to_user(conn, again)?;
    if let Some(name) = &patch.display_name {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || name.chars().count() > 100 {
            return Err(AppError::field(
                "display_name",
                "required",
                "Cần ghi họ tên người dùng (tối đa 100 ký tự).",
            ));
        }
        diesel::update(users::table.filter(users::id.eq(id.0)))
            .set(users::display_name.eq(name))
            .execute(conn)?;
    }
    if let Some(disabled) = patch.disabled {
        diesel::update(users::table.filter(users::id.eq(id.0)))
            .set(users::disabled.eq(disabled))
            .execute(conn)?;
        if disabled {
            crate::auth::sessions::end_all(conn, id)?;
        }
    }
    let after = get(conn, scope, id)?;
    let (tenant, unit) = row.home();
    audit::record(
        conn,
        &[audit_entry(
            scope,
            tenant,
            unit,
            "user.update",
            id,
            serde_json::json!({ "before": before, "after": &after }),
        )],
    )?;
    Ok(after)
}

/// Sets a one-time password and ends every session of the account.
pub fn admin_reset(
    conn: &mut DbConn,
    scope: &Scope,
    id: UserId,
    temp_hash: &str,
) -> AppResult<User> {
    let row = visible_user(conn, scope, id)?;
    set_password(conn, id, temp_hash, true)?;
    crate::auth::sessions::end_all(conn, id)?;
    let user = get(conn, scope, id)?;
    let (tenant, unit) = row.home();
    audit::record(
        conn,
        &[audit_entry(
            scope,
            tenant,
            unit,
            "user.password_reset",
            id,
            serde_json::json!({}),
        )],
    )?;
    Ok(user)
}

/// Grants a role at a unit. The unit must lie under a role of the granter that may grant
/// this role (`grantable_by`); nobody changes their own roles.
pub fn grant(
    conn: &mut DbConn,
    access: &Access,
    id: UserId,
    input: &GrantCreate,
) -> AppResult<User> {
    let manage = access.scope(Action::ManageUsers)?;
    visible_user(conn, &manage, id)?;
    if Some(id) == access.user() {
        return Err(AppError::forbidden().detail("Không thể tự phân quyền cho chính mình."));
    }
    let may = access.scope_where(Action::ManageUsers, |g| {
        g.role().is_some_and(|r| grantable_by(r, input.role))
    })?;
    let unit = super::units::visible_row(conn, &manage, input.unit_id)?;
    may.require(conn, unit.tenant(), UnitId(unit.id))
        .map_err(|_| AppError::forbidden())?;
    let today = Utc::now().date_naive();
    let from = input.valid_from.unwrap_or(today);
    if input.valid_to.is_some_and(|to| to < from) {
        return Err(AppError::field(
            "valid_to",
            "before_valid_from",
            "Ngày hết hiệu lực phải sau ngày bắt đầu.",
        ));
    }
    // The same role at the same unit twice would show twice and need revoking twice.
    let mut overlapping = role_assignments::table
        .filter(role_assignments::user_id.eq(id.0))
        .filter(role_assignments::unit_id.eq(unit.id))
        .filter(role_assignments::role.eq(input.role.code()))
        .filter(role_assignments::revoked_at.is_null())
        .filter(
            role_assignments::valid_to
                .is_null()
                .or(role_assignments::valid_to.ge(from)),
        )
        .select(role_assignments::id)
        .into_boxed();
    if let Some(to) = input.valid_to {
        overlapping = overlapping.filter(role_assignments::valid_from.le(to));
    }
    if overlapping.first::<i64>(conn).optional()?.is_some() {
        return Err(AppError::new(ErrorCode::DuplicateGrant));
    }
    let grant_id = insert_grant(
        conn,
        id,
        input.role,
        unit.tenant(),
        UnitId(unit.id),
        from,
        input.valid_to,
        access.user(),
    )?;
    let user = get(conn, &manage, id)?;
    audit::record(
        conn,
        &[AuditEntry::new(unit.tenant(), access.user(), access.ctx(), "role.grant", "role_assignment", Some(grant_id), serde_json::json!({
            "user": id, "role": input.role, "unit": unit.id, "valid_from": from, "valid_to": input.valid_to,
        }))
        .unit(unit.id)],
    )?;
    Ok(user)
}

/// Revokes a role assignment at once (the next request of that user no longer has it).
pub fn revoke(conn: &mut DbConn, access: &Access, id: UserId, grant_id: i64) -> AppResult<User> {
    let manage = access.scope(Action::ManageUsers)?;
    visible_user(conn, &manage, id)?;
    if Some(id) == access.user() {
        return Err(AppError::forbidden().detail("Không thể tự thu hồi quyền của chính mình."));
    }
    let rows: Vec<(i64, i64, String)> = role_assignments::table
        .filter(role_assignments::id.eq(grant_id))
        .filter(role_assignments::user_id.eq(id.0))
        .filter(role_assignments::revoked_at.is_null())
        .select((
            role_assignments::tenant_id,
            role_assignments::unit_id,
            role_assignments::role,
        ))
        .load(conn)?;
    let (tenant, unit, role) = rows.into_iter().next().ok_or_else(AppError::not_found)?;
    let role = Role::from_code(&role).ok_or_else(AppError::not_found)?;
    manage.require(conn, TenantId(tenant), UnitId(unit))?;
    let may = access.scope_where(Action::ManageUsers, |g| {
        g.role().is_some_and(|r| grantable_by(r, role))
    })?;
    may.require(conn, TenantId(tenant), UnitId(unit))
        .map_err(|_| AppError::forbidden())?;
    diesel::update(
        role_assignments::table
            .filter(role_assignments::tenant_id.eq(tenant))
            .filter(role_assignments::id.eq(grant_id)),
    )
    .set((
        role_assignments::revoked_at.eq(Some(Utc::now().naive_utc())),
        role_assignments::revoked_by.eq(access.user().map(|u| u.0)),
    ))
    .execute(conn)?;
    let user = get(conn, &manage, id)?;
    audit::record(
        conn,
        &[AuditEntry::new(
            TenantId(tenant),
            access.user(),
            access.ctx(),
            "role.revoke",
            "role_assignment",
            Some(grant_id),
            serde_json::json!({
                "user": id, "role": role, "unit": unit,
            }),
        )
        .unit(unit)],
    )?;
    Ok(user)
}
