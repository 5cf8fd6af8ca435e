//! Sales: one row per line, the lines of a receipt in consecutive rows. Each
//! receipt is recorded through `store::sales::record`, the code a visit's
//! checkout uses, so spend, tier, closest associate, last purchase, warranty
//! dates and care entitlements come out as for a sale made in the shop; a
//! purchase callback is made only for a sale recent enough to call about
//! (`too_late_after_days`). A receipt already in the shop is left as it is.

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

use super::columns::Columns;
use super::reader::Row;
use super::{Context, Handler, Kind, Outcome, Problem, Unit, values};
use crate::domain::after_purchase::Rules;
use crate::domain::customer::phone_digits;
use crate::domain::text::clean;
use crate::store::purchases::NewLine;
use crate::store::sales::{self, SaleLine};

pub struct Sales<'a> {
    cols: Columns,
    cx: &'a Context<'a>,
    rules: Rules,
    /// Sales before this day get no callback or thanks.
    owed_from: NaiveDate,
    /// Purchases above this id were written by this run.
    first_new_purchase: i64,
    /// The receipt being gathered and its rows.
    receipt: String,
    rows: Vec<Row>,
    /// Small look-ups kept for the run: the catalogue and the staff list.
    products: HashMap<String, Option<(i64, String)>>,
    staff: HashMap<String, Option<i64>>,
}

impl<'a> Sales<'a> {
    pub fn new(conn: &Connection, cols: Columns, cx: &'a Context<'a>) -> Result<Self> {
        let first_new_purchase =
            conn.query_row("SELECT COALESCE(MAX(id), 0) FROM purchases", [], |r| {
                r.get(0)
            })?;
        Ok(Sales {
            cols,
            cx,
            rules: crate::store::visits::rules(cx.policy),
            owed_from: crate::domain::tasks::callbacks_from(cx.today, &cx.policy.callbacks),
            first_new_purchase,
            receipt: String::new(),
            rows: Vec::new(),
            products: HashMap::new(),
            staff: HashMap::new(),
        })
    }

    fn cell(&self, row: &Row, field: &str) -> String {
        clean(self.cols.get(&row.cells, field), 120)
    }

    fn product(
        &mut self,
        tx: &Connection,
        style: &str,
        barcode: &str,
    ) -> Result<Option<(i64, String)>> {
        let key = format!("{style}\u{0}{barcode}");
        if let Some(p) = self.products.get(&key) {
            return Ok(p.clone());
        }
        let found = if style.is_empty() {
            crate::store::products::by_barcode(tx, barcode)?
        } else {
            crate::store::products::by_style(tx, style)?
        };
        let p = found.map(|p| (p.id, p.category));
        if self.products.len() < 100_000 {
            self.products.insert(key, p.clone());
        }
        Ok(p)
    }

    fn associate(&mut self, tx: &Connection, name: &str) -> Result<Option<i64>> {
        if let Some(s) = self.staff.get(name) {
            return Ok(*s);
        }
        let id: Option<i64> = tx
            .prepare_cached(
                "SELECT id FROM staff WHERE name = ?1 ORDER BY active DESC, id LIMIT 1",
            )?
            .query_row([name], |r| r.get(0))
            .optional()?;
        self.staff.insert(name.to_string(), id);
        Ok(id)
    }

    fn customer(&self, tx: &Connection, phone: &str, member: &str) -> Result<Option<i64>> {
        if !member.is_empty() {
            let id = tx
                .prepare_cached("SELECT id FROM customers WHERE member_no = ?1")?
                .query_row([member], |r| r.get(0))
                .optional()?;
            if id.is_some() || phone.is_empty() {
                return Ok(id);
            }
        }
        Ok(tx
            .prepare_cached(
                "SELECT id FROM customers WHERE phone_digits = ?1 AND erased_at IS NULL LIMIT 1",
            )?
            .query_row([phone_digits(phone)], |r| r.get(0))
            .optional()?)
    }

    /// Records the gathered receipt; every line shares its outcome.
    fn flush(&mut self, tx: &Connection) -> Result<Vec<Unit>> {
        if self.rows.is_empty() {
            return Ok(Vec::new());
        }
        let rows = std::mem::take(&mut self.rows);
        let receipt = std::mem::take(&mut self.receipt);
        let outcome = self.receipt_outcome(tx, &receipt, &rows)?;
        let unit = match outcome {
            Ok(o) => rows.into_iter().map(|r| (r, Ok(o))).collect(),
            Err(mut per_line) => rows
                .into_iter()
                .enumerate()
                .map(|(i, r)| {
                    let mine = std::mem::take(&mut per_line[i]);
                    let p = if mine.is_empty() {
                        vec![Problem::new("", "receipt_refused", &receipt)]
                    } else {
                        mine
                    };
                    (r, Err(p))
                })
                .collect(),
        };
        Ok(vec![unit])
    }

    /// One line of a receipt: its product and price checked (the problems
    /// into `problems`), its cells added to the receipt's `fingerprint`.
    fn line(
        &mut self,
        tx: &Connection,
        row: &Row,
        problems: &mut Vec<Problem>,
        fingerprint: &mut String,
    ) -> Result<Option<SaleLine>> {
        let (style, code) = (self.cell(row, "style_no"), self.cell(row, "barcode"));
        let price_raw = self.cell(row, "price");
        let price = values::money(&price_raw).filter(|p| *p >= 0);
        if price.is_none() {
            problems.push(Problem::new(
                self.cols.header("price").to_string(),
                "money",
                &price_raw,
            ));
        }
        let product = if style.is_empty() && code.is_empty() {
            problems.push(Problem::new(
                self.cols.header("style_no").to_string(),
                "required",
                "",
            ));
            None
        } else {
            let p = self.product(tx, &style, &code)?;
            if p.is_none() {
                let (f, v) = if style.is_empty() {
                    ("barcode", &code)
                } else {
                    ("style_no", &style)
                };
                problems.push(Problem::new(
                    self.cols.header(f).to_string(),
                    "no_product",
                    v.as_str(),
                ));
            }
            p
        };
        let (size, colour) = (self.cell(row, "size"), self.cell(row, "colour"));
        fingerprint.push_str(&format!("|{style}/{code}/{size}/{colour}/{price_raw}"));
        let (Some((product_id, category)), Some(price_fen)) = (product, price) else {
            return Ok(None);
        };
        Ok(Some(SaleLine {
            line: NewLine {
                product_id,
                size,
                colour,
                price_fen,
                add_on: false,
            },
            // An imported price is what was paid: no till discount on top.
            asked_fen: price_fen,
            category,
        }))
    }

    /// The receipt's customer, by member number or else phone; none for a
    /// receipt without either, a problem for one not found.
    fn receipt_customer(
        &self,
        tx: &Connection,
        phone: &str,
        member: &str,
        problems: &mut Vec<Problem>,
    ) -> Result<Option<i64>> {
        if phone.is_empty() && member.is_empty() {
            return Ok(None);
        }
        let c = self.customer(tx, phone, member)?;
        if c.is_none() {
            let (f, v) = if member.is_empty() {
                ("phone", phone)
            } else {
                ("member_no", member)
            };
            problems.push(Problem::new(
                self.cols.header(f).to_string(),
                "no_customer",
                v,
            ));
        }
        Ok(c)
    }

    /// The receipt's outcome, or the problems of each of its lines.
    fn receipt_outcome(
        &mut self,
        tx: &Connection,
        receipt: &str,
        rows: &[Row],
    ) -> Result<Result<Outcome, Vec<Vec<Problem>>>> {
        let mut problems: Vec<Vec<Problem>> = vec![Vec::new(); rows.len()];
        let head = &rows[0];
        let cols = self.cols.clone();
        let col = |f: &str| cols.header(f).to_string();
        let date_raw = self.cell(head, "date");
        let on = values::date(&date_raw);
        match on {
            None => problems[0].push(Problem::new(col("date"), "date", &date_raw)),
            Some(d) if d > self.cx.today => {
                problems[0].push(Problem::new(col("date"), "date_future", &date_raw))
            }
            _ => {}
        }
        let (phone, member) = (self.cell(head, "phone"), self.cell(head, "member_no"));
        let customer = self.receipt_customer(tx, &phone, &member, &mut problems[0])?;
        let who = self.cell(head, "associate");
        let staff = if who.is_empty() {
            None
        } else {
            let s = self.associate(tx, &who)?;
            if s.is_none() {
                problems[0].push(Problem::new(col("associate"), "no_staff", &who));
            }
            s
        };
        let mut lines = Vec::with_capacity(rows.len());
        let mut fingerprint = format!("{date_raw}|{phone}|{member}|{who}");
        for (i, row) in rows.iter().enumerate() {
            if let Some(line) = self.line(tx, row, &mut problems[i], &mut fingerprint)? {
                lines.push(line);
            }
        }
        let seen: Option<i64> = tx
            .prepare_cached("SELECT id FROM purchases WHERE receipt_no = ?1")?
            .query_row([receipt], |r| r.get(0))
            .optional()?;
        let fingerprint = format!("{:016x}", fnv1a(fingerprint.as_bytes()));
        if let Some(id) = seen {
            if id > self.first_new_purchase {
                problems[0].push(Problem::new(col("receipt_no"), "receipt_split", receipt));
            } else if super::remembered(tx, Kind::Sales, receipt)?.as_deref() == Some(&fingerprint)
            {
                return Ok(Ok(Outcome::Unchanged));
            } else {
                problems[0].push(Problem::new(col("receipt_no"), "receipt_exists", receipt));
            }
        }
        if problems.iter().any(|p| !p.is_empty()) {
            return Ok(Err(problems));
        }
        let on = on.expect("checked above");
        sales::record(
            tx,
            receipt,
            customer,
            staff,
            on,
            &lines,
            &self.rules,
            self.owed_from,
        )?;
        super::remember(tx, Kind::Sales, receipt, &fingerprint)?;
        Ok(Ok(Outcome::New))
    }
}

/// A stable 64-bit hash (FNV-1a) of a receipt's lines, to tell a re-run.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ *b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

impl Handler for Sales<'_> {
    fn row(&mut self, tx: &Connection, row: Row) -> Result<Vec<Unit>> {
        let receipt = self.cell(&row, "receipt_no");
        let mut out = Vec::new();
        if receipt.is_empty() {
            out.extend(self.flush(tx)?);
            let p = Problem::new(self.cols.header("receipt_no"), "required", "");
            out.push(vec![(row, Err(vec![p]))]);
            return Ok(out);
        }
        if receipt != self.receipt {
            out.extend(self.flush(tx)?);
            self.receipt = receipt;
        }
        self.rows.push(row);
        Ok(out)
    }

    fn finish(&mut self, tx: &Connection) -> Result<Vec<Unit>> {
        self.flush(tx)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fingerprint_is_stable() {
        assert_eq!(super::fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
