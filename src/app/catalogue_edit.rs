//! The catalogue's product editor: every field but the current price on an
//! existing product (that changes only through a dated price change).
//! The product is saved off the screen's thread.

use anyhow::Result;

use super::catalogue::{CatalogueState, Mode, categories};
use super::input::TextField;
use super::{Action, App, Ctx, Effect, cursor};
use crate::i18n::Locale;
use crate::store::products::{self, Product, SaveError};

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
        let choice = matches!(
            f,
            PField::Category | PField::Clearance | PField::MadeToOrder
        );
        let fixed_price = f == PField::CurrentPrice && self.id.is_some();
        !choice && !fixed_price
    }

    pub fn text(&self, f: PField) -> &str {
        let i = PFIELDS.iter().position(|x| *x == f).unwrap_or(0);
        self.texts[i].value()
    }
}

pub(super) fn editor(loc: &Locale, p: Option<&Product>, barcodes: &[String]) -> Editor {
    let cats = categories(loc);
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

pub(super) fn update(st: &mut CatalogueState, action: Action, cx: &mut Ctx) -> Result<bool> {
    let Mode::Edit(ed) = &mut st.mode else {
        return Ok(false);
    };
    let n = PFIELDS.len();
    let field = ed.field();
    let text = ed.is_text(field);
    match action {
        a if cursor::move_focus(&mut ed.focus, n, &a) => {}
        Action::Toggle | Action::Type(' ') if !text => toggle(&cx.env.locale, ed, false),
        Action::ToggleBack if !text => toggle(&cx.env.locale, ed, true),
        Action::Type(c) if text => {
            ed.texts[ed.focus].type_char(c);
            ed.error = None;
        }
        a if a.is_text_edit() && text => {
            ed.texts[ed.focus].edit(a);
        }
        Action::Select => ed.focus = (ed.focus + 1) % n,
        Action::Save => save(ed, cx),
        Action::Back => st.mode = Mode::List,
        _ => {}
    }
    Ok(false)
}

/// A tap on field `i`: focuses it; on the focused choice, turns it.
pub(super) fn tap_field(st: &mut CatalogueState, i: usize, cx: &Ctx) {
    let Mode::Edit(ed) = &mut st.mode else {
        return;
    };
    if i >= PFIELDS.len() {
        return;
    }
    let again = ed.focus == i;
    ed.focus = i;
    if again && !ed.is_text(ed.field()) {
        toggle(&cx.env.locale, ed, false);
    }
}

fn toggle(loc: &Locale, ed: &mut Editor, back: bool) {
    match ed.field() {
        PField::Category => {
            ed.category = super::action::cycle(ed.category, categories(loc).len(), back)
        }
        PField::Clearance => ed.clearance = !ed.clearance,
        PField::MadeToOrder => ed.made_to_order = !ed.made_to_order,
        _ => {}
    }
}

/// The product as typed, or the field whose price is not one.
fn product(ed: &Editor, cats: &[String]) -> Result<Product, PField> {
    let price = |f: PField| super::repair_form::parse_fen(ed.text(f));
    let list = price(PField::ListPrice).ok_or(PField::ListPrice)?;
    let current = if ed.text(PField::CurrentPrice).trim().is_empty() {
        Some(list)
    } else {
        price(PField::CurrentPrice)
    };
    let current = current.ok_or(PField::CurrentPrice)?;
    Ok(Product {
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
    })
}

/// Checks the prices, then saves the product off the screen's thread.
fn save(ed: &mut Editor, cx: &mut Ctx) {
    let cats = categories(&cx.env.locale);
    let p = match product(ed, &cats) {
        Ok(p) => p,
        Err(at) => {
            ed.error = Some((at, cx.t("catalogue.bad_price").to_string()));
            return;
        }
    };
    let barcodes: Vec<String> = ed
        .text(PField::Barcodes)
        .split([',', '，', ' '])
        .map(str::to_string)
        .collect();
    let staff = cx.user_id();
    let id = ed.id;
    let style = p.style_no.clone();
    cx.save(
        move |conn| {
            let cat_refs: Vec<&str> = cats.iter().map(String::as_str).collect();
            crate::store::write(conn, |tx| {
                Ok(match id {
                    None => products::create(tx, &p, &barcodes, staff, &cat_refs),
                    Some(_) => products::update(tx, &p, &barcodes, staff, &cat_refs).map(|()| p.id),
                })
            })
        },
        move |app: &mut App, r: Result<Result<i64, SaveError>>| {
            let r = match r {
                Ok(Ok(id)) => Ok(id),
                Ok(Err(SaveError::Db(e))) | Err(e) => return app.fault(e),
                Ok(Err(e)) => Err(e),
            };
            if app.view::<CatalogueState>().is_none() {
                let msg = match &r {
                    Ok(_) => app.env.locale.f("catalogue.saved", &[("style", &style)]),
                    Err(e) => app.t(&format!("catalogue.err.{}", e.code())).to_string(),
                };
                return match r {
                    Ok(_) => app.info(msg),
                    Err(_) => app.error(msg),
                };
            }
            app.on_view_as::<CatalogueState>(|st, cx| saved(st, r, &style, cx));
        },
    );
}

/// The product saved: back to the list on it; refused: said beside the
/// field at fault.
fn saved(st: &mut CatalogueState, r: Result<i64, SaveError>, style: &str, cx: &mut Ctx) -> Effect {
    match r {
        Ok(new_id) => {
            st.mode = Mode::List;
            st.query.set("");
            if let Err(e) = st.read(cx) {
                return Effect::Fault(e);
            }
            st.selected = st.rows.iter().position(|r| r.id == new_id).unwrap_or(0);
            if let Err(e) = st.read_detail(cx) {
                return Effect::Fault(e);
            }
            let msg = cx.env.locale.f("catalogue.saved", &[("style", style)]);
            cx.info(msg);
        }
        Err(e) => {
            let at = match &e {
                SaveError::Required("name") => PField::Name,
                SaveError::Category(_) => PField::Category,
                SaveError::Price => PField::ListPrice,
                SaveError::BarcodeTaken(_) => PField::Barcodes,
                _ => PField::StyleNo,
            };
            let msg = cx.t(&format!("catalogue.err.{}", e.code())).to_string();
            match &mut st.mode {
                Mode::Edit(ed) => {
                    ed.error = Some((at, msg));
                    ed.focus = PFIELDS.iter().position(|f| *f == at).unwrap_or(0);
                }
                _ => cx.error(msg),
            }
        }
    }
    Effect::None
}
