//! "Ghi đơn xin ra khỏi Đảng" on a member's page: records the member's letter
//! (`POST /cases`) and opens the case it starts (DOMAIN.md §8.5).
//!
//! Ids: `exit-request-details`, `exit-request-form`, `exit-reason`, `exit-letter-date`,
//! `exit-request-submit`.

use crate::api::{self, ApiError};
use crate::app::Route;
use crate::components::field_error::FieldError;
use crate::components::status::ErrorNotice;
use crate::format;
use crate::pages::user::parse_date;
use rasoat_shared::MemberId;
use rasoat_shared::api::cases::ExitRequestInput;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;
use yew_router::prelude::use_navigator;

#[derive(Properties, PartialEq)]
pub struct ExitRequestFormProps {
    pub member: MemberId,
}

#[component]
pub fn ExitRequestForm(props: &ExitRequestFormProps) -> Html {
    let navigator = use_navigator();
    let reason = use_state(String::new);
    let letter_date = use_state(|| format::today().to_string());
    let busy = use_state(|| false);
    let reason_problems = use_state(Vec::<String>::new);
    let date_problems = use_state(Vec::<String>::new);
    let error = use_state(|| None::<ApiError>);
    let on_reason = {
        let reason = reason.clone();
        Callback::from(move |e: InputEvent| {
            reason.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_date = {
        let letter_date = letter_date.clone();
        Callback::from(move |e: Event| {
            letter_date.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onsubmit = {
        let (reason, letter_date, busy) = (reason.clone(), letter_date.clone(), busy.clone());
        let (reason_problems, date_problems, error) = (
            reason_problems.clone(),
            date_problems.clone(),
            error.clone(),
        );
        let member = props.member;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let text = reason.trim().to_string();
            let day = parse_date(&letter_date);
            let mut rp = Vec::new();
            let mut dp = Vec::new();
            if text.is_empty() {
                rp.push("Hãy ghi lý do đảng viên nêu trong đơn.".to_string());
            }
            match day {
                Ok(Some(d)) if d > format::today() => {
                    dp.push("Ngày viết đơn không thể sau hôm nay.".to_string())
                }
                Err(()) => dp.push("Ngày không hợp lệ.".to_string()),
                _ => {}
            }
            error.set(None);
            if !rp.is_empty() || !dp.is_empty() {
                reason_problems.set(rp);
                date_problems.set(dp);
                return;
            }
            reason_problems.set(Vec::new());
            date_problems.set(Vec::new());
            busy.set(true);
            let input = ExitRequestInput {
                member_id: member,
                letter_date: day.ok().flatten(),
                reason: text,
            };
            let (busy, reason_problems, date_problems, error, navigator) = (
                busy.clone(),
                reason_problems.clone(),
                date_problems.clone(),
                error.clone(),
                navigator.clone(),
            );
            spawn_local(async move {
                let result = api::create_exit_request(&input).await;
                busy.set(false);
                match result {
                    Ok(d) => {
                        if let Some(nav) = navigator {
                            nav.push(&Route::Case { id: d.case.id });
                        }
                    }
                    Err(e) => {
                        let rp = e.field_messages("reason");
                        let dp = e.field_messages("letter_date");
                        if rp.is_empty() && dp.is_empty() {
                            error.set(Some(e));
                        }
                        reason_problems.set(rp);
                        date_problems.set(dp);
                    }
                }
            });
        })
    };
    html! {
        <details class="record-form no-print" id="exit-request-details">
            <summary>{ "Ghi đơn xin ra khỏi Đảng" }</summary>
            <form class="stack-form" id="exit-request-form" {onsubmit} novalidate=true>
                <div class="field">
                    <label for="exit-reason">{ "Lý do đảng viên nêu trong đơn" }</label>
                    <textarea id="exit-reason" rows="3" maxlength="4000" value={(*reason).clone()} oninput={on_reason}
                              aria-describedby="exit-reason-error" />
                    <FieldError id="exit-reason-error" messages={(*reason_problems).clone()} />
                </div>
                <div class="field">
                    <label for="exit-letter-date">{ "Ngày viết đơn" }</label>
                    <input id="exit-letter-date" type="date" max={format::today().to_string()}
                           value={(*letter_date).clone()} onchange={on_date} aria-describedby="exit-letter-date-error" />
                    <FieldError id="exit-letter-date-error" messages={(*date_problems).clone()} />
                </div>
                if let Some(e) = &*error {
                    <ErrorNotice error={e.clone()} />
                }
                <button type="submit" class="primary" id="exit-request-submit" disabled={*busy} aria-busy={busy.to_string()}>
                    { if *busy { "Đang ghi…" } else { "Ghi đơn và mở hồ sơ" } }
                </button>
            </form>
        </details>
    }
}
