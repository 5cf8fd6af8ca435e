//! The chain's commands (issue 15): `aftercare shop-code`, `aftercare sync`
//! and `aftercare hq …`. The work is in [`crate::chain`] and
//! [`crate::store::changes`]; this reads the arguments and prints.

use anyhow::{Result, bail};
use chrono::NaiveDate;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use crate::chain::{self, directory, hq, report, sync};
use crate::store;

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date: write YYYY-MM-DD"))
}

/// Where head office is: `--url`, else `AFTERCARE_HQ`.
#[derive(clap::Args, Clone)]
pub struct HqUrl {
    /// Head office's PostgreSQL, postgres://USER@HOST:PORT/DB [default: AFTERCARE_HQ].
    /// Keep the password out of it: AFTERCARE_HQ_PASSWORD or AFTERCARE_HQ_PASSWORD_FILE
    #[arg(long, visible_alias = "hq", value_name = "URL")]
    pub url: Option<String>,
}

/// `aftercare sync`.
#[derive(clap::Args)]
pub struct SyncArgs {
    #[command(flatten)]
    pub url: HqUrl,
    /// Keep running: push within seconds of every change; wait and retry
    /// when head office cannot be reached
    #[arg(long)]
    pub watch: bool,
    /// With --watch: seconds between looks at the change log
    #[arg(long, default_value_t = 2, value_name = "SECS")]
    pub every: u64,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ReportWhat {
    /// Receipts, customers, sales (net of returns as data/policy.toml says)
    Sales,
    /// Complaints received, by category
    Complaints,
    /// Surveys taken and their mean score, by source
    Satisfaction,
    /// Each associate's receipts, sales and customer contacts
    Staff,
    /// Care and repair jobs received and done
    Care,
}

/// `aftercare hq …`: head office.
#[derive(clap::Subcommand)]
pub enum Hq {
    /// Create or upgrade head office's schema in PostgreSQL (run as the database's owner)
    Init(HqUrl),
    /// Add a shop: its login role, which may write only that shop's rows; prints
    /// what to put in the shop's environment
    AddShop {
        /// The shop's code, as set at the shop (`aftercare shop-code`)
        code: String,
        /// The shop's name, for the reports
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        url: HqUrl,
    },
    /// Add a login that may read every shop's rows (reports)
    AddReader {
        /// The role's name (lower case)
        name: String,
        #[command(flatten)]
        url: HqUrl,
    },
    /// What head office holds per shop: rows, last acknowledged change, last sync
    Status(HqUrl),
    /// A report over the chain, per shop and in total
    Report {
        #[arg(value_enum)]
        what: ReportWhat,
        /// First day, YYYY-MM-DD
        #[arg(long, value_parser = parse_date)]
        from: NaiveDate,
        /// Last day, YYYY-MM-DD
        #[arg(long, value_parser = parse_date)]
        to: NaiveDate,
        /// Only these shops (repeat the option)
        #[arg(long = "shop", value_name = "CODE")]
        shops: Vec<String>,
        /// Print JSON instead of the table
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        url: HqUrl,
    },
    /// Search the chain's other shops for a customer (name, pinyin or full phone);
    /// the phone is shown masked
    Find {
        query: String,
        /// At most this many answers
        #[arg(long, default_value_t = 20)]
        limit: i32,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        url: HqUrl,
    },
    /// Copy a customer of another shop into this one (SHOPCODE:ID, as `find` prints),
    /// with their origin recorded and audited
    TakeOn {
        #[arg(value_name = "SHOPCODE:ID")]
        customer: String,
        /// The staff member taking them on [default: the first manager]
        #[arg(long)]
        staff: Option<String>,
        #[command(flatten)]
        url: HqUrl,
    },
}

/// `aftercare shop-code [CODE]`: shows or sets the shop's chain code.
pub fn shop_code(db: &Path, code: Option<&str>) -> Result<ExitCode> {
    let conn = store::open(db)?;
    match code {
        None => match store::changes::shop_code(&conn)? {
            Some(c) => println!("{c}"),
            None => println!("this shop has no chain code"),
        },
        Some(code) => {
            let started = std::time::Instant::now();
            let rows = store::changes::enrol(&conn, code)?;
            if rows > 0 {
                println!(
                    "shop code {code}; {rows} records logged for the first sync ({:.1} s)",
                    started.elapsed().as_secs_f64()
                );
            } else {
                println!("shop code {code}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `aftercare sync`.
pub fn sync_cmd(db: &Path, args: &SyncArgs, from_file: Option<&str>) -> Result<ExitCode> {
    let config = chain::config_or(args.url.url.as_deref(), from_file)?;
    let mut shop = store::open(db)?;
    if args.watch {
        let every = Duration::from_secs(args.every.max(1));
        sync::watch(&mut shop, &config, every, |r| match r {
            Ok(p) => println!(
                "sync: {} changes in {} batches, head office has up to {} ({:.1} s)",
                p.changes,
                p.batches,
                p.acked_seq,
                p.elapsed.as_secs_f64()
            ),
            Err(e) => eprintln!("sync: {e:#}; trying again"),
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut client = chain::connect(&config)?;
    let p = sync::push(&mut shop, &mut client)?;
    println!(
        "sync: {} changes in {} batches, head office has up to {} ({:.1} s)",
        p.changes,
        p.batches,
        p.acked_seq,
        p.elapsed.as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// `aftercare hq …`.
pub fn hq_cmd(
    db: &Path,
    cmd: &Hq,
    from_file: Option<&str>,
    net_of_returns: bool,
    today: NaiveDate,
) -> Result<ExitCode> {
    let url = match cmd {
        Hq::Init(u) | Hq::Status(u) => u,
        Hq::AddShop { url, .. }
        | Hq::AddReader { url, .. }
        | Hq::Report { url, .. }
        | Hq::Find { url, .. }
        | Hq::TakeOn { url, .. } => url,
    };
    let config = chain::config_or(url.url.as_deref(), from_file)?;
    let mut client = chain::connect(&config)?;
    match cmd {
        Hq::Init(_) => {
            let (from, to) = hq::init(&mut client)?;
            if from == to {
                println!("head office schema is up to date (version {to})");
            } else {
                println!("head office schema brought from version {from} to {to}");
            }
        }
        Hq::AddShop { code, name, .. } => add_shop(&mut client, &config, code, name.as_deref())?,
        Hq::AddReader { name, .. } => {
            let (role, password) = hq::add_reader(&mut client, name)?;
            println!("reader {role} added (reads every shop's rows). Its password:");
            println!("AFTERCARE_HQ_PASSWORD={password}");
        }
        Hq::Status(_) => {
            for s in hq::status(&mut client)? {
                println!(
                    "{}  {}  {} rows  up to change {}  last sync {}",
                    s.code,
                    s.name.unwrap_or_default(),
                    s.rows,
                    s.acked_seq,
                    s.last_sync.unwrap_or_else(|| "never".into())
                );
            }
        }
        Hq::Report {
            what,
            from,
            to,
            shops,
            json,
            ..
        } => {
            if to < from {
                bail!("--to {to} is before --from {from}");
            }
            let kind = match what {
                ReportWhat::Sales => report::Kind::Sales,
                ReportWhat::Complaints => report::Kind::Complaints,
                ReportWhat::Satisfaction => report::Kind::Satisfaction,
                ReportWhat::Staff => report::Kind::Staff,
                ReportWhat::Care => report::Kind::Care,
            };
            let r = report::run(&mut client, kind, *from, *to, shops, net_of_returns)?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                print!("{}", r.printout());
            }
        }
        Hq::Find {
            query, limit, json, ..
        } => find(&mut client, query, *limit, *json)?,
        Hq::TakeOn {
            customer, staff, ..
        } => take_on(db, &mut client, customer, staff.as_deref(), today)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `aftercare hq add-shop`: the shop's login, and what to put in its
/// environment file.
fn add_shop(
    client: &mut postgres::Client,
    config: &postgres::Config,
    code: &str,
    name: Option<&str>,
) -> Result<()> {
    let (role, password) = hq::add_shop(client, code, name)?;
    let host = config
        .get_hosts()
        .first()
        .map(|h| match h {
            postgres::config::Host::Tcp(s) => s.clone(),
            postgres::config::Host::Unix(p) => p.display().to_string(),
        })
        .unwrap_or_else(|| "localhost".into());
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let dbname = config.get_dbname().unwrap_or("postgres");
    println!("shop {code} added; its login is {role}. In the shop's environment file:");
    println!("AFTERCARE_HQ=postgres://{role}@{host}:{port}/{dbname}");
    println!("AFTERCARE_HQ_PASSWORD={password}");
    Ok(())
}

/// `aftercare hq find`: the chain's other shops' customers, one a line or JSON.
fn find(client: &mut postgres::Client, query: &str, limit: i32, json: bool) -> Result<()> {
    let found = directory::find(client, query, limit)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&found)?);
    } else if found.is_empty() {
        println!("nobody in the chain's other shops");
    } else {
        for f in found {
            println!(
                "{}:{}  {}  {}  {}  {} {}  last purchase {}  ({} purchases)",
                f.shop_code,
                f.id,
                f.name,
                f.tier.unwrap_or_else(|| "-".into()),
                f.phone,
                f.shop_code,
                f.shop_name.unwrap_or_default(),
                f.last_purchase_on.unwrap_or_else(|| "-".into()),
                f.purchases
            );
        }
    }
    Ok(())
}

/// `aftercare hq take-on`: by the staff member named, else the first manager.
fn take_on(
    db: &Path,
    client: &mut postgres::Client,
    customer: &str,
    staff: Option<&str>,
    today: NaiveDate,
) -> Result<()> {
    let (from, id) = directory::parse_ref(customer)?;
    let mut shop = store::open(db)?;
    let all = store::staff::list(&shop)?;
    let who = match staff {
        Some(name) => all.iter().find(|m| m.name == name),
        None => all
            .iter()
            .find(|m| m.role == crate::domain::staff::Role::Manager),
    };
    let Some(who) = who else {
        bail!("no such staff member: {}", staff.unwrap_or("(a manager)"));
    };
    match directory::take_on(&mut shop, client, &from, id, who.id, today)? {
        directory::TakenOn::New(local) => {
            println!("{from}:{id} taken on as customer {local}")
        }
        directory::TakenOn::Already(local) => {
            println!("{from}:{id} was taken on before: customer {local}")
        }
    }
    Ok(())
}
