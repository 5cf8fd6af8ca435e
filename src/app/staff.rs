//! The staff list: a manager adds staff, changes roles, deactivates and
//! resets PINs; everyone else changes their own PIN here.

use anyhow::Result;
use ratatui::Frame;
use ratatui::layout::Rect;
use std::any::Any;

use super::input::TextField;
use super::{Action, App, Ctx, Effect, HitMap, View};
use crate::domain::signin::pin_is_well_formed;
use crate::domain::staff::Role;
use crate::domain::text;
use crate::keymap::Context;
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

    fn toggle(&mut self, back: bool) {
        match self.focus {
            1 => {
                let i = ROLES.iter().position(|r| *r == self.role).unwrap_or(0);
                self.role = ROLES[super::action::cycle(i, ROLES.len(), back)];
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

/// What a tap on the staff screen lands on.
pub enum Tap {
    /// A row of the list: selected, opened in the editor when tapped again.
    Row(usize),
    /// A field of the editor: focused, a choice turned when tapped again.
    Field(usize),
    /// The editor's save button (its cancel button is `Action::Back`).
    Save,
}

impl StaffState {
    /// The whole list for a manager, else the person's own row.
    pub fn load(cx: &Ctx) -> Result<StaffState> {
        let me = cx.user_id();
        let mut rows = staff_admin::list_all(&cx.env.conn)?;
        if !cx.is_manager() {
            rows.retain(|r| Some(r.id) == me);
        }
        Ok(StaffState {
            trained: crate::store::duty::all_trained(&cx.env.conn)?,
            rows,
            selected: 0,
            editor: None,
        })
    }

    /// The list as the staff screen opens it: anyone but a manager goes
    /// straight to their own PIN.
    pub fn open(cx: &Ctx) -> Result<StaffState> {
        let mut s = StaffState::load(cx)?;
        if !cx.is_manager() {
            s.editor = Some(StaffEditor::new(s.rows.first(), true));
        }
        Ok(s)
    }

    fn update_editor(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let manager = cx.is_manager();
        let Some(ed) = &mut self.editor else {
            return Effect::None;
        };
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
            Action::Toggle | Action::Type(' ') if !ed.is_text() => ed.toggle(false),
            Action::ToggleBack if !ed.is_text() => ed.toggle(true),
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
            Action::Save => self.save(cx),
            Action::Back if manager => self.editor = None,
            Action::Back => return Effect::Back,
            _ => {}
        }
        Effect::None
    }

    /// A manager marks the selected person trained, or takes the mark back.
    fn mark_trained(&mut self, cx: &mut Ctx) -> Effect {
        if !cx.is_manager() {
            let msg = cx.t("quality.managers_only_trained").to_string();
            cx.error(msg);
            return Effect::None;
        }
        let me = cx.user_id().unwrap_or_default();
        let today = cx.today();
        let Some(row) = self.rows.get(self.selected) else {
            return Effect::None;
        };
        let (id, name) = (row.id, row.name.clone());
        let trained = !self.trained.contains_key(&id);
        // Written on the saving worker: the screen never waits for the lock.
        cx.save(
            move |conn| crate::store::duty::set_trained(conn, id, trained, me, today),
            move |app, r| {
                if let Err(e) = r {
                    return app.fault(e);
                }
                let key = if trained {
                    "quality.marked_trained"
                } else {
                    "quality.unmarked_trained"
                };
                let msg = app.env.locale.f(key, &[("name", &name)]);
                app.on_view_as::<StaffState>(|v, cx| match StaffState::load(cx) {
                    Ok(mut fresh) => {
                        fresh.selected = v.selected.min(fresh.rows.len().saturating_sub(1));
                        fresh.editor = v.editor.take();
                        *v = fresh;
                        cx.info(msg);
                        Effect::None
                    }
                    Err(e) => Effect::Fault(e),
                });
            },
        );
        Effect::None
    }

    fn save(&mut self, cx: &mut Ctx) {
        let Some(me) = cx.user_id() else {
            return;
        };
        let Some(ed) = &mut self.editor else { return };
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
        cx.save(
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
}

pub fn open(app: &mut App) {
    let r = app.with_ctx(|cx| StaffState::open(cx));
    app.apply(match r {
        Ok(s) => Effect::Open(Box::new(s)),
        Err(e) => Effect::Fault(e),
    });
}

impl View for StaffState {
    fn contexts(&self) -> Vec<Context> {
        match &self.editor {
            Some(e) if e.is_text() => vec![Context::Text, Context::Form],
            Some(_) => vec![Context::Form],
            None => vec![Context::Staff],
        }
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        if self.editor.is_some() {
            vec![
                Action::Save,
                Action::NextFocus,
                Action::Toggle,
                Action::Back,
            ]
        } else {
            vec![
                Action::Select,
                Action::Add,
                Action::MarkTrained,
                Action::Board,
                Action::Back,
            ]
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, app: &App, hits: &mut HitMap) {
        crate::ui::staff::draw(frame, area, app, self, hits)
    }

    fn tap(&mut self, target: &dyn Any, cx: &mut Ctx) -> Effect {
        let manager = cx.is_manager();
        match (target.downcast_ref::<Tap>(), &mut self.editor) {
            (Some(&Tap::Field(i)), Some(ed)) if i < FIELDS && i >= ed.first_field() => {
                let again = ed.focus == i;
                ed.focus = i;
                if again {
                    ed.toggle(false);
                }
            }
            (Some(Tap::Save), Some(_)) => self.save(cx),
            (Some(&Tap::Row(i)), None) if i < self.rows.len() => {
                let again = self.selected == i;
                self.selected = i;
                if again {
                    self.editor = Some(StaffEditor::new(self.rows.get(i), !manager));
                }
            }
            _ => {}
        }
        Effect::None
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        if self.editor.is_some() {
            return self.update_editor(action, cx);
        }
        let manager = cx.is_manager();
        let len = self.rows.len();
        match action {
            Action::Up | Action::ScrollUp => self.selected = self.selected.saturating_sub(1),
            Action::Down | Action::ScrollDown => {
                self.selected = (self.selected + 1).min(len.saturating_sub(1))
            }
            Action::First => self.selected = 0,
            Action::Last => self.selected = len.saturating_sub(1),
            Action::Select | Action::Edit => {
                self.editor = Some(StaffEditor::new(self.rows.get(self.selected), !manager))
            }
            Action::Add if manager => self.editor = Some(StaffEditor::new(None, false)),
            Action::MarkTrained => return self.mark_trained(cx),
            Action::Back => return Effect::Back,
            _ => {}
        }
        Effect::None
    }
}

/// After the save: the list again, on the person saved (if the staff
/// screen is still on; else only said).
fn saved(app: &mut App, result: Result<String, StaffError>) {
    let loc = &app.env.locale;
    match result {
        Ok(name) => {
            let msg = loc.f("staff.saved", &[("name", &name)]);
            if app.view::<StaffState>().is_none() {
                return app.info(msg);
            }
            app.on_view_as::<StaffState>(|s, cx| match StaffState::load(cx) {
                Ok(mut fresh) => {
                    cx.info(msg);
                    if !cx.is_manager() {
                        return Effect::Back;
                    }
                    fresh.selected = fresh.rows.iter().position(|r| r.name == name).unwrap_or(0);
                    *s = fresh;
                    Effect::None
                }
                Err(e) => Effect::Fault(e),
            });
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
