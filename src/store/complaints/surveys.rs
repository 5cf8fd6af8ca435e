//! The satisfaction survey register 顾客满意度调查登记表.
//!
//! [`record`] is the one way in: the survey form calls it on its own, at
//! the end of a complaint, and the purchase callbacks call it with
//! `SurveySource::Callback` and the purchase (and task) called about.

use anyhow::{Result, bail};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, params, params_from_iter};

use super::{Filter, parse_stamp, stamp};
use crate::domain::complaint::stats::{SurveyFacts, mean_x100};
use crate::domain::survey::{SurveySource, check_scores};

#[derive(Debug, Clone)]
pub struct NewSurvey<'a> {
    pub customer_id: Option<i64>,
    pub source: SurveySource,
    pub complaint_id: Option<i64>,
    pub purchase_id: Option<i64>,
    pub task_id: Option<i64>,
    pub staff_id: Option<i64>,
    /// (question id, score 1–5), every question asked.
    pub answers: Vec<(&'a str, u8)>,
    pub comment: &'a str,
    pub taken_on: NaiveDate,
    pub taken_at: DateTime<Utc>,
}

/// Writes a survey with its answers in the caller's transaction; returns its id.
pub fn record(conn: &Connection, s: &NewSurvey) -> Result<i64> {
    let scores: Vec<Option<u8>> = s.answers.iter().map(|(_, v)| Some(*v)).collect();
    let Ok(scores) = check_scores(&scores) else {
        bail!("a survey score is outside 1–5");
    };
    let Some(mean) = mean_x100(&scores) else {
        bail!("a survey needs at least one answer");
    };
    conn.prepare_cached(
        "INSERT INTO surveys(customer_id, source, complaint_id, purchase_id, task_id, staff_id,
             taken_on, taken_at, mean_x100, comment)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        s.customer_id,
        s.source.id(),
        s.complaint_id,
        s.purchase_id,
        s.task_id,
        s.staff_id,
        s.taken_on.to_string(),
        stamp(s.taken_at),
        mean,
        (!s.comment.trim().is_empty()).then(|| s.comment.trim()),
    ])?;
    let id = conn.last_insert_rowid();
    let mut ins = conn.prepare_cached(
        "INSERT INTO survey_answers(survey_id, question, score) VALUES (?1, ?2, ?3)",
    )?;
    for (q, v) in &s.answers {
        ins.execute(params![id, q, *v as i64])?;
    }
    crate::store::audit::record(
        conn,
        s.staff_id,
        "create",
        "survey",
        Some(id),
        s.source.id(),
    )?;
    Ok(id)
}

/// A survey as the register shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyRow {
    pub id: i64,
    pub taken_on: NaiveDate,
    pub taken_at: DateTime<Utc>,
    pub customer_name: String,
    pub customer_phone: String,
    pub source: String,
    pub complaint_no: String,
    pub staff: String,
    /// (question id, score).
    pub answers: Vec<(String, u8)>,
    pub mean_x100: i64,
    pub comment: String,
}

/// The surveys taken in the range that pass the filters, newest first.
/// Category and department filter through the complaint surveyed.
pub fn register(conn: &Connection, f: &Filter) -> Result<Vec<SurveyRow>> {
    let mut wh = vec!["1 = 1".to_string()];
    let mut vals: Vec<Value> = Vec::new();
    let mut add = |cond: &str, v: Value| {
        vals.push(v);
        wh.push(cond.replace('?', &format!("?{}", vals.len())));
    };
    if let Some(d) = f.from {
        add("s.taken_on >= ?", Value::Text(d.to_string()));
    }
    if let Some(d) = f.to {
        add("s.taken_on <= ?", Value::Text(d.to_string()));
    }
    if let Some(x) = &f.category {
        add("c.category = ?", Value::Text(x.clone()));
    }
    if let Some(x) = &f.department {
        add("c.department = ?", Value::Text(x.clone()));
    }
    if let Some(x) = f.staff_id {
        add("s.staff_id = ?", Value::Integer(x));
    }
    if let Some(x) = &f.state {
        add("s.source = ?", Value::Text(x.clone()));
    }
    let limit = f.limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default();
    let sql = format!(
        "SELECT s.id, s.taken_on, s.taken_at, COALESCE(cu.name, ''), COALESCE(cu.phone, ''),
                s.source, COALESCE(c.complaint_no, ''), COALESCE(st.name, ''), s.mean_x100,
                COALESCE(s.comment, '')
         FROM surveys s
         LEFT JOIN customers cu ON cu.id = s.customer_id
         LEFT JOIN complaints c ON c.id = s.complaint_id
         LEFT JOIN staff st ON st.id = s.staff_id
         WHERE {} ORDER BY s.taken_at DESC, s.id DESC{limit}",
        wh.join(" AND ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows: Vec<SurveyRow> = stmt
        .query_map(params_from_iter(vals), |r| {
            Ok(SurveyRow {
                id: r.get(0)?,
                taken_on: NaiveDate::parse_from_str(&r.get::<_, String>(1)?, "%Y-%m-%d")
                    .unwrap_or_default(),
                taken_at: parse_stamp(&r.get::<_, String>(2)?).unwrap_or_default(),
                customer_name: r.get(3)?,
                customer_phone: r.get(4)?,
                source: r.get(5)?,
                complaint_no: r.get(6)?,
                staff: r.get(7)?,
                answers: Vec::new(),
                mean_x100: r.get(8)?,
                comment: r.get(9)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut ans = conn.prepare_cached(
        "SELECT question, score FROM survey_answers WHERE survey_id = ?1 ORDER BY rowid",
    )?;
    for row in &mut rows {
        row.answers = ans
            .query_map([row.id], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u8)))?
            .collect::<Result<_, _>>()?;
    }
    Ok(rows)
}

/// The surveys taken in the range, as the figures need them.
pub fn facts(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<SurveyFacts>> {
    let mut stmt = conn.prepare_cached(
        "SELECT taken_on, mean_x100 FROM surveys WHERE taken_on BETWEEN ?1 AND ?2",
    )?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string()], |r| {
        Ok(SurveyFacts {
            taken_on: NaiveDate::parse_from_str(&r.get::<_, String>(0)?, "%Y-%m-%d")
                .unwrap_or_default(),
            mean_x100: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
