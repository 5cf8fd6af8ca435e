//! `data/phones.toml`: the phone formats the shop accepts, read once at
//! start and checked (each pattern compiles, each example fits its format,
//! each refused number fits none), errors naming file and line.
//!
//! The rules are installed once for the whole process so that every place
//! a phone is typed or imported checks it through one function,
//! `domain::customer::validate` (and [`check`] for forms without a file).

use serde::Deserialize;
use std::sync::OnceLock;

use crate::domain::phone::{PhoneFormat, PhoneRules};
use crate::shop_data::files::{DataError, Files, Source};

pub const FILE: &str = "data/phones.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    refused: Vec<String>,
    format: Vec<RawFormat>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFormat {
    id: String,
    #[serde(default)]
    ignore: String,
    pattern: String,
    #[serde(default)]
    examples: Vec<String>,
}

/// Reads and checks the shop's phone formats.
pub fn load(files: &Files) -> Result<PhoneRules, DataError> {
    from_source(&files.read(FILE)?)
}

pub fn from_source(src: &Source) -> Result<PhoneRules, DataError> {
    let raw: Raw = src.parse()?;
    let line_of = |needle: &str| {
        src.text
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
    };
    if raw.format.is_empty() {
        return Err(src.error(None, "at least one [[format]] is needed"));
    }
    let mut rules = PhoneRules::default();
    for f in raw.format {
        if f.id.trim().is_empty() {
            return Err(src.error(line_of("id ="), "format.id: must not be empty"));
        }
        let pattern = regex::Regex::new(&f.pattern).map_err(|e| {
            src.error(
                line_of(&f.pattern),
                format!("format {}: pattern: {e}", f.id),
            )
        })?;
        let format = PhoneFormat {
            id: f.id.clone(),
            ignore: f.ignore,
            pattern,
        };
        rules.formats.push(format);
        let one = PhoneRules {
            formats: vec![rules.formats.last().expect("just pushed").clone()],
        };
        if let Some(bad) = f.examples.iter().find(|e| !one.accepts(e)) {
            return Err(src.error(
                line_of(&format!("\"{bad}\"")),
                format!(
                    "format {}: the example {bad:?} does not fit its pattern",
                    f.id
                ),
            ));
        }
    }
    if let Some(bad) = raw.refused.iter().find(|r| rules.accepts(r)) {
        return Err(src.error(
            line_of(&format!("\"{bad}\"")),
            format!(
                "refused: {bad:?} is accepted as {}",
                rules.format_of(bad).unwrap_or_default()
            ),
        ));
    }
    Ok(rules)
}

static ACTIVE: OnceLock<PhoneRules> = OnceLock::new();

/// Makes the shop's rules the ones every check uses; called once at start,
/// before any phone is checked. A second call is ignored.
pub fn install(rules: PhoneRules) {
    let _ = ACTIVE.set(rules);
}

/// The rules in force: the installed ones, else the copy built into the
/// program (tests, tools that run without a shop folder).
pub fn active() -> &'static PhoneRules {
    ACTIVE.get_or_init(|| load(&Files::built_in()).expect("the built-in data/phones.toml is valid"))
}

/// Whether `typed` is a phone number the shop accepts.
pub fn check(typed: &str) -> bool {
    active().accepts(typed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source {
            label: "phones.toml".into(),
            text: text.into(),
        }
    }

    fn shipped() -> String {
        Files::built_in().read(FILE).unwrap().text
    }

    #[test]
    fn the_shipped_formats_take_mobiles_landlines_and_foreign_numbers() {
        let r = load(&Files::built_in()).unwrap();
        for (typed, id) in [
            ("13812345678", "mobile"),
            ("138 1234 5678", "mobile"),
            ("+86 138-1234-5678", "mobile"),
            ("010-12345678", "landline"),
            ("0755-1234567-123", "landline"),
            ("(021) 6234 5678", "landline"),
            ("+44 20 7946 0958", "foreign"),
            ("+1 (212) 555-0100", "foreign"),
        ] {
            assert_eq!(r.format_of(typed), Some(id), "{typed}");
        }
        for typed in [
            "12345",
            "12812345678",
            "1381234567",
            "138123456789",
            "0755-12",
            "+12",
            "abc",
        ] {
            assert_eq!(r.format_of(typed), None, "{typed}");
        }
    }

    #[test]
    fn a_bad_pattern_is_named_by_line() {
        let text = shipped().replace(r"'^\+[1-9]\d{7,14}$'", "'^(+'");
        let e = from_source(&src(&text)).unwrap_err();
        let line = text.lines().position(|l| l.contains("'^(+'")).unwrap() + 1;
        assert_eq!(e.line, Some(line), "{e}");
        assert!(e.message.contains("foreign"), "{e}");
    }

    #[test]
    fn an_example_that_does_not_fit_is_refused() {
        let text = shipped().replace("\"19912345678\"", "\"12912345678\"");
        let e = from_source(&src(&text)).unwrap_err();
        assert!(e.message.contains("12912345678"), "{e}");
        assert!(e.line.is_some());
    }

    #[test]
    fn a_refused_number_that_a_format_takes_stops_the_start() {
        let text = shipped().replace("refused = [\"12345\"", "refused = [\"13812345678\"");
        let e = from_source(&src(&text)).unwrap_err();
        assert!(e.message.contains("mobile"), "{e}");
        assert_eq!(e.line, Some(8));
    }
}
