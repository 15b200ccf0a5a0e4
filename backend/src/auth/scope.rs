//! Authorisation. An [`Identity`] resolves, on the request's own database connection (no
//! extra round trip), into an [`Access`]: the user's current role grants. An `Access`
//! yields a [`Scope`] for one action — the subtrees where the action is allowed — or
//! `403 forbidden` when no role grants it anywhere. Repository functions take a `Scope`
//! and only ever read or write inside it; an object outside it answers 404, exactly as a
//! missing one does.

use super::identity::{Identity, RequestCtx};
use crate::db::DbConn;
use crate::db::schema::{role_assignments, unit_closure, units};
use crate::error::{AppError, AppResult};
use diesel::prelude::*;
use rasoat_shared::access::{Action, Role, role_grants};
use rasoat_shared::{TenantId, UnitId, UserId};

/// One role held at one unit, valid today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
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
}

pub struct Access {
    user_id: UserId,
    grants: Vec<Grant>,
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
    /// The union of these subtrees.
    Subtrees(Vec<Root>),
}

/// Where one action may be performed. Only [`Access::scope`] makes one.
pub struct Scope {
    action: Action,
    area: Area,
    user_id: UserId,
    ctx: RequestCtx,
}

/// The role assignments of a user that count today, joined with their units: valid on
/// `today`, and only while the account is enabled. A macro rather than a function so that
/// each use keeps its fixed query type (and its cached prepared statement).
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
            .filter($crate::db::schema::role_assignments::valid_from.le($today))
            .filter(
                $crate::db::schema::role_assignments::valid_to
                    .is_null()
                    .or($crate::db::schema::role_assignments::valid_to.ge($today)),
            )
    };
}

impl Identity {
    /// The caller's grants as of today, read from the database on this request: a role
    /// revoked a moment ago no longer counts.
    pub fn resolve(&self, conn: &mut DbConn) -> AppResult<Access> {
        let today = chrono::Utc::now().date_naive();
        let query = crate::current_role_assignments!(self.user_id().0, today).select((
            role_assignments::role,
            role_assignments::tenant_id,
            role_assignments::unit_id,
            units::parent_id.is_null(),
        ));
        // On the concrete connection: there diesel finds the cached statement by the
        // query's type, without writing its SQL again (it does through the multi-backend
        // type). This runs on every request.
        let rows: Vec<(String, i64, i64, bool)> = crate::per_backend!(conn, |c| query.load(c))?;
        let grants = rows
            .into_iter()
            .filter_map(|(role, tenant, unit, top)| {
                Some(Grant {
                    role: Role::from_code(&role)?,
                    tenant_id: TenantId(tenant),
                    unit_id: UnitId(unit),
                    tenant_root: top && tenant != TenantId::PROVINCE.0,
                })
            })
            .collect();
        Ok(Access {
            user_id: self.user_id(),
            grants,
            ctx: self.ctx().clone(),
        })
    }
}

impl Access {
    pub fn user_id(&self) -> UserId {
        self.user_id
    }

    pub fn grants(&self) -> &[Grant] {
        &self.grants
    }

    pub fn ctx(&self) -> &RequestCtx {
        &self.ctx
    }

    /// The scope of `action`, or 403 when no role of the caller grants it anywhere.
    pub fn scope(&self, action: Action) -> AppResult<Scope> {
        let granting: Vec<&Grant> = self
            .grants
            .iter()
            .filter(|g| role_grants(g.role, action))
            .collect();
        if granting.is_empty() {
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
            user_id: self.user_id,
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

    pub fn actor(&self) -> UserId {
        self.user_id
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
