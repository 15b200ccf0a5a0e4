//! Membership statistics of a unit (`/reports/membership`, "Thống kê đảng viên"): the
//! active members of its subtree by membership, exemption, gender, age band, ethnicity
//! and type of unit, and the yearly rating distribution, each as a table and a bar chart.
//!
//! Ids: `report-trail`, `membership-as-of`, `membership-apply`, `membership-total`,
//! `membership-exempted`, tables `stats-{name}` with charts `chart-{name}`
//! (`membership`, `gender`, `age`, `ethnicity`, `org-type`), `stats-ratings`.

use crate::active_role::{may_as, use_active_role};
use crate::api;
use crate::app::Route;
use crate::components::report_parts::{BarChart, BarRow, trail_nav};
use crate::components::status::{ErrorNotice, Loading, NotAllowed};
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use crate::pages::report_dashboard::push_query;
use crate::reports::{count, full_trail, parse_membership_query, percent};
use rasoat_shared::access::Action;
use rasoat_shared::api::reports::{Bucket, MembershipQuery, MembershipStats, ScreeningQuery};
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

const TITLE: &str = "Thống kê đảng viên";

#[component]
pub fn MembershipPage() -> Html {
    dom::use_title(TITLE.to_string());
    let active = use_active_role();
    let location = use_location();
    let navigator = use_navigator();
    let mut query = parse_membership_query(location.as_ref().map(|l| l.query_str()).unwrap_or(""));
    if query.unit.is_none() {
        query.unit = active.as_ref().map(|g| g.unit_id);
    }
    let reload = use_state(|| 0u32);
    let stats = use_fetch((query.clone(), *reload), |(q, _)| async move {
        api::membership_stats(&q).await
    });
    let as_of_text = use_state(|| query.as_of.map(|d| d.to_string()).unwrap_or_default());
    if !may_as(active.as_ref(), Action::ViewReports) {
        return html! {
            <>
                <h1>{ TITLE }</h1>
                <NotAllowed what="xem thống kê, báo cáo" />
            </>
        };
    }
    let on_as_of = {
        let as_of_text = as_of_text.clone();
        Callback::from(move |e: Event| {
            as_of_text.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let apply = {
        let (q, nav, text) = (query.clone(), navigator.clone(), as_of_text.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let as_of = crate::pages::user::parse_date(&text).ok().flatten();
            push_query(
                &nav,
                Route::MembershipReport,
                &MembershipQuery { as_of, ..q.clone() },
            );
        })
    };
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };
    html! {
        <>
            <h1>{ TITLE }</h1>
            if let Some(s) = stats.data() {
                { trail_nav(&full_trail(&s.trail, &s.unit), |u| html! {
                    <Link<Route, MembershipQuery> to={Route::MembershipReport}
                            query={Some(MembershipQuery { unit: Some(u.id), ..query.clone() })}>
                        { &u.name }
                    </Link<Route, MembershipQuery>>
                }) }
            }
            <form class="period-picker no-print" onsubmit={apply} aria-label="Ngày thống kê">
                <div class="field as-of-field">
                    <label for="membership-as-of">{ "Tính đến ngày (để trống: hôm nay)" }</label>
                    <input type="date" id="membership-as-of" value={(*as_of_text).clone()} onchange={on_as_of} />
                </div>
                <button type="submit" class="primary" id="membership-apply">{ "Xem" }</button>
                <Link<Route, ScreeningQuery> classes="button-link secondary-link" to={Route::Reports}
                        query={Some(ScreeningQuery { unit: query.unit, ..ScreeningQuery::default() })}>
                    { "Tổng quan rà soát" }
                </Link<Route, ScreeningQuery>>
            </form>
            { match &*stats {
                FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
                FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
                FetchState::Success(s) => body(s, &query),
            } }
        </>
    }
}

fn body(s: &MembershipStats, query: &MembershipQuery) -> Html {
    let children_note = s.unit.has_children;
    html! {
        <>
            <p class="lead" id="membership-total">
                { format!("{}: {} ngày {}.", s.unit.name, format::members(u64::try_from(s.total).unwrap_or(0)), format::date(s.as_of)) }
            </p>
            <p id="membership-exempted">
                { format!("Được miễn sinh hoạt: {} ({}).", count(s.exempted), percent(s.exempted, s.total)) }
            </p>
            { breakdown("membership", "Theo loại đảng viên", &s.by_membership, s.total) }
            { breakdown("gender", "Theo giới tính", &s.by_gender, s.total) }
            { breakdown("age", "Theo độ tuổi", &s.by_age_band, s.total) }
            { breakdown("ethnicity", "Theo dân tộc", &s.by_ethnicity, s.total) }
            { breakdown("org-type", "Theo loại tổ chức đảng nơi sinh hoạt", &s.by_org_type, s.total) }
            { ratings(s) }
            if children_note {
                <p class="hint no-print">
                    { "Để xem một đơn vị trực thuộc, chọn đơn vị trong " }
                    <Link<Route, ScreeningQuery> to={Route::Reports}
                            query={Some(ScreeningQuery { unit: query.unit, ..ScreeningQuery::default() })}>
                        { "tổng quan rà soát" }
                    </Link<Route, ScreeningQuery>>
                    { " rồi mở “Thống kê đảng viên” của đơn vị đó." }
                </p>
            }
        </>
    }
}

/// One breakdown: a table (group, count, share) and the same as bars.
fn breakdown(name: &str, title: &str, buckets: &[Bucket], total: i64) -> Html {
    let heading = format!("stats-{name}-heading");
    html! {
        <section class="stats-section" aria-labelledby={heading.clone()}>
            <h2 id={heading}>{ title }</h2>
            <div class="stats-pair">
                <table class="stats-table" id={format!("stats-{name}")}>
                    <caption class="visually-hidden">{ format!("Đảng viên {}", title.to_lowercase()) }</caption>
                    <thead><tr>
                        <th scope="col">{ "Nhóm" }</th>
                        <th scope="col" class="num">{ "Số đảng viên" }</th>
                        <th scope="col" class="num">{ "Tỷ lệ" }</th>
                    </tr></thead>
                    <tbody>
                        { for buckets.iter().map(|b| html! {
                            <tr key={b.code.clone()} data-bucket={b.code.clone()}>
                                <th scope="row">{ &b.label_vi }</th>
                                <td class="num">{ count(b.count) }</td>
                                <td class="num">{ percent(b.count, total) }</td>
                            </tr>
                        }) }
                    </tbody>
                    <tfoot><tr class="total-row">
                        <th scope="row">{ "Cộng" }</th>
                        <td class="num">{ count(buckets.iter().map(|b| b.count).sum()) }</td>
                        <td class="num">{ percent(buckets.iter().map(|b| b.count).sum(), total) }</td>
                    </tr></tfoot>
                </table>
                <BarChart id={format!("chart-{name}")} title={title.to_string()}
                          rows={buckets.iter().map(|b| BarRow { label: b.label_vi.clone(), values: vec![b.count] }).collect::<Vec<_>>()} />
            </div>
        </section>
    }
}

/// The rating distribution: one row per year, one column per level (in the order the
/// server lists them, the levels of every year together).
fn ratings(s: &MembershipStats) -> Html {
    let mut levels: Vec<(String, String)> = Vec::new();
    for y in &s.ratings {
        for b in &y.levels {
            if !levels.iter().any(|(code, _)| *code == b.code) {
                levels.push((b.code.clone(), b.label_vi.clone()));
            }
        }
    }
    html! {
        <section class="stats-section" aria-labelledby="stats-ratings-heading">
            <h2 id="stats-ratings-heading">{ "Kết quả xếp loại chất lượng hằng năm" }</h2>
            if s.ratings.is_empty() {
                <p class="muted">{ "Chưa có kết quả xếp loại." }</p>
            } else {
                <div class="table-scroll" role="region" aria-labelledby="stats-ratings-heading" tabindex="0">
                    <table class="stats-table" id="stats-ratings">
                        <caption class="visually-hidden">{ "Số đảng viên theo mức xếp loại, mỗi năm một dòng" }</caption>
                        <thead><tr>
                            <th scope="col">{ "Năm" }</th>
                            { for levels.iter().map(|(code, label)| html! {
                                <th scope="col" class="num" key={code.clone()}>{ label }</th>
                            }) }
                            <th scope="col" class="num">{ "Cộng" }</th>
                        </tr></thead>
                        <tbody>
                            { for s.ratings.iter().map(|y| html! {
                                <tr key={y.year} data-year={y.year.to_string()}>
                                    <th scope="row">{ y.year }</th>
                                    { for levels.iter().map(|(code, _)| html! {
                                        <td class="num" data-level={code.clone()}>
                                            { count(y.levels.iter().filter(|b| b.code == *code).map(|b| b.count).sum()) }
                                        </td>
                                    }) }
                                    <td class="num">{ count(y.levels.iter().map(|b| b.count).sum()) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
    }
}
