//! Every file aftercare writes for a shop goes through here, so the whole
//! staff (one OS group, many accounts) can read and write it whatever each
//! person's umask: files 0660, folders 2770 (set-group-id, so the group
//! carries on to what is made inside), never world-readable.
//!
//! A mode given to `open` or `mkdir` is masked by the umask, so the mode is
//! set again explicitly after creating. SQLite gives a database's -wal,
//! -shm and -journal files the database file's own mode, so a database
//! created here first keeps all of them shared.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// A shop file: owner and group read and write, nobody else.
pub const FILE_MODE: u32 = 0o660;
/// A shop folder: owner and group, set-group-id.
pub const DIR_MODE: u32 = 0o2770;

/// Creates `dir` and whatever parents are missing; every folder made here
/// gets [`DIR_MODE`]. Folders that were there already are left as they are.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dir(parent)?;
    }
    match std::fs::create_dir(dir) {
        Ok(()) => std::fs::set_permissions(dir, std::fs::Permissions::from_mode(DIR_MODE)),
        // Another staff member's process made it meanwhile.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(e),
    }
}

/// Creates the folder a shop file goes in.
pub fn create_parent(path: &Path) -> io::Result<()> {
    match path.parent() {
        Some(dir) => create_dir(dir),
        None => Ok(()),
    }
}

/// Gives a file this process owns the shared mode. Another person's file
/// keeps the mode its creator's process gave it (only the owner may change it).
pub fn share(path: &Path) -> io::Result<()> {
    let meta = std::fs::metadata(path)?;
    // SAFETY: geteuid has no preconditions.
    if meta.uid() != unsafe { libc::geteuid() } {
        return Ok(());
    }
    if meta.mode() & 0o7777 != FILE_MODE {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(FILE_MODE))?;
    }
    Ok(())
}

/// Opens a shop file for writing from its start (created or emptied).
pub fn create(path: &Path) -> io::Result<File> {
    create_parent(path)?;
    let f = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(FILE_MODE)
        .open(path)?;
    share(path)?;
    Ok(f)
}

/// Creates a shop file that must not exist yet.
pub fn create_new(path: &Path) -> io::Result<File> {
    create_parent(path)?;
    let f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(FILE_MODE)
        .open(path)?;
    share(path)?;
    Ok(f)
}

/// Makes an empty database file with the shared mode when there is none, so
/// SQLite opens it instead of creating it with the umask's mode.
pub fn prepare_db(path: &Path) -> io::Result<()> {
    create_parent(path)?;
    if path.exists() {
        return Ok(());
    }
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(FILE_MODE)
        .open(path)
    {
        Ok(_) => share(path),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Gives a database and its companion files (-wal, -shm, -journal) that
/// this process owns the shared mode.
pub fn share_db(path: &Path) -> io::Result<()> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let p = with_suffix(path, suffix);
        match share(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// `path` with `suffix` added to its file name (`shop.db` → `shop.db-wal`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// A temporary name beside `path`, in the same folder (so a rename is
/// atomic), hidden and marked as partial.
pub fn temp_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = format!(".{name}.partial-{}", std::process::id());
    match path.parent() {
        Some(dir) => dir.join(tmp),
        None => PathBuf::from(tmp),
    }
}

/// Puts a finished temporary file in place: its data to disk, the rename,
/// then the folder entry to disk. A reader sees the old file or the whole
/// new one, never a part.
pub fn commit(tmp: &Path, path: &Path) -> io::Result<()> {
    File::open(tmp)?.sync_all()?;
    std::fs::rename(tmp, path)?;
    sync_dir(path)
}

/// Writes the folder entry of `path` to disk.
pub fn sync_dir(path: &Path) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    File::open(dir)?.sync_all()
}

/// Writes a whole shop file atomically (temporary name, fsync, rename); a
/// failed write leaves no temporary file behind.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    create_parent(path)?;
    let tmp = temp_beside(path);
    let result = (|| {
        let _ = std::fs::remove_file(&tmp);
        let mut f = create_new(&tmp)?;
        f.write_all(bytes)?;
        drop(f);
        commit(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().mode() & 0o7777
    }

    /// The umask is process-wide: one test sets it and checks everything.
    #[test]
    fn files_and_folders_are_shared_whatever_the_umask() {
        let dir = tempfile::tempdir().unwrap();
        // SAFETY: umask only changes this process's creation mask.
        let old = unsafe { libc::umask(0o077) };
        let nested = dir.path().join("a/b");
        let file = nested.join("receipt.txt");
        create(&file).unwrap().write_all(b"x").unwrap();
        let atomic = dir.path().join("c/export.csv");
        write_atomic(&atomic, b"a,b\n").unwrap();
        let db = dir.path().join("d/shop.db");
        prepare_db(&db).unwrap();
        unsafe { libc::umask(old) };
        assert_eq!(mode(&dir.path().join("a")), DIR_MODE);
        assert_eq!(mode(&nested), DIR_MODE);
        assert_eq!(mode(&file), FILE_MODE);
        assert_eq!(mode(&atomic), FILE_MODE);
        assert_eq!(std::fs::read(&atomic).unwrap(), b"a,b\n");
        assert_eq!(mode(&db), FILE_MODE);
        // The folder's own mode is kept: it was there before.
        assert_eq!(mode(dir.path()) & 0o2000, 0);
        assert!(
            std::fs::read_dir(dir.path().join("c")).unwrap().all(|e| !e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("partial"))
        );
    }

    #[test]
    fn a_temporary_name_sits_beside_the_file() {
        let t = temp_beside(Path::new("/srv/shop/backups/shop.db"));
        assert_eq!(t.parent(), Some(Path::new("/srv/shop/backups")));
        assert!(
            t.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".shop.db.partial-")
        );
        assert_eq!(
            with_suffix(Path::new("x/shop.db"), "-wal"),
            PathBuf::from("x/shop.db-wal")
        );
    }
}
