//! A phone card played on the work form (issue 16), drawn with the
//! customer's pane at 80×24 (under the form) and 160×48 (beside it); and
//! refused outside training.

mod screen;

use aftercare::app::{Action, App, Mode};
use aftercare::domain::staff::Role;
use aftercare::shop_data::training_cards::TrainingCards;
use aftercare::store::{self, staff};
use chrono::{NaiveDate, NaiveDateTime};
use screen::render;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 30, 0)
        .unwrap()
}

/// A shop with the practice catalogue and one associate signed in.
fn app(lang: &str, mode: Mode) -> App {
    let conn = store::open_in_memory().unwrap();
    store::shop::create(&conn, "练习店 Practice").unwrap();
    let tina = staff::add(&conn, "Tina", Role::Associate, "x").unwrap();
    let mut a = screen::app_on(conn, lang, mode, now());
    let files = aftercare::shop_data::files::Files::locate(None);
    let cards = TrainingCards::load(&files, &a.env.policy.aftersale).unwrap();
    a.training_cards = std::sync::Arc::new(cards);
    let data = a.visit_data.clone();
    aftercare::training::prepare_sandbox(&mut a.env.conn, &data, None).unwrap();
    let who = staff::get(&a.env.conn, tina).unwrap().unwrap();
    a.signed_in(who);
    a
}

/// Plays the phone card `id` from the app's cards.
fn play(a: &mut App, lang: &str, id: &str) {
    let cards = a.training_cards.clone();
    let card = cards.phone(lang).iter().find(|c| c.id == id).unwrap();
    let effect = a.with_ctx(|cx| aftercare::app::callbacks::practice::start(cx, card));
    a.apply(effect);
}

#[test]
fn a_phone_card_is_refused_on_a_real_shop() {
    let mut a = app("en", Mode::Demo);
    play(&mut a, "en", "silk_blouse_callback");
    let s = render(&a, 100, 30);
    assert!(s.contains("only in training"), "{s}");
    let tasks: i64 = a
        .env
        .conn
        .query_row("SELECT COUNT(*) FROM tasks", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tasks, 0, "nothing seeded on a real shop");
}

#[test]
fn the_customer_answers_beside_the_work_form() {
    for lang in ["en", "zh-CN"] {
        let mut a = app(lang, Mode::Training);
        play(&mut a, lang, "silk_blouse_callback");
        let start = render(&a, 160, 48);
        // The purchase callback seeded for the card, due today, the trainee's.
        let (kind, due, owner): (String, String, String) = a
            .env
            .conn
            .query_row(
                "SELECT t.kind, t.due_on, s.name FROM tasks t JOIN staff s ON s.id = t.staff_id
                 WHERE t.done_at IS NULL",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(
            (kind.as_str(), due.as_str(), owner.as_str()),
            ("purchase_callback", "2026-11-23", "Tina")
        );
        insta::assert_snapshot!(format!("phone_start_{lang}_160x48"), start);
        for _ in 0..3 {
            a.update(Action::NextStep);
        }
        a.update(Action::Add);
        a.update(Action::Toggle);
        insta::assert_snapshot!(format!("phone_asked_{lang}_160x48"), render(&a, 160, 48));
        insta::assert_snapshot!(format!("phone_asked_{lang}_80x24"), render(&a, 80, 24));
    }
}

/// Every shipped phone card seeds its task, the trainee's and due today,
/// and opens its work form: a purchase callback, a miss-you contact (the
/// message from the library offered), a repair-ready call.
#[test]
fn every_phone_card_opens_the_call_it_is_about() {
    let a = app("en", Mode::Training);
    let cards = a.training_cards.clone();
    for card in cards.phone("en") {
        let mut a = app("en", Mode::Training);
        play(&mut a, "en", &card.id);
        let s = render(&a, 160, 48);
        let title = match card.kind.id() {
            "purchase" => "Purchase callback:",
            "miss_you" => "Miss you:",
            _ => "Repair ready call:",
        };
        assert!(
            s.contains(title) && s.contains("Ask next"),
            "{}: {s}",
            card.id
        );
        if card.kind.id() == "miss_you" {
            assert!(s.contains("Message:"), "{}: {s}", card.id);
        }
        let open: Vec<(String, String)> = a
            .env
            .conn
            .prepare(
                "SELECT t.due_on, s.name FROM tasks t JOIN staff s ON s.id = t.staff_id
                 WHERE t.done_at IS NULL AND t.kind IN ('purchase_callback', 'miss_you', 'repair_ready_call')",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(open, [("2026-11-23".into(), "Tina".into())], "{}", card.id);
    }
}
