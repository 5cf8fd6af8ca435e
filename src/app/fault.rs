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
        if self.refused_actor(&e) {
            return;
        }
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

/// The quick check when the app opens a shop: a damaged database is refused
/// with what to do; one too large to check at every start gives a note for
/// the status line.
pub fn check_on_open(
    conn: &rusqlite::Connection,
    path: &std::path::Path,
    loc: &crate::i18n::Locale,
) -> anyhow::Result<Option<String>> {
    use crate::store::quick_check::{self, OnOpen};
    let path = path.display().to_string();
    match quick_check::on_open(conn)? {
        OnOpen::Clean => Ok(None),
        OnOpen::TooLarge { pages } => Ok(Some(loc.f(
            "fault.too_large_to_check",
            &[("pages", &pages.to_string()), ("path", &path)],
        ))),
        OnOpen::Damaged(lines) => anyhow::bail!(
            "{}",
            loc.f(
                "fault.damaged",
                &[("path", &path), ("detail", &lines.join("; "))]
            )
        ),
    }
}
