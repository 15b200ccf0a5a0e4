//! Cây tổ chức: the start page and one unit with its breadcrumb, details and children.

use crate::active_role::{may_as, use_active_role};
use crate::api;
use crate::app::{ReplaceWith, Route, may, use_me};
use crate::components::breadcrumb::Breadcrumb;
use crate::components::status::{ErrorNotice, Loading};
use crate::components::unit_tree::ChildList;
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use rasoat_shared::UnitId;
use rasoat_shared::access::Action;
use rasoat_shared::api::members::MemberQuery;
use rasoat_shared::api::units::{Unit, UnitList, UnitNode};
use yew::prelude::*;
use yew_router::prelude::Link;

/// `/`: goes to the first unit at the top of the caller's scope.
#[component]
pub fn HomePage() -> Html {
    dom::use_title(String::new());
    let me = use_me();
    let active = use_active_role();
    let may_view_units = may(me.as_deref(), Action::ViewUnits);
    let may_view_members = may(me.as_deref(), Action::ViewMembers);
    // The tree starts where the active role is held, when that role may browse it.
    let start = active
        .as_ref()
        .filter(|g| may_as(Some(g), Action::ViewUnits))
        .map(|g| g.unit_id);
    let reload = use_state(|| 0u32);
    let roots = use_fetch(
        (*reload, may_view_units && start.is_none()),
        |(_, allowed)| async move {
            if allowed {
                api::unit_roots().await
            } else {
                Ok(UnitList { items: Vec::new() })
            }
        },
    );
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_| reload.set(reload.wrapping_add(1)))
    };
    if let Some(id) = start {
        return html! { <ReplaceWith to={Route::Unit { id }} /> };
    }
    match &*roots {
        FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
        FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
        FetchState::Success(list) => match list.items.first() {
            Some(first) => html! { <ReplaceWith to={Route::Unit { id: first.id }} /> },
            None => html! {
                <>
                    <h1>{ "Cây tổ chức" }</h1>
                    <p class="notice" id="no-scope">
                        { if may_view_units {
                            "Không có tổ chức đảng nào trong phạm vi của bạn."
                        } else {
                            "Tài khoản của bạn chưa có vai trò được xem cây tổ chức đảng."
                        } }
                    </p>
                    if may_view_members {
                        <p>
                            <Link<Route> to={Route::Members}>{ "Danh sách đảng viên" }</Link<Route>>
                        </p>
                    }
                </>
            },
        },
    }
}

#[derive(Properties, PartialEq)]
pub struct UnitPageProps {
    pub id: UnitId,
}

/// `/units/{id}`.
#[component]
pub fn UnitPage(props: &UnitPageProps) -> Html {
    let id = props.id;
    let me = use_me();
    let may_view_members = may(me.as_deref(), Action::ViewMembers);
    let reload = use_state(|| 0u32);
    let unit = use_fetch((id, *reload), |(id, _)| api::unit(id));
    let path = use_fetch((id, *reload), |(id, _)| api::unit_ancestors(id));
    // Other tops of the caller's scope, for a user whose roles sit in several places.
    let roots = use_fetch((), |_| api::unit_roots());

    let title = match &*unit {
        FetchState::Success(u) => u.name.clone(),
        _ => "Cây tổ chức".to_string(),
    };
    dom::use_title(title);

    let retry = {
        let reload = reload.clone();
        Callback::from(move |_| reload.set(reload.wrapping_add(1)))
    };

    let here: Option<UnitNode> = path.data().and_then(|p| p.items.last().cloned());

    let body = match &*unit {
        FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
        FetchState::Failed(e) if e.is_not_found() => html! {
            <>
                <h1>{ "Cây tổ chức" }</h1>
                <p class="error" role="alert" id="not-found">
                    { "Không tìm thấy tổ chức đảng này, hoặc tổ chức không thuộc phạm vi bạn được xem." }
                </p>
                <p><Link<Route> to={Route::Home}>{ "Về trang đầu" }</Link<Route>></p>
            </>
        },
        FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
        FetchState::Success(u) => html! {
            <>
                { breadcrumb(&path) }
                <UnitDetails unit={(**u).clone()} here={here.clone()} {may_view_members} />
                <section class="children" aria-labelledby="children-heading">
                    <h2 id="children-heading">{ "Tổ chức trực thuộc" }</h2>
                    <ChildList key={u.id.0} parent={u.id} />
                </section>
            </>
        },
    };

    // Hide the top of the scope this unit already sits under.
    let top = path.data().and_then(|p| p.items.first().map(|t| t.id));
    let other_roots = roots
        .data()
        .map(|r| {
            r.items
                .iter()
                .filter(|n| Some(n.id) != top)
                .cloned()
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();

    html! {
        <>
            { body }
            if unit.data().is_some() && top.is_some() && !other_roots.is_empty() {
                <section class="other-roots no-print" aria-labelledby="other-roots-heading">
                    <h2 id="other-roots-heading">{ "Các tổ chức khác trong phạm vi của bạn" }</h2>
                    <ul>
                        { for other_roots.iter().map(|n| html! {
                            <li>
                                <Link<Route> to={Route::Unit { id: n.id }}>{ &n.name }</Link<Route>>
                                <span class="muted">{ " · " }{ format::members(n.member_count) }</span>
                            </li>
                        }) }
                    </ul>
                </section>
            }
        </>
    }
}

fn breadcrumb(path: &FetchState<UnitList>) -> Html {
    match path {
        FetchState::Success(p) => html! {
            <Breadcrumb path={std::rc::Rc::new(p.items.clone())} />
        },
        // The breadcrumb is a help, not the page: a failure shows as a short note.
        FetchState::Failed(_) => html! {
            <nav id="breadcrumb" class="breadcrumb" aria-label="Vị trí trong cây tổ chức">
                <p class="muted">{ "Không tải được vị trí của tổ chức trong cây." }</p>
            </nav>
        },
        FetchState::NotFetching | FetchState::Fetching => html! {
            <nav id="breadcrumb" class="breadcrumb" aria-label="Vị trí trong cây tổ chức" aria-busy="true">
                <p class="muted">{ "Đang tải…" }</p>
            </nav>
        },
    }
}

#[derive(Properties, PartialEq)]
struct UnitDetailsProps {
    unit: Unit,
    /// The unit as a tree node (for its member count), from the ancestors list.
    here: Option<UnitNode>,
    may_view_members: bool,
}

#[component]
fn UnitDetails(props: &UnitDetailsProps) -> Html {
    let u = &props.unit;
    let members_query = MemberQuery {
        unit: Some(u.id),
        ..MemberQuery::default()
    };
    // The sheets belong to a unit where members are registered (a branch or a grassroots
    // cell), for a role that records ratings, attendance and dues.
    let active = use_active_role();
    let record = u.org_type.holds_members()
        && u.valid_to.is_none()
        && may_as(active.as_ref(), Action::RecordReviewInputs);
    html! {
        <section class="unit-details" aria-labelledby="unit-name">
            <h1 id="unit-name">
                { &u.name }
                if u.valid_to.is_some() {
                    <span class="badge ended-badge">{ "đã kết thúc" }</span>
                }
            </h1>
            <dl class="facts">
                <div>
                    <dt>{ "Loại tổ chức" }</dt>
                    <dd title={u.org_type.label_en()}>{ u.org_type.label_vi() }</dd>
                </div>
                <div>
                    <dt>{ "Mã tổ chức" }</dt>
                    <dd>{ format::opt_text(u.code.as_deref()) }</dd>
                </div>
                <div>
                    <dt>{ "Thành lập / hiệu lực từ" }</dt>
                    <dd>{ format::date(u.valid_from) }</dd>
                </div>
                if let Some(end) = u.valid_to {
                    <div>
                        <dt>{ "Đã kết thúc từ" }</dt>
                        <dd>{ format::date(end) }</dd>
                    </div>
                }
                if let Some(here) = &props.here {
                    <div>
                        <dt>{ "Đảng viên đang sinh hoạt" }</dt>
                        <dd id="unit-member-count">{ format::members(here.member_count) }</dd>
                    </div>
                }
            </dl>
            if props.may_view_members || record {
                <p class="actions no-print">
                    if props.may_view_members {
                        <Link<Route, MemberQuery> classes="button-link" to={Route::Members} query={Some(members_query)}>
                            { "Danh sách đảng viên" }
                        </Link<Route, MemberQuery>>
                    }
                    if record {
                        <Link<Route> classes="button-link secondary-link" to={Route::RatingSheet { id: u.id }}>
                            { "Xếp loại chất lượng" }
                        </Link<Route>>
                        <Link<Route> classes="button-link secondary-link" to={Route::MonthlySheet { id: u.id }}>
                            { "Sinh hoạt, đảng phí" }
                        </Link<Route>>
                    }
                </p>
            }
        </section>
    }
}
