//! The tallies of a vote, with the verdict the server will compute shown live as the
//! numbers are typed (the shared `verdict` with the rule of the act).

use crate::cases::{
    FormContext, VoteFields, asks_body_size, asks_method, live_verdict, messages, verdict_text,
};
use crate::components::field_error::FieldError;
use rasoat_shared::cases::TransitionKind;
use rasoat_shared::cases::vote::{VoteMethod, check_tally};
use rasoat_shared::error::FieldError as Problem;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct VoteFormProps {
    pub kind: TransitionKind,
    pub ctx: FormContext,
    pub fields: VoteFields,
    pub onchange: Callback<VoteFields>,
    /// Problems found here or by the server (`vote.present`, …).
    pub problems: Vec<Problem>,
}

/// One count input: `vote-{name}`, its problems under `vote-{name}-error`.
fn count_input(
    name: &'static str,
    label: &'static str,
    value: &str,
    problems: &[Problem],
    oninput: Callback<InputEvent>,
) -> Html {
    let id = format!("vote-{}", name.replace('_', "-"));
    let err_id = format!("{id}-error");
    let msgs = messages(problems, &format!("vote.{name}"));
    html! {
        <div class="field count-field">
            <label for={id.clone()}>{ label }</label>
            <input id={id} type="text" inputmode="numeric" pattern="[0-9]*" maxlength="5"
                   value={value.to_string()} {oninput}
                   aria-invalid={(!msgs.is_empty()).to_string()} aria-describedby={err_id.clone()} />
            <FieldError id={err_id} messages={msgs} />
        </div>
    }
}

#[component]
pub fn VoteForm(props: &VoteFormProps) -> Html {
    let set = |pick: fn(&mut VoteFields) -> &mut String| {
        let (fields, onchange) = (props.fields.clone(), props.onchange.clone());
        Callback::from(move |e: InputEvent| {
            let mut next = fields.clone();
            *pick(&mut next) = e.target_unchecked_into::<HtmlInputElement>().value();
            onchange.emit(next);
        })
    };
    let on_method = {
        let (fields, onchange) = (props.fields.clone(), props.onchange.clone());
        Callback::from(move |e: Event| {
            let mut next = fields.clone();
            next.method =
                VoteMethod::from_code(&e.target_unchecked_into::<HtmlSelectElement>().value());
            onchange.emit(next);
        })
    };
    let f = &props.fields;
    let p = &props.problems;
    let live = live_verdict(props.kind, &props.ctx, f);
    let base_line = if asks_body_size(props.kind) {
        "Cơ sở tính: tổng số ủy viên của cấp ủy (nhập ở ô dưới), không phải số có mặt.".to_string()
    } else {
        format!(
            "Cơ sở tính: {} đảng viên có quyền biểu quyết ({}).",
            props.ctx.roll.eligible(),
            crate::cases::roll_text(&props.ctx.roll)
        )
    };
    html! {
        <fieldset class="vote-form" id="vote-form">
            <legend>{ "Kết quả biểu quyết" }</legend>
            <p class="hint" id="vote-base">{ base_line }</p>
            if asks_method(props.kind) {
                <div class="field">
                    <label for="vote-method">{ "Hình thức biểu quyết" }</label>
                    <select id="vote-method" onchange={on_method}>
                        { for VoteMethod::ALL.iter().map(|m| html! {
                            <option value={m.code()}
                                    selected={f.method.unwrap_or(VoteMethod::SecretBallot) == *m}>{ m.label_vi() }</option>
                        }) }
                    </select>
                </div>
            } else {
                <p class="hint">{ "Bỏ phiếu kín (bắt buộc khi đưa vào danh sách)." }</p>
            }
            <div class="field-row">
                if asks_body_size(props.kind) {
                    { count_input("body_size", "Tổng số ủy viên", &f.body_size, p, set(|v| &mut v.body_size)) }
                }
                { count_input("present", "Có mặt", &f.present, p, set(|v| &mut v.present)) }
                { count_input("yes", "Đồng ý", &f.yes, p, set(|v| &mut v.yes)) }
                { count_input("no", "Không đồng ý", &f.no, p, set(|v| &mut v.no)) }
                { count_input("invalid", "Không hợp lệ", &f.invalid, p, set(|v| &mut v.invalid)) }
            </div>
            <FieldError id="vote-base-error" messages={messages(p, "vote.base")} />
            // The shared checks as the numbers are typed (once "present" is, so that typing
            // the yes votes first does not flash a problem).
            if let (Some((_, tally, _)), false) = (live, f.present.trim().is_empty()) {
                <ul class="field-error plain-list" id="vote-live-problems" aria-live="polite">
                    { for check_tally(&tally).into_iter().map(|x| html! { <li>{ x.message }</li> }) }
                </ul>
            }
            <p class="vote-verdict" id="vote-verdict" role="status" aria-live="polite"
               data-passed={live.map(|(_, _, v)| v.passed.to_string()).unwrap_or_default()}>
                { match live {
                    Some((rule, _, v)) => html! {
                        <span class={classes!("verdict", if v.passed { "passed" } else { "failed" })}>
                            { verdict_text(rule, &v) }
                        </span>
                    },
                    None => html! { <span class="muted">{ "Nhập tổng số ủy viên để tính số phiếu cần đạt." }</span> },
                } }
            </p>
        </fieldset>
    }
}
