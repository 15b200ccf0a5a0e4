//! A branch's entry sheets: ratings for a period, attendance and dues for a month.

use super::audit_read;
use crate::api::extract::id;
use crate::api::scoped;
use crate::auth::identity::Identity;
use crate::error::AppResult;
use crate::repo::review::{monthly, ratings};
use crate::state::AppState;
use actix_web::web;
use rasoat_shared::access::Action;
use rasoat_shared::api::review::{
    MonthlySheet, MonthlySheetInput, MonthlySheetQuery, RatingSheet, RatingSheetInput,
    RatingSheetQuery,
};
use rasoat_shared::error::Problem;
use rasoat_shared::{TenantId, UnitId};

/// A branch's rating sheet for a period: every active member registered there, their
/// rating if any, why they are not rated if they are not, the rule in force (QĐ 124
/// enters the level; QĐ 366 the score, whose band caps the level) and the excellent quota.
#[utoipa::path(
    get, path = "/api/v1/units/{id}/rating-sheet", tag = "review inputs",
    params(("id" = i64, Path, description = "A branch or grassroots cell"), RatingSheetQuery),
    responses(
        (status = 200, body = RatingSheet), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, description = "Bad period, or a unit that holds no members", body = Problem),
    ),
)]
pub async fn rating_sheet(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
    query: web::Query<RatingSheetQuery>,
) -> AppResult<web::Json<RatingSheet>> {
    let unit: UnitId = id(&path)?;
    let key = query.into_inner().key();
    let rules = state.settings();
    let (sheet, tenant) = state
        .db
        .read(scoped(who.clone(), Action::ViewMembers, move |c, s| {
            ratings::sheet(c, s, unit, key, &rules)
        }))
        .await?;
    sheet_read(
        &state,
        &who,
        tenant,
        "rating_sheet.read",
        &sheet.unit_id,
        sheet.rows.iter().map(|r| r.member.id.0),
        serde_json::json!(key),
    )
    .await;
    Ok(web::Json(sheet))
}

async fn sheet_read(
    state: &AppState,
    who: &Identity,
    tenant: TenantId,
    action: &str,
    unit: &UnitId,
    ids: impl Iterator<Item = i64>,
    period: serde_json::Value,
) {
    let ids: Vec<i64> = ids.collect();
    audit_read(
        state,
        who,
        tenant,
        Some(unit.0),
        action,
        ("unit", Some(unit.0)),
        serde_json::json!({ "period": period, "ids": ids }),
    )
    .await;
}

/// Saves ratings for some or all of a branch's members, in one transaction: every entry
/// is checked (band, reasons below the band, exclusions, the member belongs to the branch)
/// and a problem in any refuses all of them, with `errors[].field` = `entries[i].…`.
/// Each entry carries the `version` it was read at (none for a new rating): a stale one
/// refuses the sheet with 412.
#[utoipa::path(
    put, path = "/api/v1/units/{id}/rating-sheet", tag = "review inputs",
    params(("id" = i64, Path, description = "A branch or grassroots cell")),
    request_body = RatingSheetInput,
    responses(
        (status = 200, body = RatingSheet), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem),
        (status = 422, body = Problem),
    ),
)]
pub async fn save_rating_sheet(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
    body: web::Json<RatingSheetInput>,
) -> AppResult<web::Json<RatingSheet>> {
    let unit: UnitId = id(&path)?;
    let input = body.into_inner();
    let rules = state.settings();
    let sheet = state
        .db
        .write(scoped(who, Action::RecordReviewInputs, move |c, s| {
            ratings::save_sheet(c, s, unit, input, &rules)
        }))
        .await?;
    Ok(web::Json(sheet))
}

/// A branch's attendance and dues for a month (`month` = its first day).
#[utoipa::path(
    get, path = "/api/v1/units/{id}/monthly-sheet", tag = "review inputs",
    params(("id" = i64, Path, description = "A branch or grassroots cell"), MonthlySheetQuery),
    responses(
        (status = 200, body = MonthlySheet), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem),
    ),
)]
pub async fn monthly_sheet(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
    query: web::Query<MonthlySheetQuery>,
) -> AppResult<web::Json<MonthlySheet>> {
    let unit: UnitId = id(&path)?;
    let month = query.month;
    let (sheet, tenant) = state
        .db
        .read(scoped(who.clone(), Action::ViewMembers, move |c, s| {
            monthly::sheet(c, s, unit, month)
        }))
        .await?;
    sheet_read(
        &state,
        &who,
        tenant,
        "monthly_sheet.read",
        &sheet.unit_id,
        sheet.rows.iter().map(|r| r.member.id.0),
        serde_json::json!(month),
    )
    .await;
    Ok(web::Json(sheet))
}

/// Saves a month's attendance and dues for some or all of a branch's members, all or
/// nothing. An absence or unpaid month the branch accepted as having good reason must say
/// the reason.
#[utoipa::path(
    put, path = "/api/v1/units/{id}/monthly-sheet", tag = "review inputs",
    params(("id" = i64, Path, description = "A branch or grassroots cell")),
    request_body = MonthlySheetInput,
    responses(
        (status = 200, body = MonthlySheet), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem),
        (status = 422, body = Problem),
    ),
)]
pub async fn save_monthly_sheet(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
    body: web::Json<MonthlySheetInput>,
) -> AppResult<web::Json<MonthlySheet>> {
    let unit: UnitId = id(&path)?;
    let input = body.into_inner();
    let sheet = state
        .db
        .write(scoped(who, Action::RecordReviewInputs, move |c, s| {
            monthly::save_sheet(c, s, unit, input)
        }))
        .await?;
    Ok(web::Json(sheet))
}
