//! Reading tasks and contacts: the open tasks (overdue, today, the coming
//! days) and the contact log, each an indexed query with a LIMIT.

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, params};

/// An open task as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenTask {
    pub id: i64,
    pub kind: String,
    pub customer_id: Option<i64>,
    pub customer: String,
    pub phone: String,
    pub staff_id: Option<i64>,
    pub staff: String,
    pub due_on: NaiveDate,
    pub due_time: Option<String>,
    pub source: String,
    pub source_id: i64,
    pub attempts: u32,
    pub note: String,
    pub version: i64,
    /// In the group that comes first (a running campaign's target group).
    pub first: bool,
}

impl OpenTask {
    /// The purchase a purchase callback is about.
    pub fn purchase_id(&self) -> Option<i64> {
        (self.source == "purchase").then_some(self.source_id)
    }
}

/// Which open tasks to list.
#[derive(Debug, Clone)]
pub struct Filter<'a> {
    /// One associate's tasks; None for all.
    pub staff: Option<i64>,
    pub kind: Option<&'a str>,
    pub today: NaiveDate,
    /// Tasks due up to this many days ahead.
    pub coming_days: u32,
    /// A SQL boolean over the customers alias `c`: those tasks come first
    /// (a campaign's target group).
    pub first: Option<String>,
}

/// How many open tasks are overdue, due today and coming.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub overdue: i64,
    pub today: i64,
    pub coming: i64,
}

impl Counts {
    pub fn total(&self) -> i64 {
        self.overdue + self.today + self.coming
    }
}

/// Open tasks due by the window's end (an erased customer's tasks are
/// closed when the file is erased: no join needed to count).
const WHERE: &str = "t.done_at IS NULL AND t.due_on <= ?1
    AND (?2 IS NULL OR t.staff_id = ?2) AND (?3 IS NULL OR t.kind = ?3)";

fn until(f: &Filter) -> String {
    (f.today + chrono::Duration::days(f.coming_days as i64)).to_string()
}

pub fn counts(conn: &Connection, f: &Filter) -> Result<Counts> {
    let sql = format!(
        "SELECT COALESCE(SUM(t.due_on < ?4), 0), COALESCE(SUM(t.due_on = ?4), 0), COALESCE(SUM(t.due_on > ?4), 0)
         FROM tasks t WHERE {WHERE}"
    );
    Ok(conn.prepare_cached(&sql)?.query_row(
        params![until(f), f.staff, f.kind, f.today.to_string()],
        |r| {
            Ok(Counts {
                overdue: r.get(0)?,
                today: r.get(1)?,
                coming: r.get(2)?,
            })
        },
    )?)
}

const COLUMNS: &str = "t.id, t.kind, t.customer_id, COALESCE(c.name, ''), COALESCE(c.phone, ''), t.staff_id,
    COALESCE(s.name, ''), t.due_on, t.due_time, t.source, t.source_id, t.attempts, COALESCE(t.note, ''), t.version
    FROM tasks t LEFT JOIN customers c ON c.id = t.customer_id LEFT JOIN staff s ON s.id = t.staff_id";

fn task_row(r: &rusqlite::Row) -> rusqlite::Result<OpenTask> {
    Ok(OpenTask {
        id: r.get(0)?,
        kind: r.get(1)?,
        customer_id: r.get(2)?,
        customer: r.get(3)?,
        phone: r.get(4)?,
        staff_id: r.get(5)?,
        staff: r.get(6)?,
        due_on: NaiveDate::parse_from_str(&r.get::<_, String>(7)?, "%Y-%m-%d").unwrap_or_default(),
        due_time: r.get(8)?,
        source: r.get(9)?,
        source_id: r.get(10)?,
        attempts: r.get(11)?,
        note: r.get(12)?,
        version: r.get(13)?,
        first: false,
    })
}

/// The open tasks: the `first` group first, then overdue, today and the
/// coming days, each by due day and time. The group and the rest are two
/// walks of the open tasks' index in due order, each stopping at the limit,
/// never a sort of every open task.
pub fn open(conn: &Connection, f: &Filter, limit: usize) -> Result<Vec<OpenTask>> {
    let Some(group) = f.first.as_deref() else {
        return in_order(conn, f, "1", limit);
    };
    let mut rows = in_order(conn, f, &format!("COALESCE(({group}), 0)"), limit)?;
    rows.iter_mut().for_each(|t| t.first = true);
    if rows.len() < limit {
        let rest = format!("NOT COALESCE(({group}), 0)");
        rows.extend(in_order(conn, f, &rest, limit - rows.len())?);
    }
    Ok(rows)
}

/// Open tasks meeting `and` (a SQL boolean), in due order.
fn in_order(conn: &Connection, f: &Filter, and: &str, limit: usize) -> Result<Vec<OpenTask>> {
    let mut stmt = conn.prepare_cached(&in_order_sql(and))?;
    let rows = stmt
        .query_map(params![until(f), f.staff, f.kind, limit as i64], task_row)?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

fn in_order_sql(and: &str) -> String {
    format!(
        "SELECT {COLUMNS} WHERE {WHERE} AND {and}
         ORDER BY t.due_on, COALESCE(t.due_time, ''), t.id LIMIT ?4"
    )
}

/// One task, open or done (for the work form).
pub fn get(conn: &Connection, id: i64) -> Result<Option<OpenTask>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} WHERE t.id = ?1"))?
        .query_row([id], task_row)
        .optional()?)
}

/// One row of the contact log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRow {
    pub id: i64,
    pub at: String,
    pub kind: String,
    pub outcome: String,
    pub customer_id: i64,
    pub customer: String,
    pub staff: String,
    pub note: String,
}

/// Whose contacts: one associate's, or one customer's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogOf {
    Staff(i64),
    Customer(i64),
}

/// The contact log, newest first.
pub fn contacts(conn: &Connection, of: LogOf, limit: usize) -> Result<Vec<ContactRow>> {
    let (col, id) = match of {
        LogOf::Staff(id) => ("staff_id", id),
        LogOf::Customer(id) => ("customer_id", id),
    };
    let sql = format!(
        "SELECT k.id, k.at, k.kind, k.outcome, k.customer_id, COALESCE(c.name, ''), COALESCE(s.name, ''),
                COALESCE(k.note, '')
         FROM contacts k JOIN customers c ON c.id = k.customer_id LEFT JOIN staff s ON s.id = k.staff_id
         WHERE k.{col} = ?1 ORDER BY k.at DESC, k.id DESC LIMIT ?2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params![id, limit as i64], |r| {
            Ok(ContactRow {
                id: r.get(0)?,
                at: r.get(1)?,
                kind: r.get(2)?,
                outcome: r.get(3)?,
                customer_id: r.get(4)?,
                customer: r.get(5)?,
                staff: r.get(6)?,
                note: r.get(7)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// How many contacts in the log.
pub fn contact_count(conn: &Connection, of: LogOf) -> Result<i64> {
    let col = match of {
        LogOf::Staff(_) => "staff_id",
        LogOf::Customer(_) => "customer_id",
    };
    let id = match of {
        LogOf::Staff(i) | LogOf::Customer(i) => i,
    };
    Ok(conn.query_row(
        &format!("SELECT COUNT(*) FROM contacts WHERE {col} = ?1"),
        [id],
        |r| r.get(0),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::campaigns::{Kind, target_sql};

    /// The query plan's lines for `sql` with its parameters unbound.
    fn plan(conn: &Connection, sql: &str) -> Vec<String> {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        stmt.query_map(
            params![None::<String>, None::<i64>, None::<String>, 1],
            |r| r.get::<_, String>(3),
        )
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    }

    /// With a campaign running, the home and callbacks lists walk the open
    /// tasks' index in due order (issue 14: sorting all ~67k open tasks by
    /// the campaign's group cost 150–260 ms at 1M customers).
    #[test]
    fn a_running_campaign_lists_tasks_by_walking_the_index_not_sorting_them_all() {
        let conn = crate::store::open_in_memory().unwrap();
        for kind in [Kind::NewCustomers, Kind::OldCustomers] {
            let group = target_sql(kind).replace(":campaign", "1");
            for and in [
                "1".to_string(),
                format!("COALESCE(({group}), 0)"),
                format!("NOT COALESCE(({group}), 0)"),
            ] {
                let lines = plan(&conn, &in_order_sql(&and));
                assert!(
                    !lines.iter().any(|l| l.contains("TEMP B-TREE FOR ORDER BY")),
                    "{kind:?} {and}: a sort of every open task: {lines:#?}"
                );
                assert!(
                    lines.iter().any(|l| l.contains("tasks_open")),
                    "{kind:?} {and}: not the open tasks' index: {lines:#?}"
                );
            }
        }
    }

    /// The old single query, ordered by the group first, did sort them all:
    /// the test above would have caught it.
    #[test]
    fn ordering_by_the_group_first_would_sort_every_open_task() {
        let conn = crate::store::open_in_memory().unwrap();
        let group = target_sql(Kind::OldCustomers).replace(":campaign", "1");
        let sql = format!(
            "SELECT {COLUMNS} WHERE {WHERE}
             ORDER BY ({group}) DESC, t.due_on, COALESCE(t.due_time, ''), t.id LIMIT ?4"
        );
        let lines = plan(&conn, &sql);
        assert!(
            lines.iter().any(|l| l.contains("TEMP B-TREE FOR ORDER BY")),
            "{lines:#?}"
        );
    }

    /// `aftercare due` lists every open task of the window for the whole
    /// shop: walked in due order on `tasks_open_order`, no sort at all.
    #[test]
    fn the_whole_shops_open_tasks_are_walked_in_due_order() {
        let conn = crate::store::open_in_memory().unwrap();
        let lines = plan(&conn, &in_order_sql("1"));
        assert!(
            !lines.iter().any(|l| l.contains("TEMP B-TREE")),
            "{lines:#?}"
        );
        assert!(
            lines.iter().any(|l| l.contains("tasks_open_order")),
            "{lines:#?}"
        );
    }
}
