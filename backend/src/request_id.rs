//! Per-request middleware: gives every request an id (kept from `X-Request-Id` when the
//! caller sent a sane one), returns it in `X-Request-Id` and in every problem body, logs
//! one access line and every server-side error cause once, and turns any error response
//! that is not JSON yet (from actix itself: unknown route, wrong method…) into problem+json.

use crate::error::AppError;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use rasoat_shared::ErrorCode;
use std::time::Instant;

pub const HEADER: &str = "x-request-id";

#[derive(Debug, Clone)]
pub struct RequestId(pub String);

fn incoming(req: &ServiceRequest) -> Option<String> {
    let v = req.headers().get(HEADER)?.to_str().ok()?;
    let ok = !v.is_empty()
        && v.len() <= 64
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then(|| v.to_string())
}

fn fallback_code(status: u16) -> ErrorCode {
    match status {
        401 => ErrorCode::Unauthenticated,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        405 => ErrorCode::MethodNotAllowed,
        406 => ErrorCode::NotAcceptable,
        413 => ErrorCode::PayloadTooLarge,
        415 => ErrorCode::UnsupportedMediaType,
        429 => ErrorCode::TooManyRequests,
        503 => ErrorCode::ServiceUnavailable,
        400..=499 => ErrorCode::BadRequest,
        _ => ErrorCode::Internal,
    }
}

pub struct AccessLog(pub bool);

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let id = incoming(&req).unwrap_or_else(|| format!("{:016x}", rand::random::<u64>()));
    req.extensions_mut().insert(RequestId(id.clone()));
    let log_access = req
        .app_data::<actix_web::web::Data<AccessLog>>()
        .is_some_and(|a| a.0);
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.path().to_string();

    let mut res = next.call(req).await?.map_into_boxed_body();
    let status = res.status().as_u16();
    let rendered = match res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
    {
        Some(app) => {
            if app.code.status() >= 500 {
                tracing::error!(request_id = %id, error = %app, "request failed");
            }
            Some(app.to_response(Some(&id)))
        }
        None if status >= 400 => {
            // JSON error bodies are ours already (problem+json, or the OAuth errors of
            // RFC 6749 §5.2 that OAuth clients expect); others come from actix itself.
            let is_json = res
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| {
                    v.starts_with("application/problem+json") || v.starts_with("application/json")
                });
            if is_json {
                None
            } else {
                if let Some(e) = res.response().error() {
                    tracing::warn!(request_id = %id, error = %e, "request failed");
                }
                Some(AppError::new(fallback_code(status)).to_response(Some(&id)))
            }
        }
        None => None,
    };
    if let Some(new) = rendered {
        res = res.into_response(new.map_into_boxed_body());
    }
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(HeaderName::from_static(HEADER), v);
    }
    if log_access {
        tracing::info!(
            target: "rasoat::access",
            request_id = %id,
            method = %method,
            path = %path,
            status = res.status().as_u16(),
            micros = started.elapsed().as_micros() as u64,
        );
    }
    Ok(res)
}
