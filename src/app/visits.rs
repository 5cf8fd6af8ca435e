//! The screens around the visit: open visits to resume, the training
//! scenario cards to choose from, the per-associate figures, and a
//! trainee's scorecard with their progress over time.

use anyhow::Result;
use chrono::Duration;

use super::{Action, App, Mode, Screen, visit};
use crate::domain::scorecard::{self, Scorecard};
use crate::domain::staff::Role;
use crate::domain::visit::{AssociateFigures, Visit};
use crate::store::{self, training, visits};

/// The periods the figures can cover, in days.
pub const PERIODS: [i64; 3] = [30, 90, 365];

pub enum VisitsKind {
    Open(Vec<visits::OpenRow>),
    Scenarios,
    Stats {
        period: usize,
        rows: Vec<AssociateFigures>,
    },
    Scorecard(Box<ScorecardView>),
    /// Training: every trainee's scorecards over time (a trainee sees their own).
    Progress(Vec<training::Row>),
}

pub struct ScorecardView {
    pub card: Scorecard,
    pub percent: u32,
    /// This trainee's earlier results: (when, scenario, percent).
    pub history: Vec<(String, String, i64)>,
    pub trainee: String,
    /// Where the scores are kept, when they could not be written.
    pub not_kept: Option<String>,
}

pub struct VisitsState {
    pub kind: VisitsKind,
    pub selected: usize,
}

impl VisitsState {
    pub fn len(&self, app: &App) -> usize {
        match &self.kind {
            VisitsKind::Open(r) => r.len(),
            VisitsKind::Scenarios => app.visit_data.scenarios(&app.env.locale.lang).len(),
            VisitsKind::Stats { rows, .. } => rows.len(),
            VisitsKind::Scorecard(_) => 0,
            VisitsKind::Progress(r) => r.len(),
        }
    }

    pub fn is_empty(&self, app: &App) -> bool {
        self.len(app) == 0
    }
}

/// Associates see their own; managers and service staff see everyone's.
fn own_only(app: &App) -> Option<i64> {
    app.user
        .as_ref()
        .filter(|u| u.role == Role::Associate)
        .map(|u| u.id)
}

pub fn open_visits(app: &mut App) {
    match visits::open_list(&app.env.conn, own_only(app)) {
        Ok(rows) => app.open(Screen::Visits(VisitsState {
            kind: VisitsKind::Open(rows),
            selected: 0,
        })),
        Err(e) => app.fault(e),
    }
}

/// "New visit": in training, the trainee first picks a scenario card.
pub fn new_visit(app: &mut App) {
    if app.env.mode == Mode::Training {
        app.open(Screen::Visits(VisitsState {
            kind: VisitsKind::Scenarios,
            selected: 0,
        }));
    } else {
        visit::start(app, None);
    }
}

fn load_stats(app: &App, period: usize) -> Result<Vec<AssociateFigures>> {
    let from = app.today() - Duration::days(PERIODS[period] - 1);
    visits::figures_with(&app.env.conn, from, own_only(app), &app.env.policy.figures)
}

pub fn stats(app: &mut App) {
    if app.env.mode == Mode::Training
        && let Some(path) = app.training_scores.clone()
    {
        let who = app
            .user
            .as_ref()
            .filter(|u| u.role == Role::Associate)
            .map(|u| u.name.clone());
        let rows = training::open(&path).and_then(|c| training::progress(&c, who.as_deref()));
        return match rows {
            Ok(mut rows) => {
                rows.reverse();
                app.open(Screen::Visits(VisitsState {
                    kind: VisitsKind::Progress(rows),
                    selected: 0,
                }))
            }
            Err(e) => app.fault(e),
        };
    }
    match load_stats(app, 0) {
        Ok(rows) => app.open(Screen::Visits(VisitsState {
            kind: VisitsKind::Stats { period: 0, rows },
            selected: 0,
        })),
        Err(e) => app.fault(e),
    }
}

/// After a practised visit: the scorecard, kept in the training scores.
pub fn scorecard(app: &mut App, v: &Visit) {
    let lang = app.env.locale.lang.clone();
    let data = app.visit_data.clone();
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
    let trainee = app
        .user
        .as_ref()
        .map(|u| u.name.clone())
        .unwrap_or_default();
    let mut view = ScorecardView {
        card: card.clone(),
        percent,
        history: Vec::new(),
        trainee: trainee.clone(),
        not_kept: None,
    };
    match &app.training_scores {
        Some(path) => {
            let kept = training::open(path).and_then(|mut conn| {
                training::record(
                    &mut conn,
                    &training::Row {
                        trainee: trainee.clone(),
                        scenario: id.clone(),
                        at: store::now_utc(),
                        percent: percent as i64,
                        steps_done: card.done() as i64,
                        skipped: card.skipped() as i64,
                        missed: card.missed() as i64,
                        answered: card.answered() as i64,
                        objections: card.objections.len() as i64,
                        seconds: card.total_seconds() as i64,
                        card: serde_json::to_string(&card)?,
                    },
                )?;
                training::progress(&conn, Some(&trainee))
            });
            match kept {
                Ok(rows) => {
                    view.history = rows
                        .into_iter()
                        .map(|r| (super::form::local_time(&r.at), r.scenario, r.percent))
                        .collect()
                }
                Err(e) => view.not_kept = Some(format!("{e:#}")),
            }
        }
        None => view.not_kept = Some(app.t("training.no_scores_file").to_string()),
    }
    app.replace(Screen::Visits(VisitsState {
        kind: VisitsKind::Scorecard(Box::new(view)),
        selected: 0,
    }));
}

pub fn update(app: &mut App, action: Action) {
    let len = match &app.screen {
        Screen::Visits(s) => s.len(app),
        _ => return,
    };
    let Screen::Visits(s) = &mut app.screen else {
        return;
    };
    match action {
        Action::Up | Action::ScrollUp => s.selected = s.selected.saturating_sub(1),
        Action::Down | Action::ScrollDown => {
            s.selected = (s.selected + 1).min(len.saturating_sub(1))
        }
        Action::First => s.selected = 0,
        Action::Last => s.selected = len.saturating_sub(1),
        Action::Pick { zone: 0, index } if (index as usize) < len => {
            let again = s.selected == index as usize;
            s.selected = index as usize;
            if again {
                choose(app);
            }
        }
        Action::Select => choose(app),
        Action::Toggle | Action::Type(' ') => {
            if let VisitsKind::Stats { period, .. } = &s.kind {
                let next = (period + 1) % PERIODS.len();
                match load_stats(app, next) {
                    Ok(rows) => {
                        if let Screen::Visits(s) = &mut app.screen {
                            s.kind = VisitsKind::Stats { period: next, rows };
                            s.selected = 0;
                        }
                    }
                    Err(e) => app.fault(e),
                }
            }
        }
        Action::Add => {
            if matches!(s.kind, VisitsKind::Open(_)) {
                new_visit(app);
            }
        }
        Action::Back => {
            if matches!(s.kind, VisitsKind::Scorecard(_)) {
                app.go_home();
            } else {
                app.back();
            }
        }
        _ => {}
    }
}

fn choose(app: &mut App) {
    let Screen::Visits(s) = &app.screen else {
        return;
    };
    match &s.kind {
        VisitsKind::Open(rows) => {
            if let Some(r) = rows.get(s.selected) {
                let id = r.id;
                app.back();
                visit::resume(app, id);
            }
        }
        VisitsKind::Scenarios => {
            let lang = app.env.locale.lang.clone();
            let id = app
                .visit_data
                .scenarios(&lang)
                .get(s.selected)
                .map(|c| c.id.clone());
            if let Some(id) = id {
                app.back();
                visit::start(app, Some(id));
            }
        }
        VisitsKind::Scorecard(_) => app.go_home(),
        VisitsKind::Stats { .. } | VisitsKind::Progress(_) => {}
    }
}
