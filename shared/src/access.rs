//! Roles (DOMAIN.md §5.1) and the permission matrix, as one pure function used by the
//! server to decide and by the UI to show or hide actions.
//!
//! A role is held at a unit; its scope is that unit's subtree. Whether a target lies in the
//! subtree is the server's business (it answers 404 when it does not); this module decides
//! what a role may do *within* its scope, given how the target relates to the unit where
//! the role is held.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    MemberSelf,
    Helper,
    BranchSecretary,
    BranchDeputySecretary,
    BranchCommitteeMember,
    GrassrootsCommitteeMember,
    GrassrootsStandingMember,
    GrassrootsInspection,
    UpperCommitteeStaff,
    UpperStandingCommittee,
    UpperInspection,
    ProvincialOrgCommission,
    ProvincialStandingCommittee,
    ProvincialInspection,
    SystemAdmin,
    Auditor,
}

impl Role {
    pub const ALL: [Role; 16] = [
        Role::MemberSelf,
        Role::Helper,
        Role::BranchSecretary,
        Role::BranchDeputySecretary,
        Role::BranchCommitteeMember,
        Role::GrassrootsCommitteeMember,
        Role::GrassrootsStandingMember,
        Role::GrassrootsInspection,
        Role::UpperCommitteeStaff,
        Role::UpperStandingCommittee,
        Role::UpperInspection,
        Role::ProvincialOrgCommission,
        Role::ProvincialStandingCommittee,
        Role::ProvincialInspection,
        Role::SystemAdmin,
        Role::Auditor,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::MemberSelf => "member_self",
            Role::Helper => "helper",
            Role::BranchSecretary => "branch_secretary",
            Role::BranchDeputySecretary => "branch_deputy_secretary",
            Role::BranchCommitteeMember => "branch_committee_member",
            Role::GrassrootsCommitteeMember => "grassroots_committee_member",
            Role::GrassrootsStandingMember => "grassroots_standing_member",
            Role::GrassrootsInspection => "grassroots_inspection",
            Role::UpperCommitteeStaff => "upper_committee_staff",
            Role::UpperStandingCommittee => "upper_standing_committee",
            Role::UpperInspection => "upper_inspection",
            Role::ProvincialOrgCommission => "provincial_org_commission",
            Role::ProvincialStandingCommittee => "provincial_standing_committee",
            Role::ProvincialInspection => "provincial_inspection",
            Role::SystemAdmin => "system_admin",
            Role::Auditor => "auditor",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Role::MemberSelf => "Đảng viên",
            Role::Helper => "Đảng viên được phân công giúp đỡ",
            Role::BranchSecretary => "Bí thư chi bộ",
            Role::BranchDeputySecretary => "Phó Bí thư chi bộ",
            Role::BranchCommitteeMember => "Chi ủy viên",
            Role::GrassrootsCommitteeMember => "Đảng ủy viên cơ sở",
            Role::GrassrootsStandingMember => "Ủy viên Ban Thường vụ Đảng ủy cơ sở",
            Role::GrassrootsInspection => "Ủy ban Kiểm tra Đảng ủy cơ sở",
            Role::UpperCommitteeStaff => "Cán bộ Ban Tổ chức / Ban Xây dựng Đảng cấp trên cơ sở",
            Role::UpperStandingCommittee => "Ban Thường vụ cấp ủy cấp trên cơ sở",
            Role::UpperInspection => "Ủy ban Kiểm tra cấp trên cơ sở",
            Role::ProvincialOrgCommission => "Ban Tổ chức Tỉnh ủy",
            Role::ProvincialStandingCommittee => "Ban Thường vụ Tỉnh ủy",
            Role::ProvincialInspection => "Ủy ban Kiểm tra Tỉnh ủy",
            Role::SystemAdmin => "Quản trị hệ thống",
            Role::Auditor => "Kiểm toán nhật ký",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Role::MemberSelf => "Member",
            Role::Helper => "Assigned helper",
            Role::BranchSecretary => "Branch secretary",
            Role::BranchDeputySecretary => "Branch deputy secretary",
            Role::BranchCommitteeMember => "Branch committee member",
            Role::GrassrootsCommitteeMember => "Grassroots committee member",
            Role::GrassrootsStandingMember => "Grassroots standing committee member",
            Role::GrassrootsInspection => "Grassroots inspection commission",
            Role::UpperCommitteeStaff => "Upper-grassroots organisation staff",
            Role::UpperStandingCommittee => "Upper-grassroots standing committee",
            Role::UpperInspection => "Upper-grassroots inspection commission",
            Role::ProvincialOrgCommission => "Provincial Organisation Commission",
            Role::ProvincialStandingCommittee => "Provincial Standing Committee",
            Role::ProvincialInspection => "Provincial Inspection Commission",
            Role::SystemAdmin => "System administrator",
            Role::Auditor => "Auditor",
        }
    }
}

/// What a request wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Read units of the organisation tree and their member counts.
    ViewUnits,
    /// Create, rename, end-date and move units.
    ManageUnits,
    /// Read members' records, lists and searches.
    ViewMembers,
    /// Create and update members' records.
    ManageMembers,
    /// Create accounts, grant and revoke roles, reset passwords (within the subtree).
    ManageUsers,
    /// Register, rotate and revoke the credentials of provincial systems.
    ManageServiceClients,
    /// Read the audit log.
    ViewAudit,
    /// Read statistics and reports.
    ViewReports,
    /// Enter ratings, discipline and violations, monthly attendance and dues.
    RecordReviewInputs,
    /// Open and close review rounds, run detection.
    ManageReviewRounds,
    /// Confirm or dismiss a suggestion; enter a ground the software cannot detect; declare
    /// the branch's review in a round done (the branch committee's own acts).
    DecideSuggestions,
    /// Read screening cases, their votes, documents and deadlines.
    ViewCases,
    /// Record acts on cases. Which act a role may record on which case is decided by the
    /// competent-authority function (`cases::authority`), within this grant.
    ProcessCases,
    /// Edit the working-day calendar (province level only).
    ManageCalendar,
    /// Read the change feed (`GET /events`): which units, members, ratings, records, cases
    /// and decisions changed, in order, without their content.
    ViewChanges,
    /// Send files for bulk import and read the import jobs. Each kind of file also needs
    /// the action its rows are (members: `ManageMembers`; ratings: `RecordReviewInputs`).
    ImportData,
}

impl Action {
    pub const ALL: [Action; 16] = [
        Action::ViewUnits,
        Action::ManageUnits,
        Action::ViewMembers,
        Action::ManageMembers,
        Action::ManageUsers,
        Action::ManageServiceClients,
        Action::ViewAudit,
        Action::ViewReports,
        Action::RecordReviewInputs,
        Action::ManageReviewRounds,
        Action::DecideSuggestions,
        Action::ViewCases,
        Action::ProcessCases,
        Action::ManageCalendar,
        Action::ViewChanges,
        Action::ImportData,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Action::ViewUnits => "view_units",
            Action::ManageUnits => "manage_units",
            Action::ViewMembers => "view_members",
            Action::ManageMembers => "manage_members",
            Action::ManageUsers => "manage_users",
            Action::ManageServiceClients => "manage_service_clients",
            Action::ViewAudit => "view_audit",
            Action::ViewReports => "view_reports",
            Action::RecordReviewInputs => "record_review_inputs",
            Action::ManageReviewRounds => "manage_review_rounds",
            Action::DecideSuggestions => "decide_suggestions",
            Action::ViewCases => "view_cases",
            Action::ProcessCases => "process_cases",
            Action::ManageCalendar => "manage_calendar",
            Action::ViewChanges => "view_changes",
            Action::ImportData => "import_data",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Action::ViewUnits => "Xem cây tổ chức",
            Action::ManageUnits => "Quản lý tổ chức đảng",
            Action::ViewMembers => "Xem hồ sơ đảng viên",
            Action::ManageMembers => "Cập nhật hồ sơ đảng viên",
            Action::ManageUsers => "Quản lý tài khoản và phân quyền",
            Action::ManageServiceClients => "Quản lý kết nối hệ thống",
            Action::ViewAudit => "Xem nhật ký truy cập",
            Action::ViewReports => "Xem thống kê, báo cáo",
            Action::RecordReviewInputs => "Nhập xếp loại, kỷ luật, sinh hoạt và đảng phí",
            Action::ManageReviewRounds => "Mở, kết thúc đợt rà soát",
            Action::DecideSuggestions => "Xác nhận hoặc bỏ qua đề xuất rà soát",
            Action::ViewCases => "Xem hồ sơ rà soát, sàng lọc",
            Action::ProcessCases => "Ghi nhận các bước xử lý hồ sơ",
            Action::ManageCalendar => "Quản lý lịch ngày làm việc",
            Action::ViewChanges => "Đọc dòng thay đổi dữ liệu",
            Action::ImportData => "Nhập dữ liệu từ tệp",
        }
    }
}

/// How the target of a request relates to the unit where a role is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The unit where the role is held.
    OwnUnit,
    /// A unit below it (or a member registered below it).
    Descendant,
    /// A unit above it.
    Ancestor,
    /// Same parent, other unit (or anything else in the same tenant outside the subtree).
    Sibling,
    /// Another tenant.
    OtherTenant,
    /// The member's own record (for `member_self`, whatever unit it is held at).
    OwnRecord,
}

impl Relation {
    pub const ALL: [Relation; 6] = [
        Relation::OwnUnit,
        Relation::Descendant,
        Relation::Ancestor,
        Relation::Sibling,
        Relation::OtherTenant,
        Relation::OwnRecord,
    ];

    /// Inside the role's scope (the subtree of the unit where it is held).
    pub fn in_subtree(self) -> bool {
        matches!(self, Relation::OwnUnit | Relation::Descendant)
    }
}

impl Role {
    /// The level of the Party organisation whose office this is: 4 the province, 3 the
    /// upper-grassroots committee, 2 the grassroots organisation, 1 the branch, 0 a member
    /// or helper. None for the system's own roles.
    pub fn level(self) -> Option<u8> {
        use Role::*;
        match self {
            MemberSelf | Helper => Some(0),
            BranchSecretary | BranchDeputySecretary | BranchCommitteeMember => Some(1),
            GrassrootsCommitteeMember | GrassrootsStandingMember | GrassrootsInspection => Some(2),
            UpperCommitteeStaff | UpperStandingCommittee | UpperInspection => Some(3),
            ProvincialOrgCommission | ProvincialStandingCommittee | ProvincialInspection => Some(4),
            SystemAdmin | Auditor => None,
        }
    }
}

/// Whether a holder of `granter` may grant `role` (within the granter's subtree, checked
/// elsewhere). The system's own roles only the system administrator grants; the
/// organisation staff grant offices of their own level or below, never above: a district's
/// staff cannot make anyone a member of the Provincial Standing Committee, even for a unit
/// in the district (the role's actions would exceed what that level decides). [M] whether
/// staff should grant their own level's committee roles is for the provincial Organisation
/// Commission to confirm.
pub fn grantable_by(granter: Role, role: Role) -> bool {
    match role {
        Role::SystemAdmin | Role::Auditor => granter == Role::SystemAdmin,
        _ if granter == Role::SystemAdmin => true,
        _ => {
            role_grants(granter, Action::ManageUsers)
                && matches!((granter.level(), role.level()), (Some(g), Some(r)) if r <= g)
        }
    }
}

/// Which actions a role grants inside its subtree, before any relation is considered.
pub fn role_grants(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    let party_office = !matches!(role, MemberSelf | Helper | SystemAdmin | Auditor);
    match action {
        // The tree itself is what everyone with a Party office works in; administrators
        // need it to place accounts. A member alone or a helper does not browse it.
        ViewUnits => !matches!(role, MemberSelf | Helper),
        // Organisation structure is recorded by organisation staff: the upper-grassroots
        // level's staff within their subtree, the Provincial Organisation Commission for
        // the province. [M] to confirm with the provincial Organisation Commission.
        ManageUnits => matches!(role, UpperCommitteeStaff | ProvincialOrgCommission),
        // Member records are personal data: Party offices only; administrators and auditors
        // see no content unless they also hold a Party role (DOMAIN.md §5.1). A member sees
        // their own record through `Relation::OwnRecord`, not through this.
        ViewMembers => party_office,
        // Member files are updated by the upper-grassroots committee (DOMAIN.md §15.1).
        ManageMembers => role == UpperCommitteeStaff,
        // Accounts: the system administrators, and the organisation staff who know who
        // holds which Party office. [M]
        ManageUsers => matches!(
            role,
            SystemAdmin | UpperCommitteeStaff | ProvincialOrgCommission
        ),
        // Connections of provincial systems are an IT matter.
        ManageServiceClients => role == SystemAdmin,
        // The audit log: administrators and auditors (DOMAIN.md §5.1), the inspection
        // commissions and the organisation commissions (issue 3).
        ViewAudit => matches!(
            role,
            SystemAdmin
                | Auditor
                | GrassrootsInspection
                | UpperInspection
                | ProvincialInspection
                | UpperCommitteeStaff
                | ProvincialOrgCommission
        ),
        // Statistics: every Party office, each for its subtree (DOMAIN.md §5.2, last row).
        ViewReports => party_office,
        // Ratings, discipline, attendance and dues are kept by the branch officers (they
        // rate and meet monthly), the grassroots committee that recognises ratings, the
        // inspection commissions (discipline), and the upper level's organisation staff
        // (member files). The Provincial Organisation Commission reads only (§5.1). [M]
        RecordReviewInputs => matches!(
            role,
            BranchSecretary
                | BranchDeputySecretary
                | BranchCommitteeMember
                | GrassrootsCommitteeMember
                | GrassrootsStandingMember
                | GrassrootsInspection
                | UpperCommitteeStaff
                | UpperInspection
                | ProvincialInspection
        ),
        // A round is opened by the level whose scope it covers: the branch for itself
        // (§5.2 "Run review": branch secretary C/U), the grassroots committee, the upper
        // level's staff and standing committee, the province's Organisation Commission and
        // Standing Committee. [M]
        ManageReviewRounds => matches!(
            role,
            BranchSecretary
                | BranchDeputySecretary
                | GrassrootsCommitteeMember
                | GrassrootsStandingMember
                | UpperCommitteeStaff
                | UpperStandingCommittee
                | ProvincialOrgCommission
                | ProvincialStandingCommittee
        ),
        // The draft candidate list is the branch committee's (§5.2 row 1: C/U for the
        // branch; the grassroots and upper levels read it).
        DecideSuggestions => matches!(
            role,
            BranchSecretary | BranchDeputySecretary | BranchCommitteeMember
        ),
        // Cases: every Party office in its subtree (§5.2: R for every level above the
        // branch); a member and a helper see their own or assigned cases through the case
        // itself, not through this.
        ViewCases => party_office,
        // The bodies that vote and decide, and the staff who keep the files (§5.2). The
        // grassroots inspection commission reads but decides nothing on a case (§13.2:
        // it cannot expel).
        ProcessCases => matches!(
            role,
            BranchSecretary
                | BranchDeputySecretary
                | BranchCommitteeMember
                | GrassrootsCommitteeMember
                | GrassrootsStandingMember
                | UpperCommitteeStaff
                | UpperStandingCommittee
                | UpperInspection
                | ProvincialOrgCommission
                | ProvincialStandingCommittee
                | ProvincialInspection
        ),
        // The calendar is the province's: its administrators and Organisation Commission
        // (the handler also requires the grant to be held at the province).
        ManageCalendar => matches!(role, SystemAdmin | ProvincialOrgCommission),
        // The feed names which members and cases changed (ids, not content): whoever may
        // read members and cases in the subtree may follow it.
        ViewChanges => party_office,
        // Whoever may write some kind of imported rows.
        ImportData => role_grants(role, ManageMembers) || role_grants(role, RecordReviewInputs),
    }
}

/// The permission matrix: may a holder of `role` do `action` on a target with this
/// `relation` to the unit where the role is held?
pub fn permits(role: Role, action: Action, relation: Relation) -> bool {
    match relation {
        Relation::OwnRecord => {
            // Everyone may read their own record; in-subtree roles read it anyway.
            action == Action::ViewMembers
        }
        r if r.in_subtree() => role_grants(role, action),
        _ => false,
    }
}

/// What a provincial system's client may be allowed (OAuth scopes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ClientScope {
    #[serde(rename = "members:read")]
    MembersRead,
    #[serde(rename = "cases:read")]
    CasesRead,
    #[serde(rename = "reports:read")]
    ReportsRead,
    #[serde(rename = "import:write")]
    ImportWrite,
    #[serde(rename = "events:read")]
    EventsRead,
}

impl ClientScope {
    pub const ALL: [ClientScope; 5] = [
        ClientScope::MembersRead,
        ClientScope::CasesRead,
        ClientScope::ReportsRead,
        ClientScope::ImportWrite,
        ClientScope::EventsRead,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ClientScope::MembersRead => "members:read",
            ClientScope::CasesRead => "cases:read",
            ClientScope::ReportsRead => "reports:read",
            ClientScope::ImportWrite => "import:write",
            ClientScope::EventsRead => "events:read",
        }
    }

    pub fn from_code(code: &str) -> Option<ClientScope> {
        ClientScope::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            ClientScope::MembersRead => "Đọc danh sách, hồ sơ đảng viên",
            ClientScope::CasesRead => "Đọc hồ sơ rà soát",
            ClientScope::ReportsRead => "Đọc thống kê, báo cáo",
            ClientScope::ImportWrite => "Nhập dữ liệu",
            ClientScope::EventsRead => "Đọc dòng thay đổi",
        }
    }

    /// The actions a scope allows inside the client's subtree.
    pub fn grants(self, action: Action) -> bool {
        match self {
            ClientScope::MembersRead => matches!(action, Action::ViewUnits | Action::ViewMembers),
            ClientScope::ReportsRead => matches!(action, Action::ViewUnits | Action::ViewReports),
            // A provincial system may feed the member register (CSDL 3.0 is the master of
            // members, DOMAIN.md §15.6) and ratings, discipline, attendance and dues; the
            // same scope rules as a person's writes apply row by row.
            ClientScope::ImportWrite => matches!(
                action,
                Action::ViewUnits
                    | Action::ImportData
                    | Action::ManageMembers
                    | Action::RecordReviewInputs
            ),
            ClientScope::CasesRead => matches!(action, Action::ViewUnits | Action::ViewCases),
            ClientScope::EventsRead => matches!(action, Action::ViewUnits | Action::ViewChanges),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_outside_the_subtree_for_any_role() {
        for role in Role::ALL {
            for action in Action::ALL {
                for rel in [Relation::Ancestor, Relation::Sibling, Relation::OtherTenant] {
                    assert!(!permits(role, action, rel), "{role:?} {action:?} {rel:?}");
                }
            }
        }
    }

    #[test]
    fn own_record_is_readable_and_nothing_else() {
        for role in Role::ALL {
            for action in Action::ALL {
                assert_eq!(
                    permits(role, action, Relation::OwnRecord),
                    action == Action::ViewMembers,
                    "{role:?} {action:?}"
                );
            }
        }
    }

    #[test]
    fn the_matrix() {
        use Action::*;
        // Expected grants within the subtree, written out role by role.
        let branch = [
            ViewUnits,
            ViewMembers,
            ViewReports,
            RecordReviewInputs,
            ManageReviewRounds,
            DecideSuggestions,
            ViewCases,
            ProcessCases,
            ViewChanges,
            ImportData,
        ];
        let grassroots = [
            ViewUnits,
            ViewMembers,
            ViewReports,
            RecordReviewInputs,
            ManageReviewRounds,
            ViewCases,
            ProcessCases,
            ViewChanges,
            ImportData,
        ];
        let inspection = [
            ViewUnits,
            ViewMembers,
            ViewReports,
            ViewAudit,
            RecordReviewInputs,
            ViewCases,
            ProcessCases,
            ViewChanges,
            ImportData,
        ];
        let expected: &[(Role, &[Action])] = &[
            (Role::MemberSelf, &[]),
            (Role::Helper, &[]),
            (Role::BranchSecretary, &branch),
            (Role::BranchDeputySecretary, &branch),
            (
                Role::BranchCommitteeMember,
                &[
                    ViewUnits,
                    ViewMembers,
                    ViewReports,
                    RecordReviewInputs,
                    DecideSuggestions,
                    ViewCases,
                    ProcessCases,
                    ViewChanges,
                    ImportData,
                ],
            ),
            (Role::GrassrootsCommitteeMember, &grassroots),
            (Role::GrassrootsStandingMember, &grassroots),
            (
                Role::GrassrootsInspection,
                &[
                    ViewUnits,
                    ViewMembers,
                    ViewReports,
                    ViewAudit,
                    RecordReviewInputs,
                    ViewCases,
                    ViewChanges,
                    ImportData,
                ],
            ),
            (
                Role::UpperCommitteeStaff,
                &[
                    ViewUnits,
                    ManageUnits,
                    ViewMembers,
                    ManageMembers,
                    ManageUsers,
                    ViewAudit,
                    ViewReports,
                    RecordReviewInputs,
                    ManageReviewRounds,
                    ViewCases,
                    ProcessCases,
                    ViewChanges,
                    ImportData,
                ],
            ),
            (
                Role::UpperStandingCommittee,
                &[
                    ViewUnits,
                    ViewMembers,
                    ViewReports,
                    ManageReviewRounds,
                    ViewCases,
                    ProcessCases,
                    ViewChanges,
                ],
            ),
            (Role::UpperInspection, &inspection),
            (
                Role::ProvincialOrgCommission,
                &[
                    ViewUnits,
                    ManageUnits,
                    ViewMembers,
                    ManageUsers,
                    ViewAudit,
                    ViewReports,
                    ManageReviewRounds,
                    ViewCases,
                    ProcessCases,
                    ManageCalendar,
                    ViewChanges,
                ],
            ),
            (
                Role::ProvincialStandingCommittee,
                &[
                    ViewUnits,
                    ViewMembers,
                    ViewReports,
                    ManageReviewRounds,
                    ViewCases,
                    ProcessCases,
                    ViewChanges,
                ],
            ),
            (Role::ProvincialInspection, &inspection),
            (
                Role::SystemAdmin,
                &[
                    ViewUnits,
                    ManageUsers,
                    ManageServiceClients,
                    ViewAudit,
                    ManageCalendar,
                ],
            ),
            (Role::Auditor, &[ViewUnits, ViewAudit]),
        ];
        assert_eq!(expected.len(), Role::ALL.len());
        for (role, granted) in expected {
            for action in Action::ALL {
                for rel in [Relation::OwnUnit, Relation::Descendant] {
                    assert_eq!(
                        permits(*role, action, rel),
                        granted.contains(&action),
                        "{role:?} {action:?} {rel:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn administrators_alone_make_administrators() {
        for granter in Role::ALL {
            for role in [Role::SystemAdmin, Role::Auditor] {
                assert_eq!(
                    grantable_by(granter, role),
                    granter == Role::SystemAdmin,
                    "{granter:?} → {role:?}"
                );
            }
            assert_eq!(
                grantable_by(granter, Role::BranchSecretary),
                role_grants(granter, Action::ManageUsers)
            );
        }
    }

    #[test]
    fn staff_grant_offices_of_their_level_or_below() {
        for role in Role::ALL {
            let level = role.level();
            assert_eq!(
                grantable_by(Role::UpperCommitteeStaff, role),
                level.is_some_and(|l| l <= 3),
                "{role:?}"
            );
            assert_eq!(
                grantable_by(Role::ProvincialOrgCommission, role),
                level.is_some(),
                "{role:?}"
            );
            assert!(
                grantable_by(Role::SystemAdmin, role),
                "the administrator sets up every office"
            );
            // Roles without ManageUsers grant nothing, whatever their level.
            assert!(!grantable_by(Role::ProvincialStandingCommittee, role));
            assert!(!grantable_by(Role::BranchSecretary, role));
        }
    }

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
            assert_eq!(
                serde_json::to_value(r).ok(),
                Some(serde_json::json!(r.code()))
            );
        }
        for a in Action::ALL {
            assert_eq!(
                serde_json::to_value(a).ok(),
                Some(serde_json::json!(a.code()))
            );
        }
        for s in ClientScope::ALL {
            assert_eq!(ClientScope::from_code(s.code()), Some(s));
            assert_eq!(
                serde_json::to_value(s).ok(),
                Some(serde_json::json!(s.code()))
            );
        }
    }

    #[test]
    fn client_scopes_grant_reads_and_imports_and_no_administration() {
        for s in ClientScope::ALL {
            for a in [
                Action::ManageUnits,
                Action::ManageUsers,
                Action::ManageServiceClients,
                Action::ViewAudit,
            ] {
                assert!(!s.grants(a), "{s:?} must not grant {a:?}");
            }
            // Only the import scope writes the register: a file of members is its job.
            assert_eq!(
                s.grants(Action::ManageMembers),
                s == ClientScope::ImportWrite,
                "{s:?}"
            );
        }
        assert!(ClientScope::MembersRead.grants(Action::ViewMembers));
        assert!(!ClientScope::ReportsRead.grants(Action::ViewMembers));
        assert!(ClientScope::EventsRead.grants(Action::ViewChanges));
        assert!(!ClientScope::EventsRead.grants(Action::ViewMembers));
        assert!(ClientScope::ImportWrite.grants(Action::ImportData));
        assert!(ClientScope::ImportWrite.grants(Action::RecordReviewInputs));
    }
}
