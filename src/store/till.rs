//! What the till reads of a customer for the VIP rewards at checkout.

use std::collections::BTreeMap;

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

use crate::domain::till;

/// The extra birthday percent a customer gets on a purchase made `today`
/// (0 when it is not their birthday or their tier has none).
pub fn birthday_percent(
    conn: &Connection,
    customer_id: i64,
    today: NaiveDate,
    rates: &BTreeMap<String, u32>,
) -> Result<u32> {
    let row: Option<(Option<u32>, Option<String>)> = conn
        .query_row(
            "SELECT birthday_md, tier FROM customers WHERE id = ?1 AND erased_at IS NULL",
            [customer_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.map_or(0, |(md, tier)| {
        till::birthday_percent(rates, tier.as_deref(), md, today)
    }))
}
