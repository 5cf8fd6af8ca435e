//! The quality callback / customer opinion register 质量回访/顾客意见登记表:
//! complaint revisits, customers' opinions and suggestions. Suggestions
//! worth keeping are marked and collected per department.

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, params, params_from_iter};

use super::{Filter, parse_stamp, stamp};
use crate::domain::complaint::ids;

ids! {
    OpinionKind {
        /// 质量回访: a revisit or callback asking how the goods and the fix are.
        QualityCallback = "quality_callback",
        /// 顾客意见: what a customer thinks.
        Opinion = "opinion",
        /// 建议: an idea for the shop.
        Suggestion = "suggestion",
    }
}

#[derive(Debug, Clone)]
pub struct NewOpinion<'a> {
    pub kind: OpinionKind,
    pub customer_id: Option<i64>,
    pub channel: &'a str,
    pub complaint_id: Option<i64>,
    pub product: &'a str,
    pub text: &'a str,
    pub department: Option<&'a str>,
    pub worth_keeping: bool,
    pub satisfied: Option<bool>,
    pub staff_id: Option<i64>,
    pub noted_on: NaiveDate,
    pub noted_at: DateTime<Utc>,
}

/// Writes one row in the caller's transaction; returns its id.
pub fn add(conn: &Connection, o: &NewOpinion) -> Result<i64> {
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    conn.prepare_cached(
        "INSERT INTO opinions(kind, customer_id, channel, complaint_id, product, text, department,
             worth_keeping, satisfied, staff_id, noted_on, noted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        o.kind.id(),
        o.customer_id,
        opt(o.channel),
        o.complaint_id,
        opt(o.product),
        o.text.trim(),
        o.department,
        o.worth_keeping,
        o.satisfied,
        o.staff_id,
        o.noted_on.to_string(),
        stamp(o.noted_at),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Marks a row as worth keeping for its department, or takes the mark off.
pub fn set_worth_keeping(conn: &mut Connection, id: i64, keep: bool, staff: i64) -> Result<()> {
    crate::store::write(conn, |tx| {
        tx.execute(
            "UPDATE opinions SET worth_keeping = ?2 WHERE id = ?1",
            params![id, keep],
        )?;
        crate::store::audit::record(
            tx,
            Some(staff),
            if keep { "keep" } else { "unkeep" },
            "opinion",
            Some(id),
            "",
        )
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpinionRow {
    pub id: i64,
    pub kind: String,
    pub noted_on: NaiveDate,
    pub noted_at: DateTime<Utc>,
    pub customer_name: String,
    pub customer_phone: String,
    pub channel: String,
    pub complaint_no: String,
    pub product: String,
    pub text: String,
    pub department: String,
    pub worth_keeping: bool,
    pub satisfied: Option<bool>,
    pub staff: String,
}

/// The rows noted in the range that pass the filters, newest first. The
/// state filter is the kind, or `kept` for suggestions worth keeping.
pub fn register(conn: &Connection, f: &Filter) -> Result<Vec<OpinionRow>> {
    let mut wh = vec!["1 = 1".to_string()];
    let mut vals: Vec<Value> = Vec::new();
    let mut add = |cond: &str, v: Value| {
        vals.push(v);
        wh.push(cond.replace('?', &format!("?{}", vals.len())));
    };
    if let Some(d) = f.from {
        add("o.noted_on >= ?", Value::Text(d.to_string()));
    }
    if let Some(d) = f.to {
        add("o.noted_on <= ?", Value::Text(d.to_string()));
    }
    if let Some(x) = &f.category {
        add("c.category = ?", Value::Text(x.clone()));
    }
    if let Some(x) = &f.department {
        add("o.department = ?", Value::Text(x.clone()));
    }
    if let Some(x) = f.staff_id {
        add("o.staff_id = ?", Value::Integer(x));
    }
    match f.state.as_deref() {
        Some("kept") => wh.push("o.worth_keeping = 1".into()),
        Some(k) => add("o.kind = ?", Value::Text(k.into())),
        None => {}
    }
    let limit = f.limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default();
    let sql = format!(
        "SELECT o.id, o.kind, o.noted_on, o.noted_at, COALESCE(cu.name, ''), COALESCE(cu.phone, ''),
                COALESCE(o.channel, ''), COALESCE(c.complaint_no, ''), COALESCE(o.product, ''),
                o.text, COALESCE(o.department, ''), o.worth_keeping, o.satisfied, COALESCE(st.name, '')
         FROM opinions o
         LEFT JOIN customers cu ON cu.id = o.customer_id
         LEFT JOIN complaints c ON c.id = o.complaint_id
         LEFT JOIN staff st ON st.id = o.staff_id
         WHERE {} ORDER BY o.noted_at DESC, o.id DESC{limit}",
        wh.join(" AND ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(vals), |r| {
        Ok(OpinionRow {
            id: r.get(0)?,
            kind: r.get(1)?,
            noted_on: NaiveDate::parse_from_str(&r.get::<_, String>(2)?, "%Y-%m-%d")
                .unwrap_or_default(),
            noted_at: parse_stamp(&r.get::<_, String>(3)?).unwrap_or_default(),
            customer_name: r.get(4)?,
            customer_phone: r.get(5)?,
            channel: r.get(6)?,
            complaint_no: r.get(7)?,
            product: r.get(8)?,
            text: r.get(9)?,
            department: r.get(10)?,
            worth_keeping: r.get(11)?,
            satisfied: r.get(12)?,
            staff: r.get(13)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Suggestions worth keeping, counted per department.
pub fn kept_by_department(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, usize)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT COALESCE(department, ''), COUNT(*) FROM opinions
         WHERE worth_keeping = 1 AND noted_on BETWEEN ?1 AND ?2
         GROUP BY department ORDER BY COUNT(*) DESC, department",
    )?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string()], |r| {
        Ok((r.get(0)?, r.get::<_, i64>(1)? as usize))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
