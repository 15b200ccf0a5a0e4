//! The Party's documents (DOMAIN.md §11): kinds, numbering (`{number}-{symbol}/{issuer}`)
//! and the printed layout's parts, filled from the case when the step is recorded.

use crate::org::OrgType;
use serde::{Deserialize, Serialize};

labelled_enum!(
    /// `document.type` (DOMAIN.md §11).
    DocumentKind {
        DraftCandidateList = ("draft_candidate_list", "Danh sách dự kiến đảng viên cần giáo dục, giúp đỡ", "Draft candidate list"),
        RequestLetter = ("request_letter", "Công văn xin ý kiến cấp ủy cấp trên", "Request for the upper committee's guidance"),
        UpperGuidance = ("upper_guidance", "Ý kiến chỉ đạo của cấp ủy cấp trên trực tiếp", "Upper committee's guidance"),
        BranchMinutes = ("branch_minutes", "Biên bản họp chi bộ", "Branch meeting minutes"),
        BallotRecord = ("ballot_record", "Biên bản kiểm phiếu", "Ballot-count record"),
        BranchResolution = ("branch_resolution", "Nghị quyết chi bộ", "Branch resolution"),
        ReportToUpper = ("report_to_upper", "Báo cáo cấp ủy cấp trên", "Report to the upper committee"),
        CommitmentPlan = ("commitment_plan", "Bản cam kết, kế hoạch khắc phục", "Commitment and remediation plan"),
        HelperEvaluation = ("helper_evaluation", "Nhận xét của đảng viên được phân công giúp đỡ", "Helper's evaluation"),
        SelfReviewRequest = ("self_review_request", "Giấy yêu cầu viết bản tự kiểm điểm", "Request for a self-criticism"),
        SelfReviewDocument = ("self_review_document", "Bản tự kiểm điểm", "Self-criticism"),
        GrassrootsResolution = ("grassroots_resolution", "Nghị quyết đảng ủy cơ sở", "Grassroots committee resolution"),
        NameDeletionDecision = ("name_deletion_decision", "Quyết định xóa tên trong danh sách đảng viên", "Name-deletion decision"),
        DisciplineDecision = ("discipline_decision", "Quyết định kỷ luật khai trừ ra khỏi Đảng", "Expulsion decision"),
        ExitRequestLetter = ("exit_request_letter", "Đơn xin ra khỏi Đảng", "Request to leave the Party"),
        ExitDecision = ("exit_decision", "Quyết định cho ra khỏi Đảng", "Decision permitting exit"),
        RejectionNotice = ("rejection_notice", "Thông báo không chấp thuận đề nghị", "Notice: proposal not adopted"),
        Appeal = ("appeal", "Đơn khiếu nại", "Appeal"),
        AppealDecision = ("appeal_decision", "Quyết định giải quyết khiếu nại", "Appeal decision"),
        ExitNoticeSlip = ("exit_notice_slip", "Phiếu báo đảng viên ra khỏi Đảng", "Exit notice slip"),
        ClosingNote = ("closing_note", "Biên bản đóng hồ sơ", "Closing note"),
    }
);

labelled_enum!(
    /// Who signs, and what the signature block says above the title.
    SigningCapacity {
        /// "T/M CHI BỘ", "T/M ĐẢNG ỦY", "T/M BAN THƯỜNG VỤ": on behalf of the body.
        OnBehalf = ("on_behalf", "Thay mặt", "On behalf of"),
        /// Minutes: the chair and the secretary of the meeting.
        Meeting = ("meeting", "Chủ trì và thư ký", "Chair and secretary"),
        /// The member's own letter.
        Person = ("person", "Người viết", "The writer"),
    }
);

impl DocumentKind {
    /// The symbol in the number ("NQ" in "03-NQ/CB"); None for unnumbered documents
    /// (minutes, ballot records, the member's own letters).
    pub fn symbol(self) -> Option<&'static str> {
        use DocumentKind::*;
        match self {
            BranchResolution | GrassrootsResolution => Some("NQ"),
            NameDeletionDecision | DisciplineDecision | ExitDecision | AppealDecision => Some("QĐ"),
            ReportToUpper | DraftCandidateList => Some("BC"),
            RequestLetter | UpperGuidance | RejectionNotice | SelfReviewRequest => Some("CV"),
            ExitNoticeSlip => Some("PB"),
            BranchMinutes | BallotRecord | CommitmentPlan | HelperEvaluation
            | SelfReviewDocument | ExitRequestLetter | Appeal | ClosingNote => None,
        }
    }

    /// The title in capitals at the centre of the page.
    pub fn heading(self) -> &'static str {
        use DocumentKind::*;
        match self {
            BranchResolution | GrassrootsResolution => "NGHỊ QUYẾT",
            NameDeletionDecision | DisciplineDecision | ExitDecision | AppealDecision => {
                "QUYẾT ĐỊNH"
            }
            BranchMinutes | BallotRecord | ClosingNote => "BIÊN BẢN",
            ReportToUpper => "BÁO CÁO",
            DraftCandidateList => "DANH SÁCH",
            RequestLetter | UpperGuidance | RejectionNotice | SelfReviewRequest => "CÔNG VĂN",
            CommitmentPlan => "BẢN CAM KẾT",
            HelperEvaluation => "BẢN NHẬN XÉT",
            SelfReviewDocument => "BẢN TỰ KIỂM ĐIỂM",
            ExitRequestLetter => "ĐƠN XIN RA KHỎI ĐẢNG",
            Appeal => "ĐƠN KHIẾU NẠI",
            ExitNoticeSlip => "PHIẾU BÁO ĐẢNG VIÊN RA KHỎI ĐẢNG",
        }
    }

    pub fn signing(self) -> SigningCapacity {
        use DocumentKind::*;
        match self {
            BranchMinutes | BallotRecord | ClosingNote => SigningCapacity::Meeting,
            CommitmentPlan | HelperEvaluation | SelfReviewDocument | ExitRequestLetter | Appeal => {
                SigningCapacity::Person
            }
            _ => SigningCapacity::OnBehalf,
        }
    }
}

/// The issuer's abbreviation in a number: "CB" for a branch or cell, "ĐU" for a
/// committee below the province, "TU" for the provincial committee.
pub fn issuer_abbrev(org_type: OrgType) -> &'static str {
    match org_type {
        OrgType::Branch | OrgType::GrassrootsCell | OrgType::PartyGroup => "CB",
        OrgType::Provincial => "TU",
        _ => "ĐU",
    }
}

/// "03-NQ/CB": the number is written with at least two digits.
pub fn number_label(number: i64, symbol: &str, issuer: &str) -> String {
    format!("{number:02}-{symbol}/{issuer}")
}

/// What the signature block says for an issuer of `org_type` with its standing committee
/// deciding: "T/M CHI BỘ" / "BÍ THƯ"; "T/M BAN THƯỜNG VỤ" / "BÍ THƯ".
pub fn on_behalf_of(org_type: OrgType, standing: bool) -> &'static str {
    match (org_type, standing) {
        (OrgType::Branch | OrgType::GrassrootsCell | OrgType::PartyGroup, _) => "T/M CHI BỘ",
        (_, true) => "T/M BAN THƯỜNG VỤ",
        (_, false) => "T/M ĐẢNG ỦY",
    }
}

/// The place in "Mường Pồn, ngày 24 tháng 6 năm 2022", from the name of the organisation
/// the issuer belongs to ("Đảng bộ xã Mường Pồn" → "Mường Pồn").
pub fn place_from(name: &str) -> String {
    let mut rest = name.trim();
    for prefix in [
        "Đảng bộ ",
        "Chi bộ ",
        "Đảng ủy ",
        "cơ sở ",
        "tỉnh ",
        "thành phố ",
        "thị xã ",
        "huyện ",
        "xã ",
        "phường ",
        "thị trấn ",
        "đặc khu ",
    ] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
        }
    }
    rest.to_string()
}

/// The committee that signs for an organisation: "Đảng bộ phường Him Lam" → "Đảng ủy
/// phường Him Lam", "Đảng bộ thành phố Điện Biên Phủ" → "Thành ủy Điện Biên Phủ", "Đảng bộ
/// tỉnh Điện Biên" → "Tỉnh ủy Điện Biên"; a branch signs as itself. [M] the usual
/// names; a unit whose name does not start with "Đảng bộ" keeps it.
pub fn committee_name(name: &str) -> String {
    let Some(rest) = name.trim().strip_prefix("Đảng bộ ") else {
        return name.trim().to_string();
    };
    for (level, committee) in [
        ("tỉnh ", "Tỉnh ủy "),
        ("thành phố ", "Thành ủy "),
        ("thị xã ", "Thị ủy "),
        ("huyện ", "Huyện ủy "),
    ] {
        if let Some(place) = rest.strip_prefix(level) {
            return format!("{committee}{place}");
        }
    }
    format!("Đảng ủy {rest}")
}

/// "ngày 24 tháng 6 năm 2022" (the Party's layout writes days below 10 with a zero and
/// months as numbers; DOMAIN.md §11 example).
pub fn date_line(place: &str, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!(
        "{place}, ngày {:02} tháng {} năm {}",
        date.day(),
        date.month(),
        date.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn numbers_and_headings() {
        assert_eq!(
            number_label(
                3,
                DocumentKind::BranchResolution.symbol().unwrap(),
                issuer_abbrev(OrgType::Branch)
            ),
            "03-NQ/CB"
        );
        assert_eq!(
            number_label(6537, "QĐ", issuer_abbrev(OrgType::Provincial)),
            "6537-QĐ/TU"
        );
        assert_eq!(DocumentKind::BallotRecord.symbol(), None);
        assert_eq!(DocumentKind::NameDeletionDecision.heading(), "QUYẾT ĐỊNH");
        for k in DocumentKind::ALL {
            assert!(!k.heading().is_empty());
        }
    }

    #[test]
    fn committees_sign_for_their_organisations() {
        assert_eq!(
            committee_name("Đảng bộ phường Him Lam"),
            "Đảng ủy phường Him Lam"
        );
        assert_eq!(
            committee_name("Đảng bộ thành phố Điện Biên Phủ"),
            "Thành ủy Điện Biên Phủ"
        );
        assert_eq!(
            committee_name("Đảng bộ tỉnh Điện Biên"),
            "Tỉnh ủy Điện Biên"
        );
        assert_eq!(
            committee_name("Đảng bộ thị xã Mường Lay"),
            "Thị ủy Mường Lay"
        );
        assert_eq!(
            committee_name("Chi bộ bản Phú Luông"),
            "Chi bộ bản Phú Luông"
        );
    }

    #[test]
    fn place_and_date() {
        assert_eq!(place_from("Đảng bộ xã Mường Pồn"), "Mường Pồn");
        assert_eq!(
            place_from("Đảng bộ thành phố Điện Biên Phủ"),
            "Điện Biên Phủ"
        );
        let d = NaiveDate::from_ymd_opt(2022, 6, 24).unwrap();
        assert_eq!(
            date_line("Mường Pồn", d),
            "Mường Pồn, ngày 24 tháng 6 năm 2022"
        );
        let d = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(
            date_line("Điện Biên Phủ", d),
            "Điện Biên Phủ, ngày 05 tháng 3 năm 2026"
        );
    }
}
