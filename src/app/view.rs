//! One shape for every screen.
//!
//! A screen is a [`View`]: it says which key-map contexts are in force,
//! whether leaving would lose something typed, what its draft is, how it
//! reads its data again, and it turns an [`Action`] into an [`Effect`].
//! It never sees the whole [`App`]: it gets a [`Ctx`], the part of the app
//! a screen may use (the database, the data files, who is signed in, the
//! status line, the dialog). Moving between screens, and anything that
//! must wait until the screen's own update is over (a save handed to the
//! worker, a fault shown), is an [`Effect`] or a job queued on the
//! [`Ctx`], and [`App::apply`] carries them out in one place.
//!
//! Taps: while a view draws, it records what lies where in a [`HitMap`]
//! with its own typed targets; a tap is looked up there, never by running
//! the layout again, and handed back to the view that drew it.

use std::any::Any;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use ratatui::Frame;
use ratatui::layout::Rect;
use rusqlite::Connection;

use super::{Action, App, Env, Flash, Overlay};
use crate::keymap::Context;
use crate::shop_data::greetings::GreetingData;
use crate::shop_data::visit_flow::{Flow, VisitData};
use crate::store::staff::Staff;

/// What a screen asks the app to do once its update is over.
#[must_use]
pub enum Effect {
    None,
    /// Open a screen on top of this one (`Back` returns here).
    Open(Box<dyn View>),
    /// Put a screen in this one's place (a saved form becomes its file).
    Replace(Box<dyn View>),
    /// Back to the screen underneath, its data read again.
    Back,
    /// One of the main screens, as from anywhere (home, the desk…).
    Go(Action),
    /// Something went wrong: said on the status line or, for the
    /// database, above every screen (see `app::fault`).
    Fault(anyhow::Error),
    Many(Vec<Effect>),
}

impl Effect {
    /// A fault when `r` failed, else nothing.
    pub fn from_result(r: anyhow::Result<()>) -> Effect {
        match r {
            Ok(()) => Effect::None,
            Err(e) => Effect::Fault(e),
        }
    }
}

/// A draft of something typed, kept in the database (see `store::drafts`).
pub struct DraftOf {
    pub kind: &'static str,
    pub subject: i64,
    pub payload: String,
}

/// One screen of the app. Each screen's state implements this in its
/// `app/` file and draws itself with the matching `ui/` file.
pub trait View: Any {
    /// The key-map contexts in force, most specific first.
    fn contexts(&self) -> Vec<Context>;

    /// The actions worth a hint on the status line, after Help.
    fn hints(&self, app: &App) -> Vec<Action>;

    /// Turns a key's action into changes of this screen and an effect.
    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect;

    /// Draws into `area`, recording tap targets in `hits`.
    fn draw(&self, frame: &mut Frame, area: Rect, app: &App, hits: &mut HitMap);

    /// A tap on a target this view recorded while drawing.
    fn tap(&mut self, _target: &dyn Any, _cx: &mut Ctx) -> Effect {
        Effect::None
    }

    /// Text pasted while this screen is on; the field it lands in cleans it.
    fn paste(&mut self, _text: &str, _cx: &mut Ctx) -> Effect {
        Effect::None
    }

    /// Reads its data again (coming back to it, or after another's save).
    fn reload(&mut self, _cx: &mut Ctx) -> anyhow::Result<()> {
        Ok(())
    }

    /// Another connection changed the shop's records. A list reads itself
    /// again (its `reload`); a screen being filled in keeps what is typed,
    /// so the default does nothing.
    fn changed_elsewhere(&mut self, _cx: &mut Ctx) -> anyhow::Result<()> {
        Ok(())
    }

    /// The clock ticked (about four times a second).
    fn tick(&mut self, _cx: &mut Ctx) -> Effect {
        Effect::None
    }

    /// Whether leaving would lose something typed.
    fn dirty(&self) -> bool {
        false
    }

    /// What to keep as a draft if the app stops now.
    fn draft(&self) -> Option<DraftOf> {
        None
    }
}

impl dyn View {
    pub fn is<T: View>(&self) -> bool {
        (self as &dyn Any).is::<T>()
    }

    pub fn downcast_ref<T: View>(&self) -> Option<&T> {
        (self as &dyn Any).downcast_ref::<T>()
    }

    pub fn downcast_mut<T: View>(&mut self) -> Option<&mut T> {
        (self as &mut dyn Any).downcast_mut::<T>()
    }
}

/// Where the last drawing put each tap target. Kept by the app between a
/// draw and the next tap. A target that is an [`Action`] (a button for a
/// main screen, a cancel button) is that action, done as from its key
/// (see `ui::hit`); any other target goes back to the view's `tap`.
#[derive(Default)]
pub struct HitMap {
    targets: Vec<(Rect, Box<dyn Any>)>,
}

impl HitMap {
    pub fn clear(&mut self) {
        self.targets.clear();
    }

    /// Records a target; a later one drawn over an earlier one wins.
    pub fn add<T: Any>(&mut self, area: Rect, target: T) {
        if area.width > 0 && area.height > 0 {
            self.targets.push((area, Box::new(target)));
        }
    }

    /// The target at (column, row), the last drawn first.
    pub fn at(&self, column: u16, row: u16) -> Option<&dyn Any> {
        self.targets
            .iter()
            .rev()
            .find(|(r, _)| crate::ui::widgets::contains(*r, column, row))
            .map(|(_, t)| t.as_ref())
    }

    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }
}

/// Work for the app once the screen's update is over.
pub(crate) type Later = Box<dyn FnOnce(&mut App)>;

/// The part of the app a screen works with.
pub struct Ctx<'a> {
    pub env: &'a mut Env,
    pub user: Option<&'a Staff>,
    pub shop_name: &'a str,
    pub flash: &'a mut Option<Flash>,
    pub overlay: &'a mut Option<Overlay>,
    /// Text for the tablet's clipboard, written out after the next draw.
    pub clipboard: &'a mut Option<String>,
    pub visit_data: &'a Arc<VisitData>,
    pub greetings: &'a Arc<GreetingData>,
    pub printer: Option<&'a crate::printing::PrinterConfig>,
    pub training_scores: Option<&'a PathBuf>,
    pub training_cards: &'a Arc<crate::shop_data::training_cards::TrainingCards>,
    /// Head office, when this shop is part of a chain.
    pub hq: Option<&'a Arc<postgres::Config>>,
    pub(crate) later: &'a mut Vec<Later>,
    /// Work that must find the screen the effect leads to (reads).
    pub(crate) after: &'a mut Vec<Later>,
}

impl Ctx<'_> {
    pub fn conn(&mut self) -> &mut Connection {
        &mut self.env.conn
    }

    pub fn t(&self, key: &str) -> &str {
        self.env.locale.t(key)
    }

    pub fn now(&self) -> NaiveDateTime {
        self.env.now()
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }

    pub fn info(&mut self, text: impl Into<String>) {
        *self.flash = Some(Flash {
            text: text.into(),
            error: false,
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        *self.flash = Some(Flash {
            text: text.into(),
            error: true,
        });
    }

    pub fn user_id(&self) -> Option<i64> {
        self.user.map(|u| u.id)
    }

    pub fn is_manager(&self) -> bool {
        self.user.is_some_and(|u| u.role.may_erase())
    }

    /// The visit flow in the language on screen.
    pub fn flow(&self) -> &Flow {
        self.visit_data.flow(&self.env.locale.lang)
    }

    /// Shows a fault once the update is over (see `app::fault`).
    pub fn fault(&mut self, e: anyhow::Error) {
        self.later.push(Box::new(move |app| app.fault(e)));
    }

    /// Runs `work` off the screen's thread once the update is over, then
    /// `done` with its result on the screen's thread (see `app::saver`).
    /// `done` finds its screen with [`App::view_mut`]: the screen may have
    /// been left meanwhile.
    pub fn save<T: Send + 'static>(
        &mut self,
        work: impl FnOnce(&mut Connection) -> T + Send + 'static,
        done: impl FnOnce(&mut App, T) + Send + 'static,
    ) {
        self.later
            .push(Box::new(move |app| app.save_in_background(work, done)));
    }

    /// Reads off the screen's thread (a whole-shop count): `work` runs on
    /// the reading worker's own connection, `done` with its result on the
    /// screen's thread; the screen opens at once and says it is counting.
    pub fn read<T: Send + 'static>(
        &mut self,
        work: impl FnOnce(&Connection) -> T + Send + 'static,
        done: impl FnOnce(&mut App, T) + Send + 'static,
    ) {
        // After the effect: a screen being opened is on screen when an
        // answer read in place (no worker) lands.
        self.after
            .push(Box::new(move |app| app.read_in_background(work, done)));
    }

    /// Anything else for the whole app, once the update is over.
    pub fn later(&mut self, f: impl FnOnce(&mut App) + 'static) {
        self.later.push(Box::new(f));
    }
}

/// The context, borrowed from the app's fields (not from its screen).
macro_rules! ctx {
    ($app:ident) => {
        Ctx {
            env: &mut $app.env,
            user: $app.user.as_ref(),
            shop_name: &$app.shop_name,
            flash: &mut $app.flash,
            overlay: &mut $app.overlay,
            clipboard: &mut $app.clipboard,
            visit_data: &$app.visit_data,
            greetings: &$app.greetings,
            printer: $app.printer.as_ref(),
            training_scores: $app.training_scores.as_ref(),
            training_cards: &$app.training_cards,
            hq: $app.hq.as_ref(),
            later: &mut $app.later,
            after: &mut $app.after,
        }
    };
}

impl App {
    /// The view on screen and the context it works with, borrowed apart.
    pub(super) fn with_view<R>(
        &mut self,
        f: impl FnOnce(&mut dyn View, &mut Ctx) -> R,
    ) -> Option<R> {
        let v = &mut self.screen;
        let mut cx = ctx!(self);
        Some(f(v.as_mut(), &mut cx))
    }

    /// The context a screen works with, for opening one (the work it
    /// queues is done by the next [`App::apply`]).
    pub fn with_ctx<R>(&mut self, f: impl FnOnce(&mut Ctx) -> R) -> R {
        let mut cx = ctx!(self);
        f(&mut cx)
    }

    /// Runs `f` on the view on screen, then applies its effect and the
    /// work it queued.
    pub(super) fn on_view(&mut self, f: impl FnOnce(&mut dyn View, &mut Ctx) -> Effect) {
        if let Some(effect) = self.with_view(f) {
            self.apply(effect);
        }
    }

    /// Carries out what a screen asked for: the one place screens change.
    pub fn apply(&mut self, effect: Effect) {
        for job in std::mem::take(&mut self.later) {
            job(self);
        }
        match effect {
            Effect::None => {}
            Effect::Open(v) => self.open(v),
            Effect::Replace(v) => self.replace(v),
            Effect::Back => self.back(),
            Effect::Go(action) => self.go(action),
            Effect::Fault(e) => self.fault(e),
            Effect::Many(effects) => {
                for e in effects {
                    self.apply(e);
                }
            }
        }
        for job in std::mem::take(&mut self.after) {
            job(self);
        }
    }

    /// The view on screen, if it is a `T`.
    pub fn view<T: View>(&self) -> Option<&T> {
        self.screen.downcast_ref::<T>()
    }

    /// The view on screen, if it is a `T`, to change.
    pub fn view_mut<T: View>(&mut self) -> Option<&mut T> {
        self.screen.downcast_mut::<T>()
    }

    /// Runs `f` on the view on screen if it is a `T`, with the context;
    /// then applies its effect. For a save's `done`.
    pub fn on_view_as<T: View>(&mut self, f: impl FnOnce(&mut T, &mut Ctx) -> Effect) {
        self.on_view(|v, cx| match v.downcast_mut::<T>() {
            Some(t) => f(t, cx),
            None => Effect::None,
        });
    }
}
