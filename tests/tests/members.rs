//! The member register over HTTP on the demo province: search that ignores diacritics and
//! ranks exact matches first, roster order, filters, keyset paging, create and replace
//! with their validation, and the audit of reads.

// Test code: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rasoat_shared::names::{roster_key, search_key};
use rasoat_tests::{Client, TestApp, backends};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::HashSet;

async fn page(c: &Client, query: &str) -> Value {
    let res = c.get(&format!("/api/v1/members?{query}")).await;
    assert_eq!(res.status, StatusCode::OK, "{query}: {}", res.body);
    res.json()
}

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["full_name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn search_ignores_case_and_diacritics_and_ranks_exact_matches_first() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let staff = app.login("btc.dienbienphu").await;
        let res = page(&staff, "q=nguyen%20van&limit=200&with_total=true").await;
        let found = names(&res);
        assert!(!found.is_empty(), "{backend:?}: nobody found");
        assert!(
            found.iter().any(|n| n.starts_with("Nguyễn Văn")),
            "{found:?}"
        );
        for n in &found {
            let key = format!(" {}", search_key(n));
            assert!(
                key.contains(" nguyen") && key.contains(" van"),
                "{n} does not match"
            );
        }
        assert!(res["total"].as_u64().unwrap() >= found.len() as u64);

        // Exact full name first, then names starting with it, then the rest.
        let target = found
            .iter()
            .find(|n| n.starts_with("Nguyễn Văn"))
            .unwrap()
            .clone();
        let q = search_key(&target).replace(' ', "%20");
        let exact = names(&page(&staff, &format!("q={q}&limit=50")).await);
        assert_eq!(search_key(&exact[0]), search_key(&target), "{exact:?}");
        let ranks: Vec<u8> = exact
            .iter()
            .map(|n| {
                let k = search_key(n);
                let t = search_key(&target);
                if k == t {
                    0
                } else if k.starts_with(&t) {
                    1
                } else {
                    2
                }
            })
            .collect();
        assert!(
            ranks.windows(2).all(|w| w[0] <= w[1]),
            "ranking broken: {exact:?}"
        );

        // "d" finds "đ", upper case and accents are ignored.
        let dang = names(&page(&staff, "q=DANG&limit=50").await);
        assert!(
            dang.iter()
                .any(|n| n.contains("Đặng") || n.contains("Đăng")),
            "{dang:?}"
        );

        // A name that matches nothing.
        let none = page(&staff, "q=zzzzqqq&with_total=true").await;
        assert_eq!(none["items"].as_array().unwrap().len(), 0);
        assert_eq!(none["total"], 0);
    }
}

#[tokio::test]
async fn roster_order_paging_and_filters() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let staff = app.login("btc.dienbienphu").await;
        let t1 = staff.get("/api/v1/units/roots").await.json()["items"][0].clone();
        let grassroots = staff
            .get(&format!("/api/v1/units/{}/children", t1["id"]))
            .await
            .json();
        let unit = grassroots["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["member_count"].as_u64().unwrap() > 120)
            .unwrap()
            .clone();
        let expected = unit["member_count"].as_u64().unwrap();

        // Walk every page: no duplicates, nothing missing, roster order across pages.
        let mut seen = HashSet::new();
        let mut all = Vec::new();
        let mut cursor: Option<String> = None;
        let mut first = true;
        loop {
            let q = match &cursor {
                Some(c) => format!("unit={}&limit=37&with_total=true&cursor={c}", unit["id"]),
                None => format!("unit={}&limit=37&with_total=true", unit["id"]),
            };
            let p = page(&staff, &q).await;
            if first {
                assert_eq!(
                    p["total"].as_u64().unwrap(),
                    expected,
                    "total on the first page"
                );
                first = false;
            } else {
                assert!(p["total"].is_null(), "total only on the first page");
            }
            let items = p["items"].as_array().unwrap();
            assert!(items.len() <= 37);
            for m in items {
                assert!(seen.insert(m["id"].as_i64().unwrap()), "duplicate {m}");
                all.push(m["full_name"].as_str().unwrap().to_string());
            }
            match p["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_string()),
                None => break,
            }
        }
        assert_eq!(all.len() as u64, expected);
        let keys: Vec<String> = all.iter().map(|n| roster_key(n)).collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]), "not in roster order");

        // Counting is asked for; without it there is no total.
        let p = page(&staff, &format!("unit={}&limit=5", unit["id"])).await;
        assert!(p["total"].is_null(), "total only when asked for");

        // A cursor belongs to its query.
        let p = page(&staff, &format!("unit={}&limit=5", unit["id"])).await;
        let c = p["next_cursor"].as_str().unwrap();
        let res = staff
            .get(&format!(
                "/api/v1/members?unit={}&limit=5&gender=female&cursor={c}",
                unit["id"]
            ))
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        assert_eq!(res.problem_code(), "invalid_cursor");
        let res = staff.get("/api/v1/members?cursor=not-a-cursor").await;
        assert_eq!(res.problem_code(), "invalid_cursor");

        // Filters.
        for m in page(&staff, "gender=female&limit=100").await["items"]
            .as_array()
            .unwrap()
        {
            assert_eq!(m["gender"], "female");
        }
        for m in page(&staff, "membership=probationary&limit=100").await["items"]
            .as_array()
            .unwrap()
        {
            assert_eq!(m["membership"], "probationary");
        }
        let mong = page(&staff, "ethnicity=8&limit=100").await;
        for m in mong["items"].as_array().unwrap() {
            assert_eq!(m["ethnicity"], 8);
        }
        for m in page(&staff, "exempted=true&limit=100").await["items"]
            .as_array()
            .unwrap()
        {
            assert_eq!(m["exempted"], true);
        }
        // Age band 0 (≤ 30) and the last band (≥ 61), by date of birth.
        let today = chrono::Utc::now().date_naive();
        for (band, ok) in [
            (
                0u8,
                Box::new(|age: i32| age <= 30) as Box<dyn Fn(i32) -> bool>,
            ),
            (4, Box::new(|age| age >= 61)),
        ] {
            let p = page(&staff, &format!("age_band={band}&limit=100")).await;
            assert!(
                !p["items"].as_array().unwrap().is_empty(),
                "band {band} empty"
            );
            for m in p["items"].as_array().unwrap() {
                let dob: chrono::NaiveDate = m["date_of_birth"].as_str().unwrap().parse().unwrap();
                assert!(
                    ok(rasoat_shared::member::age_on(dob, today)),
                    "band {band}: born {dob}"
                );
            }
        }
        // Sorted by date of birth.
        let p = page(&staff, "sort=date_of_birth&limit=100").await;
        let dobs: Vec<&str> = p["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["date_of_birth"].as_str().unwrap())
            .collect();
        assert!(dobs.windows(2).all(|w| w[0] <= w[1]));

        // Filters combine: the union of genders is the whole.
        let all_n = page(&staff, &format!("unit={}&with_total=true", unit["id"])).await["total"]
            .as_u64()
            .unwrap();
        let f = page(
            &staff,
            &format!("unit={}&gender=female&with_total=true", unit["id"]),
        )
        .await["total"]
            .as_u64()
            .unwrap();
        let m = page(
            &staff,
            &format!("unit={}&gender=male&with_total=true", unit["id"]),
        )
        .await["total"]
            .as_u64()
            .unwrap();
        assert_eq!(f + m, all_n);
    }
}

fn new_member(branch: i64) -> Value {
    json!({
        "full_name": "Lò Văn Thử",
        "gender": "male",
        "date_of_birth": "1985-04-12",
        "ethnicity": 3,
        "national_id": "011085999001",
        "party_card_no": "99887766",
        "admission_date": "2010-05-19",
        "official_date": "2011-05-19",
        "membership": "full",
        "home_unit_id": branch,
        "phone": "0912345678"
    })
}

#[tokio::test]
async fn create_read_and_replace_a_member() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let staff = app.login("btc.dienbienphu").await;
        let t1 = staff.get("/api/v1/units/roots").await.json()["items"][0].clone();
        let sub = staff
            .get(&format!("/api/v1/units/{}/subtree", t1["id"]))
            .await
            .json();
        let units = sub["items"].as_array().unwrap();
        let branch = units.iter().find(|u| u["org_type"] == "branch").unwrap()["id"]
            .as_i64()
            .unwrap();
        let gpo = units
            .iter()
            .find(|u| u["org_type"] == "grassroots_party_org")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let before = page(&staff, "limit=1&with_total=true").await["total"]
            .as_u64()
            .unwrap();

        let res = staff.post("/api/v1/members", &new_member(branch)).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        let m = res.json();
        assert_eq!(m["status"], "active");
        assert_eq!(m["version"], 1);
        let id = m["id"].as_i64().unwrap();
        let found = page(&staff, "q=lo%20van%20thu").await;
        assert_eq!(
            found["items"][0]["id"], id,
            "the new member is found by name, first"
        );

        // Validation: every bad field reported, nothing written.
        let mut bad = new_member(branch);
        bad["national_id"] = json!("12345");
        bad["official_date"] = json!("2009-01-01");
        bad["date_of_birth"] = json!("2999-01-01");
        let res = staff.post("/api/v1/members", &bad).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.problem_code(), "validation_failed");
        let fields: HashSet<String> = res.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_string())
            .collect();
        for f in ["national_id", "official_date", "date_of_birth"] {
            assert!(fields.contains(f), "{f} not reported: {fields:?}");
        }
        // Duplicates across the province, members only in a chi bộ.
        let mut dup = new_member(branch);
        dup["party_card_no"] = json!("11223344");
        let res = staff.post("/api/v1/members", &dup).await;
        assert_eq!(
            (res.status.as_u16(), res.problem_code()),
            (409, "duplicate_national_id".into())
        );
        let mut dup = new_member(branch);
        dup["national_id"] = json!("011085999002");
        let res = staff.post("/api/v1/members", &dup).await;
        assert_eq!(
            (res.status.as_u16(), res.problem_code()),
            (409, "duplicate_party_card".into())
        );
        let mut wrong = new_member(gpo);
        wrong["national_id"] = json!("011085999003");
        wrong["party_card_no"] = json!("11223355");
        let res = staff.post("/api/v1/members", &wrong).await;
        assert_eq!(
            (res.status.as_u16(), res.problem_code()),
            (422, "unit_holds_no_members".into())
        );
        assert_eq!(
            page(&staff, "limit=1&with_total=true").await["total"]
                .as_u64()
                .unwrap(),
            before + 1,
            "failed writes changed nothing"
        );

        // Replace: If-Match required and checked.
        let path = format!("/api/v1/members/{id}");
        let got = staff.get(&path).await;
        assert_eq!(got.etag(), "\"1\"");
        let mut edit = new_member(branch);
        edit["full_name"] = json!("Lò Văn Thử Nghiệm");
        edit["exempted"] = json!(true);
        let res = staff.send(Method::PUT, &path, Some(&edit), &[]).await;
        assert_eq!(
            (res.status.as_u16(), res.problem_code()),
            (428, "precondition_required".into())
        );
        let res = staff
            .send(Method::PUT, &path, Some(&edit), &[("if-match", "\"9\"")])
            .await;
        assert_eq!(
            (res.status.as_u16(), res.problem_code()),
            (412, "precondition_failed".into())
        );
        let res = staff
            .send(Method::PUT, &path, Some(&edit), &[("if-match", "\"1\"")])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(res.json()["full_name"], "Lò Văn Thử Nghiệm");
        assert_eq!(res.json()["exempted"], true);
        assert_eq!(res.etag(), "\"2\"");

        // A branch secretary reads but does not write.
        let secretary = app.login("bithu.chibo").await;
        let res = secretary.post("/api/v1/members", &new_member(branch)).await;
        assert_eq!(
            (res.status.as_u16(), res.problem_code()),
            (403, "forbidden".into())
        );
    }
}

#[tokio::test]
async fn reads_and_writes_are_audited() {
    use diesel::prelude::*;
    for backend in backends() {
        let mut app = TestApp::demo(backend);
        let staff = app.login("btc.dienbienphu").await;
        let p = page(&staff, "q=nguyen&limit=3").await;
        let id = p["items"][0]["id"].as_i64().unwrap();
        assert_eq!(
            staff.get(&format!("/api/v1/members/{id}")).await.status,
            StatusCode::OK
        );
        let url = app.database_url();
        app.stop_server(); // drains the read-audit queue
        let mut conn = rasoat_backend::db::Db::connect(
            &rasoat_backend::config::Config {
                database_url: url,
                ..Default::default()
            }
            .db_options(),
        )
        .unwrap()
        .write_conn()
        .unwrap();
        use rasoat_backend::db::schema::audit_log as a;
        let entries: Vec<(String, Option<i64>, String)> = a::table
            .select((a::action, a::object_id, a::details))
            .order(a::id.asc())
            .load(&mut *conn)
            .unwrap();
        let acts: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
        assert!(acts.contains(&"auth.login"), "{acts:?}");
        let list = entries
            .iter()
            .find(|e| e.0 == "member.list")
            .expect("list read audited");
        assert!(
            list.2.contains("nguyen") && list.2.contains(&id.to_string()),
            "query and ids kept: {}",
            list.2
        );
        assert!(
            entries
                .iter()
                .any(|e| e.0 == "member.read" && e.1 == Some(id)),
            "record read audited"
        );
    }
}
