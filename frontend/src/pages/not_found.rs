//! A path that is none of the app's pages.

use crate::app::Route;
use crate::dom;
use yew::prelude::*;
use yew_router::prelude::Link;

#[component]
pub fn NotFoundPage() -> Html {
    dom::use_title("Không tìm thấy trang".to_string());
    html! {
        <>
            <h1>{ "Không tìm thấy trang" }</h1>
            <p id="not-found" role="alert">
                { "Địa chỉ này không có trong hệ thống. " }
                <span class="en" lang="en">{ "This page does not exist." }</span>
            </p>
            <p><Link<Route> to={Route::Home}>{ "Về trang đầu" }</Link<Route>></p>
        </>
    }
}
