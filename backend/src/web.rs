//! The web UI, embedded in the binary (release builds; debug builds read the folder), with
//! the single-page-app fallback: any GET that is not a file gets `index.html`.

use crate::error::AppError;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse};
use rasoat_shared::ErrorCode;
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "../frontend/dist/"]
#[allow_missing = true]
struct Assets;

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

fn serve(path: &str, req: &HttpRequest) -> Option<HttpResponse> {
    let file = Assets::get(path)?;
    let etag = format!(
        "\"{}\"",
        file.metadata
            .sha256_hash()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    if req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        return Some(
            HttpResponse::NotModified()
                .insert_header((header::ETAG, etag))
                .finish(),
        );
    }
    let mime = file.metadata.mimetype().to_string();
    let mut res = HttpResponse::Ok();
    res.insert_header((header::CONTENT_TYPE, mime))
        .insert_header((header::ETAG, etag))
        // File names carry no hash: revalidate every time (cheap with the ETag).
        .insert_header((header::CACHE_CONTROL, "no-cache"));
    if path.ends_with(".html") {
        res.insert_header((
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ));
    }
    Some(res.body(file.data.into_owned()))
}

/// Files of the UI, and `index.html` for client-side routes.
pub async fn spa(req: HttpRequest) -> Result<HttpResponse, AppError> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(AppError::new(ErrorCode::MethodNotAllowed));
    }
    let path = req.path().trim_start_matches('/');
    if path.starts_with("api/") {
        return Err(AppError::not_found());
    }
    let path = if path.is_empty() { "index.html" } else { path };
    if let Some(res) = serve(path, &req) {
        return Ok(res);
    }
    // A missing file with an extension is a real 404; anything else is a UI route.
    let last = path.rsplit('/').next().unwrap_or("");
    if last.contains('.') {
        return Err(AppError::not_found());
    }
    match serve("index.html", &req) {
        Some(res) => Ok(res),
        None => Ok(HttpResponse::build(StatusCode::SERVICE_UNAVAILABLE)
            .content_type("text/html; charset=utf-8")
            .body(
                "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Rà soát</title>\
<p>Giao diện web chưa được dựng. Hãy chạy <code>cargo xtask run</code>.</p>\
<p lang=\"en\">The web UI has not been built. Run <code>cargo xtask run</code>.</p></html>",
            )),
    }
}
