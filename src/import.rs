//! `aftercare import customers FILE.csv`: customers from another system.
//!
//! The header row names the columns by field (`name`, `phone`, `birthday`,
//! `hobbies`, …) or by their English or Chinese label (`Name`, `姓名`).
//! Every value goes through the same cleaning and checks as the form: no
//! escape sequence or bidi override gets in, and a row that fails is
//! reported with its line and left out; the others are imported.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use rusqlite::Connection;
use std::io::Read;

use crate::domain::customer::{Field, Values};
use crate::i18n::Locale;
use crate::store::customers::{self, SaveError};

#[derive(Debug, Default)]
pub struct Report {
    pub imported: usize,
    /// (line in the file, what was wrong)
    pub rejected: Vec<(u64, Problem)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Fields that failed their checks, with the error code of each.
    Fields(Vec<(Field, &'static str)>),
    /// The CSV itself could not be read there.
    Csv(String),
    /// The same record changed meanwhile.
    Changed,
}

impl Problem {
    /// In words, for the report.
    pub fn describe(&self, loc: &Locale) -> String {
        match self {
            Problem::Fields(errs) => errs
                .iter()
                .map(|(f, code)| {
                    format!(
                        "{}: {}",
                        loc.t(&format!("field.{}", f.key())),
                        loc.t(&format!("error.{code}"))
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
            Problem::Csv(e) => e.clone(),
            Problem::Changed => loc.t("form.someone").to_string(),
        }
    }
}

/// Which field a header names, if any.
fn field_of(header: &str, locales: &[&Locale]) -> Option<Field> {
    let h = header.trim().trim_start_matches('\u{feff}');
    Field::from_key(&h.to_lowercase().replace([' ', '-'], "_")).or_else(|| {
        Field::ALL.into_iter().find(|f| {
            locales
                .iter()
                .any(|l| l.t(&format!("field.{}", f.key())).eq_ignore_ascii_case(h))
        })
    })
}

/// Reads the CSV and registers each row as a new customer by `staff_id`.
pub fn customers(
    conn: &mut Connection,
    input: impl Read,
    staff_id: i64,
    today: NaiveDate,
    locales: &[&Locale],
) -> Result<Report> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let headers = rdr.headers().context("cannot read the header row")?.clone();
    let columns: Vec<Option<Field>> = headers.iter().map(|h| field_of(h, locales)).collect();
    let unknown: Vec<&str> = headers
        .iter()
        .zip(&columns)
        .filter(|(_, c)| c.is_none())
        .map(|(h, _)| h)
        .collect();
    if !unknown.is_empty() {
        anyhow::bail!(
            "unknown column(s) in the header row: {}",
            unknown.join(", ")
        );
    }
    for required in [Field::Name, Field::Phone] {
        if !columns.contains(&Some(required)) {
            anyhow::bail!("the header row has no '{}' column", required.key());
        }
    }
    let mut report = Report::default();
    for record in rdr.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                report.rejected.push((line, Problem::Csv(e.to_string())));
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let mut values = Values::new_customer();
        for (value, field) in record.iter().zip(&columns) {
            if let Some(f) = field {
                let v = match f {
                    Field::GreetingsOk | Field::PromotionsOk => yes_no(value),
                    _ => value.to_string(),
                };
                values.set(*f, v);
            }
        }
        match customers::create(conn, &values, staff_id, today) {
            Ok(_) => report.imported += 1,
            Err(SaveError::Fields(errs)) => {
                let what = errs.iter().map(|e| (e.field, e.code)).collect();
                report.rejected.push((line, Problem::Fields(what)));
            }
            Err(SaveError::Conflict { .. }) => report.rejected.push((line, Problem::Changed)),
            Err(SaveError::Db(e)) => return Err(e),
        }
    }
    Ok(report)
}

fn yes_no(v: &str) -> String {
    match v.trim().to_lowercase().as_str() {
        "" => String::new(),
        "1" | "y" | "yes" | "true" | "是" => "1".into(),
        _ => "0".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Files;
    use crate::domain::staff::Role;

    #[test]
    fn rows_are_cleaned_checked_and_reported_by_line() {
        let mut conn = crate::store::open_in_memory().unwrap();
        let staff = crate::store::staff::add(&conn, "王芳", Role::Manager, "x").unwrap();
        let en = Locale::load(&Files::locate(None), "en").unwrap();
        let zh = Locale::load(&Files::locate(None), "zh-CN").unwrap();
        let csv = "姓名,Phone,birthday,Greetings OK\n\
                   \"张\u{1b}[31m三\u{202e}\",13812345678,1990-05-06,yes\n\
                   李四,12345,,\n\
                   ,13900000000,,\n\
                   Emily Chen,13700001111,05-06,no\n";
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let r = customers(&mut conn, csv.as_bytes(), staff, today, &[&en, &zh]).unwrap();
        assert_eq!(r.imported, 2);
        assert_eq!(r.rejected.len(), 2);
        assert_eq!(r.rejected[0].0, 3);
        assert_eq!(
            r.rejected[0].1,
            Problem::Fields(vec![(Field::Phone, "phone")])
        );
        // The message names what is expected.
        let said = r.rejected[0].1.describe(&en);
        assert!(said.starts_with("Phone: not a phone: mobile"), "{said}");
        assert!(said.contains("0755-1234567(-123)"), "{said}");
        assert_eq!(r.rejected[1].0, 4);
        let name: String = conn
            .query_row(
                "SELECT name FROM customers WHERE phone_digits = '13812345678'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(name, "张三");
        let greet: i64 = conn
            .query_row(
                "SELECT greetings_ok FROM customers WHERE name = 'Emily Chen'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(greet, 0);
    }

    #[test]
    fn an_unknown_column_stops_before_anything_is_written() {
        let mut conn = crate::store::open_in_memory().unwrap();
        let en = Locale::load(&Files::locate(None), "en").unwrap();
        let e = customers(
            &mut conn,
            "name,phone,shoe colour\n".as_bytes(),
            1,
            NaiveDate::MIN,
            &[&en],
        )
        .unwrap_err();
        assert!(e.to_string().contains("shoe colour"));
    }
}
