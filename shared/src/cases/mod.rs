//! Screening cases (DOMAIN.md §8–§11): the states and transitions of a case, who acts on
//! it (the competent-authority function), votes and their thresholds, the working-day
//! calendar and the deadlines computed on it, the Party's documents, and the exit register.

pub mod authority;
pub mod calendar;
pub mod deadline;
pub mod document;
pub mod exit;
pub mod machine;
pub mod vote;

use serde::{Deserialize, Serialize};

labelled_enum!(
    /// Where a case stands (DOMAIN.md §8.8). A vote or decision that is recorded moves the
    /// case; nothing moves it by itself.
    CaseState {
        DraftCandidate = ("draft_candidate", "Dự kiến đưa vào danh sách", "Draft candidate"),
        ConsultationRequested = ("consultation_requested", "Đang xin ý kiến cấp ủy cấp trên", "Awaiting the upper committee's guidance"),
        UpperConsulted = ("upper_consulted", "Đã có ý kiến cấp trên, chờ chi bộ bỏ phiếu", "Guidance received, awaiting the branch vote"),
        UnderEducation = ("under_education", "Đang giáo dục, giúp đỡ", "Under education and help"),
        OutcomeReview = ("outcome_review", "Đang đánh giá kết quả giáo dục, giúp đỡ", "Outcome under review"),
        RemovalProposed = ("removal_proposed", "Chi bộ đã đề nghị lên cấp trên", "Proposed by the branch"),
        AwaitingDecision = ("awaiting_decision", "Chờ cấp có thẩm quyền quyết định", "Awaiting the competent body's decision"),
        Decided = ("decided", "Đã có quyết định, trong thời hạn khiếu nại", "Decided; appeal window open"),
        Appealed = ("appealed", "Đang giải quyết khiếu nại", "Appeal pending"),
        ExitRequested = ("exit_requested", "Có đơn xin ra khỏi Đảng", "Request to leave received"),
        NotListed = ("not_listed", "Không đưa vào danh sách", "Not listed"),
        RecognisedImproved = ("recognised_improved", "Được công nhận tiến bộ", "Recognised as improved"),
        Final = ("final", "Quyết định đã có hiệu lực cuối cùng", "Decision final"),
        AppealResolved = ("appeal_resolved", "Khiếu nại đã giải quyết: quyết định được sửa hoặc hủy", "Appeal resolved: decision changed or annulled"),
        RemovalRejected = ("removal_rejected", "Cấp có thẩm quyền không chấp thuận đề nghị", "Proposal not adopted"),
        Closed = ("closed", "Đã đóng hồ sơ (từ trần, chuyển đi, …)", "Closed (death, transfer, …)"),
    }
);

impl CaseState {
    /// No transition leaves it.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            CaseState::NotListed
                | CaseState::RecognisedImproved
                | CaseState::Final
                | CaseState::AppealResolved
                | CaseState::RemovalRejected
                | CaseState::Closed
        )
    }

    pub fn open_states() -> impl Iterator<Item = CaseState> {
        CaseState::ALL.iter().copied().filter(|s| !s.is_terminal())
    }
}

labelled_enum!(
    /// The acts recorded on a case: `POST /api/v1/cases/{id}/transitions` names one.
    TransitionKind {
        /// The case opened (a confirmed suggestion, a letter): first on the timeline, never
        /// requested through the transitions endpoint.
        Open = ("open", "Mở hồ sơ", "Case opened"),
        RequestUpperOpinion = ("request_upper_opinion", "Xin ý kiến cấp ủy cấp trên về danh sách dự kiến", "Ask the upper committee's guidance"),
        RecordUpperGuidance = ("record_upper_guidance", "Ghi ý kiến chỉ đạo của cấp ủy cấp trên", "Record the upper committee's guidance"),
        ListingVote = ("listing_vote", "Ghi kết quả bỏ phiếu kín đưa vào danh sách", "Record the branch's listing ballot"),
        AssignHelper = ("assign_helper", "Phân công đảng viên giúp đỡ", "Assign a helper"),
        RecordCommitment = ("record_commitment", "Ghi bản cam kết, kế hoạch khắc phục", "Record the commitment and plan"),
        StartOutcomeReview = ("start_outcome_review", "Đưa ra đánh giá kết quả giáo dục, giúp đỡ", "Start the outcome review"),
        OutcomeVote = ("outcome_vote", "Ghi kết quả biểu quyết đánh giá kết quả", "Record the outcome vote"),
        RequestSelfReview = ("request_self_review", "Yêu cầu đảng viên viết bản tự kiểm điểm", "Request a self-criticism"),
        RecordSelfReview = ("record_self_review", "Ghi nhận bản tự kiểm điểm", "Record the self-criticism"),
        RemovalVote = ("removal_vote", "Ghi kết quả bỏ phiếu đề nghị đưa ra khỏi Đảng", "Record the branch's removal vote"),
        ForwardExitRequest = ("forward_exit_request", "Báo cáo đơn xin ra khỏi Đảng lên cấp trên", "Forward the request to leave"),
        GrassrootsVote = ("grassroots_vote", "Ghi kết quả biểu quyết của đảng ủy cơ sở", "Record the grassroots committee's vote"),
        Decide = ("decide", "Ghi quyết định của cấp có thẩm quyền", "Record the competent body's decision"),
        FileAppeal = ("file_appeal", "Nộp đơn khiếu nại", "File an appeal"),
        Finalise = ("finalise", "Xác nhận quyết định có hiệu lực cuối cùng", "Confirm the decision is final"),
        ResolveAppeal = ("resolve_appeal", "Ghi kết quả giải quyết khiếu nại", "Record the appeal's resolution"),
        Close = ("close", "Đóng hồ sơ (từ trần, chuyển sinh hoạt đi, …)", "Close the case"),
    }
);

labelled_enum!(
    /// In which capacity a caller acts on a case, derived from their roles and the
    /// competent-authority function ([`authority::capacities`]).
    Capacity {
        Branch = ("branch", "Chi bộ (bí thư, phó bí thư, chi ủy viên)", "Branch officers"),
        DirectUpper = ("direct_upper", "Cấp ủy cấp trên trực tiếp của chi bộ", "The branch's direct upper committee"),
        GrassrootsCommittee = ("grassroots_committee", "Đảng ủy cơ sở", "Grassroots committee"),
        Competent = ("competent", "Cấp có thẩm quyền quyết định", "Competent body"),
        CompetentStaff = ("competent_staff", "Cơ quan tham mưu của cấp có thẩm quyền", "Competent body's staff"),
        AppealBody = ("appeal_body", "Cấp giải quyết khiếu nại", "Appeal body"),
        Member = ("member", "Đảng viên là chủ hồ sơ", "The member concerned"),
        Helper = ("helper", "Đảng viên được phân công giúp đỡ", "Assigned helper"),
    }
);

labelled_enum!(
    /// How a member leaves (DOMAIN.md §3.3).
    RemovalForm {
        NameDeletion = ("name_deletion", "Xóa tên trong danh sách đảng viên", "Name deletion"),
        Expulsion = ("expulsion", "Khai trừ ra khỏi Đảng", "Expulsion"),
        VoluntaryExit = ("voluntary_exit", "Cho ra khỏi Đảng", "Voluntary exit"),
    }
);

labelled_enum!(
    /// How a case ended (DOMAIN.md §6.3 `case_outcome`).
    Outcome {
        RecognisedImproved = ("recognised_improved", "Công nhận tiến bộ", "Recognised as improved"),
        ContinueEducation = ("continue_education", "Tiếp tục giáo dục, giúp đỡ", "Continue education"),
        NameDeletion = ("name_deletion", "Xóa tên", "Name deletion"),
        Expulsion = ("expulsion", "Khai trừ", "Expulsion"),
        VoluntaryExit = ("voluntary_exit", "Cho ra khỏi Đảng", "Voluntary exit"),
        NotListed = ("not_listed", "Không đưa vào danh sách", "Not listed"),
        ClosedOther = ("closed_other", "Đóng hồ sơ vì lý do khác", "Closed for another reason"),
    }
);

impl RemovalForm {
    pub fn outcome(self) -> Outcome {
        match self {
            RemovalForm::NameDeletion => Outcome::NameDeletion,
            RemovalForm::Expulsion => Outcome::Expulsion,
            RemovalForm::VoluntaryExit => Outcome::VoluntaryExit,
        }
    }

    /// The member's status once the decision is final.
    pub fn member_status(self) -> crate::member::MemberStatus {
        use crate::member::MemberStatus;
        match self {
            RemovalForm::NameDeletion => MemberStatus::NameDeleted,
            RemovalForm::Expulsion => MemberStatus::Expelled,
            RemovalForm::VoluntaryExit => MemberStatus::VoluntaryExit,
        }
    }
}

/// The outcome a case ends with when it reaches `state` (None while it is open, and for
/// an annulled or changed decision, which leaves the member in the Party).
pub fn outcome_of(state: CaseState, form: Option<RemovalForm>) -> Option<Outcome> {
    match state {
        CaseState::NotListed => Some(Outcome::NotListed),
        CaseState::RecognisedImproved => Some(Outcome::RecognisedImproved),
        CaseState::Final => form.map(RemovalForm::outcome),
        CaseState::Closed | CaseState::RemovalRejected | CaseState::AppealResolved => {
            Some(Outcome::ClosedOther)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code stored in the database is the name the API carries.
    #[test]
    fn codes_are_the_serde_names() {
        fn check<T: Serialize + Copy>(all: &[T], code: impl Fn(T) -> &'static str) {
            for v in all {
                assert_eq!(
                    serde_json::to_value(v).ok(),
                    Some(serde_json::json!(code(*v)))
                );
            }
        }
        check(CaseState::ALL, CaseState::code);
        check(TransitionKind::ALL, TransitionKind::code);
        check(Capacity::ALL, Capacity::code);
        check(RemovalForm::ALL, RemovalForm::code);
        check(Outcome::ALL, Outcome::code);
        check(machine::OutcomeChoice::ALL, machine::OutcomeChoice::code);
        check(machine::AppealResult::ALL, machine::AppealResult::code);
        check(vote::ThresholdRule::ALL, vote::ThresholdRule::code);
        check(vote::BodyType::ALL, vote::BodyType::code);
        check(vote::VoteMethod::ALL, vote::VoteMethod::code);
        check(calendar::DayKind::ALL, calendar::DayKind::code);
        check(deadline::DeadlineKind::ALL, deadline::DeadlineKind::code);
        check(document::DocumentKind::ALL, document::DocumentKind::code);
        check(
            document::SigningCapacity::ALL,
            document::SigningCapacity::code,
        );
        check(
            crate::api::cases::NoteKind::ALL,
            crate::api::cases::NoteKind::code,
        );
    }
}
