//! The manager's staff board: for a chosen month, each associate's
//! contacts and their outcomes, the files they registered and how complete
//! they are (the files contest), their visits and what those sold. A
//! manager sees everyone; anyone else their own row.

use anyhow::Result;
use chrono::{Months, NaiveDate};

use super::{Action, App, Screen};
use crate::domain::board::{self, BoardRow, Column};
use crate::store::board::{self as store, Weights};

#[derive(Default)]
pub struct BoardState {
    /// The first day of the month shown.
    pub month: NaiveDate,
    pub rows: Vec<BoardRow>,
    /// The sort column, an index into [`Column::ALL`].
    pub sort: usize,
    /// Worst first instead of best first.
    pub reversed: bool,
    pub selected: usize,
    /// Only the signed-in person's own row.
    pub own_only: bool,
}

/// The column sorted by when the board opens: the files contest.
const DEFAULT_SORT: usize = 10;

impl BoardState {
    pub fn sort_column(&self) -> Column {
        Column::ALL[self.sort.min(Column::ALL.len() - 1)]
    }

    /// Reads the month again, keeping the sort and, where it can, the row.
    pub fn reload(&mut self, app: &App) -> Result<()> {
        let own = if self.own_only {
            app.user.as_ref().map(|u| u.id)
        } else {
            None
        };
        let keep = self.rows.get(self.selected).map(|r| r.staff_id);
        let c = &app.env.policy.customers;
        let w = Weights {
            hard: c.hard_weight_percent,
            soft: c.soft_weight_percent,
        };
        self.rows = store::month_with(
            &app.env.conn,
            self.month,
            own,
            w,
            &app.env.policy.quality,
            &app.env.policy.figures,
        )?;
        self.resort();
        self.selected = keep
            .and_then(|id| self.rows.iter().position(|r| r.staff_id == id))
            .unwrap_or(0);
        Ok(())
    }

    fn resort(&mut self) {
        let column = self.sort_column();
        board::sort(&mut self.rows, column, self.reversed);
    }

    /// Sorts by column `i`; asking again for the same column turns the order round.
    fn sort_by(&mut self, i: usize) {
        if i == self.sort {
            self.reversed = !self.reversed;
        } else {
            self.sort = i;
            self.reversed = false;
        }
        let keep = self.rows.get(self.selected).map(|r| r.staff_id);
        self.resort();
        self.selected = keep
            .and_then(|id| self.rows.iter().position(|r| r.staff_id == id))
            .unwrap_or(0);
    }
}

pub fn open(app: &mut App) {
    let mut s = BoardState {
        month: store::month_of(app.today()),
        rows: Vec::new(),
        sort: DEFAULT_SORT,
        reversed: false,
        selected: 0,
        own_only: !app.is_manager(),
    };
    match s.reload(app) {
        Ok(()) => app.open(Screen::Board(s)),
        Err(e) => app.fault(e),
    }
}

/// Moves the month by `delta`; never past the current month.
fn move_month(app: &mut App, delta: i32) {
    let this_month = store::month_of(app.today());
    let Screen::Board(s) = &mut app.screen else {
        return;
    };
    let to = if delta < 0 {
        s.month
            .checked_sub_months(Months::new(delta.unsigned_abs()))
    } else {
        s.month.checked_add_months(Months::new(delta as u32))
    };
    let Some(to) = to.filter(|m| *m <= this_month) else {
        let msg = app.t("board.no_later_month").to_string();
        return app.info(msg);
    };
    let mut s = std::mem::take(s);
    let from = s.month;
    s.month = to;
    let r = s.reload(app);
    if r.is_err() {
        s.month = from;
    }
    app.screen = Screen::Board(s);
    if let Err(e) = r {
        app.fault(e);
    }
}

pub fn update(app: &mut App, action: Action) {
    let Screen::Board(s) = &mut app.screen else {
        return;
    };
    let len = s.rows.len();
    let columns = Column::ALL.len();
    match action {
        Action::NextMonth | Action::Pick { zone: 2, index: 1 } => move_month(app, 1),
        Action::PrevMonth | Action::Pick { zone: 2, index: 0 } => move_month(app, -1),
        Action::NextFocus => s.sort_by((s.sort + 1) % columns),
        Action::PrevFocus => s.sort_by((s.sort + columns - 1) % columns),
        Action::Toggle => s.sort_by(s.sort),
        Action::Pick { zone: 0, index } if (index as usize) < columns => s.sort_by(index as usize),
        Action::Pick { zone: 1, index } if (index as usize) < len => s.selected = index as usize,
        Action::Up | Action::ScrollUp => s.selected = s.selected.saturating_sub(1),
        Action::Down | Action::ScrollDown => {
            s.selected = (s.selected + 1).min(len.saturating_sub(1))
        }
        Action::First => s.selected = 0,
        Action::Last => s.selected = len.saturating_sub(1),
        Action::Refresh => {
            let mut s = std::mem::take(s);
            let r = s.reload(app);
            app.screen = Screen::Board(s);
            if let Err(e) = r {
                app.fault(e);
            }
        }
        Action::Back => app.back(),
        _ => {}
    }
}
