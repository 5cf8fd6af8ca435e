//! Every screen drawn at every size from a sliver to a wide terminal, in
//! both languages: no size may panic. Below a screen's minimum the app
//! asks for a bigger window instead of drawing.

mod screen;

use aftercare::app::{Action, App, Mode};
use aftercare::demo::{DemoSpec, write_demo};
use aftercare::store::{self, staff};
use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

const WIDTHS: &[u16] = &[1, 3, 10, 19, 20, 21, 25, 30, 34, 40, 50, 60, 80, 120];
const HEIGHTS: &[u16] = &[1, 3, 5, 8, 9, 10, 12, 16, 24, 40, 60];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn demo(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("demo.db");
    write_demo(
        &path,
        &DemoSpec {
            customers: 40,
            seed: 3,
            today: today(),
        },
    )
    .unwrap();
    path
}

fn app(path: &Path, lang: &str, manager: bool) -> App {
    let conn = store::open(path).unwrap();
    let now = today().and_hms_opt(10, 30, 0).unwrap();
    let mut a = screen::app_on(conn, lang, Mode::Demo, now);
    let people = staff::list(&a.env.conn).unwrap();
    let who = people
        .into_iter()
        .find(|s| s.role.may_erase() == manager)
        .unwrap();
    a.signed_in(who);
    a.overlay = None;
    a
}

/// Ways to every screen from home, as keys would go.
fn journeys() -> Vec<(&'static str, Vec<Action>)> {
    use Action::*;
    let search = vec![Customers, Type('1'), Type('3')];
    let mut file = search.clone();
    file.push(Select);
    let with = |base: &[Action], more: &[Action]| [base, more].concat();
    vec![
        ("home", vec![]),
        ("home focus", vec![NextFocus, NextFocus]),
        ("help", vec![Help]),
        ("search", search.clone()),
        ("file", file.clone()),
        ("file edit", with(&file, &[Edit])),
        ("file erase", with(&file, &[Erase])),
        ("file care", with(&file, &[Care])),
        ("file intake", with(&file, &[Intake])),
        ("file club", with(&file, &[JoinClub])),
        (
            "new customer",
            vec![NewCustomer, Type('王'), NextFocus, Type('1'), Save],
        ),
        ("staff", vec![Staff]),
        ("staff add", vec![Staff, Add]),
        ("staff edit", vec![Staff, Select]),
        ("desk", vec![Desk]),
        ("desk job", vec![Desk, Select]),
        ("desk job focus", vec![Desk, Select, NextFocus, NextFocus]),
        ("desk return", vec![Desk, Return]),
        ("desk return found", vec![Desk, Return, Type('1'), Select]),
        ("desk intake", vec![Desk, Intake]),
        ("complaints", vec![Complaints]),
        ("complaint", vec![Complaints, Select]),
        ("complaint add", vec![Complaints, Add]),
        ("counter", vec![Complaints, Counter]),
        (
            "counter fields",
            vec![Complaints, Counter, NextFocus, PageDown, PageDown],
        ),
        ("survey", vec![Complaints, Survey]),
        ("registers", vec![Complaints, Registers]),
        (
            "registers next",
            vec![Complaints, Registers, NextTab, NextTab],
        ),
        ("stats", vec![Complaints, Stats]),
        ("new visit", vec![NewVisit]),
        (
            "new visit steps",
            vec![NewVisit, NextStep, NextStep, NextStep],
        ),
        ("open visits", vec![OpenVisits]),
        ("visit stats", vec![VisitStats]),
        ("callbacks", vec![Callbacks]),
        ("callback", vec![Callbacks, Select]),
        ("contact log", vec![Callbacks, NextTab]),
        ("greetings", vec![Greetings]),
        ("greetings library", vec![Greetings, NextTab]),
        ("greetings edit", vec![Greetings, NextTab, Edit]),
        ("vip", vec![Vip]),
        ("vip gatherings", vec![Vip, NextTab]),
        ("vip gathering", vec![Vip, NextTab, Select]),
        ("vip gathering add", vec![Vip, NextTab, Add]),
        ("vip campaigns", vec![Vip, NextTab, NextTab]),
        ("board", vec![Board]),
        ("board next", vec![Board, NextFocus, Toggle]),
        ("lock", vec![Lock]),
    ]
}

/// Draws `app` at every size; returns what panicked.
fn sweep(app: &App, label: &str, failures: &mut Vec<String>) {
    for &w in WIDTHS {
        for &h in HEIGHTS {
            let drawn = catch_unwind(AssertUnwindSafe(|| {
                let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                t.draw(|f| aftercare::ui::draw(f, app)).unwrap();
            }));
            if let Err(e) = drawn {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{label} at {w}×{h}: {msg}"));
            }
        }
    }
}

#[test]
fn every_screen_draws_at_every_size_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut failures = Vec::new();
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for lang in ["en", "zh-CN"] {
        for manager in [true, false] {
            for (name, keys) in journeys() {
                let mut a = app(&path, lang, manager);
                for k in keys {
                    a.update(k);
                }
                let label = format!("{name} ({lang}, manager {manager})");
                sweep(&a, &label, &mut failures);
            }
        }
        // Before anyone signs in: the sign-in screen.
        let conn = store::open(&path).unwrap();
        let now = today().and_hms_opt(10, 30, 0).unwrap();
        let a = screen::app_on(conn, lang, Mode::Demo, now);
        assert!(a.view::<aftercare::app::signin::SignInState>().is_some());
        sweep(&a, &format!("sign-in ({lang})"), &mut failures);
        // First run: the set-up form.
        let a = screen::app_on(store::open_in_memory().unwrap(), lang, Mode::Training, now);
        sweep(&a, &format!("set-up ({lang})"), &mut failures);
    }
    std::panic::set_hook(quiet);
    assert!(
        failures.is_empty(),
        "{} draws panicked:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_small_window_asks_to_be_enlarged() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    for (lang, words) in [("en", "Enlarge"), ("zh-CN", "窗口")] {
        let mut a = app(&path, lang, true);
        a.update(Action::Complaints);
        a.update(Action::Counter);
        let screen = screen::render(&a, 20, 8);
        assert!(screen.contains(words), "{screen}");
        let screen = screen::render(&a, 100, 30);
        assert!(!screen.contains(words), "{screen}");
    }
}

/// A value people act on, cut: "…" right after a digit or a mask, a
/// masked phone short of its last four digits, an amount short of a cent.
fn cut_values(screen: &str) -> Vec<String> {
    let cut = regex::Regex::new(r"[0-9*¥,.:/-]…").unwrap();
    let short_phone = regex::Regex::new(r"\d{3}\*{4,}\d{0,3}(?:[^\d*]|$)").unwrap();
    let short_money = regex::Regex::new(r"¥[\d,]+\.\d(?:[^\d]|$)").unwrap();
    let mut out = Vec::new();
    for line in screen.lines() {
        for re in [&cut, &short_phone, &short_money] {
            if let Some(m) = re.find(line) {
                out.push(format!("{:?} in {line:?}", m.as_str()));
            }
        }
    }
    out
}

/// Issue 20: at 80×24, in both languages, as a manager and an associate,
/// every phone, amount, date and job number on every screen is whole.
#[test]
fn every_value_people_act_on_is_whole_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut failures = Vec::new();
    for lang in ["en", "zh-CN"] {
        for manager in [true, false] {
            for (name, keys) in journeys() {
                let mut a = app(&path, lang, manager);
                for k in keys {
                    a.update(k);
                }
                let screen = screen::render(&a, 80, 24);
                for c in cut_values(&screen) {
                    failures.push(format!("{name} ({lang}, manager {manager}): {c}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} values cut:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
