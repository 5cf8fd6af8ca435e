//! Where a callback's answer goes and the suggestions a top spender gave
//! [S1 "回访搜集来旳内容,有关地区管理方面旳统一由地区处理,有关企业方面旳转交到总企业客服";
//! "问询顾客对品牌旳提议"]: kept beside the contact the callback wrote, read
//! for the customer's file and for `aftercare export feedback`.

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, params};

use crate::domain::practices::Route;

/// Marks the contact's answer for the region or head office and keeps the
/// suggestions; nothing is written when neither is given.
pub fn mark(
    conn: &Connection,
    contact_id: i64,
    route: Option<Route>,
    suggestions: &str,
) -> Result<()> {
    let suggestions = crate::domain::text::clean(suggestions, 1000);
    if route.is_none() && suggestions.is_empty() {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT INTO contact_feedback(contact_id, customer_id, routed_to, suggestions)
         SELECT id, customer_id, ?2, ?3 FROM contacts WHERE id = ?1
         ON CONFLICT(contact_id) DO UPDATE SET routed_to = excluded.routed_to,
             suggestions = excluded.suggestions",
    )?
    .execute(params![
        contact_id,
        route.map_or("", Route::id),
        suggestions
    ])?;
    Ok(())
}

/// One piece of feedback with its contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackRow {
    /// UTC, as stored.
    pub at: String,
    pub customer: String,
    pub phone: String,
    pub staff: String,
    /// The contact's kind (purchase_callback, top_spender_visit, …).
    pub kind: String,
    pub outcome: String,
    /// region, head_office or empty.
    pub routed_to: String,
    pub note: String,
    pub suggestions: String,
}

const SELECT: &str =
    "SELECT k.at, COALESCE(c.name, ''), COALESCE(c.phone, ''), COALESCE(s.name, ''),
        k.kind, k.outcome, f.routed_to, COALESCE(k.note, ''), f.suggestions
     FROM contact_feedback f JOIN contacts k ON k.id = f.contact_id
     LEFT JOIN customers c ON c.id = k.customer_id LEFT JOIN staff s ON s.id = k.staff_id";

fn row(r: &rusqlite::Row) -> rusqlite::Result<FeedbackRow> {
    Ok(FeedbackRow {
        at: r.get(0)?,
        customer: r.get(1)?,
        phone: r.get(2)?,
        staff: r.get(3)?,
        kind: r.get(4)?,
        outcome: r.get(5)?,
        routed_to: r.get(6)?,
        note: r.get(7)?,
        suggestions: r.get(8)?,
    })
}

/// The feedback of contacts made from `from` to `to` (UTC days), oldest first.
pub fn between(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<FeedbackRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE substr(k.at, 1, 10) BETWEEN ?1 AND ?2 ORDER BY k.at, k.id"
    ))?;
    let rows = stmt
        .query_map(params![from.to_string(), to.to_string()], row)?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// A customer's feedback, newest first.
pub fn for_customer(conn: &Connection, customer: i64, limit: usize) -> Result<Vec<FeedbackRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE f.customer_id = ?1 ORDER BY k.at DESC, k.id DESC LIMIT ?2"
    ))?;
    let rows = stmt
        .query_map(params![customer, limit as i64], row)?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}
