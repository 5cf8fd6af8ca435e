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
pub mod chain_search;
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
pub mod practice;
pub mod quality;
pub mod reader;
pub mod repair_form;
pub mod returns;
pub mod saver;
pub mod session;
pub mod signin;
pub mod staff;
pub mod view;
pub mod vip;
pub mod vip_card;
pub mod vip_counts;
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

/// A screen: every one has the one shape (see [`view`]).
pub type Screen = Box<dyn View>;

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
    /// The desk, counter and phone cards and the skills' pass marks.
    pub training_cards: Arc<crate::shop_data::training_cards::TrainingCards>,
    /// Head office, for a shop of a chain (`hq` in the config file or
    /// `AFTERCARE_HQ`): the customer search can look in the chain's other shops.
    pub hq: Option<Arc<postgres::Config>>,
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
    /// The worker that runs whole-shop counts off this thread (none in
    /// tests on an in-memory database: they read in place).
    pub reader: Option<reader::Reader>,
    /// The last `PRAGMA data_version` seen, to notice other processes' commits.
    data_version: Option<i64>,
    /// The shop's record counter when last seen (`record_version`): the
    /// screen is read again only when another connection moved it.
    records_seen: Option<i64>,
    /// Other connections changed records the screen has not been read
    /// again for yet, and when it last was (see `session::RELOAD_GAP`).
    reload_due: bool,
    reloaded_at: Option<Instant>,
    /// The clock minute the screen was last brought up to date for.
    minute_seen: i64,
    /// Something on screen may have changed: the terminal loop draws only
    /// then, so an idle session sends nothing.
    pub redraw: bool,
    /// When the last key or paste arrived, to tell a scanner's burst.
    last_key_at: Option<Instant>,
    /// Whether that key was a digit or Enter (a scanner sends only those).
    last_was_scan_key: bool,
    /// Set by the terminal loop: this event was already waiting behind the
    /// previous one (they arrived together).
    pub input_queued: bool,
    /// Work a screen queued for after its update (see [`view::Ctx`]).
    later: Vec<view::Later>,
    /// Work queued for after a screen's effect (see [`view::Ctx`]).
    after: Vec<view::Later>,
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
        let screen: Screen = match &shop {
            None => Box::<signin::SetupState>::default(),
            Some(_) => Box::new(signin::SignInState::load(&env.conn, None)?),
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
            training_cards: Arc::default(),
            hq: None,
            printer: None,
            greetings,
            clipboard: None,
            autosave: None,
            saver: None,
            reader: None,
            data_version: None,
            records_seen: None,
            reload_due: false,
            reloaded_at: None,
            minute_seen: 0,
            redraw: true,
            last_key_at: None,
            last_was_scan_key: false,
            input_queued: false,
            later: Vec::new(),
            after: Vec::new(),
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
        self.screen.contexts()
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
        self.redraw = true;
        self.last_input = Instant::now();
        self.last_key_at = Some(self.last_input);
        self.last_was_scan_key = false;
        if let Some(Overlay::Dialog(d)) = &mut self.overlay {
            if let Some(r) = &mut d.reason {
                r.paste(text);
            }
            return;
        }
        self.on_view(|v, cx| v.paste(text, cx));
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
        self.redraw = true;
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
        match action {
            Action::TapAt { column, row } => self.tap_at(column, row),
            _ => self.on_view(|v, cx| v.update(action, cx)),
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
        if self.screen.dirty() {
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
                self.screen = Box::new(s);
            }),
            Action::Customers => {
                self.history.retain(|s| s.is::<home::HomeState>());
                let s = customers::SearchState::new();
                self.open(Box::new(s));
                Ok(())
            }
            Action::NewCustomer => {
                self.history
                    .retain(|s| s.is::<home::HomeState>() || s.is::<customers::SearchState>());
                let f = form::FormState::new_customer(&self.env.policy);
                self.open(Box::new(f));
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
                    Action::Desk => |app: &mut App| {
                        let effect = app.with_ctx(desk::open);
                        app.apply(effect)
                    },
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
                        Ok(h) => self.screen = Box::new(h),
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
            Some(s) => {
                self.screen = s;
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
        // Catching up on the tasks owed since the last sign-in can take
        // seconds after a week away in a big shop: it runs off the screen's
        // thread, and the screen is read again when new tasks were made.
        let today = self.today();
        let policy = self.env.policy.clone();
        self.queue_save(
            move |conn| crate::store::tasks::generate(conn, today, &policy),
            |app, made| match made {
                Ok(s) if s.made() > 0 => app.reload_view(),
                Ok(_) => {}
                Err(e) => app.fault(e),
            },
        );
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
        // A view's draft, on screen or under another screen.
        let view_draft = std::iter::once(&self.screen)
            .chain(self.history.iter().rev())
            .find_map(|s| s.draft());
        Ok(view_draft.map(|d| job(d.kind, d.subject, d.payload)))
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
            Ok(s) => self.screen = Box::new(s),
            Err(e) => self.fault(e),
        }
        let msg = self.t("signin.locked_screen").to_string();
        self.info(msg);
    }

    fn quit_app(&mut self) {
        self.save_before_exit();
        self.quit = true;
    }

    /// The clock ticked (about four times a second, and nothing typed):
    /// carries on what runs by itself, and asks for a frame only when
    /// something on screen may have changed.
    fn tick(&mut self) {
        let flash = self.flash.as_ref().map(|f| f.text.clone());
        let alerts = self.alerts.items.len();
        let was_saving = self.saving_shown();
        if self.recheck_on_change() {
            self.redraw = true;
        }
        if self.user.is_some() && self.last_input.elapsed() >= self.env.idle_lock {
            self.redraw = true;
            return self.lock();
        }
        self.new_minute();
        self.poll_saves();
        complaints::tick(self);
        self.on_view(|v, cx| v.tick(cx));
        let editing = self.screen.dirty();
        if let Some(error) = self.autosave.as_mut().and_then(|w| w.poll()) {
            self.fault(anyhow::anyhow!(error));
        }
        if editing && self.last_draft_save.elapsed() >= Duration::from_secs(5) {
            self.autosave();
        }
        // "Saving…" turns to "waiting for the database" while it lasts, and
        // goes when it is done.
        if was_saving
            || self.saving_shown()
            || flash != self.flash.as_ref().map(|f| f.text.clone())
            || alerts != self.alerts.items.len()
        {
            self.redraw = true;
        }
    }

    /// Whether the status line says a save or a draft is on its way.
    fn saving_shown(&self) -> bool {
        self.save_state().is_some() || self.autosave.as_ref().and_then(|w| w.state()).is_some()
    }

    /// A new clock minute: the status line's time moves; a new day reads
    /// the screen again (today's lists are another day's).
    fn new_minute(&mut self) {
        let now = self.now();
        let minute = now.and_utc().timestamp().div_euclid(60);
        if minute == self.minute_seen {
            return;
        }
        let new_day = self.minute_seen.div_euclid(24 * 60) != minute.div_euclid(24 * 60);
        self.minute_seen = minute;
        self.redraw = true;
        if new_day && self.user.is_some() {
            self.reload_view();
        }
    }

    /// Another connection changed records (or a new day began): a list on
    /// screen reads itself again; a form keeps what is typed.
    pub(crate) fn reload_view(&mut self) {
        if let Some(Err(e)) = self.with_view(|v, cx| v.changed_elsewhere(cx)) {
            self.fault(e);
        }
        // What the reload queued (a count off the thread) goes now.
        self.apply(Effect::None);
    }
}
