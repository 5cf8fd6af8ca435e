//! The first-run set-up and the sign-in screen.

use anyhow::Result;
use chrono::{Local, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use rusqlite::Connection;
use std::any::Any;

use super::input::TextField;
use super::{Action, App, Ctx, Effect, HitMap, View};
use crate::domain::signin::pin_is_well_formed;
use crate::domain::staff::Role;
use crate::domain::text;
use crate::keymap::Context;
use crate::store::{self, staff};

/// Sign-in: pick your name, type your PIN.
pub struct SignInState {
    pub staff: Vec<staff::Staff>,
    pub selected: usize,
    pub pin: TextField,
    pub message: Option<String>,
    /// A PIN is being checked (off the screen's thread): another Enter
    /// waits for it.
    pub checking: bool,
}

impl SignInState {
    /// The staff list, with `preselect` (the person who locked) chosen.
    pub fn load(conn: &Connection, preselect: Option<i64>) -> Result<SignInState> {
        let staff = staff::list(conn)?;
        let selected = preselect
            .and_then(|id| staff.iter().position(|s| s.id == id))
            .unwrap_or(0);
        Ok(SignInState {
            staff,
            selected,
            pin: TextField::secret(8),
            message: None,
            checking: false,
        })
    }
}

/// The first-run set-up: the shop's name, the first manager and a PIN.
pub struct SetupState {
    pub fields: [TextField; 4],
    pub focus: usize,
    pub errors: [Option<String>; 4],
}

pub const SETUP_LABELS: [&str; 4] = [
    "setup.shop_name",
    "setup.manager_name",
    "setup.pin",
    "setup.pin_again",
];

impl SetupState {
    pub fn new() -> SetupState {
        SetupState {
            fields: [
                TextField::new("", 60),
                TextField::new("", 60),
                TextField::secret(8),
                TextField::secret(8),
            ],
            focus: 0,
            errors: Default::default(),
        }
    }
}

impl Default for SetupState {
    fn default() -> Self {
        SetupState::new()
    }
}

/// What a tap on the sign-in screen lands on.
pub enum SignInTap {
    /// A name of the staff list.
    Name(usize),
    SignIn,
}

/// What a tap on the set-up lands on.
pub enum SetupTap {
    Field(usize),
    Finish,
}

impl SignInState {
    /// Checks the PIN typed for the name chosen. The check writes (the
    /// failed tries, the time signed in), so it runs on the saving worker:
    /// a write lock held elsewhere never freezes this screen, and the
    /// lockout is counted under the write lock (see `staff::sign_in`).
    fn try_sign_in(&mut self, cx: &mut Ctx) -> Effect {
        if self.checking {
            self.pin.clear();
            return Effect::None;
        }
        let Some(who) = self.staff.get(self.selected).cloned() else {
            return Effect::None;
        };
        let pin = self.pin.value().to_string();
        self.pin.clear();
        // The app's clock (fixed in tests and training), as stored: UTC.
        let now = cx
            .now()
            .and_local_timezone(Local)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(Utc::now);
        let p = &cx.env.policy.signin;
        let (max, minutes) = (p.max_failed_pins, p.lockout_minutes);
        self.checking = true;
        self.message = Some(cx.t("signin.checking").to_string());
        cx.later(move |app| {
            app.sign_in_in_background(
                move |conn| staff::sign_in(conn, who.id, &pin, max, minutes, now),
                |app, result| app.pin_checked(result),
            )
        });
        Effect::None
    }
}

impl App {
    /// The PIN's check is back: signed in, or the sign-in screen says why not.
    fn pin_checked(&mut self, result: Result<staff::SignIn>) {
        let message = {
            let loc = &self.env.locale;
            match &result {
                Ok(staff::SignIn::Ok(_)) | Err(_) => None,
                Ok(staff::SignIn::Wrong { tries_left }) => {
                    Some(loc.f("signin.tries_left", &[("n", &tries_left.to_string())]))
                }
                Ok(staff::SignIn::Locked { until }) => {
                    let local = until.with_timezone(&Local).format("%H:%M").to_string();
                    Some(loc.f("signin.locked", &[("until", &local)]))
                }
                Ok(staff::SignIn::Unknown) => Some(loc.t("signin.unknown").to_string()),
            }
        };
        if let Some(v) = self.view_mut::<SignInState>() {
            v.checking = false;
            v.message = message;
        }
        match result {
            Ok(staff::SignIn::Ok(staff)) => self.signed_in(staff),
            Ok(_) => {}
            Err(e) => self.fault(e),
        }
    }
}

impl View for SignInState {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Text, Context::SignIn]
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![Action::Select]
    }

    fn draw(&self, frame: &mut Frame, area: Rect, app: &App, hits: &mut HitMap) {
        crate::ui::signin::draw(frame, area, app, self, hits)
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Effect {
        self.pin.paste(text);
        Effect::None
    }

    fn tap(&mut self, target: &dyn Any, cx: &mut Ctx) -> Effect {
        match target.downcast_ref::<SignInTap>() {
            Some(&SignInTap::Name(i)) if i < self.staff.len() => {
                self.selected = i;
                self.pin.clear();
                Effect::None
            }
            Some(SignInTap::SignIn) => self.try_sign_in(cx),
            _ => Effect::None,
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down | Action::NextFocus if self.selected + 1 < self.staff.len() => {
                self.selected += 1;
            }
            Action::PrevFocus => self.selected = self.selected.saturating_sub(1),
            Action::First => self.selected = 0,
            Action::Last => self.selected = self.staff.len().saturating_sub(1),
            Action::Select => return self.try_sign_in(cx),
            Action::Back => {
                self.pin.clear();
                self.message = None;
            }
            Action::Type(c) if c.is_ascii_digit() => {
                self.pin.type_char(c);
            }
            Action::Type(_) => self.message = Some(cx.t("signin.digits_only").to_string()),
            a if a.is_text_edit() => {
                self.pin.edit(a);
            }
            _ => {}
        }
        Effect::None
    }
}

impl SetupState {
    /// Checks the four fields; the first wrong one gets the focus.
    fn check(&mut self, cx: &Ctx) -> Option<(String, String, String)> {
        let loc = &cx.env.locale;
        let shop = text::clean(self.fields[0].value(), 60);
        let manager = text::clean(self.fields[1].value(), 60);
        let pin = self.fields[2].value().to_string();
        self.errors = Default::default();
        if shop.is_empty() {
            self.errors[0] = Some(loc.t("error.required").to_string());
        }
        if manager.is_empty() {
            self.errors[1] = Some(loc.t("error.required").to_string());
        }
        if !pin_is_well_formed(&pin) {
            self.errors[2] = Some(loc.t("error.pin").to_string());
        } else if self.fields[3].value() != pin {
            self.errors[3] = Some(loc.t("error.pin_mismatch").to_string());
        }
        if let Some(first) = self.errors.iter().position(Option::is_some) {
            self.focus = first;
            return None;
        }
        Some((shop, manager, pin))
    }

    fn finish(&mut self, cx: &mut Ctx) -> Effect {
        let Some((shop, manager, pin)) = self.check(cx) else {
            return Effect::None;
        };
        let conn = &mut cx.env.conn;
        let result = staff::hash_pin(&pin).and_then(|hash| {
            store::write(conn, |tx| {
                store::shop::create(tx, &shop)?;
                let id = staff::add(tx, &manager, Role::Manager, &hash)?;
                store::audit::record(tx, Some(id), "setup", "shop", Some(1), &shop)?;
                Ok(id)
            })
        });
        match result.and_then(|id| staff::get(&cx.env.conn, id)) {
            Ok(Some(manager)) => {
                cx.later(move |app| {
                    app.shop_name = shop;
                    app.signed_in(manager);
                });
                Effect::None
            }
            Ok(None) => Effect::None,
            Err(e) => Effect::Fault(e),
        }
    }
}

impl View for SetupState {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Text, Context::Form]
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![Action::Select, Action::NextFocus]
    }

    fn draw(&self, frame: &mut Frame, area: Rect, app: &App, hits: &mut HitMap) {
        crate::ui::signin::draw_setup(frame, area, app, self, hits)
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Effect {
        self.fields[self.focus].paste(text);
        Effect::None
    }

    fn tap(&mut self, target: &dyn Any, cx: &mut Ctx) -> Effect {
        match target.downcast_ref::<SetupTap>() {
            Some(&SetupTap::Field(i)) => {
                self.focus = i.min(3);
                Effect::None
            }
            Some(SetupTap::Finish) => self.finish(cx),
            None => Effect::None,
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        match action {
            Action::NextFocus | Action::Down => self.focus = (self.focus + 1).min(3),
            Action::PrevFocus | Action::Up => self.focus = self.focus.saturating_sub(1),
            Action::Select if self.focus < 3 => self.focus += 1,
            Action::Select | Action::Save => return self.finish(cx),
            Action::Type(c) => {
                let f = self.focus;
                if f < 2 || c.is_ascii_digit() {
                    self.fields[f].type_char(c);
                    self.errors[f] = None;
                }
            }
            a if a.is_text_edit() => {
                let f = self.focus;
                self.fields[f].edit(a);
            }
            _ => {}
        }
        Effect::None
    }
}
