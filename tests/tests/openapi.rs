//! The OpenAPI document is locked by a snapshot (a change to the contract shows up in
//! review as a change to tests/snapshots/openapi.json; `UPDATE_SNAPSHOTS=1` rewrites it),
//! every documented operation is routed, and every operation that is not public refuses a
//! request without a token.

// Test code: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rasoat_backend::api::openapi;
use rasoat_tests::{Backend, TestApp};
use reqwest::{Method, StatusCode};

#[test]
fn the_contract_is_locked_by_a_snapshot() {
    let doc = openapi().to_pretty_json().unwrap();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/openapi.json");
    if std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, format!("{doc}\n")).unwrap();
    }
    let locked = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        locked.trim_end() == doc.trim_end(),
        "the OpenAPI document changed; review it and run `UPDATE_SNAPSHOTS=1 cargo test -p rasoat-tests --test openapi`"
    );
}

/// Every operation carries what a client generated from the document needs: a tag, a
/// success answer, its errors as problem+json (401 and 403 when it is protected), an
/// example for its body; and every example in the document validates against its schema.
#[test]
fn every_operation_is_documented_with_examples_errors_and_security() {
    let doc = serde_json::to_value(openapi()).unwrap();
    assert_eq!(doc["openapi"].as_str().unwrap().get(..3), Some("3.1"));
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let mut bodies = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let name = format!("{} {path}", method.to_uppercase());
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{name}: no tag"
            );
            let responses = op["responses"].as_object().unwrap();
            assert!(
                responses.keys().any(|k| k.starts_with('2')),
                "{name}: no success answer"
            );
            for (status, r) in responses {
                if status.starts_with('4') || status.starts_with('5') {
                    let content = r["content"].as_object();
                    // The OAuth token endpoint answers RFC 6749 errors as plain JSON.
                    if path != "/api/v1/oauth/token" && path != "/healthz" && path != "/readyz" {
                        assert!(
                            content.is_some_and(|c| c.contains_key("application/problem+json")),
                            "{name} {status}: not documented as problem+json"
                        );
                    }
                }
            }
            let public = op["security"].as_array().is_some_and(|s| {
                s.iter()
                    .any(|r| r.as_object().is_some_and(|o| o.is_empty()))
            });
            if !public {
                for status in ["401", "403"] {
                    assert!(
                        responses.contains_key(status),
                        "{name}: {status} not listed"
                    );
                }
            }
            if let Some(content) = op["requestBody"]["content"].as_object() {
                for (mime, media) in content {
                    if !mime.contains("json") {
                        continue;
                    }
                    bodies += 1;
                    let schema = &media["schema"];
                    let example = media.get("example").cloned().or_else(|| {
                        let target = schema.get("$ref").or_else(|| schema["items"].get("$ref"))?;
                        let name = target.as_str()?.rsplit('/').next()?;
                        let ex = schemas.get(name)?.get("example")?.clone();
                        Some(if schema.get("items").is_some() {
                            serde_json::json!([ex])
                        } else {
                            ex
                        })
                    });
                    let example =
                        example.unwrap_or_else(|| panic!("{name}: its {mime} body has no example"));
                    let problems = rasoat_tests::contract::problems(schema, &example);
                    assert!(
                        problems.is_empty(),
                        "{name}: the example does not fit: {problems:#?}"
                    );
                }
            }
        }
    }
    assert!(bodies >= 20, "only {bodies} bodies");
    // Examples given on schemas fit their schemas.
    for (name, schema) in schemas {
        if let Some(example) = schema.get("example") {
            let reference = serde_json::json!({"$ref": format!("#/components/schemas/{name}")});
            let problems = rasoat_tests::contract::problems(&reference, example);
            assert!(
                problems.is_empty(),
                "the example of {name} does not fit: {problems:#?}"
            );
        }
    }
}

#[tokio::test]
async fn every_operation_is_routed_and_guarded() {
    let app = TestApp::demo(Backend::Sqlite);
    let anon = app.client();
    let doc = serde_json::to_value(openapi()).unwrap();
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Ok(m) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let concrete = path.replace("{id}", "1");
            let body = serde_json::json!({});
            let res = anon
                .send(
                    m.clone(),
                    &concrete,
                    (m != Method::GET).then_some(&body),
                    &[],
                )
                .await;
            assert_ne!(
                res.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path} is documented but not routed"
            );
            let public = op["security"].as_array().is_some_and(|s| {
                s.iter()
                    .any(|r| r.as_object().is_some_and(|o| o.is_empty()))
            });
            if public {
                assert_ne!(
                    res.status,
                    StatusCode::NOT_FOUND,
                    "{method} {path} is documented but not routed"
                );
            } else {
                assert_eq!(
                    res.status,
                    StatusCode::UNAUTHORIZED,
                    "{method} {path} answered without a token: {}",
                    res.body
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 19, "only {checked} operations checked");
}
