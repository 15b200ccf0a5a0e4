//! Monthly attendance at branch meetings and Party dues (inputs to B1 and B2).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

labelled_enum!(
    /// Sinh hoạt chi bộ in a month.
    Attendance {
        Present = ("present", "Có mặt", "Present"),
        Absent = ("absent", "Vắng mặt", "Absent"),
        /// The branch held no meeting that month (e.g. over Tết): neither attended nor
        /// skipped.
        NotHeld = ("not_held", "Chi bộ không họp", "No meeting held"),
    }
);

labelled_enum!(
    /// Đảng phí for a month.
    Dues {
        Paid = ("paid", "Đã đóng", "Paid"),
        Unpaid = ("unpaid", "Chưa đóng", "Unpaid"),
    }
);

/// Whether a month is one detection reads: an absence or unpaid month the branch did not
/// excuse (what B1 and B2 count), or a month without a meeting (which neither counts nor
/// breaks a run). The server keeps it as a column so that detection reads only these.
pub fn notable(
    attendance: Option<Attendance>,
    absence_excused: bool,
    dues: Option<Dues>,
    dues_excused: bool,
) -> bool {
    (attendance == Some(Attendance::Absent) && !absence_excused)
        || attendance == Some(Attendance::NotHeld)
        || (dues == Some(Dues::Unpaid) && !dues_excused)
}

/// The first day of the month of `d`.
pub fn month_of(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// Months are stored and sent as their first day; anything else is refused.
pub fn is_month_start(d: NaiveDate) -> bool {
    d.day() == 1
}

/// "03/2025"
pub fn month_label(m: NaiveDate) -> String {
    // By hand: a strftime pattern would pull chrono's formatter into the web UI.
    format!("{:02}/{:04}", m.month(), m.year())
}

/// The month after `m` (a first-of-month date).
pub fn next_month(m: NaiveDate) -> NaiveDate {
    m.checked_add_months(chrono::Months::new(1))
        .unwrap_or(NaiveDate::MAX)
}

/// Months between two first-of-month dates (`b` after `a`).
pub fn months_between(a: NaiveDate, b: NaiveDate) -> i32 {
    (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32
}
