//! How values read in Vietnamese: dates as dd/mm/yyyy, thousands with ".".

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Timelike, Utc};

/// `2024-03-05` → `05/03/2024`.
pub fn date(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

pub fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(date).unwrap_or_else(|| DASH.to_string())
}

/// `1234567` → `1.234.567`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// "1.234 đảng viên".
pub fn members(n: u64) -> String {
    format!("{} đảng viên", count(n))
}

pub fn yes_no(b: bool) -> &'static str {
    if b { "Có" } else { "Không" }
}

/// Shown for an empty field.
pub const DASH: &str = "—";

pub fn opt_text(s: Option<&str>) -> String {
    match s.map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => DASH.to_string(),
    }
}

/// A moment in the browser's time zone: `05/03/2024 14:07:09`.
pub fn date_time(at: DateTime<Utc>) -> String {
    date_time_in(at, &chrono::Local)
}

pub fn date_time_in<Tz: TimeZone>(at: DateTime<Utc>, tz: &Tz) -> String {
    // By hand rather than with a strftime pattern, which would pull chrono's formatter into
    // the bundle.
    let t = at.with_timezone(tz);
    format!(
        "{} {:02}:{:02}:{:02}",
        date(t.date_naive()),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// "Thứ Hai" … "Chủ nhật".
pub fn weekday_vi(d: NaiveDate) -> &'static str {
    use chrono::Weekday::*;
    match d.weekday() {
        Mon => "Thứ Hai",
        Tue => "Thứ Ba",
        Wed => "Thứ Tư",
        Thu => "Thứ Năm",
        Fri => "Thứ Sáu",
        Sat => "Thứ Bảy",
        Sun => "Chủ nhật",
    }
}

/// Today in the browser's time zone.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_use_a_dot() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1.000");
        assert_eq!(count(1234567), "1.234.567");
        assert_eq!(members(1234), "1.234 đảng viên");
    }

    #[test]
    fn moments_read_day_first_in_local_time() {
        let at = DateTime::parse_from_rfc3339("2026-03-05T07:08:09Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap();
        let hanoi = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
        assert_eq!(date_time_in(at, &hanoi), "05/03/2026 14:08:09");
        assert_eq!(date_time_in(at, &Utc), "05/03/2026 07:08:09");
    }

    #[test]
    fn weekdays_read_in_vietnamese() {
        let d = NaiveDate::from_ymd_opt(2026, 9, 2).unwrap_or_default();
        assert_eq!(weekday_vi(d), "Thứ Tư");
        let d = NaiveDate::from_ymd_opt(2026, 8, 30).unwrap_or_default();
        assert_eq!(weekday_vi(d), "Chủ nhật");
    }

    #[test]
    fn dates_read_day_first() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap_or_default();
        assert_eq!(date(d), "05/03/2024");
    }
}
