//! Every language holds the strings English holds, no more and no fewer:
//! checked at start so a missing string never reaches the screen as `[?]`.

use std::collections::BTreeSet;

use crate::i18n::{LANGS, Locale};
use crate::shop_data::files::{DataError, Files};

/// The file of `lang` that matches English's `rel`: `en.toml` → `zh-CN.toml`,
/// `area.en.toml` → `area.zh-CN.toml`.
fn counterpart(rel: &str, lang: &str) -> String {
    match rel.strip_suffix("en.toml") {
        Some(stem) => format!("{stem}{lang}.toml"),
        None => rel.to_string(),
    }
}

/// Checks every language against English; the first file at fault is named
/// with its missing (or extra) keys.
pub fn complete(files: &Files) -> Result<(), DataError> {
    complete_all(files).map(|_| ())
}

/// As [`complete`], returning every language's strings (English first), each
/// read once.
pub fn complete_all(files: &Files) -> Result<Vec<Locale>, DataError> {
    let (en, en_origin) = Locale::load_with_origins(files, "en")?;
    let en_keys: BTreeSet<&String> = en.keys().collect();
    let mut others = Vec::new();
    for lang in LANGS.iter().filter(|l| **l != "en") {
        let (other, origin) = Locale::load_with_origins(files, lang)?;
        let keys: BTreeSet<&String> = other.keys().collect();
        let missing: Vec<&&String> = en_keys.difference(&keys).collect();
        if let Some(first) = missing.first() {
            let rel = counterpart(&en_origin[**first], lang);
            let in_file: Vec<&str> = missing
                .iter()
                .filter(|k| counterpart(&en_origin[***k], lang) == rel)
                .map(|k| k.as_str())
                .collect();
            return Err(DataError {
                file: label(files, &rel),
                line: None,
                message: format!(
                    "{} string(s) of the English file are missing: {}",
                    in_file.len(),
                    shorten(&in_file)
                ),
            });
        }
        let extra: Vec<&&String> = keys.difference(&en_keys).collect();
        if let Some(first) = extra.first() {
            let rel = &origin[**first];
            let src = files.read(rel)?;
            let (section, key) = first.rsplit_once('.').unwrap_or(("", first));
            return Err(src.error(
                src.line_of(section, key),
                format!("{first}: not in the English file (a key misspelt, or English lacks it)"),
            ));
        }
        others.push(other);
    }
    let mut all = vec![en];
    all.extend(others);
    Ok(all)
}

fn label(files: &Files, rel: &str) -> String {
    files
        .read(rel)
        .map(|s| s.label)
        .unwrap_or_else(|_| rel.to_string())
}

fn shorten(keys: &[&str]) -> String {
    const SHOWN: usize = 8;
    let mut s = keys
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if keys.len() > SHOWN {
        s.push_str(&format!(" and {} more", keys.len() - SHOWN));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counterparts() {
        assert_eq!(
            counterpart("data/locales/en.toml", "zh-CN"),
            "data/locales/zh-CN.toml"
        );
        assert_eq!(
            counterpart("data/locales/trust.en.toml", "zh-CN"),
            "data/locales/trust.zh-CN.toml"
        );
    }

    #[test]
    fn the_shipped_languages_are_complete() {
        complete(&Files::locate(None)).unwrap();
    }
}
