//! Trainees' scorecards, kept in `training.db` beside the shop database.
//! The training shop itself is a throw-away sandbox; this small file is not,
//! so a manager can follow each trainee's progress over time. Keyed by the
//! trainee's name (the sandbox's staff ids mean nothing outside it).

use anyhow::{Context, Result};
use rusqlite::{Connection, params};
use std::path::Path;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS scorecards (
    id          INTEGER PRIMARY KEY,
    trainee     TEXT NOT NULL,
    scenario    TEXT NOT NULL,
    at          TEXT NOT NULL,
    percent     INTEGER NOT NULL,
    steps_done  INTEGER NOT NULL,
    skipped     INTEGER NOT NULL,
    missed      INTEGER NOT NULL,
    answered    INTEGER NOT NULL,
    objections  INTEGER NOT NULL,
    seconds     INTEGER NOT NULL,
    card        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS scorecards_trainee ON scorecards(trainee, at);
";

/// Opens (creating) the scorecard file.
pub fn open(path: &Path) -> Result<Connection> {
    crate::shop_files::prepare_db(path)
        .with_context(|| format!("cannot create the training scores {}", path.display()))?;
    let conn = Connection::open(path)
        .with_context(|| format!("cannot open the training scores {}", path.display()))?;
    conn.busy_timeout(std::time::Duration::from_secs(8))?;
    conn.execute_batch(SCHEMA)?;
    Ok(conn)
}

/// One practised visit's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub trainee: String,
    pub scenario: String,
    pub at: String,
    pub percent: i64,
    pub steps_done: i64,
    pub skipped: i64,
    pub missed: i64,
    pub answered: i64,
    pub objections: i64,
    pub seconds: i64,
    /// The whole scorecard as JSON.
    pub card: String,
}

pub fn record(conn: &mut Connection, r: &Row) -> Result<()> {
    super::write(conn, |tx| {
        tx.execute(
            "INSERT INTO scorecards(trainee, scenario, at, percent, steps_done, skipped, missed,
                                    answered, objections, seconds, card)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                r.trainee,
                r.scenario,
                r.at,
                r.percent,
                r.steps_done,
                r.skipped,
                r.missed,
                r.answered,
                r.objections,
                r.seconds,
                r.card
            ],
        )?;
        Ok(())
    })
}

/// Scorecards, by trainee then oldest first; `trainee` limits to one person.
pub fn progress(conn: &Connection, trainee: Option<&str>) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare(
        "SELECT trainee, scenario, at, percent, steps_done, skipped, missed, answered,
                objections, seconds, card
         FROM scorecards WHERE ?1 IS NULL OR trainee = ?1 ORDER BY trainee, at, id",
    )?;
    let rows = stmt.query_map([trainee], |r| {
        Ok(Row {
            trainee: r.get(0)?,
            scenario: r.get(1)?,
            at: r.get(2)?,
            percent: r.get(3)?,
            steps_done: r.get(4)?,
            skipped: r.get(5)?,
            missed: r.get(6)?,
            answered: r.get(7)?,
            objections: r.get(8)?,
            seconds: r.get(9)?,
            card: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
