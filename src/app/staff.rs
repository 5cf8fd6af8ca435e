//! The staff list: a manager adds staff, changes roles, deactivates and
//! resets PINs; everyone else changes their own PIN here.

use anyhow::Result;

use super::input::TextField;
use super::{Action, App, Screen};
use crate::domain::signin::pin_is_well_formed;
use crate::domain::staff::Role;
use crate::domain::text;
use crate::store::staff::hash_pin;
use crate::store::staff_admin::{self, Change, StaffError, StaffRow};

pub const ROLES: [Role; 3] = [Role::Associate, Role::Service, Role::Manager];
/// Editor fields: name, role, active, PIN, PIN again.
pub const FIELDS: usize = 5;

pub struct StaffEditor {
    pub id: Option<i64>,
    pub version: i64,
    pub name: TextField,
    pub role: Role,
    pub active: bool,
    pub pin: TextField,
    pub pin2: TextField,
    pub focus: usize,
    pub errors: [Option<&'static str>; FIELDS],
    /// Not a manager: only the PIN can change.
    pub own_pin_only: bool,
}

impl StaffEditor {
    fn new(row: Option<&StaffRow>, own_pin_only: bool) -> StaffEditor {
        StaffEditor {
            id: row.map(|r| r.id),
            version: row.map(|r| r.version).unwrap_or(0),
            name: TextField::new(row.map(|r| r.name.as_str()).unwrap_or(""), 40),
            role: row.map(|r| r.role).unwrap_or(Role::Associate),
            active: row.map(|r| r.active).unwrap_or(true),
            pin: TextField::secret(8),
            pin2: TextField::secret(8),
            focus: if own_pin_only { 3 } else { 0 },
            errors: [None; FIELDS],
            own_pin_only,
        }
    }

    pub fn is_text(&self) -> bool {
        matches!(self.focus, 0 | 3 | 4)
    }

    fn first_field(&self) -> usize {
        if self.own_pin_only { 3 } else { 0 }
    }

    fn field(&mut self) -> Option<&mut TextField> {
        match self.focus {
            0 => Some(&mut self.name),
            3 => Some(&mut self.pin),
            4 => Some(&mut self.pin2),
            _ => None,
        }
    }

    fn toggle(&mut self) {
        match self.focus {
            1 => {
                let i = ROLES.iter().position(|r| *r == self.role).unwrap_or(0);
                self.role = ROLES[(i + 1) % ROLES.len()];
            }
            2 => self.active = !self.active,
            _ => {}
        }
    }
}

pub struct StaffState {
    pub rows: Vec<StaffRow>,
    /// Who is marked trained, with the day (seed 001: trained before on duty).
    pub trained: std::collections::HashMap<i64, String>,
    pub selected: usize,
    pub editor: Option<StaffEditor>,
}

impl StaffState {
    pub fn load(app: &App) -> Result<StaffState> {
        let me = app.user.as_ref().map(|u| u.id);
        let mut rows = staff_admin::list_all(&app.env.conn)?;
        if !app.is_manager() {
            rows.retain(|r| Some(r.id) == me);
        }
        Ok(StaffState {
            trained: crate::store::duty::all_trained(&app.env.conn)?,
            rows,
            selected: 0,
            editor: None,
        })
    }
}

pub fn open(app: &mut App) {
    match StaffState::load(app) {
        Ok(mut s) => {
            if !app.is_manager() {
                s.editor = Some(StaffEditor::new(s.rows.first(), true));
            }
            app.open(Screen::Staff(s));
        }
        Err(e) => app.fault(e),
    }
}

pub fn update(app: &mut App, action: Action) {
    let manager = app.is_manager();
    let Screen::Staff(s) = &mut app.screen else {
        return;
    };
    if let Some(ed) = &mut s.editor {
        let first = ed.first_field();
        match action {
            Action::NextFocus | Action::Down => {
                ed.focus = if ed.focus + 1 >= FIELDS {
                    first
                } else {
                    ed.focus + 1
                }
            }
            Action::PrevFocus | Action::Up => {
                ed.focus = if ed.focus <= first {
                    FIELDS - 1
                } else {
                    ed.focus - 1
                }
            }
            Action::Pick { zone: 1, index }
                if (index as usize) < FIELDS && index as usize >= first =>
            {
                let again = ed.focus == index as usize;
                ed.focus = index as usize;
                if again {
                    ed.toggle();
                }
            }
            Action::Toggle | Action::Type(' ') if !ed.is_text() => ed.toggle(),
            Action::Type(c) => {
                let digits_only = ed.focus >= 3;
                let focus = ed.focus;
                if (!digits_only || c.is_ascii_digit())
                    && let Some(f) = ed.field()
                    && f.type_char(c)
                {
                    ed.errors[focus] = None;
                }
            }
            a if a.is_text_edit() => {
                if let Some(f) = ed.field() {
                    f.edit(a);
                }
            }
            Action::Save | Action::Pick { zone: 2, .. } => save(app),
            Action::Back => {
                if manager {
                    s.editor = None;
                } else {
                    app.back();
                }
            }
            _ => {}
        }
        return;
    }
    let len = s.rows.len();
    match action {
        Action::Up | Action::ScrollUp => s.selected = s.selected.saturating_sub(1),
        Action::Down | Action::ScrollDown => {
            s.selected = (s.selected + 1).min(len.saturating_sub(1))
        }
        Action::First => s.selected = 0,
        Action::Last => s.selected = len.saturating_sub(1),
        Action::Pick { zone: 0, index } if (index as usize) < len => {
            let again = s.selected == index as usize;
            s.selected = index as usize;
            if again {
                s.editor = Some(StaffEditor::new(s.rows.get(s.selected), !manager));
            }
        }
        Action::Select | Action::Edit => {
            s.editor = Some(StaffEditor::new(s.rows.get(s.selected), !manager))
        }
        Action::Add if manager => s.editor = Some(StaffEditor::new(None, false)),
        Action::MarkTrained => mark_trained(app),
        Action::Back => app.back(),
        _ => {}
    }
}

/// A manager marks the selected person trained, or takes the mark back.
fn mark_trained(app: &mut App) {
    if !app.is_manager() {
        let msg = app.t("quality.managers_only_trained").to_string();
        return app.error(msg);
    }
    let me = app.user.as_ref().map(|u| u.id).unwrap_or_default();
    let today = app.today();
    let Screen::Staff(s) = &app.screen else {
        return;
    };
    let Some(row) = s.rows.get(s.selected) else {
        return;
    };
    let (id, name) = (row.id, row.name.clone());
    let trained = !s.trained.contains_key(&id);
    let selected = s.selected;
    if let Err(e) = crate::store::duty::set_trained(&mut app.env.conn, id, trained, me, today) {
        return app.fault(e);
    }
    let key = if trained {
        "quality.marked_trained"
    } else {
        "quality.unmarked_trained"
    };
    let msg = app.env.locale.f(key, &[("name", &name)]);
    match StaffState::load(app) {
        Ok(mut fresh) => {
            fresh.selected = selected.min(fresh.rows.len().saturating_sub(1));
            app.replace(Screen::Staff(fresh));
            app.info(msg);
        }
        Err(e) => app.fault(e),
    }
}

fn save(app: &mut App) {
    let Some(me) = app.user.as_ref().map(|u| u.id) else {
        return;
    };
    let Screen::Staff(s) = &mut app.screen else {
        return;
    };
    let Some(ed) = &mut s.editor else { return };
    ed.errors = [None; FIELDS];
    let name = text::clean(ed.name.value(), 40);
    let pin = ed.pin.value().to_string();
    if name.is_empty() {
        ed.errors[0] = Some("required");
    }
    let pin_wanted = ed.id.is_none() || !pin.is_empty() || ed.own_pin_only;
    if pin_wanted && !pin_is_well_formed(&pin) {
        ed.errors[3] = Some("pin");
    } else if pin_wanted && ed.pin2.value() != pin {
        ed.errors[4] = Some("pin_mismatch");
    }
    if let Some(first) = ed.errors.iter().position(Option::is_some) {
        ed.focus = first;
        return;
    }
    let (id, version, role, active) = (ed.id, ed.version, ed.role, ed.active);
    // Off the screen's thread: the PIN's hash (deliberately slow) and the save.
    app.save_in_background(
        move |conn| {
            let hash = if pin_wanted {
                Some(hash_pin(&pin).map_err(StaffError::Db)?)
            } else {
                None
            };
            let change = Change {
                id,
                version,
                name: &name,
                role,
                active,
                pin_hash: hash.as_deref(),
            };
            staff_admin::save(conn, &change, me).map(|_| name)
        },
        saved,
    );
}

/// After the save: the list again, on the person saved.
fn saved(app: &mut App, result: Result<String, StaffError>) {
    let loc = &app.env.locale;
    match result {
        Ok(name) => {
            let msg = loc.f("staff.saved", &[("name", &name)]);
            if !matches!(app.screen, Screen::Staff(_)) {
                return app.info(msg);
            }
            let manager = app.is_manager();
            match StaffState::load(app) {
                Ok(mut fresh) => {
                    if !manager {
                        app.back();
                    } else {
                        fresh.selected =
                            fresh.rows.iter().position(|r| r.name == name).unwrap_or(0);
                        app.replace(Screen::Staff(fresh));
                    }
                    app.info(msg);
                }
                Err(e) => app.fault(e),
            }
        }
        Err(StaffError::Refused(code)) => {
            let msg = loc.t(&format!("staff.{code}")).to_string();
            app.error(msg);
        }
        Err(StaffError::Conflict) => {
            let msg = loc.t("staff.conflict").to_string();
            app.error(msg);
        }
        Err(StaffError::Db(e)) => app.fault(e),
    }
}
