//! The organisation tree over HTTP on the demo province, as a province user and as a
//! tenant user: counts add up, breadcrumbs start at the top of the caller's scope, and
//! create / rename / end-date / move keep the closure and counts right.

// Test code: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rasoat_tests::{Client, TestApp, backends};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn children(c: &Client, id: i64) -> Vec<Value> {
    let res = c.get(&format!("/api/v1/units/{id}/children")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()["items"].as_array().unwrap().clone()
}

fn count(v: &Value) -> u64 {
    v["member_count"].as_u64().unwrap()
}

#[tokio::test]
async fn the_tree_and_its_counts() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let prov = app.login("btc.tinh").await;
        let roots = prov.get("/api/v1/units/roots").await.json();
        let roots = roots["items"].as_array().unwrap();
        assert_eq!(
            roots.len(),
            1,
            "a province user starts at the province root"
        );
        let root = &roots[0];
        assert_eq!(root["org_type"], "provincial");
        let total = count(root);
        assert!(
            (42_000..=44_500).contains(&total),
            "{backend:?}: {total} members"
        );

        let tenants = children(&prov, root["id"].as_i64().unwrap()).await;
        assert_eq!(
            tenants.len(),
            14,
            "the 14 organisations directly under the province"
        );
        assert_eq!(
            tenants.iter().map(count).sum::<u64>(),
            total,
            "tenants add up to the province"
        );
        for t in &tenants {
            assert_eq!(
                t["parent_id"], root["id"],
                "tenant roots hang under the province root"
            );
        }

        // Down one tenant: every level adds up (units that are not chi bộ hold no members).
        let t1 = tenants
            .iter()
            .find(|t| t["name"].as_str().unwrap().contains("Điện Biên Phủ"))
            .unwrap();
        let grassroots = children(&prov, t1["id"].as_i64().unwrap()).await;
        assert_eq!(grassroots.iter().map(count).sum::<u64>(), count(t1));
        let gpo = grassroots
            .iter()
            .find(|g| g["org_type"] == "grassroots_party_org")
            .unwrap();
        let branches = children(&prov, gpo["id"].as_i64().unwrap()).await;
        assert!(!branches.is_empty());
        assert_eq!(branches.iter().map(count).sum::<u64>(), count(gpo));
        assert_eq!(gpo["child_count"].as_u64().unwrap(), branches.len() as u64);

        // The subtree endpoint agrees with the children endpoint.
        let sub = prov
            .get(&format!("/api/v1/units/{}/subtree", t1["id"]))
            .await
            .json();
        let sub = sub["items"].as_array().unwrap();
        assert_eq!(sub[0]["id"], t1["id"], "the unit itself comes first");
        assert_eq!(count(&sub[0]), count(t1));
        let gpo_in_sub = sub.iter().find(|u| u["id"] == gpo["id"]).unwrap();
        assert_eq!(count(gpo_in_sub), count(gpo));

        // Breadcrumbs: from the top of the caller's scope.
        let branch = &branches[0];
        let crumbs = prov
            .get(&format!("/api/v1/units/{}/ancestors", branch["id"]))
            .await
            .json();
        let names: Vec<&Value> = crumbs["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| &u["id"])
            .collect();
        assert_eq!(
            names,
            vec![&root["id"], &t1["id"], &gpo["id"], &branch["id"]]
        );

        let tenant_user = app.login("btc.dienbienphu").await;
        let crumbs = tenant_user
            .get(&format!("/api/v1/units/{}/ancestors", branch["id"]))
            .await
            .json();
        let ids: Vec<&Value> = crumbs["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| &u["id"])
            .collect();
        assert_eq!(
            ids,
            vec![&t1["id"], &gpo["id"], &branch["id"]],
            "no province root for a tenant user"
        );
        let roots = tenant_user.get("/api/v1/units/roots").await.json();
        assert_eq!(roots["items"][0]["id"], t1["id"]);

        // Outside the scope: the province root and another tenant are 404, like a missing id.
        let other = tenants.iter().find(|t| t["id"] != t1["id"]).unwrap();
        for path in [
            format!("/api/v1/units/{}", root["id"]),
            format!("/api/v1/units/{}/children", other["id"]),
        ] {
            let res = tenant_user.get(&path).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
            assert_eq!(res.problem_code(), "not_found");
        }
        let missing = tenant_user.get("/api/v1/units/999999999").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn create_rename_end_date_and_move() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let staff = app.login("btc.dienbienphu").await;
        let t1 = staff.get("/api/v1/units/roots").await.json()["items"][0].clone();
        let grassroots = children(&staff, t1["id"].as_i64().unwrap()).await;
        let gpos: Vec<&Value> = grassroots
            .iter()
            .filter(|g| g["org_type"] == "grassroots_party_org")
            .collect();
        let (from, to) = (gpos[0], gpos[1]);

        // Create a branch: 201 with an ETag.
        let res = staff
            .post("/api/v1/units", &json!({"parent_id": from["id"], "name": "  Chi bộ   Thử nghiệm ", "org_type": "branch"}))
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        let created = res.json();
        assert_eq!(created["name"], "Chi bộ Thử nghiệm");
        assert_eq!(created["tenant_id"], t1["tenant_id"]);
        assert_eq!(res.etag(), "\"1\"");
        let id = created["id"].as_i64().unwrap();

        // A branch cannot hold a grassroots organisation.
        let res = staff
            .post(
                "/api/v1/units",
                &json!({"parent_id": id, "name": "X", "org_type": "grassroots_cell"}),
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.problem_code(), "invalid_parent");

        // Rename: If-Match required, stale refused, right one accepted.
        let path = format!("/api/v1/units/{id}");
        let body = json!({"name": "Chi bộ Đổi tên"});
        let res = staff.send(Method::PATCH, &path, Some(&body), &[]).await;
        assert_eq!(
            (res.status.as_u16(), res.problem_code()),
            (428, "precondition_required".into())
        );
        let res = staff
            .send(Method::PATCH, &path, Some(&body), &[("if-match", "\"7\"")])
            .await;
        assert_eq!(
            (res.status.as_u16(), res.problem_code()),
            (412, "precondition_failed".into())
        );
        let res = staff
            .send(Method::PATCH, &path, Some(&body), &[("if-match", "\"1\"")])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(res.json()["name"], "Chi bộ Đổi tên");
        assert_eq!(res.etag(), "\"2\"");

        // Move it under another grassroots organisation: the breadcrumb follows.
        let res = staff
            .send(
                Method::POST,
                &format!("{path}/move"),
                Some(&json!({"parent_id": to["id"]})),
                &[("if-match", "\"2\"")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let crumbs = staff.get(&format!("{path}/ancestors")).await.json();
        let ids: Vec<&Value> = crumbs["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| &u["id"])
            .collect();
        assert_eq!(ids, vec![&t1["id"], &to["id"], &json!(id)]);

        // Moving a unit under its own descendant is refused.
        let res = staff
            .send(
                Method::POST,
                &format!("/api/v1/units/{}/move", to["id"]),
                Some(&json!({"parent_id": id})),
                &[("if-match", "*")],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.problem_code(), "move_into_own_subtree");

        // Move a populated branch: the counts of both parents follow its members.
        let from_branches = children(&staff, from["id"].as_i64().unwrap()).await;
        let moving = from_branches.iter().find(|b| count(b) > 0).unwrap();
        let before_from = count(from);
        let before_to = children(&staff, t1["id"].as_i64().unwrap())
            .await
            .into_iter()
            .find(|g| g["id"] == to["id"])
            .map(|g| count(&g))
            .unwrap();
        let res = staff
            .send(
                Method::POST,
                &format!("/api/v1/units/{}/move", moving["id"]),
                Some(&json!({"parent_id": to["id"]})),
                &[("if-match", "*")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let after = children(&staff, t1["id"].as_i64().unwrap()).await;
        let a_from = after
            .iter()
            .find(|g| g["id"] == from["id"])
            .map(count)
            .unwrap();
        let a_to = after
            .iter()
            .find(|g| g["id"] == to["id"])
            .map(count)
            .unwrap();
        assert_eq!(a_from, before_from - count(moving));
        assert_eq!(a_to, before_to + count(moving));

        // End-dating: refused while members remain; accepted for an empty unit.
        let res = staff
            .send(
                Method::PATCH,
                &format!("/api/v1/units/{}", moving["id"]),
                Some(&json!({"valid_to": "2026-01-01"})),
                &[("if-match", "*")],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.problem_code(), "unit_not_empty");
        let res = staff
            .send(
                Method::PATCH,
                &path,
                Some(&json!({"valid_to": "2030-01-01"})),
                &[("if-match", "\"3\"")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(res.json()["valid_to"], "2030-01-01");

        // Another tenant's unit is not a possible parent: it is not even visible.
        let prov = app.login("btc.tinh").await;
        let root = prov.get("/api/v1/units/roots").await.json()["items"][0].clone();
        let other = children(&prov, root["id"].as_i64().unwrap())
            .await
            .into_iter()
            .find(|t| t["id"] != t1["id"])
            .unwrap();
        let res = staff
            .post(
                "/api/v1/units",
                &json!({"parent_id": other["id"], "name": "X", "org_type": "grassroots_cell"}),
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        // …and a province user cannot move a unit across tenants either.
        let res = prov
            .send(
                Method::POST,
                &format!("/api/v1/units/{}/move", to["id"]),
                Some(&json!({"parent_id": other["id"]})),
                &[("if-match", "*")],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.problem_code(), "invalid_parent");

        // A new organisation directly under the province is a new tenant.
        let res = prov
            .post("/api/v1/units", &json!({"parent_id": root["id"], "name": "Đảng bộ xã Mường Pồn", "org_type": "commune", "code": "MP-01"}))
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        let tenant = res.json();
        assert!(tenant["tenant_id"].as_i64().unwrap() > 14);
        assert_eq!(tenant["parent_id"], root["id"]);
        assert_eq!(
            children(&prov, root["id"].as_i64().unwrap()).await.len(),
            15
        );
        let dup = prov
            .post("/api/v1/units", &json!({"parent_id": tenant["id"], "name": "Chi bộ bản Pồn", "org_type": "grassroots_cell", "code": "MP-01"}))
            .await;
        assert_eq!(dup.status, StatusCode::CONFLICT);
        assert_eq!(dup.problem_code(), "duplicate_unit_code");

        // Roles that may only read get 403 on writes.
        let secretary = app.login("bithu.chibo").await;
        let res = secretary
            .post(
                "/api/v1/units",
                &json!({"parent_id": from["id"], "name": "X", "org_type": "branch"}),
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(res.problem_code(), "forbidden");
    }
}
