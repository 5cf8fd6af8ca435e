//! Feedback goes where it belongs (issue 18) [S1 `001_a34def3116873d92.txt`:
//! "回访搜集来旳内容,有关地区管理方面旳统一由地区处理,有关企业方面旳转交到总企业客服"]
//! and the top spender visit's suggestions [S1 "带上鲜花登门回访,感谢顾客一年来旳
//! 支持、问询顾客对品牌旳提议"]: the answer form marks a callback for the region
//! or head office and keeps the suggestions apart; the file shows them;
//! `aftercare export feedback` writes them, phones masked, formulas guarded,
//! with the export helpers' file mode.

mod common;
mod screen;

use aftercare::app::callbacks::work::WorkForm;
use aftercare::app::{Action, Mode};
use aftercare::domain::customer::{Field, Values};
use aftercare::domain::staff::Role;
use aftercare::store::{self, customers, staff};
use chrono::{NaiveDate, NaiveDateTime};
use common::{Shop, run_bounded};
use screen::{render, type_text};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 21)
        .unwrap()
        .and_hms_opt(10, 30, 0)
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A shop with a top spender visit due for 王芳, worked on its form.
#[test]
fn the_top_spender_visit_records_suggestions_apart_and_goes_to_head_office() {
    let mut conn = store::open_in_memory().unwrap();
    store::shop::create(&conn, "示范店 Demo").unwrap();
    let wang = staff::add(&conn, "王芳", Role::Associate, "x").unwrap();
    let mut v = Values::new_customer();
    v.set(Field::Name, "陈太太");
    v.set(Field::Phone, "13912345678");
    let c = customers::create(&mut conn, &v, wang, now().date()).unwrap();
    conn.execute(
        "INSERT INTO tasks(kind, customer_id, staff_id, due_on, source, source_id, period, note, created_at)
         VALUES ('top_spender_visit', ?1, ?2, '2026-12-21', 'customer', ?1, '2026', '5000000', 'x')",
        rusqlite::params![c, wang],
    )
    .unwrap();
    let task: i64 = conn
        .query_row("SELECT id FROM tasks", [], |r| r.get(0))
        .unwrap();
    let mut a = screen::app_on(conn, "en", Mode::Shop, now());
    let who = staff::get(&a.env.conn, wang).unwrap().unwrap();
    a.signed_in(who);
    aftercare::app::callbacks::work::open_task(&mut a, task);
    let s = render(&a, 120, 36);
    for part in ["with flowers", "Their suggestions", "Feedback goes to"] {
        assert!(s.contains(part), "{part}: {s}");
    }
    let focus = |a: &mut aftercare::app::App, key: &str| {
        if let Some(w) = a.view_mut::<WorkForm>() {
            w.fields.focus_on(key);
        }
    };
    focus(&mut a, "suggestions");
    type_text(&mut a, "=more colours in size XL");
    focus(&mut a, "feedback_for");
    a.update(Action::Toggle);
    a.update(Action::Toggle); // stays in the shop → the region → head office
    let s = render(&a, 120, 36);
    assert!(s.contains("head office customer service"), "{s}");
    focus(&mut a, "note");
    type_text(&mut a, "thanked with flowers");
    a.update(Action::Save);
    assert!(a.view::<WorkForm>().is_none(), "{:?}", a.flash);
    let (routed, suggestions, note): (String, String, String) = a
        .env
        .conn
        .query_row(
            "SELECT f.routed_to, f.suggestions, k.note FROM contact_feedback f
             JOIN contacts k ON k.id = f.contact_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(routed, "head_office");
    assert_eq!(suggestions, "=more colours in size XL");
    assert_eq!(
        note, "thanked with flowers",
        "the suggestions are not in the note"
    );
    // The customer's file shows where it went and what they suggested.
    aftercare::app::file::open(&mut a, c);
    for _ in 0..40 {
        a.update(Action::ScrollDown);
    }
    let s = render(&a, 120, 40);
    assert!(s.contains("Feedback passed on"), "{s}");
    assert!(s.contains("head office customer service"), "{s}");
    assert!(s.contains("suggestions: =more colours in size XL"), "{s}");
}

#[test]
fn a_plain_callback_saved_without_a_route_writes_no_feedback() {
    let mut conn = store::open_in_memory().unwrap();
    store::shop::create(&conn, "示范店").unwrap();
    let wang = staff::add(&conn, "王芳", Role::Associate, "x").unwrap();
    let mut v = Values::new_customer();
    v.set(Field::Name, "陈太太");
    v.set(Field::Phone, "13912345678");
    let c = customers::create(&mut conn, &v, wang, now().date()).unwrap();
    conn.execute(
        "INSERT INTO contacts(customer_id, staff_id, kind, outcome, note, at)
         VALUES (?1, ?2, 'purchase_callback', 'reached', 'fine', '2026-12-21T02:00:00Z')",
        rusqlite::params![c, wang],
    )
    .unwrap();
    let contact = conn.last_insert_rowid();
    store::feedback::mark(&conn, contact, None, "  ").unwrap();
    assert_eq!(
        conn.query_row("SELECT COUNT(*) FROM contact_feedback", [], |r| r
            .get::<_, i64>(0))
            .unwrap(),
        0
    );
    store::feedback::mark(
        &conn,
        contact,
        Some(aftercare::domain::practices::Route::Region),
        "",
    )
    .unwrap();
    let rows = store::feedback::for_customer(&conn, c, 10).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].routed_to, "region");
}

/// `aftercare export feedback`: masked phones, guarded cells, the file
/// written 0640; in full only for a manager.
#[test]
fn export_feedback_masks_phones_and_guards_formula_cells() {
    use std::os::unix::fs::PermissionsExt;
    let shop = Shop::demo(20);
    let c = shop.findable_customer();
    let conn = shop.conn();
    conn.execute(
        "INSERT INTO contacts(customer_id, staff_id, kind, outcome, note, at)
         VALUES (?1, NULL, 'top_spender_visit', 'reached', '@ruined the lining', '2026-11-20T03:00:00Z')",
        [c.id],
    )
    .unwrap();
    let contact = conn.last_insert_rowid();
    store::feedback::mark(
        &conn,
        contact,
        Some(aftercare::domain::practices::Route::HeadOffice),
        "+more sizes",
    )
    .unwrap();
    let args = [
        "export",
        "feedback",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
    ];
    let out = shop.run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let csv = text(&out.stdout);
    assert!(csv.starts_with('\u{feff}'), "{csv}");
    let line = csv
        .lines()
        .find(|l| l.contains("'+more sizes"))
        .expect(&csv);
    assert!(line.contains("'@ruined the lining"), "{line}");
    assert!(line.contains("head office customer service"), "{line}");
    assert!(!line.contains(&c.phone), "{line}");
    assert!(line.contains(&c.phone[c.phone.len() - 4..]), "{line}");
    // To a file: the mode every export of the shop's is written with.
    let path = shop.path().join("feedback.csv");
    let out = shop.run(&[&args[..], &["--out", path.to_str().unwrap()]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, aftercare::shop_files::FILE_MODE);
    // In full only with a manager's PIN, audited.
    let manager = shop
        .staff()
        .into_iter()
        .find(|s| {
            shop.count(
                "SELECT COUNT(*) FROM staff WHERE id = ?1 AND role = 'manager'",
                [s.id],
            ) == 1
        })
        .expect("a manager");
    let mut cmd = shop.command(&[&args[..], &["--full-phones", &manager.name]].concat());
    cmd.env("AFTERCARE_PIN", common::PIN);
    let out = run_bounded(cmd);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(&c.phone));
}
