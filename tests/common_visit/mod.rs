//! A small shop for the visit tests: staff, a catalogue with a suit above
//! the dry-clean threshold, leather and an add-on, customers (one referrer,
//! one not seen for long), and helpers to drive the app by actions.

#![allow(dead_code)]

#[path = "../screen/mod.rs"]
mod screen;
pub use screen::render;

use aftercare::app::visit::{Row, Text, VisitState};
use aftercare::app::{Action, App, Clock, Env, Mode};
use aftercare::domain::customer::{Field, Values};
use aftercare::domain::staff::Role;
use aftercare::i18n::Locale;
use aftercare::keymap::KeyMap;
use aftercare::shop_data::files::Files;
use aftercare::shop_data::policy::Policy;
use aftercare::store::products::{self, Product};
use aftercare::store::{self, customers, staff};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use std::time::Duration;

pub fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 30, 0)
        .unwrap()
}

fn product(style: &str, name: &str, cat: &str, price: i64) -> Product {
    Product {
        id: 0,
        style_no: style.into(),
        name: name.into(),
        category: cat.into(),
        list_price_fen: price,
        current_price_fen: price,
        clearance: false,
        made_to_order: false,
        sizes: "48,50".into(),
        colours: "navy,black".into(),
    }
}

/// The shop's rows; returns the associate's id.
pub fn fill(conn: &mut Connection) -> i64 {
    store::shop::create(conn, "示范店 Demo").unwrap();
    staff::add(conn, "李娜", Role::Manager, "x").unwrap();
    let a = staff::add(conn, "王芳", Role::Associate, "x").unwrap();
    for p in [
        product("S2401", "Wool suit 羊毛西装", "suit", 268_000),
        product("L1001", "Lambskin jacket 羊皮夹克", "leather", 329_000),
        product("X7001", "Silk tie 真丝领带", "textile", 29_900),
    ] {
        products::add(conn, &p).unwrap();
    }
    let mut v = Values::new_customer();
    v.set(Field::Name, "刘强");
    v.set(Field::Phone, "13900001111");
    customers::create(conn, &v, a, now().date()).unwrap();
    let mut v = Values::new_customer();
    v.set(Field::Name, "周阿姨");
    v.set(Field::Phone, "13700002222");
    let id = customers::create(conn, &v, a, now().date()).unwrap();
    conn.execute(
        "UPDATE customers SET last_visit_on = '2026-03-01' WHERE id = ?1",
        [id],
    )
    .unwrap();
    a
}

pub fn env(conn: Connection, lang: &str, mode: Mode) -> Env {
    env_at(conn, lang, mode, now())
}

/// [`env`] with the clock fixed at `at`.
pub fn env_at(conn: Connection, lang: &str, mode: Mode, at: NaiveDateTime) -> Env {
    let files = Files::locate(None);
    Env {
        conn,
        policy: Policy::load(&files).unwrap(),
        locale: Locale::load(&files, lang).unwrap(),
        keymap: KeyMap::load(&files, "default", None).unwrap(),
        mode,
        idle_lock: Duration::from_secs(300),
        clock: Clock::Fixed(at),
        reasons: aftercare::shop_data::reasons::Reasons::load(&files, lang).unwrap(),
        receipts_dir: std::env::temp_dir().join("aftercare-visit-receipts"),
    }
}

/// An app signed in as the associate, on an in-memory shop.
pub fn app(lang: &str, mode: Mode) -> App {
    let mut conn = store::open_in_memory().unwrap();
    fill(&mut conn);
    signed_in(App::new(env(conn, lang, mode)).unwrap(), "王芳")
}

pub fn signed_in(mut a: App, name: &str) -> App {
    let who = staff::list(&a.env.conn)
        .unwrap()
        .into_iter()
        .find(|s| s.name == name)
        .unwrap();
    a.signed_in(who);
    a
}

pub fn type_text(app: &mut App, s: &str) {
    for c in s.chars() {
        app.update(Action::Type(c));
    }
}

pub fn focus(app: &App) -> Row {
    match app.view::<VisitState>() {
        Some(v) => v.focus,
        None => panic!("not on a visit"),
    }
}

/// Moves the focus down (wrapping with Tab) until `row` has it.
pub fn focus_on(app: &mut App, row: Row) {
    for _ in 0..60 {
        if focus(app) == row {
            return;
        }
        app.update(Action::NextFocus);
    }
    panic!("row {row:?} never got the focus");
}

/// Moves to the next step; a step left with nothing ticked asks first
/// (data/practices.toml), so a second press moves on.
pub fn next_step(app: &mut App) {
    move_by(app, Action::NextStep);
}

/// Jumps by the step strip to step `index` (0-based), answering the
/// nothing-ticked question with a second tap when it is asked.
pub fn jump_to(app: &mut App, index: u16) {
    let tap = strip_tap(app, index);
    move_by(app, tap);
}

/// Taps step `index` (0-based) on the step strip once.
pub fn tap_step(app: &mut App, index: u16) {
    let tap = strip_tap(app, index);
    app.update(tap);
}

/// The tap on step `index` of the strip, as drawn at 100×30.
fn strip_tap(app: &App, index: u16) -> Action {
    let screen = render(app, 100, 30);
    let (row, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("1") && ["▶", "✓", "↷", "·"].iter().any(|m| l.contains(m)))
        .expect("the step strip");
    let label = (index + 1).to_string();
    let col = line
        .char_indices()
        .zip(line.chars().skip(1))
        .find(|((_, c), next)| {
            c.to_string() == label && ["▶", "✓", "↷", "·"].contains(&next.to_string().as_str())
        })
        .map(|((i, _), _)| aftercare::ui::widgets::width(&line[..i]))
        .expect("the step on the strip");
    let area = ratatui::layout::Rect::new(0, 0, 100, 30);
    aftercare::ui::hit(app, area, col, row as u16).expect("a tap target")
}

fn move_by(app: &mut App, a: Action) {
    let before = current(app);
    app.update(a);
    if current(app) == before {
        app.update(a);
    }
}

/// Ticks every checklist item of the step on screen.
pub fn tick_all(app: &mut App) {
    let n = app.flow().steps[current(app)].checklist.len();
    for i in 0..n {
        focus_on(app, Row::Check(i as u8));
        app.update(Action::Toggle);
    }
}

pub fn current(app: &App) -> usize {
    match app.view::<VisitState>() {
        Some(v) => v.visit.current,
        None => panic!("not on a visit"),
    }
}

/// Types a query into the product picker and adds the first match.
pub fn add_product(app: &mut App, query: &str) {
    focus_on(app, Row::Text(Text::ProductSearch));
    type_text(app, query);
    app.update(Action::Select);
}

pub fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}
