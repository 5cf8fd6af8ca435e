//! Taking a repair in: from a purchase, from a customer's file or free-form.
//! The engine decides warranty and cost as the form is filled in; saving
//! ([`save`]) enters the job in the register and prints its goods receipt.

mod save;

use chrono::{Duration, NaiveDate};

use super::input::TextField;
use super::{Action, App, Ctx, Effect, HitMap, View, cursor};
use crate::domain::aftersale::{
    self, AfterSaleCase, Category, Decision, Problem, PurchaseLine, Request, Ruling,
};
use crate::domain::customer::{Field, phone_digits};
use crate::domain::text;
use crate::keymap::Context;
use crate::store::customers::Customer;
use crate::store::repairs::{self, Owner};
use crate::store::returns::SoldLine;
pub use save::parse_fen;

/// The form's fields, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RField {
    Name,
    Phone,
    Address,
    StyleNo,
    Item,
    Category,
    PurchasedOn,
    Problem,
    Symptoms,
    Repairable,
    PromisedOn,
    Fee,
}

pub const RFIELDS: [RField; 12] = [
    RField::Name,
    RField::Phone,
    RField::Address,
    RField::StyleNo,
    RField::Item,
    RField::Category,
    RField::PurchasedOn,
    RField::Problem,
    RField::Symptoms,
    RField::Repairable,
    RField::PromisedOn,
    RField::Fee,
];

impl RField {
    pub fn key(self) -> &'static str {
        match self {
            RField::Name => "name",
            RField::Phone => "phone",
            RField::Address => "address",
            RField::StyleNo => "style_no",
            RField::Item => "item",
            RField::Category => "category",
            RField::PurchasedOn => "purchased_on",
            RField::Problem => "problem",
            RField::Symptoms => "symptoms",
            RField::Repairable => "repairable",
            RField::PromisedOn => "promised_on",
            RField::Fee => "fee",
        }
    }

    pub fn is_text(self) -> bool {
        !matches!(
            self,
            RField::Category | RField::Problem | RField::Repairable
        )
    }
}

pub struct RepairForm {
    /// The customer the form was opened for (a file, a purchase line).
    pub customer_id: Option<i64>,
    /// Opened blank: who the typed name and phone find (or a new file).
    pub owner: Option<Owner>,
    pub line_id: Option<i64>,
    pub paid_fen: i64,
    pub current_fen: i64,
    pub clearance: bool,
    pub made_to_order: bool,
    pub texts: Vec<TextField>,
    pub category: usize,
    /// Index into the garment problems (no `none`).
    pub problem: usize,
    pub repairable: bool,
    pub focus: usize,
    pub errors: Vec<(RField, &'static str)>,
    pub ruling: Option<Ruling>,
    pub reason_text: String,
}

/// The problems a repair can be taken in for (not "none").
pub fn problems() -> Vec<Problem> {
    Problem::ALL
        .iter()
        .copied()
        .filter(|p| *p != Problem::None)
        .collect()
}

impl RepairForm {
    fn blank(cx: &Ctx) -> RepairForm {
        let promised = cx.today() + Duration::days(cx.env.policy.repairs.promise_days as i64);
        let texts = RFIELDS
            .iter()
            .map(|f| {
                let max = match f {
                    RField::Address | RField::Symptoms => 200,
                    RField::PurchasedOn | RField::PromisedOn => 10,
                    RField::Fee => 12,
                    _ => 60,
                };
                let init = if *f == RField::PromisedOn {
                    promised.to_string()
                } else {
                    String::new()
                };
                TextField::new(&init, max)
            })
            .collect();
        RepairForm {
            customer_id: None,
            owner: None,
            line_id: None,
            paid_fen: 0,
            current_fen: 0,
            clearance: false,
            made_to_order: false,
            texts,
            category: 0,
            problem: 0,
            repairable: true,
            focus: 0,
            errors: Vec::new(),
            ruling: None,
            reason_text: String::new(),
        }
    }

    pub fn text(&self, f: RField) -> &str {
        self.texts[RFIELDS.iter().position(|x| *x == f).unwrap_or(0)].value()
    }

    fn set(&mut self, f: RField, v: &str) {
        let i = RFIELDS.iter().position(|x| *x == f).unwrap_or(0);
        self.texts[i].set(v);
    }

    pub fn focused(&self) -> RField {
        RFIELDS[self.focus]
    }

    pub fn error_of(&self, f: RField) -> Option<&'static str> {
        self.errors.iter().find(|(g, _)| *g == f).map(|(_, c)| *c)
    }

    fn purchased_on(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.text(RField::PurchasedOn).trim(), "%Y-%m-%d").ok()
    }

    pub fn category(&self) -> Category {
        Category::ALL[self.category]
    }

    pub fn problem(&self) -> Problem {
        problems()[self.problem]
    }

    /// A blank form, from the desk.
    pub fn new_blank(cx: &mut Ctx) -> RepairForm {
        let mut f = RepairForm::blank(cx);
        f.decide(cx);
        f
    }

    /// From a customer's file: the contact filled in.
    pub fn for_customer(cx: &mut Ctx, c: &Customer) -> RepairForm {
        let mut f = RepairForm::blank(cx);
        f.customer_id = Some(c.id);
        f.set(RField::Name, c.values.get(Field::Name));
        f.set(RField::Phone, c.values.get(Field::Phone));
        f.set(RField::Address, c.values.get(Field::Address));
        f.focus = 3;
        f.decide(cx);
        f
    }

    /// From a return or exchange case the engine sent to repair.
    pub fn from_case(
        cx: &mut Ctx,
        line: &SoldLine,
        ruling: &Ruling,
        reason: &str,
        problem: Problem,
    ) -> RepairForm {
        let mut f = RepairForm::blank(cx);
        f.customer_id = line.customer_id;
        f.line_id = Some(line.line_id);
        f.paid_fen = line.price_fen;
        f.current_fen = line.current_price_fen;
        f.clearance = line.clearance;
        f.made_to_order = line.made_to_order;
        f.set(RField::Name, &line.customer);
        f.set(RField::Phone, &line.phone);
        f.set(RField::StyleNo, &line.style_no);
        f.set(RField::Item, &line.product);
        f.set(RField::PurchasedOn, &line.purchased_on.to_string());
        f.category = Category::ALL
            .iter()
            .position(|c| c.as_str() == line.category)
            .unwrap_or(0);
        f.problem = problems().iter().position(|p| *p == problem).unwrap_or(0);
        f.ruling = Some(ruling.clone());
        f.reason_text = reason.to_string();
        f.focus = 8;
        if line.made_to_order {
            let days = cx.env.policy.repairs.made_to_order_rework_days as i64;
            f.set(
                RField::PromisedOn,
                &(cx.today() + Duration::days(days)).to_string(),
            );
        }
        f.decide(cx);
        f
    }

    /// The engine's view of the repair, again after every answer.
    fn decide(&mut self, cx: &Ctx) {
        let Some(sold_on) = self.purchased_on() else {
            self.ruling = None;
            self.reason_text.clear();
            return;
        };
        let case = AfterSaleCase {
            line: PurchaseLine {
                category: self.category(),
                sold_on,
                paid_fen: self.paid_fen,
                current_price_fen: self.current_fen,
                clearance: self.clearance,
                made_to_order: self.made_to_order,
            },
            today: cx.today(),
            receipt: true,
            condition: Vec::new(),
            problem: self.problem(),
            repairable: self.repairable,
            request: Request::Repair,
        };
        let policy = &cx.env.policy.aftersale;
        match aftersale::decide(&case, policy) {
            Ok(r) => {
                self.reason_text = cx.env.reasons.ruling(&r, &r.facts(&case, policy));
                self.ruling = Some(r);
            }
            Err(e) => {
                self.reason_text = e.to_string();
                self.ruling = None;
            }
        }
    }

    /// A form opened blank finds its customer as the name and phone are
    /// typed: by phone, then by the exact name; nobody found means a new file.
    fn look_up_owner(&mut self, cx: &mut Ctx) {
        if self.customer_id.is_some() {
            return;
        }
        let name = text::clean(self.text(RField::Name), 60);
        let digits = phone_digits(self.text(RField::Phone));
        if name.is_empty() && digits.is_empty() {
            self.owner = None;
            return;
        }
        match repairs::find_owner(&cx.env.conn, &name, &digits) {
            Ok(o) => {
                // Found by phone with no name typed: the file's name is the contact.
                if let Owner::ByPhone { name: found, .. } = &o
                    && name.is_empty()
                {
                    self.set(RField::Name, found);
                }
                self.owner = Some(o);
            }
            Err(e) => cx.fault(e),
        }
    }

    /// A style number or barcode typed or scanned into the style field that
    /// is in the catalogue fills the form from the product at once: the
    /// style number (for a barcode), the item if still empty, the category.
    fn fill_product(&mut self, conn: &rusqlite::Connection) -> bool {
        let code = self.text(RField::StyleNo).to_string();
        let Ok(Some(p)) = crate::store::products::lookup(conn, &code) else {
            return false;
        };
        if p.style_no != code.trim() {
            self.set(RField::StyleNo, &p.style_no);
        }
        if self.text(RField::Item).trim().is_empty() {
            self.set(RField::Item, &p.name);
        }
        if let Some(i) = Category::ALL.iter().position(|c| c.as_str() == p.category) {
            self.category = i;
        }
        self.made_to_order = p.made_to_order;
        self.clearance = p.clearance;
        true
    }

    fn toggle(&mut self, back: bool) {
        use crate::app::action::cycle;
        match self.focused() {
            RField::Category => self.category = cycle(self.category, Category::ALL.len(), back),
            RField::Problem => self.problem = cycle(self.problem, problems().len(), back),
            RField::Repairable => self.repairable = !self.repairable,
            _ => {}
        }
    }

    /// A key typed or an edit in the focused text field; what it changes
    /// (the decision, the owner) is worked out again.
    fn edit_text(&mut self, action: Action, cx: &mut Ctx) {
        let field = self.focused();
        let changed = match action {
            Action::Type(c) => {
                let typed = self.texts[self.focus].type_char(c);
                if typed {
                    self.errors.retain(|(g, _)| *g != field);
                }
                typed
            }
            a => self.texts[self.focus].edit(a),
        };
        if !changed {
            return;
        }
        let mut redecide = field == RField::PurchasedOn;
        if field == RField::StyleNo {
            redecide |= self.fill_product(&cx.env.conn);
        }
        if redecide {
            self.decide(cx);
        }
        if matches!(field, RField::Name | RField::Phone) {
            self.look_up_owner(cx);
        }
    }
}

/// Whether the job will cost the customer: a paid repair, or a refusal
/// turned into a paid alteration.
pub fn is_paid(f: &RepairForm) -> bool {
    f.ruling
        .as_ref()
        .is_some_and(|r| matches!(r.decision, Decision::PaidRepair | Decision::Refused))
}

/// What a tap on the intake form lands on (Cancel is the Back action).
pub enum Tap {
    /// A field: the first tap focuses it, the second changes a choice.
    Field(usize),
    /// The take-in button.
    Save,
}

/// Opens a blank form over the screen on; for tests.
pub fn open_blank(app: &mut App) {
    let f = app.with_ctx(RepairForm::new_blank);
    app.apply(Effect::Open(Box::new(f)));
}

impl View for RepairForm {
    fn contexts(&self) -> Vec<Context> {
        if self.focused().is_text() {
            vec![Context::Text, Context::Form]
        } else {
            vec![Context::Form]
        }
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![
            Action::Save,
            Action::NextFocus,
            Action::Toggle,
            Action::Back,
        ]
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        app: &App,
        hits: &mut HitMap,
    ) {
        crate::ui::repair_form::draw(frame, area, app, self, hits)
    }

    fn tap(&mut self, target: &dyn std::any::Any, cx: &mut Ctx) -> Effect {
        match target.downcast_ref::<Tap>() {
            Some(&Tap::Field(i)) if i < RFIELDS.len() => {
                let again = self.focus == i;
                self.focus = i;
                if again && !self.focused().is_text() {
                    self.toggle(false);
                    self.decide(cx);
                }
            }
            Some(Tap::Save) => self.save(cx),
            _ => {}
        }
        Effect::None
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let text = self.focused().is_text();
        match action {
            a if cursor::move_focus(&mut self.focus, RFIELDS.len(), &a) => {}
            Action::Toggle | Action::Type(' ') if !text => {
                self.toggle(false);
                self.decide(cx);
            }
            Action::ToggleBack if !text => {
                self.toggle(true);
                self.decide(cx);
            }
            Action::Type(_) if text => self.edit_text(action, cx),
            a if a.is_text_edit() && text => self.edit_text(a, cx),
            Action::Save => self.save(cx),
            Action::Back => return Effect::Back,
            _ => {}
        }
        Effect::None
    }
}
