//! The message library in the app: templates by kind and language, added
//! and edited into the database so every terminal of the shop shares them
//! (editing a file template saves the shop's own copy). Each save is
//! checked against the kind's rules; a refused save keeps what was typed.

use super::{GreetingsState, Tab};
use crate::app::input::TextField;
use crate::app::{Action, App, Screen};
use crate::domain::occasions::Kind;
use crate::domain::templates::{self, Problem};
use crate::greetings_data::{self, Choice};
use crate::i18n::LANGS;
use crate::store::greetings::{self as sg, Saved};

const MAX_CHARS: usize = 300;

pub struct Editor {
    pub key: String,
    /// The stored version being edited; `None` for a new row.
    pub version: Option<i64>,
    pub field: TextField,
    /// Why the last save was refused, shown beside the field.
    pub error: Option<String>,
    /// The forbidden words found by the last save.
    pub words: Vec<String>,
    /// The text when editing began, to tell whether anything was typed.
    pub original: String,
}

impl Editor {
    pub fn dirty(&self) -> bool {
        self.field.value() != self.original
    }
}

pub struct LibraryState {
    pub kind: Kind,
    pub lang: String,
    pub list: Vec<Choice>,
    pub selected: usize,
    pub editor: Option<Editor>,
}

impl LibraryState {
    pub fn new(kind: Kind, lang: &str) -> LibraryState {
        LibraryState {
            kind,
            lang: lang.to_string(),
            list: Vec::new(),
            selected: 0,
            editor: None,
        }
    }
}

fn state(app: &mut App) -> Option<&mut GreetingsState> {
    match &mut app.screen {
        Screen::Greetings(s) => Some(s),
        _ => None,
    }
}

/// Reads the templates of the kind and language in view.
pub fn load(app: &mut App) {
    let Screen::Greetings(s) = &app.screen else {
        return;
    };
    let (kind, lang) = (s.library.kind, s.library.lang.clone());
    match sg::templates(&app.env.conn, kind, &lang) {
        Ok(shop) => {
            let list = greetings_data::choices(&app.greetings, &shop, kind, &lang);
            if let Some(s) = state(app) {
                s.library.selected = s.library.selected.min(list.len().saturating_sub(1));
                s.library.list = list;
            }
        }
        Err(e) => app.fault(e),
    }
}

pub fn update(app: &mut App, action: Action) {
    let Some(s) = state(app) else { return };
    let lib = &mut s.library;
    if let Some(ed) = &mut lib.editor {
        match action {
            Action::Type(c) => {
                ed.field.type_char(c);
            }
            a if a.is_text_edit() => {
                ed.field.edit(a);
            }
            Action::Save | Action::Pick { zone: 0, index: 0 } => save(app),
            Action::Back | Action::Pick { zone: 0, index: 1 } => lib.editor = None,
            _ => {}
        }
        return;
    }
    let n = lib.list.len();
    match action {
        Action::Up | Action::ScrollUp => lib.selected = lib.selected.saturating_sub(1),
        Action::Down | Action::ScrollDown => {
            lib.selected = (lib.selected + 1).min(n.saturating_sub(1))
        }
        Action::First => lib.selected = 0,
        Action::Last => lib.selected = n.saturating_sub(1),
        Action::NextFocus | Action::PrevFocus => {
            let i = Kind::ALL.iter().position(|k| *k == lib.kind).unwrap_or(0);
            let step = if action == Action::NextFocus { 1 } else { 3 };
            lib.kind = Kind::ALL[(i + step) % 4];
            lib.selected = 0;
            load(app);
        }
        Action::Toggle => {
            let i = LANGS.iter().position(|l| *l == lib.lang).unwrap_or(0);
            lib.lang = LANGS[(i + 1) % LANGS.len()].to_string();
            lib.selected = 0;
            load(app);
        }
        Action::Edit | Action::Select => {
            if let Some(c) = lib.list.get(lib.selected) {
                lib.editor = Some(Editor {
                    key: c.key.clone(),
                    version: c.version,
                    field: TextField::new(&c.text, MAX_CHARS),
                    error: None,
                    words: Vec::new(),
                    original: c.text.clone(),
                });
            }
        }
        Action::Add => {
            let (kind, lang) = (lib.kind, lib.lang.clone());
            let key = sg::next_own_key(&app.env.conn, kind, &lang);
            match key {
                Ok(key) => {
                    if let Some(s) = state(app) {
                        s.library.editor = Some(Editor {
                            key,
                            version: None,
                            field: TextField::new("", MAX_CHARS),
                            error: None,
                            words: Vec::new(),
                            original: String::new(),
                        });
                    }
                }
                Err(e) => app.fault(e),
            }
        }
        Action::Pick { zone: 0, index } => {
            if let Some(a) = super::buttons(app).get(index as usize).map(|(_, a)| *a) {
                update(app, a);
            }
        }
        Action::Pick { zone: 1, index } => {
            let again = lib.selected == index as usize;
            if (index as usize) < n {
                lib.selected = index as usize;
                if again {
                    update(app, Action::Edit);
                }
            }
        }
        Action::Back => {
            s.tab = Tab::Due;
            super::reload(app);
        }
        _ => {}
    }
}

/// What is wrong with a template, in the words of the screen.
pub fn problem_text(app: &App, kind: Kind, p: &Problem) -> String {
    let loc = &app.env.locale;
    match p {
        Problem::Empty => loc.t("greetings.empty").to_string(),
        Problem::Unclosed => loc.t("greetings.unclosed").to_string(),
        Problem::UnknownPlaceholder(n) => {
            let allowed: Vec<String> = templates::placeholders(kind)
                .iter()
                .map(|p| format!("{{{p}}}"))
                .collect();
            loc.f(
                "greetings.unknown_placeholder",
                &[
                    ("name", &format!("{{{n}}}")),
                    ("allowed", &allowed.join(" ")),
                ],
            )
        }
        Problem::Forbidden(w) => loc.f("greetings.must_never", &[("words", &w.join("、"))]),
    }
}

fn save(app: &mut App) {
    let Screen::Greetings(s) = &app.screen else {
        return;
    };
    let lib = &s.library;
    let Some(ed) = &lib.editor else { return };
    let (kind, lang, key, version) = (lib.kind, lib.lang.clone(), ed.key.clone(), ed.version);
    let body = crate::domain::text::clean(ed.field.value(), MAX_CHARS);
    let never = app.greetings.never(kind, &lang).clone();
    if let Err(p) = templates::check(kind, &body, &never) {
        let text = problem_text(app, kind, &p);
        let words = match p {
            Problem::Forbidden(w) => w,
            _ => Vec::new(),
        };
        if let Some(s) = state(app)
            && let Some(ed) = &mut s.library.editor
        {
            ed.error = Some(text);
            ed.words = words;
        }
        let msg = app.t("greetings.refused").to_string();
        return app.error(msg);
    }
    let staff = app.user.as_ref().map(|u| u.id);
    // Off the screen's thread, like every save.
    app.save_in_background(
        move |conn| sg::save_template(conn, kind, &lang, &key, &body, version, staff),
        |app, result| match result {
            Ok(Saved::Done) => {
                if let Some(s) = state(app) {
                    s.library.editor = None;
                }
                load(app);
                let msg = app.t("greetings.saved").to_string();
                app.info(msg);
            }
            Ok(Saved::Stale) => {
                let msg = app.t("greetings.stale").to_string();
                if let Some(s) = state(app)
                    && let Some(ed) = &mut s.library.editor
                {
                    ed.error = Some(msg.clone());
                }
                app.error(msg);
            }
            Err(e) => app.fault(e),
        },
    );
}
