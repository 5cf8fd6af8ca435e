//! The open complaints: overdue first, the time left on each, the
//! manager's marks; from here a complaint is taken in, at the counter or
//! from any channel, and the registers and figures are opened.

use anyhow::Result;
use chrono::{DateTime, Utc};

use super::{counter, detail, intake, register, stats, survey, utc_now};
use crate::app::{Action, App, Ctx, Effect, Env, HitMap, View, cursor};
use crate::keymap::Context;
use crate::store::complaints::{self as store, Complaint};

pub struct ListState {
    pub rows: Vec<Complaint>,
    pub selected: usize,
    /// The clock the time left was worked out with.
    pub now: DateTime<Utc>,
}

/// What a tap on the list lands on (its buttons are their actions).
pub struct Tap(pub usize);

impl ListState {
    pub fn load(env: &Env) -> Result<ListState> {
        let mut s = ListState {
            rows: Vec::new(),
            selected: 0,
            now: utc_now(env),
        };
        s.read(env)?;
        Ok(s)
    }

    fn read(&mut self, env: &Env) -> Result<()> {
        let limits = env.policy.service.complaints.limits;
        self.now = utc_now(env);
        let keep = self.rows.get(self.selected).map(|c| c.id);
        let mut rows = store::open(&env.conn)?;
        rows.sort_by_key(|c| limits.sort_key(&c.timing(), self.now));
        self.rows = rows;
        self.selected = keep
            .and_then(|id| self.rows.iter().position(|c| c.id == id))
            .unwrap_or(0)
            .min(self.rows.len().saturating_sub(1));
        Ok(())
    }

    pub fn overdue(&self, app: &App) -> usize {
        let limits = app.env.policy.service.complaints.limits;
        self.rows
            .iter()
            .filter(|c| {
                limits
                    .running(&c.timing(), self.now)
                    .is_some_and(|r| r.overdue())
            })
            .count()
    }

    fn open_selected(&self, cx: &mut Ctx) -> Effect {
        match self.rows.get(self.selected) {
            Some(c) => detail::DetailState::open(c.id, cx),
            None => Effect::None,
        }
    }
}

/// The buttons under the list, in order.
pub const BUTTONS: [Action; 5] = [
    Action::Add,
    Action::Counter,
    Action::Survey,
    Action::Registers,
    Action::Stats,
];

impl View for ListState {
    fn changed_elsewhere(&mut self, cx: &mut Ctx) -> anyhow::Result<()> {
        View::reload(self, cx)
    }

    fn contexts(&self) -> Vec<Context> {
        vec![Context::Complaints]
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![Action::Select, Action::Add, Action::Counter, Action::Back]
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        app: &App,
        hits: &mut HitMap,
    ) {
        crate::ui::complaints::list::draw(frame, area, app, self, hits)
    }

    fn reload(&mut self, cx: &mut Ctx) -> Result<()> {
        self.read(cx.env)
    }

    fn tap(&mut self, target: &dyn std::any::Any, cx: &mut Ctx) -> Effect {
        match target.downcast_ref::<Tap>() {
            Some(Tap(i)) if *i < self.rows.len() => {
                let again = self.selected == *i;
                self.selected = *i;
                if again {
                    return self.open_selected(cx);
                }
                Effect::None
            }
            _ => Effect::None,
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let len = self.rows.len();
        match action {
            a if cursor::move_in_list(&mut self.selected, len, &a) => Effect::None,
            Action::Select => self.open_selected(cx),
            Action::Add => intake::IntakeState::open(cx),
            Action::Counter => counter::CounterState::open(cx),
            Action::Survey => survey::SurveyState::open_standalone(cx),
            Action::Registers => {
                register::RegisterState::open(register::RegisterKind::Complaints, cx)
            }
            Action::Stats => stats::StatsState::open(cx),
            Action::Refresh => super::reread(self, cx),
            Action::Back => Effect::Back,
            _ => Effect::None,
        }
    }
}
