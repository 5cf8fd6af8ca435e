//! The running app: state, actions, update, screens and their focus.
//!
//! A key press travels one way: terminal event → key map → [`Action`] →
//! [`App::update`] → store and domain → new state → `ui::draw(&App)`.

pub mod access;
pub mod action;
pub mod autosave;
pub mod board;
pub mod callbacks;
pub mod catalogue;
pub mod catalogue_edit;
pub mod complaints;
pub mod confirm;
pub mod cursor;
pub mod customers;
pub mod desk;
pub mod dialog;
pub mod fault;
pub mod file;
pub mod form;
pub mod greetings;
pub mod home;
pub mod input;
pub mod quality;
pub mod repair_form;
pub mod returns;
pub mod returns_routed;
pub mod saver;
pub mod session;
pub mod signin;
pub mod staff;
pub mod view;
pub mod vip;
pub mod vip_card;
pub mod vip_edit;
pub mod vip_forms;
pub mod visit;
pub mod visits;

use chrono::{Local, NaiveDate, NaiveDateTime};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use rusqlite::Connection;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use action::Action;
pub use dialog::{Dialog, DialogKind, Overlay};
pub use view::{Ctx, DraftOf, Effect, HitMap, View};

use crate::i18n::Locale;
use crate::keymap::{Context, KeyMap};
use crate::shop_data::policy::Policy;
use crate::shop_data::visit_flow::{Flow, VisitData};
use crate::store::drafts;
use crate::store::staff::Staff;

/// What kind of shop this is, shown in the status bar (and as a banner in training).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Shop,
    Demo,
    Training,
}

/// The clock: the system's, or a fixed one for tests and training.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(NaiveDateTime),
}

/// What the app works with: the database, the data files, the key map.
pub struct Env {
    pub conn: Connection,
    pub policy: Policy,
    pub locale: Locale,
    pub keymap: KeyMap,
    pub mode: Mode,
    pub idle_lock: Duration,
    pub clock: Clock,
    /// The words of after-sale decisions.
    pub reasons: crate::shop_data::reasons::Reasons,
    /// Where goods receipts are written.
    pub receipts_dir: std::path::PathBuf,
}

impl Env {
    /// The app's clock: the system's, or the fixed one.
    pub fn now(&self) -> NaiveDateTime {
        match self.clock {
            Clock::System => Local::now().naive_local(),
            Clock::Fixed(t) => t,
        }
    }
}

pub enum Screen {
    File(Box<file::FileState>),
    Form(form::FormState),
    /// Complaints, surveys, the registers and the figures.
    Complaints(Box<complaints::View>),
    Desk(desk::DeskState),
    Job(Box<desk::JobState>),
    Return(Box<returns::ReturnState>),
    Repair(Box<repair_form::RepairForm>),
    /// The callbacks and the contact log, or one task being worked.
    Callbacks(Box<callbacks::View>),
    /// A screen in the one shape every screen is moving to (see [`view`]).
    View(Box<dyn View>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub env: Env,
    pub shop_name: String,
    pub user: Option<Staff>,
    pub screen: Screen,
    history: Vec<Screen>,
    pub overlay: Option<Overlay>,
    pub flash: Option<Flash>,
    /// A database fault and what to do about it: shown above every screen
    /// until the app is closed (see [`fault`]).
    pub db_fault: Option<String>,
    /// Urgent and escalated complaints the manager has not seen (the banner).
    pub alerts: complaints::Alerts,
    last_input: Instant,
    last_draft_save: Instant,
    pub quit: bool,
    /// The visit flow and training cards from `data/`.
    pub visit_data: Arc<VisitData>,
    /// Training: the file where trainees' scorecards are kept.
    pub training_scores: Option<PathBuf>,
    /// The receipt printer from the config file, if the shop has one.
    pub printer: Option<crate::printing::PrinterConfig>,
    /// The greetings calendar, rules and message library from `data/`.
    pub greetings: Arc<crate::shop_data::greetings::GreetingData>,
    /// Text for the tablet's clipboard, written out (OSC 52) after the next draw.
    pub clipboard: Option<String>,
    /// The worker that saves drafts off this thread (none in tests on an
    /// in-memory database: they save in place).
    pub autosave: Option<autosave::Autosave>,
    /// The worker that runs forms' saves off this thread (none in tests on
    /// an in-memory database: they save in place).
    pub saver: Option<saver::Saver>,
    /// The last `PRAGMA data_version` seen, to notice other processes' commits.
    data_version: Option<i64>,
    /// When the last key or paste arrived, to tell a scanner's burst.
    last_key_at: Option<Instant>,
    /// Whether that key was a digit or Enter (a scanner sends only those).
    last_was_scan_key: bool,
    /// Set by the terminal loop: this event was already waiting behind the
    /// previous one (they arrived together).
    pub input_queued: bool,
    /// Work a screen queued for after its update (see [`view::Ctx`]).
    later: Vec<view::Later>,
    /// Where the last drawing put each tap target.
    pub hits: std::cell::RefCell<HitMap>,
}

/// The draft kind of a customer form.
pub const CUSTOMER_FORM: &str = "customer_form";

impl App {
    /// A new app on an open shop database: the first-run set-up when the
    /// shop has no name yet, else the sign-in screen.
    pub fn new(env: Env) -> anyhow::Result<App> {
        // Tests and tools: the data files from `AFTERCARE_HOME` or the
        // built-in copies. The app itself passes what it loaded at start.
        let home = std::env::var_os("AFTERCARE_HOME").map(PathBuf::from);
        let files = crate::shop_data::files::Files::locate(home.as_deref());
        let greetings = crate::shop_data::greetings::GreetingData::load(
            &files,
            env.policy.greetings.birthday_window_days,
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        let visit_data = VisitData::load(&files).map_err(|e| anyhow::anyhow!("{}", e[0]))?;
        App::with_data(env, Arc::new(visit_data), Arc::new(greetings))
    }

    /// A new app with the data files loaded once at start.
    pub fn with_data(
        env: Env,
        visit_data: Arc<VisitData>,
        greetings: Arc<crate::shop_data::greetings::GreetingData>,
    ) -> anyhow::Result<App> {
        if let Clock::Fixed(t) = env.clock {
            crate::store::fix_clock(Some(t));
        }
        let shop = crate::store::shop::name(&env.conn)?;
        let screen = match &shop {
            None => Screen::View(Box::<signin::SetupState>::default()),
            Some(_) => Screen::View(Box::new(signin::SignInState::load(&env.conn, None)?)),
        };
        Ok(App {
            env,
            shop_name: shop.unwrap_or_default(),
            user: None,
            screen,
            history: Vec::new(),
            overlay: None,
            flash: None,
            db_fault: None,
            alerts: complaints::Alerts::default(),
            last_input: Instant::now(),
            last_draft_save: Instant::now(),
            quit: false,
            visit_data,
            training_scores: None,
            printer: None,
            greetings,
            clipboard: None,
            autosave: None,
            saver: None,
            data_version: None,
            last_key_at: None,
            last_was_scan_key: false,
            input_queued: false,
            later: Vec::new(),
            hits: Default::default(),
        })
    }

    /// The visit flow in the language on screen.
    pub fn flow(&self) -> &Flow {
        self.visit_data.flow(&self.env.locale.lang)
    }

    pub fn go_home(&mut self) {
        self.go(Action::Home);
    }

    pub fn now(&self) -> NaiveDateTime {
        self.env.now()
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }

    pub fn t(&self, key: &str) -> &str {
        self.env.locale.t(key)
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.flash = Some(Flash {
            text: text.into(),
            error: false,
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.flash = Some(Flash {
            text: text.into(),
            error: true,
        });
    }

    pub fn is_manager(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role.may_erase())
    }

    /// The key map contexts in force, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        match &self.overlay {
            Some(Overlay::Help) => return vec![Context::Dialog],
            Some(Overlay::Dialog(d)) => {
                return if d.reason.is_some() {
                    vec![Context::Text, Context::Dialog]
                } else {
                    vec![Context::Dialog]
                };
            }
            None => {}
        }
        self.screen_contexts()
    }

    /// The contexts of the screen itself, whatever lies over it.
    pub fn screen_contexts(&self) -> Vec<Context> {
        match &self.screen {
            Screen::File(_) => vec![Context::CustomerFile],
            Screen::Form(f) if f.focused_is_text() => vec![Context::Text, Context::Form],
            Screen::Form(_) => vec![Context::Form],
            Screen::Complaints(v) => v.contexts(),
            Screen::Desk(_) => vec![Context::Desk],
            Screen::Job(j) if j.focus_is_text() => vec![Context::Text, Context::Job],
            Screen::Job(_) => vec![Context::Job],
            Screen::Return(r) if r.finding() => vec![Context::Text, Context::Returns],
            Screen::Return(_) => vec![Context::Returns, Context::Form],
            Screen::Repair(f) if f.focused().is_text() => vec![Context::Text, Context::Form],
            Screen::Repair(_) => vec![Context::Form],
            Screen::Callbacks(v) => v.contexts(),
            Screen::View(v) => v.contexts(),
        }
    }

    /// A key from the terminal: the text context's own keys first, then
    /// typing, then the screen's keys, then the global ones.
    pub fn on_key(&mut self, ev: KeyEvent) {
        if ev.kind == KeyEventKind::Release {
            return;
        }
        let printable = match ev.code {
            KeyCode::Char(c)
                if !ev
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(c)
            }
            _ => None,
        };
        let contexts = self.contexts();
        if self.scanner_burst(&ev, &contexts) {
            return;
        }
        let rest: &[Context] = if contexts.first() == Some(&Context::Text) {
            if let Some(a) = self.env.keymap.resolve_only(Context::Text, &ev) {
                return self.update(a);
            }
            if let Some(c) = printable {
                return self.update(Action::Type(c));
            }
            &contexts[1..]
        } else {
            &contexts[..]
        };
        if let Some(a) = self.env.keymap.resolve(rest, &ev) {
            self.update(a);
        } else if let Some(c) = printable {
            self.update(Action::Type(c));
        }
    }

    /// Pasted text goes to the focused text field, cleaned.
    pub fn on_paste(&mut self, text: &str) {
        self.last_input = Instant::now();
        self.last_key_at = Some(self.last_input);
        self.last_was_scan_key = false;
        if let Some(Overlay::Dialog(d)) = &mut self.overlay {
            if let Some(r) = &mut d.reason {
                r.paste(text);
            }
            return;
        }
        match &mut self.screen {
            Screen::Form(f) => f.paste(text),
            Screen::Complaints(_) => complaints::paste(self, text),
            Screen::Callbacks(_) => callbacks::paste(self, text),
            Screen::View(_) => self.on_view(|v, cx| v.paste(text, cx)),
            _ => {}
        }
    }

    pub fn update(&mut self, action: Action) {
        if !matches!(action, Action::Tick | Action::Resize) {
            self.last_input = Instant::now();
            if !matches!(action, Action::Type(_)) || self.flash.as_ref().is_some_and(|f| !f.error) {
                self.flash = None;
            }
        }
        if action == Action::Tick {
            return self.tick();
        }
        // Every action re-reads who is acting: a deactivated person's
        // session ends here, before anything is done on their behalf.
        if action != Action::Resize && !self.recheck_user() {
            return;
        }
        if self.overlay.is_some() {
            return self.update_overlay(action);
        }
        match action {
            Action::Quit => return self.quit_app(),
            Action::Help => {
                self.overlay = Some(Overlay::Help);
                return;
            }
            Action::Lock if self.user.is_some() => return self.lock(),
            // On top of the screen it was asked from (home or staff), to go back to.
            Action::Board if self.user.is_some() && !self.screen.is::<board::BoardState>() => {
                return board::open(self);
            }
            Action::Catalogue
                if self.user.is_some() && !self.screen.is::<catalogue::CatalogueState>() =>
            {
                if self.leaving_dirty_form(action) {
                    return;
                }
                let effect = self.with_ctx(catalogue::open);
                return self.apply(effect);
            }
            Action::ServiceChecks if self.user.is_some() && !quality::on_screen(&self.screen) => {
                let effect = self.with_ctx(quality::open_checks);
                return self.apply(effect);
            }
            Action::Home
            | Action::Customers
            | Action::NewCustomer
            | Action::Staff
            | Action::Complaints
            | Action::NewVisit
            | Action::OpenVisits
            | Action::VisitStats
            | Action::Desk
            | Action::Callbacks
            | Action::Greetings
            | Action::Vip
                if self.user.is_some() =>
            {
                if self.leaving_dirty_form(action) {
                    return;
                }
                return self.go(action);
            }
            _ => {}
        }
        match &self.screen {
            Screen::File(_) => file::update(self, action),
            Screen::Form(_) => form::update(self, action),
            Screen::Complaints(_) => complaints::update(self, action),
            Screen::Desk(_) => desk::update(self, action),
            Screen::Job(_) => desk::update_job(self, action),
            Screen::Return(_) => returns::update(self, action),
            Screen::Repair(_) => repair_form::update(self, action),
            Screen::Callbacks(_) => callbacks::update(self, action),
            Screen::View(_) => match action {
                Action::TapAt { column, row } => self.tap_at(column, row),
                _ => self.on_view(|v, cx| v.update(action, cx)),
            },
        }
    }

    /// A tap on what the last drawing put at (column, row).
    fn tap_at(&mut self, column: u16, row: u16) {
        let hits = std::mem::take(&mut *self.hits.borrow_mut());
        if let Some(target) = hits.at(column, row) {
            self.on_view(|v, cx| v.tap(target, cx));
        }
        let mut now = self.hits.borrow_mut();
        if now.is_empty() {
            *now = hits;
        }
    }

    /// Asks before a dirty form is left; returns true when it asked.
    fn leaving_dirty_form(&mut self, then: Action) -> bool {
        if let Screen::Form(f) = &self.screen
            && f.dirty
        {
            self.overlay = Some(Overlay::dialog(DialogKind::Discard { then }, 1, None));
            return true;
        }
        if complaints::editing(self) {
            self.overlay = Some(Overlay::dialog(DialogKind::Discard { then }, 1, None));
            return true;
        }
        if let Screen::View(v) = &self.screen
            && v.dirty()
        {
            self.overlay = Some(Overlay::dialog(DialogKind::Discard { then }, 1, None));
            return true;
        }
        false
    }

    /// Goes to one of the main screens from anywhere.
    fn go(&mut self, action: Action) {
        // A visit on screen is saved, and stays open to resume.
        visit::persist_on_leave(self);
        let result = match action {
            Action::Home => self.with_ctx(|cx| home::HomeState::load(cx)).map(|s| {
                self.history.clear();
                self.screen = Screen::View(Box::new(s));
            }),
            Action::Customers => {
                self.history.retain(|s| s.is::<home::HomeState>());
                let s = customers::SearchState::new();
                self.open(Screen::View(Box::new(s)));
                Ok(())
            }
            Action::NewCustomer => {
                self.history
                    .retain(|s| s.is::<home::HomeState>() || s.is::<customers::SearchState>());
                let f = form::FormState::new_customer(&self.env.policy);
                self.open(Screen::Form(f));
                Ok(())
            }
            // The main screens open over home, whatever was between.
            Action::Desk
            | Action::Greetings
            | Action::Vip
            | Action::Staff
            | Action::Complaints
            | Action::Callbacks => {
                self.history.retain(|s| s.is::<home::HomeState>());
                let open: fn(&mut App) = match action {
                    Action::Desk => desk::open,
                    Action::Greetings => |app: &mut App| {
                        let effect = app.with_ctx(greetings::open);
                        app.apply(effect)
                    },
                    Action::Vip => |app: &mut App| {
                        let effect = app.with_ctx(vip::open);
                        app.apply(effect)
                    },
                    Action::Staff => staff::open,
                    Action::Complaints => complaints::open_list,
                    _ => callbacks::open_screen,
                };
                open(self);
                Ok(())
            }
            Action::NewVisit | Action::OpenVisits | Action::VisitStats => {
                self.history.retain(|s| s.is::<home::HomeState>());
                if self.history.is_empty() && !self.screen.is::<home::HomeState>() {
                    match self.with_ctx(|cx| home::HomeState::load(cx)) {
                        Ok(h) => self.screen = Screen::View(Box::new(h)),
                        Err(e) => self.fault(e),
                    }
                } else if !self.screen.is::<home::HomeState>()
                    && let Some(h) = self.history.pop()
                {
                    self.screen = h;
                }
                let effect = self.with_ctx(|cx| match action {
                    Action::NewVisit => visits::new_visit(cx),
                    Action::OpenVisits => visits::open_visits(cx),
                    _ => visits::stats(cx),
                });
                self.apply(effect);
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err(e) = result {
            self.fault(e);
        }
    }

    /// Opens a screen on top of the current one; `back` returns to it.
    pub fn open(&mut self, screen: Screen) {
        let old = std::mem::replace(&mut self.screen, screen);
        if !(old.is::<signin::SignInState>() || old.is::<signin::SetupState>()) {
            self.history.push(old);
        }
    }

    /// Replaces the current screen (a saved form becomes the file it saved).
    pub fn replace(&mut self, screen: Screen) {
        self.screen = screen;
    }

    /// Back to the previous screen, its data read again.
    pub fn back(&mut self) {
        match self.history.pop() {
            Some(mut s) => {
                let refreshed = match &mut s {
                    Screen::File(f) => f.reload(self),
                    Screen::Complaints(v) => complaints::reload(v, self),
                    Screen::Desk(d) => d.reload(self),
                    Screen::Job(j) => j.reload(self),
                    Screen::Callbacks(v) => callbacks::reload(v, self),
                    _ => Ok(()),
                };
                self.screen = s;
                if let Err(e) = refreshed {
                    self.fault(e);
                }
                if let Some(Err(e)) = self.with_view(|v, cx| v.reload(cx)) {
                    self.fault(e);
                }
                self.apply(Effect::None);
            }
            None if self.user.is_some() && !self.screen.is::<home::HomeState>() => {
                self.go(Action::Home)
            }
            None => {}
        }
    }

    /// After a successful sign-in: home, and any draft offered back.
    pub fn signed_in(&mut self, staff: Staff) {
        self.user = Some(staff.clone());
        self.history.clear();
        callbacks::generate(self);
        // Markdowns dated for a day now reached become the current price
        // before anyone sells or refunds at it.
        if let Err(e) = crate::store::products::settle_prices(&self.env.conn, self.today()) {
            self.fault(e);
        }
        // A visit a hang-up could only keep as a draft goes back into the visit.
        if let Err(e) = visit::restore_drafts(&mut self.env.conn, Some(staff.id)) {
            self.fault(e);
        }
        self.go(Action::Home);
        complaints::refresh_alerts(self);
        match drafts::latest(&self.env.conn, staff.id) {
            Ok(Some(draft)) => {
                let label = if complaints::owns_draft(&draft) {
                    complaints::draft_label(self, &draft)
                } else if callbacks::work::owns_draft(&draft) {
                    callbacks::work::draft_label(self, &draft)
                } else {
                    form::draft_label(self, &draft)
                };
                self.overlay = Some(Overlay::dialog(
                    DialogKind::ResumeDraft { draft, label },
                    0,
                    None,
                ));
            }
            Ok(None) => {}
            Err(e) => self.fault(e),
        }
    }

    /// The screens under the current one, nearest first.
    pub fn history_iter(&self) -> impl Iterator<Item = &Screen> {
        self.history.iter().rev()
    }

    /// The form being edited, on screen or under another screen.
    fn open_form(&self) -> Option<&form::FormState> {
        std::iter::once(&self.screen)
            .chain(self.history.iter().rev())
            .find_map(|s| match s {
                Screen::Form(f) => Some(f),
                _ => None,
            })
    }

    /// Keeps a half-filled form as a draft in the database. Called on lock,
    /// quit, hang-up, signals, panics, and every few seconds while editing.
    pub fn save_draft(&mut self) -> anyhow::Result<bool> {
        visit::persist_on_leave(self);
        match self.draft_job()? {
            Some(j) => {
                drafts::save(&mut self.env.conn, j.staff, &j.kind, j.subject, &j.payload)?;
                self.last_draft_save = Instant::now();
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// The draft of the form being edited, if any, as a job to save.
    fn draft_job(&self) -> anyhow::Result<Option<autosave::Job>> {
        let Some(user) = self.user.as_ref().map(|u| u.id) else {
            return Ok(None);
        };
        let job = |kind: &str, subject: i64, payload: String| autosave::Job {
            staff: user,
            kind: kind.to_string(),
            subject,
            payload,
        };
        if let Some((kind, subject, payload)) =
            complaints::draft_of(self).or_else(|| callbacks::work::draft_of(self))
        {
            return Ok(Some(job(kind, subject, payload)));
        }
        // A view's draft, on screen or under another screen.
        let view_draft = std::iter::once(&self.screen)
            .chain(self.history.iter().rev())
            .find_map(|s| match s {
                Screen::View(v) => v.draft(),
                _ => None,
            });
        if let Some(d) = view_draft {
            return Ok(Some(job(d.kind, d.subject, d.payload)));
        }
        let Some(form) = self.open_form().filter(|f| f.dirty) else {
            return Ok(None);
        };
        let payload = serde_json::to_string(&form.to_draft())?;
        Ok(Some(job(
            CUSTOMER_FORM,
            form.customer_id.unwrap_or(0),
            payload,
        )))
    }

    /// Before the process ends (quit, hang-up, signal): the draft goes to
    /// the autosave worker, which gets a moment to reach the database; when
    /// another process holds it, the draft is kept in the drafts folder
    /// instead. Bounded: a hang-up must end the process within two seconds.
    pub fn save_before_exit(&mut self) {
        if self.autosave.is_none() {
            if let Err(e) = self.save_draft() {
                self.fault(e);
            }
            return;
        }
        // A visit on screen hands over its last edits; a save on its way
        // lands first (and moves the screen on), or what it carried stays
        // unsaved and is kept as a draft below.
        visit::persist_on_leave(self);
        self.wait_for_saves(Duration::from_millis(700));
        let job = self.draft_job();
        let Some(w) = self.autosave.as_mut() else {
            return;
        };
        let flushed = match job {
            Ok(Some(j)) => {
                w.submit(j);
                w.flush(Duration::from_millis(500))
            }
            Ok(None) => w.flush(Duration::from_millis(500)),
            Err(e) => Err(e),
        };
        self.last_draft_save = Instant::now();
        if let Err(e) = flushed {
            self.fault(e);
        }
    }

    /// The autosave every few seconds while editing: off this thread when
    /// the worker runs.
    fn autosave(&mut self) {
        self.last_draft_save = Instant::now();
        if self.autosave.is_none() {
            if let Err(e) = self.save_draft() {
                self.fault(e);
            }
            return;
        }
        match self.draft_job() {
            Ok(Some(j)) => {
                if let Some(w) = self.autosave.as_mut()
                    && w.state().is_none()
                {
                    w.submit(j);
                }
            }
            Ok(None) => {}
            Err(e) => self.fault(e),
        }
    }

    /// Locks the screen: the form is kept as a draft, the same name is
    /// offered at sign-in.
    pub fn lock(&mut self) {
        // A save on its way lands first when it can (the sign-in list then
        // shows a person just added); a visit on screen hands over its last edits.
        visit::persist_on_leave(self);
        self.wait_for_saves(Duration::from_secs(1));
        if let Err(e) = self.save_draft() {
            self.fault(e);
        }
        let who = self.user.take().map(|u| u.id);
        self.history.clear();
        self.overlay = None;
        match signin::SignInState::load(&self.env.conn, who) {
            Ok(s) => self.screen = Screen::View(Box::new(s)),
            Err(e) => self.fault(e),
        }
        let msg = self.t("signin.locked_screen").to_string();
        self.info(msg);
    }

    fn quit_app(&mut self) {
        self.save_before_exit();
        self.quit = true;
    }

    fn tick(&mut self) {
        self.recheck_on_change();
        if self.user.is_some() && self.last_input.elapsed() >= self.env.idle_lock {
            return self.lock();
        }
        self.poll_saves();
        complaints::tick(self);
        self.on_view(|v, cx| v.tick(cx));
        let editing = matches!(&self.screen, Screen::Form(f) if f.dirty)
            || matches!(&self.screen, Screen::View(v) if v.dirty())
            || complaints::editing(self)
            || callbacks::work::editing(self);
        if let Some(error) = self.autosave.as_mut().and_then(|w| w.poll()) {
            self.fault(anyhow::anyhow!(error));
        }
        if editing && self.last_draft_save.elapsed() >= Duration::from_secs(5) {
            self.autosave();
        }
    }
}
