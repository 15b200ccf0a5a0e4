use crate::access::Role;
use crate::ids::{MemberId, TenantId, UnitId, UserId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"username": "bithu.chibo", "password": "mật-khẩu-của-bạn"})))]
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
    /// The member record of this user, if the account belongs to a Party member.
    pub member_id: Option<MemberId>,
    /// Set after an administrator's reset: the user must choose a new password.
    pub must_change_password: bool,
}

/// `POST /api/v1/auth/password`: change one's own password. Ends every other session.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"current_password": "mật-khẩu-cũ", "new_password": "một mật khẩu mới đủ dài"})))]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// The OAuth 2.0 token response (RFC 6749 §5.1) of `POST /api/v1/oauth/token`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    pub access_token: String,
    /// Always "Bearer".
    pub token_type: String,
    pub expires_in: u64,
    /// The granted scopes, space-separated.
    pub scope: String,
}

/// An OAuth 2.0 error response (RFC 6749 §5.2).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OAuthError {
    /// invalid_request, invalid_client, invalid_grant, unauthorized_client,
    /// unsupported_grant_type or invalid_scope.
    pub error: String,
    pub error_description: String,
}

/// A role held at a unit; its scope is that unit's subtree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleGrant {
    /// The assignment (to revoke it).
    pub id: i64,
    pub role: Role,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub tenant_id: TenantId,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}
