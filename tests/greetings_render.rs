//! The greetings screen drawn on TestBackend, in English and Chinese, at
//! 80×24 and 160×48: birthdays (a VIP with her discount) and Mid-Autumn
//! coming up, the preview filled in, the library with a refused edit.

mod screen;

use aftercare::app::{Action, App, Mode};
use aftercare::domain::customer::{Field, Values};
use aftercare::domain::staff::Role;
use aftercare::store::{self, customers, staff};
use chrono::{NaiveDate, NaiveDateTime};
use screen::{render, type_text};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 9, 20)
        .unwrap()
        .and_hms_opt(10, 30, 0)
        .unwrap()
}

/// A shop five days before Mid-Autumn: three customers, two with birthdays this week.
fn app(lang: &str) -> App {
    let mut conn = store::open_in_memory().unwrap();
    store::shop::create(&conn, "丽人服饰").unwrap();
    let manager = staff::add(&conn, "李娜", Role::Manager, "x").unwrap();
    let today = now().date();
    for (name, phone, birthday, spend) in [
        ("王丽", "13812345678", "1985-09-20", 1_200_000),
        ("Emily Chen", "13900001111", "1990-09-23", 0),
        ("赵敏", "13700002222", "", 50_000),
    ] {
        let mut v = Values::new_customer();
        v.set(Field::Name, name);
        v.set(Field::Phone, phone);
        if !birthday.is_empty() {
            v.set(Field::Birthday, birthday);
        }
        let id = customers::create(&mut conn, &v, manager, today).unwrap();
        conn.execute(
            "UPDATE customers SET total_spend_fen = ?1, closest_staff_id = ?2 WHERE id = ?3",
            [spend, manager, id],
        )
        .unwrap();
    }
    let mut a = screen::app_on(conn, lang, Mode::Shop, now());
    let manager = staff::list(&a.env.conn).unwrap().remove(0);
    a.signed_in(manager);
    a.update(Action::Greetings);
    a
}

#[test]
fn greetings_due_with_the_preview_in_both_languages_and_sizes() {
    for lang in ["en", "zh-CN"] {
        let a = app(lang);
        insta::assert_snapshot!(format!("due_{lang}_80x24"), render(&a, 80, 24));
        insta::assert_snapshot!(format!("due_{lang}_160x48"), render(&a, 160, 48));
    }
}

#[test]
fn another_template_and_a_refused_library_edit() {
    for lang in ["en", "zh-CN"] {
        let mut a = app(lang);
        a.update(Action::Toggle);
        insta::assert_snapshot!(format!("next_template_{lang}_80x24"), render(&a, 80, 24));
        // The library, the festival kind: edit the first one to name a sale.
        a.update(Action::Down);
        a.update(Action::Down);
        a.update(Action::Down);
        a.update(Action::Edit);
        a.update(Action::Edit);
        a.update(Action::CursorEnd);
        type_text(
            &mut a,
            if lang == "en" {
                " Big sale today!"
            } else {
                "全场打折！"
            },
        );
        a.update(Action::Save);
        let screen = render(&a, 160, 48);
        assert!(
            screen.contains(if lang == "en" { "sale" } else { "打折" }),
            "{screen}"
        );
        insta::assert_snapshot!(format!("library_refused_{lang}_160x48"), screen);
        insta::assert_snapshot!(format!("library_refused_{lang}_80x24"), render(&a, 80, 24));
    }
}

#[test]
fn a_long_festival_list_pages_and_counts_every_customer() {
    let mut a = app("en");
    for i in 0..40 {
        a.env
            .conn
            .execute(
                "INSERT INTO customers (name, phone, created_at, updated_at) VALUES (?1, '13600000000', 'x', 'x')",
                [format!("Guest {i:02}")],
            )
            .unwrap();
    }
    a.update(Action::Refresh);
    let screen = render(&a, 160, 48);
    assert!(
        screen.contains("Mid-Autumn Festival · Festival · 09-25 In 5 days (43)"),
        "{screen}"
    );
    assert!(screen.contains("30 of 43 · ] next page"), "{screen}");
    // Onto the festival's rows, then its next page.
    for _ in 0..3 {
        a.update(Action::Down);
    }
    a.update(Action::NextTab);
    let screen = render(&a, 160, 48);
    assert!(screen.contains("43 of 43"), "{screen}");
    assert!(screen.contains("page 2"), "{screen}");
    assert!(screen.contains("Guest 39"), "{screen}");
    a.update(Action::PrevTab);
    assert!(render(&a, 160, 48).contains("30 of 43"));
}

#[test]
fn leaving_a_half_edited_template_asks_first() {
    let mut a = app("en");
    a.update(Action::Edit);
    a.update(Action::Edit);
    type_text(&mut a, "x");
    a.update(Action::Home);
    let screen = render(&a, 80, 24);
    assert!(screen.contains("Discard"), "{screen}");
}

#[test]
fn enter_opens_the_customers_file_and_esc_comes_back() {
    let mut a = app("en");
    a.update(Action::Select);
    let file = render(&a, 100, 30);
    assert!(!file.contains("[ Send s ]"), "{file}");
    assert!(file.contains("王丽"), "{file}");
    a.update(Action::Back);
    assert!(render(&a, 100, 30).contains("[ Send s ]"));
    // Nothing was sent by Enter.
    let sent: i64 = a
        .env
        .conn
        .query_row("SELECT COUNT(*) FROM greetings_sent", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sent, 0);
}

#[test]
fn help_lists_the_greetings_keys() {
    let mut a = app("en");
    a.update(Action::Help);
    let help = render(&a, 100, 40);
    for want in [
        "Send",
        "Next page of the occasion",
        "Message library / edit a template",
    ] {
        assert!(help.contains(want), "{want}: {help}");
    }
    insta::assert_snapshot!("help_en_100x40", help);
}
