//! The command line: run the app, the demo shop, checks and backups.

use anyhow::{Context as _, Result};
use chrono::{Datelike, Local, NaiveDate, NaiveDateTime};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use aftercare::app::{App, Clock, Env, Mode};
use aftercare::config::{ConfigFile, Dirs, choose_lang};
use aftercare::i18n::Locale;
use aftercare::keymap::KeyMap;
use aftercare::shop_data::files::{DataError, Files};
use aftercare::shop_data::policy::Policy;
use aftercare::shop_data::reasons::Reasons;
use aftercare::shop_data::visit_flow::VisitData;
use aftercare::{demo, store, terminal};

mod commands;
mod full_phones;

/// After-sales service and customer care for clothing shops and cosmetics counters.
#[derive(Parser)]
#[command(name = "aftercare", version, about, long_about = None)]
struct Cli {
    /// The shop database [default: shop.db in the user's data folder]
    #[arg(long, global = true, env = "AFTERCARE_DB", value_name = "PATH")]
    db: Option<PathBuf>,
    /// Language of the screens: en or zh-CN [default: from the config file or LANG]
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
    /// Key map: default, vim, or a path to a .toml file
    #[arg(long, global = true, value_name = "NAME")]
    keymap: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Create the demo shop (if absent) and open it; every demo PIN is 0000
    Demo {
        /// Customers in the demo shop
        #[arg(long, default_value_t = 2000)]
        customers: u64,
        /// Seed: the same seed writes the same shop
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Only write the demo shop, then exit
        #[arg(long)]
        no_ui: bool,
        /// The demo shop's code in a chain (several demo shops for one head office)
        #[arg(long, value_name = "CODE")]
        shop_code: Option<String>,
    },
    /// Show or set the shop's code in a chain; the first time, its records are
    /// logged for the first sync to head office
    ShopCode {
        /// The code, e.g. SH-01 (2 to 16 letters, digits or '-')
        code: Option<String>,
    },
    /// Push the shop's changes to head office (PostgreSQL)
    Sync(aftercare::cli::chain::SyncArgs),
    /// Head office: schema, shops' logins, reports, the chain's customer directory
    #[command(subcommand)]
    Hq(aftercare::cli::chain::Hq),
    /// Check the database: integrity, foreign keys, schema version, the shop's
    /// rules and the staff board's kept figures
    Check {
        /// Write the staff board's kept figures again from the records when they differ
        #[arg(long)]
        repair: bool,
    },
    /// Copy the database consistently while others keep working: to FILE, or a dated
    /// copy into --dir keeping the last --keep; never a partial file
    #[command(group(clap::ArgGroup::new("to").required(true).args(["file", "dir"])))]
    Backup {
        /// Where to write the copy (must not exist yet)
        file: Option<PathBuf>,
        /// A folder for dated copies (shop-YYYY-MM-DD-HHMMSS.db)
        #[arg(long, value_name = "DIR", requires = "keep")]
        dir: Option<PathBuf>,
        /// With --dir: how many dated copies to keep (the oldest go)
        #[arg(long, value_name = "N", requires = "dir", value_parser = clap::value_parser!(u32).range(1..))]
        keep: Option<u32>,
    },
    /// Put a backup back in place of the shop database, after checking it; refused
    /// while anyone has the app open on the database
    Restore {
        /// The backup to put back
        file: PathBuf,
    },
    /// Show the shop's settings, or change its name, address or phone (printed on receipts)
    Shop {
        /// The shop's name
        #[arg(long)]
        name: Option<String>,
        /// The address printed under the name
        #[arg(long)]
        address: Option<String>,
        /// The phone printed under the name
        #[arg(long)]
        phone: Option<String>,
    },
    /// Bring records in from another system
    #[command(subcommand)]
    Import(Import),
    /// The after-sale policy: returns, exchanges, repairs
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Practise the visit, the after-sale desk, the complaint counter and the phone on a
    /// fresh copy of the demo shop (never the real database); scorecards are kept in
    /// training.db beside the shop database
    Train {
        /// The trainee's name: added to the practice shop with PIN 0000
        #[arg(long)]
        trainee: Option<String>,
        /// Print every trainee's progress (or one trainee's) per skill, what is still
        /// weak and the ready-to-work-alone mark, and exit
        #[arg(long)]
        progress: bool,
        /// With --progress: a JSON document for a script
        #[arg(long, requires = "progress")]
        json: bool,
        /// Customers in the practice shop
        #[arg(long, default_value_t = 300)]
        customers: u64,
    },
    /// The day's callbacks, greetings and open repair jobs: an aligned printout in the
    /// --lang language, or JSON for a script
    Due {
        /// The day, YYYY-MM-DD [default: today]
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Only this associate's callbacks and the greetings of the customers closest to them
        #[arg(long, value_name = "NAME")]
        staff: Option<String>,
        /// Print JSON (documented in the README) instead of the printout
        #[arg(long)]
        json: bool,
        /// Print phone numbers in full (masked otherwise): a manager's name; their PIN
        /// is read from AFTERCARE_PIN or standard input, and the export is audited
        #[arg(long, value_name = "MANAGER")]
        full_phones: Option<String>,
    },
    /// A register as CSV (UTF-8 with a header row) for a spreadsheet
    Export {
        /// Which register
        #[arg(value_enum)]
        what: ExportWhat,
        /// First day, YYYY-MM-DD [default: the first of this month]
        #[arg(long, value_parser = parse_date)]
        from: Option<NaiveDate>,
        /// Last day, YYYY-MM-DD [default: today]
        #[arg(long, value_parser = parse_date)]
        to: Option<NaiveDate>,
        /// Write to this file instead of standard output
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// greetings: the day, YYYY-MM-DD [default: today]
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// greetings: only this associate's customers (by name); customer: the
        /// manager exporting (their PIN is read from AFTERCARE_PIN or standard input)
        #[arg(long, value_name = "NAME")]
        staff: Option<String>,
        /// customer: the customer's number (as `check` and the file screen show it)
        #[arg(long, value_name = "ID")]
        customer: Option<i64>,
        /// repairs: phone numbers in full (masked otherwise): a manager's name; their
        /// PIN is read from AFTERCARE_PIN or standard input, and the export is audited
        #[arg(long, value_name = "MANAGER")]
        full_phones: Option<String>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportWhat {
    /// The satisfaction survey register 顾客满意度调查登记表
    Surveys,
    /// The complaint handling register 客户投诉处理登记表
    Complaints,
    /// The quality callback / customer opinion register 质量回访/顾客意见登记表
    Opinions,
    /// The repair register 客户货品维修登记簿
    Repairs,
    /// The returns and exchanges log
    Returns,
    /// A day's greetings for an SMS gateway (phone, name, occasion, text,
    /// associate); what is written is marked sent
    Greetings,
    /// Callbacks' answers marked for the region or head office, and top
    /// spenders' suggestions
    Feedback,
    /// Everything held about one customer (PIPL art. 45), as readable text in
    /// the --lang language: needs --customer ID and --staff MANAGER (PIN asked), audited
    Customer,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date: write YYYY-MM-DD"))
}

#[derive(Subcommand)]
enum PolicyCommand {
    /// Read one case as JSON on standard input, print the decision as JSON
    #[command(after_long_help = aftercare::cli::policy_explain::FIELDS_HELP)]
    Explain,
}

#[derive(Subcommand)]
enum Import {
    /// Customers from the till or a spreadsheet (CSV or .xlsx); matched by member number or phone
    Customers(ImportArgs),
    /// Products (style numbers, prices, barcodes); matched by style number
    Products(ImportArgs),
    /// Sales, one row per line, grouped by receipt number; matched by receipt number
    Sales(ImportArgs),
    /// Staff (name, role, first PIN); matched by name
    Staff(ImportArgs),
}

#[derive(clap::Args)]
struct ImportArgs {
    /// The file: .csv (UTF-8 or GBK/GB18030) or .xlsx
    file: PathBuf,
    /// Staff name recorded as doing the import [default: the first manager]
    #[arg(long)]
    staff: Option<String>,
    /// Check the whole file and say what would happen; write nothing
    #[arg(long)]
    dry_run: bool,
    /// Import the good rows and report the others (default: all or nothing)
    #[arg(long)]
    skip_bad: bool,
    /// The file's encoding (utf-8, gbk, gb18030, utf-16le …) [default: detected]
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,
    /// The sheet of an .xlsx workbook [default: the first]
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// More column names for this file, written like data/import_columns.toml
    #[arg(long, value_name = "FILE")]
    map: Option<PathBuf>,
}

/// Everything read at start; any fault here stops the program with exit code 2.
struct Setup {
    dirs: Dirs,
    config: ConfigFile,
    files: Files,
    policy: Policy,
    locale: Locale,
    keymap: KeyMap,
    reasons: Reasons,
    visit_data: VisitData,
    /// The greetings calendar, rules and message library.
    greetings: aftercare::shop_data::greetings::GreetingData,
    /// The desk, counter and phone training cards and the pass marks.
    training_cards: aftercare::shop_data::training_cards::TrainingCards,
}

// One function, long: the faults are gathered from every part and told in
// the files' order, whichever thread found them.
fn load(cli: &Cli) -> Result<Setup, Vec<DataError>> {
    let dirs = Dirs::find();
    let config = ConfigFile::load(&dirs.config_file()).map_err(|e| vec![e])?;
    let home = std::env::var_os("AFTERCARE_HOME")
        .map(PathBuf::from)
        .or_else(|| config.files.clone());
    let files = Files::locate(home.as_deref());
    let mut errors = Vec::new();
    let policy = Policy::load(&files).map_err(|e| errors.push(e)).ok();
    let lang = choose_lang(cli.lang.as_deref(), config.lang.as_deref());
    // The files are read and checked beside each other (start-up time, on
    // two cores): the languages (each checked against English) and the
    // greetings' rules (their patterns compiled) each on a thread of their
    // own, the rest here. Every check still runs before the first frame.
    let window = policy.as_ref().map(|p| p.greetings.birthday_window_days);
    // Each part keeps its faults apart, so they are told in the files' order.
    let (mut keymap_faults, mut other_faults) = (Vec::new(), Vec::new());
    let (locale, greetings, keymap, reasons, visit_data, training_cards) =
        std::thread::scope(|s| {
            let locale = s.spawn(|| Locale::load(&files, &lang));
            let greetings = s.spawn(|| {
                let mut faults = Vec::new();
                match aftercare::shop_data::phones::load(&files) {
                    Ok(rules) => aftercare::shop_data::phones::install(rules),
                    Err(e) => faults.push(e),
                }
                // The message library and its rules: a broken template stops the start.
                let data = window.and_then(|days| {
                    aftercare::shop_data::greetings::GreetingData::load(&files, days)
                        .map_err(|e| faults.push(e))
                        .ok()
                });
                (data, faults)
            });
            let keymap_name = cli
                .keymap
                .clone()
                .or_else(|| config.keymap.clone())
                .unwrap_or_else(|| "default".into());
            let keymap = KeyMap::load(&files, &keymap_name, Some(&dirs.user_keymap()))
                .map_err(|e| keymap_faults.extend(e))
                .ok();
            let reasons = Reasons::load(&files, &lang)
                .map_err(|e| other_faults.push(e))
                .ok();
            let visit_data = VisitData::load(&files)
                .map_err(|e| other_faults.extend(e))
                .ok();
            // The desk, counter and phone cards: a broken card stops the start (a
            // desk card the shop's policy disagrees with stops only `train`).
            let training_cards = policy.as_ref().and_then(|p| {
                aftercare::shop_data::training_cards::TrainingCards::load(&files, &p.aftersale)
                    .map_err(|e| other_faults.extend(e))
                    .ok()
            });
            let locale = locale.join().expect("the locale thread");
            let (greetings, faults) = greetings.join().expect("the greetings thread");
            other_faults.extend(faults);
            (
                locale,
                greetings,
                keymap,
                reasons,
                visit_data,
                training_cards,
            )
        });
    let locale = locale.map_err(|e| errors.push(e)).ok();
    errors.extend(keymap_faults);
    if let (Some(p), Some(l)) = (&policy, &locale) {
        // Every complaint category and department needs a name on screen.
        errors.extend(p.service.check_names(l));
        errors.extend(p.quality.check_names(l));
    }
    errors.extend(other_faults);
    match (
        policy,
        locale,
        keymap,
        reasons,
        visit_data,
        greetings,
        training_cards,
    ) {
        (
            Some(policy),
            Some(locale),
            Some(keymap),
            Some(reasons),
            Some(visit_data),
            Some(greetings),
            Some(training_cards),
        ) if errors.is_empty() => Ok(Setup {
            dirs,
            config,
            files,
            policy,
            locale,
            keymap,
            reasons,
            visit_data,
            greetings,
            training_cards,
        }),
        _ => Err(errors),
    }
}

fn main() -> ExitCode {
    let cli = {
        use clap::{CommandFactory, FromArgMatches};
        let cmd = commands::with_import_help(Cli::command());
        match Cli::from_arg_matches(&cmd.get_matches()) {
            Ok(c) => c,
            Err(e) => e.exit(),
        }
    };
    let setup = match load(&cli) {
        Ok(s) => s,
        Err(errors) => {
            for e in errors {
                eprintln!("aftercare: {e}");
            }
            eprintln!("aftercare: not started: fix the file named above.");
            return ExitCode::from(2);
        }
    };
    match run(cli, setup) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("aftercare: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Whether the command draws the screen, and so needs a terminal.
fn needs_terminal(cli: &Cli) -> bool {
    match &cli.command {
        None => true,
        Some(Command::Demo { no_ui, .. }) => !no_ui,
        Some(Command::Train { progress, .. }) => !progress,
        Some(_) => false,
    }
}

fn run(cli: Cli, s: Setup) -> Result<ExitCode> {
    if needs_terminal(&cli) && !terminal::available() {
        // One line, on stderr: nothing reaches a pipe or a cron mail but this.
        eprintln!("{}", s.locale.t("shopfiles.needs_terminal"));
        return Ok(ExitCode::from(2));
    }
    match &cli.command {
        None => {
            let path = shop_db(&cli, &s);
            open_app(&path, s, Mode::Shop)
        }
        Some(Command::Demo {
            customers,
            seed,
            no_ui,
            shop_code,
        }) => {
            let path = cli.db.clone().unwrap_or_else(|| s.dirs.demo_db());
            let has_shop = path.exists() && store::shop::name(&store::open(&path)?)?.is_some();
            if !has_shop {
                let spec = demo::DemoSpec {
                    customers: *customers,
                    seed: *seed,
                    today: today(),
                };
                let started = std::time::Instant::now();
                let summary = demo::write_demo_then(&path, &spec, |conn| {
                    if let Some(code) = shop_code {
                        store::changes::enrol(conn, code)?;
                    }
                    Ok(())
                })?;
                if *no_ui {
                    println!(
                        "{}",
                        s.locale.f(
                            "cli.demo_written",
                            &[
                                ("path", &path.display().to_string()),
                                ("n", &summary.customers.to_string()),
                                ("secs", &format!("{:.1}", started.elapsed().as_secs_f64())),
                            ]
                        )
                    );
                }
            } else if *no_ui {
                println!(
                    "{}",
                    s.locale
                        .f("cli.demo_exists", &[("path", &path.display().to_string())])
                );
            }
            if *no_ui {
                return Ok(ExitCode::SUCCESS);
            }
            open_app(&path, s, Mode::Demo)
        }
        Some(Command::ShopCode { code }) => {
            aftercare::cli::chain::shop_code(&shop_db(&cli, &s), code.as_deref())
        }
        Some(Command::Sync(args)) => {
            aftercare::cli::chain::sync_cmd(&shop_db(&cli, &s), args, s.config.hq.as_deref())
        }
        Some(Command::Hq(cmd)) => aftercare::cli::chain::hq_cmd(
            &shop_db(&cli, &s),
            cmd,
            s.config.hq.as_deref(),
            s.policy.figures.net_of_returns,
            today(),
        ),
        Some(Command::Check { repair }) => {
            let path = shop_db(&cli, &s);
            // Reported, not failed: the shop works; only `train` waits for the cards.
            let disagree = (s.training_cards).desk_disagreements(&s.policy.aftersale, today());
            for e in &disagree {
                println!("{e}");
            }
            if !disagree.is_empty() {
                println!("{}", s.locale.t("cli.cards_disagree"));
            }
            commands::check(&path, &s.locale, *repair)
        }
        Some(Command::Import(which)) => {
            let path = shop_db(&cli, &s);
            use aftercare::import::Kind;
            let (kind, args) = match which {
                Import::Customers(a) => (Kind::Customers, a),
                Import::Products(a) => (Kind::Products, a),
                Import::Sales(a) => (Kind::Sales, a),
                Import::Staff(a) => (Kind::Staff, a),
            };
            commands::import(&path, kind, args, &s)
        }
        Some(Command::Policy(PolicyCommand::Explain)) => {
            use std::io::Read as _;
            let mut input = String::new();
            std::io::stdin()
                .read_to_string(&mut input)
                .context("cannot read standard input")?;
            match aftercare::cli::policy_explain::explain_in(
                &s.files,
                &input,
                &s.policy,
                &s.locale.lang,
            ) {
                Ok(json) => {
                    println!("{json}");
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("aftercare policy explain: {e}");
                    Ok(ExitCode::from(2))
                }
            }
        }
        Some(Command::Train {
            trainee,
            progress,
            json,
            customers,
        }) => {
            let shop = shop_db(&cli, &s);
            let dir = shop
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("."));
            let scores = dir.join("training.db");
            if *progress {
                return print_progress(&scores, trainee.as_deref(), *json, &s);
            }
            let disagree = s
                .training_cards
                .desk_disagreements(&s.policy.aftersale, today());
            if !disagree.is_empty() {
                for e in disagree {
                    eprintln!("aftercare: {e}");
                }
                eprintln!("aftercare: {}", s.locale.t("cli.train_refused"));
                return Ok(ExitCode::from(2));
            }
            let sandbox = dir.join(format!("training-sandbox-{}.db", std::process::id()));
            let result = train(&sandbox, &scores, trainee.as_deref(), *customers, s);
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", sandbox.display()));
            }
            result
        }
        Some(Command::Export {
            what,
            from,
            to,
            out,
            date,
            staff,
            customer,
            full_phones,
        }) => {
            let path = shop_db(&cli, &s);
            if matches!(what, ExportWhat::Customer) {
                return commands::export_customer(
                    &path,
                    *customer,
                    staff.as_deref(),
                    out.as_deref(),
                    &s,
                );
            }
            if matches!(what, ExportWhat::Greetings) {
                let date = date.unwrap_or_else(today);
                return commands::export_greetings(
                    &path,
                    date,
                    staff.as_deref(),
                    out.as_deref(),
                    &s,
                );
            }
            let to = to.unwrap_or_else(today);
            let from = from.unwrap_or_else(|| to.with_day(1).unwrap_or(to));
            commands::export(
                &path,
                *what,
                from,
                to,
                out.as_deref(),
                full_phones.as_deref(),
                &s,
            )
        }
        Some(Command::Due {
            date,
            staff,
            json,
            full_phones,
        }) => {
            let path = shop_db(&cli, &s);
            commands::due(
                &path,
                date.unwrap_or_else(today),
                staff.as_deref(),
                *json,
                full_phones.as_deref(),
                &s,
            )
        }
        Some(Command::Backup { file, dir, keep }) => {
            let path = shop_db(&cli, &s);
            match (file, dir, keep) {
                (Some(file), _, _) => commands::backup(&path, file, &s.locale),
                (None, Some(dir), Some(keep)) => {
                    let at = fixed_now().unwrap_or_else(|| Local::now().naive_local());
                    commands::backup_dated(&path, dir, *keep as usize, at, &s.locale)
                }
                // clap requires a file or --dir with --keep.
                _ => Ok(ExitCode::from(2)),
            }
        }
        Some(Command::Shop {
            name,
            address,
            phone,
        }) => {
            let path = shop_db(&cli, &s);
            commands::shop_settings(
                &path,
                name.as_deref(),
                address.as_deref(),
                phone.as_deref(),
                &s.locale,
            )
        }
        Some(Command::Restore { file }) => {
            let path = shop_db(&cli, &s);
            let at = fixed_now().unwrap_or_else(|| Local::now().naive_local());
            commands::restore(&path, file, at, &s.locale)
        }
    }
}

/// The shop's local date, or the fixed one of `AFTERCARE_NOW` (tests).
fn fixed_now() -> Option<NaiveDateTime> {
    let v = std::env::var("AFTERCARE_NOW").ok()?;
    NaiveDateTime::parse_from_str(&v, "%Y-%m-%dT%H:%M")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(10, 0, 0))
        })
}

/// The shop database: `--db` (or `AFTERCARE_DB`), else the config file's,
/// else shop.db in the user's data folder.
fn shop_db(cli: &Cli, s: &Setup) -> PathBuf {
    cli.db
        .clone()
        .or_else(|| s.config.db.clone())
        .unwrap_or_else(|| s.dirs.shop_db())
}

fn today() -> NaiveDate {
    fixed_now()
        .map(|t| t.date())
        .unwrap_or_else(|| Local::now().date_naive())
}

/// A fresh practice shop in its own file: the demo shop, the practice
/// catalogue, and the trainee; then the app on it in training mode.
fn train(
    sandbox: &Path,
    scores: &Path,
    trainee: Option<&str>,
    customers: u64,
    s: Setup,
) -> Result<ExitCode> {
    let spec = demo::DemoSpec {
        customers,
        seed: 7,
        today: today(),
    };
    // The practice catalogue and the trainee go in before the shop is put in place.
    demo::write_demo_then(sandbox, &spec, |conn| {
        aftercare::training::prepare_sandbox(conn, &s.visit_data, trainee)
    })?;
    open_app_with(sandbox, s, Mode::Training, Some(scores.to_path_buf()))
}

/// `train --progress`: per trainee per skill, what is still weak, the
/// ready mark; `--json` for a script.
fn print_progress(scores: &Path, trainee: Option<&str>, json: bool, s: &Setup) -> Result<ExitCode> {
    use aftercare::app::practice::{progress, report};
    let loc = &s.locale;
    let trainees = if scores.exists() {
        progress::load(scores, trainee, &s.training_cards)?
    } else {
        Vec::new()
    };
    if json {
        let doc = report::json(&trainees, loc, &s.visit_data, &s.training_cards);
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else if !scores.exists() {
        println!(
            "{}",
            loc.f("cli.no_scores", &[("path", &scores.display().to_string())])
        );
    } else {
        println!("{}", report::text(&trainees, loc, &s.visit_data));
    }
    Ok(ExitCode::SUCCESS)
}

fn open_app(path: &Path, s: Setup, mode: Mode) -> Result<ExitCode> {
    open_app_with(path, s, mode, None)
}

fn open_app_with(
    path: &Path,
    s: Setup,
    mode: Mode,
    training_scores: Option<PathBuf>,
) -> Result<ExitCode> {
    let mut conn = store::open(path)?;
    let checked = aftercare::app::fault::check_on_open(&conn, path, &s.locale)?;
    // Drafts a hang-up could only keep in files go back into the database.
    let folder = aftercare::app::autosave::folder_for(path);
    aftercare::app::autosave::merge_files(&mut conn, &folder)?;
    aftercare::app::visit::restore_drafts(&mut conn, None)?;
    store::vip::sync_thresholds(&mut conn, &s.policy)?;
    store::products::settle_prices(&conn, today())?;
    // While this runs, `aftercare restore` knows someone has the shop open.
    let _session = store::sessions::Heartbeat::start(path)?;
    let idle = s
        .config
        .idle_lock_minutes
        .unwrap_or(s.policy.signin.idle_lock_minutes)
        .max(1);
    let idle_secs = std::env::var("AFTERCARE_IDLE_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(idle as u64 * 60);
    let env = Env {
        conn,
        policy: s.policy,
        locale: s.locale,
        keymap: s.keymap,
        mode,
        idle_lock: Duration::from_secs(idle_secs),
        reasons: s.reasons,
        receipts_dir: path
            .parent()
            .map(|p| p.join("receipts"))
            .unwrap_or_else(|| "receipts".into()),
        clock: fixed_now().map(Clock::Fixed).unwrap_or(Clock::System),
    };
    // The data files as loaded once at start (the config's `files =` too).
    let mut app = App::with_data(
        env,
        std::sync::Arc::new(s.visit_data),
        std::sync::Arc::new(s.greetings),
    )?;
    app.training_scores = training_scores;
    app.training_cards = std::sync::Arc::new(s.training_cards);
    // A shop of a chain (it has a code and head office is named) can look
    // a customer up in the chain's other shops from the search.
    if store::changes::shop_code(&app.env.conn)?.is_some() {
        app.hq = aftercare::chain::config_or(None, s.config.hq.as_deref())
            .ok()
            .map(std::sync::Arc::new);
    }
    app.autosave = Some(aftercare::app::autosave::Autosave::start(path)?);
    app.saver = Some(aftercare::app::saver::Saver::start(path)?);
    app.reader = Some(aftercare::app::reader::Reader::start(path)?);
    app.printer = s.config.printer.clone();
    if let Some(note) = checked {
        app.info(note);
    }
    terminal::run(&mut app)?;
    Ok(ExitCode::SUCCESS)
}
