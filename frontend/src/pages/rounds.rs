//! Đợt rà soát: the review rounds around the active role's unit (`GET /review-rounds`),
//! and a new round (`POST /review-rounds`) for the roles that open them.

use crate::active_role::{may_as, use_active_role};
use crate::api::{self, ApiError};
use crate::app::Route;
use crate::components::field_error::FieldError;
use crate::components::status::{ErrorNotice, Loading};
use crate::components::unit_picker::UnitPicker;
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use crate::pages::user::parse_date;
use crate::review::default_round;
use rasoat_shared::UnitId;
use rasoat_shared::access::Action;
use rasoat_shared::api::review::{Round, RoundInput, RoundQuery, RoundStatus};
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::*;

/// "01/01/2025 – 31/12/2025".
pub fn period_label(r: &Round) -> String {
    format!(
        "{} – {}",
        format::date(r.period_from),
        format::date(r.period_to)
    )
}

#[component]
pub fn RoundsPage() -> Html {
    dom::use_title("Đợt rà soát".to_string());
    let active = use_active_role();
    let may_open = may_as(active.as_ref(), Action::ManageReviewRounds);
    let unit = active.as_ref().map(|g| g.unit_id);
    let status = use_state(|| None::<RoundStatus>);
    let reload = use_state(|| 0u32);
    let list = use_fetch((unit, *status, *reload), |(unit, status, _)| async move {
        api::rounds(&RoundQuery { unit, status }).await
    });
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };
    let on_status = {
        let status = status.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            status.set(match v.as_str() {
                "open" => Some(RoundStatus::Open),
                "closed" => Some(RoundStatus::Closed),
                _ => None,
            });
        })
    };

    html! {
        <>
            <h1>{ "Đợt rà soát" }<span class="en" lang="en">{ "Review rounds" }</span></h1>
            if let Some(g) = &active {
                <p class="muted">{ format!("Các đợt rà soát của {}, của cấp trên và của các tổ chức trực thuộc.", g.unit_name) }</p>
            }
            if may_open {
                <p class="no-print"><a href="#round-open-heading">{ "Mở đợt rà soát mới ↓" }</a></p>
            }
            <div class="field inline-field no-print">
                <label for="rounds-status">{ "Tình trạng" }</label>
                <select id="rounds-status" onchange={on_status}>
                    <option value="" selected={status.is_none()}>{ "Tất cả" }</option>
                    <option value="open" selected={*status == Some(RoundStatus::Open)}>{ RoundStatus::Open.label_vi() }</option>
                    <option value="closed" selected={*status == Some(RoundStatus::Closed)}>{ RoundStatus::Closed.label_vi() }</option>
                </select>
            </div>
            <section aria-labelledby="rounds-heading">
                <h2 id="rounds-heading">{ "Danh sách đợt rà soát" }</h2>
                { match &*list {
                    FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
                    FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
                    FetchState::Success(l) if l.items.is_empty() => html! {
                        <p class="notice" id="rounds-empty">{ "Chưa có đợt rà soát nào." }</p>
                    },
                    FetchState::Success(l) => html! { <RoundTable items={l.items.clone()} /> },
                } }
            </section>
            if let (true, Some(root)) = (may_open, unit) {
                <OpenRound {root} />
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RoundTableProps {
    items: Vec<Round>,
}

#[component]
fn RoundTable(props: &RoundTableProps) -> Html {
    html! {
        <table class="member-table admin-table" id="rounds-table">
            <thead>
                <tr>
                    <th scope="col">{ "Đợt rà soát" }</th>
                    <th scope="col">{ "Phạm vi" }</th>
                    <th scope="col">{ "Thời gian" }</th>
                    <th scope="col">{ "Tình trạng" }</th>
                    <th scope="col">{ "Đề xuất" }</th>
                </tr>
            </thead>
            <tbody>
                { for props.items.iter().map(|r| html! {
                    <tr key={r.id} class="round-row">
                        <th scope="row" class="name">
                            <Link<Route> classes="round-link" to={Route::Round { id: r.id }}>{ &r.title }</Link<Route>>
                        </th>
                        <td data-label="Phạm vi">{ &r.unit_name }</td>
                        <td data-label="Thời gian">{ period_label(r) }</td>
                        <td data-label="Tình trạng">
                            <span class={classes!("badge", (r.status == RoundStatus::Closed).then_some("ended-badge"))}>
                                { r.status.label_vi() }
                            </span>
                        </td>
                        <td data-label="Đề xuất">
                            { format!("{} chờ xem xét · {} xác nhận · {} bỏ qua", r.counts.pending, r.counts.confirmed, r.counts.dismissed) }
                        </td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

#[derive(Properties, PartialEq)]
struct OpenRoundProps {
    root: UnitId,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct OpenProblems {
    unit: Vec<String>,
    title: Vec<String>,
    period: Vec<String>,
}

#[component]
fn OpenRound(props: &OpenRoundProps) -> Html {
    let navigator = use_navigator();
    let (title_d, from_d, to_d) = default_round(format::today());
    let unit = use_state(|| Some(props.root));
    let (title, from, to) = (use_node_ref(), use_node_ref(), use_node_ref());
    let busy = use_state(|| false);
    let problems = use_state(OpenProblems::default);
    let error = use_state(|| None::<ApiError>);
    let onunit = {
        let unit = unit.clone();
        Callback::from(move |u: Option<UnitId>| unit.set(u))
    };
    let onsubmit = {
        let (unit, title, from, to) = (unit.clone(), title.clone(), from.clone(), to.clone());
        let (busy, problems, error) = (busy.clone(), problems.clone(), error.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let value = |n: &NodeRef| {
                n.cast::<HtmlInputElement>()
                    .map(|i| i.value().trim().to_string())
                    .unwrap_or_default()
            };
            let t = value(&title);
            let mut found = OpenProblems::default();
            if unit.is_none() {
                found.unit.push("Hãy chọn tổ chức của đợt rà soát.".into());
            }
            if t.is_empty() {
                found.title.push("Hãy nhập tên đợt rà soát.".into());
            }
            let (f, tt) = (parse_date(&value(&from)), parse_date(&value(&to)));
            let period = match (f, tt) {
                (Ok(Some(a)), Ok(Some(b))) if a <= b => Some((a, b)),
                (Ok(Some(_)), Ok(Some(_))) => {
                    found
                        .period
                        .push("Ngày kết thúc phải sau ngày bắt đầu.".into());
                    None
                }
                _ => {
                    found
                        .period
                        .push("Hãy nhập đủ thời gian từ ngày … đến ngày … của đợt.".into());
                    None
                }
            };
            error.set(None);
            let (Some(unit_id), Some((period_from, period_to)), true) =
                (*unit, period, found == OpenProblems::default())
            else {
                problems.set(found);
                return;
            };
            problems.set(OpenProblems::default());
            busy.set(true);
            let input = RoundInput {
                unit_id,
                title: t,
                period_from,
                period_to,
            };
            let (busy, problems, error) = (busy.clone(), problems.clone(), error.clone());
            let navigator = navigator.clone();
            spawn_local(async move {
                let result = api::open_round(&input).await;
                busy.set(false);
                match result {
                    Ok(r) => {
                        if let Some(nav) = &navigator {
                            nav.push(&Route::Round { id: r.id });
                        }
                    }
                    Err(e) => {
                        let mut period = e.field_messages("period_from");
                        period.extend(e.field_messages("period_to"));
                        let by_field = OpenProblems {
                            unit: e.field_messages("unit_id"),
                            title: e.field_messages("title"),
                            period,
                        };
                        if by_field == OpenProblems::default() {
                            error.set(Some(e));
                        }
                        problems.set(by_field);
                    }
                }
            });
        })
    };
    let p = &*problems;
    html! {
        <section class="admin-form" aria-labelledby="round-open-heading">
            <h2 id="round-open-heading" tabindex="-1">{ "Mở đợt rà soát mới" }</h2>
            <form class="stack-form" {onsubmit} novalidate=true>
                <UnitPicker id="round-unit" label="Tổ chức được rà soát" root={props.root} value={*unit}
                            onchange={onunit} invalid={!p.unit.is_empty()}
                            describedby={Some(AttrValue::Static("round-unit-error"))} />
                <FieldError id="round-unit-error" messages={p.unit.clone()} />
                <div class="field">
                    <label for="round-open-title">{ "Tên đợt rà soát" }</label>
                    <input id="round-open-title" type="text" maxlength="200" ref={title} value={title_d}
                           aria-invalid={(!p.title.is_empty()).to_string()} aria-describedby="round-title-error" />
                    <FieldError id="round-title-error" messages={p.title.clone()} />
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="round-from">{ "Từ ngày" }</label>
                        <input id="round-from" type="date" ref={from} value={from_d.to_string()}
                               aria-invalid={(!p.period.is_empty()).to_string()} aria-describedby="round-period-error" />
                    </div>
                    <div class="field">
                        <label for="round-to">{ "Đến ngày" }</label>
                        <input id="round-to" type="date" ref={to} value={to_d.to_string()}
                               aria-invalid={(!p.period.is_empty()).to_string()} aria-describedby="round-period-error" />
                    </div>
                </div>
                <FieldError id="round-period-error" messages={p.period.clone()} />
                if let Some(e) = &*error {
                    <ErrorNotice error={e.clone()} />
                }
                <button id="round-open-submit" type="submit" class="primary" disabled={*busy} aria-busy={busy.to_string()}>
                    { if *busy { "Đang mở…" } else { "Mở đợt rà soát" } }
                </button>
            </form>
        </section>
    }
}
