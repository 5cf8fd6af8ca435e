//! `data/practices.toml` (issue 18): whether a step passed with nothing
//! ticked asks first, which styles are evening wear (the make-up service),
//! the designated-style gifts and the festival gifts. Read once at start
//! and checked; a bad value stops the app naming the file and the line.

use serde::Deserialize;

use crate::domain::practices::{FestivalGift, StyleGift};
use crate::shop_data::files::{DataError, Files, Source};

pub const FILE: &str = "data/practices.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practices {
    pub steps: Steps,
    pub makeup: MakeupRule,
    pub vip_card: VipCard,
    #[serde(default)]
    pub style_gifts: Vec<StyleGift>,
    #[serde(default)]
    pub festival_gifts: Vec<FestivalGift>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Steps {
    pub ask_when_nothing_ticked: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MakeupRule {
    pub evening_wear_styles: Vec<String>,
}

/// `[vip_card]`: what the card and the registration phrase tell.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VipCard {
    /// Benefit ids, each a line (practices.benefit.<id> in the locale files).
    pub benefits: Vec<String>,
}

impl Default for Practices {
    /// The copy built into the program (checked by the tests).
    fn default() -> Self {
        Practices::load(&Files::built_in()).expect("the built-in practices.toml is valid")
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl Practices {
    pub fn load(files: &Files) -> Result<Practices, DataError> {
        Practices::from_source(&files.read(FILE)?)
    }

    pub fn from_source(src: &Source) -> Result<Practices, DataError> {
        let p: Practices = src.parse()?;
        p.check(src)?;
        Ok(p)
    }

    /// Every gift id named, each once.
    pub fn gift_ids(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let all = self.style_gifts.iter().map(|g| g.gift.as_str());
        for g in all.chain(self.festival_gifts.iter().map(|f| f.gift.as_str())) {
            if !out.contains(&g) {
                out.push(g);
            }
        }
        out
    }

    fn check(&self, src: &Source) -> Result<(), DataError> {
        // The line of the n-th occurrence of `key = ` (array-of-tables entries).
        let nth = |key: &str, n: usize| {
            src.text
                .lines()
                .enumerate()
                .filter(|(_, l)| {
                    let t = l.trim_start();
                    t.starts_with(key) && t[key.len()..].trim_start().starts_with('=')
                })
                .nth(n)
                .map(|(i, _)| i + 1)
        };
        let bad = |line: Option<usize>, msg: String| Err(src.error(line, msg));
        if self
            .makeup
            .evening_wear_styles
            .iter()
            .any(|s| s.trim().is_empty())
        {
            return bad(
                src.line_of("makeup", "evening_wear_styles"),
                "makeup.evening_wear_styles: a style-number start may not be empty".into(),
            );
        }
        if let Some(b) = self.vip_card.benefits.iter().find(|b| !is_id(b)) {
            return bad(
                src.line_of("vip_card", "benefits"),
                format!("vip_card.benefits: \"{b}\" must be a lowercase id (a-z, 0-9, _)"),
            );
        }
        for (i, g) in self.style_gifts.iter().enumerate() {
            if g.styles.is_empty() || g.styles.iter().any(|s| s.trim().is_empty()) {
                return bad(
                    nth("styles", i),
                    "style_gifts.styles: list the starts of the style numbers".into(),
                );
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for (i, f) in self.festival_gifts.iter().enumerate() {
            if !is_id(&f.id) || seen.contains(&f.id.as_str()) {
                return bad(
                    nth("id", i),
                    format!(
                        "festival_gifts.id: \"{}\" must be a new lowercase id (a-z, 0-9, _)",
                        f.id
                    ),
                );
            }
            seen.push(&f.id);
            for (key, v) in [("from", &f.from), ("until", &f.until)] {
                if crate::domain::tasks::month_day(v).is_none() {
                    return bad(
                        nth(key, i),
                        format!("festival_gifts.{key}: \"{v}\" is not a day written MM-DD"),
                    );
                }
            }
        }
        for (i, g) in self.gift_ids().into_iter().enumerate() {
            if !is_id(g) {
                return bad(
                    nth("gift", i),
                    format!("gift \"{g}\" must be a lowercase id (a-z, 0-9, _)"),
                );
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source {
            label: FILE.into(),
            text: text.into(),
        }
    }

    #[test]
    fn the_shipped_file_is_valid() {
        let p = Practices::default();
        assert!(p.steps.ask_when_nothing_ticked);
        assert!(p.festival_gifts.iter().any(|f| f.gift == "carnations"));
    }

    #[test]
    fn a_bad_festival_day_names_its_line() {
        let text = "[steps]\nask_when_nothing_ticked = true\n[makeup]\nevening_wear_styles = [\"EV\"]\n[vip_card]\nbenefits = []\n\
                    [[festival_gifts]]\nid = \"a\"\nfrom = \"05-08\"\nuntil = \"05-14\"\ngift = \"x\"\n\
                    [[festival_gifts]]\nid = \"b\"\nfrom = \"13-01\"\nuntil = \"05-14\"\ngift = \"x\"\n";
        let e = Practices::from_source(&src(text)).unwrap_err();
        assert_eq!(e.line, Some(14), "{e}");
        assert!(e.to_string().contains("13-01"), "{e}");
    }
}
