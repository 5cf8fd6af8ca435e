//! The scenario cards of the three skills beyond the visit (issue 16), in
//! `data/training/`: `desk.<lang>.toml` (after-sale desk), `counter.<lang>.toml`
//! (the nine steps at the complaint counter), `phone.<lang>.toml`
//! (purchase callbacks, miss-you calls, repair-ready calls), and the pass
//! marks in `skills.toml`. Read once at start and checked; a broken card
//! (bad TOML, an unknown field, missing words, facts that make no case)
//! names its file and line and stops every start.
//!
//! A desk card's stated `decision` and `rule` are the answer its author
//! expects; the answer a trainee is scored against is the policy engine's
//! at play time. A card whose stated answer disagrees with the shop's
//! policy ([`TrainingCards::desk_disagreements`]) stops `aftercare train`
//! and is reported by `aftercare check`, but never the shop's own start: a
//! shop changing its policy keeps working while its cards are rewritten.

use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;

use crate::domain::aftersale::{
    AfterSaleCase, AfterSalePolicy, Category, Condition, Decision, Problem, PurchaseLine, Request,
    RuleId, decide,
};
use crate::domain::complaint::counter::Step;
use crate::domain::training_progress::Ready;
use crate::domain::training_skills::{DueFollowUp, Thresholds};
use crate::i18n::LANGS;
use crate::shop_data::files::{DataError, Files, Source};

pub const MIN_CARDS: usize = 6;
pub const SKILLS_FILE: &str = "data/training/skills.toml";

mod counter;
mod desk;
mod phone;
mod skills;

pub use counter::*;
pub use desk::*;
pub use phone::*;
pub use skills::*;

/// The day a desk card is played on; its sale date is `sold_days_ago`
/// before. Fixed, so that a card's calendar-month warranty never depends
/// on the day the program starts.
pub fn practice_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 20).expect("a valid date")
}

/// A card of any skill: its id, and the facts both languages must share.
trait Card {
    fn id(&self) -> &str;
    fn facts(&self) -> String;
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CardFile<T> {
    cards: Vec<T>,
}

/// Every card of the three skills, by language, and the pass marks.
#[derive(Debug, Clone, Default)]
pub struct TrainingCards {
    desk: HashMap<String, Vec<DeskCard>>,
    counter: HashMap<String, Vec<CounterCard>>,
    phone: HashMap<String, Vec<PhoneCard>>,
    pub thresholds: Thresholds,
    /// When a skill passes and a trainee is ready to work alone.
    pub ready: Ready,
    /// The desk files as read, by language, to name a card's line.
    desk_sources: HashMap<String, Source>,
}

fn for_lang<'a, T>(m: &'a HashMap<String, Vec<T>>, lang: &str) -> &'a [T] {
    m.get(lang)
        .or_else(|| m.get("en"))
        .map(Vec::as_slice)
        .unwrap_or_default()
}

impl TrainingCards {
    pub fn desk(&self, lang: &str) -> &[DeskCard] {
        for_lang(&self.desk, lang)
    }
    pub fn counter(&self, lang: &str) -> &[CounterCard] {
        for_lang(&self.counter, lang)
    }
    pub fn phone(&self, lang: &str) -> &[PhoneCard] {
        for_lang(&self.phone, lang)
    }

    /// The desk cards whose stated decision and rule are not what the
    /// shop's policy gives for their facts played on `today`, each named
    /// by file and line (every language's file).
    pub fn desk_disagreements(&self, policy: &AfterSalePolicy, today: NaiveDate) -> Vec<DataError> {
        let mut out = Vec::new();
        for lang in LANGS {
            if let (Some(cards), Some(src)) = (self.desk.get(*lang), self.desk_sources.get(*lang)) {
                out.extend(desk_against_policy(src, cards, policy, today));
            }
        }
        out
    }

    /// Reads and checks every card file; every problem found is returned.
    pub fn load(files: &Files, policy: &AfterSalePolicy) -> Result<TrainingCards, Vec<DataError>> {
        let mut errors = Vec::new();
        let skills = files.read(SKILLS_FILE).map_err(|e| errors.push(e)).ok();
        let thresholds = (skills.as_ref())
            .and_then(|s| thresholds_from_source(s).map_err(|e| errors.push(e)).ok());
        let ready =
            (skills.as_ref()).and_then(|s| ready_from_source(s).map_err(|e| errors.push(e)).ok());
        let mut desk = HashMap::new();
        let mut counter = HashMap::new();
        let mut phone = HashMap::new();
        let mut sources: HashMap<String, Source> = HashMap::new();
        let mut desk_sources = HashMap::new();
        for lang in LANGS {
            let mut read = |skill: &str| {
                let rel = format!("data/training/{skill}.{lang}.toml");
                files
                    .read(&rel)
                    .inspect(|s| {
                        sources.insert(format!("{skill}.{lang}"), s.clone());
                    })
                    .map_err(|e| errors.push(e))
                    .ok()
            };
            let (d, c, p) = (read("desk"), read("counter"), read("phone"));
            match d.map(|s| (desk_from_source(&s, policy), s)) {
                Some((Ok(v), s)) => {
                    desk.insert(lang.to_string(), v);
                    desk_sources.insert(lang.to_string(), s);
                }
                Some((Err(e), _)) => errors.push(e),
                None => {}
            }
            match c.map(|s| counter_from_source(&s)) {
                Some(Ok(v)) => {
                    counter.insert(lang.to_string(), v);
                }
                Some(Err(e)) => errors.push(e),
                None => {}
            }
            match p.map(|s| phone_from_source(&s)) {
                Some(Ok(v)) => {
                    phone.insert(lang.to_string(), v);
                }
                Some(Err(e)) => errors.push(e),
                None => {}
            }
        }
        if errors.is_empty() {
            errors.extend(same_cards(&desk, &sources, "desk"));
            errors.extend(same_cards(&counter, &sources, "counter"));
            errors.extend(same_cards(&phone, &sources, "phone"));
        }
        if let (Some(src), Some(r), true) = (&skills, &ready, errors.is_empty()) {
            errors.extend(enough_cards(src, r, &[&desk, &counter, &phone]));
        }
        match (thresholds, ready) {
            (Some(thresholds), Some(ready)) if errors.is_empty() => Ok(TrainingCards {
                desk,
                counter,
                phone,
                thresholds,
                ready,
                desk_sources,
            }),
            _ => Err(errors),
        }
    }
}

/// The line of the `n`th line (0-based) whose trimmed text is `header`.
fn nth_line(src: &Source, header: &str, n: usize) -> Option<usize> {
    src.text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == header)
        .nth(n)
        .map(|(i, _)| i + 1)
}

/// The first line containing `needle`.
fn line_with(src: &Source, needle: &str) -> Option<usize> {
    src.text
        .lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
}

/// The line of card `i` (its id, else its `[[cards]]` header).
fn card_line(src: &Source, id: &str, i: usize) -> Option<usize> {
    line_with(src, &format!("id = \"{id}\"")).or_else(|| nth_line(src, "[[cards]]", i))
}

/// Both languages have the same cards, in the same order, with the same facts.
fn same_cards<T: Card>(
    cards: &HashMap<String, Vec<T>>,
    sources: &HashMap<String, Source>,
    skill: &str,
) -> Option<DataError> {
    let base = cards.get("en")?;
    for lang in LANGS.iter().filter(|l| **l != "en") {
        let (Some(other), Some(src)) = (cards.get(*lang), sources.get(&format!("{skill}.{lang}")))
        else {
            continue;
        };
        for i in 0..base.len().max(other.len()) {
            match (base.get(i), other.get(i)) {
                (Some(a), Some(b)) if a.id() == b.id() && a.facts() == b.facts() => {}
                (Some(a), Some(b)) if a.id() == b.id() => {
                    return Some(src.error(
                        card_line(src, b.id(), i),
                        format!(
                            "cards[{}] {}: the facts differ from data/training/{skill}.en.toml ({} here, {} there)",
                            i + 1,
                            b.id(),
                            b.facts(),
                            a.facts()
                        ),
                    ));
                }
                (a, b) => {
                    return Some(src.error(
                        b.and_then(|b| card_line(src, b.id(), i)),
                        format!(
                            "cards[{}]: id \"{}\" here, \"{}\" in data/training/{skill}.en.toml; both languages need the same cards in the same order",
                            i + 1,
                            b.map(|b| b.id()).unwrap_or("(none)"),
                            a.map(|a| a.id()).unwrap_or("(none)")
                        ),
                    ));
                }
            }
        }
    }
    None
}

fn common_checks<T: Card>(src: &Source, cards: &[T]) -> Result<(), DataError> {
    if cards.len() < MIN_CARDS {
        return Err(src.error(
            None,
            format!("cards: at least {MIN_CARDS} cards, found {}", cards.len()),
        ));
    }
    let mut ids: Vec<&str> = Vec::new();
    for (i, c) in cards.iter().enumerate() {
        if c.id().trim().is_empty() || ids.contains(&c.id()) {
            return Err(src.error(
                card_line(src, c.id(), i),
                format!("cards[{}]: id \"{}\" is empty or used twice", i + 1, c.id()),
            ));
        }
        ids.push(c.id());
    }
    Ok(())
}

fn blank(texts: &[&str]) -> bool {
    texts.iter().any(|t| t.trim().is_empty())
}

/// The line of field `name` in the card that starts at `at`.
fn field_line(src: &Source, at: Option<usize>, name: &str) -> Option<usize> {
    src.text
        .lines()
        .enumerate()
        .skip(at.unwrap_or(1) - 1)
        .find(|(_, l)| l.trim_start().starts_with(&format!("{name} ")))
        .map(|(n, _)| n + 1)
        .or(at)
}
