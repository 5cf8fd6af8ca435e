//! Rendering tests: the screens drawn on ratatui's TestBackend, in English
//! and Chinese, at 80×24 and on a wide terminal.

mod screen;

use aftercare::app::{Action, App, Mode};
use aftercare::domain::customer::{Field, Values};
use aftercare::domain::staff::Role;
use aftercare::store::{self, customers, staff};
use chrono::{NaiveDate, NaiveDateTime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use screen::{render, type_text};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 30, 0)
        .unwrap()
}

/// A small shop: a manager, an associate, two customers (one with a birthday tomorrow).
fn app(lang: &str) -> App {
    let mut conn = store::open_in_memory().unwrap();
    let hash = "not-used";
    store::shop::create(&conn, "示范店 Demo").unwrap();
    let manager = staff::add(&conn, "李娜", Role::Manager, hash).unwrap();
    staff::add(&conn, "Wang Fang", Role::Associate, hash).unwrap();
    let today = now().date();
    let mut v = Values::new_customer();
    v.set(Field::Name, "张三丰");
    v.set(Field::Phone, "13812345678");
    v.set(Field::Birthday, "1980-11-24");
    v.set(Field::Hobbies, "太极");
    customers::create(&mut conn, &v, manager, today).unwrap();
    let mut v = Values::new_customer();
    v.set(Field::Name, "Emily Chen");
    v.set(Field::Phone, "13900001111");
    customers::create(&mut conn, &v, manager, today).unwrap();
    screen::app_on(conn, lang, Mode::Demo, now())
}

fn signed_in(lang: &str) -> App {
    let mut a = app(lang);
    let manager = staff::list(&a.env.conn).unwrap().remove(0);
    a.signed_in(manager);
    a
}

#[test]
fn sign_in_screen() {
    insta::assert_snapshot!(render(&app("en"), 80, 24));
    insta::assert_snapshot!(render(&app("zh-CN"), 80, 24));
}

#[test]
fn home_screen_80x24_and_wide() {
    let a = signed_in("en");
    insta::assert_snapshot!(render(&a, 80, 24));
    insta::assert_snapshot!(render(&a, 160, 30));
    insta::assert_snapshot!(render(&signed_in("zh-CN"), 80, 24));
}

#[test]
fn search_by_pinyin_initials_with_masked_phones() {
    let mut a = signed_in("zh-CN");
    a.update(Action::Customers);
    type_text(&mut a, "zsf");
    let screen = render(&a, 80, 24);
    assert!(screen.contains("张三丰"), "{screen}");
    assert!(screen.contains("138****5678"), "{screen}");
    assert!(!screen.contains("13812345678"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn the_file_shows_the_full_phone() {
    let mut a = signed_in("en");
    a.update(Action::Customers);
    type_text(&mut a, "5678");
    a.update(Action::Select);
    insta::assert_snapshot!(render(&a, 80, 24));
}

#[test]
fn form_errors_stand_beside_their_fields() {
    let mut a = signed_in("en");
    a.update(Action::NewCustomer);
    type_text(&mut a, "王芳");
    a.update(Action::NextFocus);
    type_text(&mut a, "12");
    a.update(Action::Save);
    let screen = render(&a, 80, 24);
    assert!(screen.contains("← not a phone: like"), "{screen}");
    assert!(screen.contains("王芳"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn help_lists_the_active_key_map() {
    let mut a = signed_in("en");
    a.update(Action::Help);
    let screen = render(&a, 100, 40);
    assert!(
        screen.contains("F3") && screen.contains("Customers"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn the_cursor_sits_after_wide_characters() {
    let mut a = signed_in("zh-CN");
    a.update(Action::Customers);
    type_text(&mut a, "张三");
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| aftercare::ui::draw(f, &a)).unwrap();
    let pos = t.get_cursor_position().unwrap();
    // The field starts at column 1 inside its box; two wide characters take four columns.
    assert_eq!((pos.x, pos.y), (1 + 4, 1));
}

#[test]
fn training_mode_shows_its_banner() {
    let mut a = app("en");
    a.env.mode = Mode::Training;
    let screen = render(&a, 80, 24);
    assert!(
        screen.lines().next().unwrap().contains("TRAINING"),
        "{screen}"
    );
}
