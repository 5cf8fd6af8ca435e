//! A chain of shops on PostgreSQL (issue 15): head office's schema and
//! roles ([`hq`]), the sync of a shop's change log ([`sync`]), the reports
//! across shops ([`report`]) and the chain's customer directory
//! ([`directory`]).
//!
//! Each shop's SQLite stays the source of truth for its own day; head
//! office holds a copy of every shop's records keyed by (shop code, table,
//! the shop's row id), fed by `aftercare sync`.

pub mod directory;
pub mod hq;
pub mod report;
pub mod sync;

use anyhow::{Context as _, Result, bail};
use std::str::FromStr as _;
use std::time::Duration;

/// How head office is reached: a `postgres://user@host:port/db` URL from
/// `--url`/`--hq`, `AFTERCARE_HQ` or the config file's `hq`. The password is best kept out of the URL
/// (and so out of the process list): `AFTERCARE_HQ_PASSWORD`, or a file
/// named by `AFTERCARE_HQ_PASSWORD_FILE` (e.g. a systemd credential).
pub fn config(url: Option<&str>) -> Result<postgres::Config> {
    config_or(url, None)
}

/// [`config`], with the config file's `hq = …` last.
pub fn config_or(url: Option<&str>, from_file: Option<&str>) -> Result<postgres::Config> {
    let url = match url {
        Some(u) => u.to_string(),
        None => std::env::var("AFTERCARE_HQ")
            .ok()
            .or_else(|| from_file.map(str::to_string))
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "no head office given: pass --url postgres://…, set AFTERCARE_HQ, \
                     or put hq = \"postgres://…\" in the config file"
                )
            })?,
    };
    let mut config = postgres::Config::from_str(&url)
        .map_err(|e| anyhow::anyhow!("the head office address is not a PostgreSQL URL: {e}"))?;
    if config.get_password().is_none() {
        if let Ok(p) = std::env::var("AFTERCARE_HQ_PASSWORD") {
            config.password(p.trim_end_matches(['\r', '\n']));
        } else if let Ok(file) = std::env::var("AFTERCARE_HQ_PASSWORD_FILE") {
            let p = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read the password file {file}"))?;
            config.password(p.trim_end_matches(['\r', '\n']));
        }
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    config.application_name("aftercare");
    Ok(config)
}

/// Connects to head office. The error names the host, never the password.
pub fn connect(config: &postgres::Config) -> Result<postgres::Client> {
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            postgres::config::Host::Tcp(s) => s.clone(),
            postgres::config::Host::Unix(p) => p.display().to_string(),
        })
        .collect();
    config.connect(postgres::NoTls).map_err(|e| {
        anyhow::anyhow!(
            "cannot reach head office at {} as {}: {e}",
            hosts.join(","),
            config.get_user().unwrap_or("?")
        )
    })
}

/// The PostgreSQL role name of a shop: `aftercare_shop_<code>`, lower case.
pub fn shop_role(code: &str) -> Result<String> {
    if !crate::store::changes::valid_code(code) {
        bail!("'{code}' is not a shop code: 2 to 16 letters, digits or '-'");
    }
    Ok(format!(
        "aftercare_shop_{}",
        code.to_ascii_lowercase().replace('-', "_")
    ))
}
