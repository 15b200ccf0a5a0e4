//! The change feed (`GET /api/v1/events`).

use crate::ids::{TenantId, UnitId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One change: what happened to which object, in its tenant's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeEvent {
    pub tenant_id: TenantId,
    /// Position in the tenant's order; increases with every change, with gaps (positions
    /// of entries that are not changes, or are outside the reader's scope).
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// What happened, e.g. `member.create`, `member.update`, `rating.record`,
    /// `discipline.create`, `monthly.record`, `case.open`, `case.transition`, `unit.move`.
    pub action: String,
    /// The kind of object: `unit`, `member`, `rating`, `discipline`, `violation`,
    /// `monthly_record`, `case`, `import`.
    pub entity: String,
    pub id: Option<i64>,
    /// The unit the object belongs to.
    pub unit_id: Option<UnitId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePage {
    pub events: Vec<ChangeEvent>,
    /// Opaque; pass it as `after` to read on. Always present, also on an empty page.
    pub next_cursor: String,
    /// More events were ready when the page was cut.
    pub has_more: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct EventsQuery {
    /// The `next_cursor` of the previous page; absent: from the oldest retained change.
    pub after: Option<String>,
    /// 1 to 10,000, default 1,000.
    pub limit: Option<u32>,
}

pub const MAX_EVENTS_PAGE: u32 = 10_000;
pub const DEFAULT_EVENTS_PAGE: u32 = 1_000;
