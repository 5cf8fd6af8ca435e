//! Purchases and their lines; each purchase keeps the customer's figures.

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLine {
    pub product_id: i64,
    pub size: String,
    pub colour: String,
    pub price_fen: i64,
    pub add_on: bool,
}

/// Writes a purchase with its lines and works out the customer's figures again.
/// Runs inside the caller's transaction.
pub fn record(
    conn: &Connection,
    receipt_no: &str,
    customer_id: Option<i64>,
    staff_id: Option<i64>,
    on: NaiveDate,
    lines: &[NewLine],
) -> Result<i64> {
    let total: i64 = lines.iter().map(|l| l.price_fen).sum();
    conn.prepare_cached(
        "INSERT INTO purchases(receipt_no, customer_id, staff_id, purchased_on, total_fen, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![receipt_no, customer_id, staff_id, on.to_string(), total, super::now_utc()])?;
    let id = conn.last_insert_rowid();
    let mut line = conn.prepare_cached(
        "INSERT INTO purchase_lines(purchase_id, product_id, size, colour, price_fen, add_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for l in lines {
        line.execute(params![
            id,
            l.product_id,
            l.size,
            l.colour,
            l.price_fen,
            l.add_on
        ])?;
    }
    if let Some(c) = customer_id {
        conn.prepare_cached(
            "UPDATE customers SET last_purchase_on = MAX(COALESCE(last_purchase_on, ''), ?2),
                 last_visit_on = MAX(COALESCE(last_visit_on, ''), ?2)
             WHERE id = ?1",
        )?
        .execute(params![c, on.to_string()])?;
        super::customers::refresh_closest(conn, c)?;
        super::figures::recompute(conn, c, on)?;
    }
    Ok(id)
}

/// One line of a customer's purchase history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryLine {
    pub purchased_on: String,
    pub receipt_no: String,
    pub style_no: String,
    pub product: String,
    pub category: String,
    pub size: String,
    pub colour: String,
    pub price_fen: i64,
    /// Returned or exchanged (`returned` / `exchanged`), and the day.
    pub settled: Option<String>,
    pub settled_on: Option<String>,
}

/// The customer's purchase lines, newest first.
pub fn history(conn: &Connection, customer_id: i64, limit: usize) -> Result<Vec<HistoryLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.purchased_on, p.receipt_no, pr.style_no, pr.name, pr.category,
                COALESCE(l.size, ''), COALESCE(l.colour, ''), l.price_fen, l.settled, l.settled_on
         FROM purchases p
         JOIN purchase_lines l ON l.purchase_id = p.id
         JOIN products pr ON pr.id = l.product_id
         WHERE p.customer_id = ?1
         ORDER BY p.purchased_on DESC, p.id DESC, l.id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![customer_id, limit as i64], |r| {
        Ok(HistoryLine {
            purchased_on: r.get(0)?,
            receipt_no: r.get(1)?,
            style_no: r.get(2)?,
            product: r.get(3)?,
            category: r.get(4)?,
            size: r.get(5)?,
            colour: r.get(6)?,
            price_fen: r.get(7)?,
            settled: r.get(8)?,
            settled_on: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
