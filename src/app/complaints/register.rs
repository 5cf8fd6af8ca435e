//! The three registers of DOMAIN §4 on screen: the satisfaction survey
//! register, the complaint handling register, the quality callback /
//! customer opinion register. Filters by date range, category, department,
//! staff and state; the rows in view are written to CSV like the CLI does.

use anyhow::Result;
use chrono::{Duration, NaiveDate};
use std::path::PathBuf;

use super::fields::{Fields, Fld, Handled};
use super::view;
use super::{Options, View, category_options, department_options, error_text, staff_id, with_any};
use crate::app::{Action, App};
use crate::domain::complaint::State;
use crate::domain::survey::SurveySource;
use crate::export::complaints::{self as ex, Table};
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
    pub fn new(app: &App, kind: RegisterKind) -> anyhow::Result<RegisterState> {
        let t = |k: &str| app.t(k).to_string();
        let today = app.today();
        let from = today - Duration::days(30);
        let staff: Options = crate::store::staff::list(&app.env.conn)?
            .into_iter()
            .map(|s| (s.id.to_string(), s.name))
            .collect();
        let filters = Fields::new(vec![
            Fld::text("from", t("complaints.filter.from"), &from.to_string(), 10),
            Fld::text("to", t("complaints.filter.to"), &today.to_string(), 10),
            Fld::choice(
                "category",
                t("complaints.filter.category"),
                with_any(app, category_options(app)),
            ),
            Fld::choice(
                "department",
                t("complaints.filter.department"),
                with_any(app, department_options(app)),
            ),
            Fld::choice("staff", t("complaints.filter.staff"), with_any(app, staff)),
            Fld::choice(
                "state",
                state_label(app, kind),
                with_any(app, state_options(app, kind)),
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

    pub fn reload(&mut self, app: &App) -> Result<()> {
        let Some(mut f) = self.filter(&app.env.locale) else {
            return Ok(());
        };
        f.limit = Some(ROWS);
        let loc = &app.env.locale;
        let conn = &app.env.conn;
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
                    ex::survey_table(loc, &app.env.policy.service.questions, &rows),
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
fn state_label(app: &App, kind: RegisterKind) -> String {
    app.t(match kind {
        RegisterKind::Complaints => "complaints.filter.state",
        RegisterKind::Surveys => "complaints.filter.source",
        RegisterKind::Opinions => "complaints.filter.kind",
    })
    .to_string()
}

fn state_options(app: &App, kind: RegisterKind) -> Options {
    let named = |section: &str, ids: Vec<&str>| -> Options {
        ids.into_iter()
            .map(|id| (id.to_string(), ex::name(&app.env.locale, section, id)))
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
            o.push(("kept".into(), app.t("complaints.filter.kept").to_string()));
            o
        }
    }
}

pub fn open(app: &mut App) {
    open_kind(app, RegisterKind::Complaints);
}

pub fn open_kind(app: &mut App, kind: RegisterKind) {
    let loaded = RegisterState::new(app, kind).and_then(|mut s| s.reload(app).map(|()| s));
    match loaded {
        Ok(s) => super::open(app, View::Register(Box::new(s))),
        Err(e) => app.fault(e),
    }
}

/// The buttons under the register, in order.
pub const BUTTONS: [Action; 3] = [Action::Export, Action::Add, Action::KeepSuggestion];

pub fn update(app: &mut App, action: Action) {
    let Some(s) = view!(app, Register) else {
        return;
    };
    let len = s.refs.len();
    match action {
        Action::Back => return app.back(),
        Action::Export | Action::Save | Action::Pick { zone: 1, index: 0 } => return export(app),
        Action::Add | Action::Pick { zone: 1, index: 1 } => {
            return super::opinion::open_new(app);
        }
        Action::KeepSuggestion | Action::Pick { zone: 1, index: 2 } => return toggle_kept(app),
        Action::NextTab | Action::PrevTab | Action::Pick { zone: 2, .. } => {
            let i = RegisterKind::ALL
                .iter()
                .position(|k| *k == s.kind)
                .unwrap_or(0);
            let j = match action {
                Action::Pick { index, .. } => (index as usize).min(2),
                Action::NextTab => (i + 1) % 3,
                _ => (i + 2) % 3,
            };
            let kind = RegisterKind::ALL[j];
            s.kind = kind;
            s.selected = 0;
            let opts = with_any(app, state_options(app, kind));
            let label = state_label(app, kind);
            if let Some(s) = view!(app, Register) {
                s.filters.set_options("state", opts);
                if let Some(f) = s.filters.items.iter_mut().find(|f| f.key == "state") {
                    f.label = label;
                }
            }
            return super::reload_current(app);
        }
        Action::Refresh => return super::reload_current(app),
        Action::Pick { zone: 0, index } if (index as usize) < len => {
            let again = s.table_focus && s.selected == index as usize;
            s.table_focus = true;
            s.selected = index as usize;
            if again {
                open_row(app);
            }
            return;
        }
        Action::Pick { zone: 4, index } => {
            // A tap on a filter: the focus goes there (a second tap changes a choice).
            let was_table = s.table_focus;
            s.table_focus = false;
            if was_table {
                s.filters.focus = (index as usize).min(s.filters.items.len() - 1);
                return;
            }
            if let Handled::Changed(_) = s.filters.handle(Action::Pick { zone: 0, index }) {
                s.filters.clear_errors();
                super::reload_current(app);
            }
            return;
        }
        _ => {}
    }
    if s.table_focus {
        match action {
            Action::Up | Action::ScrollUp => s.selected = s.selected.saturating_sub(1),
            Action::Down | Action::ScrollDown => {
                s.selected = (s.selected + 1).min(len.saturating_sub(1))
            }
            Action::PageUp => s.selected = s.selected.saturating_sub(10),
            Action::PageDown => s.selected = (s.selected + 10).min(len.saturating_sub(1)),
            Action::First => s.selected = 0,
            Action::Last => s.selected = len.saturating_sub(1),
            Action::NextFocus => {
                s.table_focus = false;
                s.filters.focus = 0;
            }
            Action::PrevFocus => {
                s.table_focus = false;
                s.filters.focus = s.filters.items.len() - 1;
            }
            Action::Select => open_row(app),
            _ => {}
        }
        return;
    }
    let last = s.filters.items.len() - 1;
    match action {
        Action::NextFocus if s.filters.focus == last => s.table_focus = true,
        Action::PrevFocus if s.filters.focus == 0 => s.table_focus = true,
        a => {
            if let Handled::Changed(_) = s.filters.handle(a) {
                s.filters.clear_errors();
                super::reload_current(app);
            }
        }
    }
}

fn open_row(app: &mut App) {
    let Some(s) = view!(app, Register) else {
        return;
    };
    if let Some(id) = s.refs.get(s.selected).and_then(|r| r.complaint) {
        super::detail::open(app, id);
    }
}

fn toggle_kept(app: &mut App) {
    let staff = staff_id(app);
    let Some(s) = view!(app, Register) else {
        return;
    };
    let Some(r) = s.refs.get(s.selected).copied() else {
        return;
    };
    let Some(id) = r.opinion else {
        let msg = app.t("complaints.keep_opinions_only").to_string();
        return app.error(msg);
    };
    match opinions::set_worth_keeping(&mut app.env.conn, id, !r.worth_keeping, staff) {
        Ok(()) => {
            super::reload_current(app);
            let msg = app
                .t(if r.worth_keeping {
                    "complaints.unkept"
                } else {
                    "complaints.kept"
                })
                .to_string();
            app.info(msg);
        }
        Err(e) => app.fault(e),
    }
}

/// Where the app writes an export: `exports/` beside the shop database.
fn export_dir(app: &App) -> PathBuf {
    app.env
        .conn
        .path()
        .filter(|p| !p.is_empty())
        .and_then(|p| std::path::Path::new(p).parent().map(|d| d.join("exports")))
        .unwrap_or_else(|| PathBuf::from("exports"))
}

fn export(app: &mut App) {
    let Some(s) = view!(app, Register) else {
        return;
    };
    let kind = s.kind;
    let Some(mut f) = s.filter(&app.env.locale) else {
        return;
    };
    f.limit = None;
    let dir = export_dir(app);
    let today = app.today();
    let name = format!(
        "{}-{}-{}.csv",
        kind.id(),
        f.from
            .map(|d| d.to_string())
            .unwrap_or_else(|| "start".into()),
        f.to.unwrap_or(today)
    );
    let path = dir.join(name);
    let result = (|| -> Result<usize> {
        let out = std::io::BufWriter::new(crate::shop_files::create(&path)?);
        let loc = &app.env.locale;
        let conn = &app.env.conn;
        match kind {
            RegisterKind::Complaints => ex::export_complaints(conn, loc, &f, out),
            RegisterKind::Surveys => {
                ex::export_surveys(conn, loc, &app.env.policy.service.questions, &f, out)
            }
            RegisterKind::Opinions => ex::export_opinions(conn, loc, &f, out),
        }
    })();
    match result {
        Ok(n) => {
            let msg = app.env.locale.f(
                "complaints.exported",
                &[("n", &n.to_string()), ("path", &path.display().to_string())],
            );
            app.info(msg);
        }
        Err(e) => app.fault(e),
    }
}
