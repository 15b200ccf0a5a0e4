//! One screening case (`GET /cases/{id}`): who and why, the deadlines, the bodies that act,
//! the timeline, the votes, the documents, the helpers and notes, and the forms of the acts
//! the caller may record now (`CaseDetail.available`, computed by the server with the
//! shared state machine).
//!
//! Element ids a browser test can rely on:
//! - `case-title`, `case-state` (the state badge), `case-member` (link to the member),
//!   `case-branch`, `case-path`, `case-criteria`, `case-removal-form`, `case-outcome`,
//!   `case-self-review`, `case-failed-rounds`, `case-decision` (when they apply)
//! - `case-deadlines` (rows `deadline-{kind}`, overdue rows carry class `overdue`)
//! - `case-bodies`, `case-timeline` (items `event-{id}`), `case-votes` (rows `vote-row-{id}`,
//!   the verdict cell `vote-row-{id}-passed`), `case-documents` (links `document-{id}`),
//!   `case-helpers`, `case-notes`, the note form `note-form` / `note-text` / `note-submit`
//! - actions (see `case_actions`): the list `case-actions`; per action code (e.g.
//!   `listing_vote`) the opener `action-{code}` and, once open, the form `form-{code}` and
//!   its button `submit-{code}`; inside the open form `action-on`, `action-note`,
//!   `vote-method`, `vote-live-problems`, `vote-body-size`, `vote-present`, `vote-yes`, `vote-no`, `vote-invalid`, `vote-verdict`,
//!   `action-agree-yes` / `action-agree-no`, `action-choice`, `action-form`, `action-ground`,
//!   `action-extension-months`, `action-helper`, `action-text`, `action-refused`,
//!   `action-adopted`, `decision-signer-name`, `decision-signer-title`, `decision-number`,
//!   `decision-received-on`, `action-appeal-result`, `action-family-hardship`;
//!   field problems under `{field id}-error` (e.g. `vote-present-error`), problems with no
//!   field on the form in `action-problems`; after a refusal `action-refused-reason`, after
//!   a 409 `action-not-allowed`, after a 412 `case-stale` with `case-reload`, other errors
//!   `action-error`; after success `action-done`
//!   (with links `done-document-{id}` to the documents the act produced). `/cases/{id}?action={code}` opens a form.

use crate::active_role::{may_as, use_active_role};
use crate::api::{self, ApiError};
use crate::app::Route;
use crate::cases::roll_text;
use crate::components::field_error::FieldError;
use crate::components::status::{ErrorNotice, Loading};
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use crate::pages::case_actions::{ActionsPanel, Recorded};
use rasoat_shared::access::Action;
use rasoat_shared::api::cases::{CaseDetail, DocumentBrief, NoteInput, NoteKind};
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;
use yew_router::prelude::Link;

#[derive(Properties, PartialEq)]
pub struct CasePageProps {
    pub id: i64,
}

#[component]
pub fn CasePage(props: &CasePageProps) -> Html {
    let id = props.id;
    let active = use_active_role();
    let reload = use_state(|| 0u32);
    let fetched = use_fetch((id, *reload), |(id, _)| api::case(id));
    // The case as the last transition answered it; cleared by any reload.
    let updated = use_state(|| None::<Rc<CaseDetail>>);
    let done = use_state(|| None::<(String, Vec<DocumentBrief>)>);
    dom::use_title(format!("Hồ sơ số {id}"));

    let on_reload = {
        let (reload, updated, done) = (reload.clone(), updated.clone(), done.clone());
        Callback::from(move |()| {
            updated.set(None);
            done.set(None);
            reload.set(reload.wrapping_add(1));
        })
    };
    let on_updated = {
        let (updated, done) = (updated.clone(), done.clone());
        Callback::from(move |r: Recorded| {
            done.set(Some((r.message, r.documents)));
            updated.set(Some(Rc::new(r.case)));
        })
    };
    let retry = {
        let on_reload = on_reload.clone();
        Callback::from(move |_: MouseEvent| on_reload.emit(()))
    };

    // While it reloads (after a note, or "Tải lại"), the case read last stays on screen
    // rather than the page blanking to "Đang tải…".
    let last = use_mut_ref(|| None::<Rc<CaseDetail>>);
    let current = match (&*updated, &*fetched) {
        (Some(d), _) if d.case.id == id => Some(d.clone()),
        (_, FetchState::Success(d)) => Some(d.clone()),
        (_, FetchState::Fetching) => last.borrow().clone().filter(|d| d.case.id == id),
        _ => None,
    };
    if let Some(d) = &current {
        *last.borrow_mut() = Some(d.clone());
    }
    let Some(d) = current else {
        return match &*fetched {
            FetchState::Failed(e) => html! {
                <>
                    <h1>{ format!("Hồ sơ số {id}") }</h1>
                    <ErrorNotice error={e.clone()} retry={Some(retry)} />
                </>
            },
            _ => html! { <Loading /> },
        };
    };
    let c = &d.case;
    let may_browse = may_as(active.as_ref(), Action::ViewCases);
    html! {
        <article class="case-page" id="case-page">
            if may_browse {
                <p class="no-print"><Link<Route> to={Route::Cases}>{ "← Hồ sơ rà soát, sàng lọc" }</Link<Route>></p>
            }
            <h1 id="case-title">
                { format!("Hồ sơ số {}: ", c.id) }
                <Link<Route> to={Route::Member { id: c.member_id }} classes="case-member-link">
                    <span id="case-member">{ &c.member_name }</span>
                </Link<Route>>
            </h1>
            <p>
                <span class={classes!("badge", "state-badge", c.state.is_terminal().then_some("ended-badge"))}
                      id="case-state" data-state={c.state.code()}>{ c.state.label_vi() }</span>
            </p>
            <dl class="facts" id="case-facts">
                <dt>{ "Chi bộ" }</dt><dd id="case-branch">{ &c.unit_name }</dd>
                <dt>{ "Loại hồ sơ" }</dt><dd id="case-path">{ c.path.label_vi() }</dd>
                <dt>{ "Căn cứ" }</dt>
                <dd id="case-criteria">
                    if c.criteria.is_empty() {
                        { format::DASH }
                    } else {
                        <ul class="plain-list">
                            { for c.criteria.iter().map(|x| html! {
                                <li><strong>{ x.short() }</strong>{ format!(" — {}", x.label_vi()) }</li>
                            }) }
                        </ul>
                    }
                </dd>
                <dt>{ "Hình thức" }</dt>
                <dd id="case-removal-form">{ c.removal_form.map(|f| f.label_vi()).unwrap_or(format::DASH) }</dd>
                <dt>{ "Kết quả" }</dt>
                <dd id="case-outcome">{ c.outcome.map(|o| o.label_vi()).unwrap_or(format::DASH) }</dd>
                <dt>{ "Đảng viên" }</dt>
                <dd>{ format!("{}{}", d.membership.label_vi(), if d.exempted { ", được miễn công tác và sinh hoạt" } else { "" }) }</dd>
                if let Some(start) = d.education_start {
                    <dt>{ "Thời hạn giáo dục, giúp đỡ" }</dt>
                    <dd>{ format!("Từ {} đến {}{}", format::date(start), format::opt_date(d.education_due),
                        if d.extensions > 0 { format!(" (đã gia hạn {} lần)", d.extensions) } else { String::new() }) }</dd>
                }
                if d.self_review_requests > 0 {
                    <dt>{ "Bản tự kiểm điểm" }</dt>
                    <dd id="case-self-review">{ self_review_text(&d) }</dd>
                }
                if d.failed_rounds > 0 || d.escalated {
                    <dt>{ "Biểu quyết không đạt" }</dt>
                    <dd id="case-failed-rounds">
                        { format!("{} lần ở bước hiện tại", d.failed_rounds) }
                        if d.escalated {
                            { "; đã báo cáo lên cấp có thẩm quyền" }
                        }
                    </dd>
                }
                if let Some(signed) = d.decision_signed_on {
                    <dt>{ "Quyết định" }</dt>
                    <dd id="case-decision">{ format!("Ký ngày {}; đảng viên nhận ngày {}", format::date(signed), format::opt_date(d.decision_received_on)) }</dd>
                }
                if let Some(end) = d.appeal_window_end {
                    <dt>{ "Hạn khiếu nại" }</dt><dd>{ format!("Đến hết ngày {}", format::date(end)) }</dd>
                }
                if let Some(filed) = d.appeal_filed_on {
                    <dt>{ "Khiếu nại" }</dt>
                    <dd>{ format!("Nộp ngày {}{}", format::date(filed),
                        d.appeal_result.map(|r| format!("; kết quả: {}", r.label_vi())).unwrap_or_default()) }</dd>
                }
                if let Some(f) = d.final_on {
                    <dt>{ "Có hiệu lực cuối cùng" }</dt><dd>{ format::date(f) }</dd>
                }
                <dt>{ "Mở ngày" }</dt><dd>{ format::date(c.opened_at.date_naive()) }</dd>
            </dl>

            if let Some((message, docs)) = &*done {
                <div class="notice success" id="action-done" role="status">
                    <p>{ message }</p>
                    if !docs.is_empty() {
                        <p>
                            { "Văn bản đã lập (bấm để xem và in): " }
                            { for docs.iter().map(|x| html! {
                                <span class="doc-ref">
                                    <Link<Route> to={Route::Document { id: x.id }}>
                                        <span id={format!("done-document-{}", x.id)}>{ x.kind.label_vi() }</span>
                                    </Link<Route>>
                                    { " " }
                                </span>
                            }) }
                        </p>
                    }
                </div>
            }
            <ActionsPanel detail={d.clone()} onupdated={on_updated} onreload={on_reload.clone()} />

            { deadlines(&d) }
            { bodies(&d) }
            { timeline(&d) }
            { votes(&d) }
            { documents(&d) }
            { helpers(&d) }
            <NotesSection detail={d.clone()} onadded={on_reload} />
        </article>
    }
}

/// "Đã yêu cầu 2 lần; đã nhận" / "…; đảng viên cố ý không viết".
fn self_review_text(d: &CaseDetail) -> String {
    let state = if d.self_review_refused {
        "đảng viên cố ý không viết"
    } else if d.self_review_received {
        "đã nhận"
    } else {
        "chưa nhận"
    };
    format!("Đã yêu cầu {} lần; {state}", d.self_review_requests)
}

fn deadlines(d: &CaseDetail) -> Html {
    html! {
        <section aria-labelledby="case-deadlines-heading">
            <h2 id="case-deadlines-heading">{ "Thời hạn" }</h2>
            if d.deadlines.is_empty() {
                <p class="muted" id="case-deadlines-empty">{ "Không có thời hạn đang chạy." }</p>
            } else {
                <ul class="record-list" id="case-deadlines">
                    { for d.deadlines.iter().map(|x| html! {
                        <li id={format!("deadline-{}", x.kind.code())} class={classes!(x.overdue.then_some("overdue"))}>
                            <strong>{ x.kind.label_vi() }</strong>
                            { format!(": {}", format::date(x.due)) }
                            if x.overdue {
                                <span class="badge warning">{ "Quá hạn" }</span>
                            }
                            <p class="muted small">{ &x.basis_vi }</p>
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

fn bodies(d: &CaseDetail) -> Html {
    let b = &d.bodies;
    html! {
        <section aria-labelledby="case-bodies-heading">
            <h2 id="case-bodies-heading">{ "Các cấp xử lý" }</h2>
            <dl class="facts" id="case-bodies">
                <dt>{ "Chi bộ" }</dt><dd>{ &b.branch_name }</dd>
                if let Some(g) = &b.grassroots_name {
                    <dt>{ "Đảng ủy cơ sở" }</dt><dd>{ g }</dd>
                }
                <dt>{ "Cấp ủy cấp trên trực tiếp" }</dt><dd>{ &b.direct_upper_name }</dd>
                <dt>{ "Cấp có thẩm quyền quyết định" }</dt><dd id="case-competent">{ &b.competent_name }</dd>
                <dt>{ "Cấp giải quyết khiếu nại" }</dt><dd>{ &b.appeal_name }</dd>
            </dl>
        </section>
    }
}

fn timeline(d: &CaseDetail) -> Html {
    html! {
        <section aria-labelledby="case-timeline-heading">
            <h2 id="case-timeline-heading">{ "Diễn biến" }</h2>
            if d.events.is_empty() {
                <p class="muted">{ "Chưa có bước nào được ghi." }</p>
            } else {
                <ol class="record-list timeline" id="case-timeline">
                    { for d.events.iter().map(|e| html! {
                        <li key={e.id} id={format!("event-{}", e.id)}>
                            <p>
                                <strong>{ format::date(e.on) }</strong>
                                { format!(" — {}", e.transition.label_vi()) }
                            </p>
                            <p class="muted small">
                                { format!("{} → {} · {} ({})", e.from_state.label_vi(), e.to_state.label_vi(),
                                    e.actor_name, e.capacity.label_vi()) }
                            </p>
                            if let Some(n) = e.note.as_deref().filter(|n| !n.trim().is_empty()) {
                                <p>{ n }</p>
                            }
                            if !e.document_ids.is_empty() {
                                <p class="small">
                                    { "Văn bản: " }
                                    { for e.document_ids.iter().map(|id| {
                                        let label = d.documents.iter().find(|x| x.id == *id)
                                            .map(|x| x.kind.label_vi().to_string())
                                            .unwrap_or_else(|| format!("Văn bản số {id}"));
                                        html! {
                                            <span class="doc-ref">
                                                <Link<Route> to={Route::Document { id: *id }}>{ label }</Link<Route>>
                                                { " " }
                                            </span>
                                        }
                                    }) }
                                </p>
                            }
                        </li>
                    }) }
                </ol>
            }
        </section>
    }
}

fn votes(d: &CaseDetail) -> Html {
    if d.votes.is_empty() {
        return html! {};
    }
    html! {
        <section aria-labelledby="case-votes-heading">
            <h2 id="case-votes-heading">{ "Kết quả biểu quyết" }</h2>
            <table class="member-table admin-table" id="case-votes">
                <thead><tr>
                    <th scope="col">{ "Bước" }</th>
                    <th scope="col">{ "Cơ quan, hình thức" }</th>
                    <th scope="col">{ "Cơ sở tính" }</th>
                    <th scope="col">{ "Có mặt" }</th>
                    <th scope="col">{ "Đồng ý / Không / Không hợp lệ" }</th>
                    <th scope="col">{ "Quy tắc" }</th>
                    <th scope="col">{ "Kết quả" }</th>
                </tr></thead>
                <tbody>
                    { for d.votes.iter().map(|v| html! {
                        <tr key={v.id} id={format!("vote-row-{}", v.id)}>
                            <th scope="row">
                                { format!("{} — {}", format::date(v.held_on), v.transition.label_vi()) }
                                if v.round_no > 1 {
                                    { format!(" (lần {})", v.round_no) }
                                }
                            </th>
                            <td data-label="Cơ quan">
                                { match body_name(d, v.body_unit_id) {
                                    Some(n) => format!("{} ({}), {}", v.body_type.label_vi(), n, v.method.label_vi()),
                                    None => format!("{}, {}", v.body_type.label_vi(), v.method.label_vi()),
                                } }
                            </td>
                            <td data-label="Cơ sở tính">
                                { v.base }
                                if let Some(roll) = &v.roll {
                                    <span class="muted small">{ format!(" ({})", roll_text(roll)) }</span>
                                }
                            </td>
                            <td data-label="Có mặt">{ v.present }</td>
                            <td data-label="Phiếu">{ format!("{} / {} / {}", v.yes, v.no, v.invalid) }</td>
                            <td data-label="Quy tắc">
                                { v.rule.label_vi() }
                                <span class="muted small">{ format!(" — cần {} phiếu đồng ý ({})", v.required_yes, v.regulation) }</span>
                            </td>
                            <td data-label="Kết quả" id={format!("vote-row-{}-passed", v.id)}>
                                if v.passed {
                                    <strong class="verdict passed">{ "ĐẠT" }</strong>
                                } else {
                                    <strong class="verdict failed">{ "KHÔNG ĐẠT" }</strong>
                                }
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}

/// The name of the body at `unit` among those acting on the case.
fn body_name(d: &CaseDetail, unit: rasoat_shared::UnitId) -> Option<&str> {
    let (ids, b) = (&d.bodies.ids, &d.bodies);
    if ids.branch.unit_id == unit {
        Some(&b.branch_name)
    } else if ids.grassroots.is_some_and(|g| g.unit_id == unit) {
        b.grassroots_name.as_deref()
    } else if ids.competent.unit_id == unit {
        Some(&b.competent_name)
    } else if ids.direct_upper.unit_id == unit {
        Some(&b.direct_upper_name)
    } else if ids.appeal.unit_id == unit {
        Some(&b.appeal_name)
    } else {
        None
    }
}

fn documents(d: &CaseDetail) -> Html {
    html! {
        <section aria-labelledby="case-documents-heading">
            <h2 id="case-documents-heading">{ "Văn bản" }</h2>
            if d.documents.is_empty() {
                <p class="muted">{ "Chưa có văn bản." }</p>
            } else {
                <ul class="record-list" id="case-documents">
                    { for d.documents.iter().map(|x| html! {
                        <li key={x.id}>
                            <Link<Route> to={Route::Document { id: x.id }}>
                                <span id={format!("document-{}", x.id)}>{ x.kind.label_vi() }</span>
                            </Link<Route>>
                            { format!(" — {}{} — {}",
                                x.number.as_deref().map(|n| format!("số {n}, ")).unwrap_or_default(),
                                format::date(x.signed_on), x.issuer_name) }
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

fn helpers(d: &CaseDetail) -> Html {
    if d.helpers.is_empty() {
        return html! {};
    }
    html! {
        <section aria-labelledby="case-helpers-heading">
            <h2 id="case-helpers-heading">{ "Đảng viên giúp đỡ" }</h2>
            <ul class="record-list" id="case-helpers">
                { for d.helpers.iter().map(|h| html! {
                    <li>
                        <Link<Route> to={Route::Member { id: h.helper_member_id }}>{ &h.helper_name }</Link<Route>>
                        { format!(" — từ {}{}", format::date(h.from),
                            h.to.map(|t| format!(" đến {}", format::date(t))).unwrap_or_default()) }
                        if let Some(r) = h.resolution_id {
                            { " · " }
                            <Link<Route> to={Route::Document { id: r }}>{ "Nghị quyết phân công" }</Link<Route>>
                        }
                    </li>
                }) }
            </ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct NotesSectionProps {
    detail: Rc<CaseDetail>,
    onadded: Callback<()>,
}

/// The progress notes, and the form to add one for branch officers and the helper.
#[component]
fn NotesSection(props: &NotesSectionProps) -> Html {
    let d = &props.detail;
    let text = use_state(String::new);
    let kind = use_state(|| NoteKind::Progress);
    let busy = use_state(|| false);
    let problems = use_state(Vec::<String>::new);
    let error = use_state(|| None::<ApiError>);
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            kind.set(NoteKind::from_code(&v).unwrap_or(NoteKind::Progress));
        })
    };
    let onsubmit = {
        let (text, kind, busy, problems, error) = (
            text.clone(),
            kind.clone(),
            busy.clone(),
            problems.clone(),
            error.clone(),
        );
        let (id, onadded) = (d.case.id, props.onadded.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let t = text.trim().to_string();
            if t.is_empty() {
                problems.set(vec!["Hãy ghi nội dung.".into()]);
                return;
            }
            problems.set(Vec::new());
            error.set(None);
            busy.set(true);
            let input = NoteInput {
                kind: *kind,
                written_on: None,
                text: t,
            };
            let (text, busy, problems, error, onadded) = (
                text.clone(),
                busy.clone(),
                problems.clone(),
                error.clone(),
                onadded.clone(),
            );
            spawn_local(async move {
                let result = api::add_note(id, &input).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        text.set(String::new());
                        onadded.emit(());
                    }
                    Err(e) => {
                        let by_field = e.field_messages("text");
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
        <section aria-labelledby="case-notes-heading">
            <h2 id="case-notes-heading">{ "Ghi chép theo dõi" }</h2>
            if d.notes.is_empty() {
                <p class="muted" id="case-notes-empty">{ "Chưa có ghi chép." }</p>
            } else {
                <ul class="record-list" id="case-notes">
                    { for d.notes.iter().map(|n| html! {
                        <li key={n.id}>
                            <p><strong>{ format::date(n.written_on) }</strong>
                               { format!(" — {} — {}", n.author_name, n.kind.label_vi()) }</p>
                            <p class="pre-line">{ &n.text }</p>
                        </li>
                    }) }
                </ul>
            }
            if d.may_note {
                <form class="stack-form no-print" id="note-form" onsubmit={onsubmit} novalidate=true>
                    <div class="field">
                        <label for="note-kind">{ "Loại ghi chép" }</label>
                        <select id="note-kind" onchange={on_kind}>
                            { for NoteKind::ALL.iter().map(|k| html! {
                                <option value={k.code()} selected={*k == *kind}>{ k.label_vi() }</option>
                            }) }
                        </select>
                    </div>
                    <div class="field">
                        <label for="note-text">{ "Nội dung" }</label>
                        <textarea id="note-text" rows="3" maxlength="4000" value={(*text).clone()} oninput={on_text}
                                  aria-describedby="note-text-error" />
                        <FieldError id="note-text-error" messages={(*problems).clone()} />
                    </div>
                    if let Some(e) = &*error {
                        <ErrorNotice error={e.clone()} />
                    }
                    <button type="submit" class="primary" id="note-submit" disabled={*busy} aria-busy={busy.to_string()}>
                        { if *busy { "Đang ghi…" } else { "Thêm ghi chép" } }
                    </button>
                </form>
            }
        </section>
    }
}
