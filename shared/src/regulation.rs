//! The legal basis registry (DOMAIN.md §2): every rating and discipline record stores the
//! regulation that governed it, identified by number *and* date (document numbers restart
//! every term). The server keeps the same rows in its `regulations` table (seeded by the
//! migration); the rules here pick which one applies on a date.

use chrono::NaiveDate;

/// One regulation: its code (the number as the Party writes it), date and subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Regulation {
    /// "366-QĐ/TW" — the key the records store.
    pub code: &'static str,
    /// Signed on (the date that, with the number, identifies it).
    pub signed_on: (i32, u32, u32),
    /// In force from (inclusive).
    pub effective_from: (i32, u32, u32),
    pub title_vi: &'static str,
}

impl Regulation {
    pub fn signed_on(&self) -> NaiveDate {
        ymd(self.signed_on)
    }
    pub fn effective_from(&self) -> NaiveDate {
        ymd(self.effective_from)
    }
    /// "366-QĐ/TW ngày 30/08/2025"
    pub fn citation(&self) -> String {
        // By hand: a strftime pattern would pull chrono's formatter into the web UI.
        let (y, m, d) = self.signed_on;
        format!("{} ngày {d:02}/{m:02}/{y:04}", self.code)
    }
}

fn ymd((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// Annual review and rating of members, oldest first (QĐ 132 → 124 → 366).
pub const RATING_REGULATIONS: [Regulation; 3] = [
    Regulation {
        code: "132-QĐ/TW",
        signed_on: (2018, 3, 8),
        effective_from: (2018, 3, 8),
        title_vi: "Quy định về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm",
    },
    Regulation {
        code: "124-QĐ/TW",
        signed_on: (2023, 10, 4),
        effective_from: (2023, 10, 4),
        title_vi: "Quy định về kiểm điểm, đánh giá, xếp loại chất lượng hằng năm",
    },
    Regulation {
        code: "366-QĐ/TW",
        signed_on: (2025, 8, 30),
        effective_from: (2025, 8, 30),
        title_vi: "Quy định về kiểm điểm, đánh giá, xếp loại chất lượng đối với tập thể, cá nhân trong hệ thống chính trị",
    },
];

/// Party discipline: violations and forms (QĐ 102 of 2017, replaced by QĐ 69 of 2022).
pub const PARTY_DISCIPLINE_REGULATIONS: [Regulation; 2] = [
    Regulation {
        code: "102-QĐ/TW",
        signed_on: (2017, 11, 15),
        effective_from: (2017, 11, 15),
        title_vi: "Quy định xử lý kỷ luật đảng viên vi phạm",
    },
    Regulation {
        code: "69-QĐ/TW",
        signed_on: (2022, 7, 6),
        effective_from: (2022, 7, 6),
        title_vi: "Quy định về kỷ luật tổ chức đảng, đảng viên vi phạm",
    },
];

/// State discipline of civil servants (NĐ 112/2020, replaced by NĐ 172/2025, which
/// abolished salary-step and post demotion).
pub const STATE_DISCIPLINE_REGULATIONS: [Regulation; 2] = [
    Regulation {
        code: "112/2020/NĐ-CP",
        signed_on: (2020, 9, 18),
        effective_from: (2020, 9, 18),
        title_vi: "Nghị định về xử lý kỷ luật cán bộ, công chức, viên chức",
    },
    Regulation {
        code: "172/2025/NĐ-CP",
        signed_on: (2025, 6, 30),
        effective_from: (2025, 6, 30),
        title_vi: "Nghị định quy định xử lý kỷ luật cán bộ, công chức",
    },
];

/// The review and screening guidance every round follows.
pub const SCREENING_GUIDANCE: Regulation = Regulation {
    code: "02-HD/BTCTW",
    signed_on: (2021, 4, 12),
    effective_from: (2021, 4, 12),
    title_vi: "Hướng dẫn rà soát, sàng lọc, đưa đảng viên không còn đủ tư cách ra khỏi Đảng",
};

/// The regulation of `family` in force on `on`: the latest one whose effective date is not
/// after it (the oldest when `on` precedes them all).
pub fn in_force(family: &'static [Regulation], on: NaiveDate) -> &'static Regulation {
    family
        .iter()
        .rev()
        .find(|r| r.effective_from() <= on)
        .unwrap_or(&family[0])
}

/// Every regulation the records may cite, for the registry table and the API.
pub fn all() -> Vec<&'static Regulation> {
    RATING_REGULATIONS
        .iter()
        .chain(PARTY_DISCIPLINE_REGULATIONS.iter())
        .chain(STATE_DISCIPLINE_REGULATIONS.iter())
        .chain(std::iter::once(&SCREENING_GUIDANCE))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn the_rating_rule_follows_the_date() {
        assert_eq!(
            in_force(&RATING_REGULATIONS, d(2022, 12, 31)).code,
            "132-QĐ/TW"
        );
        assert_eq!(
            in_force(&RATING_REGULATIONS, d(2023, 12, 31)).code,
            "124-QĐ/TW"
        );
        assert_eq!(
            in_force(&RATING_REGULATIONS, d(2025, 8, 29)).code,
            "124-QĐ/TW"
        );
        assert_eq!(
            in_force(&RATING_REGULATIONS, d(2025, 8, 30)).code,
            "366-QĐ/TW"
        );
        assert_eq!(
            in_force(&RATING_REGULATIONS, d(2010, 1, 1)).code,
            "132-QĐ/TW"
        );
    }

    #[test]
    fn citations_name_number_and_date() {
        assert_eq!(
            RATING_REGULATIONS[2].citation(),
            "366-QĐ/TW ngày 30/08/2025"
        );
        let codes: Vec<_> = all().iter().map(|r| r.code).collect();
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(codes.len(), unique.len());
    }
}
