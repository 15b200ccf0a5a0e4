//! What the review works from, over HTTP on the demo province, on every backend: the
//! rating sheet and its rules (bands, reasons, exclusions, all or nothing, stale versions),
//! discipline catalogues and periods, monthly attendance and dues, review rounds,
//! detection of A1, A2, B1 and B2 at their edges, and people confirming or dismissing.

// Test code: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rasoat_tests::{Client, TestApp, backends};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The unit where the signed-in user's first role is held.
async fn home_unit(c: &Client) -> i64 {
    c.get("/api/v1/me").await.json()["roles"][0]["unit_id"]
        .as_i64()
        .unwrap()
}

async fn sheet(c: &Client, unit: i64, year: i32) -> Value {
    let res = c
        .get(&format!("/api/v1/units/{unit}/rating-sheet?year={year}"))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
}

fn row(sheet: &Value, member: i64) -> &Value {
    sheet["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["member"]["id"].as_i64() == Some(member))
        .unwrap()
}

/// An entry for `member`, carrying the version of its current rating if it has one.
fn entry(sheet: &Value, member: i64, level: &str, score: Option<f64>, reasons: &[&str]) -> Value {
    let version = row(sheet, member)["rating"]["version"].clone();
    json!({ "member_id": member, "level": level, "score": score,
            "below_band_reasons": reasons, "version": version })
}

async fn put(c: &Client, path: &str, body: &Value, headers: &[(&str, &str)]) -> rasoat_tests::Res {
    c.send(Method::PUT, path, Some(body), headers).await
}

/// Rateable members of the sheet (not exempted, suspended or admitted lately).
fn rateable(sheet: &Value) -> Vec<i64> {
    sheet["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["not_rateable"].is_null())
        .map(|r| r["member"]["id"].as_i64().unwrap())
        .collect()
}

fn field_error(res: &rasoat_tests::Res, field: &str) -> String {
    let body = res.json();
    body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors in {}", res.body))
        .iter()
        .find(|e| e["field"] == field)
        .unwrap_or_else(|| panic!("no error on {field}: {}", res.body))["code"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn the_rating_sheet_enforces_the_rules_and_saves_all_or_nothing() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let secretary = app.login("bithu.chibo").await;
        let branch = home_unit(&secretary).await;
        let s = sheet(&secretary, branch, 2025).await;
        assert_eq!(s["regulation"]["code"], "366-QĐ/TW");
        assert_eq!(s["uses_scores"], true);
        let ids = rateable(&s);
        assert!(ids.len() >= 3, "{backend:?}: the demo branch is too small");
        let (a, b, c) = (ids[0], ids[1], ids[2]);
        let path = format!("/api/v1/units/{branch}/rating-sheet");

        // A level above the score's band: the whole sheet is refused, nothing saved.
        let before = sheet(&secretary, branch, 2025).await;
        let body = json!({ "period": { "year": 2025, "period": "year" }, "entries": [
            entry(&s, a, "good", Some(80.0), &[]),
            entry(&s, b, "good", Some(65.0), &[]),
        ]});
        let res = put(&secretary, &path, &body, &[]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert_eq!(field_error(&res, "entries[1].level"), "level_above_band");
        assert_eq!(
            sheet(&secretary, branch, 2025).await,
            before,
            "nothing may change"
        );

        // Below the band: a reason that reaches that low is required.
        let body = json!({ "period": { "year": 2025, "period": "year" }, "entries": [
            entry(&s, c, "not_completed", Some(75.0), &[]),
        ]});
        let res = put(&secretary, &path, &body, &[]).await;
        assert_eq!(
            field_error(&res, "entries[0].below_band_reasons"),
            "below_band_reason_required"
        );
        let body = json!({ "period": { "year": 2025, "period": "year" }, "entries": [
            entry(&s, c, "completed", Some(95.0), &["excellent_quota"]),
        ]});
        let res = put(&secretary, &path, &body, &[]).await;
        assert_eq!(
            field_error(&res, "entries[0].below_band_reasons"),
            "below_band_reason_insufficient"
        );

        // A valid sheet saves, with its decision and regulation.
        let body = json!({ "period": { "year": 2025, "period": "year" },
        "decision": { "number": "15-QĐ/ĐU", "signed_on": "2026-01-10" },
        "entries": [
            entry(&s, a, "excellent", Some(92.5), &[]),
            entry(&s, b, "good", Some(65.0 + 10.0), &[]),
            entry(&s, c, "not_completed", Some(75.0), &["prohibitions_violated"]),
        ]});
        let res = put(&secretary, &path, &body, &[]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let saved = res.json();
        let ra = &row(&saved, a)["rating"];
        assert_eq!(ra["level"], "excellent");
        assert_eq!(ra["band"], "excellent");
        assert_eq!(ra["regulation_code"], "366-QĐ/TW");
        assert_eq!(ra["decision"]["number"], "15-QĐ/ĐU");
        let rc = &row(&saved, c)["rating"];
        assert_eq!(rc["band"], "good");
        assert_eq!(rc["below_band_reasons"], json!(["prohibitions_violated"]));
        assert!(saved["quota"]["good"].as_u64().unwrap() >= 1);

        // The same entry again with the old version: 412 for the whole sheet.
        let res = put(&secretary, &path, &body, &[]).await;
        assert_eq!(res.status, StatusCode::PRECONDITION_FAILED, "{}", res.body);

        // 2024 was rated under QĐ 124: a level, no score; no quarters before QĐ 366.
        let s24 = sheet(&secretary, branch, 2024).await;
        assert_eq!(s24["regulation"]["code"], "124-QĐ/TW");
        assert_eq!(s24["uses_scores"], false);
        let body = json!({ "period": { "year": 2024, "period": "year" }, "entries": [
            entry(&s24, a, "good", Some(80.0), &[]) ]});
        let res = put(&secretary, &path, &body, &[]).await;
        assert_eq!(
            field_error(&res, "entries[0].score"),
            "score_not_applicable"
        );
        let res = put(
            &secretary,
            &path,
            &json!({ "period": { "year": 2024, "period": "quarter", "quarter": 2 },
            "entries": [ { "member_id": a, "level": "good" } ] }),
            &[],
        )
        .await;
        assert_eq!(field_error(&res, "period"), "period_not_allowed");

        // An exempted member is not rated.
        let staff = app.login("btc.dienbienphu").await;
        let m = staff.get(&format!("/api/v1/members/{a}")).await;
        let mut record = m.json();
        for k in [
            "id",
            "tenant_id",
            "status",
            "home_unit_name",
            "version",
            "created_at",
            "updated_at",
        ] {
            record.as_object_mut().unwrap().remove(k);
        }
        record["exempted"] = json!(true);
        let etag = m.etag();
        let res = staff
            .send(
                Method::PUT,
                &format!("/api/v1/members/{a}"),
                Some(&record),
                &[("if-match", &etag)],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let s2 = sheet(&secretary, branch, 2025).await;
        assert_eq!(row(&s2, a)["not_rateable"], "exempted");
        let body = json!({ "period": { "year": 2025, "period": "year" }, "entries": [
            entry(&s2, a, "good", Some(80.0), &[]) ]});
        let res = put(&secretary, &path, &body, &[]).await;
        assert_eq!(field_error(&res, "entries[0].member_id"), "not_rateable");

        // Scope: a member alone cannot write; another tenant's branch is not found.
        let member = app.login("dangvien.chibo").await;
        let res = put(&member, &path, &body, &[]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let elsewhere = app.login("btc.muonglay").await;
        let res = elsewhere
            .get(&format!("/api/v1/units/{branch}/rating-sheet?year=2025"))
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn discipline_follows_the_catalogues_and_runs_twelve_months() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let secretary = app.login("bithu.chibo").await;
        let branch = home_unit(&secretary).await;
        let s = sheet(&secretary, branch, 2025).await;
        let full = s["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["member"]["membership"] == "full")
            .unwrap()["member"]["id"]
            .as_i64()
            .unwrap();
        let warning = json!({ "kind": "party", "form": "warning", "decided_by": "Chi bộ",
            "decision": { "number": "03-QĐ/CB", "signed_on": "2024-03-10" },
            "announced_on": "2024-03-15", "violation_on": "2024-02-01",
            "violation_summary": "Vi phạm quy định về những điều đảng viên không được làm" });
        let res = secretary
            .post(&format!("/api/v1/members/{full}/discipline"), &warning)
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        let rec = res.json();
        assert_eq!(rec["regulation_code"], "69-QĐ/TW");
        assert_eq!(rec["effect"]["from"], "2024-03-15");
        assert_eq!(rec["effect"]["until"], "2025-03-14");
        assert_eq!(rec["counts_for_a2"], true);

        // A state form abolished for civil servants, a Party form with a stated end.
        let mut bad = warning.clone();
        bad["kind"] = json!("party");
        bad["effective_until"] = json!("2025-01-01");
        let res = secretary
            .post(&format!("/api/v1/members/{full}/discipline"), &bad)
            .await;
        assert_eq!(field_error(&res, "effective_until"), "computed");
        let mut bad = warning.clone();
        bad["form"] = json!("salary_step_demotion");
        let res = secretary
            .post(&format!("/api/v1/members/{full}/discipline"), &bad)
            .await;
        assert_eq!(field_error(&res, "form"), "form_not_in_catalogue");
        let mut bad = warning.clone();
        bad["violation_on"] = json!("2024-04-01");
        let res = secretary
            .post(&format!("/api/v1/members/{full}/discipline"), &bad)
            .await;
        assert_eq!(field_error(&res, "violation_on"), "after_decision");

        // A probationer cannot be expelled or dismissed from a post.
        if let Some(p) = s["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["member"]["membership"] == "probationary")
        {
            let mut bad = warning.clone();
            bad["form"] = json!("expulsion");
            let res = secretary
                .post(
                    &format!("/api/v1/members/{}/discipline", p["member"]["id"]),
                    &bad,
                )
                .await;
            assert_eq!(field_error(&res, "form"), "form_not_in_catalogue");
        }

        // A violation while the warning is in effect restarts the twelve months.
        let res = secretary
            .post(
                &format!("/api/v1/members/{full}/violations"),
                &json!({ "occurred_on": "2025-01-10", "summary": "Bỏ sinh hoạt không báo cáo" }),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        let record = secretary
            .get(&format!("/api/v1/members/{full}/review-record"))
            .await
            .json();
        let d = record["discipline"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["decision"]["number"] == "03-QĐ/CB")
            .unwrap();
        assert_eq!(d["effect"]["until"], "2026-01-09");

        // Outside the scope: 404; a member without the role: 403.
        let other = app.member_of_tenant("Mường Lay").await;
        let res = secretary
            .post(&format!("/api/v1/members/{other}/discipline"), &warning)
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        let member = app.login("dangvien.chibo").await;
        let res = member
            .post(
                &format!("/api/v1/members/{full}/violations"),
                &json!({ "occurred_on": "2025-01-10", "summary": "x" }),
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
    }
}

/// Sets a whole year of months for some members: `f(member, month)` gives
/// (attendance, absence excused, dues).
async fn year_of_months(
    c: &Client,
    branch: i64,
    year: i32,
    members: &[i64],
    f: impl Fn(i64, u32) -> (&'static str, bool, &'static str),
) {
    for month in 1..=12u32 {
        let m = format!("{year}-{month:02}-01");
        let current = c
            .get(&format!("/api/v1/units/{branch}/monthly-sheet?month={m}"))
            .await;
        assert_eq!(current.status, StatusCode::OK, "{}", current.body);
        let current = current.json();
        let entries: Vec<Value> = members
            .iter()
            .map(|id| {
                let (att, excused, dues) = f(*id, month);
                let version = current["rows"].as_array().unwrap().iter()
                    .find(|r| r["member"]["id"].as_i64() == Some(*id)).unwrap()["record"]["version"].clone();
                json!({ "member_id": id, "attendance": att, "absence_excused": excused,
                    "absence_reason": if excused { Some("Ốm điều trị tại bệnh viện") } else { None },
                    "dues": dues, "version": version })
            })
            .collect();
        let res = c
            .send(
                Method::PUT,
                &format!("/api/v1/units/{branch}/monthly-sheet"),
                Some(&json!({ "month": m, "entries": entries })),
                &[],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{m}: {}", res.body);
    }
}

fn suggestion<'a>(list: &'a Value, member: i64, criterion: &str) -> Option<&'a Value> {
    list["items"].as_array().unwrap().iter().find(|s| {
        s["member_id"].as_i64() == Some(member)
            && s["criterion"] == criterion
            && s["status"] != "withdrawn"
    })
}

#[tokio::test]
async fn detection_suggests_and_people_decide() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let secretary = app.login("bithu.chibo").await;
        let branch = home_unit(&secretary).await;
        let s25 = sheet(&secretary, branch, 2025).await;
        let s24 = sheet(&secretary, branch, 2024).await;
        let ids: Vec<i64> = rateable(&s25)
            .into_iter()
            .filter(|id| rateable(&s24).contains(id))
            .collect();
        assert!(
            ids.len() >= 6,
            "{backend:?}: the demo branch is too small: {}",
            ids.len()
        );
        let (x, u, y, z, w, v) = (ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]);
        let path = format!("/api/v1/units/{branch}/rating-sheet");

        // A1: x not completed in 2024 (QĐ 124) and 2025 (QĐ 366); u only in 2024.
        let res = put(&secretary, &path, &json!({ "period": { "year": 2024, "period": "year" }, "entries": [
            entry(&s24, x, "not_completed", None, &[]), entry(&s24, u, "not_completed", None, &[]) ]}), &[]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let res = put(&secretary, &path, &json!({ "period": { "year": 2025, "period": "year" }, "entries": [
            entry(&s25, x, "not_completed", Some(40.0), &[]), entry(&s25, u, "good", Some(80.0), &[]) ]}), &[]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);

        // A2: y warned from 15/03/2025, violates on 02/09/2025; u's warning expired on
        // 14/03/2025, the day before u's violation.
        for (who, signed, announced, broke, again) in [
            (y, "2025-03-10", "2025-03-15", "2025-02-01", "2025-09-02"),
            (u, "2024-03-10", "2024-03-15", "2024-02-01", "2025-03-15"),
        ] {
            let res = secretary.post(&format!("/api/v1/members/{who}/discipline"), &json!({
                "kind": "party", "form": "warning", "decided_by": "Chi bộ",
                "decision": { "number": "07-QĐ/CB", "signed_on": signed }, "announced_on": announced,
                "violation_on": broke, "violation_summary": "Vi phạm quy định sinh hoạt đảng" })).await;
            assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
            let res = secretary
                .post(
                    &format!("/api/v1/members/{who}/violations"),
                    &json!({ "occurred_on": again, "summary": "Tiếp tục vi phạm" }),
                )
                .await;
            assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        }

        // B1: z absent without good reason in February, May and September (not in a row);
        // B2: w unpaid in three months; v absent twice plus once excused, unpaid twice.
        year_of_months(&secretary, branch, 2025, &[z, w, v], |m, month| {
            match (m == z, m == w, month) {
                (true, _, 2 | 5 | 9) => ("absent", false, "paid"),
                (_, true, 3 | 6 | 11) => ("present", false, "unpaid"),
                (false, false, 4 | 8) => ("absent", false, "unpaid"),
                (false, false, 10) => ("absent", true, "paid"),
                _ => ("present", false, "paid"),
            }
        })
        .await;

        // The branch opens its round; detection suggests, nobody is listed yet.
        let res = secretary.post("/api/v1/review-rounds", &json!({ "unit_id": branch,
            "title": "Rà soát đảng viên năm 2025", "period_from": "2025-01-01", "period_to": "2025-12-31" })).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        let round = res.json()["id"].as_i64().unwrap();
        let res = secretary
            .post(
                "/api/v1/review-rounds",
                &json!({ "unit_id": branch,
            "title": "Trùng", "period_from": "2025-06-01", "period_to": "2026-05-31" }),
            )
            .await;
        assert_eq!(res.problem_code(), "round_overlaps");
        let res = secretary
            .post(&format!("/api/v1/review-rounds/{round}/detect"), &json!({}))
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(res.json()["added"].as_u64().unwrap() >= 4, "{}", res.body);

        let list = secretary
            .get(&format!("/api/v1/review-rounds/{round}/suggestions"))
            .await
            .json();
        let a1 = suggestion(&list, x, "A1_NOT_COMPLETED_2Y").expect("A1 for x");
        assert_eq!(
            a1["reason_vi"],
            "không hoàn thành nhiệm vụ năm 2024 và 2025"
        );
        assert_eq!(a1["evidence"].as_array().unwrap().len(), 2);
        assert!(suggestion(&list, u, "A1_NOT_COMPLETED_2Y").is_none());
        let a2 = suggestion(&list, y, "A2_REOFFEND_DURING_DISCIPLINE").expect("A2 for y");
        assert_eq!(
            a2["reason_vi"],
            "vi phạm ngày 02/09/2025 trong thời gian chấp hành kỷ luật cảnh cáo từ 03/2025"
        );
        assert!(suggestion(&list, u, "A2_REOFFEND_DURING_DISCIPLINE").is_none());
        let b1 = suggestion(&list, z, "B1_MEETING_ABSENCE_3M").expect("B1 for z");
        assert_eq!(
            b1["reason_vi"],
            "bỏ sinh hoạt 3 tháng trong năm 2025 không có lý do chính đáng (tháng 02/2025, 05/2025, 09/2025)"
        );
        assert!(suggestion(&list, w, "B2_DUES_UNPAID_3M").is_some());
        assert!(suggestion(&list, v, "B1_MEETING_ABSENCE_3M").is_none());
        assert!(suggestion(&list, v, "B2_DUES_UNPAID_3M").is_none());
        assert!(
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["status"] == "pending")
        );

        // Correcting the inputs withdraws a pending suggestion at the next run.
        year_of_months(&secretary, branch, 2025, &[z], |_, month| {
            if month == 9 {
                ("absent", true, "paid")
            } else if month == 2 || month == 5 {
                ("absent", false, "paid")
            } else {
                ("present", false, "paid")
            }
        })
        .await;
        let res = secretary
            .post(&format!("/api/v1/review-rounds/{round}/detect"), &json!({}))
            .await;
        assert!(
            res.json()["withdrawn"].as_u64().unwrap() >= 1,
            "{}",
            res.body
        );
        let list = secretary
            .get(&format!("/api/v1/review-rounds/{round}/suggestions"))
            .await
            .json();
        assert!(suggestion(&list, z, "B1_MEETING_ABSENCE_3M").is_none());

        // Confirming opens a draft case; dismissing needs a reason; a decision is final.
        let a1 = suggestion(&list, x, "A1_NOT_COMPLETED_2Y").unwrap().clone();
        let decide = format!("/api/v1/suggestions/{}/decision", a1["id"]);
        let res = secretary
            .post(&decide, &json!({ "decision": "confirm" }))
            .await;
        assert_eq!(res.status, StatusCode::PRECONDITION_REQUIRED);
        let res = secretary
            .send(
                Method::POST,
                &decide,
                Some(&json!({ "decision": "confirm" })),
                &[("if-match", "\"99\"")],
            )
            .await;
        assert_eq!(res.status, StatusCode::PRECONDITION_FAILED);
        let tag = format!("\"{}\"", a1["version"]);
        let res = secretary
            .send(
                Method::POST,
                &decide,
                Some(&json!({ "decision": "confirm", "note": "Chi ủy thống nhất" })),
                &[("if-match", &tag)],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let confirmed = res.json();
        assert_eq!(confirmed["status"], "confirmed");
        let case_id = confirmed["case_id"].as_i64().unwrap();
        let tag = format!("\"{}\"", confirmed["version"]);
        let res = secretary
            .send(
                Method::POST,
                &decide,
                Some(&json!({ "decision": "dismiss", "note": "x" })),
                &[("if-match", &tag)],
            )
            .await;
        assert_eq!(res.problem_code(), "suggestion_decided");
        let record = secretary
            .get(&format!("/api/v1/members/{x}/review-record"))
            .await
            .json();
        let case = record["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"].as_i64() == Some(case_id))
            .unwrap();
        assert_eq!(case["state"], "draft_candidate");
        assert_eq!(case["path"], "a_education");
        assert_eq!(case["criteria"], json!(["A1_NOT_COMPLETED_2Y"]));

        let b2 = suggestion(&list, w, "B2_DUES_UNPAID_3M").unwrap().clone();
        let decide = format!("/api/v1/suggestions/{}/decision", b2["id"]);
        let tag = format!("\"{}\"", b2["version"]);
        let res = secretary
            .send(
                Method::POST,
                &decide,
                Some(&json!({ "decision": "dismiss" })),
                &[("if-match", &tag)],
            )
            .await;
        assert_eq!(field_error(&res, "note"), "required");
        let res = secretary
            .send(
                Method::POST,
                &decide,
                Some(&json!({ "decision": "dismiss", "note": "Đã nộp đủ, sổ ghi nhầm" })),
                &[("if-match", &tag)],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(res.json()["status"], "dismissed");

        // Grounds software cannot see are entered with the conclusion behind them.
        let enter = format!("/api/v1/review-rounds/{round}/suggestions");
        let res = secretary.post(&enter, &json!({ "member_id": v, "criterion": "A1_NOT_COMPLETED_2Y",
            "reason_vi": "x", "document": { "number": "1-KL/ĐU", "signed_on": "2025-10-01" }, "issued_by": "Đảng ủy" })).await;
        assert_eq!(field_error(&res, "criterion"), "detected_criterion");
        let res = secretary
            .post(
                &enter,
                &json!({ "member_id": v, "criterion": "A4_EXEMPLARY_PROHIBITIONS_PRESTIGE",
            "reason_vi": "vi phạm những điều đảng viên không được làm", "issued_by": "Đảng ủy xã",
            "document": { "number": "12-KL/ĐU", "signed_on": "2025-10-01" } }),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        assert_eq!(res.json()["evidence"][0]["kind"], "document");

        // The branch declares its review done only when nothing is pending.
        let done = format!("/api/v1/review-rounds/{round}/branches/{branch}/complete");
        let res = secretary.post(&done, &json!({})).await;
        assert_eq!(res.problem_code(), "suggestions_pending");
        let list = secretary
            .get(&format!(
                "/api/v1/review-rounds/{round}/suggestions?status=pending"
            ))
            .await
            .json();
        for s in list["items"].as_array().unwrap() {
            let tag = format!("\"{}\"", s["version"]);
            let res = secretary
                .send(
                    Method::POST,
                    &format!("/api/v1/suggestions/{}/decision", s["id"]),
                    Some(&json!({ "decision": "confirm" })),
                    &[("if-match", &tag)],
                )
                .await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        }
        let res = secretary.post(&done, &json!({})).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(res.json()["branches_reviewed"], 1);

        // The upper levels see the progress; the round closes with If-Match.
        let committee = app.login("danguy.coso").await;
        let round_res = committee
            .get(&format!("/api/v1/review-rounds/{round}"))
            .await;
        assert_eq!(round_res.status, StatusCode::OK, "{}", round_res.body);
        let progress = committee
            .get(&format!("/api/v1/review-rounds/{round}/progress"))
            .await
            .json();
        assert_eq!(progress["total"]["branches"], 1);
        assert_eq!(progress["total"]["branches_reviewed"], 1);
        assert_eq!(progress["total"]["counts"]["pending"], 0);
        let res = committee
            .post(
                &format!("/api/v1/suggestions/{}/decision", a1["id"]),
                &json!({ "decision": "confirm" }),
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::FORBIDDEN,
            "the grassroots committee reads the list"
        );
        let tag = secretary
            .get(&format!("/api/v1/review-rounds/{round}"))
            .await
            .etag();
        let res = secretary
            .send(
                Method::POST,
                &format!("/api/v1/review-rounds/{round}/close"),
                None,
                &[("if-match", &tag)],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(res.json()["status"], "closed");
        let res = secretary
            .post(&format!("/api/v1/review-rounds/{round}/detect"), &json!({}))
            .await;
        assert_eq!(res.problem_code(), "round_closed");
    }
}

#[tokio::test]
async fn a_province_round_reaches_every_branch_and_each_sees_only_its_own() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let province = app.login("btc.tinh").await;
        let root = province.get("/api/v1/units/roots").await.json()["items"][0]["id"]
            .as_i64()
            .unwrap();
        let res = province.post("/api/v1/review-rounds", &json!({ "unit_id": root,
            "title": "Rà soát toàn Đảng bộ tỉnh năm 2025", "period_from": "2025-01-01", "period_to": "2025-12-31" })).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        let round = res.json()["id"].as_i64().unwrap();

        // The branch secretary sees the province's round but does not run it.
        let secretary = app.login("bithu.chibo").await;
        let branch = home_unit(&secretary).await;
        let rounds = secretary.get("/api/v1/review-rounds").await.json();
        assert!(
            rounds["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["id"].as_i64() == Some(round))
        );
        let res = secretary
            .post(&format!("/api/v1/review-rounds/{round}/detect"), &json!({}))
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);

        // Make sure the branch has something to find, then run it for the province.
        let s24 = sheet(&secretary, branch, 2024).await;
        let s25 = sheet(&secretary, branch, 2025).await;
        let x = rateable(&s25)
            .into_iter()
            .find(|id| rateable(&s24).contains(id))
            .unwrap();
        let path = format!("/api/v1/units/{branch}/rating-sheet");
        put(&secretary, &path, &json!({ "period": { "year": 2024, "period": "year" }, "entries": [entry(&s24, x, "not_completed", None, &[])] }), &[]).await;
        put(&secretary, &path, &json!({ "period": { "year": 2025, "period": "year" }, "entries": [entry(&s25, x, "not_completed", Some(30.0), &[])] }), &[]).await;
        let res = province
            .post(&format!("/api/v1/review-rounds/{round}/detect"), &json!({}))
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let run = res.json();
        assert!(run["members_examined"].as_u64().unwrap() > 40_000, "{run}");

        // Each sees the suggestions about their own part only.
        let all = province
            .get(&format!("/api/v1/review-rounds/{round}/suggestions"))
            .await
            .json();
        let mine = secretary
            .get(&format!("/api/v1/review-rounds/{round}/suggestions"))
            .await
            .json();
        assert!(suggestion(&mine, x, "A1_NOT_COMPLETED_2Y").is_some());
        assert!(
            mine["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["unit_id"].as_i64() == Some(branch))
        );
        assert!(all["items"].as_array().unwrap().len() >= mine["items"].as_array().unwrap().len());
        let other = app.login("btc.muonglay").await;
        let theirs = other
            .get(&format!("/api/v1/review-rounds/{round}/suggestions"))
            .await
            .json();
        assert!(suggestion(&theirs, x, "A1_NOT_COMPLETED_2Y").is_none());

        // Progress: one row per tenant; the totals add up.
        let p = province
            .get(&format!("/api/v1/review-rounds/{round}/progress"))
            .await
            .json();
        let rows = p["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 14);
        let sum: u64 = rows.iter().map(|r| r["branches"].as_u64().unwrap()).sum();
        assert_eq!(p["total"]["branches"].as_u64().unwrap(), sum);
        let pending: u64 = rows
            .iter()
            .map(|r| r["counts"]["pending"].as_u64().unwrap())
            .sum();
        assert_eq!(
            pending as usize,
            all["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["status"] == "pending")
                .count()
        );

        // A branch secretary's progress of the province's round is their branch's part.
        let mine = secretary
            .get(&format!("/api/v1/review-rounds/{round}/progress"))
            .await;
        assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
        assert_eq!(mine.json()["unit_id"].as_i64(), Some(branch));
        assert_eq!(mine.json()["total"]["branches"], 1);
        let filtered = province
            .get(&format!(
                "/api/v1/review-rounds/{round}/suggestions?unit={root}"
            ))
            .await
            .json();
        assert_eq!(
            filtered["items"].as_array().unwrap().len(),
            all["items"].as_array().unwrap().len()
        );

        // Another tenant's staff cannot open a round over the province.
        let res = other
            .post(
                "/api/v1/review-rounds",
                &json!({ "unit_id": root,
            "title": "x", "period_from": "2025-01-01", "period_to": "2025-12-31" }),
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn two_deciders_at_once_one_wins_the_other_gets_412() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let secretary = app.login("bithu.chibo").await;
        let deputy = app.login("phobithu.chibo").await;
        let branch = home_unit(&secretary).await;
        let s = sheet(&secretary, branch, 2025).await;
        let member = s["rows"][0]["member"]["id"].as_i64().unwrap();
        let round = secretary
            .post(
                "/api/v1/review-rounds",
                &json!({ "unit_id": branch,
            "title": "Rà soát", "period_from": "2025-01-01", "period_to": "2025-12-31" }),
            )
            .await
            .json()["id"]
            .as_i64()
            .unwrap();
        let res = secretary.post(&format!("/api/v1/review-rounds/{round}/suggestions"), &json!({
            "member_id": member, "criterion": "A3_DEGRADATION", "reason_vi": "suy thoái về đạo đức, lối sống",
            "issued_by": "Ban Thường vụ Đảng ủy", "document": { "number": "05-KL/ĐU", "signed_on": "2025-06-01" } })).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        let sug = res.json();
        let path = format!("/api/v1/suggestions/{}/decision", sug["id"]);
        let tag = format!("\"{}\"", sug["version"]);
        let confirm = json!({ "decision": "confirm" });
        let dismiss = json!({ "decision": "dismiss", "note": "Chưa đủ căn cứ" });
        let headers = [("if-match", tag.as_str())];
        let (a, b) = tokio::join!(
            secretary.send(Method::POST, &path, Some(&confirm), &headers),
            deputy.send(Method::POST, &path, Some(&dismiss), &headers),
        );
        let mut statuses = [a.status.as_u16(), b.status.as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 412], "{backend:?}: {} / {}", a.body, b.body);
        // Exactly one decision stands, and at most one case was opened.
        let list = secretary
            .get(&format!("/api/v1/review-rounds/{round}/suggestions"))
            .await
            .json();
        let now = &list["items"][0];
        assert!(now["status"] == "confirmed" || now["status"] == "dismissed");
        let record = secretary
            .get(&format!("/api/v1/members/{member}/review-record"))
            .await
            .json();
        let cases = record["cases"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["round_id"].as_i64() == Some(round))
            .count();
        assert_eq!(cases, usize::from(now["status"] == "confirmed"));
    }
}
