//! Finding a customer as you type.

use anyhow::Result;
use ratatui::Frame;
use ratatui::layout::Rect;
use std::any::Any;

use super::input::TextField;
use super::{Action, App, Ctx, Effect, HitMap, View};
use crate::keymap::Context;
use crate::store::search::{self, SearchResult};

/// How many matches the list shows.
pub const LIMIT: usize = 50;

pub struct SearchState {
    pub query: TextField,
    pub result: SearchResult,
    pub selected: usize,
    /// The last search failed: the list is empty because nothing could be read.
    pub failed: bool,
    /// The chain's other shops, asked with F8 (a shop of a chain).
    pub chain: super::chain_search::ChainSearch,
}

/// What a tap on the search lands on: a row of the matches.
pub struct Tap(pub usize);

impl SearchState {
    pub fn new() -> SearchState {
        SearchState {
            query: TextField::new("", 40),
            result: SearchResult::default(),
            selected: 0,
            failed: false,
            chain: super::chain_search::ChainSearch::Idle,
        }
    }

    /// Runs the query again (after an edit elsewhere).
    fn rerun(&mut self, cx: &Ctx) -> Result<()> {
        self.result = SearchResult::default();
        self.failed = true;
        self.result = search::search(&cx.env.conn, self.query.value(), LIMIT)?;
        self.failed = false;
        self.selected = self.selected.min(self.result.rows.len().saturating_sub(1));
        Ok(())
    }

    /// Searches for what is typed, from the first match.
    fn run(&mut self, cx: &mut Ctx) {
        self.chain = super::chain_search::ChainSearch::Idle;
        match search::search(&cx.env.conn, self.query.value(), LIMIT) {
            Ok(r) => {
                self.result = r;
                self.selected = 0;
                self.failed = false;
            }
            Err(e) => {
                self.result = SearchResult::default();
                self.selected = 0;
                self.failed = true;
                cx.fault(e);
            }
        }
    }

    fn open_selected(&self, cx: &mut Ctx) -> Effect {
        match self.result.rows.get(self.selected) {
            Some(hit) => super::file::open_file(cx, hit.id),
            None => Effect::None,
        }
    }
}

impl Default for SearchState {
    fn default() -> Self {
        SearchState::new()
    }
}

impl View for SearchState {
    fn changed_elsewhere(&mut self, cx: &mut Ctx) -> anyhow::Result<()> {
        View::reload(self, cx)
    }

    fn contexts(&self) -> Vec<Context> {
        vec![Context::Text, Context::Customers]
    }

    fn hints(&self, app: &App) -> Vec<Action> {
        let mut v = vec![Action::Select, Action::NewCustomer];
        if app.hq.is_some() {
            v.push(Action::SearchChain);
        }
        v.push(Action::Back);
        v
    }

    fn draw(&self, frame: &mut Frame, area: Rect, app: &App, hits: &mut HitMap) {
        crate::ui::customers::draw(frame, area, app, self, hits)
    }

    fn reload(&mut self, cx: &mut Ctx) -> Result<()> {
        self.rerun(cx)
    }

    fn paste(&mut self, text: &str, cx: &mut Ctx) -> Effect {
        if self.query.paste(text) {
            self.run(cx);
        }
        Effect::None
    }

    fn tap(&mut self, target: &dyn Any, cx: &mut Ctx) -> Effect {
        match target.downcast_ref::<Tap>() {
            Some(&Tap(index)) if index < self.result.rows.len() => {
                let again = self.selected == index;
                self.selected = index;
                if again {
                    return self.open_selected(cx);
                }
                Effect::None
            }
            _ => Effect::None,
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let len = self.result.rows.len();
        match action {
            Action::Type(c) if self.query.type_char(c) => self.run(cx),
            a if a.is_text_edit() && self.query.edit(a) => self.run(cx),
            a if super::cursor::move_in_list(&mut self.selected, len, &a) => {}
            Action::Select => return self.open_selected(cx),
            Action::SearchChain => return super::chain_search::ask(self, cx),
            Action::Back => {
                if self.query.value().is_empty() {
                    return Effect::Back;
                }
                self.query.clear();
                self.result = SearchResult::default();
                self.failed = false;
            }
            Action::Refresh => self.run(cx),
            _ => {}
        }
        Effect::None
    }
}
