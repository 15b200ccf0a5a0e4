//! Hồ sơ đảng viên: `GET /members/{id}`, every field with its Vietnamese label.

use crate::active_role::{may_as, use_active_role};
use crate::api;
use crate::app::Route;
use crate::components::status::{ErrorNotice, Loading};
use crate::components::unit_ref::UnitRef;
use crate::dom;
use crate::fetch::{FetchState, use_fetch};
use crate::format;
use crate::pages::exit_request::ExitRequestForm;
use crate::pages::member_review::ReviewSection;
use rasoat_shared::MemberId;
use rasoat_shared::access::Action;
use rasoat_shared::api::members::Member;
use rasoat_shared::ethnicity;
use rasoat_shared::member::{MemberStatus, age_on};
use yew::prelude::*;
use yew_router::prelude::Link;

/// The server answers 404 alike for a missing id and for a member outside the caller's
/// scope, and so does this page: it must not tell the two apart.
pub const NOT_FOUND_VI: &str =
    "Không tìm thấy đảng viên này, hoặc đảng viên không thuộc phạm vi bạn được xem.";

#[derive(Properties, PartialEq)]
pub struct MemberPageProps {
    pub id: MemberId,
}

#[component]
pub fn MemberPage(props: &MemberPageProps) -> Html {
    let reload = use_state(|| 0u32);
    let member = use_fetch((props.id, *reload), |(id, _)| api::member(id));
    let title = match &*member {
        FetchState::Success(m) => m.full_name.clone(),
        _ => "Hồ sơ đảng viên".to_string(),
    };
    dom::use_title(title);
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_| reload.set(reload.wrapping_add(1)))
    };

    match &*member {
        FetchState::NotFetching | FetchState::Fetching => html! {
            <>
                <h1>{ "Hồ sơ đảng viên" }</h1>
                <Loading />
            </>
        },
        FetchState::Failed(e) if e.is_not_found() => html! {
            <>
                <h1>{ "Hồ sơ đảng viên" }</h1>
                <p class="error" role="alert" id="not-found">{ NOT_FOUND_VI }</p>
                <p><Link<Route> to={Route::Members}>{ "Về danh sách đảng viên" }</Link<Route>></p>
            </>
        },
        FetchState::Failed(e) => html! {
            <>
                <h1>{ "Hồ sơ đảng viên" }</h1>
                <ErrorNotice error={e.clone()} retry={Some(retry)} />
            </>
        },
        FetchState::Success(m) => html! { <MemberRecord member={(**m).clone()} /> },
    }
}

#[derive(Properties, PartialEq)]
struct MemberRecordProps {
    member: Member,
}

fn row(label: &'static str, value: Html) -> Html {
    html! {
        <div class="fact">
            <dt>{ label }</dt>
            <dd>{ value }</dd>
        </div>
    }
}

fn text(s: impl Into<String>) -> Html {
    let s: String = s.into();
    html! { { s } }
}

#[component]
fn MemberRecord(props: &MemberRecordProps) -> Html {
    let m = &props.member;
    let age = age_on(m.date_of_birth, format::today());
    let ethnic = match ethnicity::name(m.ethnicity) {
        Some(name) => name.to_string(),
        None => format!("Mã {}", m.ethnicity),
    };
    // The review record is read by Party offices, and by a member reading their own
    // (the server lets them: DOMAIN.md §5.1 `member_self`).
    let active = use_active_role();
    let me = crate::app::use_me();
    let own = me.as_ref().is_some_and(|me| me.member_id == Some(m.id));
    let show_review = own || may_as(active.as_ref(), Action::ViewMembers);
    // Branch officers record a member's letter (the server checks it is their branch);
    // approximated here by the active role's grant.
    let may_record_exit =
        m.status == MemberStatus::Active && (own || may_as(active.as_ref(), Action::ProcessCases));
    let unit_or_dash = |id| match id {
        Some(id) => html! { <UnitRef {id} /> },
        None => text(format::DASH),
    };

    html! {
        <article class="member-record" aria-labelledby="member-name">
            <p class="kicker">{ "Hồ sơ đảng viên" }</p>
            <h1 id="member-name">{ &m.full_name }</h1>
            <p class="record-status">
                <span class="badge">{ m.status.label_vi() }</span>
                <span class="badge">{ m.membership.label_vi() }</span>
                if m.exempted {
                    <span class="badge">{ "Miễn công tác và sinh hoạt đảng" }</span>
                }
                if m.suspended {
                    <span class="badge warning">{ "Đình chỉ sinh hoạt" }</span>
                }
            </p>

            <section aria-labelledby="personal-heading">
                <h2 id="personal-heading">{ "Thông tin cá nhân" }</h2>
                <dl class="facts">
                    { row("Họ và tên", text(m.full_name.clone())) }
                    { row("Giới tính", text(m.gender.label_vi())) }
                    { row("Ngày sinh", text(if age >= 0 {
                        format!("{} ({} tuổi)", format::date(m.date_of_birth), age)
                    } else {
                        format::date(m.date_of_birth)
                    })) }
                    { row("Dân tộc", text(ethnic)) }
                    { row("Số CCCD", text(format::opt_text(m.national_id.as_deref()))) }
                    { row("Điện thoại", text(format::opt_text(m.phone.as_deref()))) }
                </dl>
            </section>

            <section aria-labelledby="party-heading">
                <h2 id="party-heading">{ "Thông tin đảng viên" }</h2>
                <dl class="facts">
                    { row("Số thẻ đảng viên", text(format::opt_text(m.party_card_no.as_deref()))) }
                    { row("Ngày vào Đảng", text(format::date(m.admission_date))) }
                    { row("Ngày chính thức", text(format::opt_date(m.official_date))) }
                    { row("Loại đảng viên", text(m.membership.label_vi())) }
                    { row("Miễn công tác và sinh hoạt đảng", text(format::yes_no(m.exempted))) }
                    { row("Đình chỉ sinh hoạt", text(format::yes_no(m.suspended))) }
                    { row("Tình trạng", text(m.status.label_vi())) }
                </dl>
            </section>

            <section aria-labelledby="units-heading">
                <h2 id="units-heading">{ "Nơi sinh hoạt" }</h2>
                <dl class="facts">
                    { row("Chi bộ", html! {
                        <Link<Route> to={Route::Unit { id: m.home_unit_id }}>{ &m.home_unit_name }</Link<Route>>
                    }) }
                    { row("Sinh hoạt tạm thời", unit_or_dash(m.temp_unit_id)) }
                    { row("Nơi cư trú", unit_or_dash(m.residence_unit_id)) }
                </dl>
            </section>

            <section aria-labelledby="work-heading">
                <h2 id="work-heading">{ "Công tác" }</h2>
                <dl class="facts">
                    { row("Công chức/viên chức", html! {
                        <span title={m.state_employment.label_en()}>{ m.state_employment.label_vi() }</span>
                    }) }
                    { row("Cán bộ diện cấp trên quản lý", text(format::yes_no(m.higher_managed_cadre))) }
                </dl>
            </section>

            if show_review {
                <ReviewSection member={m.clone()} />
            }
            if may_record_exit {
                <ExitRequestForm member={m.id} />
            }

            <p class="record-meta muted">
                { format!("Cập nhật lần cuối: {}", format::date(m.updated_at.date_naive())) }
            </p>
            <p class="no-print">
                <button type="button" class="secondary" onclick={Callback::from(|_: MouseEvent| dom::print())}>
                    { "In hồ sơ" }
                </button>
            </p>
        </article>
    }
}
