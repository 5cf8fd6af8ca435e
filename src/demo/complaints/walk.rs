//! Complaints of the demo shop taken in, walked round the loop, and
//! settled (or not) at the counter.

use anyhow::Result;
use chrono::{DateTime, Duration, Local, NaiveDate, Utc};
use rand::Rng;
use rand::seq::IndexedRandom;
use rusqlite::Connection;

use crate::domain::complaint::counter::Step;
use crate::domain::complaint::routing::Routing;
use crate::domain::complaint::{Channel, Compensation, State, Urgency};
use crate::shop_data::complaint_rules::Revisit;
use crate::store::complaints::{self as store, CounterOutcome, MoveRequest, NewComplaint};

use super::{Shop, at, resolution_for, solution, words};

/// A complaint taken on `day` at `hour`.
#[allow(clippy::too_many_arguments)]
pub(super) fn take(
    conn: &Connection,
    shop: &Shop,
    rng: &mut impl Rng,
    category: &str,
    channel: Channel,
    urgency: Urgency,
    day: NaiveDate,
    hour: u32,
) -> Result<i64> {
    let received = at(day, hour.min(20), rng.random_range(0..60));
    take_at(conn, shop, rng, category, channel, urgency, received)
}

pub(super) fn take_at(
    conn: &Connection,
    shop: &Shop,
    rng: &mut impl Rng,
    category: &str,
    channel: Channel,
    urgency: Urgency,
    received: DateTime<Utc>,
) -> Result<i64> {
    let routing: &Routing = &shop.rules.routing;
    let cat = routing
        .category(category)
        .ok_or_else(|| anyhow::anyhow!("no category {category}"))?;
    let route = routing
        .route(category)
        .ok_or_else(|| anyhow::anyhow!("no route for {category}"))?;
    let cosmetic = category == "adverse_reaction" || category == "packaging";
    let line = shop
        .lines
        .iter()
        .filter(|l| !cosmetic || l.3 == "cosmetic")
        .collect::<Vec<_>>()
        .choose(rng)
        .map(|l| (*l).clone())
        .filter(|_| category == "quality" || cosmetic);
    let (line_id, customer, product) = match line {
        Some((id, c, p, _)) => (Some(id), c, p),
        None => (
            None,
            *shop.customers.choose(rng).unwrap_or(&shop.customers[0]),
            if category == "adverse_reaction" {
                "SK-310 保湿精华液 30ml".to_string()
            } else {
                String::new()
            },
        ),
    };
    let batch = if cat.needs_batch {
        format!("B{}{:02}", received.format("%y%m"), rng.random_range(1..30))
    } else {
        String::new()
    };
    let said = words(category).choose(rng).copied().unwrap_or("—");
    let who = *shop.staff.choose(rng).unwrap_or(&shop.staff[0]);
    store::create(
        conn,
        &NewComplaint {
            channel,
            customer_id: Some(customer),
            purchase_line_id: line_id,
            product: &product,
            batch_no: &batch,
            category: cat,
            route: &route,
            urgency,
            major: false,
            words: said,
            taken_by: who,
            received_at: received,
            received_on: received.with_timezone(&Local).date_naive(),
        },
        &shop.rules.complaints.revisit,
    )
}

/// Moves a complaint round the loop up to `upto`: the first response
/// `first_h` hours after it came in, feedback at `resolved_h`.
#[allow(clippy::too_many_arguments)]
pub(super) fn walk(
    conn: &Connection,
    shop: &Shop,
    rng: &mut impl Rng,
    id: i64,
    upto: State,
    first_h: i64,
    resolved_h: i64,
    day: NaiveDate,
) -> Result<()> {
    let c = store::get(conn, id)?.ok_or_else(|| anyhow::anyhow!("complaint {id} is gone"))?;
    let resolution = resolution_for(&c.category, rng);
    let revisit: Revisit = shop.rules.complaints.revisit;
    let mut version = c.version;
    let mut state = c.state;
    let t0 = c.received_at;
    let resolved_h = resolved_h.max(first_h + 1);
    // A revisit that finds the customer not satisfied reopens handling once
    // (as the loop requires); the second revisit finds them satisfied.
    let mut unsatisfied: Option<bool> = None;
    let mut round_h = 0;
    while state < upto {
        let reopen = unsatisfied == Some(false);
        let Some(to) = (if reopen {
            Some(State::Handled)
        } else {
            crate::domain::complaint::flow::next(state)
        }) else {
            break;
        };
        let satisfied =
            (to == State::Revisited).then(|| unsatisfied.is_some() || rng.random_bool(0.85));
        let (hours, note) = match to {
            State::Verified => (first_h, "已电话联系顾客，核实了情况。"),
            State::Handled if reopen => (resolved_h + 74, "回访时顾客仍不满意，重新处理。"),
            State::Handled => ((first_h + resolved_h) / 2, solution(resolution)),
            State::FedBack => (resolved_h, "已将处理结果告知顾客。"),
            State::Revisited if satisfied == Some(false) => {
                (resolved_h + 72, "回访：顾客仍不满意，需要重新处理。")
            }
            State::Revisited => (resolved_h + 72, "回访：顾客表示满意，谢谢关心。"),
            _ => (resolved_h + 75, "已回访，顾客满意，结案。"),
        };
        let now = t0 + Duration::hours(hours + round_h);
        if reopen {
            round_h += 76;
        }
        if to == State::Revisited {
            unsatisfied = satisfied;
        } else if to == State::Handled {
            unsatisfied = unsatisfied.map(|_| true);
        }
        let staff = *shop.staff.choose(rng).unwrap_or(&shop.staff[0]);
        let req = MoveRequest {
            id,
            version,
            to,
            note,
            resolution: (to == State::Handled).then_some(resolution),
            satisfied,
            manager_decision: false,
            staff,
            now,
            today: now.with_timezone(&Local).date_naive().max(day),
        };
        version = store::advance_in(conn, &req, &shop.rules.routing, &revisit)
            .map_err(|e| anyhow::anyhow!("demo complaint {id}: {e:?}"))?;
        state = to;
    }
    Ok(())
}

/// A complaint at the counter through the nine steps, a minute or two each.
pub(super) fn counter(
    conn: &Connection,
    shop: &Shop,
    rng: &mut impl Rng,
    day: NaiveDate,
    settled: bool,
) -> Result<i64> {
    let category = if settled { "quality" } else { "attitude" };
    let start = at(day, rng.random_range(10..19), rng.random_range(0..60));
    let routing = &shop.rules.routing;
    let (Some(cat), Some(route)) = (routing.category(category), routing.route(category)) else {
        anyhow::bail!("the demo needs the category {category} in data/routing.toml");
    };
    let customer = *shop.customers.choose(rng).unwrap_or(&shop.customers[0]);
    let who = *shop.staff.choose(rng).unwrap_or(&shop.staff[0]);
    let resolution = resolution_for(category, rng);
    let steps: Vec<(Step, DateTime<Utc>)> = Step::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| (*s, start + Duration::minutes(2 * i as i64 + 1)))
        .collect();
    let (comp, fen, what) = [
        (Compensation::Gift, 3000, "丝巾一条"),
        (Compensation::Discount, 5000, "下次购物九折券"),
        (Compensation::FreeService, 2000, "免费干洗一次"),
    ]
    .choose(rng)
    .copied()
    .unwrap_or((Compensation::None, 0, ""));
    let said = words(category).choose(rng).copied().unwrap_or("—");
    store::create_at_counter(
        conn,
        &NewComplaint {
            channel: Channel::InStore,
            customer_id: Some(customer),
            purchase_line_id: None,
            product: "",
            batch_no: "",
            category: cat,
            route: &route,
            urgency: Urgency::Normal,
            major: false,
            words: said,
            taken_by: who,
            received_at: start,
            received_on: day,
        },
        &CounterOutcome {
            restated: "顾客所述问题属实，已与顾客确认。",
            resolution,
            solution: solution(resolution),
            compensation: comp,
            compensation_fen: fen,
            compensation_note: what,
            satisfied: settled,
            final_offer: if settled {
                ""
            } else {
                "由店长出面道歉并赠送护理一次"
            },
            final_accepted: (!settled).then_some(false),
            follow_up: "三天后电话回访。",
            steps,
        },
        &shop.rules.complaints.revisit,
    )
}
