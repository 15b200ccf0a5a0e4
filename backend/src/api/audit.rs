//! Reading the audit log.

use super::scoped;
use crate::auth::identity::Identity;
use crate::error::AppResult;
use crate::repo;
use crate::state::AppState;
use actix_web::web;
use rasoat_shared::access::Action;
use rasoat_shared::api::audit::{AuditPage, AuditQuery};
use rasoat_shared::error::Problem;

/// Audit entries within the caller's scope, newest first.
#[utoipa::path(
    get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = AuditPage), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)),
)]
pub async fn list(
    state: web::Data<AppState>,
    who: Identity,
    query: web::Query<AuditQuery>,
) -> AppResult<web::Json<AuditPage>> {
    let query = query.into_inner();
    let page = state
        .db
        .read_heavy(scoped(who, Action::ViewAudit, move |c, s| {
            repo::audit::list(c, s, &query)
        }))
        .await?;
    Ok(web::Json(page))
}
