//! The eight-step visit on screen: the step's rows (checklist, facts,
//! pickers) and a clock per step. What keys and taps do is in `edit`;
//! starting, resuming, saving as it goes and finishing (all off the
//! screen's thread) in `save`; the checkout's VIP rewards in `rewards`.
//! The rows are built here and drawn by `ui::visit`, which records each
//! row drawn as a tap target, so taps and keys meet the same rows.

mod edit;
mod lookup;
pub mod rewards;
mod save;

use lookup::rerun_searches;
pub use save::{persist_on_leave, restore_drafts};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;

use super::input::TextField;
use super::{Action, App, Ctx, DraftOf, Effect, HitMap, View};
use crate::domain::customer::Field;
use crate::domain::greeting::{self, Hours};
use crate::domain::visit::{ADD_ON, CLOSE, FITTING, OBJECTIONS, ObjectionKind, PRESENT, Visit};
use crate::keymap::Context;
use crate::shop_data::policy::Policy;
use crate::shop_data::visit_flow::Flow;
use crate::store::products::Product;
use crate::store::search::Hit;

pub use save::start;

/// How many catalogue or customer matches a picker shows.
pub const HITS: usize = 5;
/// The draft kind of a visit whose last edits could not reach the database.
pub const DRAFT_KIND: &str = "visit";

/// The text fields of a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Text {
    CustomerSearch,
    Need,
    SizeEstimate,
    ProductSearch,
    FitRemarks,
    ObjWords,
    ObjAnswer,
    RegName,
    RegPhone,
    RegBirthday,
    RegAddress,
    RegReferrer,
}

impl Text {
    pub const ALL: [Text; 12] = [
        Text::CustomerSearch,
        Text::Need,
        Text::SizeEstimate,
        Text::ProductSearch,
        Text::FitRemarks,
        Text::ObjWords,
        Text::ObjAnswer,
        Text::RegName,
        Text::RegPhone,
        Text::RegBirthday,
        Text::RegAddress,
        Text::RegReferrer,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Text::CustomerSearch => "customer_search",
            Text::Need => "need",
            Text::SizeEstimate => "size_estimate",
            Text::ProductSearch => "product_search",
            Text::FitRemarks => "fit_remarks",
            Text::ObjWords => "obj_words",
            Text::ObjAnswer => "obj_answer",
            Text::RegName => "reg_name",
            Text::RegPhone => "reg_phone",
            Text::RegBirthday => "reg_birthday",
            Text::RegAddress => "reg_address",
            Text::RegReferrer => "reg_referrer",
        }
    }

    fn max_chars(self) -> usize {
        match self {
            Text::RegName => Field::Name.max_chars(),
            Text::RegPhone | Text::RegReferrer => Field::Phone.max_chars(),
            Text::RegBirthday => Field::Birthday.max_chars(),
            Text::RegAddress => Field::Address.max_chars(),
            Text::CustomerSearch | Text::ProductSearch | Text::SizeEstimate => 40,
            _ => 300,
        }
    }

    /// The customer-file field a registration text fills.
    pub fn field(self) -> Option<Field> {
        match self {
            Text::RegName => Some(Field::Name),
            Text::RegPhone => Some(Field::Phone),
            Text::RegBirthday => Some(Field::Birthday),
            Text::RegAddress => Some(Field::Address),
            Text::RegReferrer => Some(Field::ReferredBy),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    Greeting,
    ObjKind,
    Closing,
    Outcome,
    /// Whether the customer agrees to give birthday and address.
    AskMore,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Heading {
    Checklist,
    Customer,
    Items,
    Objections,
    Signals,
    Checkout,
    Register,
    /// The checkout's VIP rewards (make-up service, gifts).
    Rewards,
}

/// One row of a step on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Row {
    Heading(Heading),
    Check(u8),
    Text(Text),
    Choice(Choice),
    /// The customer the visit is linked to.
    Linked,
    CustomerHit(u8),
    ProductHit(u8),
    Item(u8),
    Suggestion(u8),
    AddObjection,
    Objection(u8),
    Signal(u8),
    Total,
    /// A VIP reward on offer at checkout, by index in `offers`.
    Offer(u8),
}

impl Row {
    pub fn focusable(self) -> bool {
        !matches!(self, Row::Heading(_) | Row::Total)
    }
}

/// The visit as kept in `visits.state`: the facts and the screen as left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub visit: Visit,
    pub texts: BTreeMap<Text, String>,
    pub focus: Row,
    pub tips_open: bool,
    pub obj_kind: ObjectionKind,
    pub ask_more: bool,
}

pub struct VisitState {
    pub id: i64,
    /// The version last saved; shared with the saves on their way, which
    /// move it on as they land (each one claims the version before it).
    version: Arc<AtomicI64>,
    pub staff_id: i64,
    pub visit: Visit,
    pub texts: BTreeMap<Text, TextField>,
    pub focus: Row,
    pub tips_open: bool,
    pub obj_kind: ObjectionKind,
    pub ask_more: bool,
    pub customer_hits: Vec<Hit>,
    pub product_hits: Vec<Product>,
    /// Registration checks that failed, beside their fields.
    pub reg_errors: Vec<(Text, &'static str)>,
    /// Why the visit could not be finished, beside the outcome.
    pub problem: Option<&'static str>,
    /// The step whose empty checklist was asked about (a second press moves on).
    pub(super) asked_unticked: Option<usize>,
    /// The checkout's offers (make-up service, gifts), from `data/practices.toml`.
    pub offers: Vec<crate::domain::practices::Offer>,
    step_started: Instant,
    /// Changed since the last save was handed over.
    dirty: bool,
    last_saved: Instant,
    /// Saves of this visit handed over and not yet back.
    saving: u32,
    /// The finish is on its way: nothing more is saved.
    finishing: bool,
}

/// What a tap on a visit lands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tap {
    /// A row of the step (tapped again: as Space).
    Row(Row),
    /// A step on the strip: a jump forward finishes the step left.
    Step(usize),
    /// A button under the rows: the action it names.
    Button(Action),
}

impl VisitState {
    fn from_saved(id: i64, version: i64, staff_id: i64, s: Saved) -> VisitState {
        let texts = Text::ALL
            .into_iter()
            .map(|t| {
                let v = s.texts.get(&t).map(String::as_str).unwrap_or("");
                (t, TextField::new(v, t.max_chars()))
            })
            .collect();
        VisitState {
            id,
            version: Arc::new(AtomicI64::new(version)),
            staff_id,
            visit: s.visit,
            texts,
            focus: s.focus,
            tips_open: s.tips_open,
            obj_kind: s.obj_kind,
            ask_more: s.ask_more,
            customer_hits: Vec::new(),
            product_hits: Vec::new(),
            reg_errors: Vec::new(),
            problem: None,
            asked_unticked: None,
            offers: Vec::new(),
            step_started: Instant::now(),
            dirty: false,
            last_saved: Instant::now(),
            saving: 0,
            finishing: false,
        }
    }

    /// The version last saved.
    pub fn version(&self) -> i64 {
        self.version.load(Ordering::SeqCst)
    }

    /// The visit with the clock and the text fields brought in.
    pub fn saved(&self) -> Saved {
        let mut visit = self.visit.clone();
        visit.steps[visit.current].seconds += self.step_started.elapsed().as_secs();
        Saved {
            visit,
            texts: self
                .texts
                .iter()
                .map(|(k, v)| (*k, v.value().to_string()))
                .collect(),
            focus: self.focus,
            tips_open: self.tips_open,
            obj_kind: self.obj_kind,
            ask_more: self.ask_more,
        }
    }

    pub fn text(&self, t: Text) -> &str {
        self.texts.get(&t).map(TextField::value).unwrap_or("")
    }

    pub fn field(&self, t: Text) -> Option<&TextField> {
        self.texts.get(&t)
    }

    /// Seconds on the step on screen, this time and before.
    pub fn step_seconds(&self) -> u64 {
        self.visit.steps[self.visit.current].seconds + self.step_started.elapsed().as_secs()
    }

    pub fn total_seconds(&self) -> u64 {
        self.visit.steps.iter().map(|s| s.seconds).sum::<u64>()
            + self.step_started.elapsed().as_secs()
    }

    /// Puts the time on the step on screen into its record.
    fn flush_clock(&mut self) {
        let secs = self.step_started.elapsed().as_secs();
        self.visit.steps[self.visit.current].seconds += secs;
        self.step_started = Instant::now();
    }

    pub fn focused_is_text(&self) -> bool {
        matches!(self.focus, Row::Text(_))
    }

    /// The rows of the step on screen.
    pub fn rows(&self, flow: &Flow) -> Vec<Row> {
        let step = self.visit.current;
        let mut r = vec![Row::Heading(Heading::Checklist)];
        r.extend((0..flow.steps[step].checklist.len()).map(|i| Row::Check(i as u8)));
        let items = (0..self.visit.items.len()).map(|i| Row::Item(i as u8));
        let hits = |n: usize, f: fn(u8) -> Row| (0..n).map(move |i| f(i as u8));
        match step {
            0 => {
                r.push(Row::Heading(Heading::Customer));
                if self.visit.customer.is_some() {
                    r.push(Row::Linked);
                } else {
                    r.push(Row::Text(Text::CustomerSearch));
                    r.extend(hits(self.customer_hits.len(), Row::CustomerHit));
                }
                r.push(Row::Choice(Choice::Greeting));
            }
            1 => r.extend([Row::Text(Text::Need), Row::Text(Text::SizeEstimate)]),
            PRESENT | FITTING | ADD_ON => {
                r.push(Row::Text(Text::ProductSearch));
                r.extend(hits(self.product_hits.len(), Row::ProductHit));
                if step == FITTING {
                    r.push(Row::Text(Text::FitRemarks));
                }
                r.push(Row::Heading(Heading::Items));
                r.extend(items);
            }
            OBJECTIONS => {
                r.extend([
                    Row::Choice(Choice::ObjKind),
                    Row::Text(Text::ObjWords),
                    Row::Text(Text::ObjAnswer),
                ]);
                r.extend(hits(flow.answers(self.obj_kind).len(), Row::Suggestion));
                r.push(Row::AddObjection);
                r.push(Row::Heading(Heading::Objections));
                r.extend(hits(self.visit.objections.len(), Row::Objection));
            }
            CLOSE => {
                r.push(Row::Choice(Choice::Closing));
                r.push(Row::Heading(Heading::Signals));
                r.extend(hits(flow.signals.len(), Row::Signal));
            }
            _ => {
                r.push(Row::Heading(Heading::Checkout));
                r.extend(items);
                r.push(Row::Total);
                r.push(Row::Choice(Choice::Outcome));
                if !self.offers.is_empty() {
                    r.push(Row::Heading(Heading::Rewards));
                    r.extend(hits(self.offers.len(), Row::Offer));
                }
                r.push(Row::Heading(Heading::Register));
                if self.visit.customer.is_some() {
                    r.push(Row::Linked);
                } else {
                    r.extend([
                        Row::Text(Text::RegName),
                        Row::Text(Text::RegPhone),
                        Row::Choice(Choice::AskMore),
                    ]);
                    if self.ask_more {
                        r.extend([Row::Text(Text::RegBirthday), Row::Text(Text::RegAddress)]);
                    }
                    r.push(Row::Text(Text::RegReferrer));
                    r.extend(hits(self.customer_hits.len(), Row::CustomerHit));
                }
            }
        }
        r
    }
}

/// The greetings step 1 suggests, most fitting first.
pub fn greeting_options(app: &App, v: &Visit) -> Vec<String> {
    greetings_for(app.flow(), &app.env.policy, app.now(), v)
}

fn greetings_for(flow: &Flow, p: &Policy, now: chrono::NaiveDateTime, v: &Visit) -> Vec<String> {
    let hours = Hours {
        noon_from: p.visit.noon_from_hour,
        afternoon_from: p.visit.afternoon_from_hour,
        evening_from: p.visit.evening_from_hour,
        new_year_until_day: p.visit.new_year_greeting_until_day,
    };
    let g = greeting::suggest(
        now,
        v.customer.as_ref().and_then(|c| c.last_seen),
        p.greetings.not_seen_days,
        &hours,
    );
    let gr = &flow.greetings;
    let mut out = Vec::new();
    if g.long_time {
        out.push(gr.long_time.clone());
    }
    if let Some(f) = g.festival.and_then(|f| flow.festivals.get(f)) {
        out.push(f.clone());
    }
    out.push(
        match g.time_of_day {
            greeting::TimeOfDay::Morning => &gr.morning,
            greeting::TimeOfDay::Noon => &gr.noon,
            greeting::TimeOfDay::Afternoon => &gr.afternoon,
            greeting::TimeOfDay::Evening => &gr.evening,
        }
        .clone(),
    );
    out.push(gr.welcome.clone());
    out
}

/// The greetings for a visit, from a screen's context.
fn greeting_options_in(cx: &Ctx, v: &Visit) -> Vec<String> {
    greetings_for(cx.flow(), &cx.env.policy, cx.now(), v)
}

impl View for VisitState {
    fn contexts(&self) -> Vec<Context> {
        if self.focused_is_text() {
            vec![Context::Text, Context::Visit]
        } else {
            vec![Context::Visit]
        }
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![
            Action::NextStep,
            Action::PrevStep,
            Action::SkipStep,
            Action::FinishVisit,
            Action::Back,
        ]
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        self.on_action(action, cx)
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        app: &App,
        hits: &mut HitMap,
    ) {
        crate::ui::visit::draw(frame, area, app, self, hits)
    }

    fn tap(&mut self, target: &dyn std::any::Any, cx: &mut Ctx) -> Effect {
        match target.downcast_ref::<Tap>() {
            Some(t) => self.on_tap(*t, cx),
            None => Effect::None,
        }
    }

    fn paste(&mut self, text: &str, cx: &mut Ctx) -> Effect {
        for c in crate::domain::text::clean(text, 300).chars() {
            let _ = self.on_action(Action::Type(c), cx);
        }
        Effect::None
    }

    fn tick(&mut self, cx: &mut Ctx) -> Effect {
        self.save_typing(cx);
        Effect::None
    }

    /// The visit is saved as it goes: leaving it loses nothing.
    fn dirty(&self) -> bool {
        false
    }

    fn draft(&self) -> Option<DraftOf> {
        self.unsaved_draft()
    }
}
