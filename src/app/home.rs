//! The home screen: whom to call back, whom to greet, which repairs wait.

use anyhow::Result;
use ratatui::Frame;
use ratatui::layout::Rect;
use std::any::Any;

use super::{Action, App, Ctx, Effect, HitMap, View};
use crate::domain::staff::Role;
use crate::keymap::Context;
use crate::store::greetings::DueRow;
use crate::store::home::{self, Pane, RepairRow};
use crate::store::tasks::OpenTask;

pub const PANES: usize = 3;
/// Rows fetched per pane; the pane shows as many as fit.
const ROWS: usize = 50;
/// Greeting rows fetched per occasion for the pane.
const GREETING_ROWS: usize = 10;

pub struct HomeState {
    /// The open tasks: overdue, today, the coming days.
    pub callbacks: Pane<OpenTask>,
    /// Greetings due today and in the coming days, by occasion.
    pub greetings: Vec<super::greetings::Group>,
    pub repairs: Pane<RepairRow>,
    /// Only the signed-in associate's own callbacks.
    pub own_only: bool,
    pub focus: usize,
    pub selected: [usize; PANES],
    /// Unfinished visits (the associate's own, or everyone's for a manager).
    pub open_visits: usize,
}

impl Default for HomeState {
    fn default() -> Self {
        HomeState {
            callbacks: Pane::default(),
            greetings: Vec::new(),
            repairs: Pane::default(),
            own_only: false,
            focus: 0,
            selected: [0; PANES],
            open_visits: 0,
        }
    }
}

impl HomeState {
    /// Home, read for the person signed in.
    pub fn load(cx: &Ctx) -> Result<HomeState> {
        let mut h = HomeState::default();
        h.read(cx)?;
        Ok(h)
    }

    /// Reads the three panes again; selections stay where they can.
    fn read(&mut self, cx: &Ctx) -> Result<()> {
        let today = cx.today();
        let own = cx.user.filter(|u| u.role == Role::Associate).map(|u| u.id);
        self.own_only = own.is_some();
        self.callbacks = super::callbacks::pane(cx.env, own, ROWS)?;
        self.greetings =
            super::greetings::load_groups_in(cx.env, cx.user, cx.greetings, GREETING_ROWS)?;
        self.repairs = home::open_repairs(&cx.env.conn, today, ROWS)?;
        self.open_visits = crate::store::visits::open_list(&cx.env.conn, own)?.len();
        for (i, n) in self.lens().into_iter().enumerate() {
            self.selected[i] = self.selected[i].min(n.saturating_sub(1));
        }
        Ok(())
    }

    pub fn lens(&self) -> [usize; PANES] {
        [
            self.callbacks.rows.len(),
            self.greeting_rows().len(),
            self.repairs.rows.len(),
        ]
    }

    /// The greetings pane's rows with their occasion, in order.
    pub fn greeting_rows(&self) -> Vec<(&super::greetings::Group, &DueRow)> {
        self.greetings
            .iter()
            .flat_map(|g| g.pane.rows.iter().map(move |r| (g, r)))
            .collect()
    }
}

/// What a tap on home lands on. The visits strip's buttons are recorded
/// as the [`Action`] they do (see `ui::hit`).
pub enum Tap {
    /// A pane's border or title: that pane gets the focus.
    Pane(usize),
    /// A row of a pane: selected, or opened when tapped again.
    Row(usize, usize),
}

impl HomeState {
    fn open_selected(&self, cx: &mut Ctx) -> Effect {
        match self.focus {
            0 => match self.callbacks.rows.get(self.selected[0]) {
                Some(t) => super::callbacks::work::open(cx, t.id),
                None => Effect::None,
            },
            1 => Effect::Go(Action::Greetings),
            _ => match self.repairs.rows.get(self.selected[2]) {
                Some(job) => super::desk::job::open(cx, job.id),
                None => Effect::None,
            },
        }
    }
}

impl View for HomeState {
    fn changed_elsewhere(&mut self, cx: &mut Ctx) -> anyhow::Result<()> {
        View::reload(self, cx)
    }

    fn contexts(&self) -> Vec<Context> {
        vec![Context::Home]
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![
            Action::Select,
            Action::Callbacks,
            Action::Greetings,
            Action::Customers,
            Action::Desk,
            Action::NewCustomer,
            Action::Staff,
            Action::NextFocus,
        ]
    }

    fn draw(&self, frame: &mut Frame, area: Rect, app: &App, hits: &mut HitMap) {
        crate::ui::home::draw(frame, area, app, self, hits)
    }

    fn reload(&mut self, cx: &mut Ctx) -> Result<()> {
        self.read(cx)
    }

    fn tap(&mut self, target: &dyn Any, cx: &mut Ctx) -> Effect {
        match target.downcast_ref::<Tap>() {
            Some(Tap::Pane(pane)) => {
                self.focus = *pane;
                if *pane == 1 {
                    // The greetings pane opens the greetings screen.
                    return Effect::Go(Action::Greetings);
                }
                Effect::None
            }
            Some(&Tap::Row(pane, index)) => {
                let again = self.focus == pane && self.selected[pane] == index;
                self.focus = pane;
                if pane == 1 && again {
                    return Effect::Go(Action::Greetings);
                }
                if index < self.lens()[pane] {
                    self.selected[pane] = index;
                    if again {
                        return self.open_selected(cx);
                    }
                }
                Effect::None
            }
            None => Effect::None,
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let len = self.lens()[self.focus];
        let sel = &mut self.selected[self.focus];
        match action {
            Action::NextFocus => self.focus = (self.focus + 1) % PANES,
            Action::PrevFocus => self.focus = (self.focus + PANES - 1) % PANES,
            Action::Up | Action::ScrollUp => *sel = sel.saturating_sub(1),
            Action::Down | Action::ScrollDown => *sel = (*sel + 1).min(len.saturating_sub(1)),
            Action::PageUp => *sel = sel.saturating_sub(10),
            Action::PageDown => *sel = (*sel + 10).min(len.saturating_sub(1)),
            Action::First => *sel = 0,
            Action::Last => *sel = len.saturating_sub(1),
            Action::Select => return self.open_selected(cx),
            Action::Refresh => {
                super::callbacks::make_tasks(cx);
                return Effect::from_result(self.read(cx));
            }
            _ => {}
        }
        Effect::None
    }
}
