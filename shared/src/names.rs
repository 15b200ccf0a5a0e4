//! Vietnamese name handling: search keys that ignore case and diacritics ("nguyen van"
//! finds "Nguyễn Văn An", "d" finds "đ"), and the roster order of Vietnamese member lists
//! (by given name, then middle name, then family name, in the Vietnamese alphabet, with
//! tones as a second level: ngang, huyền, hỏi, ngã, sắc, nặng). DOMAIN.md §4.3.

/// The 12 Vietnamese vowels, each followed by its five toned forms in the order
/// huyền, hỏi, ngã, sắc, nặng (index 0 is ngang, the unmarked tone).
const TONED_VOWELS: [&str; 12] = [
    "aàảãáạ",
    "ăằẳẵắặ",
    "âầẩẫấậ",
    "eèẻẽéẹ",
    "êềểễếệ",
    "iìỉĩíị",
    "oòỏõóọ",
    "ôồổỗốộ",
    "ơờởỡớợ",
    "uùủũúụ",
    "ưừửữứự",
    "yỳỷỹýỵ",
];

/// Letters in Vietnamese alphabet order, then the letters Vietnamese borrows (f j w z)
/// placed where the Latin alphabet puts them. Digits sort before letters.
const ALPHABET: &str = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";

/// One letter of a name: its base letter (keeping ă â đ ê ô ơ ư distinct) and its tone
/// (0 = ngang … 5 = nặng).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Letter {
    base: char,
    tone: u8,
}

fn split_toned(c: char) -> Option<Letter> {
    for row in TONED_VOWELS {
        if let Some(pos) = row.chars().position(|x| x == c) {
            let base = row.chars().next()?;
            return Some(Letter {
                base,
                tone: pos as u8,
            });
        }
    }
    None
}

/// Applies a combining mark (decomposed input, NFD) to the letter before it.
fn apply_combining(prev: &mut Letter, mark: char) -> bool {
    let tone = match mark {
        '\u{0300}' => Some(1), // huyền
        '\u{0309}' => Some(2), // hỏi
        '\u{0303}' => Some(3), // ngã
        '\u{0301}' => Some(4), // sắc
        '\u{0323}' => Some(5), // nặng
        _ => None,
    };
    if let Some(t) = tone {
        prev.tone = t;
        return true;
    }
    let base = match (prev.base, mark) {
        ('a', '\u{0306}') => 'ă',
        ('a', '\u{0302}') => 'â',
        ('e', '\u{0302}') => 'ê',
        ('o', '\u{0302}') => 'ô',
        ('o', '\u{031B}') => 'ơ',
        ('u', '\u{031B}') => 'ư',
        ('d', '\u{0335}') | ('d', '\u{0336}') => 'đ',
        _ => return ('\u{0300}'..='\u{036F}').contains(&mark),
    };
    prev.base = base;
    true
}

/// Splits a text into words of letters (lower case, diacritics decoded); anything that is
/// not a letter or digit separates words.
fn words(text: &str) -> Vec<Vec<Letter>> {
    let mut out: Vec<Vec<Letter>> = Vec::new();
    let mut cur: Vec<Letter> = Vec::new();
    for raw in text.chars() {
        if ('\u{0300}'..='\u{036F}').contains(&raw) {
            if let Some(last) = cur.last_mut() {
                apply_combining(last, raw);
            }
            continue;
        }
        let mut lower = raw.to_lowercase();
        let c = match (lower.next(), lower.next()) {
            (Some(c), None) => c,
            _ => raw,
        };
        let letter = if let Some(l) = split_toned(c) {
            Some(l)
        } else if c == 'đ' || c.is_ascii_alphanumeric() {
            Some(Letter { base: c, tone: 0 })
        } else if c.is_alphanumeric() {
            // Other scripts or letters (rare in names): kept as they are, sorted after.
            Some(Letter { base: c, tone: 0 })
        } else {
            None
        };
        match letter {
            Some(l) => cur.push(l),
            None => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn ascii_base(base: char) -> char {
    match base {
        'ă' | 'â' => 'a',
        'đ' => 'd',
        'ê' => 'e',
        'ô' | 'ơ' => 'o',
        'ư' => 'u',
        c => c,
    }
}

/// The search form of a text: lower case, no diacritics, đ → d, words separated by one
/// space. Both the stored key and the query go through this function.
pub fn search_key(text: &str) -> String {
    let ws = words(text);
    let mut out = String::with_capacity(text.len());
    for (i, w) in ws.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.extend(w.iter().map(|l| ascii_base(l.base)));
    }
    out
}

/// Normalises a person's name for storage: words separated by single spaces, each word
/// capitalised as typed by the user except for stray spaces. Returns `None` if the name
/// has no letters.
pub fn tidy_name(name: &str) -> Option<String> {
    let tidy = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if tidy.chars().any(char::is_alphabetic) {
        Some(tidy)
    } else {
        None
    }
}

/// The parts of a Vietnamese full name: family name first, given name last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameParts<'a> {
    pub family: &'a str,
    pub middle: Vec<&'a str>,
    pub given: &'a str,
}

pub fn split_name(full_name: &str) -> NameParts<'_> {
    let parts: Vec<&str> = full_name.split_whitespace().collect();
    match parts.as_slice() {
        [] => NameParts {
            family: "",
            middle: vec![],
            given: "",
        },
        [only] => NameParts {
            family: "",
            middle: vec![],
            given: only,
        },
        [family, middle @ .., given] => NameParts {
            family,
            middle: middle.to_vec(),
            given,
        },
    }
}

fn primary_char(base: char) -> char {
    match ALPHABET.chars().position(|c| c == base) {
        // 0x30 + 43 stays inside printable ASCII; byte order = alphabet order.
        Some(i) => char::from(b'0' + i as u8),
        None => '~',
    }
}

/// A key whose byte order (SQLite BINARY, PostgreSQL `COLLATE "C"`) is the roster order:
/// given name, then middle name(s), then family name; letters in Vietnamese alphabet order;
/// tones compared only when the letters are equal. The key is plain ASCII.
pub fn roster_key(full_name: &str) -> String {
    let ws = words(full_name);
    type Part<'a> = Vec<&'a Vec<Letter>>;
    let (given, middle, family): (Part, Part, Part) = match ws.as_slice() {
        [] => (vec![], vec![], vec![]),
        [only] => (vec![only], vec![], vec![]),
        [family, middle @ .., given] => (vec![given], middle.iter().collect(), vec![family]),
    };
    let mut primary = String::new();
    let mut tones = String::new();
    for (p, part) in [given, middle, family].iter().enumerate() {
        if p > 0 {
            // Between parts: lower than anything else, so a shorter part sorts first.
            primary.push(' ');
        }
        for (w, word) in part.iter().enumerate() {
            if w > 0 {
                primary.push('!');
            }
            for l in word.iter() {
                primary.push(primary_char(l.base));
                tones.push(char::from(b'0' + l.tone));
            }
        }
    }
    primary.push(' ');
    primary.push_str(&tones);
    primary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_key_strips_case_and_diacritics() {
        assert_eq!(search_key("Nguyễn Văn An"), "nguyen van an");
        assert_eq!(search_key("ĐẶNG THỊ Hương"), "dang thi huong");
        assert_eq!(search_key("  Lò   Văn-Pọm "), "lo van pom");
        assert_eq!(search_key("Giàng A Páo"), "giang a pao");
        assert_eq!(search_key("Tẩn Láo Sử"), "tan lao su");
        assert_eq!(search_key("nguyen van"), "nguyen van");
        assert_eq!(search_key("%_'\""), "");
    }

    #[test]
    fn decomposed_input_matches_precomposed() {
        // "Nguyễn" typed with combining marks (NFD): e + circumflex + tilde.
        let nfd = "Nguye\u{0302}\u{0303}n Va\u{0306}n";
        assert_eq!(search_key(nfd), "nguyen van");
        assert_eq!(roster_key(nfd), roster_key("Nguyễn Văn"));
    }

    #[test]
    fn split_puts_family_first_given_last() {
        let p = split_name("Nguyễn Thị Minh Khai");
        assert_eq!(p.family, "Nguyễn");
        assert_eq!(p.middle, vec!["Thị", "Minh"]);
        assert_eq!(p.given, "Khai");
    }

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<(String, String)> = names
            .iter()
            .map(|n| (roster_key(n), n.to_string()))
            .collect();
        v.sort();
        v.into_iter().map(|(_, n)| n).collect()
    }

    #[test]
    fn roster_sorts_by_given_name_first() {
        assert_eq!(
            sorted(&["Trần Văn Bình", "Nguyễn Văn An", "Lê Thị An"]),
            vec!["Lê Thị An", "Nguyễn Văn An", "Trần Văn Bình"]
        );
    }

    #[test]
    fn roster_uses_the_vietnamese_alphabet() {
        // a < ă < â, d < đ, o < ô < ơ, u < ư; "Anh" after "An".
        assert_eq!(
            sorted(&["Lê Văn Ân", "Lê Văn Ăn", "Lê Văn An", "Lê Văn Anh"]),
            vec!["Lê Văn An", "Lê Văn Anh", "Lê Văn Ăn", "Lê Văn Ân"]
        );
        assert_eq!(
            sorted(&["A Đức", "A Dũng", "A Em"]),
            vec!["A Dũng", "A Đức", "A Em"]
        );
        assert_eq!(
            sorted(&["B Ơn", "B Ôn", "B On"]),
            vec!["B On", "B Ôn", "B Ơn"]
        );
    }

    #[test]
    fn tones_break_ties_in_the_traditional_order() {
        // ngang, huyền, hỏi, ngã, sắc, nặng
        assert_eq!(
            sorted(&["X Mạ", "X Má", "X Mã", "X Mả", "X Mà", "X Ma"]),
            vec!["X Ma", "X Mà", "X Mả", "X Mã", "X Má", "X Mạ"]
        );
        // letters first: "Mạ" sorts before "Man" although its tone is heavier.
        assert_eq!(sorted(&["X Man", "X Mạ"]), vec!["X Mạ", "X Man"]);
    }

    #[test]
    fn middle_and_family_names_break_ties() {
        assert_eq!(
            sorted(&[
                "Vũ Thị Lan",
                "Hoàng Thị Lan",
                "Hoàng Lan",
                "Hoàng Thị Kim Lan"
            ]),
            // middle name "Thị" before "Thị Kim": a shorter part sorts first
            vec![
                "Hoàng Lan",
                "Hoàng Thị Lan",
                "Vũ Thị Lan",
                "Hoàng Thị Kim Lan"
            ]
        );
    }

    #[test]
    fn roster_key_is_ascii_and_case_blind() {
        let k = roster_key("ĐIÊU THỊ XUÂN");
        assert!(k.is_ascii());
        assert_eq!(k, roster_key("Điêu Thị Xuân"));
    }

    #[test]
    fn tidy_name_collapses_spaces() {
        assert_eq!(
            tidy_name("  Mùa   A  Dính "),
            Some("Mùa A Dính".to_string())
        );
        assert_eq!(tidy_name(" 123 "), None);
        assert_eq!(tidy_name(""), None);
    }
}
