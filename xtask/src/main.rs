//! `cargo xtask <run|test|bench>`: what a newcomer needs, with only rustup and a C
//! compiler on the machine. Everything this needs that rustup does not give is installed
//! here or named exactly when it cannot be.

mod bench;
mod frontend;
mod tools;

use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

fn usage() -> &'static str {
    "cargo xtask <command>\n\n\
     run     build the web UI and the server (release), migrate and seed ./data/rasoat.db\n\
             when empty, and serve on http://127.0.0.1:8080\n\
     test    every test: unit, HTTP black-box, browser (and PostgreSQL when RASOAT_TEST_PG\n\
             holds a server URL such as postgres://postgres@127.0.0.1:5432)\n\
     bench   the load benchmark: release build, fresh seeded database, table + JSON in\n\
             target/bench/ (--national: the report at national size; --integration\n\
             [--database-url URL]: bulk import and change feed only, e.g. on PostgreSQL)"
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(),
        Some("test") => test(&args[1..]),
        Some("bench") => bench::bench(&args[1..]),
        _ => {
            eprintln!("{}", usage());
            std::process::exit(2);
        }
    };
    if let Err(e) = result {
        eprintln!("xtask: {e:#}");
        std::process::exit(1);
    }
}

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Where cargo puts what it builds: `CARGO_TARGET_DIR` when set (relative to the root, as
/// cargo reads it), else `<root>/target`. Reading a fixed `target/` would pick up a stale
/// build from there whenever the builds go elsewhere.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

pub fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root());
    c
}

/// Runs a command, failing with its description if it fails.
pub fn status(cmd: &mut Command) -> anyhow::Result<()> {
    let shown = format!("{cmd:?}");
    eprintln!("» {shown}");
    let st = cmd.status().with_context(|| format!("starting {shown}"))?;
    if !st.success() {
        bail!("{shown} failed ({st})");
    }
    Ok(())
}

fn run() -> anyhow::Result<()> {
    frontend::build(true)?;
    status(cargo().args([
        "build",
        "--release",
        "--package",
        "rasoat-backend",
        "--bin",
        "rasoat",
    ]))?;
    let bin = target_dir().join("release/rasoat");
    std::fs::create_dir_all(root().join("data"))?;
    let db = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://data/rasoat.db".into());
    status(
        Command::new(&bin)
            .current_dir(root())
            .env("DATABASE_URL", &db)
            .args(["seed", "--demo", "--if-empty"]),
    )?;
    println!("\nMở trình duyệt tại / open http://127.0.0.1:8080 (Ctrl+C để dừng / to stop)\n");
    status(
        Command::new(&bin)
            .current_dir(root())
            .env("DATABASE_URL", &db)
            .arg("serve"),
    )
}

fn test(extra: &[String]) -> anyhow::Result<()> {
    // The browser tests need these; find them before a long build, not after.
    tools::ensure_browser()?;
    frontend::build(false)?;
    // The domain crate must stay free of I/O and compile for the browser.
    status(cargo().args([
        "check",
        "--package",
        "rasoat-shared",
        "--target",
        "wasm32-unknown-unknown",
    ]))?;
    let pg = std::env::var("RASOAT_TEST_PG")
        .ok()
        .filter(|v| !v.is_empty());
    match &pg {
        Some(url) => {
            eprintln!("PostgreSQL tests: on ({})", url);
            tools::drop_test_databases(url)?;
        }
        None => eprintln!(
            "PostgreSQL tests: off (set RASOAT_TEST_PG=postgres://user@host:port to run them)"
        ),
    }
    // The test binaries of this run share one seeded demo template per backend (seeding
    // takes longer than most test binaries run): a fresh folder per run, named by our pid.
    let run_id = std::process::id().to_string();
    let shared = target_dir().join("test-run");
    let _ = std::fs::remove_dir_all(&shared);
    let mut cmd = cargo();
    cmd.args(["test", "--workspace", "--exclude", "rasoat-frontend"])
        .args(extra)
        .env("RASOAT_TEST_SHARED_DIR", &shared)
        .env("RASOAT_TEST_RUN_ID", &run_id);
    let mut result = status(&mut cmd);
    let _ = std::fs::remove_dir_all(&shared);
    // The front end's own unit tests (session renewal, routing, formats) are pure logic and
    // run natively too; they were compiled by clippy but never run before. A run of their
    // own, so that the server's test build is not rebuilt with the front end's dependency
    // features unified into it. Skipped when the caller picked tests (`--test browser`).
    if result.is_ok() && extra.is_empty() {
        result = status(cargo().args(["test", "--package", "rasoat-frontend"]));
    }
    if let Some(url) = &pg {
        tools::drop_test_databases(url)?;
    }
    result
}
