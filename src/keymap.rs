//! Key maps: `keymaps/<name>.toml` turned into (context, key) → action.
//!
//! An unknown context or action, a key that cannot be read, or two actions
//! on one key in one context is an error naming the file and line; the app
//! refuses to start on any of them. A user's own `keymap.toml` replaces
//! single bindings of the chosen map (`"F5" = "none"` removes one).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::app::action::Action;
use crate::shop_data::files::{DataError, Files, Source};

/// Where a binding applies. `Text` applies while a text field has the
/// focus, before the screen's own context; `Global` applies last everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    Text,
    SignIn,
    Home,
    Customers,
    CustomerFile,
    Form,
    Dialog,
    Staff,
    /// The open complaints list.
    Complaints,
    /// One complaint and its next move.
    Complaint,
    /// The nine steps at the counter.
    Counter,
    /// The three registers and the figures.
    Register,
    Visit,
    Visits,
    Desk,
    Job,
    Returns,
    /// The callbacks screen: tasks and the contact log.
    Callbacks,
    /// Working one task: outcome, answers, note.
    Callback,
    /// Birthdays, festivals and season changes to greet; the message library.
    Greetings,
    /// The VIP screen: gold customers, gatherings, campaigns.
    Vip,
    /// The manager's staff board.
    Board,
    /// The catalogue: products, prices, retiring.
    Catalogue,
}

impl Context {
    pub const ALL: [Context; 24] = [
        Context::Global,
        Context::Text,
        Context::SignIn,
        Context::Home,
        Context::Customers,
        Context::CustomerFile,
        Context::Form,
        Context::Dialog,
        Context::Staff,
        Context::Complaints,
        Context::Complaint,
        Context::Counter,
        Context::Register,
        Context::Visit,
        Context::Visits,
        Context::Desk,
        Context::Job,
        Context::Returns,
        Context::Callbacks,
        Context::Callback,
        Context::Greetings,
        Context::Vip,
        Context::Board,
        Context::Catalogue,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Text => "text",
            Context::SignIn => "signin",
            Context::Home => "home",
            Context::Customers => "customers",
            Context::CustomerFile => "customer_file",
            Context::Form => "form",
            Context::Dialog => "dialog",
            Context::Staff => "staff",
            Context::Complaints => "complaints",
            Context::Complaint => "complaint",
            Context::Counter => "counter",
            Context::Register => "register",
            Context::Visit => "visit",
            Context::Visits => "visits",
            Context::Desk => "desk",
            Context::Job => "job",
            Context::Returns => "returns",
            Context::Callbacks => "callbacks",
            Context::Callback => "callback",
            Context::Greetings => "greetings",
            Context::Vip => "vip",
            Context::Board => "board",
            Context::Catalogue => "catalogue",
        }
    }

    fn from_name(s: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == s)
    }
}

/// A key with its modifiers, as written in key map files (`Ctrl-s`, `F2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    /// The key of a terminal event, with Shift folded into the character.
    pub fn from_event(ev: &KeyEvent) -> Key {
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match ev.code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods }
    }

    pub fn parse(s: &str) -> Option<Key> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            let taken = if lower.starts_with("ctrl-") {
                mods |= KeyModifiers::CONTROL;
                5
            } else if lower.starts_with("alt-") {
                mods |= KeyModifiers::ALT;
                4
            } else if lower.starts_with("shift-") && rest.len() > 6 {
                mods |= KeyModifiers::SHIFT;
                6
            } else {
                break;
            };
            rest = &rest[taken..];
        }
        let lower = rest.to_ascii_lowercase();
        let code = match lower.as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "insert" | "ins" => KeyCode::Insert,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            f if f.starts_with('f')
                && f.len() > 1
                && f[1..].chars().all(|c| c.is_ascii_digit()) =>
            {
                let n: u8 = f[1..].parse().ok()?;
                if !(1..=12).contains(&n) {
                    return None;
                }
                KeyCode::F(n)
            }
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() || c.is_control() {
                    return None;
                }
                if mods.contains(KeyModifiers::SHIFT) {
                    mods.remove(KeyModifiers::SHIFT);
                    KeyCode::Char(c.to_ascii_uppercase())
                } else if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
        };
        Some(Key { code, mods })
    }

    /// How the key is written on screen and in files.
    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            s.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            s.push_str("Alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            s.push_str("Shift-");
        }
        match self.code {
            KeyCode::Enter => s.push_str("Enter"),
            KeyCode::Esc => s.push_str("Esc"),
            KeyCode::Tab => s.push_str("Tab"),
            KeyCode::BackTab => s.push_str("Shift-Tab"),
            KeyCode::Backspace => s.push_str("Backspace"),
            KeyCode::Delete => s.push_str("Del"),
            KeyCode::Insert => s.push_str("Ins"),
            KeyCode::Up => s.push('↑'),
            KeyCode::Down => s.push('↓'),
            KeyCode::Left => s.push('←'),
            KeyCode::Right => s.push('→'),
            KeyCode::Home => s.push_str("Home"),
            KeyCode::End => s.push_str("End"),
            KeyCode::PageUp => s.push_str("PgUp"),
            KeyCode::PageDown => s.push_str("PgDn"),
            KeyCode::Char(' ') => s.push_str("Space"),
            KeyCode::Char(c) => s.push(c),
            KeyCode::F(n) => s.push_str(&format!("F{n}")),
            _ => s.push('?'),
        }
        s
    }
}

#[derive(Debug, Clone, Default)]
pub struct KeyMap {
    pub name: String,
    bindings: HashMap<Context, BTreeMap<KeyOrder, Action>>,
}

/// Keys sorted for the help overlay: F-keys, then named keys, then characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct KeyOrder(Key);

impl Ord for KeyOrder {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        fn rank(k: &Key) -> (u8, String) {
            let class = match k.code {
                KeyCode::F(n) => return (0, format!("{n:02}")),
                KeyCode::Char(_) => 3,
                _ if k.mods.is_empty() => 1,
                _ => 2,
            };
            (class, k.label())
        }
        rank(&self.0).cmp(&rank(&other.0))
    }
}

impl PartialOrd for KeyOrder {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl KeyMap {
    /// Loads `keymaps/<name>.toml` (or a file path), then lays the user's
    /// own file over it. Every problem found is returned, not just the first.
    pub fn load(files: &Files, name: &str, user: Option<&Path>) -> Result<KeyMap, Vec<DataError>> {
        let src = if name.ends_with(".toml") || name.contains('/') {
            Files::read_path(Path::new(name))
        } else {
            files.read(&format!("keymaps/{name}.toml"))
        }
        .map_err(|e| vec![e])?;
        let mut map = KeyMap {
            name: name.to_string(),
            bindings: HashMap::new(),
        };
        let mut errors = map.apply(&src);
        if let Some(path) = user.filter(|p| p.is_file()) {
            match Files::read_path(path) {
                Ok(u) => errors.extend(map.apply(&u)),
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(map)
        } else {
            Err(errors)
        }
    }

    pub fn from_source(src: &Source) -> Result<KeyMap, Vec<DataError>> {
        let mut map = KeyMap::default();
        let errors = map.apply(src);
        if errors.is_empty() {
            Ok(map)
        } else {
            Err(errors)
        }
    }

    /// Adds the bindings of one file; a key bound in this file replaces the
    /// same key from an earlier file, but two in the same file conflict.
    fn apply(&mut self, src: &Source) -> Vec<DataError> {
        let table: toml::Table = match src.parse() {
            Ok(t) => t,
            Err(e) => return vec![e],
        };
        let mut errors = Vec::new();
        for (section, value) in &table {
            let Some(ctx) = Context::from_name(section) else {
                let known: Vec<&str> = Context::ALL.iter().map(|c| c.name()).collect();
                errors.push(src.error(
                    line_of_section(&src.text, section),
                    format!("unknown context [{section}]; known: {}", known.join(", ")),
                ));
                continue;
            };
            let toml::Value::Table(entries) = value else {
                errors.push(src.error(
                    src.line_of("", section),
                    format!("{section} must be a table of key = \"action\""),
                ));
                continue;
            };
            let mut seen: HashMap<Key, (String, String)> = HashMap::new();
            for (key_text, action_value) in entries {
                let line = src.line_of(section, key_text);
                let Some(key) = Key::parse(key_text) else {
                    errors.push(src.error(
                        line,
                        format!("[{section}] cannot read the key \"{key_text}\""),
                    ));
                    continue;
                };
                let Some(action_name) = action_value.as_str() else {
                    errors.push(src.error(
                        line,
                        format!("[{section}] \"{key_text}\" must name an action in quotes"),
                    ));
                    continue;
                };
                if let Some((other_key, other_action)) = seen.get(&key) {
                    errors.push(src.error(
                        line,
                        format!(
                            "[{section}] \"{key_text}\" is the same key as \"{other_key}\": \
                             it cannot mean both {action_name} and {other_action}"
                        ),
                    ));
                    continue;
                }
                seen.insert(key, (key_text.clone(), action_name.to_string()));
                let slot = self.bindings.entry(ctx).or_default();
                if action_name == "none" {
                    slot.remove(&KeyOrder(key));
                    continue;
                }
                match Action::from_name(action_name) {
                    Some(a) => {
                        slot.insert(KeyOrder(key), a);
                    }
                    None => errors.push(src.error(
                        line,
                        format!("[{section}] \"{key_text}\": unknown action \"{action_name}\""),
                    )),
                }
            }
        }
        errors
    }

    /// The action of a key, looking in `contexts` in order, then `Global`.
    pub fn resolve(&self, contexts: &[Context], ev: &KeyEvent) -> Option<Action> {
        let key = KeyOrder(Key::from_event(ev));
        contexts
            .iter()
            .chain(std::iter::once(&Context::Global))
            .find_map(|c| self.bindings.get(c).and_then(|b| b.get(&key)).copied())
    }

    /// The action of a key in one context alone (no `Global`).
    pub fn resolve_only(&self, ctx: Context, ev: &KeyEvent) -> Option<Action> {
        let key = KeyOrder(Key::from_event(ev));
        self.bindings.get(&ctx).and_then(|b| b.get(&key)).copied()
    }

    /// The bindings of one context, for the help overlay.
    pub fn bindings(&self, ctx: Context) -> Vec<(String, Action)> {
        self.bindings
            .get(&ctx)
            .map(|b| b.iter().map(|(k, a)| (k.0.label(), *a)).collect())
            .unwrap_or_default()
    }

    /// The first key that does `action` in `contexts` (then `Global`), for hints.
    pub fn key_for(&self, contexts: &[Context], action: Action) -> Option<String> {
        contexts
            .iter()
            .chain(std::iter::once(&Context::Global))
            .find_map(|c| {
                self.bindings.get(c).and_then(|b| {
                    b.iter()
                        .find(|(_, a)| **a == action)
                        .map(|(k, _)| k.0.label())
                })
            })
    }
}

fn line_of_section(text: &str, section: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.trim().trim_matches(|c| c == '[' || c == ']').trim() == section
                && l.trim().starts_with('[')
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests;
