//! The screening report (DOMAIN.md §14.2): the table of a unit's children for a period
//! (`/reports/screening`), the members behind one of its counts
//! (`/reports/screening/members`), and the report laid out as a Party document for
//! printing (`/reports/screening/print`).
//!
//! Ids: `report-trail`, `report-period`, `report-table` (see `ReportTable`),
//! `export-xlsx`, `export-csv`, `report-print-link`; on the member list `report-members`
//! (items `li.report-member`), `report-members-total`, `report-members-more`,
//! `report-members-empty`; on the printed report those of the case documents
//! (`document-page`, `doc-…`) and `report-summary`, `document-print`.

use crate::active_role::{may_as, use_active_role};
use crate::api::{self, ApiError, Export};
use crate::app::Route;
use crate::components::report_parts::{PeriodPicker, ReportTable, trail_nav};
use crate::components::status::{ErrorNotice, Loading, NotAllowed};
use crate::components::unit_ref::UnitRef;
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use crate::pages::report_dashboard::period_change;
use crate::reports::{
    count, full_trail, lower_first, parse_members_query, parse_screening_query, period_label,
    place_source, summary_paragraphs, superior_of, with_defaults,
};
use rasoat_shared::access::Action;
use rasoat_shared::api::reports::{
    ReportMember, ReportMembersQuery, ScreeningQuery, ScreeningReport,
};
use rasoat_shared::cases::document::{
    committee_name, date_line, issuer_abbrev, on_behalf_of, place_from,
};
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

const TITLE: &str = "Báo cáo kết quả rà soát, sàng lọc đảng viên";

/// The report's query from the address bar, with the defaults filled in.
#[hook]
fn use_report_query() -> ScreeningQuery {
    let active = use_active_role();
    let location = use_location();
    with_defaults(
        parse_screening_query(location.as_ref().map(|l| l.query_str()).unwrap_or("")),
        format::today(),
        active.as_ref().map(|g| g.unit_id),
    )
}

#[component]
pub fn ScreeningReportPage() -> Html {
    dom::use_title(TITLE.to_string());
    let active = use_active_role();
    let navigator = use_navigator();
    let query = use_report_query();
    let reload = use_state(|| 0u32);
    let report = use_fetch((query.clone(), *reload), |(q, _)| async move {
        api::screening_report(&q).await
    });
    if !may_as(active.as_ref(), Action::ViewReports) {
        return html! {
            <>
                <h1>{ TITLE }</h1>
                <NotAllowed what="xem thống kê, báo cáo" />
            </>
        };
    }
    let on_period = period_change(&navigator, Route::ScreeningReport, &query);
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
                    <Link<Route, ScreeningQuery> to={Route::ScreeningReport}
                            query={Some(ScreeningQuery { unit: Some(u.id), ..query.clone() })}>
                        { &u.name }
                    </Link<Route, ScreeningQuery>>
                }) }
            }
            if let Some((from, to)) = period {
                <PeriodPicker key={format!("{from}{to}")} {from} {to} onchange={on_period} />
            }
            <p class="actions report-exports no-print">
                // Plain links: the browser downloads with the session cookie and names the
                // file as the server says.
                <a class="button-link" id="export-xlsx" download=""
                   href={api::screening_export_url(&query, Export::Xlsx)}>{ "Tải Excel (.xlsx)" }</a>
                <a class="button-link secondary-link" id="export-csv" download=""
                   href={api::screening_export_url(&query, Export::Csv)}>{ "Tải CSV" }</a>
                <Link<Route, ScreeningQuery> classes="button-link secondary-link" to={Route::ScreeningPrint} query={Some(query.clone())}>
                    <span id="report-print-link">{ "Bản in" }</span>
                </Link<Route, ScreeningQuery>>
                <Link<Route, ScreeningQuery> classes="button-link secondary-link" to={Route::Reports} query={Some(query.clone())}>
                    { "Tổng quan" }
                </Link<Route, ScreeningQuery>>
            </p>
            { match &*report {
                FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
                FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
                FetchState::Success(r) => html! {
                    <>
                        <p class="hint no-print">
                            { "Bấm tên tổ chức để xem các đơn vị trực thuộc; bấm một con số để xem danh sách đảng viên." }
                        </p>
                        <ReportTable report={r.clone()} query={query.clone()} />
                        <p class="muted small" id="report-generated">
                            // The server stamps the report in UTC; shown in the reader's time.
                            { format!("Số liệu lập lúc {}; năm N của cột đối chiếu là {}.",
                                format::date_time(r.generated_at.and_utc()),
                                r.rating_year) }
                        </p>
                    </>
                },
            } }
        </>
    }
}

const PAGE_SIZE: u32 = 100;

/// The members behind one count, in pages.
#[component]
pub fn ReportMembersPage() -> Html {
    let location = use_location();
    let navigator = use_navigator();
    let query = parse_members_query(location.as_ref().map(|l| l.query_str()).unwrap_or(""));
    dom::use_title(match query.column {
        Some(c) => format!("Danh sách đảng viên: {}", c.label_vi()),
        None => "Danh sách đảng viên theo số liệu báo cáo".to_string(),
    });
    let back = Callback::from(move |_: MouseEvent| {
        if let Some(nav) = &navigator {
            nav.back();
        }
    });
    let period = match (query.from, query.to) {
        (Some(f), Some(t)) => period_label(f, t),
        _ => String::new(),
    };
    html! {
        <>
            <p class="no-print">
                <button type="button" class="link-button" id="report-members-back" onclick={back}>{ "← Về báo cáo" }</button>
            </p>
            <h1>{ "Danh sách đảng viên theo số liệu báo cáo" }</h1>
            // A column's own label can be as bare as "Tổng số": its group says of what.
            if let Some(c) = query.column {
                <p class="lead" id="report-members-column">{ format!("{}: {}", c.group().label_vi(), c.label_vi()) }</p>
            }
            <p>
                if let Some(u) = query.unit {
                    { if query.direct == Some(true) { "Đăng ký trực tiếp tại: " } else { "Đơn vị: " } }
                    <UnitRef id={u} />
                }
                if !period.is_empty() {
                    { format!(" — {period}") }
                }
            </p>
            <MemberResults key={format!("{query:?}")} query={query.clone()} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct MemberResultsProps {
    query: ReportMembersQuery,
}

#[component]
fn MemberResults(props: &MemberResultsProps) -> Html {
    let retry_count = use_state(|| 0u32);
    let first = use_fetch((props.query.clone(), *retry_count), |(q, _)| async move {
        api::screening_members(&ReportMembersQuery {
            limit: Some(PAGE_SIZE),
            cursor: None,
            ..q
        })
        .await
    });
    let more = use_state(Vec::<ReportMember>::new);
    let next = use_state(|| None::<Option<String>>);
    let busy = use_state(|| false);
    let error = use_state(|| None::<ApiError>);
    let cursor = match (&*next, first.data()) {
        (Some(c), _) => c.clone(),
        (None, Some(p)) => p.next_cursor.clone(),
        (None, None) => None,
    };
    let load_more = {
        let (more, next, busy, error) = (more.clone(), next.clone(), busy.clone(), error.clone());
        let (query, cursor) = (props.query.clone(), cursor.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(c) = cursor.clone() else { return };
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let q = ReportMembersQuery {
                limit: Some(PAGE_SIZE),
                cursor: Some(c),
                ..query.clone()
            };
            let (more, next, busy, error) =
                (more.clone(), next.clone(), busy.clone(), error.clone());
            spawn_local(async move {
                let result = api::screening_members(&q).await;
                busy.set(false);
                match result {
                    Ok(page) => {
                        let mut rows = (*more).clone();
                        rows.extend(page.items);
                        more.set(rows);
                        next.set(Some(page.next_cursor));
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let retry = {
        let retry_count = retry_count.clone();
        Callback::from(move |_: MouseEvent| retry_count.set(retry_count.wrapping_add(1)))
    };
    match &*first {
        FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
        FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
        FetchState::Success(p) if p.items.is_empty() => html! {
            <p class="notice" id="report-members-empty">{ "Không có đảng viên nào ứng với số liệu này." }</p>
        },
        FetchState::Success(p) => {
            let shown = p.items.len() + more.len();
            html! {
                <>
                    <p class="results-status" role="status" id="report-members-total" data-total={p.total.to_string()}>
                        { format!("Đang xem {} trên tổng số {}.", format::count(shown as u64), count(p.total)) }
                    </p>
                    <ol class="record-list report-members" id="report-members">
                        { for p.items.iter().chain(more.iter()).enumerate().map(|(i, m)| html! {
                            <li key={format!("{i}-{}", m.member_id)} class="report-member" data-member={m.member_id.to_string()}>
                                <p>
                                    <Link<Route> to={Route::Member { id: m.member_id }} classes="member-link">
                                        <strong>{ &m.full_name }</strong>
                                    </Link<Route>>
                                    { format!(" — {}", m.home_unit_name) }
                                </p>
                                if let Some(case) = m.case_id {
                                    <p class="small">
                                        <Link<Route> to={Route::Case { id: case }} classes="case-link">
                                            { format!("Hồ sơ sàng lọc số {case}") }
                                        </Link<Route>>
                                    </p>
                                }
                            </li>
                        }) }
                    </ol>
                    if let Some(e) = &*error {
                        <ErrorNotice error={e.clone()} />
                    }
                    if cursor.is_some() {
                        <p class="pager no-print">
                            <button type="button" id="report-members-more" class="secondary"
                                    onclick={load_more} disabled={*busy} aria-busy={busy.to_string()}>
                                { if *busy { "Đang tải…" } else { "Xem thêm" } }
                            </button>
                        </p>
                    }
                </>
            }
        }
    }
}

/// The report as the Party prints it: the document layout of the case documents
/// (`document.rs`), with the table in landscape and a summary read from the totals.
#[component]
pub fn ScreeningPrintPage() -> Html {
    dom::use_title(format!("{TITLE} (bản in)"));
    let query = use_report_query();
    let reload = use_state(|| 0u32);
    let report = use_fetch((query.clone(), *reload), |(q, _)| async move {
        api::screening_report(&q).await
    });
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };
    match &*report {
        FetchState::NotFetching | FetchState::Fetching => html! { <Loading /> },
        FetchState::Failed(e) => html! { <ErrorNotice error={e.clone()} retry={Some(retry)} /> },
        FetchState::Success(r) => html! {
            <>
                <p class="no-print document-tools">
                    <Link<Route, ScreeningQuery> to={Route::ScreeningReport} query={Some(query.clone())}>
                        { "← Về bảng báo cáo" }
                    </Link<Route, ScreeningQuery>>
                    { " " }
                    <button type="button" class="primary" id="document-print"
                            onclick={Callback::from(|_: MouseEvent| dom::print())}>{ "In" }</button>
                </p>
                { printed(r, &query) }
            </>
        },
    }
}

fn printed(r: &Rc<ScreeningReport>, query: &ScreeningQuery) -> Html {
    let unit = &r.unit;
    let branch = unit.org_type.holds_members();
    // A branch reports as itself; above it the committee reports for its organisation.
    let issuer = if branch {
        unit.name.clone()
    } else {
        committee_name(&unit.name)
    };
    let superior = superior_of(&r.trail, unit);
    let place = date_line(
        &place_from(&place_source(&r.trail, unit, &r.province_name)),
        format::today(),
    );
    let period = period_label(r.period.from, r.period.to);
    let paragraphs = summary_paragraphs(&unit.name, &period, &r.total);
    let recipients: Vec<String> = superior
        .iter()
        .map(|s| format!("{} (để báo cáo),", committee_name(s)))
        .chain(std::iter::once("Lưu.".to_string()))
        .collect();
    html! {
        <article class="party-document report-document" id="document-page" lang="vi">
            <header class="doc-head">
                <div class="doc-issuer-block">
                    if let Some(s) = &superior {
                        <p id="doc-superior">{ s.to_uppercase() }</p>
                    }
                    <p class="doc-issuer" id="doc-issuer">{ issuer.to_uppercase() }</p>
                    <p class="doc-star">{ "*" }</p>
                    // The number is given when the report is registered, by hand.
                    <p id="doc-number">{ format!("Số\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}-BC/{}", issuer_abbrev(unit.org_type)) }</p>
                </div>
                <div class="doc-party-block">
                    <p class="doc-party" id="doc-party">{ "ĐẢNG CỘNG SẢN VIỆT NAM" }</p>
                    <p class="doc-place-date" id="doc-place-date">{ place }</p>
                </div>
            </header>
            <h1 class="doc-heading" id="doc-heading">{ "BÁO CÁO" }</h1>
            <p class="doc-subject" id="doc-subject">
                { format!("Kết quả rà soát, sàng lọc đảng viên {}", lower_first(&period)) }
            </p>
            <div class="report-print-table">
                <ReportTable report={r.clone()} query={query.clone()} links={false} />
            </div>
            <div class="doc-body" id="report-summary">
                { for paragraphs.iter().map(|p| html! { <p>{ p }</p> }) }
            </div>
            <footer class="doc-foot">
                <div class="doc-recipients" id="doc-recipients">
                    <p class="doc-recipients-title">{ "Nơi nhận:" }</p>
                    <ul>
                        { for recipients.iter().map(|x| html! { <li>{ x }</li> }) }
                    </ul>
                </div>
                <div class="doc-signature" id="doc-signature">
                    <p class="doc-on-behalf">{ on_behalf_of(unit.org_type, !branch) }</p>
                    <p class="doc-signer-title">{ "BÍ THƯ" }</p>
                    <div class="doc-sign-space" aria-hidden="true"></div>
                    <p class="doc-signer-name" id="doc-signer-name" aria-label="Người ký (để trống)">{ "\u{a0}" }</p>
                </div>
            </footer>
        </article>
    }
}
