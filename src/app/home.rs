//! The home screen: whom to call back, whom to greet, which repairs wait.

use anyhow::Result;
use std::time::Instant;

use super::{Action, App, Screen, file};
use crate::domain::staff::Role;
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
    pub loaded_at: Instant,
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
            loaded_at: Instant::now(),
            open_visits: 0,
        }
    }
}

impl HomeState {
    pub fn load(app: &App) -> Result<HomeState> {
        let mut h = HomeState::default();
        h.reload(app)?;
        Ok(h)
    }

    /// Reads the three panes again; selections stay where they can.
    pub fn reload(&mut self, app: &App) -> Result<()> {
        let today = app.today();
        let own = app
            .user
            .as_ref()
            .filter(|u| u.role == Role::Associate)
            .map(|u| u.id);
        self.own_only = own.is_some();
        self.callbacks = super::callbacks::pane(app, own, ROWS)?;
        self.greetings = super::greetings::load_groups(app, GREETING_ROWS)?;
        self.repairs = home::open_repairs(&app.env.conn, today, ROWS)?;
        self.open_visits = crate::store::visits::open_list(&app.env.conn, own)?.len();
        for (i, n) in self.lens().into_iter().enumerate() {
            self.selected[i] = self.selected[i].min(n.saturating_sub(1));
        }
        self.loaded_at = Instant::now();
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

    /// The customer behind the selected row of the focused pane.
    fn selected_customer(&self) -> Option<i64> {
        let i = self.selected[self.focus];
        match self.focus {
            0 => self.callbacks.rows.get(i).and_then(|r| r.customer_id),
            1 => self.greeting_rows().get(i).map(|(_, r)| r.customer_id),
            _ => self.repairs.rows.get(i).and_then(|r| r.customer_id),
        }
    }
}

pub fn update(app: &mut App, action: Action) {
    let Screen::Home(h) = &mut app.screen else {
        return;
    };
    let len = h.lens()[h.focus];
    let sel = &mut h.selected[h.focus];
    match action {
        Action::NextFocus => h.focus = (h.focus + 1) % PANES,
        Action::PrevFocus => h.focus = (h.focus + PANES - 1) % PANES,
        Action::Up => *sel = sel.saturating_sub(1),
        Action::Down => *sel = (*sel + 1).min(len.saturating_sub(1)),
        Action::PageUp => *sel = sel.saturating_sub(10),
        Action::PageDown => *sel = (*sel + 10).min(len.saturating_sub(1)),
        Action::First => *sel = 0,
        Action::Last => *sel = len.saturating_sub(1),
        Action::ScrollUp => *sel = sel.saturating_sub(1),
        Action::ScrollDown => *sel = (*sel + 1).min(len.saturating_sub(1)),
        Action::Pick { zone, index } => {
            let zone = (zone as usize).min(PANES - 1);
            let again = h.focus == zone && h.selected[zone] == index as usize;
            h.focus = zone;
            if zone == 1 && (again || index == u16::MAX) {
                // The greetings pane opens the greetings screen.
                return app.update(Action::Greetings);
            }
            if (index as usize) < h.lens()[zone] {
                h.selected[zone] = index as usize;
                if again {
                    open_selected(app)
                }
            }
        }
        Action::Select => open_selected(app),
        Action::Refresh => {
            super::callbacks::refresh(app);
            let Screen::Home(h) = &mut app.screen else {
                return;
            };
            let mut h = std::mem::take(h);
            let r = h.reload(app);
            app.screen = Screen::Home(h);
            if let Err(e) = r {
                app.fault(e);
            }
        }
        Action::Back => {}
        _ => {}
    }
}

fn open_selected(app: &mut App) {
    let Screen::Home(h) = &app.screen else { return };
    if h.focus == 0 {
        if let Some(t) = h.callbacks.rows.get(h.selected[0]) {
            super::callbacks::work::open(app, t.id);
        }
        return;
    }
    if h.focus == 1 {
        return app.update(Action::Greetings);
    }
    if h.focus == 2 {
        if let Some(job) = h.repairs.rows.get(h.selected[2]) {
            super::desk::open_job(app, job.id);
        }
        return;
    }
    if let Some(id) = h.selected_customer() {
        file::open(app, id);
    }
}
