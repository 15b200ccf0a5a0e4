//! Xếp loại chất lượng đảng viên: a branch's rating sheet for one period
//! (`GET/PUT /units/{id}/rating-sheet`). Every member of the branch is a row; the score's
//! band shows as it is typed, each row is checked by the shared rule before sending, and
//! the changed rows are saved together or not at all.

use crate::active_role::{may_as, use_active_role};
use crate::api::{self, ApiError};
use crate::app::Route;
use crate::components::status::{ErrorNotice, Loading};
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use crate::pages::user::parse_date;
use crate::review::{
    RatingDraft, RowProblem, live_quota, quota_pct, regulation_by_code, rows_to_send, save_problems,
};
use chrono::Datelike;
use rasoat_shared::access::Action;
use rasoat_shared::api::review::{DocumentRef, RatingSheet, RatingSheetInput, RatingSheetQuery};
use rasoat_shared::rating::{self, BelowBandReason, RatingLevel, RatingPeriod};
use rasoat_shared::{MemberId, UnitId};
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::*;
use yew_router::query::FromQuery;

/// The period in the address bar (`?year=2025`, `?year=2025&period=quarter&quarter=2`).
/// Without a year: the year whose rating is under way (from November on, this year's;
/// before, last year's).
pub fn parse_query(query_str: &str, today: chrono::NaiveDate) -> RatingSheetQuery {
    let raw = query_str.strip_prefix('?').unwrap_or(query_str);
    let pairs = Vec::<(String, String)>::from_query(raw).unwrap_or_default();
    let default_year = if today.month() >= 11 {
        today.year()
    } else {
        today.year() - 1
    };
    let mut q = RatingSheetQuery {
        year: default_year,
        period: None,
        quarter: None,
    };
    for (k, v) in pairs {
        let v = v.trim();
        match k.as_str() {
            "year" => {
                if let Ok(y) = v.parse::<i32>()
                    && (1930..=2100).contains(&y)
                {
                    q.year = y;
                }
            }
            "period" => q.period = RatingPeriod::from_code(v),
            "quarter" => q.quarter = v.parse().ok().filter(|n| (1..=4).contains(n)),
            _ => {}
        }
    }
    if q.period != Some(RatingPeriod::Quarter) {
        q.period = None;
        q.quarter = None;
    } else if q.quarter.is_none() {
        q.quarter = Some(1);
    }
    q
}

#[derive(Properties, PartialEq)]
pub struct RatingSheetPageProps {
    pub id: UnitId,
}

#[component]
pub fn RatingSheetPage(props: &RatingSheetPageProps) -> Html {
    let id = props.id;
    let location = use_location();
    let navigator = use_navigator();
    let query = parse_query(
        location.as_ref().map(|l| l.query_str()).unwrap_or(""),
        format::today(),
    );
    let active = use_active_role();
    let editable = may_as(active.as_ref(), Action::RecordReviewInputs);
    let reload = use_state(|| 0u32);
    let sheet = use_fetch((id, query.clone(), *reload), |(id, q, _)| async move {
        api::rating_sheet(id, &q).await
    });
    let title = match &*sheet {
        FetchState::Success(s) => format!("Xếp loại {} — {}", s.period.label_vi(), s.unit_name),
        _ => "Xếp loại chất lượng đảng viên".to_string(),
    };
    dom::use_title(title);
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };
    let onperiod = {
        let navigator = navigator.clone();
        Callback::from(move |q: RatingSheetQuery| {
            if let Some(nav) = &navigator
                && nav.push_with_query(&Route::RatingSheet { id }, &q).is_err()
            {
                nav.push(&Route::RatingSheet { id });
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
            let key = format!(
                "{}-{:?}-{:?}-{}",
                s.period.year, s.period.period, s.period.quarter, *reload
            );
            html! { <SheetForm {key} sheet={s.clone()} unit={id} {editable} onreload={retry.clone()} /> }
        }
    };
    let unit_name = sheet.data().map(|s| s.unit_name.clone());

    html! {
        <>
            <p class="no-print">
                <Link<Route> to={Route::Unit { id }}>{ "‹ " }{ unit_name.clone().unwrap_or_else(|| "Về chi bộ".into()) }</Link<Route>>
            </p>
            <h1>
                { "Xếp loại chất lượng đảng viên" }
                <span class="en" lang="en">{ "Members' quality rating" }</span>
            </h1>
            // Keyed by the period, so that "Back" to another period shows that one's choices.
            <PeriodPicker key={format!("{}-{:?}-{:?}", query.year, query.period, query.quarter)}
                          value={query.clone()} onchange={onperiod} />
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct PeriodPickerProps {
    value: RatingSheetQuery,
    onchange: Callback<RatingSheetQuery>,
}

/// Year, and the quarter when rating by quarter (QĐ 366).
#[component]
fn PeriodPicker(props: &PeriodPickerProps) -> Html {
    let year_ref = use_node_ref();
    let period = use_state(|| props.value.period.unwrap_or(RatingPeriod::Year));
    let quarter = use_state(|| props.value.quarter.unwrap_or(1));
    let onperiod = {
        let period = period.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            period.set(RatingPeriod::from_code(&v).unwrap_or(RatingPeriod::Year));
        })
    };
    let onquarter = {
        let quarter = quarter.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            quarter.set(v.parse().unwrap_or(1));
        })
    };
    let onsubmit = {
        let (year_ref, period, quarter) = (year_ref.clone(), period.clone(), quarter.clone());
        let (cb, current) = (props.onchange.clone(), props.value.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let year = year_ref
                .cast::<HtmlInputElement>()
                .and_then(|i| i.value().trim().parse::<i32>().ok())
                .filter(|y| (1930..=2100).contains(y))
                .unwrap_or(current.year);
            let q = match *period {
                RatingPeriod::Year => RatingSheetQuery {
                    year,
                    period: None,
                    quarter: None,
                },
                RatingPeriod::Quarter => RatingSheetQuery {
                    year,
                    period: Some(RatingPeriod::Quarter),
                    quarter: Some(*quarter),
                },
            };
            cb.emit(q);
        })
    };
    html! {
        <form class="period-picker no-print" {onsubmit}>
            <div class="field">
                <label for="rating-year">{ "Năm" }</label>
                <input id="rating-year" type="number" inputmode="numeric" min="1930" max="2100"
                       ref={year_ref} value={props.value.year.to_string()} />
            </div>
            <div class="field">
                <label for="rating-period">{ "Kỳ xếp loại" }</label>
                <select id="rating-period" onchange={onperiod}>
                    { for RatingPeriod::ALL.iter().map(|p| html! {
                        <option value={p.code()} selected={*p == *period}>{ p.label_vi() }</option>
                    }) }
                </select>
            </div>
            if *period == RatingPeriod::Quarter {
                <div class="field">
                    <label for="rating-quarter">{ "Quý" }</label>
                    <select id="rating-quarter" onchange={onquarter}>
                        { for (1u8..=4).map(|n| html! {
                            <option value={n.to_string()} selected={n == *quarter}>{ format!("Quý {n}") }</option>
                        }) }
                    </select>
                </div>
            }
            <button type="submit" class="secondary" id="rating-period-submit">{ "Xem" }</button>
        </form>
    }
}

// ---- the sheet as edited -------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
struct Form {
    sheet: Rc<RatingSheet>,
    saved: Vec<RatingDraft>,
    drafts: Vec<RatingDraft>,
    outstanding: bool,
    saved_outstanding: bool,
    decision_number: String,
    decision_date: String,
    saved_decision: (String, String),
    row_problems: BTreeMap<MemberId, Vec<RowProblem>>,
    sheet_problems: Vec<String>,
    error: Option<ApiError>,
    busy: bool,
    done: Option<String>,
}

impl Form {
    fn new(sheet: Rc<RatingSheet>) -> Form {
        let saved: Vec<RatingDraft> = sheet.rows.iter().map(RatingDraft::from_row).collect();
        let ratings = || sheet.rows.iter().filter_map(|r| r.rating.as_ref());
        // A sheet saved as an outstanding unit's carries 25 % on its ratings.
        let outstanding = sheet.uses_scores && ratings().any(|r| r.quota_pct == 25);
        let decision = ratings()
            .find_map(|r| r.decision.clone())
            .map(|d| (d.number, d.signed_on.to_string()))
            .unwrap_or_default();
        Form {
            drafts: saved.clone(),
            saved,
            outstanding,
            saved_outstanding: outstanding,
            decision_number: decision.0.clone(),
            decision_date: decision.1.clone(),
            saved_decision: decision,
            row_problems: BTreeMap::new(),
            sheet_problems: Vec::new(),
            error: None,
            busy: false,
            done: None,
            sheet,
        }
    }

    fn sheet_fields_changed(&self) -> bool {
        self.outstanding != self.saved_outstanding
            || (
                self.decision_number.trim().to_string(),
                self.decision_date.trim().to_string(),
            ) != self.saved_decision
    }

    fn pending(&self) -> Vec<usize> {
        rows_to_send(
            &self.drafts,
            &self.saved,
            self.sheet_fields_changed(),
            self.sheet.uses_scores,
        )
    }
}

enum Edit {
    Level(usize, Option<RatingLevel>),
    Score(usize, String),
    Reason(usize, BelowBandReason, bool),
    Note(usize, String),
    Outstanding(bool),
    DecisionNumber(String),
    DecisionDate(String),
    /// The page's own checks or the server's refusal.
    Problems {
        rows: BTreeMap<MemberId, Vec<RowProblem>>,
        sheet: Vec<String>,
        error: Option<ApiError>,
    },
    Busy,
    Saved(RatingSheet, usize),
    Nothing,
}

impl Reducible for Form {
    type Action = Edit;

    fn reduce(self: Rc<Self>, action: Edit) -> Rc<Self> {
        let mut f = (*self).clone();
        fn touch(f: &mut Form, i: usize) {
            f.done = None;
            if let Some(d) = f.drafts.get(i) {
                f.row_problems.remove(&d.member_id);
            }
        }
        match action {
            Edit::Level(i, l) => {
                touch(&mut f, i);
                if let Some(d) = f.drafts.get_mut(i) {
                    d.level = l;
                }
            }
            Edit::Score(i, s) => {
                touch(&mut f, i);
                if let Some(d) = f.drafts.get_mut(i) {
                    d.score = s;
                }
            }
            Edit::Reason(i, r, on) => {
                touch(&mut f, i);
                if let Some(d) = f.drafts.get_mut(i) {
                    d.reasons.retain(|x| *x != r);
                    if on {
                        d.reasons.push(r);
                    }
                }
            }
            Edit::Note(i, n) => {
                touch(&mut f, i);
                if let Some(d) = f.drafts.get_mut(i) {
                    d.note = n;
                }
            }
            Edit::Outstanding(on) => {
                f.done = None;
                f.outstanding = on;
            }
            Edit::DecisionNumber(v) => {
                f.done = None;
                f.sheet_problems.clear();
                f.decision_number = v;
            }
            Edit::DecisionDate(v) => {
                f.done = None;
                f.sheet_problems.clear();
                f.decision_date = v;
            }
            Edit::Problems { rows, sheet, error } => {
                f.busy = false;
                f.row_problems = rows;
                f.sheet_problems = sheet;
                f.error = error;
                f.done = None;
            }
            Edit::Busy => {
                f.busy = true;
                f.error = None;
                f.done = None;
            }
            Edit::Saved(sheet, n) => {
                let mut next = Form::new(Rc::new(sheet));
                next.done = Some(format!("Đã lưu xếp loại của {n} đảng viên."));
                return Rc::new(next);
            }
            Edit::Nothing => {
                f.done = Some("Không có thay đổi nào cần lưu.".into());
            }
        }
        Rc::new(f)
    }
}

#[derive(Properties, PartialEq)]
struct SheetFormProps {
    sheet: Rc<RatingSheet>,
    unit: UnitId,
    editable: bool,
    /// Reads the sheet again (after someone else changed it: 412).
    onreload: Callback<MouseEvent>,
}

#[component]
fn SheetForm(props: &SheetFormProps) -> Html {
    let form = {
        let sheet = props.sheet.clone();
        use_reducer(move || Form::new(sheet))
    };
    let unit = props.unit;
    let s = form.sheet.clone();
    let uses_scores = s.uses_scores;
    let reg =
        regulation_by_code(&s.regulation.code).unwrap_or_else(|| rating::regulation_for(&s.period));
    let pct = quota_pct(uses_scores, form.outstanding, s.quota.pct);
    let quota = live_quota(&form.drafts, pct);
    let pending = form.pending();

    let onsave = {
        let form = form.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if form.busy {
                return;
            }
            let f = &*form;
            let indices = f.pending();
            // The sheet's decision: number and date together, or neither.
            let number = f.decision_number.trim().to_string();
            let date = parse_date(&f.decision_date);
            let decision = match (number.is_empty(), date) {
                (true, Ok(None)) => Ok(None),
                (false, Ok(Some(signed_on))) => Ok(Some(DocumentRef { number, signed_on })),
                (false, Ok(None)) => Err("Hãy ghi ngày ký quyết định công nhận xếp loại."),
                (true, Ok(Some(_))) => Err("Hãy ghi số quyết định công nhận xếp loại."),
                (_, Err(())) => Err("Ngày ký quyết định không hợp lệ."),
            };
            let decision = match decision {
                Ok(d) => d,
                Err(m) => {
                    form.dispatch(Edit::Problems {
                        rows: BTreeMap::new(),
                        sheet: vec![m.to_string()],
                        error: None,
                    });
                    dom::focus_id("rating-decision-number");
                    return;
                }
            };
            if indices.is_empty() {
                form.dispatch(Edit::Nothing);
                return;
            }
            let mut entries = Vec::new();
            let mut rows = BTreeMap::new();
            for i in &indices {
                let Some(d) = f.drafts.get(*i) else { continue };
                match d.entry(reg, f.sheet.uses_scores) {
                    Ok(e) => entries.push(e),
                    Err(p) => {
                        rows.insert(d.member_id, p);
                    }
                }
            }
            if let Some(first) = rows.keys().next() {
                let first = *first;
                form.dispatch(Edit::Problems {
                    rows,
                    sheet: Vec::new(),
                    error: None,
                });
                dom::focus_id(&format!("rating-level-{first}"));
                return;
            }
            let sent: Vec<MemberId> = entries.iter().map(|e| e.member_id).collect();
            let input = RatingSheetInput {
                period: f.sheet.period,
                outstanding_unit: f.outstanding,
                decision,
                entries,
            };
            form.dispatch(Edit::Busy);
            let form = form.clone();
            spawn_local(async move {
                match api::save_rating_sheet(unit, &input).await {
                    Ok(sheet) => {
                        form.dispatch(Edit::Saved(sheet, sent.len()));
                        dom::focus_id("rating-status");
                    }
                    Err(e) => {
                        let p = save_problems(e, &sent);
                        let first = p.rows.keys().next().copied();
                        form.dispatch(Edit::Problems {
                            rows: p.rows,
                            sheet: p.sheet,
                            error: p.error,
                        });
                        match first {
                            Some(m) => dom::focus_id(&format!("rating-level-{m}")),
                            None => dom::focus_id("rating-status"),
                        }
                    }
                }
            });
        })
    };

    let on_outstanding = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            form.dispatch(Edit::Outstanding(
                e.target_unchecked_into::<HtmlInputElement>().checked(),
            ))
        })
    };
    let on_number = {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            form.dispatch(Edit::DecisionNumber(
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ))
        })
    };
    let on_date = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            form.dispatch(Edit::DecisionDate(
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ))
        })
    };

    let rated = s.rows.iter().filter(|r| r.not_rateable.is_none()).count();
    let editable = props.editable;

    html! {
        <form class="sheet-form" onsubmit={onsave} novalidate=true>
            <section class="sheet-head" aria-labelledby="sheet-title">
                <h2 id="sheet-title">{ format!("{} — {}", s.unit_name, s.period.label_vi()) }</h2>
                <p class="muted" id="rating-regulation" title={s.regulation.title_vi.clone()}>
                    { format!("Theo Quy định {} ngày {}: {}.", s.regulation.code, format::date(s.regulation.signed_on), s.regulation.title_vi) }
                    if uses_scores {
                        { " Chấm điểm thang 100: từ 90 điểm — Hoàn thành xuất sắc; 70 đến dưới 90 — Hoàn thành tốt; 50 đến dưới 70 — Hoàn thành; dưới 50 — Không hoàn thành nhiệm vụ." }
                    } else {
                        { " Quy định này không chấm điểm; chỉ ghi mức xếp loại." }
                    }
                </p>
                <p class="muted">{ format!("{} đảng viên, {} thuộc diện xếp loại.", s.rows.len(), rated) }</p>
            </section>

            if !editable {
                <p class="notice" id="read-only">{ "Vai trò đang chọn chỉ được xem, không được nhập xếp loại." }</p>
            }

            <table class="member-table sheet-table" id="rating-table">
                <thead>
                    <tr>
                        <th scope="col">{ "TT" }</th>
                        <th scope="col">{ "Họ và tên" }</th>
                        if uses_scores {
                            <th scope="col">{ "Điểm" }</th>
                        }
                        <th scope="col">{ "Mức xếp loại" }</th>
                        <th scope="col">{ "Ghi chú" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for s.rows.iter().enumerate().map(|(i, row)| {
                        let draft = form.drafts.get(i).cloned().unwrap_or_else(|| RatingDraft::from_row(row));
                        let problems = form.row_problems.get(&row.member.id).cloned().unwrap_or_default();
                        html! {
                            <RatingRowView key={row.member.id.0} index={i} {draft}
                                name={row.member.full_name.clone()}
                                membership={row.member.membership.label_vi()}
                                not_rateable={row.not_rateable.map(|n| n.label_vi())}
                                {uses_scores} {problems} {editable}
                                changed={pending.contains(&i)}
                                form={form.dispatcher()} />
                        }
                    }) }
                </tbody>
            </table>

            <section class="sheet-foot" aria-labelledby="quota-heading">
                <h2 id="quota-heading">{ "Tỷ lệ Hoàn thành xuất sắc nhiệm vụ" }</h2>
                <p id="rating-quota" class={classes!("quota", quota.exceeded.then_some("warning"))} role="status">
                    { format!(
                        "{} đảng viên Hoàn thành xuất sắc / {} Hoàn thành tốt; được tối đa {} ({} % số Hoàn thành tốt).",
                        quota.excellent, quota.good, quota.allowed, quota.pct
                    ) }
                    if quota.exceeded {
                        <strong>{ " Vượt tỷ lệ cho phép: hãy xem lại các trường hợp Hoàn thành xuất sắc." }</strong>
                    }
                </p>
                if uses_scores {
                    <div class="checkbox">
                        <input id="rating-outstanding" type="checkbox" checked={form.outstanding}
                               disabled={!editable} onchange={on_outstanding} />
                        <label for="rating-outstanding">
                            { "Cấp có thẩm quyền đánh giá đơn vị có thành tích nổi trội (tỷ lệ xuất sắc tối đa 25 %)" }
                        </label>
                    </div>
                }
                <div class="field-row">
                    <div class="field">
                        <label for="rating-decision-number">{ "Số quyết định công nhận" }</label>
                        <input id="rating-decision-number" type="text" maxlength="60" value={form.decision_number.clone()}
                               placeholder="ví dụ 12-QĐ/ĐU" disabled={!editable} oninput={on_number}
                               aria-describedby="rating-sheet-problems" />
                    </div>
                    <div class="field">
                        <label for="rating-decision-date">{ "Ngày ký" }</label>
                        <input id="rating-decision-date" type="date" value={form.decision_date.clone()}
                               disabled={!editable} onchange={on_date} />
                    </div>
                </div>
                <div id="rating-sheet-problems" class="field-error" aria-live="polite">
                    { for form.sheet_problems.iter().map(|m| html! { <p>{ m }</p> }) }
                </div>
                if let Some(e) = &form.error {
                    <ErrorNotice error={e.clone()}
                                 retry={(e.status() == Some(412)).then(|| props.onreload.clone())} />
                }
                <p id="rating-status" class="status-line" tabindex="-1" role="status">
                    { form.done.clone().unwrap_or_default() }
                </p>
                if editable {
                    <div class="save-bar">
                        <button id="rating-save" type="submit" class="primary"
                                disabled={form.busy} aria-busy={form.busy.to_string()}>
                            { if form.busy { "Đang lưu…".to_string() } else if pending.is_empty() {
                                "Lưu xếp loại".to_string()
                            } else {
                                format!("Lưu xếp loại ({} dòng thay đổi)", pending.len())
                            } }
                        </button>
                        <Link<Route> to={Route::Unit { id: unit }}>{ "Về chi bộ" }</Link<Route>>
                    </div>
                }
            </section>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct RatingRowProps {
    index: usize,
    draft: RatingDraft,
    name: String,
    membership: &'static str,
    not_rateable: Option<&'static str>,
    uses_scores: bool,
    problems: Vec<RowProblem>,
    editable: bool,
    changed: bool,
    form: UseReducerDispatcher<Form>,
}

fn messages_for(problems: &[RowProblem], field: &str) -> Vec<String> {
    problems
        .iter()
        .filter(|p| p.field == field)
        .map(|p| p.message.clone())
        .collect()
}

#[component]
fn RatingRowView(props: &RatingRowProps) -> Html {
    let d = &props.draft;
    let m = d.member_id;
    let i = props.index;
    let no = i + 1;
    if let Some(reason) = props.not_rateable {
        return html! {
            <tr class="not-rateable" id={format!("rating-row-{m}")}>
                <td class="num">{ no }</td>
                <th scope="row" class="name">
                    { &props.name }
                    <span class="muted member-kind">{ props.membership }</span>
                </th>
                <td colspan={if props.uses_scores { "3" } else { "2" }} class="not-rateable-reason" data-label="Xếp loại">
                    { reason }
                </td>
            </tr>
        };
    }
    let below = d.below_band(props.uses_scores);
    let level_msgs = messages_for(&props.problems, "level");
    let score_msgs = messages_for(&props.problems, "score");
    let reason_msgs = messages_for(&props.problems, "below_band_reasons");
    let other_msgs: Vec<String> = props
        .problems
        .iter()
        .filter(|p| !matches!(p.field.as_str(), "level" | "score" | "below_band_reasons"))
        .map(|p| p.message.clone())
        .collect();
    let dispatch = props.form.clone();
    let on_level = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            dispatch.dispatch(Edit::Level(i, RatingLevel::from_code(&v)));
        })
    };
    let on_score = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            dispatch.dispatch(Edit::Score(
                i,
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ));
        })
    };
    let on_note = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            dispatch.dispatch(Edit::Note(
                i,
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ));
        })
    };
    let err_id = format!("rating-error-{m}");
    let invalid = |msgs: &Vec<String>| (!msgs.is_empty()).to_string();
    let all_msgs: Vec<String> = level_msgs
        .iter()
        .chain(score_msgs.iter())
        .chain(reason_msgs.iter())
        .chain(other_msgs.iter())
        .cloned()
        .collect();

    html! {
        <tr id={format!("rating-row-{m}")}
            class={classes!("rating-row", props.changed.then_some("changed"), (!all_msgs.is_empty()).then_some("has-error"))}>
            <td class="num">{ no }</td>
            <th scope="row" class="name">
                <span id={format!("rating-name-{m}")}>{ &props.name }</span>
                <span class="muted member-kind">{ props.membership }</span>
            </th>
            if props.uses_scores {
                <td data-label="Điểm" class="score-cell">
                    <input id={format!("rating-score-{m}")} type="text" inputmode="decimal"
                           class="score-input" value={d.score.clone()} oninput={on_score}
                           disabled={!props.editable}
                           aria-label={format!("Điểm của {}", props.name)}
                           aria-invalid={invalid(&score_msgs)} aria-describedby={err_id.clone()} />
                    <span class="band" id={format!("rating-band-{m}")}>
                        { d.band_text(props.uses_scores) }
                    </span>
                </td>
            }
            <td data-label="Mức xếp loại" class="level-cell">
                <select id={format!("rating-level-{m}")} onchange={on_level} disabled={!props.editable}
                        aria-label={format!("Mức xếp loại của {}", props.name)}
                        aria-invalid={invalid(&level_msgs)} aria-describedby={err_id.clone()}>
                    <option value="" selected={d.level.is_none()}>{ "— Chưa xếp loại —" }</option>
                    { for RatingLevel::ALL.iter().rev().map(|l| html! {
                        <option value={l.code()} selected={d.level == Some(*l)}>{ l.label_vi() }</option>
                    }) }
                </select>
                if below {
                    <fieldset class="reasons" id={format!("rating-reasons-{m}")}
                              aria-invalid={invalid(&reason_msgs)}>
                        <legend>{ "Căn cứ xếp thấp hơn mức của điểm" }</legend>
                        { for BelowBandReason::ALL.iter().map(|r| {
                            let r = *r;
                            let id = format!("rating-reason-{m}-{}", r.code());
                            let checked = d.reasons.contains(&r);
                            let dispatch = dispatch.clone();
                            let onchange = Callback::from(move |e: Event| {
                                let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                                dispatch.dispatch(Edit::Reason(i, r, on));
                            });
                            html! {
                                <div class="checkbox">
                                    <input id={id.clone()} type="checkbox" {checked} {onchange}
                                           disabled={!props.editable} />
                                    <label for={id} title={r.label_en()}>{ r.label_vi() }</label>
                                </div>
                            }
                        }) }
                    </fieldset>
                }
            </td>
            <td data-label="Ghi chú" class="note-cell">
                <input id={format!("rating-note-{m}")} type="text" maxlength="2000" value={d.note.clone()} oninput={on_note}
                       disabled={!props.editable} aria-label={format!("Ghi chú về {}", props.name)} />
                <div id={err_id} class="field-error row-error" aria-live="polite">
                    { for all_msgs.iter().map(|msg| html! { <p>{ msg }</p> }) }
                </div>
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_period_comes_from_the_address_bar() {
        let q = parse_query("?year=2024", day(2026, 5, 1));
        assert_eq!((q.year, q.period, q.quarter), (2024, None, None));
        let q = parse_query("year=2025&period=quarter&quarter=3", day(2026, 5, 1));
        assert_eq!(
            (q.year, q.period, q.quarter),
            (2025, Some(RatingPeriod::Quarter), Some(3))
        );
        // A quarter without a quarter period is dropped; nonsense is ignored.
        let q = parse_query("?quarter=2&year=abc", day(2026, 5, 1));
        assert_eq!((q.year, q.period, q.quarter), (2025, None, None));
        // From November the year under way is this one.
        assert_eq!(parse_query("", day(2026, 11, 26)).year, 2026);
    }
}
