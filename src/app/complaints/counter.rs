//! At the counter: the nine steps of DOMAIN §4 as a live checklist the
//! associate follows while the customer talks, with example phrases from
//! `data/complaints.toml`. Each step checks what it records before it is
//! ticked; the ninth saves the complaint, settled here or sent on.

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::fields::{Fields, Fld, Handled, SavedForm};
use super::intake::{WORDS_MAX, customer_of, field_of};
use super::view;
use super::{
    DRAFT_COUNTER, DraftPayload, View, category_options, compensation_options, error_text, now_utc,
    resolution_options, route_text, staff_id, with_unset, yes_no_options,
};
use crate::app::{Action, App, Screen};
use crate::domain::complaint::counter::{CounterRecord, Step, check_step, first_unfinished};
use crate::domain::complaint::{Channel, Compensation, Resolution, Urgency};
use crate::domain::text;
use crate::store::complaints::{self as store, Caller, CounterOutcome, LineChoice, NewComplaint};

pub const TEXT_MAX: usize = 300;

pub struct CounterState {
    /// The step in view, 0 to 8.
    pub step: usize,
    /// The fields of each step (some steps only listen).
    pub steps: Vec<Fields>,
    /// When each step was ticked.
    pub ticked: [Option<DateTime<Utc>>; 9],
    pub started: DateTime<Utc>,
    pub caller: Option<Caller>,
    pub lines: Vec<LineChoice>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct CounterExtra {
    step: usize,
    ticked: Vec<Option<String>>,
    started: String,
}

/// The buttons under the step: back a step, tick it and go on.
pub const BUTTONS: usize = 2;

impl CounterState {
    pub fn new(app: &App) -> CounterState {
        let t = |k: &str| app.t(k).to_string();
        let steps = vec![
            Fields::new(vec![
                Fld::text("phone", t("complaints.field.phone"), "", 30),
                Fld::text("name", t("complaints.field.name"), "", 40),
                Fld::text("words", t("complaints.field.words"), "", WORDS_MAX),
            ]),
            Fields::default(),
            Fields::default(),
            Fields::new(vec![
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
                Fld::text("restated", t("complaints.field.restated"), "", TEXT_MAX),
            ]),
            Fields::default(),
            Fields::new(vec![
                Fld::choice(
                    "resolution",
                    t("complaints.field.resolution"),
                    with_unset(resolution_options(app)),
                ),
                Fld::text("solution", t("complaints.field.solution"), "", TEXT_MAX),
            ]),
            Fields::new(vec![
                Fld::choice(
                    "compensation",
                    t("complaints.field.compensation"),
                    compensation_options(app),
                ),
                Fld::text(
                    "compensation_value",
                    t("complaints.field.compensation_value"),
                    "",
                    12,
                ),
                Fld::text(
                    "compensation_note",
                    t("complaints.field.compensation_note"),
                    "",
                    100,
                ),
            ]),
            Fields::new(vec![
                Fld::choice(
                    "satisfied",
                    t("complaints.field.satisfied"),
                    with_unset(yes_no_options(app)),
                ),
                Fld::text(
                    "final_offer",
                    t("complaints.field.final_offer"),
                    "",
                    TEXT_MAX,
                ),
                Fld::choice(
                    "final_accepted",
                    t("complaints.field.final_accepted"),
                    with_unset(yes_no_options(app)),
                ),
            ]),
            Fields::new(vec![Fld::text(
                "follow_up",
                t("complaints.field.follow_up"),
                "",
                TEXT_MAX,
            )]),
        ];
        let mut s = CounterState {
            step: 0,
            steps,
            ticked: [None; 9],
            started: now_utc(app),
            caller: None,
            lines: Vec::new(),
        };
        s.steps[0].set_note("words", Some(t("complaints.hint.words")));
        s.steps[6].set_note("compensation_value", Some(t("complaints.hint.yuan")));
        s.steps[7].set_note("final_offer", Some(t("complaints.hint.final_offer")));
        s
    }

    pub fn current(&self) -> Step {
        Step::ALL[self.step]
    }

    pub fn fields(&self) -> &Fields {
        &self.steps[self.step]
    }

    pub fn step_fields_mut(&mut self) -> &mut Fields {
        &mut self.steps[self.step]
    }

    pub fn focused_is_text(&self) -> bool {
        self.fields().focused_is_text()
    }

    pub fn dirty(&self) -> bool {
        self.steps.iter().any(|f| f.dirty)
    }

    pub fn paste(&mut self, s: &str) {
        self.steps[self.step].paste(s);
    }

    /// A value from any step.
    fn text(&self, key: &str) -> &str {
        self.steps
            .iter()
            .map(|f| f.text(key))
            .find(|v| !v.is_empty())
            .unwrap_or("")
    }

    fn choice(&self, key: &str) -> &str {
        self.steps
            .iter()
            .map(|f| f.choice(key))
            .find(|v| !v.is_empty())
            .unwrap_or("")
    }

    fn yes_no(&self, key: &str) -> Option<bool> {
        match self.choice(key) {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        }
    }

    /// What the steps have recorded, for the checks.
    pub fn record<'a>(&'a self, app: &'a App) -> CounterRecord<'a> {
        CounterRecord {
            customer_known: self.caller.is_some()
                || (!self.text("phone").trim().is_empty() && !self.text("name").trim().is_empty()),
            words: self.text("words"),
            category: app
                .env
                .policy
                .service
                .routing
                .category(self.choice("category")),
            product: self.text("product"),
            batch: self.text("batch"),
            restated: self.text("restated"),
            resolution: Resolution::from_id(self.choice("resolution")),
            solution: self.text("solution"),
            compensation: Compensation::from_id(self.choice("compensation")),
            compensation_value: self.text("compensation_value"),
            satisfied: self.yes_no("satisfied"),
            final_offer: self.text("final_offer"),
            final_accepted: self.yes_no("final_accepted"),
            follow_up: self.text("follow_up"),
        }
    }

    /// The furthest step one may go to: the first not yet ticked.
    pub fn reachable(&self) -> usize {
        self.ticked.iter().position(Option::is_none).unwrap_or(8)
    }

    pub fn draft(&self) -> DraftPayload {
        let mut values = Vec::new();
        for f in &self.steps {
            values.extend(f.save().values);
        }
        let extra = CounterExtra {
            step: self.step,
            ticked: self.ticked.iter().map(|t| t.map(store::stamp)).collect(),
            started: store::stamp(self.started),
        };
        DraftPayload {
            form: SavedForm { values, focus: 0 },
            extra: serde_json::to_value(extra).unwrap_or_default(),
        }
    }

    pub fn resume(app: &App, p: &DraftPayload) -> Result<CounterState> {
        let mut s = CounterState::new(app);
        let extra: CounterExtra = serde_json::from_value(p.extra.clone()).unwrap_or_default();
        let purchase = p
            .form
            .values
            .iter()
            .find(|(k, _)| k == "purchase")
            .map(|(_, v)| v.clone());
        for f in &mut s.steps {
            f.restore(&p.form);
            f.focus = 0;
        }
        s.on_phone(app)?;
        if let Some(line) = purchase {
            s.steps[3].set_choice("purchase", &line);
        }
        s.on_category(app);
        s.step = extra.step.min(8);
        for (i, t) in extra.ticked.iter().enumerate().take(9) {
            s.ticked[i] = t.as_deref().and_then(store::parse_stamp);
        }
        if let Some(t) = store::parse_stamp(&extra.started) {
            s.started = t;
        }
        for f in &mut s.steps {
            f.dirty = true;
        }
        Ok(s)
    }

    fn on_phone(&mut self, app: &App) -> Result<()> {
        let phone = self.steps[0].text("phone").to_string();
        self.caller = store::caller_by_phone(&app.env.conn, &phone)?;
        let loc = &app.env.locale;
        match &self.caller {
            Some(c) => {
                self.steps[0].set_text("name", &c.name);
                self.steps[0].set_note(
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
                self.steps[0].set_note("phone", note);
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
        self.steps[3].set_options("purchase", opts);
        Ok(())
    }

    fn on_purchase(&mut self) {
        let id = self.steps[3].choice("purchase").to_string();
        if let Some(l) = self.lines.iter().find(|l| l.id.to_string() == id) {
            self.steps[3].set_text("product", &l.product());
        }
    }

    fn on_category(&mut self, app: &App) {
        let cat = self.steps[3].choice("category").to_string();
        self.steps[3].set_note("category", route_text(app, &cat));
        if let Some(c) = app.env.policy.service.routing.category(&cat) {
            let need = |yes: bool| yes.then(|| app.t("complaints.hint.needed").to_string());
            self.steps[3].set_note("product", need(c.needs_product));
            self.steps[3].set_note("batch", need(c.needs_batch));
            let forbidden: Vec<String> = c
                .forbidden
                .iter()
                .map(|f| app.t(&format!("complaints.resolution.{f}")).to_string())
                .collect();
            self.steps[5].set_note(
                "resolution",
                (!forbidden.is_empty()).then(|| {
                    app.env
                        .locale
                        .f("complaints.hint.never", &[("what", &forbidden.join(", "))])
                }),
            );
        }
    }

    fn empty() -> CounterState {
        CounterState {
            step: 0,
            steps: Vec::new(),
            ticked: [None; 9],
            started: DateTime::<Utc>::default(),
            caller: None,
            lines: Vec::new(),
        }
    }
}

pub fn open_new(app: &mut App) {
    if !crate::app::quality::may_take_complaints(app) {
        return;
    }
    let s = CounterState::new(app);
    super::open(app, View::Counter(Box::new(s)));
}

pub fn update(app: &mut App, action: Action) {
    let Some(s) = view!(app, Counter) else {
        return;
    };
    match action {
        Action::Save | Action::PageDown | Action::Pick { zone: 1, index: 1 } => {
            return tick_step(app);
        }
        Action::PageUp | Action::Pick { zone: 1, index: 0 } => {
            s.step = s.step.saturating_sub(1);
            return;
        }
        Action::Pick { zone: 2, index } => {
            if (index as usize) <= s.reachable() {
                s.step = index as usize;
            }
            return;
        }
        Action::Back => return super::leave(app),
        _ => {}
    }
    let step = s.step;
    let h = s.steps[step].handle(action);
    if !matches!(h, Handled::Changed("phone" | "purchase" | "category")) {
        return;
    }
    let mut owned = std::mem::replace(s.as_mut(), CounterState::empty());
    let r = match h {
        Handled::Changed("phone") => owned.on_phone(app),
        Handled::Changed("purchase") => {
            owned.on_purchase();
            Ok(())
        }
        _ => {
            owned.on_category(app);
            Ok(())
        }
    };
    if let Some(slot) = view!(app, Counter) {
        **slot = owned;
    }
    if let Err(e) = r {
        app.fault(e);
    }
}

/// Checks the step in view; ticks it and goes on, or finishes after the ninth.
fn tick_step(app: &mut App) {
    let now = now_utc(app);
    let (problems, step) = {
        let Screen::Complaints(v) = &app.screen else {
            return;
        };
        let View::Counter(s) = v.as_ref() else { return };
        let step = s.current();
        let problems: Vec<(&'static str, String)> = check_step(step, &s.record(app))
            .into_iter()
            .map(|(f, code)| (field_of(f), error_text(&app.env.locale, code)))
            .collect();
        (problems, step)
    };
    let Some(s) = view!(app, Counter) else {
        return;
    };
    s.steps[s.step].clear_errors();
    if !problems.is_empty() {
        return super::refuse(app, problems);
    }
    let i = step.number() - 1;
    s.ticked[i].get_or_insert(now);
    if i < 8 {
        s.step = i + 1;
        s.steps[s.step].focus = 0;
    } else {
        finish(app);
    }
}

fn finish(app: &mut App) {
    let (unfinished, compensation_fen) = {
        let Screen::Complaints(v) = &app.screen else {
            return;
        };
        let View::Counter(s) = v.as_ref() else { return };
        let rec = s.record(app);
        let unfinished = first_unfinished(&rec).map(|(st, errs)| {
            (
                st.number() - 1,
                errs.into_iter()
                    .map(|(f, code)| (field_of(f), error_text(&app.env.locale, code)))
                    .collect::<Vec<_>>(),
            )
        });
        (unfinished, rec.compensation_fen().unwrap_or(0))
    };
    if let Some((step, msgs)) = unfinished {
        if let Some(s) = view!(app, Counter) {
            s.step = step;
        }
        return super::refuse(app, msgs);
    }
    let Some(s) = view!(app, Counter) else {
        return;
    };
    let caller = s.caller.clone();
    let get = |k: &str| text::clean(s.text(k), WORDS_MAX);
    let (phone, name) = (get("phone"), get("name"));
    let words = get("words");
    let product = get("product");
    let batch = get("batch");
    let restated = get("restated");
    let solution = get("solution");
    let comp_note = get("compensation_note");
    let final_offer = get("final_offer");
    let follow_up = get("follow_up");
    let category = s.choice("category").to_string();
    let resolution = Resolution::from_id(s.choice("resolution")).unwrap_or(Resolution::Other);
    let compensation =
        Compensation::from_id(s.choice("compensation")).unwrap_or(Compensation::None);
    let satisfied = s.yes_no("satisfied") == Some(true);
    let final_accepted = s.yes_no("final_accepted");
    let line: Option<i64> = s.steps[3].choice("purchase").parse().ok();
    let started = s.started;
    let steps: Vec<(Step, DateTime<Utc>)> = Step::ALL
        .iter()
        .zip(s.ticked.iter())
        .filter_map(|(st, t)| t.map(|t| (*st, t)))
        .collect();
    let routing = app.env.policy.service.routing.clone();
    let (Some(cat), Some(route)) = (
        routing.category(&category).cloned(),
        routing.route(&category),
    ) else {
        return;
    };
    let customer = match customer_of(app, caller.as_ref(), &phone, &name) {
        Ok(Some(id)) => id,
        Ok(None) => return,
        Err(msgs) => {
            if let Some(s) = view!(app, Counter) {
                s.step = 0;
            }
            return super::refuse(app, msgs);
        }
    };
    let revisit = app.env.policy.service.complaints.revisit;
    let who = staff_id(app);
    let today = app.today();
    let urgency = if cat.urgent {
        Urgency::Urgent
    } else {
        Urgency::Normal
    };
    let outcome = CounterOutcome {
        restated: &restated,
        resolution,
        solution: &solution,
        compensation,
        compensation_fen,
        compensation_note: &comp_note,
        satisfied,
        final_offer: &final_offer,
        final_accepted,
        follow_up: &follow_up,
        steps,
    };
    let result = crate::store::write(&mut app.env.conn, |tx| {
        store::create_at_counter(
            tx,
            &NewComplaint {
                channel: Channel::InStore,
                customer_id: Some(customer),
                purchase_line_id: line,
                product: &product,
                batch_no: &batch,
                category: &cat,
                route: &route,
                urgency,
                major: false,
                words: &words,
                taken_by: who,
                received_at: started,
                received_on: today,
            },
            &outcome,
            &revisit,
        )
    });
    match result {
        Ok(id) => {
            super::saved(app, DRAFT_COUNTER);
            app.back();
            super::detail::open(app, id);
            let (no, due) = match &app.screen {
                Screen::Complaints(v) => match v.as_ref() {
                    View::Detail(d) => (
                        d.complaint.no.clone(),
                        d.complaint
                            .revisit_due
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                    ),
                    _ => Default::default(),
                },
                _ => Default::default(),
            };
            let msg = if outcome.resolved_here() {
                app.env
                    .locale
                    .f("complaints.counter_settled", &[("no", &no), ("due", &due)])
            } else {
                app.env
                    .locale
                    .f("complaints.counter_not_settled", &[("no", &no)])
            };
            app.info(msg);
        }
        Err(e) => app.fault(e),
    }
}
