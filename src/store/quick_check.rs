//! SQLite's `PRAGMA quick_check` when the app opens a shop: on a database
//! small enough to check in about 200 ms; a larger one is left to
//! `aftercare check`, run out of hours.

use anyhow::Result;
use rusqlite::Connection;

/// The most pages checked at every start. `quick_check` reads about
/// 60,000 pages a second on a shop tablet (measured: 5,930 pages of a
/// 20,000-customer demo in 90 ms of CPU), so 8,000 pages stay near 200 ms
/// on a busy machine.
pub const MAX_PAGES: i64 = 8_000;

/// What the check at start found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnOpen {
    Clean,
    /// What `quick_check` reported, a line per problem (at most ten).
    Damaged(Vec<String>),
    /// Too large to check at every start: `aftercare check` does it.
    TooLarge {
        pages: i64,
    },
}

pub fn on_open(conn: &Connection) -> Result<OnOpen> {
    on_open_up_to(conn, MAX_PAGES)
}

pub fn on_open_up_to(conn: &Connection, max_pages: i64) -> Result<OnOpen> {
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    if pages > max_pages {
        return Ok(OnOpen::TooLarge { pages });
    }
    let run = || -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare("PRAGMA quick_check(10)")?;
        stmt.query_map([], |r| r.get::<_, String>(0))?.collect()
    };
    // A page too damaged to read at all is an error of the check itself.
    let lines = match run() {
        Ok(l) => l,
        Err(e) => vec![e.to_string()],
    };
    Ok(if lines.iter().all(|l| l == "ok") {
        OnOpen::Clean
    } else {
        OnOpen::Damaged(lines)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_is_clean_and_a_tiny_limit_leaves_it_to_check() {
        let conn = crate::store::open_in_memory().unwrap();
        assert_eq!(on_open(&conn).unwrap(), OnOpen::Clean);
        assert!(matches!(
            on_open_up_to(&conn, 1).unwrap(),
            OnOpen::TooLarge { pages } if pages > 1
        ));
    }
}
