//! Bulk import: a file in, one job out. The handlers read the request; the checks and
//! the writing are in `repo::imports`.

use crate::api::extract::number;
use crate::audit::{self, AuditEntry};
use crate::auth::identity::Identity;
use crate::error::{AppError, AppResult, is_unique_violation};
use crate::repo;
use crate::repo::imports::file::{self, ParsedFile};
use crate::repo::imports::{ApplyError, JobRow, Plan, Run, Target};
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use diesel::Connection;
use futures_util::StreamExt;
use rasoat_shared::access::Action;
use rasoat_shared::api::imports::{
    ImportFormat, ImportJob, ImportJobPage, ImportKind, ImportListQuery, ImportProblem,
    ImportQuery, ImportStatus, MAX_PROBLEMS_KEPT,
};
use rasoat_shared::error::{FieldError, Problem};
use rasoat_shared::{ErrorCode, TenantId, UnitId};
use sha2::{Digest, Sha256};
use std::sync::Arc;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file's bytes (documentation only).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
pub struct ImportFile(Vec<u8>);

/// One member in a JSON import file: the keys of the column catalogue (see the import
/// section of the README); values are text as in a spreadsheet (dates dd/mm/yyyy or
/// yyyy-mm-dd; ticks as `true`/`"x"`). Unknown keys are problems.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
#[schema(example = json!({"unit_code": "DBP-01-03", "full_name": "Lò Văn Pọm", "gender": "Nam",
    "date_of_birth": "12/05/1978", "ethnicity": "Thái", "national_id": "011078001234",
    "admission_date": "03/02/2005", "official_date": "03/02/2006"}))]
pub struct MemberImportRecord {
    unit_code: String,
    full_name: String,
    gender: String,
    date_of_birth: String,
    ethnicity: String,
    national_id: Option<String>,
    party_card_no: Option<String>,
    phone: Option<String>,
    admission_date: String,
    official_date: Option<String>,
    exempted: Option<bool>,
    state_employment: Option<String>,
    higher_managed_cadre: Option<bool>,
}

fn format_of(req: &HttpRequest) -> Option<ImportFormat> {
    let ct = req.headers().get(header::CONTENT_TYPE)?.to_str().ok()?;
    let mime = ct.split(';').next()?.trim().to_ascii_lowercase();
    match mime.as_str() {
        "text/csv" | "application/csv" => Some(ImportFormat::Csv),
        XLSX => Some(ImportFormat::Xlsx),
        "application/json" => Some(ImportFormat::Json),
        _ => None,
    }
}

/// The `Idempotency-Key` header: 1 to 100 visible ASCII characters.
fn idempotency_key(req: &HttpRequest) -> AppResult<Option<String>> {
    let Some(v) = req.headers().get("Idempotency-Key") else {
        return Ok(None);
    };
    let key = v.to_str().unwrap_or("");
    if key.is_empty() || key.len() > 100 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AppError::new(ErrorCode::BadRequest)
            .detail("Idempotency-Key: từ 1 đến 100 ký tự ASCII nhìn thấy được."));
    }
    Ok(Some(key.to_string()))
}

/// Reads the body up to the import limit (the general body limit is for JSON).
async fn read_body(mut payload: web::Payload, limit: usize) -> AppResult<Vec<u8>> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| AppError::new(ErrorCode::BadRequest))?;
        if body.len() + chunk.len() > limit {
            return Err(AppError::new(ErrorCode::PayloadTooLarge)
                .detail(format!("Tệp nhập tối đa {limit} byte.")));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn rejected(job: &ImportJob, problems: &[ImportProblem]) -> AppError {
    let errors = problems
        .iter()
        .take(MAX_PROBLEMS_KEPT)
        .map(|p| FieldError {
            field: format!("{}.{}", p.row, p.column.as_deref().unwrap_or("file")),
            code: p.code.clone(),
            message: match &p.header {
                Some(h) => format!("Dòng {}, cột “{h}”: {}", p.row, p.message),
                None => format!("Dòng {}: {}", p.row, p.message),
            },
        })
        .collect();
    AppError {
        errors,
        ..AppError::new(ErrorCode::ImportRejected).detail(format!(
            "{} lỗi; việc nhập #{} (GET /api/v1/imports/{}) liệt kê đủ.",
            problems.len(),
            job.id,
            job.id
        ))
    }
}

/// Checks a file and, unless it is a dry run, applies it in one transaction.
///
/// `kind=members` (the member register), `kind=ratings` (annual quality ratings) or
/// `kind=monthly` (attendance and dues; columns in the README). The
/// body is the file: CSV (UTF-8, comma or semicolon, header row), XLSX (first sheet,
/// header row) or a JSON array of records keyed by the columns' keys (the schema below is
/// a members record; a ratings record has `national_id`, `party_card_no`, `full_name`,
/// `year`, `level`, `score`, `below_band_reasons`, `decision_number`,
/// `decision_signed_on`); the columns follow the national member database's exports
/// (README, "Tích hợp"). Every problem is reported by row and
/// column, and a file with any problem changes nothing. An apply needs an
/// `Idempotency-Key`: the same key with the same file answers with the same job (applied
/// once, whatever the number of retries); with another file, 422. An apply answers 202
/// with the job; `GET /imports/{id}` shows its progress until `applied`. A job cut short
/// by a crash is `interrupted` with nothing applied; sending it again with its key runs
/// it again.
#[utoipa::path(
    post, path = "/api/v1/imports", tag = "imports", params(ImportQuery,
        ("Idempotency-Key" = Option<String>, Header, description = "Required unless dry_run: 1–100 visible ASCII characters, unique per file")),
    request_body(content(
        (ImportFile = "text/csv"),
        (ImportFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (Vec<MemberImportRecord> = "application/json"),
    ), description = "The file"),
    responses(
        (status = 200, description = "A dry run's result, or the earlier job of this Idempotency-Key", body = ImportJob),
        (status = 202, description = "Checked and being applied", body = ImportJob,
            headers(("Location" = String, description = "The job"))),
        (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, description = "No such unit, or outside your scope", body = Problem),
        (status = 413, body = Problem), (status = 415, body = Problem),
        (status = 422, description = "Rows are invalid (nothing applied; `errors` by `row.column`), or the key was used for another file", body = Problem),
    ),
)]
pub async fn create(
    state: web::Data<AppState>,
    who: Identity,
    req: HttpRequest,
    query: web::Query<ImportQuery>,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let format = q
        .format
        .or_else(|| format_of(&req))
        .ok_or_else(|| AppError::new(ErrorCode::ImportFormatUnsupported))?;
    let key = idempotency_key(&req)?;
    if !q.dry_run && key.is_none() {
        return Err(AppError::new(ErrorCode::IdempotencyKeyRequired));
    }
    if q.file_name
        .as_ref()
        .is_some_and(|n| n.chars().count() > 200)
    {
        return Err(AppError::field(
            "file_name",
            "too_long",
            "Tên tệp tối đa 200 ký tự.",
        ));
    }
    let body = read_body(payload, state.config.import_limit).await?;
    let sha = hex(&Sha256::digest(&body));
    let kind = q.kind;
    let parsed: Arc<ParsedFile> = Arc::new(
        web::block(move || file::read(kind, format, &body))
            .await
            .map_err(AppError::internal)?,
    );
    let rules = state.settings();
    let today = Utc::now().date_naive();
    let request = repo::imports::Request {
        kind,
        format,
        unit: q.unit,
        dry_run: q.dry_run,
        file_name: q.file_name.clone(),
        key: key.clone(),
        sha256: sha,
    };
    let plan = {
        let who = who.clone();
        let rules = rules.clone();
        let parsed = parsed.clone();
        state
            .db
            .read_heavy(move |c| {
                let scope = who.resolve(c)?.scope(repo::imports::action_of(kind))?;
                repo::imports::plan(c, &scope, request, &parsed, &rules, today)
            })
            .await?
    };
    let run = match plan {
        Plan::Existing(job, unit_name) => {
            return Ok(HttpResponse::Ok().json(job.to_dto(unit_name, &state.imports, true)));
        }
        Plan::Run(run) => *run,
    };
    let Run {
        job,
        unit_name,
        again,
    } = run;
    let (tenant, unit) = (job.tenant, job.unit);
    let ctx = who.ctx().clone();
    let actor = who.clone();
    let sender = job.sender.clone();
    let trial = (
        who.clone(),
        parsed.clone(),
        rules.clone(),
        unit_name.clone(),
    );
    let stored =
        state
            .db
            .write(move |c| {
                let mut job = job;
                if job.problems.is_empty() && job.kind != ImportKind::Members {
                    // The sheets' own rules (a reason for each excused absence, a decision's
                    // number…) are known only by saving: a trial in a savepoint, always rolled
                    // back, so that a dry run reports them too and an apply starts clean.
                    let (who, parsed, rules, unit_name) = trial;
                    let scope = who.resolve(c)?.scope(repo::imports::action_of(job.kind))?;
                    let to = Target {
                        tenant,
                        unit,
                        unit_name: &unit_name,
                    };
                    let found =
                        repo::imports::trial_apply(c, &scope, job.kind, &to, &parsed.rows, &rules)?;
                    if !found.is_empty() {
                        job.problems = found;
                        job.status = ImportStatus::Rejected;
                    }
                }
                let status = job.status;
                let id = match again {
                    Some(id) => {
                        repo::imports::restart(c, tenant, id, status, &job.problems)?;
                        id
                    }
                    None => match repo::imports::insert(c, &job) {
                        Ok(id) => id,
                        // The same key, a moment ago, from a concurrent request: that job.
                        Err(e) if is_unique_violation(&e) => return Ok(None),
                        Err(e) => return Err(e.into()),
                    },
                };
                let entry = AuditEntry::new(
                TenantId(tenant),
                None,
                &ctx,
                if job.dry_run { "import.check" } else { "import.create" },
                "import",
                Some(id),
                serde_json::json!({ "kind": job.kind, "format": job.format, "rows": job.total_rows,
                    "problems": job.problems.len(), "sha256": job.sha256, "status": status,
                    "attempt_of": again }),
            )
            .by(&actor)
            .unit(unit);
                audit::record(c, &[entry])?;
                Ok(repo::imports::by_id(c, tenant, id)?.map(|row| (row, status, job.problems)))
            })
            .await?;
    let (row, status, problems): (JobRow, ImportStatus, Vec<ImportProblem>) = match stored {
        Some(stored) => stored,
        None => {
            let key = key.unwrap_or_default();
            let found = state
                .db
                .read_heavy(move |c| repo::imports::by_key(c, tenant, &sender, &key))
                .await?;
            let row = found.ok_or_else(|| AppError::internal(anyhow::anyhow!("job vanished")))?;
            return Ok(HttpResponse::Ok().json(row.to_dto(unit_name, &state.imports, true)));
        }
    };
    let dto = row.to_dto(unit_name.clone(), &state.imports, true);
    match status {
        ImportStatus::Rejected if !dto.dry_run => Err(rejected(&dto, &problems)),
        ImportStatus::Applying => {
            start_apply(state.clone(), who, row, unit_name.clone(), parsed, rules);
            Ok(HttpResponse::Accepted()
                .insert_header((header::LOCATION, format!("/api/v1/imports/{}", dto.id)))
                .json(dto))
        }
        _ => Ok(HttpResponse::Ok().json(dto)),
    }
}

/// Applies a checked file in the background: one transaction for every row, its audit
/// entries and the job's end.
fn start_apply(
    state: web::Data<AppState>,
    who: Identity,
    row: JobRow,
    unit_name: String,
    parsed: Arc<ParsedFile>,
    rules: rasoat_shared::settings::RuleSettings,
) {
    let counter = state.imports.start(row.id);
    actix_web::rt::spawn(async move {
        let (tenant, id, unit) = (row.tenant_id, row.id, row.unit_id);
        let ctx = who.ctx().clone();
        let actor = who.clone();
        let kind = ImportKind::from_code(&row.kind).unwrap_or(ImportKind::Members);
        let result = state
            .db
            .write(move |c| {
                let scope = who.resolve(c)?.scope(repo::imports::action_of(kind))?;
                scope.require(c, TenantId(tenant), UnitId(unit))?;
                let to = Target {
                    tenant,
                    unit,
                    unit_name: &unit_name,
                };
                // Checked again inside the transaction: what was true at the dry run or a
                // moment ago (a citizen ID free, a branch open) must still be true now. The
                // rows go in a savepoint, so that a refusal found half-way leaves nothing.
                let outcome = c.transaction(|c| {
                    repo::imports::apply_file(
                        c,
                        &scope,
                        kind,
                        &to,
                        id,
                        &parsed.rows,
                        &rules,
                        &counter,
                    )
                });
                match outcome {
                    Ok(n) => {
                        let entry = AuditEntry::new(
                            TenantId(tenant),
                            None,
                            &ctx,
                            "import.apply",
                            "import",
                            Some(id),
                            serde_json::json!({ "created": n }),
                        )
                        .by(&actor)
                        .unit(unit);
                        audit::record(c, &[entry])?;
                        repo::imports::finish(c, tenant, id, ImportStatus::Applied, n, &[])
                    }
                    Err(ApplyError::Rejected(problems)) => {
                        repo::imports::finish(c, tenant, id, ImportStatus::Rejected, 0, &problems)
                    }
                    Err(ApplyError::Failed(e)) => Err(e),
                }
            })
            .await;
        if let Err(e) = result {
            tracing::error!(job = id, error = %e.code.code(), source = ?e.source, "import failed");
            let _ = state
                .db
                .write(move |c| repo::imports::finish(c, tenant, id, ImportStatus::Failed, 0, &[]))
                .await;
        }
        state.imports.finish(id);
    });
}

/// One import job, with its problems and progress.
#[utoipa::path(
    get, path = "/api/v1/imports/{id}", tag = "imports",
    params(("id" = i64, Path, description = "Import job id")),
    responses((status = 200, body = ImportJob), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, description = "No such job, or outside your scope", body = Problem)),
)]
pub async fn get(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<String>,
) -> AppResult<web::Json<ImportJob>> {
    let id = number(&path)?;
    let st = state.clone();
    let job = state
        .db
        .read(move |c| {
            let scope = who.resolve(c)?.scope(Action::ImportData)?;
            repo::imports::get(c, &scope, id, &st.imports)
        })
        .await?;
    Ok(web::Json(job))
}

/// Import jobs of units in the caller's scope, newest first.
#[utoipa::path(
    get, path = "/api/v1/imports", tag = "imports", params(ImportListQuery),
    responses((status = 200, body = ImportJobPage), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem)),
)]
pub async fn list(
    state: web::Data<AppState>,
    who: Identity,
    query: web::Query<ImportListQuery>,
) -> AppResult<web::Json<ImportJobPage>> {
    let query = query.into_inner();
    let st = state.clone();
    let page = state
        .db
        .read_heavy(move |c| {
            let scope = who.resolve(c)?.scope(Action::ImportData)?;
            repo::imports::list(c, &scope, &query, &st.imports)
        })
        .await?;
    Ok(web::Json(page))
}
