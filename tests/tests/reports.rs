//! The screening report over HTTP on the demo province, on every backend: every parent
//! total is the sum of its rows and equals the child's own report, every count opens a
//! list of exactly that many members, the counts agree with the register and the ratings
//! read directly, a case's acts move it through the columns, both exports carry the same
//! figures, and a tenant's users never see another tenant counted.

// Test code: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use calamine::{Data, Reader, Xlsx};
use diesel::prelude::*;
use rasoat_backend::db::schema::{exits, members, ratings};
use rasoat_tests::{Client, TestApp, backends};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};

/// The demo data is as of 26/11/2026: a period that ends then gives the same report on
/// any day the tests run.
const PERIOD: &str = "from=2026-01-01&to=2026-11-26";

async fn report(c: &Client, query: &str) -> Value {
    let res = c.get(&format!("/api/v1/reports/screening?{query}")).await;
    assert_eq!(res.status, StatusCode::OK, "{query}: {}", res.body);
    res.json()
}

fn codes(r: &Value) -> Vec<String> {
    r["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_string())
        .collect()
}

fn counts(row: &Value) -> Vec<i64> {
    row["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect()
}

fn count(r: &Value, row: &Value, code: &str) -> i64 {
    let i = codes(r).iter().position(|c| c == code).unwrap();
    counts(row)[i]
}

/// The total is the sum of the rows, column by column.
fn assert_adds_up(r: &Value) {
    let total = counts(&r["total"]);
    let mut sum = vec![0i64; total.len()];
    for row in r["rows"].as_array().unwrap() {
        for (s, v) in sum.iter_mut().zip(counts(row)) {
            *s += v;
        }
    }
    assert_eq!(sum, total, "{}", r["unit"]["name"]);
}

fn row_named<'a>(r: &'a Value, name: &str) -> &'a Value {
    r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["unit"]["name"] == name)
        .unwrap_or_else(|| panic!("no row {name} in {}", r["unit"]["name"]))
}

/// Every page of the list behind one count: (member, case) lines.
async fn behind(c: &Client, query: &str, column: &str) -> (i64, Vec<(i64, Option<i64>)>) {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    let mut total;
    loop {
        let mut path =
            format!("/api/v1/reports/screening/members?{query}&column={column}&limit=200");
        if let Some(c) = &cursor {
            path += &format!("&cursor={c}");
        }
        let res = c.get(&path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
        let page = res.json();
        total = page["total"].as_i64().unwrap();
        for m in page["items"].as_array().unwrap() {
            out.push((m["member_id"].as_i64().unwrap(), m["case_id"].as_i64()));
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    (total, out)
}

/// The ids of the units of a subtree.
async fn subtree(c: &Client, unit: i64) -> HashSet<i64> {
    let res = c.get(&format!("/api/v1/units/{unit}/subtree")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let v = res.json();
    let list = v
        .as_array()
        .cloned()
        .or_else(|| v["items"].as_array().cloned())
        .unwrap();
    list.iter().map(|u| u["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn the_report_adds_up_at_every_level_and_every_count_lists_its_members() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let province = app.login("btc.tinh").await;
        let r = report(&province, PERIOD).await;
        assert_eq!(r["unit"]["org_type"], "provincial");
        assert_eq!(r["rating_year"], 2025);
        assert_eq!(
            r["rows"].as_array().unwrap().len(),
            14,
            "one row per tenant"
        );
        assert_eq!(codes(&r).len(), counts(&r["total"]).len());
        assert_adds_up(&r);

        // The register and the ratings, read directly, give the same figures.
        let to = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let mut db = app.db();
        let active: i64 = members::table
            .filter(members::status.eq("active"))
            .filter(members::admission_date.le(to))
            .count()
            .get_result(&mut *db)
            .unwrap();
        let left_since: i64 = exits::table
            .filter(exits::effective_on.gt(to))
            .count()
            .get_result(&mut *db)
            .unwrap();
        assert_eq!(count(&r, &r["total"], "members_total"), active + left_since);
        let not_completed: Vec<(i64, i32)> = ratings::table
            .filter(ratings::period.eq("year"))
            .filter(ratings::level.eq("not_completed"))
            .select((ratings::member_id, ratings::year))
            .load(&mut *db)
            .unwrap();
        let years: HashMap<i64, HashSet<i32>> =
            not_completed.iter().fold(HashMap::new(), |mut m, (id, y)| {
                m.entry(*id).or_default().insert(*y);
                m
            });
        let both = years
            .values()
            .filter(|y| y.contains(&2024) && y.contains(&2025))
            .count() as i64;
        assert!(
            both > 0,
            "the demo has members not completed two years running"
        );
        assert_eq!(count(&r, &r["total"], "not_completed_two_years"), both);
        drop(db);
        // The demo's cases show in the report.
        assert!(count(&r, &r["total"], "listed_total") > 0);
        assert!(count(&r, &r["total"], "appeals_filed") > 0);

        // Drilling down: each row of a report is the total of the report on its unit.
        for row in r["rows"].as_array().unwrap() {
            let child = report(&province, &format!("{PERIOD}&unit={}", row["unit"]["id"])).await;
            assert_eq!(
                counts(&child["total"]),
                counts(row),
                "{}",
                row["unit"]["name"]
            );
            assert_adds_up(&child);
        }
        let mut at = r.clone();
        for name in [
            "Đảng bộ thành phố Điện Biên Phủ",
            "Đảng bộ phường Him Lam",
            "Chi bộ tổ dân phố 1",
        ] {
            let row = row_named(&at, name).clone();
            let child = report(&province, &format!("{PERIOD}&unit={}", row["unit"]["id"])).await;
            assert_eq!(counts(&child["total"]), counts(&row), "{name}");
            assert_eq!(
                child["trail"].as_array().unwrap().last().unwrap()["name"],
                name
            );
            assert_adds_up(&child);
            at = child;
        }
        // The branch has no units under it: its one row is itself.
        assert_eq!(at["rows"].as_array().unwrap().len(), 1);
        assert_eq!(at["rows"][0]["direct"], true);

        // Every non-zero count of the grassroots organisation opens exactly that many
        // members, all of its subtree.
        let gpo = report(
            &province,
            &format!(
                "{PERIOD}&unit={}",
                row_named(
                    &report(
                        &province,
                        &format!(
                            "{PERIOD}&unit={}",
                            row_named(&r, "Đảng bộ thành phố Điện Biên Phủ")["unit"]["id"]
                        )
                    )
                    .await,
                    "Đảng bộ phường Him Lam",
                )["unit"]["id"]
            ),
        )
        .await;
        let gpo_id = gpo["unit"]["id"].as_i64().unwrap();
        let units = subtree(&province, gpo_id).await;
        let mut checked = 0;
        for (code, n) in codes(&gpo).iter().zip(counts(&gpo["total"])) {
            if n == 0 {
                continue;
            }
            let (total, lines) = behind(&province, &format!("{PERIOD}&unit={gpo_id}"), code).await;
            assert_eq!((total, lines.len() as i64), (n, n), "{code}");
            for (m, _) in &lines {
                let res = province.get(&format!("/api/v1/members/{m}")).await;
                let home = res.json()["home_unit_id"].as_i64().unwrap();
                assert!(units.contains(&home), "{code}: member {m} of unit {home}");
                if code == "members_total" {
                    break; // one is enough for the register's 500-odd
                }
            }
            checked += 1;
        }
        assert!(checked >= 10, "{checked} columns checked");
        // At the province, the case columns and the cross-checks.
        for code in [
            "listed_total",
            "appeals_filed",
            "not_completed_two_years",
            "reoffended",
            "members_exempted",
        ] {
            let n = count(&r, &r["total"], code);
            let (total, lines) = behind(&province, PERIOD, code).await;
            assert_eq!((total, lines.len() as i64), (n, n), "{code}");
            let distinct: HashSet<_> = lines.iter().collect();
            assert_eq!(distinct.len(), lines.len(), "{code}: a line twice");
        }
    }
}

/// Opens a round on the branch, enters `criterion` for `member` and confirms it.
async fn open_case(secretary: &Client, branch: i64, member: i64, criterion: &str) -> i64 {
    let res = secretary
        .post(
            "/api/v1/review-rounds",
            &json!({ "unit_id": branch, "title": "Rà soát 2026",
                "period_from": "2026-01-01", "period_to": "2026-12-31" }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let round = res.json()["id"].as_i64().unwrap();
    let res = secretary
        .post(
            &format!("/api/v1/review-rounds/{round}/suggestions"),
            &json!({ "member_id": member, "criterion": criterion,
                "reason_vi": "Kết luận của chi ủy sau kiểm điểm",
                "document": { "number": "05-KL/CB", "signed_on": "2026-03-02" },
                "issued_by": "Chi ủy" }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let s = res.json();
    let res = secretary
        .send(
            Method::POST,
            &format!("/api/v1/suggestions/{}/decision", s["id"]),
            Some(&json!({ "decision": "confirm" })),
            &[("If-Match", &format!("\"{}\"", s["version"]))],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()["case_id"].as_i64().unwrap()
}

async fn act(c: &Client, id: i64, body: Value) -> Value {
    let d = c.get(&format!("/api/v1/cases/{id}")).await.json();
    let version = d["case"]["version"].as_i64().unwrap();
    let res = c
        .send(
            Method::POST,
            &format!("/api/v1/cases/{id}/transitions"),
            Some(&body),
            &[("If-Match", &format!("\"{version}\""))],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{body}: {}", res.body);
    res.json()
}

#[tokio::test]
async fn a_listing_vote_moves_the_case_into_the_columns_of_its_day() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let secretary = app.login("bithu.chibo").await;
        let committee = app.login("danguy.coso").await;
        let me = secretary.get("/api/v1/me").await.json();
        let branch = me["roles"][0]["unit_id"].as_i64().unwrap();
        let page = secretary
            .get(&format!("/api/v1/members?unit={branch}&limit=200"))
            .await
            .json();
        let mut ids: Vec<i64> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_i64().unwrap())
            .collect();
        ids.sort_unstable();
        let member = ids[3];

        let today = chrono::Utc::now().date_naive();
        let this_year = format!("from={}-01-01&to={today}", today.format("%Y"));
        let before = report(&secretary, &this_year).await;
        let earlier = report(&secretary, PERIOD).await;

        let id = open_case(
            &secretary,
            branch,
            member,
            "A4_EXEMPLARY_PROHIBITIONS_PRESTIGE",
        )
        .await;
        act(&secretary, id, json!({ "action": "request_upper_opinion" })).await;
        act(
            &committee,
            id,
            json!({ "action": "record_upper_guidance", "agree": true }),
        )
        .await;
        let d = secretary.get(&format!("/api/v1/cases/{id}")).await.json();
        let eligible =
            d["roll"]["full_members"].as_i64().unwrap() - d["roll"]["exempted"].as_i64().unwrap();
        let yes = (2 * eligible + 2) / 3;
        act(&secretary, id, json!({ "action": "listing_vote",
            "vote": { "method": "secret_ballot", "present": eligible, "yes": yes, "no": eligible - yes, "invalid": 0 } })).await;

        let after = report(&secretary, &this_year).await;
        for (code, more) in [
            ("listed_total", 1),
            ("listed_a4", 1),
            ("education_opened", 1),
            ("education_open_end", 1),
            ("listed_a1", 0),
            ("education_closed", 0),
        ] {
            assert_eq!(
                count(&after, &after["total"], code),
                count(&before, &before["total"], code) + more,
                "{code}"
            );
        }
        let (_, lines) = behind(&secretary, &this_year, "listed_a4").await;
        assert!(lines.contains(&(member, Some(id))), "{lines:?}");
        // A period that ended before the vote does not change.
        assert_eq!(
            counts(&report(&secretary, PERIOD).await["total"]),
            counts(&earlier["total"])
        );
    }
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

fn number(d: &Data) -> i64 {
    match d {
        Data::Float(f) => *f as i64,
        Data::Int(i) => *i,
        other => panic!("not a number: {other:?}"),
    }
}

#[tokio::test]
async fn both_exports_carry_the_report_figures() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let province = app.login("btc.tinh").await;
        let r = report(&province, PERIOD).await;
        let rows = r["rows"].as_array().unwrap();

        let (status, headers, bytes) = province
            .get_bytes(&format!("/api/v1/reports/screening.xlsx?{PERIOD}"))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            headers["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert!(
            headers["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment")
        );
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let sheet = book.worksheet_range_at(0).unwrap().unwrap();
        let cells: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
        let at = |row: usize, col: usize| {
            cells
                .get(row)
                .and_then(|r| r.get(col))
                .cloned()
                .unwrap_or(Data::Empty)
        };
        assert_eq!(text(&at(0, 0)), "ĐẢNG BỘ TỈNH ĐIỆN BIÊN");
        assert!(text(&at(2, 0)).contains("Từ ngày 01/01/2026 đến ngày 26/11/2026"));
        assert_eq!(text(&at(4, 0)), "STT");
        assert_eq!(text(&at(4, 2)), "Số lượng đảng viên");
        // The sheet's columns after STT and the name: the counts group by group, the
        // median at the end of the process-quality group.
        let order: Vec<usize> = {
            let groups = [
                "base",
                "detection",
                "education",
                "outcomes",
                "direct_removals",
                "quality",
                "cross_checks",
            ];
            let cols = r["columns"].as_array().unwrap();
            let mut o = Vec::new();
            for g in groups {
                o.extend(
                    cols.iter()
                        .enumerate()
                        .filter(|(_, c)| c["group"] == g)
                        .map(|(i, _)| i),
                );
                if g == "quality" {
                    o.push(usize::MAX);
                }
            }
            o
        };
        let first = 8; // title (3 rows), a blank, 3 header rows, the column numbers
        for (k, row) in rows.iter().chain(std::iter::once(&r["total"])).enumerate() {
            let line = first + k;
            let name = text(&at(line, 1));
            if k < rows.len() {
                assert_eq!(name, row["unit"]["name"].as_str().unwrap());
                assert_eq!(number(&at(line, 0)), k as i64 + 1);
            } else {
                assert_eq!(name, "Tổng cộng");
            }
            let c = counts(row);
            for (j, i) in order.iter().enumerate() {
                let cell = at(line, j + 2);
                if *i == usize::MAX {
                    match row["median_days_to_outcome"].as_f64() {
                        Some(d) => assert_eq!(cell, Data::Float(d), "median of {name}"),
                        None => assert_eq!(text(&cell), ""),
                    }
                } else {
                    assert_eq!(number(&cell), c[*i], "{name}: {}", codes(&r)[*i]);
                }
            }
        }

        let (status, headers, bytes) = province
            .get_bytes(&format!("/api/v1/reports/screening.csv?{PERIOD}"))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 with a byte-order mark");
        let body = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let lines: Vec<&str> = body.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines[0].contains("Đảng bộ tỉnh Điện Biên"));
        assert_eq!(lines.len(), 2 + rows.len() + 1);
        for (k, row) in rows.iter().chain(std::iter::once(&r["total"])).enumerate() {
            // Unit names here hold no comma: split plainly.
            let fields: Vec<&str> = lines[2 + k].split(',').collect();
            let n = counts(row);
            let got: Vec<i64> = fields[2..2 + n.len()]
                .iter()
                .map(|f| f.parse().unwrap())
                .collect();
            assert_eq!(got, n, "{}", fields[1]);
        }
    }
}

#[tokio::test]
async fn a_tenant_never_sees_another_tenant_counted() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let province = app.login("btc.tinh").await;
        let city = app.login("btc.dienbienphu").await;
        let secretary = app.login("bithu.chibo").await;
        let member = app.login("dangvien.chibo").await;

        let all = report(&province, PERIOD).await;
        let own = report(&city, PERIOD).await;
        assert_eq!(own["unit"]["name"], "Đảng bộ thành phố Điện Biên Phủ");
        assert_eq!(
            own["trail"].as_array().unwrap().len(),
            1,
            "the trail starts at the tenant"
        );
        assert_eq!(
            counts(&own["total"]),
            counts(row_named(&all, "Đảng bộ thành phố Điện Biên Phủ"))
        );
        let root = all["unit"]["id"].as_i64().unwrap();
        let other = row_named(&all, "Đảng bộ thị xã Mường Lay")["unit"]["id"]
            .as_i64()
            .unwrap();
        for path in [
            format!("/api/v1/reports/screening?unit={root}"),
            format!("/api/v1/reports/screening?unit={other}"),
            format!("/api/v1/reports/screening.xlsx?unit={other}"),
            format!("/api/v1/reports/screening.csv?unit={other}"),
            format!("/api/v1/reports/screening/members?unit={other}&column=members_total"),
            format!("/api/v1/reports/membership?unit={other}"),
        ] {
            let res = city.get(&path).await;
            assert_eq!(
                (res.status, res.problem_code()),
                (StatusCode::NOT_FOUND, "not_found".into()),
                "{path}"
            );
        }
        // The city's member list says what it lists, and never names a member of another
        // tenant.
        let page = city
            .get(&format!(
                "/api/v1/reports/screening/members?{PERIOD}&column=members_total&limit=1"
            ))
            .await
            .json();
        assert_eq!(page["unit"]["name"], "Đảng bộ thành phố Điện Biên Phủ");
        assert_eq!(
            page["period"],
            json!({ "from": "2026-01-01", "to": "2026-11-26" })
        );
        assert_eq!(page["direct"], false);
        let (_, lines) = behind(&city, PERIOD, "not_completed_two_years").await;
        let city_units = subtree(&city, own["unit"]["id"].as_i64().unwrap()).await;
        for (m, _) in lines {
            let res = city.get(&format!("/api/v1/members/{m}")).await;
            assert_eq!(res.status, StatusCode::OK);
            assert!(city_units.contains(&res.json()["home_unit_id"].as_i64().unwrap()));
        }
        // Membership statistics: every breakdown adds up, and the city's equal its row.
        let stats = city.get("/api/v1/reports/membership").await.json();
        let total = stats["total"].as_i64().unwrap();
        for key in [
            "by_membership",
            "by_gender",
            "by_age_band",
            "by_ethnicity",
            "by_org_type",
        ] {
            let sum: i64 = stats[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b["count"].as_i64().unwrap())
                .sum();
            assert_eq!(sum, total, "{key}");
        }
        let years: Vec<i64> = stats["ratings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|y| y["year"].as_i64().unwrap())
            .collect();
        assert_eq!(years, vec![2025, 2024]);
        let now = report(&city, "").await;
        assert_eq!(total, count(&now, &now["total"], "members_total"));

        // A branch secretary reports on the branch only; a member has no report.
        let b = report(&secretary, PERIOD).await;
        assert_eq!(b["unit"]["name"], "Chi bộ tổ dân phố 1");
        let gpo = b["unit"]["id"].as_i64().unwrap();
        let up = row_named(
            &report(
                &province,
                &format!(
                    "{PERIOD}&unit={}",
                    row_named(&all, "Đảng bộ thành phố Điện Biên Phủ")["unit"]["id"]
                ),
            )
            .await,
            "Đảng bộ phường Him Lam",
        )["unit"]["id"]
            .as_i64()
            .unwrap();
        assert_ne!(gpo, up);
        assert_eq!(
            secretary
                .get(&format!("/api/v1/reports/screening?unit={up}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let res = member.get("/api/v1/reports/screening").await;
        assert_eq!(
            (res.status, res.problem_code()),
            (StatusCode::FORBIDDEN, "forbidden".into())
        );
    }
}

#[tokio::test]
async fn bad_report_parameters_get_a_clear_error() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let province = app.login("btc.tinh").await;
        for (query, status, code) in [
            ("from=2026-05-01&to=2026-01-01", 422, "validation_failed"),
            ("from=2010-01-01&to=2026-01-01", 422, "validation_failed"),
            ("round=1&from=2026-01-01", 422, "validation_failed"),
            ("round=999999999", 404, "not_found"),
            ("unit=abc", 400, "invalid_query"),
            ("to=2026-13-01", 400, "invalid_query"),
            ("colour=red", 400, "invalid_query"),
        ] {
            let res = province
                .get(&format!("/api/v1/reports/screening?{query}"))
                .await;
            assert_eq!(
                (res.status.as_u16(), res.problem_code()),
                (status, code.to_string()),
                "{query}: {}",
                res.body
            );
        }
        for (query, status, code) in [
            ("", 422, "validation_failed"),
            ("column=nothing", 400, "invalid_query"),
            ("column=members_total&limit=0", 400, "invalid_query"),
            ("column=members_total&limit=201", 400, "invalid_query"),
            ("column=members_total&cursor=zz", 400, "invalid_cursor"),
            ("column=members_total&direct=true", 422, "validation_failed"),
        ] {
            let res = province
                .get(&format!("/api/v1/reports/screening/members?{query}"))
                .await;
            assert_eq!(
                (res.status.as_u16(), res.problem_code()),
                (status, code.to_string()),
                "{query}: {}",
                res.body
            );
        }
        let res = province
            .get("/api/v1/reports/membership?as_of=yesterday")
            .await;
        assert_eq!(res.problem_code(), "invalid_query");
    }
}
