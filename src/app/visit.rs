//! The eight-step visit on screen: the step's rows (checklist, facts,
//! pickers), a clock per step, starting, resuming and saving as it goes
//! (what keys and taps do is in `visit_edit`). The rows are built here and
//! drawn by `ui::visit`; a tap names a row by its index, so taps and keys
//! meet the same rows.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use super::input::TextField;
use super::{App, Screen};
use crate::domain::customer::Field;
use crate::domain::greeting::{self, Hours};
use crate::domain::visit::{
    ADD_ON, CLOSE, FAREWELL, FITTING, OBJECTIONS, ObjectionKind, PRESENT, Visit,
};
use crate::shop_data::visit_flow::Flow;
use crate::store::products::{self, Product};
use crate::store::search::{self, Hit};
use crate::store::visits::{self, VisitError};

/// How many catalogue or customer matches a picker shows.
pub const HITS: usize = 5;
/// Typing is saved at the latest this long after the last save.
const SAVE_EVERY: Duration = Duration::from_secs(2);

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
    pub version: i64,
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
    pub(super) step_started: Instant,
    pub(super) dirty: bool,
    last_saved: Instant,
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
            version,
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
        }
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
    pub(super) fn flush_clock(&mut self) {
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
    let flow = app.flow();
    let p = &app.env.policy;
    let hours = Hours {
        noon_from: p.visit.noon_from_hour,
        afternoon_from: p.visit.afternoon_from_hour,
        evening_from: p.visit.evening_from_hour,
        new_year_until_day: p.visit.new_year_greeting_until_day,
    };
    let g = greeting::suggest(
        app.now(),
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

/// Starts a new visit (in training, for the scenario `scenario`).
pub fn start(app: &mut App, scenario: Option<String>) {
    let Some(staff) = app.user.as_ref().map(|u| u.id) else {
        return;
    };
    let mut v = Visit {
        scenario,
        ..Visit::default()
    };
    v.greeting = greeting_options(app, &v).remove(0);
    let saved = Saved {
        visit: v,
        texts: BTreeMap::new(),
        focus: Row::Check(0),
        tips_open: app.env.mode == super::Mode::Training,
        obj_kind: ObjectionKind::Doubt,
        ask_more: false,
    };
    let today = app.today();
    let result = serde_json::to_string(&saved)
        .map_err(anyhow::Error::from)
        .and_then(|json| visits::start(&mut app.env.conn, staff, today, &saved.visit, &json));
    match result {
        Ok(id) => {
            let st = VisitState::from_saved(id, 1, staff, saved);
            app.open(Screen::Visit(Box::new(st)));
        }
        Err(e) => app.fault(e),
    }
}

/// Opens a saved visit exactly as it was left.
pub fn resume(app: &mut App, id: i64) {
    let stored = match visits::load(&app.env.conn, id) {
        Ok(Some(s)) if !s.finished => s,
        Ok(_) => {
            let msg = app.t("visit.gone").to_string();
            return app.error(msg);
        }
        Err(e) => return app.fault(e),
    };
    let saved: Saved = match serde_json::from_str(&stored.state) {
        Ok(s) => s,
        Err(e) => return app.fault(e.into()),
    };
    let mut st = VisitState::from_saved(stored.id, stored.version, stored.staff_id, saved);
    let searched = rerun_searches(&app.env.conn, &mut st);
    app.open(Screen::Visit(Box::new(st)));
    if let Err(e) = searched.and_then(|_| super::visit_rewards::refresh(app)) {
        app.fault(e);
    }
}

/// Saves the visit on screen if it changed. Called on every change that is
/// not typing, every few seconds while typing, and before the screen goes
/// (lock, quit, hang-up, another screen).
pub fn persist(app: &mut App) -> anyhow::Result<bool> {
    save(app, false)
}

/// Saves the visit on screen before it goes (lock, quit, hang-up, another
/// screen), the time on its step included even when nothing else changed.
pub fn persist_all(app: &mut App) -> anyhow::Result<bool> {
    save(app, true)
}

fn save(app: &mut App, with_clock: bool) -> anyhow::Result<bool> {
    let Screen::Visit(st) = &mut app.screen else {
        return Ok(false);
    };
    let clock = with_clock && st.step_started.elapsed() >= Duration::from_secs(1);
    if !st.dirty && !clock {
        return Ok(false);
    }
    st.flush_clock();
    let saved = st.saved();
    let json = serde_json::to_string(&saved)?;
    match visits::save(&mut app.env.conn, st.id, st.version, &saved.visit, &json) {
        Ok(v) => {
            st.version = v;
            st.dirty = false;
            st.last_saved = Instant::now();
            Ok(true)
        }
        Err(VisitError::Conflict { by }) => {
            st.dirty = false;
            let who = by.unwrap_or_else(|| app.env.locale.t("form.someone").to_string());
            anyhow::bail!(app.env.locale.f("visit.conflict", &[("who", &who)]))
        }
        Err(VisitError::Db(e)) => Err(e),
    }
}

/// Every tick: typing is saved a couple of seconds after it happened.
pub fn tick(app: &mut App) {
    let due = matches!(&app.screen, Screen::Visit(st) if st.dirty && st.last_saved.elapsed() >= SAVE_EVERY);
    if due && let Err(e) = persist(app) {
        app.fault(e);
    }
}

/// The product and customer look-ups of the step on screen; on a failed
/// query the lists are empty and the error is returned, to be shown.
pub(super) fn rerun_searches(
    conn: &rusqlite::Connection,
    st: &mut VisitState,
) -> anyhow::Result<()> {
    st.product_hits = Vec::new();
    st.customer_hits = Vec::new();
    let product = st.text(Text::ProductSearch).trim().to_string();
    if !product.is_empty() {
        st.product_hits = match on_sale_by_code(conn, &product)? {
            Some(p) => vec![p],
            None => products::find(conn, &product, HITS)?,
        };
    }
    let q = match st.visit.current {
        0 => st.text(Text::CustomerSearch).to_string(),
        FAREWELL => customer_query(st),
        _ => String::new(),
    };
    if !q.trim().is_empty() {
        st.customer_hits = search::search(conn, &q, HITS)?.rows;
    }
    Ok(())
}

/// A style number typed or a barcode scanned at the product picker: that
/// product alone, at once, when it is on sale (not retired).
fn on_sale_by_code(
    conn: &rusqlite::Connection,
    code: &str,
) -> anyhow::Result<Option<products::Product>> {
    let Some(p) = products::lookup(conn, code)? else {
        return Ok(None);
    };
    Ok(products::retired_on(conn, p.id)?.is_none().then_some(p))
}

/// Step 8 searches first by the phone typed, else by the name.
fn customer_query(st: &VisitState) -> String {
    let phone = st.text(Text::RegPhone).trim();
    if crate::domain::customer::phone_digits(phone).len() >= 3 {
        phone.to_string()
    } else {
        st.text(Text::RegName).to_string()
    }
}
