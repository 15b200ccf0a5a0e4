//! Bulk import over HTTP on the demo province, on every backend: a dry run reports every
//! problem by row and column and changes nothing; an apply with problems changes nothing;
//! a clean file is applied once per Idempotency-Key, whatever the retries; CSV, XLSX and
//! JSON read alike; the scope rules of every write hold row by row; and what an import
//! creates is audited and on the change feed.

// Test code: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::prelude::*;
use rasoat_backend::db::schema::{audit_log, members};
use rasoat_tests::import_files::{HEADER, branch_codes, name, row};
use rasoat_tests::{Client, TestApp, backends};
use reqwest::StatusCode;
use serde_json::Value;
use std::time::Duration;

pub const CSV: &str = "text/csv";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The open branches' codes of the tenant whose root is `root`.
fn branches(app: &TestApp, root: &Value) -> Vec<String> {
    branch_codes(&mut app.db(), root["tenant_id"].as_i64().unwrap())
}

fn rows(codes: &[String], from: usize, n: usize) -> Vec<String> {
    (from..from + n)
        .map(|i| row(&codes[i % codes.len()], i))
        .collect()
}

fn csv(lines: &[String]) -> Vec<u8> {
    format!("{HEADER}\n{}\n", lines.join("\n")).into_bytes()
}

fn count_members(app: &TestApp) -> i64 {
    members::table.count().get_result(&mut *app.db()).unwrap()
}

async fn wait_for(c: &Client, job: i64) -> Value {
    for _ in 0..600 {
        let res = c.get(&format!("/api/v1/imports/{job}")).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let j = res.json();
        if j["status"] != "applying" {
            return j;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("import {job} still applying after 30 s");
}

fn problems(job: &Value) -> Vec<(u64, String, String)> {
    job["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["row"].as_u64().unwrap(),
                p["column"].as_str().unwrap_or("").to_string(),
                p["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_dry_run_reports_every_problem_by_row_and_column_and_nothing_changes() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let staff = app.login("btc.dienbienphu").await;
        let root = staff.get("/api/v1/units/roots").await.json()["items"][0].clone();
        let b = branches(&app, &root);
        let existing = staff
            .get(&format!("/api/v1/members?unit={}&limit=1", root["id"]))
            .await
            .json()["items"][0]["id"]
            .clone();
        let taken_id = staff
            .get(&format!("/api/v1/members/{existing}"))
            .await
            .json()["national_id"]
            .as_str()
            .unwrap()
            .to_string();
        let mut lines = rows(&b, 1, 2);
        lines.push(format!(
            "{},Lò Văn Sai,Nam,31/02/1980,Thái,,,,03/02/2005,,",
            b[0]
        ));
        lines.push("KHONG-CO,Lò Văn Lạc,Nam,01/02/1980,Thái,,,,03/02/2005,,".to_string());
        lines.push(format!(
            "{},Lò Văn Trùng,Nam,01/02/1980,Thái,{taken_id},,,03/02/2005,03/02/2006,",
            b[0]
        ));
        lines.push(format!(
            "{},Lò Văn Đôi,Nữ,01/02/1980,Kinh,900000000001,,,03/02/2005,03/02/2006,",
            b[1]
        ));
        lines.push(format!(
            "{},,Khác,01/02/1980,Sao Hỏa,,,,01/01/2030,,có lẽ",
            b[0]
        ));
        let file = csv(&lines);
        let before = count_members(&app);
        let url = format!(
            "/api/v1/imports?kind=members&unit={}&dry_run=true&file_name=thu.csv",
            root["id"]
        );
        let res = staff.upload(&url, CSV, file.clone(), &[]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let job = res.json();
        assert_eq!(job["status"], "rejected");
        assert_eq!(job["total_rows"], 7);
        assert_eq!(job["file_name"], "thu.csv");
        let p = problems(&job);
        let has = |row: u64, col: &str, code: &str| {
            p.iter().any(|(r, c, k)| *r == row && c == col && k == code)
        };
        // Rows 2 and 3 are fine; the header is row 1.
        assert!(!p.iter().any(|(r, _, _)| *r == 2 || *r == 3), "{p:?}");
        assert!(has(4, "date_of_birth", "invalid_date"), "{p:?}");
        assert!(has(5, "unit_code", "unit_not_found"), "{p:?}");
        assert!(has(6, "national_id", "duplicate_national_id"), "{p:?}");
        // Row 7 takes the citizen ID of row 2 (900000000001).
        assert!(has(7, "national_id", "duplicate_in_file"), "{p:?}");
        for (col, code) in [
            ("full_name", "required"),
            ("gender", "invalid_gender"),
            ("ethnicity", "invalid_ethnicity"),
            ("exempted", "invalid_tick"),
        ] {
            assert!(has(8, col, code), "{col} {p:?}");
        }
        assert_eq!(job["problem_count"].as_u64().unwrap() as usize, p.len());
        assert_eq!(count_members(&app), before, "a dry run changes nothing");

        // Applying the same file changes nothing either, and says why by row and column.
        let url = format!("/api/v1/imports?kind=members&unit={}", root["id"]);
        let res = staff
            .upload(&url, CSV, file, &[("Idempotency-Key", "thu-1")])
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert_eq!(res.problem_code(), "import_rejected");
        let fields: Vec<String> = res.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_string())
            .collect();
        assert!(
            fields.contains(&"4.date_of_birth".to_string()),
            "{fields:?}"
        );
        assert_eq!(count_members(&app), before);

        // A missing column is a problem of the header row; garbage is a problem of the file.
        let res = staff
            .upload(
                &format!("{url}&dry_run=true"),
                CSV,
                "Họ và tên\nA\n".into(),
                &[],
            )
            .await;
        let p = problems(&res.json());
        assert!(
            p.contains(&(1, "unit_code".into(), "missing_column".into())),
            "{p:?}"
        );
        let res = staff
            .upload(
                &format!("{url}&dry_run=true"),
                XLSX,
                b"not a workbook".to_vec(),
                &[],
            )
            .await;
        assert_eq!(problems(&res.json())[0].0, 0);

        // Bad requests: no key, an unknown format, a bad key, a bad kind.
        let good = csv(&rows(&b, 100, 1));
        let res = staff.upload(&url, CSV, good.clone(), &[]).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        assert_eq!(res.problem_code(), "idempotency_key_required");
        let res = staff
            .upload(
                &url,
                "application/pdf",
                good.clone(),
                &[("Idempotency-Key", "k")],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(res.problem_code(), "import_format_unsupported");
        let res = staff
            .upload(&url, CSV, good.clone(), &[("Idempotency-Key", "có dấu")])
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        let res = staff
            .upload(
                &format!("/api/v1/imports?kind=cats&unit={}", root["id"]),
                CSV,
                good,
                &[("Idempotency-Key", "k")],
            )
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        assert_eq!(res.problem_code(), "invalid_query");
        assert_eq!(count_members(&app), before);
    }
}

#[tokio::test]
async fn a_clean_file_is_applied_once_per_key_audited_and_on_the_feed() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let staff = app.login("btc.dienbienphu").await;
        let root = staff.get("/api/v1/units/roots").await.json()["items"][0].clone();
        let b = branches(&app, &root);
        let feed = app
            .service_client(root["id"].as_i64().unwrap(), &["events:read"])
            .await;
        // The feed's end before the import.
        let mut cursor = String::new();
        loop {
            let q = if cursor.is_empty() {
                String::new()
            } else {
                format!("&after={cursor}")
            };
            let page = feed
                .get(&format!("/api/v1/events?limit=10000{q}"))
                .await
                .json();
            cursor = page["next_cursor"].as_str().unwrap().to_string();
            if page["has_more"] == false {
                break;
            }
        }

        let file = csv(&rows(&b, 1, 120));
        let before = count_members(&app);
        let url = format!(
            "/api/v1/imports?kind=members&unit={}&file_name=dot1.csv",
            root["id"]
        );
        let res = staff
            .upload(&url, CSV, file.clone(), &[("Idempotency-Key", "dot-1")])
            .await;
        assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
        let job = res.json();
        let id = job["id"].as_i64().unwrap();
        assert_eq!(
            res.headers.get("location").unwrap().to_str().unwrap(),
            format!("/api/v1/imports/{id}")
        );
        let done = wait_for(&staff, id).await;
        assert_eq!(done["status"], "applied", "{done}");
        assert_eq!(done["applied_rows"], 120);
        assert_eq!(done["processed_rows"], 120);
        assert_eq!(count_members(&app), before + 120);

        // The same key and file: the same job, nothing more. Another file: refused.
        for _ in 0..2 {
            let res = staff
                .upload(&url, CSV, file.clone(), &[("Idempotency-Key", "dot-1")])
                .await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
            assert_eq!(res.json()["id"], id);
            assert_eq!(res.json()["status"], "applied");
        }
        let other = csv(&rows(&b, 500, 3));
        let res = staff
            .upload(&url, CSV, other, &[("Idempotency-Key", "dot-1")])
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.problem_code(), "idempotency_key_reused");
        // Another key with the same rows: the register refuses them (one person, one record).
        let res = staff
            .upload(&url, CSV, file.clone(), &[("Idempotency-Key", "dot-1b")])
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(count_members(&app), before + 120);

        // The members are in the register, readable as any other.
        let found = staff
            .get(&format!(
                "/api/v1/members?q={}&limit=5",
                name(17).replace(' ', "%20")
            ))
            .await
            .json();
        assert!(
            found["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["full_name"] == name(17)),
            "{found}"
        );

        // Audited: one entry per member created, naming the job, and the job itself.
        let created: i64 = audit_log::table
            .filter(audit_log::action.eq("member.create"))
            .filter(audit_log::details.like(format!("%\"import\":{id}%")))
            .count()
            .get_result(&mut *app.db())
            .unwrap();
        assert_eq!(created, 120);
        // The jobs, newest first: the refused second key, then the applied one.
        let listed = staff.get("/api/v1/imports?limit=5").await.json();
        assert_eq!(listed["items"][0]["status"], "rejected");
        assert_eq!(listed["items"][1]["id"], id);
        assert_eq!(listed["items"][1]["applied_rows"], 120);

        // On the feed, after the cursor taken before: the 120 creations, in order.
        let page = feed
            .get(&format!("/api/v1/events?limit=10000&after={cursor}"))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let page = page.json();
        let events = page["events"].as_array().unwrap();
        let creations: Vec<&Value> = events
            .iter()
            .filter(|e| e["action"] == "member.create")
            .collect();
        assert_eq!(creations.len(), 120, "{page}");
        let seqs: Vec<i64> = events.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
        assert!(seqs.windows(2).all(|w| w[0] < w[1]), "ordered");
        assert!(
            creations
                .iter()
                .all(|e| e["entity"] == "member" && e["id"].is_i64())
        );
    }
}

#[tokio::test]
async fn xlsx_and_json_files_read_like_csv() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let staff = app.login("btc.dienbienphu").await;
        let root = staff.get("/api/v1/units/roots").await.json()["items"][0].clone();
        let b = branches(&app, &root);
        let url = format!("/api/v1/imports?kind=members&unit={}", root["id"]);

        // XLSX with real date cells and a numeric card number, as Excel saves them.
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (i, h) in [
            "Mã chi bộ",
            "Họ và tên",
            "Giới tính",
            "Ngày sinh",
            "Dân tộc",
            "Ngày vào Đảng",
            "Ngày chính thức",
            "Số thẻ đảng viên",
        ]
        .iter()
        .enumerate()
        {
            sheet.write_string(0, i as u16, *h).unwrap();
        }
        let date = |y, m, d| rust_xlsxwriter::ExcelDateTime::from_ymd(y, m, d).unwrap();
        let fmt = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
        for r in 1..=3u32 {
            sheet.write_string(r, 0, &b[r as usize % b.len()]).unwrap();
            sheet
                .write_string(
                    r,
                    1,
                    ["Quàng Thị Ánh", "Quàng Thị Bích", "Quàng Thị Cúc"][r as usize - 1],
                )
                .unwrap();
            sheet.write_string(r, 2, "Nữ").unwrap();
            sheet
                .write_datetime_with_format(r, 3, date(1990, 1, r as u8), &fmt)
                .unwrap();
            sheet.write_string(r, 4, "Mông").unwrap();
            sheet
                .write_datetime_with_format(r, 5, date(2015, 3, 2), &fmt)
                .unwrap();
            sheet
                .write_datetime_with_format(r, 6, date(2016, 3, 2), &fmt)
                .unwrap();
            sheet.write_number(r, 7, f64::from(97_000_000 + r)).unwrap();
        }
        let bytes = book.save_to_buffer().unwrap();
        let res = staff
            .upload(&url, XLSX, bytes, &[("Idempotency-Key", "xlsx-1")])
            .await;
        assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
        let done = wait_for(&staff, res.json()["id"].as_i64().unwrap()).await;
        assert_eq!(done["status"], "applied", "{done}");
        assert_eq!(done["format"], "xlsx");
        let found = staff
            .get("/api/v1/members?q=quang%20thi%20bich")
            .await
            .json();
        let m = &found["items"][0];
        assert_eq!(m["full_name"], "Quàng Thị Bích", "{found}");
        let full = staff
            .get(&format!("/api/v1/members/{}", m["id"]))
            .await
            .json();
        assert_eq!(full["date_of_birth"], "1990-01-02");
        assert_eq!(full["party_card_no"], "97000002");
        assert_eq!(full["membership"], "full");

        // JSON: the same records by key; an unknown key is a problem of its record.
        let json = serde_json::json!([
            {"unit_code": b[0], "full_name": "Cà Văn Jơ", "gender": "Nam", "date_of_birth": "1985-07-01",
             "ethnicity": 3, "admission_date": "2010-05-19", "exempted": true},
            {"unit_code": b[0], "full_name": "Cà Văn Sai", "gender": "Nam", "date_of_birth": "1985-07-01",
             "ethnicity": "Thái", "admission_date": "2010-05-19", "que_quan": "Điện Biên"},
        ]);
        let res = staff
            .upload(
                &format!("{url}&dry_run=true"),
                "application/json",
                json.to_string().into_bytes(),
                &[],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let p = problems(&res.json());
        assert_eq!(p, vec![(2, String::new(), "unknown_field".to_string())]);
        let one = serde_json::json!([json[0].clone()]);
        let res = staff
            .upload(
                &url,
                "application/json",
                one.to_string().into_bytes(),
                &[("Idempotency-Key", "json-1")],
            )
            .await;
        assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
        let done = wait_for(&staff, res.json()["id"].as_i64().unwrap()).await;
        assert_eq!(done["status"], "applied", "{done}");
        let found = staff.get("/api/v1/members?q=ca%20van%20jo").await.json();
        let full = staff
            .get(&format!("/api/v1/members/{}", found["items"][0]["id"]))
            .await
            .json();
        assert_eq!(full["exempted"], true);
        assert_eq!(full["membership"], "probationary");
    }
}

#[tokio::test]
async fn imports_follow_the_scope_rules_of_every_write() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let staff = app.login("btc.dienbienphu").await;
        let other = app.login("btc.muonglay").await;
        let root = staff.get("/api/v1/units/roots").await.json()["items"][0].clone();
        let other_root = other.get("/api/v1/units/roots").await.json()["items"][0].clone();
        let b = branches(&app, &root);
        let theirs = branches(&app, &other_root);
        let before = count_members(&app);
        let file = csv(&rows(&b, 1, 3));

        // Another tenant's officer: the unit does not exist for them.
        let url = format!(
            "/api/v1/imports?kind=members&unit={}&dry_run=true",
            root["id"]
        );
        let res = other.upload(&url, CSV, file.clone(), &[]).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
        // A branch secretary keeps ratings and records, not the register.
        let res = app
            .login("bithu.chibo")
            .await
            .upload(&url, CSV, file.clone(), &[])
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
        // A row naming another tenant's branch is a row problem, not a way in.
        let mut lines = rows(&b, 1, 1);
        lines.push(format!(
            "{},Lò Văn Khác,Nam,01/02/1980,Thái,,,,03/02/2005,,",
            theirs[0]
        ));
        let res = staff.upload(&url, CSV, csv(&lines), &[]).await;
        let p = problems(&res.json());
        assert_eq!(
            p,
            vec![(3, "unit_code".to_string(), "unit_not_found".to_string())]
        );
        // An import at the province's own level is refused: each file goes to one tenant.
        let prov_root = app
            .login("btc.tinh")
            .await
            .get("/api/v1/units/roots")
            .await
            .json()["items"][0]["id"]
            .clone();
        let res = staff
            .upload(
                &format!("/api/v1/imports?kind=members&unit={prov_root}&dry_run=true"),
                CSV,
                file.clone(),
                &[],
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);

        // A provincial system with import:write at the tenant imports; without it, 403.
        let system = app
            .service_client(root["id"].as_i64().unwrap(), &["import:write"])
            .await;
        let url = format!("/api/v1/imports?kind=members&unit={}", root["id"]);
        let res = system
            .upload(
                &url,
                CSV,
                file.clone(),
                &[("Idempotency-Key", "he-thong-1")],
            )
            .await;
        assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
        let done = wait_for(&system, res.json()["id"].as_i64().unwrap()).await;
        assert_eq!(done["status"], "applied");
        assert!(
            done["submitted_by"]
                .as_str()
                .unwrap()
                .starts_with("Hệ thống"),
            "{done}"
        );
        let reader = app
            .service_client(root["id"].as_i64().unwrap(), &["members:read"])
            .await;
        let res = reader
            .upload(
                &url,
                CSV,
                csv(&rows(&b, 50, 1)),
                &[("Idempotency-Key", "x")],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
        // A job is private to the scope, like the data it wrote.
        let res = other.get(&format!("/api/v1/imports/{}", done["id"])).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert!(
            !other
                .get("/api/v1/imports")
                .await
                .body
                .contains(&format!("\"id\":{},", done["id"])),
            "another tenant's list does not show it"
        );
        assert_eq!(count_members(&app), before + 3);
    }
}

/// The full records of the first `n` members of `unit` that `keep` accepts.
async fn records_of(
    c: &Client,
    unit: &Value,
    n: usize,
    keep: impl Fn(&Value) -> bool,
) -> Vec<Value> {
    let listed = c
        .get(&format!("/api/v1/members?unit={unit}&limit=100"))
        .await
        .json();
    let mut out = Vec::new();
    for m in listed["items"].as_array().unwrap() {
        let full = c.get(&format!("/api/v1/members/{}", m["id"])).await.json();
        if keep(&full) {
            out.push(full);
        }
        if out.len() == n {
            return out;
        }
    }
    panic!("fewer than {n} such members in unit {unit}");
}

/// The rating of `member` for `year` in its review record: (level, score).
async fn rating_of(c: &Client, member: i64, year: i64) -> Option<(String, Option<f64>)> {
    let record = c
        .get(&format!("/api/v1/members/{member}/review-record"))
        .await
        .json();
    record["ratings"].as_array().unwrap().iter().find_map(|r| {
        (r["period"]["year"] == year && r["period"]["period"] == "year").then(|| {
            (
                r["level"].as_str().unwrap().to_string(),
                r["score"].as_f64(),
            )
        })
    })
}

#[tokio::test]
async fn annual_ratings_go_through_the_branch_sheets_and_replace_earlier_ones() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let secretary = app.login("bithu.chibo").await;
        let branch = secretary.get("/api/v1/me").await.json()["roles"][0]["unit_id"].clone();
        // Three rateable members of the secretary's branch, with their citizen IDs.
        let people = records_of(&secretary, &branch, 3, |m| {
            m["exempted"] == false
                && m["suspended"] == false
                && m["national_id"].is_string()
                && m["admission_date"].as_str().unwrap() < "2024-06-01"
        })
        .await;
        let nid = |i: usize| people[i]["national_id"].as_str().unwrap().to_string();
        let name = |i: usize| people[i]["full_name"].as_str().unwrap().to_string();
        let header = "Số CCCD,Họ và tên,Năm,Xếp loại,Điểm,Lý do xếp thấp hơn khung điểm,Số quyết định,Ngày quyết định";
        let url = format!("/api/v1/imports?kind=ratings&unit={branch}");

        // A dry run with a problem in every row but the first.
        let file = [
            header.to_string(),
            format!("{},{},2025,HTTNV,80,,45-QĐ/ĐU,20/12/2025", nid(0), name(0)),
            "999999999999,Không Có,2025,HTNV,60,,45-QĐ/ĐU,20/12/2025".to_string(),
            format!("{},Tên Khác,2025,HTNV,60,,45-QĐ/ĐU,20/12/2025", nid(1)),
            format!("{},{},2025,HTNV,,,45-QĐ/ĐU,20/12/2025", nid(1), name(1)),
            format!("{},{},2024,Hoàn thành nhiệm vụ,70,,,", nid(2), name(2)),
            format!(
                "{},{},2025,Hoàn thành xuất sắc nhiệm vụ,60,,45-QĐ/ĐU,20/12/2025",
                nid(2),
                name(2)
            ),
            format!("{},{},2025,HTNV,75,,45-QĐ/ĐU,20/12/2025", nid(2), name(2)),
            format!(
                "{},{},2025,HTNV,75,khong-ro,45-QĐ/ĐU,20/12/2025",
                nid(2),
                name(2)
            ),
            format!("{},{},2025,HTTNV,75,,46-QĐ/ĐU,21/12/2025", nid(2), name(2)),
        ]
        .join("\n");
        let res = secretary
            .upload(&format!("{url}&dry_run=true"), CSV, file.into_bytes(), &[])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let job = res.json();
        assert_eq!(job["status"], "rejected", "{job}");
        let p = problems(&job);
        let codes: Vec<(u64, &str, &str)> = p
            .iter()
            .map(|(r, c, k)| (*r, c.as_str(), k.as_str()))
            .collect();
        assert_eq!(
            codes,
            vec![
                (3, "national_id", "member_not_found"),
                (4, "full_name", "name_mismatch"),
                (5, "score", "score_required"),
                (6, "score", "score_not_applicable"),
                (7, "level", "level_above_band"),
                (8, "below_band_reasons", "below_band_reason_required"),
                (9, "below_band_reasons", "invalid_reason"),
                (10, "decision_number", "decision_differs"),
            ],
            "{p:?}"
        );

        // The clean file: two ratings of 2025 and one of 2024, replacing the demo's.
        let before = rating_of(&secretary, people[0]["id"].as_i64().unwrap(), 2025).await;
        let file = [
            header.to_string(),
            format!("{},{},2025,HTTNV,80,,45-QĐ/ĐU,20/12/2025", nid(0), name(0)),
            format!(
                "{},{},2025,HTNV,95,disciplined_for_duty,45-QĐ/ĐU,20/12/2025",
                nid(1),
                name(1)
            ),
            format!("{},{},2024,KHTNV,,,,", nid(2), name(2)),
        ]
        .join("\n");
        let res = secretary
            .upload(
                &url,
                CSV,
                file.clone().into_bytes(),
                &[("Idempotency-Key", "xl-2025")],
            )
            .await;
        assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
        let done = wait_for(&secretary, res.json()["id"].as_i64().unwrap()).await;
        assert_eq!(done["status"], "applied", "{done}");
        assert_eq!(done["applied_rows"], 3);
        assert_eq!(
            rating_of(&secretary, people[0]["id"].as_i64().unwrap(), 2025).await,
            Some(("good".to_string(), Some(80.0))),
            "was {before:?}"
        );
        assert_eq!(
            rating_of(&secretary, people[1]["id"].as_i64().unwrap(), 2025).await,
            Some(("completed".to_string(), Some(95.0)))
        );
        assert_eq!(
            rating_of(&secretary, people[2]["id"].as_i64().unwrap(), 2024).await,
            Some(("not_completed".to_string(), None))
        );
        // The same key: the same job, applied once.
        let again = secretary
            .upload(
                &url,
                CSV,
                file.into_bytes(),
                &[("Idempotency-Key", "xl-2025")],
            )
            .await;
        assert_eq!(again.status, StatusCode::OK);
        assert_eq!(again.json()["id"], done["id"]);

        // Another tenant's officer cannot reach the branch; a member register officer of
        // the tenant can import ratings too (both record review inputs).
        let res = app
            .login("btc.muonglay")
            .await
            .upload(
                &format!("{url}&dry_run=true"),
                CSV,
                header.as_bytes().to_vec(),
                &[],
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        // A branch secretary imports ratings but not members.
        let res = secretary
            .upload(
                &format!("/api/v1/imports?kind=members&unit={branch}&dry_run=true"),
                CSV,
                HEADER.as_bytes().to_vec(),
                &[],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        // The secretary reads the job; the ratings are on the change feed.
        assert_eq!(
            secretary
                .get(&format!("/api/v1/imports/{}", done["id"]))
                .await
                .status,
            StatusCode::OK
        );
        let mut events = Vec::new();
        let mut after = String::new();
        loop {
            let page = secretary
                .get(&format!("/api/v1/events?limit=10000{after}"))
                .await
                .json();
            events.extend(page["events"].as_array().unwrap().clone());
            after = format!("&after={}", page["next_cursor"].as_str().unwrap());
            if page["has_more"] == false {
                break;
            }
        }
        assert!(
            events.iter().any(|e| e["entity"] == "rating"
                && (e["action"] == "rating.update" || e["action"] == "rating.create")),
            "ratings on the feed"
        );
    }
}

#[tokio::test]
async fn monthly_attendance_and_dues_go_through_the_branch_sheets() {
    for backend in backends() {
        let app = TestApp::demo(backend);
        let secretary = app.login("bithu.chibo").await;
        let branch = secretary.get("/api/v1/me").await.json()["roles"][0]["unit_id"].clone();
        let people = records_of(&secretary, &branch, 2, |m| m["party_card_no"].is_string()).await;
        let card = |i: usize| people[i]["party_card_no"].as_str().unwrap().to_string();
        let header = "Số thẻ đảng viên,Tháng,Sinh hoạt chi bộ,Lý do vắng,Vắng có lý do được chấp nhận,Đảng phí,Lý do chưa đóng,Chưa đóng có lý do được chấp nhận";
        let url = format!("/api/v1/imports?kind=monthly&unit={branch}");

        // Problems found by the row checks, and one only the sheet knows (an excused
        // absence without its reason): all in the dry run.
        let file = [
            header.to_string(),
            format!("{},09/2026,Vắng mặt,,x,Đã đóng,,", card(0)),
            format!("{},09/2026,Ốm,,,Đã đóng,,", card(1)),
            format!("{},01/2099,Có mặt,,,Đã đóng,,", card(1)),
        ]
        .join("\n");
        let res = secretary
            .upload(&format!("{url}&dry_run=true"), CSV, file.into_bytes(), &[])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let p = problems(&res.json());
        assert_eq!(
            p,
            vec![
                (
                    3,
                    "attendance".to_string(),
                    "invalid_attendance".to_string()
                ),
                (4, "month".to_string(), "future_month".to_string()),
            ],
            "the row checks first"
        );
        let file = [
            header.to_string(),
            format!("{},09/2026,Vắng mặt,,x,Đã đóng,,", card(0)),
            format!("{},09/2026,Có mặt,,,Chưa đóng,,", card(1)),
        ]
        .join("\n");
        let res = secretary
            .upload(&format!("{url}&dry_run=true"), CSV, file.into_bytes(), &[])
            .await;
        let job = res.json();
        assert_eq!(job["status"], "rejected", "{job}");
        assert_eq!(
            problems(&job),
            vec![(2, "absence_reason".to_string(), "required".to_string())],
            "the sheet's own rule, found by the trial"
        );

        // The clean file replaces September for both.
        let file = [
            header.to_string(),
            format!(
                "{},09/2026,Vắng mặt,Đi điều trị ở bệnh viện tỉnh,x,Đã đóng,,",
                card(0)
            ),
            format!("{},9/2026,Có mặt,,,Chưa đóng,,", card(1)),
        ]
        .join("\n");
        let res = secretary
            .upload(
                &url,
                CSV,
                file.into_bytes(),
                &[("Idempotency-Key", "thang-9")],
            )
            .await;
        assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
        let done = wait_for(&secretary, res.json()["id"].as_i64().unwrap()).await;
        assert_eq!(done["status"], "applied", "{done}");
        assert_eq!(done["applied_rows"], 2);
        let sheet = secretary
            .get(&format!(
                "/api/v1/units/{branch}/monthly-sheet?month=2026-09-01"
            ))
            .await
            .json();
        let rec = |i: usize| {
            sheet["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["member"]["id"] == people[i]["id"])
                .unwrap()["record"]
                .clone()
        };
        assert_eq!(rec(0)["attendance"], "absent");
        assert_eq!(rec(0)["absence_excused"], true);
        assert_eq!(rec(0)["absence_reason"], "Đi điều trị ở bệnh viện tỉnh");
        assert_eq!(rec(1)["attendance"], "present");
        assert_eq!(rec(1)["dues"], "unpaid");
    }
}
