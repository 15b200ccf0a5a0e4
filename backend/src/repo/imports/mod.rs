//! Bulk import jobs (`/api/v1/imports`).
//!
//! A job row is committed before its file is applied; the applying transaction writes the
//! records, their audit entries (and so their change events) and sets the job `applied`,
//! all or nothing. A crash in between leaves the row `applying` and the data untouched;
//! start-up turns such rows `interrupted` ([`sweep_interrupted`]), and a retry with the
//! same `Idempotency-Key` and the same file runs the same job again. A key already
//! `applied` answers with that job: the file is applied once.

pub mod file;
pub mod members;
pub mod monthly;
pub mod people;
pub mod ratings;

use crate::auth::scope::{Area, Scope};
use crate::db::schema::{import_jobs, service_clients, unit_closure, units, users};
use crate::db::{DbConn, Dialect};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use rasoat_shared::api::imports::{
    ImportFormat, ImportJob, ImportJobPage, ImportKind, ImportListQuery, ImportProblem,
    ImportStatus, MAX_PROBLEMS_KEPT,
};
use rasoat_shared::api::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use rasoat_shared::{ErrorCode, TenantId, UnitId};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

/// The action a kind's rows are: the same permission as entering them by hand.
pub fn action_of(kind: ImportKind) -> rasoat_shared::access::Action {
    use rasoat_shared::access::Action;
    match kind {
        ImportKind::Members => Action::ManageMembers,
        ImportKind::Ratings | ImportKind::Monthly => Action::RecordReviewInputs,
    }
}

/// The file's target, as the checks need it.
pub struct Target<'a> {
    pub tenant: i64,
    pub unit: i64,
    pub unit_name: &'a str,
}

/// Checks every row of a file of `kind` (the dry run, and the answer before an apply).
pub fn check_file(
    conn: &mut DbConn,
    kind: ImportKind,
    to: &Target,
    rows: &[file::RawRow],
    rules: &rasoat_shared::settings::RuleSettings,
    today: chrono::NaiveDate,
) -> AppResult<Vec<ImportProblem>> {
    Ok(match kind {
        ImportKind::Members => {
            members::check(conn, to.tenant, to.unit, to.unit_name, rows, rules, today)?.err()
        }
        ImportKind::Ratings => {
            ratings::check(conn, to.tenant, to.unit, to.unit_name, rows, today)?.err()
        }
        ImportKind::Monthly => {
            monthly::check(conn, to.tenant, to.unit, to.unit_name, rows, today)?.err()
        }
    }
    .unwrap_or_default())
}

/// A file sent: what the request says of it.
pub struct Request {
    pub kind: ImportKind,
    pub format: ImportFormat,
    pub unit: UnitId,
    pub dry_run: bool,
    pub file_name: Option<String>,
    pub key: Option<String>,
    pub sha256: String,
}

/// What the first look at a request decided.
pub enum Plan {
    /// The key was used for this file before: that job (and its unit's name) is the answer.
    Existing(Box<JobRow>, String),
    /// A new job, or another attempt of an interrupted one.
    Run(Box<Run>),
}

pub struct Run {
    pub job: NewJob,
    pub unit_name: String,
    /// An interrupted or failed job of the same key, run again.
    pub again: Option<i64>,
}

const ONE_TENANT: &str =
    "Chọn một đảng bộ trực thuộc tỉnh hoặc tổ chức cấp dưới: mỗi tệp nhập vào một đảng bộ.";

/// The first look at a file, on a read connection: the unit in scope and below the
/// province, the key's earlier job if any, then every problem of the file and its rows.
pub fn plan(
    conn: &mut DbConn,
    scope: &Scope,
    req: Request,
    parsed: &file::ParsedFile,
    rules: &rasoat_shared::settings::RuleSettings,
    today: chrono::NaiveDate,
) -> AppResult<Plan> {
    let unit = crate::repo::units::visible_row(conn, scope, req.unit)?;
    if unit.tenant_id == TenantId::PROVINCE.0 {
        return Err(AppError::field("unit", "province_level", ONE_TENANT));
    }
    let (sender, submitted_by) = sender_of(conn, scope)?;
    let mut again = None;
    if let Some(k) = &req.key
        && let Some(job) = by_key(conn, unit.tenant_id, &sender, k)?
    {
        let same = job.file_sha256 == req.sha256
            && job.unit_id == unit.id
            && job.kind == req.kind.code()
            && job.dry_run == req.dry_run;
        if !same {
            return Err(AppError::new(ErrorCode::IdempotencyKeyReused));
        }
        match job.status() {
            ImportStatus::Interrupted | ImportStatus::Failed => again = Some(job.id),
            _ => return Ok(Plan::Existing(Box::new(job), unit.name)),
        }
    }
    let mut problems = parsed.problems.clone();
    // Rows are checked once the file and its header are readable.
    if problems.iter().all(|p| p.row > 1) {
        let to = Target {
            tenant: unit.tenant_id,
            unit: unit.id,
            unit_name: &unit.name,
        };
        problems.append(&mut check_file(
            conn,
            req.kind,
            &to,
            &parsed.rows,
            rules,
            today,
        )?);
    }
    problems.sort_by(|a, b| a.row.cmp(&b.row).then_with(|| a.column.cmp(&b.column)));
    let status = if !problems.is_empty() {
        ImportStatus::Rejected
    } else if req.dry_run {
        ImportStatus::Validated
    } else {
        ImportStatus::Applying
    };
    Ok(Plan::Run(Box::new(Run {
        job: NewJob {
            tenant: unit.tenant_id,
            unit: unit.id,
            kind: req.kind,
            format: req.format,
            dry_run: req.dry_run,
            status,
            file_name: req.file_name,
            key: req.key,
            sender,
            submitted_by,
            sha256: req.sha256,
            total_rows: u32::try_from(parsed.rows.len()).unwrap_or(u32::MAX),
            problems,
        },
        unit_name: unit.name,
        again,
    })))
}

/// Why an apply stopped: rows refused (the job ends `rejected`), or a failure.
pub enum ApplyError {
    Rejected(Vec<ImportProblem>),
    Failed(AppError),
}

impl From<diesel::result::Error> for ApplyError {
    fn from(e: diesel::result::Error) -> Self {
        ApplyError::Failed(e.into())
    }
}

impl From<AppError> for ApplyError {
    fn from(e: AppError) -> Self {
        ApplyError::Failed(e)
    }
}

/// Checks the rows again and writes them, inside the caller's transaction; returns how
/// many records were written. Run in a savepoint by the caller, so that a refusal found
/// half-way (a rating sheet's own rule) leaves nothing behind.
#[allow(clippy::too_many_arguments)]
pub fn apply_file(
    conn: &mut DbConn,
    scope: &Scope,
    kind: ImportKind,
    to: &Target,
    job: i64,
    rows: &[file::RawRow],
    rules: &rasoat_shared::settings::RuleSettings,
    progress: &AtomicU32,
) -> Result<u32, ApplyError> {
    let now = Utc::now().naive_utc();
    match kind {
        ImportKind::Members => {
            let checked = members::check(
                conn,
                to.tenant,
                to.unit,
                to.unit_name,
                rows,
                rules,
                now.date(),
            )?
            .map_err(ApplyError::Rejected)?;
            Ok(members::apply(
                conn, scope, to.tenant, job, &checked, now, progress,
            )?)
        }
        ImportKind::Ratings => {
            let groups = ratings::check(conn, to.tenant, to.unit, to.unit_name, rows, now.date())?
                .map_err(ApplyError::Rejected)?;
            ratings::apply(conn, scope, to.tenant, &groups, rules, progress)?
                .map_err(ApplyError::Rejected)
        }
        ImportKind::Monthly => {
            let groups = monthly::check(conn, to.tenant, to.unit, to.unit_name, rows, now.date())?
                .map_err(ApplyError::Rejected)?;
            monthly::apply(conn, scope, to.tenant, &groups, progress)?.map_err(ApplyError::Rejected)
        }
    }
}

/// Runs the apply in a savepoint that is always rolled back; returns the problems it met
/// (none: the file would apply). For the kinds saved through sheets, whose own rules the
/// row checks do not repeat.
pub fn trial_apply(
    conn: &mut DbConn,
    scope: &Scope,
    kind: ImportKind,
    to: &Target,
    rows: &[file::RawRow],
    rules: &rasoat_shared::settings::RuleSettings,
) -> AppResult<Vec<ImportProblem>> {
    use diesel::Connection;
    let progress = AtomicU32::new(0);
    let outcome = conn.transaction::<(), ApplyError, _>(|c| {
        apply_file(c, scope, kind, to, 0, rows, rules, &progress)?;
        // Applied: undo it.
        Err(ApplyError::Rejected(Vec::new()))
    });
    match outcome {
        Ok(()) => Ok(Vec::new()),
        Err(ApplyError::Rejected(problems)) => Ok(problems),
        Err(ApplyError::Failed(e)) => Err(e),
    }
}

/// Rows written so far by the jobs applying in this process (their transaction is not
/// committed, so the progress cannot be read from the database).
#[derive(Default)]
pub struct Progress(Mutex<HashMap<i64, Arc<AtomicU32>>>);

impl Progress {
    pub fn start(&self, job: i64) -> Arc<AtomicU32> {
        let counter = Arc::new(AtomicU32::new(0));
        if let Ok(mut map) = self.0.lock() {
            map.insert(job, counter.clone());
        }
        counter
    }

    pub fn get(&self, job: i64) -> Option<u32> {
        self.0
            .lock()
            .ok()
            .and_then(|m| m.get(&job).map(|c| c.load(Ordering::Relaxed)))
    }

    pub fn finish(&self, job: i64) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(&job);
        }
    }
}

#[derive(Queryable, Selectable, Clone)]
#[diesel(table_name = import_jobs)]
pub struct JobRow {
    pub tenant_id: i64,
    pub id: i64,
    pub unit_id: i64,
    pub kind: String,
    pub format: String,
    pub dry_run: bool,
    pub status: String,
    pub file_name: Option<String>,
    pub idempotency_key: Option<String>,
    pub sender: String,
    pub submitted_by: String,
    pub file_sha256: String,
    pub total_rows: i32,
    pub applied_rows: i32,
    pub problem_count: i32,
    pub problems: String,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

impl JobRow {
    pub fn status(&self) -> ImportStatus {
        ImportStatus::from_code(&self.status).unwrap_or(ImportStatus::Failed)
    }

    /// The job as the API shows it; `with_problems` false for lists.
    pub fn to_dto(&self, unit_name: String, progress: &Progress, with_problems: bool) -> ImportJob {
        let status = self.status();
        let processed = match status {
            ImportStatus::Applying => progress.get(self.id).unwrap_or(0),
            ImportStatus::Applied => u32::try_from(self.applied_rows).unwrap_or(0),
            _ => 0,
        };
        let problems: Vec<ImportProblem> = if with_problems {
            serde_json::from_str(&self.problems).unwrap_or_default()
        } else {
            Vec::new()
        };
        ImportJob {
            id: self.id,
            tenant_id: TenantId(self.tenant_id),
            unit_id: UnitId(self.unit_id),
            unit_name,
            kind: ImportKind::from_code(&self.kind).unwrap_or(ImportKind::Members),
            format: ImportFormat::from_code(&self.format).unwrap_or(ImportFormat::Csv),
            dry_run: self.dry_run,
            status,
            file_name: self.file_name.clone(),
            idempotency_key: self.idempotency_key.clone(),
            file_sha256: self.file_sha256.clone(),
            total_rows: u32::try_from(self.total_rows).unwrap_or(0),
            processed_rows: processed,
            applied_rows: u32::try_from(self.applied_rows).unwrap_or(0),
            problem_count: u32::try_from(self.problem_count).unwrap_or(0),
            problems,
            attempts: u32::try_from(self.attempts).unwrap_or(0),
            submitted_by: self.submitted_by.clone(),
            created_at: DateTime::from_naive_utc_and_offset(self.created_at, Utc),
            finished_at: self
                .finished_at
                .map(|t| DateTime::from_naive_utc_and_offset(t, Utc)),
        }
    }
}

/// Who sent a job: the key of idempotency (`u:<user>` or `c:<client>`) and the name shown.
pub fn sender_of(conn: &mut DbConn, scope: &Scope) -> AppResult<(String, String)> {
    Ok(match scope.subject() {
        crate::auth::token::Subject::User { id, .. } => {
            let name: Option<String> = users::table
                .filter(users::id.eq(id.0))
                .select(users::display_name)
                .first(conn)
                .optional()?;
            (format!("u:{}", id.0), name.unwrap_or_default())
        }
        crate::auth::token::Subject::Client { tenant, id, .. } => {
            let name: Option<String> = service_clients::table
                .filter(service_clients::tenant_id.eq(tenant.0))
                .filter(service_clients::id.eq(id))
                .select(service_clients::name)
                .first(conn)
                .optional()?;
            (format!("c:{id}"), name.unwrap_or_default())
        }
    })
}

pub fn by_key(
    conn: &mut DbConn,
    tenant: i64,
    sender: &str,
    key: &str,
) -> AppResult<Option<JobRow>> {
    Ok(import_jobs::table
        .filter(import_jobs::tenant_id.eq(tenant))
        .filter(import_jobs::sender.eq(sender))
        .filter(import_jobs::idempotency_key.eq(key))
        .select(JobRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn by_id(conn: &mut DbConn, tenant: i64, id: i64) -> AppResult<Option<JobRow>> {
    Ok(import_jobs::table
        .filter(import_jobs::tenant_id.eq(tenant))
        .filter(import_jobs::id.eq(id))
        .select(JobRow::as_select())
        .first(conn)
        .optional()?)
}

fn unit_names(conn: &mut DbConn, ids: Vec<i64>) -> AppResult<HashMap<i64, String>> {
    Ok(units::table
        .filter(units::id.eq_any(ids))
        .select((units::id, units::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect())
}

/// One job, if its unit lies in the scope (else 404, as if it did not exist).
pub fn get(conn: &mut DbConn, scope: &Scope, id: i64, progress: &Progress) -> AppResult<ImportJob> {
    let row: Option<JobRow> = import_jobs::table
        .filter(import_jobs::id.eq(id))
        .select(JobRow::as_select())
        .first(conn)
        .optional()?;
    let row = row.ok_or_else(AppError::not_found)?;
    scope.require(conn, TenantId(row.tenant_id), UnitId(row.unit_id))?;
    let name = unit_names(conn, vec![row.unit_id])?
        .remove(&row.unit_id)
        .unwrap_or_default();
    Ok(row.to_dto(name, progress, true))
}

/// The jobs of units in the scope, newest first.
pub fn list(
    conn: &mut DbConn,
    scope: &Scope,
    query: &ImportListQuery,
    progress: &Progress,
) -> AppResult<ImportJobPage> {
    let limit = query.limit.unwrap_or(DEFAULT_PAGE_SIZE);
    if limit == 0 || limit > MAX_PAGE_SIZE {
        return Err(AppError::new(ErrorCode::InvalidQuery)
            .detail(format!("limit phải từ 1 đến {MAX_PAGE_SIZE}")));
    }
    let mut q = import_jobs::table
        .select(JobRow::as_select())
        .into_boxed::<Dialect>();
    if let Area::Subtrees(roots) = scope.area() {
        let whole: Vec<i64> = roots
            .iter()
            .filter(|r| r.whole_tenant)
            .map(|r| r.tenant_id.0)
            .collect();
        let partial: Vec<i64> = roots
            .iter()
            .filter(|r| !r.whole_tenant)
            .map(|r| r.unit_id.0)
            .collect();
        q = q.filter(
            import_jobs::tenant_id
                .eq_any(whole)
                .or(import_jobs::unit_id.eq_any(
                    unit_closure::table
                        .filter(unit_closure::ancestor_id.eq_any(partial))
                        .select(unit_closure::descendant_id),
                )),
        );
    }
    if let Some(c) = &query.cursor {
        let before: i64 = c
            .parse()
            .map_err(|_| AppError::new(ErrorCode::InvalidCursor))?;
        q = q.filter(import_jobs::id.lt(before));
    }
    let mut rows: Vec<JobRow> = q
        .order(import_jobs::id.desc())
        .limit(i64::from(limit) + 1)
        .load(conn)?;
    let next_cursor = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.id.to_string())
    } else {
        None
    };
    let names = unit_names(conn, rows.iter().map(|r| r.unit_id).collect())?;
    let items = rows
        .iter()
        .map(|r| {
            let name = names.get(&r.unit_id).cloned().unwrap_or_default();
            r.to_dto(name, progress, false)
        })
        .collect();
    Ok(ImportJobPage { items, next_cursor })
}

/// What a new job (or a new attempt of an interrupted one) records.
pub struct NewJob {
    pub tenant: i64,
    pub unit: i64,
    pub kind: ImportKind,
    pub format: ImportFormat,
    pub dry_run: bool,
    pub status: ImportStatus,
    pub file_name: Option<String>,
    pub key: Option<String>,
    pub sender: String,
    pub submitted_by: String,
    pub sha256: String,
    pub total_rows: u32,
    pub problems: Vec<ImportProblem>,
}

fn problems_text(problems: &[ImportProblem]) -> String {
    let kept = &problems[..problems.len().min(MAX_PROBLEMS_KEPT)];
    serde_json::to_string(kept).unwrap_or_else(|_| "[]".into())
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Inserts a job; returns its id. A key already taken (a concurrent retry) is a unique
/// violation, which the caller answers with the other job.
pub fn insert(conn: &mut DbConn, job: &NewJob) -> Result<i64, diesel::result::Error> {
    let now = Utc::now().naive_utc();
    let finished = (job.status != ImportStatus::Applying).then_some(now);
    diesel::insert_into(import_jobs::table)
        .values((
            import_jobs::tenant_id.eq(job.tenant),
            import_jobs::unit_id.eq(job.unit),
            import_jobs::kind.eq(job.kind.code()),
            import_jobs::format.eq(job.format.code()),
            import_jobs::dry_run.eq(job.dry_run),
            import_jobs::status.eq(job.status.code()),
            import_jobs::file_name.eq(&job.file_name),
            import_jobs::idempotency_key.eq(&job.key),
            import_jobs::sender.eq(&job.sender),
            import_jobs::submitted_by.eq(&job.submitted_by),
            import_jobs::file_sha256.eq(&job.sha256),
            import_jobs::total_rows.eq(count(job.total_rows as usize)),
            import_jobs::applied_rows.eq(0),
            import_jobs::problem_count.eq(count(job.problems.len())),
            import_jobs::problems.eq(problems_text(&job.problems)),
            import_jobs::attempts.eq(1),
            import_jobs::created_at.eq(now),
            import_jobs::finished_at.eq(finished),
        ))
        .returning(import_jobs::id)
        .get_result(conn)
}

/// Starts another attempt of an interrupted or failed job.
pub fn restart(
    conn: &mut DbConn,
    tenant: i64,
    id: i64,
    status: ImportStatus,
    problems: &[ImportProblem],
) -> AppResult<()> {
    let finished = (status != ImportStatus::Applying).then(|| Utc::now().naive_utc());
    diesel::update(
        import_jobs::table
            .filter(import_jobs::tenant_id.eq(tenant))
            .filter(import_jobs::id.eq(id)),
    )
    .set((
        import_jobs::status.eq(status.code()),
        import_jobs::attempts.eq(import_jobs::attempts + 1),
        import_jobs::problem_count.eq(count(problems.len())),
        import_jobs::problems.eq(problems_text(problems)),
        import_jobs::finished_at.eq(finished),
    ))
    .execute(conn)?;
    Ok(())
}

/// Ends a job: `applied` (inside the applying transaction) or a failure (after it rolled
/// back).
pub fn finish(
    conn: &mut DbConn,
    tenant: i64,
    id: i64,
    status: ImportStatus,
    applied_rows: u32,
    problems: &[ImportProblem],
) -> AppResult<()> {
    diesel::update(
        import_jobs::table
            .filter(import_jobs::tenant_id.eq(tenant))
            .filter(import_jobs::id.eq(id)),
    )
    .set((
        import_jobs::status.eq(status.code()),
        import_jobs::applied_rows.eq(count(applied_rows as usize)),
        import_jobs::problem_count.eq(count(problems.len())),
        import_jobs::problems.eq(problems_text(problems)),
        import_jobs::finished_at.eq(Some(Utc::now().naive_utc())),
    ))
    .execute(conn)?;
    Ok(())
}

/// At start-up: a job still `applying` belongs to a process that is gone, and its
/// transaction with it. One server process per database (SQLite's rule; for several
/// servers on PostgreSQL this would need a lease).
pub fn sweep_interrupted(conn: &mut DbConn) -> AppResult<usize> {
    Ok(diesel::update(
        import_jobs::table.filter(import_jobs::status.eq(ImportStatus::Applying.code())),
    )
    .set((
        import_jobs::status.eq(ImportStatus::Interrupted.code()),
        import_jobs::finished_at.eq(Some(Utc::now().naive_utc())),
    ))
    .execute(conn)?)
}
