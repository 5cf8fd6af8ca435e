//! Everything the shop holds about one customer (PIPL art. 45), gathered
//! for the customer's copy: their file and every record that names them.

use anyhow::Result;
use rusqlite::Connection;
use rusqlite::types::ValueRef;

/// One kind of record: its name (a locale key under `access.section.`), its
/// columns (keys under `access.col.`), and the rows as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub key: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// (section, query on `?1` = the customer id). Money comes out in yuan.
const QUERIES: &[(&str, &str)] = &[
    (
        "purchases",
        "SELECT p.purchased_on, p.receipt_no, pr.style_no, pr.name AS product,
                COALESCE(l.size, '') AS size, COALESCE(l.colour, '') AS colour,
                printf('%.2f', l.price_fen / 100.0) AS price
         FROM purchases p JOIN purchase_lines l ON l.purchase_id = p.id
         JOIN products pr ON pr.id = l.product_id
         WHERE p.customer_id = ?1 ORDER BY p.purchased_on, p.id, l.id",
    ),
    (
        "returns",
        "SELECT return_no, decided_on, request, problem, decision,
                printf('%.2f', amount_fen / 100.0) AS amount, reason
         FROM returns WHERE customer_id = ?1 ORDER BY decided_on, id",
    ),
    (
        "contacts",
        "SELECT c.at, c.kind, c.outcome, COALESCE(c.note, '') AS note, COALESCE(s.name, '') AS staff
         FROM contacts c LEFT JOIN staff s ON s.id = c.staff_id
         WHERE c.customer_id = ?1 ORDER BY c.at, c.id",
    ),
    (
        "repairs",
        "SELECT job_no, received_on, item, state, COALESCE(symptoms, '') AS symptoms,
                COALESCE(contact_name, '') AS contact_name, COALESCE(contact_phone, '') AS contact_phone,
                COALESCE(address, '') AS address
         FROM repair_jobs WHERE customer_id = ?1 ORDER BY received_on, id",
    ),
    (
        "care",
        "SELECT job_no, received_on, kind, item, stage FROM care_jobs
         WHERE customer_id = ?1 ORDER BY received_on, id",
    ),
    (
        "complaints",
        "SELECT complaint_no, received_on, channel, category, words, state,
                COALESCE(solution, '') AS solution
         FROM complaints WHERE customer_id = ?1 ORDER BY received_on, id",
    ),
    (
        "surveys",
        "SELECT taken_on, printf('%.2f', mean_x100 / 100.0) AS mean_score, COALESCE(comment, '') AS comment
         FROM surveys WHERE customer_id = ?1 ORDER BY taken_on, id",
    ),
    (
        "opinions",
        "SELECT noted_on, kind, text FROM opinions WHERE customer_id = ?1 ORDER BY noted_on, id",
    ),
    (
        "visits",
        "SELECT started_on, COALESCE(outcome, '') AS outcome, need, fit_remarks
         FROM visits WHERE customer_id = ?1 ORDER BY started_on, id",
    ),
    (
        "greetings",
        "SELECT occasion_key, at, via FROM greetings_sent WHERE customer_id = ?1 ORDER BY at",
    ),
];

/// Every record of customer `id`, section by section (empty sections kept,
/// so the customer sees what the shop does not hold too).
pub fn gather(conn: &Connection, id: i64) -> Result<Vec<Section>> {
    let mut out = Vec::new();
    for (key, sql) in QUERIES {
        let mut stmt = conn.prepare(sql)?;
        let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
        let n = columns.len();
        let rows = stmt
            .query_map([id], |r| (0..n).map(|i| r.get_ref(i).map(text)).collect())?
            .collect::<Result<Vec<Vec<String>>, _>>()?;
        out.push(Section { key, columns, rows });
    }
    Ok(out)
}

fn text(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => String::new(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(_) => String::new(),
    }
}

/// The export is a manager's act, audited in the same transaction.
pub fn record_export(conn: &mut Connection, id: i64, staff_id: i64, lang: &str) -> Result<()> {
    super::write(conn, |tx| {
        super::staff::require(tx, staff_id, &[crate::domain::staff::Role::Manager])?;
        super::audit::record(
            tx,
            Some(staff_id),
            "subject_access",
            "customer",
            Some(id),
            lang,
        )
    })
}
