//! A shop database made whole in a temporary file beside its place, then
//! renamed into it: a half-written shop never stands where a shop goes.

use anyhow::{Context, Result};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// What the temporary files of `path` are called, before the writer's id.
fn stem(path: &Path) -> OsString {
    let mut p = path.file_name().unwrap_or_default().to_owned();
    p.push(".writing-");
    p
}

/// `<path>.writing-<pid>`, beside `path` (the same file system, so the rename is atomic).
pub fn temp_beside(path: &Path) -> PathBuf {
    let mut name = stem(path);
    name.push(std::process::id().to_string());
    path.with_file_name(name)
}

/// Removes a database file with its journal, WAL and shared-memory files.
pub fn remove_with_journals(db: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal", ".search-build"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
}

/// Clears the temporary files that writers of `path` killed on the way
/// left behind (their process is gone); a live writer's are left alone.
pub fn clear_stale(path: &Path) {
    let stem = stem(path);
    let stem = stem.to_string_lossy();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(stem.as_ref()) else {
            continue;
        };
        let pid: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let alive = pid.parse::<i32>().is_ok_and(process_alive);
        if !alive {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn process_alive(pid: i32) -> bool {
    if pid <= 0 {
        return false;
    }
    // Signal 0 only asks whether the process is there.
    // SAFETY: kill with signal 0 sends nothing; it only checks the id.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Moves everything in the WAL of `db` into the file itself: a WAL left
/// beside the temporary name would not follow it through the rename.
pub fn fold_in_wal(db: &Path) -> Result<()> {
    let conn = rusqlite::Connection::open(db)?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    conn.close().map_err(|(_, e)| e)?;
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        anyhow::bail!(
            "{} could not be folded into its database",
            PathBuf::from(wal).display()
        );
    }
    Ok(())
}

/// Syncs the finished temporary file to disk, renames it over `path` and
/// syncs the folder, so the rename itself survives a power cut.
pub fn put_in_place(temp: &Path, path: &Path) -> Result<()> {
    std::fs::File::open(temp)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot sync {}", temp.display()))?;
    // An empty database that stood at `path` goes, with any files of its own.
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    std::fs::rename(temp, path)
        .with_context(|| format!("cannot put {} in place", path.display()))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::File::open(dir)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot sync the folder {}", dir.display()))?;
    Ok(())
}
