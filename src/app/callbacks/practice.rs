//! Playing a phone card (issue 16) in the real callbacks screens on the
//! practice shop: the card's customer and task are seeded through the
//! store ([`super::seed`]), the callbacks list opens with the task selected
//! and its work form over it, and the customer answers in the pane beside
//! the form: one answer each time the trainee asks the next question (the
//! `next_step` key). Every question nobody can answer on the spot must
//! become a follow-up with an agreed day (the form's follow-up rows, where
//! "about" is a choice of the customer's open questions). Saving the call
//! writes it as any call is written, then scores the follow-ups against
//! the card (`score_phone`) and shows the scorecard.

use chrono::NaiveDate;

use super::seed;
use crate::app::practice::{self, Mood, Playing, ResultLine};
use crate::app::{Action, App, Ctx, Effect, Mode};
use crate::domain::training_skills::{Because, Check, Scorecard, Skill, score_phone};
use crate::keymap::Context;
use crate::shop_data::training_cards::PhoneCard;

/// A phone card being played on the work form.
#[derive(Debug, Clone)]
pub struct PhonePlay {
    pub playing: Playing,
    pub card: PhoneCard,
    /// How many of the card's answers the customer has given.
    pub asked: usize,
}

/// Starts `card` on the practice shop: refused on a real shop.
pub fn start(cx: &mut Ctx, card: &PhoneCard) -> Effect {
    if cx.env.mode != Mode::Training {
        let msg = cx.t("practice_phone.training_only").to_string();
        cx.error(msg);
        return Effect::None;
    }
    let Some(staff) = cx.user_id() else {
        return Effect::None;
    };
    let task_id = match seed::seed(cx, card, staff) {
        Ok(id) => id,
        Err(e) => return Effect::Fault(e),
    };
    let mut list = match super::ListState::new(cx) {
        Ok(l) => l,
        Err(e) => return Effect::Fault(e),
    };
    if let Some(i) = list.tasks.iter().position(|t| t.id == task_id) {
        list.selected = i;
    }
    let task = match crate::store::tasks::get(&cx.env.conn, task_id) {
        Ok(Some(t)) => t,
        Ok(None) => return Effect::None,
        Err(e) => return Effect::Fault(e),
    };
    let mut form = match super::work::WorkForm::new(cx, task) {
        Ok(f) => f,
        Err(e) => return Effect::Fault(e),
    };
    form.practice = Some(PhonePlay::new(cx, card));
    Effect::Many(vec![
        Effect::Replace(Box::new(list)),
        Effect::Open(Box::new(form)),
    ])
}

/// The key bound to `action` on the work form, for the coach's words.
fn key(cx: &Ctx, action: Action) -> String {
    cx.env
        .keymap
        .key_for(&[Context::Callback], action)
        .unwrap_or_default()
}

impl PhonePlay {
    fn new(cx: &Ctx, card: &PhoneCard) -> PhonePlay {
        let mut playing = Playing::new(Skill::Phone, &card.id, &card.title, &card.persona);
        let (ask, add) = (key(cx, Action::NextStep), key(cx, Action::Add));
        playing.coach(cx.env.locale.f(
            "practice_phone.coach_start",
            &[("ask", &ask), ("add", &add)],
        ));
        PhonePlay {
            playing,
            card: card.clone(),
            asked: 0,
        }
    }

    /// Whether the customer has answered every question of the card.
    pub fn heard_all(&self) -> bool {
        self.asked >= self.card.answers.len()
    }

    /// The trainee asks the next question; the customer answers. Once all
    /// are answered, the coach names how many questions are still open.
    pub fn ask(&mut self, cx: &Ctx) {
        let Some(a) = self.card.answers.get(self.asked) else {
            let msg = cx.t("practice_phone.coach_no_more").to_string();
            self.playing.coach(msg);
            return;
        };
        self.playing.coach(
            cx.env
                .locale
                .f("practice_phone.you_ask", &[("q", &a.asked)]),
        );
        self.playing.say(Mood::Even, a.says.clone());
        self.asked += 1;
        if self.heard_all() {
            let n = self.card.follow_ups.len().to_string();
            let add = key(cx, Action::Add);
            self.playing.coach(
                cx.env
                    .locale
                    .f("practice_phone.coach_open", &[("n", &n), ("add", &add)]),
            );
        }
    }

    /// What a follow-up may be about: the customer's open questions, once
    /// the call has reached them (every answer heard); a blank first.
    pub fn questions(&self, cx: &Ctx) -> Vec<(String, String)> {
        let mut v = vec![(
            String::new(),
            cx.t(if self.heard_all() {
                "practice_phone.choose_question"
            } else {
                "practice_phone.ask_first"
            })
            .to_string(),
        )];
        if self.heard_all() {
            v.extend((self.card.follow_ups.iter()).map(|f| (f.id.clone(), f.question.clone())));
        }
        v
    }

    /// The question a follow-up was chosen for, in words.
    pub fn question(&self, id: &str) -> String {
        (self.card.follow_ups.iter())
            .find(|f| f.id == id)
            .map(|f| f.question.clone())
            .unwrap_or_else(|| id.to_string())
    }
}

/// The call is saved: the follow-ups made (question id, day) scored
/// against the card, and the scorecard shown.
pub fn finish(app: &mut App, play: PhonePlay, call_on: NaiveDate, made: &[(String, NaiveDate)]) {
    let created: Vec<(String, Option<NaiveDate>)> = made
        .iter()
        .map(|(id, on)| (id.clone(), Some(*on)))
        .collect();
    let th = app.training_cards.thresholds;
    let card = score_phone(call_on, &play.card.due(), &created, &th);
    let lines = result_lines(app, &play, &card);
    let ending = app
        .env
        .locale
        .t(if card.passed {
            "practice_phone.end_kept"
        } else {
            "practice_phone.end_missed"
        })
        .to_string();
    let played = play.playing.finish(card, lines, ending);
    let effect = app.with_ctx(|cx| practice::finish(cx, played));
    app.apply(effect);
}

/// Each check of the scorecard in words, in its order.
fn result_lines(app: &App, play: &PhonePlay, card: &Scorecard) -> Vec<ResultLine> {
    let loc = &app.env.locale;
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    (card.lines.iter())
        .map(|l| {
            let q = match &l.because {
                Because::FollowUp(id) => play.question(id),
                _ => String::new(),
            };
            let what = match &l.check {
                Check::FollowUp {
                    dated_on: Some(on),
                    due_by,
                    ..
                } => loc.f(
                    if l.right {
                        "practice_phone.made_in_time"
                    } else {
                        "practice_phone.made_late"
                    },
                    &[("q", &q), ("on", &day(*on)), ("by", &day(*due_by))],
                ),
                Check::FollowUp { due_by, .. } => loc.f(
                    "practice_phone.not_made",
                    &[("q", &q), ("by", &day(*due_by))],
                ),
                _ => String::new(),
            };
            ResultLine {
                right: l.right,
                what,
                why: loc.f("practice_phone.why", &[("q", &q)]),
            }
        })
        .collect()
}
