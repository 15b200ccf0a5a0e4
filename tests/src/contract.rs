//! The contract check of the black-box suite: every answer a test receives from a
//! documented operation is held against the OpenAPI document the server publishes. Its
//! status must be one the operation lists, and a JSON body must validate against the
//! schema listed for that status and content type (JSON Schema 2020-12, which OpenAPI 3.1
//! schemas are). A mismatch fails the test that received the answer.

use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| serde_json::to_value(rasoat_backend::api::openapi()).unwrap())
}

type Cache = Mutex<HashMap<String, Arc<jsonschema::Validator>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// The documented path template matching `path`, preferring literal segments
/// (`/cases/queue` over `/cases/{id}`).
fn template_of(path: &str) -> Option<&'static str> {
    let segs: Vec<&str> = path.split('/').collect();
    let mut best: Option<(&'static str, usize)> = None;
    for template in document()["paths"].as_object()?.keys() {
        let t: Vec<&str> = template.split('/').collect();
        if t.len() != segs.len() {
            continue;
        }
        let mut literal = 0;
        let fits = t.iter().zip(&segs).all(|(a, b)| {
            if a.starts_with('{') && a.ends_with('}') {
                !b.is_empty()
            } else if a == b {
                literal += 1;
                true
            } else {
                false
            }
        });
        if fits && best.is_none_or(|(_, l)| literal > l) {
            best = Some((template.as_str(), literal));
        }
    }
    best.map(|(t, _)| t)
}

fn validator(key: &str, schema: &Value) -> Arc<jsonschema::Validator> {
    let mut cache = cache().lock().unwrap();
    if let Some(v) = cache.get(key) {
        return v.clone();
    }
    // The operation's schema with the document's components beside it, so that its
    // `#/components/schemas/…` references resolve in place.
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": document()["components"],
        "allOf": [schema],
    });
    let v = Arc::new(
        jsonschema::draft202012::new(&root)
            .unwrap_or_else(|e| panic!("the document's schema for {key} does not compile: {e}")),
    );
    cache.insert(key.to_string(), v.clone());
    v
}

/// The problems of `value` against `schema` (a schema of the document, its references
/// resolved in the document's components).
pub fn problems(schema: &Value, value: &Value) -> Vec<String> {
    let key = serde_json::to_string(schema).unwrap();
    validator(&key, schema)
        .iter_errors(value)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Holds one answer against the document. `path` may carry a query string.
pub fn check(method: &str, path: &str, status: u16, content_type: &str, body: &[u8]) {
    let path = path.split('?').next().unwrap_or(path);
    let Some(template) = template_of(path) else {
        // Not a documented operation (the UI, the docs page, an unknown route).
        return;
    };
    let method = method.to_lowercase();
    let Some(op) = document()["paths"][template].get(&method) else {
        return;
    };
    let responses = &op["responses"];
    let listed = responses
        .get(status.to_string())
        .or_else(|| responses.get("default"));
    let Some(response) = listed else {
        panic!(
            "contract: {} {template} answered {status}, which the OpenAPI document does not list (it lists {:?}); body: {}",
            method.to_uppercase(),
            responses.as_object().map(|o| o.keys().collect::<Vec<_>>()),
            String::from_utf8_lossy(body)
        );
    };
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let json_like = mime == "application/json" || mime.ends_with("+json");
    let Some(content) = response["content"].as_object() else {
        assert!(
            body.is_empty() || !json_like,
            "contract: {} {template} {status} has a body the document does not describe: {}",
            method.to_uppercase(),
            String::from_utf8_lossy(body)
        );
        return;
    };
    if body.is_empty() && !json_like {
        return;
    }
    let Some(media) = content.get(&mime) else {
        panic!(
            "contract: {} {template} {status} answered {mime}, the document lists {:?}",
            method.to_uppercase(),
            content.keys().collect::<Vec<_>>()
        );
    };
    if !json_like {
        return;
    }
    let Some(schema) = media.get("schema") else {
        return;
    };
    let value: Value = serde_json::from_slice(body).unwrap_or_else(|e| {
        panic!(
            "contract: {} {template} {status} sent {mime} that is not JSON ({e})",
            method.to_uppercase()
        )
    });
    let key = format!("{method} {template} {status} {mime}");
    let v = validator(&key, schema);
    let errors: Vec<String> = v
        .iter_errors(&value)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "contract: {key}: the body does not match the document: {errors:#?}\nbody: {}",
        &String::from_utf8_lossy(body)
            .chars()
            .take(2000)
            .collect::<String>()
    );
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    #[should_panic(expected = "does not match the document")]
    fn a_body_that_breaks_the_schema_fails() {
        check(
            "GET",
            "/api/v1/members/1",
            200,
            "application/json",
            b"{\"id\": \"x\"}",
        );
    }

    #[test]
    #[should_panic(expected = "does not list")]
    fn an_undocumented_status_fails() {
        check("GET", "/api/v1/members/1", 418, "application/json", b"{}");
    }

    #[test]
    #[should_panic(expected = "the document lists")]
    fn a_problem_sent_as_plain_json_fails() {
        check(
            "GET",
            "/api/v1/members/1",
            404,
            "application/json",
            b"{\"code\": \"not_found\"}",
        );
    }

    #[test]
    fn a_problem_as_documented_passes_and_undocumented_paths_are_skipped() {
        let problem = serde_json::to_vec(&rasoat_shared::error::Problem::new(
            rasoat_shared::ErrorCode::NotFound,
        ))
        .unwrap();
        check(
            "GET",
            "/api/v1/members/1",
            404,
            "application/problem+json",
            &problem,
        );
        check(
            "GET",
            "/api/v1/members/1?x=1",
            404,
            "application/problem+json",
            &problem,
        );
        check("GET", "/reports/screening", 200, "text/html", b"<html>");
    }
}
