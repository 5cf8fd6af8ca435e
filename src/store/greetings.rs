//! Greetings due and sent: who is due for a birthday, festival or season
//! greeting (only customers who accept greetings, and never twice for the
//! same occasion), the sent-marks, and the shop's own templates.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

use super::home::Pane;
use crate::domain::occasions::{BirthdayDay, Kind};

/// A customer due a greeting for one occasion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueRow {
    pub customer_id: i64,
    pub name: String,
    pub phone: String,
    pub total_spend_fen: i64,
    /// Days until the occasion (for birthdays, until this customer's birthday).
    pub in_days: i64,
    pub occasion_key: String,
    pub staff_id: Option<i64>,
}

const GREETABLE: &str = "c.greetings_ok = 1 AND c.erased_at IS NULL";

fn not_sent(key_param: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM greetings_sent s WHERE s.customer_id = c.id AND s.occasion_key = {key_param})"
    )
}

/// Birthdays today and in the coming days not yet greeted, soonest first,
/// the biggest spenders first within a day; `skip` rows left out for paging.
/// `staff` keeps an associate's own customers (`closest_staff_id`).
pub fn birthdays(
    conn: &Connection,
    days: &[BirthdayDay],
    staff: Option<i64>,
    skip: usize,
    limit: usize,
) -> Result<Pane<DueRow>> {
    let sql_where = format!(
        "c.birthday_md = ?1 AND {GREETABLE} AND (?2 IS NULL OR c.closest_staff_id = ?2) AND {}",
        not_sent("?3")
    );
    let mut count_stmt = conn.prepare_cached(&format!(
        "SELECT COUNT(*) FROM customers c INDEXED BY customers_birthday WHERE {sql_where}"
    ))?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id, c.name, COALESCE(c.phone, ''), c.total_spend_fen, c.closest_staff_id
         FROM customers c INDEXED BY customers_birthday WHERE {sql_where}
         ORDER BY c.total_spend_fen DESC, c.id LIMIT ?4 OFFSET ?5"
    ))?;
    let mut pane = Pane::default();
    let mut skip = skip as i64;
    for day in days {
        let key = day.key();
        for md in &day.mds {
            let n = count_stmt.query_row(params![md, staff, key], |r| r.get::<_, i64>(0))?;
            pane.count += n;
            let left = limit.saturating_sub(pane.rows.len());
            if left == 0 || skip >= n {
                skip = (skip - n).max(0);
                continue;
            }
            let offset = std::mem::take(&mut skip);
            let found = stmt.query_map(params![md, staff, key, left as i64, offset], |r| {
                Ok(DueRow {
                    customer_id: r.get(0)?,
                    name: r.get(1)?,
                    phone: r.get(2)?,
                    total_spend_fen: r.get(3)?,
                    in_days: day.in_days,
                    occasion_key: key.clone(),
                    staff_id: r.get(4)?,
                })
            })?;
            for row in found {
                pane.rows.push(row?);
            }
        }
    }
    Ok(pane)
}

/// An OR on the staff would keep SQLite off the index: two texts instead.
fn mine(staff: Option<i64>) -> &'static str {
    if staff.is_some() {
        "c.closest_staff_id = ?1"
    } else {
        "?1 IS NULL"
    }
}

/// How many customers accept greetings (an associate's own with `staff`):
/// read once per screen load and shared by every festival and season.
pub fn greetable(conn: &Connection, staff: Option<i64>) -> Result<i64> {
    Ok(conn.query_row(
        &format!(
            "SELECT COUNT(*) FROM customers c INDEXED BY customers_greetable
             WHERE {GREETABLE} AND {}",
            mine(staff)
        ),
        params![staff],
        |r| r.get(0),
    )?)
}

/// Customers still to greet for a festival or season change (`key`): the
/// real count (`greetable` less those greeted), and one page of rows after
/// customer `after_id`.
pub fn occasion(
    conn: &Connection,
    key: &str,
    in_days: i64,
    staff: Option<i64>,
    greetable: i64,
    after_id: i64,
    limit: usize,
) -> Result<Pane<DueRow>> {
    let mine = mine(staff);
    let sent: i64 = conn.query_row(
        &format!(
            "SELECT COUNT(*) FROM greetings_sent s JOIN customers c ON c.id = s.customer_id
             WHERE s.occasion_key = ?2 AND {GREETABLE} AND {mine}"
        ),
        params![staff, key],
        |r| r.get(0),
    )?;
    let order = if staff.is_some() {
        "c.closest_staff_id, c.id"
    } else {
        "c.id"
    };
    let index = if staff.is_some() {
        "INDEXED BY customers_greetable"
    } else {
        ""
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id, c.name, COALESCE(c.phone, ''), c.total_spend_fen, c.closest_staff_id
         FROM customers c {index}
         WHERE {GREETABLE} AND {mine} AND c.id > ?2 AND {}
         ORDER BY {order} LIMIT ?4",
        not_sent("?3")
    ))?;
    let rows = stmt
        .query_map(params![staff, after_id, key, limit as i64], |r| {
            Ok(DueRow {
                customer_id: r.get(0)?,
                name: r.get(1)?,
                phone: r.get(2)?,
                total_spend_fen: r.get(3)?,
                in_days,
                occasion_key: key.to_string(),
                staff_id: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Pane {
        count: (greetable - sent).max(0),
        rows,
    })
}

/// Whether the customer was already greeted for the occasion.
pub fn is_sent(conn: &Connection, customer_id: i64, key: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM greetings_sent WHERE customer_id = ?1 AND occasion_key = ?2",
            params![customer_id, key],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// One greeting to record as sent.
#[derive(Debug, Clone)]
pub struct Sent<'a> {
    pub customer_id: i64,
    pub staff_id: Option<i64>,
    pub kind: Kind,
    pub occasion_key: &'a str,
    pub text: &'a str,
    /// `clipboard` (sent by the associate) or `export` (the SMS gateway).
    pub via: &'a str,
}

/// Marks the greeting sent and logs the contact, inside the caller's
/// transaction. False, and nothing written, when it was already sent or
/// the customer has since declined greetings.
pub fn mark_sent(tx: &Connection, s: &Sent, at: &str) -> Result<bool> {
    let accepts: bool = tx
        .query_row(
            "SELECT greetings_ok = 1 AND erased_at IS NULL FROM customers WHERE id = ?1",
            [s.customer_id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false);
    if !accepts {
        return Ok(false);
    }
    let n = tx.execute(
        "INSERT OR IGNORE INTO greetings_sent (customer_id, occasion_key, staff_id, via, at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![s.customer_id, s.occasion_key, s.staff_id, s.via, at],
    )?;
    if n == 0 {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO contacts (customer_id, staff_id, kind, outcome, note, at)
         VALUES (?1, ?2, ?3, 'sent', ?4, ?5)",
        params![s.customer_id, s.staff_id, s.kind.contact_kind(), s.text, at],
    )?;
    let contact = tx.last_insert_rowid();
    tx.execute(
        "UPDATE greetings_sent SET contact_id = ?1 WHERE customer_id = ?2 AND occasion_key = ?3",
        params![contact, s.customer_id, s.occasion_key],
    )?;
    Ok(true)
}

/// [`mark_sent`] in a transaction of its own.
pub fn send(conn: &mut Connection, s: &Sent) -> Result<bool> {
    let at = super::now_utc();
    super::write(conn, |tx| mark_sent(tx, s, &at))
}

/// A template the shop keeps in the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopTemplate {
    pub id: i64,
    pub kind: Kind,
    pub lang: String,
    pub key: String,
    pub body: String,
    pub version: i64,
}

/// The shop's own templates of a kind and language, by key.
pub fn templates(conn: &Connection, kind: Kind, lang: &str) -> Result<Vec<ShopTemplate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, key, body, version FROM greeting_templates
         WHERE kind = ?1 AND lang = ?2 ORDER BY key",
    )?;
    let rows = stmt
        .query_map(params![kind.id(), lang], |r| {
            Ok(ShopTemplate {
                id: r.get(0)?,
                kind,
                lang: lang.to_string(),
                key: r.get(1)?,
                body: r.get(2)?,
                version: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// How saving a template went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    Done,
    /// Someone else saved it meanwhile (the version moved on).
    Stale,
}

/// Saves a template under `key`: a new one when `version` is `None`
/// (the shop's own copy of a file template, or a new template), else an
/// update that succeeds only if nobody saved it since `version`.
pub fn save_template(
    conn: &mut Connection,
    kind: Kind,
    lang: &str,
    key: &str,
    body: &str,
    version: Option<i64>,
    staff: Option<i64>,
) -> Result<Saved> {
    let at = super::now_utc();
    super::write(conn, |tx| {
        save_template_in(tx, kind, lang, key, body, version, staff, &at)
    })
}

/// [`save_template`] inside the caller's IMMEDIATE transaction, at `at`
/// (the demo shop writes its templates through here).
#[allow(clippy::too_many_arguments)]
pub fn save_template_in(
    tx: &Connection,
    kind: Kind,
    lang: &str,
    key: &str,
    body: &str,
    version: Option<i64>,
    staff: Option<i64>,
    at: &str,
) -> Result<Saved> {
    {
        let n = match version {
            None => tx.execute(
                "INSERT OR IGNORE INTO greeting_templates (kind, lang, key, body, updated_by, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![kind.id(), lang, key, body, staff, at],
            )?,
            Some(v) => tx.execute(
                "UPDATE greeting_templates SET body = ?1, updated_by = ?2, updated_at = ?3,
                        version = version + 1
                 WHERE lang = ?4 AND key = ?5 AND version = ?6",
                params![body, staff, at, lang, key, v],
            )?,
        };
        Ok(if n == 1 { Saved::Done } else { Saved::Stale })
    }
}

/// A key for a new template of the shop's own: `<kind>.own<n>`.
pub fn next_own_key(conn: &Connection, kind: Kind, lang: &str) -> Result<String> {
    let n: i64 = conn.query_row(
        "SELECT COUNT(*) FROM greeting_templates WHERE kind = ?1 AND lang = ?2",
        params![kind.id(), lang],
        |r| r.get(0),
    )?;
    let mut i = n + 1;
    loop {
        let key = format!("{}.own{i}", kind.id());
        let taken: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM greeting_templates WHERE lang = ?1 AND key = ?2)",
            params![lang, key],
            |r| r.get(0),
        )?;
        if !taken {
            return Ok(key);
        }
        i += 1;
    }
}
