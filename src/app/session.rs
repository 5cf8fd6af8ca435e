//! The signed-in person's standing, read again from the database: a person
//! deactivated by a manager falls back to the sign-in screen, a changed role
//! takes effect at once, and a refusal from the store does the same.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use std::time::{Duration, Instant};

/// The least time between two readings of the screen for other
/// connections' changes.
pub const RELOAD_GAP: Duration = Duration::from_secs(1);

use super::{App, signin};
use crate::keymap::Context;
use crate::store::staff::{self, NotPermitted};

impl App {
    /// Reads the user's role and active flag again; returns false (and shows
    /// the sign-in screen) when they may no longer use the app.
    pub fn recheck_user(&mut self) -> bool {
        let Some(id) = self.user.as_ref().map(|u| u.id) else {
            return true;
        };
        match staff::current_role(&self.env.conn, id) {
            Ok(Some(role)) => {
                if let Some(u) = &mut self.user {
                    u.role = role;
                }
                true
            }
            Ok(None) => {
                self.sign_out_refused();
                false
            }
            Err(e) => {
                self.fault(e);
                true
            }
        }
    }

    /// On a tick: another connection committed (SQLite's `data_version`
    /// moved): who is signed in is read again, and when the shop's records
    /// moved (not a heartbeat or a draft) the screen is read again, at most
    /// once every [`RELOAD_GAP`] (with a hundred tablets saving, each
    /// would otherwise read its screen four times a second). Returns
    /// whether anything on screen may have changed.
    pub(super) fn recheck_on_change(&mut self) -> bool {
        if self.user.is_none() {
            return false;
        }
        let seen: Option<i64> = self
            .env
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .ok();
        let mut changed = false;
        if seen.is_some() && seen != self.data_version {
            self.data_version = seen;
            let who = self.user.as_ref().map(|u| (u.id, u.role));
            self.recheck_user();
            let records: Option<i64> = self
                .env
                .conn
                .query_row("SELECT n FROM record_version WHERE id = 1", [], |r| {
                    r.get(0)
                })
                .ok();
            if records != self.records_seen {
                self.records_seen = records;
                self.reload_due = true;
            }
            changed = who != self.user.as_ref().map(|u| (u.id, u.role));
        }
        let rested = self.reloaded_at.is_none_or(|t| t.elapsed() >= RELOAD_GAP);
        if self.reload_due && rested && self.user.is_some() {
            self.reload_due = false;
            self.reloaded_at = Some(Instant::now());
            self.reload_view();
            changed = true;
        }
        changed
    }

    /// A store refusal because the actor lost the right: back to sign-in.
    /// Returns true when `e` was such a refusal.
    pub fn refused_actor(&mut self, e: &anyhow::Error) -> bool {
        if e.downcast_ref::<NotPermitted>().is_none() {
            return false;
        }
        if self.recheck_user() {
            // Still active, only the role changed: say so where they are.
            let msg = self.t("session.not_permitted").to_string();
            self.error(msg);
        }
        true
    }

    /// The session ends without saving anything on the person's behalf.
    fn sign_out_refused(&mut self) {
        let who = self.user.take().map(|u| u.id);
        self.history.clear();
        self.overlay = None;
        match signin::SignInState::load(&self.env.conn, who) {
            Ok(s) => self.screen = Box::new(s),
            Err(e) => self.fault(e),
        }
        let msg = self.t("session.signed_out").to_string();
        self.error(msg);
    }
}

impl App {
    /// Whether this key must not act because it arrived in a burst: outside
    /// a text field, a digit or Enter right after another digit or Enter (a
    /// barcode scanner); in a dialog that cannot be undone, an Enter without
    /// a person's pause before it.
    pub(super) fn scanner_burst(&mut self, ev: &KeyEvent, contexts: &[Context]) -> bool {
        let now = Instant::now();
        let gap = self.env.policy.input.scanner_gap();
        let since = self.last_key_at.map(|t| now.duration_since(t));
        let close = self.input_queued || since.is_some_and(|d| d < gap);
        let hasty =
            self.input_queued || since.is_some_and(|d| d < self.env.policy.input.confirm_pause());
        let scan_key = matches!(ev.code, KeyCode::Enter)
            || matches!(ev.code, KeyCode::Char(c) if c.is_ascii_digit());
        let after_scan_key = close && self.last_was_scan_key;
        self.last_key_at = Some(now);
        self.last_was_scan_key = scan_key;
        let text = contexts.first() == Some(&Context::Text);
        match ev.code {
            KeyCode::Enter if self.overlay.as_ref().is_some_and(|o| o.guards_enter()) => {
                if hasty && let Some(super::Overlay::Dialog(d)) = &mut self.overlay {
                    d.error = Some(self.env.locale.t("trust.enter_again").to_string());
                }
                hasty
            }
            _ if scan_key => after_scan_key && !text,
            _ => false,
        }
    }
}
