//! The province's periodic screening report (DOMAIN.md §14.2, a design proposal, not an
//! official form) and membership statistics: the columns, their groups and labels, the
//! period, and the pure classification of a case's timeline into columns
//! ([`classify`]). The server counts with these functions and the browser labels with
//! them, so a column means the same thing in the JSON, the table, the CSV and the XLSX.

pub mod classify;
pub mod stats;

use crate::criteria::Criterion;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

labelled_enum!(
    /// The column groups of §14.2, in the report's order.
    ColumnGroup {
        Base = ("base", "Số lượng đảng viên", "Members"),
        Detection = ("detection", "Đưa vào danh sách giáo dục, giúp đỡ", "Listed for education and help"),
        Education = ("education", "Giáo dục, giúp đỡ", "Education in progress"),
        Outcomes = ("outcomes", "Kết quả sau giáo dục, giúp đỡ (theo nội dung ban đầu)", "Outcomes by originating criterion"),
        DirectRemovals = ("direct_removals", "Đưa ra khỏi Đảng trực tiếp (theo căn cứ)", "Direct removals by ground"),
        Quality = ("quality", "Chất lượng xử lý", "Process quality"),
        CrossChecks = ("cross_checks", "Đối chiếu", "Cross-checks"),
    }
);

labelled_enum!(
    /// A count of the screening report. Every column is additive: a parent's value is the
    /// sum of its children's. (The median days to an outcome is not a count and is carried
    /// beside them.) The code is the column's stable name in the JSON, the CSV and the
    /// member list behind it.
    Column {
        MembersTotal = ("members_total", "Tổng số đảng viên cuối kỳ", "Members at period end"),
        MembersFull = ("members_full", "Đảng viên chính thức", "Full members"),
        MembersProbationary = ("members_probationary", "Đảng viên dự bị", "Probationary members"),
        MembersExempted = ("members_exempted", "Được miễn sinh hoạt", "Exempted from meetings"),
        MembersReviewed = ("members_reviewed", "Thuộc chi bộ đã rà soát trong kỳ", "In a branch reviewed in the period"),
        ListedTotal = ("listed_total", "Tổng số", "Total"),
        ListedA1 = ("listed_a1", "Không hoàn thành nhiệm vụ 2 năm liền", "Not completed two years running (A1)"),
        ListedA2 = ("listed_a2", "Vi phạm trong thời gian chịu kỷ luật", "Re-offending under discipline (A2)"),
        ListedA3 = ("listed_a3", "Suy thoái, “tự diễn biến”, “tự chuyển hóa”", "Degradation (A3)"),
        ListedA4 = ("listed_a4", "Vi phạm nêu gương, điều cấm, uy tín thấp", "Exemplary duty, prohibitions, low prestige (A4)"),
        NotListed = ("not_listed", "Không đưa vào danh sách (phiếu không đạt)", "Not listed after the vote"),
        EducationOpenStart = ("education_open_start", "Đang giáo dục đầu kỳ", "Open at period start"),
        EducationOpened = ("education_opened", "Bắt đầu trong kỳ", "Opened"),
        EducationClosed = ("education_closed", "Kết thúc trong kỳ", "Closed"),
        EducationOpenEnd = ("education_open_end", "Đang giáo dục cuối kỳ", "Open at period end"),
        EducationOverdue = ("education_overdue", "Quá thời hạn giáo dục", "Overdue"),
        ImprovedTotal = ("improved_total", "Công nhận tiến bộ: tổng", "Recognised improved: total"),
        ImprovedA1 = ("improved_a1", "Công nhận tiến bộ: A1", "Recognised improved: A1"),
        ImprovedA2 = ("improved_a2", "Công nhận tiến bộ: A2", "Recognised improved: A2"),
        ImprovedA3 = ("improved_a3", "Công nhận tiến bộ: A3", "Recognised improved: A3"),
        ImprovedA4 = ("improved_a4", "Công nhận tiến bộ: A4", "Recognised improved: A4"),
        ContinuedTotal = ("continued_total", "Tiếp tục giáo dục: tổng", "Education continued: total"),
        ContinuedA1 = ("continued_a1", "Tiếp tục giáo dục: A1", "Education continued: A1"),
        ContinuedA2 = ("continued_a2", "Tiếp tục giáo dục: A2", "Education continued: A2"),
        ContinuedA3 = ("continued_a3", "Tiếp tục giáo dục: A3", "Education continued: A3"),
        ContinuedA4 = ("continued_a4", "Tiếp tục giáo dục: A4", "Education continued: A4"),
        DeletedTotal = ("deleted_total", "Xóa tên: tổng", "Name deleted: total"),
        DeletedA1 = ("deleted_a1", "Xóa tên: A1", "Name deleted: A1"),
        DeletedA2 = ("deleted_a2", "Xóa tên: A2", "Name deleted: A2"),
        DeletedA3 = ("deleted_a3", "Xóa tên: A3", "Name deleted: A3"),
        DeletedA4 = ("deleted_a4", "Xóa tên: A4", "Name deleted: A4"),
        ExpelledTotal = ("expelled_total", "Khai trừ: tổng", "Expelled: total"),
        ExpelledA1 = ("expelled_a1", "Khai trừ: A1", "Expelled: A1"),
        ExpelledA2 = ("expelled_a2", "Khai trừ: A2", "Expelled: A2"),
        ExpelledA3 = ("expelled_a3", "Khai trừ: A3", "Expelled: A3"),
        ExpelledA4 = ("expelled_a4", "Khai trừ: A4", "Expelled: A4"),
        VoluntaryExit = ("voluntary_exit", "Cho ra khỏi Đảng (theo đơn)", "Voluntary exit"),
        DirectDeletedTotal = ("direct_deleted_total", "Xóa tên: tổng", "Name deleted: total"),
        DeletedB1 = ("deleted_b1", "B1 Bỏ sinh hoạt", "B1 meeting absence"),
        DeletedB2 = ("deleted_b2", "B2 Không đóng đảng phí", "B2 dues unpaid"),
        DeletedB3 = ("deleted_b3", "B3 Trả thẻ, hủy thẻ", "B3 card returned or destroyed"),
        DeletedB4 = ("deleted_b4", "B4 Giảm sút ý chí", "B4 declining will"),
        DeletedB5 = ("deleted_b5", "B5 Vi phạm tư cách 2 năm liền", "B5 two-year standing violation"),
        DeletedB6 = ("deleted_b6", "B6 Không bảo đảm tiêu chuẩn chính trị", "B6 political standard"),
        DeletedB7 = ("deleted_b7", "B7 Dự bị không đủ tư cách", "B7 probationer unqualified"),
        DeletedB8 = ("deleted_b8", "B8 Không nộp hồ sơ chuyển sinh hoạt", "B8 transfer file not submitted"),
        DirectExpelledTotal = ("direct_expelled_total", "Khai trừ: tổng", "Expelled: total"),
        ExpelledB9 = ("expelled_b9", "B9 Bị kết án", "B9 criminal sentence"),
        ExpelledB10 = ("expelled_b10", "B10 Vi phạm đến mức khai trừ", "B10 violation warranting expulsion"),
        Escalations = ("escalations", "Chuyển cấp trên sau các lần biểu quyết không đạt", "Escalated after failed votes"),
        AppealsFiled = ("appeals_filed", "Khiếu nại đã nộp", "Appeals filed"),
        AppealsUpheld = ("appeals_upheld", "Khiếu nại: giữ nguyên quyết định", "Appeals: decision upheld"),
        AppealsChanged = ("appeals_changed", "Khiếu nại: sửa, hủy quyết định", "Appeals: decision changed or annulled"),
        NotCompletedTwoYears = ("not_completed_two_years", "Không hoàn thành nhiệm vụ năm N và N−1", "Not completed in year N and N−1"),
        Reoffended = ("reoffended", "Vi phạm trong thời gian chịu kỷ luật", "Violation while under discipline"),
    }
);

/// Where the rows behind a column come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Members on the register at the period's end (counted by their home unit).
    Members,
    /// Case timelines (counted by the case's branch; one row per case).
    Cases,
    /// Ratings, violations and discipline (counted by the member's home unit).
    Records,
}

impl Column {
    pub fn group(self) -> ColumnGroup {
        use Column::*;
        match self {
            MembersTotal | MembersFull | MembersProbationary | MembersExempted
            | MembersReviewed => ColumnGroup::Base,
            ListedTotal | ListedA1 | ListedA2 | ListedA3 | ListedA4 | NotListed => {
                ColumnGroup::Detection
            }
            EducationOpenStart | EducationOpened | EducationClosed | EducationOpenEnd
            | EducationOverdue => ColumnGroup::Education,
            ImprovedTotal | ImprovedA1 | ImprovedA2 | ImprovedA3 | ImprovedA4 | ContinuedTotal
            | ContinuedA1 | ContinuedA2 | ContinuedA3 | ContinuedA4 | DeletedTotal | DeletedA1
            | DeletedA2 | DeletedA3 | DeletedA4 | ExpelledTotal | ExpelledA1 | ExpelledA2
            | ExpelledA3 | ExpelledA4 | VoluntaryExit => ColumnGroup::Outcomes,
            DirectDeletedTotal | DeletedB1 | DeletedB2 | DeletedB3 | DeletedB4 | DeletedB5
            | DeletedB6 | DeletedB7 | DeletedB8 | DirectExpelledTotal | ExpelledB9
            | ExpelledB10 => ColumnGroup::DirectRemovals,
            Escalations | AppealsFiled | AppealsUpheld | AppealsChanged => ColumnGroup::Quality,
            NotCompletedTwoYears | Reoffended => ColumnGroup::CrossChecks,
        }
    }

    pub fn source(self) -> Source {
        match self.group() {
            ColumnGroup::Base => Source::Members,
            ColumnGroup::CrossChecks => Source::Records,
            _ => Source::Cases,
        }
    }

    /// The position of the column in [`Column::ALL`] (and in a row's `counts`).
    pub fn index(self) -> usize {
        Column::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }

    /// The columns of a group, in order.
    pub fn of_group(group: ColumnGroup) -> impl Iterator<Item = Column> {
        Column::ALL
            .iter()
            .copied()
            .filter(move |c| c.group() == group)
    }

    /// The sub-heading a column sits under inside its group, for the two-row headers of
    /// the table and the XLSX (the outcome columns are grouped by outcome; the direct
    /// removals by form).
    pub fn subgroup_vi(self) -> Option<&'static str> {
        use Column::*;
        match self {
            ImprovedTotal | ImprovedA1 | ImprovedA2 | ImprovedA3 | ImprovedA4 => {
                Some("Công nhận tiến bộ")
            }
            ContinuedTotal | ContinuedA1 | ContinuedA2 | ContinuedA3 | ContinuedA4 => {
                Some("Tiếp tục giáo dục, giúp đỡ")
            }
            DeletedTotal | DeletedA1 | DeletedA2 | DeletedA3 | DeletedA4 => Some("Xóa tên"),
            ExpelledTotal | ExpelledA1 | ExpelledA2 | ExpelledA3 | ExpelledA4 => Some("Khai trừ"),
            DirectDeletedTotal | DeletedB1 | DeletedB2 | DeletedB3 | DeletedB4 | DeletedB5
            | DeletedB6 | DeletedB7 | DeletedB8 => Some("Xóa tên"),
            DirectExpelledTotal | ExpelledB9 | ExpelledB10 => Some("Khai trừ"),
            _ => None,
        }
    }

    /// The short header under a sub-heading ("Tổng", "A1", "B3 …").
    pub fn short_vi(self) -> &'static str {
        use Column::*;
        match self {
            ImprovedTotal | ContinuedTotal | DeletedTotal | ExpelledTotal | DirectDeletedTotal
            | DirectExpelledTotal => "Tổng",
            ImprovedA1 | ContinuedA1 | DeletedA1 | ExpelledA1 => "A1",
            ImprovedA2 | ContinuedA2 | DeletedA2 | ExpelledA2 => "A2",
            ImprovedA3 | ContinuedA3 | DeletedA3 | ExpelledA3 => "A3",
            ImprovedA4 | ContinuedA4 | DeletedA4 | ExpelledA4 => "A4",
            other => other.label_vi(),
        }
    }

    /// The column that counts a listing for each group-A criterion.
    pub fn listed(c: Criterion) -> Option<Column> {
        pick_a(
            c,
            [
                Column::ListedA1,
                Column::ListedA2,
                Column::ListedA3,
                Column::ListedA4,
            ],
        )
    }
}

fn pick_a(c: Criterion, cols: [Column; 4]) -> Option<Column> {
    match c {
        Criterion::A1 => Some(cols[0]),
        Criterion::A2 => Some(cols[1]),
        Criterion::A3 => Some(cols[2]),
        Criterion::A4 => Some(cols[3]),
        _ => None,
    }
}

/// The report's period: both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Longest period a report covers: a term of office and a little more.
pub const MAX_PERIOD_YEARS: i32 = 10;

impl Period {
    /// A period from its ends; the Vietnamese reason when it is not one.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, &'static str> {
        if from > to {
            return Err("Ngày bắt đầu kỳ báo cáo phải trước hoặc trùng ngày kết thúc.");
        }
        if to.year() - from.year() > MAX_PERIOD_YEARS {
            return Err("Kỳ báo cáo dài quá 10 năm.");
        }
        Ok(Period { from, to })
    }

    /// Without dates: from the first of January of `today`'s year to `today`.
    pub fn year_to_date(today: NaiveDate) -> Period {
        let from = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
        Period { from, to: today }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// The rating year N of the cross-check "not completed in N and N−1": the year of the
    /// period's end when the period reaches 31 December, otherwise the year before (a
    /// year's rating is recorded at its end). [M]
    pub fn rating_year(&self) -> i32 {
        if self.to.month() == 12 && self.to.day() == 31 {
            self.to.year()
        } else {
            self.to.year() - 1
        }
    }

    /// "Từ ngày 01/01/2026 đến ngày 26/11/2026".
    pub fn label_vi(&self) -> String {
        format!(
            "Từ ngày {} đến ngày {}",
            self.from.format("%d/%m/%Y"),
            self.to.format("%d/%m/%Y")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_a_group_and_codes_are_serde_names() {
        for c in Column::ALL {
            assert_eq!(
                serde_json::to_value(c).ok(),
                Some(serde_json::json!(c.code()))
            );
            assert_eq!(Column::ALL[c.index()], *c);
        }
        for g in ColumnGroup::ALL {
            assert_eq!(
                serde_json::to_value(g).ok(),
                Some(serde_json::json!(g.code()))
            );
            assert!(Column::of_group(*g).count() > 0, "{g:?} has no column");
        }
    }

    #[test]
    fn periods() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert!(Period::new(d(2026, 2, 1), d(2026, 1, 1)).is_err());
        assert!(Period::new(d(2010, 1, 1), d(2026, 1, 1)).is_err());
        let p = Period::new(d(2025, 1, 1), d(2025, 12, 31))
            .unwrap_or(Period::year_to_date(d(2025, 1, 1)));
        assert_eq!(p.rating_year(), 2025);
        assert_eq!(Period::year_to_date(d(2026, 11, 26)).rating_year(), 2025);
        assert_eq!(Period::year_to_date(d(2026, 11, 26)).from, d(2026, 1, 1));
        assert!(p.contains(d(2025, 12, 31)) && !p.contains(d(2026, 1, 1)));
        assert_eq!(p.label_vi(), "Từ ngày 01/01/2025 đến ngày 31/12/2025");
    }
}
