//! Taking a complaint in from any channel: who (found by phone, or a new
//! customer with name and phone), which purchase, what happened in the
//! customer's words, the category (routed at once), the urgency.

use anyhow::Result;

use super::fields::{Fields, Fld, Handled};
use super::{
    DRAFT_INTAKE, DraftPayload, category_options, channel_options, error_text, route_text,
    urgency_options, utc_now, with_unset, yes_no_options,
};
use crate::app::{App, Ctx, Effect, Env};
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
    pub fn new(env: &Env) -> IntakeState {
        let t = |k: &str| env.locale.t(k).to_string();
        let fields = Fields::new(vec![
            Fld::choice(
                "channel",
                t("complaints.field.channel"),
                channel_options(env),
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
                with_unset(category_options(env)),
            ),
            Fld::text("product", t("complaints.field.product"), "", 80),
            Fld::text("batch", t("complaints.field.batch"), "", 30),
            Fld::choice(
                "urgency",
                t("complaints.field.urgency"),
                urgency_options(env),
            ),
            Fld::choice("major", t("complaints.field.major"), yes_no_options(env)),
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

    pub fn resume(env: &Env, p: &DraftPayload) -> Result<IntakeState> {
        let mut s = IntakeState::new(env);
        let purchase = p
            .form
            .values
            .iter()
            .find(|(k, _)| k == "purchase")
            .map(|(_, v)| v.clone());
        s.fields.restore(&p.form);
        s.on_phone(env)?;
        if let Some(line) = purchase {
            s.fields.set_choice("purchase", &line);
        }
        s.on_category(env);
        s.fields.dirty = true;
        Ok(s)
    }

    pub fn payload(&self) -> DraftPayload {
        DraftPayload {
            form: self.fields.save(),
            extra: serde_json::Value::Null,
        }
    }

    /// The phone changed: find the customer and their purchases.
    pub fn on_phone(&mut self, env: &Env) -> Result<()> {
        let phone = self.fields.text("phone").to_string();
        self.caller = store::caller_by_phone(&env.conn, &phone)?;
        let loc = &env.locale;
        match &self.caller {
            Some(c) => {
                self.fields.set_text("name", &c.name);
                self.fields.set_note(
                    "phone",
                    Some(loc.f("complaints.hint.on_file", &[("name", &c.name)])),
                );
                self.lines = store::lines_of(&env.conn, c.id, 30)?;
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
    pub fn on_category(&mut self, env: &Env) {
        let cat = self.fields.choice("category").to_string();
        self.fields.set_note("category", route_text(env, &cat));
        if let Some(c) = env.policy.service.routing.category(&cat) {
            if c.urgent {
                self.fields.set_choice("urgency", Urgency::Urgent.id());
            }
            let need = |yes: bool| yes.then(|| env.locale.t("complaints.hint.needed").to_string());
            self.fields.set_note("product", need(c.needs_product));
            self.fields.set_note("batch", need(c.needs_batch));
        }
    }

    fn line_id(&self) -> Option<i64> {
        self.fields.choice("purchase").parse().ok()
    }
}

impl IntakeState {
    /// A new complaint from any channel (someone trained to take it).
    pub fn open(cx: &mut Ctx) -> Effect {
        if !crate::app::quality::may_take_complaints(cx) {
            return Effect::None;
        }
        Effect::Open(Box::new(IntakeState::new(cx.env)))
    }

    /// A field changed: the caller looked up, the product named, the route shown.
    fn changed(&mut self, h: Handled, cx: &mut Ctx) -> Effect {
        let r = match h {
            Handled::Changed("phone") => self.on_phone(cx.env),
            Handled::Changed("purchase") => {
                self.on_purchase();
                Ok(())
            }
            Handled::Changed("category") => {
                self.on_category(cx.env);
                Ok(())
            }
            _ => Ok(()),
        };
        Effect::from_result(r)
    }
}

super::fields_form_view!(IntakeState, draw_intake, DRAFT_INTAKE);

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

/// The caller of a form, on the saving thread: the one found by phone, or
/// a new customer's file with the name and phone typed.
pub fn caller_id(
    conn: &mut rusqlite::Connection,
    caller: Option<i64>,
    phone: &str,
    name: &str,
    me: i64,
    today: chrono::NaiveDate,
) -> Result<i64, SaveError> {
    match caller {
        Some(id) => Ok(id),
        None => new_caller(conn, phone, name, me, today),
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
pub fn caller_errors(
    env: &Env,
    errs: &[crate::domain::customer::FieldError],
) -> Vec<(&'static str, String)> {
    errs.iter()
        .map(|e| {
            let key = if e.field == Field::Name {
                "name"
            } else {
                "phone"
            };
            (key, env.locale.t(&format!("error.{}", e.code)).to_string())
        })
        .collect()
}

impl IntakeState {
    fn save(&mut self, cx: &mut Ctx) {
        self.fields.clear_errors();
        let routing = cx.env.policy.service.routing.clone();
        let (phone, name, words, product, batch, category) = {
            let f = &self.fields;
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
        let known = self.caller.is_some() || (!phone.is_empty() && !name.is_empty());
        let problems = check_intake(known, &words, cat.as_ref(), &product, &batch);
        if !problems.is_empty() {
            let msgs: Vec<(&str, String)> = problems
                .iter()
                .map(|(f, code)| (field_of(*f), error_text(&cx.env.locale, code)))
                .collect();
            return super::refuse(&mut self.fields, msgs, cx);
        }
        let (Some(cat), Some(route)) = (cat, routing.route(&category)) else {
            return;
        };
        let caller = self.caller.as_ref().map(|c| c.id);
        let channel = Channel::from_id(self.fields.choice("channel")).unwrap_or(Channel::Hotline);
        let urgency = Urgency::from_id(self.fields.choice("urgency")).unwrap_or(Urgency::Normal);
        let major = self.fields.choice("major") == "yes";
        let line = self.line_id();
        let now = utc_now(cx.env);
        let today = cx.today();
        let revisit = cx.env.policy.service.complaints.revisit;
        let who = cx.user_id().unwrap_or_default();
        let user = cx.user_id();
        // Off the screen's thread: the caller's file (found or made), the
        // complaint, and the draft it replaces.
        cx.save(
            move |conn| {
                let customer = caller_id(conn, caller, &phone, &name, who, today)?;
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
}

/// After the complaint went in: its page opens, saying where it was routed.
fn taken(app: &mut App, category: &str, result: Result<i64, SaveError>) {
    let id = match result {
        Ok(id) => id,
        Err(SaveError::Fields(errs)) => {
            let msgs = caller_errors(&app.env, &errs);
            return app.on_view_as::<IntakeState>(|s, cx| {
                super::refuse(&mut s.fields, msgs, cx);
                Effect::None
            });
        }
        Err(SaveError::Conflict { .. }) => return,
        Err(SaveError::Db(e)) => return app.fault(e),
    };
    if app.screen.is::<IntakeState>() {
        app.back();
    }
    let effect = app.with_ctx(|cx| super::detail::DetailState::open(id, cx));
    app.apply(effect);
    let no = app
        .view::<super::detail::DetailState>()
        .map(|d| d.complaint.no.clone())
        .unwrap_or_default();
    let msg = app.env.locale.f(
        "complaints.taken",
        &[
            ("no", &no),
            ("route", &route_text(&app.env, category).unwrap_or_default()),
        ],
    );
    app.info(msg);
}
