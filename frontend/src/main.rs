//! Rà soát web UI: a Yew single-page app over `/api/v1`, compiled to wasm and served by
//! the `rasoat` binary.

mod active_role;
mod api;
mod app;
mod cases;
mod components;
mod dom;
mod fetch;
mod format;
mod imports;
mod pages;
mod renewal;
mod reports;
mod review;

fn main() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            // Drop the "loading" placeholder that index.html shows until wasm runs.
            root.set_inner_html("");
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}
