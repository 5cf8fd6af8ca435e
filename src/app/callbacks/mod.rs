//! The callbacks screen: the open tasks (overdue, today, coming), filtered
//! by kind and, for a manager, by associate, with reassignment; the contact
//! log; and the form where one task is worked ([`work`]).

pub mod work;

use anyhow::Result;

use super::{Action, App, Screen};
use crate::domain::staff::Role;
use crate::domain::tasks::KINDS;
use crate::store::staff::Staff;
use crate::store::tasks::{self, ContactRow, Counts, Filter, LogOf, OpenTask};

/// Rows read per list; the screen shows as many as fit.
pub const ROWS: usize = 200;

pub enum View {
    List(Box<ListState>),
    Work(Box<work::WorkForm>),
}

impl View {
    pub fn contexts(&self) -> Vec<crate::keymap::Context> {
        use crate::keymap::Context;
        match self {
            View::List(_) => vec![Context::Callbacks],
            View::Work(w) if w.focused_is_text() => vec![Context::Text, Context::Callback],
            View::Work(_) => vec![Context::Callback],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Tasks,
    Log,
}

/// The manager's choice of associate for reassignment.
pub struct Picker {
    pub staff: Vec<Staff>,
    pub at: usize,
}

pub struct ListState {
    pub tab: Tab,
    pub tasks: Vec<OpenTask>,
    pub counts: Counts,
    pub log: Vec<ContactRow>,
    pub log_count: i64,
    /// 0 = all kinds, else KINDS[i - 1].
    pub kind: usize,
    /// The associates a manager may look at; empty for an associate.
    pub staff: Vec<Staff>,
    /// 0 = everyone (tasks) or oneself (log), else staff[i - 1].
    pub staff_at: usize,
    pub selected: usize,
    pub picker: Option<Picker>,
}

impl ListState {
    pub fn new(app: &App) -> Result<ListState> {
        // A manager may look at, and give tasks to, any active member of staff.
        let staff = if app.is_manager() {
            crate::store::staff::list(&app.env.conn)?
        } else {
            Vec::new()
        };
        let mut s = ListState {
            tab: Tab::Tasks,
            tasks: Vec::new(),
            counts: Counts::default(),
            log: Vec::new(),
            log_count: 0,
            kind: 0,
            staff,
            staff_at: 0,
            selected: 0,
            picker: None,
        };
        s.reload(app)?;
        Ok(s)
    }

    pub fn kind(&self) -> Option<&'static str> {
        self.kind.checked_sub(1).map(|i| KINDS[i])
    }

    /// The associate whose tasks or log are shown; None = everyone's tasks.
    pub fn who(&self, app: &App) -> Option<i64> {
        match self.staff_at.checked_sub(1) {
            Some(i) => self.staff.get(i).map(|s| s.id),
            None if app.is_manager() => None,
            None => app.user.as_ref().map(|u| u.id),
        }
    }

    pub fn reload(&mut self, app: &App) -> Result<()> {
        let who = self.who(app);
        let f = filter(app, who, self.kind())?;
        self.tasks = tasks::open(&app.env.conn, &f, ROWS)?;
        self.counts = tasks::counts(&app.env.conn, &f)?;
        let me = app.user.as_ref().map(|u| u.id).unwrap_or_default();
        let of = LogOf::Staff(who.unwrap_or(me));
        self.log = tasks::contacts(&app.env.conn, of, ROWS)?;
        self.log_count = tasks::contact_count(&app.env.conn, of)?;
        self.selected = self.selected.min(self.len().saturating_sub(1));
        Ok(())
    }

    pub fn len(&self) -> usize {
        match self.tab {
            Tab::Tasks => self.tasks.len(),
            Tab::Log => self.log.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The open tasks an associate sees (their own) or a manager (all, or one
/// associate's), due up to the policy's coming days.
pub fn filter<'a>(app: &App, staff: Option<i64>, kind: Option<&'a str>) -> Result<Filter<'a>> {
    filter_in(&app.env, staff, kind)
}

/// [`filter`] from the app's environment (what a screen's context holds).
pub fn filter_in<'a>(
    env: &super::Env,
    staff: Option<i64>,
    kind: Option<&'a str>,
) -> Result<Filter<'a>> {
    Ok(Filter {
        staff,
        kind,
        today: env.now().date(),
        coming_days: env.policy.callbacks.coming_days,
        first: campaign_first(env)?,
    })
}

/// While a "new customer month" or "old customer month" runs, its target
/// group's tasks come first (DOMAIN §3 maintenance months).
fn campaign_first(env: &super::Env) -> Result<Option<String>> {
    use crate::store::campaigns;
    Ok(campaigns::active(&env.conn, env.now().date())?
        .map(|c| campaigns::target_sql(c.kind).replace(":campaign", &c.id.to_string())))
}

/// The home pane: the count of open tasks and the first rows.
pub fn pane(
    env: &super::Env,
    staff: Option<i64>,
    limit: usize,
) -> Result<crate::store::home::Pane<OpenTask>> {
    let f = filter_in(env, staff, None)?;
    Ok(crate::store::home::Pane {
        count: tasks::counts(&env.conn, &f)?.total(),
        rows: tasks::open(&env.conn, &f, limit)?,
    })
}

/// The signed-in associate's own tasks, or None for a manager (all).
pub fn own(app: &App) -> Option<i64> {
    app.user
        .as_ref()
        .filter(|u| u.role == Role::Associate)
        .map(|u| u.id)
}

/// Makes the tasks the shop owes (at sign-in and on F5); cheap when nothing
/// is new. Returns how many were made.
pub fn generate(app: &mut App) -> usize {
    let today = app.today();
    match tasks::generate(&mut app.env.conn, today, &app.env.policy) {
        Ok(s) => s.made(),
        Err(e) => {
            app.fault(e);
            0
        }
    }
}

/// F5: new tasks made, said so when there are any.
pub fn refresh(app: &mut App) {
    let n = generate(app);
    if n > 0 {
        let msg = app.env.locale.f("tasks.made", &[("n", &n.to_string())]);
        app.info(msg);
    }
}

/// The name of a task kind or contact outcome (`tasks.kind.*`,
/// `tasks.outcome.*`); a word from elsewhere shows as stored.
pub fn word(app: &App, table: &str, id: &str) -> String {
    let key = format!("tasks.{table}.{id}");
    if app.env.locale.has(&key) {
        app.t(&key).to_string()
    } else {
        id.to_string()
    }
}

/// A stored UTC time in the shop's local time, for messages.
pub fn local_time(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| at.to_string())
}

pub fn open_screen(app: &mut App) {
    match ListState::new(app) {
        Ok(s) => app.open(Screen::Callbacks(Box::new(View::List(Box::new(s))))),
        Err(e) => app.fault(e),
    }
}

pub fn reload(v: &mut View, app: &App) -> Result<()> {
    match v {
        View::List(s) => s.reload(app),
        View::Work(_) => Ok(()),
    }
}

pub fn paste(app: &mut App, text: &str) {
    work::paste(app, text);
}

pub fn update(app: &mut App, action: Action) {
    let Screen::Callbacks(v) = &mut app.screen else {
        return;
    };
    let s = match v.as_mut() {
        View::Work(_) => return work::update(app, action),
        View::List(s) => s,
    };
    if let Some(p) = &mut s.picker {
        let n = p.staff.len();
        match action {
            Action::Up | Action::ScrollUp => p.at = p.at.saturating_sub(1),
            Action::Down | Action::ScrollDown => p.at = (p.at + 1).min(n.saturating_sub(1)),
            Action::Back => s.picker = None,
            Action::Pick { zone: 9, index } if (index as usize) < n => {
                p.at = index as usize;
                reassign(app);
            }
            Action::Select => reassign(app),
            _ => {}
        }
        return;
    }
    let len = s.len();
    let sel = &mut s.selected;
    let mut reread = false;
    match action {
        Action::Up | Action::ScrollUp => *sel = sel.saturating_sub(1),
        Action::Down | Action::ScrollDown => *sel = (*sel + 1).min(len.saturating_sub(1)),
        Action::PageUp => *sel = sel.saturating_sub(10),
        Action::PageDown => *sel = (*sel + 10).min(len.saturating_sub(1)),
        Action::First => *sel = 0,
        Action::Last => *sel = len.saturating_sub(1),
        Action::NextTab | Action::PrevTab | Action::Pick { zone: 0, .. } => {
            s.tab = match (action, s.tab) {
                (Action::Pick { index: 0, .. }, _) => Tab::Tasks,
                (Action::Pick { .. }, _) => Tab::Log,
                (_, Tab::Tasks) => Tab::Log,
                (_, Tab::Log) => Tab::Tasks,
            };
            s.selected = 0;
        }
        Action::FilterKind if s.tab == Tab::Tasks => {
            s.kind = (s.kind + 1) % (KINDS.len() + 1);
            reread = true;
        }
        Action::FilterStaff if !s.staff.is_empty() => {
            s.staff_at = (s.staff_at + 1) % (s.staff.len() + 1);
            reread = true;
        }
        Action::Pick { zone: 1, index } if (index as usize) < len => {
            let again = *sel == index as usize;
            *sel = index as usize;
            if again {
                open_selected(app);
            }
        }
        Action::Select => open_selected(app),
        Action::Reassign if s.tab == Tab::Tasks && !s.staff.is_empty() && !s.tasks.is_empty() => {
            let owner = s.tasks.get(s.selected).and_then(|t| t.staff_id);
            let at = s
                .staff
                .iter()
                .position(|x| Some(x.id) == owner)
                .unwrap_or(0);
            s.picker = Some(Picker {
                staff: s.staff.clone(),
                at,
            });
        }
        Action::Refresh => {
            refresh(app);
            reread = true;
        }
        Action::Back => return app.back(),
        _ => {}
    }
    if reread {
        reload_current(app);
    }
}

fn reload_current(app: &mut App) {
    let mut screen = std::mem::replace(
        &mut app.screen,
        Screen::View(Box::<super::home::HomeState>::default()),
    );
    let r = match &mut screen {
        Screen::Callbacks(v) => reload(v, app),
        _ => Ok(()),
    };
    app.screen = screen;
    if let Err(e) = r {
        app.fault(e);
    }
}

fn open_selected(app: &mut App) {
    let Screen::Callbacks(v) = &app.screen else {
        return;
    };
    let View::List(s) = v.as_ref() else { return };
    match s.tab {
        Tab::Tasks => {
            if let Some(t) = s.tasks.get(s.selected) {
                work::open(app, t.id);
            }
        }
        Tab::Log => {
            if let Some(c) = s.log.get(s.selected) {
                super::file::open(app, c.customer_id);
            }
        }
    }
}

fn reassign(app: &mut App) {
    let Screen::Callbacks(v) = &mut app.screen else {
        return;
    };
    let View::List(s) = v.as_mut() else { return };
    let Some(p) = s.picker.take() else { return };
    let (Some(t), Some(to)) = (s.tasks.get(s.selected), p.staff.get(p.at)) else {
        return;
    };
    let (id, version, to_id, name) = (t.id, t.version, to.id, to.name.clone());
    let by = app.user.as_ref().map(|u| u.id).unwrap_or_default();
    let now =
        crate::app::complaints::now_utc(app).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    match tasks::reassign(&mut app.env.conn, id, version, to_id, by, &now) {
        Ok(()) => {
            let msg = app.env.locale.f("tasks.reassigned", &[("name", &name)]);
            reload_current(app);
            app.info(msg);
        }
        Err(tasks::WorkError::Conflict { by, at }) => {
            let msg = app
                .env
                .locale
                .f("tasks.conflict", &[("by", &by), ("at", &local_time(&at))]);
            reload_current(app);
            app.error(msg);
        }
        Err(tasks::WorkError::Db(e)) => app.fault(e),
        Err(_) => {
            let msg = app.t("tasks.gone").to_string();
            reload_current(app);
            app.error(msg);
        }
    }
}
