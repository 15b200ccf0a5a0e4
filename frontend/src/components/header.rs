//! The header of every signed-in page: app name, navigation, who is signed in, sign-out.

use crate::active_role::{may_as, use_active_role};
use crate::api::{self, ApiError};
use crate::app::{Route, SessionAction, SessionContext};
use crate::components::nav_link::NavLink;
use crate::components::role_switcher::RoleSwitcher;
use crate::components::status::ErrorNotice;
use crate::dom;
use rasoat_shared::access::Action;
use rasoat_shared::api::auth::Me;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;
use yew_router::prelude::Link;

#[derive(Properties, PartialEq)]
pub struct AppHeaderProps {
    pub me: Rc<Me>,
    /// Where "skip to content" moves the focus.
    pub main_ref: NodeRef,
}

#[component]
pub fn AppHeader(props: &AppHeaderProps) -> Html {
    let session = use_context::<SessionContext>();
    let active = use_active_role();
    let busy = use_state(|| false);
    let error = use_state(|| None::<ApiError>);

    let logout = {
        let busy = busy.clone();
        let error = error.clone();
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let busy = busy.clone();
            let error = error.clone();
            let session = session.clone();
            spawn_local(async move {
                let result = api::logout().await;
                busy.set(false);
                match result {
                    // 401: the session was already gone; signed out either way.
                    Ok(()) => dispatch_logged_out(session),
                    Err(e) if e.status() == Some(401) => dispatch_logged_out(session),
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };

    let skip = {
        let main_ref = props.main_ref.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            dom::focus(&main_ref);
        })
    };

    let me = &props.me;
    html! {
        <header class="app-header">
            <a class="skip-link" href="#main" onclick={skip}>{ "Bỏ qua, đến nội dung chính" }</a>
            <div class="header-bar">
                <p class="brand">
                    <Link<Route> to={Route::Home}>{ "Rà soát đảng viên" }</Link<Route>>
                </p>
                <nav class="main-nav" aria-label="Chức năng chính">
                    <ul>
                        if may_as(active.as_ref(), Action::ViewUnits) {
                            <li><NavLink to={Route::Home}>{ "Cây tổ chức" }</NavLink></li>
                        }
                        if may_as(active.as_ref(), Action::ViewMembers) {
                            <li><NavLink to={Route::Members}>{ "Danh sách đảng viên" }</NavLink></li>
                        }
                        if may_as(active.as_ref(), Action::ImportData) {
                            <li><NavLink to={Route::Imports}>{ "Nhập dữ liệu" }</NavLink></li>
                        }
                        if may_as(active.as_ref(), Action::ManageUsers) {
                            <li><NavLink to={Route::Users}>{ "Tài khoản" }</NavLink></li>
                        }
                        if may_as(active.as_ref(), Action::ManageServiceClients) {
                            <li><NavLink to={Route::ServiceClients}>{ "Kết nối hệ thống" }</NavLink></li>
                        }
                        if may_as(active.as_ref(), Action::ViewReports) {
                            <li><NavLink to={Route::Rounds}>{ "Đợt rà soát" }</NavLink></li>
                            <li><NavLink to={Route::Reports}>{ "Báo cáo" }</NavLink></li>
                        }
                        // A member (the subject of a case, or a helper) has a to-do without
                        // the right to browse cases: an appeal to file, say.
                        if may_as(active.as_ref(), Action::ViewCases) || props.me.member_id.is_some() {
                            <li><NavLink to={Route::CaseQueue}>{ "Việc cần làm" }</NavLink></li>
                        }
                        if may_as(active.as_ref(), Action::ViewCases) {
                            <li><NavLink to={Route::Cases}>{ "Hồ sơ sàng lọc" }</NavLink></li>
                            <li><NavLink to={Route::Exits}>{ "Sổ ra khỏi Đảng" }</NavLink></li>
                        }
                        if may_as(active.as_ref(), Action::ViewCases) || may_as(active.as_ref(), Action::ManageCalendar) {
                            <li><NavLink to={Route::Calendar}>{ "Lịch làm việc" }</NavLink></li>
                        }
                        if may_as(active.as_ref(), Action::ViewAudit) {
                            <li><NavLink to={Route::Audit}>{ "Nhật ký" }</NavLink></li>
                        }
                        <li><NavLink to={Route::Settings}>{ "Quy định" }</NavLink></li>
                        <li><NavLink to={Route::Password}>{ "Đổi mật khẩu" }</NavLink></li>
                    </ul>
                </nav>
                <div class="user">
                    <p class="user-name">
                        <span class="visually-hidden">{ "Người dùng: " }</span>
                        <span id="user-display-name">{ &me.display_name }</span>
                    </p>
                    if !me.roles.is_empty() {
                        <ul class="roles" aria-label="Vai trò">
                            { for me.roles.iter().map(|g| html! {
                                <li title={g.role.label_en()}>
                                    { g.role.label_vi() }
                                    <span class="role-unit">{ " · " }{ &g.unit_name }</span>
                                </li>
                            }) }
                        </ul>
                        <RoleSwitcher roles={me.roles.clone()} />
                    }
                </div>
                <button type="button" class="logout secondary" id="logout"
                        onclick={logout} disabled={*busy} aria-busy={busy.to_string()}>
                    { if *busy { "Đang đăng xuất…" } else { "Đăng xuất" } }
                </button>
            </div>
            if let Some(e) = &*error {
                <ErrorNotice error={e.clone()} />
            }
        </header>
    }
}

fn dispatch_logged_out(session: Option<SessionContext>) {
    if let Some(s) = session {
        s.dispatch(SessionAction::LoggedOut);
    }
}
