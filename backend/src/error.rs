//! The one error type of the HTTP layer and the services below it. Every failure becomes
//! an RFC 9457 problem+json body with a stable code from `rasoat_shared::ErrorCode`; the
//! cause is logged (once, with the request id, by the request middleware), never sent.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use rasoat_shared::ErrorCode;
use rasoat_shared::error::{FieldError, Problem};
use std::fmt;

pub type AppResult<T> = Result<T, AppError>;

pub struct AppError {
    pub code: ErrorCode,
    pub detail: Option<String>,
    pub errors: Vec<FieldError>,
    /// Seconds, for 429 and 503.
    pub retry_after: Option<u64>,
    /// Logged, never returned.
    pub source: Option<anyhow::Error>,
}

impl AppError {
    pub fn new(code: ErrorCode) -> AppError {
        AppError {
            code,
            detail: None,
            errors: Vec::new(),
            retry_after: None,
            source: None,
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> AppError {
        self.detail = Some(detail.into());
        self
    }

    pub fn not_found() -> AppError {
        AppError::new(ErrorCode::NotFound)
    }

    pub fn forbidden() -> AppError {
        AppError::new(ErrorCode::Forbidden)
    }

    pub fn validation(errors: Vec<FieldError>) -> AppError {
        AppError {
            errors,
            ..AppError::new(ErrorCode::ValidationFailed)
        }
    }

    pub fn field(field: &str, code: &str, message: impl Into<String>) -> AppError {
        AppError::validation(vec![FieldError {
            field: field.to_string(),
            code: code.to_string(),
            message: message.into(),
        }])
    }

    pub fn internal(source: impl Into<anyhow::Error>) -> AppError {
        AppError {
            source: Some(source.into()),
            ..AppError::new(ErrorCode::Internal)
        }
    }

    pub fn unavailable(source: impl Into<anyhow::Error>) -> AppError {
        AppError {
            retry_after: Some(1),
            source: Some(source.into()),
            ..AppError::new(ErrorCode::ServiceUnavailable)
        }
    }

    pub fn problem(&self, request_id: Option<&str>) -> Problem {
        let mut p = Problem::new(self.code);
        p.detail = self.detail.clone();
        p.errors = self.errors.clone();
        p.request_id = request_id.map(str::to_string);
        p
    }

    pub fn to_response(&self, request_id: Option<&str>) -> HttpResponse {
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        ));
        if let Some(secs) = self.retry_after {
            res.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if self.code == ErrorCode::Unauthenticated || self.code == ErrorCode::InvalidCredentials {
            res.insert_header((
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"rasoat\""),
            ));
        }
        res.body(serde_json::to_vec(&self.problem(request_id)).unwrap_or_default())
    }
}

impl fmt::Debug for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code.code())?;
        if let Some(d) = &self.detail {
            write!(f, " ({d})")?;
        }
        if let Some(s) = &self.source {
            write!(f, ": {s:#}")?;
        }
        Ok(())
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        // The request middleware renders it again with the request id.
        self.to_response(None)
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> AppError {
        match e {
            diesel::result::Error::NotFound => AppError::not_found(),
            other => AppError::internal(other),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> AppError {
        AppError::unavailable(e)
    }
}

/// Whether a database error is a unique-constraint violation (both backends report it
/// as `UniqueViolation`).
pub fn is_unique_violation(e: &diesel::result::Error) -> bool {
    matches!(
        e,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

/// The constraint or column text of a database error, to tell which unique key failed.
pub fn violation_mentions(e: &diesel::result::Error, needle: &str) -> bool {
    match e {
        diesel::result::Error::DatabaseError(_, info) => {
            info.message().contains(needle)
                || info.constraint_name().is_some_and(|c| c.contains(needle))
                || info.column_name().is_some_and(|c| c.contains(needle))
        }
        _ => false,
    }
}
