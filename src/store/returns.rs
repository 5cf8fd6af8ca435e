//! The returns log: returns and exchanges decided at the desk, and the
//! purchase lines they are decided on.

use anyhow::Result;
use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

use super::complaints::NewComplaint;
use crate::domain::customer::phone_digits;
use crate::shop_data::complaint_rules::Revisit;

/// A line of a past purchase, with what the policy engine needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoldLine {
    pub line_id: i64,
    pub receipt_no: String,
    pub purchased_on: NaiveDate,
    pub customer_id: Option<i64>,
    pub customer: String,
    pub phone: String,
    pub style_no: String,
    pub product: String,
    pub category: String,
    pub size: String,
    pub colour: String,
    pub price_fen: i64,
    pub current_price_fen: i64,
    pub clearance: bool,
    pub made_to_order: bool,
    /// Returned or exchanged already (a line is settled once).
    pub settled: bool,
}

const COLS: &str = "l.id, p.receipt_no, p.purchased_on, p.customer_id, COALESCE(c.name, ''), COALESCE(c.phone, ''),
    pr.style_no, pr.name, pr.category, COALESCE(l.size, ''), COALESCE(l.colour, ''), l.price_fen,
    pr.current_price_fen, pr.clearance, pr.made_to_order,
    EXISTS (SELECT 1 FROM returns r WHERE r.purchase_line_id = l.id AND r.decision != 'refused')";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SoldLine> {
    let on: String = r.get(2)?;
    Ok(SoldLine {
        line_id: r.get(0)?,
        receipt_no: r.get(1)?,
        purchased_on: NaiveDate::parse_from_str(&on, "%Y-%m-%d").unwrap_or_default(),
        customer_id: r.get(3)?,
        customer: r.get(4)?,
        phone: r.get(5)?,
        style_no: r.get(6)?,
        product: r.get(7)?,
        category: r.get(8)?,
        size: r.get(9)?,
        colour: r.get(10)?,
        price_fen: r.get(11)?,
        current_price_fen: r.get(12)?,
        clearance: r.get(13)?,
        made_to_order: r.get(14)?,
        settled: r.get(15)?,
    })
}

/// Purchase lines found by receipt number, by the customer's phone (whole
/// or its last digits), or by the customer's name; newest first.
pub fn find_lines(conn: &Connection, query: &str, limit: usize) -> Result<Vec<SoldLine>> {
    let q = query.trim();
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let base = format!(
        "SELECT {COLS} FROM purchase_lines l JOIN purchases p ON p.id = l.purchase_id
         JOIN products pr ON pr.id = l.product_id LEFT JOIN customers c ON c.id = p.customer_id"
    );
    let by_receipt = conn
        .prepare_cached(&format!("{base} WHERE p.receipt_no = ?1 ORDER BY l.id"))?
        .query_map([q], row)?
        .collect::<Result<Vec<_>, _>>()?;
    if !by_receipt.is_empty() {
        return Ok(by_receipt);
    }
    // A style number typed or a barcode scanned: that product's sales.
    if let Some(p) = super::products::lookup(conn, q)? {
        return Ok(conn
            .prepare_cached(&format!(
                "{base} WHERE l.product_id = ?1 ORDER BY p.purchased_on DESC, l.id DESC LIMIT ?2"
            ))?
            .query_map(params![p.id, limit as i64], row)?
            .collect::<Result<Vec<_>, _>>()?);
    }
    let digits = phone_digits(q);
    let customer_ids: Vec<i64> = if digits.len() >= 4
        && digits.len()
            == q.chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .count()
    {
        conn.prepare_cached("SELECT id FROM customers WHERE phone_digits = ?1 OR phone_digits LIKE '%' || ?1 LIMIT 20")?
            .query_map([&digits], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    } else {
        super::search::search(conn, q, 20)?
            .rows
            .into_iter()
            .map(|h| h.id)
            .collect()
    };
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(&format!(
        "{base} WHERE p.customer_id = ?1 ORDER BY p.purchased_on DESC, l.id LIMIT ?2"
    ))?;
    for id in customer_ids {
        for line in stmt.query_map(params![id, limit as i64], row)? {
            out.push(line?);
        }
        if out.len() >= limit {
            break;
        }
    }
    out.sort_by(|a, b| {
        b.purchased_on
            .cmp(&a.purchased_on)
            .then(a.line_id.cmp(&b.line_id))
    });
    out.truncate(limit);
    Ok(out)
}

/// A decision to write in the returns log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    pub line_id: i64,
    pub customer_id: Option<i64>,
    pub request: String,
    pub problem: String,
    pub conditions: String,
    pub decision: String,
    pub amount_fen: i64,
    pub depreciation_percent: u32,
    pub shop_pays_shipping: bool,
    pub rules: String,
    pub reason: String,
    /// For an exchange: `on_spot` or `transfer`.
    pub exchange_how: Option<String>,
    /// A manager's override of a refusal: (their reason, the refused decision).
    pub override_reason: Option<String>,
}

/// Writes the settlement; a transfer is due `transfer_days` later. Returns
/// the id and the return number.
pub fn record(
    conn: &mut Connection,
    s: &Settlement,
    staff_id: i64,
    today: NaiveDate,
    transfer_days: u32,
) -> Result<(i64, String)> {
    super::write(conn, |tx| insert(tx, s, staff_id, today, transfer_days))
}

/// Writes the settlement of a cosmetic's adverse reaction or lack of effect
/// (rules C1, C2) with its batch, and takes the complaint in, routed to
/// quality with its revisit booked, in one transaction [S4]. Returns the
/// return's id and number and the complaint's id.
pub fn record_routed(
    conn: &mut Connection,
    s: &Settlement,
    staff_id: i64,
    today: NaiveDate,
    transfer_days: u32,
    complaint: &NewComplaint,
    revisit: &Revisit,
) -> Result<(i64, String, i64)> {
    super::write(conn, |tx| {
        let (id, no) = insert(tx, s, staff_id, today, transfer_days)?;
        let complaint_id = super::complaints::create(tx, complaint, revisit)?;
        tx.execute(
            "UPDATE returns SET batch_no = ?2, complaint_id = ?3 WHERE id = ?1",
            params![id, complaint.batch_no.trim(), complaint_id],
        )?;
        Ok((id, no, complaint_id))
    })
}

/// The batch and the complaint a settled cosmetic was routed as, if any.
pub fn routed(conn: &Connection, return_id: i64) -> Result<Option<(String, i64)>> {
    Ok(conn
        .query_row(
            "SELECT batch_no, complaint_id FROM returns WHERE id = ?1 AND complaint_id IS NOT NULL",
            [return_id],
            |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                    r.get(1)?,
                ))
            },
        )
        .optional()?)
}

fn insert(
    tx: &Connection,
    s: &Settlement,
    staff_id: i64,
    today: NaiveDate,
    transfer_days: u32,
) -> Result<(i64, String)> {
    {
        let settled: Option<String> = tx
            .query_row(
                "SELECT settled FROM purchase_lines WHERE id = ?1",
                [s.line_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| anyhow::anyhow!("purchase line {} not found", s.line_id))?;
        if settled.is_some() && Settles::of(&s.decision).is_some() {
            anyhow::bail!("purchase line {} was settled already", s.line_id);
        }
        let transfer_due = (s.exchange_how.as_deref() == Some("transfer"))
            .then(|| (today + Duration::days(transfer_days as i64)).to_string());
        let overridden = s.override_reason.is_some();
        if overridden {
            super::staff::require(tx, staff_id, &[crate::domain::staff::Role::Manager])?;
        }
        tx.execute(
            "INSERT INTO returns(purchase_line_id, customer_id, request, problem, conditions, decision, amount_fen,
                 depreciation_percent, shop_pays_shipping, rules, reason, exchange_how, transfer_due_on,
                 original_decision, overridden_by, override_reason, override_at, staff_id, decided_on, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
            params![
                s.line_id,
                s.customer_id,
                s.request,
                s.problem,
                s.conditions,
                s.decision,
                s.amount_fen,
                s.depreciation_percent,
                s.shop_pays_shipping,
                s.rules,
                s.reason,
                s.exchange_how,
                transfer_due,
                overridden.then_some("refused"),
                overridden.then_some(staff_id),
                s.override_reason,
                overridden.then(super::now_utc),
                staff_id,
                today.to_string(),
                super::now_utc()
            ],
        )?;
        let id = tx.last_insert_rowid();
        let no = format!("T{}-{:05}", today.format("%y"), id);
        tx.execute(
            "UPDATE returns SET return_no = ?2 WHERE id = ?1",
            params![id, no],
        )?;
        let action = if overridden {
            "return_override"
        } else {
            "return_decided"
        };
        super::audit::record(tx, Some(staff_id), action, "return", Some(id), &s.decision)?;
        settle_line(tx, s, id, today)?;
        Ok((id, no))
    }
}

/// What a decision does to the purchase line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settles {
    Returned,
    Exchanged,
}

impl Settles {
    /// A return takes the line back; an exchange swaps it; the rest
    /// (refusals, repairs, services) leave it as sold.
    pub fn of(decision: &str) -> Option<Settles> {
        match decision {
            "return" | "charged_return" => Some(Settles::Returned),
            "exchange" | "charged_exchange" => Some(Settles::Exchanged),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Settles::Returned => "returned",
            Settles::Exchanged => "exchanged",
        }
    }
}

/// Marks the line returned or exchanged. A return also withdraws the care
/// entitlements of the line not yet used, takes the refund off
/// the customer's figures (tier, club, milestone thanks not yet made) and,
/// when the whole purchase has come back, closes its callback not yet made:
/// all in the transaction that records the return.
fn settle_line(tx: &Connection, s: &Settlement, return_id: i64, today: NaiveDate) -> Result<()> {
    let Some(how) = Settles::of(&s.decision) else {
        return Ok(());
    };
    tx.execute(
        "UPDATE purchase_lines SET settled = ?2, settled_on = ?3, return_id = ?4 WHERE id = ?1",
        params![s.line_id, how.as_str(), today.to_string(), return_id],
    )?;
    if how != Settles::Returned {
        return Ok(());
    }
    // The care the line granted (a free dry-clean, a leather care) goes back
    // with it, unless it was used already.
    tx.prepare_cached("DELETE FROM entitlements WHERE purchase_line_id = ?1 AND used_on IS NULL")?
        .execute([s.line_id])?;
    let (purchase_id, customer_id): (i64, Option<i64>) = tx.query_row(
        "SELECT p.id, p.customer_id FROM purchase_lines l JOIN purchases p ON p.id = l.purchase_id
         WHERE l.id = ?1",
        [s.line_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let all_back: bool = tx.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM purchase_lines WHERE purchase_id = ?1
                            AND settled IS NOT 'returned')",
        [purchase_id],
        |r| r.get(0),
    )?;
    if all_back {
        super::tasks::close_for_source(
            tx,
            "purchase",
            purchase_id,
            Some(crate::domain::after_purchase::PURCHASE_CALLBACK),
            super::tasks::SETTLED_RETURNED,
        )?;
    }
    if let Some(c) = customer_id {
        super::figures::recompute(tx, c, today)?;
    }
    Ok(())
}

/// One row of the returns log, for the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRow {
    pub return_no: String,
    pub decided_on: String,
    pub receipt_no: String,
    pub customer: String,
    pub style_no: String,
    pub product: String,
    pub request: String,
    pub problem: String,
    pub conditions: String,
    pub decision: String,
    pub amount_fen: i64,
    pub depreciation_percent: i64,
    pub shop_pays_shipping: bool,
    pub rules: String,
    pub reason: String,
    pub exchange_how: String,
    pub transfer_due_on: String,
    pub overridden_by: String,
    pub override_reason: String,
    pub staff: String,
}

pub fn log(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<LogRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT COALESCE(r.return_no, ''), r.decided_on, p.receipt_no, COALESCE(c.name, ''), pr.style_no, pr.name,
                r.request, r.problem, r.conditions, r.decision, r.amount_fen, r.depreciation_percent,
                r.shop_pays_shipping, r.rules, r.reason, COALESCE(r.exchange_how, ''), COALESCE(r.transfer_due_on, ''),
                COALESCE(o.name, ''), COALESCE(r.override_reason, ''), COALESCE(s.name, '')
         FROM returns r JOIN purchase_lines l ON l.id = r.purchase_line_id JOIN purchases p ON p.id = l.purchase_id
         JOIN products pr ON pr.id = l.product_id LEFT JOIN customers c ON c.id = r.customer_id
         LEFT JOIN staff s ON s.id = r.staff_id LEFT JOIN staff o ON o.id = r.overridden_by
         WHERE r.decided_on BETWEEN ?1 AND ?2 ORDER BY r.decided_on, r.id",
    )?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string()], |r| {
        Ok(LogRow {
            return_no: r.get(0)?,
            decided_on: r.get(1)?,
            receipt_no: r.get(2)?,
            customer: r.get(3)?,
            style_no: r.get(4)?,
            product: r.get(5)?,
            request: r.get(6)?,
            problem: r.get(7)?,
            conditions: r.get(8)?,
            decision: r.get(9)?,
            amount_fen: r.get(10)?,
            depreciation_percent: r.get(11)?,
            shop_pays_shipping: r.get(12)?,
            rules: r.get(13)?,
            reason: r.get(14)?,
            exchange_how: r.get(15)?,
            transfer_due_on: r.get(16)?,
            overridden_by: r.get(17)?,
            override_reason: r.get(18)?,
            staff: r.get(19)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
