//! Returns and exchanges at the desk: find the purchase, pick the line,
//! answer the questions, see the decision and its reasons, confirm. What
//! is confirmed is written by [`record`] (a cosmetic's reaction by
//! [`routed`]).

pub mod practice;
pub mod record;
pub mod routed;

use chrono::NaiveDate;

use super::input::TextField;
use super::{Action, App, Ctx, DialogKind, Effect, HitMap, Overlay, View, cursor};
use crate::domain::after_return::{Before, Drop, drop_for};
use crate::domain::aftersale::{
    self, AfterSaleCase, CaseError, Category, Condition, Decision, Problem, PurchaseLine, Request,
    RuleId, Ruling,
};
use crate::keymap::Context;
use crate::store::returns::{self, SoldLine};

/// The questions of the case, in screen order after the two choices.
pub const CONDITIONS: usize = 5;
/// Focus positions: request, problem, five conditions, receipt, repairable.
pub const QUESTIONS: usize = 2 + CONDITIONS + 2;

/// What a tap on the returns screen lands on (its buttons are actions).
pub enum Tap {
    /// A purchase line found: the first tap selects, the second picks it.
    Line(usize),
    /// A question: the first tap focuses, the second changes the answer.
    Question(usize),
}

pub struct ReturnState {
    pub query: TextField,
    pub lines: Vec<SoldLine>,
    pub selected: usize,
    /// The line being decided; `None` while finding it.
    pub line: Option<SoldLine>,
    pub request: usize,
    pub problem: usize,
    pub conditions: [bool; CONDITIONS],
    pub receipt: bool,
    pub repairable: bool,
    pub focus: usize,
    pub ruling: Option<Result<Ruling, CaseError>>,
    pub reason_text: String,
    /// The batch 批号 of a cosmetic routed to quality (rules C1, C2), once asked.
    pub batch: Option<String>,
    /// What the refund takes from the customer's standing (tier, milestones,
    /// club), said on the decision before it is confirmed.
    pub drop: Option<Drop>,
    /// A desk training card being played here (training mode only).
    pub practice: Option<Box<practice::DeskPractice>>,
}

impl Default for ReturnState {
    fn default() -> Self {
        ReturnState::new()
    }
}

impl ReturnState {
    pub fn new() -> ReturnState {
        ReturnState {
            query: TextField::new("", 40),
            lines: Vec::new(),
            selected: 0,
            line: None,
            request: 0,
            problem: 0,
            conditions: [false; CONDITIONS],
            receipt: true,
            repairable: true,
            focus: 0,
            ruling: None,
            reason_text: String::new(),
            batch: None,
            drop: None,
            practice: None,
        }
    }

    /// How many answers the case has: in practice, the trainee's decision
    /// and rule after the questions, until they are confirmed.
    pub fn answers(&self) -> usize {
        match &self.practice {
            Some(p) if !p.revealed => QUESTIONS + 2,
            _ => QUESTIONS,
        }
    }

    pub fn request(&self) -> Request {
        Request::ALL[self.request]
    }

    pub fn problem(&self) -> Problem {
        Problem::ALL[self.problem]
    }

    /// The category of the line being decided.
    pub fn category(&self) -> Option<Category> {
        let l = self.line.as_ref()?;
        Category::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == l.category)
    }

    pub fn case(&self, today: NaiveDate) -> Option<AfterSaleCase> {
        let l = self.line.as_ref()?;
        let category = self.category()?;
        Some(AfterSaleCase {
            line: PurchaseLine {
                category,
                sold_on: l.purchased_on,
                paid_fen: l.price_fen,
                current_price_fen: l.current_price_fen,
                clearance: l.clearance,
                made_to_order: l.made_to_order,
            },
            today,
            receipt: self.receipt,
            condition: Condition::ALL
                .iter()
                .zip(self.conditions)
                .filter(|(_, on)| *on)
                .map(|(c, _)| *c)
                .collect(),
            problem: self.problem(),
            repairable: self.repairable,
            request: self.request(),
        })
    }

    pub fn finding(&self) -> bool {
        self.line.is_none()
    }

    /// Decides the case again after every answer, with its reasons in words.
    fn decide(&mut self, cx: &mut Ctx) {
        let Some(case) = self.case(cx.today()) else {
            self.ruling = None;
            return;
        };
        let policy = &cx.env.policy.aftersale;
        let ruling = aftersale::decide(&case, policy);
        self.reason_text = match &ruling {
            Ok(ru) => cx.env.reasons.ruling(ru, &ru.facts(&case, policy)),
            Err(e) => cx.t(&format!("case_error.{}", e.id())).to_string(),
        };
        let refund = match &ruling {
            Ok(ru) if matches!(ru.decision, Decision::Return | Decision::ChargedReturn) => {
                Some(ru.amount_fen)
            }
            _ => None,
        };
        let customer = self.line.as_ref().and_then(|l| l.customer_id);
        self.ruling = Some(ruling);
        self.drop = None;
        if let (Some(refund), Some(c)) = (refund, customer) {
            match standing_drop(cx, c, refund) {
                Ok(d) => self.drop = d.filter(|d| !d.is_empty()),
                Err(e) => cx.fault(e),
            }
        }
    }

    fn find(&mut self, cx: &mut Ctx) {
        match returns::find_lines(&cx.env.conn, self.query.value(), 50) {
            Ok(lines) => {
                self.lines = lines;
                self.selected = 0;
            }
            Err(e) => cx.fault(e),
        }
    }

    fn choose_line(&mut self, cx: &mut Ctx) {
        let Some(line) = self.lines.get(self.selected).cloned() else {
            return;
        };
        if line.settled {
            let msg = cx.t("desk.line_settled").to_string();
            return cx.error(msg);
        }
        self.line = Some(line);
        self.batch = None;
        self.focus = 0;
        self.decide(cx);
        if let Some(p) = self.practice.as_mut() {
            p.playing.coach(cx.env.locale.t("practice_desk.coach_case"));
        }
    }

    /// Changes the focused answer: only what the goods can have (a cream
    /// has no open seam, a coat no rash).
    fn toggle(&mut self, back: bool) {
        use super::action::cycle;
        // A card's answers, until confirmed; the case's own answers stay
        // open after (what the desk carries out follows them).
        if let Some(p) = self.practice.as_mut().filter(|p| !p.revealed) {
            let next = |at: Option<usize>, n: usize| match at {
                None if back => n - 1,
                None => 0,
                Some(i) => cycle(i, n, back),
            };
            match self.focus {
                QUESTIONS => return p.decision = Some(next(p.decision, Decision::ALL.len())),
                f if f == QUESTIONS + 1 => return p.rule = Some(next(p.rule, RuleId::ALL.len())),
                _ => {}
            }
        }
        let category = self.category().unwrap_or(Category::Textile);
        match self.focus {
            0 => loop {
                self.request = cycle(self.request, Request::ALL.len(), back);
                if Request::ALL[self.request].applies_to(category) {
                    break;
                }
            },
            1 => loop {
                self.problem = cycle(self.problem, Problem::ALL.len(), back);
                if Problem::ALL[self.problem].applies_to(category) {
                    break;
                }
            },
            f if f < 2 + CONDITIONS => self.conditions[f - 2] = !self.conditions[f - 2],
            f if f == 2 + CONDITIONS => self.receipt = !self.receipt,
            _ => self.repairable = !self.repairable,
        }
    }

    fn ask_override(&self, cx: &mut Ctx) {
        if !cx.is_manager() {
            let msg = cx.t("desk.override_managers").to_string();
            return cx.error(msg);
        }
        let refused = matches!(&self.ruling, Some(Ok(ru)) if ru.decision == Decision::Refused);
        let asks_goods = matches!(self.request(), Request::Return | Request::Exchange);
        if !refused || !asks_goods {
            let msg = cx.t("desk.override_only_refusals").to_string();
            return cx.error(msg);
        }
        *cx.overlay = Some(Overlay::dialog(
            DialogKind::Override,
            0,
            Some(TextField::new("", 200)),
        ));
    }

    /// The batch of a cosmetic, typed in its dialog: then the confirmation goes on.
    pub fn batch_given(&mut self, batch: String, cx: &mut Ctx) -> Effect {
        self.batch = Some(batch);
        self.confirm(cx)
    }

    fn update_finding(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let len = self.lines.len();
        match action {
            Action::Type(c) if self.query.type_char(c) => self.find(cx),
            a if a.is_text_edit() && self.query.edit(a) => self.find(cx),
            a if cursor::move_in_list(&mut self.selected, len, &a) => {}
            Action::Select => self.choose_line(cx),
            Action::Back => return Effect::Back,
            _ => {}
        }
        Effect::None
    }
}

/// What a refund of `refund_fen` would take from the customer's standing.
fn standing_drop(cx: &Ctx, customer_id: i64, refund_fen: i64) -> anyhow::Result<Option<Drop>> {
    use crate::domain::vip::ClubVia;
    let Some(s) = crate::store::vip::standing(&cx.env.conn, customer_id)? else {
        return Ok(None);
    };
    let p = &cx.env.policy;
    Ok(Some(drop_for(
        &Before {
            spend_fen: s.facts.total_spend_fen,
            club_by_spend: s.club_via == Some(ClubVia::Spend),
        },
        refund_fen,
        &p.customers.tiers,
        &p.thanks.milestones_fen,
        p.customers.club_min_spend_fen,
    )))
}

impl View for ReturnState {
    fn contexts(&self) -> Vec<Context> {
        if self.finding() {
            vec![Context::Text, Context::Returns]
        } else {
            vec![Context::Returns, Context::Form]
        }
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        if self.finding() {
            return vec![Action::Select, Action::Back];
        }
        vec![
            Action::Save,
            Action::Toggle,
            Action::NextFocus,
            Action::Override,
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
        crate::ui::returns::draw(frame, area, app, self, hits)
    }

    fn tap(&mut self, target: &dyn std::any::Any, cx: &mut Ctx) -> Effect {
        match target.downcast_ref::<Tap>() {
            Some(&Tap::Line(i)) if self.finding() && i < self.lines.len() => {
                let again = self.selected == i;
                self.selected = i;
                if again {
                    self.choose_line(cx);
                }
            }
            Some(&Tap::Question(i)) if !self.finding() && i < self.answers() => {
                let again = self.focus == i;
                self.focus = i;
                if again {
                    self.toggle(false);
                    self.decide(cx);
                }
            }
            _ => {}
        }
        Effect::None
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        if self.finding() {
            return self.update_finding(action, cx);
        }
        let answers = self.answers();
        match action {
            a if cursor::move_focus(&mut self.focus, answers, &a) => {}
            Action::Save if self.practice.is_some() => return self.practice_confirm(cx),
            // A card's answers, once confirmed, stay as they were.
            Action::Back if self.practice.as_ref().is_some_and(|p| p.revealed) => {
                return self.finish_practice(cx);
            }
            Action::Toggle | Action::Type(' ') => {
                self.toggle(false);
                self.decide(cx);
            }
            Action::ToggleBack => {
                self.toggle(true);
                self.decide(cx);
            }
            Action::Save => return self.confirm(cx),
            Action::Override => self.ask_override(cx),
            Action::Back => {
                self.line = None;
                self.ruling = None;
                self.drop = None;
            }
            _ => {}
        }
        Effect::None
    }
}
