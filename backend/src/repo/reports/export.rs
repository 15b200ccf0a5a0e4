//! The screening report as files: XLSX with the grouped headers Party staff build in
//! Excel (title with the unit and the period, group → sub-heading → column, a row of
//! column numbers, the rows, the total in bold), and CSV in UTF-8 with a byte-order mark
//! (so that Excel opens the Vietnamese text correctly).

use crate::error::{AppError, AppResult};
use rasoat_shared::api::reports::{ReportRow, ScreeningReport};
use rasoat_shared::reports::{Column, ColumnGroup};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

fn subtitle(r: &ScreeningReport) -> String {
    format!("{} — {}", r.unit.name, r.period.label_vi())
}

/// The file name of an export ("bao-cao-ra-soat_123_2026-01-01_2026-11-26.xlsx").
pub fn file_name(r: &ScreeningReport, ext: &str) -> String {
    format!(
        "bao-cao-ra-soat_{}_{}_{}.{ext}",
        r.unit.id.0, r.period.from, r.period.to
    )
}

/// What a row is called in the files.
fn row_name(row: &ReportRow) -> String {
    if row.direct && row.unit.has_children {
        format!("{} (sinh hoạt trực tiếp)", row.unit.name)
    } else {
        row.unit.name.clone()
    }
}

fn median_text(row: &ReportRow) -> String {
    row.median_days_to_outcome
        .map(|d| format!("{d}"))
        .unwrap_or_default()
}

/// The header of a column in a one-row (CSV) header.
fn flat_header(c: Column) -> String {
    match c.subgroup_vi() {
        Some(sub) => format!("{} — {}: {}", c.group().label_vi(), sub, c.short_vi()),
        None => format!("{} — {}", c.group().label_vi(), c.label_vi()),
    }
}

const MEDIAN_HEADER: &str = "Số ngày trung vị từ khi đưa vào danh sách đến khi có kết quả";

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// CSV: a title line, the header, one line per row and the total. Counts in the order
/// of `Column::ALL`, the median last.
pub fn csv(r: &ScreeningReport) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let line = |cells: Vec<String>| -> String {
        cells
            .iter()
            .map(|c| csv_field(c))
            .collect::<Vec<_>>()
            .join(",")
            + "\r\n"
    };
    let mut header = vec!["STT".to_string(), "Tổ chức đảng".to_string()];
    header.extend(Column::ALL.iter().map(|c| flat_header(*c)));
    header.push(format!(
        "{} — {}",
        ColumnGroup::Quality.label_vi(),
        MEDIAN_HEADER
    ));
    out += &line(vec![format!(
        "BÁO CÁO KẾT QUẢ RÀ SOÁT, SÀNG LỌC ĐẢNG VIÊN: {}",
        subtitle(r)
    )]);
    out += &line(header);
    for (i, row) in r.rows.iter().enumerate() {
        let mut cells = vec![(i + 1).to_string(), row_name(row)];
        cells.extend(row.counts.iter().map(|n| n.to_string()));
        cells.push(median_text(row));
        out += &line(cells);
    }
    let mut cells = vec![String::new(), "Tổng cộng".to_string()];
    cells.extend(r.total.counts.iter().map(|n| n.to_string()));
    cells.push(median_text(&r.total));
    out += &line(cells);
    out.into_bytes()
}

fn xlsx_error(e: XlsxError) -> AppError {
    AppError::internal(anyhow::anyhow!("writing the workbook: {e}"))
}

/// The columns of the sheet after "STT" and the unit name: every count, and the median
/// at the end of the process-quality group.
#[derive(Clone, Copy)]
enum Cell {
    Count(Column),
    Median,
}

fn layout() -> Vec<Cell> {
    let mut cells = Vec::new();
    for g in ColumnGroup::ALL {
        cells.extend(Column::of_group(*g).map(Cell::Count));
        if *g == ColumnGroup::Quality {
            cells.push(Cell::Median);
        }
    }
    cells
}

fn group_of(c: Cell) -> ColumnGroup {
    match c {
        Cell::Count(c) => c.group(),
        Cell::Median => ColumnGroup::Quality,
    }
}

fn subgroup_of(c: Cell) -> Option<&'static str> {
    match c {
        Cell::Count(c) => c.subgroup_vi(),
        Cell::Median => None,
    }
}

fn label_of(c: Cell) -> &'static str {
    match c {
        Cell::Count(c) => c.short_vi(),
        Cell::Median => MEDIAN_HEADER,
    }
}

/// Runs of equal keys: (first index, last index, key).
fn runs<K: PartialEq + Copy>(keys: &[K]) -> Vec<(usize, usize, K)> {
    let mut out: Vec<(usize, usize, K)> = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        match out.last_mut() {
            Some(last) if last.2 == *k => last.1 = i,
            _ => out.push((i, i, *k)),
        }
    }
    out
}

pub fn xlsx(r: &ScreeningReport) -> AppResult<Vec<u8>> {
    build(r).map_err(xlsx_error)
}

fn build(r: &ScreeningReport) -> Result<Vec<u8>, XlsxError> {
    let font = "Times New Roman";
    let base = Format::new().set_font_name(font).set_font_size(11);
    let title = base
        .clone()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let centred = base.clone().set_italic().set_align(FormatAlign::Center);
    let head = base
        .clone()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let number_row = base
        .clone()
        .set_italic()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin);
    let cell = base.clone().set_border(FormatBorder::Thin);
    let count = cell.clone().set_num_format("#,##0");
    let days = cell.clone().set_num_format("0.0");
    let total_name = cell.clone().set_bold();
    let total_count = count.clone().set_bold();
    let total_days = days.clone().set_bold();

    let cells = layout();
    let last_col = (cells.len() + 1) as u16;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Rà soát, sàng lọc")?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_column_width(0, 5)?;
    sheet.set_column_width(1, 38)?;
    for i in 0..cells.len() {
        sheet.set_column_width((i + 2) as u16, 10)?;
    }

    sheet.merge_range(0, 0, 0, last_col, &r.province_name.to_uppercase(), &centred)?;
    sheet.merge_range(
        1,
        0,
        1,
        last_col,
        "BÁO CÁO KẾT QUẢ RÀ SOÁT, SÀNG LỌC ĐẢNG VIÊN",
        &title,
    )?;
    sheet.merge_range(2, 0, 2, last_col, &subtitle(r), &centred)?;

    // Header: rows 4–6 (group, sub-heading, column), then the column numbers.
    let (g_row, s_row, c_row, n_row) = (4u32, 5u32, 6u32, 7u32);
    sheet.merge_range(g_row, 0, c_row, 0, "STT", &head)?;
    sheet.merge_range(g_row, 1, c_row, 1, "Tổ chức đảng", &head)?;
    let col = |i: usize| (i + 2) as u16;
    let groups: Vec<ColumnGroup> = cells.iter().map(|c| group_of(*c)).collect();
    for (a, b, g) in runs(&groups) {
        merge_or_write(sheet, g_row, col(a), g_row, col(b), g.label_vi(), &head)?;
    }
    // Under each group: a sub-heading over its columns, or the column's own label over
    // both rows.
    let subs: Vec<(ColumnGroup, Option<&str>)> = cells
        .iter()
        .map(|c| (group_of(*c), subgroup_of(*c)))
        .collect();
    for (a, b, (_, sub)) in runs(&subs) {
        match sub {
            Some(s) => {
                merge_or_write(sheet, s_row, col(a), s_row, col(b), s, &head)?;
                for (i, c) in cells.iter().enumerate().take(b + 1).skip(a) {
                    sheet.write_with_format(c_row, col(i), label_of(*c), &head)?;
                }
            }
            None => {
                for (i, c) in cells.iter().enumerate().take(b + 1).skip(a) {
                    sheet.merge_range(s_row, col(i), c_row, col(i), label_of(*c), &head)?;
                }
            }
        }
    }
    sheet.set_row_height(c_row, 90)?;
    for i in 0..=(last_col as usize) {
        sheet.write_with_format(n_row, i as u16, format!("({})", i + 1), &number_row)?;
    }
    sheet.set_freeze_panes(n_row + 1, 2)?;
    sheet.set_repeat_rows(g_row, n_row)?;

    let mut at = n_row + 1;
    for (i, row) in r.rows.iter().enumerate() {
        sheet.write_with_format(at, 0, (i + 1) as f64, &cell)?;
        sheet.write_with_format(at, 1, row_name(row), &cell)?;
        write_values(sheet, at, row, &cells, &count, &days)?;
        at += 1;
    }
    sheet.write_with_format(at, 0, "", &total_name)?;
    sheet.write_with_format(at, 1, "Tổng cộng", &total_name)?;
    write_values(sheet, at, &r.total, &cells, &total_count, &total_days)?;
    at += 2;
    sheet.write_with_format(
        at,
        1,
        format!(
            "Số liệu tại thời điểm {}; năm đánh giá N = {}.",
            r.generated_at.format("%H:%M ngày %d/%m/%Y"),
            r.rating_year
        ),
        &base.clone().set_italic(),
    )?;
    book.save_to_buffer()
}

fn merge_or_write(
    sheet: &mut rust_xlsxwriter::Worksheet,
    r0: u32,
    c0: u16,
    r1: u32,
    c1: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if r0 == r1 && c0 == c1 {
        sheet.write_with_format(r0, c0, text, format)?;
    } else {
        sheet.merge_range(r0, c0, r1, c1, text, format)?;
    }
    Ok(())
}

fn write_values(
    sheet: &mut rust_xlsxwriter::Worksheet,
    at: u32,
    row: &ReportRow,
    cells: &[Cell],
    count: &Format,
    days: &Format,
) -> Result<(), XlsxError> {
    for (i, c) in cells.iter().enumerate() {
        let col = (i + 2) as u16;
        match c {
            Cell::Count(c) => {
                sheet.write_with_format(at, col, row.count(*c) as f64, count)?;
            }
            Cell::Median => match row.median_days_to_outcome {
                Some(d) => {
                    sheet.write_with_format(at, col, d, days)?;
                }
                None => {
                    sheet.write_with_format(at, col, "", days)?;
                }
            },
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("Chi bộ 1"), "Chi bộ 1");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
    }

    #[test]
    fn runs_group_equal_neighbours() {
        assert_eq!(
            runs(&[1, 1, 2, 3, 3, 3]),
            vec![(0, 1, 1), (2, 2, 2), (3, 5, 3)]
        );
        // Every count has a place in the sheet, and the median one.
        let cells = layout();
        assert_eq!(cells.len(), Column::ALL.len() + 1);
    }
}
