//! The organisation tree below a unit: one level at a time, each row expandable in place.

use crate::api;
use crate::app::Route;
use crate::components::status::{ErrorNotice, Loading};
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use rasoat_shared::UnitId;
use rasoat_shared::api::units::UnitNode;
use yew::prelude::*;
use yew_router::prelude::Link;

#[derive(Properties, PartialEq)]
pub struct ChildListProps {
    pub parent: UnitId,
}

/// The units directly below `parent`, loaded when this list first shows.
#[component]
pub fn ChildList(props: &ChildListProps) -> Html {
    let reload = use_state(|| 0u32);
    let children = use_fetch((props.parent, *reload), |(id, _)| api::unit_children(id));
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_| reload.set(reload.wrapping_add(1)))
    };
    match &*children {
        FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
        FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
        FetchState::Success(list) if list.items.is_empty() => html! {
            <p class="muted empty">{ "Không có tổ chức trực thuộc." }</p>
        },
        FetchState::Success(list) => html! {
            <ul class="unit-tree">
                { for list.items.iter().map(|n| html! {
                    <UnitNodeRow key={n.id.0} node={n.clone()} />
                }) }
            </ul>
        },
    }
}

#[derive(Properties, PartialEq)]
pub struct UnitNodeRowProps {
    pub node: UnitNode,
}

/// One unit: follow it (the name is a link) or open its children below it.
#[component]
pub fn UnitNodeRow(props: &UnitNodeRowProps) -> Html {
    let expanded = use_state(|| false);
    // Once loaded, the children stay while the row is closed, so reopening is instant.
    let opened_once = use_state(|| false);
    let n = &props.node;
    let ended = n.valid_to.is_some();
    let children_id = format!("unit-children-{}", n.id);

    let toggle = {
        let expanded = expanded.clone();
        let opened_once = opened_once.clone();
        Callback::from(move |_: MouseEvent| {
            if !*opened_once {
                opened_once.set(true);
            }
            expanded.set(!*expanded);
        })
    };

    let toggle_label = format!(
        "{} các tổ chức trực thuộc {}",
        if *expanded { "Thu gọn" } else { "Mở" },
        n.name
    );

    html! {
        <li class={classes!("unit-node", ended.then_some("ended"))} data-unit-id={n.id.to_string()}>
            <div class="unit-row">
                if n.child_count > 0 {
                    <button type="button" class="toggle"
                            aria-expanded={expanded.to_string()}
                            aria-controls={children_id.clone()}
                            aria-label={toggle_label.clone()}
                            title={toggle_label}
                            onclick={toggle}>
                        <span aria-hidden="true">{ if *expanded { "▾" } else { "▸" } }</span>
                    </button>
                } else {
                    <span class="toggle-spacer" aria-hidden="true"></span>
                }
                <div class="unit-main">
                    <Link<Route> classes="unit-link" to={Route::Unit { id: n.id }}>{ &n.name }</Link<Route>>
                    <span class="unit-meta">
                        <span class="unit-type">{ n.org_type.label_vi() }</span>
                        <span class="member-count">{ format::members(n.member_count) }</span>
                        if n.child_count > 0 {
                            <span class="child-count">
                                { format!("{} tổ chức trực thuộc", format::count(n.child_count)) }
                            </span>
                        }
                        if let Some(end) = n.valid_to {
                            <span class="badge ended-badge" title={format!("Kết thúc ngày {}", format::date(end))}>
                                { "đã kết thúc" }
                            </span>
                        }
                    </span>
                </div>
            </div>
            <div id={children_id} class="unit-children" hidden={!*expanded}>
                if *opened_once {
                    <ChildList parent={n.id} />
                }
            </div>
        </li>
    }
}
