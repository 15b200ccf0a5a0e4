//! Test support: a real server (the `rasoat` application, started in-process on a free
//! port) over a fresh database per test — SQLite always, PostgreSQL when `RASOAT_TEST_PG`
//! names a server — a real HTTP client, and a real browser.
//!
//! The demo province is seeded into a template (an SQLite file, a PostgreSQL template
//! database) and copied for each test: once per `cargo xtask test` run, shared by its test
//! binaries (see [`run_shared`]), or once per test binary when run by plain `cargo test`.

// Test support, not a request path: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod browser;
pub mod contract;
pub mod import_files;

use rasoat_backend::config::Config;
use rasoat_backend::db::Db;
use rasoat_backend::server::{self, Running};
use reqwest::{Method, StatusCode, header};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use rasoat_backend::seed::DEMO_PASSWORD;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The backends to run on: SQLite, plus PostgreSQL when `RASOAT_TEST_PG` is set.
pub fn backends() -> Vec<Backend> {
    let mut v = vec![Backend::Sqlite];
    if pg_server().is_some() {
        v.push(Backend::Postgres);
    }
    v
}

fn pg_server() -> Option<String> {
    std::env::var("RASOAT_TEST_PG")
        .ok()
        .filter(|s| !s.trim().is_empty())
}

/// `postgres://user@host:port/<db>` from the server URL in `RASOAT_TEST_PG`.
pub fn pg_url(db: &str) -> String {
    let url = pg_server().expect("RASOAT_TEST_PG");
    let scheme_end = url.find("://").map_or(0, |i| i + 3);
    let base = match url[scheme_end..].find('/') {
        Some(slash) => &url[..scheme_end + slash],
        None => url.as_str(),
    };
    format!("{base}/{db}")
}

fn pg_admin(sql: &str) {
    use diesel::Connection;
    use diesel::connection::SimpleConnection;
    let mut c =
        diesel::PgConnection::establish(&pg_url("postgres")).expect("connecting to RASOAT_TEST_PG");
    c.batch_execute(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn scratch_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = std::env::temp_dir();
        // Folders of earlier runs whose process is gone.
        if let Ok(entries) = std::fs::read_dir(&base) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().to_string();
                if let Some(pid) = name.strip_prefix("rasoat-test-")
                    && !Path::new(&format!("/proc/{pid}")).exists()
                {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = base.join(format!("rasoat-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

/// The folder of this test process's servers (master key, audit spill file).
pub fn data_dir() -> PathBuf {
    scratch_dir().join("data")
}

/// The configuration every test server runs with (public for tests that start their own
/// server process).
pub fn test_config(url: String) -> Config {
    // One folder (master key, audit spill file) for every server of this test process.
    let data_dir = data_dir();
    Config {
        database_url: url,
        data_dir,
        bind: "127.0.0.1:0".parse().unwrap(),
        workers: 1,
        db_pool_size: 3,
        access_log: false,
        ..Config::default()
    }
}

fn seed_demo(url: &str) {
    let db = Db::connect(&test_config(url.to_string()).db_options()).unwrap();
    db.migrate().unwrap();
    let mut conn = db.write_conn().unwrap();
    rasoat_backend::seed::demo(
        &mut conn,
        1,
        1,
        rasoat_backend::seed::demo_as_of(),
        rasoat_backend::seed::MonthlyRecords::With,
    )
    .unwrap();
    if let rasoat_backend::db::DbConn::Sqlite(c) = &mut *conn {
        use diesel::connection::SimpleConnection;
        c.batch_execute("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    }
}

/// Runs `f` with the folder that the test processes of one `cargo xtask test` run share
/// (`RASOAT_TEST_SHARED_DIR`, with the run's id in `RASOAT_TEST_RUN_ID`), under a file lock,
/// so that the first process seeds a template and the later ones reuse it. Every process of
/// a run is built from the same sources, so a template of the run is never stale; xtask
/// makes the folder afresh for each run and removes it (and the PostgreSQL template) after.
/// None outside such a run.
fn run_shared<T>(f: impl FnOnce(&Path, &str) -> T) -> Option<T> {
    let dir = PathBuf::from(std::env::var_os("RASOAT_TEST_SHARED_DIR")?);
    let run = std::env::var("RASOAT_TEST_RUN_ID").ok()?;
    std::fs::create_dir_all(&dir).unwrap();
    let lock = std::fs::File::create(dir.join("lock")).unwrap();
    lock.lock().unwrap();
    let out = f(&dir, &run);
    lock.unlock().unwrap();
    Some(out)
}

fn sqlite_template() -> &'static Path {
    static T: OnceLock<PathBuf> = OnceLock::new();
    T.get_or_init(|| {
        let shared = run_shared(|dir, _| {
            let path = dir.join("template.db");
            let done = dir.join("template.db.done");
            if !done.exists() {
                let _ = std::fs::remove_file(&path);
                seed_demo(&format!("sqlite://{}", path.display()));
                std::fs::write(&done, b"").unwrap();
            }
            path
        });
        shared.unwrap_or_else(|| {
            let path = scratch_dir().join("template.db");
            seed_demo(&format!("sqlite://{}", path.display()));
            path
        })
    })
}

fn pg_template() -> &'static str {
    static T: OnceLock<String> = OnceLock::new();
    T.get_or_init(|| {
        // Named after the xtask run (its pid), so that no test process drops it as stale;
        // xtask drops every `rasoat_t_…` database after the run.
        let shared = run_shared(|dir, run| {
            let name = format!("rasoat_t_{run}_shared");
            let done = dir.join("pg_template.done");
            if !done.exists() {
                pg_admin(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
                pg_admin(&format!("CREATE DATABASE {name}"));
                seed_demo(&pg_url(&name));
                std::fs::write(&done, b"").unwrap();
            }
            name
        });
        if let Some(name) = shared {
            return name;
        }
        drop_stale_pg_databases();
        let name = format!("rasoat_t_{}_tpl", std::process::id());
        pg_admin(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        pg_admin(&format!("CREATE DATABASE {name}"));
        seed_demo(&pg_url(&name));
        name
    })
}

/// Databases of earlier runs whose process is gone (`rasoat_t_<pid>_…`).
fn drop_stale_pg_databases() {
    use diesel::prelude::*;
    let mut c =
        diesel::PgConnection::establish(&pg_url("postgres")).expect("connecting to RASOAT_TEST_PG");
    let names: Vec<String> = diesel::sql_query(
        "SELECT datname AS name FROM pg_database WHERE datname LIKE 'rasoat\\_t\\_%'",
    )
    .load::<DbName>(&mut c)
    .map(|v| v.into_iter().map(|d| d.name).collect())
    .unwrap_or_default();
    for name in names {
        let pid = name
            .trim_start_matches("rasoat_t_")
            .split('_')
            .next()
            .unwrap_or("");
        if !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut c);
        }
    }
}

#[derive(diesel::QueryableByName)]
struct DbName {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// A running server over its own database.
pub struct TestApp {
    pub backend: Backend,
    pub url: String,
    server: Option<Running>,
    pg_db: Option<String>,
    sqlite_file: Option<PathBuf>,
}

impl TestApp {
    /// A copy of the demo province (seed 1): 14 tenants, ≈ 43,000 members, demo accounts.
    pub fn demo(backend: Backend) -> TestApp {
        Self::demo_with(backend, |_| {})
    }

    /// The demo province, served with a changed configuration.
    pub fn demo_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        match backend {
            Backend::Sqlite => {
                let file = scratch_dir().join(format!("t{n}.db"));
                std::fs::copy(sqlite_template(), &file).unwrap();
                Self::start(
                    backend,
                    format!("sqlite://{}", file.display()),
                    None,
                    Some(file),
                    tweak,
                )
            }
            Backend::Postgres => {
                let tpl = pg_template();
                let name = format!("rasoat_t_{}_{n}", std::process::id());
                pg_admin(&format!("CREATE DATABASE {name} TEMPLATE {tpl}"));
                Self::start(backend, pg_url(&name), Some(name), None, tweak)
            }
        }
    }

    /// An empty, migrated database.
    pub fn empty(backend: Backend) -> TestApp {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        match backend {
            Backend::Sqlite => {
                let file = scratch_dir().join(format!("e{n}.db"));
                Self::start(
                    backend,
                    format!("sqlite://{}", file.display()),
                    None,
                    Some(file),
                    |_| {},
                )
            }
            Backend::Postgres => {
                let name = format!("rasoat_t_{}_{n}", std::process::id());
                pg_admin(&format!("CREATE DATABASE {name}"));
                Self::start(backend, pg_url(&name), Some(name), None, |_| {})
            }
        }
    }

    fn start(
        backend: Backend,
        database_url: String,
        pg_db: Option<String>,
        sqlite_file: Option<PathBuf>,
        tweak: impl FnOnce(&mut Config),
    ) -> TestApp {
        let mut config = test_config(database_url);
        tweak(&mut config);
        let server = server::start(config).unwrap();
        TestApp {
            backend,
            url: server.url(),
            server: Some(server),
            pg_db,
            sqlite_file,
        }
    }

    /// The database URL of this app (for direct checks).
    pub fn database_url(&self) -> String {
        match (&self.pg_db, &self.sqlite_file) {
            (Some(db), _) => pg_url(db),
            (None, Some(f)) => format!("sqlite://{}", f.display()),
            _ => unreachable!(),
        }
    }

    /// A direct connection to this app's database (for checks and for tampering tests).
    pub fn db(&self) -> rasoat_backend::db::PooledConn {
        let config = Config {
            database_url: self.database_url(),
            db_pool_size: 1,
            ..Config::default()
        };
        Db::connect(&config.db_options())
            .unwrap()
            .write_conn()
            .unwrap()
    }

    /// Stops the server (draining the audit queue) and keeps the database.
    pub fn stop_server(&mut self) {
        if let Some(s) = self.server.take() {
            s.stop().unwrap();
        }
    }

    pub fn client(&self) -> Client {
        Client {
            http: reqwest::Client::new(),
            base: self.url.clone(),
            token: None,
        }
    }

    /// A client that sends `token` as its Bearer token.
    pub fn with_token(&self, token: &str) -> Client {
        Client {
            http: reqwest::Client::new(),
            base: self.url.clone(),
            token: Some(token.to_string()),
        }
    }

    /// A browser-like client with a cookie jar.
    pub fn browser_client(&self) -> Client {
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .unwrap(),
            base: self.url.clone(),
            token: None,
        }
    }

    /// Signs in as `username` with the demo password.
    pub async fn login(&self, username: &str) -> Client {
        let mut c = self.client();
        let res = c
            .post(
                "/api/v1/auth/login",
                &serde_json::json!({"username": username, "password": DEMO_PASSWORD}),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "login {username}: {}", res.body);
        c.token = Some(res.json()["access_token"].as_str().unwrap().to_string());
        c
    }
}

impl TestApp {
    /// The id of a member of the demo tenant whose name contains `tenant_name`, found as
    /// the province user (for tests that reach across tenants).
    /// A provincial system: a service client registered by the administrator at `unit`
    /// with `scopes`, signed in with the client-credentials grant.
    pub async fn service_client(&self, unit: i64, scopes: &[&str]) -> Client {
        let admin = self.login("quantri").await;
        let res = admin
            .post(
                "/api/v1/service-clients",
                &serde_json::json!({"name": format!("Hệ thống {}", scopes.join(" ")), "unit_id": unit, "scopes": scopes}),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        let made = res.json();
        let form = serde_urlencoded::to_string([
            ("grant_type", "client_credentials"),
            ("client_id", made["client"]["client_id"].as_str().unwrap()),
            ("client_secret", made["client_secret"].as_str().unwrap()),
        ])
        .unwrap();
        let res = self
            .client()
            .raw(
                Method::POST,
                "/api/v1/oauth/token",
                "application/x-www-form-urlencoded",
                form.into_bytes(),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let mut c = self.client();
        c.token = Some(res.json()["access_token"].as_str().unwrap().to_string());
        c
    }

    pub async fn member_of_tenant(&self, tenant_name: &str) -> i64 {
        let prov = self.login("btc.tinh").await;
        let root = prov.get("/api/v1/units/roots").await.json()["items"][0]["id"].clone();
        let tenants = prov
            .get(&format!("/api/v1/units/{root}/children"))
            .await
            .json();
        let tenant = tenants["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"].as_str().unwrap_or_default().contains(tenant_name))
            .unwrap_or_else(|| panic!("no tenant named like {tenant_name}"))
            .clone();
        prov.get(&format!("/api/v1/members?unit={}&limit=1", tenant["id"]))
            .await
            .json()["items"][0]["id"]
            .as_i64()
            .unwrap()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.stop_server();
        if let Some(db) = &self.pg_db {
            pg_admin(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
        }
        if let Some(f) = &self.sqlite_file {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", f.display()));
            }
        }
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Res {
    pub status: StatusCode,
    pub headers: header::HeaderMap,
    pub body: String,
}

impl Res {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The `code` of a problem+json body (and checks the content type).
    pub fn problem_code(&self) -> String {
        let ct = self
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(
            ct.starts_with("application/problem+json"),
            "content type {ct:?} for {}",
            self.body
        );
        self.json()["code"].as_str().unwrap_or_default().to_string()
    }

    pub fn etag(&self) -> String {
        self.headers
            .get(header::ETAG)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    }
}

/// An HTTP client for the API, with a bearer token once signed in.
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub token: Option<String>,
}

impl Client {
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Res {
        let req_method = method.clone();
        let mut req = self.http.request(method, format!("{}{}", self.base, path));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let res = req.send().await.unwrap();
        finish(method_name(&req_method), path, res).await
    }

    pub async fn get(&self, path: &str) -> Res {
        self.send(Method::GET, path, None, &[]).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Res {
        self.send(Method::POST, path, Some(body), &[]).await
    }

    /// A GET whose body is read as bytes (file downloads).
    pub async fn get_bytes(&self, path: &str) -> (StatusCode, header::HeaderMap, Vec<u8>) {
        let mut req = self.http.get(format!("{}{}", self.base, path));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.bytes().await.unwrap().to_vec();
        contract::check("GET", path, status.as_u16(), content_type(&headers), &body);
        (status, headers, body)
    }

    /// Sends a file's bytes with a content type and extra headers (imports).
    pub async fn upload(
        &self,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
        headers: &[(&str, &str)],
    ) -> Res {
        let mut req = self
            .http
            .post(format!("{}{}", self.base, path))
            .header(header::CONTENT_TYPE, content_type);
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = req.body(body).send().await.unwrap();
        finish("POST", path, res).await
    }

    /// Sends raw bytes with a content type (for malformed-input tests).
    pub async fn raw(&self, method: Method, path: &str, content_type: &str, body: Vec<u8>) -> Res {
        let name = method_name(&method);
        let mut req = self
            .http
            .request(method, format!("{}{}", self.base, path))
            .header(header::CONTENT_TYPE, content_type);
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        let res = req.body(body).send().await.unwrap();
        finish(name, path, res).await
    }
}

fn method_name(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

fn content_type(headers: &header::HeaderMap) -> &str {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// Reads an answer and holds it against the OpenAPI document (see [`contract`]).
async fn finish(method: &str, path: &str, res: reqwest::Response) -> Res {
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.bytes().await.unwrap();
    contract::check(
        method,
        path,
        status.as_u16(),
        content_type(&headers),
        &bytes,
    );
    Res {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}
