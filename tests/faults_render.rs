//! A damaged database: every screen says so, with what to do, and never
//! shows an empty list in place of a failed query.

mod corrupt;
mod screen;

use corrupt::corrupt;

use aftercare::app::{Action, App, Mode};
use aftercare::demo::{DemoSpec, write_demo};
use aftercare::store::{self, staff::Staff};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// What every fault on screen tells the user to do.
const REMEDY: &str = "aftercare check";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn demo(dir: &Path) -> PathBuf {
    let path = dir.join("demo.db");
    write_demo(
        &path,
        &DemoSpec {
            customers: 60,
            seed: 5,
            today: today(),
        },
    )
    .unwrap();
    path
}

fn staff_of(path: &Path) -> Vec<Staff> {
    store::staff::list(&store::open(path).unwrap()).unwrap()
}

fn app_on(path: &Path, lang: &str) -> App {
    let conn = store::open(path).unwrap();
    screen::app_on(
        conn,
        lang,
        Mode::Shop,
        today().and_hms_opt(10, 30, 0).unwrap(),
    )
}

#[test]
fn search_on_a_damaged_database_says_so_not_nobody_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let people = staff_of(&path);
    assert!(corrupt(&path, |n| n.starts_with("customer")) >= 3);
    for lang in ["en", "zh-CN"] {
        let mut a = app_on(&path, lang);
        a.signed_in(people[0].clone());
        a.overlay = None;
        a.update(Action::Customers);
        for q in ["138", "wang", "王"] {
            screen::type_text(&mut a, q);
            // The next key clears a passing message; the fault stays with the list.
            a.update(Action::Down);
            let shown = screen::render(&a, 100, 30);
            assert!(shown.contains(REMEDY), "{lang} {q}:\n{shown}");
            let nobody = a.env.locale.t("customers.none");
            assert!(!shown.contains(nobody), "{lang} {q}:\n{shown}");
            a.update(Action::ClearField);
        }
    }
}

/// Each main screen, as reached from home.
const SCREENS: &[(&str, &[Action])] = &[
    ("home", &[Action::Home]),
    ("callbacks", &[Action::Callbacks]),
    ("contact log", &[Action::Callbacks, Action::NextTab]),
    ("desk", &[Action::Desk]),
    ("complaints", &[Action::Complaints]),
    ("registers", &[Action::Complaints, Action::Registers]),
    ("vip", &[Action::Vip]),
    ("gatherings", &[Action::Vip, Action::NextTab]),
    (
        "campaigns",
        &[Action::Vip, Action::NextTab, Action::NextTab],
    ),
    ("greetings", &[Action::Greetings]),
    ("board", &[Action::Board]),
    ("open visits", &[Action::OpenVisits]),
];

#[test]
fn every_list_on_a_damaged_database_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let people = staff_of(&path);
    // Everything but the staff and the shop: signing in still works.
    corrupt(&path, |n| !n.starts_with("staff") && !n.starts_with("shop"));
    let mut failures = Vec::new();
    for (name, keys) in SCREENS {
        let mut a = app_on(&path, "en");
        a.signed_in(people[0].clone());
        a.overlay = None;
        // Signing in met the damage already: each screen must find it again.
        a.db_fault = None;
        for k in *keys {
            a.update(*k);
        }
        // A key that does nothing here: passing messages go, faults stay.
        a.update(Action::Refresh);
        let shown = screen::render(&a, 120, 36);
        if !shown.contains(REMEDY) {
            failures.push(format!("{name}:\n{shown}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
