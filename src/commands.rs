//! The commands that work on the shop database without the screen: check,
//! backup, import, the exports and `due`. A child of `main`, so it shares
//! its start-up (`Setup`) and clock.

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use std::path::Path;
use std::process::ExitCode;

use super::{ExportWhat, Setup, today};
use aftercare::i18n::Locale;
use aftercare::store;

pub(super) fn check(path: &Path, loc: &Locale) -> Result<ExitCode> {
    if missing(path, loc) {
        return Ok(ExitCode::FAILURE);
    }
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .with_context(|| format!("cannot open {}", path.display()))?;
    let report = store::check::run(&conn)?;
    for line in &report.findings {
        println!("{line}");
    }
    if report.ok() {
        println!(
            "{}",
            loc.f(
                "cli.check_ok",
                &[
                    ("path", &path.display().to_string()),
                    ("v", &report.version.to_string())
                ]
            )
        );
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "{}",
            loc.f("cli.check_failed", &[("n", &report.problems.to_string())])
        );
        Ok(ExitCode::FAILURE)
    }
}

/// `aftercare import KIND FILE`: see `aftercare::import::command`.
pub(super) fn import(
    path: &Path,
    kind: aftercare::import::Kind,
    args: &super::ImportArgs,
    s: &Setup,
) -> Result<ExitCode> {
    use aftercare::import::{Options, command, reader::ReadOptions};
    command::run(&command::Request {
        db: path,
        kind,
        file: &args.file,
        staff: args.staff.as_deref(),
        map: args.map.as_ref(),
        opts: Options {
            dry_run: args.dry_run,
            skip_bad: args.skip_bad,
            read: ReadOptions {
                encoding: args.encoding.clone(),
                sheet: args.sheet.clone(),
            },
        },
        files: &s.files,
        policy: &s.policy,
        locale: &s.locale,
        today: today(),
    })
}

/// `--help` of each `import KIND` lists the columns of the shop's map.
pub(super) fn with_import_help(cmd: clap::Command) -> clap::Command {
    use aftercare::import::{Kind, command::help_text};
    let home = std::env::var_os("AFTERCARE_HOME").map(std::path::PathBuf::from);
    let files = aftercare::data::Files::locate(home.as_deref());
    cmd.mut_subcommand("import", |imp| {
        Kind::ALL.into_iter().fold(imp, |imp, k| {
            imp.mut_subcommand(k.id(), |c| c.after_help(help_text(&files, k)))
        })
    })
}

pub(super) fn export(
    path: &Path,
    what: ExportWhat,
    from: NaiveDate,
    to: NaiveDate,
    out: Option<&Path>,
    s: &Setup,
) -> Result<ExitCode> {
    use aftercare::export::complaints as ex;
    let loc = &s.locale;
    if missing(path, loc) {
        return Ok(ExitCode::FAILURE);
    }
    if from > to {
        eprintln!("{}", loc.t("cli.export_dates"));
        return Ok(ExitCode::from(2));
    }
    let conn = store::open(path)?;
    let filter = store::complaints::Filter {
        from: Some(from),
        to: Some(to),
        ..Default::default()
    };
    let questions = &s.policy.service.questions;
    let mut write = |w: &mut dyn std::io::Write| -> Result<usize> {
        match what {
            ExportWhat::Repairs => aftercare::export::aftersale::repairs(&conn, from, to, loc, w),
            ExportWhat::Returns => aftercare::export::aftersale::returns(&conn, from, to, loc, w),
            ExportWhat::Surveys => ex::export_surveys(&conn, loc, questions, &filter, w),
            ExportWhat::Complaints => ex::export_complaints(&conn, loc, &filter, w),
            ExportWhat::Opinions => ex::export_opinions(&conn, loc, &filter, w),
            // Handled by `export_greetings` before this is reached.
            ExportWhat::Greetings => Ok(0),
        }
    };
    write_out(out, loc, &mut write)
}

/// An export's rows into `out` (opened first: some exports write inside the
/// transaction that marks their rows), saying how many went where; or to
/// standard output.
fn write_out(
    out: Option<&Path>,
    loc: &Locale,
    write: &mut dyn FnMut(&mut dyn std::io::Write) -> Result<usize>,
) -> Result<ExitCode> {
    match out {
        Some(file) => {
            let mut f = std::fs::File::create(file)
                .with_context(|| format!("cannot write {}", file.display()))?;
            let n = write(&mut f)?;
            eprintln!(
                "{}",
                loc.f(
                    "cli.export_done",
                    &[("n", &n.to_string()), ("path", &file.display().to_string())]
                )
            );
        }
        None => {
            write(&mut std::io::stdout().lock())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Says so when the shop database is not there (a command never creates one).
fn missing(path: &Path, loc: &Locale) -> bool {
    if path.exists() {
        return false;
    }
    eprintln!(
        "{}",
        loc.f("cli.no_db", &[("path", &path.display().to_string())])
    );
    true
}

/// The member of staff a command was given (`--staff NAME`): (id, name), or
/// exit code 2 after naming the staff there are.
fn named_staff(
    conn: &rusqlite::Connection,
    name: Option<&str>,
    loc: &Locale,
) -> Result<Result<Option<(i64, String)>, ExitCode>> {
    let Some(name) = name else {
        return Ok(Ok(None));
    };
    Ok(match aftercare::cli::due::find_staff(conn, name)? {
        Ok(who) => Ok(Some(who)),
        Err(known) => {
            eprintln!(
                "{}",
                loc.f(
                    "due.unknown_staff",
                    &[("name", name), ("known", &known.join(", "))]
                )
            );
            Err(ExitCode::from(2))
        }
    })
}

/// `aftercare export greetings`: the day's greetings as CSV, marked sent.
pub(super) fn export_greetings(
    path: &Path,
    date: NaiveDate,
    staff: Option<&str>,
    out: Option<&Path>,
    s: &Setup,
) -> Result<ExitCode> {
    let loc = &s.locale;
    if missing(path, loc) {
        return Ok(ExitCode::FAILURE);
    }
    let mut conn = store::open(path)?;
    let staff_id = match named_staff(&conn, staff, loc)? {
        Ok(who) => who.map(|w| w.0),
        Err(code) => return Ok(code),
    };
    let data = aftercare::greetings_data::GreetingData::load(
        &s.files,
        s.policy.greetings.birthday_window_days,
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let shop = store::shop::name(&conn)?.unwrap_or_default();
    let mut write = |w: &mut dyn std::io::Write| {
        aftercare::export::greetings::day(&mut conn, &data, loc, &shop, date, staff_id, None, w)
    };
    write_out(out, loc, &mut write)
}

/// `aftercare due`: the day's callbacks, greetings and open repair jobs.
pub(super) fn due(
    path: &Path,
    date: NaiveDate,
    staff: Option<&str>,
    json: bool,
    s: &Setup,
) -> Result<ExitCode> {
    use aftercare::cli::due;
    let loc = &s.locale;
    if missing(path, loc) {
        return Ok(ExitCode::FAILURE);
    }
    let mut conn = store::open(path)?;
    let who = match named_staff(&conn, staff, loc)? {
        Ok(who) => who,
        Err(code) => return Ok(code),
    };
    // What the shop owes as of today is made first, as at sign-in.
    store::tasks::generate(&mut conn, today(), &s.policy)?;
    let data = aftercare::greetings_data::GreetingData::load(
        &s.files,
        s.policy.greetings.birthday_window_days,
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let d = due::collect(&conn, date, who, &data)?;
    if json {
        println!("{}", due::to_json(&d));
    } else {
        print!("{}", due::to_text(&d, loc));
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn backup(path: &Path, to: &Path, loc: &Locale) -> Result<ExitCode> {
    if missing(path, loc) {
        return Ok(ExitCode::FAILURE);
    }
    let conn = store::open(path)?;
    store::check::backup(&conn, to)?;
    println!(
        "{}",
        loc.f("cli.backup_done", &[("path", &to.display().to_string())])
    );
    Ok(ExitCode::SUCCESS)
}
