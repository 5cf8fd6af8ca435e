//! Taking a complaint in from any channel: who (found by phone, or a new
//! customer with name and phone), which purchase, what happened in the
//! customer's words, the category (routed at once), the urgency.

use anyhow::Result;

use super::fields::{Fields, Fld, Handled};
use super::view;
use super::{
    DRAFT_INTAKE, DraftPayload, View, category_options, channel_options, error_text, now_utc,
    route_text, staff_id, urgency_options, with_unset, yes_no_options,
};
use crate::app::{Action, App, Screen};
use crate::domain::complaint::counter::CounterField;
use crate::domain::complaint::flow::check_intake;
use crate::domain::complaint::{Channel, Urgency};
use crate::domain::customer::{Field, Values};
use crate::domain::text;
use crate::store::complaints::{self as store, Caller, LineChoice, NewComplaint};
use crate::store::customers::{self, SaveError};

pub const WORDS_MAX: usize = 500;

pub struct IntakeState {
    pub fields: Fields,
    pub caller: Option<Caller>,
    pub lines: Vec<LineChoice>,
}

impl IntakeState {
    pub fn new(app: &App) -> IntakeState {
        let t = |k: &str| app.t(k).to_string();
        let fields = Fields::new(vec![
            Fld::choice(
                "channel",
                t("complaints.field.channel"),
                channel_options(app),
            ),
            Fld::text("phone", t("complaints.field.phone"), "", 30),
            Fld::text("name", t("complaints.field.name"), "", 40),
            Fld::choice(
                "purchase",
                t("complaints.field.purchase"),
                vec![(String::new(), t("complaints.no_purchase"))],
            ),
            Fld::choice(
                "category",
                t("complaints.field.category"),
                with_unset(category_options(app)),
            ),
            Fld::text("product", t("complaints.field.product"), "", 80),
            Fld::text("batch", t("complaints.field.batch"), "", 30),
            Fld::choice(
                "urgency",
                t("complaints.field.urgency"),
                urgency_options(app),
            ),
            Fld::choice("major", t("complaints.field.major"), yes_no_options(app)),
            Fld::text("words", t("complaints.field.words"), "", WORDS_MAX),
        ]);
        let mut s = IntakeState {
            fields,
            caller: None,
            lines: Vec::new(),
        };
        s.fields.set_note("words", Some(t("complaints.hint.words")));
        s
    }

    pub fn resume(app: &App, p: &DraftPayload) -> Result<IntakeState> {
        let mut s = IntakeState::new(app);
        let purchase = p
            .form
            .values
            .iter()
            .find(|(k, _)| k == "purchase")
            .map(|(_, v)| v.clone());
        s.fields.restore(&p.form);
        s.on_phone(app)?;
        if let Some(line) = purchase {
            s.fields.set_choice("purchase", &line);
        }
        s.on_category(app);
        s.fields.dirty = true;
        Ok(s)
    }

    pub fn draft(&self) -> DraftPayload {
        DraftPayload {
            form: self.fields.save(),
            extra: serde_json::Value::Null,
        }
    }

    /// The phone changed: find the customer and their purchases.
    pub fn on_phone(&mut self, app: &App) -> Result<()> {
        let phone = self.fields.text("phone").to_string();
        self.caller = store::caller_by_phone(&app.env.conn, &phone)?;
        let loc = &app.env.locale;
        match &self.caller {
            Some(c) => {
                self.fields.set_text("name", &c.name);
                self.fields.set_note(
                    "phone",
                    Some(loc.f("complaints.hint.on_file", &[("name", &c.name)])),
                );
                self.lines = store::lines_of(&app.env.conn, c.id, 30)?;
            }
            None => {
                // A new customer's phone must fit the shop's formats: say which.
                let digits = crate::domain::customer::phone_digits(&phone);
                let note = if digits.len() < 7 {
                    None
                } else if crate::shop_data::phones::check(&phone) {
                    Some(loc.t("complaints.hint.new_customer").to_string())
                } else {
                    Some(loc.t("error.phone").to_string())
                };
                self.fields.set_note("phone", note);
                self.lines.clear();
            }
        }
        let mut opts = vec![(String::new(), loc.t("complaints.no_purchase").to_string())];
        opts.extend(self.lines.iter().map(|l| {
            (
                l.id.to_string(),
                format!("{} {} {}", l.purchased_on, l.style_no, l.name),
            )
        }));
        self.fields.set_options("purchase", opts);
        Ok(())
    }

    /// The line chosen names the product.
    fn on_purchase(&mut self) {
        let id = self.fields.choice("purchase").to_string();
        if let Some(l) = self.lines.iter().find(|l| l.id.to_string() == id) {
            self.fields.set_text("product", &l.product());
        }
    }

    /// The category chosen: show its route, take its urgency.
    pub fn on_category(&mut self, app: &App) {
        let cat = self.fields.choice("category").to_string();
        self.fields.set_note("category", route_text(app, &cat));
        if let Some(c) = app.env.policy.service.routing.category(&cat) {
            if c.urgent {
                self.fields.set_choice("urgency", Urgency::Urgent.id());
            }
            let need = |yes: bool| yes.then(|| app.t("complaints.hint.needed").to_string());
            self.fields.set_note("product", need(c.needs_product));
            self.fields.set_note("batch", need(c.needs_batch));
        }
    }

    fn line_id(&self) -> Option<i64> {
        self.fields.choice("purchase").parse().ok()
    }
}

pub fn open_new(app: &mut App) {
    if !crate::app::quality::may_take_complaints(app) {
        return;
    }
    let s = IntakeState::new(app);
    super::open(app, View::Intake(Box::new(s)));
}

pub fn update(app: &mut App, action: Action) {
    let Some(s) = view!(app, Intake) else {
        return;
    };
    match action {
        Action::Save | Action::Pick { zone: 1, index: 0 } => return save(app),
        Action::Back | Action::Pick { zone: 1, .. } => return super::leave(app),
        _ => {}
    }
    let h = s.fields.handle(action);
    let mut s = std::mem::replace(s.as_mut(), IntakeState::empty());
    let r = match h {
        Handled::Changed("phone") => s.on_phone(app),
        Handled::Changed("purchase") => {
            s.on_purchase();
            Ok(())
        }
        Handled::Changed("category") => {
            s.on_category(app);
            Ok(())
        }
        _ => Ok(()),
    };
    if let Some(slot) = view!(app, Intake) {
        **slot = s;
    }
    if let Err(e) = r {
        app.fault(e);
    }
}

impl IntakeState {
    /// A stand-in while the state is out of the screen for a moment.
    fn empty() -> IntakeState {
        IntakeState {
            fields: Fields::default(),
            caller: None,
            lines: Vec::new(),
        }
    }
}

/// Marks a check's problem on the field it belongs to.
pub fn field_of(f: CounterField) -> &'static str {
    match f {
        CounterField::Customer => "phone",
        CounterField::Words => "words",
        CounterField::Category => "category",
        CounterField::Product => "product",
        CounterField::Batch => "batch",
        CounterField::Restated => "restated",
        CounterField::Resolution => "resolution",
        CounterField::Solution => "solution",
        CounterField::CompensationValue => "compensation_value",
        CounterField::Satisfied => "satisfied",
        CounterField::FinalOffer => "final_offer",
        CounterField::FinalAccepted => "final_accepted",
        CounterField::FollowUp => "follow_up",
    }
}

/// Finds or registers the customer of a form with `phone` and `name`
/// fields; a problem is marked on the field. None when it failed.
pub fn customer_of(
    app: &mut App,
    caller: Option<&Caller>,
    phone: &str,
    name: &str,
) -> Result<Option<i64>, Vec<(&'static str, String)>> {
    if let Some(c) = caller {
        return Ok(Some(c.id));
    }
    let today = app.today();
    let me = staff_id(app);
    match new_caller(&mut app.env.conn, phone, name, me, today) {
        Ok(id) => Ok(Some(id)),
        Err(SaveError::Fields(errs)) => Err(caller_errors(app, &errs)),
        Err(SaveError::Conflict { .. }) => Ok(None),
        Err(SaveError::Db(e)) => {
            app.fault(e);
            Ok(None)
        }
    }
}

/// A caller not on file gets a file of their own: name and phone.
fn new_caller(
    conn: &mut rusqlite::Connection,
    phone: &str,
    name: &str,
    me: i64,
    today: chrono::NaiveDate,
) -> Result<i64, SaveError> {
    let mut v = Values::new_customer();
    v.set(Field::Name, text::clean(name, 40));
    v.set(Field::Phone, text::clean(phone, 30));
    customers::create(conn, &v, me, today)
}

/// The new caller's name or phone that did not pass, as the form's errors.
fn caller_errors(
    app: &App,
    errs: &[crate::domain::customer::FieldError],
) -> Vec<(&'static str, String)> {
    errs.iter()
        .map(|e| {
            let key = if e.field == Field::Name {
                "name"
            } else {
                "phone"
            };
            (key, app.t(&format!("error.{}", e.code)).to_string())
        })
        .collect()
}

fn save(app: &mut App) {
    let Some(s) = view!(app, Intake) else {
        return;
    };
    s.fields.clear_errors();
    let routing = app.env.policy.service.routing.clone();
    let (phone, name, words, product, batch, category) = {
        let f = &s.fields;
        (
            f.text("phone").trim().to_string(),
            f.text("name").trim().to_string(),
            text::clean(f.text("words"), WORDS_MAX),
            text::clean(f.text("product"), 80),
            text::clean(f.text("batch"), 30),
            f.choice("category").to_string(),
        )
    };
    let cat = routing.category(&category).cloned();
    let known = s.caller.is_some() || (!phone.is_empty() && !name.is_empty());
    let problems = check_intake(known, &words, cat.as_ref(), &product, &batch);
    if !problems.is_empty() {
        let msgs: Vec<(&str, String)> = problems
            .iter()
            .map(|(f, code)| (field_of(*f), error_text(&app.env.locale, code)))
            .collect();
        return super::refuse(app, msgs);
    }
    let (Some(cat), Some(route)) = (cat, routing.route(&category)) else {
        return;
    };
    let caller = s.caller.as_ref().map(|c| c.id);
    let channel = Channel::from_id(s.fields.choice("channel")).unwrap_or(Channel::Hotline);
    let urgency = Urgency::from_id(s.fields.choice("urgency")).unwrap_or(Urgency::Normal);
    let major = s.fields.choice("major") == "yes";
    let line = s.line_id();
    let now = now_utc(app);
    let today = app.today();
    let revisit = app.env.policy.service.complaints.revisit;
    let who = staff_id(app);
    let user = app.user.as_ref().map(|u| u.id);
    // Off the screen's thread: the caller's file (found or made), the
    // complaint, and the draft it replaces.
    app.save_in_background(
        move |conn| {
            let customer = match caller {
                Some(id) => id,
                None => new_caller(conn, &phone, &name, who, today)?,
            };
            let id = crate::store::write(conn, |tx| {
                store::create(
                    tx,
                    &NewComplaint {
                        channel,
                        customer_id: Some(customer),
                        purchase_line_id: line,
                        product: &product,
                        batch_no: &batch,
                        category: &cat,
                        route: &route,
                        urgency,
                        major,
                        words: &words,
                        taken_by: who,
                        received_at: now,
                        received_on: today,
                    },
                    &revisit,
                )
            })?;
            if let Some(user) = user {
                crate::store::drafts::discard(conn, user, DRAFT_INTAKE, 0)?;
            }
            Ok(id)
        },
        move |app, result| taken(app, &category, result),
    );
}

/// After the complaint went in: its page opens, saying where it was routed.
fn taken(app: &mut App, category: &str, result: Result<i64, SaveError>) {
    let id = match result {
        Ok(id) => id,
        Err(SaveError::Fields(errs)) => {
            let msgs = caller_errors(app, &errs);
            return super::refuse(app, msgs);
        }
        Err(SaveError::Conflict { .. }) => return,
        Err(SaveError::Db(e)) => return app.fault(e),
    };
    if matches!(&app.screen, Screen::Complaints(v) if matches!(v.as_ref(), View::Intake(_))) {
        app.back();
    }
    super::detail::open(app, id);
    let no = match &app.screen {
        Screen::Complaints(v) => match v.as_ref() {
            View::Detail(d) => d.complaint.no.clone(),
            _ => String::new(),
        },
        _ => String::new(),
    };
    let msg = app.env.locale.f(
        "complaints.taken",
        &[
            ("no", &no),
            ("route", &route_text(app, category).unwrap_or_default()),
        ],
    );
    app.info(msg);
}
