//! VIP care in a pseudo-terminal: a manager plans a gathering, invites a
//! segment, records an RSVP with a wish and the attendance, and the year's
//! count reaches the rule; a customer joins the club by fee from the file.

mod common;

use common::{Key, Shop, TestResult};

#[test]
fn a_manager_plans_a_gathering_invites_a_segment_and_records_who_came() -> TestResult {
    let shop = Shop::demo(300);
    let staff = shop.staff();
    let manager = staff
        .iter()
        .position(|m| {
            shop.count(
                "SELECT COUNT(*) FROM staff WHERE id = ?1 AND role = 'manager'",
                [m.id],
            ) == 1
        })
        .unwrap_or(0);
    let mut t = shop.app().start();
    t.sign_in(&staff, manager)?;
    // From home by v: the gold customers, then the gatherings tab.
    t.send("v");
    t.wait_for("Gold customers")?;
    t.wait_for("Tier: All")?;
    t.key(Key::Right);
    t.wait_for("Gatherings this year: 3 of 4 held · 1 planned")?;
    // Plan one held three days ago.
    t.key(Key::F(4));
    t.wait_for("Plan a gathering")?;
    t.keys(Key::Tab, 2);
    t.key(Key::Ctrl('u'));
    t.send("2026-11-20");
    t.key(Key::Tab);
    t.send("店内 VIP 室");
    t.key(Key::F(10));
    t.wait_for("Gathering planned.")?;
    t.wait_for("Gatherings this year: 4 of 4 held · 1 planned")?;
    t.wait_for("This year's gatherings are done.")?;
    let gathering: i64 = shop.count(
        "SELECT id FROM gatherings WHERE held_on = '2026-11-20' AND place = '店内 VIP 室'",
        [],
    );
    // Its guests: the fourth of the year, by date.
    t.keys(Key::Down, 3);
    t.key(Key::Enter);
    t.wait_for("Nobody invited yet")?;
    // The invitation list from a segment: the gold customers, previewed.
    t.send("i");
    t.wait_for("customers would be invited")?;
    t.wait_for("◀ Gold customer ▶")?;
    let gold: i64 = {
        let screen = t.screen();
        let line = screen
            .lines()
            .find(|l| l.contains("customers would be invited"))
            .unwrap_or_default()
            .to_string();
        line.split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    assert!(gold > 0, "no gold customers to invite in the demo shop");
    let sent = "SELECT COUNT(*) FROM contacts WHERE kind = 'gathering_invite' AND outcome = 'sent'
                  AND staff_id IS NOT NULL";
    let sent_before = shop.count(sent, []);
    t.key(Key::F(10));
    t.wait_for(&format!("{gold} invitations sent"))?;
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM gathering_guests WHERE gathering_id = ?1",
            [gathering]
        ),
        gold
    );
    assert_eq!(
        shop.count(sent, []),
        sent_before + gold,
        "one invitation each"
    );
    // The first guest says yes and asks for a flower class; they came.
    t.wait_for("Pending")?;
    t.send(" ");
    t.wait_for("Coming")?;
    let came =
        "SELECT COUNT(*) FROM contacts WHERE kind = 'gathering_invite' AND outcome = 'attended'";
    let came_before = shop.count(came, []);
    t.send("a");
    t.wait_for("✓")?;
    t.send("e");
    t.wait_for("[ Save F10 ]")?;
    t.send("想参加插花课");
    t.key(Key::F(10));
    t.wait_for("Noted.")?;
    t.wait_for("想参加插花课")?;
    let c = shop.conn();
    let (rsvp, attended, note, customer): (String, bool, String, i64) = c.query_row(
        "SELECT rsvp, attended, note, customer_id FROM gathering_guests
         WHERE gathering_id = ?1 AND attended = 1",
        [gathering],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    assert_eq!(
        (rsvp.as_str(), attended, note.as_str()),
        ("yes", true, "想参加插花课")
    );
    assert_eq!(shop.count(came, []), came_before + 1);
    let logged: i64 = shop.count(
        "SELECT customer_id FROM contacts WHERE kind = 'gathering_invite' AND outcome = 'attended'
         ORDER BY id DESC LIMIT 1",
        [],
    );
    assert_eq!(
        logged, customer,
        "the attendance is in the guest's contact log"
    );
    // Back to the list: the year's count and the wish beside it.
    t.key(Key::Esc);
    t.wait_for("4 of 4 held")?;
    t.wait_for("Gatherings 4/4")?;
    // A tap on the campaigns tab: the demo's new customer month and its group.
    let (row, col) = t
        .find("Campaigns")
        .ok_or_else(|| t.failure("no Campaigns tab"))?;
    t.click(col + 1, row);
    t.wait_for("New customer month:")?;
    t.wait_for("customers in the target group")?;
    Ok(())
}

#[test]
fn a_customer_joins_the_club_by_fee_from_the_file() -> TestResult {
    let shop = Shop::demo(60);
    let staff = shop.staff();
    let c = shop.findable_customer();
    shop.conn()
        .execute(
            "UPDATE customers SET club_since = NULL, club_via = NULL WHERE id = ?1",
            [c.id],
        )
        .unwrap();
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;
    // The VIP button on home answers a tap.
    t.wait_for("[ VIP v ]")?;
    let (row, col) = t
        .find("[ VIP v ]")
        .ok_or_else(|| t.failure("no VIP button"))?;
    t.click(col + 2, row);
    t.wait_for("Gold customers")?;
    t.key(Key::Esc);
    t.wait_for("[ VIP v ]")?;
    t.search(&c.phone)?;
    t.key(Key::Enter);
    t.wait_for("Not in the club")?;
    t.send("m");
    t.wait_for("Join the VIP club")?;
    t.wait_for("¥200.00")?;
    t.key(Key::Enter);
    t.wait_for("joined the VIP club")?;
    t.wait_for("Club member since 2026-11-23 (fee paid)")?;
    assert_eq!(shop.column(c.id, "club_via").as_deref(), Some("fee"));
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'club_join_fee' AND entity_id = ?1",
            [c.id]
        ),
        1
    );
    Ok(())
}
