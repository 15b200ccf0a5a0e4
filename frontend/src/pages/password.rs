//! Đổi mật khẩu: `POST /auth/password`. Required first after an administrator's reset.

use crate::api::{self, ApiError};
use crate::app::{Route, SessionAction, SessionContext, use_me};
use crate::components::field_error::FieldError;
use crate::components::status::ErrorNotice;
use crate::dom;
use rasoat_shared::api::auth::PasswordChange;
use rasoat_shared::password;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::Link;

/// What is wrong with the form before it goes to the server, per field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Problems {
    pub current: Vec<String>,
    pub new: Vec<String>,
    pub confirm: Vec<String>,
}

impl Problems {
    pub fn is_empty(&self) -> bool {
        self.current.is_empty() && self.new.is_empty() && self.confirm.is_empty()
    }
}

/// The shared password policy, plus the two checks only the form can make.
pub fn check(current: &str, new: &str, confirm: &str, username: &str) -> Problems {
    let mut p = Problems::default();
    if current.is_empty() {
        p.current.push("Hãy nhập mật khẩu hiện tại.".into());
    }
    if new.is_empty() {
        p.new.push(format!(
            "Hãy nhập mật khẩu mới (ít nhất {} ký tự).",
            password::MIN_CHARS
        ));
    } else {
        p.new = password::problems(new, username)
            .into_iter()
            .map(|e| e.message)
            .collect();
        if !current.is_empty() && new == current {
            p.new
                .push("Mật khẩu mới phải khác mật khẩu hiện tại.".into());
        }
    }
    if confirm != new {
        p.confirm
            .push("Mật khẩu nhập lại không khớp với mật khẩu mới.".into());
    }
    p
}

fn value(node: &NodeRef) -> String {
    node.cast::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

fn clear(nodes: &[&NodeRef]) {
    for n in nodes {
        if let Some(i) = n.cast::<HtmlInputElement>() {
            i.set_value("");
        }
    }
}

#[component]
pub fn PasswordPage() -> Html {
    dom::use_title("Đổi mật khẩu".to_string());
    let session = use_context::<SessionContext>();
    let me = use_me();
    let (current, new, confirm) = (use_node_ref(), use_node_ref(), use_node_ref());
    let problems = use_state(Problems::default);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let done = use_state(|| false);
    let must_change = me.as_ref().is_some_and(|m| m.must_change_password);
    let username = me.as_ref().map(|m| m.username.clone()).unwrap_or_default();

    let onsubmit = {
        let (current, new, confirm) = (current.clone(), new.clone(), confirm.clone());
        let (problems, error, busy, done) =
            (problems.clone(), error.clone(), busy.clone(), done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let (cur, next, again) = (value(&current), value(&new), value(&confirm));
            let found = check(&cur, &next, &again, &username);
            error.set(None);
            done.set(false);
            if !found.is_empty() {
                let first = if !found.current.is_empty() {
                    &current
                } else if !found.new.is_empty() {
                    &new
                } else {
                    &confirm
                };
                dom::focus(first);
                problems.set(found);
                return;
            }
            problems.set(Problems::default());
            busy.set(true);
            let (current, new, confirm) = (current.clone(), new.clone(), confirm.clone());
            let (problems, error, busy, done) =
                (problems.clone(), error.clone(), busy.clone(), done.clone());
            let session = session.clone();
            spawn_local(async move {
                let result = api::change_password(&PasswordChange {
                    current_password: cur,
                    new_password: next,
                })
                .await;
                busy.set(false);
                match result {
                    Ok(resp) => {
                        clear(&[&current, &new, &confirm]);
                        done.set(true);
                        if let Some(s) = session {
                            s.dispatch(SessionAction::SignedIn(resp.me));
                        }
                    }
                    Err(e) => {
                        let by_field = Problems {
                            current: e.field_messages("current_password"),
                            new: e.field_messages("new_password"),
                            confirm: Vec::new(),
                        };
                        if !by_field.current.is_empty() {
                            dom::focus(&current);
                        } else if !by_field.new.is_empty() {
                            dom::focus(&new);
                        }
                        // Field problems are shown at their fields; anything else above the button.
                        if by_field.is_empty() {
                            error.set(Some(e));
                        }
                        problems.set(by_field);
                    }
                }
            });
        })
    };

    let p = &*problems;
    let input = |id: &'static str,
                 label: &'static str,
                 node: &NodeRef,
                 autocomplete: &'static str,
                 msgs: &Vec<String>,
                 hint: Option<String>| {
        let err_id = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        let describedby = if hint.is_some() {
            format!("{hint_id} {err_id}")
        } else {
            err_id.clone()
        };
        html! {
            <div class="field">
                <label for={id}>{ label }</label>
                <input {id} type="password" ref={node.clone()} {autocomplete} required=true
                       aria-invalid={(!msgs.is_empty()).to_string()}
                       aria-describedby={describedby} />
                if let Some(h) = hint {
                    <p id={hint_id} class="hint">{ h }</p>
                }
                <FieldError id={err_id} messages={msgs.clone()} />
            </div>
        }
    };

    html! {
        <section class="form-page" aria-labelledby="password-heading">
            <h1 id="password-heading">
                { "Đổi mật khẩu" }
                <span class="en" lang="en">{ "Change password" }</span>
            </h1>
            if must_change && !*done {
                <p class="notice warning" id="must-change-notice">
                    { "Tài khoản của bạn đang dùng mật khẩu tạm thời. Hãy đặt mật khẩu mới trước khi tiếp tục." }
                </p>
            }
            <form class="stack-form" {onsubmit} novalidate=true>
                { input("password-current", "Mật khẩu hiện tại", &current, "current-password", &p.current, None) }
                { input("password-new", "Mật khẩu mới", &new, "new-password", &p.new,
                        Some(format!("Ít nhất {} ký tự; có thể là một câu dễ nhớ. Không dùng tên đăng nhập.", password::MIN_CHARS))) }
                { input("password-confirm", "Nhập lại mật khẩu mới", &confirm, "new-password", &p.confirm, None) }
                if let Some(e) = &*error {
                    <ErrorNotice error={e.clone()} />
                }
                <button id="password-submit" type="submit" class="primary"
                        disabled={*busy} aria-busy={busy.to_string()}>
                    { if *busy { "Đang lưu…" } else { "Đổi mật khẩu" } }
                </button>
            </form>
            <div aria-live="polite">
                if *done {
                    <p class="notice" role="status" id="password-done">
                        { "Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã được đăng xuất." }
                    </p>
                    <p><Link<Route> to={Route::Home}>{ "Về trang đầu" }</Link<Route>></p>
                }
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_checks_length_and_the_repeat() {
        let ok = check("mật khẩu cũ", "con mèo nhà tôi", "con mèo nhà tôi", "bithu");
        assert!(ok.is_empty(), "{ok:?}");
        let p = check("", "ngắn", "khác", "bithu");
        assert_eq!(p.current.len(), 1);
        assert!(p.new.iter().any(|m| m.contains("10 ký tự")));
        assert_eq!(p.confirm.len(), 1);
        let same = check(
            "con mèo nhà tôi",
            "con mèo nhà tôi",
            "con mèo nhà tôi",
            "bithu",
        );
        assert_eq!(same.new.len(), 1);
    }
}
