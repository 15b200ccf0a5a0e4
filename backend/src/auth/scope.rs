//! Authorisation. An [`Identity`] resolves, on the request's own database connection (no
//! extra round trip for a user with roles), into an [`Access`]: the caller's grants as of
//! now — a user's current role assignments, or a service client's subtree and scopes. An
//! `Access` yields a [`Scope`] for one action — the subtrees where the action is allowed,
//! and for a member their own record — or `403 forbidden` when nothing grants it.
//! Repository functions take a `Scope` and only ever read or write inside it; an object
//! outside it answers 404, exactly as a missing one does.

use super::identity::{Identity, RequestCtx};
use super::token::Subject;
use crate::db::DbConn;
use crate::db::schema::{role_assignments, service_clients, unit_closure, units, users};
use crate::error::{AppError, AppResult};
use diesel::prelude::*;
use rasoat_shared::access::{Action, ClientScope, Role, role_grants};
use rasoat_shared::{ErrorCode, MemberId, TenantId, UnitId, UserId};

/// What grants the caller something at a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A role assignment of a user.
    Role(Role),
    /// The scopes of a service client.
    Scopes(Vec<ClientScope>),
}

/// One role (or a client's scopes) held at one unit, valid now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub source: Source,
    pub tenant_id: TenantId,
    pub unit_id: UnitId,
    /// The unit is a tenant's root (directly under the province).
    pub tenant_root: bool,
}

impl Grant {
    /// Held at the province root: the whole province.
    pub fn province_wide(&self) -> bool {
        self.tenant_id.is_province()
    }

    pub fn allows(&self, action: Action) -> bool {
        match &self.source {
            Source::Role(role) => role_grants(*role, action),
            Source::Scopes(scopes) => scopes.iter().any(|s| s.grants(action)),
        }
    }

    pub fn role(&self) -> Option<Role> {
        match self.source {
            Source::Role(r) => Some(r),
            Source::Scopes(_) => None,
        }
    }
}

pub struct Access {
    subject: Subject,
    grants: Vec<Grant>,
    /// The member record of the user, readable by them whatever their roles.
    own_member: Option<MemberId>,
    ctx: RequestCtx,
}

/// The top of one subtree the caller may act in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Root {
    pub tenant_id: TenantId,
    pub unit_id: UnitId,
    /// The root is the tenant's root unit, so the subtree is the whole tenant.
    pub whole_tenant: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Area {
    /// Everything, across tenants.
    Province,
    /// The union of these subtrees (possibly none: then only `own_record`).
    Subtrees(Vec<Root>),
}

/// Where one action may be performed. Only [`Access::scope`] makes one.
pub struct Scope {
    action: Action,
    area: Area,
    own_record: Option<MemberId>,
    subject: Subject,
    ctx: RequestCtx,
}

/// The role assignments of a user that count today, joined with their units: valid on
/// `today`, not revoked, and only while the account is enabled. A macro rather than a
/// function so that each use keeps its fixed query type (and its cached statement).
#[macro_export]
macro_rules! current_role_assignments {
    ($user:expr, $today:expr) => {
        $crate::db::schema::role_assignments::table
            .inner_join(
                $crate::db::schema::units::table.on($crate::db::schema::units::id
                    .eq($crate::db::schema::role_assignments::unit_id)
                    .and(
                        $crate::db::schema::units::tenant_id
                            .eq($crate::db::schema::role_assignments::tenant_id),
                    )),
            )
            .inner_join($crate::db::schema::users::table.on(
                $crate::db::schema::users::id.eq($crate::db::schema::role_assignments::user_id),
            ))
            .filter($crate::db::schema::role_assignments::user_id.eq($user))
            .filter($crate::db::schema::users::disabled.eq(false))
            .filter($crate::db::schema::role_assignments::revoked_at.is_null())
            .filter($crate::db::schema::role_assignments::valid_from.le($today))
            .filter(
                $crate::db::schema::role_assignments::valid_to
                    .is_null()
                    .or($crate::db::schema::role_assignments::valid_to.ge($today)),
            )
    };
}

fn session_over() -> AppError {
    AppError::new(ErrorCode::SessionExpired)
}

impl Identity {
    /// The caller's grants as of now, read from the database on this request: a role or a
    /// client revoked a moment ago no longer counts, and a user's token issued before a
    /// password change, a reset or disabling is refused (401).
    pub fn resolve(&self, conn: &mut DbConn) -> AppResult<Access> {
        match self.subject() {
            Subject::User {
                id,
                session_version,
            } => self.resolve_user(conn, id, session_version),
            Subject::Client { tenant, id, scopes } => self.resolve_client(conn, tenant, id, scopes),
        }
    }

    fn resolve_user(
        &self,
        conn: &mut DbConn,
        user: UserId,
        session_version: i64,
    ) -> AppResult<Access> {
        let today = chrono::Utc::now().date_naive();
        // One query on the common path: the roles, with the account's session version and
        // member record riding along.
        let query = crate::current_role_assignments!(user.0, today).select((
            role_assignments::role,
            role_assignments::tenant_id,
            role_assignments::unit_id,
            units::parent_id.is_null(),
            users::session_version,
            users::member_id,
        ));
        // On the concrete connection: there diesel finds the cached statement by the
        // query's type, without writing its SQL again (it does through the multi-backend
        // type). This runs on every request.
        type Row = (String, i64, i64, bool, i64, Option<i64>);
        let rows: Vec<Row> = crate::per_backend!(conn, |c| query.load(c))?;
        let (current_version, own_member) = match rows.first() {
            Some(r) => (r.4, r.5),
            None => {
                // No role today: still a valid account? (A member may hold none.)
                let account: Vec<(i64, bool, Option<i64>)> =
                    crate::per_backend!(conn, |c| users::table
                        .filter(users::id.eq(user.0))
                        .select((users::session_version, users::disabled, users::member_id))
                        .load(c))?;
                match account.first() {
                    Some((v, false, m)) => (*v, *m),
                    _ => return Err(session_over()),
                }
            }
        };
        if current_version != session_version {
            return Err(session_over());
        }
        let grants = rows
            .into_iter()
            .filter_map(|(role, tenant, unit, top, _, _)| {
                Some(Grant {
                    source: Source::Role(Role::from_code(&role)?),
                    tenant_id: TenantId(tenant),
                    unit_id: UnitId(unit),
                    tenant_root: top && tenant != TenantId::PROVINCE.0,
                })
            })
            .collect();
        Ok(Access {
            subject: self.subject(),
            grants,
            own_member: own_member.map(MemberId),
            ctx: self.ctx().clone(),
        })
    }

    fn resolve_client(
        &self,
        conn: &mut DbConn,
        tenant: TenantId,
        id: i64,
        token_scopes: u8,
    ) -> AppResult<Access> {
        let rows: Vec<(i64, String, bool)> = crate::per_backend!(conn, |c| service_clients::table
            .inner_join(
                units::table.on(units::id
                    .eq(service_clients::unit_id)
                    .and(units::tenant_id.eq(service_clients::tenant_id)))
            )
            .filter(service_clients::tenant_id.eq(tenant.0))
            .filter(service_clients::id.eq(id))
            .filter(service_clients::revoked_at.is_null())
            .select((
                service_clients::unit_id,
                service_clients::scopes,
                units::parent_id.is_null()
            ))
            .load(c))?;
        let (unit, scopes, top) = rows.into_iter().next().ok_or_else(session_over)?;
        // What the token was granted, as far as the client still holds it.
        let granted = super::token::scopes_of_bits(token_scopes);
        let scopes: Vec<ClientScope> = scopes
            .split(' ')
            .filter_map(ClientScope::from_code)
            .filter(|s| granted.contains(s))
            .collect();
        Ok(Access {
            subject: self.subject(),
            grants: vec![Grant {
                source: Source::Scopes(scopes),
                tenant_id: tenant,
                unit_id: UnitId(unit),
                tenant_root: top && !tenant.is_province(),
            }],
            own_member: None,
            ctx: self.ctx().clone(),
        })
    }
}

impl Access {
    pub fn subject(&self) -> Subject {
        self.subject
    }

    /// The user, when the caller is one.
    pub fn user(&self) -> Option<UserId> {
        match self.subject {
            Subject::User { id, .. } => Some(id),
            Subject::Client { .. } => None,
        }
    }

    /// The caller's own member record, if their account is linked to one.
    pub fn own_member(&self) -> Option<MemberId> {
        self.own_member
    }

    pub fn grants(&self) -> &[Grant] {
        &self.grants
    }

    pub fn ctx(&self) -> &RequestCtx {
        &self.ctx
    }

    /// The scope of `action`, or 403 when nothing the caller holds grants it anywhere.
    pub fn scope(&self, action: Action) -> AppResult<Scope> {
        self.scope_where(action, |_| true)
    }

    /// The scope of `action` through the grants that also pass `keep` (e.g. the roles that
    /// may grant a given role), or 403.
    pub fn scope_where(&self, action: Action, keep: impl Fn(&Grant) -> bool) -> AppResult<Scope> {
        let granting: Vec<&Grant> = self
            .grants
            .iter()
            .filter(|g| g.allows(action) && keep(g))
            .collect();
        // Everyone reads their own member record (DOMAIN.md §5.1 `member_self`).
        let own_record = if action == Action::ViewMembers {
            self.own_member
        } else {
            None
        };
        if granting.is_empty() && own_record.is_none() {
            return Err(AppError::forbidden());
        }
        let area = if granting.iter().any(|g| g.province_wide()) {
            Area::Province
        } else {
            let mut roots: Vec<Root> = granting
                .iter()
                .map(|g| Root {
                    tenant_id: g.tenant_id,
                    unit_id: g.unit_id,
                    whole_tenant: g.tenant_root,
                })
                .collect();
            roots.sort_by_key(|r| (r.tenant_id, r.unit_id));
            roots.dedup();
            Area::Subtrees(roots)
        };
        Ok(Scope {
            action,
            area,
            own_record,
            subject: self.subject,
            ctx: self.ctx.clone(),
        })
    }
}

impl Scope {
    pub fn action(&self) -> Action {
        self.action
    }

    pub fn area(&self) -> &Area {
        &self.area
    }

    /// The caller's own member record, when the action lets them read it.
    pub fn own_record(&self) -> Option<MemberId> {
        self.own_record
    }

    pub fn subject(&self) -> Subject {
        self.subject
    }

    /// The acting user (None for a service client).
    pub fn actor(&self) -> Option<UserId> {
        match self.subject {
            Subject::User { id, .. } => Some(id),
            Subject::Client { .. } => None,
        }
    }

    pub fn ctx(&self) -> &RequestCtx {
        &self.ctx
    }

    /// The one tenant the scope lies in, if it lies in one (then queries can name it and
    /// stay on one Citus shard).
    pub fn single_tenant(&self) -> Option<TenantId> {
        match &self.area {
            Area::Province => None,
            Area::Subtrees(roots) => {
                let first = roots.first()?.tenant_id;
                roots.iter().all(|r| r.tenant_id == first).then_some(first)
            }
        }
    }

    /// Whether unit `unit` of tenant `tenant` lies inside the scope.
    pub fn contains(&self, conn: &mut DbConn, tenant: TenantId, unit: UnitId) -> AppResult<bool> {
        let roots = match &self.area {
            Area::Province => return Ok(true),
            Area::Subtrees(roots) => roots,
        };
        for root in roots.iter().filter(|r| r.tenant_id == tenant) {
            if root.whole_tenant || root.unit_id == unit {
                return Ok(true);
            }
            // A closure row by its primary key; on the concrete connection (see `resolve`).
            let below: Vec<i32> = crate::per_backend!(conn, |c| unit_closure::table
                .filter(unit_closure::tenant_id.eq(tenant.0))
                .filter(unit_closure::ancestor_id.eq(root.unit_id.0))
                .filter(unit_closure::descendant_id.eq(unit.0))
                .select(unit_closure::distance)
                .load(c))?;
            let below = !below.is_empty();
            if below {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// 404 unless the unit lies inside the scope.
    pub fn require(&self, conn: &mut DbConn, tenant: TenantId, unit: UnitId) -> AppResult<()> {
        if self.contains(conn, tenant, unit)? {
            Ok(())
        } else {
            Err(AppError::not_found())
        }
    }
}
