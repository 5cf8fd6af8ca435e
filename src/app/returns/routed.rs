//! A cosmetic's adverse reaction or lack of effect settled at the desk
//! (rules C1, C2) [S4]: the refund or replacement goes in the returns log
//! with the product's batch, and the same case is taken in as a complaint
//! routed to quality, its revisit booked, as at the complaint counter.

use chrono::{DateTime, Local, NaiveDateTime, TimeZone, Utc};

use super::ReturnState;
use crate::app::{App, Ctx, Effect};
use crate::domain::aftersale::RuleId;
use crate::domain::complaint::{Channel, Urgency};
use crate::store::complaints::{self, Complaint, NewComplaint};
use crate::store::returns::{self, Settlement};

/// The complaint category of a cosmetic's rule, in `data/routing.toml`.
pub fn category_of(rule: RuleId) -> &'static str {
    if rule == RuleId::C2 {
        "no_effect"
    } else {
        "adverse_reaction"
    }
}

/// The moment `local` on the shop's clock, in UTC (as the complaint
/// counter stores it).
fn utc_of(local: NaiveDateTime) -> DateTime<Utc> {
    Local
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

/// Writes the settlement and the routed complaint in one transaction, off
/// the screen's thread.
pub fn record(r: &ReturnState, s: Settlement, rule: RuleId, batch: &str, cx: &mut Ctx) -> Effect {
    let Some(line) = r.line.clone() else {
        return Effect::None;
    };
    let category = category_of(rule);
    let routing = &cx.env.policy.service.routing;
    let (Some(cat), Some(route)) = (routing.category(category).cloned(), routing.route(category))
    else {
        let msg = format!("data/routing.toml: no [[category]] \"{category}\" to route it to");
        cx.error(msg);
        return Effect::None;
    };
    let staff = cx.user_id().unwrap_or_default();
    let today = cx.today();
    let received_at = utc_of(cx.now());
    let revisit = cx.env.policy.service.complaints.revisit;
    let transfer_days = cx.env.policy.exchanges.transfer_days;
    let batch = batch.to_string();
    cx.save(
        move |conn| {
            let product = format!("{} {}", line.style_no, line.product);
            let complaint = NewComplaint {
                channel: Channel::InStore,
                customer_id: line.customer_id,
                purchase_line_id: Some(line.line_id),
                product: &product,
                batch_no: &batch,
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
                received_at,
                received_on: today,
            };
            returns::record_routed(conn, &s, staff, today, transfer_days, &complaint, &revisit)
                .and_then(|(_, no, id)| Ok((no, complaints::get(conn, id)?)))
                .map(|(no, c)| (no, c, s))
        },
        routed_recorded,
    );
    Effect::None
}

/// After the settlement and the complaint are written: the routing said
/// first (it is what the associate must tell the customer), then the
/// settlement; back from the decision.
fn routed_recorded(app: &mut App, result: anyhow::Result<(String, Option<Complaint>, Settlement)>) {
    match result {
        Ok((no, Some(c), s)) => {
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
            let mut msg = loc.f(
                "practices.routed",
                &[("no", &c.no), ("department", department), ("due", &due)],
            );
            msg.push_str(&recorded);
            super::practice::after_recorded(app);
            app.info(msg);
        }
        Ok((_, None, _)) => app.fault(anyhow::anyhow!("the routed complaint was not written")),
        Err(e) => app.fault(e),
    }
}
