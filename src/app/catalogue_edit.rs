//! The catalogue's product editor: every field but the current price on an
//! existing product (that changes only through a dated price change).

use anyhow::Result;

use super::catalogue::{CatalogueState, Mode, categories, reload, reload_detail};
use super::input::TextField;
use super::{Action, App};
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

pub(super) fn editor(app: &App, p: Option<&Product>, barcodes: &[String]) -> Editor {
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

pub(super) fn update(app: &mut App, st: &mut CatalogueState, action: Action) -> Result<bool> {
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
