//! Head office's reports: the shops' own figures summed across the chain,
//! per shop and in total (`aftercare hq report …`).
//!
//! The definitions are the shop's: sales are what was paid for purchases
//! made in the period, less the refunds of their returned lines when
//! `[figures] net_of_returns` (data/policy.toml) says so — a return counts
//! against the sale it undoes, in that sale's period, as the customer's
//! spend does; an exchange keeps the sale. Complaints by category are those
//! received in the period; satisfaction is the mean score of the surveys
//! taken in it (1–5); care is the care and repair jobs received in it.

use anyhow::Result;
use chrono::NaiveDate;
use postgres::Client;
use serde::Serialize;

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sales,
    Complaints,
    Satisfaction,
    Staff,
    Care,
}

/// A report: one row per shop (and key), then the totals (`shop: None`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub report: &'static str,
    pub from: String,
    pub to: String,
    /// The names of `keys` then `values`.
    pub columns: Vec<&'static str>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// `None`: the chain's total.
    pub shop: Option<String>,
    pub keys: Vec<String>,
    pub values: Vec<f64>,
}

impl Report {
    /// The total row with these keys.
    pub fn total(&self, keys: &[&str]) -> Option<&Row> {
        self.rows.iter().find(|r| {
            r.shop.is_none() && r.keys.iter().map(String::as_str).eq(keys.iter().copied())
        })
    }

    /// An aligned printout.
    pub fn printout(&self) -> String {
        let mut table: Vec<Vec<String>> = vec![
            std::iter::once("shop")
                .chain(self.columns.iter().copied())
                .map(str::to_string)
                .collect(),
        ];
        for r in &self.rows {
            let mut line = vec![r.shop.clone().unwrap_or_else(|| "TOTAL".into())];
            line.extend(r.keys.iter().cloned());
            line.extend(r.values.iter().map(|v| {
                if v.fract() == 0.0 {
                    format!("{v:.0}")
                } else {
                    format!("{v:.2}")
                }
            }));
            table.push(line);
        }
        let widths: Vec<usize> = (0..table[0].len())
            .map(|i| {
                table
                    .iter()
                    .map(|l| unicode_width::UnicodeWidthStr::width(l[i].as_str()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = format!("{} {} .. {}\n", self.report, self.from, self.to);
        for line in table {
            let cells: Vec<String> = line
                .iter()
                .zip(&widths)
                .map(|(c, w)| {
                    let pad = w - unicode_width::UnicodeWidthStr::width(c.as_str());
                    format!("{c}{}", " ".repeat(pad))
                })
                .collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
        }
        out
    }
}

/// Receipts, customers and takings per shop and for the chain; refunds
/// taken off the net when `net_of_returns`.
fn sales_sql(net_of_returns: bool) -> String {
    format!(
        "WITH p AS (
           SELECT shop_code, id, customer_id, total_fen FROM aftercare.purchases
           WHERE purchased_on >= $1 AND purchased_on < $2
             AND ($3::text[] IS NULL OR shop_code = ANY($3))),
         r AS (
           SELECT p.shop_code, p.id, SUM(rt.amount_fen) AS refund
           FROM p JOIN aftercare.purchase_lines l ON l.shop_code = p.shop_code AND l.purchase_id = p.id
           JOIN aftercare.returns rt ON rt.shop_code = l.shop_code AND rt.id = l.return_id
           WHERE l.settled = 'returned' GROUP BY p.shop_code, p.id)
         SELECT p.shop_code, COUNT(*)::float8,
                COUNT(DISTINCT (p.shop_code, p.customer_id)) FILTER (WHERE p.customer_id IS NOT NULL)::float8,
                SUM(p.total_fen)::float8,
                COALESCE(SUM(r.refund), 0)::float8,
                (SUM(p.total_fen) - {net} * COALESCE(SUM(r.refund), 0))::float8
         FROM p LEFT JOIN r ON r.shop_code = p.shop_code AND r.id = p.id
         GROUP BY GROUPING SETS ((p.shop_code), ())
         ORDER BY p.shop_code NULLS LAST",
        net = if net_of_returns { 1 } else { 0 }
    )
}

/// Complaints by category, per shop and for the chain.
const COMPLAINTS: &str = "SELECT shop_code, category, COUNT(*)::float8,
                    COUNT(*) FILTER (WHERE urgency = 'urgent')::float8,
                    COUNT(*) FILTER (WHERE major = 1)::float8,
                    COUNT(*) FILTER (WHERE state = 'closed')::float8,
                    COUNT(*) FILTER (WHERE satisfied = 1)::float8
             FROM aftercare.complaints
             WHERE received_on >= $1 AND received_on < $2
               AND ($3::text[] IS NULL OR shop_code = ANY($3))
             GROUP BY GROUPING SETS ((shop_code, category), (category))
             ORDER BY shop_code NULLS LAST, category";

/// Surveys and their mean score by source, per shop and for the chain.
const SATISFACTION: &str = "SELECT shop_code, source, COUNT(*)::float8,
                    ROUND(AVG(mean_x100) / 100.0, 2)::float8
             FROM aftercare.surveys
             WHERE taken_on >= $1 AND taken_on < $2
               AND ($3::text[] IS NULL OR shop_code = ANY($3))
             GROUP BY GROUPING SETS ((shop_code, source), (shop_code), (source), ())
             ORDER BY shop_code NULLS LAST, source NULLS LAST";

/// Each associate's receipts, takings and contacts.
const STAFF: &str = "WITH s AS (
               SELECT p.shop_code, p.staff_id, COUNT(*) AS receipts, SUM(p.total_fen) AS gross
               FROM aftercare.purchases p
               WHERE p.purchased_on >= $1 AND p.purchased_on < $2
                 AND ($3::text[] IS NULL OR p.shop_code = ANY($3))
               GROUP BY p.shop_code, p.staff_id),
             c AS (
               SELECT c.shop_code, c.staff_id, COUNT(*) AS contacts
               FROM aftercare.contacts c
               WHERE c.at >= $1 AND c.at < $2
                 AND ($3::text[] IS NULL OR c.shop_code = ANY($3))
               GROUP BY c.shop_code, c.staff_id)
             SELECT st.shop_code, st.name, COALESCE(s.receipts, 0)::float8,
                    COALESCE(s.gross, 0)::float8, COALESCE(c.contacts, 0)::float8
             FROM aftercare.staff st
             LEFT JOIN s ON s.shop_code = st.shop_code AND s.staff_id = st.id
             LEFT JOIN c ON c.shop_code = st.shop_code AND c.staff_id = st.id
             WHERE ($3::text[] IS NULL OR st.shop_code = ANY($3))
               AND (s.receipts IS NOT NULL OR c.contacts IS NOT NULL)
             ORDER BY st.shop_code, COALESCE(s.gross, 0) DESC, st.name";

/// Care and repair jobs received and done, by kind.
const CARE: &str = "WITH j AS (
               SELECT shop_code, 'care: ' || kind AS kind, done = 1 AS done FROM aftercare.care_jobs
               WHERE received_on >= $1 AND received_on < $2
               UNION ALL
               SELECT shop_code, 'repair', state IN ('collected', 'returned_unrepaired') FROM aftercare.repair_jobs
               WHERE received_on >= $1 AND received_on < $2)
             SELECT shop_code, kind, COUNT(*)::float8, COUNT(*) FILTER (WHERE done)::float8
             FROM j WHERE ($3::text[] IS NULL OR shop_code = ANY($3))
             GROUP BY GROUPING SETS ((shop_code, kind), (kind))
             ORDER BY shop_code NULLS LAST, kind";

/// Runs a report over the shops named (all when empty).
pub fn run(
    client: &mut Client,
    kind: Kind,
    from: NaiveDate,
    to: NaiveDate,
    shops: &[String],
    net_of_returns: bool,
) -> Result<Report> {
    let from_s = from.format("%Y-%m-%d").to_string();
    // Dates are stored as text, some with a time: the day after `to`, exclusive.
    let until = to.succ_opt().unwrap_or(to).format("%Y-%m-%d").to_string();
    let shops: Option<Vec<String>> = (!shops.is_empty()).then(|| shops.to_vec());
    let (name, columns, keys, sql): (&'static str, Vec<&'static str>, usize, String) = match kind {
        Kind::Sales => (
            "sales",
            vec![
                "receipts",
                "customers",
                "gross_fen",
                "refunds_fen",
                "net_fen",
            ],
            0,
            sales_sql(net_of_returns),
        ),
        Kind::Complaints => (
            "complaints",
            vec![
                "category",
                "received",
                "urgent",
                "major",
                "closed",
                "satisfied",
            ],
            1,
            COMPLAINTS.to_string(),
        ),
        Kind::Satisfaction => (
            "satisfaction",
            vec!["source", "surveys", "mean"],
            1,
            SATISFACTION.to_string(),
        ),
        Kind::Staff => (
            "staff",
            vec!["associate", "receipts", "gross_fen", "contacts"],
            1,
            STAFF.to_string(),
        ),
        Kind::Care => (
            "care",
            vec!["kind", "received", "done"],
            1,
            CARE.to_string(),
        ),
    };
    let rows = client.query(&sql, &[&from_s, &until, &shops])?;
    let width = columns.len() - keys;
    let rows = rows.iter().map(|r| report_row(r, keys, width)).collect();
    Ok(Report {
        report: name,
        from: from_s,
        to: to.format("%Y-%m-%d").to_string(),
        columns,
        rows,
    })
}

/// One row of head office's answer: the shop (none for the chain's total),
/// `keys` key columns ("(all)" for a total over them), `width` figures.
fn report_row(r: &postgres::Row, keys: usize, width: usize) -> Row {
    Row {
        shop: r.get(0),
        keys: (1..=keys)
            .map(|i| {
                r.get::<_, Option<String>>(i)
                    .unwrap_or_else(|| "(all)".into())
            })
            .collect(),
        values: (0..width)
            .map(|i| r.get::<_, Option<f64>>(1 + keys + i).unwrap_or(0.0))
            .collect(),
    }
}
