//! The manager's figures (DOMAIN §8): complaints by category and by
//! department, the median times to first response and to resolution, the
//! share settled at the counter, satisfaction by month; each page a table
//! and a chart, over a date range.

use anyhow::Result;
use chrono::{Datelike, Months, NaiveDate};

use super::View;
use super::fields::{Fields, Fld, Handled};
use super::view;
use crate::app::{Action, App};
use crate::domain::complaint::stats::{Figures, MonthScore, figures, satisfaction_by_month};
use crate::store::complaints::{self as store, opinions, surveys};

pub const PAGES: usize = 4;

pub struct StatsState {
    pub filters: Fields,
    pub table_focus: bool,
    /// 0 by category, 1 by department, 2 times and the counter, 3 satisfaction by month.
    pub page: usize,
    pub figures: Figures,
    pub months: Vec<MonthScore>,
    /// Suggestions worth keeping, per department.
    pub kept: Vec<(String, usize)>,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl StatsState {
    pub fn new(app: &App) -> StatsState {
        let t = |k: &str| app.t(k).to_string();
        let to = app.today();
        // Twelve months back to the first of a month.
        let from = (to - Months::new(11)).with_day(1).unwrap_or(to);
        StatsState {
            filters: Fields::new(vec![
                Fld::text("from", t("complaints.filter.from"), &from.to_string(), 10),
                Fld::text("to", t("complaints.filter.to"), &to.to_string(), 10),
            ]),
            table_focus: true,
            page: 0,
            figures: Figures::default(),
            months: Vec::new(),
            kept: Vec::new(),
            from,
            to,
        }
    }

    pub fn table_focused(&self) -> bool {
        self.table_focus
    }

    pub fn reload(&mut self, app: &App) -> Result<()> {
        let read = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        let (from, to) = (
            read(self.filters.text("from")),
            read(self.filters.text("to")),
        );
        let bad = super::error_text(&app.env.locale, "date");
        match (from, to) {
            (Some(a), Some(b)) if a <= b => {
                self.from = a;
                self.to = b;
            }
            (Some(_), Some(_)) => {
                self.filters
                    .set_error("to", super::error_text(&app.env.locale, "date_order"));
                return Ok(());
            }
            (a, _) => {
                let key = if a.is_none() { "from" } else { "to" };
                self.filters.set_error(key, bad);
                return Ok(());
            }
        }
        let routing = &app.env.policy.service.routing;
        let cats: Vec<String> = routing.categories.iter().map(|c| c.id.clone()).collect();
        let deps: Vec<String> = routing.departments.iter().map(|d| d.id.clone()).collect();
        let conn = &app.env.conn;
        self.figures = figures(&store::facts(conn, self.from, self.to)?, &cats, &deps);
        self.months = satisfaction_by_month(
            &surveys::facts(conn, self.from, self.to)?,
            self.from,
            self.to,
        );
        self.kept = opinions::kept_by_department(conn, self.from, self.to)?;
        Ok(())
    }
}

/// The figures are the manager's.
pub fn open(app: &mut App) {
    if !app.is_manager() {
        let msg = app.t("complaints.stats_managers_only").to_string();
        return app.error(msg);
    }
    let mut s = StatsState::new(app);
    match s.reload(app) {
        Ok(()) => super::open(app, View::Stats(Box::new(s))),
        Err(e) => app.fault(e),
    }
}

pub fn update(app: &mut App, action: Action) {
    let Some(s) = view!(app, Stats) else {
        return;
    };
    match action {
        Action::Back => app.back(),
        Action::NextTab => s.page = (s.page + 1) % PAGES,
        Action::PrevTab => s.page = (s.page + PAGES - 1) % PAGES,
        Action::Pick { zone: 2, index } => s.page = (index as usize).min(PAGES - 1),
        Action::Refresh => super::reload_current(app),
        Action::Pick { zone: 4, index } => {
            s.table_focus = false;
            s.filters.focus = (index as usize).min(1);
        }
        Action::NextFocus | Action::PrevFocus if s.table_focus => {
            s.table_focus = false;
            s.filters.focus = if action == Action::NextFocus { 0 } else { 1 };
        }
        Action::NextFocus if s.filters.focus == 1 => s.table_focus = true,
        Action::PrevFocus if s.filters.focus == 0 => s.table_focus = true,
        a if !s.table_focus => {
            if let Handled::Changed(_) = s.filters.handle(a) {
                s.filters.clear_errors();
                super::reload_current(app);
            }
        }
        _ => {}
    }
}
