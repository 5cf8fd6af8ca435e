//! A sale: the purchase and everything it sets going (the callback, the care
//! entitlements, referral and milestone thanks), each row once by its unique
//! key. The visit's finish, the demo and the property test all sell here.

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, params};

use crate::domain::after_purchase::{self, Buyer, Rules, Sale, SoldLine};
use crate::store::purchases::{self, NewLine};

/// A line sold, with its material category for the entitlements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleLine {
    pub line: NewLine,
    pub category: String,
}

/// Writes the purchase (keeping the customer's figures) and what it sets
/// going; returns the purchase id. Runs inside the caller's transaction.
pub fn record_sale(
    tx: &Connection,
    receipt: &str,
    customer: Option<i64>,
    staff_id: i64,
    today: NaiveDate,
    lines: &[SaleLine],
    rules: &Rules,
) -> Result<i64> {
    let buyer = match customer {
        None => None,
        Some(c) => {
            let (referred_by, before, spend): (Option<i64>, i64, i64) = tx.query_row(
                "SELECT referred_by, purchase_count, total_spend_fen FROM customers WHERE id = ?1",
                [c],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            Some(Buyer {
                id: c,
                referred_by,
                purchases_before: before,
                spend_before_fen: spend,
            })
        }
    };
    let new: Vec<NewLine> = lines.iter().map(|l| l.line.clone()).collect();
    let purchase = purchases::record(tx, receipt, customer, Some(staff_id), today, &new)?;
    let line_ids: Vec<i64> = tx
        .prepare_cached("SELECT id FROM purchase_lines WHERE purchase_id = ?1 ORDER BY id")?
        .query_map([purchase], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let sale = Sale {
        purchase_id: purchase,
        on: today,
        buyer,
        lines: line_ids
            .iter()
            .zip(lines)
            .map(|(lid, l)| SoldLine {
                line_id: *lid,
                category: l.category.clone(),
                price_fen: l.line.price_fen,
            })
            .collect(),
    };
    let c = after_purchase::consequences(&sale, rules);
    let now = super::now_utc();
    let mut task = tx.prepare_cached(
        "INSERT OR IGNORE INTO tasks(kind, customer_id, staff_id, due_on, source, source_id, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for t in &c.tasks {
        task.execute(params![
            t.kind,
            t.customer_id,
            staff_id,
            t.due_on.to_string(),
            t.source,
            t.source_id,
            t.note,
            now
        ])?;
    }
    let mut ent = tx.prepare_cached(
        "INSERT OR IGNORE INTO entitlements(customer_id, purchase_line_id, kind, granted_on, valid_until)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for e in &c.entitlements {
        ent.execute(params![
            e.customer_id,
            e.line_id,
            e.kind,
            today.to_string(),
            e.valid_until.map(|d| d.to_string())
        ])?;
    }
    Ok(purchase)
}
