//! Confirming a return or exchange decision and writing it: the returns
//! log (off the screen's thread), an exchange's "how", a manager's
//! override, a repair sent on to the intake.

use super::{ReturnState, routed};
use crate::app::input::TextField;
use crate::app::{App, Ctx, DialogKind, Effect, Overlay, repair_form};
use crate::domain::aftersale::{Condition, Decision, Request, Ruling};
use crate::store::returns::{self, Settlement};

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

impl ReturnState {
    /// Confirms what the engine decided: a return or exchange goes in the
    /// log (an exchange asks whether the goods are in the shop); a repair
    /// or a free service goes to the repair intake; a refusal stays a
    /// refusal unless a manager overrides it.
    pub(super) fn confirm(&mut self, cx: &mut Ctx) -> Effect {
        let Some(Ok(ruling)) = &self.ruling else {
            let msg = cx.t("desk.no_decision").to_string();
            cx.error(msg);
            return Effect::None;
        };
        if ruling.cosmetic_rule().is_some() && self.batch.is_none() {
            // S4: the product and its batch are recorded before anything else.
            *cx.overlay = Some(Overlay::dialog(
                DialogKind::CosmeticBatch,
                0,
                Some(TextField::new("", 30)),
            ));
            return Effect::None;
        }
        match ruling.decision {
            Decision::Refused => {
                let key = if cx.is_manager() {
                    "desk.refused_override"
                } else {
                    "desk.refused_final"
                };
                let msg = cx.t(key).to_string();
                cx.error(msg);
                Effect::None
            }
            Decision::Exchange | Decision::ChargedExchange => {
                *cx.overlay = Some(Overlay::dialog(DialogKind::ExchangeHow, 0, None));
                Effect::None
            }
            Decision::Return | Decision::ChargedReturn => self.record(None, None, cx),
            Decision::FreeRepair | Decision::PaidRepair | Decision::FreeService => {
                let (ruling, reason, problem) =
                    (ruling.clone(), self.reason_text.clone(), self.problem());
                match &self.line {
                    Some(line) => Effect::Replace(Box::new(repair_form::RepairForm::from_case(
                        cx, line, &ruling, &reason, problem,
                    ))),
                    None => Effect::None,
                }
            }
        }
    }

    /// Writes the settlement; `how` for an exchange, `override_reason` when
    /// a manager overrides a refusal.
    pub fn record(
        &mut self,
        how: Option<&str>,
        override_reason: Option<String>,
        cx: &mut Ctx,
    ) -> Effect {
        let staff = cx.user_id().unwrap_or_default();
        let today = cx.today();
        let Some(Ok(ruling)) = &self.ruling else {
            return Effect::None;
        };
        let Some(mut s) = settlement(self, ruling, &self.reason_text) else {
            return Effect::None;
        };
        if let Some(why) = override_reason {
            // The manager grants what was asked, at the base price (§5 price rule).
            s.decision = match self.request() {
                Request::Exchange => "exchange".into(),
                Request::Return => "return".into(),
                _ => s.decision,
            };
            s.amount_fen = ruling.base_price_fen;
            s.override_reason = Some(why);
        }
        s.exchange_how = how.map(String::from);
        let how = how.map(String::from);
        let transfer_days = cx.env.policy.exchanges.transfer_days;
        if let (Some(rule), Some(batch)) = (ruling.cosmetic_rule(), &self.batch) {
            let batch = batch.clone();
            return routed::record(self, s, rule, &batch, cx);
        }
        // Off the screen's thread: the desk stays on screen ("saving…") while
        // another process holds the database.
        cx.save(
            move |conn| {
                returns::record(conn, &s, staff, today, transfer_days).map(|(_, no)| (no, s))
            },
            move |app, result| recorded(app, result, how.as_deref(), transfer_days),
        );
        Effect::None
    }
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
            super::practice::after_recorded(app);
            app.info(msg);
        }
        Err(e) => app.fault(e),
    }
}
