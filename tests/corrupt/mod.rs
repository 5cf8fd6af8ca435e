//! Damage to a database file, as a failing disk would do it.

#![allow(dead_code)]

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

/// Overwrites the root page of every table and index whose name `hit`
/// accepts with garbage, as a failing disk would.
pub fn corrupt(path: &Path, hit: impl Fn(&str) -> bool) -> usize {
    let (page_size, roots) = {
        let c = rusqlite::Connection::open(path).unwrap();
        let page_size: i64 = c.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
        let mut stmt = c
            .prepare("SELECT name, rootpage FROM sqlite_master WHERE rootpage > 1")
            .unwrap();
        let roots: Vec<i64> = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .filter(|(name, _)| hit(name))
            .map(|(_, root)| root)
            .collect();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
        (page_size, roots)
    };
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    let garbage = vec![0xA5u8; page_size as usize];
    for root in &roots {
        f.seek(SeekFrom::Start((*root as u64 - 1) * page_size as u64))
            .unwrap();
        f.write_all(&garbage).unwrap();
    }
    f.sync_all().unwrap();
    roots.len()
}
