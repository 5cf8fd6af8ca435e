//! The returns desk while a desk training card is played (issue 16): the
//! customer's pane under the desk at 80×24 and beside it at 160×48, the
//! trainee's answers where the engine's decision would be.

mod screen;

use std::sync::Arc;

use aftercare::app::{Action, App, Mode};
use aftercare::domain::staff::Role;
use aftercare::shop_data::files::Files;
use aftercare::shop_data::policy::Policy;
use aftercare::shop_data::training_cards::TrainingCards;
use aftercare::store::{self, staff};
use chrono::NaiveDate;
use screen::{render, type_text};

/// A practice shop with Tina signed in, the `id` card started, its
/// purchase found and picked.
fn playing(lang: &str, id: &str) -> App {
    let conn = store::open_in_memory().unwrap();
    store::shop::create(&conn, "Practice").unwrap();
    staff::add(&conn, "Tina", Role::Associate, "not-used").unwrap();
    let now = NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap();
    let mut a = screen::app_on(conn, lang, Mode::Training, now);
    let files = Files::locate(None);
    let policy = Policy::load(&files).unwrap();
    a.training_cards = Arc::new(TrainingCards::load(&files, &policy.aftersale).unwrap());
    let tina = staff::list(&a.env.conn).unwrap().remove(0);
    a.signed_in(tina);
    let card = (a.training_cards.desk(lang).iter())
        .find(|c| c.id == id)
        .unwrap()
        .clone();
    let effect = a.with_ctx(|cx| aftercare::app::returns::practice::start(cx, &card));
    a.apply(effect);
    let receipt: String = a
        .env
        .conn
        .query_row("SELECT receipt_no FROM purchases", [], |r| r.get(0))
        .unwrap();
    type_text(&mut a, &receipt);
    a.update(Action::Select);
    a
}

#[test]
fn the_desk_with_the_customer_beside_it_keeps_its_decision_back() {
    let mut a = playing("en", "washed_coat");
    for _ in 0..9 {
        a.update(Action::NextFocus);
    }
    a.update(Action::ToggleBack);
    let small = render(&a, 80, 24);
    assert!(small.contains("‹ Refused ›"), "{small}");
    assert!(!small.contains("rules R2"), "{small}");
    insta::assert_snapshot!(small);
    let wide = render(&a, 160, 48);
    assert!(wide.contains("Ms Zhao bought a"), "{wide}");
    insta::assert_snapshot!(wide);
    // Confirmed without a rule: refused, the answer still open.
    a.update(Action::Save);
    assert!(render(&a, 160, 48).contains("Choose your decision and the rule"));
    a.update(Action::NextFocus);
    a.update(Action::Toggle);
    a.update(Action::Save);
    let shown = render(&a, 160, 48);
    assert!(shown.contains("✓ Your decision: Refused"), "{shown}");
    assert!(shown.contains("✗ Your rule: R1"), "{shown}");
    insta::assert_snapshot!(shown);
    insta::assert_snapshot!(render(&a, 80, 24));
}

#[test]
fn the_desk_card_in_chinese() {
    let a = playing("zh-CN", "cream_rash");
    insta::assert_snapshot!(render(&a, 80, 24));
}

/// On a real shop (here the demo) a desk card is refused and nothing is
/// written.
#[test]
fn a_desk_card_is_refused_outside_the_practice_shop() {
    let conn = store::open_in_memory().unwrap();
    store::shop::create(&conn, "Real shop").unwrap();
    staff::add(&conn, "Tina", Role::Associate, "not-used").unwrap();
    let now = NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap();
    let mut a = screen::app_on(conn, "en", Mode::Demo, now);
    let files = Files::locate(None);
    let policy = Policy::load(&files).unwrap();
    let cards = TrainingCards::load(&files, &policy.aftersale).unwrap();
    let tina = staff::list(&a.env.conn).unwrap().remove(0);
    a.signed_in(tina);
    let effect =
        a.with_ctx(|cx| aftercare::app::returns::practice::start(cx, &cards.desk("en")[0]));
    a.apply(effect);
    let screen = render(&a, 160, 30);
    assert!(
        screen.contains("Desk cards are played only on the practice shop"),
        "{screen}"
    );
    let written: i64 = (a.env.conn)
        .query_row("SELECT COUNT(*) FROM purchases", [], |r| r.get(0))
        .unwrap();
    assert_eq!(written, 0);
    assert!(a.view::<aftercare::app::returns::ReturnState>().is_none());
}
