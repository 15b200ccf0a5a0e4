//! The few things the app asks of the browser directly.

use wasm_bindgen::JsCast;
use yew::prelude::*;

const APP_NAME: &str = "Rà soát đảng viên";

/// The current path and query, e.g. `/members?q=an`.
pub fn current_path() -> Option<String> {
    let loc = web_sys::window()?.location();
    let path = loc.pathname().ok()?;
    let search = loc.search().unwrap_or_default();
    Some(format!("{path}{search}"))
}

/// The current query string, e.g. `?q=an`.
pub fn current_search() -> Option<String> {
    web_sys::window()?.location().search().ok()
}

pub fn focus(node: &NodeRef) {
    if let Some(el) = node.cast::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

pub fn focus_id(id: &str) {
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}

pub fn scroll_top() {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

fn set_title(title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if title.is_empty() {
            doc.set_title(APP_NAME);
        } else {
            doc.set_title(&format!("{title} — {APP_NAME}"));
        }
    }
}

/// Names the browser tab (and what a screen reader announces on load) after the page.
#[hook]
pub fn use_title(title: String) {
    use_effect_with(title, |t| set_title(t));
}

/// Opens the browser's print dialog (the print stylesheet hides the navigation).
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}
