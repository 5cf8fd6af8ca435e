//! A day's greetings as CSV for an SMS gateway: phone, name, occasion,
//! text, associate. What is exported is marked sent in the same
//! transaction, so the gateway never gets a customer twice for an occasion.

use anyhow::{Result, bail};
use chrono::NaiveDate;
use rusqlite::Connection;
use std::collections::HashMap;
use std::io::Write;

use super::{cell, write_csv};
use crate::domain::occasions::{self, Kind, Occasion};
use crate::domain::templates;
use crate::i18n::Locale;
use crate::shop_data::greetings::{self as greetings_data, GreetingData};
use crate::store::greetings::{self as sg, DueRow, Sent};

/// The occasions falling on `date` itself: birthdays, festivals, season changes.
pub fn occasions_on(date: NaiveDate, data: &GreetingData) -> Vec<Occasion> {
    let mut out = vec![Occasion {
        kind: Kind::Birthday,
        id: "birthday".into(),
        date,
        key: occasions::birthday_key(chrono::Datelike::year(&date)),
    }];
    out.extend(
        occasions::upcoming(date, &data.calendar)
            .into_iter()
            .filter(|o| o.date == date),
    );
    out
}

/// The occasion's name on screen and in the file ({festival}, {season}).
pub fn occasion_name(loc: &Locale, kind: Kind, id: &str) -> String {
    match kind {
        Kind::Festival => loc.t(&format!("greetings.festival.{id}")).to_string(),
        Kind::Season => loc.t(&format!("greetings.season.{id}")).to_string(),
        Kind::Birthday => loc.t("greetings.kind.birthday").to_string(),
        Kind::MissYou => loc.t("greetings.kind.miss_you").to_string(),
    }
}

/// Everything a filled-in greeting needs besides the template.
pub struct Fill<'a> {
    pub customer: &'a str,
    pub associate: &'a str,
    pub shop: &'a str,
    pub occasion: &'a str,
}

pub fn fill(text: &str, f: &Fill) -> String {
    templates::fill(
        text,
        &[
            ("customer", f.customer),
            ("associate", f.associate),
            ("shop", f.shop),
            ("festival", f.occasion),
            ("season", f.occasion),
        ],
    )
}

/// Every row due for one occasion on its day (paged reads, no limit overall).
fn all_due(conn: &Connection, o: &Occasion, staff: Option<i64>) -> Result<Vec<DueRow>> {
    if o.kind == Kind::Birthday {
        let days = occasions::birthday_days(o.date, 0);
        return Ok(sg::birthdays(conn, &days, staff, 0, usize::MAX >> 1)?.rows);
    }
    let mut rows = Vec::new();
    let mut after = 0;
    loop {
        let page = sg::occasion(conn, &o.key, 0, staff, 0, after, 2000)?;
        let Some(last) = page.rows.last() else { break };
        after = last.customer_id;
        rows.extend(page.rows);
    }
    Ok(rows)
}

/// Writes the greetings of `date` (an associate's own customers with
/// `staff`) and marks them sent by `by`; customers without a phone are left
/// for the associate. Returns how many rows were written.
#[allow(clippy::too_many_arguments)]
pub fn day<W: Write>(
    conn: &mut Connection,
    data: &GreetingData,
    loc: &Locale,
    shop: &str,
    date: NaiveDate,
    staff: Option<i64>,
    by: Option<i64>,
    out: W,
) -> Result<usize> {
    let names: HashMap<i64, String> = {
        let mut stmt = conn.prepare("SELECT id, name FROM staff")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    let batch = due_with_templates(conn, data, loc, date, staff)?;
    let header: Vec<String> = ["phone", "name", "occasion", "text", "associate"]
        .iter()
        .map(|c| loc.t(&format!("greetings.csv.{c}")).to_string())
        .collect();
    let at = crate::store::now_utc();
    crate::store::write(conn, |tx| {
        let mut lines = Vec::new();
        for (o, template, rows, never) in &batch {
            let occasion = occasion_name(loc, o.kind, &o.id);
            for r in rows.iter().filter(|r| !r.phone.trim().is_empty()) {
                let associate = r
                    .staff_id
                    .and_then(|id| names.get(&id))
                    .map_or(shop, String::as_str);
                let text = fill(
                    template,
                    &Fill {
                        customer: &r.name,
                        associate,
                        shop,
                        occasion: &occasion,
                    },
                );
                // The message as it goes out is checked too (names and the
                // shop's name are filled in): nothing is exported if one breaks the rule.
                let found = templates::forbidden(&text, never);
                if !found.is_empty() {
                    bail!(
                        "{}",
                        loc.f(
                            "records.greetings_export_refused",
                            &[("name", &r.name), ("words", &found.join("、"))]
                        )
                    );
                }
                let sent = Sent {
                    customer_id: r.customer_id,
                    staff_id: by.or(r.staff_id),
                    kind: o.kind,
                    occasion_key: &r.occasion_key,
                    text: &text,
                    via: "export",
                };
                if sg::mark_sent(tx, &sent, &at)? {
                    lines.push(vec![
                        cell(&r.phone),
                        cell(&r.name),
                        cell(&occasion),
                        cell(&text),
                        cell(associate),
                    ]);
                }
            }
        }
        // Written before the commit: a failed write leaves nothing marked.
        write_csv(out, &header, lines)
    })
}

/// An occasion of the day, its template, the customers due and the words
/// never to send.
type DueOccasion = (Occasion, String, Vec<DueRow>, templates::Never);

/// Each occasion of the day, the first template that keeps its rule, the
/// customers due, and the words never to send.
fn due_with_templates(
    conn: &mut Connection,
    data: &GreetingData,
    loc: &Locale,
    date: NaiveDate,
    staff: Option<i64>,
) -> Result<Vec<DueOccasion>> {
    let lang = loc.lang.as_str();
    let mut batch: Vec<DueOccasion> = Vec::new();
    for o in occasions_on(date, data) {
        let shop_own = sg::templates(conn, o.kind, lang)?;
        let never = data.never(o.kind, lang);
        let Some(choice) = greetings_data::choices(data, &shop_own, o.kind, lang)
            .into_iter()
            .find(|c| templates::check(o.kind, &c.text, never).is_ok())
        else {
            bail!(
                "{}",
                loc.f("greetings.no_template", &[("kind", o.kind.id())])
            );
        };
        let rows = all_due(conn, &o, staff)?;
        batch.push((o, choice.text, rows, never.clone()));
    }
    Ok(batch)
}
