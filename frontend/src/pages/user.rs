//! One account (`GET /users/{id}`): its roles with revoke, a grant form limited to the roles
//! the active role may hand out, enable/disable, and a password reset shown once.

use crate::active_role::{grantable_roles, may_as, use_active_role};
use crate::api::{self, ApiError};
use crate::app::Route;
use crate::components::field_error::FieldError;
use crate::components::one_time_secret::OneTimeSecret;
use crate::components::status::{ErrorNotice, Loading, NotAllowed};
use crate::components::unit_picker::UnitPicker;
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use crate::pages::users::account_state;
use chrono::{NaiveDate, Utc};
use rasoat_shared::access::{Action, Role};
use rasoat_shared::api::users::{GrantCreate, User, UserUpdate};
use rasoat_shared::{UnitId, UserId};
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::Link;

#[derive(Properties, PartialEq)]
pub struct UserPageProps {
    pub id: UserId,
}

/// A date field's value (`yyyy-mm-dd`), absent when empty.
pub fn parse_date(v: &str) -> Result<Option<NaiveDate>, ()> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    // By hand (a date input always gives yyyy-mm-dd): chrono's pattern parser is large.
    let mut parts = v.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    match (
        parts.next().flatten(),
        parts.next().flatten(),
        parts.next().flatten(),
    ) {
        (Some(y), Some(m), Some(d)) if (1000..=9999).contains(&y) => i32::try_from(y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
            .map(Some)
            .ok_or(()),
        _ => Err(()),
    }
}

#[component]
pub fn UserPage(props: &UserPageProps) -> Html {
    let id = props.id;
    let active = use_active_role();
    let allowed = may_as(active.as_ref(), Action::ManageUsers);
    let reload = use_state(|| 0u32);
    let user = use_fetch((id, *reload), |(id, _)| api::user(id));
    let title = match &*user {
        FetchState::Success(u) => u.display_name.clone(),
        _ => "Tài khoản".to_string(),
    };
    dom::use_title(title);
    let refresh = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    let retry = {
        let refresh = refresh.clone();
        Callback::from(move |_: MouseEvent| refresh.emit(()))
    };
    let back = html! {
        <p class="no-print"><Link<Route> to={Route::Users}>{ "‹ Danh sách tài khoản" }</Link<Route>></p>
    };
    // While a write's reload runs, the page keeps showing the account (and the forms keep
    // their state, such as a temporary password just shown).
    let last = use_mut_ref(|| None::<Rc<User>>);
    if let FetchState::Success(u) = &*user {
        *last.borrow_mut() = Some(u.clone());
    }
    let kept = last.borrow().clone().filter(|u| u.id == id);
    let state = match (&*user, kept) {
        (FetchState::NotFetching | FetchState::Fetching, Some(u)) => FetchState::Success(u),
        (other, _) => other.clone(),
    };
    let body = match &state {
        FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
        FetchState::Failed(e) if e.is_not_found() => html! {
            <p class="error" role="alert" id="not-found">
                { "Không tìm thấy tài khoản này, hoặc tài khoản không thuộc phạm vi bạn quản lý." }
            </p>
        },
        FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
        FetchState::Success(u) => {
            let grantable = grantable_roles(active.as_ref());
            let root = active.as_ref().map(|g| g.unit_id);
            html! {
                <>
                    <Account user={u.clone()} onchanged={refresh.clone()} />
                    <Roles user={u.clone()} onchanged={refresh.clone()} />
                    if let (Some(root), true) = (root, allowed && !grantable.is_empty()) {
                        <GrantForm user={u.id} {root} roles={grantable} onchanged={refresh.clone()} />
                    }
                    <PasswordReset user={u.id} onchanged={refresh.clone()} />
                </>
            }
        }
    };
    html! {
        <>
            { back }
            if !allowed {
                <NotAllowed what="quản lý tài khoản" />
            }
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct UserProps {
    user: Rc<User>,
    onchanged: Callback<()>,
}

/// Who the account is, how it stands, and enable/disable.
#[component]
fn Account(props: &UserProps) -> Html {
    let u = &props.user;
    let busy = use_state(|| false);
    let error = use_state(|| None::<ApiError>);
    let toggle = {
        let (busy, error) = (busy.clone(), error.clone());
        let (id, disable) = (u.id, !u.disabled);
        let onchanged = props.onchanged.clone();
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let (busy, error, onchanged) = (busy.clone(), error.clone(), onchanged.clone());
            spawn_local(async move {
                let req = UserUpdate {
                    disabled: Some(disable),
                    ..UserUpdate::default()
                };
                let result = api::update_user(id, &req).await;
                busy.set(false);
                match result {
                    Ok(_) => onchanged.emit(()),
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    html! {
        <section class="unit-details" aria-labelledby="user-name">
            <p class="kicker">{ "Tài khoản" }</p>
            <h1 id="user-name">{ &u.display_name }</h1>
            <dl class="facts">
                <div><dt>{ "Tên đăng nhập" }</dt><dd id="user-username">{ &u.username }</dd></div>
                <div><dt>{ "Đơn vị" }</dt><dd>{ &u.home_unit_name }</dd></div>
                <div>
                    <dt>{ "Trạng thái" }</dt>
                    <dd id="user-state">
                        { for account_state(u, Utc::now()).into_iter().map(|(text, warn)| html! {
                            <span class={classes!("badge", warn.then_some("warning"))}>{ text }</span>
                        }) }
                    </dd>
                </div>
            </dl>
            <p class="actions no-print">
                <button type="button" id="user-toggle-disabled"
                        class={if u.disabled { "primary" } else { "secondary" }}
                        onclick={toggle} disabled={*busy} aria-busy={busy.to_string()}>
                    { match (*busy, u.disabled) {
                        (true, _) => "Đang lưu…",
                        (false, true) => "Cho phép hoạt động lại",
                        (false, false) => "Vô hiệu hóa tài khoản",
                    } }
                </button>
            </p>
            if !u.disabled {
                <p class="hint">{ "Vô hiệu hóa sẽ đăng xuất người dùng khỏi mọi thiết bị ngay lập tức." }</p>
            }
            if let Some(e) = &*error {
                <ErrorNotice error={e.clone()} />
            }
            <Rename user={u.clone()} onchanged={props.onchanged.clone()} />
        </section>
    }
}

/// Corrects the display name (`PATCH /users/{id}`).
#[component]
fn Rename(props: &UserProps) -> Html {
    let input = use_node_ref();
    let busy = use_state(|| false);
    let problems = use_state(Vec::<String>::new);
    let error = use_state(|| None::<ApiError>);
    let onsubmit = {
        let (input, busy, problems, error) =
            (input.clone(), busy.clone(), problems.clone(), error.clone());
        let (id, old, onchanged) = (
            props.user.id,
            props.user.display_name.clone(),
            props.onchanged.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let name = input
                .cast::<HtmlInputElement>()
                .map(|i| i.value().trim().to_string())
                .unwrap_or_default();
            error.set(None);
            if name.is_empty() {
                problems.set(vec!["Hãy nhập họ và tên.".into()]);
                return;
            }
            problems.set(Vec::new());
            if name == old {
                return;
            }
            busy.set(true);
            let (busy, problems, error, onchanged) = (
                busy.clone(),
                problems.clone(),
                error.clone(),
                onchanged.clone(),
            );
            spawn_local(async move {
                let req = UserUpdate {
                    display_name: Some(name),
                    ..UserUpdate::default()
                };
                let result = api::update_user(id, &req).await;
                busy.set(false);
                match result {
                    Ok(_) => onchanged.emit(()),
                    Err(e) => {
                        let msgs = e.field_messages("display_name");
                        if msgs.is_empty() {
                            error.set(Some(e));
                        }
                        problems.set(msgs);
                    }
                }
            });
        })
    };
    html! {
        <details class="filters no-print">
            <summary>{ "Sửa họ và tên" }</summary>
            <form class="stack-form" {onsubmit} novalidate=true>
                <div class="field">
                    <label for="user-edit-display-name">{ "Họ và tên" }</label>
                    <input id="user-edit-display-name" type="text" ref={input} autocomplete="off"
                           value={props.user.display_name.clone()}
                           aria-invalid={(!problems.is_empty()).to_string()}
                           aria-describedby="user-edit-display-name-error" />
                    <FieldError id="user-edit-display-name-error" messages={(*problems).clone()} />
                </div>
                if let Some(e) = &*error {
                    <ErrorNotice error={e.clone()} />
                }
                <button id="user-rename-submit" type="submit" class="secondary"
                        disabled={*busy} aria-busy={busy.to_string()}>
                    { if *busy { "Đang lưu…" } else { "Lưu họ và tên" } }
                </button>
            </form>
        </details>
    }
}

/// The account's roles, each with a revoke button.
#[component]
fn Roles(props: &UserProps) -> Html {
    let u = &props.user;
    let busy = use_state(|| None::<i64>);
    let error = use_state(|| None::<ApiError>);
    let done = use_state(|| None::<String>);
    let revoke = |grant: i64, label: String| {
        let (busy, error, done) = (busy.clone(), error.clone(), done.clone());
        let (id, onchanged) = (u.id, props.onchanged.clone());
        Callback::from(move |_: MouseEvent| {
            if busy.is_some() {
                return;
            }
            busy.set(Some(grant));
            error.set(None);
            done.set(None);
            let (busy, error, done, onchanged) =
                (busy.clone(), error.clone(), done.clone(), onchanged.clone());
            let label = label.clone();
            spawn_local(async move {
                let result = api::revoke_role(id, grant).await;
                busy.set(None);
                match result {
                    Ok(_) => {
                        done.set(Some(format!("Đã thu hồi vai trò {label}.")));
                        onchanged.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    html! {
        <section aria-labelledby="roles-heading">
            <h2 id="roles-heading">{ "Vai trò" }</h2>
            if u.roles.is_empty() {
                <p class="notice" id="roles-empty">{ "Tài khoản chưa có vai trò nào." }</p>
            } else {
                <ul class="grant-list" id="user-roles">
                    { for u.roles.iter().map(|g| {
                        let label = format!("{} · {}", g.role.label_vi(), g.unit_name);
                        let this_busy = *busy == Some(g.id);
                        html! {
                            <li key={g.id} class="grant">
                                <span class="grant-text">
                                    <strong title={g.role.label_en()}>{ g.role.label_vi() }</strong>
                                    { " · " }{ &g.unit_name }
                                    <span class="muted">
                                        { format!(" (từ {}{})", format::date(g.valid_from),
                                            g.valid_to.map(|d| format!(" đến {}", format::date(d))).unwrap_or_default()) }
                                    </span>
                                </span>
                                <button type="button" class="secondary revoke-grant"
                                        aria-label={format!("Thu hồi vai trò {label}")}
                                        onclick={revoke(g.id, label.clone())} disabled={busy.is_some()}
                                        aria-busy={this_busy.to_string()}>
                                    { if this_busy { "Đang thu hồi…" } else { "Thu hồi" } }
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }
            if let Some(e) = &*error {
                <ErrorNotice error={e.clone()} />
            }
            <p class="status-line" role="status" id="roles-status">
                { (*done).clone().unwrap_or_default() }
            </p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct GrantFormProps {
    user: UserId,
    root: UnitId,
    roles: Vec<Role>,
    onchanged: Callback<()>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct GrantProblems {
    role: Vec<String>,
    unit: Vec<String>,
    from: Vec<String>,
    to: Vec<String>,
}

impl GrantProblems {
    fn is_empty(&self) -> bool {
        self.role.is_empty() && self.unit.is_empty() && self.from.is_empty() && self.to.is_empty()
    }
}

#[component]
fn GrantForm(props: &GrantFormProps) -> Html {
    let role = use_node_ref();
    let (from, until) = (use_node_ref(), use_node_ref());
    let unit = use_state(|| None::<UnitId>);
    let busy = use_state(|| false);
    let problems = use_state(GrantProblems::default);
    let error = use_state(|| None::<ApiError>);
    let done = use_state(|| None::<String>);
    let onunit = {
        let unit = unit.clone();
        Callback::from(move |u: Option<UnitId>| unit.set(u))
    };
    let onsubmit = {
        let (role, from, until, unit) = (role.clone(), from.clone(), until.clone(), unit.clone());
        let (busy, problems, error, done) =
            (busy.clone(), problems.clone(), error.clone(), done.clone());
        let (user, onchanged) = (props.user, props.onchanged.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let chosen = role
                .cast::<HtmlSelectElement>()
                .and_then(|s| Role::from_code(&s.value()));
            let date_of = |n: &NodeRef| {
                parse_date(
                    &n.cast::<HtmlInputElement>()
                        .map(|i| i.value())
                        .unwrap_or_default(),
                )
            };
            let (valid_from, valid_to) = (date_of(&from), date_of(&until));
            let mut found = GrantProblems::default();
            if chosen.is_none() {
                found.role.push("Hãy chọn vai trò.".into());
            }
            if unit.is_none() {
                found.unit.push("Hãy chọn tổ chức nơi giữ vai trò.".into());
            }
            if valid_from.is_err() {
                found.from.push("Ngày không hợp lệ.".into());
            }
            match (valid_from, valid_to) {
                (_, Err(())) => found.to.push("Ngày không hợp lệ.".into()),
                (Ok(Some(a)), Ok(Some(b))) if b < a => found
                    .to
                    .push("Ngày hết hiệu lực phải sau ngày bắt đầu.".into()),
                _ => {}
            }
            error.set(None);
            let (Some(chosen_role), Some(unit_id), Ok(valid_from), Ok(valid_to), true) =
                (chosen, *unit, valid_from, valid_to, found.is_empty())
            else {
                problems.set(found);
                return;
            };
            problems.set(GrantProblems::default());
            busy.set(true);
            let req = GrantCreate {
                role: chosen_role,
                unit_id,
                valid_from,
                valid_to,
            };
            done.set(None);
            let (busy, problems, error, done, onchanged) = (
                busy.clone(),
                problems.clone(),
                error.clone(),
                done.clone(),
                onchanged.clone(),
            );
            let fields = (role.clone(), from.clone(), until.clone(), unit.clone());
            spawn_local(async move {
                let result = api::grant_role(user, &req).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        // A second press must not grant the same role again.
                        let (role, from, until, unit) = fields;
                        if let Some(sel) = role.cast::<HtmlSelectElement>() {
                            sel.set_value("");
                        }
                        for n in [&from, &until] {
                            if let Some(i) = n.cast::<HtmlInputElement>() {
                                i.set_value("");
                            }
                        }
                        unit.set(None);
                        done.set(Some(format!("Đã cấp vai trò {}.", req.role.label_vi())));
                        onchanged.emit(());
                    }
                    Err(e) => {
                        let by_field = GrantProblems {
                            role: e.field_messages("role"),
                            unit: e.field_messages("unit_id"),
                            from: e.field_messages("valid_from"),
                            to: e.field_messages("valid_to"),
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
        <section class="admin-form" aria-labelledby="grant-heading">
            <h2 id="grant-heading">{ "Cấp vai trò" }</h2>
            <form class="stack-form" {onsubmit} novalidate=true>
                <div class="field">
                    <label for="grant-role">{ "Vai trò" }</label>
                    <select id="grant-role" ref={role}
                            aria-invalid={(!p.role.is_empty()).to_string()}
                            aria-describedby="grant-role-error">
                        <option value="" selected=true>{ "— Chọn vai trò —" }</option>
                        { for props.roles.iter().map(|r| html! {
                            <option value={r.code()} title={r.label_en()}>{ r.label_vi() }</option>
                        }) }
                    </select>
                    <FieldError id="grant-role-error" messages={p.role.clone()} />
                </div>
                <UnitPicker id="grant-unit" label="Tại tổ chức" root={props.root} value={*unit}
                            onchange={onunit} invalid={!p.unit.is_empty()}
                            describedby={Some(AttrValue::Static("grant-unit-error"))} />
                <FieldError id="grant-unit-error" messages={p.unit.clone()} />
                <div class="field-row">
                    <div class="field">
                        <label for="grant-valid-from">{ "Hiệu lực từ ngày (không bắt buộc)" }</label>
                        <input id="grant-valid-from" type="date" ref={from}
                               aria-invalid={(!p.from.is_empty()).to_string()}
                               aria-describedby="grant-valid-from-error" />
                        <FieldError id="grant-valid-from-error" messages={p.from.clone()} />
                    </div>
                    <div class="field">
                        <label for="grant-valid-until">{ "Đến ngày (không bắt buộc)" }</label>
                        <input id="grant-valid-until" type="date" ref={until}
                               aria-invalid={(!p.to.is_empty()).to_string()}
                               aria-describedby="grant-valid-until-error" />
                        <FieldError id="grant-valid-until-error" messages={p.to.clone()} />
                    </div>
                </div>
                <p class="hint">{ "Bỏ trống ngày bắt đầu: có hiệu lực từ hôm nay." }</p>
                if let Some(e) = &*error {
                    <ErrorNotice error={e.clone()} />
                }
                <button id="grant-submit" type="submit" class="primary"
                        disabled={*busy} aria-busy={busy.to_string()}>
                    { if *busy { "Đang cấp…" } else { "Cấp vai trò" } }
                </button>
                <p class="status-line" role="status" id="grant-status">
                    { (*done).clone().unwrap_or_default() }
                </p>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PasswordResetProps {
    user: UserId,
    onchanged: Callback<()>,
}

#[component]
fn PasswordReset(props: &PasswordResetProps) -> Html {
    let busy = use_state(|| false);
    let error = use_state(|| None::<ApiError>);
    let secret = use_state(|| None::<String>);
    let onclick = {
        let (busy, error, secret) = (busy.clone(), error.clone(), secret.clone());
        let (user, onchanged) = (props.user, props.onchanged.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            secret.set(None);
            let (busy, error, secret, onchanged) = (
                busy.clone(),
                error.clone(),
                secret.clone(),
                onchanged.clone(),
            );
            spawn_local(async move {
                let result = api::reset_password(user).await;
                busy.set(false);
                match result {
                    Ok(out) => {
                        secret.set(Some(out.temporary_password));
                        onchanged.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    html! {
        <section class="admin-form" aria-labelledby="reset-heading">
            <h2 id="reset-heading">{ "Đặt lại mật khẩu" }</h2>
            <p class="hint">
                { "Tạo một mật khẩu tạm thời mới; người dùng bị đăng xuất khỏi mọi thiết bị và phải đổi mật khẩu ở lần đăng nhập tới." }
            </p>
            <button type="button" id="user-password-reset" class="secondary"
                    {onclick} disabled={*busy} aria-busy={busy.to_string()}>
                { if *busy { "Đang đặt lại…" } else { "Đặt lại mật khẩu" } }
            </button>
            if let Some(e) = &*error {
                <ErrorNotice error={e.clone()} />
            }
            if let Some(s) = &*secret {
                <OneTimeSecret id="temporary-password" title="Mật khẩu tạm thời mới:"
                    value={s.clone()}
                    advice="Hãy trao trực tiếp cho người dùng; họ phải đổi mật khẩu ở lần đăng nhập tới." />
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_optional_but_must_be_dates() {
        assert_eq!(parse_date(""), Ok(None));
        assert_eq!(
            parse_date("2026-11-26"),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 26))
        );
        assert_eq!(parse_date("26/11/2026"), Err(()));
        assert_eq!(parse_date("2026-02-30"), Err(()));
        assert_eq!(parse_date("2026-1x-01"), Err(()));
    }
}
