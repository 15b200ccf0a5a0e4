//! The pure side of the review screens (issue 4): the rows of the rating and monthly
//! sheets as the user edits them, which rows changed, what is sent, and where the
//! server's per-entry problems (`entries[3].level`) belong. No browser here, so all of it
//! is tested natively.

use chrono::{Datelike, NaiveDate};
use rasoat_shared::api::review::{
    DetectionRun, MonthlyEntry, MonthlyRecord, MonthlySheetRow, ProgressRow, RatingEntry,
    RatingSheetRow, Suggestion,
};
use rasoat_shared::attendance::{Attendance, Dues};
use rasoat_shared::criteria::Criterion;
use rasoat_shared::detection::EvidenceKind;
use rasoat_shared::error::FieldError;
use rasoat_shared::rating::{self, BelowBandReason, QuotaCheck, RatingLevel};
use rasoat_shared::regulation::{self, Regulation};
use rasoat_shared::{MemberId, UnitId};
use std::collections::BTreeMap;

/// One problem with one row: the field (`level`, `score`, `below_band_reasons`, `note`,
/// or `""` for the row as a whole) and the Vietnamese message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub field: String,
    pub message: String,
}

impl RowProblem {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> RowProblem {
        RowProblem {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Reads `entries[3].level` as `(3, "level")`; `entries[3]` as `(3, "")`.
pub fn entry_field(field: &str) -> Option<(usize, &str)> {
    let rest = field.strip_prefix("entries[")?;
    let (index, after) = rest.split_once(']')?;
    let index = index.parse().ok()?;
    let sub = after.strip_prefix('.').unwrap_or(after);
    Some((index, sub))
}

/// Splits the server's field errors of a sheet: those of an entry go to the member that
/// entry was about (`sent[i]` is the member of `entries[i]`); the rest are the sheet's.
pub fn split_entry_errors(
    errors: &[FieldError],
    sent: &[MemberId],
) -> (BTreeMap<MemberId, Vec<RowProblem>>, Vec<FieldError>) {
    let mut rows: BTreeMap<MemberId, Vec<RowProblem>> = BTreeMap::new();
    let mut rest = Vec::new();
    for e in errors {
        match entry_field(&e.field).and_then(|(i, sub)| sent.get(i).map(|m| (*m, sub))) {
            Some((member, sub)) => rows
                .entry(member)
                .or_default()
                .push(RowProblem::new(sub, e.message.clone())),
            None => rest.push(e.clone()),
        }
    }
    (rows, rest)
}

/// What a refused save of an entry sheet shows: the problems of each row sent, those of the
/// sheet as a whole, and the error itself only when it named no field.
pub struct SaveProblems {
    pub rows: BTreeMap<MemberId, Vec<RowProblem>>,
    pub sheet: Vec<String>,
    pub error: Option<crate::api::ApiError>,
}

pub fn save_problems(e: crate::api::ApiError, sent: &[MemberId]) -> SaveProblems {
    let errors = match &e {
        crate::api::ApiError::Api { errors, .. } => errors.clone(),
        _ => Vec::new(),
    };
    let (rows, rest) = split_entry_errors(&errors, sent);
    let sheet: Vec<String> = rest.into_iter().map(|f| f.message).collect();
    let error = (rows.is_empty() && sheet.is_empty()).then_some(e);
    SaveProblems { rows, sheet, error }
}

/// A score as typed: "85", "85.5" or, the Vietnamese way, "85,5". Empty is no score.
pub fn parse_score(text: &str) -> Result<Option<f64>, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let t = t.replace(',', ".");
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(()),
    }
}

/// A score as shown: "85", "85,5".
pub fn score_text(score: f64) -> String {
    let s = if score.fract() == 0.0 {
        format!("{score:.0}")
    } else {
        format!("{score}")
    };
    s.replace('.', ",")
}

/// The regulation a sheet names, as the shared rules know it (so the page checks an entry
/// with the very function the server uses).
pub fn regulation_by_code(code: &str) -> Option<&'static Regulation> {
    regulation::RATING_REGULATIONS
        .iter()
        .find(|r| r.code == code)
}

// ---------------------------------------------------------------------------------------
// Rating sheet

/// One member's row of the rating sheet as the user has it.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingDraft {
    pub member_id: MemberId,
    /// Whether the member may be rated for the period (the server says).
    pub rateable: bool,
    pub level: Option<RatingLevel>,
    /// As typed.
    pub score: String,
    pub reasons: Vec<BelowBandReason>,
    pub note: String,
    /// The version of the rating as read; absent for a member not rated yet.
    pub version: Option<i64>,
}

impl RatingDraft {
    pub fn from_row(row: &RatingSheetRow) -> RatingDraft {
        let r = row.rating.as_ref();
        RatingDraft {
            member_id: row.member.id,
            rateable: row.not_rateable.is_none(),
            level: r.map(|r| r.level),
            score: r.and_then(|r| r.score).map(score_text).unwrap_or_default(),
            reasons: r.map(|r| r.below_band_reasons.clone()).unwrap_or_default(),
            note: r.and_then(|r| r.note.clone()).unwrap_or_default(),
            version: r.map(|r| r.version),
        }
    }

    /// The band the typed score falls in (QĐ 366), when the score reads as a number on
    /// the 100-point scale.
    pub fn band(&self, uses_scores: bool) -> Option<RatingLevel> {
        if !uses_scores {
            return None;
        }
        parse_score(&self.score)
            .ok()
            .flatten()
            .filter(|s| (0.0..=100.0).contains(s))
            .map(rating::band)
    }

    /// What shows beside the score as it is typed: its band, or why it has none.
    pub fn band_text(&self, uses_scores: bool) -> String {
        match self.band(uses_scores) {
            Some(b) => format!("→ {}", b.label_vi()),
            None if !uses_scores || self.score.trim().is_empty() => String::new(),
            None => "Điểm từ 0 đến 100".to_string(),
        }
    }

    /// Whether the chosen level is below the score's band, so reasons must be given.
    pub fn below_band(&self, uses_scores: bool) -> bool {
        matches!((self.level, self.band(uses_scores)), (Some(l), Some(b)) if l.below(b))
    }

    /// The reasons that matter: only while the level is below the band.
    fn effective_reasons(&self, uses_scores: bool) -> Vec<BelowBandReason> {
        if self.below_band(uses_scores) {
            let mut r: Vec<BelowBandReason> = BelowBandReason::ALL
                .iter()
                .copied()
                .filter(|x| self.reasons.contains(x))
                .collect();
            r.dedup();
            r
        } else {
            Vec::new()
        }
    }

    fn note_value(&self) -> Option<String> {
        let n = self.note.trim();
        (!n.is_empty()).then(|| n.to_string())
    }

    /// Whether the row says something else than `saved` (the row as loaded).
    pub fn differs_from(&self, saved: &RatingDraft, uses_scores: bool) -> bool {
        self.level != saved.level
            || parse_score(&self.score) != parse_score(&saved.score)
            || self.effective_reasons(uses_scores) != saved.effective_reasons(uses_scores)
            || self.note_value() != saved.note_value()
    }

    /// The entry to send, or the row's problems, checked by the shared rule
    /// (`rating::check_entry`) exactly as the server will check it.
    pub fn entry(
        &self,
        reg: &Regulation,
        uses_scores: bool,
    ) -> Result<RatingEntry, Vec<RowProblem>> {
        let Some(level) = self.level else {
            return Err(vec![RowProblem::new("level", "Hãy chọn mức xếp loại.")]);
        };
        let score = match parse_score(&self.score) {
            Ok(s) => s,
            Err(()) => {
                return Err(vec![RowProblem::new(
                    "score",
                    "Điểm phải là một số, ví dụ 85 hoặc 85,5.",
                )]);
            }
        };
        let reasons = self.effective_reasons(uses_scores);
        if let Err(p) = rating::check_entry(reg, level, score, &reasons) {
            return Err(vec![RowProblem::new(p.field, p.message)]);
        }
        Ok(RatingEntry {
            member_id: self.member_id,
            level,
            score,
            below_band_reasons: reasons,
            note: self.note_value(),
            version: self.version,
        })
    }
}

/// The rows to send: those changed, and — when the sheet's own fields (decision,
/// outstanding unit) changed — every rated row, so that they carry the new values.
pub fn rows_to_send(
    current: &[RatingDraft],
    saved: &[RatingDraft],
    sheet_fields_changed: bool,
    uses_scores: bool,
) -> Vec<usize> {
    current
        .iter()
        .enumerate()
        .filter(|(_, d)| d.rateable)
        .filter(|(i, d)| {
            let changed = saved
                .get(*i)
                .is_none_or(|s| s.member_id != d.member_id || d.differs_from(s, uses_scores));
            let untouched_but_rated = sheet_fields_changed && d.level.is_some();
            (changed && (d.level.is_some() || d.version.is_some())) || untouched_but_rated
        })
        .map(|(i, _)| i)
        .collect()
}

/// The excellent quota over the sheet as it stands on screen.
pub fn live_quota(current: &[RatingDraft], pct: u8) -> QuotaCheck {
    rating::quota(
        current
            .iter()
            .filter(|d| d.rateable)
            .filter_map(|d| d.level),
        pct,
    )
}

/// The quota's percentage: QĐ 366 states 20 %, or 25 % for a unit whose results the
/// competent level found outstanding; earlier rules use the province's setting (as the
/// server reported it on the sheet).
pub fn quota_pct(uses_scores: bool, outstanding: bool, sheet_pct: u8) -> u8 {
    match (uses_scores, outstanding) {
        (true, true) => 25,
        (true, false) => 20,
        (false, _) => sheet_pct,
    }
}

// ---------------------------------------------------------------------------------------
// Monthly sheet

/// One member's month as the user has it.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthDraft {
    pub member_id: MemberId,
    pub attendance: Option<Attendance>,
    pub absence_reason: String,
    pub absence_excused: bool,
    pub dues: Option<Dues>,
    pub dues_reason: String,
    pub dues_excused: bool,
    pub version: Option<i64>,
}

fn text_value(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl MonthDraft {
    /// A month not recorded yet.
    pub fn empty(member_id: MemberId) -> MonthDraft {
        MonthDraft {
            member_id,
            attendance: None,
            absence_reason: String::new(),
            absence_excused: false,
            dues: None,
            dues_reason: String::new(),
            dues_excused: false,
            version: None,
        }
    }

    pub fn from_row(row: &MonthlySheetRow) -> MonthDraft {
        match &row.record {
            Some(r) => MonthDraft::from_record(r),
            None => MonthDraft::empty(row.member.id),
        }
    }

    fn from_record(r: &MonthlyRecord) -> MonthDraft {
        MonthDraft {
            member_id: r.member_id,
            attendance: r.attendance,
            absence_reason: r.absence_reason.clone().unwrap_or_default(),
            absence_excused: r.absence_excused,
            dues: r.dues,
            dues_reason: r.dues_reason.clone().unwrap_or_default(),
            dues_excused: r.dues_excused,
            version: Some(r.version),
        }
    }

    /// The entry as it would be sent: a reason and its acceptance only go with an absence
    /// or unpaid dues (they mean nothing otherwise).
    pub fn entry(&self) -> MonthlyEntry {
        let absent = self.attendance == Some(Attendance::Absent);
        let unpaid = self.dues == Some(Dues::Unpaid);
        MonthlyEntry {
            member_id: self.member_id,
            attendance: self.attendance,
            absence_reason: if absent {
                text_value(&self.absence_reason)
            } else {
                None
            },
            absence_excused: absent && self.absence_excused,
            dues: self.dues,
            dues_reason: if unpaid {
                text_value(&self.dues_reason)
            } else {
                None
            },
            dues_excused: unpaid && self.dues_excused,
            version: self.version,
        }
    }

    pub fn differs_from(&self, saved: &MonthDraft) -> bool {
        let (a, b) = (self.entry(), saved.entry());
        (
            a.attendance,
            a.absence_reason,
            a.absence_excused,
            a.dues,
            a.dues_reason,
            a.dues_excused,
        ) != (
            b.attendance,
            b.absence_reason,
            b.absence_excused,
            b.dues,
            b.dues_reason,
            b.dues_excused,
        )
    }

    /// What the page asks before sending: a reason accepted as good must be written down.
    pub fn problems(&self) -> Vec<RowProblem> {
        let e = self.entry();
        let mut out = Vec::new();
        if e.absence_excused && e.absence_reason.is_none() {
            out.push(RowProblem::new(
                "absence_reason",
                "Đã công nhận lý do chính đáng thì phải ghi lý do vắng mặt.",
            ));
        }
        if e.dues_excused && e.dues_reason.is_none() {
            out.push(RowProblem::new(
                "dues_reason",
                "Đã chấp nhận lý do thì phải ghi lý do chưa đóng đảng phí.",
            ));
        }
        out
    }
}

/// The rows whose month changed.
pub fn months_to_send(current: &[MonthDraft], saved: &[MonthDraft]) -> Vec<usize> {
    current
        .iter()
        .enumerate()
        .filter(|(i, d)| {
            saved
                .get(*i)
                .is_none_or(|s| s.member_id != d.member_id || d.differs_from(s))
        })
        .map(|(i, _)| i)
        .collect()
}

/// "Chi bộ không họp tháng này": nobody attended or skipped a meeting that was not held.
pub fn no_meeting(current: &mut [MonthDraft]) {
    for d in current {
        d.attendance = Some(Attendance::NotHeld);
        d.absence_reason.clear();
        d.absence_excused = false;
    }
}

/// A month field's value (`yyyy-mm`) as the first day of the month.
pub fn parse_month(v: &str) -> Option<NaiveDate> {
    let (y, m) = v.trim().split_once('-')?;
    let y: i32 = y.parse().ok()?;
    let m: u32 = m.get(..2).unwrap_or(m).parse().ok()?;
    if !(1930..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, 1)
}

/// The first day of a month as a month field's value (`yyyy-mm`).
pub fn month_value(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// "Tháng 03/2025".
pub fn month_title(d: NaiveDate) -> String {
    format!("tháng {:02}/{:04}", d.month(), d.year())
}

// ---------------------------------------------------------------------------------------
// Rounds and suggestions

/// Suggestions by the member's branch, branches in order of name, members likewise.
pub fn by_branch(items: &[Suggestion]) -> Vec<(UnitId, String, Vec<&Suggestion>)> {
    let mut groups: BTreeMap<(String, UnitId), Vec<&Suggestion>> = BTreeMap::new();
    for s in items {
        groups
            .entry((s.unit_name.clone(), s.unit_id))
            .or_default()
            .push(s);
    }
    groups
        .into_iter()
        .map(|((name, id), mut v)| {
            v.sort_by(|a, b| {
                (&a.member_name, a.criterion, a.id).cmp(&(&b.member_name, b.criterion, b.id))
            });
            (id, name, v)
        })
        .collect()
}

/// What a detection run did, in one Vietnamese sentence.
pub fn detection_summary(run: &DetectionRun) -> String {
    format!(
        "Đã rà {} đảng viên: {} đề xuất mới, {} đề xuất được cập nhật, {} đề xuất không còn căn cứ.",
        run.members_examined, run.added, run.updated, run.withdrawn
    )
}

pub fn evidence_label(kind: EvidenceKind) -> &'static str {
    match kind {
        EvidenceKind::Rating => "Xếp loại",
        EvidenceKind::Discipline => "Kỷ luật",
        EvidenceKind::Violation => "Vi phạm",
        EvidenceKind::MonthlyRecord => "Sinh hoạt, đảng phí",
        EvidenceKind::Document => "Văn bản",
    }
}

/// The criteria a person enters with a document: those the software does not detect.
pub fn enterable_criteria() -> Vec<Criterion> {
    Criterion::ALL
        .into_iter()
        .filter(|c| c.enterable())
        .collect()
}

/// A dismissal must say why.
pub fn dismiss_note(note: &str) -> Result<String, &'static str> {
    let n = note.trim();
    if n.is_empty() {
        Err("Bỏ qua đề xuất phải ghi rõ lý do.")
    } else {
        Ok(n.to_string())
    }
}

/// A new round's defaults: the calendar year of `today`.
pub fn default_round(today: NaiveDate) -> (String, NaiveDate, NaiveDate) {
    let y = today.year();
    let from = NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(today);
    let to = NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(today);
    (format!("Rà soát đảng viên năm {y}"), from, to)
}

/// "2/5 chi bộ đã rà soát xong".
pub fn branches_label(row: &ProgressRow) -> String {
    format!(
        "{}/{} chi bộ đã rà soát xong",
        row.branches_reviewed, row.branches
    )
}

/// Whether a branch may still declare its review done from this row.
pub fn may_complete(row: &ProgressRow) -> bool {
    row.branches_reviewed < row.branches
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasoat_shared::rating::{PeriodKey, regulation_for};

    fn draft(id: i64, level: Option<RatingLevel>, score: &str) -> RatingDraft {
        RatingDraft {
            member_id: MemberId(id),
            rateable: true,
            level,
            score: score.into(),
            reasons: vec![],
            note: String::new(),
            version: None,
        }
    }

    #[test]
    fn entry_fields_name_their_row() {
        assert_eq!(entry_field("entries[3].level"), Some((3, "level")));
        assert_eq!(
            entry_field("entries[12].below_band_reasons"),
            Some((12, "below_band_reasons"))
        );
        assert_eq!(entry_field("entries[0]"), Some((0, "")));
        assert_eq!(entry_field("decision.number"), None);
        assert_eq!(entry_field("entries[x].level"), None);
    }

    #[test]
    fn server_errors_go_to_the_member_sent_at_that_index() {
        let fe = |field: &str, msg: &str| FieldError {
            field: field.into(),
            code: "c".into(),
            message: msg.into(),
        };
        let errors = vec![
            fe("entries[1].score", "Điểm sai"),
            fe("decision.signed_on", "Ngày sai"),
            fe("entries[7].level", "ngoài danh sách"),
        ];
        let (rows, rest) = split_entry_errors(&errors, &[MemberId(10), MemberId(20)]);
        assert_eq!(
            rows.get(&MemberId(20)),
            Some(&vec![RowProblem::new("score", "Điểm sai")])
        );
        assert!(!rows.contains_key(&MemberId(10)));
        // An index beyond what was sent stays on the sheet rather than vanishing.
        assert_eq!(rest.len(), 2);
    }

    #[test]
    fn scores_read_with_a_comma_or_a_point() {
        assert_eq!(parse_score("85,5"), Ok(Some(85.5)));
        assert_eq!(parse_score(" 90 "), Ok(Some(90.0)));
        assert_eq!(parse_score(""), Ok(None));
        assert_eq!(parse_score("chín mươi"), Err(()));
        assert_eq!(score_text(85.5), "85,5");
        assert_eq!(score_text(90.0), "90");
    }

    #[test]
    fn entries_are_checked_by_the_shared_rule() {
        let r366 = regulation_for(&PeriodKey::year(2025));
        let r124 = regulation_for(&PeriodKey::year(2024));
        let d = draft(1, Some(RatingLevel::Good), "69,5");
        let e = d.entry(r366, true).unwrap_err();
        assert_eq!(e[0].field, "level");
        let d = draft(1, Some(RatingLevel::Good), "75");
        assert_eq!(d.entry(r366, true).unwrap().score, Some(75.0));
        assert_eq!(
            draft(1, None, "75").entry(r366, true).unwrap_err()[0].field,
            "level"
        );
        assert_eq!(
            draft(1, Some(RatingLevel::Good), "abc")
                .entry(r366, true)
                .unwrap_err()[0]
                .field,
            "score"
        );
        // Below the band: reasons needed, and they are sent only then.
        let mut d = draft(1, Some(RatingLevel::NotCompleted), "80");
        assert!(d.below_band(true));
        assert_eq!(
            d.entry(r366, true).unwrap_err()[0].field,
            "below_band_reasons"
        );
        d.reasons = vec![BelowBandReason::Degradation];
        assert_eq!(
            d.entry(r366, true).unwrap().below_band_reasons,
            vec![BelowBandReason::Degradation]
        );
        d.score = "40".into();
        assert!(d.entry(r366, true).unwrap().below_band_reasons.is_empty());
        // QĐ 124: the level alone.
        let d = draft(1, Some(RatingLevel::NotCompleted), "");
        assert_eq!(d.entry(r124, false).unwrap().score, None);
        assert_eq!(
            draft(1, Some(RatingLevel::Good), "80")
                .entry(r124, false)
                .unwrap_err()[0]
                .field,
            "score"
        );
    }

    #[test]
    fn the_band_shows_only_for_a_score_on_the_scale() {
        assert_eq!(
            draft(1, None, "75").band_text(true),
            "→ Hoàn thành tốt nhiệm vụ"
        );
        assert_eq!(draft(1, None, "4580").band(true), None);
        assert_eq!(draft(1, None, "4580").band_text(true), "Điểm từ 0 đến 100");
        assert_eq!(draft(1, None, "abc").band_text(true), "Điểm từ 0 đến 100");
        assert_eq!(draft(1, None, "").band_text(true), "");
        assert_eq!(draft(1, None, "75").band_text(false), "");
    }

    #[test]
    fn only_changed_rows_are_sent_unless_the_sheet_fields_changed() {
        let saved = vec![
            RatingDraft {
                version: Some(3),
                ..draft(1, Some(RatingLevel::Good), "80")
            },
            draft(2, None, ""),
            draft(3, None, ""),
            RatingDraft {
                rateable: false,
                ..draft(4, None, "")
            },
        ];
        let mut current = saved.clone();
        assert!(rows_to_send(&current, &saved, false, true).is_empty());
        // The same score written differently is no change.
        current[0].score = "80,0".into();
        assert!(rows_to_send(&current, &saved, false, true).is_empty());
        current[2].level = Some(RatingLevel::Completed);
        current[2].score = "60".into();
        // A score typed without a level yet is not a row to send.
        current[1].score = "70".into();
        assert_eq!(rows_to_send(&current, &saved, false, true), vec![2]);
        // A new decision number goes to every rated row.
        assert_eq!(rows_to_send(&current, &saved, true, true), vec![0, 2]);
        // Never a row that cannot be rated.
        current[3].level = Some(RatingLevel::Good);
        assert_eq!(rows_to_send(&current, &saved, false, true), vec![2]);
    }

    #[test]
    fn the_quota_follows_the_levels_on_screen() {
        let rows: Vec<RatingDraft> = [
            RatingLevel::Good,
            RatingLevel::Good,
            RatingLevel::Good,
            RatingLevel::Good,
            RatingLevel::Excellent,
        ]
        .into_iter()
        .enumerate()
        .map(|(i, l)| draft(i as i64, Some(l), ""))
        .collect();
        assert!(live_quota(&rows, quota_pct(true, false, 20)).exceeded);
        assert!(!live_quota(&rows, quota_pct(true, true, 20)).exceeded);
        assert_eq!(quota_pct(false, true, 15), 15);
    }

    #[test]
    fn a_month_sends_reasons_only_with_an_absence_or_unpaid_dues() {
        let mut d = MonthDraft {
            member_id: MemberId(1),
            attendance: Some(Attendance::Present),
            absence_reason: "ốm".into(),
            absence_excused: true,
            dues: Some(Dues::Paid),
            ..MonthDraft::empty(MemberId(1))
        };
        let e = d.entry();
        assert_eq!((e.absence_reason, e.absence_excused), (None, false));
        assert!(d.problems().is_empty());
        d.attendance = Some(Attendance::Absent);
        assert_eq!(d.entry().absence_reason.as_deref(), Some("ốm"));
        d.absence_reason = "  ".into();
        assert_eq!(d.problems()[0].field, "absence_reason");
        d.dues = Some(Dues::Unpaid);
        d.dues_excused = true;
        assert_eq!(d.problems().len(), 2);
    }

    #[test]
    fn no_meeting_marks_everyone_and_those_rows_change() {
        let saved = vec![
            MonthDraft {
                member_id: MemberId(1),
                attendance: Some(Attendance::Absent),
                absence_reason: "đi làm xa".into(),
                version: Some(2),
                ..MonthDraft::empty(MemberId(1))
            },
            MonthDraft {
                member_id: MemberId(2),
                attendance: Some(Attendance::NotHeld),
                version: Some(1),
                ..MonthDraft::empty(MemberId(1))
            },
        ];
        let mut current = saved.clone();
        no_meeting(&mut current);
        assert!(
            current
                .iter()
                .all(|d| d.attendance == Some(Attendance::NotHeld))
        );
        assert_eq!(current[0].absence_reason, "");
        assert_eq!(months_to_send(&current, &saved), vec![0]);
    }

    #[test]
    fn month_fields() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        assert_eq!(parse_month("2025-03"), Some(d));
        assert_eq!(parse_month("2025-13"), None);
        assert_eq!(parse_month(""), None);
        assert_eq!(month_value(d), "2025-03");
        assert_eq!(month_title(d), "tháng 03/2025");
    }

    fn suggestion(id: i64, unit: i64, unit_name: &str, member: &str) -> Suggestion {
        use rasoat_shared::api::review::{SuggestionSource, SuggestionStatus};
        Suggestion {
            id,
            round_id: 1,
            member_id: MemberId(id),
            member_name: member.into(),
            unit_id: UnitId(unit),
            unit_name: unit_name.into(),
            criterion: Criterion::A1,
            source: SuggestionSource::Detected,
            reason_vi: "không hoàn thành nhiệm vụ năm 2024 và 2025".into(),
            evidence: vec![],
            status: SuggestionStatus::Pending,
            decided_by: None,
            decided_at: None,
            note: None,
            case_id: None,
            version: 1,
        }
    }

    #[test]
    fn suggestions_group_by_branch_in_name_order() {
        let items = vec![
            suggestion(1, 20, "Chi bộ Bản Phủ", "Lò Văn C"),
            suggestion(2, 10, "Chi bộ Bản Noọng", "Quàng Thị B"),
            suggestion(3, 20, "Chi bộ Bản Phủ", "Cà Văn A"),
        ];
        let g = by_branch(&items);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].1, "Chi bộ Bản Noọng");
        let names: Vec<&str> = g[1].2.iter().map(|s| s.member_name.as_str()).collect();
        assert_eq!(names, vec!["Cà Văn A", "Lò Văn C"]);
    }

    #[test]
    fn rounds_words_and_rules() {
        let run = DetectionRun {
            members_examined: 12,
            added: 2,
            updated: 1,
            withdrawn: 0,
        };
        assert!(detection_summary(&run).starts_with("Đã rà 12 đảng viên: 2 đề xuất mới"));
        let entered = enterable_criteria();
        assert!(!entered.contains(&Criterion::A1) && !entered.contains(&Criterion::B2));
        assert!(entered.contains(&Criterion::A3) && entered.contains(&Criterion::B10));
        assert_eq!(entered.len(), 10);
        assert!(dismiss_note("   ").is_err());
        assert_eq!(
            dismiss_note(" đã chuyển đi ").as_deref(),
            Ok("đã chuyển đi")
        );
        let (title, from, to) = default_round(NaiveDate::from_ymd_opt(2025, 6, 3).unwrap());
        assert_eq!(title, "Rà soát đảng viên năm 2025");
        assert_eq!(
            (from.to_string(), to.to_string()),
            ("2025-01-01".into(), "2025-12-31".into())
        );
        let row = ProgressRow {
            unit_id: UnitId(1),
            unit_name: "Đảng bộ xã".into(),
            branches: 5,
            branches_reviewed: 2,
            counts: Default::default(),
        };
        assert_eq!(branches_label(&row), "2/5 chi bộ đã rà soát xong");
        assert!(may_complete(&row));
        assert!(!may_complete(&ProgressRow {
            branches_reviewed: 5,
            ..row
        }));
    }
}
