//! The catalogue for managers: find a product by style number, name or a
//! scanned barcode; add and edit one; mark a price change with its date
//! (audited, shown in the product's history); retire one without losing
//! its sales.

use anyhow::Result;
use chrono::NaiveDate;

use super::input::TextField;
use super::{Action, App, Screen};
use crate::store::products::{self, PriceChange, Product, SaveError};

/// Products listed at once.
const LISTED: usize = 200;

/// The editor's fields, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PField {
    StyleNo,
    Name,
    Category,
    ListPrice,
    CurrentPrice,
    Clearance,
    MadeToOrder,
    Sizes,
    Colours,
    Barcodes,
}

pub const PFIELDS: [PField; 10] = [
    PField::StyleNo,
    PField::Name,
    PField::Category,
    PField::ListPrice,
    PField::CurrentPrice,
    PField::Clearance,
    PField::MadeToOrder,
    PField::Sizes,
    PField::Colours,
    PField::Barcodes,
];

impl PField {
    pub fn key(self) -> &'static str {
        match self {
            PField::StyleNo => "catalogue.f_style_no",
            PField::Name => "catalogue.f_name",
            PField::Category => "catalogue.f_category",
            PField::ListPrice => "catalogue.f_list_price",
            PField::CurrentPrice => "catalogue.f_current_price",
            PField::Clearance => "catalogue.f_clearance",
            PField::MadeToOrder => "catalogue.f_made_to_order",
            PField::Sizes => "catalogue.f_sizes",
            PField::Colours => "catalogue.f_colours",
            PField::Barcodes => "catalogue.f_barcodes",
        }
    }
}

pub struct Editor {
    /// The product edited; `None` for a new one.
    pub id: Option<i64>,
    /// Text of each text field, by position in [`PFIELDS`].
    pub texts: Vec<TextField>,
    pub category: usize,
    pub clearance: bool,
    pub made_to_order: bool,
    pub focus: usize,
    pub error: Option<(PField, String)>,
}

impl Editor {
    pub fn field(&self) -> PField {
        PFIELDS[self.focus]
    }

    pub fn is_text(&self, f: PField) -> bool {
        !matches!(
            f,
            PField::Category | PField::Clearance | PField::MadeToOrder
        ) && !(f == PField::CurrentPrice && self.id.is_some())
    }

    pub fn text(&self, f: PField) -> &str {
        let i = PFIELDS.iter().position(|x| *x == f).unwrap_or(0);
        self.texts[i].value()
    }
}

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
    Price(PriceForm),
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

fn reload(app: &App, st: &mut CatalogueState) -> Result<()> {
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

fn reload_detail(app: &App, st: &mut CatalogueState) -> Result<()> {
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
    let mut st = CatalogueState {
        query: TextField::new("", 64),
        rows: Vec::new(),
        retired: Vec::new(),
        selected: 0,
        barcodes: Vec::new(),
        history: Vec::new(),
        mode: Mode::List,
        retire_armed: None,
    };
    match reload(app, &mut st) {
        Ok(()) => app.open(Screen::Catalogue(Box::new(st))),
        Err(e) => app.fault(e),
    }
}

fn editor(app: &App, p: Option<&Product>, barcodes: &[String]) -> Editor {
    let cats = categories(app);
    let money = |fen: i64| format!("{}.{:02}", fen / 100, fen % 100);
    let values: Vec<String> = PFIELDS
        .iter()
        .map(|f| match (f, p) {
            (PField::StyleNo, Some(p)) => p.style_no.clone(),
            (PField::Name, Some(p)) => p.name.clone(),
            (PField::ListPrice, Some(p)) => money(p.list_price_fen),
            (PField::CurrentPrice, Some(p)) => money(p.current_price_fen),
            (PField::Sizes, Some(p)) => p.sizes.clone(),
            (PField::Colours, Some(p)) => p.colours.clone(),
            (PField::Barcodes, Some(_)) => barcodes.join(","),
            _ => String::new(),
        })
        .collect();
    Editor {
        id: p.map(|p| p.id),
        texts: values.iter().map(|v| TextField::new(v, 200)).collect(),
        category: p
            .and_then(|p| cats.iter().position(|c| *c == p.category))
            .unwrap_or(0),
        clearance: p.is_some_and(|p| p.clearance),
        made_to_order: p.is_some_and(|p| p.made_to_order),
        focus: 0,
        error: None,
    }
}

pub fn update(app: &mut App, action: Action) {
    let Screen::Catalogue(st) = &mut app.screen else {
        return;
    };
    let mut st = std::mem::replace(st, Box::new(blank()));
    let result = match &st.mode {
        Mode::List => update_list(app, &mut st, action),
        Mode::Edit(_) => update_editor(app, &mut st, action),
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
        Action::Type(c) => {
            if st.query.type_char(c) {
                st.selected = 0;
                reload(app, st)?;
            }
        }
        a if a.is_text_edit() => {
            if st.query.edit(a) {
                st.selected = 0;
                reload(app, st)?;
            }
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
        Action::Add => st.mode = Mode::Edit(Box::new(editor(app, None, &[]))),
        Action::Select | Action::Edit => {
            if let Some(p) = st.current().cloned() {
                st.mode = Mode::Edit(Box::new(editor(app, Some(&p), &st.barcodes)));
            }
        }
        Action::PriceChange => {
            if st.current().is_some() {
                st.mode = Mode::Price(PriceForm {
                    price: TextField::new("", 12),
                    on: TextField::new(&app.today().to_string(), 10),
                    focus: 0,
                    error: None,
                });
            }
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

fn update_editor(app: &mut App, st: &mut CatalogueState, action: Action) -> Result<bool> {
    let Mode::Edit(ed) = &mut st.mode else {
        return Ok(false);
    };
    let n = PFIELDS.len();
    let field = ed.field();
    let text = ed.is_text(field);
    match action {
        Action::NextFocus | Action::Down => ed.focus = (ed.focus + 1) % n,
        Action::PrevFocus | Action::Up => ed.focus = (ed.focus + n - 1) % n,
        Action::Pick { zone: 1, index } if (index as usize) < n => {
            let again = ed.focus == index as usize;
            ed.focus = index as usize;
            if again && !text {
                toggle(app, ed);
            }
        }
        Action::Toggle | Action::Type(' ') if !text => toggle(app, ed),
        Action::Type(c) if text => {
            ed.texts[ed.focus].type_char(c);
            ed.error = None;
        }
        a if a.is_text_edit() && text => {
            ed.texts[ed.focus].edit(a);
        }
        Action::Select => ed.focus = (ed.focus + 1) % n,
        Action::Save => save(app, st)?,
        Action::Back => st.mode = Mode::List,
        _ => {}
    }
    Ok(false)
}

fn toggle(app: &App, ed: &mut Editor) {
    match ed.field() {
        PField::Category => ed.category = (ed.category + 1) % categories(app).len().max(1),
        PField::Clearance => ed.clearance = !ed.clearance,
        PField::MadeToOrder => ed.made_to_order = !ed.made_to_order,
        _ => {}
    }
}

fn save(app: &mut App, st: &mut CatalogueState) -> Result<()> {
    let Mode::Edit(ed) = &mut st.mode else {
        return Ok(());
    };
    let cats = categories(app);
    let bad_price = app.t("catalogue.bad_price").to_string();
    let price = |f: PField| super::repair_form::parse_fen(ed.text(f));
    let Some(list) = price(PField::ListPrice) else {
        ed.error = Some((PField::ListPrice, bad_price));
        return Ok(());
    };
    let current = if ed.text(PField::CurrentPrice).trim().is_empty() {
        Some(list)
    } else {
        price(PField::CurrentPrice)
    };
    let Some(current) = current else {
        ed.error = Some((PField::CurrentPrice, bad_price));
        return Ok(());
    };
    let p = Product {
        id: ed.id.unwrap_or(0),
        style_no: ed.text(PField::StyleNo).to_string(),
        name: ed.text(PField::Name).to_string(),
        category: cats.get(ed.category).cloned().unwrap_or_default(),
        list_price_fen: list,
        current_price_fen: current,
        clearance: ed.clearance,
        made_to_order: ed.made_to_order,
        sizes: ed.text(PField::Sizes).to_string(),
        colours: ed.text(PField::Colours).to_string(),
    };
    let barcodes: Vec<String> = ed
        .text(PField::Barcodes)
        .split([',', '，', ' '])
        .map(str::to_string)
        .collect();
    let staff = app.user.as_ref().map(|u| u.id);
    let cat_refs: Vec<&str> = cats.iter().map(String::as_str).collect();
    let id = ed.id;
    let saved = crate::store::write(&mut app.env.conn, |tx| {
        Ok(match id {
            None => products::create(tx, &p, &barcodes, staff, &cat_refs),
            Some(_) => products::update(tx, &p, &barcodes, staff, &cat_refs).map(|()| p.id),
        })
    })?;
    match saved {
        Ok(new_id) => {
            st.mode = Mode::List;
            st.query.set("");
            reload(app, st)?;
            st.selected = st.rows.iter().position(|r| r.id == new_id).unwrap_or(0);
            reload_detail(app, st)?;
            let msg = app
                .env
                .locale
                .f("catalogue.saved", &[("style", &p.style_no)]);
            app.info(msg);
        }
        Err(SaveError::Db(e)) => return Err(e),
        Err(e) => {
            let at = match &e {
                SaveError::Required("name") => PField::Name,
                SaveError::Category(_) => PField::Category,
                SaveError::Price => PField::ListPrice,
                SaveError::BarcodeTaken(_) => PField::Barcodes,
                _ => PField::StyleNo,
            };
            let msg = app.t(&format!("catalogue.err.{}", e.code())).to_string();
            ed.error = Some((at, msg));
            ed.focus = PFIELDS.iter().position(|f| *f == at).unwrap_or(0);
        }
    }
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
