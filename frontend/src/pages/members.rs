//! Danh sách đảng viên: `GET /members` with the filters of `MemberQuery`, kept in the URL.

use crate::api;
use crate::app::Route;
use crate::components::status::ErrorNotice;
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use gloo_timers::callback::Timeout;
use rasoat_shared::api::DEFAULT_PAGE_SIZE;
use rasoat_shared::api::members::{MemberQuery, MemberSort, MemberSummary};
use rasoat_shared::ethnicity::{self, ETHNICITIES};
use rasoat_shared::member::{Gender, MemberStatus, Membership};
use serde::de::DeserializeOwned;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::*;
use yew_router::query::FromQuery;

/// Pause after the last keystroke before the search runs.
const SEARCH_DEBOUNCE_MS: u32 = 300;

/// The sort orders offered, in the order of the menu.
/// Reads an enum from its wire code through its own serde definition.
fn from_code<T: DeserializeOwned>(code: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(code.to_string())).ok()
}

fn to_code<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A search text as the API gets it: trimmed, absent when empty.
fn search_text(raw: &str) -> Option<String> {
    let t = raw.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Drops values equal to the server's defaults, so that one list has one URL.
fn normalise(mut q: MemberQuery) -> MemberQuery {
    if q.status == Some(MemberStatus::Active) {
        q.status = None;
    }
    if q.sort == Some(MemberSort::Roster) {
        q.sort = None;
    }
    q.q = q.q.as_deref().and_then(search_text);
    q.cursor = None;
    q.limit = None;
    q.with_total = None;
    q
}

/// The filters in the address bar. Read leniently: a hand-edited or outdated parameter
/// is ignored rather than breaking the page.
pub fn parse_query(query_str: &str) -> MemberQuery {
    let raw = query_str.strip_prefix('?').unwrap_or(query_str);
    let pairs = Vec::<(String, String)>::from_query(raw).unwrap_or_default();
    let mut q = MemberQuery::default();
    for (key, value) in pairs {
        let v = value.trim();
        match key.as_str() {
            "unit" => q.unit = v.parse().ok(),
            "q" => q.q = search_text(v),
            "status" => q.status = from_code(v),
            "membership" => q.membership = from_code(v),
            "gender" => q.gender = from_code(v),
            "ethnicity" => q.ethnicity = v.parse().ok().filter(|c| ethnicity::is_valid(*c)),
            "age_band" => q.age_band = v.parse().ok(),
            "exempted" => q.exempted = v.parse().ok(),
            "sort" => q.sort = from_code(v),
            _ => {}
        }
    }
    normalise(q)
}

/// Shows the list for `q`: a new history entry, or in place of the current one while the
/// user is still typing a search.
fn navigate(nav: &Option<Navigator>, q: &MemberQuery, replace: bool) {
    let Some(nav) = nav else { return };
    let q = normalise(q.clone());
    let result = match (q == MemberQuery::default(), replace) {
        (true, false) => {
            nav.push(&Route::Members);
            Ok(())
        }
        (true, true) => {
            nav.replace(&Route::Members);
            Ok(())
        }
        (false, false) => nav.push_with_query(&Route::Members, &q),
        (false, true) => nav.replace_with_query(&Route::Members, &q),
    };
    if result.is_err() {
        nav.push(&Route::Members);
    }
}

/// Where the pages of one list stand. It belongs to one set of filters: when they change
/// the list starts again from the first page.
#[derive(Debug, Clone, PartialEq, Default)]
struct Paging {
    filters: MemberQuery,
    /// The cursors of the pages before this one (`None` = the first page).
    previous: Vec<Option<String>>,
    cursor: Option<String>,
    /// Counted by the server on the first page only; carried along.
    total: Option<u64>,
}

#[component]
pub fn MembersPage() -> Html {
    dom::use_title("Danh sách đảng viên".to_string());
    let location = use_location();
    let navigator = use_navigator();
    let query = location
        .as_ref()
        .map(|l| parse_query(l.query_str()))
        .unwrap_or_default();

    let paging = use_state(Paging::default);
    let current = if paging.filters == query {
        (*paging).clone()
    } else {
        Paging {
            filters: query.clone(),
            ..Paging::default()
        }
    };

    let api_query = MemberQuery {
        // The count is asked for once, with the first page, and kept while paging.
        with_total: current.cursor.is_none().then_some(true),
        cursor: current.cursor.clone(),
        limit: Some(DEFAULT_PAGE_SIZE),
        ..query.clone()
    };
    let reload = use_state(|| 0u32);
    let page = use_fetch((api_query, *reload), |(q, _)| async move {
        api::members(&q).await
    });
    let settings = use_fetch((), |_| api::settings());
    let unit = use_fetch(query.unit, |u| async move {
        match u {
            Some(id) => api::unit(id).await.map(Some),
            None => Ok(None),
        }
    });

    // ---- search box: uncontrolled (so typing with an input method is never disturbed),
    // debounced, and kept in step with the URL when the user goes back or forward.
    let search_ref = use_node_ref();
    let debounce = use_mut_ref(|| None::<Timeout>);
    let typing_entry = use_mut_ref(|| false);
    {
        let search_ref = search_ref.clone();
        use_effect_with(query.q.clone(), move |q| {
            if let Some(input) = search_ref.cast::<HtmlInputElement>() {
                let url_q = q.clone().unwrap_or_default();
                if input.value().trim() != url_q {
                    input.set_value(&url_q);
                }
            }
        });
    }
    let oninput = {
        let (search_ref, navigator, query) = (search_ref.clone(), navigator.clone(), query.clone());
        let (debounce, typing_entry) = (debounce.clone(), typing_entry.clone());
        Callback::from(move |_: InputEvent| {
            let (search_ref, navigator, query) =
                (search_ref.clone(), navigator.clone(), query.clone());
            let typing_entry = typing_entry.clone();
            let timeout = Timeout::new(SEARCH_DEBOUNCE_MS, move || {
                let value = search_ref
                    .cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default();
                // A filter may have changed while the timer ran: build on the address
                // bar as it is now, not as it was at the keystroke.
                let query = dom::current_search()
                    .map(|s| parse_query(&s))
                    .unwrap_or_else(|| query.clone());
                let q = search_text(&value);
                if q == query.q {
                    return;
                }
                // The first pause of a burst of typing makes a history entry; later ones
                // refine it, so "Back" does not step through every letter.
                let replace = std::mem::replace(&mut *typing_entry.borrow_mut(), true);
                navigate(&navigator, &MemberQuery { q, ..query.clone() }, replace);
            });
            // Replacing the pending timeout cancels it.
            *debounce.borrow_mut() = Some(timeout);
        })
    };
    let onsubmit = {
        let (search_ref, navigator, query) = (search_ref.clone(), navigator.clone(), query.clone());
        let (debounce, typing_entry) = (debounce.clone(), typing_entry.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            debounce.borrow_mut().take();
            *typing_entry.borrow_mut() = false;
            let value = search_ref
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let q = search_text(&value);
            if q != query.q {
                navigate(&navigator, &MemberQuery { q, ..query.clone() }, false);
            }
        })
    };
    let onblur = {
        let typing_entry = typing_entry.clone();
        Callback::from(move |_: FocusEvent| *typing_entry.borrow_mut() = false)
    };

    // ---- filters: each change is a new history entry.
    let set_filter = |apply: fn(&mut MemberQuery, &str)| {
        let (navigator, query) = (navigator.clone(), query.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = query.clone();
            apply(&mut next, &value);
            navigate(&navigator, &next, false);
        })
    };
    let on_status = set_filter(|q, v| q.status = from_code(v));
    let on_membership = set_filter(|q, v| q.membership = from_code(v));
    let on_gender = set_filter(|q, v| q.gender = from_code(v));
    let on_ethnicity = set_filter(|q, v| q.ethnicity = v.parse().ok());
    let on_age_band = set_filter(|q, v| q.age_band = v.parse().ok());
    let on_exempted = set_filter(|q, v| q.exempted = v.parse().ok());
    let on_sort = set_filter(|q, v| q.sort = from_code(v));

    let clear_filters = {
        let (navigator, query) = (navigator.clone(), query.clone());
        Callback::from(move |_: MouseEvent| {
            navigate(
                &navigator,
                &MemberQuery {
                    unit: query.unit,
                    ..MemberQuery::default()
                },
                false,
            );
        })
    };
    let clear_unit = {
        let (navigator, query) = (navigator.clone(), query.clone());
        Callback::from(move |_: MouseEvent| {
            navigate(
                &navigator,
                &MemberQuery {
                    unit: None,
                    ..query.clone()
                },
                false,
            );
        })
    };

    // ---- paging
    let page_data = page.data().cloned();
    let total = page_data.as_ref().and_then(|p| p.total).or(current.total);
    let go_next = {
        let (paging, current, page_data) = (paging.clone(), current.clone(), page_data.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(next) = page_data.as_ref().and_then(|p| p.next_cursor.clone()) else {
                return;
            };
            let mut previous = current.previous.clone();
            previous.push(current.cursor.clone());
            paging.set(Paging {
                filters: current.filters.clone(),
                previous,
                cursor: Some(next),
                total: page_data.as_ref().and_then(|p| p.total).or(current.total),
            });
            dom::focus_id("results-heading");
        })
    };
    let go_prev = {
        let (paging, current) = (paging.clone(), current.clone());
        Callback::from(move |_: MouseEvent| {
            let mut previous = current.previous.clone();
            let Some(cursor) = previous.pop() else { return };
            paging.set(Paging {
                filters: current.filters.clone(),
                previous,
                cursor,
                total: current.total,
            });
            dom::focus_id("results-heading");
        })
    };
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };

    let page_no = current.previous.len() + 1;
    let offset = current.previous.len() * DEFAULT_PAGE_SIZE as usize;
    let filters_active = query.status.is_some()
        || query.membership.is_some()
        || query.gender.is_some()
        || query.ethnicity.is_some()
        || query.age_band.is_some()
        || query.exempted.is_some()
        || query.sort.is_some()
        || query.q.is_some();

    // ---- the age bands come from the province's settings.
    let age_band_options: Vec<(String, String)> = match &*settings {
        FetchState::Success(rules) => rules
            .age_bands()
            .iter()
            .enumerate()
            .map(|(i, b)| (i.to_string(), format!("{} tuổi", b.label())))
            .collect(),
        _ => query
            .age_band
            .map(|i| vec![(i.to_string(), format!("Nhóm tuổi {}", u32::from(i) + 1))])
            .unwrap_or_default(),
    };

    let status_line = match &*page {
        FetchState::NotFetching | FetchState::Fetching => "Đang tải…".to_string(),
        FetchState::Failed(_) => String::new(),
        FetchState::Success(p) if p.items.is_empty() => {
            "Không có đảng viên nào phù hợp.".to_string()
        }
        FetchState::Success(p) => {
            let to = offset + p.items.len();
            match total {
                Some(t) => format!(
                    "Tìm thấy {} · đang xem {}–{}",
                    format::members(t),
                    format::count(offset as u64 + 1),
                    format::count(to as u64)
                ),
                None => format!(
                    "Đang xem {}–{}",
                    format::count(offset as u64 + 1),
                    format::count(to as u64)
                ),
            }
        }
    };

    html! {
        <>
            <h1>{ "Danh sách đảng viên" }</h1>

            if let Some(unit_id) = query.unit {
                <p class="unit-filter" id="unit-filter">
                    { "Thuộc tổ chức: " }
                    {
                        match unit.data().and_then(|u| u.as_ref().as_ref()) {
                            Some(u) => html! {
                                <Link<Route> to={Route::Unit { id: u.id }}>{ &u.name }</Link<Route>>
                            },
                            None => html! { <span>{ format!("mã {unit_id}") }</span> },
                        }
                    }
                    <span class="muted">{ " (gồm cả các tổ chức trực thuộc)" }</span>
                    <button type="button" class="link-button no-print" onclick={clear_unit}>
                        { "Xem tất cả trong phạm vi" }
                    </button>
                </p>
            }

            <form class="search no-print" role="search" {onsubmit}>
                <label for="member-search">{ "Tìm theo họ và tên" }</label>
                <div class="search-row">
                    <input id="member-search" type="search" ref={search_ref}
                           autocomplete="off" spellcheck="false"
                           placeholder="Ví dụ: nguyen van an"
                           aria-describedby="member-search-hint"
                           {oninput} {onblur} />
                    <button type="submit" class="primary">{ "Tìm" }</button>
                </div>
                <p id="member-search-hint" class="hint">
                    { "Không cần gõ dấu, không phân biệt chữ hoa, chữ thường." }
                </p>
            </form>

            // Folded by default so that on a phone the results come first; open while a
            // filter is in force.
            <details class="filters no-print" open={filters_active}>
                <summary>{ "Lọc và sắp xếp" }</summary>
                <div class="filter-grid">
                    { select("filter-status", "Tình trạng",
                        MemberStatus::ALL.iter().map(|s| (s.code().to_string(), s.label_vi().to_string())).collect(),
                        None,
                        query.status.unwrap_or(MemberStatus::Active).code().to_string(),
                        on_status) }
                    { select("filter-membership", "Loại đảng viên",
                        Membership::ALL.iter().map(|m| (m.code().to_string(), m.label_vi().to_string())).collect(),
                        Some("Tất cả"),
                        query.membership.map(|m| m.code().to_string()).unwrap_or_default(),
                        on_membership) }
                    { select("filter-gender", "Giới tính",
                        Gender::ALL.iter().map(|g| (g.code().to_string(), g.label_vi().to_string())).collect(),
                        Some("Tất cả"),
                        query.gender.map(|g| g.code().to_string()).unwrap_or_default(),
                        on_gender) }
                    { select("filter-ethnicity", "Dân tộc",
                        ETHNICITIES.iter().map(|(c, n)| (c.to_string(), (*n).to_string())).collect(),
                        Some("Tất cả"),
                        query.ethnicity.map(|c| c.to_string()).unwrap_or_default(),
                        on_ethnicity) }
                    { select("filter-age-band", "Nhóm tuổi",
                        age_band_options,
                        Some("Tất cả"),
                        query.age_band.map(|i| i.to_string()).unwrap_or_default(),
                        on_age_band) }
                    { select("filter-exempted", "Miễn công tác và sinh hoạt đảng",
                        vec![("true".into(), "Được miễn".into()), ("false".into(), "Không được miễn".into())],
                        Some("Tất cả"),
                        query.exempted.map(|b| b.to_string()).unwrap_or_default(),
                        on_exempted) }
                    { select("member-sort", "Sắp xếp",
                        MemberSort::ALL.iter().map(|s| (to_code(s), MemberSort::label_vi(*s).to_string())).collect(),
                        None,
                        to_code(&query.sort.unwrap_or_default()),
                        on_sort) }
                </div>
                if filters_active {
                    <button type="button" class="secondary" onclick={clear_filters}>{ "Xóa bộ lọc" }</button>
                }
                if let FetchState::Failed(_) = &*settings {
                    <p class="hint">{ "Không tải được danh sách nhóm tuổi." }</p>
                }
            </details>

            <section class="results" aria-labelledby="results-heading">
                <h2 id="results-heading" tabindex="-1">
                    { "Kết quả" }
                    if page_no > 1 {
                        { format!(" · trang {page_no}") }
                    }
                </h2>
                <p id="results-status" class="results-status" role="status" aria-live="polite">
                    if page.is_loading() {
                        <span class="spinner" aria-hidden="true"></span>
                    }
                    { status_line }
                </p>
                {
                    match &*page {
                        FetchState::Failed(e) => html! {
                            <ErrorNotice error={e.clone()} retry={Some(retry)} />
                        },
                        FetchState::Success(p) if !p.items.is_empty() => html! {
                            <MemberTable items={p.items.clone()} offset={offset} />
                        },
                        FetchState::NotFetching | FetchState::Fetching => html! {},
                        FetchState::Success(_) => html! {},
                    }
                }
                <nav class="pager no-print" aria-label="Phân trang">
                    <button type="button" class="secondary" id="page-prev"
                            disabled={current.previous.is_empty() || page.is_loading()}
                            onclick={go_prev}>
                        { "‹ Trang trước" }
                    </button>
                    <span class="page-no">{ format!("Trang {page_no}") }</span>
                    <button type="button" class="secondary" id="page-next"
                            disabled={page_data.as_ref().and_then(|p| p.next_cursor.as_ref()).is_none() || page.is_loading()}
                            onclick={go_next}>
                        { "Trang sau ›" }
                    </button>
                </nav>
            </section>
        </>
    }
}

/// A labelled drop-down list of one filter. Long labels take a whole row on a phone.
fn select(
    id: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    any: Option<&'static str>,
    selected: String,
    onchange: Callback<Event>,
) -> Html {
    let wide = label.chars().count() > 16 || id == "member-sort";
    html! {
        <div class={classes!("field", wide.then_some("wide"))}>
            <label for={id}>{ label }</label>
            <select {id} {onchange}>
                if let Some(any) = any {
                    <option value="" selected={selected.is_empty()}>{ any }</option>
                }
                { for options.into_iter().map(|(value, text)| {
                    let is_selected = value == selected;
                    html! { <option {value} selected={is_selected}>{ text }</option> }
                }) }
            </select>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct MemberTableProps {
    items: Vec<MemberSummary>,
    /// How many rows came on earlier pages (for the running number).
    offset: usize,
}

#[component]
fn MemberTable(props: &MemberTableProps) -> Html {
    html! {
        <table class="member-table">
            <thead>
                <tr>
                    <th scope="col" class="num">{ "STT" }</th>
                    <th scope="col">{ "Họ và tên" }</th>
                    <th scope="col">{ "Giới tính" }</th>
                    <th scope="col">{ "Ngày sinh" }</th>
                    <th scope="col">{ "Loại đảng viên" }</th>
                    <th scope="col">{ "Chi bộ" }</th>
                </tr>
            </thead>
            <tbody>
                { for props.items.iter().enumerate().map(|(i, m)| html! {
                    <tr key={m.id.0} class="member-row">
                        <td class="num" data-label="STT">{ props.offset + i + 1 }</td>
                        <th scope="row" class="name">
                            <Link<Route> classes="member-link" to={Route::Member { id: m.id }}>
                                { &m.full_name }
                            </Link<Route>>
                            if m.status != MemberStatus::Active {
                                <span class="badge">{ m.status.label_vi() }</span>
                            }
                            if m.exempted {
                                <span class="badge" title="Miễn công tác và sinh hoạt đảng">{ "Miễn SH" }</span>
                            }
                        </th>
                        <td data-label="Giới tính">{ m.gender.label_vi() }</td>
                        <td data-label="Ngày sinh">{ format::date(m.date_of_birth) }</td>
                        <td data-label="Loại đảng viên">{ m.membership.label_vi() }</td>
                        <td data-label="Chi bộ">{ &m.home_unit_name }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasoat_shared::UnitId;

    #[test]
    fn reads_the_filters_leniently() {
        let q = parse_query(
            "?unit=5&q=+nguyen+van+&status=active&gender=female&ethnicity=99&sort=date_of_birth&x=1&exempted=yes",
        );
        assert_eq!(q.unit, Some(UnitId(5)));
        assert_eq!(q.q.as_deref(), Some("nguyen van"));
        assert_eq!(q.status, None, "active is the default");
        assert_eq!(q.gender, Some(Gender::Female));
        assert_eq!(q.ethnicity, None, "not a known code");
        assert_eq!(q.sort, Some(MemberSort::DateOfBirth));
        assert_eq!(q.exempted, None);
        assert_eq!(parse_query(""), MemberQuery::default());
    }
}
