//! The screens around the visit: open visits to resume, the training
//! scenario cards to choose from, the per-associate figures, and a
//! trainee's scorecard with their progress over time.

use anyhow::Result;
use chrono::Duration;

use super::visit::{self, VisitState};
use super::{Action, App, Ctx, Effect, HitMap, Mode, View, cursor};
use crate::domain::scorecard::{self, Scorecard};
use crate::domain::staff::Role;
use crate::domain::visit::{AssociateFigures, Visit};
use crate::keymap::Context;
use crate::store::{self, training, visits};

/// The periods the figures can cover, in days.
pub const PERIODS: [i64; 3] = [30, 90, 365];

pub enum VisitsKind {
    Open(Vec<visits::OpenRow>),
    Stats {
        period: usize,
        rows: Vec<AssociateFigures>,
    },
    Scorecard(Box<ScorecardView>),
}

pub struct ScorecardView {
    pub card: Scorecard,
    pub percent: u32,
    /// This trainee's earlier results: (when, scenario, percent).
    pub history: Vec<(String, String, i64)>,
    pub trainee: String,
    /// Where the scores are kept, when they could not be written.
    pub not_kept: Option<String>,
    /// Where the trainee stands in the visit now: cards passed, passes.
    pub standing: Option<crate::domain::training_progress::SkillProgress>,
    /// The scorecard scrolls when it is taller than the screen.
    pub scroll: cursor::Scroll,
}

pub struct VisitsState {
    pub kind: VisitsKind,
    pub selected: usize,
}

/// What a tap on the list lands on.
pub enum Tap {
    /// A row of the list (tapped again: chosen).
    Row(usize),
}

impl VisitsState {
    fn new(kind: VisitsKind, _cx: &Ctx) -> VisitsState {
        VisitsState { kind, selected: 0 }
    }

    pub fn len(&self) -> usize {
        match &self.kind {
            VisitsKind::Open(r) => r.len(),
            VisitsKind::Stats { rows, .. } => rows.len(),
            VisitsKind::Scorecard(_) => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Associates see their own; managers and service staff see everyone's.
fn own_only(cx: &Ctx) -> Option<i64> {
    cx.user.filter(|u| u.role == Role::Associate).map(|u| u.id)
}

/// The open visits, to resume one.
pub fn open_visits(cx: &mut Ctx) -> Effect {
    match visits::open_list(&cx.env.conn, own_only(cx)) {
        Ok(rows) => Effect::Open(Box::new(VisitsState::new(VisitsKind::Open(rows), cx))),
        Err(e) => Effect::Fault(e),
    }
}

/// "New visit": in training, the trainee first picks a card (of any
/// skill: the visit, the desk, the counter, the phone).
pub fn new_visit(cx: &mut Ctx) -> Effect {
    if cx.env.mode == Mode::Training {
        Effect::Open(Box::new(super::practice::PracticeList::new(cx)))
    } else {
        visit::start(cx, None);
        Effect::None
    }
}

fn load_stats(cx: &Ctx, period: usize) -> Result<Vec<AssociateFigures>> {
    let from = cx.today() - Duration::days(PERIODS[period] - 1);
    visits::figures_with(&cx.env.conn, from, own_only(cx), &cx.env.policy.figures)
}

/// The figures per associate; in training, the trainees' progress
/// (`practice::progress`).
pub fn stats(cx: &mut Ctx) -> Effect {
    if cx.env.mode == Mode::Training {
        return super::practice::progress::open(cx);
    }
    match load_stats(cx, 0) {
        Ok(rows) => Effect::Open(Box::new(VisitsState::new(
            VisitsKind::Stats { period: 0, rows },
            cx,
        ))),
        Err(e) => Effect::Fault(e),
    }
}

/// After a practised visit: the scorecard, kept in the training scores.
pub fn scorecard(cx: &mut Ctx, v: &Visit) -> VisitsState {
    let lang = cx.env.locale.lang.clone();
    let data = cx.visit_data.clone();
    let flow = data.flow(&lang);
    let id = v.scenario.clone().unwrap_or_default();
    let raised: Vec<_> = data
        .scenario(&lang, &id)
        .map(|s| {
            s.objections
                .iter()
                .map(|o| scorecard::Raised {
                    kind: o.kind,
                    words: &o.words,
                })
                .collect()
        })
        .unwrap_or_default();
    let card = scorecard::score(v, &id, &flow.checklist_ids(), &raised);
    let percent = card.percent(flow.checklist_items());
    let passed = percent >= cx.training_cards.thresholds.visit_percent;
    let trainee = cx.user.map(|u| u.name.clone()).unwrap_or_default();
    let mut view = ScorecardView {
        card: card.clone(),
        percent,
        history: Vec::new(),
        trainee: trainee.clone(),
        not_kept: None,
        standing: None,
        scroll: cursor::Scroll::default(),
    };
    match cx.training_scores {
        Some(path) => match keep_score(path, &trainee, &id, (percent, passed), &card) {
            Ok(rows) => {
                let visit = crate::domain::training_skills::Skill::Visit;
                view.standing =
                    super::practice::progress::standing(&rows, cx.training_cards, visit);
                view.history = (rows.into_iter())
                    .filter(|r| r.skill == crate::domain::training_skills::Skill::Visit.id())
                    .map(|r| (super::form::local_time(&r.at), r.scenario, r.percent))
                    .collect()
            }
            Err(e) => view.not_kept = Some(format!("{e:#}")),
        },
        None => view.not_kept = Some(cx.t("training.no_scores_file").to_string()),
    }
    VisitsState::new(VisitsKind::Scorecard(Box::new(view)), cx)
}

/// Writes the scorecard to the training scores; the trainee's results so far.
fn keep_score(
    path: &std::path::Path,
    trainee: &str,
    scenario: &str,
    (percent, passed): (u32, bool),
    card: &Scorecard,
) -> Result<Vec<training::Row>> {
    let mut conn = training::open(path)?;
    training::record(
        &mut conn,
        &training::Row {
            trainee: trainee.to_string(),
            skill: crate::domain::training_skills::Skill::Visit
                .id()
                .to_string(),
            passed: Some(passed),
            scenario: scenario.to_string(),
            at: store::now_utc(),
            percent: percent as i64,
            steps_done: card.done() as i64,
            skipped: card.skipped() as i64,
            missed: card.missed() as i64,
            answered: card.answered() as i64,
            objections: card.objections.len() as i64,
            seconds: card.total_seconds() as i64,
            card: serde_json::to_string(card)?,
        },
    )?;
    training::progress(&conn, Some(trainee))
}

impl VisitsState {
    /// The next period of the figures.
    fn next_period(&mut self, cx: &mut Ctx) -> Effect {
        let VisitsKind::Stats { period, .. } = &self.kind else {
            return Effect::None;
        };
        let next = (period + 1) % PERIODS.len();
        match load_stats(cx, next) {
            Ok(rows) => {
                self.kind = VisitsKind::Stats { period: next, rows };
                self.selected = 0;
                Effect::None
            }
            Err(e) => Effect::Fault(e),
        }
    }

    /// Enter on a row: resume the visit, or start the scenario.
    fn choose(&mut self, cx: &mut Ctx) -> Effect {
        match &self.kind {
            VisitsKind::Open(rows) => {
                let Some(r) = rows.get(self.selected) else {
                    return Effect::None;
                };
                match VisitState::resume(cx, r.id) {
                    Ok(Some(v)) => Effect::Replace(Box::new(v)),
                    Ok(None) => {
                        let msg = cx.t("visit.gone").to_string();
                        cx.error(msg);
                        Effect::Back
                    }
                    Err(e) => Effect::Many(vec![Effect::Back, Effect::Fault(e)]),
                }
            }
            VisitsKind::Scorecard(_) => Effect::Go(Action::Home),
            VisitsKind::Stats { .. } => Effect::None,
        }
    }
}

impl View for VisitsState {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Visits]
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![Action::Select, Action::Toggle, Action::Back]
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        app: &App,
        hits: &mut HitMap,
    ) {
        crate::ui::visits::draw(frame, area, app, self, hits)
    }

    fn tap(&mut self, target: &dyn std::any::Any, cx: &mut Ctx) -> Effect {
        match target.downcast_ref::<Tap>() {
            Some(Tap::Row(i)) if *i < self.len() => {
                let again = self.selected == *i;
                self.selected = *i;
                if again {
                    return self.choose(cx);
                }
                Effect::None
            }
            _ => Effect::None,
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let len = self.len();
        if let VisitsKind::Scorecard(v) = &mut self.kind
            && v.scroll.move_by(&action)
        {
            return Effect::None;
        }
        match action {
            a if cursor::move_in_list(&mut self.selected, len, &a) => Effect::None,
            Action::Select => self.choose(cx),
            Action::Toggle | Action::Type(' ') => self.next_period(cx),
            Action::Add if matches!(self.kind, VisitsKind::Open(_)) => new_visit(cx),
            Action::Back if matches!(self.kind, VisitsKind::Scorecard(_)) => {
                Effect::Go(Action::Home)
            }
            Action::Back => Effect::Back,
            _ => Effect::None,
        }
    }
}
