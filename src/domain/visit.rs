//! A visit 接待 (DOMAIN §1): one customer's time in the shop, walked through
//! the eight steps of 门店服务八步曲, and the facts each step records.

use serde::{Deserialize, Serialize};

/// The eight steps, in order; ids are the ones used in `data/flow/`.
pub const STEP_IDS: [&str; 8] = [
    "greet",
    "attend",
    "present",
    "fitting",
    "objections",
    "close",
    "add_on",
    "farewell",
];
pub const STEPS: usize = 8;
/// Steps whose lines are picked from the catalogue: 3, 4 and 7 (0-based 2, 3, 6).
pub const PRESENT: usize = 2;
pub const FITTING: usize = 3;
pub const OBJECTIONS: usize = 4;
pub const CLOSE: usize = 5;
pub const ADD_ON: usize = 6;
pub const FAREWELL: usize = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Not finished yet (or not reached).
    #[default]
    Pending,
    Done,
    Skipped,
}

impl StepStatus {
    pub fn id(self) -> &'static str {
        match self {
            StepStatus::Pending => "pending",
            StepStatus::Done => "done",
            StepStatus::Skipped => "skipped",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct StepRecord {
    pub status: StepStatus,
    /// Time spent on the step, in seconds, over every time it was open.
    pub seconds: u64,
    /// The checklist items ticked, by id.
    pub checked: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum ObjectionKind {
    /// 怀疑: "not pure cotton — static?"
    Doubt,
    /// 误解: "why not pure cotton?"
    Misunderstanding,
    /// 产品缺点: "too expensive".
    Drawback,
}

impl ObjectionKind {
    pub const ALL: [ObjectionKind; 3] = [
        ObjectionKind::Doubt,
        ObjectionKind::Misunderstanding,
        ObjectionKind::Drawback,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ObjectionKind::Doubt => "doubt",
            ObjectionKind::Misunderstanding => "misunderstanding",
            ObjectionKind::Drawback => "drawback",
        }
    }

    pub fn from_id(s: &str) -> Option<ObjectionKind> {
        ObjectionKind::ALL.into_iter().find(|k| k.id() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Closing {
    /// 限制警告法: time, promotion, stock.
    Limitation,
    /// 选择消除法.
    ChoiceElimination,
    /// 总结法.
    Summary,
}

impl Closing {
    pub const ALL: [Closing; 3] = [
        Closing::Limitation,
        Closing::ChoiceElimination,
        Closing::Summary,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Closing::Limitation => "limitation",
            Closing::ChoiceElimination => "choice_elimination",
            Closing::Summary => "summary",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Bought,
    NotBought,
}

impl Outcome {
    pub fn id(self) -> &'static str {
        match self {
            Outcome::Bought => "bought",
            Outcome::NotBought => "not_bought",
        }
    }
}

/// A product shown (step 3), tried (step 4) or offered as an add-on (step 7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub product_id: i64,
    pub style_no: String,
    pub name: String,
    /// Material category: textile, knit, cotton, suit, leather, cosmetic.
    pub category: String,
    /// The product's sizes and colours, to choose from.
    pub sizes: Vec<String>,
    pub colours: Vec<String>,
    pub size: String,
    pub colour: String,
    pub price_fen: i64,
    /// The step that brought it in (index: 2, 3 or 6).
    pub step: usize,
    pub tried: bool,
    /// On the checkout of step 8.
    pub bought: bool,
}

impl Item {
    /// Step 7's lines are add-on sales.
    pub fn add_on(&self) -> bool {
        self.step == ADD_ON
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objection {
    pub kind: ObjectionKind,
    pub words: String,
    pub answer: String,
}

/// The customer the visit is linked to (a walk-in has none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedCustomer {
    pub id: i64,
    pub name: String,
    /// Last visit or purchase, for 好久不见.
    pub last_seen: Option<chrono::NaiveDate>,
    /// The extra birthday percent off at the till when linked on their
    /// birthday (shown at checkout; the sale reckons it again).
    #[serde(default)]
    pub birthday_percent: u32,
}

/// Everything a visit records, as it goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    /// The step on screen, 0–7.
    pub current: usize,
    pub steps: Vec<StepRecord>,
    pub customer: Option<LinkedCustomer>,
    pub greeting: String,
    pub need: String,
    pub size_estimate: String,
    pub fit_remarks: String,
    pub items: Vec<Item>,
    pub objections: Vec<Objection>,
    pub closing: Option<Closing>,
    /// Buying signals seen, by id from `data/flow/`.
    pub signals: Vec<String>,
    pub outcome: Option<Outcome>,
    /// A training scenario being played, by id.
    pub scenario: Option<String>,
    /// The make-up service offered with evening wear, and the answer [S1].
    #[serde(default)]
    pub makeup: Option<super::practices::Makeup>,
    /// Gifts marked given at checkout (designated style, festival) [S1].
    #[serde(default)]
    pub gifts: Vec<super::practices::Gift>,
}

impl Default for Visit {
    fn default() -> Self {
        Visit {
            current: 0,
            steps: vec![StepRecord::default(); STEPS],
            customer: None,
            greeting: String::new(),
            need: String::new(),
            size_estimate: String::new(),
            fit_remarks: String::new(),
            items: Vec::new(),
            objections: Vec::new(),
            closing: None,
            signals: Vec::new(),
            outcome: None,
            scenario: None,
            makeup: None,
            gifts: Vec::new(),
        }
    }
}

/// The checkout: total and add-on part of the lines marked bought, in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Basket {
    pub lines: usize,
    pub total_fen: i64,
    pub add_on_fen: i64,
}

/// Why a visit cannot be finished as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinishProblem {
    /// Bought or not bought must be chosen.
    NoOutcome,
    /// "Bought" with no line marked bought.
    NothingBought,
    /// "Did not buy" with lines marked bought.
    LinesMarked,
}

impl FinishProblem {
    pub fn id(self) -> &'static str {
        match self {
            FinishProblem::NoOutcome => "no_outcome",
            FinishProblem::NothingBought => "nothing_bought",
            FinishProblem::LinesMarked => "lines_marked",
        }
    }
}

impl Visit {
    pub fn basket(&self) -> Basket {
        let mut b = Basket::default();
        for i in self.items.iter().filter(|i| i.bought) {
            b.lines += 1;
            b.total_fen += i.price_fen;
            if i.add_on() {
                b.add_on_fen += i.price_fen;
            }
        }
        b
    }

    /// Moves to step `to`; the step left is marked done when moving forward
    /// from it, and stays as it was when going back or jumping.
    pub fn go_to(&mut self, to: usize, forward_done: bool) {
        let to = to.min(STEPS - 1);
        if forward_done && to > self.current {
            self.steps[self.current].status = StepStatus::Done;
        }
        self.current = to;
    }

    /// Marks the step on screen skipped and moves to the next one.
    pub fn skip(&mut self) {
        self.steps[self.current].status = StepStatus::Skipped;
        if self.current + 1 < STEPS {
            self.current += 1;
        }
    }

    pub fn toggle_check(&mut self, step: usize, id: &str) {
        let checked = &mut self.steps[step].checked;
        if let Some(i) = checked.iter().position(|c| c == id) {
            checked.remove(i);
        } else {
            checked.push(id.to_string());
        }
    }

    pub fn is_checked(&self, step: usize, id: &str) -> bool {
        self.steps[step].checked.iter().any(|c| c == id)
    }

    pub fn check_finish(&self) -> Result<Outcome, FinishProblem> {
        let b = self.basket();
        match self.outcome {
            None => Err(FinishProblem::NoOutcome),
            Some(Outcome::Bought) if b.lines == 0 => Err(FinishProblem::NothingBought),
            Some(Outcome::NotBought) if b.lines > 0 => Err(FinishProblem::LinesMarked),
            Some(o) => Ok(o),
        }
    }

    /// On finishing: the step on screen counts as done, steps never
    /// finished count as skipped.
    pub fn close_steps(&mut self) {
        self.steps[self.current].status = StepStatus::Done;
        for s in &mut self.steps {
            if s.status == StepStatus::Pending {
                s.status = StepStatus::Skipped;
            }
        }
    }

    /// The material categories of the lines bought, each once, in order.
    pub fn bought_categories(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for i in self.items.iter().filter(|i| i.bought) {
            if !out.contains(&i.category) {
                out.push(i.category.clone());
            }
        }
        out
    }
}

/// The next value in a list of options after `current` (the first if absent).
pub fn cycle(options: &[String], current: &str, backwards: bool) -> String {
    if options.is_empty() {
        return current.to_string();
    }
    let n = options.len();
    let next = match options.iter().position(|o| o == current) {
        None => 0,
        Some(i) if backwards => (i + n - 1) % n,
        Some(i) => (i + 1) % n,
    };
    options[next].clone()
}

/// The receipt number of a visit's purchase: the same visit always gets
/// the same number, so finishing twice can never sell twice.
pub fn receipt_no(on: chrono::NaiveDate, visit_id: i64) -> String {
    format!("R{}-{visit_id:06}", on.format("%Y%m%d"))
}

/// Add-on sales as a percentage of the other sales: DOMAIN §1 step 7 wants
/// add-on selling to add at least 30% to sales. None without other sales.
pub fn add_on_uplift_percent(total_fen: i64, add_on_fen: i64) -> Option<u32> {
    let base = total_fen - add_on_fen;
    (base > 0).then(|| ((add_on_fen as f64 * 100.0 / base as f64).round()) as u32)
}

/// `[figures]` in `data/policy.toml`: how visit and staff figures count a
/// returned sale. Exchanges keep the sale whatever the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnsRule {
    /// Sales and add-on sales less the refunds of the visit's returned lines.
    pub net_of_returns: bool,
    /// A visit whose every line was returned no longer counts as converted.
    pub whole_return_unconverts: bool,
}

impl Default for ReturnsRule {
    /// The shipped rule (`data/policy.toml`), for queries run without a policy.
    fn default() -> Self {
        ReturnsRule {
            net_of_returns: true,
            whole_return_unconverts: true,
        }
    }
}

/// Per associate: visits, conversion, average basket, add-on uplift.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AssociateFigures {
    pub staff_id: i64,
    pub name: String,
    pub visits: i64,
    pub bought: i64,
    pub sales_fen: i64,
    pub add_on_fen: i64,
    /// Of the visits that bought, those with a line returned since.
    pub returned: i64,
    /// What those returns refunded.
    pub refunded_fen: i64,
}

impl AssociateFigures {
    /// Visits that bought, in whole percent.
    pub fn conversion_percent(&self) -> Option<u32> {
        (self.visits > 0)
            .then(|| ((self.bought as f64 * 100.0 / self.visits as f64).round()) as u32)
    }

    pub fn average_basket_fen(&self) -> Option<i64> {
        (self.bought > 0).then(|| (self.sales_fen as f64 / self.bought as f64).round() as i64)
    }

    pub fn add_on_percent(&self) -> Option<u32> {
        add_on_uplift_percent(self.sales_fen, self.add_on_fen)
    }
}

#[cfg(test)]
mod tests;
