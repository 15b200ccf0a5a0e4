//! The load generator of `cargo xtask bench`: a separate process with its own HTTP/1.1
//! keep-alive connections (hyper), a warm-up, then a timed run per scenario. Prints the
//! results as JSON on stdout.

use anyhow::{Context, bail};
use bytes::Bytes;
use http_body_util::{BodyExt, Empty, Full};
use hyper::Request;
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

#[derive(Clone)]
struct Opts {
    url: String,
    user: String,
    password: String,
    connections: usize,
    /// Run only these scenarios (comma-separated: to profile one path, or to read the
    /// server's memory between the reads and the login storm).
    only: Option<Vec<String>>,
    warmup: f64,
    duration: f64,
}

impl Opts {
    fn skips(&self, scenario: &str) -> bool {
        self.only
            .as_ref()
            .is_some_and(|only| !only.iter().any(|s| s == scenario))
    }
}

fn opts() -> anyhow::Result<Opts> {
    let mut o = Opts {
        url: "http://127.0.0.1:8080".into(),
        user: "btc.dienbienphu".into(),
        password: rasoat_backend::seed::DEMO_PASSWORD.into(),
        connections: 32,
        only: None,
        warmup: 3.0,
        duration: 10.0,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let v = args
            .get(i + 1)
            .cloned()
            .with_context(|| format!("{} needs a value", args[i]))?;
        match args[i].as_str() {
            "--url" => o.url = v,
            "--user" => o.user = v,
            "--password" => o.password = v,
            "--connections" => o.connections = v.parse()?,
            "--warmup" => o.warmup = v.parse()?,
            "--duration" => o.duration = v.parse()?,
            "--only" => o.only = Some(v.split(',').map(|s| s.trim().to_string()).collect()),
            other => bail!("unknown option {other}"),
        }
        i += 2;
    }
    Ok(o)
}

fn host_port(url: &str) -> anyhow::Result<String> {
    Ok(url
        .strip_prefix("http://")
        .context("only http:// URLs")?
        .trim_end_matches('/')
        .to_string())
}

/// One request on a fresh connection (set-up calls, not measured).
async fn call(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> anyhow::Result<Value> {
    let stream = TcpStream::connect(addr).await?;
    let (mut sender, conn) = http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(conn);
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header("host", addr);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let body = match body {
        Some(b) => {
            req = req.header("content-type", "application/json");
            Full::new(Bytes::from(serde_json::to_vec(&b)?))
        }
        None => Full::new(Bytes::new()),
    };
    let res = sender.send_request(req.body(body)?).await?;
    let status = res.status();
    let bytes = res.into_body().collect().await?.to_bytes();
    if !status.is_success() {
        bail!(
            "{method} {path}: {status} {}",
            String::from_utf8_lossy(&bytes)
        );
    }
    Ok(serde_json::from_slice(&bytes)?)
}

struct Outcome {
    latencies_us: Vec<u32>,
    errors: u64,
}

/// Requests on one keep-alive connection until `until`: back to back, or one every `pace`
/// (a late answer delays the next request rather than bunching the missed ones).
async fn worker(
    addr: String,
    paths: Arc<Vec<String>>,
    token: Option<String>,
    offset: usize,
    until: Instant,
    pace: Option<Duration>,
) -> anyhow::Result<Outcome> {
    let stream = TcpStream::connect(&addr).await?;
    stream.set_nodelay(true)?;
    let (mut sender, conn) = http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(conn);
    let mut out = Outcome {
        latencies_us: Vec::with_capacity(100_000),
        errors: 0,
    };
    let mut tick = pace.map(|every| {
        let mut t = tokio::time::interval(every);
        t.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        t
    });
    let mut i = offset;
    while Instant::now() < until {
        if let Some(t) = &mut tick {
            t.tick().await;
        }
        let path = &paths[i % paths.len()];
        i += 1;
        let mut req = Request::builder()
            .uri(path.as_str())
            .header("host", addr.as_str());
        if let Some(t) = &token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let started = Instant::now();
        sender.ready().await?;
        let res = sender
            .send_request(req.body(Empty::<Bytes>::new())?)
            .await?;
        let ok = res.status().is_success();
        let _ = res.into_body().collect().await?;
        out.latencies_us
            .push(started.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
        if !ok {
            out.errors += 1;
        }
    }
    Ok(out)
}

async fn run_phase(
    o: &Opts,
    addr: &str,
    paths: &Arc<Vec<String>>,
    token: Option<&str>,
    secs: f64,
) -> anyhow::Result<(Vec<u32>, u64, f64)> {
    let started = Instant::now();
    let until = started + Duration::from_secs_f64(secs);
    let mut tasks = Vec::new();
    for c in 0..o.connections {
        tasks.push(tokio::spawn(worker(
            addr.to_string(),
            paths.clone(),
            token.map(str::to_string),
            c * 7919,
            until,
            None,
        )));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let out = t.await??;
        all.extend(out.latencies_us);
        errors += out.errors;
    }
    Ok((all, errors, started.elapsed().as_secs_f64()))
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[idx.min(sorted.len() - 1)]) / 1000.0
}

async fn scenario(
    o: &Opts,
    addr: &str,
    name: &str,
    paths: Vec<String>,
    token: Option<&str>,
) -> anyhow::Result<Value> {
    if o.skips(name) {
        return Ok(Value::Null);
    }
    let paths = Arc::new(paths);
    eprintln!(
        "{name}: warm-up {:.0} s, then {:.0} s with {} connections",
        o.warmup, o.duration, o.connections
    );
    run_phase(o, addr, &paths, token, o.warmup).await?;
    let (mut lat, errors, secs) = run_phase(o, addr, &paths, token, o.duration).await?;
    lat.sort_unstable();
    Ok(json!({
        "name": name,
        "requests": lat.len(),
        "errors": errors,
        "rps": lat.len() as f64 / secs,
        "p50_ms": percentile(&lat, 0.50),
        "p99_ms": percentile(&lat, 0.99),
        "max_ms": percentile(&lat, 1.0),
    }))
}

/// Signs in again and again (correct passwords, distinct accounts) on `o.connections`
/// connections for `secs`, while four other connections measure `/healthz` as people
/// already signed in would use it: a request every 5 ms each (800 req/s in all), not as
/// fast as they can — a closed loop would itself take all the CPU the sign-ins need and
/// measure nothing but the scheduler.
async fn login_storm(o: &Opts, addr: &str, accounts: &[&str], secs: f64) -> anyhow::Result<Value> {
    if o.skips("login_storm") {
        return Ok(Value::Null);
    }
    eprintln!(
        "login_storm: {secs:.0} s, {} connections signing in, 4 measuring /healthz",
        o.connections
    );
    let until = Instant::now() + Duration::from_secs_f64(secs);
    let mut storm = Vec::new();
    for c in 0..o.connections {
        let account = accounts[c % accounts.len()].to_string();
        let (addr, password) = (addr.to_string(), o.password.clone());
        storm.push(tokio::spawn(async move {
            let stream = TcpStream::connect(&addr).await?;
            let (mut sender, conn) = http1::handshake(TokioIo::new(stream)).await?;
            tokio::spawn(conn);
            let body = serde_json::to_vec(&json!({"username": account, "password": password}))?;
            let mut out = Outcome {
                latencies_us: Vec::new(),
                errors: 0,
            };
            while Instant::now() < until {
                let req = Request::builder()
                    .method("POST")
                    .uri("/api/v1/auth/login")
                    .header("host", addr.as_str())
                    .header("content-type", "application/json")
                    .body(Full::new(Bytes::from(body.clone())))?;
                let started = Instant::now();
                sender.ready().await?;
                let res = sender.send_request(req).await?;
                let ok = res.status().is_success();
                let _ = res.into_body().collect().await?;
                out.latencies_us
                    .push(started.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
                if !ok {
                    out.errors += 1;
                }
            }
            anyhow::Ok(out)
        }));
    }
    let probe = Arc::new(vec!["/healthz".to_string()]);
    let mut probes = Vec::new();
    for c in 0..4 {
        probes.push(tokio::spawn(worker(
            addr.to_string(),
            probe.clone(),
            None,
            c,
            until,
            Some(Duration::from_millis(5)),
        )));
    }
    let (mut logins, mut login_errors) = (Vec::new(), 0);
    for t in storm {
        let out = t.await??;
        logins.extend(out.latencies_us);
        login_errors += out.errors;
    }
    let mut health = Vec::new();
    for t in probes {
        health.extend(t.await??.latencies_us);
    }
    logins.sort_unstable();
    health.sort_unstable();
    Ok(json!({
        "name": "login_storm",
        "requests": logins.len(),
        "errors": login_errors,
        "rps": logins.len() as f64 / secs,
        "p50_ms": percentile(&logins, 0.50),
        "p99_ms": percentile(&logins, 0.99),
        "healthz_rps": health.len() as f64 / secs,
        "healthz_p50_ms": percentile(&health, 0.50),
        "healthz_p99_ms": percentile(&health, 0.99),
    }))
}

/// One keep-alive connection for a sequence of set-up or measured calls.
struct Conn {
    addr: String,
    sender: http1::SendRequest<Full<Bytes>>,
}

impl Conn {
    async fn open(addr: &str) -> anyhow::Result<Conn> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        let (sender, conn) = http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(conn);
        Ok(Conn {
            addr: addr.to_string(),
            sender,
        })
    }

    /// A request; the status and the JSON body (Null when empty or not JSON).
    async fn send(
        &mut self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<&Value>,
    ) -> anyhow::Result<(u16, Value)> {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header("host", self.addr.as_str())
            .header("authorization", format!("Bearer {token}"));
        let body = match body {
            Some(b) => {
                req = req.header("content-type", "application/json");
                Full::new(Bytes::from(serde_json::to_vec(b)?))
            }
            None => Full::new(Bytes::new()),
        };
        self.sender.ready().await?;
        let res = self.sender.send_request(req.body(body)?).await?;
        let status = res.status().as_u16();
        let bytes = res.into_body().collect().await?.to_bytes();
        Ok((
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        ))
    }
}

async fn token_of(addr: &str, user: &str, password: &str) -> anyhow::Result<String> {
    let login = call(
        addr,
        "POST",
        "/api/v1/auth/login",
        None,
        Some(json!({"username": user, "password": password})),
    )
    .await?;
    Ok(login["access_token"]
        .as_str()
        .context("no access token")?
        .to_string())
}

fn latency_summary(name: &str, mut lat: Vec<u32>, errors: u64, secs: f64) -> Value {
    lat.sort_unstable();
    json!({
        "name": name,
        "requests": lat.len(),
        "errors": errors,
        "rps": lat.len() as f64 / secs,
        "p50_ms": percentile(&lat, 0.50),
        "p99_ms": percentile(&lat, 0.99),
        "max_ms": percentile(&lat, 1.0),
    })
}

/// The branch rating sheet as a secretary uses it: read the sheet of a branch with about
/// 40 members, then save all 40 ratings (with the versions just read), again and again on
/// one connection — the p99 of the read and of the save, and of the two together.
async fn rating_sheet(o: &Opts, addr: &str) -> anyhow::Result<Value> {
    if o.skips("rating_sheet") {
        return Ok(Value::Null);
    }
    // The tenant's inspection commission records inputs anywhere in the tenant.
    let token = token_of(addr, "ubkt.dienbienphu", &o.password).await?;
    let mut c = Conn::open(addr).await?;
    let (_, roots) = c.send("GET", "/api/v1/units/roots", &token, None).await?;
    let root = roots["items"][0]["id"].as_i64().context("no unit")?;
    let (_, tree) = c
        .send(
            "GET",
            &format!("/api/v1/units/{root}/subtree"),
            &token,
            None,
        )
        .await?;
    let branch = tree["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|u| u["org_type"] == "branch" || u["org_type"] == "grassroots_cell")
        .filter(|u| u["member_count"].as_u64().unwrap_or(0) >= 40)
        .min_by_key(|u| u["member_count"].as_u64().unwrap_or(0))
        .and_then(|u| u["id"].as_i64())
        .context("no branch with 40 members")?;
    let path = format!("/api/v1/units/{branch}/rating-sheet");
    eprintln!(
        "rating_sheet: branch {branch}, read and save 40 ratings for {:.0} s",
        o.duration
    );
    let mut reads = Vec::new();
    let mut saves = Vec::new();
    let mut pairs = Vec::new();
    let mut errors = 0u64;
    let warm_until = Instant::now() + Duration::from_secs_f64(o.warmup);
    let mut started = Instant::now();
    let mut until = warm_until;
    let mut warm = true;
    let mut i = 0u32;
    loop {
        if Instant::now() >= until {
            if !warm {
                break;
            }
            warm = false;
            reads.clear();
            saves.clear();
            pairs.clear();
            errors = 0;
            started = Instant::now();
            until = started + Duration::from_secs_f64(o.duration);
        }
        let t0 = Instant::now();
        let (status, sheet) = c
            .send("GET", &format!("{path}?year=2025"), &token, None)
            .await?;
        let t1 = Instant::now();
        if status != 200 {
            errors += 1;
            continue;
        }
        let entries: Vec<Value> = sheet["rows"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| r["not_rateable"].is_null())
            .take(40)
            .enumerate()
            .map(|(k, r)| {
                let score = 70.0 + f64::from((i + k as u32) % 20);
                json!({"member_id": r["member"]["id"], "level": "good", "score": score,
                       "version": r["rating"]["version"]})
            })
            .collect();
        i += 1;
        let body = json!({"period": {"year": 2025, "period": "year"}, "entries": entries});
        let (status, _) = c.send("PUT", &path, &token, Some(&body)).await?;
        let t2 = Instant::now();
        if status != 200 {
            errors += 1;
        }
        let us = |d: Duration| d.as_micros().min(u128::from(u32::MAX)) as u32;
        reads.push(us(t1 - t0));
        saves.push(us(t2 - t1));
        pairs.push(us(t2 - t0));
    }
    let secs = started.elapsed().as_secs_f64();
    let mut out = latency_summary("rating_sheet", pairs, errors, secs);
    reads.sort_unstable();
    saves.sort_unstable();
    out["read_p99_ms"] = json!(percentile(&reads, 0.99));
    out["save_p99_ms"] = json!(percentile(&saves, 0.99));
    out["members"] = json!(40);
    Ok(out)
}

/// Detection over the whole province: the Organisation Commission opens a round for the
/// province and runs detection three times (the first adds the suggestions; the others
/// find the same and change nothing).
async fn detection(o: &Opts, addr: &str) -> anyhow::Result<Value> {
    if o.skips("detection") {
        return Ok(Value::Null);
    }
    let token = token_of(addr, "btc.tinh", &o.password).await?;
    let mut c = Conn::open(addr).await?;
    let (_, roots) = c.send("GET", "/api/v1/units/roots", &token, None).await?;
    let root = roots["items"][0]["id"].as_i64().context("no unit")?;
    let (status, round) = c
        .send(
            "POST",
            "/api/v1/review-rounds",
            &token,
            Some(&json!({"unit_id": root, "title": "Đo hiệu năng", "period_from": "2025-01-01", "period_to": "2025-12-31"})),
        )
        .await?;
    if status != 201 {
        bail!("opening the round: {status} {round}");
    }
    let id = round["id"].as_i64().context("no round id")?;
    let mut runs = Vec::new();
    let mut last = Value::Null;
    for _ in 0..3 {
        let t = Instant::now();
        let (status, run) = c
            .send(
                "POST",
                &format!("/api/v1/review-rounds/{id}/detect"),
                &token,
                None,
            )
            .await?;
        runs.push(t.elapsed().as_secs_f64());
        if status != 200 {
            bail!("detection: {status} {run}");
        }
        if last.is_null() {
            last = run;
        }
    }
    eprintln!("detection: {runs:?} s");
    Ok(json!({
        "name": "detection_province",
        "first_s": runs[0],
        "again_s": runs[1..].iter().cloned().fold(0.0, f64::max),
        "members_examined": last["members_examined"],
        "added": last["added"],
    }))
}

/// The case board of the demo branch, as its secretary opens it (open cases with the
/// count per state), and the tenant-wide list of open cases (with its counts) as the
/// tenant's organisation staff read it — over the demo cases and the benchmark's volume
/// (`rasoat seed --open-cases`).
async fn cases(
    o: &Opts,
    addr: &str,
    staff_token: &str,
    tenant_unit: i64,
) -> anyhow::Result<Vec<Value>> {
    if o.skips("case_board") && o.skips("case_list_tenant") {
        return Ok(Vec::new());
    }
    let secretary = token_of(addr, "bithu.chibo", &o.password).await?;
    let me = call(addr, "GET", "/api/v1/me", Some(&secretary), None).await?;
    let branch = me["roles"][0]["unit_id"]
        .as_i64()
        .context("the secretary has no unit")?;
    let tenant = call(
        addr,
        "GET",
        &format!("/api/v1/cases?unit={tenant_unit}&open=true&limit=1"),
        Some(staff_token),
        None,
    )
    .await?;
    let open: u64 = tenant["counts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["count"].as_u64())
        .sum();
    eprintln!("cases: {open} open cases in the tenant");
    let mut board = scenario(
        o,
        addr,
        "case_board",
        vec![format!("/api/v1/cases?unit={branch}&open=true&limit=50")],
        Some(&secretary),
    )
    .await?;
    let mut list = scenario(
        o,
        addr,
        "case_list_tenant",
        vec![format!(
            "/api/v1/cases?unit={tenant_unit}&open=true&limit=50"
        )],
        Some(staff_token),
    )
    .await?;
    for v in [&mut board, &mut list] {
        if !v.is_null() {
            v["open_cases_in_tenant"] = json!(open);
        }
    }
    Ok(vec![board, list])
}

/// Reports are read by a few officers, not by a crowd: two connections, as two officers
/// of the Organisation Commission at once on the two cores.
const REPORT_CONNECTIONS: usize = 2;

/// The screening report as the province reads it (the Organisation Commission: a row per
/// tenant) and as a tenant reads it (its own committee: a row per unit under it), and the
/// province's XLSX export. A fixed period, so that runs on any day compare.
async fn reports(o: &Opts, addr: &str, tenant_token: &str) -> anyhow::Result<Vec<Value>> {
    let names = ["province_report", "tenant_report", "report_xlsx"];
    if names.iter().all(|n| o.skips(n)) {
        return Ok(Vec::new());
    }
    let officer = token_of(addr, "btc.tinh", &o.password).await?;
    let few = Opts {
        connections: REPORT_CONNECTIONS,
        ..o.clone()
    };
    let period = "from=2026-01-01&to=2026-11-26";
    let mut out = Vec::new();
    for (name, path, token) in [
        (
            names[0],
            format!("/api/v1/reports/screening?{period}"),
            officer.as_str(),
        ),
        (
            names[1],
            format!("/api/v1/reports/screening?{period}"),
            tenant_token,
        ),
        (
            names[2],
            format!("/api/v1/reports/screening.xlsx?{period}"),
            officer.as_str(),
        ),
    ] {
        let mut v = scenario(&few, addr, name, vec![path], Some(token)).await?;
        if !v.is_null() {
            v["connections"] = json!(REPORT_CONNECTIONS);
        }
        out.push(v);
    }
    Ok(out)
}

/// Members in the benchmark's import: more than the province's 43,000.
const IMPORT_ROWS: usize = 50_000;

/// One file of 50,000 members into the first tenant, as a provincial system sends it:
/// a dry run, then the apply (202) followed until `applied`. Members per second over the
/// whole apply, from the request to the job's end (polled every 5 ms).
async fn import_members(
    o: &Opts,
    addr: &str,
    token: &str,
    tenant_unit: i64,
) -> anyhow::Result<Value> {
    if o.skips("import_members") {
        return Ok(Value::Null);
    }
    let mut c = Conn::open(addr).await?;
    let (_, sub) = c
        .send(
            "GET",
            &format!("/api/v1/units/{tenant_unit}/subtree"),
            token,
            None,
        )
        .await?;
    let mut codes = Vec::new();
    for u in sub["items"].as_array().into_iter().flatten() {
        if u["org_type"] == "branch" && u["valid_to"].is_null() && codes.len() < 60 {
            let (_, unit) = c
                .send("GET", &format!("/api/v1/units/{}", u["id"]), token, None)
                .await?;
            codes.extend(unit["code"].as_str().map(str::to_string));
        }
    }
    if codes.is_empty() {
        bail!("no branch codes in the tenant");
    }
    let file = Bytes::from(rasoat_tests::import_files::csv(&codes, 1, IMPORT_ROWS));
    let url = format!("/api/v1/imports?kind=members&unit={tenant_unit}&file_name=bench.csv");
    let upload = |dry: bool| {
        let mut req = Request::builder()
            .method("POST")
            .uri(if dry {
                format!("{url}&dry_run=true")
            } else {
                url.clone()
            })
            .header("host", addr)
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "text/csv");
        if !dry {
            req = req.header("idempotency-key", "bench-import-1");
        }
        req.body(Full::new(file.clone()))
    };
    let send = |req: Request<Full<Bytes>>| async {
        let stream = TcpStream::connect(addr).await?;
        let (mut sender, conn) = http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(conn);
        let res = sender.send_request(req).await?;
        let status = res.status().as_u16();
        let bytes = res.into_body().collect().await?.to_bytes();
        anyhow::Ok((
            status,
            serde_json::from_slice::<Value>(&bytes).unwrap_or(Value::Null),
        ))
    };
    let t = Instant::now();
    let (status, dry) = send(upload(true)?).await?;
    let dry_s = t.elapsed().as_secs_f64();
    if status != 200 || dry["status"] != "validated" {
        bail!("dry run: {status} {}", dry["problems"][0]);
    }
    let t = Instant::now();
    let (status, job) = send(upload(false)?).await?;
    if status != 202 {
        bail!("import: {status} {job}");
    }
    let id = job["id"].as_i64().context("no job id")?;
    let done = loop {
        let (_, j) = c
            .send("GET", &format!("/api/v1/imports/{id}"), token, None)
            .await?;
        if j["status"] != "applying" {
            break j;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    let secs = t.elapsed().as_secs_f64();
    if done["status"] != "applied" {
        bail!("import ended {}", done["status"]);
    }
    eprintln!("import: {IMPORT_ROWS} members, dry run {dry_s:.2} s, applied in {secs:.2} s");
    Ok(json!({
        "name": "import_members",
        "rows": IMPORT_ROWS,
        "bytes": file.len(),
        "dry_run_s": dry_s,
        "apply_s": secs,
        "members_per_s": IMPORT_ROWS as f64 / secs,
    }))
}

/// Pages of 10,000 change events, read by a provincial system (two connections, as for
/// reports) from five positions of the tenant's feed (after the import, it holds more
/// than 50,000 events).
async fn feed_page(o: &Opts, addr: &str, token: &str) -> anyhow::Result<Value> {
    if o.skips("feed_page") {
        return Ok(Value::Null);
    }
    let mut c = Conn::open(addr).await?;
    let mut paths = vec!["/api/v1/events?limit=10000".to_string()];
    let mut after: Option<String> = None;
    for _ in 0..4 {
        let path = match &after {
            Some(a) => format!("/api/v1/events?limit=10000&after={a}"),
            None => "/api/v1/events?limit=10000".into(),
        };
        let (status, page) = c.send("GET", &path, token, None).await?;
        if status != 200 || page["events"].as_array().map_or(0, Vec::len) < 10_000 {
            bail!("the feed has fewer than 50,000 events in scope ({status})");
        }
        after = page["next_cursor"].as_str().map(str::to_string);
        if let Some(a) = &after {
            paths.push(format!("/api/v1/events?limit=10000&after={a}"));
        }
    }
    let few = Opts {
        connections: REPORT_CONNECTIONS,
        ..o.clone()
    };
    let mut v = scenario(&few, addr, "feed_page", paths, Some(token)).await?;
    v["connections"] = json!(REPORT_CONNECTIONS);
    v["events_per_page"] = json!(10_000);
    Ok(v)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let o = opts()?;
    let addr = host_port(&o.url)?;
    let login = call(
        &addr,
        "POST",
        "/api/v1/auth/login",
        None,
        Some(json!({"username": o.user, "password": o.password})),
    )
    .await?;
    let token = login["access_token"]
        .as_str()
        .context("no access token")?
        .to_string();
    let roots = call(&addr, "GET", "/api/v1/units/roots", Some(&token), None).await?;
    let unit = roots["items"][0]["id"]
        .as_i64()
        .context("the user has no unit")?;
    // Many different members, so that "one member by id" is not one hot row.
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    while ids.len() < 1000 {
        let path = match &cursor {
            Some(c) => format!("/api/v1/members?unit={unit}&limit=200&cursor={c}"),
            None => format!("/api/v1/members?unit={unit}&limit=200"),
        };
        let page = call(&addr, "GET", &path, Some(&token), None).await?;
        for m in page["items"].as_array().into_iter().flatten() {
            ids.extend(m["id"].as_i64());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    if ids.is_empty() {
        bail!("no members visible to {}", o.user);
    }
    let results = vec![
        scenario(&o, &addr, "healthz", vec!["/healthz".into()], None).await?,
        scenario(
            &o,
            &addr,
            "member_by_id",
            ids.iter()
                .map(|id| format!("/api/v1/members/{id}"))
                .collect(),
            Some(&token),
        )
        .await?,
        scenario(
            &o,
            &addr,
            "page_of_50",
            vec![format!("/api/v1/members?unit={unit}&limit=50&sort=roster")],
            Some(&token),
        )
        .await?,
        scenario(
            &o,
            &addr,
            "name_search",
            vec!["/api/v1/members?q=nguyen%20van&limit=50".into()],
            Some(&token),
        )
        .await?,
    ];
    let mut results = results;
    let accounts = [
        "btc.tinh",
        "btv.tinh",
        "ubkt.tinh",
        "quantri",
        "kiemtoan",
        "btc.dienbienphu",
        "btv.dienbienphu",
        "ubkt.dienbienphu",
        "btc.muonglay",
        "danguy.coso",
        "btv.coso",
        "ubkt.coso",
        "bithu.chibo",
        "phobithu.chibo",
        "chiuy.chibo",
        "giupdo.chibo",
        "dangvien.chibo",
    ];
    results.extend(cases(&o, &addr, &token, unit).await?);
    results.extend(reports(&o, &addr, &token).await?);
    results.push(rating_sheet(&o, &addr).await?);
    results.push(detection(&o, &addr).await?);
    results.push(login_storm(&o, &addr, &accounts, 20.0).await?);
    // Last: the import adds 50,000 members to the tenant, which the scenarios above would
    // then read.
    results.push(import_members(&o, &addr, &token, unit).await?);
    results.push(feed_page(&o, &addr, &token).await?);
    let results: Vec<Value> = results.into_iter().filter(|r| !r.is_null()).collect();
    println!("{}", serde_json::to_string(&results)?);
    Ok(())
}
