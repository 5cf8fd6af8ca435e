//! Taps on the after-sale desk family land on what was drawn: the desk's
//! tabs and rows, a job's move buttons, the returns screen's lines,
//! questions and buttons, the repair intake's fields and buttons.

mod screen;

use aftercare::app::desk::{DeskState, JobState, Tab};
use aftercare::app::repair_form::{RFIELDS, RField, RepairForm};
use aftercare::app::returns::ReturnState;
use aftercare::app::{Action, App, DialogKind, Mode, Overlay};
use aftercare::demo::{DemoSpec, write_demo};
use aftercare::store::{self, staff};
use chrono::NaiveDate;
use ratatui::layout::Rect;
use screen::{render, type_text};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// An associate on the desk of a small demo shop (no manager's banner of
/// complaints above it).
fn on_desk(dir: &std::path::Path) -> App {
    let path = dir.join("demo.db");
    let spec = DemoSpec {
        customers: 40,
        seed: 3,
        today: today(),
    };
    write_demo(&path, &spec).unwrap();
    let conn = store::open(&path).unwrap();
    let now = today().and_hms_opt(10, 30, 0).unwrap();
    let mut a = screen::app_on(conn, "en", Mode::Demo, now);
    let who = staff::list(&a.env.conn)
        .unwrap()
        .into_iter()
        .find(|s| !s.role.may_erase())
        .unwrap();
    a.signed_in(who);
    a.overlay = None;
    a.update(Action::Desk);
    assert!(a.view::<DeskState>().is_some(), "not on the desk");
    a
}

/// Taps the first place `text` is drawn at 80×24.
fn tap(a: &mut App, text: &str) {
    let shown = render(a, 80, 24);
    let (row, line) = shown
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(text))
        .unwrap_or_else(|| panic!("{text} not on screen:\n{shown}"));
    let col = unicode_width::UnicodeWidthStr::width(&line[..line.find(text).unwrap()]) as u16;
    tap_at(a, col + 1, row as u16);
}

fn tap_at(a: &mut App, col: u16, row: u16) {
    let shown = render(a, 80, 24);
    let action = aftercare::ui::hit(a, Rect::new(0, 0, 80, 24), col, row)
        .unwrap_or_else(|| panic!("nothing to tap at {col},{row}:\n{shown}"));
    a.update(action);
}

/// The screen row of the desk table's row `n` at 80×24 (tabs, border, header).
fn desk_row(n: u16) -> u16 {
    1 + 1 + 1 + n
}

#[test]
fn the_desk_s_tabs_and_rows_answer_taps() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = on_desk(dir.path());
    tap(&mut a, "Register (90 days)");
    assert_eq!(a.view::<DeskState>().unwrap().tab, Tab::Register);
    tap(&mut a, "Care jobs");
    assert_eq!(a.view::<DeskState>().unwrap().tab, Tab::Care);
    tap(&mut a, "Repair jobs");
    let d = a.view::<DeskState>().unwrap();
    assert_eq!(d.tab, Tab::Repairs);
    assert!(d.jobs.len() >= 2, "the demo has open repairs");
    let second = d.jobs[1].id;
    // The first tap selects, the second opens the job.
    tap_at(&mut a, 10, desk_row(1));
    let shown = render(&a, 80, 24);
    assert_eq!(a.view::<DeskState>().unwrap().selected, 1, "{shown}");
    tap_at(&mut a, 10, desk_row(1));
    let j = a.view::<JobState>().expect("the job opened");
    assert_eq!(j.job.id, second);
    // A move button asks before it moves the job.
    let shown = render(&a, 80, 24);
    let row = shown
        .lines()
        .position(|l| l.contains("[ 1 "))
        .expect("move buttons");
    let col = shown.lines().nth(row).unwrap().find("[ 1 ").unwrap() as u16;
    tap_at(&mut a, col + 1, row as u16);
    assert!(matches!(
        &a.overlay,
        Some(Overlay::Dialog(d)) if matches!(d.kind, DialogKind::ConfirmMove { .. })
    ));
    a.update(Action::Back);
    a.update(Action::Back);
    assert!(a.view::<DeskState>().is_some());
}

#[test]
fn the_returns_screen_answers_taps() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = on_desk(dir.path());
    // A product sold more than once: its sales are the lines found.
    let style: String = a
        .env
        .conn
        .query_row(
            "SELECT pr.style_no FROM purchase_lines l JOIN products pr ON pr.id = l.product_id
             GROUP BY l.product_id HAVING count(*) >= 2 ORDER BY l.product_id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    a.update(Action::Return);
    type_text(&mut a, &style);
    let r = a.view::<ReturnState>().expect("on the returns screen");
    assert!(r.lines.len() >= 2, "lines found:\n{}", render(&a, 80, 24));
    let open = r
        .lines
        .iter()
        .position(|l| !l.settled)
        .expect("an open line");
    // Find's box (3 rows), the note, the table's border and header.
    let row = 3 + 1 + 1 + 1 + open as u16;
    tap_at(&mut a, 5, row);
    assert_eq!(a.view::<ReturnState>().unwrap().selected, open);
    tap_at(&mut a, 5, row);
    assert!(
        !a.view::<ReturnState>().unwrap().finding(),
        "the line is picked"
    );
    // The receipt question: a first tap focuses it, a second turns it.
    tap(&mut a, "Has the receipt");
    let r = a.view::<ReturnState>().unwrap();
    assert_eq!(r.focus, 7);
    assert!(r.receipt);
    tap(&mut a, "Has the receipt");
    assert!(!a.view::<ReturnState>().unwrap().receipt);
    // Cancel goes back to finding the purchase.
    tap(&mut a, "Cancel");
    assert!(a.view::<ReturnState>().unwrap().finding());
}

#[test]
fn the_repair_intake_answers_taps() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = on_desk(dir.path());
    a.update(Action::Intake);
    assert!(a.view::<RepairForm>().is_some());
    let material = RFIELDS.iter().position(|f| *f == RField::Category).unwrap();
    tap(&mut a, "Material");
    assert_eq!(a.view::<RepairForm>().unwrap().focus, material);
    let before = a.view::<RepairForm>().unwrap().category;
    tap(&mut a, "Material");
    assert_ne!(a.view::<RepairForm>().unwrap().category, before);
    // Take in with nothing typed: the form says what is missing.
    tap(&mut a, "[ Take in");
    let f = a.view::<RepairForm>().expect("still on the form");
    assert!(!f.errors.is_empty());
    tap(&mut a, "Cancel");
    assert!(a.view::<DeskState>().is_some());
}
