//! Progress a manager can act on (issue 16): one row per trainee with
//! each skill's state and the "ready to work alone" mark; Enter opens a
//! trainee's scores over time per skill and what is still weak, with its
//! reason. A trainee sees only themself, a manager everyone. The same
//! figures are printed by `aftercare train --progress [--json]`.

use std::path::Path;

use crate::app::{Action, App, Ctx, Effect, HitMap, View, cursor};
use crate::domain::staff::Role;
use crate::domain::training_progress::{self, TraineeProgress, Weak};
use crate::domain::training_skills::Skill;
use crate::i18n::Locale;
use crate::keymap::Context;
use crate::shop_data::training_cards::TrainingCards;
use crate::shop_data::visit_flow::VisitData;
use crate::store::training;

/// Every trainee's progress (or one trainee's) from the scores file.
pub fn load(
    path: &Path,
    trainee: Option<&str>,
    cards: &TrainingCards,
) -> anyhow::Result<Vec<TraineeProgress>> {
    let conn = training::open(path)?;
    let rows: Vec<_> = (training::progress(&conn, trainee)?.iter())
        .map(training::Row::attempt)
        .collect();
    Ok(training_progress::progress(
        &rows,
        &cards.thresholds,
        &cards.ready,
    ))
}

/// A trainee's standing in one skill, from their kept rows (one trainee's).
pub fn standing(
    rows: &[training::Row],
    cards: &TrainingCards,
    skill: Skill,
) -> Option<training_progress::SkillProgress> {
    let attempts: Vec<_> = rows.iter().map(training::Row::attempt).collect();
    (training_progress::progress(&attempts, &cards.thresholds, &cards.ready).into_iter())
        .next()?
        .skills
        .into_iter()
        .find(|s| s.skill == skill)
}

/// A weakness in words, in the screen's language: what is missed, and
/// why it matters (the visit's step tip, the checklist's step, the
/// objection's rule; for the other skills the scorecard's own reason).
pub fn describe(w: &Weak, skill: Skill, loc: &Locale, visit: &VisitData) -> (String, String) {
    let flow = visit.flow(&loc.lang);
    let (kind, rest) = w.check.split_once(':').unwrap_or((w.check.as_str(), ""));
    let named = |what: String| (what, w.why.clone());
    match (skill, kind) {
        (Skill::Visit, "step") => {
            let n: usize = rest.parse().unwrap_or(0);
            match n.checked_sub(1).and_then(|i| flow.steps.get(i)) {
                Some(s) => (
                    loc.f("progress.weak_step", &[("n", rest), ("step", &s.title)]),
                    s.tips.first().cloned().unwrap_or_default(),
                ),
                None => (w.check.clone(), String::new()),
            }
        }
        (Skill::Visit, "item") => {
            let found = (flow.steps.iter().enumerate())
                .find_map(|(i, s)| s.checklist.iter().find(|e| e.id == rest).map(|e| (i, s, e)));
            match found {
                Some((i, s, e)) => (
                    e.text.clone(),
                    loc.f(
                        "progress.weak_item",
                        &[("n", &(i + 1).to_string()), ("step", &s.title)],
                    ),
                ),
                None => (w.check.clone(), String::new()),
            }
        }
        (Skill::Visit, "objection") => (
            loc.f(
                "progress.weak_objection",
                &[("kind", loc.t(&format!("objection.{rest}")))],
            ),
            loc.t(&format!("objection.help.{rest}")).to_string(),
        ),
        (_, "decision") => named(loc.t("progress.check_decision").to_string()),
        (_, "rule") => named(loc.f("progress.check_rule", &[("rule", rest)])),
        (_, "step") => {
            let n = crate::domain::complaint::counter::Step::ALL
                .iter()
                .find(|s| s.id() == rest)
                .map(|s| s.number())
                .unwrap_or(0);
            let title = loc.t(&format!("complaints.step.{rest}.title"));
            named(loc.f(
                "progress.check_step",
                &[("n", &n.to_string()), ("step", title)],
            ))
        }
        (_, "phrase") => named(loc.t("progress.check_phrase").to_string()),
        (_, "follow_up") => named(loc.t("progress.check_follow_up").to_string()),
        // A card kept without check ids: its own words.
        _ => (
            if w.what.is_empty() {
                w.check.clone()
            } else {
                w.what.clone()
            },
            w.why.clone(),
        ),
    }
}

/// The progress screen: the list of trainees, or one trainee's detail.
pub struct ProgressView {
    pub trainees: Vec<TraineeProgress>,
    pub selected: usize,
    /// The trainee whose detail is open.
    pub detail: Option<usize>,
    /// The detail's scroll, when it does not fit.
    pub scroll: cursor::Scroll,
}

/// What a tap on the list lands on.
pub enum Tap {
    Row(usize),
}

/// Opens the progress screen: a trainee (an associate) sees themself only.
pub fn open(cx: &mut Ctx) -> Effect {
    let Some(path) = cx.training_scores else {
        let msg = cx.t("training.no_scores_file").to_string();
        cx.error(msg);
        return Effect::None;
    };
    let own = (cx.user)
        .filter(|u| u.role == Role::Associate)
        .map(|u| u.name.clone());
    match load(path, own.as_deref(), cx.training_cards) {
        Ok(mut trainees) => {
            // A trainee with nothing practised yet still sees their row.
            if let Some(name) = own.filter(|_| trainees.is_empty()) {
                trainees.push(empty(&name, cx.training_cards));
            }
            Effect::Open(Box::new(ProgressView {
                trainees,
                selected: 0,
                detail: None,
                scroll: cursor::Scroll::default(),
            }))
        }
        Err(e) => Effect::Fault(e),
    }
}

/// Progress with no attempt at all.
fn empty(name: &str, cards: &TrainingCards) -> TraineeProgress {
    let row = training_progress::Attempt {
        trainee: name.to_string(),
        skill: String::new(),
        card: String::new(),
        at: String::new(),
        percent: 0,
        passed: None,
        kept: String::new(),
    };
    let mut p = training_progress::progress(&[row], &cards.thresholds, &cards.ready);
    p.remove(0)
}

impl View for ProgressView {
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
        crate::ui::practice_progress::draw(frame, area, app, self, hits)
    }

    fn tap(&mut self, target: &dyn std::any::Any, _cx: &mut Ctx) -> Effect {
        match target.downcast_ref::<Tap>() {
            Some(Tap::Row(i)) if *i < self.trainees.len() => {
                if self.selected == *i {
                    self.open_detail();
                }
                self.selected = *i;
                Effect::None
            }
            _ => Effect::None,
        }
    }

    fn update(&mut self, action: Action, _cx: &mut Ctx) -> Effect {
        if self.detail.is_some() {
            return self.in_detail(action);
        }
        match action {
            a if cursor::move_in_list(&mut self.selected, self.trainees.len(), &a) => Effect::None,
            Action::Select => {
                self.open_detail();
                Effect::None
            }
            Action::Back => Effect::Back,
            _ => Effect::None,
        }
    }
}

impl ProgressView {
    fn open_detail(&mut self) {
        if self.selected < self.trainees.len() {
            self.detail = Some(self.selected);
            self.scroll = cursor::Scroll::default();
        }
    }

    /// The detail scrolls; Esc or Enter goes back to the list.
    fn in_detail(&mut self, action: Action) -> Effect {
        match action {
            a if self.scroll.move_by(&a) => {}
            Action::Back | Action::Select => self.detail = None,
            _ => {}
        }
        Effect::None
    }
}
