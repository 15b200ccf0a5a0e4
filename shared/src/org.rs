//! The organisation tree (DOMAIN.md §4): unit types, what may contain what, and the
//! capability flags that decide competent authority later on.

use serde::{Deserialize, Serialize};

/// Type of a unit of the Party organisation. The depth of the tree is not fixed: what a
/// unit may contain is decided by [`OrgType::may_contain`], never by a level number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrgType {
    /// Đảng bộ tỉnh — the province root.
    Provincial,
    /// Đảng bộ trực thuộc — a bloc or other organisation directly under the province.
    DirectlySubordinate,
    /// Đảng bộ huyện — district level, abolished 1/7/2025; kept so old data stays readable.
    DistrictLegacy,
    /// Đảng bộ xã / phường / đặc khu — since 2025 directly under the province.
    Commune,
    /// Another committee acting as the level above grassroots.
    UpperGrassrootsOther,
    /// Đảng bộ cơ sở — grassroots organisation with branches.
    GrassrootsPartyOrg,
    /// Chi bộ cơ sở — grassroots cell, no branches below it.
    GrassrootsCell,
    /// Đảng bộ bộ phận — intermediate organisation inside a grassroots organisation.
    SubPartyOrg,
    /// Chi bộ trực thuộc — branch under a grassroots committee.
    Branch,
    /// Tổ đảng — Party group inside a large branch.
    PartyGroup,
}

impl OrgType {
    pub const ALL: [OrgType; 10] = [
        OrgType::Provincial,
        OrgType::DirectlySubordinate,
        OrgType::DistrictLegacy,
        OrgType::Commune,
        OrgType::UpperGrassrootsOther,
        OrgType::GrassrootsPartyOrg,
        OrgType::GrassrootsCell,
        OrgType::SubPartyOrg,
        OrgType::Branch,
        OrgType::PartyGroup,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrgType::Provincial => "provincial",
            OrgType::DirectlySubordinate => "directly_subordinate",
            OrgType::DistrictLegacy => "district_legacy",
            OrgType::Commune => "commune",
            OrgType::UpperGrassrootsOther => "upper_grassroots_other",
            OrgType::GrassrootsPartyOrg => "grassroots_party_org",
            OrgType::GrassrootsCell => "grassroots_cell",
            OrgType::SubPartyOrg => "sub_party_org",
            OrgType::Branch => "branch",
            OrgType::PartyGroup => "party_group",
        }
    }

    pub fn from_code(code: &str) -> Option<OrgType> {
        OrgType::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            OrgType::Provincial => "Đảng bộ tỉnh",
            OrgType::DirectlySubordinate => "Đảng bộ trực thuộc",
            OrgType::DistrictLegacy => "Đảng bộ huyện (trước 01/7/2025)",
            OrgType::Commune => "Đảng bộ xã, phường, đặc khu",
            OrgType::UpperGrassrootsOther => "Đảng bộ cấp trên cơ sở khác",
            OrgType::GrassrootsPartyOrg => "Đảng bộ cơ sở",
            OrgType::GrassrootsCell => "Chi bộ cơ sở",
            OrgType::SubPartyOrg => "Đảng bộ bộ phận",
            OrgType::Branch => "Chi bộ trực thuộc",
            OrgType::PartyGroup => "Tổ đảng",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            OrgType::Provincial => "Provincial Party organisation",
            OrgType::DirectlySubordinate => "Organisation directly under the province",
            OrgType::DistrictLegacy => "District Party organisation (before 1/7/2025)",
            OrgType::Commune => "Commune, ward or special-zone Party organisation",
            OrgType::UpperGrassrootsOther => "Other upper-grassroots organisation",
            OrgType::GrassrootsPartyOrg => "Grassroots Party organisation",
            OrgType::GrassrootsCell => "Grassroots cell",
            OrgType::SubPartyOrg => "Intermediate Party organisation",
            OrgType::Branch => "Branch",
            OrgType::PartyGroup => "Party group",
        }
    }

    /// Tổ chức cơ sở đảng (TCCSĐ).
    pub fn is_grassroots(self) -> bool {
        matches!(self, OrgType::GrassrootsPartyOrg | OrgType::GrassrootsCell)
    }

    /// Members are registered in a chi bộ: a branch or a grassroots cell.
    pub fn holds_members(self) -> bool {
        matches!(self, OrgType::Branch | OrgType::GrassrootsCell)
    }

    /// Whether a unit of this type may sit directly under a unit of type `self`.
    /// A grassroots organisation may sit directly under the province (DOMAIN.md §4.1), and
    /// then it is a tenant of its own.
    pub fn may_contain(self, child: OrgType) -> bool {
        use OrgType::*;
        match self {
            Provincial => matches!(
                child,
                DirectlySubordinate
                    | DistrictLegacy
                    | Commune
                    | UpperGrassrootsOther
                    | GrassrootsPartyOrg
                    | GrassrootsCell
            ),
            DirectlySubordinate | DistrictLegacy | Commune | UpperGrassrootsOther => matches!(
                child,
                GrassrootsPartyOrg | GrassrootsCell | UpperGrassrootsOther
            ),
            GrassrootsPartyOrg | SubPartyOrg => matches!(child, SubPartyOrg | Branch),
            GrassrootsCell | Branch => child == PartyGroup,
            PartyGroup => false,
        }
    }
}

/// Capability flags of a unit (DOMAIN.md §4.2). They decide competent authority; the
/// defaults are the common case for the unit's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct UnitFlags {
    /// Cấp trên trực tiếp của tổ chức cơ sở đảng.
    pub acts_as_upper_grassroots: bool,
    /// Đảng ủy cơ sở được giao quyền cấp trên cơ sở.
    pub granted_upper_grassroots_powers: bool,
    /// Đảng ủy cơ sở được ủy quyền kết nạp đảng viên.
    pub admission_authority_delegated: bool,
    pub has_branch_committee: bool,
    pub has_standing_committee: bool,
    pub has_inspection_commission: bool,
}

impl UnitFlags {
    /// The usual flags of a newly created unit of `org_type`.
    pub fn typical(org_type: OrgType) -> UnitFlags {
        use OrgType::*;
        let upper = matches!(
            org_type,
            Provincial | DirectlySubordinate | DistrictLegacy | Commune | UpperGrassrootsOther
        );
        UnitFlags {
            acts_as_upper_grassroots: upper,
            granted_upper_grassroots_powers: false,
            admission_authority_delegated: false,
            has_branch_committee: false,
            has_standing_committee: upper,
            has_inspection_commission: upper || org_type == GrassrootsPartyOrg,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for t in OrgType::ALL {
            assert_eq!(OrgType::from_code(t.code()), Some(t));
            let json = serde_json::to_string(&t).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", t.code()));
        }
        assert_eq!(OrgType::from_code("district"), None);
    }

    #[test]
    fn containment_follows_the_charter() {
        use OrgType::*;
        assert!(Provincial.may_contain(Commune));
        assert!(
            Provincial.may_contain(GrassrootsCell),
            "a cell may sit directly under the province"
        );
        assert!(Commune.may_contain(GrassrootsPartyOrg));
        assert!(GrassrootsPartyOrg.may_contain(Branch));
        assert!(Branch.may_contain(PartyGroup));
        assert!(!Branch.may_contain(Branch));
        assert!(
            !GrassrootsCell.may_contain(Branch),
            "a grassroots cell has no branches"
        );
        assert!(!Commune.may_contain(Branch));
        assert!(!PartyGroup.may_contain(PartyGroup));
        for t in OrgType::ALL {
            assert!(
                !t.may_contain(Provincial),
                "{t:?} may not contain the province"
            );
        }
    }

    #[test]
    fn only_cells_hold_members() {
        let holders: Vec<_> = OrgType::ALL
            .into_iter()
            .filter(|t| t.holds_members())
            .collect();
        assert_eq!(holders, vec![OrgType::GrassrootsCell, OrgType::Branch]);
    }
}
