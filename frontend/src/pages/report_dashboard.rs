//! The screening overview of a unit (`/reports`, "Tổng quan rà soát, sàng lọc"): the key
//! figures of a period as cards, the outcomes by originating criterion, the listings and
//! removals of each unit under it, and its members by age, gender and membership, as
//! hand-drawn SVG charts. The unit and the period live in the address bar.
//!
//! Ids: `report-trail`, `report-period` (`period-from`, `period-to`, `period-apply`,
//! `period-this-year`, `period-last-year`), `key-figures` (cards `kf-…`),
//! `chart-outcomes`, `chart-units`, `chart-age`, `chart-gender`, `chart-membership`,
//! `dashboard-children`, `dashboard-table-link`, `dashboard-membership-link`.

use crate::active_role::{may_as, use_active_role};
use crate::api;
use crate::app::Route;
use crate::components::report_parts::{BarChart, BarRow, PeriodPicker, trail_nav};
use crate::components::status::{ErrorNotice, Loading, NotAllowed};
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use crate::reports::{
    count, deletions, expulsions, full_trail, key_figures, members_query, parse_screening_query,
    period_label, row_name, with_defaults,
};
use rasoat_shared::access::Action;
use rasoat_shared::api::reports::{
    Bucket, MembershipQuery, MembershipStats, ReportMembersQuery, ScreeningQuery, ScreeningReport,
};
use rasoat_shared::reports::Column;
use yew::prelude::*;
use yew_router::prelude::*;

pub const TITLE: &str = "Tổng quan rà soát, sàng lọc";

/// A page of the reports opened with a query, in this tab's history.
pub fn push_query<Q: serde::Serialize>(nav: &Option<Navigator>, route: Route, q: &Q) {
    if let Some(nav) = nav
        && nav.push_with_query(&route, q).is_err()
    {
        nav.push(&route);
    }
}

/// What choosing a period in the picker does on a report page: the same report, the new
/// period (a chosen period replaces a round's).
pub fn period_change(
    nav: &Option<Navigator>,
    route: Route,
    query: &ScreeningQuery,
) -> Callback<(chrono::NaiveDate, chrono::NaiveDate)> {
    let (nav, q) = (nav.clone(), query.clone());
    Callback::from(move |(from, to)| {
        push_query(
            &nav,
            route.clone(),
            &ScreeningQuery {
                from: Some(from),
                to: Some(to),
                round: None,
                ..q.clone()
            },
        )
    })
}

#[component]
pub fn ReportsPage() -> Html {
    dom::use_title(TITLE.to_string());
    let active = use_active_role();
    let location = use_location();
    let navigator = use_navigator();
    let query = with_defaults(
        parse_screening_query(location.as_ref().map(|l| l.query_str()).unwrap_or("")),
        format::today(),
        active.as_ref().map(|g| g.unit_id),
    );
    let reload = use_state(|| 0u32);
    let report = use_fetch((query.clone(), *reload), |(q, _)| async move {
        api::screening_report(&q).await
    });
    // Ages are counted on the period's last day, so the charts describe the same moment
    // as "members at period end".
    let stats_query = MembershipQuery {
        unit: query.unit,
        as_of: query.to,
    };
    let stats = use_fetch((stats_query, *reload), |(q, _)| async move {
        api::membership_stats(&q).await
    });
    if !may_as(active.as_ref(), Action::ViewReports) {
        return html! {
            <>
                <h1>{ TITLE }</h1>
                <NotAllowed what="xem thống kê, báo cáo" />
            </>
        };
    }
    let on_period = period_change(&navigator, Route::Reports, &query);
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };
    let period = report
        .data()
        .map(|r| (r.period.from, r.period.to))
        .or(query.from.zip(query.to));
    html! {
        <>
            <h1>{ TITLE }</h1>
            if let Some(r) = report.data() {
                { trail_nav(&full_trail(&r.trail, &r.unit), |u| html! {
                    <Link<Route, ScreeningQuery> to={Route::Reports}
                            query={Some(ScreeningQuery { unit: Some(u.id), ..query.clone() })}>
                        { &u.name }
                    </Link<Route, ScreeningQuery>>
                }) }
            }
            if let Some((from, to)) = period {
                <PeriodPicker key={format!("{from}{to}")} {from} {to} onchange={on_period} />
            }
            <p class="actions no-print">
                <Link<Route, ScreeningQuery> classes="button-link" to={Route::ScreeningReport} query={Some(query.clone())}>
                    <span id="dashboard-table-link">{ "Bảng báo cáo chi tiết" }</span>
                </Link<Route, ScreeningQuery>>
                <Link<Route, MembershipQuery> classes="button-link secondary-link" to={Route::MembershipReport}
                        query={Some(MembershipQuery { unit: query.unit, as_of: None })}>
                    <span id="dashboard-membership-link">{ "Thống kê đảng viên" }</span>
                </Link<Route, MembershipQuery>>
            </p>
            { match &*report {
                FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
                FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry.clone())} /> },
                FetchState::Success(r) => overview(r, &query),
            } }
            { match &*stats {
                FetchState::NotFetching | FetchState::Fetching => html! {},
                FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
                FetchState::Success(s) => member_charts(s),
            } }
        </>
    }
}

fn overview(r: &ScreeningReport, query: &ScreeningQuery) -> Html {
    let figures = key_figures(&r.total);
    let period = period_label(r.period.from, r.period.to);
    let a = |cols: [Column; 4]| cols.iter().map(|c| r.total.count(*c)).collect::<Vec<_>>();
    let outcomes = vec![
        BarRow {
            label: "Công nhận tiến bộ".into(),
            values: a([
                Column::ImprovedA1,
                Column::ImprovedA2,
                Column::ImprovedA3,
                Column::ImprovedA4,
            ]),
        },
        BarRow {
            label: "Tiếp tục giáo dục, giúp đỡ".into(),
            values: a([
                Column::ContinuedA1,
                Column::ContinuedA2,
                Column::ContinuedA3,
                Column::ContinuedA4,
            ]),
        },
        BarRow {
            label: "Xóa tên".into(),
            values: a([
                Column::DeletedA1,
                Column::DeletedA2,
                Column::DeletedA3,
                Column::DeletedA4,
            ]),
        },
        BarRow {
            label: "Khai trừ".into(),
            values: a([
                Column::ExpelledA1,
                Column::ExpelledA2,
                Column::ExpelledA3,
                Column::ExpelledA4,
            ]),
        },
    ];
    let units: Vec<BarRow> = r
        .rows
        .iter()
        .map(|row| BarRow {
            label: row_name(row),
            values: vec![
                row.count(Column::ListedTotal),
                deletions(row) + expulsions(row),
            ],
        })
        .collect();
    let drillable: Vec<_> = r
        .rows
        .iter()
        .filter(|row| row.unit.has_children && !row.direct)
        .collect();
    html! {
        <>
            <p class="muted" id="dashboard-period">{ format!("{} — {}", r.unit.name, period) }</p>
            <ul class="key-figures" id="key-figures" aria-label="Số liệu chính">
                { for figures.iter().map(|f| {
                    let value = html! { <span class="kf-value">{ count(f.value) }</span> };
                    html! {
                        <li id={f.id} class="kf-card">
                            if let (Some(col), true) = (f.column, f.value > 0) {
                                <Link<Route, ReportMembersQuery> to={Route::ReportMembers}
                                        query={Some(members_query(query, r.unit.id, false, col))}>
                                    { value }
                                </Link<Route, ReportMembersQuery>>
                            } else {
                                { value }
                            }
                            <span class="kf-label">{ f.label }</span>
                        </li>
                    }
                }) }
            </ul>
            <div class="chart-grid">
                <BarChart id="chart-outcomes"
                          title="Kết quả sau giáo dục, giúp đỡ theo nội dung ban đầu (A1–A4)"
                          series={vec![AttrValue::Static("A1"), AttrValue::Static("A2"), AttrValue::Static("A3"), AttrValue::Static("A4")]}
                          rows={outcomes} />
                <BarChart id="chart-units"
                          title="Đưa vào danh sách giáo dục, giúp đỡ và đưa ra khỏi Đảng (xóa tên, khai trừ), theo đơn vị"
                          series={vec![AttrValue::Static("Đưa vào DS"), AttrValue::Static("Xóa tên, khai trừ")]}
                          rows={units} />
            </div>
            if !drillable.is_empty() {
                <nav class="dashboard-children no-print" id="dashboard-children" aria-label="Xem tổng quan của đơn vị trực thuộc">
                    <h2>{ "Đơn vị trực thuộc" }</h2>
                    <ul class="plain-list child-links">
                        { for drillable.iter().map(|row| html! {
                            <li key={row.unit.id.0}>
                                <Link<Route, ScreeningQuery> classes="drill" to={Route::Reports}
                                        query={Some(ScreeningQuery { unit: Some(row.unit.id), ..query.clone() })}>
                                    { &row.unit.name }
                                </Link<Route, ScreeningQuery>>
                            </li>
                        }) }
                    </ul>
                </nav>
            }
        </>
    }
}

fn bucket_rows(buckets: &[Bucket]) -> Vec<BarRow> {
    buckets
        .iter()
        .map(|b| BarRow {
            label: b.label_vi.clone(),
            values: vec![b.count],
        })
        .collect()
}

fn member_charts(s: &MembershipStats) -> Html {
    html! {
        <section aria-labelledby="dashboard-members-heading">
            <h2 id="dashboard-members-heading">
                { format!("Đảng viên ngày {}: {}", format::date(s.as_of), format::members(u64::try_from(s.total).unwrap_or(0))) }
            </h2>
            <div class="chart-grid">
                <BarChart id="chart-age" title="Theo độ tuổi" rows={bucket_rows(&s.by_age_band)} />
                <BarChart id="chart-gender" title="Theo giới tính" rows={bucket_rows(&s.by_gender)} />
                <BarChart id="chart-membership" title="Chính thức và dự bị" rows={bucket_rows(&s.by_membership)} />
            </div>
        </section>
    }
}
