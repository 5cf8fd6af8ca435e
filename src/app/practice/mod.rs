//! Training for the whole counter (issue 16): the practice list where a
//! trainee picks a card of any of the four skills (the visit, the
//! after-sale desk, the complaint counter, the phone), the customer who
//! speaks beside the real screen while a card is played ([`Playing`]),
//! and the scorecard kept when it ends ([`finish`], [`ResultView`]).
//!
//! A card is played in the real screen of its skill on the practice shop
//! (`aftercare train`: a sandbox, never the shop's own file). Each skill's
//! screen starts its card (`returns::practice`, `complaints::counter::
//! practice`, `callbacks::practice`), keeps a [`Playing`] while it is
//! played, draws it with `ui::practice::pane`, and, when the trainee is
//! done, scores it with `domain::training_skills` and hands the result to
//! [`finish`].

pub mod progress;
pub mod report;
mod result;

use std::collections::HashMap;
use std::time::Instant;

use super::{Action, App, Ctx, Effect, HitMap, View, cursor, visit};
use crate::domain::training_skills::{Scorecard, Skill};
use crate::keymap::Context;
use crate::store::{self, training};

pub use result::ResultView;

/// How the customer sounds in what they say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mood {
    /// As the card has them at this point.
    Even,
    /// Calmer: the trainee handled the step well.
    Calmer,
    /// Angrier: blamed, argued with, sent elsewhere, a step skipped.
    Angrier,
}

/// One line in the customer's pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// The customer speaks.
    Customer(Mood, String),
    /// A coaching note: what the card expects next, what just happened.
    Coach(String),
}

/// A card being played in a real screen: who the customer is, what they
/// have said so far, and when it began.
#[derive(Debug, Clone)]
pub struct Playing {
    pub skill: Skill,
    pub card_id: String,
    pub card_title: String,
    /// The customer's story or persona, at the top of the pane.
    pub persona: String,
    pub said: Vec<Said>,
    pub started: Instant,
}

impl Playing {
    pub fn new(skill: Skill, id: &str, title: &str, persona: &str) -> Playing {
        Playing {
            skill,
            card_id: id.to_string(),
            card_title: title.to_string(),
            persona: persona.to_string(),
            said: Vec::new(),
            started: Instant::now(),
        }
    }

    /// The customer says `text`.
    pub fn say(&mut self, mood: Mood, text: impl Into<String>) {
        self.said.push(Said::Customer(mood, text.into()));
    }

    /// A coaching note in the pane.
    pub fn coach(&mut self, text: impl Into<String>) {
        self.said.push(Said::Coach(text.into()));
    }

    /// Seconds since the card began.
    pub fn seconds(&self) -> u64 {
        self.started.elapsed().as_secs()
    }

    /// The card is over: its scorecard, each check in words (in the
    /// scorecard's order), and the customer's last words.
    pub fn finish(self, card: Scorecard, lines: Vec<ResultLine>, ending: String) -> Played {
        Played {
            seconds: self.seconds(),
            skill: self.skill,
            card_id: self.card_id,
            card_title: self.card_title,
            card,
            lines,
            ending,
        }
    }
}

/// One check of a scorecard as the trainee reads it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ResultLine {
    pub right: bool,
    /// What was checked and what the trainee did ("Decision: refused").
    pub what: String,
    /// Why: the policy rule or the step of DOMAIN §4, in words.
    pub why: String,
}

/// A played card, scored.
#[derive(Debug, Clone)]
pub struct Played {
    pub skill: Skill,
    pub card_id: String,
    pub card_title: String,
    pub card: Scorecard,
    pub lines: Vec<ResultLine>,
    /// The customer's last words: accepting or pushing back, satisfied or
    /// escalated.
    pub ending: String,
    pub seconds: u64,
}

/// What is kept of a played card in the training scores (`card`).
#[derive(serde::Serialize)]
struct Kept<'a> {
    title: &'a str,
    lines: &'a [ResultLine],
    /// Each line's check, the same id across cards, so progress can count
    /// one weakness over many cards (`domain::training_progress::check_id`).
    checks: Vec<String>,
    ending: &'a str,
}

/// Keeps the scorecard in the training scores and shows it, over home.
pub fn finish(cx: &mut Ctx, played: Played) -> Effect {
    let trainee = cx.user.map(|u| u.name.clone()).unwrap_or_default();
    let kept = match cx.training_scores {
        Some(path) => keep(path, &trainee, &played).map_err(|e| format!("{e:#}")),
        None => Err(cx.t("training.no_scores_file").to_string()),
    };
    let view = ResultView::new(trainee, played, kept, cx.training_cards);
    Effect::Many(vec![Effect::Go(Action::Home), Effect::Open(Box::new(view))])
}

/// Writes one played card; the trainee's results for its skill so far.
fn keep(path: &std::path::Path, trainee: &str, p: &Played) -> anyhow::Result<Vec<training::Row>> {
    let mut conn = training::open(path)?;
    let mut row = training::Row::of_skill(trainee, p.skill.id(), &p.card_id, store::now_utc());
    row.percent = i64::from(p.card.percent);
    row.passed = Some(p.card.passed);
    row.steps_done = p.card.right().count() as i64;
    row.missed = p.card.missed().count() as i64;
    row.seconds = p.seconds as i64;
    row.card = serde_json::to_string(&Kept {
        title: &p.card_title,
        lines: &p.lines,
        checks: (p.card.lines.iter())
            .map(|l| crate::domain::training_progress::check_id(&l.check))
            .collect(),
        ending: &p.ending,
    })?;
    training::record(&mut conn, &row)?;
    Ok(training::progress(&conn, Some(trainee))?
        .into_iter()
        .filter(|r| r.skill == p.skill.id())
        .collect())
}

/// A row of the practice list: a skill's heading, or a card to play.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Heading(Skill),
    Card {
        skill: Skill,
        id: String,
        title: String,
        who: String,
        /// The trainee's last score on this card, and whether it passed.
        last: Option<(i64, Option<bool>)>,
    },
}

/// The practice list: every card of the four skills, by skill.
pub struct PracticeList {
    pub entries: Vec<Entry>,
    /// Index into `entries`; always a card when there is one.
    pub selected: usize,
}

/// What a tap on the practice list lands on.
pub enum Tap {
    Row(usize),
}

impl PracticeList {
    pub fn new(cx: &Ctx) -> PracticeList {
        let lang = cx.env.locale.lang.clone();
        let last = last_scores(cx);
        let score = |skill: Skill, id: &str| last.get(&(skill.id().to_string(), id.to_string()));
        let mut entries = Vec::new();
        let mut section = |skill: Skill, cards: Vec<(String, String, String)>| {
            if cards.is_empty() {
                return;
            }
            entries.push(Entry::Heading(skill));
            for (id, title, who) in cards {
                let last = score(skill, &id).copied();
                entries.push(Entry::Card {
                    skill,
                    id,
                    title,
                    who,
                    last,
                });
            }
        };
        let cards = cx.training_cards.clone();
        let triple = |id: &str, title: &str, who: &str| (id.into(), title.into(), who.into());
        section(
            Skill::Visit,
            (cx.visit_data.scenarios(&lang).iter())
                .map(|c| triple(&c.id, &c.title, &c.persona))
                .collect(),
        );
        section(
            Skill::Desk,
            (cards.desk(&lang).iter())
                .map(|c| triple(&c.id, &c.title, &c.story))
                .collect(),
        );
        section(
            Skill::Counter,
            (cards.counter(&lang).iter())
                .map(|c| triple(&c.id, &c.title, &c.persona))
                .collect(),
        );
        section(
            Skill::Phone,
            (cards.phone(&lang).iter())
                .map(|c| triple(&c.id, &c.title, &c.persona))
                .collect(),
        );
        let selected = entries
            .iter()
            .position(|e| matches!(e, Entry::Card { .. }))
            .unwrap_or(0);
        PracticeList { entries, selected }
    }

    /// Moves the cursor as `action` says, over the cards only.
    fn step(&mut self, action: &Action) -> bool {
        let cards: Vec<usize> = (self.entries.iter().enumerate())
            .filter(|(_, e)| matches!(e, Entry::Card { .. }))
            .map(|(i, _)| i)
            .collect();
        let mut at = cards.iter().position(|&i| i == self.selected).unwrap_or(0);
        if !cursor::move_in_list(&mut at, cards.len(), action) {
            return false;
        }
        if let Some(&i) = cards.get(at) {
            self.selected = i;
        }
        true
    }

    /// Enter on a card: plays it in its skill's screen.
    fn play(&mut self, cx: &mut Ctx) -> Effect {
        let Some(Entry::Card { skill, id, .. }) = self.entries.get(self.selected).cloned() else {
            return Effect::None;
        };
        let lang = cx.env.locale.lang.clone();
        let cards = cx.training_cards.clone();
        match skill {
            Skill::Visit => {
                // Opened in place of this list once it is written.
                visit::start(cx, Some(id));
                Effect::None
            }
            Skill::Desk => match cards.desk(&lang).iter().find(|c| c.id == id) {
                Some(card) => super::returns::practice::start(cx, card),
                None => Effect::None,
            },
            Skill::Counter => match cards.counter(&lang).iter().find(|c| c.id == id) {
                Some(card) => super::complaints::counter::practice::start(cx, card),
                None => Effect::None,
            },
            Skill::Phone => match cards.phone(&lang).iter().find(|c| c.id == id) {
                Some(card) => super::callbacks::practice::start(cx, card),
                None => Effect::None,
            },
        }
    }
}

/// The trainee's last score on each card, by (skill, card id).
fn last_scores(cx: &Ctx) -> HashMap<(String, String), (i64, Option<bool>)> {
    let (Some(path), Some(user)) = (cx.training_scores, cx.user) else {
        return HashMap::new();
    };
    let rows = training::open(path).and_then(|c| training::progress(&c, Some(&user.name)));
    // Oldest first: the last one written wins.
    (rows.unwrap_or_default().into_iter())
        .map(|r| ((r.skill, r.scenario), (r.percent, r.passed)))
        .collect()
}

impl View for PracticeList {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Visits]
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![Action::Select, Action::Back]
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        app: &App,
        hits: &mut HitMap,
    ) {
        crate::ui::practice::draw_list(frame, area, app, self, hits)
    }

    fn tap(&mut self, target: &dyn std::any::Any, cx: &mut Ctx) -> Effect {
        match target.downcast_ref::<Tap>() {
            Some(Tap::Row(i)) if matches!(self.entries.get(*i), Some(Entry::Card { .. })) => {
                let again = self.selected == *i;
                self.selected = *i;
                if again {
                    return self.play(cx);
                }
                Effect::None
            }
            _ => Effect::None,
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        match action {
            a if self.step(&a) => Effect::None,
            Action::Select => self.play(cx),
            Action::Back => Effect::Back,
            _ => Effect::None,
        }
    }
}
