//! Tasks for the demo shop: for every associate a few callbacks left
//! overdue, one tried without answer and due again today, one call-back
//! agreed for today, one reached with a washing question left open (its
//! follow-up a few days on), one wrong number; last year's top spenders
//! visited; then the generator makes the rest (this week's callbacks, the
//! miss-you contacts). Outcomes go through the shop's own code, so the
//! contact log is what the app would have written.

use anyhow::Result;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use rusqlite::{Connection, params};

use crate::domain::tasks::{Answers, CareQuestion, Outcome, PURCHASE_CALLBACK, Retry};
use crate::shop_data::policy::Policy;
use crate::store::tasks::{self, WorkInput};

/// Callbacks per associate left undone from the past month.
const LEFT_UNDONE: usize = 6;

fn stamp(day: NaiveDate, hour: u32) -> String {
    format!("{day}T{hour:02}:00:00Z")
}

pub fn fill(conn: &mut Connection, policy: &Policy, today: NaiveDate) -> Result<()> {
    let associates: Vec<i64> = conn
        .prepare("SELECT id FROM staff WHERE role = 'associate' AND active = 1 ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let after = policy.callbacks.purchase_after_days as i64;
    // Some of each associate's callbacks of the past month were not made.
    for staff in &associates {
        let ids: Vec<i64> = conn
            .prepare(
                "SELECT p.id FROM purchases p JOIN customers c ON c.id = p.customer_id
                 WHERE c.closest_staff_id = ?1 AND c.erased_at IS NULL
                   AND p.purchased_on BETWEEN ?2 AND ?3
                 ORDER BY p.purchased_on DESC, p.id LIMIT ?4",
            )?
            .query_map(
                params![
                    staff,
                    (today - Duration::days(after + 30)).to_string(),
                    (today - Duration::days(after + 1)).to_string(),
                    LEFT_UNDONE as i64
                ],
                |r| r.get(0),
            )?
            .collect::<Result<_, _>>()?;
        for id in ids {
            conn.execute(
                "UPDATE purchases SET called_back_at = NULL WHERE id = ?1",
                [id],
            )?;
            conn.execute(
                "UPDATE tasks SET done_at = NULL, outcome = NULL, worked_at = NULL
                 WHERE kind = 'purchase_callback' AND source = 'purchase' AND source_id = ?1",
                [id],
            )?;
            conn.execute(
                "DELETE FROM contacts WHERE purchase_id = ?1 AND kind = 'purchase_callback'",
                [id],
            )?;
        }
    }
    top_spenders_last_year(conn, policy, today)?;
    tasks::generate(conn, today, policy)?;
    let retry = Retry {
        after_days: policy.callbacks.retry_after_days,
        max_attempts: policy.callbacks.max_attempts,
    };
    for staff in &associates {
        work_some(conn, *staff, today, retry)?;
    }
    // What came in meanwhile (nothing, unless the demo grows): made once.
    tasks::generate(conn, today, policy)?;
    Ok(())
}

/// Works the associate's overdue callbacks the way a week goes.
fn work_some(conn: &mut Connection, staff: i64, today: NaiveDate, retry: Retry) -> Result<()> {
    let f = tasks::Filter {
        staff: Some(staff),
        kind: Some(PURCHASE_CALLBACK),
        today,
        coming_days: 0,
        first: None,
    };
    let overdue: Vec<_> = tasks::open(conn, &f, 20)?
        .into_iter()
        .filter(|t| t.due_on < today)
        .collect();
    let yesterday = today - Duration::days(1);
    let plans: [(Outcome, NaiveDate, &str); 4] = [
        (
            Outcome::NoAnswer,
            today - Duration::days(retry.after_days as i64),
            "",
        ),
        (Outcome::CallBack, yesterday, "在开会，约好今天下午再打"),
        (
            Outcome::Reached,
            yesterday,
            "很喜欢，问真丝怎么洗，查好再回",
        ),
        (Outcome::WrongNumber, yesterday, "号码已停机"),
    ];
    // The two oldest stay overdue; the next ones were worked this week.
    for (t, (outcome, on, note)) in overdue.iter().skip(2).zip(plans) {
        let answers = (outcome == Outcome::Reached).then_some(Answers {
            likes_it: Some(true),
            comfortable: Some(true),
            care: CareQuestion::Open(today + Duration::days(2)),
        });
        let call_back =
            (outcome == Outcome::CallBack).then(|| (today, NaiveTime::from_hms_opt(15, 0, 0)));
        let now = stamp(on, 3);
        let w = WorkInput {
            task_id: t.id,
            version: t.version,
            staff_id: staff,
            today: on,
            now: &now,
            outcome,
            call_back,
            note,
            answers,
            retry,
        };
        if let Err(e) = tasks::work(conn, &w) {
            anyhow::bail!("demo task {}: {e:?}", t.id);
        }
    }
    Ok(())
}

/// Last year's top spenders were listed and visited with flowers.
fn top_spenders_last_year(conn: &Connection, policy: &Policy, today: NaiveDate) -> Result<()> {
    let year = today.year() - 1;
    let md = crate::domain::tasks::month_day(&policy.top_spenders.list_on).unwrap_or((12, 20));
    let listed = crate::domain::tasks::top_spender_day(year, md);
    let visited = listed + Duration::days(7);
    let top: Vec<(i64, Option<i64>, i64)> = conn
        .prepare(
            "SELECT c.id, c.closest_staff_id, SUM(p.total_fen) AS spent
             FROM purchases p JOIN customers c ON c.id = p.customer_id
             WHERE p.purchased_on >= ?1 AND p.purchased_on < ?2 AND c.erased_at IS NULL
             GROUP BY c.id ORDER BY spent DESC, c.id LIMIT ?3",
        )?
        .query_map(
            params![
                format!("{year}-01-01"),
                format!("{}-01-01", year + 1),
                policy.top_spenders.count
            ],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?
        .collect::<Result<_, _>>()?;
    for (customer, staff, spent) in top {
        conn.execute(
            "INSERT OR IGNORE INTO tasks(kind, customer_id, staff_id, due_on, source, source_id, period, note,
                                         created_at, done_at, outcome, worked_by, worked_at, attempts)
             VALUES ('top_spender_visit', ?1, ?2, ?3, 'customer', ?1, ?4, ?5, ?6, ?7, 'reached', ?2, ?7, 1)",
            params![
                customer,
                staff,
                listed.to_string(),
                year.to_string(),
                spent.to_string(),
                stamp(listed, 2),
                stamp(visited, 6)
            ],
        )?;
        conn.execute(
            "INSERT INTO contacts(customer_id, staff_id, kind, outcome, note, at)
             VALUES (?1, ?2, 'top_spender_visit', 'reached', '送花致谢，请教意见：希望多些大码', ?3)",
            params![customer, staff, stamp(visited, 6)],
        )?;
    }
    // The generator starts as on a first run, with this list already made.
    let first = today - Duration::days(policy.greetings.miss_you_first_look_back_days as i64);
    conn.execute(
        "INSERT INTO task_runs(id, last_on, last_purchase_id, top_year, at) VALUES (1, ?1, 0, ?2, ?3)
         ON CONFLICT(id) DO UPDATE SET top_year = ?2",
        params![first.to_string(), year, stamp(today, 0)],
    )?;
    Ok(())
}
