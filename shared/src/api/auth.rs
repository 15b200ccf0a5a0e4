use crate::access::Role;
use crate::ids::{TenantId, UnitId, UserId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    /// A short-lived JWT for `Authorization: Bearer`. The browser gets the same token in
    /// an HttpOnly cookie and need not keep this one.
    pub access_token: String,
    /// Always "Bearer".
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: u64,
    pub me: Me,
}

/// The signed-in user and the roles they hold today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<RoleGrant>,
}

/// A role held at a unit; its scope is that unit's subtree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleGrant {
    pub role: Role,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub tenant_id: TenantId,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}
