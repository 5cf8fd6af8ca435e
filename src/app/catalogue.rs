//! The catalogue for managers: find a product by style number, name or a
//! scanned barcode; add and edit one; mark a price change with its date
//! (audited, shown in the product's history); retire one without losing
//! its sales.

use anyhow::Result;
use chrono::NaiveDate;

use super::catalogue_edit;
pub use super::catalogue_edit::{Editor, PFIELDS, PField};
use super::input::TextField;
use super::{Action, App, Screen};
use crate::store::products::{self, PriceChange, Product, SaveError};

/// Products listed at once.
const LISTED: usize = 200;

/// A price change being entered: the new price and its day.
pub struct PriceForm {
    pub price: TextField,
    pub on: TextField,
    /// 0: price, 1: day.
    pub focus: usize,
    pub error: Option<String>,
}

pub enum Mode {
    List,
    Edit(Box<Editor>),
    Price(Box<PriceForm>),
}

pub struct CatalogueState {
    pub query: TextField,
    pub rows: Vec<Product>,
    /// Retired on, by row.
    pub retired: Vec<Option<NaiveDate>>,
    pub selected: usize,
    /// The selected product's barcodes and price history.
    pub barcodes: Vec<String>,
    pub history: Vec<PriceChange>,
    pub mode: Mode,
    /// Retire was asked once for this product; asking again retires it.
    pub retire_armed: Option<i64>,
}

impl CatalogueState {
    pub fn focused_is_text(&self) -> bool {
        match &self.mode {
            Mode::List | Mode::Price(_) => true,
            Mode::Edit(e) => e.is_text(e.field()),
        }
    }

    pub fn current(&self) -> Option<&Product> {
        self.rows.get(self.selected)
    }
}

/// The shop's categories: the keys of the policy's warranty table.
pub fn categories(app: &App) -> Vec<String> {
    let mut v: Vec<String> = products::CATEGORIES.iter().map(|s| s.to_string()).collect();
    v.retain(|c| app.env.locale.has(&format!("category.{c}")));
    v
}

pub(super) fn reload(app: &App, st: &mut CatalogueState) -> Result<()> {
    let conn = &app.env.conn;
    let q = st.query.value().trim();
    st.rows = match products::lookup(conn, q)? {
        Some(p) => vec![p],
        None => products::search(conn, q, LISTED, true)?,
    };
    st.retired = st
        .rows
        .iter()
        .map(|p| products::retired_on(conn, p.id))
        .collect::<Result<_>>()?;
    st.selected = st.selected.min(st.rows.len().saturating_sub(1));
    reload_detail(app, st)
}

pub(super) fn reload_detail(app: &App, st: &mut CatalogueState) -> Result<()> {
    let conn = &app.env.conn;
    match st.rows.get(st.selected) {
        Some(p) => {
            st.barcodes = products::barcodes(conn, p.id)?;
            st.history = products::price_changes(conn, p.id)?;
        }
        None => {
            st.barcodes.clear();
            st.history.clear();
        }
    }
    Ok(())
}

pub fn open(app: &mut App) {
    if !app.is_manager() {
        let msg = app.t("catalogue.managers_only").to_string();
        return app.error(msg);
    }
    let mut st = blank();
    st.query = TextField::new("", 64);
    match reload(app, &mut st) {
        Ok(()) => app.open(Screen::Catalogue(Box::new(st))),
        Err(e) => app.fault(e),
    }
}

pub fn update(app: &mut App, action: Action) {
    let Screen::Catalogue(st) = &mut app.screen else {
        return;
    };
    let mut st = std::mem::replace(st, Box::new(blank()));
    let result = match &st.mode {
        Mode::List => update_list(app, &mut st, action),
        Mode::Edit(_) => catalogue_edit::update(app, &mut st, action),
        Mode::Price(_) => update_price(app, &mut st, action),
    };
    let back = matches!(result, Ok(true));
    if let Screen::Catalogue(slot) = &mut app.screen {
        *slot = st;
    }
    if let Err(e) = result {
        app.fault(e);
    }
    if back {
        app.back();
    }
}

/// An empty catalogue (its search field takes nothing until opened).
fn blank() -> CatalogueState {
    CatalogueState {
        query: TextField::new("", 1),
        rows: Vec::new(),
        retired: Vec::new(),
        selected: 0,
        barcodes: Vec::new(),
        history: Vec::new(),
        mode: Mode::List,
        retire_armed: None,
    }
}

/// Returns whether to leave the screen.
fn update_list(app: &mut App, st: &mut CatalogueState, action: Action) -> Result<bool> {
    let len = st.rows.len();
    let before = st.selected;
    match action {
        Action::Type(c) if st.query.type_char(c) => {
            st.selected = 0;
            reload(app, st)?;
        }
        a if a.is_text_edit() && st.query.edit(a) => {
            st.selected = 0;
            reload(app, st)?;
        }
        Action::Up | Action::ScrollUp => st.selected = st.selected.saturating_sub(1),
        Action::Down | Action::ScrollDown => {
            st.selected = (st.selected + 1).min(len.saturating_sub(1))
        }
        Action::PageUp => st.selected = st.selected.saturating_sub(10),
        Action::PageDown => st.selected = (st.selected + 10).min(len.saturating_sub(1)),
        Action::Pick { zone: 0, index } if (index as usize) < len => {
            let again = st.selected == index as usize;
            st.selected = index as usize;
            if again {
                return update_list(app, st, Action::Edit);
            }
        }
        Action::Add => st.mode = Mode::Edit(Box::new(catalogue_edit::editor(app, None, &[]))),
        Action::Select | Action::Edit => {
            if let Some(p) = st.current().cloned() {
                st.mode = Mode::Edit(Box::new(catalogue_edit::editor(
                    app,
                    Some(&p),
                    &st.barcodes,
                )));
            }
        }
        Action::PriceChange if st.current().is_some() => {
            st.mode = Mode::Price(Box::new(PriceForm {
                price: TextField::new("", 12),
                on: TextField::new(&app.today().to_string(), 10),
                focus: 0,
                error: None,
            }));
        }
        Action::Remove => retire(app, st)?,
        Action::Refresh => reload(app, st)?,
        Action::Back => return Ok(true),
        _ => {}
    }
    if st.selected != before {
        st.retire_armed = None;
        reload_detail(app, st)?;
    }
    Ok(false)
}

fn retire(app: &mut App, st: &mut CatalogueState) -> Result<()> {
    let Some(p) = st.current().cloned() else {
        return Ok(());
    };
    if st.retired.get(st.selected).copied().flatten().is_some() {
        let msg = app
            .env
            .locale
            .f("catalogue.already_retired", &[("style", &p.style_no)]);
        app.error(msg);
        return Ok(());
    }
    if st.retire_armed != Some(p.id) {
        st.retire_armed = Some(p.id);
        let msg = app
            .env
            .locale
            .f("catalogue.retire_confirm", &[("style", &p.style_no)]);
        app.info(msg);
        return Ok(());
    }
    st.retire_armed = None;
    let staff = app.user.as_ref().map(|u| u.id);
    let today = app.today();
    crate::store::write(&mut app.env.conn, |tx| {
        products::retire(tx, p.id, today, staff)
    })?;
    reload(app, st)?;
    let msg = app
        .env
        .locale
        .f("catalogue.retired", &[("style", &p.style_no)]);
    app.info(msg);
    Ok(())
}

fn update_price(app: &mut App, st: &mut CatalogueState, action: Action) -> Result<bool> {
    let Mode::Price(pf) = &mut st.mode else {
        return Ok(false);
    };
    match action {
        Action::NextFocus | Action::Down | Action::PrevFocus | Action::Up => {
            pf.focus = 1 - pf.focus
        }
        Action::Pick { zone: 1, index } if index < 2 => pf.focus = index as usize,
        Action::Type(c) => {
            let f = if pf.focus == 0 {
                &mut pf.price
            } else {
                &mut pf.on
            };
            f.type_char(c);
            pf.error = None;
        }
        a if a.is_text_edit() => {
            let f = if pf.focus == 0 {
                &mut pf.price
            } else {
                &mut pf.on
            };
            f.edit(a);
        }
        Action::Save | Action::Select => {
            let Some(price) = super::repair_form::parse_fen(pf.price.value()) else {
                pf.error = Some(app.t("catalogue.bad_price").to_string());
                pf.focus = 0;
                return Ok(false);
            };
            let Ok(on) = NaiveDate::parse_from_str(pf.on.value().trim(), "%Y-%m-%d") else {
                pf.error = Some(app.t("catalogue.bad_date").to_string());
                pf.focus = 1;
                return Ok(false);
            };
            let Some(p) = st.rows.get(st.selected).cloned() else {
                return Ok(false);
            };
            let staff = app.user.as_ref().map(|u| u.id);
            let today = app.today();
            let done = crate::store::write(&mut app.env.conn, |tx| {
                Ok(products::change_price(tx, p.id, price, on, staff, today))
            })?;
            match done {
                Ok(()) => {
                    st.mode = Mode::List;
                    reload(app, st)?;
                    let msg = app.env.locale.f(
                        "catalogue.price_changed",
                        &[
                            ("style", &p.style_no),
                            ("price", &app.env.locale.money(price)),
                            ("on", &on.to_string()),
                        ],
                    );
                    app.info(msg);
                }
                Err(SaveError::Db(e)) => return Err(e),
                Err(e) => {
                    if let Mode::Price(pf) = &mut st.mode {
                        pf.error = Some(app.t(&format!("catalogue.err.{}", e.code())).to_string());
                    }
                }
            }
        }
        Action::Back => st.mode = Mode::List,
        _ => {}
    }
    Ok(false)
}
