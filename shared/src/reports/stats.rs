//! Membership statistics: the bands and buckets members are counted in.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

labelled_enum!(
    /// Age bands of the Party's statistics (age in whole years on the reference date).
    AgeBand {
        UpTo30 = ("up_to_30", "Đến 30 tuổi", "30 or younger"),
        From31To40 = ("from_31_to_40", "Từ 31 đến 40 tuổi", "31–40"),
        From41To50 = ("from_41_to_50", "Từ 41 đến 50 tuổi", "41–50"),
        From51To60 = ("from_51_to_60", "Từ 51 đến 60 tuổi", "51–60"),
        From61To70 = ("from_61_to_70", "Từ 61 đến 70 tuổi", "61–70"),
        Over70 = ("over_70", "Trên 70 tuổi", "Over 70"),
    }
);

impl AgeBand {
    /// Whole years between `born` and `on`.
    pub fn age(born: NaiveDate, on: NaiveDate) -> i32 {
        let mut age = on.year() - born.year();
        if (on.month(), on.day()) < (born.month(), born.day()) {
            age -= 1;
        }
        age
    }

    pub fn of_age(age: i32) -> AgeBand {
        match age {
            ..=30 => AgeBand::UpTo30,
            31..=40 => AgeBand::From31To40,
            41..=50 => AgeBand::From41To50,
            51..=60 => AgeBand::From51To60,
            61..=70 => AgeBand::From61To70,
            _ => AgeBand::Over70,
        }
    }

    /// The youngest birth date in the band on `on` — members born on or before it and
    /// after the next band's bound are in the band, so a query counts a band with two
    /// date comparisons on an index.
    pub fn born_on_or_before(self, on: NaiveDate) -> Option<NaiveDate> {
        let years = match self {
            AgeBand::UpTo30 => return None,
            AgeBand::From31To40 => 31,
            AgeBand::From41To50 => 41,
            AgeBand::From51To60 => 51,
            AgeBand::From61To70 => 61,
            AgeBand::Over70 => 71,
        };
        on.with_year(on.year() - years)
            .or_else(|| NaiveDate::from_ymd_opt(on.year() - years, 2, 28))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn bands_agree_with_the_bounds() {
        let on = d(2026, 11, 26);
        let mut born = d(1940, 1, 1);
        while born <= d(2008, 1, 1) {
            let band = AgeBand::of_age(AgeBand::age(born, on));
            // The band is the last one whose bound the birth date is on or before.
            let by_bounds = AgeBand::ALL
                .iter()
                .rev()
                .find(|b| b.born_on_or_before(on).is_none_or(|limit| born <= limit))
                .copied();
            assert_eq!(Some(band), by_bounds, "{born}");
            born += chrono::Duration::days(13);
        }
        assert_eq!(AgeBand::age(d(1996, 11, 27), on), 29);
        assert_eq!(AgeBand::age(d(1996, 11, 26), on), 30);
        assert_eq!(
            AgeBand::born_on_or_before(AgeBand::From31To40, d(2028, 2, 29)),
            Some(d(1997, 2, 28))
        );
    }
}
