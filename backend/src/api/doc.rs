//! What the OpenAPI document says of every operation beyond its own annotations: the
//! error answers any operation can give, and the media type of problem bodies.

use utoipa::openapi::path::Operation;
use utoipa::openapi::{Content, OpenApi, Ref, RefOr, Response};

/// Errors are `application/problem+json` (RFC 9457), as the server sends them; the
/// annotations name only the schema. Each operation also lists the answers every
/// operation of its kind can give, so that a client generated from the document knows
/// them all: a malformed request (400); for protected operations, no or an expired token
/// (401) and a role or CSRF refusal (403); for operations with a body, too large (413),
/// the wrong media type (415) and invalid fields (422); and the server's own trouble
/// (500, 503 when the database is busy beyond the timeout).
pub struct ProblemResponses;

const PROBLEM: &str = "application/problem+json";

fn is_problem(content: &RefOr<Content>) -> bool {
    matches!(content, RefOr::T(c) if matches!(&c.schema, Some(RefOr::Ref(r)) if r.ref_location.ends_with("/Problem")))
}

fn problem(description: &str) -> RefOr<Response> {
    let mut r = Response::new(description);
    r.content.insert(
        PROBLEM.to_string(),
        RefOr::T(Content::new(Some(Ref::from_schema_name("Problem")))),
    );
    RefOr::T(r)
}

fn public(op: &Operation) -> bool {
    op.security.as_ref().is_some_and(|reqs| {
        reqs.iter().any(|r| {
            serde_json::to_value(r).is_ok_and(|v| v.as_object().is_some_and(|o| o.is_empty()))
        })
    })
}

fn complete(op: &mut Operation) {
    for response in op.responses.responses.values_mut() {
        if let RefOr::T(r) = response
            && r.content.get("application/json").is_some_and(is_problem)
            && let Some(c) = r.content.shift_remove("application/json")
        {
            r.content.insert(PROBLEM.to_string(), c);
        }
    }
    let body = op.request_body.is_some();
    let protected = !public(op);
    let mut add = |status: &str, description: &str| {
        op.responses
            .responses
            .entry(status.to_string())
            .or_insert_with(|| problem(description));
    };
    add(
        "400",
        "Malformed request: a query, path or body that cannot be read (`invalid_query`, `invalid_path_parameter`, `malformed_json`, `unknown_field`)",
    );
    if protected {
        add(
            "401",
            "No valid access token or session (`unauthenticated`, `session_expired`)",
        );
        add(
            "403",
            "No role of the caller grants this action (`forbidden`), or a browser write without its CSRF token (`csrf_rejected`)",
        );
    }
    if body {
        add(
            "413",
            "The body is larger than the limit (`payload_too_large`)",
        );
        add(
            "415",
            "The body's media type is not the one documented (`unsupported_media_type`)",
        );
        add(
            "422",
            "A field is invalid (`validation_failed`, with `errors` by field)",
        );
    }
    add(
        "500",
        "The server failed (`internal`); report the request id",
    );
    add(
        "503",
        "No database connection within the timeout (`service_unavailable`); retry shortly",
    );
}

impl utoipa::Modify for ProblemResponses {
    fn modify(&self, openapi: &mut OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                complete(op);
            }
        }
    }
}
