//! Reports: the screening report (JSON, XLSX, CSV), the member lists behind its counts,
//! and membership statistics.

use crate::api::review::audit_read;
use crate::api::scoped;
use crate::auth::identity::Identity;
use crate::error::AppResult;
use crate::repo::reports::frame::FrameQuery;
use crate::repo::reports::{behind, export, membership, screening};
use crate::state::AppState;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, web};
use chrono::{NaiveDate, Utc};
use rasoat_shared::access::Action;
use rasoat_shared::api::reports::{
    MembershipQuery, MembershipStats, ReportMemberPage, ReportMembersQuery, ScreeningQuery,
    ScreeningReport,
};
use rasoat_shared::error::Problem;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn frame_query(q: &ScreeningQuery) -> FrameQuery {
    FrameQuery {
        unit: q.unit,
        from: q.from,
        to: q.to,
        round: q.round,
    }
}

async fn load(state: &AppState, who: Identity, q: ScreeningQuery) -> AppResult<ScreeningReport> {
    let rules = state.settings();
    state
        .db
        .read_heavy(scoped(who, Action::ViewReports, move |c, s| {
            screening::report(c, s, &frame_query(&q), &rules, today())
        }))
        .await
}

/// The screening report (DOMAIN.md §14.2) of a unit for a period: one row per unit
/// directly under it (the province: its tenants), the total as their sum. Counts only;
/// every count's members are at `/reports/screening/members`.
#[utoipa::path(
    get, path = "/api/v1/reports/screening", tag = "reports",
    params(ScreeningQuery),
    responses((status = 200, body = ScreeningReport), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
)]
pub async fn screening(
    state: web::Data<AppState>,
    who: Identity,
    query: web::Query<ScreeningQuery>,
) -> AppResult<web::Json<ScreeningReport>> {
    Ok(web::Json(load(&state, who, query.into_inner()).await?))
}

/// A file body in the OpenAPI document.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
pub struct FileBody(Vec<u8>);

fn attachment(content_type: &str, name: String, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(name)],
        })
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

/// The screening report as an Excel workbook: the title with the province, the unit and
/// the period; grouped header rows; one row per unit and the total.
#[utoipa::path(
    get, path = "/api/v1/reports/screening.xlsx", tag = "reports",
    params(ScreeningQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBody),
        (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
)]
pub async fn screening_xlsx(
    state: web::Data<AppState>,
    who: Identity,
    query: web::Query<ScreeningQuery>,
) -> AppResult<HttpResponse> {
    let report = load(&state, who, query.into_inner()).await?;
    let name = export::file_name(&report, "xlsx");
    let body = web::block(move || export::xlsx(&report))
        .await
        .map_err(crate::error::AppError::internal)??;
    Ok(attachment(XLSX, name, body))
}

/// The screening report as CSV (UTF-8 with a byte-order mark; a title line, one header
/// line, the rows and the total; counts in the order of the JSON's `columns`, the median
/// last).
#[utoipa::path(
    get, path = "/api/v1/reports/screening.csv", tag = "reports",
    params(ScreeningQuery),
    responses((status = 200, content_type = "text/csv", body = String),
        (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
)]
pub async fn screening_csv(
    state: web::Data<AppState>,
    who: Identity,
    query: web::Query<ScreeningQuery>,
) -> AppResult<HttpResponse> {
    let report = load(&state, who, query.into_inner()).await?;
    Ok(attachment(
        "text/csv; charset=utf-8",
        export::file_name(&report, "csv"),
        export::csv(&report),
    ))
}

/// The members behind one count of the report on `unit` (the whole unit: a row of its
/// parent's report, or the total of its own; `direct=true`: only what is registered at
/// the unit itself). A case column lists one line per case. The read is audited with the
/// member ids returned.
#[utoipa::path(
    get, path = "/api/v1/reports/screening/members", tag = "reports",
    params(ReportMembersQuery),
    responses((status = 200, body = ReportMemberPage), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
)]
pub async fn screening_members(
    state: web::Data<AppState>,
    who: Identity,
    query: web::Query<ReportMembersQuery>,
) -> AppResult<web::Json<ReportMemberPage>> {
    let q = query.into_inner();
    let logged = serde_json::to_value(&q).unwrap_or_default();
    let rules = state.settings();
    let found = state
        .db
        .read_heavy(scoped(who.clone(), Action::ViewReports, move |c, s| {
            behind::list(c, s, &q, &rules, today())
        }))
        .await?;
    let ids: Vec<i64> = found.page.items.iter().map(|m| m.member_id.0).collect();
    audit_read(
        &state,
        &who,
        found.tenant,
        None,
        "report.members",
        ("member", None),
        serde_json::json!({ "query": logged, "member_ids": ids }),
    )
    .await;
    Ok(web::Json(found.page))
}

/// Active members of a unit's subtree by membership, gender, age band (on `as_of`),
/// ethnicity and unit type, and the yearly rating distribution.
#[utoipa::path(
    get, path = "/api/v1/reports/membership", tag = "reports",
    params(MembershipQuery),
    responses((status = 200, body = MembershipStats), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
)]
pub async fn membership(
    state: web::Data<AppState>,
    who: Identity,
    query: web::Query<MembershipQuery>,
) -> AppResult<web::Json<MembershipStats>> {
    let q = query.into_inner();
    let stats = state
        .db
        .read_heavy(scoped(who, Action::ViewReports, move |c, s| {
            membership::stats(c, s, &q, today())
        }))
        .await?;
    Ok(web::Json(stats))
}
