//! Maintenance months (DOMAIN §3): "new customer month" and "old customer
//! month". Each campaign fixes its target thresholds when it is made, so
//! its group does not drift while it runs; the callbacks put its customers'
//! tasks first through [`active`] and [`target_sql`].

use anyhow::Result;
use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::vip::CampaignPolicy;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    NewCustomers,
    OldCustomers,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::NewCustomers, Kind::OldCustomers];

    pub fn id(self) -> &'static str {
        match self {
            Kind::NewCustomers => "new_customers",
            Kind::OldCustomers => "old_customers",
        }
    }

    fn from_id(s: &str) -> Kind {
        if s == "old_customers" {
            Kind::OldCustomers
        } else {
            Kind::NewCustomers
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    pub id: i64,
    pub kind: Kind,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub note: String,
}

/// The campaign's target as a SQL boolean over the customers alias `c`. It
/// reads the campaign's own thresholds through the named parameter
/// `:campaign` (the campaign's id), e.g.
/// `… WHERE {target_sql(k)} …` with `named_params! { ":campaign": c.id }`.
pub fn target_sql(kind: Kind) -> &'static str {
    match kind {
        Kind::NewCustomers => {
            "(c.erased_at IS NULL AND c.created_at >= \
             (SELECT cp.registered_from FROM campaigns cp WHERE cp.id = :campaign))"
        }
        Kind::OldCustomers => {
            "(c.erased_at IS NULL AND c.purchase_count >= \
             (SELECT cp.min_purchases FROM campaigns cp WHERE cp.id = :campaign) \
             AND c.created_at < \
             (SELECT cp.registered_before FROM campaigns cp WHERE cp.id = :campaign))"
        }
    }
}

/// Why a campaign was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    EndsBeforeStart,
    /// Another campaign runs on some of these days.
    Overlaps,
}

pub fn create(
    conn: &mut Connection,
    kind: Kind,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    note: &str,
    p: &CampaignPolicy,
    staff_id: i64,
) -> Result<Result<i64, Refusal>> {
    if ends_on < starts_on {
        return Ok(Err(Refusal::EndsBeforeStart));
    }
    super::write(conn, |tx| {
        let overlap: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM campaigns WHERE starts_on <= ?2 AND ends_on >= ?1)",
            params![starts_on.to_string(), ends_on.to_string()],
            |r| r.get(0),
        )?;
        if overlap {
            return Ok(Err(Refusal::Overlaps));
        }
        let (from, before, min) = match kind {
            Kind::NewCustomers => (
                Some((starts_on - Duration::days(p.new_within_days)).to_string()),
                None,
                None,
            ),
            Kind::OldCustomers => (
                None,
                Some((starts_on - Duration::days(p.old_known_days)).to_string()),
                Some(p.old_min_purchases),
            ),
        };
        tx.execute(
            "INSERT INTO campaigns(kind, starts_on, ends_on, note, registered_from,
                 registered_before, min_purchases, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                kind.id(),
                starts_on.to_string(),
                ends_on.to_string(),
                note,
                from,
                before,
                min,
                staff_id,
                super::now_utc()
            ],
        )?;
        let id = tx.last_insert_rowid();
        super::audit::record(
            tx,
            Some(staff_id),
            "create",
            "campaign",
            Some(id),
            kind.id(),
        )?;
        Ok(Ok(id))
    })
}

fn row(r: &rusqlite::Row) -> rusqlite::Result<Campaign> {
    let kind: String = r.get(1)?;
    let s: String = r.get(2)?;
    let e: String = r.get(3)?;
    Ok(Campaign {
        id: r.get(0)?,
        kind: Kind::from_id(&kind),
        starts_on: s.parse().unwrap_or_default(),
        ends_on: e.parse().unwrap_or_default(),
        note: r.get(4)?,
    })
}

/// The campaign running on `today`, if any.
pub fn active(conn: &Connection, today: NaiveDate) -> Result<Option<Campaign>> {
    conn.prepare_cached(
        "SELECT id, kind, starts_on, ends_on, note FROM campaigns
         WHERE starts_on <= ?1 AND ends_on >= ?1 ORDER BY starts_on DESC, id DESC LIMIT 1",
    )?
    .query_row([today.to_string()], row)
    .optional()
    .map_err(Into::into)
}

/// Every campaign, latest first.
pub fn list(conn: &Connection, limit: usize) -> Result<Vec<Campaign>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, starts_on, ends_on, note FROM campaigns
         ORDER BY starts_on DESC, id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many customers the campaign is for (on the creation or purchase-count index).
pub fn target_count(conn: &Connection, c: &Campaign) -> Result<i64> {
    conn.prepare_cached(&format!(
        "SELECT COUNT(*) FROM customers c WHERE {}",
        target_sql(c.kind)
    ))?
    .query_row(rusqlite::named_params! { ":campaign": c.id }, |r| r.get(0))
    .map_err(Into::into)
}

/// One of the campaign's customers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub customer_id: i64,
    pub name: String,
    pub total_spend_fen: i64,
    pub purchase_count: i64,
    pub closest: Option<String>,
}

/// The campaign's customers, biggest spenders first.
pub fn targets(
    conn: &Connection,
    c: &Campaign,
    offset: usize,
    limit: usize,
) -> Result<Vec<Target>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id, c.name, c.total_spend_fen, c.purchase_count, s.name
         FROM customers c LEFT JOIN staff s ON s.id = c.closest_staff_id
         WHERE {} ORDER BY c.total_spend_fen DESC, c.id LIMIT :limit OFFSET :offset",
        target_sql(c.kind)
    ))?;
    let rows = stmt.query_map(
        rusqlite::named_params! {
            ":campaign": c.id, ":limit": limit as i64, ":offset": offset as i64
        },
        |r| {
            Ok(Target {
                customer_id: r.get(0)?,
                name: r.get(1)?,
                total_spend_fen: r.get(2)?,
                purchase_count: r.get(3)?,
                closest: r.get(4)?,
            })
        },
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}
