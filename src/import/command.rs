//! The command line of `aftercare import KIND FILE`: opens the shop, runs
//! the import with a progress bar, and reports in the user's language.

use anyhow::Result;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::progress::{Progress, Shown};
use super::{ColumnMap, Context, Fatal, Kind, Options, Refused, Report, Watch};
use crate::i18n::Locale;
use crate::shop_data::files::Files;
use crate::shop_data::policy::Policy;

/// SQLite's page cache while importing, in KiB (negative: a size, not pages).
const IMPORT_CACHE_KIB: i64 = -32_000;

/// What `main` hands over.
pub struct Request<'a> {
    pub db: &'a Path,
    pub kind: Kind,
    pub file: &'a Path,
    pub staff: Option<&'a str>,
    pub map: Option<&'a PathBuf>,
    pub opts: Options,
    pub files: &'a Files,
    pub policy: &'a Policy,
    pub locale: &'a Locale,
    pub today: chrono::NaiveDate,
}

/// Exit 0: every row in (or already there); 1: rows refused or a stop;
/// 2: the file or the command could not be used at all.
pub fn run(req: &Request<'_>) -> Result<ExitCode> {
    let loc = req.locale;
    if !req.db.exists() {
        eprintln!(
            "{}",
            loc.f("cli.no_db", &[("path", &req.db.display().to_string())])
        );
        return Ok(ExitCode::from(2));
    }
    if !req.file.is_file() {
        eprintln!(
            "{}",
            loc.f(
                "import.no_file",
                &[("path", &req.file.display().to_string())]
            )
        );
        return Ok(ExitCode::from(2));
    }
    let map = match ColumnMap::load(req.files, req.map.map(PathBuf::as_path)) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            return Ok(ExitCode::from(2));
        }
    };
    let mut conn = crate::store::open(req.db)?;
    // A fixed, larger page cache for one long transaction: the indexes of a
    // year of sales stay in memory; memory still does not grow with the file.
    conn.pragma_update(None, "cache_size", IMPORT_CACHE_KIB)?;
    crate::store::vip::sync_thresholds(&mut conn, req.policy)?;
    let Some(staff_id) = who(&conn, req)? else {
        return Ok(ExitCode::from(2));
    };
    let other = Locale::load(req.files, if loc.is_zh() { "en" } else { "zh-CN" })?;
    let locales = [loc, &other];
    let cx = Context {
        staff_id,
        today: req.today,
        policy: req.policy,
        map: &map,
        locales: &locales,
    };
    let size = if super::reader::is_workbook(req.file) {
        0
    } else {
        std::fs::metadata(req.file).map(|m| m.len()).unwrap_or(0)
    };
    let mut bar = Shown::new(size, loc.t("import.rows"));
    let mut print = |r: &Refused| {
        let why: Vec<String> = r.problems.iter().map(|p| p.describe(loc)).collect();
        println!(
            "{}",
            loc.f(
                "import.refused_row",
                &[("line", &r.line.to_string()), ("why", &why.join("; "))]
            )
        );
    };
    let mut watch = Watch {
        stop: super::stop_flag(),
        progress: &mut bar,
        on_refused: &mut print,
    };
    let report = super::run(&mut conn, req.kind, req.file, &req.opts, &cx, &mut watch);
    bar.done();
    match report {
        Ok(r) => Ok(summary(&r, req)),
        Err(Fatal::Header(e)) => {
            eprintln!("{}", header_problem(&e, req.kind, loc));
            Ok(ExitCode::from(2))
        }
        Err(Fatal::Empty) => {
            eprintln!("{}", loc.t("import.empty"));
            Ok(ExitCode::from(2))
        }
        Err(Fatal::Other(e)) => Err(e),
    }
}

/// The staff member recorded as doing the import: `--staff NAME`, else the
/// first manager. A staff file may go into a shop with nobody yet.
fn who(conn: &rusqlite::Connection, req: &Request<'_>) -> Result<Option<Option<i64>>> {
    let all = crate::store::staff::list(conn)?;
    let found = match req.staff {
        Some(name) => all.iter().find(|m| m.name == name),
        None => all
            .iter()
            .find(|m| m.role == crate::domain::staff::Role::Manager),
    };
    match found {
        Some(m) => Ok(Some(Some(m.id))),
        None if req.kind == Kind::Staff && req.staff.is_none() => Ok(Some(None)),
        None => {
            eprintln!(
                "{}",
                req.locale
                    .f("cli.no_staff", &[("name", req.staff.unwrap_or("-"))])
            );
            Ok(None)
        }
    }
}

fn header_problem(e: &super::HeaderError, kind: Kind, loc: &Locale) -> String {
    match e {
        super::HeaderError::Missing(fields) => loc.f(
            "import.missing_columns",
            &[("fields", &fields.join(", ")), ("kind", kind.id())],
        ),
        super::HeaderError::Twice {
            field,
            first,
            second,
        } => loc.f(
            "import.twice",
            &[("field", field), ("first", first), ("second", second)],
        ),
    }
}

fn summary(r: &Report, req: &Request<'_>) -> ExitCode {
    let loc = req.locale;
    if !r.ignored_columns.is_empty() {
        println!(
            "{}",
            loc.f(
                "import.ignored",
                &[("columns", &r.ignored_columns.join(", "))]
            )
        );
    }
    let n = |x: usize| x.to_string();
    println!(
        "{}",
        loc.f(
            "import.counts",
            &[
                ("rows", &n(r.rows)),
                ("new", &n(r.new)),
                ("updated", &n(r.updated)),
                ("unchanged", &n(r.unchanged)),
                ("refused", &n(r.refused.len())),
            ]
        )
    );
    if let Some(p) = &r.refused_csv {
        println!(
            "{}",
            loc.f("import.refused_file", &[("path", &p.display().to_string())])
        );
    }
    let file = req.file.display().to_string();
    let line = if let Some(why) = &r.stopped {
        let why = if why == "interrupted" {
            loc.t("import.interrupted").to_string()
        } else {
            why.clone()
        };
        loc.f("import.stopped", &[("why", &why), ("n", &n(r.went_in))])
    } else if r.dry_run {
        loc.t("import.dry_run").to_string()
    } else if !r.refused.is_empty() && !req.opts.skip_bad {
        loc.f("import.all_or_nothing", &[("file", &file)])
    } else if r.new + r.updated == 0 && r.refused.is_empty() {
        loc.t("import.nothing_changed").to_string()
    } else {
        loc.f("import.went_in", &[("n", &n(r.went_in))])
    };
    println!("{line}");
    if r.stopped.is_some() || !r.refused.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `--help` for each kind, built from the shop's column map.
pub fn help_text(files: &Files, kind: Kind) -> String {
    let map = ColumnMap::load(files, None).unwrap_or_default();
    let mut out = super::columns::help(&map, kind);
    out.push_str(
        "\nFiles: CSV in UTF-8 (with or without BOM) or GBK/GB18030 (detected; --encoding to say), \
         CRLF or LF, Excel quoting; or an .xlsx workbook (--sheet NAME, else the first sheet).\n\
         All or nothing: a refused row leaves the shop as it was; --skip-bad imports the good rows. \
         Refused rows are listed with their line and written to FILE.refused.csv.\n\
         Re-running the same file changes nothing.\n",
    );
    out
}
