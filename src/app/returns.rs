//! Returns and exchanges at the desk: find the purchase, pick the line,
//! answer the questions, see the decision and its reasons, confirm.

use chrono::NaiveDate;

use super::input::TextField;
use super::{Action, App, DialogKind, Overlay, Screen, repair_form};
use crate::domain::after_return::{Before, Drop, drop_for};
use crate::domain::aftersale::{
    self, AfterSaleCase, CaseError, Category, Condition, Decision, Problem, PurchaseLine, Request,
    Ruling,
};
use crate::store::returns::{self, Settlement, SoldLine};

/// The questions of the case, in screen order after the two choices.
pub const CONDITIONS: usize = 5;
/// Focus positions: request, problem, five conditions, receipt, repairable.
pub const QUESTIONS: usize = 2 + CONDITIONS + 2;

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
}

impl ReturnState {
    fn new() -> ReturnState {
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
}

pub fn open(app: &mut App) {
    app.open(Screen::Return(Box::new(ReturnState::new())));
}

/// Decides the case again after every answer, with its reasons in words.
fn decide(app: &mut App) {
    let today = app.today();
    let Screen::Return(r) = &mut app.screen else {
        return;
    };
    let Some(case) = r.case(today) else {
        r.ruling = None;
        return;
    };
    let ruling = aftersale::decide(&case, &app.env.policy.aftersale);
    r.reason_text = match &ruling {
        Ok(ru) => app
            .env
            .reasons
            .ruling(ru, &ru.facts(&case, &app.env.policy.aftersale)),
        Err(e) => app
            .env
            .locale
            .t(&format!("case_error.{}", e.id()))
            .to_string(),
    };
    let refund = match &ruling {
        Ok(ru) if matches!(ru.decision, Decision::Return | Decision::ChargedReturn) => {
            Some(ru.amount_fen)
        }
        _ => None,
    };
    let customer = r.line.as_ref().and_then(|l| l.customer_id);
    r.ruling = Some(ruling);
    r.drop = None;
    if let (Some(refund), Some(c)) = (refund, customer) {
        match standing_drop(app, c, refund) {
            Ok(d) => {
                if let Screen::Return(r) = &mut app.screen {
                    r.drop = d.filter(|d| !d.is_empty());
                }
            }
            Err(e) => app.fault(e),
        }
    }
}

/// What a refund of `refund_fen` would take from the customer's standing.
fn standing_drop(app: &App, customer_id: i64, refund_fen: i64) -> anyhow::Result<Option<Drop>> {
    use crate::domain::vip::ClubVia;
    let Some(s) = crate::store::vip::standing(&app.env.conn, customer_id)? else {
        return Ok(None);
    };
    let p = &app.env.policy;
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

fn find(app: &mut App) {
    let Screen::Return(r) = &mut app.screen else {
        return;
    };
    match returns::find_lines(&app.env.conn, r.query.value(), 50) {
        Ok(lines) => {
            r.lines = lines;
            r.selected = 0;
        }
        Err(e) => app.fault(e),
    }
}

pub fn update(app: &mut App, action: Action) {
    let Screen::Return(r) = &mut app.screen else {
        return;
    };
    if r.finding() {
        let len = r.lines.len();
        match action {
            Action::Type(c) if r.query.type_char(c) => {
                find(app);
            }
            a if a.is_text_edit() && r.query.edit(a) => {
                find(app);
            }
            Action::Up | Action::ScrollUp => r.selected = r.selected.saturating_sub(1),
            Action::Down | Action::ScrollDown => {
                r.selected = (r.selected + 1).min(len.saturating_sub(1))
            }
            Action::Pick { zone: 0, index } if (index as usize) < len => {
                let again = r.selected == index as usize;
                r.selected = index as usize;
                if again {
                    choose_line(app);
                }
            }
            Action::Select => choose_line(app),
            Action::Back => app.back(),
            _ => {}
        }
        return;
    }
    match action {
        Action::NextFocus | Action::Down => r.focus = (r.focus + 1) % QUESTIONS,
        Action::PrevFocus | Action::Up => r.focus = (r.focus + QUESTIONS - 1) % QUESTIONS,
        Action::Toggle | Action::Type(' ') => {
            toggle(r, false);
            decide(app);
        }
        Action::ToggleBack => {
            toggle(r, true);
            decide(app);
        }
        Action::Pick { zone: 1, index } if (index as usize) < QUESTIONS => {
            let again = r.focus == index as usize;
            r.focus = index as usize;
            if again {
                toggle(r, false);
                decide(app);
            }
        }
        Action::Save | Action::Pick { zone: 2, index: 0 } => confirm(app),
        Action::Override => ask_override(app),
        Action::Back => {
            r.line = None;
            r.ruling = None;
            r.drop = None;
        }
        _ => {}
    }
}

fn toggle(r: &mut ReturnState, backwards: bool) {
    let step = |i: usize, n: usize| {
        if backwards {
            (i + n - 1) % n
        } else {
            (i + 1) % n
        }
    };
    // Only what the goods can have: a cream has no open seam, a coat no rash.
    let category = r.category().unwrap_or(Category::Textile);
    match r.focus {
        0 => loop {
            r.request = step(r.request, Request::ALL.len());
            if Request::ALL[r.request].applies_to(category) {
                break;
            }
        },
        1 => loop {
            r.problem = step(r.problem, Problem::ALL.len());
            if Problem::ALL[r.problem].applies_to(category) {
                break;
            }
        },
        f if f < 2 + CONDITIONS => r.conditions[f - 2] = !r.conditions[f - 2],
        f if f == 2 + CONDITIONS => r.receipt = !r.receipt,
        _ => r.repairable = !r.repairable,
    }
}

fn choose_line(app: &mut App) {
    let Screen::Return(r) = &mut app.screen else {
        return;
    };
    let Some(line) = r.lines.get(r.selected).cloned() else {
        return;
    };
    if line.settled {
        let msg = app.t("desk.line_settled").to_string();
        return app.error(msg);
    }
    r.line = Some(line);
    r.batch = None;
    r.focus = 0;
    decide(app);
}

fn settlement(r: &ReturnState, ruling: &Ruling, reason: &str) -> Option<Settlement> {
    let line = r.line.as_ref()?;
    let rules: Vec<String> = ruling.rules().iter().map(|x| format!("{x:?}")).collect();
    let conditions: Vec<&str> = Condition::ALL
        .iter()
        .zip(r.conditions)
        .filter(|(_, on)| *on)
        .map(|(c, _)| c.as_str())
        .collect();
    Some(Settlement {
        line_id: line.line_id,
        customer_id: line.customer_id,
        request: r.request().as_str().into(),
        problem: r.problem().as_str().into(),
        conditions: conditions.join(","),
        decision: ruling.decision.as_str().into(),
        amount_fen: ruling.amount_fen,
        depreciation_percent: ruling.depreciation_percent,
        shop_pays_shipping: ruling.shop_pays_shipping,
        rules: rules.join(","),
        reason: reason.to_string(),
        exchange_how: None,
        override_reason: None,
    })
}

/// Confirms what the engine decided: a return or exchange goes in the log
/// (an exchange asks whether the goods are in the shop); a repair or a
/// free service goes to the repair intake; a refusal stays a refusal
/// unless a manager overrides it.
pub(super) fn confirm(app: &mut App) {
    let Screen::Return(r) = &app.screen else {
        return;
    };
    let Some(Ok(ruling)) = &r.ruling else {
        let msg = app.t("desk.no_decision").to_string();
        return app.error(msg);
    };
    if ruling.cosmetic_rule().is_some() && r.batch.is_none() {
        // S4: the product and its batch are recorded before anything else.
        app.overlay = Some(Overlay::dialog(
            DialogKind::CosmeticBatch,
            0,
            Some(TextField::new("", 30)),
        ));
        return;
    }
    match ruling.decision {
        Decision::Refused => {
            let key = if app.is_manager() {
                "desk.refused_override"
            } else {
                "desk.refused_final"
            };
            let msg = app.t(key).to_string();
            app.error(msg);
        }
        Decision::Exchange | Decision::ChargedExchange => {
            app.overlay = Some(Overlay::dialog(DialogKind::ExchangeHow, 0, None));
        }
        Decision::Return | Decision::ChargedReturn => record(app, None, None),
        Decision::FreeRepair | Decision::PaidRepair | Decision::FreeService => {
            let (line, ruling, reason, problem) = (
                r.line.clone(),
                ruling.clone(),
                r.reason_text.clone(),
                r.problem(),
            );
            if let Some(line) = line {
                repair_form::open_from_case(app, &line, &ruling, &reason, problem);
            }
        }
    }
}

/// Writes the settlement; `how` for an exchange, `override_reason` when a
/// manager overrides a refusal.
pub fn record(app: &mut App, how: Option<&str>, override_reason: Option<String>) {
    let staff = app.user.as_ref().map(|u| u.id).unwrap_or_default();
    let today = app.today();
    let Screen::Return(r) = &app.screen else {
        return;
    };
    let Some(Ok(ruling)) = &r.ruling else { return };
    let Some(mut s) = settlement(r, ruling, &r.reason_text) else {
        return;
    };
    if let Some(why) = override_reason {
        // The manager grants what was asked, at the base price (§5 price rule).
        s.decision = match r.request() {
            Request::Exchange => "exchange".into(),
            Request::Return => "return".into(),
            _ => s.decision,
        };
        s.amount_fen = ruling.base_price_fen;
        s.override_reason = Some(why);
    }
    s.exchange_how = how.map(String::from);
    let how = how.map(String::from);
    let transfer_days = app.env.policy.exchanges.transfer_days;
    let routed = match (ruling.cosmetic_rule(), &r.batch) {
        (Some(rule), Some(batch)) => Some((rule, batch.clone())),
        _ => None,
    };
    if let Some((rule, batch)) = routed {
        return super::returns_routed::record(app, s, rule, &batch);
    }
    // Off the screen's thread: the desk stays on screen ("saving…") while
    // another process holds the database.
    app.save_in_background(
        move |conn| returns::record(conn, &s, staff, today, transfer_days).map(|(_, no)| (no, s)),
        move |app, result| recorded(app, result, how.as_deref(), transfer_days),
    );
}

/// After the settlement is written: back from the decision with what was
/// recorded, or the fault.
fn recorded(
    app: &mut App,
    result: anyhow::Result<(String, Settlement)>,
    how: Option<&str>,
    transfer_days: u32,
) {
    match result {
        Ok((no, s)) => {
            let loc = &app.env.locale;
            let decision = loc.t(&format!("decision.{}", s.decision)).to_string();
            let mut msg = loc.f(
                "desk.return_recorded",
                &[
                    ("no", &no),
                    ("decision", &decision),
                    ("amount", &loc.money(s.amount_fen)),
                ],
            );
            if how == Some("transfer") {
                msg.push_str(&loc.f("desk.transfer_due", &[("days", &transfer_days.to_string())]));
            }
            // Still on the decision (nobody left it while it was saved).
            if matches!(app.screen, Screen::Return(_)) {
                app.back();
            }
            app.info(msg);
        }
        Err(e) => app.fault(e),
    }
}

fn ask_override(app: &mut App) {
    if !app.is_manager() {
        let msg = app.t("desk.override_managers").to_string();
        return app.error(msg);
    }
    let Screen::Return(r) = &app.screen else {
        return;
    };
    let refused = matches!(&r.ruling, Some(Ok(ru)) if ru.decision == Decision::Refused);
    let asks_goods = matches!(r.request(), Request::Return | Request::Exchange);
    if !refused || !asks_goods {
        let msg = app.t("desk.override_only_refusals").to_string();
        return app.error(msg);
    }
    app.overlay = Some(Overlay::dialog(
        DialogKind::Override,
        0,
        Some(TextField::new("", 200)),
    ));
}
