//! Playing a desk training card (issue 16) at the real returns desk, on
//! the practice shop only.
//!
//! `start` writes what the card's customer brings through the store's own
//! functions, as the catalogue, the customer file and the till would: a
//! product of the card's category (its name the card's `item`, else the
//! category's name) sold `sold_days_ago` before today at `paid_fen`, its
//! price changed to `current_price_fen` the day after the sale; a new
//! customer file (the card's `customer`, else `practice_desk.
//! default_customer`) with a mobile number of its own; the sale on a
//! receipt `R<date>-P<customer id>`. The customer hands the receipt over
//! when the card says they have it, else gives their phone number.
//!
//! The trainee finds the purchase and answers the case's questions as at
//! the real desk, but the desk keeps the engine's decision to itself: the
//! trainee states the decision (one of the eight) and the rule they explain
//! (each of the twelve rows of DOMAIN §6a in the customer's words) and
//! confirms. Then both answers are shown beside the policy's, the customer
//! answers (`accepts` when both are right, else `pushes_back`), and a
//! second confirmation carries the decision out as the desk does (a return
//! or exchange goes in the returns log) before the scorecard.
//!
//! The answer scored is the policy engine's on the card's true facts on the
//! day of play, not on what was typed: answers typed wrong lead the trainee
//! to a wrong decision. Naming any rule the engine applied counts as right.

use anyhow::{Result, anyhow};
use chrono::{Duration, NaiveDate};

use super::ReturnState;
use crate::app::practice::{self, Mood, Playing, ResultLine};
use crate::app::{App, Ctx, Effect, Mode};
use crate::domain::aftersale::{self, Decision, RuleId, Ruling};
use crate::domain::customer::{Field, Values};
use crate::domain::training_skills::{Skill, score_desk};
use crate::shop_data::training_cards::DeskCard;
use crate::store::products::{self, CATEGORIES, Product};
use crate::store::purchases::NewLine;
use crate::store::sales::{self, SaleLine};
use crate::store::{self, customers};

/// A desk card being played: the card, the customer's pane, the policy's
/// answer and the trainee's.
pub struct DeskPractice {
    pub card: DeskCard,
    pub playing: Playing,
    /// The policy engine's ruling on the card's true facts, today.
    pub expected: Ruling,
    /// Its reasons in words.
    pub expected_reason: String,
    /// The trainee's decision, an index into `Decision::ALL`.
    pub decision: Option<usize>,
    /// The rule they explain, an index into `RuleId::ALL`.
    pub rule: Option<usize>,
    /// The answers are confirmed and the policy's shown.
    pub revealed: bool,
    /// What the customer brings: the receipt number or their phone.
    pub receipt_no: String,
    pub phone: String,
}

impl DeskPractice {
    pub fn decision(&self) -> Option<Decision> {
        self.decision.map(|i| Decision::ALL[i])
    }

    pub fn rule(&self) -> Option<RuleId> {
        self.rule.map(|i| RuleId::ALL[i])
    }

    /// The rule the trainee is scored against: the one they named when
    /// the engine applied it, else the card's, else the engine's first.
    pub fn expected_rule(&self) -> RuleId {
        let rules = self.expected.rules();
        [self.rule(), Some(self.card.rule_id())]
            .into_iter()
            .flatten()
            .find(|r| rules.contains(r))
            .or(rules.first().copied())
            .unwrap_or(RuleId::R1)
    }

    /// Both answers right.
    pub fn right(&self) -> bool {
        self.decision() == Some(self.expected.decision) && self.rule() == Some(self.expected_rule())
    }
}

/// Starts `card` on the practice shop: its purchase written, the desk
/// opened with the customer at it.
pub fn start(cx: &mut Ctx, card: &DeskCard) -> Effect {
    if cx.env.mode != Mode::Training {
        let msg = cx.t("practice_desk.not_training").to_string();
        cx.error(msg);
        return Effect::None;
    }
    let today = cx.today();
    let case = card.case_on(today);
    let policy = &cx.env.policy.aftersale;
    let expected = match aftersale::decide(&case, policy) {
        Ok(r) => r,
        Err(e) => {
            cx.error(format!("{}: {e}", card.id));
            return Effect::None;
        }
    };
    let expected_reason = cx
        .env
        .reasons
        .ruling(&expected, &expected.facts(&case, policy));
    let seeded = match seed(cx, card, today) {
        Ok(s) => s,
        Err(e) => return Effect::Fault(e),
    };
    let mut playing = Playing::new(Skill::Desk, &card.id, &card.title, &card.story);
    let loc = &cx.env.locale;
    let sold_on = (today - Duration::days(card.sold_days_ago)).to_string();
    let item = item_name(cx, card);
    let opening = if card.receipt {
        loc.f(
            "practice_desk.opening_receipt",
            &[("item", &item), ("date", &sold_on), ("receipt", &seeded.0)],
        )
    } else {
        loc.f(
            "practice_desk.opening_phone",
            &[("item", &item), ("date", &sold_on), ("phone", &seeded.1)],
        )
    };
    let ask = loc.t(&format!("practice_desk.ask_{}", card.request.as_str()));
    // The customer's words last: on a short terminal they stay in sight.
    playing.coach(loc.t("practice_desk.coach_find"));
    playing.say(Mood::Even, format!("{opening} {ask}"));
    let mut desk = ReturnState::new();
    desk.practice = Some(Box::new(DeskPractice {
        card: card.clone(),
        playing,
        expected,
        expected_reason,
        decision: None,
        rule: None,
        revealed: false,
        receipt_no: seeded.0,
        phone: seeded.1,
    }));
    Effect::Open(Box::new(desk))
}

fn item_name(cx: &Ctx, card: &DeskCard) -> String {
    match &card.item {
        Some(i) => i.clone(),
        None => cx
            .t(&format!("category.{}", card.category.as_str()))
            .to_string(),
    }
}

/// Writes the card's customer, product and sale; the receipt number and
/// the customer's phone.
fn seed(cx: &mut Ctx, card: &DeskCard, today: NaiveDate) -> Result<(String, String)> {
    let staff = cx.user_id().ok_or_else(|| anyhow!("nobody is signed in"))?;
    let name = match &card.customer {
        Some(n) => n.clone(),
        None => cx.t("practice_desk.default_customer").to_string(),
    };
    let item = item_name(cx, card);
    let rules = store::visits::rules(&cx.env.policy);
    let sold_on = today - Duration::days(card.sold_days_ago);
    // Different on every play (the clock's seconds), the same in a test.
    let seed = cx.now().and_utc().timestamp().unsigned_abs();
    store::write(&mut cx.env.conn, |tx| {
        let (customer, phone) = new_customer(tx, &name, seed, today, staff)?;
        let product = Product {
            id: 0,
            style_no: format!("TR-{}-{customer}", card.id),
            name: item,
            category: card.category.as_str().to_string(),
            list_price_fen: card.paid_fen,
            current_price_fen: card.paid_fen,
            clearance: card.clearance,
            made_to_order: card.made_to_order,
            sizes: "M".into(),
            colours: "-".into(),
        };
        let pid = products::create(tx, &product, &[], Some(staff), &CATEGORIES)
            .map_err(|e| anyhow!("{e}"))?;
        if card.current_price_fen != card.paid_fen {
            let from = (sold_on + Duration::days(1)).min(today);
            products::change_price(tx, pid, card.current_price_fen, from, Some(staff), today)
                .map_err(|e| anyhow!("{e}"))?;
        }
        let receipt = format!("R{}-P{customer:05}", sold_on.format("%Y%m%d"));
        let line = SaleLine {
            line: NewLine {
                product_id: pid,
                size: "M".into(),
                colour: "-".into(),
                price_fen: card.paid_fen,
                add_on: false,
            },
            category: product.category.clone(),
            asked_fen: card.paid_fen,
        };
        // An old sale: history, so no callback is owed for it now.
        sales::record(
            tx,
            &receipt,
            Some(customer),
            Some(staff),
            sold_on,
            &[line],
            &rules,
            today,
        )?;
        Ok((receipt, phone))
    })
}

/// A new customer file with a mobile number no other file has.
fn new_customer(
    tx: &rusqlite::Connection,
    name: &str,
    seed: u64,
    today: NaiveDate,
    staff: i64,
) -> Result<(i64, String)> {
    for k in 0..50u64 {
        let phone = format!("199{:08}", (seed + k * 7919) % 100_000_000);
        let mut v = Values::new_customer();
        v.set(Field::Name, name);
        v.set(Field::Phone, &phone);
        match customers::create_in(tx, &v, staff, today) {
            Ok(id) => return Ok((id, phone)),
            Err(customers::SaveError::Fields(f)) if f.iter().any(|e| e.code == "phone_taken") => {}
            Err(customers::SaveError::Fields(f)) => {
                let codes: Vec<_> = f
                    .iter()
                    .map(|e| format!("{:?} {}", e.field, e.code))
                    .collect();
                return Err(anyhow!("the practice customer: {}", codes.join(", ")));
            }
            Err(customers::SaveError::Db(e)) => return Err(e),
            Err(customers::SaveError::Conflict { .. }) => {
                return Err(anyhow!("the practice customer was changed meanwhile"));
            }
        }
    }
    Err(anyhow!("no free phone number for the practice customer"))
}

impl ReturnState {
    /// Save while a card is played: the answers confirmed and the policy's
    /// shown; then the decision carried out and the card scored.
    pub(super) fn practice_confirm(&mut self, cx: &mut Ctx) -> Effect {
        let Some(p) = self.practice.as_mut() else {
            return Effect::None;
        };
        if p.revealed {
            return self.carry_out(cx);
        }
        if p.decision.is_none() || p.rule.is_none() {
            let msg = cx.t("practice_desk.need_answer").to_string();
            cx.error(msg);
            return Effect::None;
        }
        p.revealed = true;
        self.focus = self.focus.min(super::QUESTIONS - 1);
        let (accepts, pushes_back) = (p.card.accepts.clone(), p.card.pushes_back.clone());
        if p.right() {
            p.playing.say(Mood::Calmer, accepts);
        } else {
            p.playing.say(Mood::Angrier, pushes_back);
        }
        let typed = match &self.ruling {
            Some(Ok(ru)) if ru.decision != p.expected.decision => Some(ru.decision),
            _ => None,
        };
        if let Some(d) = typed {
            let decision = cx.t(&format!("decision.{}", d.as_str())).to_string();
            let text = cx
                .env
                .locale
                .f("practice_desk.typed_differs", &[("decision", &decision)]);
            p.playing.coach(text);
        }
        let hint = cx.t("practice_desk.coach_carry_out").to_string();
        p.playing.coach(hint);
        Effect::None
    }

    /// As the desk does: a return or exchange goes in the returns log (the
    /// card is scored once it is written); anything else ends the card here
    /// (a refusal writes nothing; a repair's intake is not part of the card).
    fn carry_out(&mut self, cx: &mut Ctx) -> Effect {
        let writes = matches!(&self.ruling, Some(Ok(ru)) if matches!(
            ru.decision,
            Decision::Return | Decision::ChargedReturn | Decision::Exchange | Decision::ChargedExchange
        ));
        if writes {
            self.confirm(cx)
        } else {
            self.finish_practice(cx)
        }
    }

    /// The card scored and its scorecard shown.
    pub fn finish_practice(&mut self, cx: &mut Ctx) -> Effect {
        let Some(p) = self.practice.take() else {
            return Effect::None;
        };
        let rule = p.expected_rule();
        let card = score_desk(
            p.expected.decision,
            rule,
            p.decision(),
            p.rule(),
            &cx.training_cards.thresholds,
        );
        let loc = &cx.env.locale;
        let none = loc.t("practice_desk.none").to_string();
        let decision_word = |d: Option<Decision>| match d {
            Some(d) => loc.t(&format!("decision.{}", d.as_str())).to_string(),
            None => none.clone(),
        };
        let rule_words = |r: Option<RuleId>| match r {
            Some(r) => format!(
                "{} · {}",
                r.as_str(),
                loc.t(&format!("practice_desk.say_{}", r.as_str()))
            ),
            None => none.clone(),
        };
        let row = format!(
            "{}: {}",
            rule.as_str(),
            loc.t(&format!("practice_desk.short_{}", rule.as_str()))
        );
        let lines = vec![
            ResultLine {
                right: card.lines[0].right,
                what: loc.f(
                    "practice_desk.check_decision",
                    &[
                        ("yours", &decision_word(p.decision())),
                        ("policy", &decision_word(Some(p.expected.decision))),
                    ],
                ),
                why: format!("{row} {}", p.expected_reason),
            },
            ResultLine {
                right: card.lines[1].right,
                what: loc.f(
                    "practice_desk.check_rule",
                    &[
                        ("yours", &rule_words(p.rule())),
                        ("policy", &rule_words(Some(rule))),
                    ],
                ),
                why: loc.f(
                    "practice_desk.why_rule",
                    &[("row", &row), ("say", &p.card.explain)],
                ),
            },
        ];
        let ending = if p.right() {
            p.card.accepts.clone()
        } else {
            p.card.pushes_back.clone()
        };
        practice::finish(cx, p.playing.finish(card, lines, ending))
    }
}

/// After the desk wrote a settlement: a card being played is scored;
/// otherwise back from the decision.
pub(super) fn after_recorded(app: &mut App) {
    match app.view::<ReturnState>() {
        Some(r) if r.practice.is_some() => {
            app.on_view_as::<ReturnState>(|r, cx| r.finish_practice(cx))
        }
        Some(_) => app.back(),
        None => {}
    }
}
