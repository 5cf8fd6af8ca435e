//! The three registers of DOMAIN §4 on screen: the satisfaction survey
//! register, the complaint handling register, the quality callback /
//! customer opinion register. Filters by date range, category, department,
//! staff and state; the rows in view are written to CSV like the CLI does.

mod write;

use anyhow::Result;
use chrono::{Duration, NaiveDate};

use super::fields::{FieldTap, Fields, Fld, Handled};
use super::{Options, category_options, department_options, error_text, reread, with_any};
use crate::app::{Action, App, Ctx, Effect, Env, HitMap, View, cursor};
use crate::domain::complaint::State;
use crate::domain::survey::SurveySource;
use crate::export::complaints::{self as ex, Table};
use crate::keymap::Context;
use crate::store::complaints::opinions::{self, OpinionKind};
use crate::store::complaints::{self as store, Filter, surveys};

/// Rows read per register view; the CSV export has no limit.
const ROWS: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterKind {
    Surveys,
    Complaints,
    Opinions,
}

impl RegisterKind {
    pub const ALL: [RegisterKind; 3] = [
        RegisterKind::Surveys,
        RegisterKind::Complaints,
        RegisterKind::Opinions,
    ];

    pub fn id(self) -> &'static str {
        match self {
            RegisterKind::Surveys => "surveys",
            RegisterKind::Complaints => "complaints",
            RegisterKind::Opinions => "opinions",
        }
    }

    /// The columns shown on screen: (column of the full table, width; 0 = the rest).
    pub fn shown(self) -> &'static [(usize, u16)] {
        match self {
            // taken, customer, source, complaint … mean, comment
            RegisterKind::Surveys => &[
                (0, 16),
                (1, 10),
                (3, 12),
                (usize::MAX - 1, 5),
                (usize::MAX, 0),
            ],
            // no, received, customer, category, department, state
            RegisterKind::Complaints => &[(0, 11), (1, 16), (3, 8), (7, 14), (8, 10), (14, 0)],
            // noted, kind, customer, department, worth keeping, text
            RegisterKind::Opinions => &[(0, 16), (1, 8), (2, 8), (8, 10), (9, 4), (7, 0)],
        }
    }
}

/// What a row points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RowRef {
    pub complaint: Option<i64>,
    pub opinion: Option<i64>,
    pub worth_keeping: bool,
}

pub struct RegisterState {
    pub kind: RegisterKind,
    pub filters: Fields,
    /// The table has the focus (else a filter).
    pub table_focus: bool,
    pub table: Table,
    pub refs: Vec<RowRef>,
    pub selected: usize,
}

impl RegisterState {
    pub fn new(env: &Env, kind: RegisterKind) -> anyhow::Result<RegisterState> {
        let t = |k: &str| env.locale.t(k).to_string();
        let today = env.now().date();
        let from = today - Duration::days(30);
        let staff: Options = crate::store::staff::list(&env.conn)?
            .into_iter()
            .map(|s| (s.id.to_string(), s.name))
            .collect();
        let filters = Fields::new(vec![
            Fld::text("from", t("complaints.filter.from"), &from.to_string(), 10),
            Fld::text("to", t("complaints.filter.to"), &today.to_string(), 10),
            Fld::choice(
                "category",
                t("complaints.filter.category"),
                with_any(env, category_options(env)),
            ),
            Fld::choice(
                "department",
                t("complaints.filter.department"),
                with_any(env, department_options(env)),
            ),
            Fld::choice("staff", t("complaints.filter.staff"), with_any(env, staff)),
            Fld::choice(
                "state",
                state_label(env, kind),
                with_any(env, state_options(env, kind)),
            ),
        ]);
        Ok(RegisterState {
            kind,
            filters,
            table_focus: true,
            table: Table {
                header: Vec::new(),
                rows: Vec::new(),
            },
            refs: Vec::new(),
            selected: 0,
        })
    }

    pub fn table_focused(&self) -> bool {
        self.table_focus
    }

    /// The filters as typed; a date that cannot be read is marked on its field.
    pub fn filter(&mut self, loc: &crate::i18n::Locale) -> Option<Filter> {
        let mut dates = [None, None];
        let mut ok = true;
        for (i, key) in ["from", "to"].into_iter().enumerate() {
            let v = self.filters.text(key).trim().to_string();
            if v.is_empty() {
                continue;
            }
            match NaiveDate::parse_from_str(&v, "%Y-%m-%d") {
                Ok(d) => dates[i] = Some(d),
                Err(_) => {
                    self.filters.set_error(key, error_text(loc, "date"));
                    ok = false;
                }
            }
        }
        if let [Some(a), Some(b)] = dates
            && a > b
        {
            self.filters.set_error("to", error_text(loc, "date_order"));
            ok = false;
        }
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        ok.then(|| Filter {
            from: dates[0],
            to: dates[1],
            category: opt(self.filters.choice("category")),
            department: opt(self.filters.choice("department")),
            staff_id: self.filters.choice("staff").parse().ok(),
            state: opt(self.filters.choice("state")),
            limit: None,
        })
    }

    fn read(&mut self, env: &Env) -> Result<()> {
        let Some(mut f) = self.filter(&env.locale) else {
            return Ok(());
        };
        f.limit = Some(ROWS);
        let loc = &env.locale;
        let conn = &env.conn;
        let (table, refs) = match self.kind {
            RegisterKind::Complaints => {
                let rows = store::register(conn, &f)?;
                let refs = rows
                    .iter()
                    .map(|c| RowRef {
                        complaint: Some(c.id),
                        ..RowRef::default()
                    })
                    .collect();
                (ex::complaint_table(loc, &rows), refs)
            }
            RegisterKind::Surveys => {
                let rows = surveys::register(conn, &f)?;
                let refs = rows
                    .iter()
                    .map(|r| RowRef {
                        complaint: r.complaint_id,
                        ..RowRef::default()
                    })
                    .collect();
                (
                    ex::survey_table(loc, &env.policy.service.questions, &rows),
                    refs,
                )
            }
            RegisterKind::Opinions => {
                let rows = opinions::register(conn, &f)?;
                let refs = rows
                    .iter()
                    .map(|o| RowRef {
                        complaint: o.complaint_id,
                        opinion: Some(o.id),
                        worth_keeping: o.worth_keeping,
                    })
                    .collect();
                (ex::opinion_table(loc, &rows), refs)
            }
        };
        self.table = table;
        self.refs = refs;
        self.selected = self.selected.min(self.refs.len().saturating_sub(1));
        Ok(())
    }

    /// The cell of a shown column in a row (`usize::MAX` counts from the end).
    pub fn cell<'a>(&self, row: &'a [String], col: usize) -> &'a str {
        let i = if col >= usize::MAX - 8 {
            row.len().saturating_sub(usize::MAX - col + 1)
        } else {
            col
        };
        row.get(i).map(String::as_str).unwrap_or("")
    }

    pub fn header_of(&self, col: usize) -> &str {
        let i = if col >= usize::MAX - 8 {
            self.table.header.len().saturating_sub(usize::MAX - col + 1)
        } else {
            col
        };
        self.table.header.get(i).map(String::as_str).unwrap_or("")
    }
}

/// What the fourth filter means in each register: a complaint's state, a
/// survey's source, an opinion's kind.
fn state_label(env: &Env, kind: RegisterKind) -> String {
    env.locale
        .t(match kind {
            RegisterKind::Complaints => "complaints.filter.state",
            RegisterKind::Surveys => "complaints.filter.source",
            RegisterKind::Opinions => "complaints.filter.kind",
        })
        .to_string()
}

fn state_options(env: &Env, kind: RegisterKind) -> Options {
    let named = |section: &str, ids: Vec<&str>| -> Options {
        ids.into_iter()
            .map(|id| (id.to_string(), ex::name(&env.locale, section, id)))
            .collect()
    };
    match kind {
        RegisterKind::Complaints => named(
            "complaints.state",
            State::ALL.iter().map(|s| s.id()).collect(),
        ),
        RegisterKind::Surveys => named(
            "complaints.survey_source",
            SurveySource::ALL.iter().map(|s| s.id()).collect(),
        ),
        RegisterKind::Opinions => {
            let mut o = named(
                "complaints.opinion_kind",
                OpinionKind::ALL.iter().map(|k| k.id()).collect(),
            );
            o.push((
                "kept".into(),
                env.locale.t("complaints.filter.kept").to_string(),
            ));
            o
        }
    }
}

/// The buttons under the register, in order.
pub const BUTTONS: [Action; 3] = [Action::Export, Action::Add, Action::KeepSuggestion];

/// What a tap on the register lands on, beside the filters (a
/// [`FieldTap`]) and the buttons (their actions).
pub enum Tap {
    Tab(usize),
    Row(usize),
}

impl RegisterState {
    pub fn open(kind: RegisterKind, cx: &mut Ctx) -> Effect {
        let loaded = RegisterState::new(cx.env, kind).and_then(|mut s| s.read(cx.env).map(|()| s));
        match loaded {
            Ok(s) => Effect::Open(Box::new(s)),
            Err(e) => Effect::Fault(e),
        }
    }

    /// Another register: its own fourth filter, read again.
    fn show(&mut self, kind: RegisterKind, cx: &mut Ctx) -> Effect {
        self.kind = kind;
        self.selected = 0;
        self.filters
            .set_options("state", with_any(cx.env, state_options(cx.env, kind)));
        if let Some(f) = self.filters.items.iter_mut().find(|f| f.key == "state") {
            f.label = state_label(cx.env, kind);
        }
        reread(self, cx)
    }

    fn open_row(&self, cx: &mut Ctx) -> Effect {
        match self.refs.get(self.selected).and_then(|r| r.complaint) {
            Some(id) => super::detail::DetailState::open(id, cx),
            None => Effect::None,
        }
    }

    /// A filter changed: the register is read again.
    fn filtered(&mut self, h: Handled, cx: &mut Ctx) -> Effect {
        if let Handled::Changed(_) = h {
            self.filters.clear_errors();
            return reread(self, cx);
        }
        Effect::None
    }

    fn update_table(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let len = self.refs.len();
        match action {
            a if cursor::move_in_list(&mut self.selected, len, &a) => {}
            Action::NextFocus => {
                self.table_focus = false;
                self.filters.focus = 0;
            }
            Action::PrevFocus => {
                self.table_focus = false;
                self.filters.focus = self.filters.items.len() - 1;
            }
            Action::Select => return self.open_row(cx),
            _ => {}
        }
        Effect::None
    }
}

impl View for RegisterState {
    fn contexts(&self) -> Vec<Context> {
        if self.table_focus {
            return vec![Context::Register];
        }
        // A filter in focus: the form's keys first (←→ choose), then the register's.
        let mut v = super::form_contexts(self.filters.focused_is_text(), None);
        v.push(Context::Register);
        v
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![
            Action::NextTab,
            Action::Export,
            Action::Select,
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
        crate::ui::complaints::register::draw(frame, area, app, self, hits)
    }

    fn reload(&mut self, cx: &mut Ctx) -> Result<()> {
        self.read(cx.env)
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Effect {
        self.filters.paste(text);
        Effect::None
    }

    fn tap(&mut self, target: &dyn std::any::Any, cx: &mut Ctx) -> Effect {
        if let Some(FieldTap::Field(i)) = target.downcast_ref::<FieldTap>() {
            // A tap on a filter: the focus goes there (a second tap changes a choice).
            let was_table = self.table_focus;
            self.table_focus = false;
            if was_table {
                self.filters.focus = (*i).min(self.filters.items.len() - 1);
                return Effect::None;
            }
            let h = self.filters.tap(FieldTap::Field(*i));
            return self.filtered(h, cx);
        }
        match target.downcast_ref::<Tap>() {
            Some(Tap::Tab(i)) => self.show(RegisterKind::ALL[(*i).min(2)], cx),
            Some(Tap::Row(i)) if *i < self.refs.len() => {
                let again = self.table_focus && self.selected == *i;
                self.table_focus = true;
                self.selected = *i;
                if again {
                    return self.open_row(cx);
                }
                Effect::None
            }
            _ => Effect::None,
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        match action {
            Action::Back => return Effect::Back,
            Action::Export | Action::Save => return self.export(cx),
            Action::Add => return super::opinion::OpinionState::open(cx),
            Action::KeepSuggestion => return self.toggle_kept(cx),
            Action::NextTab | Action::PrevTab => {
                let i = RegisterKind::ALL
                    .iter()
                    .position(|k| *k == self.kind)
                    .unwrap_or(0);
                let j = if action == Action::NextTab {
                    (i + 1) % 3
                } else {
                    (i + 2) % 3
                };
                return self.show(RegisterKind::ALL[j], cx);
            }
            Action::Refresh => return reread(self, cx),
            _ => {}
        }
        if self.table_focus {
            return self.update_table(action, cx);
        }
        let last = self.filters.items.len() - 1;
        match action {
            Action::NextFocus if self.filters.focus == last => self.table_focus = true,
            Action::PrevFocus if self.filters.focus == 0 => self.table_focus = true,
            a => {
                let h = self.filters.handle(a);
                return self.filtered(h, cx);
            }
        }
        Effect::None
    }
}
