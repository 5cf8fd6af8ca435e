//! Search keys of a customer: what the search indexes are filled with, and
//! how a typed query is read.
//!
//! Typing `zs` finds 张三 (pinyin initials), `zhangsan` finds it too, `5678`
//! finds any phone containing those digits, and `三` any name containing it.
//!
//! Pinyin and initials are matched from the start of the name (and pinyin
//! from the start of the given name: `sanfeng` finds 张三丰), through the
//! customer row's own indexes and the token index, never as substrings:
//! in a million names the trigrams of pinyin (`zha`, `ang`) are so common
//! that a trigram search for a rare name would read most of the index.

use pinyin::ToPinyin;

/// The pinyin of a name without tones (`zhangsan`) and its initials (`zs`).
/// Characters with no pinyin (Latin letters, digits) are kept as they are,
/// lowercased; separators are dropped.
pub fn pinyin_of(name: &str) -> (String, String) {
    let mut full = String::new();
    let mut initials = String::new();
    let mut in_word = false;
    for (c, p) in name.chars().zip(name.to_pinyin()) {
        match p {
            Some(p) => {
                full.push_str(p.plain());
                initials.push_str(p.first_letter());
                in_word = false;
            }
            None if c.is_alphanumeric() => {
                for l in c.to_lowercase() {
                    full.push(l);
                    if !in_word {
                        initials.push(l);
                    }
                }
                in_word = true;
            }
            None => in_word = false,
        }
    }
    (full, initials)
}

/// The text of the trigram index: any substring of three characters or
/// more of the name or the phone is found. Each is bounded by spaces, so a
/// whole name (or a word of a Latin name) is found as the phrase `" key "`.
pub fn long_keys(name: &str, phone_digits: &str) -> String {
    format!(" {} {phone_digits} ", name.to_lowercase())
}

/// The tokens of the short index: each Chinese character of the name and
/// each pair of neighbours, each word of a Latin name, the initials, and
/// the pinyin of the given name from each of its syllables (`sanfeng`,
/// `feng` for 张三丰). Queries match these whole or by prefix.
pub fn short_tokens(name: &str, initials: &str) -> String {
    let mut tokens: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut prev_han: Option<char> = None;
    for c in name.chars() {
        if is_han(c) {
            if !word.is_empty() {
                tokens.push(std::mem::take(&mut word));
            }
            tokens.push(c.to_string());
            if let Some(p) = prev_han {
                tokens.push(format!("{p}{c}"));
            }
            prev_han = Some(c);
        } else {
            prev_han = None;
            if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
            } else if !word.is_empty() {
                tokens.push(std::mem::take(&mut word));
            }
        }
    }
    if !word.is_empty() {
        tokens.push(word);
    }
    if !initials.is_empty() {
        tokens.push(initials.to_string());
    }
    tokens.extend(given_name_pinyin(name));
    tokens.join(" ")
}

/// The pinyin of a Chinese name from its second syllable on, then from
/// each later one: `sanfeng`, `feng` for 张三丰. None for other names.
fn given_name_pinyin(name: &str) -> Vec<String> {
    if name.chars().any(|c| c.is_alphanumeric() && !is_han(c)) {
        return Vec::new();
    }
    let syllables: Vec<&str> = name.to_pinyin().flatten().map(|p| p.plain()).collect();
    (1..syllables.len())
        .map(|i| syllables[i..].concat())
        .collect()
}

pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2EBEF}' | '\u{F900}'..='\u{FAFF}')
}

/// How a typed query is looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// Nothing to look for.
    Empty,
    /// Three characters or more: a substring of name, pinyin, initials or phone.
    Substring(String),
    /// One or two Chinese characters: a character or a pair in the name.
    HanToken(String),
    /// One or two letters: the start of a word of the name or of the initials.
    Prefix(String),
    /// One or two digits: too short to look for in phones.
    TooShort,
}

pub fn read_query(raw: &str) -> Query {
    let q: String = raw
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .collect();
    let q = if q.chars().any(|c| c.is_ascii_digit())
        && q.chars().all(|c| c.is_ascii_digit() || " -+()".contains(c))
    {
        q.chars().filter(char::is_ascii_digit).collect()
    } else {
        q
    };
    let n = q.chars().count();
    if n == 0 {
        Query::Empty
    } else if n >= 3 {
        Query::Substring(q)
    } else if q.chars().all(is_han) {
        Query::HanToken(q)
    } else if q.chars().all(|c| c.is_ascii_digit()) {
        Query::TooShort
    } else {
        Query::Prefix(q.chars().filter(|c| c.is_alphanumeric()).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_and_initials_of_chinese_names() {
        assert_eq!(pinyin_of("张三"), ("zhangsan".into(), "zs".into()));
        assert_eq!(pinyin_of("欧阳娜娜"), ("ouyangnana".into(), "oynn".into()));
    }

    #[test]
    fn latin_names_give_word_initials() {
        assert_eq!(pinyin_of("Emily Chen"), ("emilychen".into(), "ec".into()));
    }

    #[test]
    fn long_keys_bound_every_key_with_spaces() {
        let keys = long_keys("Emily Chen", "13812345678");
        assert_eq!(keys, " emily chen 13812345678 ");
    }

    #[test]
    fn short_tokens_hold_characters_pairs_words_and_initials() {
        assert_eq!(
            short_tokens("张三丰", "zsf"),
            "张 三 张三 丰 三丰 zsf sanfeng feng"
        );
        assert_eq!(short_tokens("Emily Chen", "ec"), "emily chen ec");
        assert_eq!(
            short_tokens("欧阳娜娜", "oynn"),
            "欧 阳 欧阳 娜 阳娜 娜 娜娜 oynn yangnana nana na"
        );
    }

    #[test]
    fn queries_are_read_by_shape() {
        assert_eq!(read_query(""), Query::Empty);
        assert_eq!(read_query("zs"), Query::Prefix("zs".into()));
        assert_eq!(read_query("三"), Query::HanToken("三".into()));
        assert_eq!(read_query("张三丰"), Query::Substring("张三丰".into()));
        assert_eq!(read_query("5678"), Query::Substring("5678".into()));
        assert_eq!(read_query("138-1234"), Query::Substring("1381234".into()));
        assert_eq!(read_query("13"), Query::TooShort);
        assert_eq!(read_query("Em"), Query::Prefix("em".into()));
    }
}
