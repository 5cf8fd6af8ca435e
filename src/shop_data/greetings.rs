//! The greetings files: `data/greetings.toml` (which festivals and seasons
//! the shop greets, each kind's "must never" words) and the message library
//! `data/templates/<lang>.toml`. Read once at start; a broken template or
//! an unknown placeholder is refused naming its file and line.

use serde::Deserialize;
use std::collections::BTreeMap;

use crate::domain::occasions::{Calendar, FESTIVALS, Kind, SEASONS};
use crate::domain::templates::{self, Never, Problem};
use crate::i18n::LANGS;
use crate::shop_data::files::{DataError, Files, Source};

pub const FILE: &str = "data/greetings.toml";

pub fn library_file(lang: &str) -> String {
    format!("data/templates/{lang}.toml")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    festivals: BTreeMap<String, u32>,
    seasons: RawSeasons,
    never: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// Regular expressions per kind and language, for what words miss.
    #[serde(default)]
    patterns: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeasons {
    lead_days: u32,
    #[serde(default)]
    own_dates: BTreeMap<String, String>,
}

/// One template of the library file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileTemplate {
    pub kind: Kind,
    pub lang: String,
    /// Its name in the file, e.g. `warm`; with the kind it names the template.
    pub name: String,
    pub text: String,
}

impl FileTemplate {
    /// The key a shop's own copy of this template is stored under.
    pub fn key(&self) -> String {
        format!("{}.{}", self.kind.id(), self.name)
    }
}

#[derive(Debug, Clone, Default)]
pub struct GreetingData {
    pub calendar: Calendar,
    /// kind → what it must never say, every language's rules together.
    never: BTreeMap<Kind, Never>,
    pub library: Vec<FileTemplate>,
}

impl GreetingData {
    pub fn load(files: &Files, birthday_window_days: u32) -> Result<GreetingData, DataError> {
        let mut d = GreetingData::from_source(&files.read(FILE)?, birthday_window_days)?;
        for lang in LANGS {
            let src = files.read(&library_file(lang))?;
            d.add_library(&src, lang)?;
        }
        Ok(d)
    }

    pub fn from_source(src: &Source, birthday_window_days: u32) -> Result<GreetingData, DataError> {
        let raw: Raw = src.parse()?;
        for (id, lead) in &raw.festivals {
            if !FESTIVALS.iter().any(|(f, _)| f == id) {
                return Err(src.error(
                    src.line_of("festivals", id),
                    format!("unknown festival {id:?}"),
                ));
            }
            if *lead > 60 {
                return Err(src.error(src.line_of("festivals", id), "at most 60 days ahead"));
            }
        }
        let own = own_seasons(src, &raw.seasons.own_dates)?;
        let mut never: BTreeMap<Kind, Never> = BTreeMap::new();
        for (kind, langs) in raw.never {
            let Some(k) = Kind::from_id(&kind) else {
                return Err(src.error(None, format!("[never.{kind}]: unknown kind")));
            };
            for (lang, words) in langs {
                if words.iter().any(|w| w.trim().is_empty()) {
                    return Err(src.error(
                        src.line_of(&format!("never.{kind}"), &lang),
                        "an empty word",
                    ));
                }
                never.entry(k).or_default().extend(&Never::words(words));
            }
        }
        for (kind, langs) in raw.patterns {
            let Some(k) = Kind::from_id(&kind) else {
                return Err(src.error(
                    line_of_text(src, &format!("[patterns.{kind}]")),
                    format!("[patterns.{kind}]: unknown kind"),
                ));
            };
            for (_lang, patterns) in langs {
                let compiled = compile_patterns(src, &kind, patterns)?;
                never.entry(k).or_default().extend(&Never {
                    words: Vec::new(),
                    patterns: compiled,
                });
            }
        }
        Ok(GreetingData {
            calendar: Calendar {
                festivals: raw.festivals,
                season_lead_days: raw.seasons.lead_days,
                own_seasons: own,
                birthday_window_days,
            },
            never,
            library: Vec::new(),
        })
    }

    /// Adds a library file's templates, each checked against the rules.
    pub fn add_library(&mut self, src: &Source, lang: &str) -> Result<(), DataError> {
        let table: BTreeMap<String, BTreeMap<String, String>> = src.parse()?;
        for (kind, templates) in table {
            let Some(k) = Kind::from_id(&kind) else {
                return Err(src.error(
                    src.text
                        .lines()
                        .position(|l| l.trim() == format!("[{kind}]"))
                        .map(|i| i + 1),
                    format!("unknown kind [{kind}]: festival, birthday, season or miss_you"),
                ));
            };
            for (name, text) in templates {
                if let Err(p) = templates::check(k, &text, self.never(k, lang)) {
                    return Err(src.error(src.line_of(&kind, &name), describe(&p)));
                }
                self.library.push(FileTemplate {
                    kind: k,
                    lang: lang.to_string(),
                    name,
                    text,
                });
            }
        }
        Ok(())
    }

    /// What a `kind` message must never say. Every language's words and
    /// patterns apply to a message in any language (`_lang` is kept for
    /// the callers that name it), so a mixed-language text is caught too.
    pub fn never(&self, kind: Kind, _lang: &str) -> &Never {
        static NONE: std::sync::OnceLock<Never> = std::sync::OnceLock::new();
        self.never
            .get(&kind)
            .unwrap_or_else(|| NONE.get_or_init(Never::default))
    }

    pub fn library(&self, kind: Kind, lang: &str) -> impl Iterator<Item = &FileTemplate> {
        self.library
            .iter()
            .filter(move |t| t.kind == kind && t.lang == lang)
    }
}

/// `[seasons.own_dates]`: a shop's own season dates, as (month, day).
fn own_seasons(
    src: &Source,
    own_dates: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, (u32, u32)>, DataError> {
    let mut own = BTreeMap::new();
    for (id, md) in own_dates {
        let section = "seasons.own_dates";
        let line = src.line_of(section, id);
        if !SEASONS.iter().any(|(s, _)| s == id) {
            return Err(src.error(line, format!("unknown season {id:?}")));
        }
        let parsed = md
            .split_once('-')
            .and_then(|(m, d)| Some((m.parse::<u32>().ok()?, d.parse::<u32>().ok()?)))
            .filter(|&(m, d)| chrono::NaiveDate::from_ymd_opt(2028, m, d).is_some());
        match parsed {
            Some(p) => own.insert(id.clone(), p),
            None => return Err(src.error(line, format!("{md:?} is not a date as MM-DD"))),
        };
    }
    Ok(own)
}

/// `[patterns.KIND]`: each pattern compiled, none matching an empty text.
fn compile_patterns(
    src: &Source,
    kind: &str,
    patterns: Vec<String>,
) -> Result<Vec<regex::Regex>, DataError> {
    let mut compiled = Vec::new();
    for p in patterns {
        let re = regex::Regex::new(&p).map_err(|e| {
            let first = e.to_string().lines().last().unwrap_or_default().to_string();
            src.error(
                line_of_text(src, &p),
                format!("patterns.{kind}: {p:?} is not a valid pattern: {first}"),
            )
        })?;
        if re.is_match("") {
            return Err(src.error(
                line_of_text(src, &p),
                format!("patterns.{kind}: {p:?} matches an empty text"),
            ));
        }
        compiled.push(re);
    }
    Ok(compiled)
}

/// The first line holding `needle` (a pattern as written in the file).
fn line_of_text(src: &Source, needle: &str) -> Option<usize> {
    let escaped = needle.replace('\\', "\\\\");
    src.text
        .lines()
        .position(|l| l.contains(needle) || l.contains(&escaped))
        .map(|i| i + 1)
}

/// A template to choose from: the file's, or the shop's own copy or new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub key: String,
    pub text: String,
    /// The stored row's version when the shop has its own copy.
    pub version: Option<i64>,
}

/// The templates of a kind and language: the file's in order (each replaced
/// by the shop's copy when there is one), then the shop's new ones.
pub fn choices(
    data: &GreetingData,
    shop: &[crate::store::greetings::ShopTemplate],
    kind: Kind,
    lang: &str,
) -> Vec<Choice> {
    let mut out: Vec<Choice> = data
        .library(kind, lang)
        .map(|t| {
            let key = t.key();
            match shop.iter().find(|s| s.key == key) {
                Some(s) => Choice {
                    key,
                    text: s.body.clone(),
                    version: Some(s.version),
                },
                None => Choice {
                    key,
                    text: t.text.clone(),
                    version: None,
                },
            }
        })
        .collect();
    for s in shop {
        if !out.iter().any(|c| c.key == s.key) {
            out.push(Choice {
                key: s.key.clone(),
                text: s.body.clone(),
                version: Some(s.version),
            });
        }
    }
    out
}

/// A problem in words for a data-file message (English, like other file errors).
pub fn describe(p: &Problem) -> String {
    match p {
        Problem::Empty => "the template is empty".into(),
        Problem::UnknownPlaceholder(n) => format!("unknown placeholder {{{n}}}"),
        Problem::Unclosed => "a { without its }".into(),
        Problem::Forbidden(w) => format!("must never say: {}", w.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(label: &str, text: &str) -> Source {
        Source {
            label: label.into(),
            text: text.into(),
        }
    }

    fn shipped() -> GreetingData {
        GreetingData::load(&Files::built_in(), 7).unwrap()
    }

    #[test]
    fn the_shipped_library_has_every_kind_in_both_languages() {
        let d = shipped();
        for lang in LANGS {
            for k in Kind::ALL {
                assert!(d.library(k, lang).count() >= 2, "{k:?} {lang}");
            }
        }
        assert!(
            d.never(Kind::Festival, "zh-CN")
                .words
                .contains(&"打折".to_string())
        );
    }

    #[test]
    fn a_rule_breaking_template_is_refused_with_its_line() {
        let mut d = shipped();
        let e = d
            .add_library(
                &src(
                    "t.toml",
                    "[festival]\nok = \"{customer}，中秋快乐\"\nbad = \"{customer}，中秋全场打折\"\n",
                ),
                "zh-CN",
            )
            .unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("打折"), "{e}");
        let e = d
            .add_library(&src("t.toml", "[season]\nx = \"Hello {name}\"\n"), "en")
            .unwrap_err();
        assert_eq!(e.to_string(), "t.toml:2: unknown placeholder {name}");
    }

    #[test]
    fn unknown_festivals_and_bad_season_dates_are_refused() {
        let base = "[seasons]\nlead_days = 3\n[never.festival]\nen = []\n";
        let e = GreetingData::from_source(
            &src("g.toml", &format!("[festivals]\nhalloween = 3\n{base}")),
            7,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = GreetingData::from_source(
            &src(
                "g.toml",
                "[festivals]\n[seasons]\nlead_days = 3\n[seasons.own_dates]\nli_dong = \"13-01\"\n[never]\n",
            ),
            7,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(5));
    }
}
