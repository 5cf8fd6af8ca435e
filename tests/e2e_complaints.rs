//! Complaints in a pseudo-terminal at 80×24: one taken at the counter
//! through the nine steps to "satisfied"; one from the hotline routed to
//! QC, escalated to the manager when a later run finds it overdue, and
//! closed only after its revisit.

mod common;

use common::{Key, Shop, Staff, TestResult};

/// The position in the sign-in list of the first member of staff with `role`.
fn first_with_role(shop: &Shop, staff: &[Staff], role: &str) -> usize {
    staff
        .iter()
        .position(|m| {
            shop.count(
                "SELECT COUNT(*) FROM staff WHERE id = ?1 AND role = ?2",
                rusqlite::params![m.id, role],
            ) == 1
        })
        .unwrap_or_else(|| panic!("no {role} in the demo shop"))
}

#[test]
fn a_complaint_at_the_counter_through_the_nine_steps_to_satisfied() -> TestResult {
    let shop = Shop::demo(30);
    without_demo_complaints(&shop);
    let customer = shop.findable_customer();
    let staff = shop.staff();
    let associate = first_with_role(&shop, &staff, "associate");
    let mut t = shop.app().size(80, 24).start();
    t.sign_in(&staff, associate)?;
    t.counter_to_resolve(&customer.phone, &customer.name)?;
    // 6: a repair, and what exactly.
    t.send(" ");
    t.wait_for("‹ Repair ›")?;
    t.key(Key::Tab);
    t.send("Free repair while she waits");
    t.key(Key::F(10));
    t.wait_for("▸ 7 Compensate")?;
    // 7: a gift worth 30 yuan.
    t.send(" ");
    t.wait_for("‹ Gift ›")?;
    t.key(Key::Tab);
    t.send("30");
    t.key(Key::Tab);
    t.send("a silk scarf");
    t.key(Key::F(10));
    t.wait_for("▸ 8 Result")?;
    // 8: satisfied (— → No → Yes).
    t.send("  ");
    t.wait_for("‹ Yes ›")?;
    t.key(Key::F(10));
    t.wait_for("▸ 9 Feedback")?;
    t.send("Call her on Friday");
    t.key(Key::F(10));
    t.wait_for("Settled at the counter")?;
    t.wait_for("Revisit due 2026-11-26")?;
    let c = shop.conn();
    let (state, settled, fen, channel, who, steps): (String, bool, i64, String, i64, i64) = c
        .query_row(
            "SELECT state, resolved_at_counter, compensation_fen, channel, customer_id,
                    (SELECT COUNT(*) FROM complaint_steps s WHERE s.complaint_id = c.id)
             FROM complaints c ORDER BY c.id DESC LIMIT 1",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        (state.as_str(), settled, fen, channel.as_str(), steps),
        ("fed_back", true, 3000, "in_store", 9)
    );
    assert_eq!(who, customer.id);
    let revisit: String = c
        .query_row(
            "SELECT due_on FROM tasks WHERE kind = 'complaint_revisit' AND source = 'complaint'
             AND source_id = (SELECT MAX(id) FROM complaints)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(revisit, "2026-11-26");
    Ok(())
}

/// Issue 19: the counter's last step writes the complaint, the new
/// customer's file and the revisit booking off the screen's thread. While
/// another process holds the write lock the counter stays on screen, says
/// it is waiting, and keys still echo; then the complaint lands.
#[test]
fn the_counter_waits_for_a_held_write_lock_with_keys_still_echoing() -> TestResult {
    let shop = Shop::demo(30);
    without_demo_complaints(&shop);
    let customer = shop.findable_customer();
    let staff = shop.staff();
    let associate = first_with_role(&shop, &staff, "associate");
    let mut t = shop.app().size(80, 24).start();
    t.sign_in(&staff, associate)?;
    t.counter_to_resolve(&customer.phone, &customer.name)?;
    t.send(" ");
    t.wait_for("‹ Repair ›")?;
    t.key(Key::Tab);
    t.send("Free repair while she waits");
    t.key(Key::F(10));
    t.wait_for("▸ 7 Compensate")?;
    t.key(Key::F(10));
    t.wait_for("▸ 8 Result")?;
    t.send("  ");
    t.wait_for("‹ Yes ›")?;
    t.key(Key::F(10));
    t.wait_for("▸ 9 Feedback")?;
    t.send("Call her on Friday");
    let holder = shop.conn();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    t.key(Key::F(10));
    t.wait_for_within(
        "waiting for the database",
        std::time::Duration::from_secs(5),
    )?;
    // The screen answers while the write waits: a key typed shows at once.
    t.send(" or Monday");
    t.wait_for_within("on Friday or Monday", std::time::Duration::from_secs(2))?;
    assert!(
        t.screen().contains("waiting for the database"),
        "{}",
        t.screen()
    );
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    t.wait_for("Settled at the counter")?;
    let n = shop.count(
        "SELECT COUNT(*) FROM tasks WHERE kind = 'complaint_revisit' AND source = 'complaint'",
        [],
    );
    assert_eq!(n, 1);
    Ok(())
}

#[test]
fn a_hotline_complaint_goes_to_qc_escalates_when_overdue_and_closes_after_the_revisit() -> TestResult
{
    let shop = Shop::demo(30);
    without_demo_complaints(&shop);
    let customer = shop.findable_customer();
    let staff = shop.staff();
    let service = first_with_role(&shop, &staff, "service");
    // Monday 10:00: customer service takes the call.
    let mut t = shop.app().size(80, 24).start();
    t.sign_in(&staff, service)?;
    t.key(Key::F(9));
    t.wait_for("Open complaints")?;
    t.key(Key::F(4));
    t.wait_for("Take a complaint")?;
    t.wait_for("‹ Hotline ›")?;
    t.key(Key::Tab);
    t.send(&customer.phone);
    t.wait_for("on file:")?;
    t.keys(Key::Tab, 3);
    t.send(" ");
    t.wait_for("QC department → Manufacturer")?;
    t.keys(Key::Tab, 5);
    t.send("The zip of my new coat broke the first time I wore it");
    t.key(Key::F(10));
    t.wait_for("taken: to QC department → Manufacturer")?;
    t.key(Key::Ctrl('q'));
    assert!(t.wait_exit(common::TIMEOUT).is_some(), "the app quits");
    let c = shop.conn();
    let (id, dep, then, channel): (i64, String, String, String) = c
        .query_row(
            "SELECT id, department, route_then, channel FROM complaints ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (dep.as_str(), then.as_str(), channel.as_str()),
        ("qc", "manufacturer", "hotline")
    );
    drop(c);

    // Tuesday 12:00, nobody called back: 26 hours, past the 24-hour first response.
    let mut t = shop
        .app()
        .size(80, 24)
        .env("AFTERCARE_NOW", "2026-11-24T12:00")
        .start();
    t.sign_in(&staff, 0)?;
    t.wait_for("1 complaint(s) need you: overdue or major")?;
    t.key(Key::F(9));
    t.wait_for("late 2h 00m")?;
    t.key(Key::Enter);
    t.wait_for("Next: Verified")?;
    t.wait_gone("need you")?;
    let seen: String = shop
        .conn()
        .query_row(
            "SELECT escalations_seen FROM complaints WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(seen, "first_response_late");
    // 核实: a note is needed, then the move is recorded.
    t.send("Called her back: the zip slider is broken");
    t.key(Key::F(10));
    t.confirm_move(None)?;
    t.wait_for("Next: Handled")?;
    // 处理: what was done.
    t.key(Key::BackTab);
    t.send(" ");
    t.wait_for("‹ Repair ›")?;
    t.key(Key::Tab);
    t.send("QC replaced the zip");
    t.key(Key::F(10));
    // Recorded off the screen's thread: it waits while another process
    // holds the write lock, the complaint still on screen, then lands.
    let holder = shop.conn();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    t.confirm_move(None)?;
    t.wait_for_within(
        "waiting for the database",
        std::time::Duration::from_secs(5),
    )?;
    assert!(t.screen().contains("QC replaced the zip"), "{}", t.screen());
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    t.wait_for("Next: Fed back")?;
    // 反馈.
    t.send("Told her the coat is ready on Friday");
    t.key(Key::F(10));
    t.confirm_move(None)?;
    t.wait_for("Next: Revisited")?;
    // After the feedback the only move is the revisit, never the close.
    t.wait_for("Record: Revisited")?;
    let state: String = shop
        .conn()
        .query_row("SELECT state FROM complaints WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(state, "fed_back");
    // 回访: satisfied now, in her words; the survey follows.
    t.key(Key::BackTab);
    t.send("  ");
    t.wait_for("‹ Yes ›")?;
    t.key(Key::Tab);
    t.send("She is happy with the repair");
    t.key(Key::F(10));
    t.confirm_move(None)?;
    t.wait_for("Satisfaction survey")?;
    t.send("5");
    t.key(Key::Tab);
    t.send("4");
    t.key(Key::Tab);
    t.send("5");
    t.key(Key::Tab);
    t.send("5");
    t.key(Key::F(10));
    t.wait_for("Survey saved: mean score 4.75")?;
    t.wait_for("Next: Closed")?;
    t.send("Revisited, nothing left to do");
    t.key(Key::F(10));
    t.confirm_move(None)?;
    t.wait_for("This complaint is closed")?;
    let c = shop.conn();
    let moves: Vec<String> = c
        .prepare(
            "SELECT event FROM complaint_events WHERE complaint_id = ?1
             AND event IN ('accepted','verified','handled','fed_back','revisited','closed')
             ORDER BY id",
        )
        .unwrap()
        .query_map([id], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        moves,
        [
            "accepted",
            "verified",
            "handled",
            "fed_back",
            "revisited",
            "closed"
        ]
    );
    let (task_done, opinion, survey): (Option<String>, i64, i64) = c
        .query_row(
            "SELECT (SELECT done_at FROM tasks WHERE kind = 'complaint_revisit' AND source_id = ?1),
                    (SELECT COUNT(*) FROM opinions WHERE complaint_id = ?1 AND kind = 'quality_callback'),
                    (SELECT COUNT(*) FROM surveys WHERE complaint_id = ?1 AND mean_x100 = 475)",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert!(task_done.is_some(), "the revisit task is done");
    assert_eq!((opinion, survey), (1, 1));
    Ok(())
}

#[test]
fn a_bad_routing_file_stops_the_app_naming_its_line() {
    let shop = Shop::empty();
    let home = shop.path().join("home");
    std::fs::create_dir_all(home.join("data")).unwrap();
    std::fs::write(
        home.join("data/routing.toml"),
        "[[department]]\nid = \"qc\"\n\n[[category]]\nid = \"quality\"\ndepartment = \"quality_control\"\n",
    )
    .unwrap();
    let out = common::run_bounded({
        let mut c = shop.command(&["check"]);
        c.env("AFTERCARE_HOME", &home);
        c
    });
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(
            "routing.toml:6: [[category]] department: no department has the id \"quality_control\""
        ),
        "{err}"
    );
    // A category the shop adds without a name on screen is refused too.
    std::fs::write(
        home.join("data/routing.toml"),
        // (with the categories data/service_quality.toml counts against an associate)
        "[[department]]\nid = \"qc\"\n\n[[category]]\nid = \"alteration\"\ndepartment = \"qc\"\n\n\
         [[category]]\nid = \"attitude\"\ndepartment = \"qc\"\n\n\
         [[category]]\nid = \"neglect\"\ndepartment = \"qc\"\n\n\
         [[category]]\nid = \"marketing\"\ndepartment = \"qc\"\n",
    )
    .unwrap();
    let out = common::run_bounded({
        let mut c = shop.command(&["check"]);
        c.env("AFTERCARE_HOME", &home);
        c
    });
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("routing.toml:5:") && err.contains("alteration"),
        "{err}"
    );
}

/// The demo shop comes with complaints of its own; these journeys start
/// from none, so that banners and counts are the journey's alone.
fn without_demo_complaints(shop: &Shop) {
    shop.conn()
        .execute_batch(
            "DELETE FROM survey_answers; DELETE FROM surveys; DELETE FROM opinions;
             DELETE FROM complaint_steps; DELETE FROM complaint_events; DELETE FROM complaints;
             DELETE FROM tasks WHERE source = 'complaint';",
        )
        .unwrap();
}
