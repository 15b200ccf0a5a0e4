//! Where a unit sits: from the top of the caller's scope down to the unit.

use crate::app::Route;
use rasoat_shared::api::units::UnitNode;
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::Link;

#[derive(Properties, PartialEq)]
pub struct BreadcrumbProps {
    /// Top first; the last is the current unit.
    pub path: Rc<Vec<UnitNode>>,
}

#[component]
pub fn Breadcrumb(props: &BreadcrumbProps) -> Html {
    let last = props.path.len().saturating_sub(1);
    html! {
        <nav id="breadcrumb" class="breadcrumb" aria-label="Vị trí trong cây tổ chức">
            <ol>
                { for props.path.iter().enumerate().map(|(i, u)| {
                    if i == last {
                        html! { <li><span aria-current="page">{ &u.name }</span></li> }
                    } else {
                        html! {
                            <li>
                                <Link<Route> to={Route::Unit { id: u.id }}>{ &u.name }</Link<Route>>
                            </li>
                        }
                    }
                }) }
            </ol>
        </nav>
    }
}
