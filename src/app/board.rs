//! The manager's staff board: for a chosen month, each associate's
//! contacts and their outcomes, the files they registered and how complete
//! they are (the files contest), their visits and what those sold. A
//! manager sees everyone; anyone else their own row.

use anyhow::Result;
use chrono::{Months, NaiveDate};

use super::{Action, App, Ctx, Effect, HitMap, View, cursor};
use crate::domain::board::{self, BoardRow, Column};
use crate::keymap::Context;
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
    fn read(&mut self, cx: &Ctx) -> Result<()> {
        let own = if self.own_only { cx.user_id() } else { None };
        let keep = self.rows.get(self.selected).map(|r| r.staff_id);
        let app = &cx;
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

/// What a tap on the board lands on.
pub enum Tap {
    /// The earlier (0) or later (1) month button.
    Month(i32),
    /// A column header: sort by it (again: turned round).
    Sort(usize),
    Row(usize),
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
    // Opened over whatever screen asked for it (home or the staff list).
    let r = app.with_ctx(|cx| s.read(cx));
    app.apply(match r {
        Ok(()) => Effect::Open(Box::new(s)),
        Err(e) => Effect::Fault(e),
    });
}

impl BoardState {
    /// Moves the month by `delta`; never past the current month.
    fn move_month(&mut self, delta: i32, cx: &mut Ctx) -> Effect {
        let this_month = store::month_of(cx.today());
        let to = if delta < 0 {
            self.month
                .checked_sub_months(Months::new(delta.unsigned_abs()))
        } else {
            self.month.checked_add_months(Months::new(delta as u32))
        };
        let Some(to) = to.filter(|m| *m <= this_month) else {
            let msg = cx.t("board.no_later_month").to_string();
            cx.info(msg);
            return Effect::None;
        };
        let from = self.month;
        self.month = to;
        let r = self.read(cx);
        if r.is_err() {
            self.month = from;
        }
        Effect::from_result(r)
    }
}

impl View for BoardState {
    fn changed_elsewhere(&mut self, cx: &mut Ctx) -> anyhow::Result<()> {
        View::reload(self, cx)
    }

    fn contexts(&self) -> Vec<Context> {
        vec![Context::Board]
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![
            Action::PrevMonth,
            Action::NextMonth,
            Action::NextFocus,
            Action::Toggle,
            Action::ServiceChecks,
            Action::Back,
        ]
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        app: &App,
        hits: &mut HitMap,
    ) {
        crate::ui::board::draw(frame, area, app, self, hits)
    }

    fn reload(&mut self, cx: &mut Ctx) -> Result<()> {
        self.read(cx)
    }

    fn tap(&mut self, target: &dyn std::any::Any, cx: &mut Ctx) -> Effect {
        match target.downcast_ref::<Tap>() {
            Some(Tap::Month(delta)) => self.move_month(*delta, cx),
            Some(Tap::Sort(i)) => {
                self.sort_by(*i);
                Effect::None
            }
            Some(Tap::Row(n)) if *n < self.rows.len() => {
                self.selected = *n;
                Effect::None
            }
            _ => Effect::None,
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let len = self.rows.len();
        let columns = Column::ALL.len();
        match action {
            Action::NextMonth => return self.move_month(1, cx),
            Action::PrevMonth => return self.move_month(-1, cx),
            Action::NextFocus => self.sort_by((self.sort + 1) % columns),
            Action::PrevFocus => self.sort_by((self.sort + columns - 1) % columns),
            Action::Toggle => self.sort_by(self.sort),
            a if cursor::move_in_list(&mut self.selected, len, &a) => {}
            Action::Refresh => return Effect::from_result(self.read(cx)),
            Action::Back => return Effect::Back,
            _ => {}
        }
        Effect::None
    }
}
