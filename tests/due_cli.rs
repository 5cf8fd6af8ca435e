//! `aftercare due` run as the built binary on a temporary demo shop: the
//! JSON checked row by row against the database, the `--staff` filter, an
//! unknown name refused with exit code 2, and the aligned printout.

mod common;

use common::{Shop, display_width};
use serde_json::Value;

const DAY: &str = "2026-11-23";

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn due(shop: &Shop, args: &[&str]) -> Value {
    due_on(shop, DAY, args)
}

fn due_on(shop: &Shop, day: &str, args: &[&str]) -> Value {
    let mut all = vec!["due", "--date", day, "--json"];
    all.extend_from_slice(args);
    let out = shop.run(&all);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("due --json prints JSON")
}

fn ids(v: &Value, list: &str, field: &str) -> Vec<i64> {
    v[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r[field].as_i64().unwrap())
        .collect()
}

fn query_ids(shop: &Shop, sql: &str, p: impl rusqlite::Params) -> Vec<i64> {
    let c = shop.conn();
    let mut stmt = c.prepare(sql).unwrap();
    stmt.query_map(p, |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The home pane's "callbacks due": open tasks due by the day and in the
/// coming days (`[callbacks] coming_days = 7`).
const OPEN_TASKS: &str = "SELECT t.id FROM tasks t LEFT JOIN customers c ON c.id = t.customer_id
     WHERE t.done_at IS NULL AND t.due_on <= date(?1, '+7 days') AND c.erased_at IS NULL
       AND (?2 IS NULL OR t.staff_id = ?2)
     ORDER BY t.due_on, COALESCE(t.due_time, ''), t.id";

#[test]
fn the_json_lists_what_the_database_holds() {
    let shop = Shop::demo(400);
    let v = due(&shop, &[]);
    assert_eq!(v["date"], DAY);
    assert!(v["staff"].is_null());

    let want = query_ids(&shop, OPEN_TASKS, rusqlite::params![DAY, None::<i64>]);
    assert!(!want.is_empty(), "the demo shop owes callbacks");
    assert_eq!(ids(&v, "callbacks", "task_id"), want);
    for c in v["callbacks"].as_array().unwrap() {
        let due_on = c["due_on"].as_str().unwrap();
        assert_eq!(c["overdue"].as_bool().unwrap(), due_on < DAY, "{c}");
        assert_eq!(c["coming"].as_bool().unwrap(), due_on > DAY, "{c}");
        assert!(c["kind"].is_string() && c["phone"].is_string(), "{c}");
    }

    // Birthdays of the coming week (23 to 30 November), greetings accepted.
    let want = query_ids(
        &shop,
        "SELECT id FROM customers WHERE greetings_ok = 1 AND erased_at IS NULL
         AND birthday_md BETWEEN 1123 AND 1130
         AND id NOT IN (SELECT customer_id FROM greetings_sent WHERE occasion_key = 'birthday:2026')
         ORDER BY id",
        [],
    );
    let mut got = ids(&v, "greetings", "customer_id");
    got.sort();
    assert_eq!(got, want);
    let days: Vec<i64> = v["greetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["in_days"].as_i64().unwrap())
        .collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "soonest first");

    let want = query_ids(
        &shop,
        "SELECT id FROM repair_jobs WHERE state NOT IN ('collected', 'returned_unrepaired') ORDER BY id",
        [],
    );
    let mut got = ids(&v, "repairs", "job_id");
    got.sort();
    assert_eq!(got, want);
    let late: Vec<bool> = v["repairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["late"].as_bool().unwrap())
        .collect();
    assert!(
        late.windows(2).all(|w| w[0] >= w[1]),
        "late first: {late:?}"
    );
}

#[test]
fn staff_keeps_one_associates_list_and_an_unknown_name_is_refused() {
    let shop = Shop::demo(400);
    let c = shop.conn();
    // The associate with most open tasks by the day.
    let (id, name): (i64, String) = c
        .query_row(
            "SELECT s.id, s.name FROM tasks t JOIN staff s ON s.id = t.staff_id
             WHERE t.done_at IS NULL AND t.due_on <= ?1
             GROUP BY s.id ORDER BY COUNT(*) DESC, s.id LIMIT 1",
            [DAY],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    drop(c);
    let v = due(&shop, &["--staff", &name]);
    assert_eq!(v["staff"], name.as_str());
    let want = query_ids(&shop, OPEN_TASKS, rusqlite::params![DAY, id]);
    assert!(!want.is_empty());
    assert_eq!(ids(&v, "callbacks", "task_id"), want);
    for g in v["greetings"].as_array().unwrap() {
        let closest = shop.count(
            "SELECT COALESCE(closest_staff_id, -1) FROM customers WHERE id = ?1",
            [g["customer_id"].as_i64().unwrap()],
        );
        assert_eq!(closest, id, "{g}");
    }
    let everyone = due(&shop, &[]);
    assert!(
        ids(&v, "greetings", "customer_id").len()
            <= ids(&everyone, "greetings", "customer_id").len()
    );

    let out = shop.run(&["due", "--date", DAY, "--staff", "Nobody Here"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("Nobody Here"), "{err}");
    assert!(err.contains(&name), "the known staff are named: {err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn the_printout_is_aligned_with_wide_characters() {
    let shop = Shop::demo(300);
    let out = shop.run(&["--lang", "zh-CN", "due", "--date", DAY]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.starts_with(&format!("{DAY} 待办")), "{s}");
    let v = due(&shop, &[]);
    // Every callback row has its phone at the same display column.
    let phones: Vec<&str> = v["callbacks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["phone"].as_str().unwrap())
        .filter(|p| !p.is_empty())
        .collect();
    assert!(!phones.is_empty(), "{s}");
    let lines: Vec<&str> = s.lines().collect();
    let header = lines.iter().find(|l| l.contains("电话")).unwrap();
    let col = display_width(&header[..header.find("电话").unwrap()]);
    for p in phones.iter().take(10) {
        let line = lines.iter().find(|l| l.contains(p)).unwrap();
        assert_eq!(
            display_width(&line[..line.find(p).unwrap()]),
            col,
            "{line}\n{s}"
        );
    }
}

#[test]
fn a_coming_festival_is_listed_with_the_number_still_to_greet() {
    let shop = Shop::demo(300);
    // New Year's Day 2027 shows from five days before (data/greetings.toml).
    let v = due_on(&shop, "2026-12-29", &[]);
    let occasions = v["occasions"].as_array().unwrap();
    let new_year = occasions
        .iter()
        .find(|o| o["key"] == "festival:new_year:2027")
        .unwrap_or_else(|| panic!("no New Year in {occasions:?}"));
    assert_eq!(new_year["kind"], "festival");
    assert_eq!(new_year["on"], "2027-01-01");
    assert_eq!(new_year["in_days"], 3);
    let greetable: i64 = shop
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM customers WHERE greetings_ok = 1 AND erased_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(new_year["to_greet"].as_i64().unwrap(), greetable);
    // Nothing is coming a month before.
    let v = due_on(&shop, "2026-11-23", &[]);
    assert!(
        v["occasions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["key"] != "festival:new_year:2027")
    );
}
