//! At the counter: the nine steps of DOMAIN §4 as a live checklist the
//! associate follows while the customer talks, with example phrases from
//! `data/complaints.toml`. Each step checks what it records before it is
//! ticked; the ninth saves the complaint, settled here or sent on.

mod playing;
pub mod practice;
mod save;

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::fields::{FieldTap, Fields, Fld, Handled, SavedForm};
use super::intake::{WORDS_MAX, field_of};
use super::{
    DRAFT_COUNTER, DraftPayload, category_options, compensation_options, error_text,
    resolution_options, route_text, utc_now, with_unset, yes_no_options,
};
use crate::app::view::DraftOf;
use crate::app::{Action, App, Ctx, Effect, Env, HitMap, View};
use crate::domain::complaint::counter::{CounterRecord, Step, check_step};
use crate::domain::complaint::{Compensation, Resolution};
use crate::keymap::Context;
use crate::store::complaints::{self as store, Caller, LineChoice};

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
    /// A training card played here (practice shop only).
    pub practice: Option<playing::CounterPractice>,
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
    pub fn new(env: &Env) -> CounterState {
        let t = |k: &str| env.locale.t(k).to_string();
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
                    with_unset(category_options(env)),
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
                    with_unset(resolution_options(env)),
                ),
                Fld::text("solution", t("complaints.field.solution"), "", TEXT_MAX),
            ]),
            Fields::new(vec![
                Fld::choice(
                    "compensation",
                    t("complaints.field.compensation"),
                    compensation_options(env),
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
                    with_unset(yes_no_options(env)),
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
                    with_unset(yes_no_options(env)),
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
            started: utc_now(env),
            caller: None,
            lines: Vec::new(),
            practice: None,
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

    /// A value from any step.
    pub(super) fn text(&self, key: &str) -> &str {
        self.steps
            .iter()
            .map(|f| f.text(key))
            .find(|v| !v.is_empty())
            .unwrap_or("")
    }

    pub(super) fn choice(&self, key: &str) -> &str {
        self.steps
            .iter()
            .map(|f| f.choice(key))
            .find(|v| !v.is_empty())
            .unwrap_or("")
    }

    pub(super) fn yes_no(&self, key: &str) -> Option<bool> {
        match self.choice(key) {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        }
    }

    /// What the steps have recorded, for the checks.
    pub fn record<'a>(&'a self, env: &'a Env) -> CounterRecord<'a> {
        CounterRecord {
            customer_known: self.caller.is_some()
                || (!self.text("phone").trim().is_empty() && !self.text("name").trim().is_empty()),
            words: self.text("words"),
            category: env.policy.service.routing.category(self.choice("category")),
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

    pub fn payload(&self) -> DraftPayload {
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

    pub fn resume(env: &Env, p: &DraftPayload) -> Result<CounterState> {
        let mut s = CounterState::new(env);
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
        s.on_phone(env)?;
        if let Some(line) = purchase {
            s.steps[3].set_choice("purchase", &line);
        }
        s.on_category(env);
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

    fn on_phone(&mut self, env: &Env) -> Result<()> {
        let phone = self.steps[0].text("phone").to_string();
        self.caller = store::caller_by_phone(&env.conn, &phone)?;
        let loc = &env.locale;
        match &self.caller {
            Some(c) => {
                self.steps[0].set_text("name", &c.name);
                self.steps[0].set_note(
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

    fn on_category(&mut self, env: &Env) {
        let cat = self.steps[3].choice("category").to_string();
        self.steps[3].set_note("category", route_text(env, &cat));
        if let Some(c) = env.policy.service.routing.category(&cat) {
            let need = |yes: bool| yes.then(|| env.locale.t("complaints.hint.needed").to_string());
            self.steps[3].set_note("product", need(c.needs_product));
            self.steps[3].set_note("batch", need(c.needs_batch));
            let forbidden: Vec<String> = c
                .forbidden
                .iter()
                .map(|f| {
                    env.locale
                        .t(&format!("complaints.resolution.{f}"))
                        .to_string()
                })
                .collect();
            self.steps[5].set_note(
                "resolution",
                (!forbidden.is_empty()).then(|| {
                    env.locale
                        .f("complaints.hint.never", &[("what", &forbidden.join(", "))])
                }),
            );
        }
    }
}

/// What a tap on the counter lands on, beside the fields and the buttons
/// (which are their actions): a step of the checklist.
pub struct Tap(pub usize);

impl CounterState {
    /// The counter's nine steps (someone trained to take complaints).
    pub fn open(cx: &mut Ctx) -> Effect {
        if !crate::app::quality::may_take_complaints(cx) {
            return Effect::None;
        }
        Effect::Open(Box::new(CounterState::new(cx.env)))
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

    /// Checks the step in view; ticks it and goes on, or finishes after the ninth.
    fn tick_step(&mut self, cx: &mut Ctx) {
        let now = utc_now(cx.env);
        let step = self.current();
        let problems: Vec<(&'static str, String)> = check_step(step, &self.record(cx.env))
            .into_iter()
            .map(|(f, code)| (field_of(f), error_text(&cx.env.locale, code)))
            .collect();
        self.steps[self.step].clear_errors();
        let resolution = self.choice("resolution").to_string();
        let loc = &cx.env.locale;
        let angry = (self.practice.as_mut()).is_some_and(|p| p.proposing(step, &resolution, loc));
        if !problems.is_empty() {
            return super::refuse(&mut self.steps[self.step], problems, cx);
        }
        let i = step.number() - 1;
        self.ticked[i].get_or_insert(now);
        if let Some(p) = &mut self.practice {
            p.ticked(step, &self.steps[i], angry, &cx.env.locale);
        }
        if i < 8 {
            self.step = i + 1;
            self.steps[self.step].focus = 0;
        } else {
            self.finish(cx);
        }
    }
}

impl View for CounterState {
    fn contexts(&self) -> Vec<Context> {
        super::form_contexts(self.focused_is_text(), Some(Context::Counter))
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![Action::Save, Action::PageUp, Action::Back]
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        app: &App,
        hits: &mut HitMap,
    ) {
        crate::ui::complaints::counter::draw(frame, area, app, self, hits)
    }

    fn paste(&mut self, text: &str, cx: &mut Ctx) -> Effect {
        let h = self.steps[self.step].paste(text);
        self.changed(h, cx)
    }

    fn dirty(&self) -> bool {
        self.steps.iter().any(|f| f.dirty)
    }

    fn draft(&self) -> Option<DraftOf> {
        // A card played is not a customer's complaint to come back to.
        if self.practice.is_some() {
            return None;
        }
        super::draft_of(DRAFT_COUNTER, self.dirty(), || self.payload())
    }

    fn tap(&mut self, target: &dyn std::any::Any, cx: &mut Ctx) -> Effect {
        if let Some(t) = target.downcast_ref::<FieldTap>() {
            let h = self.steps[self.step].tap(*t);
            return self.changed(h, cx);
        }
        if let Some(Tap(i)) = target.downcast_ref::<Tap>()
            && *i <= self.reachable()
        {
            self.step = *i;
        }
        Effect::None
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        match action {
            Action::Save | Action::PageDown => {
                self.tick_step(cx);
                Effect::None
            }
            Action::PageUp => {
                self.step = self.step.saturating_sub(1);
                Effect::None
            }
            Action::Back => super::leave(self.dirty(), cx),
            a => {
                let h = self.steps[self.step].handle(a);
                self.changed(h, cx)
            }
        }
    }
}
