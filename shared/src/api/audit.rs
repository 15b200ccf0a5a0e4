//! The audit log as read through the API.

use crate::ids::{TenantId, UnitId, UserId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditRecord {
    pub id: i64,
    /// One hash chain per tenant (0: the province level).
    pub tenant_id: TenantId,
    /// Position in the tenant's chain.
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<UserId>,
    /// The service client that acted, when it was a provincial system.
    pub actor_client_id: Option<i64>,
    /// Name of the actor, when it is a user still known.
    pub actor_name: Option<String>,
    /// e.g. `member.read`, `member.update`, `auth.login`, `role.grant`.
    pub action: String,
    pub object_type: String,
    pub object_id: Option<i64>,
    /// The organisation unit the entry concerns (the member's branch, the unit granted
    /// at…), when there is one.
    pub unit_id: Option<UnitId>,
    pub unit_name: Option<String>,
    /// `ok`, `denied`, …
    pub outcome: String,
    pub client_ip: Option<String>,
    pub request_id: Option<String>,
    pub details: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    /// Newest first.
    pub items: Vec<AuditRecord>,
    pub next_cursor: Option<String>,
}

/// Filters of `GET /api/v1/audit`; they combine with AND.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// One tenant's chain (default: every chain in the caller's scope).
    pub tenant: Option<TenantId>,
    pub actor: Option<UserId>,
    /// A provincial system's client (the `id` of the service client): its calls.
    pub client: Option<i64>,
    /// Exact action, e.g. `member.read`.
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<i64>,
    /// From this day (inclusive, UTC).
    pub from: Option<NaiveDate>,
    /// Up to this day (inclusive, UTC).
    pub to: Option<NaiveDate>,
    /// 1 to 200, default 50.
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}
