//! `--full-phones MANAGER`: phone numbers leave the app in full only when a
//! manager asks, proves it with their PIN, and the audit log keeps it. A
//! child of `main`, beside `commands`.

use anyhow::Result;
use rusqlite::Connection;
use std::io::BufRead;
use std::process::ExitCode;

use super::Setup;
use aftercare::domain::staff::Role;
use aftercare::export::Phones;
use aftercare::store::{self, staff};

/// Masked unless `manager` is given; then their name and PIN are checked
/// (counted against the lockout like a sign-in) and the request audited.
/// `Err(code)` after saying why not.
pub(super) fn ask(
    conn: &mut Connection,
    manager: Option<&str>,
    what: &str,
    s: &Setup,
) -> Result<Result<Phones, ExitCode>> {
    let loc = &s.locale;
    let Some(name) = manager else {
        return Ok(Ok(Phones::Masked));
    };
    let refuse = |key: &str| {
        eprintln!("{}", loc.f(key, &[("name", name)]));
        Ok(Err(ExitCode::from(2)))
    };
    let Ok((id, _)) = aftercare::cli::due::find_staff(conn, name)? else {
        return refuse("full_phones.not_manager");
    };
    if staff::current_role(conn, id)? != Some(Role::Manager) {
        return refuse("full_phones.not_manager");
    }
    let pin = match std::env::var("AFTERCARE_PIN") {
        Ok(p) => p,
        Err(_) => {
            eprint!("{}", loc.f("full_phones.pin_prompt", &[("name", name)]));
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim().to_string()
        }
    };
    let now = chrono::DateTime::parse_from_rfc3339(&store::now_utc())?.to_utc();
    let p = &s.policy.signin;
    match staff::sign_in(conn, id, &pin, p.max_failed_pins, p.lockout_minutes, now)? {
        staff::SignIn::Ok(who) if who.role == Role::Manager => {
            store::write(conn, |tx| {
                staff::require(tx, id, &[Role::Manager])?;
                store::audit::record(tx, Some(id), "full_phones", "export", None, what)
            })?;
            Ok(Ok(Phones::Full))
        }
        staff::SignIn::Locked { .. } => refuse("full_phones.locked"),
        _ => refuse("full_phones.wrong_pin"),
    }
}
