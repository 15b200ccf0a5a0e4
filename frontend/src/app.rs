//! Routes, the session context, and the shell every signed-in page shares.

use crate::active_role::{self, ActiveRoleContext};
use crate::api::{self, ApiError};
use crate::components::header::AppHeader;
use crate::components::status::{ErrorNotice, Loading};
use crate::dom;
use crate::pages::{
    audit::AuditPage, calendar::CalendarPage, case::CasePage, case_queue::CaseQueuePage,
    cases::CasesPage, clients::ClientsPage, document::DocumentPage, exits::ExitsPage,
    imports::ImportsPage, login::LoginPage, member::MemberPage, members::MembersPage,
    membership_stats::MembershipPage, monthly_sheet::MonthlySheetPage, not_found::NotFoundPage,
    password::PasswordPage, rating_sheet::RatingSheetPage, report_dashboard::ReportsPage,
    round::RoundPage, rounds::RoundsPage, screening_report::ReportMembersPage,
    screening_report::ScreeningPrintPage, screening_report::ScreeningReportPage,
    settings::SettingsPage, units::HomePage, units::UnitPage, user::UserPage, users::UsersPage,
};
use rasoat_shared::access::{Action, role_grants};
use rasoat_shared::api::auth::Me;
use rasoat_shared::{MemberId, UnitId, UserId};
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;
use yew_router::query::{Raw, ToQuery};

#[derive(Debug, Clone, PartialEq, Routable)]
pub enum Route {
    /// Redirects to the first unit at the top of the caller's scope.
    #[at("/")]
    Home,
    #[at("/login")]
    Login,
    #[at("/units/:id")]
    Unit { id: UnitId },
    /// A branch's rating sheet; the period in the query (`?year=2025`).
    #[at("/units/:id/ratings")]
    RatingSheet { id: UnitId },
    /// A branch's month of meetings and dues (`?month=2025-03-01`).
    #[at("/units/:id/monthly")]
    MonthlySheet { id: UnitId },
    /// Filters and search live in the query string (`MemberQuery`).
    #[at("/members")]
    Members,
    #[at("/members/:id")]
    Member { id: MemberId },
    /// Change one's own password (required first after an administrator's reset).
    #[at("/account/password")]
    Password,
    #[at("/users")]
    Users,
    #[at("/users/:id")]
    User { id: UserId },
    #[at("/service-clients")]
    ServiceClients,
    /// Bulk import of members from a file (dry run, apply, progress) and recent jobs.
    #[at("/imports")]
    Imports,
    #[at("/audit")]
    Audit,
    /// Review rounds around the active role's unit, and a new one.
    #[at("/rounds")]
    Rounds,
    #[at("/rounds/:id")]
    Round { id: i64 },
    /// The rule settings in force, explained (read-only).
    #[at("/settings")]
    Settings,
    /// The case board; filters in the query (`?unit=3&state=under_education&overdue=true`).
    #[at("/cases")]
    Cases,
    /// The caller's to-do (and a committee's decision queue).
    #[at("/cases/queue")]
    CaseQueue,
    #[at("/cases/:id")]
    Case { id: i64 },
    /// A case document laid out for printing.
    #[at("/documents/:id")]
    Document { id: i64 },
    /// The register of members who left the Party (`?year=2026&unit=3`).
    #[at("/exits")]
    Exits,
    /// The working-day calendar (`?year=2026`).
    #[at("/calendar")]
    Calendar,
    /// The screening overview of a unit for a period (`?unit=3&from=2026-01-01&to=…`).
    #[at("/reports")]
    Reports,
    /// The screening report table (the same query, or `?round=7`).
    #[at("/reports/screening")]
    ScreeningReport,
    /// The members behind one count (`?unit=3&column=listed_a1&from=…&to=…`).
    #[at("/reports/screening/members")]
    ReportMembers,
    /// The screening report laid out as a Party document for printing.
    #[at("/reports/screening/print")]
    ScreeningPrint,
    /// Membership statistics of a unit (`?unit=3&as_of=2026-06-30`).
    #[at("/reports/membership")]
    MembershipReport,
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// Where the session stands.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionStatus {
    /// Asking `GET /me` whether the cookie still holds a session.
    Checking,
    SignedIn(Rc<Me>),
    SignedOut,
    /// `GET /me` failed for a reason other than 401 (server down, network).
    Unreachable(ApiError),
}

/// A message the sign-in page shows once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    Expired,
    LoggedOut,
}

impl Notice {
    pub fn message_vi(self) -> &'static str {
        match self {
            Notice::Expired => "Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.",
            Notice::LoggedOut => "Bạn đã đăng xuất.",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SessionState {
    pub status: SessionStatus,
    pub notice: Option<Notice>,
}

pub enum SessionAction {
    /// Start (or retry) the check of the cookie.
    Check,
    /// `GET /me` or the login answered with the user.
    SignedIn(Me),
    /// `GET /me` answered 401 at start-up. `had_session`: the browser still holds the CSRF
    /// cookie of an earlier session, so that session has expired (rather than never been).
    NotSignedIn {
        had_session: bool,
    },
    CheckFailed(ApiError),
    /// Any API call answered 401.
    Expired,
    /// The session was renewed; the user as the server sees them now.
    Renewed(Me),
    LoggedOut,
}

impl Reducible for SessionState {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        let next = match action {
            SessionAction::Check => SessionState {
                status: SessionStatus::Checking,
                ..(*self).clone()
            },
            SessionAction::SignedIn(me) => SessionState {
                status: SessionStatus::SignedIn(Rc::new(me)),
                notice: None,
            },
            SessionAction::NotSignedIn { had_session } => SessionState {
                status: SessionStatus::SignedOut,
                notice: if had_session {
                    Some(Notice::Expired)
                } else {
                    self.notice
                },
            },
            SessionAction::CheckFailed(e) => SessionState {
                status: SessionStatus::Unreachable(e),
                ..(*self).clone()
            },
            SessionAction::Expired => match self.status {
                // Only a session that existed can expire; at start-up a 401 just means
                // "not signed in", and after sign-out nothing more is to be said.
                SessionStatus::SignedIn(_) => SessionState {
                    status: SessionStatus::SignedOut,
                    notice: Some(Notice::Expired),
                },
                SessionStatus::Checking | SessionStatus::Unreachable(_) => SessionState {
                    status: SessionStatus::SignedOut,
                    ..(*self).clone()
                },
                SessionStatus::SignedOut => return self,
            },
            // Only a live session is updated: a renewal that lands after sign-out is stale.
            SessionAction::Renewed(me) => match self.status {
                SessionStatus::SignedIn(_) => SessionState {
                    status: SessionStatus::SignedIn(Rc::new(me)),
                    ..(*self).clone()
                },
                _ => return self,
            },
            SessionAction::LoggedOut => SessionState {
                status: SessionStatus::SignedOut,
                notice: Some(Notice::LoggedOut),
            },
        };
        Rc::new(next)
    }
}

pub type SessionContext = UseReducerHandle<SessionState>;

/// The signed-in user, if any.
#[hook]
pub fn use_me() -> Option<Rc<Me>> {
    let session = use_context::<SessionContext>();
    session.and_then(|s| match &s.status {
        SessionStatus::SignedIn(me) => Some(me.clone()),
        _ => None,
    })
}

/// Whether any of the user's roles grants `action` (the shared permission matrix), to show
/// or hide what leads to it. The server still decides, per target.
pub fn may(me: Option<&Me>, action: Action) -> bool {
    me.is_some_and(|me| me.roles.iter().any(|g| role_grants(g.role, action)))
}

/// Asks the server whether the cookie holds a session.
fn check_session(session: SessionContext) {
    session.dispatch(SessionAction::Check);
    spawn_local(async move {
        match api::me().await {
            Ok(me) => session.dispatch(SessionAction::SignedIn(me)),
            Err(e) if e.status() == Some(401) => session.dispatch(SessionAction::NotSignedIn {
                had_session: api::has_csrf_cookie(),
            }),
            Err(e) => session.dispatch(SessionAction::CheckFailed(e)),
        }
    });
}

#[component]
pub fn App() -> Html {
    let session = use_reducer(|| SessionState {
        status: SessionStatus::Checking,
        notice: None,
    });
    let active_role = use_state(active_role::load);

    {
        let session = session.clone();
        use_effect_with((), move |_| {
            let dispatcher = session.dispatcher();
            let renewed = dispatcher.clone();
            api::set_unauthorized_handler(Callback::from(move |()| {
                dispatcher.dispatch(SessionAction::Expired);
            }));
            api::set_renewed_handler(Callback::from(move |me| {
                renewed.dispatch(SessionAction::Renewed(me));
            }));
            check_session(session);
        });
    }

    html! {
        <ContextProvider<SessionContext> context={session}>
            <ContextProvider<ActiveRoleContext> context={active_role}>
                <BrowserRouter>
                    <Switch<Route> render={switch} />
                </BrowserRouter>
            </ContextProvider<ActiveRoleContext>>
        </ContextProvider<SessionContext>>
    }
}

fn switch(route: Route) -> Html {
    match route {
        Route::Login => html! { <LoginPage /> },
        other => html! { <SignedInShell route={other} /> },
    }
}

#[derive(Properties, PartialEq)]
struct ShellProps {
    route: Route,
}

/// Lets a page through only with a session; otherwise it goes to the sign-in page.
#[component]
fn SignedInShell(props: &ShellProps) -> Html {
    let session = use_context::<SessionContext>();
    let main_ref = use_node_ref();
    let first_route = use_mut_ref(|| true);

    // After a client-side move to another page, put the keyboard and screen reader at the
    // start of the new content, as a full page load would.
    {
        let main_ref = main_ref.clone();
        use_effect_with(props.route.clone(), move |_| {
            let first = std::mem::replace(&mut *first_route.borrow_mut(), false);
            if !first {
                dom::focus(&main_ref);
                dom::scroll_top();
            }
        });
    }

    let Some(session) = session else {
        return html! {};
    };
    let retry = {
        let session = session.clone();
        Callback::from(move |_| check_session(session.clone()))
    };
    match &session.status {
        SessionStatus::Checking => html! {
            <main id="main" class="page" tabindex="-1"><Loading /></main>
        },
        SessionStatus::SignedOut => {
            // Come back here after signing in, unless the user chose to leave.
            let next = match session.notice {
                Some(Notice::LoggedOut) => None,
                _ => dom::current_path()
                    .and_then(|p| [("next", p)].to_query().ok().map(|q| q.into_owned())),
            };
            html! { <ReplaceWith to={Route::Login} query={next} /> }
        }
        SessionStatus::Unreachable(e) => html! {
            <main id="main" class="page" tabindex="-1">
                <ErrorNotice error={e.clone()} retry={Some(retry)} />
            </main>
        },
        SessionStatus::SignedIn(me) => {
            // After an administrator's reset nothing else opens until the password changes.
            if me.must_change_password && props.route != Route::Password {
                return html! { <ReplaceWith to={Route::Password} /> };
            }
            let page = match &props.route {
                Route::Home => html! { <HomePage /> },
                Route::Unit { id } => html! { <UnitPage id={*id} /> },
                Route::RatingSheet { id } => html! { <RatingSheetPage id={*id} /> },
                Route::MonthlySheet { id } => html! { <MonthlySheetPage id={*id} /> },
                Route::Members => html! { <MembersPage /> },
                Route::Member { id } => html! { <MemberPage id={*id} /> },
                Route::Password => html! { <PasswordPage /> },
                Route::Users => html! { <UsersPage /> },
                Route::User { id } => html! { <UserPage id={*id} /> },
                Route::ServiceClients => html! { <ClientsPage /> },
                Route::Imports => html! { <ImportsPage /> },
                Route::Audit => html! { <AuditPage /> },
                Route::Rounds => html! { <RoundsPage /> },
                Route::Round { id } => html! { <RoundPage id={*id} /> },
                Route::Settings => html! { <SettingsPage /> },
                Route::Cases => html! { <CasesPage /> },
                Route::CaseQueue => html! { <CaseQueuePage /> },
                Route::Case { id } => html! { <CasePage id={*id} /> },
                Route::Document { id } => html! { <DocumentPage id={*id} /> },
                Route::Exits => html! { <ExitsPage /> },
                Route::Calendar => html! { <CalendarPage /> },
                Route::Reports => html! { <ReportsPage /> },
                Route::ScreeningReport => html! { <ScreeningReportPage /> },
                Route::ReportMembers => html! { <ReportMembersPage /> },
                Route::ScreeningPrint => html! { <ScreeningPrintPage /> },
                Route::MembershipReport => html! { <MembershipPage /> },
                Route::Login | Route::NotFound => html! { <NotFoundPage /> },
            };
            html! {
                <>
                    <AppHeader me={me.clone()} main_ref={main_ref.clone()} />
                    <main id="main" class="page" tabindex="-1" ref={main_ref}>
                        { page }
                    </main>
                </>
            }
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ReplaceWithProps {
    pub to: Route,
    /// A raw query string (without `?`) to keep.
    #[prop_or_default]
    pub query: Option<String>,
}

/// Like yew-router's `Redirect`, but replaces the history entry, so that "Back" does not
/// land on a page that redirects again.
#[component]
pub fn ReplaceWith(props: &ReplaceWithProps) -> Html {
    let navigator = use_navigator();
    let to = props.to.clone();
    let query = props.query.clone();
    use_effect_with((to, query), move |(to, query)| {
        if let Some(nav) = navigator {
            match query {
                Some(q) if !q.is_empty() => {
                    if nav.replace_with_query(to, Raw(q.as_str())).is_err() {
                        nav.replace(to);
                    }
                }
                _ => nav.replace(to),
            }
        }
    });
    html! {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasoat_shared::UserId;

    fn me() -> Me {
        Me {
            user_id: UserId(1),
            username: "bithu".into(),
            display_name: "Lò Văn Bình".into(),
            roles: vec![],
            member_id: None,
            must_change_password: false,
        }
    }

    fn state(status: SessionStatus) -> Rc<SessionState> {
        Rc::new(SessionState {
            status,
            notice: None,
        })
    }

    #[test]
    fn a_401_while_signed_in_is_an_expired_session() {
        let s = state(SessionStatus::SignedIn(Rc::new(me()))).reduce(SessionAction::Expired);
        assert_eq!(s.status, SessionStatus::SignedOut);
        assert_eq!(s.notice, Some(Notice::Expired));
    }

    #[test]
    fn a_401_at_start_up_is_only_expired_with_a_leftover_session() {
        let s = state(SessionStatus::Checking).reduce(SessionAction::Expired);
        assert_eq!(
            (s.status.clone(), s.notice),
            (SessionStatus::SignedOut, None)
        );
        let s = state(SessionStatus::Checking)
            .reduce(SessionAction::NotSignedIn { had_session: false });
        assert_eq!(s.notice, None);
        let s =
            state(SessionStatus::Checking).reduce(SessionAction::NotSignedIn { had_session: true });
        assert_eq!(s.notice, Some(Notice::Expired));
    }

    #[test]
    fn a_renewal_updates_only_a_live_session() {
        let mut renewed = me();
        renewed.display_name = "Lò Văn Bình (mới)".into();
        let s = state(SessionStatus::SignedIn(Rc::new(me())))
            .reduce(SessionAction::Renewed(renewed.clone()));
        assert_eq!(s.status, SessionStatus::SignedIn(Rc::new(renewed.clone())));
        let s = state(SessionStatus::SignedOut).reduce(SessionAction::Renewed(renewed));
        assert_eq!(s.status, SessionStatus::SignedOut);
    }

    #[test]
    fn signing_in_clears_the_notice_and_signing_out_sets_one() {
        let s = state(SessionStatus::SignedOut).reduce(SessionAction::LoggedOut);
        assert_eq!(s.notice, Some(Notice::LoggedOut));
        let s = s.reduce(SessionAction::SignedIn(me()));
        assert!(matches!(s.status, SessionStatus::SignedIn(_)));
        assert_eq!(s.notice, None);
    }
}
