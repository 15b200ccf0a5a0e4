//! The report screens' pure parts: the grouped header of the screening table (which cell
//! spans which columns, and which headers each count cell sits under), the key figures
//! and the summary paragraph read from the total row, the period presets, the bar
//! lengths of the charts, and the reading of the report pages' address bars.

use crate::format;
use crate::pages::user::parse_date;
use chrono::{Datelike, NaiveDate};
use rasoat_shared::api::reports::{
    MembershipQuery, ReportMembersQuery, ReportRow, ReportUnit, ScreeningQuery,
};
use rasoat_shared::org::OrgType;
use rasoat_shared::reports::{Column, ColumnGroup};
use yew_router::query::FromQuery;

/// A body column of the table: a count, or the median days (not a count, so it has no
/// member list behind it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaf {
    Count(Column),
    Median,
}

impl Leaf {
    pub fn group(self) -> ColumnGroup {
        match self {
            Leaf::Count(c) => c.group(),
            Leaf::Median => ColumnGroup::Quality,
        }
    }

    fn subgroup(self) -> Option<&'static str> {
        match self {
            Leaf::Count(c) => c.subgroup_vi(),
            Leaf::Median => None,
        }
    }

    /// The stable name used in ids and `data-column`.
    pub fn code(self) -> &'static str {
        match self {
            Leaf::Count(c) => c.code(),
            Leaf::Median => "median_days_to_outcome",
        }
    }

    /// The full label (a cell's tooltip, the screen reader's name of a count).
    pub fn label_vi(self) -> &'static str {
        match self {
            Leaf::Count(c) => c.label_vi(),
            Leaf::Median => MEDIAN_LABEL,
        }
    }

    /// What the lowest header row shows.
    fn short_vi(self) -> &'static str {
        match self {
            Leaf::Count(c) => c.short_vi(),
            Leaf::Median => MEDIAN_LABEL,
        }
    }
}

pub const MEDIAN_LABEL: &str = "Số ngày trung vị từ khi đưa vào danh sách đến khi có kết quả";

/// The body columns in order: the report's columns, with the median days placed after the
/// last column of the quality group (where §14.2 lists it), or last when that group is
/// absent.
pub fn leaves(columns: &[Column]) -> Vec<Leaf> {
    let last_quality = columns
        .iter()
        .rposition(|c| c.group() == ColumnGroup::Quality);
    let mut out = Vec::with_capacity(columns.len() + 1);
    for (i, c) in columns.iter().enumerate() {
        out.push(Leaf::Count(*c));
        if Some(i) == last_quality {
            out.push(Leaf::Median);
        }
    }
    if last_quality.is_none() {
        out.push(Leaf::Median);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderKind {
    /// "STT" and "Tổ chức đảng", spanning every header row.
    Fixed,
    Group,
    Subgroup,
    Leaf(Leaf),
}

/// One `<th>` of the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderCell {
    pub id: String,
    pub text: String,
    /// The full name when the text is short ("A1" under "Xóa tên").
    pub title: Option<String>,
    pub colspan: usize,
    pub rowspan: usize,
    pub kind: HeaderKind,
}

/// The header rows and, per body column, the ids of the headers above it (for the
/// `headers` attribute of its cells, so that a screen reader names group, sub-heading and
/// column of a count).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderLayout {
    pub rows: Vec<Vec<HeaderCell>>,
    pub leaves: Vec<Leaf>,
    pub leaf_headers: Vec<String>,
}

pub const STT_HEADER: &str = "h-stt";
pub const UNIT_HEADER: &str = "h-unit";

/// Splits `items` into runs of equal keys, keeping their order: `(key, start, len)`.
fn runs<K: PartialEq + Copy>(items: &[K]) -> Vec<(K, usize, usize)> {
    let mut out: Vec<(K, usize, usize)> = Vec::new();
    for (i, k) in items.iter().enumerate() {
        match out.last_mut() {
            Some((last, _, len)) if last == k => *len += 1,
            _ => out.push((*k, i, 1)),
        }
    }
    out
}

/// The grouped header: group → sub-heading → short label (three rows when some column has
/// a sub-heading, else two). A column without a sub-heading spans the two lower rows.
pub fn header_layout(columns: &[Column]) -> HeaderLayout {
    let leaves = leaves(columns);
    let depth = if leaves.iter().any(|l| l.subgroup().is_some()) {
        3
    } else {
        2
    };
    let fixed = |id: &str, text: &str| HeaderCell {
        id: id.to_string(),
        text: text.to_string(),
        title: None,
        colspan: 1,
        rowspan: depth,
        kind: HeaderKind::Fixed,
    };
    let mut top = vec![fixed(STT_HEADER, "STT"), fixed(UNIT_HEADER, "Tổ chức đảng")];
    let mut leaf_headers = vec![String::new(); leaves.len()];
    let groups: Vec<ColumnGroup> = leaves.iter().map(|l| l.group()).collect();
    for (g, start, len) in runs(&groups) {
        let id = format!("hg-{}", g.code());
        for h in &mut leaf_headers[start..start + len] {
            h.push_str(&id);
        }
        top.push(HeaderCell {
            id,
            text: g.label_vi().to_string(),
            title: None,
            colspan: len,
            rowspan: 1,
            kind: HeaderKind::Group,
        });
    }
    let leaf_cell = |l: Leaf, rowspan: usize| HeaderCell {
        id: format!("hc-{}", l.code()),
        text: l.short_vi().to_string(),
        title: (l.short_vi() != l.label_vi()).then(|| l.label_vi().to_string()),
        colspan: 1,
        rowspan,
        kind: HeaderKind::Leaf(l),
    };
    let mut rows = vec![top];
    if depth == 2 {
        rows.push(leaves.iter().map(|l| leaf_cell(*l, 1)).collect());
    } else {
        let mut middle = Vec::new();
        let mut bottom = Vec::new();
        // A sub-heading is keyed by its group too: "Xóa tên" under the outcomes and under
        // the direct removals are two headings.
        let keys: Vec<(ColumnGroup, Option<&str>)> =
            leaves.iter().map(|l| (l.group(), l.subgroup())).collect();
        for ((g, sub), start, len) in runs(&keys) {
            match sub {
                Some(text) => {
                    let id = format!("hs-{}-{start}", g.code());
                    for h in &mut leaf_headers[start..start + len] {
                        h.push(' ');
                        h.push_str(&id);
                    }
                    middle.push(HeaderCell {
                        id,
                        text: text.to_string(),
                        title: None,
                        colspan: len,
                        rowspan: 1,
                        kind: HeaderKind::Subgroup,
                    });
                    bottom.extend(leaves[start..start + len].iter().map(|l| leaf_cell(*l, 1)));
                }
                None => middle.extend(leaves[start..start + len].iter().map(|l| leaf_cell(*l, 2))),
            }
        }
        rows.push(middle);
        rows.push(bottom);
    }
    for (h, l) in leaf_headers.iter_mut().zip(&leaves) {
        h.push_str(&format!(" hc-{}", l.code()));
    }
    HeaderLayout {
        rows,
        leaves,
        leaf_headers,
    }
}

/// A count as it reads (negative counts do not exist; shown as 0 rather than trusted).
pub fn count(n: i64) -> String {
    format::count(u64::try_from(n).unwrap_or(0))
}

/// "12,5" (a Vietnamese decimal comma), or a dash when no case reached an outcome.
pub fn median_days(m: Option<f64>) -> String {
    match m {
        Some(d) if d.is_finite() => {
            let tenths = (d * 10.0).round() as i64;
            if tenths % 10 == 0 {
                count(tenths / 10)
            } else {
                format!("{},{}", count(tenths / 10), (tenths % 10).abs())
            }
        }
        _ => format::DASH.to_string(),
    }
}

/// Name deletions of both kinds: after education and on a direct ground.
pub fn deletions(row: &ReportRow) -> i64 {
    row.count(Column::DeletedTotal) + row.count(Column::DirectDeletedTotal)
}

pub fn expulsions(row: &ReportRow) -> i64 {
    row.count(Column::ExpelledTotal) + row.count(Column::DirectExpelledTotal)
}

/// A key figure of the dashboard: its label, value, and the column whose member list it
/// opens (none for a sum of two columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFigure {
    pub id: &'static str,
    pub label: &'static str,
    pub value: i64,
    pub column: Option<Column>,
}

pub fn key_figures(total: &ReportRow) -> Vec<KeyFigure> {
    let one = |id, label, column: Column| KeyFigure {
        id,
        label,
        value: total.count(column),
        column: Some(column),
    };
    vec![
        one("kf-members", "Đảng viên cuối kỳ", Column::MembersTotal),
        one(
            "kf-listed",
            "Đưa vào danh sách giáo dục, giúp đỡ",
            Column::ListedTotal,
        ),
        one(
            "kf-open",
            "Đang giáo dục, giúp đỡ cuối kỳ",
            Column::EducationOpenEnd,
        ),
        one(
            "kf-overdue",
            "Quá thời hạn giáo dục, giúp đỡ",
            Column::EducationOverdue,
        ),
        KeyFigure {
            id: "kf-deleted",
            label: "Xóa tên (sau giáo dục và trực tiếp)",
            value: deletions(total),
            column: None,
        },
        KeyFigure {
            id: "kf-expelled",
            label: "Khai trừ (sau giáo dục và trực tiếp)",
            value: expulsions(total),
            column: None,
        },
        one(
            "kf-voluntary",
            "Cho ra khỏi Đảng theo đơn",
            Column::VoluntaryExit,
        ),
        one("kf-appeals", "Khiếu nại đã nộp", Column::AppealsFiled),
    ]
}

/// "A1: 2, A3: 1" for the non-zero criteria of four columns, or None when all are zero.
fn by_criterion(row: &ReportRow, cols: [Column; 4]) -> Option<String> {
    let parts: Vec<String> = ["A1", "A2", "A3", "A4"]
        .iter()
        .zip(cols)
        .filter(|(_, c)| row.count(*c) > 0)
        .map(|(name, c)| format!("{name}: {}", count(row.count(c))))
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The report's closing paragraphs in the words of the founding article (DOMAIN.md §1.1):
/// how many were listed, and what became of them.
pub fn summary_paragraphs(unit_name: &str, period: &str, total: &ReportRow) -> Vec<String> {
    let c = |col| count(total.count(col));
    let listed_detail = by_criterion(
        total,
        [
            Column::ListedA1,
            Column::ListedA2,
            Column::ListedA3,
            Column::ListedA4,
        ],
    )
    .map(|d| format!(" ({d})"))
    .unwrap_or_default();
    let mut out = vec![format!(
        "{period}, {unit_name} có {} đảng viên (cuối kỳ); đã đưa {} đảng viên vào danh sách giáo dục, giúp đỡ{listed_detail}.",
        c(Column::MembersTotal),
        c(Column::ListedTotal),
    )];
    out.push(format!(
        "Kết quả sau giáo dục, giúp đỡ: {} đảng viên được công nhận tiến bộ; {} đảng viên tiếp tục giáo dục, giúp đỡ; xóa tên {} đảng viên; khai trừ {} đảng viên; cho ra khỏi Đảng theo đơn {} đảng viên.",
        c(Column::ImprovedTotal),
        c(Column::ContinuedTotal),
        c(Column::DeletedTotal),
        c(Column::ExpelledTotal),
        c(Column::VoluntaryExit),
    ));
    out.push(format!(
        "Đưa ra khỏi Đảng trực tiếp theo căn cứ: xóa tên {} đảng viên, khai trừ {} đảng viên. Tổng cộng trong kỳ đã xóa tên {} và khai trừ {} đảng viên.",
        c(Column::DirectDeletedTotal),
        c(Column::DirectExpelledTotal),
        count(deletions(total)),
        count(expulsions(total)),
    ));
    out.push(format!(
        "Cuối kỳ còn {} đảng viên đang được giáo dục, giúp đỡ, trong đó {} trường hợp quá thời hạn; {} khiếu nại đã được nộp trong kỳ.",
        c(Column::EducationOpenEnd),
        c(Column::EducationOverdue),
        c(Column::AppealsFiled),
    ));
    out
}

/// "Từ ngày 01/01/2026 đến ngày 26/11/2026" — `Period::label_vi` without chrono's
/// pattern formatter, which would grow the bundle.
pub fn period_label(from: NaiveDate, to: NaiveDate) -> String {
    format!(
        "Từ ngày {} đến ngày {}",
        format::date(from),
        format::date(to)
    )
}

/// A label that starts a sentence, put inside one: "Từ ngày …" → "từ ngày …".
pub fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The year of `today` up to today (the server's default period).
pub fn this_year(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
        today,
    )
}

/// The whole of last year.
pub fn last_year(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let y = today.year() - 1;
    (
        NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(today),
        NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(today),
    )
}

/// The length of a bar of `value` when `max` fills `full` (0 when nothing is counted, a
/// sliver for a small non-zero value, so that "1" is visibly not "0").
pub fn bar_length(value: i64, max: i64, full: f64) -> f64 {
    if value <= 0 || max <= 0 {
        return 0.0;
    }
    let len = full * (value.min(max) as f64) / (max as f64);
    len.max(2.0)
}

/// A label cut to fit a chart line, with an ellipsis.
pub fn clip_label(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// How a row of the report is named: a direct row counts what is registered at the unit
/// itself — said only where units sit under it too (a branch's one row is the branch), and
/// in the words of the exports.
pub fn row_name(row: &ReportRow) -> String {
    if row.direct && row.unit.has_children {
        format!("{} (sinh hoạt trực tiếp)", row.unit.name)
    } else {
        row.unit.name.clone()
    }
}

/// The trail from the top of the scope to the unit, ending with the unit itself whether
/// or not the server listed it last.
pub fn full_trail(trail: &[ReportUnit], unit: &ReportUnit) -> Vec<ReportUnit> {
    let mut out = trail.to_vec();
    if out.last().map(|u| u.id) != Some(unit.id) {
        out.push(unit.clone());
    }
    out
}

/// The organisation the report's unit belongs to, for the top left of the printed page:
/// the unit above it in the trail.
pub fn superior_of(trail: &[ReportUnit], unit: &ReportUnit) -> Option<String> {
    let full = full_trail(trail, unit);
    let i = full.iter().position(|u| u.id == unit.id)?;
    i.checked_sub(1).map(|p| full[p].name.clone())
}

/// The place of the date line: the organisation directly under the province that the unit
/// belongs to (as the case documents do), or the province itself.
pub fn place_source(trail: &[ReportUnit], unit: &ReportUnit, province_name: &str) -> String {
    let full = full_trail(trail, unit);
    let under_province = |t: OrgType| {
        matches!(
            t,
            OrgType::DirectlySubordinate
                | OrgType::DistrictLegacy
                | OrgType::Commune
                | OrgType::UpperGrassrootsOther
        )
    };
    full.iter()
        .find(|u| under_province(u.org_type))
        .map(|u| u.name.clone())
        .unwrap_or_else(|| province_name.to_string())
}

fn pairs(query_str: &str) -> Vec<(String, String)> {
    let raw = query_str.strip_prefix('?').unwrap_or(query_str);
    Vec::<(String, String)>::from_query(raw).unwrap_or_default()
}

fn date_of(v: &str) -> Option<NaiveDate> {
    parse_date(v).ok().flatten()
}

/// The screening report's address bar (`?unit=3&from=2026-01-01&to=2026-06-30`); what
/// does not parse is left out.
pub fn parse_screening_query(query_str: &str) -> ScreeningQuery {
    let mut q = ScreeningQuery::default();
    for (key, value) in pairs(query_str) {
        let v = value.trim();
        match key.as_str() {
            "unit" => q.unit = v.parse().ok(),
            "from" => q.from = date_of(v),
            "to" => q.to = date_of(v),
            "round" => q.round = v.parse().ok(),
            _ => {}
        }
    }
    q
}

pub fn parse_members_query(query_str: &str) -> ReportMembersQuery {
    let mut q = ReportMembersQuery::default();
    for (key, value) in pairs(query_str) {
        let v = value.trim();
        match key.as_str() {
            "unit" => q.unit = v.parse().ok(),
            "direct" => q.direct = v.parse().ok().filter(|d: &bool| *d),
            "from" => q.from = date_of(v),
            "to" => q.to = date_of(v),
            "round" => q.round = v.parse().ok(),
            "column" => q.column = Column::from_code(v),
            _ => {}
        }
    }
    q
}

pub fn parse_membership_query(query_str: &str) -> MembershipQuery {
    let mut q = MembershipQuery::default();
    for (key, value) in pairs(query_str) {
        let v = value.trim();
        match key.as_str() {
            "unit" => q.unit = v.parse().ok(),
            "as_of" => q.as_of = date_of(v),
            _ => {}
        }
    }
    q
}

/// The member list behind one count of a row (`direct` rows list what is at the unit
/// itself), over the report's period.
pub fn members_query(
    report: &ScreeningQuery,
    unit: rasoat_shared::UnitId,
    direct: bool,
    column: Column,
) -> ReportMembersQuery {
    ReportMembersQuery {
        unit: Some(unit),
        direct: direct.then_some(true),
        from: report.from,
        to: report.to,
        round: report.round,
        column: Some(column),
        limit: None,
        cursor: None,
    }
}

/// The query a report page reads with: the address bar's, the unit defaulting to the
/// active role's and the period to the year to date (unless a round gives it), so that the
/// table, its member lists and its downloads all name the same period.
pub fn with_defaults(
    q: ScreeningQuery,
    today: NaiveDate,
    active_unit: Option<rasoat_shared::UnitId>,
) -> ScreeningQuery {
    let (from, to) = this_year(today);
    let dated = q.round.is_none();
    ScreeningQuery {
        unit: q.unit.or(active_unit),
        from: if dated { q.from.or(Some(from)) } else { q.from },
        to: if dated { q.to.or(Some(to)) } else { q.to },
        round: q.round,
    }
}

/// A percentage of `total` with one decimal ("12,5 %"), a dash for an empty total.
pub fn percent(n: i64, total: i64) -> String {
    if total <= 0 {
        return format::DASH.to_string();
    }
    let tenths = ((n as f64) * 1000.0 / (total as f64)).round() as i64;
    format!("{},{} %", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasoat_shared::UnitId;
    use rasoat_shared::reports::Period;
    use yew_router::query::ToQuery;

    fn unit(id: i64, name: &str, org_type: OrgType) -> ReportUnit {
        ReportUnit {
            id: UnitId(id),
            name: name.into(),
            org_type,
            has_children: true,
        }
    }

    fn row(counts: &[(Column, i64)]) -> ReportRow {
        let mut all = vec![0; Column::ALL.len()];
        for (c, n) in counts {
            all[c.index()] = *n;
        }
        ReportRow {
            unit: unit(1, "Đảng bộ tỉnh Điện Biên", OrgType::Provincial),
            direct: false,
            counts: all,
            median_days_to_outcome: None,
        }
    }

    /// The columns each header row covers, a cell spanning rows counted in the rows below.
    fn widths(layout: &HeaderLayout) -> Vec<usize> {
        let n = layout.rows.len();
        let mut w = vec![0; n];
        for (r, cells) in layout.rows.iter().enumerate() {
            for c in cells {
                for below in w.iter_mut().skip(r).take(c.rowspan) {
                    *below += c.colspan;
                }
            }
        }
        w
    }

    #[test]
    fn the_full_header_has_three_rows_that_each_cover_every_column() {
        let layout = header_layout(Column::ALL);
        assert_eq!(layout.rows.len(), 3);
        let width = 2 + Column::ALL.len() + 1;
        assert_eq!(widths(&layout), vec![width; 3]);
        assert_eq!(layout.leaves.len(), Column::ALL.len() + 1);
        // Every id is unique, and every leaf has a header cell of its own.
        let mut ids: Vec<&str> = layout
            .rows
            .iter()
            .flatten()
            .map(|c| c.id.as_str())
            .collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate header ids");
        for l in &layout.leaves {
            assert!(ids.contains(&format!("hc-{}", l.code()).as_str()), "{l:?}");
        }
    }

    #[test]
    fn groups_and_subgroups_span_their_columns() {
        let layout = header_layout(Column::ALL);
        let top: Vec<(&str, usize)> = layout.rows[0]
            .iter()
            .map(|c| (c.text.as_str(), c.colspan))
            .collect();
        assert_eq!(top[0], ("STT", 1));
        assert_eq!(top[1], ("Tổ chức đảng", 1));
        assert_eq!(
            top[2],
            (
                "Số lượng đảng viên",
                Column::of_group(ColumnGroup::Base).count()
            )
        );
        // The quality group carries the median beside its counts.
        let quality = layout.rows[0]
            .iter()
            .find(|c| c.id == "hg-quality")
            .unwrap();
        assert_eq!(
            quality.colspan,
            Column::of_group(ColumnGroup::Quality).count() + 1
        );
        // "Xóa tên" twice: after education (Tổng + A1–A4) and direct (Tổng + B1–B8).
        let deleted: Vec<usize> = layout.rows[1]
            .iter()
            .filter(|c| c.text == "Xóa tên")
            .map(|c| c.colspan)
            .collect();
        assert_eq!(deleted, vec![5, 9]);
        // A column without a sub-heading spans the two lower rows with its full label.
        let members = layout.rows[1]
            .iter()
            .find(|c| c.id == "hc-members_total")
            .unwrap();
        assert_eq!(
            (members.rowspan, members.text.as_str()),
            (2, "Tổng số đảng viên cuối kỳ")
        );
        // Under a sub-heading, the short label with the full one as its title.
        let a1 = layout.rows[2]
            .iter()
            .find(|c| c.id == "hc-deleted_a1")
            .unwrap();
        assert_eq!(a1.text, "A1");
        assert_eq!(a1.title.as_deref(), Some("Xóa tên: A1"));
    }

    #[test]
    fn each_count_names_its_headers() {
        let layout = header_layout(Column::ALL);
        let at = |code: &str| {
            let i = layout.leaves.iter().position(|l| l.code() == code).unwrap();
            layout.leaf_headers[i].clone()
        };
        assert_eq!(at("members_total"), "hg-base hc-members_total");
        let b3 = at("deleted_b3");
        assert!(
            b3.starts_with("hg-direct_removals hs-direct_removals-"),
            "{b3}"
        );
        assert!(b3.ends_with(" hc-deleted_b3"), "{b3}");
        assert_eq!(
            at("median_days_to_outcome"),
            "hg-quality hc-median_days_to_outcome"
        );
        // The median sits right after the last quality column.
        let q = layout
            .leaves
            .iter()
            .position(|l| *l == Leaf::Count(Column::AppealsChanged))
            .unwrap();
        assert_eq!(layout.leaves[q + 1], Leaf::Median);
    }

    #[test]
    fn without_subheadings_the_header_has_two_rows() {
        let cols = [Column::MembersTotal, Column::ListedTotal, Column::ListedA1];
        let layout = header_layout(&cols);
        assert_eq!(layout.rows.len(), 2);
        assert_eq!(widths(&layout), vec![2 + 3 + 1; 2]);
        assert_eq!(layout.leaves.last(), Some(&Leaf::Median));
    }

    #[test]
    fn the_summary_reads_the_totals() {
        let total = row(&[
            (Column::MembersTotal, 1234),
            (Column::ListedTotal, 7),
            (Column::ListedA1, 5),
            (Column::ListedA4, 2),
            (Column::ImprovedTotal, 3),
            (Column::DeletedTotal, 1),
            (Column::DirectDeletedTotal, 4),
            (Column::ExpelledTotal, 2),
            (Column::EducationOpenEnd, 2),
            (Column::EducationOverdue, 1),
        ]);
        let p = summary_paragraphs(
            "Đảng bộ tỉnh Điện Biên",
            "Từ ngày 01/01/2026 đến ngày 30/06/2026",
            &total,
        );
        assert_eq!(
            p[0],
            "Từ ngày 01/01/2026 đến ngày 30/06/2026, Đảng bộ tỉnh Điện Biên có 1.234 đảng viên (cuối kỳ); đã đưa 7 đảng viên vào danh sách giáo dục, giúp đỡ (A1: 5, A4: 2)."
        );
        assert!(
            p[1].contains("3 đảng viên được công nhận tiến bộ"),
            "{}",
            p[1]
        );
        assert!(
            p[1].contains("xóa tên 1 đảng viên; khai trừ 2 đảng viên"),
            "{}",
            p[1]
        );
        assert!(
            p[2].contains("đã xóa tên 5 và khai trừ 2 đảng viên"),
            "{}",
            p[2]
        );
        assert!(
            p[3].contains(
                "còn 2 đảng viên đang được giáo dục, giúp đỡ, trong đó 1 trường hợp quá thời hạn"
            ),
            "{}",
            p[3]
        );
    }

    #[test]
    fn key_figures_add_both_kinds_of_removal() {
        let total = row(&[
            (Column::DeletedTotal, 1),
            (Column::DirectDeletedTotal, 4),
            (Column::ExpelledTotal, 2),
            (Column::DirectExpelledTotal, 3),
            (Column::AppealsFiled, 6),
        ]);
        let k = key_figures(&total);
        let of = |id: &str| k.iter().find(|f| f.id == id).unwrap().clone();
        assert_eq!((of("kf-deleted").value, of("kf-deleted").column), (5, None));
        assert_eq!(of("kf-expelled").value, 5);
        assert_eq!(
            (of("kf-appeals").value, of("kf-appeals").column),
            (6, Some(Column::AppealsFiled))
        );
        assert_eq!(k.len(), 8);
    }

    #[test]
    fn the_period_label_matches_the_shared_one() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let p = Period::new(d(2026, 1, 1), d(2026, 11, 26)).unwrap();
        assert_eq!(period_label(p.from, p.to), p.label_vi());
        assert_eq!(this_year(d(2026, 11, 26)), (d(2026, 1, 1), d(2026, 11, 26)));
        assert_eq!(last_year(d(2026, 11, 26)), (d(2025, 1, 1), d(2025, 12, 31)));
        assert_eq!(
            lower_first(&p.label_vi()),
            "từ ngày 01/01/2026 đến ngày 26/11/2026"
        );
        assert_eq!(lower_first("Đảng bộ"), "đảng bộ");
    }

    #[test]
    fn bars_scale_to_the_largest_and_small_values_stay_visible() {
        assert_eq!(bar_length(0, 10, 200.0), 0.0);
        assert_eq!(bar_length(5, 0, 200.0), 0.0);
        assert_eq!(bar_length(10, 10, 200.0), 200.0);
        assert_eq!(bar_length(5, 10, 200.0), 100.0);
        assert_eq!(bar_length(1, 10_000, 200.0), 2.0);
        assert_eq!(clip_label("Chi bộ 1", 20), "Chi bộ 1");
        assert_eq!(
            clip_label("Đảng bộ thành phố Điện Biên Phủ", 10),
            "Đảng bộ t…"
        );
    }

    #[test]
    fn numbers_read_in_vietnamese() {
        assert_eq!(count(-3), "0");
        assert_eq!(count(1234), "1.234");
        assert_eq!(median_days(None), "—");
        assert_eq!(median_days(Some(12.0)), "12");
        assert_eq!(median_days(Some(12.46)), "12,5");
        assert_eq!(percent(1, 8), "12,5 %");
        assert_eq!(percent(0, 0), "—");
    }

    #[test]
    fn queries_round_trip_through_the_address_bar() {
        let q = parse_screening_query("?unit=12&from=2026-01-01&to=2026-06-30&bad=1");
        assert_eq!(q.unit, Some(UnitId(12)));
        assert_eq!(q.from, NaiveDate::from_ymd_opt(2026, 1, 1));
        assert_eq!(q.to, NaiveDate::from_ymd_opt(2026, 6, 30));
        assert_eq!(q.round, None);
        let back = q.to_query().unwrap();
        assert_eq!(back, "unit=12&from=2026-01-01&to=2026-06-30");
        assert_eq!(parse_screening_query(&back), q);
        assert_eq!(
            parse_screening_query("from=2026-13-01&unit=x"),
            ScreeningQuery::default()
        );

        let m = members_query(&q, UnitId(40), true, Column::DeletedB3);
        let text = m.to_query().unwrap();
        assert_eq!(
            text,
            "unit=40&direct=true&from=2026-01-01&to=2026-06-30&column=deleted_b3"
        );
        assert_eq!(parse_members_query(&text), m);
        assert_eq!(parse_members_query("direct=false").direct, None);

        let s = parse_membership_query("unit=3&as_of=2026-06-30");
        assert_eq!(
            (s.unit, s.as_of),
            (Some(UnitId(3)), NaiveDate::from_ymd_opt(2026, 6, 30))
        );
    }

    #[test]
    fn the_period_defaults_to_the_year_to_date_unless_a_round_gives_it() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let q = with_defaults(ScreeningQuery::default(), today, Some(UnitId(5)));
        assert_eq!(q.unit, Some(UnitId(5)));
        assert_eq!(
            (q.from, q.to),
            (NaiveDate::from_ymd_opt(2026, 1, 1), Some(today))
        );
        let chosen = ScreeningQuery {
            unit: Some(UnitId(9)),
            ..ScreeningQuery::default()
        };
        assert_eq!(
            with_defaults(chosen, today, Some(UnitId(5))).unit,
            Some(UnitId(9))
        );
        let round = ScreeningQuery {
            round: Some(4),
            ..ScreeningQuery::default()
        };
        let q = with_defaults(round, today, None);
        assert_eq!((q.from, q.to, q.round), (None, None, Some(4)));
    }

    #[test]
    fn the_printed_header_names_the_superior_and_the_place() {
        let province = unit(1, "Đảng bộ tỉnh Điện Biên", OrgType::Provincial);
        let city = unit(
            2,
            "Đảng bộ thành phố Điện Biên Phủ",
            OrgType::DirectlySubordinate,
        );
        let ward = unit(3, "Đảng bộ phường Him Lam", OrgType::GrassrootsPartyOrg);
        let trail = vec![province.clone(), city.clone(), ward.clone()];
        assert_eq!(
            superior_of(&trail, &ward).as_deref(),
            Some("Đảng bộ thành phố Điện Biên Phủ")
        );
        assert_eq!(superior_of(&trail[..1], &province), None);
        // The server may leave the unit itself out of the trail.
        assert_eq!(
            superior_of(&trail[..2], &ward).as_deref(),
            Some("Đảng bộ thành phố Điện Biên Phủ")
        );
        assert_eq!(
            place_source(&trail, &ward, "Đảng bộ tỉnh Điện Biên"),
            "Đảng bộ thành phố Điện Biên Phủ"
        );
        assert_eq!(
            place_source(&trail[..1], &province, "Đảng bộ tỉnh Điện Biên"),
            "Đảng bộ tỉnh Điện Biên"
        );
    }
}
