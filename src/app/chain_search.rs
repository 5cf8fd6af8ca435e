//! The chain's customer directory from the customer search (issue 15): a
//! search that finds nobody in this shop offers the chain's other shops
//! (F8). Head office answers with name, tier, home shop and last purchase
//! there, the phone always masked; Enter takes the customer on: their file
//! is copied into this shop with its origin recorded and an audit entry
//! (`chain::directory`). Head office is reached off the screen's thread:
//! the search on the reading worker, the taking on on the saving worker.

use std::sync::Arc;

use anyhow::Result;

use super::customers::SearchState;
use super::{Action, App, Ctx, Effect, HitMap, View, cursor};
use crate::chain::directory::{self, Found, TakenOn};
use crate::keymap::Context;

/// How many customers of the chain a search shows.
pub const LIMIT: i32 = 30;

/// Where a chain search stands, shown under the search field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainSearch {
    Idle,
    /// Head office is being asked about this query.
    Asking(String),
    /// Head office found nobody for this query.
    NobodyFor(String),
    /// Head office could not be asked: the reason.
    Failed(String),
}

/// F8 on the customer search: asks head office for `query`.
pub fn ask(s: &mut SearchState, cx: &mut Ctx) -> Effect {
    let Some(hq) = cx.hq.cloned() else {
        let msg = cx.t("chain_search.no_hq").to_string();
        cx.error(msg);
        return Effect::None;
    };
    let query = s.query.value().trim().to_string();
    if query.chars().count() < 2 {
        let msg = cx.t("chain_search.too_short").to_string();
        cx.error(msg);
        return Effect::None;
    }
    if matches!(&s.chain, ChainSearch::Asking(_)) {
        return Effect::None;
    }
    s.chain = ChainSearch::Asking(query.clone());
    let asked = query.clone();
    cx.read(
        move |_| -> Result<Vec<Found>> {
            let mut client = crate::chain::connect(&hq)?;
            directory::find(&mut client, &asked, LIMIT)
        },
        move |app, found| answered(app, query, hq_rows(found)),
    );
    Effect::None
}

fn hq_rows(found: Result<Vec<Found>>) -> Result<Vec<Found>, String> {
    found.map_err(|e| format!("{e:#}"))
}

/// Head office's answer: the chain's customers on a list of their own.
fn answered(app: &mut App, query: String, found: Result<Vec<Found>, String>) {
    let Some(s) = app.view_mut::<SearchState>() else {
        return;
    };
    if s.chain != ChainSearch::Asking(query.clone()) {
        return;
    }
    match found {
        Ok(rows) if rows.is_empty() => s.chain = ChainSearch::NobodyFor(query),
        Ok(rows) => {
            s.chain = ChainSearch::Idle;
            app.apply(Effect::Open(Box::new(ChainList {
                query,
                rows,
                selected: 0,
                taking: false,
            })));
        }
        Err(e) => s.chain = ChainSearch::Failed(e),
    }
}

/// The customers head office found in the chain's other shops.
pub struct ChainList {
    pub query: String,
    pub rows: Vec<Found>,
    pub selected: usize,
    /// A taking on is on its way.
    pub taking: bool,
}

/// What a tap on the chain's list lands on.
pub enum Tap {
    Row(usize),
    TakeOn,
}

impl ChainList {
    /// Copies the selected customer's file into this shop, then opens it.
    fn take_on(&mut self, cx: &mut Ctx) -> Effect {
        let (Some(f), Some(hq), Some(staff)) =
            (self.rows.get(self.selected), cx.hq.cloned(), cx.user_id())
        else {
            return Effect::None;
        };
        if self.taking {
            return Effect::None;
        }
        self.taking = true;
        let (code, id, today) = (f.shop_code.clone(), f.id, cx.today());
        let from = f.shop_name.clone().unwrap_or_else(|| f.shop_code.clone());
        cx.save(
            move |conn| -> Result<TakenOn> {
                let mut client = crate::chain::connect(&Arc::clone(&hq))?;
                directory::take_on(conn, &mut client, &code, id, staff, today)
            },
            move |app, r| taken_on(app, &from, r),
        );
        Effect::None
    }
}

fn taken_on(app: &mut App, from: &str, r: Result<TakenOn>) {
    if let Some(v) = app.view_mut::<ChainList>() {
        v.taking = false;
    }
    let (local, key) = match r {
        Ok(TakenOn::New(id)) => (id, "chain_search.taken_on"),
        Ok(TakenOn::Already(id)) => (id, "chain_search.taken_before"),
        Err(e) => {
            let msg = app
                .env
                .locale
                .f("chain_search.not_taken", &[("detail", &format!("{e:#}"))]);
            return app.error(msg);
        }
    };
    let msg = app.env.locale.f(key, &[("shop", from)]);
    let effect = app.with_ctx(|cx| super::file::open_file(cx, local));
    let effect = match effect {
        Effect::Open(file) => Effect::Replace(file),
        other => other,
    };
    app.apply(effect);
    app.info(msg);
}

impl View for ChainList {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Customers]
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![Action::Select, Action::Back]
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        app: &App,
        hits: &mut HitMap,
    ) {
        crate::ui::chain_search::draw(frame, area, app, self, hits)
    }

    fn tap(&mut self, target: &dyn std::any::Any, cx: &mut Ctx) -> Effect {
        match target.downcast_ref::<Tap>() {
            Some(Tap::Row(i)) if *i < self.rows.len() => {
                self.selected = *i;
                Effect::None
            }
            Some(Tap::TakeOn) => self.take_on(cx),
            _ => Effect::None,
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        match action {
            a if cursor::move_in_list(&mut self.selected, self.rows.len(), &a) => Effect::None,
            Action::Select => self.take_on(cx),
            Action::Back => Effect::Back,
            _ => Effect::None,
        }
    }
}
