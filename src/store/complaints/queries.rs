//! Reading complaints back: one, the open ones, their events, the
//! complaint handling register 客户投诉处理登记表, the figures' facts, and
//! the caller and goods lines a new complaint starts from.

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use crate::domain::complaint::stats::ComplaintFacts;

use super::{Complaint, SELECT, from_row, parse_stamp};

pub fn get(conn: &Connection, id: i64) -> Result<Option<Complaint>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE c.id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

/// Every complaint not yet closed (the app sorts them by time left).
pub fn open(conn: &Connection) -> Result<Vec<Complaint>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE c.state <> 'closed' ORDER BY c.received_at"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub event: String,
    pub at: DateTime<Utc>,
    pub staff: String,
    pub note: String,
}

/// A complaint's moves and marks, oldest first.
pub fn events(conn: &Connection, id: i64) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.event, e.at, COALESCE(s.name, ''), COALESCE(e.note, '')
         FROM complaint_events e LEFT JOIN staff s ON s.id = e.staff_id
         WHERE e.complaint_id = ?1 ORDER BY e.at, e.id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Event {
            event: r.get(0)?,
            at: parse_stamp(&r.get::<_, String>(1)?).unwrap_or_default(),
            staff: r.get(2)?,
            note: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The filters of the three registers; each register uses those it has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub category: Option<String>,
    pub department: Option<String>,
    pub staff_id: Option<i64>,
    /// Complaints: the state; surveys: the source; opinions: the kind, or
    /// `kept` for suggestions worth keeping.
    pub state: Option<String>,
    pub limit: Option<usize>,
}

/// The complaint handling register: complaints received in the range
/// that pass the filters, newest first.
pub fn register(conn: &Connection, f: &Filter) -> Result<Vec<Complaint>> {
    let mut wh = vec!["1 = 1".to_string()];
    let mut vals: Vec<Value> = Vec::new();
    let mut add = |cond: &str, v: Value| {
        vals.push(v);
        wh.push(cond.replace('?', &format!("?{}", vals.len())));
    };
    if let Some(d) = f.from {
        add("c.received_on >= ?", Value::Text(d.to_string()));
    }
    if let Some(d) = f.to {
        add("c.received_on <= ?", Value::Text(d.to_string()));
    }
    if let Some(x) = &f.category {
        add("c.category = ?", Value::Text(x.clone()));
    }
    if let Some(x) = &f.department {
        add("c.department = ?", Value::Text(x.clone()));
    }
    if let Some(x) = f.staff_id {
        add("c.taken_by = ?", Value::Integer(x));
    }
    if let Some(x) = &f.state {
        add("c.state = ?", Value::Text(x.clone()));
    }
    let limit = f.limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default();
    let sql = format!(
        "{SELECT} WHERE {} ORDER BY c.received_at DESC, c.id DESC{limit}",
        wh.join(" AND ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(vals), from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The complaints received in the range, as the figures need them.
pub fn facts(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<ComplaintFacts>> {
    let rows = register(
        conn,
        &Filter {
            from: Some(from),
            to: Some(to),
            ..Filter::default()
        },
    )?;
    Ok(rows
        .into_iter()
        .map(|c| ComplaintFacts {
            category: c.category,
            department: c.department,
            received_at: c.received_at,
            first_response_at: c.first_response_at,
            resolved_at: c.resolved_at,
            resolved_at_counter: c.resolved_at_counter,
        })
        .collect())
}

/// A customer found by phone for a complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub id: i64,
    pub name: String,
    pub phone: String,
}

/// The customer whose phone has these digits (not erased), if exactly one.
pub fn caller_by_phone(conn: &Connection, phone: &str) -> Result<Option<Caller>> {
    let digits = crate::domain::customer::phone_digits(phone);
    if digits.len() < 5 {
        return Ok(None);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, COALESCE(phone, '') FROM customers
         WHERE phone_digits = ?1 AND erased_at IS NULL ORDER BY id LIMIT 2",
    )?;
    let found: Vec<Caller> = stmt
        .query_map([digits], |r| {
            Ok(Caller {
                id: r.get(0)?,
                name: r.get(1)?,
                phone: r.get(2)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(if found.len() == 1 {
        found.into_iter().next()
    } else {
        None
    })
}

/// A purchase line a complaint may be about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineChoice {
    pub id: i64,
    pub purchased_on: String,
    pub style_no: String,
    pub name: String,
    pub category: String,
}

impl LineChoice {
    /// The product as written on the complaint.
    pub fn product(&self) -> String {
        format!("{} {}", self.style_no, self.name)
    }
}

/// The customer's purchase lines, newest first.
pub fn lines_of(conn: &Connection, customer_id: i64, limit: usize) -> Result<Vec<LineChoice>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, p.purchased_on, pr.style_no, pr.name, pr.category
         FROM purchases p JOIN purchase_lines l ON l.purchase_id = p.id
         JOIN products pr ON pr.id = l.product_id
         WHERE p.customer_id = ?1 ORDER BY p.purchased_on DESC, l.id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![customer_id, limit as i64], |r| {
        Ok(LineChoice {
            id: r.get(0)?,
            purchased_on: r.get(1)?,
            style_no: r.get(2)?,
            name: r.get(3)?,
            category: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
