//! The demo shop's greetings: festival and season greetings already sent
//! earlier this year, and a template the shop edited and one it wrote.
//! Birthdays in the coming week come from the customer generator, which
//! puts some in the window for every associate's customers.

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, params};

use crate::domain::occasions::{self, Kind};

/// Festival and season greetings the demo shop sent earlier in the year.
const SENT_BEFORE: &[(Kind, &str, &str)] = &[
    (
        Kind::Festival,
        "mid_autumn",
        "{customer}您好，中秋快乐！祝您和家人团团圆圆。——{associate}",
    ),
    (
        Kind::Festival,
        "national_day",
        "{customer}，国庆快乐！假期出行注意安全。{associate}",
    ),
    (
        Kind::Season,
        "li_dong",
        "{customer}，立冬了，天冷了记得添衣保暖，好好吃饭。{associate}",
    ),
];

/// Customers greeted per occasion, at most.
const PER_OCCASION: i64 = 60;

pub fn fill(conn: &Connection, today: NaiveDate) -> Result<()> {
    let own = conn.is_autocommit();
    if own {
        conn.execute_batch("BEGIN IMMEDIATE")?;
    }
    let r = fill_in(conn, today);
    if own {
        match &r {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(_) => conn.execute_batch("ROLLBACK")?,
        }
    }
    r
}

fn fill_in(conn: &Connection, today: NaiveDate) -> Result<()> {
    let year = today.year();
    // The birthday greetings were sent through the store as the contact log
    // was written (`care::write`), each marked sent for its year.
    for (i, (kind, id, text)) in SENT_BEFORE.iter().enumerate() {
        let date = match kind {
            Kind::Season => occasions::season_date(id, year),
            _ => occasions::festival_date(id, year),
        };
        let Some(date) = date.filter(|d| *d < today) else {
            continue;
        };
        let key = format!("{}:{id}:{year}", kind.id());
        let at = format!("{date}T01:30:00Z");
        let mut pick = conn.prepare(
            "SELECT c.id, c.name, c.closest_staff_id, COALESCE(s.name, '')
             FROM customers c LEFT JOIN staff s ON s.id = c.closest_staff_id
             WHERE c.greetings_ok = 1 AND c.erased_at IS NULL AND c.id % 7 = ?1
             ORDER BY c.id LIMIT ?2",
        )?;
        let who: Vec<(i64, String, Option<i64>, String)> = pick
            .query_map(params![i as i64, PER_OCCASION], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<_, _>>()?;
        for (customer, name, staff, associate) in who {
            let note = text
                .replace("{customer}", &name)
                .replace("{associate}", &associate);
            // As the greetings screen sends it: the contact logged, the
            // occasion marked sent (through the store, with the day's time).
            let sent = crate::store::greetings::Sent {
                customer_id: customer,
                staff_id: staff,
                kind: *kind,
                occasion_key: &key,
                text: &note,
                via: "clipboard",
            };
            crate::store::greetings::mark_sent(conn, &sent, &at)?;
        }
    }
    // The shop's own words: a library template edited, and one of its own.
    let manager: Option<i64> = conn
        .query_row(
            "SELECT id FROM staff WHERE role = 'manager' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .ok();
    let at = format!("{}T02:00:00Z", today - chrono::Duration::days(20));
    for (kind, lang, key, body) in [
        (
            Kind::Festival,
            "zh-CN",
            "festival.warm",
            "{customer}您好，{festival}快乐！愿您和家人平安喜乐，万事顺心。——{shop} {associate}",
        ),
        (
            Kind::Birthday,
            "zh-CN",
            "birthday.own1",
            "{customer}，生日快乐！又长大一岁，愿您越来越美、笑口常开。{associate}",
        ),
        (
            Kind::Festival,
            "en",
            "festival.warm",
            "Dear {customer}, a very happy {festival} to you and your loved ones! — {associate}, {shop}",
        ),
    ] {
        crate::store::greetings::save_template_in(conn, kind, lang, key, body, None, manager, &at)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::domain::occasions;
    use crate::domain::staff::Role;
    use crate::domain::templates;
    use crate::shop_data::files::Files;
    use crate::shop_data::greetings::GreetingData;
    use crate::store::greetings as sg;

    #[test]
    fn the_demo_shop_has_greetings_sent_an_own_template_and_birthdays_for_every_associate() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shop.db");
        let spec = crate::demo::DemoSpec {
            customers: 600,
            seed: 5,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        };
        crate::demo::write_demo(&path, &spec).unwrap();
        let conn = crate::store::open(&path).unwrap();
        let sent: i64 = conn
            .query_row("SELECT COUNT(*) FROM greetings_sent", [], |r| r.get(0))
            .unwrap();
        assert!(sent > 50, "{sent} greetings sent");
        let festivals: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM contacts WHERE kind IN ('festival_greeting', 'season_greeting')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(festivals > 0);
        // Every shop template passes the rules.
        let data = GreetingData::load(&Files::built_in(), 7).unwrap();
        for k in occasions::Kind::ALL {
            for lang in ["en", "zh-CN"] {
                for t in sg::templates(&conn, k, lang).unwrap() {
                    templates::check(k, &t.body, data.never(k, lang)).unwrap();
                }
            }
        }
        assert!(
            !sg::templates(&conn, occasions::Kind::Festival, "zh-CN")
                .unwrap()
                .is_empty()
        );
        // Each associate has birthdays to greet in the coming week.
        let days = occasions::birthday_days(spec.today, 7);
        for s in crate::store::staff::list(&conn).unwrap() {
            if s.role == Role::Associate {
                let due = sg::birthdays(&conn, &days, Some(s.id), 0, 5).unwrap();
                assert!(due.count > 0, "no birthdays for {}", s.name);
            }
        }
    }
}
