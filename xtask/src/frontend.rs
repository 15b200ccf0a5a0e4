//! Builds the Yew front end into `frontend/dist`, which the server embeds.

use crate::{cargo, root, status, target_dir, tools};
use anyhow::Context;
use std::process::Command;

/// `optimise`: run wasm-opt when it can be had (it takes a while; tests skip it).
pub fn build(optimise: bool) -> anyhow::Result<()> {
    tools::ensure_wasm_target()?;
    let wasm_bindgen = tools::ensure_wasm_bindgen()?;
    status(cargo().args([
        "build",
        "--package",
        "rasoat-frontend",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ]))?;
    let root = root();
    let dist = root.join("frontend/dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist).with_context(|| format!("clearing {}", dist.display()))?;
    }
    std::fs::create_dir_all(&dist)?;
    let wasm = target_dir().join("wasm32-unknown-unknown/wasm-release/rasoat_frontend.wasm");
    status(
        Command::new(&wasm_bindgen)
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                "app",
                "--out-dir",
            ])
            .arg(&dist)
            .arg(&wasm),
    )?;
    if optimise {
        match tools::wasm_opt() {
            Some(opt) => {
                let file = dist.join("app_bg.wasm");
                status(Command::new(opt).arg("-Oz").arg(&file).arg("-o").arg(&file))?;
            }
            None => eprintln!(
                "Lưu ý / notice: wasm-opt is not available (needs npm for binaryen@{}); the UI works, only larger.",
                tools::BINARYEN_VERSION
            ),
        }
    }
    for entry in std::fs::read_dir(root.join("frontend/static"))? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::copy(entry.path(), dist.join(entry.file_name()))?;
        }
    }
    let size = std::fs::metadata(dist.join("app_bg.wasm"))
        .map(|m| m.len())
        .unwrap_or(0);
    eprintln!(
        "front end built: frontend/dist (app_bg.wasm {} KiB)",
        size / 1024
    );
    Ok(())
}
