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

/// The kinds of object whose changes the feed carries.
pub const CHANGE_ENTITIES: [&str; 8] = [
    "unit",
    "member",
    "rating",
    "discipline",
    "violation",
    "monthly_record",
    "case",
    "exit",
];

/// Is an audit entry a change the feed carries? A successful write to one of
/// [`CHANGE_ENTITIES`]; reads, lists, searches and exports are not changes.
pub fn is_change(action: &str, entity: &str, outcome: &str) -> bool {
    outcome == "ok"
        && CHANGE_ENTITIES.contains(&entity)
        && ![".read", ".list", ".search", ".export"]
            .iter()
            .any(|s| action.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_are_changes_and_reads_are_not() {
        assert!(is_change("member.create", "member", "ok"));
        assert!(is_change("case.transition", "case", "ok"));
        assert!(is_change("rating.update", "rating", "ok"));
        assert!(!is_change("member.read", "member", "ok"));
        assert!(!is_change("member.list", "member", "ok"));
        assert!(!is_change("case.read", "case", "ok"));
        assert!(!is_change("member.create", "member", "denied"));
        assert!(!is_change("auth.login", "user", "ok"));
        assert!(!is_change("role.grant", "role_assignment", "ok"));
    }
}
