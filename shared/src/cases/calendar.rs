//! The Vietnamese working-day calendar (DOMAIN.md §10): Monday to Friday, less the public
//! holidays of the Labour Code 2019 Art. 112, plus the days the government swaps each
//! year. The statutory holidays of 2021–2030 are computed here and seeded; province
//! administrators correct them (each year's official Tết schedule and swaps) in the app.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

labelled_enum!(
    /// What a calendar entry makes of a day.
    DayKind {
        /// A day off that would otherwise be a working day.
        Holiday = ("holiday", "Ngày nghỉ lễ, Tết", "Public holiday"),
        /// A day worked that would otherwise be a weekend (a swapped day).
        Working = ("working", "Ngày làm việc bù", "Swapped working day"),
    }
);

/// Overrides of the Monday-to-Friday week.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    days: BTreeMap<NaiveDate, DayKind>,
}

impl Calendar {
    pub fn new(entries: impl IntoIterator<Item = (NaiveDate, DayKind)>) -> Calendar {
        Calendar {
            days: entries.into_iter().collect(),
        }
    }

    pub fn is_working(&self, day: NaiveDate) -> bool {
        match self.days.get(&day) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Working) => true,
            None => !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The `n`-th working day after `from` ("within 30 working days of receipt": the last
    /// day of the period). `n == 0` is `from` itself.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day += Duration::days(1);
            if self.is_working(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days in `(from, to]`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let mut n = 0;
        let mut day = from;
        while day < to {
            day += Duration::days(1);
            if self.is_working(day) {
                n += 1;
            }
        }
        n
    }
}

/// Tết Nguyên Đán (first day of the lunar year) and the Hùng Kings' commemoration (10th
/// day of the 3rd lunar month), 2021–2030, from the Vietnamese lunar calendar (UTC+7).
type MonthDay = (u32, u32);
const LUNAR: [(i32, MonthDay, MonthDay); 10] = [
    (2021, (2, 12), (4, 21)),
    (2022, (2, 1), (4, 10)),
    (2023, (1, 22), (4, 29)),
    (2024, (2, 10), (4, 18)),
    (2025, (1, 29), (4, 7)),
    (2026, (2, 17), (4, 26)),
    (2027, (2, 6), (4, 16)),
    (2028, (1, 26), (4, 4)),
    (2029, (2, 13), (4, 23)),
    (2030, (2, 3), (4, 12)),
];

/// The years the seed covers.
pub const SEEDED_YEARS: std::ops::RangeInclusive<i32> = 2021..=2030;

/// One seeded day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name_vi: String,
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The statutory holidays of `year` (Labour Code 2019 Art. 112): New Year's Day; five
/// days of Tết (the eve and the first four days of the year, the government's usual
/// choice — the official schedule, announced yearly, is for the administrators to
/// confirm); the Hùng Kings' day; 30/4 and 1/5; National Day 2/9 with 1/9. A holiday on a
/// weekend gives a compensatory day off on the next working day (Art. 111.3). Empty
/// outside 2021–2030.
pub fn statutory_holidays(year: i32) -> Vec<SeedDay> {
    let Some(&(_, tet, hung)) = LUNAR.iter().find(|(y, _, _)| *y == year) else {
        return Vec::new();
    };
    let mut named: Vec<(NaiveDate, String)> = Vec::new();
    let mut push = |d: Option<NaiveDate>, name: &str| {
        if let Some(d) = d {
            named.push((d, name.to_string()));
        }
    };
    push(ymd(year, 1, 1), "Tết Dương lịch");
    if let Some(first) = ymd(year, tet.0, tet.1) {
        push(first.pred_opt(), "Tết Nguyên đán (giao thừa)");
        for i in 0..4 {
            push(
                Some(first + Duration::days(i)),
                &format!("Tết Nguyên đán (mùng {})", i + 1),
            );
        }
    }
    push(
        ymd(year, hung.0, hung.1),
        "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
    );
    push(ymd(year, 4, 30), "Ngày Chiến thắng (30/4)");
    push(ymd(year, 5, 1), "Ngày Quốc tế Lao động (1/5)");
    push(ymd(year, 9, 1), "Quốc khánh (1/9)");
    push(ymd(year, 9, 2), "Quốc khánh (2/9)");
    named.sort();
    let mut taken: std::collections::BTreeSet<NaiveDate> = named.iter().map(|(d, _)| *d).collect();
    let mut out: Vec<SeedDay> = Vec::new();
    for (date, name) in &named {
        out.push(SeedDay {
            date: *date,
            kind: DayKind::Holiday,
            name_vi: name.clone(),
        });
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            let mut next = *date + Duration::days(1);
            while matches!(next.weekday(), Weekday::Sat | Weekday::Sun) || taken.contains(&next) {
                next += Duration::days(1);
            }
            taken.insert(next);
            out.push(SeedDay {
                date: next,
                kind: DayKind::Holiday,
                name_vi: format!("Nghỉ bù {name}"),
            });
        }
    }
    out.sort_by_key(|d| d.date);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn seeded(year: i32) -> Calendar {
        Calendar::new(
            statutory_holidays(year)
                .into_iter()
                .map(|d| (d.date, d.kind)),
        )
    }

    #[test]
    fn weekends_do_not_count() {
        let cal = Calendar::default();
        // Friday 2026-06-05 + 1 working day = Monday 06-08.
        assert_eq!(cal.add_working_days(day(2026, 6, 5), 1), day(2026, 6, 8));
        assert_eq!(cal.add_working_days(day(2026, 6, 5), 0), day(2026, 6, 5));
        assert_eq!(
            cal.working_days_between(day(2026, 6, 5), day(2026, 6, 12)),
            5
        );
    }

    #[test]
    fn tet_2026_is_five_days_and_pushes_deadlines() {
        let days = statutory_holidays(2026);
        let tet: Vec<NaiveDate> = days
            .iter()
            .filter(|d| d.name_vi.starts_with("Tết Nguyên đán"))
            .map(|d| d.date)
            .collect();
        assert_eq!(tet, (16..=20).map(|d| day(2026, 2, d)).collect::<Vec<_>>());
        let cal = seeded(2026);
        // Received Friday 13/2/2026: Tết Mon 16 – Fri 20 is off, so the first working day
        // after is Monday 23/2, and 30 working days end on Friday 3/4.
        assert_eq!(cal.add_working_days(day(2026, 2, 13), 1), day(2026, 2, 23));
        assert_eq!(cal.add_working_days(day(2026, 2, 13), 30), day(2026, 4, 3));
        // Without the calendar it would be 27/3.
        assert_eq!(
            Calendar::default().add_working_days(day(2026, 2, 13), 30),
            day(2026, 3, 27)
        );
    }

    #[test]
    fn a_holiday_on_a_weekend_gives_the_next_working_day_off() {
        // 2/9/2023 was a Saturday; 1/9 a Friday: the compensatory day is Monday 4/9.
        let days = statutory_holidays(2023);
        assert!(
            days.iter()
                .any(|d| d.date == day(2023, 9, 4) && d.name_vi.starts_with("Nghỉ bù"))
        );
        // Hùng Kings' day 2023 (29/4, Saturday) and 30/4 (Sunday) and 1/5 (Monday): the
        // compensatory days are 2/5 and 3/5.
        let cal = seeded(2023);
        assert!(!cal.is_working(day(2023, 5, 2)));
        assert!(!cal.is_working(day(2023, 5, 3)));
        assert!(cal.is_working(day(2023, 5, 4)));
    }

    #[test]
    fn swapped_days_work() {
        let cal = Calendar::new([(day(2026, 1, 3), DayKind::Working)]);
        assert!(
            cal.is_working(day(2026, 1, 3)),
            "a Saturday made a working day"
        );
    }

    #[test]
    fn every_seeded_year_has_its_holidays() {
        for y in SEEDED_YEARS {
            let days = statutory_holidays(y);
            let holidays = days.iter().filter(|d| d.kind == DayKind::Holiday).count();
            assert!(holidays >= 11, "{y}: {holidays}");
            assert!(days.iter().all(|d| d.date.year() == y));
        }
        assert!(statutory_holidays(2031).is_empty());
    }
}
