//! Phones (issue 13): the customer form refuses `12345` with a message that
//! names what is expected, and takes a landline with an extension and a
//! number from abroad. The same check runs for every phone field.

mod screen;

use aftercare::app::{Action, App, Mode};
use aftercare::domain::staff::Role;
use aftercare::store::{self, staff};
use chrono::{NaiveDate, NaiveDateTime};
use screen::{render, type_text};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 30, 0)
        .unwrap()
}

fn signed_in(lang: &str) -> App {
    let conn = store::open_in_memory().unwrap();
    store::shop::create(&conn, "示范店 Demo").unwrap();
    staff::add(&conn, "李娜", Role::Manager, "x").unwrap();
    let mut a = screen::app_on(conn, lang, Mode::Demo, now());
    let manager = staff::list(&a.env.conn).unwrap().remove(0);
    a.signed_in(manager);
    a
}

fn new_customer(a: &mut App, name: &str, phone: &str) {
    a.update(Action::NewCustomer);
    type_text(a, name);
    a.update(Action::NextFocus);
    type_text(a, phone);
    a.update(Action::Save);
}

fn saved(a: &App, phone: &str) -> bool {
    a.env
        .conn
        .query_row(
            "SELECT count(*) FROM customers WHERE phone = ?1",
            [phone],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
        == 1
}

#[test]
fn five_digits_are_refused_and_the_message_names_the_formats() {
    for (lang, expected) in [
        (
            "en",
            "← not a phone: like 13812345678, 0755-1234567(-123), +44 …",
        ),
        (
            "zh-CN",
            "← 不是电话：手机 13812345678、座机 0755-1234567(-123)、境外 +44 …",
        ),
    ] {
        let mut a = signed_in(lang);
        new_customer(&mut a, "王芳", "12345");
        let screen = render(&a, 160, 30);
        let line = screen.lines().find(|l| l.contains("12345")).unwrap();
        assert!(line.contains(expected), "{screen}");
        assert!(!saved(&a, "12345"));
    }
}

#[test]
fn a_landline_with_extension_and_a_foreign_number_are_saved() {
    for phone in ["0755-1234567-123", "+44 20 7946 0958", "010-12345678"] {
        let mut a = signed_in("en");
        new_customer(&mut a, "Vera", phone);
        assert!(saved(&a, phone), "{phone}: {}", render(&a, 120, 30));
    }
}
