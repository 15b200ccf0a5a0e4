//! Account administration (within the administrator's subtree).

use crate::access::Role;
use crate::api::auth::RoleGrant;
use crate::ids::{MemberId, UnitId, UserId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An account as administrators see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    /// The unit the account belongs to: administrators of its subtree manage it.
    pub home_unit_id: UnitId,
    pub home_unit_name: String,
    pub member_id: Option<MemberId>,
    pub disabled: bool,
    /// Signing in is refused until this moment after repeated wrong passwords.
    pub locked_until: Option<chrono::DateTime<chrono::Utc>>,
    pub must_change_password: bool,
    /// Current and future role assignments (revoked ones are not listed).
    pub roles: Vec<RoleGrant>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserList {
    pub items: Vec<User>,
}

/// `POST /api/v1/users`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"username": "bithu.himlam3", "display_name": "Lò Văn Pọm", "home_unit_id": 87})))]
pub struct UserCreate {
    /// 3–64 characters: lower-case letters, digits, '.', '_', '-'.
    pub username: String,
    pub display_name: String,
    pub home_unit_id: UnitId,
    /// Link to the person's member record (for their own view).
    #[serde(default)]
    pub member_id: Option<MemberId>,
}

/// The one-time password of a new or reset account, shown once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InitialPassword {
    pub user: User,
    /// Give it to the person; they must change it at first sign-in. It is not stored.
    pub temporary_password: String,
}

/// `POST /api/v1/users/{id}/roles`: grant a role at a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"role": "branch_secretary", "unit_id": 87, "valid_from": "2026-01-01"})))]
pub struct GrantCreate {
    pub role: Role,
    pub unit_id: UnitId,
    /// Defaults to today.
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
}

/// `PATCH /api/v1/users/{id}`: enable/disable, rename.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"display_name": "Lò Văn Pọm", "disabled": false})))]
pub struct UserUpdate {
    #[serde(default)]
    pub display_name: Option<String>,
    /// Disabling ends every session at once.
    #[serde(default)]
    pub disabled: Option<bool>,
}
