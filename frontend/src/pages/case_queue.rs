//! The caller's to-do (`/cases/queue`, "Việc cần làm"): cases where they may record
//! something now, most urgent first. For a committee this is its decision queue.
//!
//! Ids: `queue-list` (items `queue-item-{id}`, links `queue-link-{id}`), `queue-empty`,
//! `queue-truncated`.

use crate::api;
use crate::app::Route;
use crate::cases::{OpenAction, criteria_short};
use crate::components::status::{ErrorNotice, Loading};
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::pages::cases::due_cell;
use yew::prelude::*;
use yew_router::prelude::Link;

#[component]
pub fn CaseQueuePage() -> Html {
    dom::use_title("Việc cần làm".to_string());
    let reload = use_state(|| 0u32);
    let queue = use_fetch(*reload, |_| api::case_queue());
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };
    let body = match &*queue {
        FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
        FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
        FetchState::Success(q) if q.items.is_empty() => html! {
            <p class="notice" id="queue-empty">{ "Không có hồ sơ nào đang chờ bạn ghi nhận." }</p>
        },
        FetchState::Success(q) => html! {
            <>
                <ul class="record-list queue-list" id="queue-list">
                    { for q.items.iter().map(|item| {
                        let c = &item.case;
                        html! {
                            <li key={c.id} id={format!("queue-item-{}", c.id)}>
                                <p>
                                    <Link<Route> to={Route::Case { id: c.id }}>
                                        <strong id={format!("queue-link-{}", c.id)}>{ &c.member_name }</strong>
                                    </Link<Route>>
                                    { format!(" — {} — căn cứ {}", c.unit_name, criteria_short(&c.criteria)) }
                                </p>
                                <p>
                                    <span class="badge">{ c.state.label_vi() }</span>
                                    { " Hạn: " }{ due_cell(c) }
                                </p>
                                <ul class="plain-list small">
                                    { for item.actions.iter().map(|a| html! {
                                        <li>
                                            <Link<Route, OpenAction> to={Route::Case { id: c.id }}
                                                    query={Some(OpenAction { action: a.code().to_string() })}>
                                                { a.label_vi() }
                                            </Link<Route, OpenAction>>
                                        </li>
                                    }) }
                                </ul>
                                <p class="muted small">
                                    { format!("Với tư cách: {}", item.capacities.iter().map(|x| x.label_vi()).collect::<Vec<_>>().join("; ")) }
                                </p>
                            </li>
                        }
                    }) }
                </ul>
                if q.truncated {
                    <p class="notice warning" id="queue-truncated">{ "Còn nhiều hồ sơ khác đang chờ; danh sách chỉ hiện 200 hồ sơ khẩn nhất." }</p>
                }
            </>
        },
    };
    html! {
        <>
            <h1>{ "Việc cần làm" }</h1>
            <p class="muted">{ "Các hồ sơ bạn có thể ghi nhận bước tiếp theo ngay bây giờ, hồ sơ quá hạn và gần hạn trước." }</p>
            { body }
        </>
    }
}
