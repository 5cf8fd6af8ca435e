//! A counter card being played: the scripted customer's reactions at each
//! of the nine steps, and the scorecard when the ninth saves the complaint.
//!
//! When a step is ticked the customer reacts with the card's `angrier`
//! words when the step was handled badly, else with its `calmer` words,
//! then says the next step's `says`. Badly handled means any of:
//! - a phrase the card forbids (matched without case) typed in any of the
//!   step's text fields: "never argue; listen" [S3];
//! - on a skin reaction card, at "Resolve", an answer DOMAIN §4 forbids for
//!   it: sending the customer to the manufacturer, refusing, or another
//!   product [S4]. The customer hears it even when the counter refuses the
//!   answer (the adverse-reaction category forbids it);
//! - "Talk", "Apologise" or "Explain" ticked with no word said to the
//!   customer: those steps are only words, so a silent tick did not do
//!   them (scored as not done).
//!
//! The counter lets one go back to a step but never jump ahead (a step is
//! reached only when every step before it is ticked), so "done in order"
//! is scored from the order of the tick times.
//!
//! The ending: **escalated** when a forbidden phrase or answer was used, or
//! the customer got angrier at two or more steps; **satisfied** otherwise.
//! The scorecard's last line says which, and why.

use chrono::{DateTime, Utc};

use super::super::fields::Fields;
use crate::app::practice::{self, Mood, Playing, ResultLine};
use crate::app::{Ctx, Effect};
use crate::domain::complaint::Resolution;
use crate::domain::complaint::counter::Step;
use crate::domain::training_skills::{Because, Check, Scorecard, Skill, Thresholds, score_counter};
use crate::i18n::Locale;
use crate::shop_data::training_cards::CounterCard;

/// Answers never given to a skin reaction [S4].
const SKIN_NEVER: [Resolution; 3] = [
    Resolution::ReferManufacturer,
    Resolution::Refused,
    Resolution::OtherProduct,
];

/// Steps that are only words (no record to fill at the counter).
const WORDS_ONLY: [Step; 3] = [Step::Talk, Step::Apologise, Step::Explain];

/// What the trainee "said" by choosing a forbidden answer, kept among the
/// words said so the scorecard catches it like a phrase.
fn answer_token(r: Resolution) -> String {
    format!("⟨answer:{}⟩", r.id())
}

pub struct CounterPractice {
    pub card: CounterCard,
    pub playing: Playing,
    /// Everything the trainee said at a ticked step, and the forbidden
    /// answers chosen (as [`answer_token`]s).
    said: Vec<String>,
    /// Steps at which the customer got angrier (once angry at a step, the
    /// customer remembers).
    angered: [bool; 9],
    /// Steps last ticked without a word said (words-only steps).
    silent: [bool; 9],
}

impl CounterPractice {
    pub fn new(card: &CounterCard, name: &str, phone: &str, loc: &Locale) -> CounterPractice {
        let mut playing = Playing::new(Skill::Counter, &card.id, &card.title, &card.persona);
        playing.coach(loc.f(
            "practice_counter.coach_phone",
            &[("name", name), ("phone", phone)],
        ));
        if let Some(p) = &card.purchase {
            playing.coach(loc.f(
                "practice_counter.coach_bought",
                &[("product", &p.product), ("days", &p.days_ago.to_string())],
            ));
        }
        if let Some(first) = card.steps.first() {
            playing.say(Mood::Even, first.says.clone());
        }
        CounterPractice {
            card: card.clone(),
            playing,
            said: Vec::new(),
            angered: [false; 9],
            silent: [false; 9],
        }
    }

    fn skin_never(&self, resolution: &str) -> Option<Resolution> {
        Resolution::from_id(resolution)
            .filter(|r| self.card.skin_reaction && SKIN_NEVER.contains(r))
    }

    /// The trainee tries to tick `step` with `resolution` chosen: a skin
    /// reaction sent on is heard at once, whether or not the counter takes
    /// it. True when the customer got angrier.
    pub fn proposing(&mut self, step: Step, resolution: &str, loc: &Locale) -> bool {
        if step != Step::Resolve {
            return false;
        }
        let Some(r) = self.skin_never(resolution) else {
            return false;
        };
        self.said.push(answer_token(r));
        self.angry_at(step, loc.t("practice_counter.coach_skin").to_string());
        true
    }

    fn angry_at(&mut self, step: Step, why: String) {
        let i = step.number() - 1;
        self.angered[i] = true;
        self.playing.coach(why);
        self.playing
            .say(Mood::Angrier, self.card.steps[i].angrier.clone());
    }

    /// `step` was ticked with these fields: the customer reacts, then says
    /// the next step's words. `angry` when [`Self::proposing`] already made
    /// them angrier.
    pub fn ticked(&mut self, step: Step, fields: &Fields, angry: bool, loc: &Locale) {
        let i = step.number() - 1;
        let words: Vec<String> = (fields.items.iter())
            .filter(|f| f.is_text() && !matches!(f.key, "phone" | "name" | "compensation_value"))
            .map(|f| fields.text(f.key).trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        let used: Vec<&String> = (self.card.forbidden.iter())
            .filter(|p| {
                let needle = p.to_lowercase();
                words.iter().any(|w| w.to_lowercase().contains(&needle))
            })
            .collect();
        self.silent[i] = WORDS_ONLY.contains(&step) && words.is_empty();
        let why = if let Some(p) = used.first() {
            Some(loc.f("practice_counter.coach_phrase", &[("phrase", p)]))
        } else if self.silent[i] {
            Some(loc.t("practice_counter.coach_silent").to_string())
        } else {
            None
        };
        self.said.extend(words);
        match why {
            Some(why) => self.angry_at(step, why),
            None if !angry => {
                let calmer = self.card.steps[i].calmer.clone();
                self.playing.say(Mood::Calmer, calmer);
            }
            None => {}
        }
        if let Some(next) = self.card.steps.get(i + 1) {
            self.playing.say(Mood::Even, next.says.clone());
        }
    }

    /// The forbidden phrases, and on a skin reaction card the answers
    /// [S4] forbids, as the scorecard checks them.
    fn forbidden(&self) -> Vec<String> {
        let mut out = self.card.forbidden.clone();
        if self.card.skin_reaction {
            out.extend(SKIN_NEVER.iter().map(|r| answer_token(*r)));
        }
        out
    }

    /// Whether the customer escalates: see the module's header.
    fn escalated(&self, th: &Thresholds) -> bool {
        let forbidden_used = self.forbidden().iter().any(|p| {
            let needle = p.to_lowercase();
            self.said.iter().any(|s| s.to_lowercase().contains(&needle))
        });
        forbidden_used || self.angry_steps() >= th.counter_angrier_steps_escalate as usize
    }

    fn angry_steps(&self) -> usize {
        self.angered.iter().filter(|a| **a).count()
    }

    /// The complaint is saved: the card is scored and its scorecard shown.
    pub fn end(self, ticked: &[Option<DateTime<Utc>>; 9], cx: &mut Ctx) -> Effect {
        let th = cx.training_cards.thresholds;
        let (card, lines, escalated) = self.score(ticked, &th, &cx.env.locale);
        let ending = if escalated {
            self.card.escalated.clone()
        } else {
            self.card.satisfied.clone()
        };
        let mut playing = self.playing;
        let mood = if escalated {
            Mood::Angrier
        } else {
            Mood::Calmer
        };
        playing.say(mood, ending.clone());
        practice::finish(cx, playing.finish(card, lines, ending))
    }

    /// The scorecard (steps done in the order of their tick times, words
    /// said against the forbidden ones), each line in words with the
    /// ending's last, and whether the customer escalated.
    pub fn score(
        &self,
        ticked: &[Option<DateTime<Utc>>; 9],
        th: &Thresholds,
        loc: &Locale,
    ) -> (Scorecard, Vec<ResultLine>, bool) {
        let mut order: Vec<(DateTime<Utc>, usize)> = (ticked.iter().enumerate())
            .filter_map(|(i, t)| t.map(|t| (t, i)))
            .filter(|(_, i)| !self.silent[*i])
            .collect();
        order.sort();
        let done: Vec<Step> = order.iter().map(|(_, i)| Step::ALL[*i]).collect();
        let card = score_counter(&done, &self.said, &self.forbidden(), th);
        let mut lines: Vec<ResultLine> = (card.lines.iter())
            .map(|l| self.line(l.right, &l.check, &l.because, loc))
            .collect();
        let escalated = self.escalated(th);
        lines.push(self.ending_line(escalated, th, loc));
        (card, lines, escalated)
    }

    /// One check of the scorecard in words.
    fn line(&self, right: bool, check: &Check, because: &Because, loc: &Locale) -> ResultLine {
        let (what, why) = match (check, because) {
            (
                Check::StepDone {
                    step,
                    done,
                    in_order,
                },
                _,
            ) => {
                let i = step.number() - 1;
                let state = match (done, in_order) {
                    (true, true) => "done_in_order",
                    (true, false) => "done_out_of_order",
                    (false, _) if self.silent[i] => "done_silent",
                    (false, _) => "not_done",
                };
                let title = loc.t(&format!("complaints.step.{}.title", step.id()));
                let n = step.number().to_string();
                (
                    loc.f(
                        "practice_counter.step_line",
                        &[
                            ("n", &n),
                            ("title", title),
                            ("state", loc.t(&format!("practice_counter.{state}"))),
                        ],
                    ),
                    loc.f(
                        "practice_counter.why_step",
                        &[
                            ("n", &n),
                            ("tip", loc.t(&format!("complaints.step.{}.tip", step.id()))),
                        ],
                    ),
                )
            }
            (Check::PhraseAvoided { used }, Because::Forbidden(p)) => {
                self.phrase_line(*used, p, loc)
            }
            _ => (String::new(), String::new()),
        };
        ResultLine { right, what, why }
    }

    fn phrase_line(&self, used: bool, phrase: &str, loc: &Locale) -> (String, String) {
        if let Some(r) = SKIN_NEVER.iter().find(|r| answer_token(**r) == phrase) {
            let answer = loc.t(&format!("complaints.resolution.{}", r.id()));
            let key = if used {
                "answer_used"
            } else {
                "answer_avoided"
            };
            return (
                loc.f(&format!("practice_counter.{key}"), &[("answer", answer)]),
                loc.t("practice_counter.why_skin").to_string(),
            );
        }
        let key = if used {
            "phrase_used"
        } else {
            "phrase_avoided"
        };
        let mut why = loc.t("practice_counter.why_argue").to_string();
        if self.card.skin_reaction {
            why = format!("{why} {}", loc.t("practice_counter.why_skin"));
        }
        (
            loc.f(&format!("practice_counter.{key}"), &[("phrase", phrase)]),
            why,
        )
    }

    fn ending_line(&self, escalated: bool, th: &Thresholds, loc: &Locale) -> ResultLine {
        let key = if escalated {
            "ending_escalated"
        } else {
            "ending_satisfied"
        };
        ResultLine {
            right: !escalated,
            what: loc.t(&format!("practice_counter.{key}")).to_string(),
            why: loc.f(
                "practice_counter.why_ending",
                &[
                    ("n", &th.counter_angrier_steps_escalate.to_string()),
                    ("angry", &self.angry_steps().to_string()),
                ],
            ),
        }
    }
}

#[cfg(test)]
#[path = "playing_tests.rs"]
mod tests;
