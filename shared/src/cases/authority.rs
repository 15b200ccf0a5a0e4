//! The competent-authority function (DOMAIN.md §4.2, §8.3–§8.6, §13.2): walking up from
//! the member's branch, which body votes, which decides, which hears the appeal; and the
//! capacities in which a caller's roles let them act on a case.

use super::{Capacity, RemovalForm};
use crate::access::{Action, Role, role_grants};
use crate::ids::UnitId;
use crate::org::{OrgType, UnitFlags};
use serde::{Deserialize, Serialize};

/// One unit on the way up from the member's branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainUnit {
    pub id: UnitId,
    pub org_type: OrgType,
    pub flags: UnitFlags,
}

/// Whose committee a body is: the roles that sit on it differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BodyLevel {
    /// A branch or grassroots cell meeting.
    Branch,
    /// A grassroots committee (đảng ủy cơ sở).
    Grassroots,
    /// The standing committee of an upper-grassroots committee (or of a grassroots
    /// committee granted those powers).
    Upper,
    /// The provincial Standing Committee.
    Province,
}

/// A body at a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Body {
    pub unit_id: UnitId,
    pub level: BodyLevel,
}

/// The bodies that act on a case of a member of `chain[0]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bodies {
    pub branch: Body,
    /// The grassroots committee between the branch and the upper level, when the branch
    /// is a branch of a grassroots Party organisation (not a grassroots cell).
    pub grassroots: Option<Body>,
    /// The branch's directly superior committee (asked for guidance on the draft list).
    pub direct_upper: Body,
    /// Decides the case's removal.
    pub competent: Body,
    /// Hears an appeal against the competent body's decision.
    pub appeal: Body,
}

fn body_at(chain: &[ChainUnit], i: usize) -> Body {
    let u = &chain[i];
    let level = if i + 1 == chain.len() {
        BodyLevel::Province
    } else if i == 0 {
        BodyLevel::Branch
    } else if upper_powers(u) {
        BodyLevel::Upper
    } else {
        BodyLevel::Grassroots
    };
    Body {
        unit_id: u.id,
        level,
    }
}

fn upper_powers(u: &ChainUnit) -> bool {
    u.flags.acts_as_upper_grassroots || u.flags.granted_upper_grassroots_powers
}

/// Works out the bodies. `chain` runs from the member's branch (or grassroots cell) up to
/// the province root; `higher_managed` marks a cadre managed by a higher committee, whom a
/// delegated grassroots committee may not remove (Charter Art. 36). None when the chain
/// is empty.
pub fn bodies(chain: &[ChainUnit], higher_managed: bool) -> Option<Bodies> {
    if chain.is_empty() {
        return None;
    }
    let last = chain.len() - 1;
    let branch = body_at(chain, 0);
    let grassroots_ix = if chain[0].org_type == OrgType::Branch {
        chain
            .iter()
            .enumerate()
            .skip(1)
            .find(|(_, u)| u.org_type == OrgType::GrassrootsPartyOrg)
            .map(|(i, _)| i)
    } else {
        None
    };
    // The first ancestor acting as the level above grassroots: a commune or bloc
    // committee, a grassroots committee granted those powers, or the province.
    let upper_ix = chain
        .iter()
        .enumerate()
        .skip(1)
        .find(|(i, u)| *i == last || upper_powers(u))
        .map(|(i, _)| i)
        .unwrap_or(last);
    let direct_upper = body_at(chain, 1.min(last));
    let delegated = grassroots_ix.filter(|&i| {
        chain[i].flags.admission_authority_delegated && !higher_managed && i != upper_ix
    });
    // Name deletion and a permission to leave are decided by the committee competent for
    // admission; expulsion likewise: a grassroots committee with delegated admission
    // authority may expel (Charter Art. 36), otherwise the upper level decides.
    let competent_ix = delegated.unwrap_or(upper_ix);
    let appeal_ix = chain
        .iter()
        .enumerate()
        .skip(competent_ix + 1)
        .find(|(i, u)| *i == last || upper_powers(u))
        .map(|(i, _)| i)
        .unwrap_or(last);
    let grassroots = grassroots_ix.filter(|&i| i != upper_ix).map(|i| Body {
        unit_id: chain[i].id,
        level: BodyLevel::Grassroots,
    });
    Some(Bodies {
        branch,
        grassroots,
        direct_upper,
        competent: body_at(chain, competent_ix),
        appeal: body_at(chain, appeal_ix.max(competent_ix)),
    })
}

/// Roles that sit on (or, for the last two, act for) a body.
fn seats(level: BodyLevel, expulsion: bool) -> &'static [Role] {
    use Role::*;
    match (level, expulsion) {
        (BodyLevel::Branch, _) => &[
            BranchSecretary,
            BranchDeputySecretary,
            BranchCommitteeMember,
        ],
        (BodyLevel::Grassroots, _) => &[GrassrootsCommitteeMember, GrassrootsStandingMember],
        // Discipline, expulsion included, is also decided by the inspection commission
        // of the level (DOMAIN.md §13.2).
        (BodyLevel::Upper, false) => &[UpperStandingCommittee],
        (BodyLevel::Upper, true) => &[UpperStandingCommittee, UpperInspection],
        (BodyLevel::Province, false) => &[ProvincialStandingCommittee],
        (BodyLevel::Province, true) => &[ProvincialStandingCommittee, ProvincialInspection],
    }
}

fn staff(level: BodyLevel) -> &'static [Role] {
    match level {
        BodyLevel::Upper => &[Role::UpperCommitteeStaff],
        BodyLevel::Province => &[Role::ProvincialOrgCommission],
        BodyLevel::Branch | BodyLevel::Grassroots => &[],
    }
}

/// The capacities a caller holding `grants` (role, unit where it is held) has toward a
/// case whose bodies are `bodies`. A role counts only at the body's own unit and only if
/// the permission matrix lets it process cases; `own_case` and `helper` come from the
/// caller's member record.
pub fn capacities(
    bodies: &Bodies,
    form: Option<RemovalForm>,
    grants: &[(Role, UnitId)],
    own_case: bool,
    helper: bool,
) -> Vec<Capacity> {
    let expulsion = form == Some(RemovalForm::Expulsion);
    let sits = |body: Body, roles: &[Role]| {
        grants.iter().any(|(r, u)| {
            *u == body.unit_id && roles.contains(r) && role_grants(*r, Action::ProcessCases)
        })
    };
    let mut out = Vec::new();
    if sits(bodies.branch, seats(BodyLevel::Branch, false)) {
        out.push(Capacity::Branch);
    }
    if sits(bodies.direct_upper, seats(bodies.direct_upper.level, false)) {
        out.push(Capacity::DirectUpper);
    }
    if bodies
        .grassroots
        .is_some_and(|g| sits(g, seats(BodyLevel::Grassroots, false)))
    {
        out.push(Capacity::GrassrootsCommittee);
    }
    if sits(bodies.competent, seats(bodies.competent.level, expulsion)) {
        out.push(Capacity::Competent);
    }
    if sits(bodies.competent, staff(bodies.competent.level)) {
        out.push(Capacity::CompetentStaff);
    }
    if sits(bodies.appeal, seats(bodies.appeal.level, expulsion)) {
        out.push(Capacity::AppealBody);
    }
    if own_case {
        out.push(Capacity::Member);
    }
    if helper {
        out.push(Capacity::Helper);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: i64, t: OrgType) -> ChainUnit {
        ChainUnit {
            id: UnitId(id),
            org_type: t,
            flags: UnitFlags::typical(t),
        }
    }

    /// Branch 4 → grassroots 3 → commune 2 → province 1.
    fn commune_chain() -> Vec<ChainUnit> {
        vec![
            unit(4, OrgType::Branch),
            unit(3, OrgType::GrassrootsPartyOrg),
            unit(2, OrgType::Commune),
            unit(1, OrgType::Provincial),
        ]
    }

    #[test]
    fn a_branch_of_a_grassroots_organisation_under_a_commune() {
        let b = bodies(&commune_chain(), false).unwrap();
        assert_eq!(b.branch.unit_id, UnitId(4));
        assert_eq!(b.grassroots.map(|g| g.unit_id), Some(UnitId(3)));
        assert_eq!(b.direct_upper.unit_id, UnitId(3));
        assert_eq!(
            b.competent,
            Body {
                unit_id: UnitId(2),
                level: BodyLevel::Upper
            }
        );
        assert_eq!(
            b.appeal,
            Body {
                unit_id: UnitId(1),
                level: BodyLevel::Province
            }
        );
    }

    #[test]
    fn delegated_admission_authority_decides_at_the_grassroots_level() {
        let mut chain = commune_chain();
        chain[1].flags.admission_authority_delegated = true;
        let b = bodies(&chain, false).unwrap();
        assert_eq!(
            b.competent,
            Body {
                unit_id: UnitId(3),
                level: BodyLevel::Grassroots
            }
        );
        assert_eq!(
            b.appeal.unit_id,
            UnitId(2),
            "the appeal goes to the commune"
        );
        let b = bodies(&chain, false).unwrap();
        assert_eq!(b.competent.unit_id, UnitId(3));
        // Not for a cadre managed by a higher committee.
        let b = bodies(&chain, true).unwrap();
        assert_eq!(b.competent.unit_id, UnitId(2));
    }

    #[test]
    fn a_grassroots_cell_directly_under_the_province() {
        let chain = vec![
            unit(7, OrgType::GrassrootsCell),
            unit(1, OrgType::Provincial),
        ];
        let b = bodies(&chain, false).unwrap();
        assert_eq!(b.grassroots, None);
        assert_eq!(
            b.direct_upper,
            Body {
                unit_id: UnitId(1),
                level: BodyLevel::Province
            }
        );
        assert_eq!(
            b.competent,
            Body {
                unit_id: UnitId(1),
                level: BodyLevel::Province
            }
        );
        assert_eq!(b.appeal.unit_id, UnitId(1));
    }

    #[test]
    fn capacities_count_only_at_the_bodys_own_unit() {
        let b = bodies(&commune_chain(), false).unwrap();
        let caps = |grants: &[(Role, UnitId)]| {
            capacities(&b, Some(RemovalForm::NameDeletion), grants, false, false)
        };
        assert_eq!(
            caps(&[(Role::BranchSecretary, UnitId(4))]),
            vec![Capacity::Branch]
        );
        assert_eq!(
            caps(&[(Role::GrassrootsCommitteeMember, UnitId(3))]),
            vec![Capacity::DirectUpper, Capacity::GrassrootsCommittee]
        );
        assert_eq!(
            caps(&[(Role::UpperStandingCommittee, UnitId(2))]),
            vec![Capacity::Competent]
        );
        assert_eq!(
            caps(&[(Role::UpperCommitteeStaff, UnitId(2))]),
            vec![Capacity::CompetentStaff]
        );
        assert_eq!(
            caps(&[(Role::ProvincialStandingCommittee, UnitId(1))]),
            vec![Capacity::AppealBody]
        );
        // A standing committee member of another commune, or the inspection commission for
        // a name deletion, has no capacity.
        assert!(caps(&[(Role::UpperStandingCommittee, UnitId(9))]).is_empty());
        assert!(caps(&[(Role::UpperInspection, UnitId(2))]).is_empty());
        assert!(caps(&[(Role::BranchSecretary, UnitId(3))]).is_empty());
        let exp = capacities(
            &b,
            Some(RemovalForm::Expulsion),
            &[(Role::UpperInspection, UnitId(2))],
            false,
            false,
        );
        assert_eq!(exp, vec![Capacity::Competent]);
    }
}
