//! The staff board's demo rows: two months of the contacts beside the
//! purchase callbacks — follow-ups, repair calls, complaint revisits,
//! festival and season greetings, miss-you messages — each associate with
//! their own diligence, made to the customers closest to them, with the
//! outcomes a day of calling brings (reached, no answer, call back, wrong
//! number; messages sent). The demo generator calls [`fill`].

use anyhow::Result;
use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, TransactionBehavior};

use crate::demo::pick;

/// How many days back the contacts go.
const DAYS: i64 = 60;

/// Calls, by weight: (kind, weight).
const CALLS: &[(&str, u32)] = &[
    ("follow_up", 5),
    ("repair_ready_call", 3),
    ("repair_revisit", 2),
    ("complaint_revisit", 1),
];

/// Outcomes of a call, by weight.
const CALL_OUTCOMES: &[(&str, u32)] = &[
    ("reached", 60),
    ("no_answer", 20),
    ("call_back", 12),
    ("wrong_number", 3),
];

fn weighted<'a>(rng: &mut ChaCha8Rng, items: &'a [(&'a str, u32)]) -> &'a str {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for (s, w) in items {
        if x < *w {
            return s;
        }
        x -= w;
    }
    items[0].0
}

/// Days a festival or season greeting goes out (month, day): National
/// Day, the Double Ninth and Mid-Autumn of 2026, 立冬, New Year.
fn greeting_day(d: NaiveDate) -> Option<&'static str> {
    match (d.year(), d.month(), d.day()) {
        (_, 10, 1) | (_, 1, 1) | (2026, 10, 18) | (2026, 9, 25) => Some("festival_greeting"),
        (2026, 11, 7) | (2026, 8, 7) | (2027, 2, 4) => Some("season_greeting"),
        _ => None,
    }
}

fn stamp(d: NaiveDate, rng: &mut ChaCha8Rng) -> String {
    format!(
        "{d}T{:02}:{:02}:{:02}Z",
        rng.random_range(2..10),
        rng.random_range(0..60),
        rng.random_range(0..60)
    )
}

/// Writes the contacts; returns how many.
pub fn fill(conn: &mut Connection, today: NaiveDate, rng: &mut ChaCha8Rng) -> Result<u64> {
    let staff: Vec<i64> = conn
        .prepare("SELECT id FROM staff WHERE role IN ('associate', 'manager') AND active = 1 ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut n = 0;
    {
        let mut closest = tx.prepare(
            "SELECT id FROM customers WHERE closest_staff_id = ?1 AND erased_at IS NULL
             ORDER BY total_spend_fen DESC LIMIT 300",
        )?;
        let insert = |customer: i64, staff: i64, kind: &str, outcome: &str, at: String| {
            crate::store::contacts::log(
                &tx,
                &crate::store::contacts::NewContact {
                    customer_id: customer,
                    staff_id: Some(staff),
                    purchase_id: None,
                    kind,
                    outcome,
                    note: None,
                    at: &at,
                },
            )
        };
        for id in staff {
            let customers: Vec<i64> = closest
                .query_map([id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            if customers.is_empty() {
                continue;
            }
            // Some call every day, some now and then.
            let diligence = rng.random_range(0.3..1.6);
            for back in 0..DAYS {
                let d = today - Duration::days(back);
                let calls = (rng.random_range(0.0..2.5) * diligence) as u32;
                for _ in 0..calls {
                    let kind = weighted(rng, CALLS);
                    let outcome = weighted(rng, CALL_OUTCOMES);
                    let c = *pick(rng, &customers);
                    insert(c, id, kind, outcome, stamp(d, rng))?;
                    n += 1;
                }
                let messages = match greeting_day(d) {
                    Some(kind) => Some((kind, (customers.len() as f64 * diligence / 6.0) as usize)),
                    None if rng.random_bool((0.15 * diligence).min(1.0)) => Some(("miss_you", 1)),
                    None => None,
                };
                if let Some((kind, count)) = messages {
                    for c in customers.iter().take(count) {
                        insert(*c, id, kind, "sent", stamp(d, rng))?;
                        n += 1;
                    }
                }
            }
        }
    }
    tx.commit()?;
    Ok(n)
}
