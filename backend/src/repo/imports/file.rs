//! Reading an import file (CSV, XLSX or JSON) into rows of cells keyed by column.
//! Problems with the file as a whole or its header row become row problems (row 0 or 1),
//! never errors: the sender gets them all in one answer.

use rasoat_shared::api::imports::{ImportFormat, ImportKind, ImportProblem};
use rasoat_shared::imports::{self, ImportColumn};
use std::collections::HashMap;

/// Most records one file may hold (a tenant has a few thousand members; the province,
/// 43,000). A larger file is refused whole.
pub const MAX_ROWS: usize = 200_000;

/// One record: its row number as the sender numbers it, and its cells by column key.
#[derive(Debug, Clone)]
pub struct RawRow {
    pub row: u32,
    pub cells: HashMap<&'static str, String>,
}

impl RawRow {
    pub fn cell(&self, key: &str) -> &str {
        self.cells.get(key).map(String::as_str).unwrap_or("")
    }
}

#[derive(Debug, Default)]
pub struct ParsedFile {
    pub rows: Vec<RawRow>,
    pub problems: Vec<ImportProblem>,
}

pub fn problem(
    row: u32,
    column: Option<&ImportColumn>,
    code: &str,
    message: String,
) -> ImportProblem {
    ImportProblem {
        row,
        column: column.map(|c| c.key.to_string()),
        header: column.map(|c| c.header_vi.to_string()),
        code: code.to_string(),
        message,
    }
}

fn whole_file(code: &str, message: impl Into<String>) -> ParsedFile {
    ParsedFile {
        rows: Vec::new(),
        problems: vec![problem(0, None, code, message.into())],
    }
}

/// Reads `bytes` as a file of `format` holding records of `kind`.
pub fn read(kind: ImportKind, format: ImportFormat, bytes: &[u8]) -> ParsedFile {
    let parsed = match format {
        ImportFormat::Csv => read_csv(kind, bytes),
        ImportFormat::Xlsx => read_xlsx(kind, bytes),
        ImportFormat::Json => read_json(kind, bytes),
    };
    if parsed.problems.is_empty() && parsed.rows.is_empty() {
        return whole_file("empty_file", "Tệp không có dòng dữ liệu nào.");
    }
    if parsed.rows.len() > MAX_ROWS {
        return whole_file(
            "too_many_rows",
            format!(
                "Tệp có {} dòng; mỗi lần nhập tối đa {MAX_ROWS} dòng.",
                parsed.rows.len()
            ),
        );
    }
    parsed
}

/// Maps a header row to columns: which position holds which column. Unknown headings are
/// ignored (exports carry more columns than we keep); a missing required column or a
/// column named twice is a problem of row 1.
fn map_header(
    kind: ImportKind,
    headers: &[String],
) -> (Vec<Option<&'static ImportColumn>>, Vec<ImportProblem>) {
    let mut problems = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut map = Vec::with_capacity(headers.len());
    for (i, h) in headers.iter().enumerate() {
        let col = imports::column_for_header(kind, h);
        if let Some(c) = col
            && let Some(first) = seen.insert(c.key, i)
        {
            problems.push(problem(
                1,
                Some(c),
                "duplicate_column",
                format!(
                    "Cột “{}” có hai lần (cột thứ {} và {}).",
                    c.header_vi,
                    first + 1,
                    i + 1
                ),
            ));
        }
        map.push(col);
    }
    for c in imports::columns(kind).iter().filter(|c| c.required) {
        if !seen.contains_key(c.key) {
            problems.push(problem(
                1,
                Some(c),
                "missing_column",
                format!("Thiếu cột “{}”.", c.header_vi),
            ));
        }
    }
    (map, problems)
}

fn row_of(
    number: u32,
    map: &[Option<&'static ImportColumn>],
    values: impl Iterator<Item = String>,
) -> Option<RawRow> {
    let mut cells = HashMap::new();
    for (col, v) in map.iter().zip(values) {
        if let Some(c) = col
            && !v.trim().is_empty()
        {
            cells.insert(c.key, v);
        }
    }
    // A blank line between records is not a record.
    (!cells.is_empty()).then_some(RawRow { row: number, cells })
}

fn read_csv(kind: ImportKind, bytes: &[u8]) -> ParsedFile {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if std::str::from_utf8(bytes).is_err() {
        return whole_file(
            "not_utf8",
            "Tệp CSV phải lưu với mã UTF-8 (trong Excel: “CSV UTF-8”).",
        );
    }
    // Excel in a Vietnamese locale separates with ';' (the comma is the decimal mark).
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let semis = first_line.iter().filter(|b| **b == b';').count();
    let commas = first_line.iter().filter(|b| **b == b',').count();
    let delimiter = if semis > commas { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.records();
    let headers: Vec<String> = match records.next() {
        Some(Ok(r)) => r.iter().map(str::to_string).collect(),
        Some(Err(e)) => {
            return whole_file("unreadable", format!("Không đọc được dòng tiêu đề: {e}."));
        }
        None => return whole_file("empty_file", "Tệp trống."),
    };
    let (map, mut problems) = map_header(kind, &headers);
    let mut rows = Vec::new();
    for (i, rec) in records.enumerate() {
        let number = u32::try_from(i + 2).unwrap_or(u32::MAX);
        match rec {
            Ok(r) => {
                if let Some(row) = row_of(number, &map, r.iter().map(str::to_string)) {
                    rows.push(row);
                }
            }
            Err(e) => problems.push(problem(
                number,
                None,
                "unreadable",
                format!("Không đọc được dòng: {e}."),
            )),
        }
        if rows.len() > MAX_ROWS {
            break;
        }
    }
    ParsedFile { rows, problems }
}

fn xlsx_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => {
            if *b {
                "x".into()
            } else {
                String::new()
            }
        }
        // An Excel date is a serial day count from 1899-12-30 (the 1900 system).
        Data::DateTime(d) => chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|epoch| epoch.checked_add_signed(chrono::Duration::days(d.as_f64() as i64)))
            .map(|day| day.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| d.to_string()),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn read_xlsx(kind: ImportKind, bytes: &[u8]) -> ParsedFile {
    use calamine::Reader;
    let mut book = match calamine::Xlsx::new(std::io::Cursor::new(bytes)) {
        Ok(b) => b,
        Err(e) => {
            return whole_file(
                "unreadable",
                format!("Không mở được tệp Excel (XLSX): {e}."),
            );
        }
    };
    let Some(range) = book.worksheet_range_at(0) else {
        return whole_file("empty_file", "Tệp Excel không có trang tính nào.");
    };
    let range = match range {
        Ok(r) => r,
        Err(e) => return whole_file("unreadable", format!("Không đọc được trang tính đầu: {e}.")),
    };
    // Row numbers as Excel shows them, even when the sheet does not start at A1.
    let first_row = range.start().map(|(r, _)| r).unwrap_or(0);
    let mut rows_iter = range.rows();
    let headers: Vec<String> = match rows_iter.next() {
        Some(r) => r.iter().map(xlsx_text).collect(),
        None => return whole_file("empty_file", "Trang tính đầu trống."),
    };
    let (map, problems) = map_header(kind, &headers);
    let mut rows = Vec::new();
    for (i, r) in rows_iter.enumerate() {
        let number = u32::try_from(i)
            .unwrap_or(u32::MAX)
            .saturating_add(first_row + 2);
        if let Some(row) = row_of(number, &map, r.iter().map(xlsx_text)) {
            rows.push(row);
        }
        if rows.len() > MAX_ROWS {
            break;
        }
    }
    ParsedFile { rows, problems }
}

fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(b) => {
            if *b {
                "x".into()
            } else {
                String::new()
            }
        }
        other => other.to_string(),
    }
}

fn read_json(kind: ImportKind, bytes: &[u8]) -> ParsedFile {
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return whole_file("unreadable", format!("Không đọc được JSON: {e}.")),
    };
    let Some(items) = value.as_array() else {
        return whole_file(
            "unreadable",
            "Tệp JSON phải là một mảng các bản ghi ([{…}, {…}]).",
        );
    };
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let Some(obj) = item.as_object() else {
            problems.push(problem(
                number,
                None,
                "unreadable",
                "Bản ghi phải là một đối tượng JSON.".into(),
            ));
            continue;
        };
        let mut cells = HashMap::new();
        for (k, v) in obj {
            match imports::column_for_header(kind, k) {
                Some(c) => {
                    let text = json_text(v);
                    if !text.trim().is_empty() {
                        cells.insert(c.key, text);
                    }
                }
                None => problems.push(problem(
                    number,
                    None,
                    "unknown_field",
                    format!("Trường “{k}” không có trong danh mục cột."),
                )),
            }
        }
        rows.push(RawRow { row: number, cells });
        if rows.len() > MAX_ROWS {
            break;
        }
    }
    ParsedFile { rows, problems }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_semicolons_and_vietnamese_headings() {
        let text = "\u{feff}Mã chi bộ;Họ và tên;Giới tính;Ngày sinh;Dân tộc;Ngày vào Đảng;Quê quán\n\
                    CB-1;Lò Văn Pọm;Nam;12/05/1978;Thái;03/02/2005;Điện Biên\n\
                    ;;;;;;\n\
                    CB-2;\"Quàng Thị; Én\";Nữ;1/1/1990;Thái;1/1/2015;\n";
        let f = read(ImportKind::Members, ImportFormat::Csv, text.as_bytes());
        assert!(f.problems.is_empty(), "{:?}", f.problems);
        assert_eq!(f.rows.len(), 2);
        assert_eq!(f.rows[0].row, 2);
        assert_eq!(f.rows[0].cell("full_name"), "Lò Văn Pọm");
        assert_eq!(f.rows[1].row, 4);
        assert_eq!(f.rows[1].cell("full_name"), "Quàng Thị; Én");
    }

    #[test]
    fn a_missing_required_column_is_a_problem_of_row_one() {
        let f = read(
            ImportKind::Members,
            ImportFormat::Csv,
            "Họ và tên,Giới tính\nA,Nam\n".as_bytes(),
        );
        let missing: Vec<_> = f
            .problems
            .iter()
            .filter(|p| p.row == 1 && p.code == "missing_column")
            .filter_map(|p| p.column.clone())
            .collect();
        assert!(missing.contains(&"unit_code".to_string()), "{missing:?}");
        assert!(
            missing.contains(&"date_of_birth".to_string()),
            "{missing:?}"
        );
        assert!(!missing.contains(&"full_name".to_string()));
    }

    #[test]
    fn garbage_is_a_problem_of_the_whole_file() {
        for (format, bytes) in [
            (ImportFormat::Json, &b"{not json"[..]),
            (ImportFormat::Json, &b"{\"a\":1}"[..]),
            (ImportFormat::Xlsx, &b"PK\x03\x04 not a zip"[..]),
            (ImportFormat::Csv, &b"\xff\xfe\x00"[..]),
            (ImportFormat::Csv, &b""[..]),
        ] {
            let f = read(ImportKind::Members, format, bytes);
            assert!(f.rows.is_empty());
            assert_eq!(f.problems.len(), 1, "{format:?}");
            assert_eq!(f.problems[0].row, 0);
        }
    }

    #[test]
    fn json_records_by_key_with_unknown_fields_reported() {
        let f = read(
            ImportKind::Members,
            ImportFormat::Json,
            br#"[{"full_name":"A","unit_code":"X","exempted":true,"ethnicity":3,"hobby":"x"}]"#,
        );
        assert_eq!(f.rows.len(), 1);
        assert_eq!(f.rows[0].cell("exempted"), "x");
        assert_eq!(f.rows[0].cell("ethnicity"), "3");
        assert_eq!(f.problems.len(), 1);
        assert_eq!(f.problems[0].code, "unknown_field");
    }
}
