//! Greetings in the database: who is due, declined customers never listed,
//! nobody greeted twice (even from two terminals at once), the export
//! marks what it wrote as sent.

use aftercare::domain::occasions::{self, Kind};
use aftercare::domain::staff::Role;
use aftercare::i18n::Locale;
use aftercare::shop_data::files::Files;
use aftercare::shop_data::greetings::GreetingData;
use aftercare::store::greetings::{self as sg, Saved, Sent};
use aftercare::store::{self, staff};
use chrono::NaiveDate;
use rusqlite::{Connection, params};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn customer(conn: &Connection, name: &str, md: u32, ok: bool, closest: Option<i64>) -> i64 {
    conn.execute(
        "INSERT INTO customers (name, phone, birthday, birthday_md, greetings_ok, closest_staff_id,
                                created_at, updated_at)
         VALUES (?1, '13800138000', ?2, ?3, ?4, ?5, 'x', 'x')",
        params![
            name,
            format!("1990-{:02}-{:02}", md / 100, md % 100),
            md,
            ok,
            closest
        ],
    )
    .unwrap();
    conn.last_insert_rowid()
}

fn sent<'a>(customer_id: i64, key: &'a str) -> Sent<'a> {
    Sent {
        customer_id,
        staff_id: None,
        kind: Kind::Birthday,
        occasion_key: key,
        text: "Happy birthday!",
        via: "clipboard",
    }
}

#[test]
fn customers_who_declined_greetings_are_never_listed() {
    let conn = store::open_in_memory().unwrap();
    let a = staff::add(&conn, "小李", Role::Associate, "x").unwrap();
    let yes = customer(&conn, "王女士", 1125, true, Some(a));
    customer(&conn, "赵先生", 1125, false, Some(a));
    let days = occasions::birthday_days(d("2026-11-24"), 7);
    let due = sg::birthdays(&conn, &days, None, 0, 50).unwrap();
    assert_eq!(due.count, 1);
    assert_eq!(due.rows[0].customer_id, yes);
    assert_eq!(due.rows[0].in_days, 1);
    let all = sg::greetable(&conn, None).unwrap();
    assert_eq!(all, 1);
    let fest = sg::occasion(&conn, "festival:new_year:2027", 5, None, all, 0, 50).unwrap();
    assert_eq!(fest.count, 1);
    assert_eq!(fest.rows.len(), 1);
    // Sending to one who declined is refused too.
    let mut conn = conn;
    let no: i64 = conn
        .query_row("SELECT id FROM customers WHERE greetings_ok = 0", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(!sg::send(&mut conn, &sent(no, "birthday:2026")).unwrap());
}

#[test]
fn an_associate_sees_their_own_customers_and_pages_through_a_festival() {
    let conn = store::open_in_memory().unwrap();
    let a = staff::add(&conn, "小李", Role::Associate, "x").unwrap();
    let b = staff::add(&conn, "小张", Role::Associate, "x").unwrap();
    for i in 0..5 {
        customer(&conn, &format!("A{i}"), 301, true, Some(a));
    }
    customer(&conn, "B0", 301, true, Some(b));
    let days = occasions::birthday_days(d("2026-11-24"), 7);
    assert_eq!(
        sg::birthdays(&conn, &days, Some(a), 0, 50).unwrap().count,
        0
    );
    let key = "festival:new_year:2027";
    let mine = sg::greetable(&conn, Some(a)).unwrap();
    let page1 = sg::occasion(&conn, key, 5, Some(a), mine, 0, 3).unwrap();
    assert_eq!((page1.count, page1.rows.len()), (5, 3));
    let after = page1.rows.last().unwrap().customer_id;
    let page2 = sg::occasion(&conn, key, 5, Some(a), mine, after, 3).unwrap();
    assert_eq!(page2.rows.len(), 2);
    let all = sg::greetable(&conn, None).unwrap();
    assert_eq!(
        sg::occasion(&conn, key, 5, None, all, 0, 50).unwrap().count,
        6
    );
}

#[test]
fn two_terminals_sending_the_same_greeting_send_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let mut one = store::open(&path).unwrap();
    let mut two = store::open(&path).unwrap();
    let c = customer(&one, "王女士", 1125, true, None);
    let key = "birthday:2026";
    assert!(sg::send(&mut one, &sent(c, key)).unwrap());
    assert!(!sg::send(&mut two, &sent(c, key)).unwrap());
    let contacts: i64 = one
        .query_row(
            "SELECT COUNT(*) FROM contacts WHERE customer_id = ?1 AND kind = 'birthday_greeting' AND outcome = 'sent'",
            [c],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(contacts, 1);
    assert!(sg::is_sent(&two, c, key).unwrap());
    let days = occasions::birthday_days(d("2026-11-24"), 7);
    assert_eq!(sg::birthdays(&two, &days, None, 0, 50).unwrap().count, 0);
    // Next year's birthday is a new occasion.
    assert!(sg::send(&mut two, &sent(c, "birthday:2027")).unwrap());
}

#[test]
fn the_days_export_writes_each_greeting_once_and_marks_it_sent() {
    let mut conn = store::open_in_memory().unwrap();
    let a = staff::add(&conn, "小李", Role::Associate, "x").unwrap();
    let c = customer(&conn, "王女士", 1124, true, Some(a));
    customer(&conn, "赵先生", 1124, false, Some(a));
    let data = GreetingData::load(&Files::built_in(), 7).unwrap();
    let loc = Locale::load(&Files::built_in(), "zh-CN").unwrap();
    let mut out = Vec::new();
    let n = aftercare::export::greetings::day(
        &mut conn,
        &data,
        &loc,
        "丽人服饰",
        d("2026-11-24"),
        None,
        None,
        &mut out,
    )
    .unwrap();
    assert_eq!(n, 1);
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with("\u{feff}电话,姓名,场合,短信内容,导购\r\n"),
        "{text}"
    );
    assert!(text.contains("13800138000,王女士,生日,"), "{text}");
    assert!(text.contains("小李"), "{text}");
    assert!(!text.contains("赵先生"));
    assert!(sg::is_sent(&conn, c, "birthday:2026").unwrap());
    let mut again = Vec::new();
    let n = aftercare::export::greetings::day(
        &mut conn,
        &data,
        &loc,
        "丽人服饰",
        d("2026-11-24"),
        None,
        None,
        &mut again,
    )
    .unwrap();
    assert_eq!(n, 0, "nothing twice");
}

#[test]
fn a_template_edited_on_two_terminals_keeps_the_first_save() {
    let mut conn = store::open_in_memory().unwrap();
    let k = Kind::Festival;
    assert_eq!(
        sg::save_template(&mut conn, k, "en", "festival.warm", "A", None, None).unwrap(),
        Saved::Done
    );
    let v = sg::templates(&conn, k, "en").unwrap()[0].version;
    assert_eq!(
        sg::save_template(&mut conn, k, "en", "festival.warm", "B", Some(v), None).unwrap(),
        Saved::Done
    );
    assert_eq!(
        sg::save_template(&mut conn, k, "en", "festival.warm", "C", Some(v), None).unwrap(),
        Saved::Stale
    );
    assert_eq!(sg::templates(&conn, k, "en").unwrap()[0].body, "B");
    assert_eq!(
        sg::next_own_key(&conn, k, "en").unwrap(),
        "festival.own2".to_string()
    );
}

/// The lists a screen reads per key use an index, never a scan of all customers.
#[test]
fn the_greeting_queries_use_indexes() {
    let conn = store::open_in_memory().unwrap();
    let plan = |sql: &str, staff: Option<i64>| -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows: Vec<String> = stmt
            .query_map(params![staff, "festival:new_year:2027"], |r| r.get(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.join(" | ")
    };
    let own = plan(
        "SELECT COUNT(*) FROM customers c INDEXED BY customers_greetable
         WHERE c.greetings_ok = 1 AND c.erased_at IS NULL AND c.closest_staff_id = ?1 AND ?2 IS NOT NULL",
        Some(1),
    );
    assert!(own.contains("customers_greetable"), "{own}");
    let sent = plan(
        "SELECT COUNT(*) FROM greetings_sent s JOIN customers c ON c.id = s.customer_id
         WHERE s.occasion_key = ?2 AND c.greetings_ok = 1 AND c.erased_at IS NULL AND ?1 IS NULL",
        None,
    );
    assert!(sent.contains("greetings_sent_occasion"), "{sent}");
    assert!(!sent.contains("SCAN c"), "{sent}");
}

#[test]
fn birthdays_page_across_the_days_of_the_window() {
    let conn = store::open_in_memory().unwrap();
    let mut ids = Vec::new();
    for (i, md) in [1124, 1124, 1125, 1126, 1126].into_iter().enumerate() {
        ids.push(customer(&conn, &format!("C{i}"), md, true, None));
    }
    let days = occasions::birthday_days(d("2026-11-24"), 7);
    let all: Vec<i64> = sg::birthdays(&conn, &days, None, 0, 50)
        .unwrap()
        .rows
        .iter()
        .map(|r| r.customer_id)
        .collect();
    assert_eq!(all, ids);
    let page = sg::birthdays(&conn, &days, None, 2, 2).unwrap();
    assert_eq!(page.count, 5);
    let got: Vec<i64> = page.rows.iter().map(|r| r.customer_id).collect();
    assert_eq!(got, ids[2..4]);
    let last = sg::birthdays(&conn, &days, None, 4, 2).unwrap();
    assert_eq!(last.rows.len(), 1);
    assert_eq!(last.rows[0].in_days, 2);
}
