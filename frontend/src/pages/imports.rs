//! Nhập dữ liệu: a file of members (CSV, XLSX or JSON) checked by a dry run, then applied
//! with an idempotency key and followed to its end (`POST /imports`, `GET /imports/{id}`),
//! the columns a file carries with a sample file, and the recent import jobs.

use crate::active_role::{may_as, use_active_role};
use crate::api::{self, ApiError};
use crate::components::field_error::FieldError;
use crate::components::status::{ErrorNotice, Loading, NotAllowed};
use crate::components::unit_picker::UnitPicker;
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use crate::imports::{self, Target};
use gloo_timers::future::TimeoutFuture;
use rasoat_shared::UnitId;
use rasoat_shared::access::Action;
use rasoat_shared::api::imports::{
    ImportJob, ImportKind, ImportListQuery, ImportQuery, ImportStatus,
};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Pause between two reads of a running job.
const POLL_MS: u32 = 500;
/// Recent jobs listed under the form.
const RECENT_JOBS: u32 = 20;

/// A file read into memory, numbered so that a dry run names the file it checked.
#[derive(Debug, PartialEq)]
struct ChosenFile {
    serial: u32,
    name: String,
    content_type: &'static str,
    bytes: Vec<u8>,
}

/// The dry run of the file on screen.
#[derive(Debug, Clone, PartialEq)]
enum Check {
    Idle,
    Busy,
    Done(Target, Rc<ImportJob>),
    Failed(ApiError),
}

/// The apply of the file on screen.
#[derive(Debug, Clone, PartialEq)]
enum Apply {
    Idle,
    Sending,
    /// Running (polled) or ended.
    Tracking(Rc<ImportJob>),
    Failed(ApiError),
    /// Following a running job failed; it may still run on the server.
    Lost(Rc<ImportJob>, ApiError),
}

impl Apply {
    fn busy(&self) -> bool {
        match self {
            Apply::Sending => true,
            Apply::Tracking(j) => imports::is_running(j),
            _ => false,
        }
    }
}

/// Reads a running job every [`POLL_MS`] until it ends (or the page is left), showing
/// each read; `ended` is told when it is over.
async fn follow(
    mut job: ImportJob,
    apply: UseStateHandle<Apply>,
    alive: Rc<Cell<bool>>,
    ended: Callback<()>,
) {
    while imports::is_running(&job) {
        TimeoutFuture::new(POLL_MS).await;
        if !alive.get() {
            return;
        }
        match api::import_job(job.id).await {
            Ok(j) => {
                job = j;
                apply.set(Apply::Tracking(Rc::new(job.clone())));
            }
            Err(e) => {
                apply.set(Apply::Lost(Rc::new(job), e));
                return;
            }
        }
    }
    ended.emit(());
}

#[component]
pub fn ImportsPage() -> Html {
    dom::use_title("Nhập dữ liệu".to_string());
    let active = use_active_role();
    let allowed = may_as(active.as_ref(), Action::ImportData);
    let heading = html! {
        <h1>{ "Nhập dữ liệu" }<span class="en" lang="en">{ "Bulk import" }</span></h1>
    };
    let (Some(root), true) = (active.as_ref().map(|g| g.unit_id), allowed) else {
        return html! {
            <>
                { heading }
                <NotAllowed what="nhập dữ liệu từ tệp" />
            </>
        };
    };
    html! {
        <>
            { heading }
            <p class="muted">
                { "Nhập danh sách đảng viên hoặc kết quả xếp loại hằng năm từ tệp CSV, Excel (XLSX) \
                   hoặc JSON. Hãy chạy thử trước: \
                   máy chủ kiểm tra từng dòng, từng cột mà không ghi gì; chỉ khi tệp không còn lỗi \
                   mới nhập được, và cả tệp được ghi một lần (có lỗi thì không dòng nào được ghi)." }
            </p>
            <ImportForm {root} />
            { for ImportKind::ALL.iter().map(|k| html! { <ColumnGuide kind={*k} /> }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ImportFormProps {
    root: UnitId,
}

#[component]
fn ImportForm(props: &ImportFormProps) -> Html {
    let unit = use_state(|| None::<UnitId>);
    let kind = use_state(|| ImportKind::Members);
    let file = use_state(|| None::<Rc<ChosenFile>>);
    let reading = use_state(|| false);
    let local_error = use_state(|| None::<&'static str>);
    let check = use_state(|| Check::Idle);
    let apply = use_state(|| Apply::Idle);
    let jobs_reload = use_state(|| 0u32);
    let serial = use_mut_ref(|| Rc::new(Cell::new(0u32)));
    // The key of the last apply and what it sent: applying the same bytes to the same unit
    // again (a second click, or the same file chosen anew) reuses it, so that the server
    // answers with the first job instead of importing twice.
    let apply_key = use_mut_ref(|| None::<(UnitId, ImportKind, Rc<ChosenFile>, String)>);
    let alive = use_mut_ref(|| Rc::new(Cell::new(true)));
    {
        let alive = alive.borrow().clone();
        use_effect_with((), move |_| move || alive.set(false));
    }

    let target = match (&*file, *unit) {
        (Some(f), Some(u)) => Some(Target {
            file: f.serial,
            unit: u,
            kind: *kind,
        }),
        _ => None,
    };
    let busy = *reading || matches!(*check, Check::Busy) || apply.busy();
    let reset = {
        let (check, apply, local_error) = (check.clone(), apply.clone(), local_error.clone());
        move || {
            check.set(Check::Idle);
            apply.set(Apply::Idle);
            local_error.set(None);
        }
    };

    let onunit = {
        let (unit, reset) = (unit.clone(), reset.clone());
        Callback::from(move |u: Option<UnitId>| {
            unit.set(u);
            reset();
        })
    };
    let onkind = {
        let (kind, reset) = (kind.clone(), reset.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(k) = ImportKind::from_code(&v) {
                kind.set(k);
                reset();
            }
        })
    };
    let onfile = {
        let (file, reading, local_error, reset) = (
            file.clone(),
            reading.clone(),
            local_error.clone(),
            reset.clone(),
        );
        let serial = serial.borrow().clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            reset();
            let mine = serial.get().wrapping_add(1);
            serial.set(mine);
            let Some(f) = input.files().and_then(|l| l.get(0)) else {
                file.set(None);
                reading.set(false);
                return;
            };
            let name = f.name();
            let Some(content_type) = imports::content_type_for(&name, &f.type_()) else {
                file.set(None);
                reading.set(false);
                local_error.set(Some("Chỉ nhận tệp CSV, Excel (XLSX) hoặc JSON."));
                return;
            };
            reading.set(true);
            let (file, reading, local_error, serial) = (
                file.clone(),
                reading.clone(),
                local_error.clone(),
                serial.clone(),
            );
            spawn_local(async move {
                let read = JsFuture::from(f.array_buffer()).await;
                // A file chosen meanwhile replaces this one.
                if serial.get() != mine {
                    return;
                }
                reading.set(false);
                match read {
                    Ok(buf) => file.set(Some(Rc::new(ChosenFile {
                        serial: mine,
                        name,
                        content_type,
                        bytes: js_sys::Uint8Array::new(&buf).to_vec(),
                    }))),
                    Err(_) => {
                        file.set(None);
                        local_error.set(Some(
                            "Không đọc được tệp đã chọn; hãy chọn lại (tệp có thể đã bị di chuyển hoặc xóa).",
                        ));
                    }
                }
            });
        })
    };
    let jobs_changed = {
        let jobs_reload = jobs_reload.clone();
        Callback::from(move |()| jobs_reload.set(jobs_reload.wrapping_add(1)))
    };

    let oncheck = {
        let (file, check, apply, local_error) = (
            file.clone(),
            check.clone(),
            apply.clone(),
            local_error.clone(),
        );
        let jobs_changed = jobs_changed.clone();
        Callback::from(move |_: MouseEvent| {
            let (Some(f), Some(t)) = ((*file).clone(), target) else {
                local_error.set(Some(if target.is_none() && file.is_some() {
                    "Hãy chọn tổ chức mà tệp thuộc về."
                } else {
                    "Hãy chọn tệp cần nhập."
                }));
                return;
            };
            local_error.set(None);
            apply.set(Apply::Idle);
            check.set(Check::Busy);
            let (check, jobs_changed) = (check.clone(), jobs_changed.clone());
            spawn_local(async move {
                let query = ImportQuery {
                    kind: t.kind,
                    unit: t.unit,
                    dry_run: true,
                    format: None,
                    file_name: Some(f.name.clone()),
                };
                let result = api::import_file(&query, f.content_type, None, &f.bytes).await;
                match result {
                    Ok(job) => {
                        check.set(Check::Done(t, Rc::new(job)));
                        jobs_changed.emit(());
                    }
                    Err(e) => check.set(Check::Failed(e)),
                }
                dom::focus_id("import-check-result");
            });
        })
    };

    let checked = match &*check {
        Check::Done(t, job) => Some((*t, job.as_ref())),
        _ => None,
    };
    let already_applied =
        matches!(&*apply, Apply::Tracking(j) if j.status == ImportStatus::Applied);
    let can_apply = imports::may_apply(checked, target) && !busy && !already_applied;

    let onapply = {
        let (file, apply, alive) = (file.clone(), apply.clone(), alive.borrow().clone());
        let apply_key = apply_key.clone();
        let jobs_changed = jobs_changed.clone();
        Callback::from(move |_: MouseEvent| {
            let (Some(f), Some(t), true) = ((*file).clone(), target, can_apply) else {
                return;
            };
            let key = {
                let mut stored = apply_key.borrow_mut();
                match &*stored {
                    Some((unit, kind, sent, key))
                        if *unit == t.unit && *kind == t.kind && sent.bytes == f.bytes =>
                    {
                        key.clone()
                    }
                    _ => {
                        let key = imports::new_idempotency_key();
                        *stored = Some((t.unit, t.kind, f.clone(), key.clone()));
                        key
                    }
                }
            };
            apply.set(Apply::Sending);
            let (apply, alive, jobs_changed) = (apply.clone(), alive.clone(), jobs_changed.clone());
            spawn_local(async move {
                let query = ImportQuery {
                    kind: t.kind,
                    unit: t.unit,
                    dry_run: false,
                    format: None,
                    file_name: Some(f.name.clone()),
                };
                let result = api::import_file(&query, f.content_type, Some(&key), &f.bytes).await;
                match result {
                    Ok(job) => {
                        apply.set(Apply::Tracking(Rc::new(job.clone())));
                        jobs_changed.emit(());
                        follow(job, apply, alive, jobs_changed).await;
                    }
                    Err(e) => apply.set(Apply::Failed(e)),
                }
            });
        })
    };
    let resume = {
        let (apply, alive) = (apply.clone(), alive.borrow().clone());
        let jobs_changed = jobs_changed.clone();
        Callback::from(move |_: MouseEvent| {
            let Apply::Lost(job, _) = &*apply else { return };
            let job = (**job).clone();
            apply.set(Apply::Tracking(Rc::new(job.clone())));
            spawn_local(follow(
                job,
                apply.clone(),
                alive.clone(),
                jobs_changed.clone(),
            ));
        })
    };

    // The server's word on the unit (a province-level unit, say) is shown at the picker.
    let failure = match (&*check, &*apply) {
        (Check::Failed(e), _) | (_, Apply::Failed(e)) => Some(e),
        _ => None,
    };
    let unit_errors = failure
        .map(|e| e.field_messages("unit"))
        .unwrap_or_default();
    let check_label = if matches!(*check, Check::Busy) {
        "Đang kiểm tra…"
    } else {
        "Kiểm tra (chạy thử)"
    };
    let apply_label = match &*apply {
        Apply::Sending => "Đang gửi…",
        a if a.busy() => "Đang nhập…",
        _ => "Nhập vào sổ đảng viên",
    };
    html! {
        <section class="admin-form import-form" aria-labelledby="import-form-heading">
            <h2 id="import-form-heading">{ "Nhập từ tệp" }</h2>
            <div class="stack-form">
                // Nothing on screen changes while a file is checked or applied.
                <fieldset class="import-inputs" disabled={matches!(*check, Check::Busy) || apply.busy()}>
                <legend class="visually-hidden">{ "Tệp cần nhập" }</legend>
                <UnitPicker id="import-unit" label="Tổ chức đảng mà tệp thuộc về" root={props.root}
                            value={*unit} onchange={onunit} invalid={!unit_errors.is_empty()}
                            describedby={Some(AttrValue::Static("import-unit-error import-unit-hint"))} />
                <FieldError id="import-unit-error" messages={unit_errors} />
                <p class="hint muted" id="import-unit-hint">
                    { "Mỗi dòng phải thuộc một chi bộ nằm trong tổ chức này (cột “Mã chi bộ”)." }
                </p>
                <div class="field">
                    <label for="import-kind">{ "Loại dữ liệu" }</label>
                    <select id="import-kind" onchange={onkind}>
                        { for ImportKind::ALL.iter().map(|k| html! {
                            <option value={k.code()} selected={*k == *kind}>{ k.label_vi() }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="import-file">{ "Tệp (CSV, XLSX hoặc JSON)" }</label>
                    <input id="import-file" type="file" accept={imports::ACCEPT}
                           onchange={onfile} aria-describedby="import-file-status" />
                    <p id="import-file-status" class="muted" aria-live="polite">
                        { match (&*file, *reading) {
                            (_, true) => "Đang đọc tệp…".to_string(),
                            (Some(f), false) => format!("Đã chọn “{}” ({} byte).", f.name, format::count(f.bytes.len() as u64)),
                            (None, false) => String::new(),
                        } }
                    </p>
                </div>
                </fieldset>
                if let Some(msg) = *local_error {
                    <div class="field-error" id="import-local-error" role="alert"><p>{ msg }</p></div>
                }
                <div class="actions import-actions">
                    <button type="button" id="import-check" class="secondary"
                            onclick={oncheck} disabled={busy || file.is_none()}
                            aria-busy={matches!(*check, Check::Busy).to_string()}>
                        { check_label }
                    </button>
                    <button type="button" id="import-apply" class="primary"
                            onclick={onapply} disabled={!can_apply}
                            aria-describedby="import-apply-hint"
                            aria-busy={apply.busy().to_string()}>
                        { apply_label }
                    </button>
                </div>
                <p id="import-apply-hint" class="hint muted">
                    { "Nút “Nhập vào sổ đảng viên” chỉ dùng được sau khi chạy thử chính tệp này không có lỗi." }
                </p>
            </div>
            <div id="import-check-result" tabindex="-1" aria-live="polite">
                { check_view(&check) }
            </div>
            <div id="import-apply-status" role="status" aria-live="polite">
                { apply_view(&apply, resume) }
            </div>
            <RecentJobs reload={*jobs_reload} />
        </section>
    }
}

fn check_view(check: &Check) -> Html {
    match check {
        Check::Idle => html! {},
        Check::Busy => html! { <Loading label="Đang kiểm tra tệp…" /> },
        Check::Failed(e) => html! {
            <>
                <ErrorNotice error={e.clone()} />
                { other_errors(e) }
            </>
        },
        Check::Done(_, job) if job.status == ImportStatus::Validated => html! {
            <p class="notice success" id="import-check-ok">
                { format!(
                    "Chạy thử “{}”: {} dòng, không có lỗi. Có thể nhập vào sổ đảng viên của {}.",
                    job.file_name.as_deref().unwrap_or("tệp"),
                    format::count(u64::from(job.total_rows)),
                    job.unit_name
                ) }
            </p>
        },
        Check::Done(_, job) => problems_view(job),
    }
}

fn problems_view(job: &ImportJob) -> Html {
    let shown = job.problems.len();
    let count = job.problem_count as usize;
    html! {
        <div class="import-problems">
            <p class="notice warning" id="import-problem-count" data-count={count.to_string()}>
                { format!(
                    "{}: {} lỗi trong {} dòng dữ liệu. Hãy sửa tệp rồi chạy thử lại.",
                    job.status.label_vi(),
                    format::count(count as u64),
                    format::count(u64::from(job.total_rows))
                ) }
                if shown < count {
                    { format!(" Dưới đây là {} lỗi đầu tiên.", format::count(shown as u64)) }
                }
            </p>
            if shown > 0 {
                <table class="member-table admin-table" id="import-problems">
                    <caption class="visually-hidden">{ "Lỗi theo dòng và cột" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Dòng" }</th>
                            <th scope="col">{ "Cột" }</th>
                            <th scope="col">{ "Lỗi" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for job.problems.iter().map(|p| html! {
                            <tr class="import-problem" data-row={p.row.to_string()}
                                data-column={p.column.clone().unwrap_or_default()} data-code={p.code.clone()}>
                                <td data-label="Dòng" class="problem-row">{ imports::row_label(p.row) }</td>
                                <td data-label="Cột" class="problem-column">
                                    { p.header.clone().or_else(|| p.column.clone()).unwrap_or_else(|| format::DASH.to_string()) }
                                </td>
                                <td data-label="Lỗi" class="problem-message">{ &p.message }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </div>
    }
}

fn apply_view(apply: &Apply, resume: Callback<MouseEvent>) -> Html {
    match apply {
        Apply::Idle => html! {},
        Apply::Sending => html! { <Loading label="Đang gửi tệp…" /> },
        Apply::Failed(e) => html! {
            <>
                <ErrorNotice error={e.clone()} />
                { other_errors(e) }
                if e.code() == Some(rasoat_shared::ErrorCode::ImportRejected) {
                    <p class="hint">{ "Hãy chạy thử lại để xem lỗi theo từng dòng." }</p>
                }
            </>
        },
        Apply::Lost(job, e) => html! {
            <>
                { progress_view(job) }
                <ErrorNotice error={e.clone()} retry={Some(resume)} />
                <p class="hint">{ "Việc nhập có thể vẫn đang chạy trên máy chủ; bấm “Thử lại” để xem tiếp tiến độ." }</p>
            </>
        },
        Apply::Tracking(job) if imports::is_running(job) => progress_view(job),
        Apply::Tracking(job) => result_view(job),
    }
}

/// The problems of an answer not shown at a field (the unit's are at the picker): an
/// apply refused for its rows names them ("Dòng 3, cột “Ngày sinh”: …").
fn other_errors(e: &ApiError) -> Html {
    let messages: Vec<&str> = e
        .field_errors()
        .iter()
        .filter(|f| f.field != "unit")
        .map(|f| f.message.as_str())
        .collect();
    if messages.is_empty() {
        return html! {};
    }
    html! {
        <ul class="plain-list error-list" id="import-errors">
            { for messages.iter().map(|m| html! { <li>{ *m }</li> }) }
        </ul>
    }
}

fn progress_view(job: &ImportJob) -> Html {
    html! {
        <div class="import-progress">
            <label for="import-progress">{ "Tiến độ nhập" }</label>
            <progress id="import-progress" max={job.total_rows.max(1).to_string()}
                      value={job.processed_rows.to_string()}>
                { imports::progress_text(job) }
            </progress>
            <p id="import-progress-text">{ imports::progress_text(job) }</p>
        </div>
    }
}

fn result_view(job: &ImportJob) -> Html {
    let (class, text) = match job.status {
        ImportStatus::Applied => (
            "notice success",
            format!(
                "Đã ghi {} đảng viên vào sổ của {}.",
                format::count(u64::from(job.applied_rows)),
                job.unit_name
            ),
        ),
        _ if imports::may_retry(job) => (
            "notice warning",
            "Chưa dòng nào được ghi. Có thể bấm “Nhập vào sổ đảng viên” lần nữa: tệp được gửi lại với cùng khóa chống lặp nên không bị nhập hai lần.".to_string(),
        ),
        _ => ("notice", String::new()),
    };
    html! {
        <div class={class} id="import-result" data-status={job.status.code()}>
            <p><strong>{ job.status.label_vi() }</strong></p>
            if !text.is_empty() {
                <p>{ text }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RecentJobsProps {
    reload: u32,
}

#[component]
fn RecentJobs(props: &RecentJobsProps) -> Html {
    let retry_count = use_state(|| 0u32);
    let jobs = use_fetch((props.reload, *retry_count), |_| async move {
        api::import_jobs(&ImportListQuery {
            limit: Some(RECENT_JOBS),
            cursor: None,
        })
        .await
    });
    let retry = {
        let retry_count = retry_count.clone();
        Callback::from(move |_: MouseEvent| retry_count.set(retry_count.wrapping_add(1)))
    };
    let body = match &*jobs {
        FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
        FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
        FetchState::Success(page) if page.items.is_empty() => html! {
            <p class="notice" id="import-jobs-empty">{ "Chưa có lần nhập nào." }</p>
        },
        FetchState::Success(page) => html! {
            <table class="member-table admin-table" id="import-jobs">
                <thead>
                    <tr>
                        <th scope="col">{ "Tệp" }</th>
                        <th scope="col">{ "Lúc gửi" }</th>
                        <th scope="col">{ "Tổ chức" }</th>
                        <th scope="col">{ "Loại" }</th>
                        <th scope="col">{ "Tình trạng" }</th>
                        <th scope="col">{ "Số dòng" }</th>
                        <th scope="col">{ "Đã ghi" }</th>
                        <th scope="col">{ "Lỗi" }</th>
                        <th scope="col">{ "Người gửi" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for page.items.iter().map(|j| html! {
                        <tr key={j.id} class="import-job" data-status={j.status.code()}>
                            <th scope="row" class="name">{ format::opt_text(j.file_name.as_deref()) }</th>
                            <td data-label="Lúc gửi">{ format::date_time(j.created_at) }</td>
                            <td data-label="Tổ chức">{ &j.unit_name }</td>
                            <td data-label="Loại">
                                { j.kind.label_vi() }{ if j.dry_run { " · chạy thử" } else { "" } }
                            </td>
                            <td data-label="Tình trạng">
                                <span class={classes!("badge", status_class(j.status))}>{ j.status.label_vi() }</span>
                            </td>
                            <td data-label="Số dòng">{ format::count(u64::from(j.total_rows)) }</td>
                            <td data-label="Đã ghi">{ format::count(u64::from(j.applied_rows)) }</td>
                            <td data-label="Lỗi">{ format::count(u64::from(j.problem_count)) }</td>
                            <td data-label="Người gửi">{ &j.submitted_by }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        },
    };
    html! {
        <section aria-labelledby="import-jobs-heading" class="import-jobs">
            <h2 id="import-jobs-heading">{ "Các lần nhập gần đây" }</h2>
            { body }
        </section>
    }
}

fn status_class(s: ImportStatus) -> Option<&'static str> {
    match s {
        ImportStatus::Rejected | ImportStatus::Interrupted | ImportStatus::Failed => {
            Some("warning")
        }
        _ => None,
    }
}

#[derive(Properties, PartialEq)]
struct GuideProps {
    kind: ImportKind,
}

/// The columns of one kind of file, with a sample file to start from.
#[component]
fn ColumnGuide(props: &GuideProps) -> Html {
    let kind = props.kind;
    let columns = rasoat_shared::imports::columns(kind);
    let href = use_memo(kind, |_| imports::template_href(columns));
    // The members' guide keeps the plain ids (links and tests use them).
    let suffix = match kind {
        ImportKind::Members => String::new(),
        other => format!("-{}", other.code()),
    };
    let heading_id = format!("import-columns-heading{suffix}");
    html! {
        <section aria-labelledby={heading_id.clone()} class="import-columns">
            <h2 id={heading_id}>{ format!("Các cột của tệp: {}", kind.label_vi().to_lowercase()) }</h2>
            <p class="muted">
                { "Dòng đầu của tệp CSV hoặc trang tính Excel là tiêu đề cột, như trong bản xuất của \
                   Cơ sở dữ liệu đảng viên; thứ tự cột không quan trọng, không phân biệt chữ hoa, chữ thường \
                   hay dấu. Tệp JSON là một mảng đối tượng, mỗi đối tượng dùng khóa tiếng Anh (cột “Khóa”)." }
            </p>
            <p>
                <a id={format!("import-template{suffix}")} class="button-link secondary-link" href={(*href).clone()}
                   download={format!("mau-nhap-{}.csv", kind.code())}>{ "Tải tệp mẫu (CSV)" }</a>
            </p>
            <table class="member-table admin-table" id={format!("import-columns{suffix}")}>
                <thead>
                    <tr>
                        <th scope="col">{ "Tiêu đề cột" }</th>
                        <th scope="col">{ "Bắt buộc" }</th>
                        <th scope="col">{ "Định dạng" }</th>
                        <th scope="col">{ "Ví dụ" }</th>
                        <th scope="col">{ "Khóa" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for columns.iter().map(|c| html! {
                        <tr key={c.key} data-column={c.key}>
                            <th scope="row" class="name">{ c.header_vi }</th>
                            <td data-label="Bắt buộc">{ format::yes_no(c.required) }</td>
                            <td data-label="Định dạng">{ c.format_vi }</td>
                            <td data-label="Ví dụ">{ if c.example.is_empty() { format::DASH } else { c.example } }</td>
                            <td data-label="Khóa"><code>{ c.key }</code></td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}
