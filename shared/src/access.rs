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
}

impl Action {
    pub const ALL: [Action; 4] = [
        Action::ViewUnits,
        Action::ManageUnits,
        Action::ViewMembers,
        Action::ManageMembers,
    ];
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
}

impl Relation {
    pub const ALL: [Relation; 5] = [
        Relation::OwnUnit,
        Relation::Descendant,
        Relation::Ancestor,
        Relation::Sibling,
        Relation::OtherTenant,
    ];

    /// Inside the role's scope (the subtree of the unit where it is held).
    pub fn in_subtree(self) -> bool {
        matches!(self, Relation::OwnUnit | Relation::Descendant)
    }
}

/// Which actions a role grants inside its subtree, before any relation is considered.
pub fn role_grants(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match action {
        // The tree itself is what everyone with a Party office works in; administrators
        // need it to place accounts. A member alone or a helper does not browse it.
        ViewUnits => !matches!(role, MemberSelf | Helper),
        // Organisation structure is recorded by organisation staff: the upper-grassroots
        // level's staff within their subtree, the Provincial Organisation Commission for
        // the province. [M] to confirm with the provincial Organisation Commission.
        ManageUnits => matches!(role, UpperCommitteeStaff | ProvincialOrgCommission),
        // Member records are personal data: Party offices only; administrators and auditors
        // see no content unless they also hold a Party role (DOMAIN.md §5.1). The member's
        // own record and a helper's assigned member come with the access issue.
        ViewMembers => !matches!(role, MemberSelf | Helper | SystemAdmin | Auditor),
        // Member files are updated by the upper-grassroots committee (DOMAIN.md §15.1).
        ManageMembers => role == UpperCommitteeStaff,
    }
}

/// The permission matrix: may a holder of `role` do `action` on a target with this
/// `relation` to the unit where the role is held?
pub fn permits(role: Role, action: Action, relation: Relation) -> bool {
    relation.in_subtree() && role_grants(role, action)
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
    fn the_matrix() {
        use Action::*;
        // Expected grants within the subtree, written out role by role.
        let expected: &[(Role, &[Action])] = &[
            (Role::MemberSelf, &[]),
            (Role::Helper, &[]),
            (Role::BranchSecretary, &[ViewUnits, ViewMembers]),
            (Role::BranchDeputySecretary, &[ViewUnits, ViewMembers]),
            (Role::BranchCommitteeMember, &[ViewUnits, ViewMembers]),
            (Role::GrassrootsCommitteeMember, &[ViewUnits, ViewMembers]),
            (Role::GrassrootsStandingMember, &[ViewUnits, ViewMembers]),
            (Role::GrassrootsInspection, &[ViewUnits, ViewMembers]),
            (
                Role::UpperCommitteeStaff,
                &[ViewUnits, ManageUnits, ViewMembers, ManageMembers],
            ),
            (Role::UpperStandingCommittee, &[ViewUnits, ViewMembers]),
            (Role::UpperInspection, &[ViewUnits, ViewMembers]),
            (
                Role::ProvincialOrgCommission,
                &[ViewUnits, ManageUnits, ViewMembers],
            ),
            (Role::ProvincialStandingCommittee, &[ViewUnits, ViewMembers]),
            (Role::ProvincialInspection, &[ViewUnits, ViewMembers]),
            (Role::SystemAdmin, &[ViewUnits]),
            (Role::Auditor, &[ViewUnits]),
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
    fn role_codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
            assert_eq!(
                serde_json::to_value(r).ok(),
                Some(serde_json::json!(r.code()))
            );
        }
    }
}
