//! The screening report: the frame's rows counted from the three sources, the total as
//! their sum.

use super::frame::{Frame, FrameQuery};
use super::sources::{base_counts, case_hits, record_hits};
use crate::auth::scope::Scope;
use crate::db::DbConn;
use crate::error::AppResult;
use chrono::{NaiveDate, Utc};
use rasoat_shared::api::reports::{ColumnInfo, ReportRow, ScreeningReport};
use rasoat_shared::reports::Column;
use rasoat_shared::settings::RuleSettings;

fn median(days: &mut [i64]) -> Option<f64> {
    if days.is_empty() {
        return None;
    }
    days.sort_unstable();
    let n = days.len();
    Some(if n % 2 == 1 {
        days[n / 2] as f64
    } else {
        (days[n / 2 - 1] + days[n / 2]) as f64 / 2.0
    })
}

pub fn columns() -> Vec<ColumnInfo> {
    Column::ALL
        .iter()
        .map(|c| ColumnInfo {
            code: *c,
            group: c.group(),
            label_vi: c.label_vi().to_string(),
            label_en: c.label_en().to_string(),
        })
        .collect()
}

/// The report on the frame's unit: one row per unit directly under it (and one for what
/// is registered at the unit itself, when anything is), and the total.
pub fn report(
    conn: &mut DbConn,
    scope: &Scope,
    q: &FrameQuery,
    rules: &RuleSettings,
    today: NaiveDate,
) -> AppResult<ScreeningReport> {
    let frame = Frame::resolve(conn, scope, q, today)?;
    let width = Column::ALL.len();
    let mut counts = vec![vec![0i64; width]; frame.rows.len()];
    let mut days: Vec<Vec<i64>> = vec![Vec::new(); frame.rows.len()];

    for (i, b) in base_counts(conn, &frame)?.into_iter().enumerate() {
        let row = &mut counts[i];
        row[Column::MembersTotal.index()] = b.total;
        row[Column::MembersFull.index()] = b.full;
        row[Column::MembersProbationary.index()] = b.total - b.full;
        row[Column::MembersExempted.index()] = b.exempted;
        row[Column::MembersReviewed.index()] = b.reviewed;
    }
    for hit in case_hits(conn, &frame)? {
        for c in &hit.columns {
            counts[hit.row][c.index()] += 1;
        }
        if let Some(d) = hit.days_to_outcome {
            days[hit.row].push(d);
        }
    }
    for hit in record_hits(conn, &frame, rules)? {
        counts[hit.row][hit.column.index()] += 1;
    }

    let mut total = vec![0i64; width];
    let mut all_days = Vec::new();
    let mut rows = Vec::with_capacity(frame.rows.len());
    for (i, def) in frame.rows.iter().enumerate() {
        for (t, v) in total.iter_mut().zip(&counts[i]) {
            *t += v;
        }
        all_days.extend_from_slice(&days[i]);
        let empty = counts[i].iter().all(|v| *v == 0) && days[i].is_empty();
        // A row for the unit itself, or for a unit ended before the period, only when
        // something counts in it; the total is the sum of the rows shown either way.
        if empty && (def.direct || def.ended_before) {
            continue;
        }
        rows.push(ReportRow {
            unit: def.unit.clone(),
            direct: def.direct,
            counts: std::mem::take(&mut counts[i]),
            median_days_to_outcome: median(&mut days[i]),
        });
    }
    let total = ReportRow {
        unit: frame.unit.clone(),
        direct: false,
        counts: total,
        median_days_to_outcome: median(&mut all_days),
    };
    Ok(ScreeningReport {
        province_name: province_name(conn)?,
        unit: frame.unit,
        trail: frame.trail,
        period: frame.period,
        round: frame.round,
        rating_year: frame.period.rating_year(),
        columns: columns(),
        rows,
        total,
        generated_at: Utc::now().naive_utc(),
    })
}

/// The province root's name (the title of every export).
pub fn province_name(conn: &mut DbConn) -> AppResult<String> {
    Ok(crate::repo::units::province_root(conn)?.name)
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [30, 10, 20]), Some(20.0));
        assert_eq!(median(&mut [40, 10, 20, 30]), Some(25.0));
    }
}
