//! The catalogue for managers: find a product by style number, name or a
//! scanned barcode; add and edit one; mark a price change with its date
//! (audited, shown in the product's history); retire one without losing
//! its sales. Every change is saved off the screen's thread.

use anyhow::Result;
use chrono::NaiveDate;

use super::catalogue_edit;
pub use super::catalogue_edit::{Editor, PFIELDS, PField};
use super::input::TextField;
use super::{Action, App, Ctx, Effect, HitMap, View, cursor};
use crate::i18n::Locale;
use crate::keymap::Context;
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

/// What a tap on the catalogue lands on.
pub enum Tap {
    /// A product row (tapped again: edit it).
    Row(usize),
    /// A field of the editor or of the price change.
    Field(usize),
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
pub fn categories(loc: &Locale) -> Vec<String> {
    let mut v: Vec<String> = products::CATEGORIES.iter().map(|s| s.to_string()).collect();
    v.retain(|c| loc.has(&format!("category.{c}")));
    v
}

impl CatalogueState {
    /// Reads the products found by the search line again.
    pub(super) fn read(&mut self, cx: &Ctx) -> Result<()> {
        let conn = &cx.env.conn;
        let q = self.query.value().trim();
        self.rows = match products::lookup(conn, q)? {
            Some(p) => vec![p],
            None => products::search(conn, q, LISTED, true)?,
        };
        self.retired = self
            .rows
            .iter()
            .map(|p| products::retired_on(conn, p.id))
            .collect::<Result<_>>()?;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        self.read_detail(cx)
    }

    /// Reads the selected product's barcodes and price history.
    pub(super) fn read_detail(&mut self, cx: &Ctx) -> Result<()> {
        let conn = &cx.env.conn;
        match self.rows.get(self.selected) {
            Some(p) => {
                self.barcodes = products::barcodes(conn, p.id)?;
                self.history = products::price_changes(conn, p.id)?;
            }
            None => {
                self.barcodes.clear();
                self.history.clear();
            }
        }
        Ok(())
    }
}

/// Opens the catalogue (managers only).
pub fn open(cx: &mut Ctx) -> Effect {
    if !cx.is_manager() {
        let msg = cx.t("catalogue.managers_only").to_string();
        cx.error(msg);
        return Effect::None;
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
    match st.read(cx) {
        Ok(()) => Effect::Open(Box::new(st)),
        Err(e) => Effect::Fault(e),
    }
}

impl View for CatalogueState {
    fn contexts(&self) -> Vec<Context> {
        if self.focused_is_text() {
            vec![Context::Text, Context::Catalogue]
        } else {
            vec![Context::Catalogue, Context::Form]
        }
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        crate::ui::catalogue::hint_actions(self)
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        app: &App,
        hits: &mut HitMap,
    ) {
        crate::ui::catalogue::draw(frame, area, app, self, hits)
    }

    fn reload(&mut self, cx: &mut Ctx) -> Result<()> {
        self.read(cx)
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let result = match &self.mode {
            Mode::List => self.update_list(action, cx),
            Mode::Edit(_) => catalogue_edit::update(self, action, cx),
            Mode::Price(_) => self.update_price(action, cx),
        };
        match result {
            Ok(true) => Effect::Back,
            Ok(false) => Effect::None,
            Err(e) => Effect::Fault(e),
        }
    }

    fn tap(&mut self, target: &dyn std::any::Any, cx: &mut Ctx) -> Effect {
        let r = match (target.downcast_ref::<Tap>(), &mut self.mode) {
            (Some(Tap::Row(i)), Mode::List) => self.tap_row(*i, cx),
            (Some(Tap::Field(i)), Mode::Edit(_)) => {
                catalogue_edit::tap_field(self, *i, cx);
                Ok(())
            }
            (Some(Tap::Field(i)), Mode::Price(pf)) if *i < 2 => {
                pf.focus = *i;
                Ok(())
            }
            _ => Ok(()),
        };
        Effect::from_result(r)
    }
}

impl CatalogueState {
    /// A tap on row `i`: selects it; on the selected row, edits it.
    fn tap_row(&mut self, i: usize, cx: &mut Ctx) -> Result<()> {
        if i >= self.rows.len() {
            return Ok(());
        }
        if self.selected == i {
            return self.update_list(Action::Edit, cx).map(|_| ());
        }
        self.selected = i;
        self.retire_armed = None;
        self.read_detail(cx)
    }

    /// Returns whether to leave the screen.
    fn update_list(&mut self, action: Action, cx: &mut Ctx) -> Result<bool> {
        let len = self.rows.len();
        let before = self.selected;
        match action {
            Action::Type(c) if self.query.type_char(c) => {
                self.selected = 0;
                self.read(cx)?;
            }
            a if a.is_text_edit() && self.query.edit(a) => {
                self.selected = 0;
                self.read(cx)?;
            }
            a if cursor::move_in_list(&mut self.selected, len, &a) => {}
            Action::Add => {
                let ed = catalogue_edit::editor(&cx.env.locale, None, &[]);
                self.mode = Mode::Edit(Box::new(ed));
            }
            Action::Select | Action::Edit => {
                if let Some(p) = self.current().cloned() {
                    let ed = catalogue_edit::editor(&cx.env.locale, Some(&p), &self.barcodes);
                    self.mode = Mode::Edit(Box::new(ed));
                }
            }
            Action::PriceChange if self.current().is_some() => {
                self.mode = Mode::Price(Box::new(PriceForm {
                    price: TextField::new("", 12),
                    on: TextField::new(&cx.today().to_string(), 10),
                    focus: 0,
                    error: None,
                }));
            }
            Action::Remove => self.retire(cx),
            Action::Refresh => self.read(cx)?,
            Action::Back => return Ok(true),
            _ => {}
        }
        if self.selected != before {
            self.retire_armed = None;
            self.read_detail(cx)?;
        }
        Ok(false)
    }

    /// Asked once: says what will happen; asked again: retires the product.
    fn retire(&mut self, cx: &mut Ctx) {
        let Some(p) = self.current().cloned() else {
            return;
        };
        let style = [("style", p.style_no.as_str())];
        if self.retired.get(self.selected).copied().flatten().is_some() {
            let msg = cx.env.locale.f("catalogue.already_retired", &style);
            return cx.error(msg);
        }
        if self.retire_armed != Some(p.id) {
            self.retire_armed = Some(p.id);
            let msg = cx.env.locale.f("catalogue.retire_confirm", &style);
            return cx.info(msg);
        }
        self.retire_armed = None;
        let staff = cx.user_id();
        let today = cx.today();
        let msg = cx.env.locale.f("catalogue.retired", &style);
        cx.save(
            move |conn| crate::store::write(conn, |tx| products::retire(tx, p.id, today, staff)),
            move |app: &mut App, r: Result<()>| {
                if let Err(e) = r {
                    return app.fault(e);
                }
                if app.view::<CatalogueState>().is_none() {
                    return app.info(msg);
                }
                app.on_view_as::<CatalogueState>(|st, cx| {
                    if let Err(e) = st.read(cx) {
                        return Effect::Fault(e);
                    }
                    cx.info(msg);
                    Effect::None
                });
            },
        );
    }

    fn update_price(&mut self, action: Action, cx: &mut Ctx) -> Result<bool> {
        let Mode::Price(pf) = &mut self.mode else {
            return Ok(false);
        };
        match action {
            Action::NextFocus | Action::Down | Action::PrevFocus | Action::Up => {
                pf.focus = 1 - pf.focus
            }
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
            Action::Save | Action::Select => self.save_price(cx),
            Action::Back => self.mode = Mode::List,
            _ => {}
        }
        Ok(false)
    }

    /// Checks the price and its day, then saves the change off the
    /// screen's thread.
    fn save_price(&mut self, cx: &mut Ctx) {
        let Mode::Price(pf) = &mut self.mode else {
            return;
        };
        let Some(price) = super::repair_form::parse_fen(pf.price.value()) else {
            pf.error = Some(cx.t("catalogue.bad_price").to_string());
            pf.focus = 0;
            return;
        };
        let Ok(on) = NaiveDate::parse_from_str(pf.on.value().trim(), "%Y-%m-%d") else {
            pf.error = Some(cx.t("catalogue.bad_date").to_string());
            pf.focus = 1;
            return;
        };
        let Some(p) = self.rows.get(self.selected).cloned() else {
            return;
        };
        let staff = cx.user_id();
        let today = cx.today();
        let loc = &cx.env.locale;
        let msg = loc.f(
            "catalogue.price_changed",
            &[
                ("style", &p.style_no),
                ("price", &loc.money(price)),
                ("on", &on.to_string()),
            ],
        );
        cx.save(
            move |conn| {
                crate::store::write(conn, |tx| {
                    Ok(products::change_price(tx, p.id, price, on, staff, today))
                })
            },
            move |app: &mut App, r: Result<Result<(), SaveError>>| {
                let r = match r {
                    Ok(Ok(())) => Ok(()),
                    Ok(Err(SaveError::Db(e))) | Err(e) => return app.fault(e),
                    Ok(Err(e)) => Err(format!("catalogue.err.{}", e.code())),
                };
                if app.view::<CatalogueState>().is_none() {
                    return match r {
                        Ok(()) => app.info(msg),
                        Err(key) => {
                            let text = app.t(&key).to_string();
                            app.error(text)
                        }
                    };
                }
                app.on_view_as::<CatalogueState>(|st, cx| st.price_saved(r, msg, cx));
            },
        );
    }

    /// A price change saved (or refused, with the key of why).
    fn price_saved(&mut self, r: Result<(), String>, msg: String, cx: &mut Ctx) -> Effect {
        match r {
            Ok(()) => {
                self.mode = Mode::List;
                if let Err(e) = self.read(cx) {
                    return Effect::Fault(e);
                }
                cx.info(msg);
                Effect::None
            }
            Err(key) => {
                let text = cx.t(&key).to_string();
                match &mut self.mode {
                    Mode::Price(pf) => pf.error = Some(text),
                    _ => cx.error(text),
                }
                Effect::None
            }
        }
    }
}
