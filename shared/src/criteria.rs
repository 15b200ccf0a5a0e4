//! The criteria catalogue (DOMAIN.md §6): group A (education and help first) and group B
//! (direct grounds for removal), with the codes integrators see.

use serde::{Deserialize, Serialize};

/// A criterion. Codes are DOMAIN.md §6's, e.g. `A1_NOT_COMPLETED_2Y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Criterion {
    #[serde(rename = "A1_NOT_COMPLETED_2Y")]
    A1,
    #[serde(rename = "A2_REOFFEND_DURING_DISCIPLINE")]
    A2,
    #[serde(rename = "A3_DEGRADATION")]
    A3,
    #[serde(rename = "A4_EXEMPLARY_PROHIBITIONS_PRESTIGE")]
    A4,
    #[serde(rename = "B1_MEETING_ABSENCE_3M")]
    B1,
    #[serde(rename = "B2_DUES_UNPAID_3M")]
    B2,
    #[serde(rename = "B3_CARD_RETURNED_DESTROYED")]
    B3,
    #[serde(rename = "B4_WILL_DECLINED_12M")]
    B4,
    #[serde(rename = "B5_TWO_YEARS_STANDING_VIOLATION")]
    B5,
    #[serde(rename = "B6_POLITICAL_STANDARD")]
    B6,
    #[serde(rename = "B7_PROBATIONER_UNQUALIFIED")]
    B7,
    #[serde(rename = "B8_TRANSFER_FILE_NOT_SUBMITTED")]
    B8,
    #[serde(rename = "B9_CRIMINAL_SENTENCE")]
    B9,
    #[serde(rename = "B10_DISCIPLINE_LEVEL_EXPULSION")]
    B10,
    /// Listed for education and help, and no progress after the education period
    /// (DOMAIN.md §6.2 B11): a ground a case gains when the branch proposes removal after
    /// education, never a suggestion.
    #[serde(rename = "B11_GROUP_A_NOT_IMPROVED")]
    B11,
}

/// Which way a confirmed case goes (DOMAIN.md §8.1 `path`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CasePath {
    /// Education and help first (group A).
    AEducation,
    /// A direct ground for removal (group B).
    BDirect,
    /// The member asked to leave (DOMAIN.md §8.5).
    VVoluntary,
}

impl CasePath {
    pub fn code(self) -> &'static str {
        match self {
            CasePath::AEducation => "a_education",
            CasePath::BDirect => "b_direct",
            CasePath::VVoluntary => "v_voluntary",
        }
    }
    pub fn label_vi(self) -> &'static str {
        match self {
            CasePath::AEducation => "Giáo dục, giúp đỡ (nhóm A)",
            CasePath::BDirect => "Xem xét đưa ra khỏi Đảng (nhóm B)",
            CasePath::VVoluntary => "Xin ra khỏi Đảng",
        }
    }
    pub fn from_code(code: &str) -> Option<CasePath> {
        [
            CasePath::AEducation,
            CasePath::BDirect,
            CasePath::VVoluntary,
        ]
        .into_iter()
        .find(|p| p.code() == code)
    }
}

impl Criterion {
    pub const ALL: [Criterion; 15] = [
        Criterion::A1,
        Criterion::A2,
        Criterion::A3,
        Criterion::A4,
        Criterion::B1,
        Criterion::B2,
        Criterion::B3,
        Criterion::B4,
        Criterion::B5,
        Criterion::B6,
        Criterion::B7,
        Criterion::B8,
        Criterion::B9,
        Criterion::B10,
        Criterion::B11,
    ];

    pub fn code(self) -> &'static str {
        use Criterion::*;
        match self {
            A1 => "A1_NOT_COMPLETED_2Y",
            A2 => "A2_REOFFEND_DURING_DISCIPLINE",
            A3 => "A3_DEGRADATION",
            A4 => "A4_EXEMPLARY_PROHIBITIONS_PRESTIGE",
            B1 => "B1_MEETING_ABSENCE_3M",
            B2 => "B2_DUES_UNPAID_3M",
            B3 => "B3_CARD_RETURNED_DESTROYED",
            B4 => "B4_WILL_DECLINED_12M",
            B5 => "B5_TWO_YEARS_STANDING_VIOLATION",
            B6 => "B6_POLITICAL_STANDARD",
            B7 => "B7_PROBATIONER_UNQUALIFIED",
            B8 => "B8_TRANSFER_FILE_NOT_SUBMITTED",
            B9 => "B9_CRIMINAL_SENTENCE",
            B10 => "B10_DISCIPLINE_LEVEL_EXPULSION",
            B11 => "B11_GROUP_A_NOT_IMPROVED",
        }
    }

    pub fn from_code(code: &str) -> Option<Criterion> {
        Criterion::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The short code users see ("A1", "B2").
    pub fn short(self) -> &'static str {
        self.code().split('_').next().unwrap_or("")
    }

    pub fn label_vi(self) -> &'static str {
        use Criterion::*;
        match self {
            A1 => "Hai năm liền xếp loại “Không hoàn thành nhiệm vụ”",
            A2 => "Vi phạm trong thời gian chấp hành kỷ luật (từ cảnh cáo trở lên)",
            A3 => {
                "Được kết luận suy thoái về tư tưởng chính trị, đạo đức, lối sống, “tự diễn biến”, “tự chuyển hóa”"
            }
            A4 => {
                "Vi phạm trách nhiệm nêu gương, những điều đảng viên không được làm, hoặc uy tín thấp"
            }
            B1 => "Bỏ sinh hoạt chi bộ ba tháng trong năm không có lý do chính đáng",
            B2 => "Không đóng đảng phí ba tháng trong năm không có lý do chính đáng",
            B3 => "Tự ý trả thẻ đảng viên hoặc tự hủy thẻ đảng viên",
            B4 => "Giảm sút ý chí phấn đấu, đã được giáo dục nhưng sau 12 tháng không tiến bộ",
            B5 => "Hai năm liền vi phạm tư cách đảng viên",
            B6 => "Không bảo đảm tiêu chuẩn chính trị",
            B7 => "Đảng viên dự bị không đủ tư cách",
            B8 => "Quá 3 tháng không nộp hồ sơ chuyển sinh hoạt đảng không có lý do chính đáng",
            B9 => "Bị hình phạt từ cải tạo không giam giữ trở lên",
            B10 => "Vi phạm đến mức phải khai trừ",
            B11 => "Đã được giáo dục, giúp đỡ nhưng hết thời hạn không tiến bộ",
        }
    }

    pub fn label_en(self) -> &'static str {
        use Criterion::*;
        match self {
            A1 => "Rated not completed two years running",
            A2 => "Violated again while under discipline (warning or above)",
            A3 => "Concluded to show degradation, self-evolution or self-transformation",
            A4 => "Violated the exemplary duty or the prohibitions, or low prestige",
            B1 => "Skipped branch meetings three months in a year without good reason",
            B2 => "Did not pay dues three months in a year without good reason",
            B3 => "Returned or destroyed the party card",
            B4 => "Declining will; no progress after 12 months of education",
            B5 => "Violated member standing two years running",
            B6 => "Does not meet the political standard",
            B7 => "Probationer not qualified",
            B8 => "Transfer files not submitted for over 3 months",
            B9 => "Criminal penalty of non-custodial reform or heavier",
            B10 => "Violation serious enough for expulsion",
            B11 => "Educated and helped, no progress after the period",
        }
    }

    /// Group A: education and help come first.
    pub fn path(self) -> CasePath {
        match self {
            Criterion::A1 | Criterion::A2 | Criterion::A3 | Criterion::A4 => CasePath::AEducation,
            _ => CasePath::BDirect,
        }
    }

    /// A person may enter this ground as a suggestion in a round (with its document):
    /// neither computed nor arising inside a case.
    pub fn enterable(self) -> bool {
        !self.detected() && self != Criterion::B11
    }

    /// The removal forms this ground leads to (DOMAIN.md §6.2): a criminal sentence and
    /// an expulsion-level violation to expulsion; B11 to either, by the nature of the
    /// violation; the other direct grounds to name deletion.
    pub fn removal_forms(self) -> &'static [crate::cases::RemovalForm] {
        use crate::cases::RemovalForm::*;
        match self {
            Criterion::B9 | Criterion::B10 => &[Expulsion],
            Criterion::B11 => &[NameDeletion, Expulsion],
            _ => &[NameDeletion],
        }
    }

    /// The software computes a suggestion for these from the inputs; the others need a
    /// person's entry with the conclusion or decision behind it. B4 needs an education
    /// period on record, which cases (the next stage) hold.
    pub fn detected(self) -> bool {
        matches!(
            self,
            Criterion::A1 | Criterion::A2 | Criterion::B1 | Criterion::B2
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_serde() {
        for c in Criterion::ALL {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.code()));
            assert_eq!(Criterion::from_code(c.code()), Some(c));
        }
        assert_eq!(Criterion::B10.short(), "B10");
    }
}
