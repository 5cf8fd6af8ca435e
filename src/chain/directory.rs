//! The chain's customer directory, from a shop: customers of the chain's
//! other shops by name, pinyin or full phone number — name, tier, home shop
//! and last purchase there, the phone always masked — and taking one on:
//! their file copied into this shop with its origin recorded and audited.
//!
//! Head office answers through two functions (`aftercare.chain_find`,
//! `aftercare.chain_file`) that leave out erased customers and those who
//! declined to be found by the chain (`customers.chain_ok = 0`); a shop's
//! role cannot read other shops' rows any other way.

use anyhow::{Result, bail};
use chrono::NaiveDate;
use postgres::Client;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::domain::customer::{Field, Values, mask_phone};

/// One customer found in the chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Found {
    pub shop_code: String,
    pub shop_name: Option<String>,
    /// The customer's number at their home shop.
    pub id: i64,
    pub name: String,
    pub tier: Option<String>,
    /// `138****5678`: never the full number.
    pub phone: String,
    pub last_purchase_on: Option<String>,
    pub purchases: i64,
}

/// Searches the other shops of the chain (at most `limit` answers).
pub fn find(client: &mut Client, query: &str, limit: i32) -> Result<Vec<Found>> {
    let q = query.trim();
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    // A phone is looked up whole, as typed with or without spaces.
    let q = if digits.len() >= 7 && digits.len() + 3 >= q.chars().count() {
        digits
    } else {
        q.to_string()
    };
    let rows = client.query(
        "SELECT shop_code, shop_name, id, name, tier, phone_digits, last_purchase_on, purchase_count
         FROM aftercare.chain_find($1, $2)",
        &[&q, &limit],
    )?;
    Ok(rows
        .iter()
        .map(|r| Found {
            shop_code: r.get(0),
            shop_name: r.get(1),
            id: r.get(2),
            name: r.get::<_, Option<String>>(3).unwrap_or_default(),
            tier: r.get(4),
            phone: mask_phone(&r.get::<_, Option<String>>(5).unwrap_or_default()),
            last_purchase_on: r.get(6),
            purchases: r.get::<_, Option<i64>>(7).unwrap_or(0),
        })
        .collect())
}

/// `SHOPCODE:ID` as the directory prints it.
pub fn parse_ref(s: &str) -> Result<(String, i64)> {
    let Some((code, id)) = s.split_once(':') else {
        bail!("'{s}' is not SHOPCODE:ID (as `aftercare hq find` prints it)");
    };
    let id: i64 = id
        .trim()
        .parse()
        .map_err(|_| anyhow::anyhow!("'{id}' is not a customer number"))?;
    Ok((code.trim().to_string(), id))
}

/// What taking a customer on did.
#[derive(Debug, Clone, PartialEq)]
pub enum TakenOn {
    /// A new file in this shop, with this number.
    New(i64),
    /// Taken on before: this shop's file.
    Already(i64),
}

/// Copies customer `id` of shop `from` into this shop: the profile and
/// consents (not the other shop's purchases, which stay in its books),
/// with the origin recorded in `chain_origins` and an audit entry, in one
/// transaction. Refused for an erased customer or one who declined.
pub fn take_on(
    shop: &mut Connection,
    client: &mut Client,
    from: &str,
    id: i64,
    staff_id: i64,
    today: NaiveDate,
) -> Result<TakenOn> {
    if let Some(local) = shop
        .query_row(
            "SELECT customer_id FROM chain_origins WHERE shop_code = ?1 AND remote_id = ?2",
            params![from, id],
            |r| r.get(0),
        )
        .optional()?
    {
        return Ok(TakenOn::Already(local));
    }
    let own = crate::store::changes::shop_code(shop)?;
    if own.as_deref() == Some(from) {
        bail!("customer {from}:{id} is this shop's own");
    }
    let row = client.query_one("SELECT aftercare.chain_file($1, $2)::text", &[&from, &id])?;
    let Some(text) = row.get::<_, Option<String>>(0) else {
        bail!(
            "head office has no customer {from}:{id} to take on (not there, erased, or they asked not to be shared)"
        );
    };
    let data: serde_json::Value = serde_json::from_str(&text)?;
    let values = file_values(&data);
    let tier = data
        .get("tier")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let last = data
        .get("last_purchase_on")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let tx = shop.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let local = crate::store::customers::create_in(&tx, &values, staff_id, today)
        .map_err(|e| refused(e, from, id))?;
    tx.execute(
        "INSERT INTO chain_origins(customer_id, shop_code, remote_id, remote_tier,
                                   remote_last_purchase_on, taken_at, taken_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            local,
            from,
            id,
            tier,
            last,
            crate::store::now_utc(),
            staff_id
        ],
    )?;
    crate::store::audit::record(
        &tx,
        Some(staff_id),
        "take_on",
        "customer",
        Some(local),
        &format!("from {from}:{id}"),
    )?;
    tx.commit()?;
    Ok(TakenOn::New(local))
}

/// The profile's fields of head office's file (all but who referred them:
/// that id is the other shop's).
fn file_values(data: &serde_json::Value) -> Values {
    let mut values = Values::default();
    for f in Field::ALL {
        if f == Field::ReferredBy {
            continue;
        }
        let v = match data.get(f.key()) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        values.set(f, v);
    }
    values
}

/// Why this shop could not write the file taken on from `from`:`id`.
fn refused(e: crate::store::customers::SaveError, from: &str, id: i64) -> anyhow::Error {
    match e {
        crate::store::customers::SaveError::Fields(f) => anyhow::anyhow!(
            "the file from {from}:{id} does not pass this shop's checks: {}",
            f.iter()
                .map(|e| format!("{} ({})", e.field.key(), e.code))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        crate::store::customers::SaveError::Conflict { .. } => {
            anyhow::anyhow!("the file changed while it was taken on")
        }
        crate::store::customers::SaveError::Db(e) => e,
    }
}
