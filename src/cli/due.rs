//! `aftercare due --date D [--staff NAME] [--json]`: the day's callbacks,
//! greetings and open repair jobs, as JSON for a script or as an aligned
//! text printout for the morning.
//!
//! The JSON (stable; fields are only ever added):
//! ```text
//! { "date": "YYYY-MM-DD", "staff": "name" | null,
//!   "callbacks": [ { "task_id", "kind", "customer_id", "customer", "phone",
//!                    "due_on", "overdue", "coming", "milestone_fen",
//!                    "associate", "note" } ],
//!   "greetings": [ { "occasion", "key", "customer_id", "customer", "phone",
//!                    "on", "in_days", "associate" } ],
//!   "occasions": [ { "kind", "id", "key", "on", "in_days", "to_greet" } ],
//!   "repairs":   [ { "job_id", "job_no", "customer_id", "customer", "phone",
//!                    "item", "state", "received_on", "promised_on", "late" } ] }
//! ```
//! Callbacks are the open tasks the home pane and the callbacks screen
//! count (one store query, `store::tasks::open`): due on or before the date
//! and in the coming days (`[callbacks] coming_days`), oldest first
//! (`overdue` when due before the date, `coming` after it; `milestone_fen`
//! names a milestone thanks' milestone); greetings are the birthdays of the
//! coming days (`[greetings] birthday_window_days`) of customers who accept
//! greetings and were not greeted yet, soonest first; occasions are the
//! festivals and season changes within their lead days (`data/greetings.toml`)
//! with the number still to greet; repair jobs not yet collected, late
//! ones first. `--staff` keeps one associate's callbacks (the task's
//! associate) and greetings (the customer's closest associate); repair
//! jobs are the shop's and always all listed.

use anyhow::Result;
use chrono::{Duration, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use crate::domain::after_purchase::MILESTONE_THANKS;
use crate::domain::occasions::{self, Kind};
use crate::i18n::Locale;
use crate::shop_data::greetings::GreetingData;
use crate::store::greetings as sg;
use crate::store::{due, home, tasks};
use crate::ui::widgets::{pad, width};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallbackDue {
    pub task_id: i64,
    pub kind: String,
    pub customer_id: Option<i64>,
    pub customer: String,
    pub phone: String,
    pub due_on: String,
    pub overdue: bool,
    /// Due after the date, within the coming days (`[callbacks] coming_days`).
    pub coming: bool,
    /// The milestone a milestone thanks is for, in fen.
    pub milestone_fen: Option<i64>,
    pub associate: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GreetingDue {
    /// What is greeted: "birthday".
    pub occasion: String,
    /// The occasion's key: a customer is greeted once for it.
    pub key: String,
    pub customer_id: i64,
    pub customer: String,
    pub phone: String,
    pub on: String,
    pub in_days: i64,
    pub associate: Option<String>,
}

/// A festival or season change coming up, and how many are still to greet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OccasionDue {
    /// "festival" or "season".
    pub kind: String,
    /// The festival or solar term id (`mid_autumn`, `li_dong` …).
    pub id: String,
    pub key: String,
    pub on: String,
    pub in_days: i64,
    pub to_greet: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepairDue {
    pub job_id: i64,
    pub job_no: Option<String>,
    pub customer_id: Option<i64>,
    pub customer: String,
    pub phone: String,
    pub item: String,
    pub state: String,
    pub received_on: String,
    pub promised_on: Option<String>,
    pub late: bool,
}

/// Phones masked (`138****5678`), as `due` prints them unless a manager
/// asked for them in full.
pub fn mask_phones(d: &mut Due) {
    use crate::domain::customer::mask_phone;
    for c in &mut d.callbacks {
        c.phone = mask_phone(&c.phone);
    }
    for g in &mut d.greetings {
        g.phone = mask_phone(&g.phone);
    }
    for r in &mut d.repairs {
        r.phone = mask_phone(&r.phone);
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Due {
    pub date: String,
    pub staff: Option<String>,
    pub callbacks: Vec<CallbackDue>,
    pub greetings: Vec<GreetingDue>,
    pub occasions: Vec<OccasionDue>,
    pub repairs: Vec<RepairDue>,
}

/// A member of staff by name, or the names of all active staff.
pub fn find_staff(conn: &Connection, name: &str) -> Result<Result<(i64, String), Vec<String>>> {
    let all = crate::store::staff::list(conn)?;
    Ok(match all.iter().find(|s| s.name == name.trim()) {
        Some(s) => Ok((s.id, s.name.clone())),
        None => Err(all.into_iter().map(|s| s.name).collect()),
    })
}

/// The birthday greetings due from `day` through the calendar's window,
/// not yet sent, soonest first: one row per customer. `staff` keeps the
/// customers closest to that associate.
pub fn greetings_due(
    conn: &Connection,
    day: NaiveDate,
    data: &GreetingData,
    staff: Option<i64>,
) -> Result<Vec<GreetingDue>> {
    let days = occasions::birthday_days(day, data.calendar.birthday_window_days);
    // Every row at once; the phone and closest associate come with the row.
    let rows = sg::birthdays(conn, &days, staff, 0, i64::MAX as usize)?.rows;
    let names = due::staff_names(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| GreetingDue {
            occasion: "birthday".into(),
            key: r.occasion_key,
            customer_id: r.customer_id,
            customer: r.name,
            phone: r.phone,
            on: (day + Duration::days(r.in_days)).to_string(),
            in_days: r.in_days,
            associate: r.staff_id.and_then(|s| names.get(&s).cloned()),
        })
        .collect())
}

/// The festivals and season changes coming within their lead days, each
/// with the number of customers still to greet (the list itself is
/// `aftercare export greetings --date D`).
pub fn occasions_due(
    conn: &Connection,
    day: NaiveDate,
    data: &GreetingData,
    staff: Option<i64>,
) -> Result<Vec<OccasionDue>> {
    let mut out = Vec::new();
    let coming = occasions::upcoming(day, &data.calendar);
    // Everyone who accepts greetings is counted only when an occasion is coming.
    let greetable = match coming.is_empty() {
        true => 0,
        false => sg::greetable(conn, staff)?,
    };
    for o in coming {
        let in_days = o.in_days(day);
        let to_greet = sg::occasion(conn, &o.key, in_days, staff, greetable, 0, 0)?.count;
        out.push(OccasionDue {
            kind: match o.kind {
                Kind::Festival => "festival",
                Kind::Season => "season",
                Kind::Birthday => "birthday",
                Kind::MissYou => "miss_you",
            }
            .into(),
            id: o.id,
            key: o.key,
            on: o.date.to_string(),
            in_days,
            to_greet,
        });
    }
    Ok(out)
}

/// Everything due on `day`, for everyone or for `staff` (id, name).
pub fn collect(
    conn: &Connection,
    day: NaiveDate,
    staff: Option<(i64, String)>,
    data: &GreetingData,
    coming_days: u32,
) -> Result<Due> {
    let id = staff.as_ref().map(|s| s.0);
    // The same open tasks as the home pane and the callbacks screen count.
    let f = tasks::Filter {
        staff: id,
        kind: None,
        today: day,
        coming_days,
        first: None,
    };
    let callbacks = tasks::open(conn, &f, i64::MAX as usize)?
        .into_iter()
        .map(|t| CallbackDue {
            task_id: t.id,
            milestone_fen: (t.kind == MILESTONE_THANKS)
                .then(|| crate::store::figures::milestone_of(&t.source))
                .flatten(),
            kind: t.kind,
            customer_id: t.customer_id,
            customer: t.customer,
            phone: t.phone,
            due_on: t.due_on.to_string(),
            overdue: t.due_on < day,
            coming: t.due_on > day,
            associate: (!t.staff.is_empty()).then_some(t.staff),
            note: t.note,
        })
        .collect();
    let greetings = greetings_due(conn, day, data, id)?;
    let occasions = occasions_due(conn, day, data, id)?;
    let jobs = due::open_jobs(conn)?;
    let mut repairs = Vec::new();
    for r in home::open_repairs(conn, day, i64::MAX as usize)?.rows {
        let (job_no, phone) = jobs.get(&r.id).cloned().unwrap_or_default();
        let waiting = matches!(r.state.as_str(), "received" | "at_centre" | "repairing");
        repairs.push(RepairDue {
            job_id: r.id,
            job_no,
            customer_id: r.customer_id,
            customer: r.name,
            phone,
            item: r.item,
            late: waiting && r.promised_on.is_some_and(|p| p < day),
            state: r.state,
            received_on: r.received_on.to_string(),
            promised_on: r.promised_on.map(|d| d.to_string()),
        });
    }
    Ok(Due {
        date: day.to_string(),
        staff: staff.map(|s| s.1),
        callbacks,
        greetings,
        occasions,
        repairs,
    })
}

pub fn to_json(d: &Due) -> String {
    serde_json::to_string_pretty(d).unwrap_or_default()
}

/// Columns aligned by display width (Chinese characters count two).
fn table(out: &mut String, head: Vec<String>, rows: Vec<Vec<String>>) {
    let mut widths: Vec<usize> = head.iter().map(|h| width(h) as usize).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(width(c) as usize);
        }
    }
    for r in std::iter::once(&head).chain(rows.iter()) {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| pad(c, widths[i]))
            .collect();
        out.push_str("  ");
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
}

/// The printout in the language of `loc`.
pub fn to_text(d: &Due, loc: &Locale) -> String {
    let t = |k: &str| loc.t(k).to_string();
    let mut out = match &d.staff {
        Some(s) => loc.f("due.title_staff", &[("date", &d.date), ("staff", s)]),
        None => loc.f("due.title", &[("date", &d.date)]),
    };
    out.push_str("\n\n");
    let section = |out: &mut String, key: &str, n: usize| {
        out.push_str(&loc.f(key, &[("n", &n.to_string())]));
        out.push('\n');
        if n == 0 {
            out.push_str(&t("due.none"));
            out.push('\n');
        }
    };
    section(&mut out, "due.callbacks", d.callbacks.len());
    if !d.callbacks.is_empty() {
        let rows = d
            .callbacks
            .iter()
            .map(|c| {
                vec![
                    c.due_on.clone(),
                    match c.milestone_fen {
                        Some(m) => loc.f(
                            "records.milestone_kind",
                            &[("amount", &crate::ui::task_note::round_money(loc, m))],
                        ),
                        None => loc.t(&format!("tasks.kind.{}", c.kind)).to_string(),
                    },
                    c.customer.clone(),
                    c.phone.clone(),
                    c.associate.clone().unwrap_or_default(),
                    if c.overdue {
                        t("due.overdue")
                    } else if c.coming {
                        t("records.due_coming")
                    } else {
                        String::new()
                    },
                ]
            })
            .collect();
        let head = ["col_due", "col_kind", "col_customer", "col_phone"]
            .iter()
            .map(|k| t(&format!("due.{k}")))
            .chain([t("due.col_associate"), String::new()])
            .collect();
        table(&mut out, head, rows);
    }
    out.push('\n');
    section(&mut out, "due.greetings", d.greetings.len());
    if !d.greetings.is_empty() {
        let rows = d
            .greetings
            .iter()
            .map(|g| {
                vec![
                    g.on.clone(),
                    t(&format!("due.{}", g.occasion)),
                    g.customer.clone(),
                    g.phone.clone(),
                    g.associate.clone().unwrap_or_default(),
                ]
            })
            .collect();
        let head = [
            "col_on",
            "col_occasion",
            "col_customer",
            "col_phone",
            "col_associate",
        ]
        .iter()
        .map(|k| t(&format!("due.{k}")))
        .collect();
        table(&mut out, head, rows);
    }
    out.push('\n');
    section(&mut out, "due.occasions", d.occasions.len());
    if !d.occasions.is_empty() {
        let rows = d
            .occasions
            .iter()
            .map(|o| {
                vec![
                    o.on.clone(),
                    loc.t(&format!("greetings.{}.{}", o.kind, o.id)).to_string(),
                    o.to_greet.to_string(),
                ]
            })
            .collect();
        let head = ["col_on", "col_occasion", "col_to_greet"]
            .iter()
            .map(|k| t(&format!("due.{k}")))
            .collect();
        table(&mut out, head, rows);
        out.push_str(&loc.f("due.occasions_hint", &[("date", &d.occasions[0].on)]));
        out.push('\n');
    }
    out.push('\n');
    section(&mut out, "due.repairs", d.repairs.len());
    if !d.repairs.is_empty() {
        let rows = d
            .repairs
            .iter()
            .map(|r| {
                vec![
                    r.job_no.clone().unwrap_or_else(|| r.job_id.to_string()),
                    r.customer.clone(),
                    r.phone.clone(),
                    r.item.clone(),
                    loc.t(&format!("repair_state.{}", r.state)).to_string(),
                    r.promised_on.clone().unwrap_or_default(),
                    if r.late { t("due.late") } else { String::new() },
                ]
            })
            .collect();
        let head = [
            "col_job",
            "col_customer",
            "col_phone",
            "col_item",
            "col_state",
            "col_promised",
        ]
        .iter()
        .map(|k| t(&format!("due.{k}")))
        .chain([String::new()])
        .collect();
        table(&mut out, head, rows);
    }
    out
}
