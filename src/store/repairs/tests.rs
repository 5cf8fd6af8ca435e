use super::*;
use crate::domain::staff::Role;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn setup() -> (Connection, i64) {
    let conn = crate::store::open_in_memory().unwrap();
    let s = crate::store::staff::add(&conn, "王芳", Role::Service, "x").unwrap();
    // Every job belongs to a customer: 张三 is customer 1.
    conn.execute(
        "INSERT INTO customers(name, created_at, updated_at) VALUES ('张三', 'x', 'x')",
        [],
    )
    .unwrap();
    (conn, s)
}

fn intake_of(fee: i64) -> Intake {
    Intake {
        customer_id: Some(1),
        contact_name: "张三".into(),
        contact_phone: "13812345678".into(),
        item: "羊毛大衣".into(),
        category: "textile".into(),
        problem: "open_seam".into(),
        decision: if fee > 0 {
            "paid_repair"
        } else {
            "free_repair"
        }
        .into(),
        fee_fen: fee,
        received_on: d("2026-11-01"),
        promised_on: d("2026-11-08"),
        ..Intake::default()
    }
}

#[test]
fn a_job_goes_through_the_register_with_its_tasks() {
    let (mut conn, s) = setup();
    let (id, no) = intake(&mut conn, &intake_of(0), s).unwrap();
    assert_eq!(no, format!("W26-{id:05}"));
    move_to(
        &mut conn,
        id,
        1,
        "at_centre",
        "",
        None,
        s,
        d("2026-11-02"),
        3,
    )
    .unwrap();
    move_to(&mut conn, id, 2, "ready", "", None, s, d("2026-11-05"), 3).unwrap();
    move_to(
        &mut conn,
        id,
        3,
        "collected",
        "",
        None,
        s,
        d("2026-11-06"),
        3,
    )
    .unwrap();
    let states: Vec<String> = events(&conn, id)
        .unwrap()
        .into_iter()
        .map(|e| e.state)
        .collect();
    assert_eq!(states, ["received", "at_centre", "ready", "collected"]);
    let tasks = crate::store::tasks::for_source(&conn, "repair_job", id).unwrap();
    let kinds: Vec<(&str, &str)> = tasks
        .iter()
        .map(|t| (t.kind.as_str(), t.due_on.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("repair_ready_call", "2026-11-05"),
            ("repair_revisit", "2026-11-09")
        ]
    );
}

#[test]
fn moves_are_checked() {
    let (mut conn, s) = setup();
    let (id, _) = intake(&mut conn, &intake_of(5000), s).unwrap();
    assert!(matches!(
        move_to(
            &mut conn,
            id,
            1,
            "collected",
            "",
            None,
            s,
            d("2026-11-02"),
            3
        ),
        Err(MoveError::Refused("move_not_allowed"))
    ));
    move_to(&mut conn, id, 1, "ready", "", None, s, d("2026-11-02"), 3).unwrap();
    assert!(matches!(
        move_to(
            &mut conn,
            id,
            1,
            "collected",
            "",
            None,
            s,
            d("2026-11-02"),
            3
        ),
        Err(MoveError::Conflict { .. })
    ));
    assert!(matches!(
        move_to(
            &mut conn,
            id,
            2,
            "collected",
            "",
            None,
            s,
            d("2026-11-02"),
            3
        ),
        Err(MoveError::Refused("invoice_needed"))
    ));
    move_to(
        &mut conn,
        id,
        2,
        "collected",
        "",
        Some("FP-2026-0042"),
        s,
        d("2026-11-02"),
        3,
    )
    .unwrap();
    assert_eq!(
        get(&conn, id).unwrap().unwrap().invoice_no.as_deref(),
        Some("FP-2026-0042")
    );
}

#[test]
fn the_register_puts_late_jobs_first() {
    let (mut conn, s) = setup();
    let (a, _) = intake(&mut conn, &intake_of(0), s).unwrap();
    let mut late = intake_of(0);
    late.promised_on = d("2026-11-03");
    let (b, _) = intake(&mut conn, &late, s).unwrap();
    let open = register(
        &conn,
        d("2026-01-01"),
        d("2026-12-31"),
        true,
        d("2026-11-05"),
    )
    .unwrap();
    assert_eq!(open.iter().map(|j| j.id).collect::<Vec<_>>(), [b, a]);
}
