//! A counter training card drawn on TestBackend: the customer's pane under
//! the counter at 80×24 and beside it at 160×48, never over the checklist
//! or the step's fields.

mod screen;

use aftercare::app::complaints::counter::{CounterState, practice};
use aftercare::app::{Action, App, Mode};
use aftercare::domain::staff::Role;
use aftercare::shop_data::files::Files;
use aftercare::shop_data::training_cards::counter_from_source;
use aftercare::store::{self, staff};
use chrono::NaiveDate;
use screen::{render, type_text};

/// A shop in `mode` with Tina signed in, after choosing the card `id`.
fn choosing(id: &str, mode: Mode) -> App {
    let conn = store::open_in_memory().unwrap();
    store::shop::create(&conn, "示范店 Demo").unwrap();
    staff::add(&conn, "Tina", Role::Associate, "x").unwrap();
    let now = NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap();
    let mut a = screen::app_on(conn, "en", mode, now);
    let tina = staff::list(&a.env.conn).unwrap().remove(0);
    a.signed_in(tina);
    let files = Files::locate(None);
    let cards = counter_from_source(&files.read("data/training/counter.en.toml").unwrap()).unwrap();
    let card = cards.into_iter().find(|c| c.id == id).unwrap();
    let effect = a.with_ctx(|cx| practice::start(cx, &card));
    a.apply(effect);
    a
}

/// The practice shop playing the card `id`.
fn playing(id: &str) -> App {
    let a = choosing(id, Mode::Training);
    assert!(a.view::<CounterState>().is_some(), "{}", render(&a, 80, 24));
    a
}

#[test]
fn a_card_is_never_played_on_a_real_shop() {
    let a = choosing("cream_rash", Mode::Shop);
    assert!(a.view::<CounterState>().is_none());
    let screen = render(&a, 80, 24);
    assert!(screen.contains("only in training"), "{screen}");
    let seeded: i64 = (a.env.conn)
        .query_row("SELECT COUNT(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(seeded, 0, "nothing written to the shop");
}

/// The practice phone the pane gives.
fn phone(screen: &str) -> String {
    let at = screen.find("phone number ").expect("the phone in the pane");
    screen[at + "phone number ".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

#[test]
fn the_customer_speaks_under_the_counter_at_80x24_and_beside_it_at_160x48() {
    let mut a = playing("cream_rash");
    let first = render(&a, 80, 24);
    assert!(first.contains("Your cream did this"), "{first}");
    insta::assert_snapshot!("counter_card_80x24", first);
    // To step 4, the fullest: every field and the checklist in sight.
    type_text(&mut a, &phone(&first));
    a.update(Action::NextFocus);
    a.update(Action::NextFocus);
    type_text(&mut a, "Red cheeks after the night cream");
    a.update(Action::Save);
    type_text(&mut a, "That must have been frightening.");
    a.update(Action::Save);
    type_text(&mut a, "I am truly sorry.");
    a.update(Action::Save);
    a.update(Action::Toggle);
    let fourth = render(&a, 80, 24);
    for label in [
        "9 Feedback",
        "Purchase",
        "Category",
        "Product",
        "Batch No.",
        "Restated",
        "You say",
        "Night cream",
        "at least you understand",
    ] {
        assert!(fourth.contains(label), "{label:?} hidden:\n{fourth}");
    }
    insta::assert_snapshot!("counter_card_step4_80x24", fourth);
    let wide = render(&a, 160, 48);
    // Beside: the customer's words start past the counter's 120 columns.
    let said: Vec<usize> = (wide.lines())
        .filter_map(|l| l.find("Customer:").map(|at| l[..at].chars().count()))
        .collect();
    assert!(!said.is_empty() && said.iter().all(|c| *c >= 120), "{wide}");
    insta::assert_snapshot!("counter_card_step4_160x48", wide);
}
