//! Crash safety of bulk import, on every backend: the server, a process of its own, is
//! killed (SIGKILL) in the middle of applying a 43,000-member file, ten times in a row.
//! Each time the database is healthy (`PRAGMA integrity_check` on SQLite, the audit
//! chains intact) and holds nothing of the file; the job says `interrupted` once a server
//! starts again; and the retry with the same Idempotency-Key applies the file exactly
//! once, however often it is sent after.

// Test code: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::prelude::*;
use rasoat_backend::db::schema::{audit_log, import_jobs, members};
use rasoat_tests::import_files::{branch_codes, csv};
use rasoat_tests::{Backend, Client, TestApp, backends, data_dir};
use reqwest::StatusCode;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ROWS: usize = 43_000;
const KILLS: usize = 10;

/// Starts a server process over `url`; returns it and its base URL.
fn spawn_server(url: &str) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rasoat-test-server"))
        .env("RASOAT_TEST_SERVER_DB", url)
        .env("RASOAT_TEST_SERVER_DATA", data_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    for line in BufReader::new(out).lines() {
        let line = line.unwrap();
        if let Some(base) = line.strip_prefix("LISTENING ") {
            return (child, base.to_string());
        }
    }
    kill(child);
    panic!("the server process ended before listening");
}

fn kill(mut child: Child) {
    // SIGKILL on Unix: no shutdown, no flush, no rollback by the process.
    child.kill().unwrap();
    child.wait().unwrap();
}

#[derive(QueryableByName)]
struct Integrity {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

/// The database is healthy: SQLite's own check, and every audit chain verifies.
fn assert_healthy(app: &TestApp, when: &str) {
    let mut db = app.db();
    if app.backend == Backend::Sqlite {
        let rows: Vec<Integrity> = diesel::sql_query("PRAGMA integrity_check")
            .load(&mut *db)
            .unwrap();
        let text: Vec<&str> = rows.iter().map(|r| r.integrity_check.as_str()).collect();
        assert_eq!(text, vec!["ok"], "{when}");
    }
    let (_, faults) = rasoat_backend::audit::verify(&mut db, None).unwrap();
    assert!(faults.is_empty(), "{when}: {} chain faults", faults.len());
}

fn count_members(app: &TestApp) -> i64 {
    members::table.count().get_result(&mut *app.db()).unwrap()
}

async fn job(c: &Client, id: i64) -> Value {
    let res = c.get(&format!("/api/v1/imports/{id}")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
}

#[tokio::test]
async fn killing_the_server_mid_import_ten_times_leaves_nothing_and_the_retry_applies_once() {
    for backend in backends() {
        let mut app = TestApp::demo(backend);
        let staff = app.login("btc.dienbienphu").await;
        let root = staff.get("/api/v1/units/roots").await.json()["items"][0].clone();
        let codes = branch_codes(&mut app.db(), root["tenant_id"].as_i64().unwrap());
        let file = csv(&codes, 1, ROWS);
        let url = format!(
            "/api/v1/imports?kind=members&unit={}&file_name=csdl.csv",
            root["id"]
        );
        let key = [("Idempotency-Key", "csdl-2026-12")];
        // The same database, the same master key, from now on served by killable processes.
        app.stop_server();
        let db_url = app.database_url();
        let before = count_members(&app);
        let mut id = None;

        for round in 1..=KILLS {
            let (child, base) = spawn_server(&db_url);
            let c = Client {
                http: reqwest::Client::new(),
                base,
                token: staff.token.clone(),
            };
            let res = c.upload(&url, "text/csv", file.clone(), &key).await;
            assert_eq!(
                res.status,
                StatusCode::ACCEPTED,
                "round {round}: {}",
                res.body
            );
            let started = res.json();
            assert_eq!(started["attempts"], round, "{started}");
            let job_id = started["id"].as_i64().unwrap();
            assert_eq!(*id.get_or_insert(job_id), job_id, "one job for one key");
            // Kill as soon as rows are being written, inside the transaction.
            let deadline = Instant::now() + Duration::from_secs(60);
            loop {
                let j = job(&c, job_id).await;
                assert_eq!(
                    j["status"], "applying",
                    "round {round}: finished before the kill: {j}"
                );
                if j["processed_rows"].as_u64().unwrap() > 0 {
                    break;
                }
                assert!(Instant::now() < deadline, "round {round}: no progress");
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            kill(child);

            let when = format!("{backend:?} after kill {round}");
            assert_healthy(&app, &when);
            assert_eq!(count_members(&app), before, "{when}: nothing of the file");
            let created: i64 = audit_log::table
                .filter(audit_log::action.eq("member.create"))
                .filter(audit_log::details.like(format!("%\"import\":{job_id},%")))
                .count()
                .get_result(&mut *app.db())
                .unwrap();
            assert_eq!(created, 0, "{when}: no audit entry of the rolled-back rows");
            let status: String = import_jobs::table
                .filter(import_jobs::id.eq(job_id))
                .select(import_jobs::status)
                .first(&mut *app.db())
                .unwrap();
            assert_eq!(status, "applying", "{when}: swept only by the next start");
        }

        // A server again: the job is interrupted; the retry with the key applies it once.
        let (child, base) = spawn_server(&db_url);
        let c = Client {
            http: reqwest::Client::new(),
            base,
            token: staff.token.clone(),
        };
        let job_id = id.unwrap();
        assert_eq!(job(&c, job_id).await["status"], "interrupted");
        let res = c.upload(&url, "text/csv", file.clone(), &key).await;
        assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
        assert_eq!(res.json()["attempts"], KILLS + 1);
        let deadline = Instant::now() + Duration::from_secs(300);
        let done = loop {
            let j = job(&c, job_id).await;
            if j["status"] != "applying" {
                break j;
            }
            assert!(Instant::now() < deadline, "still applying");
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert_eq!(done["status"], "applied", "{done}");
        assert_eq!(done["applied_rows"], ROWS);
        assert_eq!(count_members(&app), before + ROWS as i64);
        for _ in 0..3 {
            let res = c.upload(&url, "text/csv", file.clone(), &key).await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
            assert_eq!(res.json()["id"], job_id);
            assert_eq!(res.json()["status"], "applied");
        }
        // Killed after the commit: everything stays.
        kill(child);
        assert_eq!(
            count_members(&app),
            before + ROWS as i64,
            "applied exactly once"
        );
        assert_healthy(&app, &format!("{backend:?} at the end"));
    }
}
