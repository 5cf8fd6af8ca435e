//! Birthday greetings say "today" (S1 `001_a34def3116873d92.txt`: "B、生日短信:
//! 短信旳重点是提醒顾客今天是她旳生日"): on the day the library's text goes out;
//! sent early, the text names the day instead, in both languages.

mod screen;

use aftercare::app::greetings::{GreetingsState, preview};
use aftercare::app::{Action, App, Mode};
use aftercare::domain::customer::{Field, Values};
use aftercare::domain::occasions::Kind;
use aftercare::domain::staff::Role;
use aftercare::store::{self, customers, staff};
use chrono::{NaiveDate, NaiveDateTime};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 7)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap()
}

/// 王丽's birthday is today, Emily Chen's on 9 December.
fn app(lang: &str) -> App {
    let mut conn = store::open_in_memory().unwrap();
    store::shop::create(&conn, "丽人服饰").unwrap();
    let manager = staff::add(&conn, "李娜", Role::Manager, "x").unwrap();
    for (name, phone, birthday) in [
        ("王丽", "13812345678", "1985-12-07"),
        ("Emily Chen", "13900001111", "1990-12-09"),
    ] {
        let mut v = Values::new_customer();
        v.set(Field::Name, name);
        v.set(Field::Phone, phone);
        v.set(Field::Birthday, birthday);
        customers::create(&mut conn, &v, manager, now().date()).unwrap();
    }
    let mut a = screen::app_on(conn, lang, Mode::Shop, now());
    let manager = staff::list(&a.env.conn).unwrap().remove(0);
    a.signed_in(manager);
    a.update(Action::Greetings);
    a
}

/// The birthday text each customer would be sent, by name.
fn texts(a: &App) -> Vec<(String, String)> {
    let s: &GreetingsState = a.view().expect("the greetings screen");
    let g = s
        .groups
        .iter()
        .find(|g| g.kind == Kind::Birthday)
        .expect("the birthdays");
    g.pane
        .rows
        .iter()
        .map(|r| (r.name.clone(), preview(a, g, r).unwrap()))
        .collect()
}

#[test]
fn a_birthday_greeting_says_today_on_the_day_and_names_the_day_when_early() {
    for (lang, early_words) in [
        ("zh-CN", ["12月9日是您的生日", "提前"]),
        ("en", ["birthday on 9 December", "ahead of"]),
    ] {
        let a = app(lang);
        let texts = texts(&a);
        // On the day: the library's text, which may say today.
        let on_day = &texts.iter().find(|(n, _)| n == "王丽").unwrap().1;
        assert!(
            on_day.contains("王丽") && !on_day.contains(early_words[0]),
            "{lang}: {on_day}"
        );
        let early = &texts.iter().find(|(n, _)| n == "Emily Chen").unwrap().1;
        for w in early_words {
            assert!(early.contains(w), "{lang}: {early}");
        }
        assert!(
            !early.contains("今天") && !early.to_lowercase().contains("today"),
            "{lang}: {early}"
        );
        assert!(
            early.contains("李娜") && early.contains("丽人服饰"),
            "{lang}: {early}"
        );
    }
}
