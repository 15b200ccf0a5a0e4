//! One review round (`/rounds/{id}`): where it stands, detection, its suggestions with
//! their evidence and the decisions on them, grounds entered with their documents, and
//! the progress of the branches under it, level by level.

use crate::active_role::{may_as, use_active_role};
use crate::api::{self, ApiError};
use crate::app::Route;
use crate::components::field_error::FieldError;
use crate::components::status::{ErrorNotice, Loading};
use crate::components::unit_picker::UnitPicker;
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use crate::pages::rounds::period_label;
use crate::pages::user::parse_date;
use crate::review::{
    branches_label, by_branch, detection_summary, dismiss_note, enterable_criteria, evidence_label,
    may_complete,
};
use chrono::Datelike;
use rasoat_shared::access::Action;
use rasoat_shared::api::members::MemberQuery;
use rasoat_shared::api::review::{
    Decision, DocumentRef, EnteredSuggestionInput, ProgressQuery, ProgressRow, Round, RoundStatus,
    Suggestion, SuggestionDecision, SuggestionQuery, SuggestionStatus,
};
use rasoat_shared::criteria::Criterion;
use rasoat_shared::{MemberId, UnitId};
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;
use yew_router::prelude::Link;

#[derive(Properties, PartialEq)]
pub struct RoundPageProps {
    pub id: i64,
}

#[component]
pub fn RoundPage(props: &RoundPageProps) -> Html {
    let id = props.id;
    let active = use_active_role();
    let may_manage = may_as(active.as_ref(), Action::ManageReviewRounds);
    let may_decide = may_as(active.as_ref(), Action::DecideSuggestions);
    // Bumped by every write here: the round's counts, the suggestions and the progress
    // are read again together.
    let tick = use_state(|| 0u32);
    let round = use_fetch((id, *tick), |(id, _)| api::round(id));
    let last = use_mut_ref(|| None::<Rc<Round>>);
    if let FetchState::Success(r) = &*round {
        *last.borrow_mut() = Some(r.clone());
    }
    let kept = last.borrow().clone().filter(|r| r.id == id);
    let state = match (&*round, kept) {
        (FetchState::NotFetching | FetchState::Fetching, Some(r)) => FetchState::Success(r),
        (other, _) => other.clone(),
    };
    let title = match &state {
        FetchState::Success(r) => r.title.clone(),
        _ => "Đợt rà soát".to_string(),
    };
    dom::use_title(title);
    let changed = {
        let tick = tick.clone();
        Callback::from(move |()| tick.set(tick.wrapping_add(1)))
    };
    let retry = {
        let changed = changed.clone();
        Callback::from(move |_: MouseEvent| changed.emit(()))
    };
    let back = html! {
        <p class="no-print"><Link<Route> to={Route::Rounds}>{ "‹ Các đợt rà soát" }</Link<Route>></p>
    };
    let r = match &state {
        FetchState::NotFetching | FetchState::Fetching => {
            return html! { <>{ back }<Loading /></> };
        }
        FetchState::Failed(e) if e.is_not_found() => {
            return html! {
                <>
                    { back }
                    <p class="error" role="alert" id="not-found">
                        { "Không tìm thấy đợt rà soát này, hoặc đợt không thuộc phạm vi bạn được xem." }
                    </p>
                </>
            };
        }
        FetchState::Failed(e) => {
            return html! { <>{ back }<ErrorNotice error={e.clone()} retry={Some(retry)} /></> };
        }
        FetchState::Success(r) => r.clone(),
    };
    let open = r.status == RoundStatus::Open;

    html! {
        <>
            { back }
            <RoundHead round={r.clone()} {may_manage} onchanged={changed.clone()} />
            // The server lets the branch committee (who decide the suggestions) declare its
            // review done.
            <ProgressView round={r.id} root={r.unit_id} root_name={r.unit_name.clone()}
                          tick={*tick} may_complete={may_decide && open} onchanged={changed.clone()} />
            <SuggestionsView round={r.id} root={r.unit_id} tick={*tick}
                             may_decide={may_decide && open} onchanged={changed.clone()} />
            if may_decide && open {
                <EnterGround round={r.id} root={r.unit_id} onchanged={changed.clone()} />
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RoundHeadProps {
    round: Rc<Round>,
    may_manage: bool,
    onchanged: Callback<()>,
}

/// Status, period, counts, and the round's own actions: detection and closing.
#[component]
fn RoundHead(props: &RoundHeadProps) -> Html {
    let r = &props.round;
    let busy = use_state(|| false);
    let error = use_state(|| None::<ApiError>);
    let result = use_state(|| None::<String>);
    let confirm_close = use_state(|| false);
    let open = r.status == RoundStatus::Open;

    let ondetect = {
        let (busy, error, result) = (busy.clone(), error.clone(), result.clone());
        let (id, onchanged) = (r.id, props.onchanged.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            result.set(None);
            let (busy, error, result, onchanged) = (
                busy.clone(),
                error.clone(),
                result.clone(),
                onchanged.clone(),
            );
            spawn_local(async move {
                let outcome = api::detect(id).await;
                busy.set(false);
                match outcome {
                    Ok(run) => {
                        result.set(Some(detection_summary(&run)));
                        onchanged.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let ask_close = {
        let confirm_close = confirm_close.clone();
        Callback::from(move |_: MouseEvent| confirm_close.set(!*confirm_close))
    };
    let onclose = {
        let (busy, error, confirm_close) = (busy.clone(), error.clone(), confirm_close.clone());
        let (id, version, onchanged) = (r.id, r.version, props.onchanged.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let (busy, error, confirm_close, onchanged) = (
                busy.clone(),
                error.clone(),
                confirm_close.clone(),
                onchanged.clone(),
            );
            spawn_local(async move {
                let outcome = api::close_round(id, version).await;
                busy.set(false);
                confirm_close.set(false);
                match outcome {
                    Ok(_) => onchanged.emit(()),
                    Err(e) => {
                        // A stale version: read the round again to show where it stands.
                        if e.status() == Some(412) {
                            onchanged.emit(());
                        }
                        error.set(Some(e));
                    }
                }
            });
        })
    };

    html! {
        <section class="round-head" aria-labelledby="round-title">
            <p class="kicker">{ "Đợt rà soát" }</p>
            <h1 id="round-title">{ &r.title }</h1>
            <p class="record-status">
                <span id="round-status" class={classes!("badge", (!open).then_some("ended-badge"))}>{ r.status.label_vi() }</span>
            </p>
            <dl class="facts">
                <div><dt>{ "Phạm vi" }</dt><dd>
                    <Link<Route> to={Route::Unit { id: r.unit_id }}>{ &r.unit_name }</Link<Route>>
                </dd></div>
                <div><dt>{ "Thời gian rà soát" }</dt><dd>{ period_label(r) }</dd></div>
                <div><dt>{ "Căn cứ" }</dt><dd>{ format!("Hướng dẫn {}", r.regulation_code) }</dd></div>
                <div><dt>{ "Mở" }</dt><dd>
                    { format!("{}{}", format::date_time(r.opened_at), r.opened_by.as_ref().map(|b| format!(" — {b}")).unwrap_or_default()) }
                </dd></div>
                if let Some(at) = r.closed_at {
                    <div><dt>{ "Kết thúc" }</dt><dd>
                        { format!("{}{}", format::date_time(at), r.closed_by.as_ref().map(|b| format!(" — {b}")).unwrap_or_default()) }
                    </dd></div>
                }
                <div><dt>{ "Lần phát hiện gần nhất" }</dt><dd id="round-detected-at">
                    { r.detected_at.map(format::date_time).unwrap_or_else(|| "Chưa chạy".into()) }
                </dd></div>
                <div><dt>{ "Đề xuất" }</dt><dd id="round-counts">
                    { format!("{} chờ xem xét · {} đã xác nhận · {} đã bỏ qua", r.counts.pending, r.counts.confirmed, r.counts.dismissed) }
                </dd></div>
            </dl>
            if props.may_manage && open {
                <div class="actions round-actions no-print">
                    <button type="button" class="primary" id="round-detect" onclick={ondetect}
                            disabled={*busy} aria-busy={busy.to_string()}>
                        { if *busy { "Đang xử lý…" } else { "Chạy phát hiện" } }
                    </button>
                    <button type="button" class="secondary" id="round-close" onclick={ask_close}
                            aria-expanded={confirm_close.to_string()} disabled={*busy}>
                        { "Kết thúc đợt rà soát" }
                    </button>
                </div>
                if *confirm_close {
                    <div class="notice warning confirm" id="round-close-confirm">
                        <p>{ "Kết thúc đợt thì không thể chạy phát hiện, xác nhận hay bỏ qua đề xuất trong đợt này nữa. Kết thúc?" }</p>
                        <button type="button" class="primary" id="round-close-yes" onclick={onclose} disabled={*busy}>
                            { "Kết thúc đợt" }
                        </button>
                    </div>
                }
            }
            <p id="round-result" class="status-line" role="status">{ (*result).clone().unwrap_or_default() }</p>
            if let Some(e) = &*error {
                <ErrorNotice error={e.clone()} />
            }
        </section>
    }
}

// ---- progress ---------------------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct ProgressProps {
    round: i64,
    root: UnitId,
    root_name: String,
    tick: u32,
    may_complete: bool,
    onchanged: Callback<()>,
}

/// The children of a unit with their branches and suggestions; a row opens its own
/// children. A unit that holds members (a branch) can declare its review done.
#[component]
fn ProgressView(props: &ProgressProps) -> Html {
    // The units opened, from the round's scope down.
    let trail = use_state(|| vec![(props.root, props.root_name.clone())]);
    let here = trail.last().map(|t| t.0).unwrap_or(props.root);
    let reload = use_state(|| 0u32);
    let progress = use_fetch(
        (props.round, here, props.tick, *reload),
        |(round, unit, _, _)| async move {
            api::round_progress(round, &ProgressQuery { unit: Some(unit) }).await
        },
    );
    // Which rows are branches (hold members): from the tree, for the button.
    let kinds = use_fetch(here, |unit| async move {
        let here = api::unit(unit).await?;
        let children = api::unit_children(unit).await?;
        let mut branches: Vec<UnitId> = children
            .items
            .iter()
            .filter(|c| c.org_type.holds_members())
            .map(|c| c.id)
            .collect();
        if here.org_type.holds_members() {
            branches.push(here.id);
        }
        Ok(branches)
    });
    let is_branch = |u: UnitId| kinds.data().is_some_and(|b| b.contains(&u));
    let busy = use_state(|| None::<UnitId>);
    let error = use_state(|| None::<ApiError>);
    let done = use_state(|| None::<String>);
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };
    let complete = |row: &ProgressRow| {
        let (busy, error, done) = (busy.clone(), error.clone(), done.clone());
        let (round, unit, name) = (props.round, row.unit_id, row.unit_name.clone());
        let onchanged = props.onchanged.clone();
        Callback::from(move |_: MouseEvent| {
            if busy.is_some() {
                return;
            }
            busy.set(Some(unit));
            error.set(None);
            done.set(None);
            let (busy, error, done, onchanged, name) = (
                busy.clone(),
                error.clone(),
                done.clone(),
                onchanged.clone(),
                name.clone(),
            );
            spawn_local(async move {
                let outcome = api::complete_branch(round, unit).await;
                busy.set(None);
                match outcome {
                    Ok(_) => {
                        done.set(Some(format!("{name}: đã ghi nhận chi bộ rà soát xong.")));
                        onchanged.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let open_row = |row: &ProgressRow| {
        let trail = trail.clone();
        let (id, name) = (row.unit_id, row.unit_name.clone());
        Callback::from(move |_: MouseEvent| {
            let mut t = (*trail).clone();
            t.push((id, name.clone()));
            trail.set(t);
        })
    };
    let up_to = |depth: usize| {
        let trail = trail.clone();
        Callback::from(move |_: MouseEvent| {
            let mut t = (*trail).clone();
            t.truncate(depth + 1);
            trail.set(t);
        })
    };
    let row_cells = |row: &ProgressRow| {
        html! {
            <>
                <td data-label="Chi bộ">{ branches_label(row) }</td>
                <td data-label="Chờ xem xét">{ row.counts.pending }</td>
                <td data-label="Đã xác nhận">{ row.counts.confirmed }</td>
                <td data-label="Đã bỏ qua">{ row.counts.dismissed }</td>
            </>
        }
    };
    let complete_button = |row: &ProgressRow| {
        if props.may_complete && is_branch(row.unit_id) && may_complete(row) {
            let mine = *busy == Some(row.unit_id);
            html! {
                <button type="button" class="secondary complete-branch"
                        id={format!("complete-branch-{}", row.unit_id)}
                        onclick={complete(row)} disabled={busy.is_some()} aria-busy={mine.to_string()}>
                    { if mine { "Đang ghi…" } else { "Chi bộ đã rà soát xong" } }
                </button>
            }
        } else if is_branch(row.unit_id) && !may_complete(row) && row.branches > 0 {
            html! { <span class="badge">{ "Đã rà soát xong" }</span> }
        } else {
            html! {}
        }
    };

    html! {
        <section class="round-progress" aria-labelledby="progress-heading">
            <h2 id="progress-heading">{ "Tiến độ rà soát" }</h2>
            if trail.len() > 1 {
                <nav class="breadcrumb" aria-label="Cấp đang xem">
                    <ol>
                        { for trail.iter().enumerate().map(|(i, (_, name))| html! {
                            <li>
                                if i + 1 < trail.len() {
                                    <button type="button" class="link-button" onclick={up_to(i)}>{ name }</button>
                                } else {
                                    <span aria-current="location">{ name }</span>
                                }
                            </li>
                        }) }
                    </ol>
                </nav>
            }
            { match &*progress {
                FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
                FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
                FetchState::Success(p) => html! {
                    <table class="member-table admin-table progress-table" id="progress-table">
                        <thead>
                            <tr>
                                <th scope="col">{ "Tổ chức" }</th>
                                <th scope="col">{ "Chi bộ đã rà soát" }</th>
                                <th scope="col">{ "Chờ xem xét" }</th>
                                <th scope="col">{ "Đã xác nhận" }</th>
                                <th scope="col">{ "Đã bỏ qua" }</th>
                                <th scope="col"><span class="visually-hidden">{ "Thao tác" }</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            { for p.rows.iter().map(|row| html! {
                                <tr key={row.unit_id.0} class="progress-row" id={format!("progress-row-{}", row.unit_id)}>
                                    <th scope="row" class="name">
                                        if row.branches > 0 && !is_branch(row.unit_id) && row.unit_id != here {
                                            <button type="button" class="link-button drill" onclick={open_row(row)}
                                                    title="Xem các tổ chức trực thuộc">
                                                { &row.unit_name }{ " ›" }
                                            </button>
                                        } else {
                                            { &row.unit_name }
                                        }
                                    </th>
                                    { row_cells(row) }
                                    <td class="row-actions">{ complete_button(row) }</td>
                                </tr>
                            }) }
                            // A branch's progress is its own single row: no total beside it.
                            if !p.rows.iter().any(|r| r.unit_id == p.total.unit_id) {
                                <tr class="progress-total" id={format!("progress-row-{}", p.total.unit_id)}>
                                    <th scope="row" class="name">
                                        { if p.rows.is_empty() { p.total.unit_name.clone() } else { format!("Cộng: {}", p.total.unit_name) } }
                                    </th>
                                    { row_cells(&p.total) }
                                    <td class="row-actions">{ complete_button(&p.total) }</td>
                                </tr>
                            }
                        </tbody>
                    </table>
                },
            } }
            <p class="status-line" role="status" id="progress-status">{ (*done).clone().unwrap_or_default() }</p>
            if let Some(e) = &*error {
                <ErrorNotice error={e.clone()} id={Some(AttrValue::Static("progress-error"))} />
            }
        </section>
    }
}

// ---- suggestions -------------------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct SuggestionsProps {
    round: i64,
    root: UnitId,
    tick: u32,
    may_decide: bool,
    onchanged: Callback<()>,
}

#[component]
fn SuggestionsView(props: &SuggestionsProps) -> Html {
    let filter = use_state(SuggestionQuery::default);
    let reload = use_state(|| 0u32);
    let list = use_fetch(
        (props.round, (*filter).clone(), props.tick, *reload),
        |(round, q, _, _)| async move { api::suggestions(round, &q).await },
    );
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };
    let on_unit = {
        let filter = filter.clone();
        Callback::from(move |u: Option<UnitId>| {
            filter.set(SuggestionQuery {
                unit: u,
                ..(*filter).clone()
            })
        })
    };
    let on_status = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            filter.set(SuggestionQuery {
                status: SuggestionStatus::from_code(&v),
                ..(*filter).clone()
            })
        })
    };
    let on_criterion = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            filter.set(SuggestionQuery {
                criterion: Criterion::from_code(&v),
                ..(*filter).clone()
            })
        })
    };

    html! {
        <section class="suggestions" aria-labelledby="suggestions-heading">
            <h2 id="suggestions-heading">{ "Đề xuất rà soát" }</h2>
            <p class="muted">{ "Phần mềm chỉ đề xuất từ dữ liệu đã nhập; chi ủy xem xét từng trường hợp, xác nhận đưa vào danh sách dự kiến hoặc bỏ qua và ghi rõ lý do." }</p>
            <div class="filters filter-grid no-print">
                <UnitPicker id="suggestions-unit" label="Chi bộ" root={props.root} value={filter.unit}
                            onchange={on_unit} any={Some(AttrValue::Static("Tất cả"))} />
                <div class="field">
                    <label for="suggestions-status">{ "Tình trạng" }</label>
                    <select id="suggestions-status" onchange={on_status}>
                        <option value="" selected={filter.status.is_none()}>{ "Tất cả" }</option>
                        { for SuggestionStatus::ALL.iter().map(|s| html! {
                            <option value={s.code()} selected={filter.status == Some(*s)}>{ s.label_vi() }</option>
                        }) }
                    </select>
                </div>
                <div class="field wide">
                    <label for="suggestions-criterion">{ "Tiêu chí" }</label>
                    <select id="suggestions-criterion" onchange={on_criterion}>
                        <option value="" selected={filter.criterion.is_none()}>{ "Tất cả" }</option>
                        { for Criterion::ALL.iter().map(|c| html! {
                            <option value={c.code()} selected={filter.criterion == Some(*c)}>
                                { format!("{} — {}", c.short(), c.label_vi()) }
                            </option>
                        }) }
                    </select>
                </div>
            </div>
            { match &*list {
                FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
                FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
                FetchState::Success(l) if l.items.is_empty() => html! {
                    <p class="notice" id="suggestions-empty">{ "Không có đề xuất nào phù hợp." }</p>
                },
                FetchState::Success(l) => html! {
                    <div id="suggestions-list">
                        { for by_branch(&l.items).into_iter().map(|(unit, name, items)| html! {
                            <section class="branch-group" key={unit.0} aria-label={name.clone()}>
                                <h3>{ &name }<span class="muted">{ format!(" · {} đề xuất", items.len()) }</span></h3>
                                <ul class="suggestion-list">
                                    { for items.into_iter().map(|s| html! {
                                        <SuggestionCard key={s.id} suggestion={s.clone()}
                                                        may_decide={props.may_decide}
                                                        onchanged={props.onchanged.clone()} />
                                    }) }
                                </ul>
                            </section>
                        }) }
                    </div>
                },
            } }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SuggestionCardProps {
    suggestion: Suggestion,
    may_decide: bool,
    onchanged: Callback<()>,
}

#[component]
fn SuggestionCard(props: &SuggestionCardProps) -> Html {
    let s = &props.suggestion;
    let busy = use_state(|| false);
    let error = use_state(|| None::<ApiError>);
    let dismissing = use_state(|| false);
    let note_problem = use_state(|| None::<String>);
    let note_ref = use_node_ref();
    let decide = {
        let (busy, error, note_problem) = (busy.clone(), error.clone(), note_problem.clone());
        let (id, version, onchanged) = (s.id, s.version, props.onchanged.clone());
        let note_ref = note_ref.clone();
        move |decision: Decision| {
            let (busy, error, note_problem) = (busy.clone(), error.clone(), note_problem.clone());
            let (onchanged, note_ref) = (onchanged.clone(), note_ref.clone());
            Callback::from(move |_: MouseEvent| {
                if *busy {
                    return;
                }
                let note = match decision {
                    Decision::Confirm => None,
                    Decision::Dismiss => {
                        let text = note_ref
                            .cast::<HtmlTextAreaElement>()
                            .map(|t| t.value())
                            .unwrap_or_default();
                        match dismiss_note(&text) {
                            Ok(n) => Some(n),
                            Err(m) => {
                                note_problem.set(Some(m.to_string()));
                                return;
                            }
                        }
                    }
                };
                note_problem.set(None);
                busy.set(true);
                error.set(None);
                let body = SuggestionDecision { decision, note };
                let (busy, error, onchanged) = (busy.clone(), error.clone(), onchanged.clone());
                let note_problem = note_problem.clone();
                spawn_local(async move {
                    let outcome = api::decide(id, version, &body).await;
                    busy.set(false);
                    match outcome {
                        Ok(_) => onchanged.emit(()),
                        Err(e) if !e.field_messages("note").is_empty() => {
                            note_problem.set(Some(e.field_messages("note").join(" ")));
                        }
                        Err(e) => {
                            // Decided or changed by someone else meanwhile: show it as it is.
                            if matches!(e.status(), Some(409 | 412)) {
                                onchanged.emit(());
                            }
                            error.set(Some(e));
                        }
                    }
                });
            })
        }
    };
    let toggle_dismiss = {
        let dismissing = dismissing.clone();
        Callback::from(move |_: MouseEvent| dismissing.set(!*dismissing))
    };
    let pending = s.status == SuggestionStatus::Pending;
    let note_id = format!("dismiss-note-{}", s.id);
    let note_err = format!("dismiss-note-error-{}", s.id);
    html! {
        <li class={classes!("suggestion", format!("status-{}", s.status.code()))} id={format!("suggestion-{}", s.id)}
            data-member-id={s.member_id.to_string()} data-criterion={s.criterion.short()}>
            <div class="suggestion-head">
                <span class="criterion" title={s.criterion.label_en()}>{ s.criterion.short() }</span>
                <div class="suggestion-who">
                    <Link<Route> to={Route::Member { id: s.member_id }}>{ &s.member_name }</Link<Route>>
                    <span class="muted">{ " · " }{ &s.unit_name }</span>
                </div>
                <span class={classes!("badge", "suggestion-status", pending.then_some("warning"))}>{ s.status.label_vi() }</span>
            </div>
            <p class="criterion-label">{ s.criterion.label_vi() }</p>
            <p class="reason"><strong>{ "Lý do: " }</strong>{ &s.reason_vi }</p>
            if !s.evidence.is_empty() {
                <ul class="evidence">
                    { for s.evidence.iter().map(|e| html! {
                        <li><span class="muted">{ evidence_label(e.kind) }{ ": " }</span>{ &e.summary_vi }</li>
                    }) }
                </ul>
            }
            if let Some(by) = &s.decided_by {
                <p class="muted decided">
                    { format!("{} bởi {}{}", s.status.label_vi(), by, s.decided_at.map(|t| format!(" lúc {}", format::date_time(t))).unwrap_or_default()) }
                    if let Some(n) = &s.note {
                        { format!(" — {n}") }
                    }
                </p>
            }
            if let Some(case) = s.case_id {
                <p class="muted case-ref">{ format!("Đã mở hồ sơ vụ việc dự kiến số {case}.") }</p>
            }
            if props.may_decide && pending {
                <div class="row-actions no-print">
                    <button type="button" class="primary confirm-suggestion" id={format!("confirm-{}", s.id)}
                            onclick={decide(Decision::Confirm)} disabled={*busy}>
                        { "Xác nhận" }
                    </button>
                    <button type="button" class="secondary dismiss-toggle" id={format!("dismiss-{}", s.id)}
                            onclick={toggle_dismiss} aria-expanded={dismissing.to_string()} disabled={*busy}>
                        { "Bỏ qua…" }
                    </button>
                    if *dismissing {
                        <div class="field dismiss-form">
                            <label for={note_id.clone()}>{ "Lý do bỏ qua (bắt buộc)" }</label>
                            <textarea id={note_id} class="dismiss-note" ref={note_ref} rows="2" maxlength="2000"
                                      aria-invalid={note_problem.is_some().to_string()}
                                      aria-describedby={note_err.clone()} />
                            <FieldError id={note_err} messages={(*note_problem).clone().map(|m| vec![m]).unwrap_or_default()} />
                            <button type="button" class="secondary dismiss-yes" id={format!("dismiss-yes-{}", s.id)}
                                    onclick={decide(Decision::Dismiss)} disabled={*busy}>
                                { "Bỏ qua đề xuất" }
                            </button>
                        </div>
                    }
                </div>
            }
            if let Some(e) = &*error {
                <ErrorNotice error={e.clone()} />
            }
        </li>
    }
}

// ---- a ground entered by a person ---------------------------------------------------------

#[derive(Properties, PartialEq)]
struct EnterGroundProps {
    round: i64,
    root: UnitId,
    onchanged: Callback<()>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct GroundProblems {
    member: Vec<String>,
    criterion: Vec<String>,
    reason: Vec<String>,
    document: Vec<String>,
    issued_by: Vec<String>,
}

/// A ground the software cannot detect (A3, A4, B3, B5–B10), with its document.
#[component]
fn EnterGround(props: &EnterGroundProps) -> Html {
    let search = use_state(String::new);
    let found = use_fetch((props.root, (*search).clone()), |(unit, q)| async move {
        if q.trim().is_empty() {
            return Ok(Vec::new());
        }
        let page = api::members(&MemberQuery {
            unit: Some(unit),
            q: Some(q),
            limit: Some(20),
            ..MemberQuery::default()
        })
        .await?;
        Ok(page.items)
    });
    let member = use_state(|| None::<MemberId>);
    let criterion = use_state(|| None::<Criterion>);
    let (search_ref, reason, number, date, issued) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    let busy = use_state(|| false);
    let problems = use_state(GroundProblems::default);
    let error = use_state(|| None::<ApiError>);
    let done = use_state(|| None::<String>);

    let onsearch = {
        let (search, search_ref, member) = (search.clone(), search_ref.clone(), member.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let v = search_ref
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            member.set(None);
            search.set(v);
        })
    };
    let on_member = {
        let member = member.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            member.set(v.parse::<i64>().ok().map(MemberId));
        })
    };
    let on_criterion = {
        let criterion = criterion.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            criterion.set(Criterion::from_code(&v));
        })
    };
    let onsubmit = {
        let (member, criterion) = (member.clone(), criterion.clone());
        let (reason, number, date, issued) =
            (reason.clone(), number.clone(), date.clone(), issued.clone());
        let (busy, problems, error, done) =
            (busy.clone(), problems.clone(), error.clone(), done.clone());
        let (round, onchanged) = (props.round, props.onchanged.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let input_value = |n: &NodeRef| {
                n.cast::<HtmlInputElement>()
                    .map(|i| i.value().trim().to_string())
                    .or_else(|| {
                        n.cast::<HtmlTextAreaElement>()
                            .map(|t| t.value().trim().to_string())
                    })
                    .unwrap_or_default()
            };
            let (r, num, d, by) = (
                input_value(&reason),
                input_value(&number),
                parse_date(&input_value(&date)),
                input_value(&issued),
            );
            let mut p = GroundProblems::default();
            if member.is_none() {
                p.member.push("Hãy tìm và chọn đảng viên.".into());
            }
            if criterion.is_none() {
                p.criterion.push("Hãy chọn tiêu chí.".into());
            }
            if r.is_empty() {
                p.reason.push("Hãy ghi nội dung kết luận.".into());
            }
            let signed_on = match d {
                Ok(Some(day)) => Some(day),
                _ => None,
            };
            if num.is_empty() || signed_on.is_none() {
                p.document
                    .push("Hãy ghi số và ngày của văn bản kết luận hoặc quyết định.".into());
            }
            if by.is_empty() {
                p.issued_by.push("Hãy ghi cơ quan ban hành văn bản.".into());
            }
            error.set(None);
            done.set(None);
            let (Some(member_id), Some(criterion), Some(signed_on), true) = (
                *member,
                *criterion,
                signed_on,
                p == GroundProblems::default(),
            ) else {
                problems.set(p);
                return;
            };
            problems.set(GroundProblems::default());
            busy.set(true);
            let input = EnteredSuggestionInput {
                member_id,
                criterion,
                reason_vi: r,
                document: DocumentRef {
                    number: num,
                    signed_on,
                },
                issued_by: by,
            };
            let (busy, problems, error, done, onchanged) = (
                busy.clone(),
                problems.clone(),
                error.clone(),
                done.clone(),
                onchanged.clone(),
            );
            let reason = reason.clone();
            spawn_local(async move {
                let outcome = api::enter_suggestion(round, &input).await;
                busy.set(false);
                match outcome {
                    Ok(s) => {
                        if let Some(t) = reason.cast::<HtmlTextAreaElement>() {
                            t.set_value("");
                        }
                        done.set(Some(format!(
                            "Đã ghi đề xuất {} cho {}.",
                            s.criterion.short(),
                            s.member_name
                        )));
                        onchanged.emit(());
                    }
                    Err(e) => {
                        let mut document = e.field_messages("document.number");
                        document.extend(e.field_messages("document.signed_on"));
                        document.extend(e.field_messages("document"));
                        let by_field = GroundProblems {
                            member: e.field_messages("member_id"),
                            criterion: e.field_messages("criterion"),
                            reason: e.field_messages("reason_vi"),
                            document,
                            issued_by: e.field_messages("issued_by"),
                        };
                        if by_field == GroundProblems::default() {
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
        <section class="admin-form" aria-labelledby="ground-heading">
            <h2 id="ground-heading">{ "Ghi căn cứ đã có kết luận" }</h2>
            <p class="muted">{ "Các tiêu chí phần mềm không tự phát hiện (A3, A4, B3, B5–B10) được ghi kèm văn bản kết luận hoặc quyết định của cấp có thẩm quyền." }</p>
            <form class="search no-print" role="search" onsubmit={onsearch}>
                <label for="ground-search">{ "Tìm đảng viên theo tên" }</label>
                <div class="search-row">
                    <input id="ground-search" type="search" ref={search_ref} autocomplete="off" />
                    <button type="submit" class="secondary" id="ground-search-submit">{ "Tìm" }</button>
                </div>
            </form>
            <form class="stack-form" {onsubmit} novalidate=true>
                <div class="field">
                    <label for="ground-member">{ "Đảng viên" }</label>
                    { match &*found {
                        FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} /> },
                        FetchState::Success(items) if !items.is_empty() => html! {
                            <select id="ground-member" onchange={on_member}
                                    aria-invalid={(!p.member.is_empty()).to_string()} aria-describedby="ground-member-error">
                                <option value="" selected={member.is_none()}>{ format!("— Chọn trong {} người tìm thấy —", items.len()) }</option>
                                { for items.iter().map(|m| html! {
                                    <option value={m.id.to_string()} selected={*member == Some(m.id)}>
                                        { format!("{} ({}, sinh {})", m.full_name, m.home_unit_name, m.date_of_birth.year()) }
                                    </option>
                                }) }
                            </select>
                        },
                        FetchState::Fetching => html! { <Loading /> },
                        _ => html! {
                            <p class="hint" id="ground-member">{
                                if search.trim().is_empty() { "Tìm theo tên ở ô phía trên rồi chọn." } else { "Không tìm thấy đảng viên nào." }
                            }</p>
                        },
                    } }
                    <FieldError id="ground-member-error" messages={p.member.clone()} />
                </div>
                <div class="field">
                    <label for="ground-criterion">{ "Tiêu chí" }</label>
                    <select id="ground-criterion" onchange={on_criterion}
                            aria-invalid={(!p.criterion.is_empty()).to_string()} aria-describedby="ground-criterion-error">
                        <option value="" selected={criterion.is_none()}>{ "— Chọn tiêu chí —" }</option>
                        { for enterable_criteria().into_iter().map(|c| html! {
                            <option value={c.code()} selected={*criterion == Some(c)} title={c.label_en()}>
                                { format!("{} — {}", c.short(), c.label_vi()) }
                            </option>
                        }) }
                    </select>
                    <FieldError id="ground-criterion-error" messages={p.criterion.clone()} />
                </div>
                <div class="field">
                    <label for="ground-reason">{ "Nội dung kết luận" }</label>
                    <textarea id="ground-reason" ref={reason} rows="3" maxlength="2000"
                              aria-invalid={(!p.reason.is_empty()).to_string()} aria-describedby="ground-reason-error" />
                    <FieldError id="ground-reason-error" messages={p.reason.clone()} />
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="ground-doc-number">{ "Số văn bản" }</label>
                        <input id="ground-doc-number" type="text" maxlength="60" ref={number} placeholder="ví dụ 05-KL/UBKT"
                               aria-describedby="ground-document-error" />
                    </div>
                    <div class="field">
                        <label for="ground-doc-date">{ "Ngày ký" }</label>
                        <input id="ground-doc-date" type="date" ref={date} aria-describedby="ground-document-error" />
                    </div>
                </div>
                <FieldError id="ground-document-error" messages={p.document.clone()} />
                <div class="field">
                    <label for="ground-issued-by">{ "Cơ quan ban hành" }</label>
                    <input id="ground-issued-by" type="text" maxlength="200" ref={issued} placeholder="ví dụ Ủy ban Kiểm tra Đảng ủy xã"
                           aria-invalid={(!p.issued_by.is_empty()).to_string()} aria-describedby="ground-issued-by-error" />
                    <FieldError id="ground-issued-by-error" messages={p.issued_by.clone()} />
                </div>
                if let Some(e) = &*error {
                    <ErrorNotice error={e.clone()} />
                }
                <p class="status-line" role="status" id="ground-status">{ (*done).clone().unwrap_or_default() }</p>
                <button id="ground-submit" type="submit" class="primary" disabled={*busy} aria-busy={busy.to_string()}>
                    { if *busy { "Đang ghi…" } else { "Ghi đề xuất" } }
                </button>
            </form>
        </section>
    }
}
