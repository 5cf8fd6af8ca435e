//! Tiers, club and segments on the customer rows (DOMAIN §2), and the gold
//! customers list of the VIP screen.
//!
//! The tier and club thresholds live in `data/policy.toml`; the thresholds
//! the rows were worked out with are kept in `vip_state`, so a purchase can
//! keep its customer's tier without the policy at hand, and the rows are
//! worked out again whenever the shop changes the thresholds.

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::domain::customer::Tier;
use crate::domain::segments::{Facts, Segment, Thresholds};
use crate::domain::vip::ClubVia;
use crate::shop_data::policy::Policy;

/// The thresholds the tier and club columns are worked out with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standards {
    pub tiers: Vec<Tier>,
    pub club_min_spend_fen: i64,
}

impl Standards {
    pub fn of(policy: &Policy) -> Standards {
        Standards {
            tiers: policy.customers.tiers.clone(),
            club_min_spend_fen: policy.customers.club_min_spend_fen,
        }
    }
}

/// The thresholds the tier and club columns were last worked out with.
pub fn standards(conn: &Connection) -> Result<Option<Standards>> {
    stored(conn)
}

fn stored(conn: &Connection) -> Result<Option<Standards>> {
    let text: Option<String> = conn
        .prepare_cached("SELECT thresholds FROM vip_state WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

/// Brings every row's tier and club up to the policy's thresholds when they
/// are not the ones in force (the first start after the upgrade, a changed
/// policy, a demo load); returns whether it had to.
pub fn sync_thresholds(conn: &mut Connection, policy: &Policy) -> Result<bool> {
    let wanted = Standards::of(policy);
    if stored(conn)?.as_ref() == Some(&wanted) {
        return Ok(false);
    }
    super::write(conn, |tx| {
        refresh_all(tx, &wanted)?;
        tx.execute(
            "INSERT INTO vip_state(id, thresholds) VALUES (1, ?1)
             ON CONFLICT(id) DO UPDATE SET thresholds = excluded.thresholds",
            [serde_json::to_string(&wanted)?],
        )?;
        Ok(true)
    })
}

/// Works out every customer's tier, and lets in by spend whoever reached
/// the club's threshold (their last purchase dates it). Uses the spend index.
pub fn refresh_all(conn: &Connection, s: &Standards) -> Result<()> {
    let mut upper = i64::MAX;
    for t in s.tiers.iter().rev() {
        conn.execute(
            "UPDATE customers SET tier = ?1
             WHERE total_spend_fen >= ?2 AND total_spend_fen < ?3 AND tier IS NOT ?1",
            params![t.id, t.min_spend_fen, upper],
        )?;
        upper = t.min_spend_fen;
    }
    conn.execute(
        "UPDATE customers SET club_via = 'spend',
             club_since = COALESCE(last_purchase_on, substr(created_at, 1, 10))
         WHERE total_spend_fen >= ?1 AND club_since IS NULL",
        [s.club_min_spend_fen],
    )?;
    // Let in by spend that returns have taken back.
    conn.execute(
        "UPDATE customers SET club_via = NULL, club_since = NULL
         WHERE club_via = 'spend' AND total_spend_fen < ?1",
        [s.club_min_spend_fen],
    )?;
    Ok(())
}

/// After a purchase, a return or a new file: the customer's figures, tier
/// and club again, from their purchases less their returns
/// ([`super::figures::recompute`]). Runs inside the caller's transaction.
pub fn recompute(conn: &Connection, customer_id: i64, on: NaiveDate) -> Result<()> {
    super::figures::recompute(conn, customer_id, on).map(|_| ())
}

/// Why a customer could not join the club by fee.
#[derive(Debug, PartialEq, Eq)]
pub enum JoinError {
    AlreadyMember,
    Erased,
}

/// The customer pays the club fee and joins; audited with the amount.
pub fn join_by_fee(
    conn: &mut Connection,
    customer_id: i64,
    staff_id: i64,
    on: NaiveDate,
    fee_fen: i64,
) -> Result<Result<(), JoinError>> {
    super::write(conn, |tx| {
        let (member, erased): (bool, bool) = tx.query_row(
            "SELECT club_since IS NOT NULL, erased_at IS NOT NULL FROM customers WHERE id = ?1",
            [customer_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if erased {
            return Ok(Err(JoinError::Erased));
        }
        if member {
            return Ok(Err(JoinError::AlreadyMember));
        }
        tx.execute(
            "UPDATE customers SET club_since = ?2, club_via = 'fee', version = version + 1
             WHERE id = ?1",
            params![customer_id, on.to_string()],
        )?;
        super::audit::record(
            tx,
            Some(staff_id),
            "club_join_fee",
            "customer",
            Some(customer_id),
            &format!("fee_fen={fee_fen}"),
        )?;
        Ok(Ok(()))
    })
}

/// What the customer file shows of the VIP side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub tier: Option<String>,
    pub club_since: Option<String>,
    pub club_via: Option<ClubVia>,
    pub facts: Facts,
}

pub fn standing(conn: &Connection, customer_id: i64) -> Result<Option<Standing>> {
    conn.prepare_cached(
        "SELECT tier, club_since, club_via, substr(created_at, 1, 10), purchase_count,
                total_spend_fen, COALESCE(last_visit_on, last_purchase_on)
         FROM customers WHERE id = ?1",
    )?
    .query_row([customer_id], |r| {
        let via: Option<String> = r.get(2)?;
        let registered: String = r.get(3)?;
        let seen: Option<String> = r.get(6)?;
        Ok(Standing {
            tier: r.get(0)?,
            club_since: r.get(1)?,
            club_via: via.map(|v| {
                if v == "fee" {
                    ClubVia::Fee
                } else {
                    ClubVia::Spend
                }
            }),
            facts: Facts {
                registered_on: registered.parse().unwrap_or_default(),
                purchase_count: r.get(4)?,
                total_spend_fen: r.get(5)?,
                last_seen: seen.and_then(|s| s.get(..10).and_then(|d| d.parse().ok())),
            },
        })
    })
    .optional()
    .map_err(Into::into)
}

/// The segment of the customer row `c` as SQL, the same rule as
/// [`crate::domain::segments::segment_for`]. Only numbers and a date are
/// written into it.
pub fn segment_sql(today: NaiveDate, t: &Thresholds) -> String {
    // Dates compare as text ('YYYY-MM-DD…'); only the rate needs day counts.
    let new_from = today - chrono::Duration::days(t.new_within_days);
    let lapsed_on = today - chrono::Duration::days(t.lapsed_after_days);
    let year_ago = today - chrono::Duration::days(365);
    let seen = "COALESCE(c.last_visit_on, c.last_purchase_on)";
    let days = format!(
        "(CASE WHEN c.created_at >= '{year_ago}' THEN 365 ELSE \
         CAST(julianday('{today}') - julianday(substr(c.created_at, 1, 10)) AS INTEGER) END)"
    );
    let dear = format!(
        "c.total_spend_fen >= {} * c.purchase_count",
        t.dear_ticket_fen
    );
    format!(
        "(CASE
            WHEN c.created_at >= '{new_from}' AND c.purchase_count <= 1 THEN 'new'
            WHEN c.purchase_count = 0 OR {seen} IS NULL OR {seen} < '{lapsed_next}' THEN 'lapsed'
            WHEN c.purchase_count * 365 >= {often} * {days}
                 THEN CASE WHEN {dear} THEN 'gold' ELSE 'often_low' END
            WHEN c.purchase_count * 365 <= {rare} * {days} AND {dear} THEN 'rare_dear'
            ELSE 'steady' END)",
        lapsed_next = lapsed_on + chrono::Duration::days(1),
        often = t.often_per_year,
        rare = t.rare_per_year,
    )
}

/// Which customers the gold list and an invitation list take.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Group {
    pub segment: Option<Segment>,
    pub tier: Option<String>,
    pub club_only: bool,
}

impl Group {
    /// The WHERE clause over `c` (tier bound as ?1 when set).
    fn clause(&self, today: NaiveDate, t: &Thresholds) -> String {
        let mut w = vec!["c.erased_at IS NULL".to_string()];
        if self.tier.is_some() {
            w.push("c.tier = ?1".into());
        }
        if self.club_only {
            w.push("c.club_since IS NOT NULL".into());
        }
        if let Some(s) = self.segment {
            w.push(format!("{} = '{}'", segment_sql(today, t), s.id()));
        }
        w.join(" AND ")
    }

    fn tier_param(&self) -> Vec<String> {
        self.tier.iter().cloned().collect()
    }
}

/// One line of the gold customers list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldRow {
    pub customer_id: i64,
    pub name: String,
    pub phone: String,
    pub tier: Option<String>,
    pub segment: String,
    pub club: bool,
    pub total_spend_fen: i64,
    pub purchase_count: i64,
    pub last_seen: Option<String>,
    pub closest: Option<String>,
}

/// A page of the group, biggest spenders first: it walks the spend index
/// (named, or SQLite takes the partial `customers_created` for `erased_at
/// IS NULL` and sorts a million rows: 0.8 s instead of milliseconds).
pub fn gold_page(
    conn: &Connection,
    group: &Group,
    today: NaiveDate,
    t: &Thresholds,
    offset: usize,
    limit: usize,
) -> Result<Vec<GoldRow>> {
    let sql = format!(
        "SELECT c.id, c.name, COALESCE(c.phone, ''), c.tier, {seg}, c.club_since IS NOT NULL,
                c.total_spend_fen, c.purchase_count, COALESCE(c.last_visit_on, c.last_purchase_on),
                s.name
         FROM customers c INDEXED BY customers_spend
              LEFT JOIN staff s ON s.id = c.closest_staff_id
         WHERE {w}
         ORDER BY c.total_spend_fen DESC, c.id LIMIT {limit} OFFSET {offset}",
        seg = segment_sql(today, t),
        w = group.clause(today, t),
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(group.tier_param()), |r| {
        Ok(GoldRow {
            customer_id: r.get(0)?,
            name: r.get(1)?,
            phone: r.get(2)?,
            tier: r.get(3)?,
            segment: r.get(4)?,
            club: r.get(5)?,
            total_spend_fen: r.get(6)?,
            purchase_count: r.get(7)?,
            last_seen: r.get(8)?,
            closest: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Customers of each segment within the tier (and club) filter: one pass
/// over the VIP index, run when the screen opens or is refreshed.
pub fn segment_counts(
    conn: &Connection,
    group: &Group,
    today: NaiveDate,
    t: &Thresholds,
) -> Result<Vec<(Segment, i64)>> {
    let all = Group {
        segment: None,
        ..group.clone()
    };
    let sql = format!(
        "SELECT {seg} AS s, COUNT(*) FROM customers c WHERE {w} GROUP BY s",
        seg = segment_sql(today, t),
        w = all.clause(today, t),
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let found: Vec<(String, i64)> = stmt
        .query_map(rusqlite::params_from_iter(all.tier_param()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<Result<_, _>>()?;
    Ok(Segment::ALL
        .into_iter()
        .map(|s| {
            let n = found
                .iter()
                .find(|(id, _)| id == s.id())
                .map_or(0, |(_, n)| *n);
            (s, n)
        })
        .collect())
}

/// The customers an invitation would go to: the group's biggest spenders
/// who accept messages, up to `limit`, not yet invited to `gathering_id`.
pub fn invitees(
    conn: &Connection,
    group: &Group,
    today: NaiveDate,
    t: &Thresholds,
    gathering_id: i64,
    limit: usize,
) -> Result<Vec<(i64, Option<i64>)>> {
    let sql = format!(
        "SELECT c.id, c.closest_staff_id FROM customers c
         WHERE {w} AND c.greetings_ok = 1
           AND NOT EXISTS (SELECT 1 FROM gathering_guests g
                           WHERE g.gathering_id = {gathering_id} AND g.customer_id = c.id)
         ORDER BY c.total_spend_fen DESC, c.id LIMIT {limit}",
        w = group.clause(today, t),
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(group.tier_param()), |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
