//! Service clients: provincial systems that read Rà soát with the OAuth 2.0
//! client-credentials grant.

use crate::access::ClientScope;
use crate::ids::UnitId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceClient {
    pub id: i64,
    /// The `client_id` of the grant.
    pub client_id: String,
    pub name: String,
    /// The client reads within this unit's subtree.
    pub unit_id: UnitId,
    pub unit_name: String,
    pub scopes: Vec<ClientScope>,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceClientList {
    pub items: Vec<ServiceClient>,
}

/// `POST /api/v1/service-clients`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "Hệ thống quản lý văn bản của Tỉnh ủy", "unit_id": 12, "scopes": ["members:read", "events:read", "import:write"]})))]
pub struct ServiceClientCreate {
    pub name: String,
    pub unit_id: UnitId,
    pub scopes: Vec<ClientScope>,
}

/// A client with its secret, shown once (on creation and on rotation); only a hash is kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceClientSecret {
    pub client: ServiceClient,
    pub client_secret: String,
}
