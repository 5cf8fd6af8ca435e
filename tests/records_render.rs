//! Issue 13 on screen: two milestone thanks for one customer each say
//! which milestone, in money (¥5,000), never the raw fen (500000).

mod screen;

use aftercare::app::{Action, App, Mode};
use aftercare::domain::customer::{Field, Values};
use aftercare::domain::staff::Role;
use aftercare::store::{self, customers, staff, tasks};
use chrono::{NaiveDate, NaiveDateTime};
use screen::render;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 30, 0)
        .unwrap()
}

fn shop_with_two_milestones(lang: &str) -> App {
    let mut conn = store::open_in_memory().unwrap();
    store::shop::create(&conn, "示范店 Demo").unwrap();
    let boss = staff::add(&conn, "李娜", Role::Manager, "x").unwrap();
    let mut v = Values::new_customer();
    v.set(Field::Name, "张三丰");
    v.set(Field::Phone, "13812345678");
    let today = now().date();
    let id = customers::create(&mut conn, &v, boss, today).unwrap();
    // As the after-purchase rules make them: the note held the fen.
    for m in [500_000, 1_000_000] {
        let source = format!("milestone:{m}");
        let note = m.to_string();
        tasks::create_once(
            &conn,
            "milestone_thanks",
            Some(id),
            Some(boss),
            today,
            &source,
            id,
            &note,
        )
        .unwrap();
    }
    let mut a = screen::app_on(conn, lang, Mode::Demo, now());
    let who = staff::get(&a.env.conn, boss).unwrap().unwrap();
    a.signed_in(who);
    a
}

#[test]
fn two_milestones_say_which_in_money_on_home_and_the_callbacks_screen() {
    for (lang, five, ten) in [
        ("en", "Thanks ¥5,000", "Thanks ¥10,000"),
        ("zh-CN", "满 ¥5,000 致谢", "满 ¥10,000 致谢"),
    ] {
        let mut a = shop_with_two_milestones(lang);
        let home = render(&a, 160, 40);
        assert!(home.contains(five) && home.contains(ten), "{home}");
        a.update(Action::Callbacks);
        let list = render(&a, 160, 40);
        assert!(list.contains(five) && list.contains(ten), "{list}");
        assert!(
            !list.contains("500000") && !list.contains("1000000"),
            "{list}"
        );
    }
    let mut a = shop_with_two_milestones("en");
    a.update(Action::Callbacks);
    let list = render(&a, 160, 40);
    assert!(list.contains("spend passed ¥10,000"), "{list}");
}
