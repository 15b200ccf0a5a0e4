//! Tài khoản: the accounts under the active role's unit (`GET /users`), and a new account
//! (`POST /users`) whose one-time password is shown once.

use crate::active_role::{may_as, use_active_role};
use crate::api::{self, ApiError, UserFilter};
use crate::app::Route;
use crate::components::field_error::FieldError;
use crate::components::one_time_secret::OneTimeSecret;
use crate::components::status::{ErrorNotice, Loading, NotAllowed};
use crate::components::unit_picker::UnitPicker;
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use chrono::{DateTime, Utc};
use rasoat_shared::UnitId;
use rasoat_shared::access::Action;
use rasoat_shared::api::users::{InitialPassword, User, UserCreate};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::Link;

/// How an account stands, in Vietnamese, and whether that is a warning.
pub fn account_state(u: &User, now: DateTime<Utc>) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    if u.disabled {
        out.push(("Đã vô hiệu hóa".to_string(), true));
    }
    if let Some(until) = u.locked_until.filter(|t| *t > now) {
        out.push((format!("Tạm khóa đến {}", format::date_time(until)), true));
    }
    if u.must_change_password && !u.disabled {
        out.push(("Chờ đổi mật khẩu tạm thời".to_string(), false));
    }
    if out.is_empty() {
        out.push(("Đang hoạt động".to_string(), false));
    }
    out
}

/// A user name as the server accepts it: 3–64 of a–z, 0–9, '.', '_', '-'.
pub fn username_problem(name: &str) -> Option<&'static str> {
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    let len = name.chars().count();
    if name.is_empty() {
        Some("Hãy nhập tên đăng nhập.")
    } else if !(3..=64).contains(&len) || !ok_chars {
        Some("Tên đăng nhập dài 3–64 ký tự, chỉ gồm chữ thường không dấu, chữ số và các dấu . _ -")
    } else {
        None
    }
}

#[component]
pub fn UsersPage() -> Html {
    dom::use_title("Tài khoản".to_string());
    let active = use_active_role();
    let allowed = may_as(active.as_ref(), Action::ManageUsers);
    let unit = active.as_ref().map(|g| g.unit_id);
    let search = use_state(|| None::<String>);
    let reload = use_state(|| 0u32);
    let list = use_fetch(
        (allowed, unit, (*search).clone(), *reload),
        |(allowed, unit, q, _)| async move {
            if allowed {
                api::users(&UserFilter { unit, q }).await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    let search_ref = use_node_ref();
    let onsearch = {
        let (search, search_ref) = (search.clone(), search_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let v = search_ref
                .cast::<HtmlInputElement>()
                .map(|i| i.value().trim().to_string())
                .unwrap_or_default();
            search.set((!v.is_empty()).then_some(v));
        })
    };
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };
    let created = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };

    let (Some(unit), true) = (unit, allowed) else {
        return html! {
            <>
                <h1>{ "Tài khoản" }<span class="en" lang="en">{ "Accounts" }</span></h1>
                <NotAllowed what="quản lý tài khoản" />
            </>
        };
    };
    let unit_name = active
        .as_ref()
        .map(|g| g.unit_name.clone())
        .unwrap_or_default();

    html! {
        <>
            <h1>{ "Tài khoản" }<span class="en" lang="en">{ "Accounts" }</span></h1>
            <p class="muted">{ format!("Các tài khoản thuộc {unit_name} và các tổ chức trực thuộc.") }</p>
            <p class="no-print"><a href="#user-create-heading">{ "Tạo tài khoản mới ↓" }</a></p>

            <form class="search no-print" role="search" onsubmit={onsearch}>
                <label for="user-search">{ "Tìm theo tên đăng nhập hoặc họ tên" }</label>
                <div class="search-row">
                    <input id="user-search" type="search" ref={search_ref}
                           autocomplete="off" spellcheck="false" />
                    <button type="submit" class="primary">{ "Tìm" }</button>
                </div>
            </form>

            <section aria-labelledby="users-heading">
                <h2 id="users-heading">{ "Danh sách tài khoản" }</h2>
                {
                    match &*list {
                        FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
                        FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
                        FetchState::Success(l) => match l.as_ref() {
                            Some(l) if !l.items.is_empty() => html! { <UserTable items={l.items.clone()} /> },
                            _ => html! {
                                <p class="notice" id="users-empty">{ "Không có tài khoản nào phù hợp." }</p>
                            },
                        },
                    }
                }
            </section>

            <CreateUser root={unit} oncreated={created} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct UserTableProps {
    items: Vec<User>,
}

#[component]
fn UserTable(props: &UserTableProps) -> Html {
    let now = Utc::now();
    html! {
        <table class="member-table admin-table" id="users-table">
            <thead>
                <tr>
                    <th scope="col">{ "Tên đăng nhập" }</th>
                    <th scope="col">{ "Họ và tên" }</th>
                    <th scope="col">{ "Đơn vị" }</th>
                    <th scope="col">{ "Vai trò" }</th>
                    <th scope="col">{ "Trạng thái" }</th>
                </tr>
            </thead>
            <tbody>
                { for props.items.iter().map(|u| html! {
                    <tr key={u.id.0} class="user-row">
                        <th scope="row" class="name">
                            <Link<Route> classes="user-link" to={Route::User { id: u.id }}>{ &u.username }</Link<Route>>
                        </th>
                        <td data-label="Họ và tên">{ &u.display_name }</td>
                        <td data-label="Đơn vị">{ &u.home_unit_name }</td>
                        <td data-label="Vai trò">
                            if u.roles.is_empty() {
                                <span class="muted">{ "Chưa có vai trò" }</span>
                            } else {
                                <ul class="plain-list">
                                    { for u.roles.iter().map(|g| html! {
                                        <li title={g.role.label_en()}>{ g.role.label_vi() }<span class="muted">{ " · " }{ &g.unit_name }</span></li>
                                    }) }
                                </ul>
                            }
                        </td>
                        <td data-label="Trạng thái">
                            { for account_state(u, now).into_iter().map(|(text, warn)| html! {
                                <span class={classes!("badge", warn.then_some("warning"))}>{ text }</span>
                            }) }
                        </td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

#[derive(Properties, PartialEq)]
struct CreateUserProps {
    root: UnitId,
    oncreated: Callback<()>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct CreateProblems {
    username: Vec<String>,
    display_name: Vec<String>,
    home_unit: Vec<String>,
}

impl CreateProblems {
    fn is_empty(&self) -> bool {
        self.username.is_empty() && self.display_name.is_empty() && self.home_unit.is_empty()
    }
}

#[component]
fn CreateUser(props: &CreateUserProps) -> Html {
    let (username, display) = (use_node_ref(), use_node_ref());
    let home = use_state(|| None::<UnitId>);
    let busy = use_state(|| false);
    let problems = use_state(CreateProblems::default);
    let error = use_state(|| None::<ApiError>);
    let made = use_state(|| None::<InitialPassword>);

    let onunit = {
        let home = home.clone();
        Callback::from(move |u: Option<UnitId>| home.set(u))
    };
    let onsubmit = {
        let (username, display, home) = (username.clone(), display.clone(), home.clone());
        let (busy, problems, error, made) =
            (busy.clone(), problems.clone(), error.clone(), made.clone());
        let oncreated = props.oncreated.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let name = username
                .cast::<HtmlInputElement>()
                .map(|i| i.value().trim().to_lowercase())
                .unwrap_or_default();
            let shown = display
                .cast::<HtmlInputElement>()
                .map(|i| i.value().trim().to_string())
                .unwrap_or_default();
            let mut found = CreateProblems::default();
            if let Some(p) = username_problem(&name) {
                found.username.push(p.into());
            }
            if shown.is_empty() {
                found.display_name.push("Hãy nhập họ và tên.".into());
            }
            if home.is_none() {
                found
                    .home_unit
                    .push("Hãy chọn đơn vị của tài khoản.".into());
            }
            error.set(None);
            if !found.is_empty() {
                problems.set(found);
                return;
            }
            let Some(home_unit_id) = *home else { return };
            problems.set(CreateProblems::default());
            made.set(None);
            busy.set(true);
            let req = UserCreate {
                username: name,
                display_name: shown,
                home_unit_id,
                member_id: None,
            };
            let (username, display) = (username.clone(), display.clone());
            let (busy, problems, error, made) =
                (busy.clone(), problems.clone(), error.clone(), made.clone());
            let oncreated = oncreated.clone();
            spawn_local(async move {
                let result = api::create_user(&req).await;
                busy.set(false);
                match result {
                    Ok(out) => {
                        for n in [&username, &display] {
                            if let Some(i) = n.cast::<HtmlInputElement>() {
                                i.set_value("");
                            }
                        }
                        made.set(Some(out));
                        oncreated.emit(());
                        dom::focus_id("temporary-password-box");
                    }
                    Err(e) => {
                        let by_field = CreateProblems {
                            username: e.field_messages("username"),
                            display_name: e.field_messages("display_name"),
                            home_unit: e.field_messages("home_unit_id"),
                        };
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
    html! {
        <section class="admin-form" aria-labelledby="user-create-heading">
            <h2 id="user-create-heading" tabindex="-1">{ "Tạo tài khoản mới" }</h2>
            <form class="stack-form" {onsubmit} novalidate=true>
                <div class="field">
                    <label for="user-create-username">{ "Tên đăng nhập" }</label>
                    <input id="user-create-username" type="text" ref={username} autocomplete="off"
                           autocapitalize="none" spellcheck="false" required=true
                           aria-invalid={(!p.username.is_empty()).to_string()}
                           aria-describedby="user-create-username-hint user-create-username-error" />
                    <p id="user-create-username-hint" class="hint">{ "Chữ thường không dấu, chữ số, dấu . _ -; ví dụ: bithu.banphu" }</p>
                    <FieldError id="user-create-username-error" messages={p.username.clone()} />
                </div>
                <div class="field">
                    <label for="user-create-display-name">{ "Họ và tên" }</label>
                    <input id="user-create-display-name" type="text" ref={display} autocomplete="off" required=true
                           aria-invalid={(!p.display_name.is_empty()).to_string()}
                           aria-describedby="user-create-display-name-error" />
                    <FieldError id="user-create-display-name-error" messages={p.display_name.clone()} />
                </div>
                <UnitPicker id="user-create-unit" label="Đơn vị" root={props.root} value={*home}
                            onchange={onunit} invalid={!p.home_unit.is_empty()}
                            describedby={Some(AttrValue::Static("user-create-unit-error"))} />
                <FieldError id="user-create-unit-error" messages={p.home_unit.clone()} />
                if let Some(e) = &*error {
                    <ErrorNotice error={e.clone()} />
                }
                <button id="user-create-submit" type="submit" class="primary"
                        disabled={*busy} aria-busy={busy.to_string()}>
                    { if *busy { "Đang tạo…" } else { "Tạo tài khoản" } }
                </button>
            </form>
            if let Some(out) = &*made {
                <div id="temporary-password-box" tabindex="-1">
                    <OneTimeSecret id="temporary-password"
                        title={format!("Đã tạo tài khoản {} ({}). Mật khẩu tạm thời:", out.user.username, out.user.display_name)}
                        value={out.temporary_password.clone()}
                        advice="Hãy ghi lại và trao trực tiếp cho người dùng; họ phải đổi mật khẩu ở lần đăng nhập đầu tiên." />
                    <p>
                        <Link<Route> to={Route::User { id: out.user.id }}>{ "Cấp vai trò cho tài khoản này" }</Link<Route>>
                    </p>
                </div>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasoat_shared::UserId;

    fn user() -> User {
        User {
            id: UserId(1),
            username: "bithu".into(),
            display_name: "Lò Văn Bình".into(),
            home_unit_id: UnitId(2),
            home_unit_name: "Chi bộ Bản Phủ".into(),
            member_id: None,
            disabled: false,
            locked_until: None,
            must_change_password: false,
            roles: vec![],
        }
    }

    #[test]
    fn states_of_an_account() {
        let now = Utc::now();
        assert_eq!(
            account_state(&user(), now),
            vec![("Đang hoạt động".to_string(), false)]
        );
        let off = User {
            disabled: true,
            must_change_password: true,
            ..user()
        };
        assert_eq!(
            account_state(&off, now),
            vec![("Đã vô hiệu hóa".to_string(), true)]
        );
        let locked = User {
            locked_until: Some(now + chrono::Duration::minutes(5)),
            ..user()
        };
        assert!(account_state(&locked, now)[0].0.starts_with("Tạm khóa đến"));
        let was_locked = User {
            locked_until: Some(now - chrono::Duration::minutes(5)),
            ..user()
        };
        assert_eq!(account_state(&was_locked, now)[0].0, "Đang hoạt động");
    }

    #[test]
    fn user_names_follow_the_server_rule() {
        assert_eq!(username_problem("bithu.banphu"), None);
        assert!(username_problem("").is_some());
        assert!(username_problem("ab").is_some());
        assert!(username_problem("Bí thư").is_some());
    }
}
