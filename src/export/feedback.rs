//! `aftercare export feedback`: callbacks' answers marked for the region or
//! for head office, and the suggestions top spenders gave [S1 "回访搜集来旳内容,
//! 有关地区管理方面旳统一由地区处理,有关企业方面旳转交到总企业客服"], for the people
//! they go to. Phones masked unless a manager asked (audited).

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::Connection;
use std::io::Write;

use super::{Phones, write_csv};
use crate::i18n::Locale;
use crate::store::feedback;

const COLUMNS: [&str; 9] = [
    "at",
    "routed_to",
    "customer",
    "phone",
    "staff",
    "kind",
    "outcome",
    "note",
    "suggestions",
];

fn word(loc: &Locale, table: &str, id: &str) -> String {
    let key = format!("{table}.{id}");
    if id.is_empty() || !loc.has(&key) {
        id.to_string()
    } else {
        loc.t(&key).to_string()
    }
}

/// The feedback of contacts made from `from` to `to`, inclusive.
pub fn feedback<W: Write>(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    loc: &Locale,
    phones: Phones,
    out: W,
) -> Result<usize> {
    let header: Vec<String> = COLUMNS
        .iter()
        .map(|c| loc.t(&format!("practices.export.{c}")).to_string())
        .collect();
    let rows = feedback::between(conn, from, to)?.into_iter().map(|r| {
        vec![
            crate::app::callbacks::local_time(&r.at),
            word(loc, "practices.route", &r.routed_to),
            r.customer,
            phones.show(&r.phone),
            r.staff,
            word(loc, "tasks.kind", &r.kind),
            word(loc, "tasks.outcome", &r.outcome),
            r.note,
            r.suggestions,
        ]
    });
    write_csv(out, &header, rows)
}
