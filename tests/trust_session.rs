//! Trust inside one session: a demoted person loses the right at once,
//! erasure needs the customer's name, a scanner burst moves nothing.

mod screen;

use aftercare::app::{Action, App, Mode};
use aftercare::domain::customer::{Field, Values};
use aftercare::domain::staff::Role;
use aftercare::store::{self, customers, staff, staff_admin};
use chrono::{NaiveDate, NaiveDateTime};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use screen::type_text;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 30, 0)
        .unwrap()
}

struct Shop {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    first: i64,
    second: i64,
    customer: i64,
}

/// A shop on disk with two managers and one customer, 张三丰.
fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let mut conn = store::open(&path).unwrap();
    store::shop::create(&conn, "示范店").unwrap();
    let first = staff::add(&conn, "李娜", Role::Manager, "x").unwrap();
    let second = staff::add(&conn, "周敏", Role::Manager, "x").unwrap();
    let mut v = Values::new_customer();
    v.set(Field::Name, "张三丰");
    v.set(Field::Phone, "13812345678");
    let customer = customers::create(&mut conn, &v, first, now().date()).unwrap();
    Shop {
        _dir: dir,
        path,
        first,
        second,
        customer,
    }
}

fn app_as(shop: &Shop, who: i64) -> App {
    let conn = store::open(&shop.path).unwrap();
    let mut app = screen::app_on(conn, "en", Mode::Shop, now());
    let me = staff::get(&app.env.conn, who).unwrap().unwrap();
    app.signed_in(me);
    app.overlay = None;
    aftercare::app::file::open(&mut app, shop.customer);
    assert!(app.view::<aftercare::app::file::FileState>().is_some());
    app
}

fn erased(shop: &Shop) -> bool {
    let conn = store::open(&shop.path).unwrap();
    customers::get(&conn, shop.customer)
        .unwrap()
        .unwrap()
        .erased_at
        .is_some()
}

#[test]
fn erasure_needs_the_reason_then_the_customers_name() {
    let shop = shop();
    let mut app = app_as(&shop, shop.first);
    app.update(Action::Erase);
    type_text(&mut app, "customer asked by phone");
    app.update(Action::Select);
    assert!(!erased(&shop), "the reason alone must not erase");
    app.update(Action::Select);
    assert!(!erased(&shop), "an Enter without the name must not erase");
    type_text(&mut app, "张三");
    app.update(Action::Select);
    assert!(!erased(&shop), "a wrong name must not erase");
    assert!(app.overlay.is_some());
    for _ in 0..2 {
        app.update(Action::DeleteBack);
    }
    type_text(&mut app, "张三丰");
    app.update(Action::Select);
    assert!(erased(&shop));
}

#[test]
fn a_manager_demoted_and_deactivated_meanwhile_cannot_erase_from_the_open_session() {
    let shop = shop();
    let mut app = app_as(&shop, shop.first);
    app.update(Action::Erase);
    type_text(&mut app, "customer asked");
    app.update(Action::Select);
    type_text(&mut app, "张三丰");
    // Another manager, in another process, demotes and deactivates 李娜.
    let mut other = store::open(&shop.path).unwrap();
    staff_admin::save(
        &mut other,
        &staff_admin::Change {
            id: Some(shop.first),
            version: 1,
            name: "李娜",
            role: Role::Associate,
            active: false,
            pin_hash: None,
        },
        shop.second,
    )
    .unwrap();
    app.update(Action::Select);
    assert!(!erased(&shop));
    assert!(app.view::<aftercare::app::signin::SignInState>().is_some());
    assert!(app.user.is_none());
}

#[test]
fn the_store_refuses_an_erasure_by_a_demoted_manager() {
    let shop = shop();
    let mut conn = store::open(&shop.path).unwrap();
    conn.execute(
        "UPDATE staff SET role = 'associate' WHERE id = ?1",
        [shop.first],
    )
    .unwrap();
    let e = customers::erase(&mut conn, shop.customer, shop.first, "asked").unwrap_err();
    assert!(e.downcast_ref::<staff::NotPermitted>().is_some());
    assert!(!erased(&shop));
}

#[test]
fn a_deactivated_person_falls_back_to_sign_in_on_the_next_tick() {
    let shop = shop();
    let mut app = app_as(&shop, shop.first);
    app.update(Action::Tick);
    let other = store::open(&shop.path).unwrap();
    other
        .execute("UPDATE staff SET active = 0 WHERE id = ?1", [shop.first])
        .unwrap();
    app.update(Action::Tick);
    assert!(app.view::<aftercare::app::signin::SignInState>().is_some());
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

#[test]
fn f8_then_a_burst_of_enter_erases_nothing() {
    let shop = shop();
    let mut app = app_as(&shop, shop.first);
    app.on_key(key(KeyCode::F(8)));
    for c in "x\r\r张三丰\r\r".chars() {
        app.on_key(key(if c == '\r' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        }));
    }
    assert!(!erased(&shop));
}
