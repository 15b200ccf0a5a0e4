//! The case board (`/cases`, "Hồ sơ rà soát, sàng lọc"): the cases of a unit's subtree,
//! counted by state (chips that filter), with the open and overdue filters, newest first.
//! The filters live in the address bar, so a board can be bookmarked and "Back" works.
//!
//! Ids: `cases-unit` (the unit picker), `cases-open`, `cases-overdue`, the chips `state-chip-all` and
//! `state-chip-{state}`, the list `cases-list` (rows `case-row-{id}`, links
//! `case-link-{id}`), `cases-more`, `cases-empty`.

use crate::active_role::use_active_role;
use crate::api::{self, ApiError};
use crate::app::Route;
use crate::cases::{criteria_short, parse_case_query};
use crate::components::status::{ErrorNotice, Loading};
use crate::components::unit_picker::UnitPicker;
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use rasoat_shared::api::cases::{CaseQuery, CaseSummary, StateCount};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

const PAGE_SIZE: u32 = 50;

#[component]
pub fn CasesPage() -> Html {
    dom::use_title("Hồ sơ rà soát, sàng lọc".to_string());
    let active = use_active_role();
    let location = use_location();
    let navigator = use_navigator();
    let mut query = parse_case_query(location.as_ref().map(|l| l.query_str()).unwrap_or(""));
    if query.unit.is_none() {
        query.unit = active.as_ref().map(|g| g.unit_id);
    }
    let go = {
        let navigator = navigator.clone();
        move |q: CaseQuery| {
            if let Some(nav) = &navigator
                && nav.push_with_query(&Route::Cases, &q).is_err()
            {
                nav.push(&Route::Cases);
            }
        }
    };
    let on_open = {
        let (q, go) = (query.clone(), go.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            go(CaseQuery {
                open: v.parse().ok(),
                ..q.clone()
            });
        })
    };
    let on_unit = {
        let (q, go) = (query.clone(), go.clone());
        Callback::from(move |unit| {
            go(CaseQuery {
                unit,
                state: None,
                ..q.clone()
            })
        })
    };
    let on_overdue = {
        let (q, go) = (query.clone(), go.clone());
        Callback::from(move |e: Event| {
            let checked = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked();
            go(CaseQuery {
                overdue: checked.then_some(true),
                ..q.clone()
            });
        })
    };
    let chip = |state: Option<rasoat_shared::cases::CaseState>| {
        let (q, go) = (query.clone(), go.clone());
        Callback::from(move |_: MouseEvent| {
            go(CaseQuery {
                state,
                cursor: None,
                ..q.clone()
            })
        })
    };
    // Counts come without the `state` filter, so the chips stay while one is chosen.
    let counts_query = CaseQuery {
        state: None,
        limit: Some(1),
        ..query.clone()
    };
    let counts = use_fetch(counts_query, |q| async move { api::cases(&q).await });
    let total: u64 = counts
        .data()
        .map(|l| l.counts.iter().map(|c| c.count).sum())
        .unwrap_or(0);
    html! {
        <>
            <h1>{ "Hồ sơ rà soát, sàng lọc" }</h1>
            <p class="no-print"><Link<Route> to={Route::CaseQueue}>{ "Việc cần làm của tôi →" }</Link<Route>></p>
            <div class="filters no-print">
                if let Some(root) = active.as_ref().map(|g| g.unit_id) {
                    <UnitPicker id="cases-unit" label="Đơn vị" {root} value={query.unit} onchange={on_unit} />
                }
                <div class="field">
                    <label for="cases-open">{ "Tình trạng" }</label>
                    <select id="cases-open" onchange={on_open}>
                        <option value="" selected={query.open.is_none()}>{ "Tất cả" }</option>
                        <option value="true" selected={query.open == Some(true)}>{ "Đang xử lý" }</option>
                        <option value="false" selected={query.open == Some(false)}>{ "Đã kết thúc" }</option>
                    </select>
                </div>
                <div class="field checkbox">
                    <label><input type="checkbox" id="cases-overdue" checked={query.overdue == Some(true)} onchange={on_overdue} />
                        { " Chỉ hồ sơ quá hạn" }</label>
                </div>
            </div>
            <nav class="state-chips no-print" aria-label="Lọc theo trạng thái">
                <ul>
                    <li>
                        <button type="button" id="state-chip-all" class={classes!("chip", query.state.is_none().then_some("active"))}
                                aria-pressed={query.state.is_none().to_string()} onclick={chip(None)}>
                            { format!("Tất cả ({})", format::count(total)) }
                        </button>
                    </li>
                    { for counts.data().into_iter().flat_map(|l| l.counts.iter()).filter(|c| c.count > 0).map(|c: &StateCount| {
                        let on = query.state == Some(c.state);
                        html! {
                            <li key={c.state.code()}>
                                <button type="button" id={format!("state-chip-{}", c.state.code())}
                                        class={classes!("chip", on.then_some("active"))} aria-pressed={on.to_string()}
                                        onclick={chip(Some(c.state))}>
                                    { format!("{} ({})", c.state.label_vi(), format::count(c.count)) }
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            </nav>
            <CaseResults key={format!("{query:?}")} query={query.clone()} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct CaseResultsProps {
    query: CaseQuery,
}

/// The first page of one query and any pages loaded after it.
#[component]
fn CaseResults(props: &CaseResultsProps) -> Html {
    let retry_count = use_state(|| 0u32);
    let first = use_fetch((props.query.clone(), *retry_count), |(q, _)| async move {
        api::cases(&CaseQuery {
            limit: Some(PAGE_SIZE),
            cursor: None,
            ..q
        })
        .await
    });
    let more = use_state(Vec::<CaseSummary>::new);
    let next = use_state(|| None::<Option<String>>);
    let busy = use_state(|| false);
    let error = use_state(|| None::<ApiError>);
    let cursor = match (&*next, first.data()) {
        (Some(c), _) => c.clone(),
        (None, Some(p)) => p.next_cursor.clone(),
        (None, None) => None,
    };
    let load_more = {
        let (more, next, busy, error) = (more.clone(), next.clone(), busy.clone(), error.clone());
        let (query, cursor) = (props.query.clone(), cursor.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(c) = cursor.clone() else { return };
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let q = CaseQuery {
                limit: Some(PAGE_SIZE),
                cursor: Some(c),
                ..query.clone()
            };
            let (more, next, busy, error) =
                (more.clone(), next.clone(), busy.clone(), error.clone());
            spawn_local(async move {
                let result = api::cases(&q).await;
                busy.set(false);
                match result {
                    Ok(page) => {
                        let mut rows = (*more).clone();
                        rows.extend(page.items);
                        more.set(rows);
                        next.set(Some(page.next_cursor));
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let retry = {
        let retry_count = retry_count.clone();
        Callback::from(move |_: MouseEvent| retry_count.set(retry_count.wrapping_add(1)))
    };
    match &*first {
        FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
        FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
        FetchState::Success(p) if p.items.is_empty() => html! {
            <p class="notice" id="cases-empty">{ "Không có hồ sơ nào phù hợp." }</p>
        },
        FetchState::Success(p) => {
            let rows: Vec<&CaseSummary> = p.items.iter().chain(more.iter()).collect();
            html! {
                <>
                    <p class="results-status" role="status">{ format!("Đang xem {} hồ sơ, mới nhất trước.", format::count(rows.len() as u64)) }</p>
                    <CaseTable rows={rows.into_iter().cloned().collect::<Vec<_>>()} />
                    if let Some(e) = &*error {
                        <ErrorNotice error={e.clone()} />
                    }
                    if cursor.is_some() {
                        <p class="pager no-print">
                            <button type="button" id="cases-more" class="secondary"
                                    onclick={load_more} disabled={*busy} aria-busy={busy.to_string()}>
                                { if *busy { "Đang tải…" } else { "Xem thêm" } }
                            </button>
                        </p>
                    }
                </>
            }
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct CaseTableProps {
    pub rows: Vec<CaseSummary>,
}

/// A table on a wide screen; on a phone each row reads as a card (the `member-table`
/// styles), the due date last.
#[component]
pub fn CaseTable(props: &CaseTableProps) -> Html {
    html! {
        <table class="member-table" id="cases-list">
            <thead><tr>
                <th scope="col">{ "Đảng viên" }</th>
                <th scope="col">{ "Chi bộ" }</th>
                <th scope="col">{ "Căn cứ" }</th>
                <th scope="col">{ "Trạng thái" }</th>
                <th scope="col">{ "Hạn" }</th>
            </tr></thead>
            <tbody>
                { for props.rows.iter().map(|c| html! {
                    <tr key={c.id} id={format!("case-row-{}", c.id)}>
                        <th scope="row" class="name">
                            <Link<Route> to={Route::Case { id: c.id }}>
                                <span id={format!("case-link-{}", c.id)}>{ &c.member_name }</span>
                            </Link<Route>>
                        </th>
                        <td data-label="Chi bộ">{ &c.unit_name }</td>
                        <td data-label="Căn cứ">{ criteria_short(&c.criteria) }</td>
                        <td data-label="Trạng thái"><span class="badge">{ c.state.label_vi() }</span></td>
                        <td data-label="Hạn">{ due_cell(c) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// The next deadline, red when passed.
pub fn due_cell(c: &CaseSummary) -> Html {
    match &c.due {
        Some(d) => html! {
            <span class={classes!("due", d.overdue.then_some("overdue"))} title={d.kind.label_vi()}>
                { format::date(d.due) }
                if d.overdue {
                    { " (quá hạn)" }
                }
            </span>
        },
        None => html! { { format::DASH } },
    }
}
