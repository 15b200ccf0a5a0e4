//! Repositories: every query of tenant data, each taking a [`crate::auth::scope::Scope`].

pub mod audit;
pub mod cases;
pub mod clients;
pub mod events;
pub mod imports;
pub mod members;
pub mod reports;
pub mod review;
pub mod settings;
pub mod units;
pub mod users;

use crate::error::AppError;
use rasoat_shared::ErrorCode;

/// A problem with one field of a submitted body.
pub fn field(
    field: impl Into<String>,
    code: &str,
    message: impl Into<String>,
) -> rasoat_shared::error::FieldError {
    rasoat_shared::error::FieldError {
        field: field.into(),
        code: code.to_string(),
        message: message.into(),
    }
}

/// Whether a row read as `current` (None: no row) is stale for a writer that read it at
/// `sent` (None: it saw no row) — the per-row precondition of the entry sheets.
pub fn stale_row(current: Option<i64>, sent: Option<i64>) -> bool {
    current != sent
}

/// A unique violation on insert: someone created the row between our read and our write,
/// so the caller's view was stale, as with a changed version (412).
pub fn created_meanwhile(e: diesel::result::Error) -> AppError {
    if crate::error::is_unique_violation(&e) {
        AppError::new(ErrorCode::PreconditionFailed)
    } else {
        e.into()
    }
}

/// The `If-Match` precondition sent with an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfMatch {
    Absent,
    /// `*`: whatever version is current (RFC 9110 §13.1.1).
    Any,
    Version(i64),
}

/// Checks `If-Match` against the current version: absent → 428, stale → 412.
pub fn check_version(if_match: IfMatch, current: i64) -> Result<(), AppError> {
    match if_match {
        IfMatch::Absent => Err(AppError::new(ErrorCode::PreconditionRequired)),
        IfMatch::Any => Ok(()),
        IfMatch::Version(v) if v == current => Ok(()),
        IfMatch::Version(_) => Err(AppError::new(ErrorCode::PreconditionFailed)),
    }
}
