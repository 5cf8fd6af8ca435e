//! Price changes: recorded with the day they take effect, settled into the
//! current price, and the price a product sold for on any day.

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::{SaveError, get};

/// One recorded price change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceChange {
    pub old_price_fen: i64,
    pub new_price_fen: i64,
    pub effective_on: NaiveDate,
    pub staff: Option<String>,
    /// When it was recorded (UTC, RFC 3339).
    pub at: String,
}

/// Records a price change from `effective_on` by `staff_id`, audited. A
/// change already in effect on `today` becomes the current price at once; a
/// later one when [`settle_prices`] reaches its day.
pub fn change_price(
    conn: &Connection,
    id: i64,
    new_price_fen: i64,
    effective_on: NaiveDate,
    staff_id: Option<i64>,
    today: NaiveDate,
) -> Result<(), SaveError> {
    if new_price_fen < 0 {
        return Err(SaveError::Price);
    }
    let old = price_on(conn, id, effective_on)?.ok_or(SaveError::Missing)?;
    conn.prepare_cached(
        "INSERT INTO price_changes(product_id, old_price_fen, new_price_fen, effective_on, staff_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id,
        old,
        new_price_fen,
        effective_on.to_string(),
        staff_id,
        crate::store::now_utc()
    ])?;
    crate::store::audit::record(
        conn,
        staff_id,
        "price_change",
        "product",
        Some(id),
        &format!("{old} -> {new_price_fen} from {effective_on}"),
    )?;
    settle_prices(conn, today)?;
    Ok(())
}

/// Brings every product's current price to the changes in effect on `today`;
/// returns how many products changed. Cheap when nothing is pending.
pub fn settle_prices(conn: &Connection, today: NaiveDate) -> Result<usize> {
    let day = today.to_string();
    // Read first: an UPDATE takes the write lock even when it matches
    // nothing, and this runs at every start (fifty tablets starting at
    // once queued for the lock here).
    let due: bool = conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM price_changes WHERE applied = 0 AND effective_on <= ?1)",
        )?
        .query_row([&day], |r| r.get(0))?;
    if !due {
        return Ok(0);
    }
    let n = conn
        .prepare_cached(
            "UPDATE products SET current_price_fen = (
                 SELECT c.new_price_fen FROM price_changes c
                 WHERE c.product_id = products.id AND c.effective_on <= ?1
                 ORDER BY c.effective_on DESC, c.id DESC LIMIT 1),
                 version = version + 1
             WHERE id IN (SELECT product_id FROM price_changes WHERE applied = 0 AND effective_on <= ?1)",
        )?
        .execute([&day])?;
    conn.prepare_cached(
        "UPDATE price_changes SET applied = 1 WHERE applied = 0 AND effective_on <= ?1",
    )?
    .execute([&day])?;
    Ok(n)
}

/// The product's price on `on`: the latest change in effect that day; before
/// any change, the price the first change started from; with no change at
/// all, the current price. `None` when there is no such product.
pub fn price_on(conn: &Connection, id: i64, on: NaiveDate) -> Result<Option<i64>> {
    let day = on.to_string();
    let latest: Option<i64> = conn
        .prepare_cached(
            "SELECT new_price_fen FROM price_changes WHERE product_id = ?1 AND effective_on <= ?2
             ORDER BY effective_on DESC, id DESC LIMIT 1",
        )?
        .query_row(params![id, day], |r| r.get(0))
        .optional()?;
    if latest.is_some() {
        return Ok(latest);
    }
    let first_old: Option<i64> = conn
        .prepare_cached(
            "SELECT old_price_fen FROM price_changes WHERE product_id = ?1
             ORDER BY effective_on, id LIMIT 1",
        )?
        .query_row([id], |r| r.get(0))
        .optional()?;
    if first_old.is_some() {
        return Ok(first_old);
    }
    Ok(get(conn, id)?.map(|p| p.current_price_fen))
}

/// The product's price changes, newest first.
pub fn price_changes(conn: &Connection, id: i64) -> Result<Vec<PriceChange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.old_price_fen, c.new_price_fen, c.effective_on, s.name, c.at
         FROM price_changes c LEFT JOIN staff s ON s.id = c.staff_id
         WHERE c.product_id = ?1 ORDER BY c.effective_on DESC, c.id DESC",
    )?;
    let rows = stmt.query_map([id], |r| {
        let on: String = r.get(2)?;
        Ok(PriceChange {
            old_price_fen: r.get(0)?,
            new_price_fen: r.get(1)?,
            effective_on: on.parse().unwrap_or_default(),
            staff: r.get(3)?,
            at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
