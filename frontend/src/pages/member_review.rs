//! Hồ sơ rà soát of one member (`GET /members/{id}/review-record`): ratings by period with
//! the regulation that governed each, discipline with its effect period, violations, the
//! last months of meetings and dues, and the cases opened; plus the forms that record a
//! discipline decision or a violation, for the roles that record review inputs.

use crate::active_role::{may_as, use_active_role};
use crate::api::{self, ApiError};
use crate::app::Route;
use crate::cases::criteria_short;
use crate::components::field_error::FieldError;
use crate::components::status::{ErrorNotice, Loading};
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use crate::pages::user::parse_date;
use crate::review::score_text;
use chrono::NaiveDate;
use rasoat_shared::MemberId;
use rasoat_shared::access::Action;
use rasoat_shared::api::members::Member;
use rasoat_shared::api::review::{
    DisciplineInput, DisciplineRecord, DocumentRef, MonthlyRecord, ReviewRecord, ViolationInput,
};
use rasoat_shared::attendance::{Attendance, Dues, month_label};
use rasoat_shared::discipline::{DisciplineForm, DisciplineKind, check_form};
use rasoat_shared::member::{Membership, StateEmployment};
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;
use yew_router::prelude::Link;

/// "Từ 15/03/2024 đến 14/03/2025", or without end for an expulsion.
pub fn effect_label(d: &DisciplineRecord) -> String {
    match d.effect.until {
        Some(u) => format!("Từ {} đến {}", format::date(d.effect.from), format::date(u)),
        None => format!("Từ {} (không thời hạn)", format::date(d.effect.from)),
    }
}

/// "năm 2025" → "Năm 2025" (at the head of a table row).
pub fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "Vắng mặt (ốm; lý do chính đáng)".
pub fn month_attendance(m: &MonthlyRecord) -> String {
    match m.attendance {
        None => format::DASH.to_string(),
        Some(Attendance::Absent) => {
            let mut extra = Vec::new();
            if let Some(r) = m.absence_reason.as_deref().filter(|r| !r.trim().is_empty()) {
                extra.push(r.to_string());
            }
            extra.push(if m.absence_excused {
                "lý do chính đáng".to_string()
            } else {
                "không có lý do chính đáng".to_string()
            });
            format!("{} ({})", Attendance::Absent.label_vi(), extra.join("; "))
        }
        Some(a) => a.label_vi().to_string(),
    }
}

pub fn month_dues(m: &MonthlyRecord) -> String {
    match m.dues {
        None => format::DASH.to_string(),
        Some(Dues::Unpaid) => {
            let mut extra = Vec::new();
            if let Some(r) = m.dues_reason.as_deref().filter(|r| !r.trim().is_empty()) {
                extra.push(r.to_string());
            }
            extra.push(if m.dues_excused {
                "đã chấp nhận lý do".to_string()
            } else {
                "chưa có lý do được chấp nhận".to_string()
            });
            format!("{} ({})", Dues::Unpaid.label_vi(), extra.join("; "))
        }
        Some(d) => d.label_vi().to_string(),
    }
}

/// The forms of the catalogue of `kind` that apply to this member on `day` (the shared
/// rule the server checks with).
pub fn forms_for(
    kind: DisciplineKind,
    day: NaiveDate,
    membership: Membership,
    employment: StateEmployment,
) -> Vec<DisciplineForm> {
    DisciplineForm::ALL
        .iter()
        .copied()
        .filter(|f| check_form(kind, *f, day, membership, employment).is_ok())
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct ReviewSectionProps {
    pub member: Member,
}

#[component]
pub fn ReviewSection(props: &ReviewSectionProps) -> Html {
    let m = &props.member;
    let active = use_active_role();
    let may_record = may_as(active.as_ref(), Action::RecordReviewInputs);
    let reload = use_state(|| 0u32);
    let record = use_fetch((m.id, *reload), |(id, _)| api::review_record(id));
    let changed = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    let retry = {
        let changed = changed.clone();
        Callback::from(move |_: MouseEvent| changed.emit(()))
    };
    let body = match &*record {
        FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
        FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
        FetchState::Success(r) => review_body(r),
    };
    html! {
        <section class="review-record" aria-labelledby="review-heading" id="review-record">
            <h2 id="review-heading">{ "Hồ sơ rà soát" }<span class="en" lang="en">{ "Review record" }</span></h2>
            { body }
            if may_record {
                <details class="record-form no-print" id="discipline-details">
                    <summary>{ "Ghi quyết định kỷ luật" }</summary>
                    <DisciplineFormView member={m.id} membership={m.membership}
                                        employment={m.state_employment} onchanged={changed.clone()} />
                </details>
                <details class="record-form no-print" id="violation-details">
                    <summary>{ "Ghi vi phạm" }</summary>
                    <ViolationFormView member={m.id} onchanged={changed.clone()} />
                </details>
            }
        </section>
    }
}

fn review_body(r: &ReviewRecord) -> Html {
    let today = format::today();
    html! {
        <>
            <h3>{ "Xếp loại chất lượng" }</h3>
            if r.ratings.is_empty() {
                <p class="muted" id="review-ratings-empty">{ "Chưa có kết quả xếp loại." }</p>
            } else {
                <table class="member-table admin-table" id="review-ratings">
                    <thead><tr>
                        <th scope="col">{ "Kỳ" }</th>
                        <th scope="col">{ "Mức xếp loại" }</th>
                        <th scope="col">{ "Điểm" }</th>
                        <th scope="col">{ "Quy định" }</th>
                        <th scope="col">{ "Quyết định công nhận" }</th>
                    </tr></thead>
                    <tbody>
                        { for r.ratings.iter().map(|x| html! {
                            <tr key={x.id}>
                                <th scope="row">{ capitalised(&x.period.label_vi()) }</th>
                                <td data-label="Mức">
                                    { x.level.label_vi() }
                                    if !x.below_band_reasons.is_empty() {
                                        <ul class="plain-list muted small">
                                            { for x.below_band_reasons.iter().map(|b| html! { <li>{ b.label_vi() }</li> }) }
                                        </ul>
                                    }
                                </td>
                                <td data-label="Điểm">{ x.score.map(score_text).unwrap_or_else(|| format::DASH.into()) }</td>
                                <td data-label="Quy định"><code>{ &x.regulation_code }</code></td>
                                <td data-label="Quyết định">
                                    { x.decision.as_ref().map(|d| format!("{} ngày {}", d.number, format::date(d.signed_on))).unwrap_or_else(|| format::DASH.into()) }
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }

            <h3>{ "Kỷ luật" }</h3>
            if r.discipline.is_empty() {
                <p class="muted" id="review-discipline-empty">{ "Không có quyết định kỷ luật." }</p>
            } else {
                <ul class="record-list" id="review-discipline">
                    { for r.discipline.iter().map(|d| {
                        let in_effect = d.effect.covers(today);
                        html! {
                            <li key={d.id}>
                                <p>
                                    <strong>{ d.form.label_vi() }</strong>
                                    <span class="muted">{ format!(" · {}", d.kind.label_vi()) }</span>
                                    if in_effect {
                                        <span class="badge warning">{ "Đang trong thời gian chấp hành kỷ luật" }</span>
                                    } else {
                                        <span class="badge">{ "Đã hết hiệu lực" }</span>
                                    }
                                </p>
                                <p>{ format!("{}: quyết định số {} ngày {}, công bố ngày {} ({}).",
                                    d.decided_by, d.decision.number, format::date(d.decision.signed_on),
                                    format::date(d.announced_on), d.regulation_code) }</p>
                                <p>{ format!("Vi phạm ngày {}: {}", format::date(d.violation_on), d.violation_summary) }</p>
                                <p class="muted">
                                    { format!("Hiệu lực: {}.", effect_label(d)) }
                                    if d.counts_for_a2 {
                                        { " Mức từ cảnh cáo trở lên (tính cho tiêu chí A2)." }
                                    }
                                </p>
                            </li>
                        }
                    }) }
                </ul>
            }

            <h3>{ "Vi phạm" }</h3>
            if r.violations.is_empty() {
                <p class="muted" id="review-violations-empty">{ "Không có vi phạm được ghi nhận." }</p>
            } else {
                <ul class="record-list" id="review-violations">
                    { for r.violations.iter().map(|v| html! {
                        <li key={v.id}>
                            <strong>{ format::date(v.occurred_on) }</strong>{ ": " }{ &v.summary }
                            if let Some(src) = &v.source {
                                <span class="muted">{ format!(" — {src}") }</span>
                            }
                        </li>
                    }) }
                </ul>
            }

            <h3>{ "Sinh hoạt chi bộ và đảng phí" }</h3>
            if r.months.is_empty() {
                <p class="muted" id="review-months-empty">{ "Chưa có số liệu hằng tháng." }</p>
            } else {
                <table class="member-table admin-table" id="review-months">
                    <thead><tr>
                        <th scope="col">{ "Tháng" }</th>
                        <th scope="col">{ "Sinh hoạt" }</th>
                        <th scope="col">{ "Đảng phí" }</th>
                    </tr></thead>
                    <tbody>
                        { for r.months.iter().take(12).map(|m| html! {
                            <tr key={m.id}>
                                <th scope="row">{ month_label(m.month) }</th>
                                <td data-label="Sinh hoạt">{ month_attendance(m) }</td>
                                <td data-label="Đảng phí">{ month_dues(m) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                if r.months.len() > 12 {
                    <p class="muted">{ format!("12 tháng gần nhất trên tổng số {} tháng có số liệu.", r.months.len()) }</p>
                }
            }

            if !r.cases.is_empty() {
                <h3>{ "Hồ sơ vụ việc" }</h3>
                <ul class="record-list" id="review-cases">
                    { for r.cases.iter().map(|c| html! {
                        <li key={c.id}>
                            <Link<Route> to={Route::Case { id: c.id }} classes="case-link">
                                { format!("Hồ sơ số {}", c.id) }
                            </Link<Route>>
                            { format!(" — {} — tiêu chí {} — mở ngày {}",
                                c.path.label_vi(),
                                criteria_short(&c.criteria),
                                format::date(c.opened_at.date_naive())) }
                            <span class="badge" id={format!("review-case-state-{}", c.id)}>{ c.state.label_vi() }</span>
                        </li>
                    }) }
                </ul>
            }
        </>
    }
}

// ---- forms -----------------------------------------------------------------------------------

fn input_value(n: &NodeRef) -> String {
    n.cast::<HtmlInputElement>()
        .map(|i| i.value().trim().to_string())
        .or_else(|| {
            n.cast::<HtmlTextAreaElement>()
                .map(|t| t.value().trim().to_string())
        })
        .unwrap_or_default()
}

#[derive(Properties, PartialEq)]
struct DisciplineFormProps {
    member: MemberId,
    membership: Membership,
    employment: StateEmployment,
    onchanged: Callback<()>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct DisciplineProblems {
    form: Vec<String>,
    decided_by: Vec<String>,
    decision: Vec<String>,
    announced: Vec<String>,
    violation: Vec<String>,
    until: Vec<String>,
}

#[component]
fn DisciplineFormView(props: &DisciplineFormProps) -> Html {
    let kind = use_state(|| DisciplineKind::Party);
    let form = use_state(|| None::<DisciplineForm>);
    let decided_on = use_state(String::new);
    let (decided_by, number, announced, violation_on, summary, until) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    let busy = use_state(|| false);
    let problems = use_state(DisciplineProblems::default);
    let error = use_state(|| None::<ApiError>);
    let done = use_state(|| None::<String>);
    let day = parse_date(&decided_on)
        .ok()
        .flatten()
        .unwrap_or_else(format::today);
    let offered = forms_for(*kind, day, props.membership, props.employment);

    let on_kind = {
        let (kind, form) = (kind.clone(), form.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            kind.set(DisciplineKind::from_code(&v).unwrap_or(DisciplineKind::Party));
            form.set(None);
        })
    };
    let on_form = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            form.set(DisciplineForm::from_code(&v));
        })
    };
    let on_decided_on = {
        let decided_on = decided_on.clone();
        Callback::from(move |e: Event| {
            decided_on.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onsubmit = {
        let (kind, form, decided_on) = (kind.clone(), form.clone(), decided_on.clone());
        let refs = (
            decided_by.clone(),
            number.clone(),
            announced.clone(),
            violation_on.clone(),
            summary.clone(),
            until.clone(),
        );
        let (busy, problems, error, done) =
            (busy.clone(), problems.clone(), error.clone(), done.clone());
        let (member, membership, employment, onchanged) = (
            props.member,
            props.membership,
            props.employment,
            props.onchanged.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let (decided_by, number, announced, violation_on, summary, until) = &refs;
            let mut p = DisciplineProblems::default();
            let by = input_value(decided_by);
            let num = input_value(number);
            let signed = parse_date(&decided_on);
            let ann = parse_date(&input_value(announced));
            let vio = parse_date(&input_value(violation_on));
            let text = input_value(summary);
            let till = if *kind == DisciplineKind::State {
                parse_date(&input_value(until))
            } else {
                Ok(None)
            };
            if by.is_empty() {
                p.decided_by
                    .push("Hãy ghi cấp, cơ quan quyết định kỷ luật.".into());
            }
            let signed_on = match signed {
                Ok(Some(d)) => Some(d),
                _ => None,
            };
            if num.is_empty() || signed_on.is_none() {
                p.decision.push("Hãy ghi số và ngày ký quyết định.".into());
            }
            match (*form, signed_on) {
                (None, _) => p.form.push("Hãy chọn hình thức kỷ luật.".into()),
                (Some(f), Some(d)) => {
                    if let Err(fp) = check_form(*kind, f, d, membership, employment) {
                        p.form.push(fp.message);
                    }
                }
                _ => {}
            }
            if ann.is_err() {
                p.announced.push("Ngày công bố không hợp lệ.".into());
            }
            if let (Ok(Some(a)), Some(s)) = (ann, signed_on)
                && a < s
            {
                p.announced
                    .push("Ngày công bố không thể trước ngày ký.".into());
            }
            let violation_day = match vio {
                Ok(Some(d)) => Some(d),
                _ => None,
            };
            if violation_day.is_none() || text.is_empty() {
                p.violation
                    .push("Hãy ghi ngày vi phạm và tóm tắt nội dung vi phạm.".into());
            }
            if till.is_err() {
                p.until.push("Ngày hết hiệu lực không hợp lệ.".into());
            }
            error.set(None);
            done.set(None);
            let (Some(f), Some(signed_on), Some(violation_on), true) = (
                *form,
                signed_on,
                violation_day,
                p == DisciplineProblems::default(),
            ) else {
                problems.set(p);
                return;
            };
            problems.set(DisciplineProblems::default());
            busy.set(true);
            let input = DisciplineInput {
                kind: *kind,
                form: f,
                decided_by: by,
                decision: DocumentRef {
                    number: num,
                    signed_on,
                },
                announced_on: ann.ok().flatten(),
                violation_on,
                violation_summary: text,
                effective_until: till.ok().flatten(),
            };
            let (busy, problems, error, done, onchanged) = (
                busy.clone(),
                problems.clone(),
                error.clone(),
                done.clone(),
                onchanged.clone(),
            );
            spawn_local(async move {
                let outcome = api::record_discipline(member, &input).await;
                busy.set(false);
                match outcome {
                    Ok(d) => {
                        done.set(Some(format!(
                            "Đã ghi quyết định kỷ luật {} ({}).",
                            d.form.label_vi(),
                            effect_label(&d)
                        )));
                        onchanged.emit(());
                    }
                    Err(e) => {
                        let mut decision = e.field_messages("decision.number");
                        decision.extend(e.field_messages("decision.signed_on"));
                        let mut violation = e.field_messages("violation_on");
                        violation.extend(e.field_messages("violation_summary"));
                        let mut form = e.field_messages("form");
                        form.extend(e.field_messages("kind"));
                        let by_field = DisciplineProblems {
                            form,
                            decided_by: e.field_messages("decided_by"),
                            decision,
                            announced: e.field_messages("announced_on"),
                            violation,
                            until: e.field_messages("effective_until"),
                        };
                        if by_field == DisciplineProblems::default() {
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
        <form class="stack-form" {onsubmit} novalidate=true id="discipline-form">
            <div class="field-row">
                <div class="field">
                    <label for="discipline-kind">{ "Loại kỷ luật" }</label>
                    <select id="discipline-kind" onchange={on_kind}>
                        { for DisciplineKind::ALL.iter().map(|k| html! {
                            <option value={k.code()} selected={*k == *kind}>{ k.label_vi() }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="discipline-form-select">{ "Hình thức" }</label>
                    <select id="discipline-form-select" onchange={on_form}
                            aria-invalid={(!p.form.is_empty()).to_string()} aria-describedby="discipline-form-error">
                        <option value="" selected={form.is_none()}>{ "— Chọn —" }</option>
                        { for offered.iter().map(|f| html! {
                            <option value={f.code()} selected={*form == Some(*f)}>{ f.label_vi() }</option>
                        }) }
                    </select>
                </div>
            </div>
            <FieldError id="discipline-form-error" messages={p.form.clone()} />
            <div class="field">
                <label for="discipline-decided-by">{ "Cấp quyết định" }</label>
                <input id="discipline-decided-by" type="text" maxlength="200" ref={decided_by} placeholder="ví dụ Ủy ban Kiểm tra Đảng ủy xã"
                       aria-describedby="discipline-decided-by-error" />
                <FieldError id="discipline-decided-by-error" messages={p.decided_by.clone()} />
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="discipline-number">{ "Số quyết định" }</label>
                    <input id="discipline-number" type="text" maxlength="60" ref={number} aria-describedby="discipline-decision-error" />
                </div>
                <div class="field">
                    <label for="discipline-date">{ "Ngày ký" }</label>
                    <input id="discipline-date" type="date" value={(*decided_on).clone()} onchange={on_decided_on}
                           aria-describedby="discipline-decision-error" />
                </div>
                <div class="field">
                    <label for="discipline-announced">{ "Ngày công bố (nếu khác ngày ký)" }</label>
                    <input id="discipline-announced" type="date" ref={announced} aria-describedby="discipline-announced-error" />
                </div>
            </div>
            <FieldError id="discipline-decision-error" messages={p.decision.clone()} />
            <FieldError id="discipline-announced-error" messages={p.announced.clone()} />
            <div class="field">
                <label for="discipline-violation-on">{ "Ngày vi phạm" }</label>
                <input id="discipline-violation-on" type="date" ref={violation_on} aria-describedby="discipline-violation-error" />
            </div>
            <div class="field">
                <label for="discipline-summary">{ "Nội dung vi phạm" }</label>
                <textarea id="discipline-summary" ref={summary} rows="2" maxlength="2000" aria-describedby="discipline-violation-error" />
            </div>
            <FieldError id="discipline-violation-error" messages={p.violation.clone()} />
            if *kind == DisciplineKind::State {
                <div class="field">
                    <label for="discipline-until">{ "Hết hiệu lực ngày (nếu quyết định ghi)" }</label>
                    <input id="discipline-until" type="date" ref={until} aria-describedby="discipline-until-hint discipline-until-error" />
                    <p class="hint" id="discipline-until-hint">{ "Kỷ luật đảng: thời hạn do phần mềm tính theo quy định." }</p>
                    <FieldError id="discipline-until-error" messages={p.until.clone()} />
                </div>
            }
            if let Some(e) = &*error {
                <ErrorNotice error={e.clone()} />
            }
            <p class="status-line" role="status" id="discipline-status">{ (*done).clone().unwrap_or_default() }</p>
            <button type="submit" class="primary" id="discipline-submit" disabled={*busy} aria-busy={busy.to_string()}>
                { if *busy { "Đang ghi…" } else { "Ghi quyết định kỷ luật" } }
            </button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct ViolationFormProps {
    member: MemberId,
    onchanged: Callback<()>,
}

#[component]
fn ViolationFormView(props: &ViolationFormProps) -> Html {
    let (on, summary, source) = (use_node_ref(), use_node_ref(), use_node_ref());
    let busy = use_state(|| false);
    let problems = use_state(Vec::<String>::new);
    let error = use_state(|| None::<ApiError>);
    let done = use_state(|| None::<String>);
    let onsubmit = {
        let (on, summary, source) = (on.clone(), summary.clone(), source.clone());
        let (busy, problems, error, done) =
            (busy.clone(), problems.clone(), error.clone(), done.clone());
        let (member, onchanged) = (props.member, props.onchanged.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let day = parse_date(&input_value(&on));
            let text = input_value(&summary);
            let src = input_value(&source);
            let (Ok(Some(occurred_on)), false) = (day, text.is_empty()) else {
                problems.set(vec!["Hãy ghi ngày vi phạm và nội dung vi phạm.".into()]);
                return;
            };
            problems.set(Vec::new());
            error.set(None);
            done.set(None);
            busy.set(true);
            let input = ViolationInput {
                occurred_on,
                summary: text,
                source: (!src.is_empty()).then_some(src),
            };
            let (busy, problems, error, done, onchanged) = (
                busy.clone(),
                problems.clone(),
                error.clone(),
                done.clone(),
                onchanged.clone(),
            );
            let summary = summary.clone();
            spawn_local(async move {
                let outcome = api::record_violation(member, &input).await;
                busy.set(false);
                match outcome {
                    Ok(v) => {
                        if let Some(t) = summary.cast::<HtmlTextAreaElement>() {
                            t.set_value("");
                        }
                        done.set(Some(format!(
                            "Đã ghi vi phạm ngày {}.",
                            format::date(v.occurred_on)
                        )));
                        onchanged.emit(());
                    }
                    Err(e) => {
                        let mut by_field = e.field_messages("occurred_on");
                        by_field.extend(e.field_messages("summary"));
                        by_field.extend(e.field_messages("source"));
                        if by_field.is_empty() {
                            error.set(Some(e));
                        }
                        problems.set(by_field);
                    }
                }
            });
        })
    };
    html! {
        <form class="stack-form" {onsubmit} novalidate=true id="violation-form">
            <div class="field">
                <label for="violation-on">{ "Ngày vi phạm" }</label>
                <input id="violation-on" type="date" ref={on} aria-describedby="violation-error" />
            </div>
            <div class="field">
                <label for="violation-summary">{ "Nội dung vi phạm" }</label>
                <textarea id="violation-summary" ref={summary} rows="2" maxlength="2000" aria-describedby="violation-error" />
            </div>
            <div class="field">
                <label for="violation-source">{ "Nguồn xác định (biên bản, kết luận; số, ngày nếu có)" }</label>
                <input id="violation-source" type="text" maxlength="500" ref={source} />
            </div>
            <FieldError id="violation-error" messages={(*problems).clone()} />
            if let Some(e) = &*error {
                <ErrorNotice error={e.clone()} />
            }
            <p class="status-line" role="status" id="violation-status">{ (*done).clone().unwrap_or_default() }</p>
            <button type="submit" class="primary" id="violation-submit" disabled={*busy} aria-busy={busy.to_string()}>
                { if *busy { "Đang ghi…" } else { "Ghi vi phạm" } }
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasoat_shared::discipline::EffectPeriod;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_probationer_is_offered_only_the_forms_the_charter_allows() {
        let forms = forms_for(
            DisciplineKind::Party,
            day(2025, 9, 1),
            Membership::Probationary,
            StateEmployment::None,
        );
        assert_eq!(
            forms,
            vec![DisciplineForm::Reprimand, DisciplineForm::Warning]
        );
        let state = forms_for(
            DisciplineKind::State,
            day(2025, 9, 1),
            Membership::Full,
            StateEmployment::CivilServant,
        );
        assert!(!state.contains(&DisciplineForm::Expulsion));
        assert!(!state.contains(&DisciplineForm::SalaryStepDemotion));
    }

    #[test]
    fn months_and_effect_read_in_words() {
        let m = MonthlyRecord {
            id: 1,
            member_id: MemberId(1),
            month: day(2025, 3, 1),
            attendance: Some(Attendance::Absent),
            absence_reason: Some("ốm".into()),
            absence_excused: true,
            dues: Some(Dues::Unpaid),
            dues_reason: None,
            dues_excused: false,
            version: 1,
        };
        assert_eq!(month_attendance(&m), "Vắng mặt (ốm; lý do chính đáng)");
        assert_eq!(month_dues(&m), "Chưa đóng (chưa có lý do được chấp nhận)");
        let mut d = DisciplineRecord {
            id: 1,
            member_id: MemberId(1),
            kind: DisciplineKind::Party,
            form: DisciplineForm::Warning,
            decided_by: "Chi bộ".into(),
            decision: DocumentRef {
                number: "1-QĐ".into(),
                signed_on: day(2024, 3, 10),
            },
            announced_on: day(2024, 3, 15),
            violation_on: day(2024, 1, 2),
            violation_summary: "…".into(),
            regulation_code: "69-QĐ/TW".into(),
            effect: EffectPeriod {
                from: day(2024, 3, 15),
                until: Some(day(2025, 3, 14)),
            },
            counts_for_a2: true,
            recorded_at: chrono::Utc::now(),
        };
        assert_eq!(effect_label(&d), "Từ 15/03/2024 đến 14/03/2025");
        d.effect.until = None;
        assert_eq!(effect_label(&d), "Từ 15/03/2024 (không thời hạn)");
        assert_eq!(capitalised("năm 2025"), "Năm 2025");
        assert_eq!(capitalised("quý 2/2025"), "Quý 2/2025");
    }
}
