//! The acts the caller may record on a case now: one form per entry of
//! `CaseDetail.available`, opened one at a time (so that the field ids stay unique and a
//! phone shows one form, not all of them). The request is built and checked by
//! `crate::cases`; the server checks again with the same shared rules.

use crate::api::{self, ApiError};
use crate::cases::{
    ActionFields, FormContext, action_in_query, allowed_forms, asks_text, build_request,
    decides_without_vote, messages, shown_fields, unplaced, vote_rule,
};
use crate::components::field_error::FieldError;
use crate::components::status::ErrorNotice;
use crate::components::vote_form::VoteForm;
use crate::fetch::use_fetch;
use crate::format;
use rasoat_shared::ErrorCode;
use rasoat_shared::api::cases::{CaseDetail, DocumentBrief};
use rasoat_shared::api::members::MemberQuery;
use rasoat_shared::cases::machine::{AppealResult, OutcomeChoice};
use rasoat_shared::cases::{RemovalForm, TransitionKind};
use rasoat_shared::criteria::{CasePath, Criterion};
use rasoat_shared::error::FieldError as Problem;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// What a recorded act leaves: the case as it is now, what to tell the user, and the
/// documents the act produced (to print them straight away).
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub case: CaseDetail,
    pub message: String,
    pub documents: Vec<DocumentBrief>,
}

#[derive(Properties, PartialEq)]
pub struct ActionsPanelProps {
    pub detail: Rc<CaseDetail>,
    /// The case as the transition left it, and what to tell the user.
    pub onupdated: Callback<Recorded>,
    /// Read the case again (after someone else moved it).
    pub onreload: Callback<()>,
}

pub fn form_context(d: &CaseDetail) -> FormContext {
    FormContext {
        path: d.case.path,
        criteria: d.case.criteria.clone(),
        removal_form: d.case.removal_form,
        roll: d.roll,
        competent_level: d.bodies.ids.competent.level,
        member: d.case.member_id,
    }
}

#[component]
pub fn ActionsPanel(props: &ActionsPanelProps) -> Html {
    let location = yew_router::prelude::use_location();
    let open = use_state(|| {
        location
            .as_ref()
            .and_then(|l| action_in_query(l.query_str()))
    });
    let d = &props.detail;
    if d.available.is_empty() {
        return html! {};
    }
    // A form left open on an act the case no longer allows closes by itself.
    let current = (*open).filter(|k| d.available.contains(k));
    let on_done = {
        let (open, onupdated) = (open.clone(), props.onupdated.clone());
        Callback::from(move |x: Recorded| {
            open.set(None);
            onupdated.emit(x);
        })
    };
    html! {
        <section class="case-actions no-print" aria-labelledby="case-actions-heading">
            <h2 id="case-actions-heading">{ "Ghi nhận bước tiếp theo" }</h2>
            <ul class="action-list" id="case-actions">
                { for d.available.iter().map(|k| {
                    let kind = *k;
                    let is_open = current == Some(kind);
                    let toggle = {
                        let open = open.clone();
                        Callback::from(move |_: MouseEvent| {
                            open.set(if is_open { None } else { Some(kind) })
                        })
                    };
                    html! {
                        <li key={kind.code()}>
                            <button type="button" id={format!("action-{}", kind.code())}
                                    class={if is_open { "primary" } else { "secondary" }}
                                    aria-expanded={is_open.to_string()}
                                    aria-controls={format!("form-{}", kind.code())}
                                    onclick={toggle}>
                                { kind.label_vi() }
                            </button>
                            if is_open {
                                <ActionForm key={format!("{}-{}", kind.code(), d.case.version)}
                                            kind={kind} detail={d.clone()}
                                            ondone={on_done.clone()} onreload={props.onreload.clone()} />
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ActionFormProps {
    kind: TransitionKind,
    detail: Rc<CaseDetail>,
    ondone: Callback<Recorded>,
    onreload: Callback<()>,
}

/// The text of the input or text area an event came from.
fn input_text(e: &InputEvent) -> String {
    let target = e.target();
    if let Some(t) = target
        .as_ref()
        .and_then(|t| t.dyn_ref::<HtmlTextAreaElement>())
    {
        return t.value();
    }
    target
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

/// A select's value as an enum of the shared catalogues (empty: none chosen).
fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlSelectElement>().value()
}

#[component]
fn ActionForm(props: &ActionFormProps) -> Html {
    let kind = props.kind;
    let d = &props.detail;
    let ctx = form_context(d);
    let today = format::today();
    let fields = use_state(|| ActionFields::new(today));
    let problems = use_state(Vec::<Problem>::new);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    // The branch's active members, for choosing a helper.
    let wants_members = kind == TransitionKind::AssignHelper;
    let members = use_fetch(
        (wants_members, d.case.unit_id),
        |(wants, unit)| async move {
            if !wants {
                return Ok(None);
            }
            api::members(&MemberQuery {
                unit: Some(unit),
                limit: Some(200),
                ..MemberQuery::default()
            })
            .await
            .map(Some)
        },
    );

    // One setter per kind of field, each writing into a copy of the form.
    let on_input = |apply: fn(&mut ActionFields, String)| {
        let fields = fields.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*fields).clone();
            apply(&mut next, input_text(&e));
            fields.set(next);
        })
    };
    let on_select = |apply: fn(&mut ActionFields, String)| {
        let fields = fields.clone();
        Callback::from(move |e: Event| {
            let mut next = (*fields).clone();
            apply(&mut next, select_value(&e));
            fields.set(next);
        })
    };
    let on_check = |apply: fn(&mut ActionFields, bool)| {
        let fields = fields.clone();
        Callback::from(move |e: Event| {
            let mut next = (*fields).clone();
            apply(
                &mut next,
                e.target_unchecked_into::<HtmlInputElement>().checked(),
            );
            fields.set(next);
        })
    };
    let on_votes = {
        let fields = fields.clone();
        Callback::from(move |v| {
            let mut next = (*fields).clone();
            next.vote = v;
            fields.set(next);
        })
    };

    let onsubmit = {
        let (fields, problems, error, busy) = (
            fields.clone(),
            problems.clone(),
            error.clone(),
            busy.clone(),
        );
        let (ctx, ondone) = (ctx.clone(), props.ondone.clone());
        let (id, version) = (d.case.id, d.case.version);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            error.set(None);
            let req = match build_request(kind, &ctx, &fields, format::today()) {
                Ok(r) => r,
                Err(p) => {
                    problems.set(p);
                    return;
                }
            };
            problems.set(Vec::new());
            busy.set(true);
            let (problems, error, busy, ondone) = (
                problems.clone(),
                error.clone(),
                busy.clone(),
                ondone.clone(),
            );
            spawn_local(async move {
                let result = api::transition(id, version, &req).await;
                busy.set(false);
                match result {
                    Ok(r) => {
                        let message = format!(
                            "Đã ghi: {}. Hồ sơ chuyển sang “{}”.",
                            kind.label_vi(),
                            r.case.case.state.label_vi()
                        );
                        ondone.emit(Recorded {
                            case: r.case,
                            message,
                            documents: r.documents,
                        });
                    }
                    Err(e) => {
                        let by_field = e.field_errors().to_vec();
                        if by_field.is_empty() {
                            error.set(Some(e));
                        }
                        problems.set(by_field);
                    }
                }
            });
        })
    };

    let f = &*fields;
    let p = &*problems;
    let err = |field: &str, id: &str| html! { <FieldError id={id.to_string()} messages={messages(p, field)} /> };
    let code = kind.code();
    html! {
        <form class="stack-form action-form" id={format!("form-{code}")} {onsubmit} novalidate=true>
            <div class="field">
                <label for="action-on">{ on_label(kind) }</label>
                <input id="action-on" type="date" max={today.to_string()} value={f.on.clone()}
                       oninput={on_input(|f, v| f.on = v)} aria-describedby="action-on-error" />
                { err("on", "action-on-error") }
            </div>

            if kind == TransitionKind::RecordUpperGuidance {
                <fieldset class="field" aria-describedby="action-agree-error">
                    <legend>{ "Ý kiến của cấp ủy cấp trên" }</legend>
                    <label><input type="radio" name="agree" id="action-agree-yes" checked={f.agree == Some(true)}
                                  onchange={on_check(|f, c| if c { f.agree = Some(true) })} />{ " Đồng ý đưa vào danh sách" }</label>
                    <label><input type="radio" name="agree" id="action-agree-no" checked={f.agree == Some(false)}
                                  onchange={on_check(|f, c| if c { f.agree = Some(false) })} />{ " Không đồng ý" }</label>
                    { err("agree", "action-agree-error") }
                </fieldset>
            }

            if kind == TransitionKind::OutcomeVote {
                <div class="field">
                    <label for="action-choice">{ "Nội dung biểu quyết" }</label>
                    <select id="action-choice" onchange={on_select(|f, v| f.choice = OutcomeChoice::from_code(&v))}
                            aria-describedby="action-choice-error">
                        <option value="" selected={f.choice.is_none()}>{ "— Chọn —" }</option>
                        { for OutcomeChoice::ALL.iter().map(|c| html! {
                            <option value={c.code()} selected={f.choice == Some(*c)}>{ c.label_vi() }</option>
                        }) }
                    </select>
                    { err("choice", "action-choice-error") }
                </div>
                if f.choice == Some(OutcomeChoice::Remove) {
                    { form_select(Criterion::B11.removal_forms(), f.form, on_select(|f, v| f.form = RemovalForm::from_code(&v)), err("form", "action-form-error")) }
                    <div class="field">
                        <label for="action-ground">{ "Căn cứ" }</label>
                        <select id="action-ground" onchange={on_select(|f, v| f.ground = Criterion::from_code(&v))}
                                aria-describedby="action-ground-error">
                            { for [Criterion::B11, Criterion::B4].iter().map(|c| html! {
                                <option value={c.code()} selected={f.ground == Some(*c)}>{ format!("{} — {}", c.short(), c.label_vi()) }</option>
                            }) }
                        </select>
                        { err("ground", "action-ground-error") }
                    </div>
                }
                if f.choice == Some(OutcomeChoice::Continue) {
                    <div class="field">
                        <label for="action-extension-months">{ "Số tháng tiếp tục giáo dục, giúp đỡ (để trống: theo quy định)" }</label>
                        <input id="action-extension-months" type="text" inputmode="numeric" maxlength="2"
                               value={f.extension_months.clone()} oninput={on_input(|f, v| f.extension_months = v)}
                               aria-describedby="action-extension-months-error" />
                        { err("extension_months", "action-extension-months-error") }
                    </div>
                }
            }

            if kind == TransitionKind::RemovalVote {
                { form_select(&allowed_forms(&ctx.criteria), f.form, on_select(|f, v| f.form = RemovalForm::from_code(&v)), err("form", "action-form-error")) }
            }

            if kind == TransitionKind::AssignHelper {
                <div class="field">
                    <label for="action-helper">{ "Đảng viên được phân công giúp đỡ" }</label>
                    <select id="action-helper" onchange={on_select(|f, v| f.helper = v.parse().ok())}
                            aria-describedby="action-helper-error">
                        <option value="" selected={f.helper.is_none()}>{ "— Chọn —" }</option>
                        { for members.data().and_then(|m| m.as_ref().as_ref()).into_iter().flat_map(|m| m.items.iter())
                            .filter(|m| m.id != ctx.member)
                            .map(|m| html! {
                                <option value={m.id.to_string()} selected={f.helper == Some(m.id)}>
                                    { format!("{} ({})", m.full_name, m.membership.label_vi()) }
                                </option>
                            }) }
                    </select>
                    if members.is_loading() {
                        <p class="muted small">{ "Đang tải danh sách đảng viên…" }</p>
                    }
                    if let crate::fetch::FetchState::Failed(e) = &*members {
                        <ErrorNotice error={e.clone()} />
                    }
                    { err("helper_member_id", "action-helper-error") }
                </div>
            }

            if vote_rule(kind, &ctx).is_some() {
                <VoteForm kind={kind} ctx={ctx.clone()} fields={f.vote.clone()} onchange={on_votes} problems={p.clone()} />
            }

            if decides_without_vote(kind, &ctx) {
                <div class="field checkbox">
                    <label><input type="checkbox" id="action-adopted" checked={f.adopted}
                                  onchange={on_check(|f, c| f.adopted = c)} />
                        { " Cấp có thẩm quyền quyết định khai trừ" }</label>
                </div>
            }

            if kind == TransitionKind::Decide {
                <fieldset class="decision-fields">
                    <legend>{ "Quyết định" }</legend>
                    <div class="field-row">
                        <div class="field">
                            <label for="decision-signer-name">{ "Người ký" }</label>
                            <input id="decision-signer-name" type="text" maxlength="200" value={f.signer_name.clone()}
                                   oninput={on_input(|f, v| f.signer_name = v)} aria-describedby="decision-signer-name-error" />
                            { err("decision.signer_name", "decision-signer-name-error") }
                        </div>
                        <div class="field">
                            <label for="decision-signer-title">{ "Chức vụ người ký" }</label>
                            <input id="decision-signer-title" type="text" maxlength="100" value={f.signer_title.clone()}
                                   oninput={on_input(|f, v| f.signer_title = v)} aria-describedby="decision-signer-title-error" />
                            { err("decision.signer_title", "decision-signer-title-error") }
                        </div>
                    </div>
                    <div class="field-row">
                        <div class="field">
                            <label for="decision-number">{ "Số quyết định (để trống: số tiếp theo)" }</label>
                            <input id="decision-number" type="text" inputmode="numeric" maxlength="9" value={f.number.clone()}
                                   oninput={on_input(|f, v| f.number = v)} aria-describedby="decision-number-error" />
                            { err("decision.number", "decision-number-error") }
                        </div>
                        <div class="field">
                            <label for="decision-received-on">{ "Ngày đảng viên nhận quyết định" }</label>
                            <input id="decision-received-on" type="date" max={today.to_string()} value={f.received_on.clone()}
                                   oninput={on_input(|f, v| f.received_on = v)} aria-describedby="decision-received-on-error" />
                            { err("decision.received_on", "decision-received-on-error") }
                        </div>
                    </div>
                </fieldset>
            }

            if kind == TransitionKind::ResolveAppeal {
                <div class="field">
                    <label for="action-appeal-result">{ "Kết quả giải quyết" }</label>
                    <select id="action-appeal-result" onchange={on_select(|f, v| f.appeal_result = AppealResult::from_code(&v))}
                            aria-describedby="action-appeal-result-error">
                        <option value="" selected={f.appeal_result.is_none()}>{ "— Chọn —" }</option>
                        { for AppealResult::ALL.iter().map(|r| html! {
                            <option value={r.code()} selected={f.appeal_result == Some(*r)}>{ r.label_vi() }</option>
                        }) }
                    </select>
                    { err("appeal_result", "action-appeal-result-error") }
                </div>
            }

            if kind == TransitionKind::RecordSelfReview {
                <div class="field checkbox">
                    <label><input type="checkbox" id="action-refused" checked={f.refused}
                                  onchange={on_check(|f, c| f.refused = c)} />
                        { " Đảng viên cố ý không viết bản tự kiểm điểm" }</label>
                </div>
            }

            if kind == TransitionKind::Finalise && ctx.path == CasePath::VVoluntary {
                <div class="field checkbox">
                    <label><input type="checkbox" id="action-family-hardship" checked={f.family_hardship}
                                  onchange={on_check(|f, c| f.family_hardship = c)} />
                        { " Đảng viên có hoàn cảnh gia đình đặc biệt khó khăn (không bị cấm kết nạp lại)" }</label>
                </div>
            }

            if asks_text(kind) {
                <div class="field">
                    <label for="action-text">{ text_label(kind) }</label>
                    <textarea id="action-text" rows="4" maxlength="8000" value={f.text.clone()}
                              oninput={on_input(|f, v| f.text = v)} aria-describedby="action-text-error" />
                    { err("text", "action-text-error") }
                </div>
            } else {
                <div class="field">
                    <label for="action-note">{ "Ghi chú (không bắt buộc)" }</label>
                    <textarea id="action-note" rows="2" maxlength="4000" value={f.note.clone()}
                              oninput={on_input(|f, v| f.note = v)} aria-describedby="action-note-error" />
                    { err("note", "action-note-error") }
                </div>
            }

            if !unplaced(p, &shown_fields(kind, &ctx)).is_empty() {
                <div class="error" role="alert" id="action-problems">
                    { for unplaced(p, &shown_fields(kind, &ctx)).into_iter().map(|m| html! { <p>{ m }</p> }) }
                </div>
            }
            { transition_error(&error, &props.onreload) }
            <button type="submit" class="primary" id={format!("submit-{code}")} disabled={*busy} aria-busy={busy.to_string()}>
                { if *busy { "Đang ghi…".to_string() } else { format!("Ghi: {}", kind.label_vi()) } }
            </button>
        </form>
    }
}

fn form_select(
    forms: &[RemovalForm],
    chosen: Option<RemovalForm>,
    onchange: Callback<Event>,
    error: Html,
) -> Html {
    html! {
        <div class="field">
            <label for="action-form">{ "Hình thức đưa ra khỏi Đảng" }</label>
            <select id="action-form" {onchange} aria-describedby="action-form-error">
                <option value="" selected={chosen.is_none()}>{ "— Chọn —" }</option>
                { for forms.iter().map(|f| html! {
                    <option value={f.code()} selected={chosen == Some(*f)}>{ f.label_vi() }</option>
                }) }
            </select>
            { error }
        </div>
    }
}

fn on_label(kind: TransitionKind) -> &'static str {
    use TransitionKind::*;
    match kind {
        ListingVote | OutcomeVote | RemovalVote => "Ngày họp chi bộ",
        GrassrootsVote => "Ngày họp đảng ủy",
        Decide | ResolveAppeal => "Ngày ký quyết định",
        FileAppeal | RecordCommitment | RecordSelfReview => "Ngày viết",
        _ => "Ngày",
    }
}

fn text_label(kind: TransitionKind) -> &'static str {
    use TransitionKind::*;
    match kind {
        RecordCommitment => "Nội dung bản cam kết, kế hoạch khắc phục",
        RecordSelfReview => "Nội dung bản tự kiểm điểm",
        FileAppeal => "Nội dung đơn khiếu nại",
        _ => "Lý do đóng hồ sơ",
    }
}

/// A refusal reads the server's reason; a stale case offers the reload; anything else
/// reads as any other error.
fn transition_error(error: &Option<ApiError>, onreload: &Callback<()>) -> Html {
    let Some(e) = error else {
        return html! {};
    };
    match e.code() {
        Some(ErrorCode::PreconditionFailed) => {
            let reload = onreload.reform(|_: MouseEvent| ());
            html! {
                <div class="error" role="alert" id="case-stale">
                    <p class="error-message">{ "Hồ sơ đã được người khác cập nhật. Hãy tải lại để xem bước mới nhất rồi ghi lại." }</p>
                    <button type="button" class="secondary" id="case-reload" onclick={reload}>{ "Tải lại hồ sơ" }</button>
                </div>
            }
        }
        Some(ErrorCode::TransitionRefused) => html! {
            <div class="error" role="alert" id="action-refused-reason">
                <p class="error-message">{ e.detail().unwrap_or(e.message_vi()) }</p>
            </div>
        },
        Some(ErrorCode::TransitionNotAllowed) => {
            let reload = onreload.reform(|_: MouseEvent| ());
            html! {
                <div class="error" role="alert" id="action-not-allowed">
                    <p class="error-message">{ e.detail().unwrap_or(e.message_vi()) }</p>
                    <button type="button" class="secondary" id="case-reload" onclick={reload}>{ "Tải lại hồ sơ" }</button>
                </div>
            }
        }
        _ => html! { <ErrorNotice error={e.clone()} id="action-error" /> },
    }
}
