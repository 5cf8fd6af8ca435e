//! Finding a customer as you type.

use anyhow::Result;

use super::input::TextField;
use super::{Action, App, Screen, file};
use crate::store::search::{self, SearchResult};

/// How many matches the list shows.
pub const LIMIT: usize = 50;

pub struct SearchState {
    pub query: TextField,
    pub result: SearchResult,
    pub selected: usize,
    /// The last search failed: the list is empty because nothing could be read.
    pub failed: bool,
}

impl SearchState {
    pub fn new() -> SearchState {
        SearchState {
            query: TextField::new("", 40),
            result: SearchResult::default(),
            selected: 0,
            failed: false,
        }
    }

    /// Runs the query again (after an edit elsewhere).
    pub fn rerun(&mut self, app: &App) -> Result<()> {
        self.result = SearchResult::default();
        self.failed = true;
        self.result = search::search(&app.env.conn, self.query.value(), LIMIT)?;
        self.failed = false;
        self.selected = self.selected.min(self.result.rows.len().saturating_sub(1));
        Ok(())
    }
}

impl Default for SearchState {
    fn default() -> Self {
        SearchState::new()
    }
}

pub fn paste(app: &mut App, text: &str) {
    if let Screen::Customers(s) = &mut app.screen
        && s.query.paste(text)
    {
        run(app);
    }
}

fn run(app: &mut App) {
    let Screen::Customers(s) = &mut app.screen else {
        return;
    };
    match search::search(&app.env.conn, s.query.value(), LIMIT) {
        Ok(r) => {
            s.result = r;
            s.selected = 0;
            s.failed = false;
        }
        Err(e) => {
            s.result = SearchResult::default();
            s.selected = 0;
            s.failed = true;
            app.fault(e);
        }
    }
}

pub fn update(app: &mut App, action: Action) {
    let Screen::Customers(s) = &mut app.screen else {
        return;
    };
    let len = s.result.rows.len();
    match action {
        Action::Type(c) if s.query.type_char(c) => {
            run(app);
        }
        a if a.is_text_edit() && s.query.edit(a) => {
            run(app);
        }
        Action::Up | Action::ScrollUp => s.selected = s.selected.saturating_sub(1),
        Action::Down | Action::ScrollDown => {
            s.selected = (s.selected + 1).min(len.saturating_sub(1))
        }
        Action::PageUp => s.selected = s.selected.saturating_sub(10),
        Action::PageDown => s.selected = (s.selected + 10).min(len.saturating_sub(1)),
        Action::First => s.selected = 0,
        Action::Last => s.selected = len.saturating_sub(1),
        Action::Pick { zone: 0, index } if (index as usize) < len => {
            let again = s.selected == index as usize;
            s.selected = index as usize;
            if again {
                open_selected(app);
            }
        }
        Action::Select => open_selected(app),
        Action::Back => {
            if s.query.value().is_empty() {
                app.back();
            } else {
                s.query.clear();
                s.result = SearchResult::default();
                s.failed = false;
            }
        }
        Action::Refresh => run(app),
        _ => {}
    }
}

fn open_selected(app: &mut App) {
    let Screen::Customers(s) = &app.screen else {
        return;
    };
    if let Some(hit) = s.result.rows.get(s.selected) {
        file::open(app, hit.id);
    }
}
