//! Every visible string, from `data/locales/<lang>.toml`.
//!
//! Keys are dotted paths into the TOML tables (`home.callbacks`); values may
//! hold `{name}` placeholders filled by [`Locale::f`].

use std::collections::HashMap;

use crate::shop_data::files::{DataError, Files, Source};

const MISSING: &str = "[?]";

pub const LANGS: &[&str] = &["en", "zh-CN"];

#[derive(Debug, Clone)]
pub struct Locale {
    pub lang: String,
    strings: HashMap<String, String>,
}

impl Locale {
    /// Reads `data/locales/<lang>.toml` and every `data/locales/<area>.<lang>.toml`
    /// beside it (each area of the app may keep its strings in a file of its own).
    ///
    /// Every language is checked to hold the same strings as English,
    /// whichever is asked for: a missing one stops the start, naming the
    /// file it belongs in and its key.
    pub fn load(files: &Files, lang: &str) -> Result<Locale, DataError> {
        let lang = if LANGS.contains(&lang) { lang } else { "en" };
        // Each language is read once: the check needs them all anyway.
        let mut all = crate::i18n_check::complete_all(files)?;
        let at = all.iter().position(|l| l.lang == lang).unwrap_or(0);
        Ok(all.swap_remove(at))
    }

    /// The strings of `lang` and, for each key, the file (relative) it came from.
    pub fn load_with_origins(
        files: &Files,
        lang: &str,
    ) -> Result<(Locale, HashMap<String, String>), DataError> {
        let main = format!("data/locales/{lang}.toml");
        let src = files.read(&main)?;
        let mut locale = Locale::from_source(lang, &src)?;
        let mut origins: HashMap<String, String> = locale
            .strings
            .keys()
            .map(|k| (k.clone(), main.clone()))
            .collect();
        for rel in files.list("data/locales", &format!(".{lang}.toml")) {
            let src = files.read(&rel)?;
            let more = Locale::from_source(lang, &src)?;
            for (k, v) in more.strings {
                origins.insert(k.clone(), rel.clone());
                if locale.strings.contains_key(&k) {
                    let (section, key) = k.rsplit_once('.').unwrap_or(("", &k));
                    return Err(src.error(
                        src.line_of(section, key),
                        format!("{k}: already defined in another locale file"),
                    ));
                }
                locale.strings.insert(k, v);
            }
        }
        Ok((locale, origins))
    }

    pub fn from_source(lang: &str, src: &Source) -> Result<Locale, DataError> {
        let table: toml::Table = src.parse()?;
        let mut strings = HashMap::new();
        flatten("", &table, &mut strings).map_err(|key| {
            src.error(
                src.line_of(
                    key.rsplit_once('.').map_or("", |(s, _)| s),
                    key.rsplit('.').next().unwrap_or(""),
                ),
                format!("{key}: a locale entry must be a string or a table"),
            )
        })?;
        Ok(Locale {
            lang: lang.to_string(),
            strings,
        })
    }

    pub fn is_zh(&self) -> bool {
        self.lang == "zh-CN"
    }

    /// The string for `key`; a visible mark when missing (tests keep every
    /// key used in the code present in both languages).
    pub fn t(&self, key: &str) -> &str {
        self.strings.get(key).map(String::as_str).unwrap_or(MISSING)
    }

    /// Whether `key` exists.
    pub fn has(&self, key: &str) -> bool {
        self.strings.contains_key(key)
    }

    /// The string for `key` with `{name}` placeholders filled.
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.t(key).to_string();
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.strings.keys()
    }

    /// Money for the screen: fen as yuan with two decimals.
    pub fn money(&self, fen: i64) -> String {
        let sign = if fen < 0 { "-" } else { "" };
        let f = fen.abs();
        format!("{sign}¥{}.{:02}", group(f / 100), f % 100)
    }
}

fn group(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Dotted keys to strings, from nested TOML tables; the key of a value that
/// is neither a string nor a table is the error.
pub fn flatten(
    prefix: &str,
    table: &toml::Table,
    out: &mut HashMap<String, String>,
) -> Result<(), String> {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            toml::Value::Table(t) => flatten(&key, t, out)?,
            _ => return Err(key),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn both() -> (Locale, Locale) {
        let files = Files::locate(None);
        (
            Locale::load(&files, "en").unwrap(),
            Locale::load(&files, "zh-CN").unwrap(),
        )
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        let (en, zh) = both();
        let a: BTreeSet<&String> = en.keys().collect();
        let b: BTreeSet<&String> = zh.keys().collect();
        let only_en: Vec<_> = a.difference(&b).collect();
        let only_zh: Vec<_> = b.difference(&a).collect();
        assert!(
            only_en.is_empty() && only_zh.is_empty(),
            "only en: {only_en:?}\nonly zh: {only_zh:?}"
        );
    }

    #[test]
    fn placeholders_are_filled() {
        let (en, _) = both();
        assert_eq!(
            en.f("signin.tries_left", &[("n", "3")]),
            "Wrong PIN. 3 tries left before this name locks."
        );
    }

    #[test]
    fn money_is_shown_in_yuan() {
        let (en, _) = both();
        assert_eq!(en.money(123456789), "¥1,234,567.89");
        assert_eq!(en.money(5), "¥0.05");
        assert_eq!(en.money(-39900), "-¥399.00");
    }
}
