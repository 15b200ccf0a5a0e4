//! Sinh hoạt chi bộ và đảng phí: a branch's month (`GET/PUT /units/{id}/monthly-sheet`),
//! one row per member: attendance with its reason and whether the branch accepts it as
//! good, dues likewise. The inputs of criteria B1 and B2.

use crate::active_role::{may_as, use_active_role};
use crate::api::{self, ApiError};
use crate::app::Route;
use crate::components::status::{ErrorNotice, Loading};
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use crate::review::{
    MonthDraft, RowProblem, month_title, month_value, months_to_send, no_meeting, parse_month,
    save_problems,
};
use chrono::NaiveDate;
use rasoat_shared::access::Action;
use rasoat_shared::api::review::{MonthlySheet, MonthlySheetInput, MonthlySheetQuery};
use rasoat_shared::attendance::{Attendance, Dues, month_of};
use rasoat_shared::{MemberId, UnitId};
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::*;
use yew_router::query::FromQuery;

/// The month in the address bar (`?month=2025-03-01` or `?month=2025-03`); default this
/// month.
pub fn parse_query(query_str: &str, today: NaiveDate) -> NaiveDate {
    let raw = query_str.strip_prefix('?').unwrap_or(query_str);
    Vec::<(String, String)>::from_query(raw)
        .unwrap_or_default()
        .into_iter()
        .find(|(k, _)| k == "month")
        .and_then(|(_, v)| parse_month(&v))
        .unwrap_or_else(|| month_of(today))
}

#[derive(Properties, PartialEq)]
pub struct MonthlySheetPageProps {
    pub id: UnitId,
}

#[component]
pub fn MonthlySheetPage(props: &MonthlySheetPageProps) -> Html {
    let id = props.id;
    let location = use_location();
    let navigator = use_navigator();
    let month = parse_query(
        location.as_ref().map(|l| l.query_str()).unwrap_or(""),
        format::today(),
    );
    let active = use_active_role();
    let editable = may_as(active.as_ref(), Action::RecordReviewInputs);
    let reload = use_state(|| 0u32);
    let sheet = use_fetch((id, month, *reload), |(id, month, _)| async move {
        api::monthly_sheet(id, &MonthlySheetQuery { month }).await
    });
    let title = match &*sheet {
        FetchState::Success(s) => format!(
            "Sinh hoạt, đảng phí {} — {}",
            month_title(s.month),
            s.unit_name
        ),
        _ => "Sinh hoạt chi bộ và đảng phí".to_string(),
    };
    dom::use_title(title);
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };
    let month_ref = use_node_ref();
    let onmonth = {
        let (navigator, month_ref) = (navigator.clone(), month_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(m) = month_ref
                .cast::<HtmlInputElement>()
                .and_then(|i| parse_month(&i.value()))
            else {
                return;
            };
            if let Some(nav) = &navigator
                && nav
                    .push_with_query(&Route::MonthlySheet { id }, &MonthlySheetQuery { month: m })
                    .is_err()
            {
                nav.push(&Route::MonthlySheet { id });
            }
        })
    };
    let body = match &*sheet {
        FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
        FetchState::Failed(e) if e.is_not_found() => html! {
            <p class="error" role="alert" id="not-found">
                { "Không tìm thấy chi bộ này, hoặc chi bộ không thuộc phạm vi bạn được xem." }
            </p>
        },
        FetchState::Failed(e) => {
            html! { <ErrorNotice error={e.clone()} retry={Some(retry.clone())} /> }
        }
        FetchState::Success(s) => {
            let key = format!("{}-{}", s.month, *reload);
            html! { <MonthForm {key} sheet={s.clone()} unit={id} {editable} onreload={retry.clone()} /> }
        }
    };
    let unit_name = sheet.data().map(|s| s.unit_name.clone());
    html! {
        <>
            <p class="no-print">
                <Link<Route> to={Route::Unit { id }}>{ "‹ " }{ unit_name.unwrap_or_else(|| "Về chi bộ".into()) }</Link<Route>>
            </p>
            <h1>
                { "Sinh hoạt chi bộ và đảng phí" }
                <span class="en" lang="en">{ "Monthly meetings and dues" }</span>
            </h1>
            <form class="period-picker no-print" onsubmit={onmonth}>
                <div class="field">
                    <label for="monthly-month">{ "Tháng" }</label>
                    <input id="monthly-month" type="month" ref={month_ref} value={month_value(month)} />
                </div>
                <button type="submit" class="secondary" id="monthly-month-submit">{ "Xem" }</button>
            </form>
            { body }
        </>
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Form {
    sheet: Rc<MonthlySheet>,
    saved: Vec<MonthDraft>,
    drafts: Vec<MonthDraft>,
    problems: BTreeMap<MemberId, Vec<RowProblem>>,
    sheet_problems: Vec<String>,
    error: Option<ApiError>,
    busy: bool,
    done: Option<String>,
}

impl Form {
    fn new(sheet: Rc<MonthlySheet>) -> Form {
        let saved: Vec<MonthDraft> = sheet.rows.iter().map(MonthDraft::from_row).collect();
        Form {
            drafts: saved.clone(),
            saved,
            problems: BTreeMap::new(),
            sheet_problems: Vec::new(),
            error: None,
            busy: false,
            done: None,
            sheet,
        }
    }
}

enum Edit {
    Row(usize, Box<dyn Fn(&mut MonthDraft)>),
    NoMeeting,
    Problems {
        rows: BTreeMap<MemberId, Vec<RowProblem>>,
        sheet: Vec<String>,
        error: Option<ApiError>,
    },
    Busy,
    Saved(MonthlySheet, usize),
    Nothing,
}

impl Reducible for Form {
    type Action = Edit;

    fn reduce(self: Rc<Self>, action: Edit) -> Rc<Self> {
        let mut f = (*self).clone();
        match action {
            Edit::Row(i, change) => {
                f.done = None;
                if let Some(d) = f.drafts.get_mut(i) {
                    change(d);
                    f.problems.remove(&d.member_id);
                }
            }
            Edit::NoMeeting => {
                f.done = None;
                no_meeting(&mut f.drafts);
                f.problems.clear();
            }
            Edit::Problems { rows, sheet, error } => {
                f.busy = false;
                f.problems = rows;
                f.sheet_problems = sheet;
                f.error = error;
            }
            Edit::Busy => {
                f.busy = true;
                f.error = None;
                f.done = None;
            }
            Edit::Saved(sheet, n) => {
                let mut next = Form::new(Rc::new(sheet));
                next.done = Some(format!("Đã lưu tháng của {n} đảng viên."));
                return Rc::new(next);
            }
            Edit::Nothing => f.done = Some("Không có thay đổi nào cần lưu.".into()),
        }
        Rc::new(f)
    }
}

#[derive(Properties, PartialEq)]
struct MonthFormProps {
    sheet: Rc<MonthlySheet>,
    unit: UnitId,
    editable: bool,
    /// Reads the sheet again (after someone else changed it: 412).
    onreload: Callback<MouseEvent>,
}

#[component]
fn MonthForm(props: &MonthFormProps) -> Html {
    let form = {
        let sheet = props.sheet.clone();
        use_reducer(move || Form::new(sheet))
    };
    let unit = props.unit;
    let editable = props.editable;
    let pending = months_to_send(&form.drafts, &form.saved);

    let onsave = {
        let form = form.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if form.busy {
                return;
            }
            let indices = months_to_send(&form.drafts, &form.saved);
            if indices.is_empty() {
                form.dispatch(Edit::Nothing);
                return;
            }
            let mut rows = BTreeMap::new();
            let mut entries = Vec::new();
            for i in indices {
                let Some(d) = form.drafts.get(i) else {
                    continue;
                };
                let p = d.problems();
                if p.is_empty() {
                    entries.push(d.entry());
                } else {
                    rows.insert(d.member_id, p);
                }
            }
            if let Some(first) = rows.keys().next().copied() {
                form.dispatch(Edit::Problems {
                    rows,
                    sheet: Vec::new(),
                    error: None,
                });
                dom::focus_id(&format!("monthly-attendance-{first}"));
                return;
            }
            let sent: Vec<MemberId> = entries.iter().map(|e| e.member_id).collect();
            let input = MonthlySheetInput {
                month: form.sheet.month,
                entries,
            };
            form.dispatch(Edit::Busy);
            let form = form.clone();
            spawn_local(async move {
                match api::save_monthly_sheet(unit, &input).await {
                    Ok(sheet) => {
                        form.dispatch(Edit::Saved(sheet, sent.len()));
                        dom::focus_id("monthly-status");
                    }
                    Err(e) => {
                        let p = save_problems(e, &sent);
                        form.dispatch(Edit::Problems {
                            rows: p.rows,
                            sheet: p.sheet,
                            error: p.error,
                        });
                        dom::focus_id("monthly-status");
                    }
                }
            });
        })
    };
    let on_no_meeting = {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| form.dispatch(Edit::NoMeeting))
    };

    let s = form.sheet.clone();
    html! {
        <form class="sheet-form" onsubmit={onsave} novalidate=true>
            <h2 id="sheet-title">{ format!("{} — {}", s.unit_name, month_title(s.month)) }</h2>
            if !editable {
                <p class="notice" id="read-only">{ "Vai trò đang chọn chỉ được xem, không được nhập." }</p>
            } else {
                <p class="actions">
                    <button type="button" class="secondary" id="monthly-no-meeting" onclick={on_no_meeting}>
                        { "Chi bộ không họp tháng này" }
                    </button>
                </p>
            }
            <table class="member-table sheet-table" id="monthly-table">
                <thead>
                    <tr>
                        <th scope="col">{ "TT" }</th>
                        <th scope="col">{ "Họ và tên" }</th>
                        <th scope="col">{ "Sinh hoạt chi bộ" }</th>
                        <th scope="col">{ "Đảng phí" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for s.rows.iter().enumerate().map(|(i, row)| {
                        let d = form.drafts.get(i).cloned().unwrap_or_else(|| MonthDraft::from_row(row));
                        let problems = form.problems.get(&row.member.id).cloned().unwrap_or_default();
                        html! {
                            <MonthRow key={row.member.id.0} index={i} draft={d}
                                      name={row.member.full_name.clone()}
                                      exempted={row.member.exempted}
                                      changed={pending.contains(&i)} {problems} {editable}
                                      form={form.dispatcher()} />
                        }
                    }) }
                </tbody>
            </table>
            <div class="field-error" aria-live="polite">
                { for form.sheet_problems.iter().map(|m| html! { <p>{ m }</p> }) }
            </div>
            if let Some(e) = &form.error {
                <ErrorNotice error={e.clone()}
                             retry={(e.status() == Some(412)).then(|| props.onreload.clone())} />
            }
            <p id="monthly-status" class="status-line" tabindex="-1" role="status">
                { form.done.clone().unwrap_or_default() }
            </p>
            if editable {
                <div class="save-bar">
                    <button id="monthly-save" type="submit" class="primary" disabled={form.busy}
                            aria-busy={form.busy.to_string()}>
                        { if form.busy { "Đang lưu…".to_string() } else if pending.is_empty() {
                            "Lưu".to_string()
                        } else {
                            format!("Lưu ({} dòng thay đổi)", pending.len())
                        } }
                    </button>
                    <Link<Route> to={Route::Unit { id: unit }}>{ "Về chi bộ" }</Link<Route>>
                </div>
            }
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct MonthRowProps {
    index: usize,
    draft: MonthDraft,
    name: String,
    exempted: bool,
    changed: bool,
    problems: Vec<RowProblem>,
    editable: bool,
    form: UseReducerDispatcher<Form>,
}

#[component]
fn MonthRow(props: &MonthRowProps) -> Html {
    let d = &props.draft;
    let m = d.member_id;
    let i = props.index;
    let edit = |change: fn(&mut MonthDraft, String)| {
        let dispatch = props.form.clone();
        move |value: String| {
            dispatch.dispatch(Edit::Row(
                i,
                Box::new(move |d: &mut MonthDraft| change(d, value.clone())),
            ))
        }
    };
    let select = |change: fn(&mut MonthDraft, String)| {
        let apply = edit(change);
        Callback::from(move |e: Event| {
            apply(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let text = |change: fn(&mut MonthDraft, String)| {
        let apply = edit(change);
        Callback::from(move |e: InputEvent| {
            apply(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let check = |change: fn(&mut MonthDraft, String)| {
        let apply = edit(change);
        Callback::from(move |e: Event| {
            apply(
                e.target_unchecked_into::<HtmlInputElement>()
                    .checked()
                    .to_string(),
            )
        })
    };
    let on_att = select(|d, v| d.attendance = Attendance::from_code(&v));
    let on_abs_reason = text(|d, v| d.absence_reason = v);
    let on_abs_ok = check(|d, v| d.absence_excused = v == "true");
    let on_dues = select(|d, v| d.dues = Dues::from_code(&v));
    let on_dues_reason = text(|d, v| d.dues_reason = v);
    let on_dues_ok = check(|d, v| d.dues_excused = v == "true");
    let absent = d.attendance == Some(Attendance::Absent);
    let unpaid = d.dues == Some(Dues::Unpaid);
    let err_id = format!("monthly-error-{m}");
    let messages: Vec<String> = props.problems.iter().map(|p| p.message.clone()).collect();

    html! {
        <tr id={format!("monthly-row-{m}")}
            class={classes!("monthly-row", props.changed.then_some("changed"), (!messages.is_empty()).then_some("has-error"))}>
            <td class="num">{ i + 1 }</td>
            <th scope="row" class="name">
                { &props.name }
                if props.exempted {
                    <span class="badge">{ "Miễn sinh hoạt" }</span>
                }
            </th>
            <td data-label="Sinh hoạt" class="month-cell">
                <select id={format!("monthly-attendance-{m}")} onchange={on_att} disabled={!props.editable}
                        aria-label={format!("Sinh hoạt chi bộ của {}", props.name)} aria-describedby={err_id.clone()}>
                    <option value="" selected={d.attendance.is_none()}>{ "— Chưa ghi —" }</option>
                    { for Attendance::ALL.iter().map(|a| html! {
                        <option value={a.code()} selected={d.attendance == Some(*a)}>{ a.label_vi() }</option>
                    }) }
                </select>
                if absent {
                    <input id={format!("monthly-absence-reason-{m}")} type="text" maxlength="500" placeholder="Lý do vắng mặt"
                           value={d.absence_reason.clone()} oninput={on_abs_reason} disabled={!props.editable}
                           aria-label={format!("Lý do vắng mặt của {}", props.name)} />
                    <div class="checkbox">
                        <input id={format!("monthly-absence-excused-{m}")} type="checkbox"
                               checked={d.absence_excused} onchange={on_abs_ok} disabled={!props.editable} />
                        <label for={format!("monthly-absence-excused-{m}")}>{ "Lý do chính đáng" }</label>
                    </div>
                }
            </td>
            <td data-label="Đảng phí" class="month-cell">
                <select id={format!("monthly-dues-{m}")} onchange={on_dues} disabled={!props.editable}
                        aria-label={format!("Đảng phí của {}", props.name)} aria-describedby={err_id.clone()}>
                    <option value="" selected={d.dues.is_none()}>{ "— Chưa ghi —" }</option>
                    { for Dues::ALL.iter().map(|x| html! {
                        <option value={x.code()} selected={d.dues == Some(*x)}>{ x.label_vi() }</option>
                    }) }
                </select>
                if unpaid {
                    <input id={format!("monthly-dues-reason-{m}")} type="text" maxlength="500" placeholder="Lý do chưa đóng"
                           value={d.dues_reason.clone()} oninput={on_dues_reason} disabled={!props.editable}
                           aria-label={format!("Lý do chưa đóng đảng phí của {}", props.name)} />
                    <div class="checkbox">
                        <input id={format!("monthly-dues-excused-{m}")} type="checkbox"
                               checked={d.dues_excused} onchange={on_dues_ok} disabled={!props.editable} />
                        <label for={format!("monthly-dues-excused-{m}")}>{ "Chấp nhận lý do" }</label>
                    </div>
                }
                <div id={err_id} class="field-error row-error" aria-live="polite">
                    { for messages.iter().map(|msg| html! { <p>{ msg }</p> }) }
                </div>
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_month_comes_from_the_address_bar() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let march = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        assert_eq!(parse_query("?month=2025-03-01", today), march);
        assert_eq!(parse_query("month=2025-03", today), march);
        assert_eq!(
            parse_query("?month=nonsense", today),
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
        );
    }
}
