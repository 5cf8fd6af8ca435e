//! `aftercare check` recounts the staff board's kept figures: a tampered
//! one is named with what is kept and what was counted, the check fails
//! and says how to repair; `aftercare check --repair` writes them again
//! from the records and the next check passes.

mod common;

use common::Shop;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn check_names_a_tampered_kept_figure_and_repair_writes_it_again() {
    let shop = Shop::demo(20);
    let out = shop.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));

    let c = shop.conn();
    let (staff, month, kind, outcome): (i64, String, String, String) = c
        .query_row(
            "SELECT staff_id, month, kind, outcome FROM kept_contacts ORDER BY n DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let n: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM contacts WHERE staff_id = ?1 AND substr(at, 1, 7) = ?2
             AND kind = ?3 AND outcome = ?4",
            rusqlite::params![staff, month, kind, outcome],
            |r| r.get(0),
        )
        .unwrap();
    c.execute(
        "UPDATE kept_contacts SET n = n + 2 WHERE staff_id = ?1 AND month = ?2 AND kind = ?3 AND outcome = ?4",
        rusqlite::params![staff, month, kind, outcome],
    )
    .unwrap();
    drop(c);

    let out = shop.run(&["check"]);
    let said = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{said}");
    let line = format!(
        "kept figures: kept_contacts (staff_id, month, kind, outcome) {staff} {month} {kind} {outcome}: kept {}, counted {n} (n)",
        n + 2
    );
    assert!(said.contains(&line), "{line}\n{said}");
    assert!(said.contains("aftercare check --repair"), "{said}");

    let out = shop.run(&["check", "--repair"]);
    let said = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("written again from the records"), "{said}");
    assert!(said.contains("all checks passed"), "{said}");

    let out = shop.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let kept: i64 = shop
        .conn()
        .query_row(
            "SELECT n FROM kept_contacts WHERE staff_id = ?1 AND month = ?2 AND kind = ?3 AND outcome = ?4",
            rusqlite::params![staff, month, kind, outcome],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, n);
}
