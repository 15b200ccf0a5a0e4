//! Accounts and roles within one's subtree, a member's own record, provincial systems
//! with the OAuth 2.0 client-credentials grant, and the audit log: its scoped query and a
//! hash chain that catches an altered, removed or reordered entry.

// Test code: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::prelude::*;
use rasoat_backend::db::schema::audit_log;
use rasoat_tests::{Client, Res, TestApp, backends};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn first_child(c: &Client, unit: &Value, org_type: &str) -> Value {
    let kids = c
        .get(&format!("/api/v1/units/{}/children", unit["id"]))
        .await
        .json();
    kids["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["org_type"] == org_type)
        .unwrap()
        .clone()
}

async fn token_for(app: &TestApp, client_id: &str, secret: &str, scope: Option<&str>) -> Res {
    let mut form = vec![
        ("grant_type", "client_credentials"),
        ("client_id", client_id),
        ("client_secret", secret),
    ];
    if let Some(s) = scope {
        form.push(("scope", s));
    }
    let body = serde_urlencoded::to_string(&form).unwrap();
    app.client()
        .raw(
            Method::POST,
            "/api/v1/oauth/token",
            "application/x-www-form-urlencoded",
            body.into_bytes(),
        )
        .await
}

#[tokio::test]
async fn administrators_manage_accounts_within_their_subtree() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let staff = app.login("btc.dienbienphu").await;
        let t1 = staff.get("/api/v1/units/roots").await.json()["items"][0].clone();
        let gpo = first_child(&staff, &t1, "grassroots_party_org").await;
        let branch = first_child(&staff, &gpo, "branch").await;

        // Create an account at a branch of the tenant: a one-time password, change required.
        let res = staff
            .post("/api/v1/users", &json!({"username": "bithu.moi", "display_name": "Lò Văn Mới", "home_unit_id": branch["id"]}))
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        let made = res.json();
        let id = made["user"]["id"].as_i64().unwrap();
        let temporary = made["temporary_password"].as_str().unwrap().to_string();
        assert_eq!(made["user"]["must_change_password"], true);
        let dup = staff.post("/api/v1/users", &json!({"username": "BITHU.MOI", "display_name": "X Y", "home_unit_id": branch["id"]})).await;
        assert_eq!(dup.problem_code(), "duplicate_username");

        // Grant a role; the new user signs in and reads that branch only.
        let res = staff
            .post(
                &format!("/api/v1/users/{id}/roles"),
                &json!({"role": "branch_secretary", "unit_id": branch["id"]}),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        let grant_id = res.json()["roles"][0]["id"].as_i64().unwrap();
        // The same role at the same unit again, from today or for a later period the
        // open-ended grant already covers: refused, and nothing added.
        for body in [
            json!({"role": "branch_secretary", "unit_id": branch["id"]}),
            json!({"role": "branch_secretary", "unit_id": branch["id"], "valid_from": "2030-01-01", "valid_to": "2030-12-31"}),
        ] {
            let again = staff
                .post(&format!("/api/v1/users/{id}/roles"), &body)
                .await;
            assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
            assert_eq!(again.problem_code(), "duplicate_grant");
        }
        let roles = staff.get(&format!("/api/v1/users/{id}")).await.json()["roles"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(roles, 1, "a refused grant adds nothing");
        let res = app
            .client()
            .post(
                "/api/v1/auth/login",
                &json!({"username": "bithu.moi", "password": temporary}),
            )
            .await;
        let newcomer = app.with_token(res.json()["access_token"].as_str().unwrap());
        let page = newcomer
            .get(&format!("/api/v1/members?unit={}&limit=5", branch["id"]))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let sibling = staff
            .get(&format!("/api/v1/units/{}/children", gpo["id"]))
            .await
            .json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["id"] != branch["id"] && u["org_type"] == "branch")
            .unwrap()
            .clone();
        assert_eq!(
            newcomer
                .get(&format!("/api/v1/members?unit={}", sibling["id"]))
                .await
                .status,
            StatusCode::NOT_FOUND,
            "not the neighbouring branch"
        );

        // Revoked: the very next request has no role.
        let res = staff
            .send(
                Method::DELETE,
                &format!("/api/v1/users/{id}/roles/{grant_id}"),
                None,
                &[],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(
            newcomer
                .get(&format!("/api/v1/members?unit={}", branch["id"]))
                .await
                .status,
            StatusCode::FORBIDDEN
        );

        // Limits: not outside the subtree, not administrators, not oneself.
        let prov = app.login("btc.tinh").await;
        let root = prov.get("/api/v1/units/roots").await.json()["items"][0].clone();
        let other = prov
            .get(&format!("/api/v1/units/{}/children", root["id"]))
            .await
            .json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] != t1["id"])
            .unwrap()
            .clone();
        let res = staff
            .post(
                &format!("/api/v1/users/{id}/roles"),
                &json!({"role": "branch_secretary", "unit_id": other["id"]}),
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::NOT_FOUND,
            "a unit of another tenant does not exist for them"
        );
        let res = staff
            .post(
                &format!("/api/v1/users/{id}/roles"),
                &json!({"role": "system_admin", "unit_id": branch["id"]}),
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::FORBIDDEN,
            "only a system administrator makes one"
        );
        let res = staff
            .post(
                &format!("/api/v1/users/{id}/roles"),
                &json!({"role": "provincial_standing_committee", "unit_id": t1["id"]}),
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::FORBIDDEN,
            "a district's staff grants no provincial office, even within the district"
        );
        let me = staff.get("/api/v1/me").await.json();
        let res = staff
            .post(
                &format!("/api/v1/users/{}/roles", me["user_id"]),
                &json!({"role": "upper_standing_committee", "unit_id": t1["id"]}),
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::FORBIDDEN,
            "nobody grants themselves"
        );
        let res = staff.post("/api/v1/users", &json!({"username": "ngoai.pham.vi", "display_name": "A B", "home_unit_id": other["id"]})).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let admin = app.login("quantri").await;
        let res = admin
            .post(
                &format!("/api/v1/users/{id}/roles"),
                &json!({"role": "auditor", "unit_id": branch["id"]}),
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::CREATED,
            "the system administrator may: {}",
            res.body
        );

        // Lists are scoped: the other tenant's staff does not see this account.
        let mine = staff.get("/api/v1/users?q=moi").await.json();
        assert!(
            mine["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|u| u["id"] == id)
        );
        let theirs = app
            .login("btc.muonglay")
            .await
            .get("/api/v1/users?q=moi")
            .await
            .json();
        assert!(theirs["items"].as_array().unwrap().is_empty());
        assert_eq!(
            app.login("btc.muonglay")
                .await
                .get(&format!("/api/v1/users/{id}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );

        // Disabling ends the sessions at once.
        let res = staff
            .send(
                Method::PATCH,
                &format!("/api/v1/users/{id}"),
                Some(&json!({"disabled": true})),
                &[],
            )
            .await;
        assert_eq!(res.json()["disabled"], true);
        assert_eq!(
            newcomer.get("/api/v1/me").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
}

#[tokio::test]
async fn a_member_reads_their_own_record_and_nothing_else() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let member = app.login("dangvien.chibo").await;
        let me = member.get("/api/v1/me").await.json();
        let own = me["member_id"].as_i64().unwrap();
        assert_eq!(
            member.get(&format!("/api/v1/members/{own}")).await.status,
            StatusCode::OK
        );
        let list = member.get("/api/v1/members?limit=50").await.json();
        let ids: Vec<i64> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, vec![own], "a list shows only their own record");
        let secretary = app.login("bithu.chibo").await;
        let neighbour = secretary.get("/api/v1/members?limit=2").await.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_i64().unwrap())
            .find(|id| *id != own)
            .unwrap();
        assert_eq!(
            member
                .get(&format!("/api/v1/members/{neighbour}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            member.get("/api/v1/units/roots").await.status,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn provincial_systems_use_client_credentials_within_their_subtree() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let admin = app.login("quantri").await;
        let staff = app.login("btc.dienbienphu").await;
        let t1 = staff.get("/api/v1/units/roots").await.json()["items"][0].clone();
        assert_eq!(
            staff.get("/api/v1/service-clients").await.status,
            StatusCode::FORBIDDEN,
            "an IT matter"
        );

        let res = admin.post("/api/v1/service-clients", &json!({"name": "Hệ thống một cửa", "unit_id": t1["id"], "scopes": ["members:read"]})).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        let made = res.json();
        let (client_id, secret) = (
            made["client"]["client_id"].as_str().unwrap().to_string(),
            made["client_secret"].as_str().unwrap().to_string(),
        );
        let listed = admin.get("/api/v1/service-clients").await.json();
        assert!(
            !listed.to_string().contains(&secret),
            "the secret is shown once, never listed"
        );

        // RFC 6749 errors.
        let res = token_for(&app, &client_id, "wrong", None).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.body);
        assert_eq!(res.json()["error"], "invalid_client");
        let res = token_for(&app, &client_id, &secret, Some("reports:read")).await;
        assert_eq!(
            (res.status, res.json()["error"].clone()),
            (StatusCode::BAD_REQUEST, json!("invalid_scope"))
        );
        let res = app
            .client()
            .raw(
                Method::POST,
                "/api/v1/oauth/token",
                "application/x-www-form-urlencoded",
                b"grant_type=password&username=a".to_vec(),
            )
            .await;
        assert_eq!(res.json()["error"], "unsupported_grant_type");
        let res = app
            .client()
            .raw(
                Method::POST,
                "/api/v1/oauth/token",
                "application/json",
                b"{}".to_vec(),
            )
            .await;
        assert_eq!(res.json()["error"], "invalid_request");

        // A token reads members of its subtree, nothing else, and writes nothing.
        let res = token_for(&app, &client_id, &secret, None).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(res.headers["cache-control"], "no-store");
        let body = res.json();
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["scope"], "members:read");
        let system = app.with_token(body["access_token"].as_str().unwrap());
        let page = system.get("/api/v1/members?limit=3").await;
        assert_eq!(page.status, StatusCode::OK);
        let foreign = app.member_of_tenant("Mường Lay").await;
        assert_eq!(
            system
                .get(&format!("/api/v1/members/{foreign}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            system.get("/api/v1/users").await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            system.get("/api/v1/me").await.status,
            StatusCode::FORBIDDEN,
            "a system has no account"
        );
        let res = system
            .post(
                "/api/v1/units",
                &json!({"parent_id": t1["id"], "name": "X", "org_type": "grassroots_cell"}),
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);

        // HTTP Basic works too.
        let basic = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("{client_id}:{secret}"),
        );
        let res = reqwest::Client::new()
            .post(format!("{}/api/v1/oauth/token", app.url))
            .header("authorization", format!("Basic {basic}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let res = reqwest::Client::new()
            .post(format!("{}/api/v1/oauth/token", app.url))
            .header("authorization", format!("Basic {basic}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "grant_type=client_credentials&client_id={client_id}&client_secret={secret}"
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::BAD_REQUEST,
            "one authentication method at a time"
        );

        // Rotation kills the old secret; revocation kills the tokens at once.
        let id = made["client"]["id"].as_i64().unwrap();
        let rotated = admin
            .post(&format!("/api/v1/service-clients/{id}/rotate"), &json!({}))
            .await
            .json();
        assert_eq!(
            token_for(&app, &client_id, &secret, None).await.status,
            StatusCode::UNAUTHORIZED
        );
        let new_secret = rotated["client_secret"].as_str().unwrap();
        assert_eq!(
            token_for(&app, &client_id, new_secret, None).await.status,
            StatusCode::OK
        );
        assert_eq!(
            admin
                .send(
                    Method::DELETE,
                    &format!("/api/v1/service-clients/{id}"),
                    None,
                    &[]
                )
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            system.get("/api/v1/members?limit=1").await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            token_for(&app, &client_id, new_secret, None).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
}

#[tokio::test]
async fn the_audit_log_is_scoped_and_its_chain_catches_tampering() {
    for backend in backends() {
        let mut app = TestApp::demo(backend);
        let staff = app.login("btc.dienbienphu").await;
        let page = staff.get("/api/v1/members?q=nguyen&limit=2").await.json();
        let id = page["items"][0]["id"].as_i64().unwrap();
        for _ in 0..3 {
            staff.get(&format!("/api/v1/members/{id}")).await;
        }
        app.login("btc.muonglay")
            .await
            .get("/api/v1/members?limit=1")
            .await;
        tokio::time::sleep(std::time::Duration::from_millis(400)).await; // the read queue's batch

        // The province auditor sees every chain; a tenant's staff only its own tenant.
        let auditor = app.login("kiemtoan").await;
        let all = auditor.get("/api/v1/audit?action=member.read").await.json();
        let read = all["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["object_id"] == id)
            .unwrap();
        // The entry names the member's unit, as the member's record does.
        let member = staff.get(&format!("/api/v1/members/{id}")).await.json();
        assert_eq!(read["unit_id"], member["home_unit_id"], "{read}");
        assert!(read["unit_name"].as_str().is_some_and(|n| !n.is_empty()));
        let t1 = staff.get("/api/v1/units/roots").await.json()["items"][0]["tenant_id"].clone();
        let theirs = staff.get("/api/v1/audit?limit=200").await.json();
        assert!(!theirs["items"].as_array().unwrap().is_empty());
        for e in theirs["items"].as_array().unwrap() {
            assert_eq!(e["tenant_id"], t1, "only the tenant's chain");
        }
        assert_eq!(
            app.login("bithu.chibo")
                .await
                .get("/api/v1/audit")
                .await
                .status,
            StatusCode::FORBIDDEN
        );

        // Verify, then tamper three ways.
        app.stop_server();
        let mut db = app.db();
        let (checked, faults) = rasoat_backend::audit::verify(&mut db, None).unwrap();
        assert!(checked > 5 && faults.is_empty(), "{faults:?}");
        let tenant = t1.as_i64().unwrap();
        let seqs: Vec<i64> = audit_log::table
            .filter(audit_log::tenant_id.eq(tenant))
            .select(audit_log::seq)
            .order(audit_log::seq)
            .load(&mut *db)
            .unwrap();
        assert!(seqs.len() >= 3);
        diesel::update(
            audit_log::table
                .filter(audit_log::tenant_id.eq(tenant))
                .filter(audit_log::seq.eq(seqs[0])),
        )
        .set(audit_log::details.eq("{\"edited\":true}"))
        .execute(&mut *db)
        .unwrap();
        let (_, faults) = rasoat_backend::audit::verify(&mut db, Some(tenant)).unwrap();
        assert!(
            faults
                .iter()
                .any(|f| f.seq == seqs[0] && f.problem.contains("altered")),
            "{faults:?}"
        );
        diesel::delete(
            audit_log::table
                .filter(audit_log::tenant_id.eq(tenant))
                .filter(audit_log::seq.eq(seqs[1])),
        )
        .execute(&mut *db)
        .unwrap();
        let (_, faults) = rasoat_backend::audit::verify(&mut db, Some(tenant)).unwrap();
        assert!(
            faults.iter().any(|f| f.problem.contains("missing")),
            "a removed entry: {faults:?}"
        );
        let last = *seqs.last().unwrap();
        diesel::delete(
            audit_log::table
                .filter(audit_log::tenant_id.eq(tenant))
                .filter(audit_log::seq.eq(last)),
        )
        .execute(&mut *db)
        .unwrap();
        let (_, faults) = rasoat_backend::audit::verify(&mut db, Some(tenant)).unwrap();
        assert!(
            faults.iter().any(|f| f.problem.contains("head")),
            "a removed tail: {faults:?}"
        );
        let (_, others) = rasoat_backend::audit::verify(&mut db, Some(0)).unwrap();
        assert!(others.is_empty(), "other chains are intact");
    }
}
