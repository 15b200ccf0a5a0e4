//! The change feed for provincial systems.

use crate::audit::AuditEntry;
use crate::auth::identity::Identity;
use crate::auth::scope::Area;
use crate::error::AppResult;
use crate::repo;
use crate::state::AppState;
use actix_web::web;
use rasoat_shared::TenantId;
use rasoat_shared::access::Action;
use rasoat_shared::api::events::{ChangePage, EventsQuery};
use rasoat_shared::error::Problem;

/// Changes to units, members, ratings, discipline and violations, monthly attendance and
/// dues, cases (every act, decisions included) and exits within the caller's scope, in
/// each tenant's commit order. Resume with `after` = the page's `next_cursor` (one
/// position per tenant); delivery is at least once. Events older than the retention
/// period (`RASOAT_FEED_RETENTION_DAYS`, default 90) are removed; a cursor behind them
/// answers 410 `cursor_expired` (resynchronise from the resources, then read on with a
/// cursor from a fresh first page).
#[utoipa::path(
    get, path = "/api/v1/events", tag = "events", params(EventsQuery),
    responses(
        (status = 200, body = ChangePage),
        (status = 400, description = "Bad limit or cursor", body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 410, description = "The cursor is older than the retention period", body = Problem),
    ),
)]
pub async fn list(
    state: web::Data<AppState>,
    who: Identity,
    query: web::Query<EventsQuery>,
) -> AppResult<web::Json<ChangePage>> {
    let query = query.into_inner();
    let actor = who.clone();
    let ctx = who.ctx().clone();
    let (page, tenant, unit) = state
        .db
        .read_heavy(move |c| {
            let scope = who.resolve(c)?.scope(Action::ViewChanges)?;
            let page = repo::events::page(c, &scope, &query)?;
            let unit = match scope.area() {
                Area::Subtrees(roots) if roots.len() == 1 => roots.first().map(|r| r.unit_id.0),
                _ => None,
            };
            Ok((
                page,
                scope.single_tenant().unwrap_or(TenantId::PROVINCE),
                unit,
            ))
        })
        .await?;
    // One entry per page: the feed names members and cases, so reading it is a read of
    // them (ids only; the count keeps the entry small).
    let details = serde_json::json!({ "events": page.events.len(), "has_more": page.has_more });
    let mut entry = AuditEntry::new(
        tenant,
        None,
        &ctx,
        "events.read",
        "change_feed",
        None,
        details,
    )
    .by(&actor);
    if let Some(u) = unit {
        entry = entry.unit(u);
    }
    state.audit.read(entry).await;
    Ok(web::Json(page))
}
