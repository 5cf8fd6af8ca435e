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

/// Columns added since the first version of the file (issue 16: the desk,
/// counter and phone are scored too), added to an older file on opening.
const ADDED: [(&str, &str); 2] = [
    (
        "skill",
        "ALTER TABLE scorecards ADD COLUMN skill TEXT NOT NULL DEFAULT 'visit'",
    ),
    ("passed", "ALTER TABLE scorecards ADD COLUMN passed INTEGER"),
];

/// Opens (creating) the scorecard file.
pub fn open(path: &Path) -> Result<Connection> {
    crate::shop_files::prepare_db(path)
        .with_context(|| format!("cannot create the training scores {}", path.display()))?;
    let conn = Connection::open(path)
        .with_context(|| format!("cannot open the training scores {}", path.display()))?;
    conn.busy_timeout(std::time::Duration::from_secs(8))?;
    conn.execute_batch(SCHEMA)?;
    let have: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('scorecards')")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for (column, sql) in ADDED {
        if !have.iter().any(|c| c == column) {
            conn.execute_batch(sql)?;
        }
    }
    Ok(conn)
}

/// One practised card's result (a visit, or a desk, counter or phone card).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub trainee: String,
    /// `visit`, `desk`, `counter` or `phone` (`Skill::id`).
    pub skill: String,
    /// Whether it reached the skill's pass mark when it was played.
    pub passed: Option<bool>,
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

impl Row {
    /// A row with the counts the visit's scorecard has left at zero: the
    /// desk, counter and phone keep their checks in `card`.
    pub fn of_skill(trainee: &str, skill: &str, scenario: &str, at: String) -> Row {
        Row {
            trainee: trainee.to_string(),
            skill: skill.to_string(),
            passed: None,
            scenario: scenario.to_string(),
            at,
            percent: 0,
            steps_done: 0,
            skipped: 0,
            missed: 0,
            answered: 0,
            objections: 0,
            seconds: 0,
            card: String::new(),
        }
    }
}

pub fn record(conn: &mut Connection, r: &Row) -> Result<()> {
    super::write(conn, |tx| {
        tx.execute(
            "INSERT INTO scorecards(trainee, scenario, at, percent, steps_done, skipped, missed,
                                    answered, objections, seconds, card, skill, passed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
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
                r.card,
                r.skill,
                r.passed
            ],
        )?;
        Ok(())
    })
}

/// Scorecards, by trainee then oldest first; `trainee` limits to one person.
pub fn progress(conn: &Connection, trainee: Option<&str>) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare(
        "SELECT trainee, scenario, at, percent, steps_done, skipped, missed, answered,
                objections, seconds, card, skill, passed
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
            skill: r.get(11)?,
            passed: r.get(12)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Row {
    /// The row as progress reads it (`domain::training_progress`).
    pub fn attempt(&self) -> crate::domain::training_progress::Attempt {
        crate::domain::training_progress::Attempt {
            trainee: self.trainee.clone(),
            skill: self.skill.clone(),
            card: self.scenario.clone(),
            at: self.at.clone(),
            percent: self.percent,
            passed: self.passed,
            kept: self.card.clone(),
        }
    }
}
