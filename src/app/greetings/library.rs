//! The message library in the app: templates by kind and language, added
//! and edited into the database so every terminal of the shop shares them
//! (editing a file template saves the shop's own copy). Each save is
//! checked against the kind's rules; a refused save keeps what was typed.

use super::{GreetingsState, Tab};
use crate::app::input::TextField;
use crate::app::{Action, App, Ctx, Effect};
use crate::domain::occasions::Kind;
use crate::domain::templates::{self, Problem};
use crate::i18n::LANGS;
use crate::shop_data::greetings::{self as greetings_data, Choice};
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

/// Reads the templates of the kind and language in view.
pub fn load(s: &mut GreetingsState, cx: &Ctx) -> anyhow::Result<()> {
    let lib = &mut s.library;
    let shop = sg::templates(&cx.env.conn, lib.kind, &lib.lang)?;
    let list = greetings_data::choices(cx.greetings, &shop, lib.kind, &lib.lang);
    lib.selected = lib.selected.min(list.len().saturating_sub(1));
    lib.list = list;
    Ok(())
}

/// A tap on template `i`: selects it; again, edits it.
pub fn tap(s: &mut GreetingsState, i: usize, cx: &mut Ctx) -> Effect {
    let lib = &mut s.library;
    if lib.editor.is_some() || i >= lib.list.len() {
        return Effect::None;
    }
    let again = lib.selected == i;
    lib.selected = i;
    if again {
        return update(s, Action::Edit, cx);
    }
    Effect::None
}

pub fn update(s: &mut GreetingsState, action: Action, cx: &mut Ctx) -> Effect {
    let lib = &mut s.library;
    if let Some(ed) = &mut lib.editor {
        match action {
            Action::Type(c) => {
                ed.field.type_char(c);
            }
            a if a.is_text_edit() => {
                ed.field.edit(a);
            }
            Action::Save => save(s, cx),
            Action::Back => lib.editor = None,
            _ => {}
        }
        return Effect::None;
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
            return Effect::from_result(load(s, cx));
        }
        Action::Toggle | Action::ToggleBack => {
            let i = LANGS.iter().position(|l| *l == lib.lang).unwrap_or(0);
            let back = action == Action::ToggleBack;
            lib.lang = LANGS[crate::app::action::cycle(i, LANGS.len(), back)].to_string();
            lib.selected = 0;
            return Effect::from_result(load(s, cx));
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
        Action::Add => match sg::next_own_key(&cx.env.conn, lib.kind, &lib.lang) {
            Ok(key) => {
                lib.editor = Some(Editor {
                    key,
                    version: None,
                    field: TextField::new("", MAX_CHARS),
                    error: None,
                    words: Vec::new(),
                    original: String::new(),
                });
            }
            Err(e) => return Effect::Fault(e),
        },
        Action::Back => {
            s.tab = Tab::Due;
            return Effect::from_result(s.read(cx));
        }
        _ => {}
    }
    Effect::None
}

/// What is wrong with a template, in the words of the screen.
pub fn problem_text(app: &App, kind: Kind, p: &Problem) -> String {
    problem_words(&app.env.locale, kind, p)
}

fn problem_words(loc: &crate::i18n::Locale, kind: Kind, p: &Problem) -> String {
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

fn save(s: &mut GreetingsState, cx: &mut Ctx) {
    let lib = &mut s.library;
    let Some(ed) = &mut lib.editor else { return };
    let (kind, lang, key, version) = (lib.kind, lib.lang.clone(), ed.key.clone(), ed.version);
    let body = crate::domain::text::clean(ed.field.value(), MAX_CHARS);
    let never = cx.greetings.never(kind, &lang).clone();
    if let Err(p) = templates::check(kind, &body, &never) {
        ed.error = Some(problem_words(&cx.env.locale, kind, &p));
        ed.words = match p {
            Problem::Forbidden(w) => w,
            _ => Vec::new(),
        };
        let msg = cx.t("greetings.refused").to_string();
        return cx.error(msg);
    }
    let staff = cx.user_id();
    cx.save(
        move |conn| sg::save_template(conn, kind, &lang, &key, &body, version, staff),
        |app, result| {
            let saved = match result {
                Ok(s) => s,
                Err(e) => return app.fault(e),
            };
            if app.view::<GreetingsState>().is_none() {
                return match saved {
                    Saved::Done => {
                        let msg = app.t("greetings.saved").to_string();
                        app.info(msg)
                    }
                    Saved::Stale => {
                        let msg = app.t("greetings.stale").to_string();
                        app.error(msg)
                    }
                };
            }
            app.on_view_as::<GreetingsState>(|s, cx| saved_template(s, saved, cx));
        },
    );
}

/// The template saved: the editor closes and the list is read again;
/// someone else's newer save: said beside the field.
fn saved_template(s: &mut GreetingsState, saved: Saved, cx: &mut Ctx) -> Effect {
    match saved {
        Saved::Done => {
            s.library.editor = None;
            if let Err(e) = load(s, cx) {
                return Effect::Fault(e);
            }
            let msg = cx.t("greetings.saved").to_string();
            cx.info(msg);
        }
        Saved::Stale => {
            let msg = cx.t("greetings.stale").to_string();
            if let Some(ed) = &mut s.library.editor {
                ed.error = Some(msg.clone());
            }
            cx.error(msg);
        }
    }
    Effect::None
}
