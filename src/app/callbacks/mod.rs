//! The callbacks screen: the open tasks (overdue, today, coming), filtered
//! by kind and, for a manager, by associate, with reassignment; the contact
//! log; and the form where one task is worked ([`work`]).

pub mod follow_ups;
pub mod practice;
mod seed;
pub mod work;
mod work_draft;
mod worked;

use anyhow::Result;

use super::{Action, App, Ctx, Effect, HitMap, View, cursor};
use crate::domain::staff::Role;
use crate::domain::tasks::KINDS;
use crate::keymap::Context;
use crate::store::staff::Staff;
use crate::store::tasks::{self, ContactRow, Counts, Filter, LogOf, OpenTask};

/// Rows read per list; the screen shows as many as fit.
pub const ROWS: usize = 200;

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
    /// The campaign running, whose target group's tasks come first.
    pub campaign: Option<crate::store::campaigns::Kind>,
    /// Whether the one signed in is a manager (who sees everyone's tasks).
    pub manager: bool,
}

/// What a tap on the callbacks lands on (the filter buttons are their actions).
pub enum Tap {
    Tab(Tab),
    /// A row of the list on show, counted in reading order; again: opens it.
    Row(usize),
    /// An associate in the reassign picker.
    Picked(usize),
}

impl ListState {
    pub fn new(cx: &Ctx) -> Result<ListState> {
        // A manager may look at, and give tasks to, any active member of staff.
        let manager = cx.is_manager();
        let staff = if manager {
            crate::store::staff::list(&cx.env.conn)?
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
            campaign: None,
            manager,
        };
        s.read(cx)?;
        Ok(s)
    }

    pub fn kind(&self) -> Option<&'static str> {
        self.kind.checked_sub(1).map(|i| KINDS[i])
    }

    /// The associate whose tasks or log are shown; None = everyone's tasks.
    pub fn who(&self, me: Option<i64>) -> Option<i64> {
        match self.staff_at.checked_sub(1) {
            Some(i) => self.staff.get(i).map(|s| s.id),
            None if self.manager => None,
            None => me,
        }
    }

    /// Reads the lists again, keeping the tab, the filters and (as far as
    /// the list still reaches) the selection.
    pub fn read(&mut self, cx: &Ctx) -> Result<()> {
        let me = cx.user_id();
        let who = self.who(me);
        let f = filter_in(cx.env, who, self.kind())?;
        let conn = &cx.env.conn;
        self.tasks = tasks::open(conn, &f, ROWS)?;
        self.counts = tasks::counts(conn, &f)?;
        self.campaign = crate::store::campaigns::active(conn, cx.env.now().date())?.map(|c| c.kind);
        let of = LogOf::Staff(who.unwrap_or(me.unwrap_or_default()));
        self.log = tasks::contacts(conn, of, ROWS)?;
        self.log_count = tasks::contact_count(conn, of)?;
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

/// F5 (home, callbacks): the tasks the shop owes are made on the saving
/// worker, since making them writes (a write lock held elsewhere never
/// freezes the screen); when new ones were made, the screen says how many
/// and reads itself again. Cheap when nothing is new.
pub fn make_tasks(cx: &mut Ctx) {
    let today = cx.today();
    let policy = cx.env.policy.clone();
    cx.later(move |app| {
        app.queue_save(
            move |conn| tasks::generate(conn, today, &policy).map(|s| s.made()),
            |app, made| match made {
                Ok(0) => {}
                Ok(n) => {
                    let msg = app.env.locale.f("tasks.made", &[("n", &n.to_string())]);
                    app.info(msg);
                    app.reload_view();
                }
                Err(e) => app.fault(e),
            },
        )
    });
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

/// Opens the callbacks (from anywhere, as a main screen).
pub fn open(cx: &mut Ctx) -> Effect {
    match ListState::new(cx) {
        Ok(s) => Effect::Open(Box::new(s)),
        Err(e) => Effect::Fault(e),
    }
}

pub fn open_screen(app: &mut App) {
    let effect = app.with_ctx(open);
    app.apply(effect);
}

impl View for ListState {
    fn changed_elsewhere(&mut self, cx: &mut Ctx) -> anyhow::Result<()> {
        View::reload(self, cx)
    }

    fn contexts(&self) -> Vec<Context> {
        vec![Context::Callbacks]
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![
            Action::Select,
            Action::NextTab,
            Action::FilterKind,
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
        crate::ui::callbacks::draw_list(frame, area, app, self, hits)
    }

    fn reload(&mut self, cx: &mut Ctx) -> Result<()> {
        self.read(cx)
    }

    fn tap(&mut self, target: &dyn std::any::Any, cx: &mut Ctx) -> Effect {
        match target.downcast_ref::<Tap>() {
            Some(Tap::Picked(i)) => match &mut self.picker {
                Some(p) if *i < p.staff.len() => {
                    p.at = *i;
                    self.reassign(cx)
                }
                _ => Effect::None,
            },
            Some(Tap::Tab(tab)) if self.picker.is_none() => {
                self.tab = *tab;
                self.selected = 0;
                Effect::None
            }
            Some(Tap::Row(i)) if self.picker.is_none() && *i < self.len() => {
                let again = self.selected == *i;
                self.selected = *i;
                if again {
                    self.open_selected(cx)
                } else {
                    Effect::None
                }
            }
            _ => Effect::None,
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        if self.picker.is_some() {
            return self.update_picker(action, cx);
        }
        let len = self.len();
        let reread = match action {
            a if cursor::move_in_list(&mut self.selected, len, &a) => false,
            Action::NextTab | Action::PrevTab => {
                self.tab = match self.tab {
                    Tab::Tasks => Tab::Log,
                    Tab::Log => Tab::Tasks,
                };
                self.selected = 0;
                false
            }
            Action::FilterKind if self.tab == Tab::Tasks => {
                self.kind = (self.kind + 1) % (KINDS.len() + 1);
                true
            }
            Action::FilterStaff if !self.staff.is_empty() => {
                self.staff_at = (self.staff_at + 1) % (self.staff.len() + 1);
                true
            }
            Action::Select => return self.open_selected(cx),
            Action::Reassign
                if self.tab == Tab::Tasks && !self.staff.is_empty() && !self.tasks.is_empty() =>
            {
                let owner = self.tasks.get(self.selected).and_then(|t| t.staff_id);
                let at = self
                    .staff
                    .iter()
                    .position(|x| Some(x.id) == owner)
                    .unwrap_or(0);
                self.picker = Some(Picker {
                    staff: self.staff.clone(),
                    at,
                });
                false
            }
            Action::Refresh => {
                make_tasks(cx);
                true
            }
            Action::Back => return Effect::Back,
            _ => false,
        };
        if reread {
            return Effect::from_result(self.read(cx));
        }
        Effect::None
    }
}

impl ListState {
    /// Keys while the reassign picker is open.
    fn update_picker(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let Some(p) = &mut self.picker else {
            return Effect::None;
        };
        match action {
            a if cursor::move_in_list(&mut p.at, p.staff.len(), &a) => {}
            Action::Back => self.picker = None,
            Action::Select => return self.reassign(cx),
            _ => {}
        }
        Effect::None
    }

    fn open_selected(&self, cx: &mut Ctx) -> Effect {
        match self.tab {
            Tab::Tasks => match self.tasks.get(self.selected) {
                Some(t) => work::open(cx, t.id),
                None => Effect::None,
            },
            Tab::Log => match self.log.get(self.selected) {
                Some(c) => super::file::open_file(cx, c.customer_id),
                None => Effect::None,
            },
        }
    }

    /// Gives the selected task to the associate picked, off the screen's
    /// thread; then the list is read again and says so.
    fn reassign(&mut self, cx: &mut Ctx) -> Effect {
        let Some(p) = self.picker.take() else {
            return Effect::None;
        };
        let (Some(t), Some(to)) = (self.tasks.get(self.selected), p.staff.get(p.at)) else {
            return Effect::None;
        };
        let (id, version, to_id, name) = (t.id, t.version, to.id, to.name.clone());
        let by = cx.user_id().unwrap_or_default();
        let now = utc_now(cx);
        cx.save(
            move |conn| tasks::reassign(conn, id, version, to_id, by, &now),
            move |app, result| {
                let loc = &app.env.locale;
                let (msg, error) = match result {
                    Ok(()) => (loc.f("tasks.reassigned", &[("name", &name)]), false),
                    Err(tasks::WorkError::Conflict { by, at }) => (
                        loc.f("tasks.conflict", &[("by", &by), ("at", &local_time(&at))]),
                        true,
                    ),
                    Err(tasks::WorkError::Db(e)) => return app.fault(e),
                    Err(_) => (loc.t("tasks.gone").to_string(), true),
                };
                app.on_view_as::<ListState>(|s, cx| Effect::from_result(s.read(cx)));
                if error { app.error(msg) } else { app.info(msg) }
            },
        );
        Effect::None
    }
}

/// The app's clock now, in UTC, as stored (RFC 3339, seconds).
pub fn utc_now(cx: &Ctx) -> String {
    use chrono::{Local, TimeZone, Utc};
    let local = cx.now();
    Local
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
