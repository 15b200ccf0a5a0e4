//! Bulk import (`/api/v1/imports`) and its jobs.

use crate::ids::{TenantId, UnitId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

labelled_enum!(
    /// What a file imports. Units and discipline are entered through their forms for now
    /// (see the README's integration section).
    ImportKind {
        Members = ("members", "Đảng viên", "Members"),
        Ratings = ("ratings", "Xếp loại chất lượng hằng năm", "Annual quality ratings"),
        Monthly = ("monthly", "Sinh hoạt chi bộ và đảng phí hằng tháng", "Monthly attendance and dues"),
    }
);

labelled_enum!(
    ImportFormat {
        Csv = ("csv", "CSV (UTF-8)", "CSV (UTF-8)"),
        Xlsx = ("xlsx", "Excel (XLSX)", "Excel (XLSX)"),
        Json = ("json", "JSON", "JSON"),
    }
);

labelled_enum!(
    /// Where an import job stands. Only `applied` changed the register; every other state
    /// left it exactly as it was.
    ImportStatus {
        Validated = ("validated", "Đã kiểm tra, không có lỗi (chạy thử)", "Checked, no problems (dry run)"),
        Rejected = ("rejected", "Có lỗi, chưa nhập dòng nào", "Has problems; nothing applied"),
        Applying = ("applying", "Đang nhập", "Applying"),
        Applied = ("applied", "Đã nhập", "Applied"),
        Interrupted = ("interrupted", "Bị gián đoạn, chưa nhập dòng nào; gửi lại với cùng khóa chống lặp", "Interrupted; nothing applied; send again with the same key"),
        Failed = ("failed", "Lỗi hệ thống, chưa nhập dòng nào", "Failed; nothing applied"),
    }
);

/// Query of `POST /api/v1/imports`; the file is the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    pub kind: ImportKind,
    /// The unit the file belongs to: every row's branch must lie in its subtree.
    pub unit: UnitId,
    /// Check only: report every problem, change nothing (default false).
    #[serde(default)]
    pub dry_run: bool,
    /// The file's format; by default taken from the Content-Type.
    pub format: Option<ImportFormat>,
    /// The file's name, kept on the job for people to recognise it.
    pub file_name: Option<String>,
}

/// One problem of one row (and, where it lies in one, one column).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProblem {
    /// The row as a spreadsheet numbers it (the header is row 1, the first record row 2);
    /// in a JSON array, the record's position counted from 1. 0: the file as a whole.
    pub row: u32,
    /// The column's key (`date_of_birth`), when the problem lies in one.
    pub column: Option<String>,
    /// The column's Vietnamese heading.
    pub header: Option<String>,
    /// Stable code, e.g. `required`, `invalid_date`, `unit_not_found`, `duplicate_in_file`.
    pub code: String,
    /// In Vietnamese.
    pub message: String,
}

/// An import job: one file, checked and (unless a dry run) applied all at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportJob {
    pub id: i64,
    pub tenant_id: TenantId,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub kind: ImportKind,
    pub format: ImportFormat,
    pub dry_run: bool,
    pub status: ImportStatus,
    pub file_name: Option<String>,
    pub idempotency_key: Option<String>,
    /// SHA-256 of the file, hex: a retry must send the same bytes.
    pub file_sha256: String,
    /// Records in the file.
    pub total_rows: u32,
    /// Records written so far by the running attempt (progress; all are rolled back
    /// unless the job ends `applied`).
    pub processed_rows: u32,
    /// Records the job created (0 unless `applied`).
    pub applied_rows: u32,
    pub problem_count: u32,
    /// The first 1,000 problems, in row order.
    pub problems: Vec<ImportProblem>,
    /// How many times the job was started (a retry after an interruption adds one).
    pub attempts: u32,
    /// Who sent it: a user's name or a service client's name.
    pub submitted_by: String,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportJobPage {
    /// Newest first; problems are left out (open a job to read them).
    pub items: Vec<ImportJob>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct ImportListQuery {
    /// 1 to 200, default 50.
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// Most problems a job keeps and returns; the count is always exact.
pub const MAX_PROBLEMS_KEPT: usize = 1000;
