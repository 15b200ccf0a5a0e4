//! Finding and installing the tools the build and the tests need.

use crate::{root, status};
use anyhow::{Context, bail};
use std::path::PathBuf;
use std::process::Command;

/// npm's binaryen: Debian's wasm-opt (108) cannot read current wasm-bindgen output.
pub const BINARYEN_VERSION: &str = "132.0.0";

fn found(program: &str, arg: &str) -> Option<String> {
    let out = Command::new(program).arg(arg).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

pub fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    match installed {
        Ok(out)
            if String::from_utf8_lossy(&out.stdout)
                .lines()
                .any(|l| l.trim() == "wasm32-unknown-unknown") =>
        {
            Ok(())
        }
        Ok(_) => status(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"])),
        Err(_) => {
            // Without rustup the target may still be there (a distribution toolchain).
            eprintln!("rustup not found; assuming the wasm32-unknown-unknown target is installed");
            Ok(())
        }
    }
}

/// The wasm-bindgen version pinned in Cargo.lock (the CLI must match it exactly).
fn pinned_wasm_bindgen() -> anyhow::Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_string());
        }
    }
    bail!("wasm-bindgen is not in Cargo.lock")
}

pub fn ensure_wasm_bindgen() -> anyhow::Result<PathBuf> {
    let version = pinned_wasm_bindgen()?;
    let have = found("wasm-bindgen", "--version").unwrap_or_default();
    if have.split_whitespace().nth(1) != Some(version.as_str()) {
        eprintln!("installing wasm-bindgen-cli {version} (a few minutes, once)");
        // Not --locked: its lockfile pins a crate version the registry no longer serves.
        status(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &version]))?;
    }
    Ok(PathBuf::from("wasm-bindgen"))
}

/// npm's binaryen wasm-opt, installed under tools/ when npm is there; `None` otherwise.
pub fn wasm_opt() -> Option<PathBuf> {
    let tools = root().join("tools");
    let bin = tools.join("node_modules/.bin/wasm-opt");
    if !bin.exists() {
        found("npm", "--version")?;
        let ok = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&tools)
            .arg(format!("binaryen@{BINARYEN_VERSION}"))
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            return None;
        }
    }
    bin.exists().then_some(bin)
}

/// The browser tests need Chromium and its driver. Installed with apt when we are root on
/// Debian or Ubuntu; otherwise this fails naming the packages. Never skipped.
pub fn ensure_browser() -> anyhow::Result<()> {
    let have = |p: &str| PathBuf::from(p).exists();
    if have("/usr/bin/chromium") && have("/usr/bin/chromedriver") {
        return Ok(());
    }
    let is_root = found("id", "-u").as_deref() == Some("0");
    let apt = have("/usr/bin/apt-get");
    if is_root && apt {
        eprintln!("installing Chromium and ChromeDriver for the browser tests");
        status(Command::new("apt-get").arg("update"))?;
        status(
            Command::new("apt-get")
                .env("DEBIAN_FRONTEND", "noninteractive")
                .args([
                    "install",
                    "-y",
                    "--no-install-recommends",
                    "chromium",
                    "chromium-driver",
                ]),
        )?;
        return Ok(());
    }
    bail!(
        "the browser tests need /usr/bin/chromium and /usr/bin/chromedriver: install the Debian/Ubuntu \
         packages `chromium` and `chromium-driver` (sudo apt-get install chromium chromium-driver)"
    )
}

/// Drops the databases the tests create (`rasoat_t_*`), left over by an interrupted run.
pub fn drop_test_databases(url: &str) -> anyhow::Result<()> {
    let psql = found("psql", "--version");
    if psql.is_none() {
        eprintln!("psql not found; leftover test databases (rasoat_t_*) are not cleaned up");
        return Ok(());
    }
    let admin = admin_url(url);
    let out = Command::new("psql")
        .args([
            &admin,
            "-Atc",
            "SELECT datname FROM pg_database WHERE datname LIKE 'rasoat\\_t\\_%'",
        ])
        .output()
        .context("listing test databases")?;
    for name in String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
    {
        let _ = Command::new("psql")
            .args([
                &admin,
                "-qc",
                &format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
            ])
            .status();
    }
    Ok(())
}

/// The server URL with the maintenance database `postgres` as its path.
pub fn admin_url(url: &str) -> String {
    let scheme_end = url.find("://").map_or(0, |i| i + 3);
    let base = match url[scheme_end..].find('/') {
        Some(slash) => &url[..scheme_end + slash],
        None => url,
    };
    format!("{base}/postgres")
}
