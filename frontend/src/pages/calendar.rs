//! The working-day calendar (`/calendar`, "Lịch ngày làm việc"): the days of a year that
//! differ from the Monday-to-Friday week, which every working-day deadline is counted on.
//! Province administrators correct it (each year's Tết schedule and swapped days).
//!
//! Ids: `calendar-year`, `calendar-working-days`, `calendar-days` (rows `day-{yyyy-mm-dd}`,
//! buttons `day-edit-{date}`, `day-delete-{date}` and
//! `day-delete-confirm-{date}`), the form `calendar-form` with
//! `calendar-date`, `calendar-kind`, `calendar-name`, `calendar-save`.

use crate::active_role::{may_as, use_active_role};
use crate::api::{self, ApiError};
use crate::components::field_error::FieldError;
use crate::components::status::{ErrorNotice, Loading};
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use crate::pages::user::parse_date;
use chrono::{Datelike, NaiveDate};
use rasoat_shared::access::Action;
use rasoat_shared::api::cases::CalendarDayInput;
use rasoat_shared::cases::calendar::DayKind;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What the edit form holds.
#[derive(Debug, Clone, PartialEq)]
struct DayDraft {
    date: String,
    kind: DayKind,
    name: String,
}

impl Default for DayDraft {
    fn default() -> DayDraft {
        DayDraft {
            date: String::new(),
            kind: DayKind::Holiday,
            name: String::new(),
        }
    }
}

#[component]
pub fn CalendarPage() -> Html {
    dom::use_title("Lịch ngày làm việc".to_string());
    let active = use_active_role();
    let may_edit = may_as(active.as_ref(), Action::ManageCalendar);
    let this_year = format::today().year();
    let year = use_state(|| this_year);
    let reload = use_state(|| 0u32);
    let cal = use_fetch((*year, *reload), |(y, _)| api::calendar(Some(y)));
    let draft = use_state(DayDraft::default);
    let busy = use_state(|| false);
    let problems = use_state(Vec::<rasoat_shared::error::FieldError>::new);
    let error = use_state(|| None::<ApiError>);

    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };
    let on_year = {
        let year = year.clone();
        Callback::from(move |e: Event| {
            if let Ok(y) = e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse()
            {
                year.set(y);
            }
        })
    };
    let on_date = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let mut d = (*draft).clone();
            d.date = e.target_unchecked_into::<HtmlInputElement>().value();
            draft.set(d);
        })
    };
    let on_kind = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let mut d = (*draft).clone();
            d.kind = DayKind::from_code(&e.target_unchecked_into::<HtmlSelectElement>().value())
                .unwrap_or(DayKind::Holiday);
            draft.set(d);
        })
    };
    let on_name = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let mut d = (*draft).clone();
            d.name = e.target_unchecked_into::<HtmlInputElement>().value();
            draft.set(d);
        })
    };
    let settle = {
        let (busy, reload, error) = (busy.clone(), reload.clone(), error.clone());
        move |result: Result<(), ApiError>| {
            busy.set(false);
            match result {
                Ok(()) => reload.set(reload.wrapping_add(1)),
                Err(e) => error.set(Some(e)),
            }
        }
    };
    let onsubmit = {
        let (draft, busy, problems, error) =
            (draft.clone(), busy.clone(), problems.clone(), error.clone());
        let settle = settle.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let mut p = Vec::new();
            let day = match parse_date(&draft.date) {
                Ok(Some(d)) => Some(d),
                _ => {
                    p.push(problem("date", "Hãy chọn ngày."));
                    None
                }
            };
            let name = draft.name.trim().to_string();
            if name.is_empty() {
                p.push(problem(
                    "name_vi",
                    "Hãy ghi tên ngày (ví dụ Tết Nguyên đán).",
                ));
            }
            error.set(None);
            let (Some(day), true) = (day, p.is_empty()) else {
                problems.set(p);
                return;
            };
            problems.set(Vec::new());
            busy.set(true);
            let input = CalendarDayInput {
                kind: draft.kind,
                name_vi: name,
            };
            let (draft, problems, error, settle) = (
                draft.clone(),
                problems.clone(),
                error.clone(),
                settle.clone(),
            );
            spawn_local(async move {
                let result = api::put_calendar_day(day, &input).await;
                match result {
                    Ok(_) => {
                        draft.set(DayDraft::default());
                        settle(Ok(()));
                    }
                    Err(e) if !e.field_errors().is_empty() => {
                        problems.set(e.field_errors().to_vec());
                        error.set(None);
                        settle(Ok(()));
                    }
                    Err(e) => settle(Err(e)),
                }
            });
        })
    };
    // Deleting asks once more in the row: a removed holiday moves every deadline over it.
    let confirm = use_state(|| None::<NaiveDate>);
    let ask_delete = |day: NaiveDate| {
        let confirm = confirm.clone();
        Callback::from(move |_: MouseEvent| {
            confirm.set(if *confirm == Some(day) {
                None
            } else {
                Some(day)
            })
        })
    };
    let delete = |day: NaiveDate| {
        let (busy, error, settle, confirm) =
            (busy.clone(), error.clone(), settle.clone(), confirm.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            confirm.set(None);
            busy.set(true);
            error.set(None);
            let settle = settle.clone();
            spawn_local(async move { settle(api::delete_calendar_day(day).await) });
        })
    };
    let edit = |day: NaiveDate, kind: DayKind, name: String| {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            draft.set(DayDraft {
                date: day.to_string(),
                kind,
                name: name.clone(),
            });
            dom::focus_id("calendar-name");
        })
    };

    let body = match &*cal {
        FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
        FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
        FetchState::Success(c) => html! {
            <>
                <p id="calendar-working-days">{ format!("Năm {} có {} ngày làm việc theo lịch này.", c.year, format::count(u64::from(c.working_days))) }</p>
                if c.days.is_empty() {
                    <p class="muted">{ "Năm này chưa có ngày nghỉ lễ hay ngày làm bù nào." }</p>
                } else {
                    <table class="member-table admin-table" id="calendar-days">
                        <thead><tr>
                            <th scope="col">{ "Ngày" }</th>
                            <th scope="col">{ "Thứ" }</th>
                            <th scope="col">{ "Loại" }</th>
                            <th scope="col">{ "Tên" }</th>
                            if may_edit {
                                <th scope="col"><span class="visually-hidden">{ "Thao tác" }</span></th>
                            }
                        </tr></thead>
                        <tbody>
                            { for c.days.iter().map(|d| html! {
                                <tr key={d.date.to_string()} id={format!("day-{}", d.date)}>
                                    <th scope="row">{ format::date(d.date) }</th>
                                    <td data-label="Thứ">{ format::weekday_vi(d.date) }</td>
                                    <td data-label="Loại">{ d.kind.label_vi() }</td>
                                    <td data-label="Tên">{ &d.name_vi }</td>
                                    if may_edit {
                                        <td class="no-print">
                                            <button type="button" class="secondary" id={format!("day-edit-{}", d.date)}
                                                    onclick={edit(d.date, d.kind, d.name_vi.clone())}>{ "Sửa" }</button>
                                            { " " }
                                            <button type="button" class="secondary danger" id={format!("day-delete-{}", d.date)}
                                                    aria-expanded={(*confirm == Some(d.date)).to_string()}
                                                    disabled={*busy} onclick={ask_delete(d.date)}>
                                                { if *confirm == Some(d.date) { "Không xóa" } else { "Xóa" } }
                                            </button>
                                            if *confirm == Some(d.date) {
                                                { " " }
                                                <button type="button" class="danger" id={format!("day-delete-confirm-{}", d.date)}
                                                        disabled={*busy} onclick={delete(d.date)}>{ "Xác nhận xóa" }</button>
                                            }
                                        </td>
                                    }
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            </>
        },
    };
    let p = &*problems;
    let msgs = |f: &str| {
        p.iter()
            .filter(|x| x.field == f)
            .map(|x| x.message.clone())
            .collect::<Vec<_>>()
    };
    html! {
        <>
            <h1>{ "Lịch ngày làm việc" }</h1>
            <p class="muted">{ "Thứ Hai đến Thứ Sáu là ngày làm việc, trừ các ngày nghỉ lễ, Tết dưới đây; các ngày làm bù được tính là ngày làm việc. Thời hạn tính theo ngày làm việc dựa trên lịch này." }</p>
            <div class="filters no-print">
                <div class="field">
                    <label for="calendar-year">{ "Năm" }</label>
                    <select id="calendar-year" onchange={on_year}>
                        { for (this_year - 5..=this_year + 4).map(|y| html! {
                            <option value={y.to_string()} selected={*year == y}>{ y }</option>
                        }) }
                    </select>
                </div>
            </div>
            { body }
            if may_edit {
                <form class="stack-form no-print" id="calendar-form" {onsubmit} novalidate=true>
                    <h2>{ "Thêm hoặc sửa một ngày" }</h2>
                    <div class="field-row">
                        <div class="field">
                            <label for="calendar-date">{ "Ngày" }</label>
                            <input id="calendar-date" type="date" value={draft.date.clone()} onchange={on_date}
                                   aria-describedby="calendar-date-error" />
                            <FieldError id="calendar-date-error" messages={msgs("date")} />
                        </div>
                        <div class="field">
                            <label for="calendar-kind">{ "Loại" }</label>
                            <select id="calendar-kind" onchange={on_kind}>
                                { for DayKind::ALL.iter().map(|k| html! {
                                    <option value={k.code()} selected={*k == draft.kind}>{ k.label_vi() }</option>
                                }) }
                            </select>
                        </div>
                    </div>
                    <div class="field">
                        <label for="calendar-name">{ "Tên ngày" }</label>
                        <input id="calendar-name" type="text" maxlength="200" value={draft.name.clone()} oninput={on_name}
                               aria-describedby="calendar-name-error" />
                        <FieldError id="calendar-name-error" messages={msgs("name_vi")} />
                    </div>
                    if let Some(e) = &*error {
                        <ErrorNotice error={e.clone()} />
                    }
                    <button type="submit" class="primary" id="calendar-save" disabled={*busy} aria-busy={busy.to_string()}>
                        { if *busy { "Đang lưu…" } else { "Lưu ngày" } }
                    </button>
                </form>
            }
        </>
    }
}

fn problem(field: &str, message: &str) -> rasoat_shared::error::FieldError {
    rasoat_shared::error::FieldError {
        field: field.to_string(),
        code: "invalid".to_string(),
        message: message.to_string(),
    }
}
