//! The three registers of DOMAIN §4 as tables: the satisfaction survey
//! register, the complaint handling register, and the quality callback /
//! customer opinion register. The same cells feed the CSV export; names are
//! in the language chosen, phones masked, times local.

use anyhow::Result;
use chrono::{DateTime, Local, Utc};
use rusqlite::Connection;
use std::io::Write;

use crate::domain::customer::mask_phone;
use crate::domain::survey::Question;
use crate::i18n::Locale;
use crate::store::complaints::opinions::{self, OpinionRow};
use crate::store::complaints::surveys::{self, SurveyRow};
use crate::store::complaints::{self as store, Complaint, Filter};

/// A table: header and rows of text cells.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The shop's local time of a stored UTC time.
pub fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

fn local_opt(t: Option<DateTime<Utc>>) -> String {
    t.map(local).unwrap_or_default()
}

/// The name of an id under a locale section, or the id itself when the
/// shop has since dropped it from its files.
pub fn name(loc: &Locale, section: &str, id: &str) -> String {
    if id.is_empty() {
        return String::new();
    }
    let key = format!("{section}.{id}");
    if loc.has(&key) {
        loc.t(&key).to_string()
    } else {
        id.to_string()
    }
}

fn yes_no(loc: &Locale, v: Option<bool>) -> String {
    match v {
        Some(true) => loc.t("common.yes").to_string(),
        Some(false) => loc.t("common.no").to_string(),
        None => String::new(),
    }
}

fn yuan(fen: i64) -> String {
    super::yuan(fen)
}

fn header(loc: &Locale, table: &str, cols: &[&str]) -> Vec<String> {
    cols.iter()
        .map(|c| loc.t(&format!("complaints.export.{table}.{c}")).to_string())
        .collect()
}

/// Columns of the complaint handling register, in order.
pub const COMPLAINT_COLUMNS: &[&str] = &[
    "no",
    "received",
    "channel",
    "customer",
    "phone",
    "product",
    "batch",
    "category",
    "department",
    "then",
    "urgency",
    "major",
    "words",
    "taken_by",
    "state",
    "first_response",
    "resolved",
    "resolution",
    "solution",
    "compensation",
    "compensation_yuan",
    "satisfied",
    "at_counter",
    "revisited",
    "closed",
];

pub fn complaint_table(loc: &Locale, rows: &[Complaint]) -> Table {
    let rows = rows
        .iter()
        .map(|c| {
            let then: Vec<String> = c
                .route_then
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|d| name(loc, "complaints.department", d))
                .collect();
            vec![
                c.no.clone(),
                local(c.received_at),
                name(loc, "complaints.channel", &c.channel),
                c.customer_name.clone(),
                mask_phone(&c.customer_phone),
                c.product.clone(),
                c.batch_no.clone(),
                name(loc, "complaints.category", &c.category),
                name(loc, "complaints.department", &c.department),
                then.join(" → "),
                name(loc, "complaints.urgency", &c.urgency),
                yes_no(loc, Some(c.major)),
                c.words.clone(),
                c.taken_by_name.clone(),
                name(loc, "complaints.state", c.state.id()),
                local_opt(c.first_response_at),
                local_opt(c.resolved_at),
                name(loc, "complaints.resolution", &c.resolution),
                c.solution.clone(),
                name(loc, "complaints.compensation", &c.compensation),
                yuan(c.compensation_fen),
                yes_no(loc, c.satisfied),
                yes_no(loc, Some(c.resolved_at_counter)),
                local_opt(c.revisited_at),
                local_opt(c.closed_at),
            ]
        })
        .collect();
    Table {
        header: header(loc, "complaints", COMPLAINT_COLUMNS),
        rows,
    }
}

/// Columns of the survey register before and after the questions.
pub const SURVEY_COLUMNS: &[&str] = &["taken", "customer", "phone", "source", "complaint", "staff"];
pub const SURVEY_TAIL: &[&str] = &["mean", "comment"];

/// The survey register: one column per question asked now, then any
/// question found in the rows that the shop has since dropped.
pub fn survey_table(loc: &Locale, questions: &[Question], rows: &[SurveyRow]) -> Table {
    let mut qids: Vec<String> = questions.iter().map(|q| q.id.clone()).collect();
    for r in rows {
        for (q, _) in &r.answers {
            if !qids.contains(q) {
                qids.push(q.clone());
            }
        }
    }
    let mut head = header(loc, "surveys", SURVEY_COLUMNS);
    for id in &qids {
        head.push(
            questions
                .iter()
                .find(|q| &q.id == id)
                .map(|q| q.text(&loc.lang).to_string())
                .unwrap_or_else(|| id.clone()),
        );
    }
    head.extend(header(loc, "surveys", SURVEY_TAIL));
    let rows = rows
        .iter()
        .map(|r| {
            let mut v = vec![
                local(r.taken_at),
                r.customer_name.clone(),
                mask_phone(&r.customer_phone),
                name(loc, "complaints.survey_source", &r.source),
                r.complaint_no.clone(),
                r.staff.clone(),
            ];
            for id in &qids {
                v.push(
                    r.answers
                        .iter()
                        .find(|(q, _)| q == id)
                        .map(|(_, s)| s.to_string())
                        .unwrap_or_default(),
                );
            }
            v.push(format!("{}.{:02}", r.mean_x100 / 100, r.mean_x100 % 100));
            v.push(r.comment.clone());
            v
        })
        .collect();
    Table { header: head, rows }
}

pub const OPINION_COLUMNS: &[&str] = &[
    "noted",
    "kind",
    "customer",
    "phone",
    "channel",
    "complaint",
    "product",
    "text",
    "department",
    "worth_keeping",
    "satisfied",
    "staff",
];

pub fn opinion_table(loc: &Locale, rows: &[OpinionRow]) -> Table {
    let rows = rows
        .iter()
        .map(|o| {
            vec![
                local(o.noted_at),
                name(loc, "complaints.opinion_kind", &o.kind),
                o.customer_name.clone(),
                mask_phone(&o.customer_phone),
                name(loc, "complaints.channel", &o.channel),
                o.complaint_no.clone(),
                o.product.clone(),
                o.text.clone(),
                name(loc, "complaints.department", &o.department),
                yes_no(loc, Some(o.worth_keeping)),
                yes_no(loc, o.satisfied),
                o.staff.clone(),
            ]
        })
        .collect();
    Table {
        header: header(loc, "opinions", OPINION_COLUMNS),
        rows,
    }
}

/// `aftercare export complaints`: the complaint handling register.
pub fn export_complaints<W: Write>(
    conn: &Connection,
    loc: &Locale,
    f: &Filter,
    out: W,
) -> Result<usize> {
    let t = complaint_table(loc, &store::register(conn, f)?);
    super::write_table(out, &t.header, &t.rows)
}

/// `aftercare export surveys`: the satisfaction survey register.
pub fn export_surveys<W: Write>(
    conn: &Connection,
    loc: &Locale,
    questions: &[Question],
    f: &Filter,
    out: W,
) -> Result<usize> {
    let t = survey_table(loc, questions, &surveys::register(conn, f)?);
    super::write_table(out, &t.header, &t.rows)
}

/// `aftercare export opinions`: the quality callback / customer opinion register.
pub fn export_opinions<W: Write>(
    conn: &Connection,
    loc: &Locale,
    f: &Filter,
    out: W,
) -> Result<usize> {
    let t = opinion_table(loc, &opinions::register(conn, f)?);
    super::write_table(out, &t.header, &t.rows)
}
