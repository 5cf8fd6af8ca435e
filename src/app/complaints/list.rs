//! The open complaints: overdue first, the time left on each, the
//! manager's marks; from here a complaint is taken in, at the counter or
//! from any channel, and the registers and figures are opened.

use anyhow::Result;
use chrono::{DateTime, Utc};

use super::view;
use super::{View, detail, intake, now_utc};
use crate::app::{Action, App, Screen};
use crate::store::complaints::{self as store, Complaint};

pub struct ListState {
    pub rows: Vec<Complaint>,
    pub selected: usize,
    /// The clock the time left was worked out with.
    pub now: DateTime<Utc>,
}

impl ListState {
    pub fn load(app: &App) -> Result<ListState> {
        let mut s = ListState {
            rows: Vec::new(),
            selected: 0,
            now: now_utc(app),
        };
        s.reload(app)?;
        Ok(s)
    }

    pub fn reload(&mut self, app: &App) -> Result<()> {
        let limits = app.env.policy.service.complaints.limits;
        self.now = now_utc(app);
        let keep = self.rows.get(self.selected).map(|c| c.id);
        let mut rows = store::open(&app.env.conn)?;
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
}

/// The buttons under the list, in order.
pub const BUTTONS: [Action; 5] = [
    Action::Add,
    Action::Counter,
    Action::Survey,
    Action::Registers,
    Action::Stats,
];

pub fn update(app: &mut App, action: Action) {
    let Some(s) = view!(app, List) else {
        return;
    };
    let len = s.rows.len();
    match action {
        Action::Up | Action::ScrollUp => s.selected = s.selected.saturating_sub(1),
        Action::Down | Action::ScrollDown => {
            s.selected = (s.selected + 1).min(len.saturating_sub(1))
        }
        Action::PageUp => s.selected = s.selected.saturating_sub(10),
        Action::PageDown => s.selected = (s.selected + 10).min(len.saturating_sub(1)),
        Action::First => s.selected = 0,
        Action::Last => s.selected = len.saturating_sub(1),
        Action::Pick { zone: 0, index } if (index as usize) < len => {
            let again = s.selected == index as usize;
            s.selected = index as usize;
            if again {
                open_selected(app);
            }
        }
        Action::Pick { zone: 1, index } => {
            if let Some(a) = BUTTONS.get(index as usize) {
                update(app, *a);
            }
        }
        Action::Select => open_selected(app),
        Action::Add => intake::open_new(app),
        Action::Counter => super::counter::open_new(app),
        Action::Survey => super::survey::open_standalone(app),
        Action::Registers => super::register::open(app),
        Action::Stats => super::stats::open(app),
        Action::Refresh => super::reload_current(app),
        Action::Back => app.back(),
        _ => {}
    }
}

fn open_selected(app: &mut App) {
    let id = match &app.screen {
        Screen::Complaints(v) => match v.as_ref() {
            View::List(s) => s.rows.get(s.selected).map(|c| c.id),
            _ => None,
        },
        _ => None,
    };
    if let Some(id) = id {
        detail::open(app, id);
    }
}
