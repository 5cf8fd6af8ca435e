//! A cosmetic's adverse reaction or lack of effect settled at the desk
//! (rules C1, C2) [S4]: the refund or replacement goes in the returns log
//! with the product's batch, and the same case is taken in as a complaint
//! routed to quality, its revisit booked, as at the complaint counter.

use super::complaints::now_utc;
use super::{App, Screen};
use crate::domain::aftersale::RuleId;
use crate::domain::complaint::{Channel, Urgency};
use crate::store::complaints::{self, NewComplaint};
use crate::store::returns::{self, Settlement};

/// The complaint category of a cosmetic's rule, in `data/routing.toml`.
pub fn category_of(rule: RuleId) -> &'static str {
    if rule == RuleId::C2 {
        "no_effect"
    } else {
        "adverse_reaction"
    }
}

/// Writes the settlement and the routed complaint in one transaction.
pub fn record(app: &mut App, s: Settlement, rule: RuleId, batch: &str) {
    let Screen::Return(r) = &app.screen else {
        return;
    };
    let Some(line) = r.line.clone() else { return };
    let category = category_of(rule);
    let routing = &app.env.policy.service.routing;
    let (Some(cat), Some(route)) = (routing.category(category).cloned(), routing.route(category))
    else {
        let msg = format!("data/routing.toml: no [[category]] \"{category}\" to route it to");
        return app.error(msg);
    };
    let staff = app.user.as_ref().map(|u| u.id).unwrap_or_default();
    let today = app.today();
    let product = format!("{} {}", line.style_no, line.product);
    let complaint = NewComplaint {
        channel: Channel::InStore,
        customer_id: line.customer_id,
        purchase_line_id: Some(line.line_id),
        product: &product,
        batch_no: batch,
        category: &cat,
        route: &route,
        urgency: if cat.urgent {
            Urgency::Urgent
        } else {
            Urgency::Normal
        },
        major: false,
        words: &s.reason,
        taken_by: staff,
        received_at: now_utc(app),
        received_on: today,
    };
    let revisit = app.env.policy.service.complaints.revisit;
    let transfer_days = app.env.policy.exchanges.transfer_days;
    let result = returns::record_routed(
        &mut app.env.conn,
        &s,
        staff,
        today,
        transfer_days,
        &complaint,
        &revisit,
    )
    .and_then(|(_, no, id)| Ok((no, complaints::get(&app.env.conn, id)?)));
    match result {
        Ok((no, Some(c))) => {
            let loc = &app.env.locale;
            let decision = loc.t(&format!("decision.{}", s.decision)).to_string();
            let recorded = loc.f(
                "desk.return_recorded",
                &[
                    ("no", &no),
                    ("decision", &decision),
                    ("amount", &loc.money(s.amount_fen)),
                ],
            );
            let due = c.revisit_due.map(|d| d.to_string()).unwrap_or_default();
            let department = loc.t(&format!("complaints.department.{}", c.department));
            // The routing first: it is what the associate must tell the customer.
            let mut msg = loc.f(
                "practices.routed",
                &[("no", &c.no), ("department", department), ("due", &due)],
            );
            msg.push_str(&recorded);
            app.back();
            app.info(msg);
        }
        Ok((_, None)) => app.fault(anyhow::anyhow!("the routed complaint was not written")),
        Err(e) => app.fault(e),
    }
}
