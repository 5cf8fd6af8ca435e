//! The manager's figures (DOMAIN §8): complaints by category and by
//! department, the median times to first response and to resolution, the
//! share settled at the counter, satisfaction by month; each page a table
//! and a chart, over a date range.

use anyhow::Result;
use chrono::{Datelike, Months, NaiveDate};

use super::fields::{FieldTap, Fields, Fld, Handled};
use super::reread;
use crate::app::{Action, App, Ctx, Effect, Env, HitMap, View};
use crate::domain::complaint::stats::{Figures, MonthScore, figures, satisfaction_by_month};
use crate::keymap::Context;
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
    pub fn new(env: &Env) -> StatsState {
        let t = |k: &str| env.locale.t(k).to_string();
        let to = env.now().date();
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

    fn read(&mut self, env: &Env) -> Result<()> {
        let read = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        let (from, to) = (
            read(self.filters.text("from")),
            read(self.filters.text("to")),
        );
        let bad = super::error_text(&env.locale, "date");
        match (from, to) {
            (Some(a), Some(b)) if a <= b => {
                self.from = a;
                self.to = b;
            }
            (Some(_), Some(_)) => {
                self.filters
                    .set_error("to", super::error_text(&env.locale, "date_order"));
                return Ok(());
            }
            (a, _) => {
                let key = if a.is_none() { "from" } else { "to" };
                self.filters.set_error(key, bad);
                return Ok(());
            }
        }
        let routing = &env.policy.service.routing;
        let cats: Vec<String> = routing.categories.iter().map(|c| c.id.clone()).collect();
        let deps: Vec<String> = routing.departments.iter().map(|d| d.id.clone()).collect();
        let conn = &env.conn;
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

/// What a tap on the figures lands on, beside the two dates (a [`FieldTap`]).
pub struct Tap(pub usize);

impl StatsState {
    /// The figures are the manager's.
    pub fn open(cx: &mut Ctx) -> Effect {
        if !cx.is_manager() {
            let msg = cx.t("complaints.stats_managers_only").to_string();
            cx.error(msg);
            return Effect::None;
        }
        let mut s = StatsState::new(cx.env);
        match s.read(cx.env) {
            Ok(()) => Effect::Open(Box::new(s)),
            Err(e) => Effect::Fault(e),
        }
    }
}

impl View for StatsState {
    fn contexts(&self) -> Vec<Context> {
        if self.table_focus {
            return vec![Context::Register];
        }
        let mut v = super::form_contexts(self.filters.focused_is_text(), None);
        v.push(Context::Register);
        v
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![Action::NextTab, Action::NextFocus, Action::Back]
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        app: &App,
        hits: &mut HitMap,
    ) {
        crate::ui::complaints::stats::draw(frame, area, app, self, hits)
    }

    fn reload(&mut self, cx: &mut Ctx) -> Result<()> {
        self.read(cx.env)
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Effect {
        self.filters.paste(text);
        Effect::None
    }

    fn tap(&mut self, target: &dyn std::any::Any, _cx: &mut Ctx) -> Effect {
        if let Some(Tap(i)) = target.downcast_ref::<Tap>() {
            self.page = (*i).min(PAGES - 1);
        } else if let Some(FieldTap::Field(i)) = target.downcast_ref::<FieldTap>() {
            self.table_focus = false;
            self.filters.focus = (*i).min(1);
        }
        Effect::None
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        match action {
            Action::Back => return Effect::Back,
            Action::NextTab => self.page = (self.page + 1) % PAGES,
            Action::PrevTab => self.page = (self.page + PAGES - 1) % PAGES,
            Action::Refresh => return reread(self, cx),
            Action::NextFocus | Action::PrevFocus if self.table_focus => {
                self.table_focus = false;
                self.filters.focus = if action == Action::NextFocus { 0 } else { 1 };
            }
            Action::NextFocus if self.filters.focus == 1 => self.table_focus = true,
            Action::PrevFocus if self.filters.focus == 0 => self.table_focus = true,
            a if !self.table_focus => {
                if let Handled::Changed(_) = self.filters.handle(a) {
                    self.filters.clear_errors();
                    return reread(self, cx);
                }
            }
            _ => {}
        }
        Effect::None
    }
}
