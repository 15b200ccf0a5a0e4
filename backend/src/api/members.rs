//! The member register over HTTP. Every read of a person — one record or a list — is
//! audited (through the read-audit queue); every write is audited in its transaction.

use super::extract::{etag, id, if_match};
use crate::audit::AuditEntry;
use crate::auth::identity::Identity;
use crate::auth::scope::Area;
use crate::error::AppResult;
use crate::repo;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use rasoat_shared::access::Action;
use rasoat_shared::api::members::{Member, MemberInput, MemberPage, MemberQuery};
use rasoat_shared::error::Problem;
use rasoat_shared::{MemberId, TenantId};

/// Lists members inside the caller's scope.
///
/// Filters combine with AND. `q` searches names ignoring case and diacritics ("nguyen
/// van" finds "Nguyễn Văn An", "d" finds "đ"); exact matches come first, then names that
/// start with the query, then the rest, each in the chosen order (default: the Vietnamese
/// roster order, by given name). Keyset paging: pass `next_cursor` back as `cursor`.
#[utoipa::path(
    get, path = "/api/v1/members", tag = "members",
    params(MemberQuery),
    responses(
        (status = 200, body = MemberPage), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, description = "`unit` not found or outside your scope", body = Problem),
    ),
)]
pub async fn list(
    state: web::Data<AppState>,
    who: Identity,
    query: web::Query<MemberQuery>,
) -> AppResult<web::Json<MemberPage>> {
    let query = query.into_inner();
    let rules = state.settings();
    let ctx = who.ctx().clone();
    let actor = who.clone();
    let logged_query = serde_json::to_value(MemberQuery {
        cursor: None,
        ..query.clone()
    })
    .unwrap_or_default();
    let asked_unit = query.unit;
    let (page, tenant, unit) = state
        .db
        .read(move |c| {
            let scope = who.resolve(c)?.scope(Action::ViewMembers)?;
            let today = chrono::Utc::now().date_naive();
            let page = repo::members::list(c, &scope, &query, &rules, today)?;
            // The entry goes to the one tenant read (else the province's chain), and to the
            // unit asked for or the one subtree searched, for scoped readers of the log.
            let unit = match (asked_unit, scope.area()) {
                (Some(u), _) => Some(u),
                (None, Area::Subtrees(roots)) if roots.len() == 1 => {
                    roots.first().map(|r| r.unit_id)
                }
                _ => None,
            };
            Ok((
                page,
                scope.single_tenant().unwrap_or(TenantId::PROVINCE),
                unit,
            ))
        })
        .await?;
    let ids: Vec<i64> = page.items.iter().map(|m| m.id.0).collect();
    let details = serde_json::json!({ "query": logged_query, "ids": ids });
    let mut entry =
        AuditEntry::new(tenant, None, &ctx, "member.list", "member", None, details).by(&actor);
    if let Some(u) = unit {
        entry = entry.unit(u.0);
    }
    state.audit.read(entry).await;
    Ok(web::Json(page))
}

/// One member's record. Sends its version as `ETag`.
#[utoipa::path(
    get, path = "/api/v1/members/{id}", tag = "members",
    params(("id" = i64, Path, description = "Member id")),
    responses(
        (status = 200, body = Member, headers(("ETag" = String, description = "Version, for If-Match"))),
        (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, description = "No such member, or outside your scope (the same answer)", body = Problem),
    ),
)]
pub async fn get(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let member_id: MemberId = id(&path)?;
    let ctx = who.ctx().clone();
    let actor = who.clone();
    let member = state
        .db
        .read(move |c| {
            let scope = who.resolve(c)?.scope(Action::ViewMembers)?;
            repo::members::get(c, &scope, member_id)
        })
        .await?;
    let entry = AuditEntry::new(
        member.tenant_id,
        None,
        &ctx,
        "member.read",
        "member",
        Some(member.id.0),
        serde_json::json!({}),
    )
    .by(&actor)
    .unit(member.home_unit_id.0);
    state.audit.read(entry).await;
    Ok(HttpResponse::Ok()
        .insert_header(etag(member.version))
        .json(member))
}

/// Adds a member to the register.
#[utoipa::path(
    post, path = "/api/v1/members", tag = "members",
    request_body = MemberInput,
    responses(
        (status = 201, body = Member), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 409, description = "Citizen ID or card number already used", body = Problem),
        (status = 422, description = "Invalid fields, listed in `errors`", body = Problem),
    ),
)]
pub async fn create(
    state: web::Data<AppState>,
    who: Identity,
    body: web::Json<MemberInput>,
) -> AppResult<HttpResponse> {
    let input = body.into_inner();
    let rules = state.settings();
    let member = state
        .db
        .write(move |c| {
            let scope = who.resolve(c)?.scope(Action::ManageMembers)?;
            repo::members::create(c, &scope, input, &rules)
        })
        .await?;
    Ok(HttpResponse::build(StatusCode::CREATED)
        .insert_header(etag(member.version))
        .json(member))
}

/// Replaces a member's record (all editable fields). Needs `If-Match`.
#[utoipa::path(
    put, path = "/api/v1/members/{id}", tag = "members",
    params(("id" = i64, Path, description = "Member id"), ("If-Match" = String, Header, description = "ETag of the version you read")),
    request_body = MemberInput,
    responses(
        (status = 200, body = Member), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
        (status = 422, body = Problem), (status = 428, body = Problem),
    ),
)]
pub async fn replace(
    state: web::Data<AppState>,
    who: Identity,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<MemberInput>,
) -> AppResult<HttpResponse> {
    let member_id: MemberId = id(&path)?;
    let precondition = if_match(&req);
    let input = body.into_inner();
    let rules = state.settings();
    let member = state
        .db
        .write(move |c| {
            let scope = who.resolve(c)?.scope(Action::ManageMembers)?;
            repo::members::replace(c, &scope, member_id, precondition, input, &rules)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag(member.version))
        .json(member))
}
