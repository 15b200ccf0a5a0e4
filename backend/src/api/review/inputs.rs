//! A member's discipline decisions, violations and review record; the regulation registry.

use super::audit_read;
use crate::api::extract::id;
use crate::api::scoped;
use crate::auth::identity::Identity;
use crate::db::schema::regulations;
use crate::error::AppResult;
use crate::repo::review::{discipline, record};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use rasoat_shared::MemberId;
use rasoat_shared::access::Action;
use rasoat_shared::api::review::{
    DisciplineInput, DisciplineRecord, RegulationRef, ReviewRecord, ViolationInput, ViolationRecord,
};
use rasoat_shared::error::Problem;

/// Everything the review reads about one member: ratings (with the regulation of each),
/// discipline with its effect period, violations, the last 36 months of attendance and
/// dues, and the cases opened. A member reads their own.
#[utoipa::path(
    get, path = "/api/v1/members/{id}/review-record", tag = "review inputs",
    params(("id" = i64, Path, description = "Member id")),
    responses(
        (status = 200, body = ReviewRecord), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem),
    ),
)]
pub async fn review_record(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
) -> AppResult<web::Json<ReviewRecord>> {
    let member: MemberId = id(&path)?;
    let rules = state.settings();
    let (rec, tenant, unit) = state
        .db
        .read(scoped(who.clone(), Action::ViewMembers, move |c, s| {
            record::get(c, s, member, &rules)
        }))
        .await?;
    audit_read(
        &state,
        &who,
        tenant,
        Some(unit.0),
        "member.review_record.read",
        ("member", Some(member.0)),
        serde_json::json!({}),
    )
    .await;
    Ok(web::Json(rec))
}

/// Records a Party or state discipline decision. The form must exist in its kind's
/// catalogue on the decision's date (QĐ 102 → 69 for the Party; NĐ 112/2020 → 172/2025
/// for civil servants, which abolished salary-step and post demotion) and suit the member
/// (probationers: reprimand or warning). Party discipline runs 12 months from the
/// announcement (expulsion: no end); the regulation is stored with the record.
#[utoipa::path(
    post, path = "/api/v1/members/{id}/discipline", tag = "review inputs",
    params(("id" = i64, Path, description = "Member id")),
    request_body = DisciplineInput,
    responses(
        (status = 201, body = DisciplineRecord), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem),
    ),
)]
pub async fn create_discipline(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
    body: web::Json<DisciplineInput>,
) -> AppResult<HttpResponse> {
    let member: MemberId = id(&path)?;
    let input = body.into_inner();
    let rules = state.settings();
    let rec = state
        .db
        .write(scoped(who, Action::RecordReviewInputs, move |c, s| {
            discipline::create(c, s, member, input, &rules)
        }))
        .await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(rec))
}

/// Records a violation (found by a meeting, an inspection, a complaint), whether or not
/// discipline followed: a violation while a warning or heavier discipline is in effect is
/// what criterion A2 detects.
#[utoipa::path(
    post, path = "/api/v1/members/{id}/violations", tag = "review inputs",
    params(("id" = i64, Path, description = "Member id")),
    request_body = ViolationInput,
    responses(
        (status = 201, body = ViolationRecord), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem),
    ),
)]
pub async fn create_violation(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
    body: web::Json<ViolationInput>,
) -> AppResult<HttpResponse> {
    let member: MemberId = id(&path)?;
    let input = body.into_inner();
    let rec = state
        .db
        .write(scoped(who, Action::RecordReviewInputs, move |c, s| {
            discipline::create_violation(c, s, member, input)
        }))
        .await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(rec))
}

/// The regulations records cite (number and date: numbers restart every term).
#[utoipa::path(
    get, path = "/api/v1/regulations", tag = "review inputs",
    responses((status = 200, body = [RegulationRef]), (status = 401, body = Problem)),
)]
pub async fn regulations(
    state: web::Data<AppState>,
    _who: Identity,
) -> AppResult<web::Json<Vec<RegulationRef>>> {
    let rows = state
        .db
        .read(|c| {
            Ok(regulations::table
                .order((regulations::effective_from, regulations::code))
                .select((
                    regulations::code,
                    regulations::signed_on,
                    regulations::effective_from,
                    regulations::title_vi,
                ))
                .load::<(String, chrono::NaiveDate, chrono::NaiveDate, String)>(c)?)
        })
        .await?;
    Ok(web::Json(
        rows.into_iter()
            .map(
                |(code, signed_on, effective_from, title_vi)| RegulationRef {
                    code,
                    signed_on,
                    effective_from,
                    title_vi,
                },
            )
            .collect(),
    ))
}
