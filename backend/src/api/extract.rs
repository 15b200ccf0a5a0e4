//! Small request helpers: typed path ids, `If-Match`, `ETag`, and the handlers that turn
//! malformed JSON, query strings and paths into problem+json errors with stable codes.

use crate::error::AppError;
use crate::repo::IfMatch;
use actix_web::HttpRequest;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::header;
use rasoat_shared::ErrorCode;
use std::str::FromStr;

/// Parses an id from the path; anything but a plain positive integer is 400.
pub fn id<T: FromStr>(raw: &str) -> Result<T, AppError> {
    raw.parse::<T>()
        .map_err(|_| AppError::new(ErrorCode::InvalidPathParameter))
}

/// A numeric id from the path (for resources without a newtype); 400 unless a plain
/// positive integer.
pub fn number(raw: &str) -> Result<i64, AppError> {
    id::<rasoat_shared::MemberId>(raw).map(|m| m.0)
}

/// `ETag` of a versioned resource.
pub fn etag(version: i64) -> (header::HeaderName, String) {
    (header::ETAG, format!("\"{version}\""))
}

/// The `If-Match` precondition of a request.
pub fn if_match(req: &HttpRequest) -> IfMatch {
    let Some(value) = req.headers().get(header::IF_MATCH) else {
        return IfMatch::Absent;
    };
    let raw = value.to_str().unwrap_or("").trim();
    if raw == "*" {
        return IfMatch::Any;
    }
    let tag = raw.strip_prefix("W/").unwrap_or(raw);
    // A value that is not one of our tags matches nothing: 412, not 400.
    IfMatch::Version(tag.trim_matches('"').parse::<i64>().unwrap_or(-1))
}

pub fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let app = match &err {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            AppError::new(ErrorCode::PayloadTooLarge)
        }
        JsonPayloadError::ContentType => AppError::new(ErrorCode::UnsupportedMediaType),
        JsonPayloadError::Deserialize(e) => {
            // serde's message describes the client's own input (field, line, column).
            let msg = e.to_string();
            let code = if msg.contains("unknown field") {
                ErrorCode::UnknownField
            } else {
                ErrorCode::MalformedJson
            };
            AppError::new(code).detail(msg)
        }
        _ => AppError::new(ErrorCode::MalformedJson),
    };
    app.into()
}

pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let detail = match &err {
        QueryPayloadError::Deserialize(e) => e.to_string(),
        other => other.to_string(),
    };
    AppError::new(ErrorCode::InvalidQuery).detail(detail).into()
}

pub fn path_error(_err: PathError, _req: &HttpRequest) -> actix_web::Error {
    AppError::new(ErrorCode::InvalidPathParameter).into()
}
