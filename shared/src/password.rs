//! Password policy, suited to the people who use the system (branch secretaries, many of
//! them elderly, on phones): length rather than composition rules, and a refusal of the
//! passwords everybody tries first (NIST SP 800-63B §5.1.1.2).

use crate::error::FieldError;

pub const MIN_CHARS: usize = 10;
pub const MAX_CHARS: usize = 128;

/// Passwords too common to allow (compared without case, spaces or diacritics): the top of
/// the public breach lists, and Vietnamese favourites.
const COMMON: &[&str] = &[
    "123456789",
    "1234567890",
    "12345678910",
    "0123456789",
    "9876543210",
    "1111111111",
    "0000000000",
    "1234512345",
    "1122334455",
    "1qaz2wsx3edc",
    "qwertyuiop",
    "qwerty123456",
    "asdfghjkl",
    "password",
    "password1",
    "password123",
    "passw0rd",
    "iloveyou",
    "abc123456",
    "abcd1234",
    "aa123456789",
    "qwertyuiop123",
    "zaq12wsx",
    "letmein123",
    "welcome123",
    "admin12345",
    "administrator",
    "changeme123",
    "matkhau",
    "matkhau123",
    "matkhau1234",
    "matkhaumoi",
    "anhyeuem",
    "anhyeuem123",
    "emyeuanh",
    "emyeuanh123",
    "yeuem123456",
    "vietnam123",
    "vietnam1234",
    "hanoi123456",
    "saigon123456",
    "dienbien123",
    "dienbienphu",
    "dangvien123",
    "dangcongsan",
    "dangcongsanvietnam",
    "chibo123456",
    "rasoat123",
    "rasoat2026",
    "123456aa",
    "a123456789",
    "hoangsa123",
    "truongsa123",
    "baohiem123",
    "congan123456",
    "quandoi123",
    "12345678a",
    "1234567890a",
    "password2024",
    "password2025",
    "password2026",
    "matkhau2024",
    "matkhau2025",
    "matkhau2026",
];

fn fold(s: &str) -> String {
    crate::names::search_key(s).replace(' ', "")
}

/// Every problem with `password` for the account `username`, in Vietnamese.
pub fn problems(password: &str, username: &str) -> Vec<FieldError> {
    let err = |code: &str, message: &str| FieldError {
        field: "new_password".into(),
        code: code.into(),
        message: message.into(),
    };
    let chars = password.chars().count();
    let mut out = Vec::new();
    if chars < MIN_CHARS {
        out.push(err(
            "too_short",
            "Mật khẩu cần ít nhất 10 ký tự; có thể là một câu dễ nhớ.",
        ));
    }
    if chars > MAX_CHARS {
        out.push(err("too_long", "Mật khẩu dài quá 128 ký tự."));
    }
    let folded = fold(password);
    if COMMON.iter().any(|c| *c == folded) {
        out.push(err(
            "too_common",
            "Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác.",
        ));
    }
    let user = fold(username);
    if user.len() >= 3 && folded.contains(&user) {
        out.push(err(
            "contains_username",
            "Mật khẩu không được chứa tên đăng nhập.",
        ));
    }
    let mut distinct: Vec<char> = password.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if chars >= MIN_CHARS && distinct.len() < 4 {
        out.push(err(
            "too_repetitive",
            "Mật khẩu lặp lại quá ít ký tự khác nhau.",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(p: &str, u: &str) -> Vec<String> {
        problems(p, u).into_iter().map(|e| e.code).collect()
    }

    #[test]
    fn length_not_composition() {
        assert!(
            codes("con mèo nhà tôi", "bithu").is_empty(),
            "a sentence is fine, no digits needed"
        );
        assert_eq!(codes("ngắn quá", "bithu"), vec!["too_short"]);
        assert!(codes(&"x".repeat(129), "bithu").contains(&"too_long".to_string()));
    }

    #[test]
    fn common_passwords_are_refused_whatever_the_case_or_accents() {
        assert_eq!(codes("MậtKhẩu123", "bithu"), vec!["too_common"]);
        assert_eq!(codes("123456789", "bithu"), vec!["too_short", "too_common"]);
        assert_eq!(codes("Đảng Viên 123", "bithu"), vec!["too_common"]);
    }

    #[test]
    fn no_username_and_no_repetition() {
        assert_eq!(
            codes("bithu.chibo-2026!", "bithu.chibo"),
            vec!["contains_username"]
        );
        assert_eq!(codes("aaaaaaaaaaaa", "x"), vec!["too_repetitive"]);
    }
}
