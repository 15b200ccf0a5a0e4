//! Bad input gets a clear problem+json error with a stable code and changes nothing; no
//! request makes the server answer 5xx; every response carries a request id.

// Test code: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rasoat_tests::{TestApp, backends};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn malformed_requests_get_stable_codes() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let staff = app.login("btc.dienbienphu").await;
        let anon = app.client();
        let cases: Vec<(rasoat_tests::Res, u16, &str)> = vec![
            (staff.raw(Method::POST, "/api/v1/members", "application/json", b"{not json".to_vec()).await, 400, "malformed_json"),
            (staff.raw(Method::POST, "/api/v1/members", "application/json", b"[]".to_vec()).await, 400, "malformed_json"),
            (staff.post("/api/v1/units", &json!({"parent_id": 1, "name": "x", "org_type": "branch", "colour": "red"})).await, 400, "unknown_field"),
            (staff.post("/api/v1/units", &json!({"parent_id": 1, "name": "x", "org_type": "district"})).await, 400, "malformed_json"),
            (staff.raw(Method::POST, "/api/v1/members", "text/plain", b"{}".to_vec()).await, 415, "unsupported_media_type"),
            (staff.raw(Method::POST, "/api/v1/members", "application/json", vec![b' '; 300 * 1024]).await, 413, "payload_too_large"),
            (staff.get("/api/v1/members?limit=abc").await, 400, "invalid_query"),
            (staff.get("/api/v1/members?limit=1000").await, 400, "invalid_query"),
            (staff.get("/api/v1/members?limit=0").await, 400, "invalid_query"),
            (staff.get("/api/v1/members?colour=red").await, 400, "invalid_query"),
            (staff.get("/api/v1/members?status=lost").await, 400, "invalid_query"),
            (staff.get("/api/v1/members?age_band=9").await, 400, "invalid_query"),
            (staff.get("/api/v1/members?ethnicity=99").await, 400, "invalid_query"),
            (staff.get(&format!("/api/v1/members?q={}", "a".repeat(101))).await, 400, "invalid_query"),
            (staff.get("/api/v1/members/abc").await, 400, "invalid_path_parameter"),
            (staff.get("/api/v1/members/-1").await, 400, "invalid_path_parameter"),
            (staff.get("/api/v1/members/99999999999999999999").await, 400, "invalid_path_parameter"),
            (staff.get("/api/v1/units/1.5/children").await, 400, "invalid_path_parameter"),
            (staff.get("/api/v1/members/999999999").await, 404, "not_found"),
            (staff.get("/api/v1/nothing-here").await, 404, "not_found"),
            (staff.send(Method::DELETE, "/api/v1/members/1", None, &[]).await, 405, "method_not_allowed"),
            (staff.send(Method::DELETE, "/api/v1/units/1", None, &[]).await, 405, "method_not_allowed"),
            (anon.get("/api/v1/members").await, 401, "unauthenticated"),
            (anon.send(Method::GET, "/api/v1/me", None, &[("authorization", "Bearer not.a.token")]).await, 401, "unauthenticated"),
            (anon.send(Method::GET, "/api/v1/me", None, &[("authorization", "Basic Zm9vOmJhcg==")]).await, 401, "unauthenticated"),
            (anon.post("/api/v1/auth/login", &json!({"username": "btc.tinh", "password": "wrong password"})).await, 401, "invalid_credentials"),
            (anon.post("/api/v1/auth/login", &json!({"username": "nobody", "password": "wrong password"})).await, 401, "invalid_credentials"),
            (anon.post("/api/v1/auth/login", &json!({"username": "btc.tinh"})).await, 400, "malformed_json"),
        ];
        for (i, (res, status, code)) in cases.iter().enumerate() {
            assert_eq!(res.status.as_u16(), *status, "case {i}: {}", res.body);
            assert_eq!(res.problem_code(), *code, "case {i}");
            let body = res.json();
            let header_id = res
                .headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            assert!(!header_id.is_empty(), "case {i}: no request id");
            assert_eq!(
                body["request_id"], header_id,
                "case {i}: the body names the same request"
            );
            assert_eq!(body["status"], *status);
            assert!(!body["title"].as_str().unwrap_or_default().is_empty());
            for secret in ["diesel", "sqlite", "postgres", "panicked", "SELECT"] {
                assert!(
                    !res.body.contains(secret),
                    "case {i}: internal detail {secret:?} in {}",
                    res.body
                );
            }
        }
        // A missing member and another tenant's member get the same answer.
        let foreign = app.member_of_tenant("Mường Lay").await;
        let a = staff.get(&format!("/api/v1/members/{foreign}")).await;
        let b = staff.get("/api/v1/members/999999999").await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        let strip = |r: &rasoat_tests::Res| {
            let mut v = r.json();
            v.as_object_mut().unwrap().remove("request_id");
            v
        };
        assert_eq!(
            strip(&a),
            strip(&b),
            "outside the scope looks exactly like missing"
        );

        // A caller-chosen request id is kept when it is sane, replaced when not.
        let res = staff
            .send(
                Method::GET,
                "/healthz",
                None,
                &[("x-request-id", "abc-123")],
            )
            .await;
        assert_eq!(res.headers["x-request-id"], "abc-123");
        let res = staff
            .send(
                Method::GET,
                "/healthz",
                None,
                &[("x-request-id", "bad id; with spaces")],
            )
            .await;
        assert_ne!(res.headers["x-request-id"], "bad id; with spaces");
    }
}

#[tokio::test]
async fn health_docs_and_cookies() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let anon = app.client();
        assert_eq!(anon.get("/healthz").await.status, StatusCode::OK);
        assert_eq!(anon.get("/readyz").await.status, StatusCode::OK);
        let doc = anon.get("/api/v1/openapi.json").await.json();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
        for p in [
            "/api/v1/members",
            "/api/v1/members/{id}",
            "/api/v1/units/{id}/children",
            "/api/v1/auth/login",
        ] {
            assert!(doc["paths"].get(p).is_some(), "{p} not documented");
        }
        let docs = anon.get("/api/v1/docs/").await;
        assert_eq!(docs.status, StatusCode::OK);
        assert!(
            docs.body.contains("swagger"),
            "the docs page is served from the binary"
        );
        let jwks = anon.get("/api/v1/.well-known/jwks.json").await.json();
        assert_eq!(jwks["keys"][0]["kty"], "OKP");
        assert_eq!(jwks["keys"][0]["crv"], "Ed25519");

        // The browser's session: HttpOnly SameSite cookies, and CSRF on state changes.
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let res = http
            .post(format!("{}/api/v1/auth/login", app.url))
            .json(&json!({"username": "btc.dienbienphu", "password": rasoat_tests::DEMO_PASSWORD}))
            .send()
            .await
            .unwrap();
        let cookies: Vec<String> = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        let session = cookies
            .iter()
            .find(|c| c.starts_with("rasoat_session="))
            .unwrap();
        assert!(
            session.contains("HttpOnly") && session.contains("SameSite=Strict"),
            "{session}"
        );
        let csrf_cookie = cookies
            .iter()
            .find(|c| c.starts_with("rasoat_csrf="))
            .unwrap();
        assert!(!csrf_cookie.contains("HttpOnly"));
        let csrf = csrf_cookie
            .trim_start_matches("rasoat_csrf=")
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let me = http
            .get(format!("{}/api/v1/me", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(
            me.status(),
            StatusCode::OK,
            "the cookie authenticates a read"
        );
        let me: serde_json::Value = me.json().await.unwrap();
        assert_eq!(me["roles"][0]["role"], "upper_committee_staff");
        let no_csrf = http
            .post(format!("{}/api/v1/auth/logout", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(
            no_csrf.status(),
            StatusCode::FORBIDDEN,
            "a cookie alone cannot change state"
        );
        let with = http
            .post(format!("{}/api/v1/auth/logout", app.url))
            .header("x-csrf-token", csrf)
            .send()
            .await
            .unwrap();
        assert_eq!(with.status(), StatusCode::NO_CONTENT);
    }
}
