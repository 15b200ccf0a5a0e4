//! Member files for the import tests and the import benchmark: rows as the national
//! member database's spreadsheet exports have them, with names, citizen IDs and card
//! numbers that never meet the demo province's.

/// The Vietnamese headings of a member file, in the export's order.
pub const HEADER: &str = "Mã chi bộ,Họ và tên,Giới tính,Ngày sinh,Dân tộc,Số CCCD,Số thẻ đảng viên,Điện thoại,Ngày vào Đảng,Ngày chính thức,Miễn sinh hoạt";

const SYLLABLES: [&str; 10] = [
    "An", "Bình", "Chiến", "Dũng", "Đức", "Giang", "Hải", "Khánh", "Lâm", "Minh",
];

/// A distinct name for each `i` (names hold letters only, so the number is spelled in
/// syllables, one per decimal digit).
pub fn name(i: usize) -> String {
    let spelled: Vec<&str> = i
        .to_string()
        .bytes()
        .map(|d| SYLLABLES[usize::from(d - b'0')])
        .collect();
    format!("Nguyễn Văn {}", spelled.join(" "))
}

/// Row `i` of a file: a full member of branch `code`. Citizen IDs start with 9 and card
/// numbers with 9, unlike the demo's.
pub fn row(code: &str, i: usize) -> String {
    format!(
        "{code},{},Nam,12/05/1980,Thái,9{i:011},9{i:08},,03/02/2005,03/02/2006,",
        name(i)
    )
}

/// A CSV file of rows `from .. from + n`, spread over `codes`.
pub fn csv(codes: &[String], from: usize, n: usize) -> Vec<u8> {
    let mut out = String::with_capacity(n * 90 + HEADER.len());
    out.push_str(HEADER);
    out.push('\n');
    for i in from..from + n {
        out.push_str(&row(&codes[i % codes.len()], i));
        out.push('\n');
    }
    out.into_bytes()
}

/// The open branches' codes of a tenant (read from the database: the tree's API nodes
/// do not carry codes).
pub fn branch_codes(conn: &mut rasoat_backend::db::DbConn, tenant: i64) -> Vec<String> {
    use diesel::prelude::*;
    use rasoat_backend::db::schema::units;
    units::table
        .filter(units::tenant_id.eq(tenant))
        .filter(units::org_type.eq("branch"))
        .filter(units::valid_to.is_null())
        .filter(units::code.is_not_null())
        .order(units::id)
        .select(units::code.assume_not_null())
        .load(conn)
        .unwrap()
}
