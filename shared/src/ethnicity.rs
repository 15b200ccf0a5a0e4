//! The 54 ethnic groups of Viet Nam with the codes of the General Statistics Office's
//! list (Danh mục các dân tộc Việt Nam). Stored and exchanged as the numeric code.
//! [M]: the code list was written from memory of the GSO list; check against the national
//! member database's export before go-live.

/// (code, Vietnamese name)
pub const ETHNICITIES: [(u8, &str); 54] = [
    (1, "Kinh"),
    (2, "Tày"),
    (3, "Thái"),
    (4, "Hoa"),
    (5, "Khơ-me"),
    (6, "Mường"),
    (7, "Nùng"),
    (8, "Mông"),
    (9, "Dao"),
    (10, "Gia-rai"),
    (11, "Ngái"),
    (12, "Ê-đê"),
    (13, "Ba Na"),
    (14, "Xơ-đăng"),
    (15, "Sán Chay"),
    (16, "Cơ-ho"),
    (17, "Chăm"),
    (18, "Sán Dìu"),
    (19, "Hrê"),
    (20, "Mnông"),
    (21, "Ra-glai"),
    (22, "Xtiêng"),
    (23, "Bru-Vân Kiều"),
    (24, "Thổ"),
    (25, "Giáy"),
    (26, "Cơ-tu"),
    (27, "Gié-Triêng"),
    (28, "Mạ"),
    (29, "Khơ-mú"),
    (30, "Co"),
    (31, "Tà-ôi"),
    (32, "Chơ-ro"),
    (33, "Kháng"),
    (34, "Xinh-mun"),
    (35, "Hà Nhì"),
    (36, "Chu-ru"),
    (37, "Lào"),
    (38, "La Chí"),
    (39, "La Ha"),
    (40, "Phù Lá"),
    (41, "La Hủ"),
    (42, "Lự"),
    (43, "Lô Lô"),
    (44, "Chứt"),
    (45, "Mảng"),
    (46, "Pà Thẻn"),
    (47, "Cờ Lao"),
    (48, "Cống"),
    (49, "Bố Y"),
    (50, "Si La"),
    (51, "Pu Péo"),
    (52, "Brâu"),
    (53, "Ơ Đu"),
    (54, "Rơ-măm"),
];

pub const KINH: u8 = 1;
pub const THAI: u8 = 3;
pub const MONG: u8 = 8;
pub const DAO: u8 = 9;
pub const KHO_MU: u8 = 29;

/// The Vietnamese name of an ethnic group code.
pub fn name(code: u8) -> Option<&'static str> {
    ETHNICITIES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
}

pub fn is_valid(code: u8) -> bool {
    name(code).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_one_to_fifty_four_without_gaps() {
        for (i, (code, name)) in ETHNICITIES.iter().enumerate() {
            assert_eq!(usize::from(*code), i + 1);
            assert!(!name.is_empty());
        }
        assert_eq!(name(KINH), Some("Kinh"));
        assert_eq!(name(MONG), Some("Mông"));
        assert!(!is_valid(0));
        assert!(!is_valid(55));
    }
}
