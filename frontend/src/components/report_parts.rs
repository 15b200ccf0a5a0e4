//! What the report screens share: the trail of units to go back up, the period picker,
//! hand-drawn SVG bar charts, and the screening table itself.
//!
//! The charts are drawn as SVG elements by Yew, with no chart library: each bar carries
//! its number (and its series' name) as text and the series differ by pattern as well as
//! by shade, so that a chart reads in black-and-white print and without colour vision.

use crate::app::Route;
use crate::format;
use crate::reports::{
    HeaderKind, Leaf, STT_HEADER, UNIT_HEADER, bar_length, clip_label, count, header_layout,
    median_days, members_query, period_label, row_name,
};
use chrono::NaiveDate;
use rasoat_shared::api::reports::{
    ReportMembersQuery, ReportRow, ReportUnit, ScreeningQuery, ScreeningReport,
};
use rasoat_shared::reports::Period;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;
use yew_router::query::ToQuery;

/// The units from the top of the scope down to the current one; every unit above the
/// current one is a link made by `link`.
pub fn trail_nav(trail: &[ReportUnit], link: impl Fn(&ReportUnit) -> Html) -> Html {
    let last = trail.len().saturating_sub(1);
    html! {
        <nav id="report-trail" class="breadcrumb" aria-label="Cấp đang xem">
            <ol>
                { for trail.iter().enumerate().map(|(i, u)| html! {
                    <li key={u.id.0}>
                        if i == last {
                            <span aria-current="location">{ &u.name }</span>
                        } else {
                            { link(u) }
                        }
                    </li>
                }) }
            </ol>
        </nav>
    }
}

#[derive(Properties, PartialEq)]
pub struct PeriodPickerProps {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// A valid period chosen (from ≤ to, at most ten years).
    pub onchange: Callback<(NaiveDate, NaiveDate)>,
}

/// Two date fields and "Xem", with "Năm nay" and "Năm trước" as one-click choices. The
/// fields keep what is typed until "Xem"; the parent re-keys the picker when the period
/// changes, so the fields start from the period in force.
#[component]
pub fn PeriodPicker(props: &PeriodPickerProps) -> Html {
    let from = use_state(|| props.from.to_string());
    let to = use_state(|| props.to.to_string());
    let error = use_state(|| None::<&'static str>);
    let submit = {
        let (from, to, error, cb) = (
            from.clone(),
            to.clone(),
            error.clone(),
            props.onchange.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let parse = |s: &str| crate::pages::user::parse_date(s).ok().flatten();
            match (parse(&from), parse(&to)) {
                (Some(f), Some(t)) => match Period::new(f, t) {
                    Ok(p) => {
                        error.set(None);
                        cb.emit((p.from, p.to));
                    }
                    Err(msg) => error.set(Some(msg)),
                },
                _ => error.set(Some(
                    "Hãy nhập đủ ngày bắt đầu và ngày kết thúc kỳ báo cáo.",
                )),
            }
        })
    };
    let text = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            state.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let preset = |which: fn(NaiveDate) -> (NaiveDate, NaiveDate)| {
        let cb = props.onchange.clone();
        Callback::from(move |_: MouseEvent| cb.emit(which(format::today())))
    };
    let invalid = error.is_some();
    html! {
        <form class="period-picker report-period no-print" id="report-period" onsubmit={submit}
              aria-label="Kỳ báo cáo" novalidate=true>
            <div class="field">
                <label for="period-from">{ "Từ ngày" }</label>
                <input type="date" id="period-from" value={(*from).clone()} onchange={text(&from)}
                       aria-invalid={invalid.to_string()} aria-describedby="period-error" />
            </div>
            <div class="field">
                <label for="period-to">{ "Đến ngày" }</label>
                <input type="date" id="period-to" value={(*to).clone()} onchange={text(&to)}
                       aria-invalid={invalid.to_string()} aria-describedby="period-error" />
            </div>
            <button type="submit" class="primary" id="period-apply">{ "Xem" }</button>
            <button type="button" class="secondary" id="period-this-year"
                    onclick={preset(crate::reports::this_year)}>{ "Năm nay" }</button>
            <button type="button" class="secondary" id="period-last-year"
                    onclick={preset(crate::reports::last_year)}>{ "Năm trước" }</button>
            <div class="field-error" id="period-error" role="alert">
                if let Some(msg) = *error {
                    <p>{ msg }</p>
                }
            </div>
        </form>
    }
}

/// One line of a bar chart: its label and one value per series.
#[derive(Debug, Clone, PartialEq)]
pub struct BarRow {
    pub label: String,
    pub values: Vec<i64>,
}

#[derive(Properties, PartialEq)]
pub struct BarChartProps {
    pub id: AttrValue,
    /// The chart's name (the figure's caption and the SVG's title).
    pub title: AttrValue,
    /// The series' short names, written beside each bar ("A1", "Đưa vào DS"); none for a
    /// single series, whose bars carry only their number.
    #[prop_or_default]
    pub series: Vec<AttrValue>,
    pub rows: Vec<BarRow>,
}

/// About a phone's width inside the page, so that the text is drawn near its own size.
const CHART_WIDTH: f64 = 320.0;
const LABEL_LINE: f64 = 17.0;
const BAR_HEIGHT: f64 = 13.0;
const BAR_GAP: f64 = 3.0;
const ROW_GAP: f64 = 8.0;
/// Room after the longest bar for its text.
const TEXT_ROOM: f64 = 130.0;

/// A horizontal bar chart: for each row its label on a line of its own (long Vietnamese
/// names fit a phone), then one bar per series with its number at the end.
#[component]
pub fn BarChart(props: &BarChartProps) -> Html {
    let n_series = props
        .rows
        .iter()
        .map(|r| r.values.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let max = props
        .rows
        .iter()
        .flat_map(|r| r.values.iter().copied())
        .max()
        .unwrap_or(0);
    let full = CHART_WIDTH - 4.0 - TEXT_ROOM;
    let block = LABEL_LINE + n_series as f64 * (BAR_HEIGHT + BAR_GAP) + ROW_GAP;
    let height = (block * props.rows.len() as f64).max(LABEL_LINE + 4.0);
    let pattern = |i: usize| format!("{}-s{i}", props.id);
    let series_name = |i: usize| props.series.get(i).map(|s| s.to_string());
    // What a screen reader reads instead of the drawing: every number with its name.
    let spoken = props
        .rows
        .iter()
        .map(|r| {
            let values: Vec<String> = r
                .values
                .iter()
                .enumerate()
                .map(|(i, v)| match series_name(i) {
                    Some(s) => format!("{s} {}", count(*v)),
                    None => count(*v),
                })
                .collect();
            format!("{}: {}", r.label, values.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let title_id = format!("{}-title", props.id);
    html! {
        <figure class="chart" id={props.id.clone()}>
            <figcaption>{ props.title.clone() }</figcaption>
            if props.rows.is_empty() {
                <p class="muted">{ "Không có số liệu." }</p>
            } else {
                <svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%"
                     viewBox={format!("0 0 {CHART_WIDTH} {height}")}
                     aria-labelledby={title_id.clone()} aria-describedby={format!("{}-desc", props.id)}
                     preserveAspectRatio="xMinYMin meet">
                    <title id={title_id}>{ props.title.clone() }</title>
                    <desc id={format!("{}-desc", props.id)}>{ spoken }</desc>
                    <defs>
                        // Series 1: dark solid; 2: hatched; 3: light solid; 4: dotted.
                        <pattern id={pattern(1)} patternUnits="userSpaceOnUse" width="5" height="5"
                                 patternTransform="rotate(45)">
                            <rect width="5" height="5" fill="#ffffff" />
                            <line x1="0" y1="0" x2="0" y2="5" stroke="#000000" stroke-width="2" />
                        </pattern>
                        <pattern id={pattern(3)} patternUnits="userSpaceOnUse" width="4" height="4">
                            <rect width="4" height="4" fill="#ffffff" />
                            <circle cx="2" cy="2" r="1" fill="#000000" />
                        </pattern>
                    </defs>
                    { for props.rows.iter().enumerate().map(|(r, row)| {
                        let top = r as f64 * block;
                        html! {
                            <g key={r}>
                                <text x="2" y={(top + 13.0).to_string()} font-size="13" fill="#000000">
                                    { clip_label(&row.label, 44) }
                                </text>
                                { for row.values.iter().enumerate().map(|(i, v)| {
                                    let y = top + LABEL_LINE + i as f64 * (BAR_HEIGHT + BAR_GAP);
                                    let len = bar_length(*v, max, full);
                                    let fill = match i % 4 {
                                        0 => "#404040".to_string(),
                                        2 => "#b0b0b0".to_string(),
                                        k => format!("url(#{})", pattern(k)),
                                    };
                                    let text = match series_name(i) {
                                        Some(s) => format!("{s}: {}", count(*v)),
                                        None => count(*v),
                                    };
                                    html! {
                                        <>
                                            <rect x="2" y={y.to_string()} width={format!("{len:.1}")}
                                                  height={BAR_HEIGHT.to_string()} fill={fill}
                                                  stroke="#000000" stroke-width="0.6" />
                                            <text x={format!("{:.1}", 2.0 + len + 4.0)} y={(y + BAR_HEIGHT - 2.0).to_string()}
                                                  font-size="12" fill="#000000">{ text }</text>
                                        </>
                                    }
                                }) }
                            </g>
                        }
                    }) }
                </svg>
            }
        </figure>
    }
}

#[derive(Properties, PartialEq)]
struct CountLinkProps {
    query: ReportMembersQuery,
    /// What a screen reader says for the bare number: the column, the unit, the count.
    label: String,
    text: String,
}

/// A count that opens its members. A plain `<a>` rather than the router's `Link`, which
/// takes no `aria-label`; the click is routed in the page as `Link` does.
#[component]
fn CountLink(props: &CountLinkProps) -> Html {
    let navigator = use_navigator();
    let query = props
        .query
        .to_query()
        .map(|q| q.into_owned())
        .unwrap_or_default();
    let href = format!("{}?{query}", Route::ReportMembers.to_path());
    let onclick = {
        let q = props.query.clone();
        Callback::from(move |e: MouseEvent| {
            if e.meta_key() || e.ctrl_key() || e.shift_key() || e.alt_key() {
                return;
            }
            if let Some(nav) = &navigator {
                e.prevent_default();
                if nav.push_with_query(&Route::ReportMembers, &q).is_err() {
                    nav.push(&Route::ReportMembers);
                }
            }
        })
    };
    html! {
        <a class="count-link" {href} aria-label={props.label.clone()} {onclick}>{ &props.text }</a>
    }
}

#[derive(Properties, PartialEq)]
pub struct ReportTableProps {
    pub report: Rc<ScreeningReport>,
    /// The query the report was read with: the drill-down and the member lists keep its
    /// period.
    pub query: ScreeningQuery,
    /// On screen the names drill down and the counts open their members; in print they
    /// are plain text.
    #[prop_or(true)]
    pub links: bool,
}

/// The report table (DOMAIN.md §14.2): a grouped header of two or three rows, one row per
/// unit under the reported one, and the total in bold. It scrolls sideways inside its
/// own box, so the page stays within a phone's width.
///
/// Ids and hooks for tests: `report-table`, rows `tr[data-unit]` (a direct row also
/// `data-direct`), the total `#report-total`, count cells `td[data-column]`, drill links
/// `a.drill`, count links `a.count-link`.
#[component]
pub fn ReportTable(props: &ReportTableProps) -> Html {
    let report = &props.report;
    let columns: Vec<_> = report.columns.iter().map(|c| c.code).collect();
    let layout = header_layout(&columns);
    // Where each body column's count is in a row's `counts` (aligned with `columns`).
    let positions: Vec<Option<usize>> = {
        let mut next = 0;
        layout
            .leaves
            .iter()
            .map(|l| match l {
                Leaf::Count(_) => {
                    next += 1;
                    Some(next - 1)
                }
                Leaf::Median => None,
            })
            .collect()
    };
    let period = period_label(report.period.from, report.period.to);
    let cells = |row: &ReportRow,
                 row_header: &str,
                 unit_for_members: rasoat_shared::UnitId,
                 unit_name: &str,
                 direct: bool| {
        layout
            .leaves
            .iter()
            .zip(&positions)
            .zip(&layout.leaf_headers)
            .map(|((leaf, pos), headers)| {
                let headers = format!("{row_header} {headers}");
                let body = match (leaf, pos) {
                    (Leaf::Count(c), Some(p)) => {
                        let n = row.counts.get(*p).copied().unwrap_or(0);
                        if n > 0 && props.links {
                            let q: ReportMembersQuery =
                                members_query(&props.query, unit_for_members, direct, *c);
                            let label = format!("{}, {}: {} — xem danh sách", c.label_vi(), unit_name, count(n));
                            html! { <CountLink query={q} {label} text={count(n)} /> }
                        } else {
                            html! { { count(n) } }
                        }
                    }
                    _ => html! { { median_days(row.median_days_to_outcome) } },
                };
                html! {
                    <td class={classes!("num", (leaf.code() == "median_days_to_outcome").then_some("median"))}
                        data-column={leaf.code()} headers={headers}>{ body }</td>
                }
            })
            .collect::<Html>()
    };
    html! {
        <div class="table-scroll" role="region" aria-labelledby="report-caption" tabindex="0">
            <table class="report-table" id="report-table">
                <caption id="report-caption">
                    { format!("Kết quả rà soát, sàng lọc đảng viên: {} — {}", report.unit.name, period) }
                </caption>
                <thead>
                    { for layout.rows.iter().map(|cells| html! {
                        <tr>
                            { for cells.iter().map(|c| {
                                let scope = match c.kind {
                                    HeaderKind::Group | HeaderKind::Subgroup => "colgroup",
                                    HeaderKind::Fixed | HeaderKind::Leaf(_) => "col",
                                };
                                let class = match c.kind {
                                    HeaderKind::Group => "h-group",
                                    HeaderKind::Subgroup => "h-sub",
                                    HeaderKind::Fixed => "h-fixed",
                                    HeaderKind::Leaf(_) => "h-leaf",
                                };
                                html! {
                                    <th id={c.id.clone()} scope={scope} class={class}
                                        colspan={(c.colspan > 1).then(|| c.colspan.to_string())}
                                        rowspan={(c.rowspan > 1).then(|| c.rowspan.to_string())}
                                        title={c.title.clone()}>
                                        { &c.text }
                                    </th>
                                }
                            }) }
                        </tr>
                    }) }
                </thead>
                <tbody>
                    { for report.rows.iter().enumerate().map(|(i, row)| {
                        let row_id = if row.direct { format!("row-{}-direct", row.unit.id) } else { format!("row-{}", row.unit.id) };
                        let drill = ScreeningQuery { unit: Some(row.unit.id), ..props.query.clone() };
                        html! {
                            <tr key={row_id.clone()} data-unit={row.unit.id.to_string()}
                                data-direct={row.direct.then_some("true")}>
                                <td class="stt" headers={STT_HEADER}>{ i + 1 }</td>
                                <th scope="row" id={row_id.clone()} class="unit-name" headers={UNIT_HEADER}>
                                    if props.links && row.unit.has_children && !row.direct {
                                        <Link<Route, ScreeningQuery> classes="drill" to={Route::ScreeningReport} query={Some(drill)}>
                                            { row_name(row) }
                                        </Link<Route, ScreeningQuery>>
                                    } else {
                                        { row_name(row) }
                                    }
                                </th>
                                { cells(row, &row_id, row.unit.id, &row_name(row), row.direct) }
                            </tr>
                        }
                    }) }
                    if report.rows.is_empty() {
                        <tr><td colspan={(layout.leaves.len() + 2).to_string()} class="muted">
                            { "Không có tổ chức trực thuộc." }
                        </td></tr>
                    }
                </tbody>
                <tfoot>
                    <tr id="report-total" class="total-row" data-total="true">
                        <td class="stt" headers={STT_HEADER}></td>
                        <th scope="row" id="row-total" class="unit-name" headers={UNIT_HEADER}>{ "Tổng cộng" }</th>
                        { cells(&report.total, "row-total", report.unit.id, &report.unit.name, false) }
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}
