//! A link to a route that tells assistive technology when it is the current page.

use crate::app::Route;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NavLinkProps {
    pub to: Route,
    pub children: Html,
}

#[component]
pub fn NavLink(props: &NavLinkProps) -> Html {
    let navigator = use_navigator();
    let current = use_route::<Route>();
    let is_current = match (&current, &props.to) {
        // The tree is one section whatever unit is open.
        (Some(Route::Unit { .. } | Route::Home), Route::Home) => true,
        (Some(Route::Members | Route::Member { .. }), Route::Members) => true,
        (Some(Route::Users | Route::User { .. }), Route::Users) => true,
        (
            Some(
                Route::Reports
                | Route::ScreeningReport
                | Route::ReportMembers
                | Route::ScreeningPrint
                | Route::MembershipReport,
            ),
            Route::Reports,
        ) => true,
        (Some(c), to) => c == to,
        (None, _) => false,
    };
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |e: MouseEvent| {
            if e.meta_key() || e.ctrl_key() || e.shift_key() || e.alt_key() {
                return;
            }
            if let Some(nav) = &navigator {
                e.prevent_default();
                nav.push(&to);
            }
        })
    };
    html! {
        <a href={props.to.to_path()}
           aria-current={is_current.then_some("page")}
           {onclick}>
            { props.children.clone() }
        </a>
    }
}
