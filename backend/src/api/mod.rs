//! The HTTP API: the one place where routes are wired, and the OpenAPI document.

pub mod audit;
pub mod auth;
pub mod cases;
pub mod clients;
pub mod doc;
pub mod events;
pub mod extract;
pub mod imports;
pub mod members;
pub mod oauth;
pub mod reports;
pub mod review;
pub mod system;
pub mod units;
pub mod users;

use crate::auth::identity::Identity;
use crate::auth::scope::Scope;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use actix_web::web;
use doc::ProblemResponses;
use rasoat_shared::ErrorCode;
use rasoat_shared::access::Action;
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};

/// Database work inside the caller's scope for `action`: resolves the caller's roles on
/// the same connection (no extra round trip), then runs `f`.
pub fn scoped<T, F>(
    who: Identity,
    action: Action,
    f: F,
) -> impl FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn, &Scope) -> AppResult<T> + Send + 'static,
{
    move |c| {
        let scope = who.resolve(c)?.scope(action)?;
        f(c, &scope)
    }
}

async fn method_not_allowed() -> AppResult<actix_web::HttpResponse> {
    Err(AppError::new(ErrorCode::MethodNotAllowed))
}

async fn api_not_found() -> AppResult<actix_web::HttpResponse> {
    Err(AppError::not_found())
}

fn resource(path: &str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(method_not_allowed))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    use web::{delete, get, patch, post, put};
    let api = web::scope("/api/v1")
        .service(resource("/auth/login").route(post().to(auth::login)))
        .service(resource("/auth/logout").route(post().to(auth::logout)))
        .service(resource("/auth/refresh").route(post().to(auth::refresh)))
        .service(resource("/auth/password").route(post().to(auth::change_password)))
        .service(resource("/oauth/token").route(post().to(oauth::token)))
        .service(resource("/me").route(get().to(auth::me)))
        .service(resource("/.well-known/jwks.json").route(get().to(system::jwks)))
        .service(resource("/settings").route(get().to(system::settings)))
        .service(resource("/units").route(post().to(units::create)))
        .service(resource("/units/roots").route(get().to(units::roots)))
        .service(
            resource("/units/{id}")
                .route(get().to(units::get))
                .route(patch().to(units::update)),
        )
        .service(resource("/units/{id}/children").route(get().to(units::children)))
        .service(resource("/units/{id}/ancestors").route(get().to(units::ancestors)))
        .service(resource("/units/{id}/subtree").route(get().to(units::subtree)))
        .service(resource("/units/{id}/move").route(post().to(units::move_unit)))
        .service(
            resource("/members")
                .route(get().to(members::list))
                .route(post().to(members::create)),
        )
        .service(
            resource("/members/{id}")
                .route(get().to(members::get))
                .route(put().to(members::replace)),
        )
        .service(
            resource("/users")
                .route(get().to(users::list))
                .route(post().to(users::create)),
        )
        .service(
            resource("/users/{id}")
                .route(get().to(users::get))
                .route(patch().to(users::update)),
        )
        .service(resource("/users/{id}/password-reset").route(post().to(users::reset_password)))
        .service(resource("/users/{id}/roles").route(post().to(users::grant)))
        .service(resource("/users/{id}/roles/{grant_id}").route(delete().to(users::revoke)))
        .service(
            resource("/service-clients")
                .route(get().to(clients::list))
                .route(post().to(clients::create)),
        )
        .service(resource("/service-clients/{id}").route(delete().to(clients::revoke)))
        .service(resource("/service-clients/{id}/rotate").route(post().to(clients::rotate)))
        .service(resource("/audit").route(get().to(audit::list)))
        .service(resource("/regulations").route(get().to(review::inputs::regulations)))
        .service(
            resource("/units/{id}/rating-sheet")
                .route(get().to(review::sheets::rating_sheet))
                .route(put().to(review::sheets::save_rating_sheet)),
        )
        .service(
            resource("/units/{id}/monthly-sheet")
                .route(get().to(review::sheets::monthly_sheet))
                .route(put().to(review::sheets::save_monthly_sheet)),
        )
        .service(
            resource("/members/{id}/review-record").route(get().to(review::inputs::review_record)),
        )
        .service(
            resource("/members/{id}/discipline")
                .route(post().to(review::inputs::create_discipline)),
        )
        .service(
            resource("/members/{id}/violations").route(post().to(review::inputs::create_violation)),
        )
        .service(
            resource("/review-rounds")
                .route(get().to(review::rounds::list))
                .route(post().to(review::rounds::create)),
        )
        .service(resource("/review-rounds/{id}").route(get().to(review::rounds::get)))
        .service(resource("/review-rounds/{id}/close").route(post().to(review::rounds::close)))
        .service(resource("/review-rounds/{id}/detect").route(post().to(review::rounds::detect)))
        .service(
            resource("/review-rounds/{id}/suggestions")
                .route(get().to(review::rounds::suggestions_list))
                .route(post().to(review::rounds::enter)),
        )
        .service(resource("/review-rounds/{id}/progress").route(get().to(review::rounds::progress)))
        .service(
            resource("/review-rounds/{id}/branches/{unit_id}/complete")
                .route(post().to(review::rounds::complete_branch)),
        )
        .service(resource("/suggestions/{id}/decision").route(post().to(review::rounds::decide)))
        .service(
            resource("/cases")
                .route(get().to(cases::list))
                .route(post().to(cases::create)),
        )
        // Before `/cases/{id}`: "queue" is not an id.
        .service(resource("/cases/queue").route(get().to(cases::queue)))
        .service(resource("/cases/{id}").route(get().to(cases::get)))
        .service(resource("/cases/{id}/transitions").route(post().to(cases::transition)))
        .service(resource("/cases/{id}/notes").route(post().to(cases::add_note)))
        .service(resource("/documents/{id}").route(get().to(cases::document)))
        .service(resource("/exits").route(get().to(cases::exits)))
        .service(resource("/reports/screening").route(get().to(reports::screening)))
        .service(resource("/reports/screening.xlsx").route(get().to(reports::screening_xlsx)))
        .service(resource("/reports/screening.csv").route(get().to(reports::screening_csv)))
        .service(resource("/reports/screening/members").route(get().to(reports::screening_members)))
        .service(resource("/reports/membership").route(get().to(reports::membership)))
        .service(
            resource("/imports")
                .route(get().to(imports::list))
                .route(post().to(imports::create)),
        )
        .service(resource("/imports/{id}").route(get().to(imports::get)))
        .service(resource("/events").route(get().to(events::list)))
        .service(resource("/calendar").route(get().to(cases::calendar)))
        .service(
            resource("/calendar/{date}")
                .route(put().to(cases::put_day))
                .route(delete().to(cases::delete_day)),
        )
        .default_service(web::to(api_not_found));
    // Registered before the /api/v1 scope, which would otherwise claim these paths.
    // The docs page reads the document from its URL; the document is built and serialised
    // once for all workers (`openapi_json`): built in each worker, as `SwaggerUi::url`
    // does, it cost about 10 MiB of resident memory per worker thread.
    cfg.service(
        utoipa_swagger_ui::SwaggerUi::new("/api/v1/docs/{_:.*}")
            .config(utoipa_swagger_ui::Config::from(OPENAPI_PATH)),
    )
    .service(resource(OPENAPI_PATH).route(get().to(openapi_doc)))
    .service(resource("/healthz").route(get().to(system::healthz)))
    .service(resource("/readyz").route(get().to(system::readyz)))
    .service(api);
}

struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::auth::SESSION_COOKIE,
                "Browser session; state-changing requests must also send X-CSRF-Token = the rasoat_csrf cookie.",
            ))),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Rà soát API",
        description = "API của hệ thống Rà soát, sàng lọc đảng viên (Chỉ thị 28-CT/TW, Hướng dẫn 02-HD/BTCTW).\n\n\
REST API of Rà soát for the provincial Party organisation and the provincial systems that integrate with it. \
Errors are RFC 9457 problem+json with a stable `code`. An object outside the caller's scope answers 404, \
exactly like a missing one. Updates need `If-Match` with the `ETag` read before.",
        license(name = "AGPL-3.0-or-later"),
    ),
    paths(
        system::healthz, system::readyz, system::jwks, system::settings,
        auth::login, auth::refresh, auth::logout, auth::change_password, auth::me, oauth::token,
        users::list, users::get, users::create, users::update, users::reset_password, users::grant, users::revoke,
        clients::list, clients::create, clients::rotate, clients::revoke,
        audit::list,
        units::roots, units::get, units::children, units::ancestors, units::subtree,
        units::create, units::update, units::move_unit,
        members::list, members::get, members::create, members::replace,
        review::inputs::regulations, review::inputs::review_record,
        review::inputs::create_discipline, review::inputs::create_violation,
        review::sheets::rating_sheet, review::sheets::save_rating_sheet,
        review::sheets::monthly_sheet, review::sheets::save_monthly_sheet,
        review::rounds::list, review::rounds::create, review::rounds::get, review::rounds::close,
        review::rounds::detect, review::rounds::suggestions_list, review::rounds::enter,
        review::rounds::decide, review::rounds::progress, review::rounds::complete_branch,
        cases::list, cases::queue, cases::create, cases::get, cases::transition, cases::add_note,
        cases::document, cases::exits, cases::calendar, cases::put_day, cases::delete_day,
        reports::screening, reports::screening_xlsx, reports::screening_csv,
        reports::screening_members, reports::membership,
        imports::create, imports::get, imports::list, events::list,
    ),
    modifiers(&SecuritySchemes, &ProblemResponses),
    security(("bearer" = []), ("session_cookie" = [])),
    tags(
        (name = "auth", description = "Đăng nhập, phiên làm việc — sign-in and sessions"),
        (name = "units", description = "Cây tổ chức đảng — the organisation tree"),
        (name = "members", description = "Danh sách đảng viên — the member register"),
        (name = "users", description = "Tài khoản và phân quyền — accounts and roles"),
        (name = "service clients", description = "Kết nối hệ thống của tỉnh — provincial systems (OAuth 2.0 clients)"),
        (name = "review inputs", description = "Xếp loại, kỷ luật, sinh hoạt và đảng phí — what the review works from"),
        (name = "review rounds", description = "Đợt rà soát, phát hiện, đề xuất — review rounds, detection and suggestions"),
        (name = "cases", description = "Hồ sơ rà soát, sàng lọc: biểu quyết, quyết định, văn bản, thời hạn — screening cases, votes, decisions, documents, deadlines"),
        (name = "reports", description = "Báo cáo rà soát, sàng lọc và thống kê đảng viên — the screening report, its exports and membership statistics"),
        (name = "imports", description = "Nhập dữ liệu hàng loạt từ tệp CSV, Excel, JSON (chạy thử, chống lặp, một giao dịch) — bulk import with dry run, Idempotency-Key and all-or-nothing application"),
        (name = "events", description = "Dòng thay đổi cho hệ thống của tỉnh — the change feed for provincial systems"),
        (name = "audit", description = "Nhật ký truy cập — the audit log"),
        (name = "system", description = "Tình trạng hệ thống, cấu hình — health and settings"),
    )
)]
pub struct ApiDoc;

/// The OpenAPI document served at `/api/v1/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

const OPENAPI_PATH: &str = "/api/v1/openapi.json";

/// The OpenAPI document as served, serialised once. The server calls it before starting its
/// workers, so that it is built on the main thread, not in a worker's allocator arena.
pub fn openapi_json() -> &'static [u8] {
    static DOC: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    DOC.get_or_init(|| serde_json::to_vec(&ApiDoc::openapi()).unwrap_or_default())
}

async fn openapi_doc() -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("application/json")
        .body(openapi_json())
}
