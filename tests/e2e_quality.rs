//! Service quality in a pseudo-terminal (DOMAIN §8, issue 18): a repair
//! job's "1+5" recorded from its page and counted on the staff board; a
//! manager's service check failing, with the veto on the board.

mod common;

use aftercare::domain::quality::ServiceKind;
use chrono::NaiveDate;
use common::{Key, Shop, TestResult, Tui};

/// The figures on the row of `name`, as words.
fn row_of(t: &Tui, name: &str) -> Option<Vec<String>> {
    t.rows()
        .into_iter()
        .find(|l| l.starts_with(&format!("│{name}")))
        .map(|l| {
            l.trim_matches(|c: char| c == '│' || c.is_whitespace())
                .split_whitespace()
                .map(str::to_string)
                .collect()
        })
}

/// A repair job of this test: `state`, finished (if so) on the test day.
fn repair_job(shop: &Shop, no: &str, state: &str, staff: i64) -> i64 {
    let c = shop.conn();
    c.execute(
        "INSERT INTO repair_jobs(item, state, received_on, promised_on, job_no, contact_name,
             contact_phone, decision, staff_id, created_at, updated_at)
         VALUES ('Test wool coat', ?1, '2026-11-20', '2000-01-01', ?2, 'Test customer',
             '13800000000', 'free_repair', ?3, '2026-11-20T02:00:00Z', '2026-11-23T01:00:00Z')",
        rusqlite::params![state, no, staff],
    )
    .unwrap();
    c.last_insert_rowid()
}

/// seed 004: "“1”是指为用户提供一次就好的服务;“5”是指每次上门的同时为用户提供主动关怀的增值服务"
#[test]
fn a_repair_job_gets_its_one_plus_five_and_the_board_counts_it() -> TestResult {
    let shop = Shop::demo(30);
    let staff = shop.staff();
    let me = &staff[0];
    // Promised long ago: the first of the open jobs.
    let id = repair_job(&shop, "W26-T0001", "received", me.id);
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;
    t.key(Key::F(6));
    t.wait_for("W26-T0001")?;
    t.key(Key::Enter);
    t.wait_for("No 1+5 recorded yet.")?;
    t.send("f");
    t.wait_for("1+5 for repair job W26-T0001")?;
    t.wait_for("Extras given (0 of 5)")?;
    // The "1", then five extras.
    t.send(" ");
    for _ in 0..5 {
        t.key(Key::Down);
        t.send(" ");
    }
    t.wait_for("Extras given (5 of 5)")?;
    t.key(Key::F(10));
    t.wait_for("1+5 saved for W26-T0001: right first time + 5 extras.")?;
    // Back on the job page, which shows it.
    t.wait_for(&format!("right first time + 5/5 · {}", me.name))?;
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM one_plus_five WHERE job_kind = 'repair' AND job_id = ?1
             AND first_time_right = 1 AND extras_count = 5 AND staff_id = ?2",
            [id, me.id],
        ),
        1
    );
    // The board's quality columns: Tab moves the sort to "1+5".
    t.key(Key::F(2));
    t.send("b");
    t.wait_for("Files contest")?;
    t.keys(Key::Tab, 7);
    t.wait_for("Quality: 1+5, checks")?;
    t.wait_until("the 1+5 on the manager's row", common::TIMEOUT, |t| {
        row_of(t, &me.name)
            .is_some_and(|r| r.get(1..4) == Some(&["1".into(), "1".into(), "1".into()][..]))
    })?;
    Ok(())
}

/// seed 000: "內部核檢則是根據企業建立的服務標準,對售后服務過程進行檢查,實行服務質量否決權制度"
#[test]
fn a_failed_service_check_vetoes_the_associates_bonus_on_the_board() -> TestResult {
    let shop = Shop::demo(30);
    let staff = shop.staff();
    let manager = &staff[0];
    let associate = staff.last().unwrap();
    let id = repair_job(&shop, "W26-T0002", "collected", associate.id);
    // Where the job stands in the manager's list of finished services.
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let list = aftercare::store::service_checks::finished(
        &shop.conn(),
        today - chrono::Duration::days(30),
        300,
    )
    .unwrap();
    let at = list
        .iter()
        .position(|s| s.kind == ServiceKind::Repair && s.id == id)
        .expect("the collected job is offered for a check");
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;
    t.send("k");
    t.wait_for("Service checks")?;
    t.keys(Key::Down, at);
    t.key(Key::Enter);
    t.wait_for("Check Repair W26-T0002")?;
    t.wait_for(&format!("served by {}", associate.name))?;
    // "Courteous, no arguing" is the fifth item of the repair standard.
    t.keys(Key::Down, 4);
    t.send(" ");
    t.wait_for("NOT met")?;
    t.key(Key::F(10));
    t.wait_for("A failed check needs a reason in words.")?;
    t.send("Argued with the customer at hand-over");
    t.key(Key::F(10));
    t.wait_for(&format!(
        "Check recorded: W26-T0002 failed; {}'s bonus for 2026-11 is vetoed.",
        associate.name
    ))?;
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM service_checks WHERE service_kind = 'repair' AND service_id = ?1
             AND passed = 0 AND failed_items = 'courteous' AND staff_id = ?2 AND checked_by = ?3",
            [id, associate.id, manager.id],
        ),
        1
    );
    // The list marks it failed; on the board the associate's bonus is vetoed.
    t.wait_for("failed")?;
    t.key(Key::Esc);
    t.send("b");
    t.wait_for("Files contest")?;
    // From the contest place (the default sort) to "Bonus".
    t.keys(Key::Tab, 12);
    t.wait_for("Quality: 1+5, checks")?;
    t.wait_until("the veto on the associate's row", common::TIMEOUT, |t| {
        row_of(t, &associate.name).is_some_and(|r| r.contains(&"VETO".to_string()))
    })?;
    let row = row_of(&t, &associate.name).unwrap();
    // Name, 1+5, 1st, full, checks, failed, bonus.
    assert_eq!(
        row.get(4..7),
        Some(&["1".into(), "1".into(), "VETO".into()][..])
    );
    Ok(())
}

/// seed 001: "客服专人接受专业培训后,方可上岗"
#[test]
fn customer_service_takes_complaints_only_once_a_manager_marks_them_trained() -> TestResult {
    let shop = Shop::demo(30);
    let staff = shop.staff();
    // The demo's desk is trained; this one is new.
    let kefu = &staff[1];
    shop.conn()
        .execute(
            "UPDATE staff SET trained_on = NULL, trained_by = NULL WHERE id = ?1 AND role = 'service'",
            [kefu.id],
        )
        .unwrap();
    let mut t = shop.app().start();
    t.sign_in(&staff, 1)?;
    t.key(Key::F(9));
    t.wait_for("Open complaints")?;
    t.key(Key::F(4));
    t.wait_for("Not yet on duty for complaints")?;
    assert!(!t.screen().contains("Take a complaint"));
    t.key(Key::Ctrl('q'));
    assert!(t.wait_exit(common::TIMEOUT).is_some(), "the app quits");

    // The demo's own marks (made as the staff screen makes them) are logged too.
    let marks_before = shop.count(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'mark_trained' AND entity_id = ?1",
        [kefu.id],
    );
    // The manager marks them trained on the staff screen.
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;
    t.key(Key::F(7));
    t.wait_for("not trained: no complaints")?;
    t.key(Key::Down);
    t.send("t");
    t.wait_for(&format!("{} is marked trained", kefu.name))?;
    t.wait_for("trained 2026-11-23")?;
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM staff WHERE id = ?1 AND trained_on = '2026-11-23' AND trained_by = ?2",
            [kefu.id, staff[0].id],
        ),
        1
    );
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'mark_trained' AND entity_id = ?1",
            [kefu.id],
        ),
        marks_before + 1
    );
    t.key(Key::Ctrl('q'));
    assert!(t.wait_exit(common::TIMEOUT).is_some(), "the app quits");

    // Now on duty.
    let mut t = shop.app().start();
    t.sign_in(&staff, 1)?;
    t.key(Key::F(9));
    t.wait_for("Open complaints")?;
    t.key(Key::F(4));
    t.wait_for("Take a complaint")?;
    Ok(())
}
