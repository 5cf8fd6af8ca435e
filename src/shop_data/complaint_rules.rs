//! The complaint and survey files (DOMAIN §4, §8): `data/routing.toml`,
//! `data/complaints.toml` and `data/surveys.toml`, read once at start and
//! checked; a bad value stops the app naming the file and the line.

use serde::Deserialize;

use crate::domain::complaint::counter::Step;
use crate::domain::complaint::limits::Limits;
use crate::domain::complaint::routing::Routing;
use crate::domain::survey::Question;
use crate::domain::text;
use crate::i18n::Locale;
use crate::shop_data::files::{DataError, Files, Source};

pub const ROUTING: &str = "data/routing.toml";
pub const COMPLAINTS: &str = "data/complaints.toml";
pub const SURVEYS: &str = "data/surveys.toml";

/// Longest time limit taken, in hours: beyond a year a typo is likelier.
const MAX_HOURS: u32 = 24 * 366;
const MAX_QUESTIONS: usize = 8;

#[derive(Debug, Clone)]
pub struct ServiceRules {
    pub routing: Routing,
    pub complaints: ComplaintRules,
    pub questions: Vec<Question>,
    /// For messages that point into routing.toml after loading.
    routing_source: Source,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplaintRules {
    pub limits: Limits,
    pub revisit: Revisit,
    #[serde(rename = "step")]
    pub steps: Vec<StepPhrases>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revisit {
    pub after_days: u32,
    pub at_intake_after_days: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepPhrases {
    pub id: String,
    pub phrases: Phrases,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phrases {
    pub en: Vec<String>,
    #[serde(rename = "zh-CN")]
    pub zh_cn: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SurveyFile {
    #[serde(rename = "question")]
    questions: Vec<Question>,
}

impl Default for ServiceRules {
    /// The copies built into the program (checked by the tests).
    fn default() -> Self {
        ServiceRules::load(&Files::built_in()).expect("the built-in complaint files are valid")
    }
}

impl ComplaintRules {
    /// The example phrases of a step in a language.
    pub fn phrases(&self, step: Step, lang: &str) -> &[String] {
        self.steps
            .iter()
            .find(|s| s.id == step.id())
            .map(|s| {
                if lang == "zh-CN" {
                    &s.phrases.zh_cn
                } else {
                    &s.phrases.en
                }
            })
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

impl ServiceRules {
    pub fn load(files: &Files) -> Result<ServiceRules, DataError> {
        let r = files.read(ROUTING)?;
        let c = files.read(COMPLAINTS)?;
        let s = files.read(SURVEYS)?;
        ServiceRules::from_sources(&r, &c, &s)
    }

    pub fn from_sources(
        routing: &Source,
        complaints: &Source,
        surveys: &Source,
    ) -> Result<ServiceRules, DataError> {
        let r: Routing = routing.parse()?;
        if let Err(f) = r.check() {
            return Err(routing.error(
                line_in_entry(routing, f.table, f.index, f.key),
                format!("[[{}]] {}: {}", f.table, f.key, f.message),
            ));
        }
        let c: ComplaintRules = complaints.parse()?;
        check_complaints(&c, complaints)?;
        let q: SurveyFile = surveys.parse()?;
        check_questions(&q.questions, surveys)?;
        Ok(ServiceRules {
            routing: r,
            complaints: c,
            questions: q.questions,
            routing_source: routing.clone(),
        })
    }

    /// Every department and category needs a name in the language in use.
    pub fn check_names(&self, loc: &Locale) -> Vec<DataError> {
        let src = &self.routing_source;
        let mut out = Vec::new();
        let entries = self
            .routing
            .departments
            .iter()
            .map(|d| ("department", &d.id))
            .enumerate()
            .chain(
                self.routing
                    .categories
                    .iter()
                    .map(|c| ("category", &c.id))
                    .enumerate(),
            );
        for (i, (table, id)) in entries {
            let key = format!("complaints.{table}.{id}");
            if !loc.has(&key) {
                out.push(src.error(
                    line_in_entry(src, table, i, "id"),
                    format!(
                        "[[{table}]] \"{id}\" has no name in {}: add {id} = \"…\" under \
                         [complaints.{table}] in data/locales/complaints.{}.toml",
                        loc.lang, loc.lang
                    ),
                ));
            }
        }
        out
    }
}

fn check_complaints(c: &ComplaintRules, src: &Source) -> Result<(), DataError> {
    let bad = |section: &str, key: &str, msg: String| {
        Err(src.error(src.line_of(section, key), format!("{section}.{key}: {msg}")))
    };
    let l = &c.limits;
    if l.first_response_hours == 0 || l.first_response_hours > MAX_HOURS {
        return bad(
            "limits",
            "first_response_hours",
            format!("from 1 to {MAX_HOURS} hours"),
        );
    }
    if l.resolution_hours < l.first_response_hours || l.resolution_hours > MAX_HOURS {
        return bad(
            "limits",
            "resolution_hours",
            format!(
                "from first_response_hours ({}) to {MAX_HOURS} hours",
                l.first_response_hours
            ),
        );
    }
    for (key, v) in [
        ("after_days", c.revisit.after_days),
        ("at_intake_after_days", c.revisit.at_intake_after_days),
    ] {
        if v > 365 {
            return bad("revisit", key, "at most 365 days".into());
        }
    }
    check_steps(c, src)?;
    if c.steps.len() > Step::ALL.len() {
        return Err(src.error(
            line_in_entry(src, "step", Step::ALL.len(), "id"),
            "there are nine steps at the counter, no more".to_string(),
        ));
    }
    Ok(())
}

/// `[[step]]`: the nine steps in their order, each with phrases in both
/// languages, clean and not too long.
fn check_steps(c: &ComplaintRules, src: &Source) -> Result<(), DataError> {
    for (i, want) in Step::ALL.iter().enumerate() {
        let Some(s) = c.steps.get(i) else {
            return Err(src.error(
                None,
                format!(
                    "[[step]] {} of 9 is missing: expected id = \"{}\"",
                    i + 1,
                    want.id()
                ),
            ));
        };
        if s.id != want.id() {
            return Err(src.error(
                line_in_entry(src, "step", i, "id"),
                format!(
                    "[[step]] {} must be \"{}\" (the nine steps go listen, talk, apologise, \
                     restate, explain, resolve, compensate, result, feedback), not \"{}\"",
                    i + 1,
                    want.id(),
                    s.id
                ),
            ));
        }
        for (lang, list) in [("en", &s.phrases.en), ("zh-CN", &s.phrases.zh_cn)] {
            let line = line_in_entry(src, "step", i, lang);
            if list.is_empty() {
                return Err(src.error(
                    line,
                    format!("[[step]] {}: at least one {lang} phrase is needed", s.id),
                ));
            }
            if let Some(p) = list
                .iter()
                .find(|p| p.trim().is_empty() || text::clean(p, 400) != **p)
            {
                return Err(src.error(
                    line,
                    format!(
                        "[[step]] {}: the {lang} phrase \"{p}\" is empty, too long or holds \
                         control characters",
                        s.id
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn check_questions(qs: &[Question], src: &Source) -> Result<(), DataError> {
    if qs.is_empty() || qs.len() > MAX_QUESTIONS {
        return Err(src.error(
            line_in_entry(src, "question", MAX_QUESTIONS, "id"),
            format!("from 1 to {MAX_QUESTIONS} [[question]] entries"),
        ));
    }
    for (i, q) in qs.iter().enumerate() {
        let valid = !q.id.is_empty()
            && q.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            return Err(src.error(
                line_in_entry(src, "question", i, "id"),
                format!(
                    "[[question]] \"{}\" is not an id: use lower-case letters, digits and _",
                    q.id
                ),
            ));
        }
        if qs[..i].iter().any(|p| p.id == q.id) {
            return Err(src.error(
                line_in_entry(src, "question", i, "id"),
                format!("[[question]] \"{}\" is listed twice", q.id),
            ));
        }
        for (lang, t) in [("en", &q.en), ("zh-CN", &q.zh_cn)] {
            if t.trim().is_empty() || text::clean(t, 200) != *t {
                return Err(src.error(
                    line_in_entry(src, "question", i, lang),
                    format!(
                        "[[question]] {}: the {lang} text is empty, too long or holds \
                         control characters",
                        q.id
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The line of `key` in the `index`th `[[table]]` entry (from 0), counting
/// its sub-tables (`[table.x]`); the entry's own line when the key is not
/// written there, none when there is no such entry.
pub fn line_in_entry(src: &Source, table: &str, index: usize, key: &str) -> Option<usize> {
    let header = format!("[[{table}]]");
    let sub = format!("[{table}.");
    let lines: Vec<&str> = src.text.lines().collect();
    let start = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim() == header)
        .nth(index)
        .map(|(i, _)| i)?;
    for (i, l) in lines.iter().enumerate().skip(start + 1) {
        let t = l.trim();
        if t.starts_with('[') && !t.starts_with(&sub) {
            break;
        }
        if let Some((k, _)) = t.split_once('=')
            && k.trim().trim_matches('"') == key
        {
            return Some(i + 1);
        }
    }
    Some(start + 1)
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

    fn shipped(rel: &str) -> Source {
        Files::locate(None).read(rel).unwrap()
    }

    fn load(routing: &str, complaints: &str, surveys: &str) -> Result<ServiceRules, DataError> {
        let r = if routing.is_empty() {
            shipped(ROUTING)
        } else {
            src("routing.toml", routing)
        };
        let c = if complaints.is_empty() {
            shipped(COMPLAINTS)
        } else {
            src("complaints.toml", complaints)
        };
        let s = if surveys.is_empty() {
            shipped(SURVEYS)
        } else {
            src("surveys.toml", surveys)
        };
        ServiceRules::from_sources(&r, &c, &s)
    }

    #[test]
    fn the_shipped_files_load_and_name_everything_in_both_languages() {
        let files = Files::locate(None);
        let rules = ServiceRules::load(&files).unwrap();
        assert_eq!(rules.complaints.limits.first_response_hours, 24);
        assert_eq!(rules.complaints.limits.resolution_hours, 72);
        assert_eq!(rules.complaints.steps.len(), 9);
        assert!(
            !rules
                .complaints
                .phrases(Step::Apologise, "zh-CN")
                .is_empty()
        );
        assert!(rules.questions.len() >= 3);
        for lang in crate::i18n::LANGS {
            let loc = Locale::load(&files, lang).unwrap();
            assert_eq!(rules.check_names(&loc), vec![], "{lang}");
        }
    }

    #[test]
    fn a_routing_fault_names_the_line_of_the_bad_key() {
        let text =
            "[[department]]\nid = \"qc\"\n\n[[category]]\nid = \"quality\"\ndepartment = \"qa\"\n";
        let e = load(text, "", "").unwrap_err();
        assert_eq!(e.line, Some(6), "{e}");
        assert!(
            e.to_string()
                .starts_with("routing.toml:6: [[category]] department"),
            "{e}"
        );
    }

    #[test]
    fn a_category_without_a_name_is_refused_at_its_line() {
        let mut text = shipped(ROUTING).text;
        text.push_str("\n[[category]]\nid = \"alteration\"\ndepartment = \"service\"\n");
        let rules = load(&text, "", "").unwrap();
        let loc = Locale::load(&Files::locate(None), "en").unwrap();
        let e = rules.check_names(&loc);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, Some(text.lines().count() - 1), "{}", e[0]);
        assert!(e[0].message.contains("alteration"), "{}", e[0]);
    }

    #[test]
    fn limits_and_steps_are_checked_with_their_lines() {
        let good = shipped(COMPLAINTS).text;
        let e = load(
            "",
            &good.replace("first_response_hours = 24", "first_response_hours = 0"),
            "",
        )
        .unwrap_err();
        assert!(e.message.starts_with("limits.first_response_hours"), "{e}");
        assert_eq!(
            e.line,
            good.lines()
                .position(|l| l.starts_with("first_response_hours"))
                .map(|i| i + 1)
        );
        let e = load(
            "",
            &good.replace("resolution_hours = 72", "resolution_hours = 12"),
            "",
        )
        .unwrap_err();
        assert!(e.message.starts_with("limits.resolution_hours"), "{e}");
        let swapped = good.replacen("id = \"talk\"", "id = \"apologise_x\"", 1);
        let e = load("", &swapped, "").unwrap_err();
        assert!(e.message.contains("must be \"talk\""), "{e}");
        assert_eq!(
            e.line,
            swapped
                .lines()
                .position(|l| l.contains("apologise_x"))
                .map(|i| i + 1)
        );
        let e = load("", &good.replacen("en = [", "en = [\"\",", 1), "").unwrap_err();
        assert!(e.message.contains("listen"), "{e}");
        let e = load("", &format!("{good}\nextra = 1\n"), "").unwrap_err();
        assert!(e.line.is_some(), "{e}");
    }

    #[test]
    fn survey_questions_are_checked() {
        let e = load(
            "",
            "",
            "[[question]]\nid = \"a\"\nen = \"A?\"\nzh-CN = \"\"\n",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        let e = load(
            "",
            "",
            "[[question]]\nid = \"a\"\nen = \"A?\"\nzh-CN = \"甲？\"\n[[question]]\nid = \"a\"\nen = \"B?\"\nzh-CN = \"乙？\"\n",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(6), "{e}");
        assert!(e.message.contains("twice"), "{e}");
    }
}
