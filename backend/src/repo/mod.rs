//! Repositories: every query of tenant data, each taking a [`crate::auth::scope::Scope`].

pub mod audit;
pub mod clients;
pub mod members;
pub mod review;
pub mod settings;
pub mod units;
pub mod users;

use crate::error::AppError;
use rasoat_shared::ErrorCode;

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
