//! What the review works from, over HTTP: entry sheets (ratings, monthly attendance and
//! dues), discipline and violations, a member's review record, review rounds, detection
//! and suggestions. Handlers parse, call the repository in a scope, audit reads of people.

pub mod inputs;
pub mod rounds;
pub mod sheets;

use crate::audit::AuditEntry;
use crate::auth::identity::Identity;
use crate::state::AppState;
use rasoat_shared::TenantId;

/// Audits a read that showed people: one entry naming the object and the ids shown.
pub(crate) async fn audit_read(
    state: &AppState,
    who: &Identity,
    tenant: TenantId,
    unit: Option<i64>,
    action: &str,
    object: (&str, Option<i64>),
    details: serde_json::Value,
) {
    let mut entry =
        AuditEntry::new(tenant, None, who.ctx(), action, object.0, object.1, details).by(who);
    if let Some(u) = unit {
        entry = entry.unit(u);
    }
    state.audit.read(entry).await;
}
