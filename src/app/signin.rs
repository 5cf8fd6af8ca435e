//! The first-run set-up and the sign-in screen.

use anyhow::Result;
use chrono::{Local, Utc};
use rusqlite::Connection;

use super::input::TextField;
use super::{Action, App, Screen};
use crate::domain::signin::pin_is_well_formed;
use crate::domain::staff::Role;
use crate::domain::text;
use crate::store::{self, staff};

/// Sign-in: pick your name, type your PIN.
pub struct SignInState {
    pub staff: Vec<staff::Staff>,
    pub selected: usize,
    pub pin: TextField,
    pub message: Option<String>,
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

    pub fn paste(&mut self, s: &str) {
        self.fields[self.focus].paste(s);
    }
}

impl Default for SetupState {
    fn default() -> Self {
        SetupState::new()
    }
}

pub fn update(app: &mut App, action: Action) {
    match &mut app.screen {
        Screen::Setup(_) => update_setup(app, action),
        Screen::SignIn(_) => update_signin(app, action),
        _ => {}
    }
}

fn update_signin(app: &mut App, action: Action) {
    let Screen::SignIn(s) = &mut app.screen else {
        return;
    };
    match action {
        Action::Up => s.selected = s.selected.saturating_sub(1),
        Action::Down | Action::NextFocus if s.selected + 1 < s.staff.len() => {
            s.selected += 1;
        }
        Action::PrevFocus => s.selected = s.selected.saturating_sub(1),
        Action::First => s.selected = 0,
        Action::Last => s.selected = s.staff.len().saturating_sub(1),
        Action::Pick { zone: 0, index } if (index as usize) < s.staff.len() => {
            s.selected = index as usize;
            s.pin.clear();
        }
        Action::Pick { zone: 1, .. } | Action::Select => try_sign_in(app),
        Action::Back => {
            s.pin.clear();
            s.message = None;
        }
        Action::Type(c) if c.is_ascii_digit() => {
            s.pin.type_char(c);
        }
        Action::Type(_) => s.message = Some(app.env.locale.t("signin.digits_only").to_string()),
        a if a.is_text_edit() => {
            s.pin.edit(a);
        }
        _ => {}
    }
}

fn try_sign_in(app: &mut App) {
    let Screen::SignIn(s) = &mut app.screen else {
        return;
    };
    let Some(who) = s.staff.get(s.selected).cloned() else {
        return;
    };
    let pin = s.pin.value().to_string();
    s.pin.clear();
    // The app's clock (fixed in tests and training), as stored: UTC.
    let now = app
        .now()
        .and_local_timezone(Local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(Utc::now);
    let p = &app.env.policy.signin;
    let result = staff::sign_in(
        &mut app.env.conn,
        who.id,
        &pin,
        p.max_failed_pins,
        p.lockout_minutes,
        now,
    );
    let loc = &app.env.locale;
    let message = match result {
        Ok(staff::SignIn::Ok(staff)) => return app.signed_in(staff),
        Ok(staff::SignIn::Wrong { tries_left }) => {
            loc.f("signin.tries_left", &[("n", &tries_left.to_string())])
        }
        Ok(staff::SignIn::Locked { until }) => {
            let local = until.with_timezone(&Local).format("%H:%M").to_string();
            loc.f("signin.locked", &[("until", &local)])
        }
        Ok(staff::SignIn::Unknown) => loc.t("signin.unknown").to_string(),
        Err(e) => return app.fault(e),
    };
    if let Screen::SignIn(s) = &mut app.screen {
        s.message = Some(message);
    }
}

fn update_setup(app: &mut App, action: Action) {
    let Screen::Setup(s) = &mut app.screen else {
        return;
    };
    match action {
        Action::NextFocus | Action::Down => s.focus = (s.focus + 1).min(3),
        Action::PrevFocus | Action::Up => s.focus = s.focus.saturating_sub(1),
        Action::Pick { zone: 0, index } => s.focus = (index as usize).min(3),
        Action::Select if s.focus < 3 => s.focus += 1,
        Action::Select | Action::Save | Action::Pick { zone: 1, .. } => finish_setup(app),
        Action::Type(c) => {
            let f = s.focus;
            if f < 2 || c.is_ascii_digit() {
                s.fields[f].type_char(c);
                s.errors[f] = None;
            }
        }
        a if a.is_text_edit() => {
            let f = s.focus;
            s.fields[f].edit(a);
        }
        _ => {}
    }
}

fn finish_setup(app: &mut App) {
    let Screen::Setup(s) = &mut app.screen else {
        return;
    };
    let loc = &app.env.locale;
    let shop = text::clean(s.fields[0].value(), 60);
    let manager = text::clean(s.fields[1].value(), 60);
    let pin = s.fields[2].value().to_string();
    s.errors = Default::default();
    if shop.is_empty() {
        s.errors[0] = Some(loc.t("error.required").to_string());
    }
    if manager.is_empty() {
        s.errors[1] = Some(loc.t("error.required").to_string());
    }
    if !pin_is_well_formed(&pin) {
        s.errors[2] = Some(loc.t("error.pin").to_string());
    } else if s.fields[3].value() != pin {
        s.errors[3] = Some(loc.t("error.pin_mismatch").to_string());
    }
    if let Some(first) = s.errors.iter().position(Option::is_some) {
        s.focus = first;
        return;
    }
    let result = staff::hash_pin(&pin).and_then(|hash| {
        store::write(&mut app.env.conn, |tx| {
            store::shop::create(tx, &shop)?;
            let id = staff::add(tx, &manager, Role::Manager, &hash)?;
            store::audit::record(tx, Some(id), "setup", "shop", Some(1), &shop)?;
            Ok(id)
        })
    });
    match result.and_then(|id| staff::get(&app.env.conn, id)) {
        Ok(Some(manager)) => {
            app.shop_name = shop;
            app.signed_in(manager);
        }
        Ok(None) => {}
        Err(e) => app.fault(e),
    }
}
