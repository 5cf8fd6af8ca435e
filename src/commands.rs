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

/// `aftercare check [--repair]`: reads only, unless asked to repair; a
/// repair writes the staff board's kept figures again from the records
/// (nothing else is repaired) and checks once more.
pub(super) fn check(path: &Path, loc: &Locale, repair: bool) -> Result<ExitCode> {
    if missing(path, loc) {
        return Ok(ExitCode::FAILURE);
    }
    let flags = if repair {
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
    } else {
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
    };
    let mut conn = rusqlite::Connection::open_with_flags(path, flags)
        .with_context(|| format!("cannot open {}", path.display()))?;
    let mut report = store::check::run(&conn)?;
    if repair && report.kept_differ {
        for line in &report.findings {
            println!("{line}");
        }
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        store::kept::rebuild(&mut conn)?;
        println!("{}", loc.t("kept.repaired"));
        report = store::check::run(&conn)?;
    }
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
        if report.kept_differ {
            println!("{}", loc.t("kept.differ"));
        }
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
    // The columns file is read only for `import`: every other start (the
    // app's above all) goes without it.
    if !std::env::args_os().any(|a| a == "import") {
        return cmd;
    }
    let home = std::env::var_os("AFTERCARE_HOME").map(std::path::PathBuf::from);
    let files = aftercare::shop_data::files::Files::locate(home.as_deref());
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
    full_phones: Option<&str>,
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
    let mut conn = store::open(path)?;
    let what_name = match what {
        ExportWhat::Repairs => "repairs",
        ExportWhat::Returns => "returns",
        ExportWhat::Surveys => "surveys",
        ExportWhat::Complaints => "complaints",
        ExportWhat::Opinions => "opinions",
        ExportWhat::Greetings => "greetings",
        ExportWhat::Customer => "customer",
        ExportWhat::Feedback => "feedback",
    };
    let phones = match super::full_phones::ask(&mut conn, full_phones, what_name, s)? {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let conn = conn;
    let filter = store::complaints::Filter {
        from: Some(from),
        to: Some(to),
        ..Default::default()
    };
    let questions = &s.policy.service.questions;
    let mut write = |w: &mut dyn std::io::Write| -> Result<usize> {
        match what {
            ExportWhat::Repairs => {
                aftercare::export::aftersale::repairs(&conn, from, to, loc, phones, w)
            }
            ExportWhat::Returns => aftercare::export::aftersale::returns(&conn, from, to, loc, w),
            ExportWhat::Surveys => ex::export_surveys(&conn, loc, questions, &filter, w),
            ExportWhat::Complaints => ex::export_complaints(&conn, loc, &filter, w),
            ExportWhat::Opinions => ex::export_opinions(&conn, loc, &filter, w),
            ExportWhat::Feedback => {
                aftercare::export::feedback::feedback(&conn, from, to, loc, phones, w)
            }
            // Handled by `export_greetings` and `export_customer` before this is reached.
            ExportWhat::Greetings | ExportWhat::Customer => Ok(0),
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
            let mut f = aftercare::shop_files::create(file)
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
    let data = aftercare::shop_data::greetings::GreetingData::load(
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
    full_phones: Option<&str>,
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
    let data = aftercare::shop_data::greetings::GreetingData::load(
        &s.files,
        s.policy.greetings.birthday_window_days,
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let phones = match super::full_phones::ask(&mut conn, full_phones, "due", s)? {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let mut d = due::collect(&conn, date, who, &data, s.policy.callbacks.coming_days)?;
    if phones == aftercare::export::Phones::Masked {
        due::mask_phones(&mut d);
    }
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
    store::backup::copy_to(&conn, to)?;
    println!(
        "{}",
        loc.f("cli.backup_done", &[("path", &to.display().to_string())])
    );
    Ok(ExitCode::SUCCESS)
}

/// `aftercare export customer`: everything held about one customer, in the
/// --lang language, by a manager (PIN checked), audited.
pub(super) fn export_customer(
    path: &Path,
    customer: Option<i64>,
    staff: Option<&str>,
    out: Option<&Path>,
    s: &Setup,
) -> Result<ExitCode> {
    let loc = &s.locale;
    if missing(path, loc) {
        return Ok(ExitCode::FAILURE);
    }
    let (Some(id), Some(manager)) = (customer, staff) else {
        eprintln!("{}", loc.t("access.cli_usage"));
        return Ok(ExitCode::from(2));
    };
    let mut conn = store::open(path)?;
    if store::customers::get(&conn, id)?.is_none_or(|c| c.erased_at.is_some()) {
        eprintln!(
            "{}",
            loc.f("access.no_customer", &[("id", &id.to_string())])
        );
        return Ok(ExitCode::from(2));
    }
    if let Err(code) = super::full_phones::ask(&mut conn, Some(manager), "customer", s)? {
        return Ok(code);
    }
    let Some((staff_id, _)) = aftercare::cli::due::find_staff(&conn, manager)?.ok() else {
        return Ok(ExitCode::from(2));
    };
    store::subject_access::record_export(&mut conn, id, staff_id, &loc.lang)?;
    let shop = store::shop::name(&conn)?.unwrap_or_default();
    let today = today();
    match out {
        Some(file) => {
            aftercare::export::customer_data::write_file(&conn, id, loc, &shop, today, file)?;
            eprintln!(
                "{}",
                loc.f(
                    "access.done",
                    &[
                        ("name", &id.to_string()),
                        ("path", &file.display().to_string())
                    ]
                )
            );
        }
        None => {
            aftercare::export::customer_data::write(
                &conn,
                id,
                loc,
                &shop,
                today,
                std::io::stdout().lock(),
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `aftercare backup --dir DIR --keep N`: a dated copy, the oldest removed.
pub(super) fn backup_dated(
    path: &Path,
    dir: &Path,
    keep: usize,
    at: chrono::NaiveDateTime,
    loc: &Locale,
) -> Result<ExitCode> {
    if missing(path, loc) {
        return Ok(ExitCode::FAILURE);
    }
    let conn = store::open(path)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "shop".into());
    let r = store::backup::dated(&conn, dir, &stem, at, keep)?;
    println!(
        "{}",
        loc.f(
            "cli.backup_done",
            &[("path", &r.written.display().to_string())]
        )
    );
    for p in &r.removed {
        println!(
            "{}",
            loc.f(
                "shopfiles.backup_removed",
                &[("path", &p.display().to_string())]
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `aftercare restore FILE`: checked, refused while others have the shop
/// open, then put in place atomically; the database as it was is kept.
pub(super) fn restore(
    path: &Path,
    backup: &Path,
    at: chrono::NaiveDateTime,
    loc: &Locale,
) -> Result<ExitCode> {
    use store::backup::Unfit;
    if !backup.is_file() {
        eprintln!(
            "{}",
            loc.f(
                "shopfiles.restore_no_file",
                &[("path", &backup.display().to_string())]
            )
        );
        return Ok(ExitCode::FAILURE);
    }
    let why = match store::backup::verify(backup) {
        Ok(_) => None,
        Err(Unfit::NotADatabase(e)) => Some(loc.f("shopfiles.unfit_not_db", &[("why", &e)])),
        Err(Unfit::Damaged(e)) => Some(loc.f("shopfiles.unfit_damaged", &[("why", &e)])),
        Err(Unfit::NotAShop) => Some(loc.t("shopfiles.unfit_not_shop").to_string()),
        Err(Unfit::Newer(v)) => Some(loc.f(
            "shopfiles.unfit_newer",
            &[
                ("v", &v.to_string()),
                ("current", &store::migrate::CURRENT.to_string()),
            ],
        )),
    };
    if let Some(why) = why {
        eprintln!(
            "{}",
            loc.f(
                "shopfiles.restore_refused",
                &[("path", &backup.display().to_string()), ("why", &why)]
            )
        );
        return Ok(ExitCode::FAILURE);
    }
    if path.exists() {
        let conn = store::open(path)?;
        let open = store::sessions::open_now(&conn)?;
        drop(conn);
        if !open.is_empty() {
            eprintln!(
                "{}",
                loc.f("shopfiles.restore_busy", &[("n", &open.len().to_string())])
            );
            for s in &open {
                eprintln!(
                    "  {}",
                    loc.f(
                        "shopfiles.session_line",
                        &[
                            ("user", &s.os_user),
                            ("host", &s.host),
                            ("pid", &s.pid.to_string()),
                            ("since", &aftercare::app::form::local_time(&s.started_at)),
                        ]
                    )
                );
            }
            return Ok(ExitCode::FAILURE);
        }
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "shop".into());
    let keep_as = path.with_file_name(format!(
        "{stem}-before-restore-{}.db",
        at.format("%Y-%m-%d-%H%M%S")
    ));
    store::backup::restore(path, backup, &keep_as)?;
    println!(
        "{}",
        loc.f(
            "shopfiles.restored",
            &[
                ("path", &path.display().to_string()),
                ("from", &backup.display().to_string()),
                ("old", &keep_as.display().to_string()),
            ]
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// `aftercare shop`: the shop's name, address and phone, shown or changed.
pub(super) fn shop_settings(
    path: &Path,
    name: Option<&str>,
    address: Option<&str>,
    phone: Option<&str>,
    loc: &Locale,
) -> Result<ExitCode> {
    if missing(path, loc) {
        return Ok(ExitCode::FAILURE);
    }
    let mut conn = store::open(path)?;
    let Some(h) = store::shop_contact::update(&mut conn, name, address, phone)? else {
        eprintln!("{}", loc.t("shop_settings.no_shop"));
        return Ok(ExitCode::FAILURE);
    };
    let or_none = |v: &str| {
        if v.is_empty() {
            loc.t("shop_settings.none").to_string()
        } else {
            v.to_string()
        }
    };
    println!(
        "{}",
        loc.f(
            "shop_settings.settings",
            &[
                ("name", &h.name),
                ("address", &or_none(&h.address)),
                ("phone", &or_none(&h.phone)),
            ]
        )
    );
    Ok(ExitCode::SUCCESS)
}
