//! The import screen's pure parts: which content type a chosen file is sent as, the
//! sample file built in the browser, the idempotency key's text, and when "apply" may be
//! offered (only after a clean dry run of the very file, unit and kind on screen).

use rasoat_shared::UnitId;
use rasoat_shared::api::imports::{ImportJob, ImportKind, ImportStatus};
use rasoat_shared::imports::ImportColumn;

pub const CSV: &str = "text/csv";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const JSON: &str = "application/json";

/// What the file input accepts (extensions and types, for the browser's file chooser).
pub const ACCEPT: &str = ".csv,.xlsx,.json,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The content type a file is sent as: by its extension, else by the type the browser
/// reports (which is often empty or `application/vnd.ms-excel` for a CSV on Windows).
/// `None`: not a format the server reads.
pub fn content_type_for(file_name: &str, browser_type: &str) -> Option<&'static str> {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => return Some(CSV),
        "xlsx" => return Some(XLSX),
        "json" => return Some(JSON),
        _ => {}
    }
    match browser_type.split(';').next().unwrap_or("").trim() {
        "text/csv" => Some(CSV),
        t if t == XLSX => Some(XLSX),
        "application/json" => Some(JSON),
        _ => None,
    }
}

/// One CSV field, quoted when it holds a separator, a quote or a line break (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The sample file: a UTF-8 byte-order mark (so that Excel reads the diacritics), the
/// Vietnamese headings, and one example row.
pub fn template_csv(columns: &[ImportColumn]) -> String {
    let line = |f: &dyn Fn(&ImportColumn) -> &str| {
        columns
            .iter()
            .map(|c| csv_field(f(c)))
            .collect::<Vec<_>>()
            .join(",")
    };
    format!(
        "\u{feff}{}\r\n{}\r\n",
        line(&|c| c.header_vi),
        line(&|c| c.example)
    )
}

/// The sample file as a link target.
pub fn template_href(columns: &[ImportColumn]) -> String {
    let csv = template_csv(columns);
    let encoded: String = js_sys::encode_uri_component(&csv).into();
    format!("data:text/csv;charset=utf-8,{encoded}")
}

/// Lower-case hex of some bytes (the idempotency key's text).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh idempotency key: 16 random bytes from the browser's CSPRNG, in hex (32
/// characters, well under the server's 100).
pub fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // No Web Crypto (a very old browser): still unique enough for one person's retries.
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    hex(&bytes)
}

/// What a dry run checked: the file (by its serial on this page), the unit and the kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub file: u32,
    pub unit: UnitId,
    pub kind: ImportKind,
}

/// "Apply" is offered only when the last dry run was of exactly what is on screen now and
/// found no problem.
pub fn may_apply(checked: Option<(Target, &ImportJob)>, now: Option<Target>) -> bool {
    match (checked, now) {
        (Some((t, job)), Some(n)) => t == n && job.dry_run && job.status == ImportStatus::Validated,
        _ => false,
    }
}

/// Whether a job still runs (its progress is polled).
pub fn is_running(job: &ImportJob) -> bool {
    job.status == ImportStatus::Applying
}

/// An apply that ended without writing anything may be sent again with the same key.
pub fn may_retry(job: &ImportJob) -> bool {
    matches!(job.status, ImportStatus::Interrupted | ImportStatus::Failed)
}

/// "Đã ghi 120 / 300 dòng".
pub fn progress_text(job: &ImportJob) -> String {
    format!(
        "Đã ghi {} / {} dòng",
        crate::format::count(u64::from(job.processed_rows)),
        crate::format::count(u64::from(job.total_rows))
    )
}

/// Where a problem lies, as the problem table shows it: the row (0 is the whole file).
pub fn row_label(row: u32) -> String {
    if row == 0 {
        "Cả tệp".to_string()
    } else {
        row.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use rasoat_shared::TenantId;
    use rasoat_shared::api::imports::ImportFormat;
    use rasoat_shared::imports::MEMBER_COLUMNS;

    fn job(dry_run: bool, status: ImportStatus) -> ImportJob {
        ImportJob {
            id: 1,
            tenant_id: TenantId(1),
            unit_id: UnitId(3),
            unit_name: "Chi bộ".into(),
            kind: ImportKind::Members,
            format: ImportFormat::Csv,
            dry_run,
            status,
            file_name: Some("a.csv".into()),
            idempotency_key: None,
            file_sha256: String::new(),
            total_rows: 3,
            processed_rows: 1,
            applied_rows: 0,
            problem_count: 0,
            problems: vec![],
            attempts: 1,
            submitted_by: "x".into(),
            created_at: Utc::now(),
            finished_at: None,
        }
    }

    #[test]
    fn files_are_sent_as_their_format() {
        assert_eq!(content_type_for("ds.CSV", ""), Some(CSV));
        assert_eq!(
            content_type_for("ds.csv", "application/vnd.ms-excel"),
            Some(CSV)
        );
        assert_eq!(content_type_for("ds.xlsx", ""), Some(XLSX));
        assert_eq!(content_type_for("ds.json", ""), Some(JSON));
        assert_eq!(content_type_for("ds", "text/csv; charset=utf-8"), Some(CSV));
        assert_eq!(content_type_for("ds.xls", "application/vnd.ms-excel"), None);
        assert_eq!(content_type_for("ds.pdf", "application/pdf"), None);
    }

    #[test]
    fn the_template_has_the_headings_and_one_example_row() {
        let csv = template_csv(&MEMBER_COLUMNS);
        assert!(csv.starts_with('\u{feff}'), "a byte-order mark for Excel");
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), 2, "{csv}");
        assert!(lines[0].starts_with("Mã chi bộ,Họ và tên,Giới tính,Ngày sinh"));
        // "Cán bộ, công chức, viên chức" holds commas: quoted.
        assert!(lines[0].contains("\"Cán bộ, công chức, viên chức\""));
        assert!(lines[1].starts_with("DBP-01-03,Lò Văn Pọm,Nam,12/05/1978,Thái"));
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn apply_needs_a_clean_dry_run_of_what_is_on_screen() {
        let t = Target {
            file: 2,
            unit: UnitId(3),
            kind: ImportKind::Members,
        };
        let clean = job(true, ImportStatus::Validated);
        let rejected = job(true, ImportStatus::Rejected);
        assert!(may_apply(Some((t, &clean)), Some(t)));
        assert!(!may_apply(Some((t, &rejected)), Some(t)));
        assert!(!may_apply(None, Some(t)));
        assert!(!may_apply(Some((t, &clean)), None));
        let other_file = Target { file: 3, ..t };
        let other_unit = Target {
            unit: UnitId(4),
            ..t
        };
        assert!(!may_apply(Some((t, &clean)), Some(other_file)));
        assert!(!may_apply(Some((t, &clean)), Some(other_unit)));
    }

    #[test]
    fn progress_and_rows_read_in_vietnamese() {
        let mut j = job(false, ImportStatus::Applying);
        j.processed_rows = 1200;
        j.total_rows = 3000;
        assert!(is_running(&j));
        assert_eq!(progress_text(&j), "Đã ghi 1.200 / 3.000 dòng");
        assert!(may_retry(&job(false, ImportStatus::Interrupted)));
        assert!(!may_retry(&job(false, ImportStatus::Applied)));
        assert_eq!(row_label(0), "Cả tệp");
        assert_eq!(row_label(7), "7");
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
