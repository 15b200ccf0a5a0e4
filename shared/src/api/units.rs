use crate::ids::{TenantId, UnitId};
use crate::org::{OrgType, UnitFlags};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A unit of the Party organisation tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unit {
    pub id: UnitId,
    /// The organisation directly under the province this unit belongs to (0: the
    /// province level itself).
    pub tenant_id: TenantId,
    /// Absent only for the province root. Units directly under the province have the root
    /// as their parent.
    pub parent_id: Option<UnitId>,
    pub name: String,
    pub code: Option<String>,
    pub org_type: OrgType,
    pub flags: UnitFlags,
    pub valid_from: NaiveDate,
    /// Set when the unit was dissolved, merged or split; units are never deleted.
    pub valid_to: Option<NaiveDate>,
    /// Units this one was formed from (merge lineage).
    pub predecessor_ids: Vec<UnitId>,
    /// Distance from the province root (the root is 0).
    pub depth: u32,
    /// Concurrency token; also sent as the `ETag` header.
    pub version: i64,
}

/// A unit in a tree listing, with counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitNode {
    pub id: UnitId,
    pub tenant_id: TenantId,
    pub parent_id: Option<UnitId>,
    pub name: String,
    pub org_type: OrgType,
    pub valid_to: Option<NaiveDate>,
    pub depth: u32,
    /// Units directly below (end-dated ones included).
    pub child_count: u64,
    /// Active members registered in this unit's whole subtree.
    pub member_count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitList {
    pub items: Vec<UnitNode>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"parent_id": 12, "name": "Chi bộ bản Him Lam 3", "code": "DBP-01-07", "org_type": "branch", "valid_from": "2026-01-01", "predecessor_ids": []})))]
pub struct UnitCreate {
    pub parent_id: UnitId,
    pub name: String,
    #[serde(default)]
    pub code: Option<String>,
    pub org_type: OrgType,
    /// Defaults to the usual flags of the type.
    #[serde(default)]
    pub flags: Option<UnitFlags>,
    /// Defaults to today.
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    #[serde(default)]
    pub predecessor_ids: Vec<UnitId>,
}

/// A partial update: absent fields stay as they are. Requires `If-Match`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "Chi bộ bản Him Lam 3 (sáp nhập)", "valid_to": "2026-12-31"})))]
pub struct UnitUpdate {
    /// Rename.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub flags: Option<UnitFlags>,
    /// End-date the unit (never delete). Refused while it has active members or sub-units.
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
}

/// Move a unit (and its subtree) under another parent of the same tenant. Requires `If-Match`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"parent_id": 31})))]
pub struct UnitMove {
    pub parent_id: UnitId,
}
