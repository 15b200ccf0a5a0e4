//! A unit named by id only (a member's temporary or residence branch): loads its name.

use crate::api;
use crate::app::Route;
use crate::fetch::{FetchState, use_fetch};
use rasoat_shared::UnitId;
use yew::prelude::*;
use yew_router::prelude::Link;

#[derive(Properties, PartialEq)]
pub struct UnitRefProps {
    pub id: UnitId,
}

#[component]
pub fn UnitRef(props: &UnitRefProps) -> Html {
    let unit = use_fetch(props.id, api::unit);
    match &*unit {
        FetchState::Success(u) => html! {
            <Link<Route> to={Route::Unit { id: u.id }}>{ &u.name }</Link<Route>>
        },
        // Outside the caller's scope the server does not say whether the unit exists.
        FetchState::Failed(e) if e.is_not_found() => html! {
            <span>{ format!("Tổ chức mã {} (ngoài phạm vi bạn được xem)", props.id) }</span>
        },
        FetchState::Failed(_) => html! {
            <Link<Route> to={Route::Unit { id: props.id }}>{ format!("Tổ chức mã {}", props.id) }</Link<Route>>
        },
        FetchState::NotFetching | FetchState::Fetching => html! {
            <span class="muted">{ "Đang tải…" }</span>
        },
    }
}
