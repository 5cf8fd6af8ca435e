//! `aftercare export repairs|returns`: the repair register and the returns log.

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::Connection;
use std::io::Write;

use super::{Phones, write_csv, yuan};
use crate::i18n::Locale;
use crate::store::{repairs, returns};

const REPAIR_COLUMNS: [&str; 18] = [
    "job_no",
    "received_on",
    "promised_on",
    "state",
    "customer",
    "phone",
    "address",
    "style_no",
    "item",
    "category",
    "purchased_on",
    "problem",
    "symptoms",
    "decision",
    "rules",
    "fee",
    "invoice_no",
    "taken_by",
];

const RETURN_COLUMNS: [&str; 19] = [
    "return_no",
    "decided_on",
    "receipt_no",
    "customer",
    "style_no",
    "item",
    "request",
    "problem",
    "conditions",
    "decision",
    "amount",
    "depreciation_percent",
    "shop_pays_shipping",
    "rules",
    "exchange_how",
    "transfer_due_on",
    "overridden_by",
    "override_reason",
    "staff",
];

fn header(loc: &Locale, cols: &[&str]) -> Vec<String> {
    cols.iter()
        .map(|c| loc.t(&format!("export.{c}")).to_string())
        .collect()
}

/// The repair register: jobs received from `from` to `to`, inclusive.
pub fn repairs<W: Write>(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    loc: &Locale,
    phones: Phones,
    out: W,
) -> Result<usize> {
    let jobs = repairs::register(conn, from, to, false, to)?;
    let rows = jobs.into_iter().map(|j| {
        let i = j.intake;
        vec![
            j.job_no,
            i.received_on.to_string(),
            i.promised_on.to_string(),
            loc.t(&format!("repair_state.{}", j.state)).to_string(),
            i.contact_name,
            phones.show(&i.contact_phone),
            i.address,
            i.style_no,
            i.item,
            if i.category.is_empty() {
                String::new()
            } else {
                loc.t(&format!("category.{}", i.category)).to_string()
            },
            i.purchased_on.map(|d| d.to_string()).unwrap_or_default(),
            if i.problem.is_empty() {
                String::new()
            } else {
                loc.t(&format!("problem.{}", i.problem)).to_string()
            },
            i.symptoms,
            if i.decision.is_empty() {
                String::new()
            } else {
                loc.t(&format!("decision.{}", i.decision)).to_string()
            },
            i.rules,
            yuan(i.fee_fen),
            j.invoice_no.unwrap_or_default(),
            j.staff.unwrap_or_default(),
        ]
    });
    write_csv(out, &header(loc, &REPAIR_COLUMNS), rows)
}

/// The returns log: returns and exchanges decided from `from` to `to`.
pub fn returns<W: Write>(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    loc: &Locale,
    out: W,
) -> Result<usize> {
    let log = returns::log(conn, from, to)?;
    let rows = log.into_iter().map(|r| {
        vec![
            r.return_no,
            r.decided_on,
            r.receipt_no,
            r.customer,
            r.style_no,
            r.product,
            loc.t(&format!("request.{}", r.request)).to_string(),
            loc.t(&format!("problem.{}", r.problem)).to_string(),
            r.conditions
                .split(',')
                .filter(|c| !c.is_empty())
                .map(|c| loc.t(&format!("condition.{c}")).to_string())
                .collect::<Vec<_>>()
                .join("、"),
            loc.t(&format!("decision.{}", r.decision)).to_string(),
            yuan(r.amount_fen),
            r.depreciation_percent.to_string(),
            loc.t(if r.shop_pays_shipping {
                "common.yes"
            } else {
                "common.no"
            })
            .to_string(),
            r.rules,
            if r.exchange_how.is_empty() {
                String::new()
            } else {
                loc.t(&format!("desk.{}", r.exchange_how)).to_string()
            },
            r.transfer_due_on,
            r.overridden_by,
            r.override_reason,
            r.staff,
        ]
    });
    write_csv(out, &header(loc, &RETURN_COLUMNS), rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_with_commas_quotes_and_chinese_survive() {
        let mut buf = Vec::new();
        let n = write_csv(
            &mut buf,
            &["a".into(), "b".into()],
            vec![vec!["羊毛, 大衣".to_string(), "say \"hi\"".to_string()]],
        )
        .unwrap();
        assert_eq!(n, 1);
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(text, "\u{feff}a,b\r\n\"羊毛, 大衣\",\"say \"\"hi\"\"\"\r\n");
        assert_eq!(yuan(123456), "1234.56");
        assert_eq!(yuan(-5), "-0.05");
    }
}
