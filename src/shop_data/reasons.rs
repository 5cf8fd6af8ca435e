//! The words of after-sale reasons, from `data/locales/aftersale.<lang>.toml`.
//!
//! A small loader of its own until the shared i18n module reads these files
//! too; then `Reasons` can give way to it (keys are the same dotted paths).

use std::collections::HashMap;

use crate::domain::aftersale::{FACT_NAMES, Fact, Reason, Ruling};
use crate::i18n::flatten;
use crate::shop_data::files::{DataError, Files, Source};

/// Put between the reasons of one ruling.
pub const SEPARATOR_KEY: &str = "aftersale.separator";

#[derive(Debug, Clone)]
pub struct Reasons {
    texts: HashMap<String, String>,
}

impl Reasons {
    pub fn file(lang: &str) -> String {
        format!("data/locales/aftersale.{lang}.toml")
    }

    pub fn load(files: &Files, lang: &str) -> Result<Reasons, DataError> {
        // The code becomes part of a path: letters, digits and '-' only.
        if lang.is_empty() || !lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(DataError {
                file: "data/locales".into(),
                line: None,
                message: format!("{lang:?} is not a language code such as en or zh-CN"),
            });
        }
        Reasons::from_source(&files.read(&Reasons::file(lang))?)
    }

    /// Every reason must have its words, and every `{name}` must be a fact
    /// a ruling gives, so a ruling can always be put in words.
    pub fn from_source(src: &Source) -> Result<Reasons, DataError> {
        let table: toml::Table = src.parse()?;
        let mut texts = HashMap::new();
        flatten("", &table, &mut texts).map_err(|key| {
            src.error(
                line_of_dotted(src, &key),
                format!("{key}: must be a string or a table"),
            )
        })?;
        let needed = Reason::ALL
            .iter()
            .map(|r| r.locale_key())
            .chain([SEPARATOR_KEY]);
        for key in needed {
            if !texts.contains_key(key) {
                return Err(src.error(None, format!("{key}: missing")));
            }
        }
        for (key, text) in &texts {
            if let Some(name) = placeholders(text).find(|n| !FACT_NAMES.contains(n)) {
                return Err(src.error(
                    line_of_dotted(src, key),
                    format!(
                        "{key}: {{{name}}} is not a fact of a ruling; use one of {}",
                        FACT_NAMES.join(", ")
                    ),
                ));
            }
        }
        Ok(Reasons { texts })
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.texts.keys().map(String::as_str)
    }

    /// One reason in words, its `{name}`s filled from `facts`.
    pub fn text(&self, reason: Reason, facts: &[(&str, Fact)]) -> String {
        // from_source made sure every reason has its words.
        let mut text = self.texts[reason.locale_key()].clone();
        for (name, fact) in facts {
            text = text.replace(&format!("{{{name}}}"), &show(*fact));
        }
        text
    }

    /// All the reasons of a ruling, joined.
    pub fn ruling(&self, ruling: &Ruling, facts: &[(&str, Fact)]) -> String {
        let texts: Vec<String> = ruling
            .reasons
            .iter()
            .map(|r| self.text(*r, facts))
            .collect();
        texts.join(&self.texts[SEPARATOR_KEY])
    }
}

/// A fact as a reason quotes it: money in yuan with two decimals, dates as YYYY-MM-DD.
pub fn show(fact: Fact) -> String {
    match fact {
        Fact::Days(n) => n.to_string(),
        Fact::Percent(n) | Fact::Months(n) => n.to_string(),
        Fact::Date(d) => d.format("%Y-%m-%d").to_string(),
        Fact::Fen(fen) => {
            let sign = if fen < 0 { "-" } else { "" };
            let f = fen.unsigned_abs();
            format!("{sign}{}.{:02}", thousands(f / 100), f % 100)
        }
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The `{name}`s of a text (names of lowercase letters and `_`).
fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|part| {
        let (name, _) = part.split_once('}')?;
        let is_name = !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        is_name.then_some(name)
    })
}

fn line_of_dotted(src: &Source, key: &str) -> Option<usize> {
    let (section, last) = key.rsplit_once('.').unwrap_or(("", key));
    src.line_of(section, last)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::domain::aftersale::RuleId;

    const LANGS: [&str; 2] = ["en", "zh-CN"];

    fn src(text: &str) -> Source {
        Source {
            label: "aftersale.en.toml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn every_rule_has_a_reason_in_both_languages_shipped_and_built_in() {
        for files in [Files::locate(None), Files::built_in()] {
            for lang in LANGS {
                let words = Reasons::load(&files, lang).unwrap_or_else(|e| panic!("{e}"));
                for rule in RuleId::ALL {
                    let prefix = format!("aftersale.{}.", rule.as_str());
                    assert!(
                        words.keys().any(|k| k.starts_with(&prefix)),
                        "{lang}: no reason for {}",
                        rule.as_str()
                    );
                }
                for r in Reason::ALL {
                    assert!(
                        !words.texts[r.locale_key()].trim().is_empty(),
                        "{lang}: {r:?} is empty"
                    );
                }
            }
        }
    }

    #[test]
    fn both_languages_have_the_same_keys_and_no_stray_ones() {
        let files = Files::locate(None);
        let en: BTreeSet<String> = Reasons::load(&files, "en")
            .unwrap()
            .keys()
            .map(String::from)
            .collect();
        let zh: BTreeSet<String> = Reasons::load(&files, "zh-CN")
            .unwrap()
            .keys()
            .map(String::from)
            .collect();
        assert_eq!(en, zh);
        let known: BTreeSet<String> = Reason::ALL
            .iter()
            .map(|r| r.locale_key().to_string())
            .chain([SEPARATOR_KEY.to_string()])
            .collect();
        assert_eq!(en, known, "keys no reason uses, or reasons without words");
    }

    #[test]
    fn both_languages_quote_the_same_facts() {
        let files = Files::locate(None);
        let en = Reasons::load(&files, "en").unwrap();
        let zh = Reasons::load(&files, "zh-CN").unwrap();
        for r in Reason::ALL {
            let key = r.locale_key();
            let a: BTreeSet<&str> = placeholders(&en.texts[key]).collect();
            let b: BTreeSet<&str> = placeholders(&zh.texts[key]).collect();
            assert_eq!(a, b, "{key}");
        }
    }

    #[test]
    fn a_missing_reason_is_refused() {
        let shipped = Files::built_in().read(&Reasons::file("en")).unwrap().text;
        let broken: String = shipped
            .lines()
            .filter(|l| !l.starts_with("torn ="))
            .collect::<Vec<_>>()
            .join("\n");
        let e = Reasons::from_source(&src(&broken)).unwrap_err();
        assert!(e.message.contains("aftersale.R2.torn: missing"), "{e}");
    }

    #[test]
    fn an_unknown_placeholder_names_its_line() {
        let shipped = Files::built_in().read(&Reasons::file("en")).unwrap().text;
        let broken = shipped.replace(
            "without a fault after day {return_days}",
            "without a fault after day {retrun_days}",
        );
        let e = Reasons::from_source(&src(&broken)).unwrap_err();
        let line = broken
            .lines()
            .position(|l| l.contains("{retrun_days}"))
            .unwrap()
            + 1;
        assert_eq!(e.line, Some(line), "{e}");
        assert!(e.message.contains("{retrun_days} is not a fact"), "{e}");
    }

    #[test]
    fn a_number_where_words_belong_names_its_line() {
        let broken = "[aftersale.S1]\nhemming = 3\n";
        let e = Reasons::from_source(&src(broken)).unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.message.contains("aftersale.S1.hemming"), "{e}");
    }

    #[test]
    fn a_language_code_cannot_leave_the_locales_folder() {
        for lang in ["", "../policy", "en/..", "fr"] {
            assert!(Reasons::load(&Files::built_in(), lang).is_err(), "{lang:?}");
        }
    }

    #[test]
    fn facts_are_quoted_in_shop_units() {
        use chrono::NaiveDate;
        for (fact, shown) in [
            (Fact::Fen(39900), "399.00"),
            (Fact::Fen(5), "0.05"),
            (Fact::Fen(123456789), "1,234,567.89"),
            (Fact::Fen(-1999), "-19.99"),
            (Fact::Days(14), "14"),
            (Fact::Percent(5), "5"),
            (
                Fact::Date(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()),
                "2026-06-01",
            ),
        ] {
            assert_eq!(show(fact), shown, "{fact:?}");
        }
    }
}
