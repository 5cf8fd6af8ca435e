//! Taking a repair in: from a purchase, from a customer's file or free-form.
//! The engine decides warranty and cost as the form is filled in; saving
//! enters the job in the register and prints its goods receipt.

use chrono::{Duration, NaiveDate};

use super::input::TextField;
use super::{Action, App, Screen, desk};
use crate::domain::aftersale::{
    self, AfterSaleCase, Category, Decision, Problem, PurchaseLine, Request, Ruling,
};
use crate::domain::customer::{Field, phone_digits};
use crate::domain::text;
use crate::store::customers::Customer;
use crate::store::repairs::{self, Intake, Owner};
use crate::store::returns::SoldLine;

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
    fn blank(app: &App) -> RepairForm {
        let promised = app.today() + Duration::days(app.env.policy.repairs.promise_days as i64);
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
}

pub fn open_blank(app: &mut App) {
    let f = RepairForm::blank(app);
    app.open(Screen::Repair(Box::new(f)));
    decide(app);
}

/// From a customer's file: the contact filled in.
pub fn open_for_customer(app: &mut App, c: &Customer) {
    let mut f = RepairForm::blank(app);
    f.customer_id = Some(c.id);
    f.set(RField::Name, c.values.get(Field::Name));
    f.set(RField::Phone, c.values.get(Field::Phone));
    f.set(RField::Address, c.values.get(Field::Address));
    f.focus = 3;
    app.open(Screen::Repair(Box::new(f)));
    decide(app);
}

/// From a return or exchange case the engine sent to repair.
pub fn open_from_case(
    app: &mut App,
    line: &SoldLine,
    ruling: &Ruling,
    reason: &str,
    problem: Problem,
) {
    let mut f = RepairForm::blank(app);
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
        let days = app.env.policy.repairs.made_to_order_rework_days as i64;
        f.set(
            RField::PromisedOn,
            &(app.today() + Duration::days(days)).to_string(),
        );
    }
    app.replace(Screen::Repair(Box::new(f)));
    decide(app);
}

/// The engine's view of the repair, again after every answer.
fn decide(app: &mut App) {
    let today = app.today();
    let Screen::Repair(f) = &mut app.screen else {
        return;
    };
    let Some(sold_on) = f.purchased_on() else {
        f.ruling = None;
        f.reason_text.clear();
        return;
    };
    let case = AfterSaleCase {
        line: PurchaseLine {
            category: f.category(),
            sold_on,
            paid_fen: f.paid_fen,
            current_price_fen: f.current_fen,
            clearance: f.clearance,
            made_to_order: f.made_to_order,
        },
        today,
        receipt: true,
        condition: Vec::new(),
        problem: f.problem(),
        repairable: f.repairable,
        request: Request::Repair,
    };
    match aftersale::decide(&case, &app.env.policy.aftersale) {
        Ok(r) => {
            f.reason_text = app
                .env
                .reasons
                .ruling(&r, &r.facts(&case, &app.env.policy.aftersale));
            f.ruling = Some(r);
        }
        Err(e) => {
            f.reason_text = e.to_string();
            f.ruling = None;
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

pub fn update(app: &mut App, action: Action) {
    let Screen::Repair(f) = &mut app.screen else {
        return;
    };
    let n = RFIELDS.len();
    let mut redecide = false;
    let mut relook = false;
    match action {
        Action::NextFocus | Action::Down => f.focus = (f.focus + 1) % n,
        Action::PrevFocus | Action::Up => f.focus = (f.focus + n - 1) % n,
        Action::Pick { zone: 0, index } if (index as usize) < n => {
            let again = f.focus == index as usize;
            f.focus = index as usize;
            if again && !f.focused().is_text() {
                toggle(f, false);
                redecide = true;
            }
        }
        Action::Toggle | Action::Type(' ') if !f.focused().is_text() => {
            toggle(f, false);
            redecide = true;
        }
        Action::ToggleBack if !f.focused().is_text() => {
            toggle(f, true);
            redecide = true;
        }
        Action::Type(c) if f.focused().is_text() => {
            let field = f.focused();
            if f.texts[f.focus].type_char(c) {
                f.errors.retain(|(g, _)| *g != field);
                redecide = field == RField::PurchasedOn;
                relook = matches!(field, RField::Name | RField::Phone);
                if field == RField::StyleNo {
                    redecide |= fill_product(&app.env.conn, f);
                }
            }
        }
        a if a.is_text_edit() && f.focused().is_text() => {
            let field = f.focused();
            if f.texts[f.focus].edit(a) {
                redecide = field == RField::PurchasedOn;
                relook = matches!(field, RField::Name | RField::Phone);
                if field == RField::StyleNo {
                    redecide |= fill_product(&app.env.conn, f);
                }
            }
        }
        Action::Save | Action::Pick { zone: 1, index: 0 } => return save(app),
        Action::Back => app.back(),
        _ => {}
    }
    if redecide {
        decide(app);
    }
    if relook {
        look_up_owner(app);
    }
}

/// A form opened blank finds its customer as the name and phone are typed:
/// by phone, then by the exact name; nobody found means a new file.
fn look_up_owner(app: &mut App) {
    let Screen::Repair(f) = &mut app.screen else {
        return;
    };
    if f.customer_id.is_some() {
        return;
    }
    let name = text::clean(f.text(RField::Name), 60);
    let digits = phone_digits(f.text(RField::Phone));
    if name.is_empty() && digits.is_empty() {
        f.owner = None;
        return;
    }
    match repairs::find_owner(&app.env.conn, &name, &digits) {
        Ok(o) => {
            // Found by phone with no name typed: the file's name is the contact.
            if let Owner::ByPhone { name: found, .. } = &o
                && name.is_empty()
            {
                f.set(RField::Name, found);
            }
            f.owner = Some(o);
        }
        Err(e) => app.fault(e),
    }
}

/// The customer the job is for: the one opened with, or the one found; a
/// new file (name and phone) is registered when nobody was found.
/// Why an intake did not go in: the new owner's name or phone did not
/// pass, or the database failed.
enum IntakeError {
    Owner(Vec<crate::domain::customer::FieldError>),
    Db(anyhow::Error),
}

/// The job's owner: the file found by phone or name, else a new file made
/// from the name and phone typed. On the saver's connection.
fn owner_in(
    conn: &mut rusqlite::Connection,
    name: &str,
    phone: &str,
    staff: i64,
    today: NaiveDate,
) -> Result<i64, IntakeError> {
    use crate::store::customers::SaveError;
    match repairs::find_owner(conn, name, &phone_digits(phone)).map_err(IntakeError::Db)? {
        Owner::ByPhone { id, .. } | Owner::ByName { id, .. } => Ok(id),
        Owner::New => {
            let mut v = crate::domain::customer::Values::new_customer();
            v.set(Field::Name, name);
            v.set(Field::Phone, phone);
            match crate::store::customers::create(conn, &v, staff, today) {
                Ok(id) => Ok(id),
                Err(SaveError::Fields(errs)) => Err(IntakeError::Owner(errs)),
                Err(SaveError::Db(e)) => Err(IntakeError::Db(e)),
                Err(e) => Err(IntakeError::Db(anyhow::anyhow!("{e:?}"))),
            }
        }
    }
}

/// The owner's name or phone did not pass: marked on the form.
fn owner_refused(app: &mut App, errs: Vec<crate::domain::customer::FieldError>) {
    if let Screen::Repair(f) = &mut app.screen {
        for e in errs {
            let at = if e.field == Field::Phone {
                RField::Phone
            } else {
                RField::Name
            };
            f.errors.push((at, e.code));
        }
        f.focus = RFIELDS
            .iter()
            .position(|x| *x == RField::Phone)
            .unwrap_or(1);
    }
    let msg = app.t("desk.check_fields").to_string();
    app.error(msg);
}

/// A style number or barcode typed or scanned into the style field that is
/// in the catalogue fills the form from the product at once: the style
/// number (for a barcode), the item if still empty, the category.
fn fill_product(conn: &rusqlite::Connection, f: &mut RepairForm) -> bool {
    let code = f.text(RField::StyleNo).to_string();
    let Ok(Some(p)) = crate::store::products::lookup(conn, &code) else {
        return false;
    };
    if p.style_no != code.trim() {
        f.set(RField::StyleNo, &p.style_no);
    }
    if f.text(RField::Item).trim().is_empty() {
        f.set(RField::Item, &p.name);
    }
    if let Some(i) = Category::ALL.iter().position(|c| c.as_str() == p.category) {
        f.category = i;
    }
    f.made_to_order = p.made_to_order;
    f.clearance = p.clearance;
    true
}

fn toggle(f: &mut RepairForm, back: bool) {
    use crate::app::action::cycle;
    match f.focused() {
        RField::Category => f.category = cycle(f.category, Category::ALL.len(), back),
        RField::Problem => f.problem = cycle(f.problem, problems().len(), back),
        RField::Repairable => f.repairable = !f.repairable,
        _ => {}
    }
}

/// Parses yuan as typed ("120", "120.5", "¥120.50") into fen.
pub fn parse_fen(s: &str) -> Option<i64> {
    let s = s.trim().trim_start_matches('¥').replace(',', "");
    if s.is_empty() {
        return None;
    }
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if frac.len() > 2
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || whole.is_empty()
    {
        return None;
    }
    let frac = format!("{frac:0<2}");
    Some(whole.parse::<i64>().ok()?.checked_mul(100)? + frac.parse::<i64>().ok()?)
}

fn save(app: &mut App) {
    let staff = app.user.as_ref().map(|u| u.id).unwrap_or_default();
    let today = app.today();
    let Screen::Repair(f) = &mut app.screen else {
        return;
    };
    let mut errors = Vec::new();
    let name = text::clean(f.text(RField::Name), 60);
    let phone = text::clean(f.text(RField::Phone), 32);
    let item = text::clean(f.text(RField::Item), 60);
    if name.is_empty() {
        errors.push((RField::Name, "required"));
    }
    if !crate::shop_data::phones::check(&phone) {
        errors.push((RField::Phone, "phone"));
    }
    if item.is_empty() {
        errors.push((RField::Item, "required"));
    }
    let purchased_on = f.purchased_on();
    match purchased_on {
        None => errors.push((RField::PurchasedOn, "date_ymd")),
        Some(d) if d > today => errors.push((RField::PurchasedOn, "date_future")),
        _ => {}
    }
    let promised = NaiveDate::parse_from_str(f.text(RField::PromisedOn).trim(), "%Y-%m-%d").ok();
    match promised {
        None => errors.push((RField::PromisedOn, "date_ymd")),
        Some(d) if d < today => errors.push((RField::PromisedOn, "date_past")),
        _ => {}
    }
    let paid = is_paid(f);
    let fee = parse_fen(f.text(RField::Fee));
    if paid && fee.is_none_or(|x| x <= 0) {
        errors.push((RField::Fee, "fee_needed"));
    }
    if !paid && !f.text(RField::Fee).trim().is_empty() && fee != Some(0) {
        errors.push((RField::Fee, "fee_free"));
    }
    if f.ruling.is_none() && purchased_on.is_some() {
        errors.push((RField::Problem, "no_decision"));
    }
    if !errors.is_empty() {
        let order = |x: &RField| RFIELDS.iter().position(|y| y == x).unwrap_or(0);
        errors.sort_by_key(|(x, _)| order(x));
        f.focus = order(&errors[0].0);
        f.errors = errors;
        let msg = app.t("desk.check_fields").to_string();
        return app.error(msg);
    }
    let ruling = f.ruling.clone().expect("checked above");
    let decision = if ruling.decision == Decision::Refused {
        "paid_repair".to_string()
    } else {
        ruling.decision.as_str().to_string()
    };
    let rules: Vec<String> = ruling.rules().iter().map(|x| format!("{x:?}")).collect();
    let known_owner = f.customer_id;
    let mut intake = Intake {
        customer_id: known_owner,
        purchase_line_id: f.line_id,
        contact_name: name,
        contact_phone: phone,
        address: text::clean(f.text(RField::Address), 200),
        style_no: text::clean(f.text(RField::StyleNo), 40),
        item,
        category: f.category().as_str().into(),
        purchased_on,
        problem: f.problem().as_str().into(),
        symptoms: text::clean(f.text(RField::Symptoms), 200),
        decision,
        rules: rules.join(","),
        reason: f.reason_text.clone(),
        fee_fen: if paid { fee.unwrap_or(0) } else { 0 },
        received_on: today,
        promised_on: promised.expect("checked above"),
    };
    // Off the screen's thread: the owner's file (found or made) and the job.
    app.save_in_background(
        move |conn| {
            let owner = match known_owner {
                Some(id) => id,
                None => owner_in(
                    conn,
                    &intake.contact_name,
                    &intake.contact_phone,
                    staff,
                    today,
                )?,
            };
            intake.customer_id = Some(owner);
            repairs::intake(conn, &intake, staff).map_err(IntakeError::Db)
        },
        taken_in,
    );
}

/// After the intake: the job opens and its receipts are written.
fn taken_in(app: &mut App, result: Result<(i64, String), IntakeError>) {
    let (id, no) = match result {
        Ok(r) => r,
        Err(IntakeError::Owner(errs)) => return owner_refused(app, errs),
        Err(IntakeError::Db(e)) => return app.fault(e),
    };
    if matches!(app.screen, Screen::Repair(_)) {
        app.back();
    }
    desk::open_job(app, id);
    let job = match &app.screen {
        Screen::Job(j) => j.job.clone(),
        _ => return,
    };
    match desk::write_receipts(app, &job) {
        Ok(files) => {
            let msg = app
                .env
                .locale
                .f("desk.taken_in", &[("no", &no), ("path", &files.0)]);
            if let Screen::Job(j) = &mut app.screen {
                j.receipt_files = Some(files);
            }
            app.info(msg);
        }
        Err(e) => app.fault(e),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_fen;

    #[test]
    fn yuan_are_read_into_fen() {
        assert_eq!(parse_fen("120"), Some(12000));
        assert_eq!(parse_fen("120.5"), Some(12050));
        assert_eq!(parse_fen("¥1,234.56"), Some(123456));
        assert_eq!(parse_fen("12.345"), None);
        assert_eq!(parse_fen("abc"), None);
        assert_eq!(parse_fen(""), None);
        assert_eq!(parse_fen(".5"), None);
    }
}
