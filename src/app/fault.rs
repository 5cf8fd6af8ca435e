//! Faults from the database, told apart: a busy database is a passing
//! message (try again); any other database error stays on screen, with what
//! to do, until the app is closed, because what is shown may be incomplete.

use super::App;

/// What kind of trouble an error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trouble {
    /// Another process holds the write lock: nothing changed, try again.
    Busy,
    /// The database could not be read or written (damage, disk, I/O).
    Database,
    /// Anything else (a rule refused, a file could not be written).
    Other,
}

pub fn trouble(e: &anyhow::Error) -> Trouble {
    use rusqlite::ErrorCode;
    let Some(db) = e.chain().find_map(|c| c.downcast_ref::<rusqlite::Error>()) else {
        return Trouble::Other;
    };
    match db.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Trouble::Busy,
        _ => Trouble::Database,
    }
}

impl App {
    /// A fault, shown in the status line (busy, other) or as the red lines
    /// above the screen (the database failed); the app goes on.
    pub fn fault(&mut self, e: anyhow::Error) {
        let detail = format!("{e:#}");
        let loc = &self.env.locale;
        match trouble(&e) {
            Trouble::Busy => {
                let text = loc.f("fault.busy", &[("detail", &detail)]);
                self.error(text);
            }
            Trouble::Database => {
                let text = loc.f("fault.database", &[("detail", &detail)]);
                self.db_fault = Some(text);
            }
            Trouble::Other => {
                let text = loc.f("error.fault", &[("detail", &detail)]);
                self.error(text);
            }
        }
    }
}
