//! Backups and restores as a shop runs them: a copy is written under a
//! temporary name, checked, written to disk and only then renamed into
//! place, so no reader ever finds a partial backup and a failed one (a full
//! disk) leaves nothing behind for the retry to trip on.

use anyhow::{Context, Result, bail};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::shop_files;

/// A consistent copy made with SQLite's online backup, a few pages at a
/// time so other processes keep writing meanwhile; atomic at `to`.
pub fn copy_to(conn: &Connection, to: &Path) -> Result<()> {
    if to.exists() {
        bail!("{} exists already; choose a new file name", to.display());
    }
    shop_files::create_parent(to).with_context(|| format!("cannot create {}", to.display()))?;
    let tmp = shop_files::temp_beside(to);
    let result = write_copy(conn, &tmp).and_then(|()| {
        shop_files::commit(&tmp, to).with_context(|| format!("cannot write {}", to.display()))
    });
    if result.is_err() {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let _ = std::fs::remove_file(shop_files::with_suffix(&tmp, suffix));
        }
    }
    result
}

fn write_copy(conn: &Connection, tmp: &Path) -> Result<()> {
    let _ = std::fs::remove_file(tmp);
    shop_files::create_new(tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let mut dst = Connection::open(tmp)?;
    {
        let b = rusqlite::backup::Backup::new(conn, &mut dst)?;
        b.run_to_completion(256, Duration::from_millis(5), None)?;
    }
    // The copy stands alone: one file, no write-ahead log beside it.
    dst.query_row("PRAGMA journal_mode = DELETE", [], |r| {
        r.get::<_, String>(0)
    })?;
    let ok: String = dst.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if ok != "ok" {
        bail!("the copy failed its integrity check: {ok}");
    }
    dst.close().map_err(|(_, e)| e)?;
    Ok(())
}

/// The name of a dated copy: `shop-2026-11-23-100000.db`, then `-2`, `-3`
/// for more taken within the same second.
fn dated_name(stem: &str, at: NaiveDateTime, seq: u32) -> String {
    let stamp = at.format("%Y-%m-%d-%H%M%S");
    if seq <= 1 {
        format!("{stem}-{stamp}.db")
    } else {
        format!("{stem}-{stamp}-{seq}.db")
    }
}

/// Reads a dated copy's name back: (stamp, sequence), for ordering.
fn parse_dated(stem: &str, name: &str) -> Option<(String, u32)> {
    let rest = name
        .strip_prefix(stem)?
        .strip_prefix('-')?
        .strip_suffix(".db")?;
    let stamp: String = rest.chars().take(17).collect();
    NaiveDateTime::parse_from_str(&stamp, "%Y-%m-%d-%H%M%S").ok()?;
    let tail = &rest[stamp.len()..];
    let seq = match tail.strip_prefix('-') {
        None if tail.is_empty() => 1,
        Some(n) => n.parse().ok()?,
        None => return None,
    };
    Some((stamp, seq))
}

/// What `dated` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    pub written: PathBuf,
    pub removed: Vec<PathBuf>,
}

/// A dated copy in `dir`, then the oldest dated copies of the same shop
/// removed so `keep` remain. Files not named like a dated copy are never touched.
pub fn dated(
    conn: &Connection,
    dir: &Path,
    stem: &str,
    at: NaiveDateTime,
    keep: usize,
) -> Result<Rotation> {
    if keep == 0 {
        bail!("--keep must be at least 1");
    }
    shop_files::create_dir(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let copies = || -> Result<Vec<((String, u32), PathBuf)>> {
        let mut v: Vec<_> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                parse_dated(stem, &name).map(|k| (k, e.path()))
            })
            .collect();
        v.sort();
        Ok(v)
    };
    // After the copies already taken this second, even if older ones were pruned.
    let stamp = at.format("%Y-%m-%d-%H%M%S").to_string();
    let seq = copies()?
        .iter()
        .filter(|((s, _), _)| *s == stamp)
        .map(|((_, n), _)| n + 1)
        .max()
        .unwrap_or(1);
    let written = dir.join(dated_name(stem, at, seq));
    copy_to(conn, &written)?;
    // The copy just written always stays, even if the clock went back.
    let others: Vec<PathBuf> = copies()?
        .into_iter()
        .map(|(_, p)| p)
        .filter(|p| *p != written)
        .collect();
    let excess = others.len().saturating_sub(keep - 1);
    let mut removed = Vec::new();
    for p in others.into_iter().take(excess) {
        std::fs::remove_file(&p).with_context(|| format!("cannot remove {}", p.display()))?;
        removed.push(p);
    }
    Ok(Rotation { written, removed })
}

/// Why a file cannot be restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unfit {
    NotADatabase(String),
    Damaged(String),
    NotAShop,
    Newer(i64),
}

/// Checks a backup before it is put back: a SQLite file, whole, holding a
/// shop, with a schema this program knows. Returns its schema version.
pub fn verify(path: &Path) -> Result<i64, Unfit> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| Unfit::NotADatabase(e.to_string()))?;
    let version = super::migrate::version(&conn).map_err(|e| Unfit::NotADatabase(e.to_string()))?;
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| Unfit::Damaged(e.to_string()))?;
    if ok != "ok" {
        return Err(Unfit::Damaged(ok));
    }
    if version > super::migrate::CURRENT {
        return Err(Unfit::Newer(version));
    }
    let has_shop: bool = conn
        .query_row(
            "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'shop')",
            [],
            |r| r.get(0),
        )
        .map_err(|e| Unfit::NotADatabase(e.to_string()))?;
    if version < 1 || !has_shop {
        return Err(Unfit::NotAShop);
    }
    Ok(version)
}

/// Puts `backup` in place of the shop database at `db`, atomically: the
/// backup is copied beside the database and checked, the database's
/// write-ahead log is emptied into it and closed, the database as it was is
/// kept as `keep_as` (a hard link), and one rename puts the copy in place.
/// The caller has made sure nobody else has the database open.
pub fn restore(db: &Path, backup: &Path, keep_as: &Path) -> Result<()> {
    let tmp = shop_files::temp_beside(db);
    let result = (|| -> Result<()> {
        let src = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        write_copy(&src, &tmp)?;
        drop(src);
        if db.exists() {
            let live = Connection::open(db)?;
            live.busy_timeout(Duration::from_secs(8))?;
            live.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            live.close().map_err(|(_, e)| e)?;
            for suffix in ["-wal", "-shm"] {
                let p = shop_files::with_suffix(db, suffix);
                if p.exists() {
                    std::fs::remove_file(&p)
                        .with_context(|| format!("cannot remove {}", p.display()))?;
                }
            }
            std::fs::hard_link(db, keep_as).with_context(|| {
                format!("cannot keep the old database as {}", keep_as.display())
            })?;
        }
        shop_files::commit(&tmp, db).with_context(|| format!("cannot write {}", db.display()))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
        let _ = std::fs::remove_file(shop_files::with_suffix(&tmp, "-journal"));
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn dated_names_sort_by_time_then_sequence() {
        assert_eq!(dated_name("shop", at(9), 1), "shop-2026-11-23-090000.db");
        assert_eq!(dated_name("shop", at(9), 2), "shop-2026-11-23-090000-2.db");
        assert_eq!(
            parse_dated("shop", "shop-2026-11-23-090000-2.db"),
            Some(("2026-11-23-090000".into(), 2))
        );
        assert_eq!(
            parse_dated("shop", "shop-2026-11-23-090000.db"),
            Some(("2026-11-23-090000".into(), 1))
        );
        assert_eq!(parse_dated("shop", "shop-notes.db"), None);
        assert_eq!(parse_dated("shop", "shopfront-2026-11-23-090000.db"), None);
    }

    #[test]
    fn the_last_n_copies_are_kept_and_other_files_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shop.db");
        let conn = crate::store::open(&db).unwrap();
        let out = dir.path().join("backups");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("notes.txt"), "keep me").unwrap();
        for h in [9, 10, 11, 11] {
            dated(&conn, &out, "shop", at(h), 2).unwrap();
        }
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            vec![
                "notes.txt",
                "shop-2026-11-23-110000-2.db",
                "shop-2026-11-23-110000.db"
            ]
        );
        assert_eq!(
            verify(&out.join("shop-2026-11-23-110000.db")),
            Ok(crate::store::migrate::CURRENT)
        );
    }

    #[test]
    fn a_file_that_is_not_a_shop_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let junk = dir.path().join("junk.db");
        std::fs::write(&junk, "not a database at all, just text").unwrap();
        assert!(matches!(verify(&junk), Err(Unfit::NotADatabase(_))));
        let empty = dir.path().join("empty.db");
        Connection::open(&empty)
            .unwrap()
            .execute_batch("CREATE TABLE t(x)")
            .unwrap();
        assert_eq!(verify(&empty), Err(Unfit::NotAShop));
        let newer = dir.path().join("newer.db");
        drop(crate::store::open(&newer).unwrap());
        Connection::open(&newer)
            .unwrap()
            .pragma_update(None, "user_version", crate::store::migrate::CURRENT + 1)
            .unwrap();
        assert_eq!(
            verify(&newer),
            Err(Unfit::Newer(crate::store::migrate::CURRENT + 1))
        );
    }
}
