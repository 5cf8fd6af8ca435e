//! A customer's derived figures (spend, purchase count, tier, club and the
//! milestone thanks still owed), worked out again from their purchases less
//! their returns. Sales, returns, exchanges and imports all call
//! [`recompute`] inside the transaction that changed the purchases, so the
//! figures agree with the purchases at every moment (invariant
//! `customer_figures` in [`super::invariants`]).

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, params};

use crate::domain::after_purchase::MILESTONE_THANKS;
use crate::domain::customer::tier_for;
use crate::domain::vip::joins_by_spend;

/// Spend: what the customer paid for their purchases less what was refunded
/// for returned lines. Over the customer alias `c`.
pub const SPEND_SQL: &str =
    "(COALESCE((SELECT SUM(p.total_fen) FROM purchases p WHERE p.customer_id = c.id), 0)
    - COALESCE((SELECT SUM(r.amount_fen) FROM purchases p
                JOIN purchase_lines l ON l.purchase_id = p.id
                JOIN returns r ON r.id = l.return_id
                WHERE p.customer_id = c.id AND l.settled = 'returned'), 0))";

/// Purchases not wholly returned. Over `c`.
pub const COUNT_SQL: &str = concat!(
    "(SELECT COUNT(*) FROM purchases p WHERE p.customer_id = c.id AND ",
    "(EXISTS (SELECT 1 FROM purchase_lines l WHERE l.purchase_id = p.id AND l.settled IS NOT 'returned')
    OR NOT EXISTS (SELECT 1 FROM purchase_lines l WHERE l.purchase_id = p.id AND l.settled = 'returned'))",
    ")"
);

/// The outcome of a milestone thanks withdrawn because the spend fell back below it.
pub const WITHDRAWN: &str = "withdrawn";

/// What a recompute changed, for the screens to say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    pub spend_before_fen: i64,
    pub spend_fen: i64,
    pub tier_before: Option<String>,
    pub tier: Option<String>,
    pub left_club: bool,
    /// Milestone thanks withdrawn (their thresholds in fen).
    pub withdrawn: Vec<i64>,
}

/// Works out the customer's spend, purchase count, tier and club from their
/// purchases less their returns, and withdraws the milestone thanks not yet
/// made whose threshold the spend no longer reaches. `on` dates a club
/// membership gained by spend. Runs inside the caller's transaction.
pub fn recompute(conn: &Connection, customer_id: i64, on: NaiveDate) -> Result<Change> {
    let (spend_before, tier_before): (i64, Option<String>) = conn
        .prepare_cached("SELECT total_spend_fen, tier FROM customers WHERE id = ?1")?
        .query_row([customer_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let (spend, count): (i64, i64) = conn
        .prepare_cached(&format!(
            "SELECT {SPEND_SQL}, {COUNT_SQL} FROM customers c WHERE c.id = ?1"
        ))?
        .query_row([customer_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    conn.prepare_cached(
        "UPDATE customers SET total_spend_fen = ?2, purchase_count = ?3
         WHERE id = ?1 AND (total_spend_fen IS NOT ?2 OR purchase_count IS NOT ?3)",
    )?
    .execute(params![customer_id, spend, count])?;
    let mut change = Change {
        spend_before_fen: spend_before,
        spend_fen: spend,
        tier_before: tier_before.clone(),
        tier: tier_before,
        ..Change::default()
    };
    if let Some(s) = super::vip::standards(conn)? {
        let tier = tier_for(&s.tiers, spend).id.clone();
        conn.prepare_cached("UPDATE customers SET tier = ?2 WHERE id = ?1 AND tier IS NOT ?2")?
            .execute(params![customer_id, tier])?;
        change.tier = Some(tier);
        let (member, via_spend): (bool, bool) = conn
            .prepare_cached(
                "SELECT club_since IS NOT NULL, club_via IS 'spend' FROM customers WHERE id = ?1",
            )?
            .query_row([customer_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        if joins_by_spend(member, spend, s.club_min_spend_fen) {
            conn.prepare_cached(
                "UPDATE customers SET club_since = ?2, club_via = 'spend' WHERE id = ?1",
            )?
            .execute(params![customer_id, on.to_string()])?;
        } else if via_spend && spend < s.club_min_spend_fen {
            // Let in by spend, and the spend is no longer there.
            conn.prepare_cached(
                "UPDATE customers SET club_since = NULL, club_via = NULL WHERE id = ?1",
            )?
            .execute([customer_id])?;
            change.left_club = true;
        }
    }
    change.withdrawn = withdraw_milestones(conn, customer_id, spend)?;
    Ok(change)
}

/// The open milestone thanks of a customer whose spend is below their
/// threshold are closed as withdrawn; the period takes the task's id, so the
/// key is free for a new thanks when the spend crosses the threshold again.
fn withdraw_milestones(conn: &Connection, customer_id: i64, spend: i64) -> Result<Vec<i64>> {
    let open: Vec<(i64, String)> = conn
        .prepare_cached(
            "SELECT id, source FROM tasks
             WHERE kind = ?1 AND source_id = ?2 AND customer_id = ?2 AND done_at IS NULL",
        )?
        .query_map(params![MILESTONE_THANKS, customer_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<Result<_, _>>()?;
    let now = super::now_utc();
    let mut out = Vec::new();
    for (id, source) in open {
        let Some(m) = milestone_of(&source) else {
            continue;
        };
        if spend < m {
            conn.prepare_cached(
                "UPDATE tasks SET done_at = ?2, outcome = ?3, period = 'withdrawn:' || id,
                     version = version + 1 WHERE id = ?1",
            )?
            .execute(params![id, now, WITHDRAWN])?;
            out.push(m);
        }
    }
    out.sort();
    Ok(out)
}

/// The threshold of a milestone task's source (`milestone:500000`).
pub fn milestone_of(source: &str) -> Option<i64> {
    source.strip_prefix("milestone:")?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_milestone_source_names_its_threshold() {
        assert_eq!(milestone_of("milestone:500000"), Some(500_000));
        assert_eq!(milestone_of("purchase"), None);
        assert_eq!(milestone_of("milestone:x"), None);
    }
}
