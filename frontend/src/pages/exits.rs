//! The register of members who left the Party (`/exits`, "Sổ theo dõi đảng viên ra khỏi
//! Đảng", DOMAIN.md §8.7), for the active role's unit and a year.
//!
//! Ids: `exits-unit`, `exits-year`, `exits-table` (rows `exit-row-{id}`), `exits-empty`, `exits-more`.

use crate::active_role::use_active_role;
use crate::api::{self, ApiError};
use crate::app::Route;
use crate::cases::{criteria_short, readmission_text};
use crate::components::status::{ErrorNotice, Loading};
use crate::components::unit_picker::UnitPicker;
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use chrono::Datelike;
use rasoat_shared::api::cases::{ExitEntry, ExitQuery};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::Link;

const PAGE_SIZE: u32 = 100;

#[component]
pub fn ExitsPage() -> Html {
    dom::use_title("Sổ theo dõi đảng viên ra khỏi Đảng".to_string());
    let active = use_active_role();
    let this_year = format::today().year();
    let year = use_state(|| Some(this_year));
    let unit = use_state(|| None::<rasoat_shared::UnitId>);
    let root = active.as_ref().map(|g| g.unit_id);
    let query = ExitQuery {
        unit: (*unit).or(root),
        year: *year,
        limit: Some(PAGE_SIZE),
        cursor: None,
    };
    let on_year = {
        let year = year.clone();
        Callback::from(move |e: Event| {
            year.set(
                e.target_unchecked_into::<HtmlSelectElement>()
                    .value()
                    .parse()
                    .ok(),
            )
        })
    };
    html! {
        <>
            <h1>{ "Sổ theo dõi đảng viên ra khỏi Đảng" }</h1>
            <div class="filters no-print">
                if let Some(root) = root {
                    <UnitPicker id="exits-unit" label="Đơn vị" {root} value={query.unit}
                                onchange={let unit = unit.clone(); Callback::from(move |u| unit.set(u))} />
                }
                <div class="field">
                    <label for="exits-year">{ "Năm" }</label>
                    <select id="exits-year" onchange={on_year}>
                        <option value="" selected={year.is_none()}>{ "Tất cả các năm" }</option>
                        { for (this_year - 10..=this_year).rev().map(|y| html! {
                            <option value={y.to_string()} selected={*year == Some(y)}>{ y }</option>
                        }) }
                    </select>
                </div>
            </div>
            <ExitResults key={format!("{query:?}")} query={query.clone()} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ExitResultsProps {
    query: ExitQuery,
}

#[component]
fn ExitResults(props: &ExitResultsProps) -> Html {
    let retry_count = use_state(|| 0u32);
    let first = use_fetch((props.query.clone(), *retry_count), |(q, _)| async move {
        api::exits(&q).await
    });
    let more = use_state(Vec::<ExitEntry>::new);
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
            let q = ExitQuery {
                cursor: Some(c),
                ..query.clone()
            };
            let (more, next, busy, error) =
                (more.clone(), next.clone(), busy.clone(), error.clone());
            spawn_local(async move {
                let result = api::exits(&q).await;
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
            <p class="notice" id="exits-empty">{ "Chưa có đảng viên nào ra khỏi Đảng trong sổ." }</p>
        },
        FetchState::Success(p) => html! {
            <>
                <table class="member-table admin-table" id="exits-table">
                    <thead><tr>
                        <th scope="col">{ "Họ và tên" }</th>
                        <th scope="col">{ "Chi bộ" }</th>
                        <th scope="col">{ "Hình thức" }</th>
                        <th scope="col">{ "Căn cứ" }</th>
                        <th scope="col">{ "Số quyết định" }</th>
                        <th scope="col">{ "Ngày có hiệu lực" }</th>
                        <th scope="col">{ "Kết nạp lại" }</th>
                    </tr></thead>
                    <tbody>
                        { for p.items.iter().chain(more.iter()).map(|x| html! {
                            <tr key={x.id} id={format!("exit-row-{}", x.id)}>
                                <th scope="row" class="name">
                                    <Link<Route> to={Route::Case { id: x.case_id }}>{ &x.member_name }</Link<Route>>
                                </th>
                                <td data-label="Chi bộ">{ &x.unit_name }</td>
                                <td data-label="Hình thức">{ x.form.label_vi() }</td>
                                <td data-label="Căn cứ" title={x.grounds.iter().map(|g| g.label_vi()).collect::<Vec<_>>().join("; ")}>
                                    { criteria_short(&x.grounds) }
                                </td>
                                <td data-label="Số quyết định">
                                    if let Some(doc) = x.decision_document_id {
                                        <Link<Route> to={Route::Document { id: doc }}>
                                            { format::opt_text(x.decision_number.as_deref()) }
                                        </Link<Route>>
                                    } else {
                                        { format::opt_text(x.decision_number.as_deref()) }
                                    }
                                </td>
                                <td data-label="Hiệu lực">{ format::date(x.effective_on) }</td>
                                <td data-label="Kết nạp lại">{ readmission_text(&x.readmission) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                if let Some(e) = &*error {
                    <ErrorNotice error={e.clone()} />
                }
                if cursor.is_some() {
                    <p class="pager no-print">
                        <button type="button" id="exits-more" class="secondary"
                                onclick={load_more} disabled={*busy} aria-busy={busy.to_string()}>
                            { if *busy { "Đang tải…" } else { "Xem thêm" } }
                        </button>
                    </p>
                }
            </>
        },
    }
}
