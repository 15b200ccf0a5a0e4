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
