//! The change feed over HTTP on the demo province, on every backend: each change appears
//! once, in its tenant's order, only to readers whose scope holds it; reads are not
//! changes; a cursor resumes exactly where a page ended, one position per tenant for a
//! reader spanning tenants; and a cursor behind the retention horizon answers 410.

// Test code: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::prelude::*;
use rasoat_backend::db::schema::change_events;
use rasoat_tests::{Client, TestApp, backends};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Reads the feed to its end from `after` with pages of `limit`; returns the events and
/// the last cursor.
async fn drain(c: &Client, after: Option<&str>, limit: u32) -> (Vec<Value>, String) {
    let mut events = Vec::new();
    let mut cursor = after.map(str::to_string);
    loop {
        let q = cursor
            .as_ref()
            .map(|c| format!("&after={c}"))
            .unwrap_or_default();
        let res = c.get(&format!("/api/v1/events?limit={limit}{q}")).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let page = res.json();
        let batch = page["events"].as_array().unwrap().clone();
        assert!(batch.len() <= limit as usize);
        events.extend(batch);
        cursor = Some(page["next_cursor"].as_str().unwrap().to_string());
        if page["has_more"] == false {
            return (events, cursor.unwrap());
        }
    }
}

/// Changes one field of a member's record through the API (a `member.update`).
async fn touch(staff: &Client, member: i64, phone: &str) {
    let path = format!("/api/v1/members/{member}");
    let got = staff.get(&path).await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.body);
    let m = got.json();
    let mut input = serde_json::Map::new();
    for k in [
        "full_name",
        "gender",
        "date_of_birth",
        "ethnicity",
        "national_id",
        "party_card_no",
        "admission_date",
        "official_date",
        "membership",
        "exempted",
        "suspended",
        "home_unit_id",
        "temp_unit_id",
        "residence_unit_id",
        "state_employment",
        "higher_managed_cadre",
    ] {
        input.insert(k.to_string(), m[k].clone());
    }
    input.insert("phone".into(), json!(phone));
    let res = staff
        .send(
            Method::PUT,
            &path,
            Some(&Value::Object(input)),
            &[("if-match", &got.etag())],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

fn key(e: &Value) -> (i64, i64) {
    (e["tenant_id"].as_i64().unwrap(), e["seq"].as_i64().unwrap())
}

#[tokio::test]
async fn each_change_once_in_order_to_the_readers_whose_scope_holds_it() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let staff = app.login("btc.dienbienphu").await;
        let t1 = staff.get("/api/v1/units/roots").await.json()["items"][0].clone();
        let muonglay = app.login("btc.muonglay").await;
        let t2 = muonglay.get("/api/v1/units/roots").await.json()["items"][0].clone();
        let system = app
            .service_client(t1["id"].as_i64().unwrap(), &["events:read"])
            .await;
        let other_system = app
            .service_client(t2["id"].as_i64().unwrap(), &["events:read"])
            .await;
        let province = app.login("btc.tinh").await;
        let secretary = app.login("bithu.chibo").await;

        // The whole feed of the tenant, in pages of 1,000 and of 10,000: the same events.
        let (all, end) = drain(&system, None, 10_000).await;
        assert!(!all.is_empty(), "the demo's writes are on the feed");
        let (paged, _) = drain(&system, None, 1000).await;
        assert_eq!(paged, all, "pages resume exactly where the last one ended");
        assert!(all.iter().all(|e| e["tenant_id"] == t1["tenant_id"]));
        let seqs: Vec<i64> = all.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
        assert!(seqs.windows(2).all(|w| w[0] < w[1]), "in order, once");
        assert!(
            all.iter()
                .all(|e| !e["action"].as_str().unwrap().ends_with(".read")),
            "reads are not changes"
        );
        let (_, other_end) = drain(&other_system, None, 10_000).await;
        let (_, prov_end) = drain(&province, None, 10_000).await;
        let (_, branch_end) = drain(&secretary, None, 10_000).await;

        // Two changes in Điện Biên Phủ (one in the secretary's branch, one elsewhere),
        // one in Mường Lay, and a read.
        let branch = secretary.get("/api/v1/me").await.json()["roles"][0]["unit_id"].clone();
        let in_branch = staff
            .get(&format!("/api/v1/members?unit={branch}&limit=1"))
            .await
            .json()["items"][0]["id"]
            .as_i64()
            .unwrap();
        let elsewhere = staff
            .get(&format!("/api/v1/members?unit={}&limit=200", t1["id"]))
            .await
            .json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["home_unit_id"] != branch)
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let theirs = app.member_of_tenant("Mường Lay").await;
        touch(&staff, in_branch, "0912000001").await;
        touch(&staff, elsewhere, "0912000002").await;
        touch(&muonglay, theirs, "0912000003").await;
        assert_eq!(
            staff
                .get(&format!("/api/v1/members/{in_branch}"))
                .await
                .status,
            StatusCode::OK
        );

        let ids = |events: &[Value]| -> Vec<i64> {
            events
                .iter()
                .filter(|e| e["action"] == "member.update")
                .map(|e| e["id"].as_i64().unwrap())
                .collect()
        };
        let (new, _) = drain(&system, Some(&end), 10_000).await;
        assert_eq!(ids(&new), vec![in_branch, elsewhere], "{new:?}");
        assert!(
            new.iter()
                .all(|e| e["entity"] == "member" && e["unit_id"].is_i64())
        );
        let (new, _) = drain(&other_system, Some(&other_end), 10_000).await;
        assert_eq!(ids(&new), vec![theirs]);
        let (new, _) = drain(&secretary, Some(&branch_end), 10_000).await;
        assert_eq!(
            ids(&new),
            vec![in_branch],
            "a branch reads its own branch only"
        );
        // The province reads both tenants, each in its own order, from one cursor.
        let (new, prov_next) = drain(&province, Some(&prov_end), 2).await;
        let mut got = ids(&new);
        got.sort_unstable();
        let mut want = vec![in_branch, elsewhere, theirs];
        want.sort_unstable();
        assert_eq!(got, want);
        let keys: Vec<(i64, i64)> = new.iter().map(key).collect();
        for t in [&t1["tenant_id"], &t2["tenant_id"]] {
            let s: Vec<i64> = keys
                .iter()
                .filter(|k| json!(k.0) == *t)
                .map(|k| k.1)
                .collect();
            assert!(s.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
        }
        // At the end, nothing more; the cursor stays valid.
        let (none, _) = drain(&province, Some(&prov_next), 10).await;
        assert!(none.is_empty(), "{none:?}");

        // Bad requests and scopes.
        for q in ["after=garbage", "limit=0", "limit=10001", "after=djE7eDox"] {
            let res = system.get(&format!("/api/v1/events?{q}")).await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{q}: {}", res.body);
        }
        let reader = app
            .service_client(t1["id"].as_i64().unwrap(), &["members:read"])
            .await;
        let res = reader.get("/api/v1/events").await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let res = app
            .login("dangvien.chibo")
            .await
            .get("/api/v1/events")
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        // Reading the feed is itself audited, as the client's call.
        let calls = app
            .login("quantri")
            .await
            .get("/api/v1/audit?action=events.read&limit=200")
            .await
            .json();
        assert!(
            calls["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["actor_client_id"].is_i64()),
            "{calls}"
        );
    }
}

#[tokio::test]
async fn a_cursor_behind_the_retention_horizon_answers_410() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let staff = app.login("btc.dienbienphu").await;
        let t1 = staff.get("/api/v1/units/roots").await.json()["items"][0].clone();
        let tenant = t1["tenant_id"].as_i64().unwrap();
        let system = app
            .service_client(t1["id"].as_i64().unwrap(), &["events:read"])
            .await;
        let first = system.get("/api/v1/events?limit=1").await.json();
        let early = first["next_cursor"].as_str().unwrap().to_string();
        let (all, end) = drain(&system, None, 10_000).await;
        assert!(all.len() > 10);

        // The first ten events of the tenant become 200 days old, and retention (90 days)
        // removes them.
        let tenth = all[9]["seq"].as_i64().unwrap();
        let mut db = app.db();
        let old = chrono::Utc::now().naive_utc() - chrono::Duration::days(200);
        diesel::update(
            change_events::table
                .filter(change_events::tenant_id.eq(tenant))
                .filter(change_events::seq.le(tenth)),
        )
        .set(change_events::at.eq(old))
        .execute(&mut *db)
        .unwrap();
        let removed = rasoat_backend::repo::events::prune(&mut db, 90).unwrap();
        assert_eq!(removed, 10);

        let res = system.get(&format!("/api/v1/events?after={early}")).await;
        assert_eq!(res.status, StatusCode::GONE, "{}", res.body);
        assert_eq!(res.problem_code(), "cursor_expired");
        // From the start: what is retained. From a cursor at the end: still fine.
        let (kept, _) = drain(&system, None, 10_000).await;
        assert_eq!(kept, all[10..].to_vec());
        let res = system.get(&format!("/api/v1/events?after={end}")).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
}
