//! Đăng nhập: `POST /auth/login`; the server sets the session cookie.

use crate::api::{self, ApiError};
use crate::app::{ReplaceWith, Route, SessionAction, SessionContext, SessionStatus};
use crate::components::status::ErrorNotice;
use crate::dom;
use rasoat_shared::ErrorCode;
use rasoat_shared::api::auth::LoginRequest;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

/// Where to go after signing in: the page the user was sent here from (`?next=`), if it
/// is one of ours.
fn destination(return_to: Option<&str>) -> (Route, Option<String>) {
    let Some(target) = return_to else {
        return (Route::Home, None);
    };
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q.to_string())),
        None => (target, None),
    };
    match Route::recognize(path) {
        Some(Route::Login | Route::NotFound) | None => (Route::Home, None),
        Some(route) => (route, query),
    }
}

/// "N phút" until a lock or throttle ends, rounded up; "ít phút" when the server gave no time.
fn wait_text(retry_after: Option<u64>) -> String {
    match retry_after {
        Some(secs) => format!("{} phút", secs.div_ceil(60).max(1)),
        None => "ít phút".to_string(),
    }
}

/// The sign-in failures people meet, said plainly; `None` for the rest (shown as usual).
fn failure_message(e: &ApiError) -> Option<String> {
    match e.code()? {
        ErrorCode::InvalidCredentials => Some(
            "Tên đăng nhập hoặc mật khẩu không đúng. Hãy kiểm tra lại; chú ý chữ hoa và bộ gõ tiếng Việt."
                .to_string(),
        ),
        ErrorCode::AccountLocked => Some(format!(
            "Tài khoản tạm thời bị khóa vì nhập sai mật khẩu nhiều lần. Hãy thử lại sau {}, hoặc nhờ quản trị viên đặt lại mật khẩu.",
            wait_text(e.retry_after())
        )),
        ErrorCode::TooManyRequests => Some(format!(
            "Có quá nhiều lần đăng nhập sai từ máy này (địa chỉ mạng này). Hãy thử lại sau {}.",
            wait_text(e.retry_after())
        )),
        _ => None,
    }
}

#[component]
pub fn LoginPage() -> Html {
    dom::use_title("Đăng nhập".to_string());
    let session = use_context::<SessionContext>();
    let next = use_location().and_then(|l| {
        l.query::<Vec<(String, String)>>()
            .ok()
            .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "next").map(|(_, v)| v))
    });
    let username = use_node_ref();
    let password = use_node_ref();
    let busy = use_state(|| false);
    let error = use_state(|| None::<ApiError>);
    let missing = use_state(|| false);

    // The first field gets the focus, so a user can type at once.
    {
        let username = username.clone();
        use_effect_with((), move |_| dom::focus(&username));
    }

    let onsubmit = {
        let session = session.clone();
        let (username, password) = (username.clone(), password.clone());
        let (busy, error, missing) = (busy.clone(), error.clone(), missing.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let user = username
                .cast::<HtmlInputElement>()
                .map(|i| i.value().trim().to_string())
                .unwrap_or_default();
            let pass = password
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            if user.is_empty() || pass.is_empty() {
                missing.set(true);
                error.set(None);
                dom::focus(if user.is_empty() {
                    &username
                } else {
                    &password
                });
                return;
            }
            missing.set(false);
            error.set(None);
            busy.set(true);
            let (busy, error, session) = (busy.clone(), error.clone(), session.clone());
            let password = password.clone();
            spawn_local(async move {
                let result = api::login(&LoginRequest {
                    username: user,
                    password: pass,
                })
                .await;
                busy.set(false);
                match result {
                    Ok(resp) => {
                        if let Some(s) = session {
                            s.dispatch(SessionAction::SignedIn(resp.me));
                        }
                    }
                    Err(e) => {
                        // A wrong password is retyped, not the user name.
                        if let Some(input) = password.cast::<HtmlInputElement>() {
                            input.set_value("");
                        }
                        dom::focus(&password);
                        error.set(Some(e));
                    }
                }
            });
        })
    };

    let Some(session) = session else {
        return html! {};
    };
    if let SessionStatus::SignedIn(me) = &session.status {
        if me.must_change_password {
            return html! { <ReplaceWith to={Route::Password} /> };
        }
        let (to, query) = destination(next.as_deref());
        return html! { <ReplaceWith {to} {query} /> };
    }
    let notice = session.notice;
    let has_error = error.is_some() || *missing;

    html! {
        <main id="main" class="page login-page" tabindex="-1">
            <div class="login-card">
                <h1>
                    { "Rà soát đảng viên" }
                    <span class="en" lang="en">{ "Party member review" }</span>
                </h1>
                <h2>{ "Đăng nhập" }</h2>
                if let Some(n) = notice {
                    <p class={classes!("notice", matches!(n, crate::app::Notice::Expired).then_some("warning"))}
                       role="status" id="session-notice">
                        { n.message_vi() }
                    </p>
                }
                <form class="login-form" {onsubmit} novalidate=true aria-describedby="login-error">
                    <div class="field">
                        <label for="username">{ "Tên đăng nhập" }</label>
                        <input id="username" name="username" type="text" ref={username}
                               autocomplete="username" autocapitalize="none" spellcheck="false"
                               required=true aria-invalid={has_error.to_string()} />
                    </div>
                    <div class="field">
                        <label for="password">{ "Mật khẩu" }</label>
                        <input id="password" name="password" type="password" ref={password}
                               autocomplete="current-password" required=true
                               aria-invalid={has_error.to_string()} />
                    </div>
                    <div id="login-error" aria-live="assertive">
                        if *missing {
                            <p class="error" role="alert">{ "Hãy nhập tên đăng nhập và mật khẩu." }</p>
                        }
                        if let Some(e) = &*error {
                            if let Some(text) = failure_message(e) {
                                <div class="error" role="alert" id="login-failure">
                                    <p class="error-message">{ text }</p>
                                    <p class="en" lang="en">{ e.message_en() }</p>
                                </div>
                            } else {
                                <ErrorNotice error={e.clone()} />
                            }
                        }
                    </div>
                    <button id="login-submit" type="submit" class="primary"
                            disabled={*busy} aria-busy={busy.to_string()}>
                        { if *busy { "Đang đăng nhập…" } else { "Đăng nhập" } }
                    </button>
                </form>
            </div>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasoat_shared::UnitId;

    fn failed(code: ErrorCode, retry_after: Option<u64>) -> ApiError {
        ApiError::Api {
            status: code.status(),
            code,
            request_id: None,
            errors: Vec::new(),
            retry_after,
            detail: None,
        }
    }

    #[test]
    fn locks_say_how_long_to_wait() {
        let locked = failure_message(&failed(ErrorCode::AccountLocked, Some(61)));
        assert!(locked.is_some_and(|m| m.contains("bị khóa") && m.contains("2 phút")));
        let throttled = failure_message(&failed(ErrorCode::TooManyRequests, Some(30)));
        assert!(throttled.is_some_and(|m| m.contains("máy này") && m.contains("1 phút")));
        let unknown = failure_message(&failed(ErrorCode::AccountLocked, None));
        assert!(unknown.is_some_and(|m| m.contains("ít phút")));
        let wrong = failure_message(&failed(ErrorCode::InvalidCredentials, None));
        assert!(wrong.is_some_and(|m| m.contains("không đúng")));
        assert_eq!(failure_message(&ApiError::Network), None);
    }

    #[test]
    fn returns_only_to_known_pages() {
        assert_eq!(destination(None), (Route::Home, None));
        assert_eq!(
            destination(Some("/units/7")),
            (Route::Unit { id: UnitId(7) }, None)
        );
        assert_eq!(
            destination(Some("/members?q=an")),
            (Route::Members, Some("q=an".into()))
        );
        assert_eq!(destination(Some("/login")), (Route::Home, None));
        assert_eq!(destination(Some("//evil.example/")), (Route::Home, None));
    }
}
