//! Issue 13: a complaint whose revisit found the customer not satisfied is
//! not closed plainly: handling is reopened, or a manager closes it with a
//! recorded reason. The progress strip marks the steps recorded.

mod screen;

use aftercare::app::{Action, App, Mode};
use aftercare::domain::complaint::{Channel, Resolution, State, Urgency};
use aftercare::domain::customer::{Field, Values};
use aftercare::domain::staff::Role;
use aftercare::store::complaints::{self, MoveRequest, NewComplaint};
use aftercare::store::{self, customers, staff};
use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use screen::{render, type_text};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap()
}

/// A complaint taken a week ago and moved by the store up to `upto`; the
/// revisit (if reached) answered `satisfied`.
fn shop(lang: &str, upto: State, satisfied: bool, who: &str) -> (App, i64) {
    let mut conn = store::open_in_memory().unwrap();
    store::shop::create(&conn, "示范店 Demo").unwrap();
    let manager = staff::add(&conn, "李娜", Role::Manager, "x").unwrap();
    staff::add(&conn, "王芳", Role::Associate, "x").unwrap();
    let mut v = Values::new_customer();
    v.set(Field::Name, "张三丰");
    v.set(Field::Phone, "13812345678");
    let c = customers::create(&mut conn, &v, manager, now().date()).unwrap();
    let files = aftercare::shop_data::files::Files::locate(None);
    let rules = aftercare::shop_data::policy::Policy::load(&files)
        .unwrap()
        .service;
    let cat = rules.routing.category("quality").unwrap().clone();
    let route = rules.routing.route("quality").unwrap();
    let t0 = Utc.from_utc_datetime(&now()) - Duration::days(7);
    let id = store::write(&mut conn, |tx| {
        complaints::create(
            tx,
            &NewComplaint {
                channel: Channel::Hotline,
                customer_id: Some(c),
                purchase_line_id: None,
                product: "",
                batch_no: "",
                category: &cat,
                route: &route,
                urgency: Urgency::Normal,
                major: false,
                words: "the zip broke",
                taken_by: manager,
                received_at: t0,
                received_on: t0.date_naive(),
            },
            &rules.complaints.revisit,
        )
    })
    .unwrap();
    let mut version = 1;
    for (i, to) in [
        State::Verified,
        State::Handled,
        State::FedBack,
        State::Revisited,
    ]
    .into_iter()
    .enumerate()
    {
        if to > upto {
            break;
        }
        let at = t0 + Duration::hours(6 * (i as i64 + 1));
        let m = MoveRequest {
            id,
            version,
            to,
            note: "done",
            resolution: Some(Resolution::Repair),
            satisfied: (to == State::Revisited).then_some(satisfied),
            manager_decision: false,
            staff: manager,
            now: at,
            today: at.date_naive(),
        };
        version =
            complaints::advance(&mut conn, &m, &rules.routing, &rules.complaints.revisit).unwrap();
    }
    let mut a = screen::app_on(conn, lang, Mode::Shop, now());
    let me = staff::list(&a.env.conn)
        .unwrap()
        .into_iter()
        .find(|s| s.name == who)
        .unwrap();
    a.signed_in(me);
    a.update(Action::Complaints);
    a.update(Action::Select);
    (a, id)
}

/// Focuses the field whose label is on screen, by tapping it.
fn tap_text(a: &mut App, text: &str) {
    let screen = render(a, 100, 30);
    let (row, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(text))
        .unwrap_or_else(|| panic!("{text} not on screen:\n{screen}"));
    let col = unicode_width::UnicodeWidthStr::width(&line[..line.find(text).unwrap()]) as u16;
    let area = ratatui::layout::Rect::new(0, 0, 100, 30);
    let action = aftercare::ui::hit(a, area, col + 1, row as u16)
        .unwrap_or_else(|| panic!("nothing to tap at {text}:\n{screen}"));
    a.update(action);
}

/// F10, then the confirmation that names the move: Tab to Confirm, Enter.
fn save(a: &mut App) {
    a.update(Action::Save);
    if a.overlay.is_some() {
        a.update(Action::NextFocus);
        a.update(Action::Select);
    }
}

fn state_of(a: &App, id: i64) -> State {
    complaints::get(&a.env.conn, id).unwrap().unwrap().state
}

#[test]
fn the_strip_ticks_the_step_recorded_and_points_at_the_next() {
    let (a, _) = shop("en", State::Verified, true, "李娜");
    let s = render(&a, 100, 30);
    assert!(s.contains("Accepted✓ › Verified✓ › Handled ›"), "{s}");
    let (a, _) = shop("en", State::FedBack, true, "李娜");
    let s = render(&a, 100, 30);
    assert!(s.contains("Fed back✓ › Revisited ›"), "{s}");
}

#[test]
fn a_manager_closes_an_unsatisfied_complaint_only_with_a_reason() {
    let (mut a, id) = shop("en", State::Revisited, false, "李娜");
    let s = render(&a, 100, 30);
    assert!(s.contains("Revisited✓"), "{s}");
    // A plain save: the next step must be chosen.
    save(&mut a);
    assert!(render(&a, 100, 30).contains("← choose one"));
    assert_eq!(state_of(&a, id), State::Revisited);
    // The refusal focused the choice: reopen, then the manager's decision.
    a.update(Action::Toggle);
    a.update(Action::Toggle);
    assert!(render(&a, 100, 30).contains("‹ Close: manager's decision ›"));
    tap_text(&mut a, "Note");
    type_text(&mut a, "Repair offered twice; she wants a new coat");
    save(&mut a);
    assert_eq!(state_of(&a, id), State::Closed);
    let c = complaints::get(&a.env.conn, id).unwrap().unwrap();
    assert_eq!(c.close_reason, "Repair offered twice; she wants a new coat");
    let s = render(&a, 100, 30);
    assert!(
        s.contains("Closed by 李娜's decision: Repair offered twice"),
        "{s}"
    );
}

#[test]
fn an_associate_cannot_decide_but_reopens_handling() {
    let (mut a, id) = shop("zh-CN", State::Revisited, false, "王芳");
    a.update(Action::First);
    a.update(Action::Toggle);
    a.update(Action::Toggle);
    tap_text(&mut a, "备注");
    type_text(&mut a, "我想结案");
    save(&mut a);
    let s = render(&a, 100, 30);
    assert!(s.contains("只能由店长决定结案"), "{s}");
    assert_eq!(state_of(&a, id), State::Revisited);
    // Reopen: back to handling, with what will be done now (the refusal
    // focused the choice: past "—" to reopen).
    a.update(Action::Toggle);
    a.update(Action::Toggle);
    assert!(render(&a, 100, 30).contains("‹ 重新处理 ›"));
    a.update(Action::NextFocus);
    a.update(Action::Toggle);
    save(&mut a);
    let c = complaints::get(&a.env.conn, id).unwrap().unwrap();
    assert_eq!(
        (c.state, c.reopened),
        (State::Handled, 1),
        "{}",
        render(&a, 100, 30)
    );
    let s = render(&a, 100, 30);
    assert!(s.contains("回访不满意后重新处理（1 次）"), "{s}");
}
