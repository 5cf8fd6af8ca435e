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

/// The day a desk card is played on; its sale date is `sold_days_ago`
/// before. Fixed, so that a card's calendar-month warranty never depends
/// on the day the program starts.
pub fn practice_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 20).expect("a valid date")
}

fn yes() -> bool {
    true
}

/// An after-sale desk card.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeskCard {
    pub id: String,
    pub title: String,
    /// The customer's story and purchase.
    pub story: String,
    pub category: Category,
    pub sold_days_ago: i64,
    pub paid_fen: i64,
    pub current_price_fen: i64,
    pub receipt: bool,
    #[serde(default)]
    pub condition: Vec<Condition>,
    pub problem: Problem,
    #[serde(default = "yes")]
    pub repairable: bool,
    #[serde(default)]
    pub clearance: bool,
    #[serde(default)]
    pub made_to_order: bool,
    pub request: Request,
    /// What the policy gives for these facts.
    pub decision: Decision,
    /// The row of DOMAIN §6a to explain.
    pub rule: String,
    /// The rule in the customer's words.
    pub explain: String,
    /// What the customer says when told: accepting, and pushing back.
    pub accepts: String,
    pub pushes_back: String,
    /// The customer's name on the practice shop's file (optional; else the
    /// desk's word for a customer).
    #[serde(default)]
    pub customer: Option<String>,
    /// The goods' name in the practice shop's catalogue (optional; else the
    /// category's name).
    #[serde(default)]
    pub item: Option<String>,
}

impl DeskCard {
    /// The facts as a case for the policy engine, on [`practice_day`].
    pub fn case(&self) -> AfterSaleCase {
        self.case_on(practice_day())
    }

    /// The facts as a case for the policy engine, played on `today` (the
    /// sale `sold_days_ago` before).
    pub fn case_on(&self, today: NaiveDate) -> AfterSaleCase {
        AfterSaleCase {
            line: PurchaseLine {
                category: self.category,
                sold_on: today - chrono::Duration::days(self.sold_days_ago),
                paid_fen: self.paid_fen,
                current_price_fen: self.current_price_fen,
                clearance: self.clearance,
                made_to_order: self.made_to_order,
            },
            today,
            receipt: self.receipt,
            condition: self.condition.clone(),
            problem: self.problem,
            repairable: self.repairable,
            request: self.request,
        }
    }

    /// The card's rule; loaded cards always have one.
    pub fn rule_id(&self) -> RuleId {
        rule_from(&self.rule).unwrap_or(RuleId::R1)
    }
}

/// A card of any skill: its id, and the facts both languages must share.
trait Card {
    fn id(&self) -> &str;
    fn facts(&self) -> String;
}

impl Card for DeskCard {
    fn id(&self) -> &str {
        &self.id
    }
    fn facts(&self) -> String {
        format!("{:?} {} {}", self.case(), self.decision, self.rule)
    }
}

impl Card for CounterCard {
    fn id(&self) -> &str {
        &self.id
    }
    fn facts(&self) -> String {
        let bought = (self.purchase.as_ref())
            .map(|p| {
                format!(
                    ", bought {} {} days ago for {}",
                    p.category, p.days_ago, p.paid_fen
                )
            })
            .unwrap_or_default();
        format!("skin_reaction = {}{bought}", self.skin_reaction)
    }
}

impl Card for PhoneCard {
    fn id(&self) -> &str {
        &self.id
    }
    fn facts(&self) -> String {
        let f: Vec<String> = self
            .follow_ups
            .iter()
            .map(|f| format!("{} within {} days", f.id, f.within_days))
            .collect();
        format!("{}: {}", self.kind.id(), f.join(", "))
    }
}

fn rule_from(s: &str) -> Option<RuleId> {
    RuleId::ALL.iter().copied().find(|r| r.as_str() == s)
}

/// What the customer does at one of the nine steps.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CounterStep {
    pub step: String,
    pub says: String,
    /// After good handling: listened to, apologised to.
    pub calmer: String,
    /// After being blamed, argued with, or sent to the manufacturer.
    pub angrier: String,
}

/// A complaint counter card.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CounterCard {
    pub id: String,
    pub title: String,
    pub persona: String,
    /// A cosmetic's skin reaction [S4]: never refused, never sent on.
    pub skin_reaction: bool,
    pub forbidden: Vec<String>,
    pub satisfied: String,
    pub escalated: String,
    /// The nine steps of DOMAIN §4, in order.
    pub steps: Vec<CounterStep>,
    /// What the complaint is about, when it is a product the customer
    /// bought: sold to them in the practice shop before the card begins.
    #[serde(default)]
    pub purchase: Option<CounterPurchase>,
}

/// A counter card's purchase: the product, its material category, how
/// long ago it was bought and for how much.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CounterPurchase {
    pub product: String,
    pub category: Category,
    pub days_ago: u32,
    pub paid_fen: i64,
}

/// The kind of call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallKind {
    Purchase,
    MissYou,
    RepairReady,
}

impl CallKind {
    pub const ALL: [CallKind; 3] = [CallKind::Purchase, CallKind::MissYou, CallKind::RepairReady];

    pub fn id(self) -> &'static str {
        match self {
            CallKind::Purchase => "purchase",
            CallKind::MissYou => "miss_you",
            CallKind::RepairReady => "repair_ready",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneAnswer {
    pub asked: String,
    pub says: String,
}

/// A question that must become a dated follow-up.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneFollowUp {
    pub id: String,
    pub question: String,
    pub within_days: u32,
}

/// A phone card.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneCard {
    pub id: String,
    pub kind: CallKind,
    pub title: String,
    pub persona: String,
    pub answers: Vec<PhoneAnswer>,
    pub follow_ups: Vec<PhoneFollowUp>,
}

impl PhoneCard {
    /// What the scoring rules check.
    pub fn due(&self) -> Vec<DueFollowUp> {
        self.follow_ups
            .iter()
            .map(|f| DueFollowUp {
                id: f.id.clone(),
                within_days: f.within_days,
            })
            .collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CardFile<T> {
    cards: Vec<T>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SkillsFile {
    skills: SkillsTable,
    /// Older files have none: the shipped values then.
    #[serde(default)]
    ready: Option<ReadyTable>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadyTable {
    cards_passed: u32,
    latest_passed: bool,
    recent: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SkillsTable {
    visit_percent: u32,
    desk_percent: u32,
    counter_percent: u32,
    phone_percent: u32,
    forbidden_phrase_fails: bool,
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

pub fn thresholds_from_source(src: &Source) -> Result<Thresholds, DataError> {
    let f: SkillsFile = src.parse()?;
    let s = f.skills;
    for (key, v) in [
        ("visit_percent", s.visit_percent),
        ("desk_percent", s.desk_percent),
        ("counter_percent", s.counter_percent),
        ("phone_percent", s.phone_percent),
    ] {
        if v > 100 {
            return Err(src.error(
                src.line_of("skills", key),
                format!("skills.{key}: a pass mark is a percent, 0 to 100; found {v}"),
            ));
        }
    }
    Ok(Thresholds {
        visit_percent: s.visit_percent,
        desk_percent: s.desk_percent,
        counter_percent: s.counter_percent,
        phone_percent: s.phone_percent,
        forbidden_phrase_fails: s.forbidden_phrase_fails,
    })
}

/// When a skill passes and a trainee is ready (`[ready]`); the shipped
/// values when the file has no such table.
pub fn ready_from_source(src: &Source) -> Result<Ready, DataError> {
    let f: SkillsFile = src.parse()?;
    let Some(r) = f.ready else {
        return Ok(Ready::default());
    };
    for (key, v, max) in [
        ("cards_passed", r.cards_passed, 100),
        ("recent", r.recent, 100),
    ] {
        if v == 0 || v > max {
            return Err(src.error(
                src.line_of("ready", key),
                format!("ready.{key}: 1 to {max}; found {v}"),
            ));
        }
    }
    Ok(Ready {
        cards_passed: r.cards_passed,
        latest_passed: r.latest_passed,
        recent: r.recent,
    })
}

/// Nobody could ever be ready when a skill has fewer cards than must pass.
fn enough_cards(src: &Source, r: &Ready, counts: &[&dyn CardCount]) -> Option<DataError> {
    let fewest = counts.iter().map(|c| c.fewest()).min()?;
    (r.cards_passed as usize > fewest).then(|| {
        src.error(
            src.line_of("ready", "cards_passed"),
            format!(
                "ready.cards_passed: {} different cards must pass, but a skill has only {fewest}",
                r.cards_passed
            ),
        )
    })
}

/// The fewest cards a skill has in any language.
trait CardCount {
    fn fewest(&self) -> usize;
}

impl<T> CardCount for HashMap<String, Vec<T>> {
    fn fewest(&self) -> usize {
        self.values().map(Vec::len).min().unwrap_or(0)
    }
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

/// Desk cards, each whole: words, a known rule, facts that make a case
/// (whatever the policy decides for them: see [`desk_against_policy`]).
pub fn desk_from_source(
    src: &Source,
    policy: &AfterSalePolicy,
) -> Result<Vec<DeskCard>, DataError> {
    let f: CardFile<DeskCard> = src.parse()?;
    common_checks(src, &f.cards)?;
    for (i, c) in f.cards.iter().enumerate() {
        let at = card_line(src, &c.id, i);
        let field = |name: &str| field_line(src, at, name);
        let optional = [&c.customer, &c.item].map(|t| t.as_deref().unwrap_or("-"));
        if blank(&[&c.title, &c.story, &c.explain, &c.accepts, &c.pushes_back]) || blank(&optional)
        {
            return Err(src.error(
                at,
                format!(
                    "cards[{}] {}: title, story, explain, accepts and pushes_back need words (and customer and item, when given)",
                    i + 1,
                    c.id
                ),
            ));
        }
        if c.sold_days_ago < 0 {
            return Err(src.error(
                field("sold_days_ago"),
                format!(
                    "cards[{}] {}: sold_days_ago cannot be negative",
                    i + 1,
                    c.id
                ),
            ));
        }
        if rule_from(&c.rule).is_none() {
            let known: Vec<&str> = RuleId::ALL.iter().map(|r| r.as_str()).collect();
            return Err(src.error(
                field("rule"),
                format!(
                    "cards[{}] {}: unknown rule \"{}\"; known: {}",
                    i + 1,
                    c.id,
                    c.rule,
                    known.join(", ")
                ),
            ));
        }
        decide(&c.case(), policy).map_err(|e| {
            src.error(
                field(e.field()),
                format!(
                    "cards[{}] {}: the facts do not make a case: {e}",
                    i + 1,
                    c.id
                ),
            )
        })?;
    }
    Ok(f.cards)
}

/// The cards of `src` whose stated decision and rule are not what the
/// shop's policy gives for their facts played on `today`, each at the line
/// of its `decision`.
pub fn desk_against_policy(
    src: &Source,
    cards: &[DeskCard],
    policy: &AfterSalePolicy,
    today: NaiveDate,
) -> Vec<DataError> {
    let mut out = Vec::new();
    for (i, c) in cards.iter().enumerate() {
        let at = field_line(src, card_line(src, &c.id, i), "decision");
        let stated = rule_from(&c.rule);
        let problem = match decide(&c.case_on(today), policy) {
            Ok(ruling)
                if ruling.decision == c.decision
                    && stated.is_some_and(|r| ruling.rules().contains(&r)) =>
            {
                continue;
            }
            Ok(ruling) => {
                let rules: Vec<&str> = ruling.rules().iter().map(|r| r.as_str()).collect();
                format!(
                    "the card says {} under {}, the shop's policy gives {} under {} for these facts",
                    c.decision,
                    c.rule,
                    ruling.decision,
                    rules.join(", ")
                )
            }
            Err(e) => format!("the facts do not make a case: {e}"),
        };
        out.push(src.error(at, format!("cards[{}] {}: {problem}", i + 1, c.id)));
    }
    out
}

pub fn counter_from_source(src: &Source) -> Result<Vec<CounterCard>, DataError> {
    let f: CardFile<CounterCard> = src.parse()?;
    common_checks(src, &f.cards)?;
    let want: Vec<&str> = Step::ALL.iter().map(|s| s.id()).collect();
    for (i, c) in f.cards.iter().enumerate() {
        let at = card_line(src, &c.id, i);
        if blank(&[&c.title, &c.persona, &c.satisfied, &c.escalated]) {
            return Err(src.error(
                at,
                format!(
                    "cards[{}] {}: title, persona, satisfied and escalated need words",
                    i + 1,
                    c.id
                ),
            ));
        }
        if c.forbidden.is_empty() || c.forbidden.iter().any(|p| p.trim().is_empty()) {
            return Err(src.error(
                at,
                format!(
                    "cards[{}] {}: forbidden needs at least one phrase, none empty",
                    i + 1,
                    c.id
                ),
            ));
        }
        if let Some(p) = &c.purchase
            && (p.product.trim().is_empty() || p.paid_fen <= 0)
        {
            return Err(src.error(
                at,
                format!(
                    "cards[{}] {}: purchase needs a product and a price above 0",
                    i + 1,
                    c.id
                ),
            ));
        }
        let got: Vec<&str> = c.steps.iter().map(|s| s.step.as_str()).collect();
        if got != want {
            let step_line = |n: usize| {
                let from = at.unwrap_or(1) - 1;
                src.text
                    .lines()
                    .enumerate()
                    .skip(from)
                    .filter(|(_, l)| l.contains("step = "))
                    .nth(n)
                    .map(|(k, _)| k + 1)
                    .or(at)
            };
            let first_bad = got
                .iter()
                .zip(&want)
                .position(|(g, w)| g != w)
                .unwrap_or(got.len().min(want.len()));
            return Err(src.error(
                step_line(first_bad.min(got.len().saturating_sub(1))),
                format!(
                    "cards[{}] {}: steps must be the nine of DOMAIN §4 in order ({}); step {} is \"{}\"",
                    i + 1,
                    c.id,
                    want.join(", "),
                    first_bad + 1,
                    got.get(first_bad).copied().unwrap_or("missing")
                ),
            ));
        }
        for s in &c.steps {
            if blank(&[&s.says, &s.calmer, &s.angrier]) {
                return Err(src.error(
                    line_with(src, &format!("step = \"{}\"", s.step)).or(at),
                    format!(
                        "cards[{}] {}: step {} needs says, calmer and angrier",
                        i + 1,
                        c.id,
                        s.step
                    ),
                ));
            }
        }
    }
    Ok(f.cards)
}

pub fn phone_from_source(src: &Source) -> Result<Vec<PhoneCard>, DataError> {
    let f: CardFile<PhoneCard> = src.parse()?;
    common_checks(src, &f.cards)?;
    for (i, c) in f.cards.iter().enumerate() {
        let at = card_line(src, &c.id, i);
        if blank(&[&c.title, &c.persona]) || c.answers.is_empty() || c.follow_ups.is_empty() {
            return Err(src.error(
                at,
                format!(
                    "cards[{}] {}: title, persona, at least one answer and at least one follow-up are needed",
                    i + 1,
                    c.id
                ),
            ));
        }
        let mut ids: Vec<&str> = Vec::new();
        for fu in &c.follow_ups {
            if fu.id.trim().is_empty()
                || fu.question.trim().is_empty()
                || ids.contains(&fu.id.as_str())
            {
                return Err(src.error(
                    line_with(src, &format!("id = \"{}\"", fu.id)).or(at),
                    format!(
                        "cards[{}] {}: follow-up \"{}\" has no question, or its id is empty or used twice",
                        i + 1,
                        c.id,
                        fu.id
                    ),
                ));
            }
            ids.push(&fu.id);
        }
    }
    for kind in CallKind::ALL {
        let n = f.cards.iter().filter(|c| c.kind == kind).count();
        if n < 2 {
            return Err(src.error(
                None,
                format!("cards: at least two {} calls, found {n}", kind.id()),
            ));
        }
    }
    Ok(f.cards)
}
