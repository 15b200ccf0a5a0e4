//! Votes and their thresholds (DOMAIN.md §9). The server computes `passed` from the rule;
//! the vote form shows the same computation as the tallies are typed.

use crate::error::FieldError;
use serde::{Deserialize, Serialize};

labelled_enum!(
    /// A versioned threshold rule: what counts as the base, and how many yes votes pass.
    ThresholdRule {
        TwoThirdsOfFullMembersExclExempted = ("two_thirds_of_full_members_excl_exempted", "Ít nhất 2/3 tổng số đảng viên chính thức của chi bộ (không tính đảng viên được miễn công tác và sinh hoạt)", "At least 2/3 of the branch's full members, exempted members excluded"),
        TwoThirdsOfBodyMembers = ("two_thirds_of_body_members", "Ít nhất 2/3 tổng số cấp ủy viên", "At least 2/3 of the committee's members"),
        MoreThanHalfOfBodyMembers = ("more_than_half_of_body_members", "Quá nửa tổng số ủy viên", "More than half of the body's members"),
    }
);

labelled_enum!(
    /// Which body voted.
    BodyType {
        BranchMeeting = ("branch_meeting", "Hội nghị chi bộ", "Branch meeting"),
        GrassrootsCommittee = ("grassroots_committee", "Đảng ủy cơ sở", "Grassroots committee"),
        StandingCommittee = ("standing_committee", "Ban Thường vụ", "Standing committee"),
        InspectionCommission = ("inspection_commission", "Ủy ban Kiểm tra", "Inspection commission"),
    }
);

labelled_enum!(
    VoteMethod {
        SecretBallot = ("secret_ballot", "Bỏ phiếu kín", "Secret ballot"),
        OpenVote = ("open_vote", "Biểu quyết (giơ tay, giơ thẻ đảng viên)", "Open vote"),
    }
);

impl ThresholdRule {
    /// The regulation the rule comes from, stored with every vote.
    pub fn regulation(self) -> &'static str {
        match self {
            // HD 02 Step 1.4 (listing); the same threshold for name deletion (QĐ 24/294).
            ThresholdRule::TwoThirdsOfFullMembersExclExempted => "02-HD/BTCTW",
            ThresholdRule::TwoThirdsOfBodyMembers => "294-QĐ/TW",
            // Charter Art. 9.5: resolutions of a leading body.
            ThresholdRule::MoreThanHalfOfBodyMembers => "Điều lệ Đảng, Điều 9.5",
        }
    }

    /// The fewest yes votes that pass, out of `base` (the eligible members or the body's
    /// members, never those present).
    pub fn required_yes(self, base: u32) -> u32 {
        match self {
            ThresholdRule::TwoThirdsOfFullMembersExclExempted
            | ThresholdRule::TwoThirdsOfBodyMembers => (2 * base).div_ceil(3),
            ThresholdRule::MoreThanHalfOfBodyMembers => base / 2 + 1,
        }
    }

    pub fn passes(self, base: u32, yes: u32) -> bool {
        base > 0 && yes >= self.required_yes(base)
    }
}

/// The rule a vote of `kind` is counted with (DOMAIN.md §9), given the level of the body
/// that decides the case and its removal form; None for acts that are not votes, and for
/// the decision on an expulsion, which records only whether the competent body expelled.
pub fn rule_for(
    kind: super::TransitionKind,
    competent: super::authority::BodyLevel,
    form: Option<super::RemovalForm>,
) -> Option<ThresholdRule> {
    use super::TransitionKind::*;
    match kind {
        ListingVote | OutcomeVote | RemovalVote => {
            Some(ThresholdRule::TwoThirdsOfFullMembersExclExempted)
        }
        GrassrootsVote => Some(ThresholdRule::TwoThirdsOfBodyMembers),
        Decide if form == Some(super::RemovalForm::Expulsion) => None,
        // A grassroots committee with delegated admission authority: ≥ 2/3 (N4′).
        Decide if competent == super::authority::BodyLevel::Grassroots => {
            Some(ThresholdRule::TwoThirdsOfBodyMembers)
        }
        Decide => Some(ThresholdRule::MoreThanHalfOfBodyMembers),
        _ => None,
    }
}

/// Who may vote at a branch meeting: full members, less those exempted from Party work
/// and meetings; probationers have no vote (Charter Art. 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BranchRoll {
    /// Active full members of the branch.
    pub full_members: u32,
    /// Of those, exempted from Party work and meetings.
    pub exempted: u32,
    /// Probationary members (present, but without a vote).
    pub probationers: u32,
}

impl BranchRoll {
    pub fn eligible(&self) -> u32 {
        self.full_members.saturating_sub(self.exempted)
    }
}

/// The counted ballots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    /// Eligible members (branch) or the body's members (committees).
    pub base: u32,
    pub present: u32,
    pub yes: u32,
    pub no: u32,
    pub invalid: u32,
}

fn problem(field: &str, code: &str, message: &str) -> FieldError {
    FieldError {
        field: field.to_string(),
        code: code.to_string(),
        message: message.to_string(),
    }
}

/// Checks the tallies: the base is not empty, no more present than the base, no more
/// ballots than present.
pub fn check_tally(t: &Tally) -> Vec<FieldError> {
    let mut out = Vec::new();
    if t.base == 0 {
        out.push(problem(
            "vote.base",
            "empty_body",
            "Số người có quyền biểu quyết phải lớn hơn 0.",
        ));
    }
    if t.present > t.base {
        out.push(problem(
            "vote.present",
            "present_above_base",
            "Số có mặt không thể lớn hơn số người có quyền biểu quyết.",
        ));
    }
    if u64::from(t.yes) + u64::from(t.no) + u64::from(t.invalid) > u64::from(t.present) {
        out.push(problem(
            "vote.yes",
            "ballots_above_present",
            "Tổng số phiếu đồng ý, không đồng ý và không hợp lệ vượt quá số có mặt.",
        ));
    }
    out
}

/// The verdict the form shows as tallies are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Verdict {
    pub required_yes: u32,
    pub passed: bool,
}

pub fn verdict(rule: ThresholdRule, t: &Tally) -> Verdict {
    Verdict {
        required_yes: rule.required_yes(t.base),
        passed: rule.passes(t.base, t.yes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ThresholdRule::*;

    #[test]
    fn two_thirds_at_its_edges() {
        // 9 eligible: 6 is exactly two thirds and passes, 5 does not.
        assert_eq!(TwoThirdsOfFullMembersExclExempted.required_yes(9), 6);
        assert!(TwoThirdsOfFullMembersExclExempted.passes(9, 6));
        assert!(!TwoThirdsOfFullMembersExclExempted.passes(9, 5));
        // 10 eligible: two thirds is 6.67, so 7.
        assert_eq!(TwoThirdsOfBodyMembers.required_yes(10), 7);
        assert!(!TwoThirdsOfBodyMembers.passes(10, 6));
        assert_eq!(TwoThirdsOfBodyMembers.required_yes(3), 2);
        assert_eq!(TwoThirdsOfBodyMembers.required_yes(1), 1);
        assert!(
            !TwoThirdsOfBodyMembers.passes(0, 0),
            "an empty body passes nothing"
        );
    }

    #[test]
    fn more_than_half_of_the_body_not_of_those_present() {
        assert_eq!(
            MoreThanHalfOfBodyMembers.required_yes(10),
            6,
            "half is not enough"
        );
        assert!(!MoreThanHalfOfBodyMembers.passes(10, 5));
        assert!(MoreThanHalfOfBodyMembers.passes(11, 6));
        assert!(!MoreThanHalfOfBodyMembers.passes(11, 5));
    }

    #[test]
    fn exempted_members_leave_the_base_and_probationers_never_enter_it() {
        let roll = BranchRoll {
            full_members: 12,
            exempted: 3,
            probationers: 4,
        };
        assert_eq!(roll.eligible(), 9);
        let t = Tally {
            base: roll.eligible(),
            present: 8,
            yes: 6,
            no: 2,
            invalid: 0,
        };
        assert!(check_tally(&t).is_empty());
        assert_eq!(
            verdict(TwoThirdsOfFullMembersExclExempted, &t),
            Verdict {
                required_yes: 6,
                passed: true
            }
        );
    }

    #[test]
    fn each_vote_has_its_rule() {
        use crate::cases::authority::BodyLevel;
        use crate::cases::{RemovalForm, TransitionKind};
        assert_eq!(
            rule_for(TransitionKind::ListingVote, BodyLevel::Upper, None),
            Some(TwoThirdsOfFullMembersExclExempted)
        );
        assert_eq!(
            rule_for(
                TransitionKind::Decide,
                BodyLevel::Upper,
                Some(RemovalForm::NameDeletion)
            ),
            Some(MoreThanHalfOfBodyMembers)
        );
        assert_eq!(
            rule_for(TransitionKind::Decide, BodyLevel::Grassroots, None),
            Some(TwoThirdsOfBodyMembers)
        );
        assert_eq!(
            rule_for(
                TransitionKind::Decide,
                BodyLevel::Upper,
                Some(RemovalForm::Expulsion)
            ),
            None
        );
        assert_eq!(
            rule_for(TransitionKind::Close, BodyLevel::Upper, None),
            None
        );
    }

    #[test]
    fn impossible_tallies_are_refused() {
        let t = Tally {
            base: 5,
            present: 6,
            yes: 4,
            no: 2,
            invalid: 1,
        };
        let codes: Vec<String> = check_tally(&t).into_iter().map(|e| e.code).collect();
        assert_eq!(codes, vec!["present_above_base", "ballots_above_present"]);
        assert_eq!(check_tally(&Tally::default())[0].code, "empty_body");
    }
}
