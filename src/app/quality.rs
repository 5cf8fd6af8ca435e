//! Service quality screens (DOMAIN §8): the "1+5" record of a repair or
//! care job, and the manager's service checks (the finished services and
//! one check against the shop's standard).

use anyhow::Result;
use chrono::Duration;

use super::input::TextField;
use super::{Action, App, Screen};
use crate::domain::quality::{self, JobKind, OnePlusFive};
use crate::keymap::Context;
use crate::store::one_plus_five::{self as opf, Record};
use crate::store::service_checks::{self, Service};

/// How many finished services the checks list shows at most.
const CHECKS_SHOWN: usize = 300;

pub enum View {
    OnePlusFive(OnePlusFiveForm),
    Checks(ChecksList),
    Check(CheckForm),
}

impl View {
    pub fn contexts(&self) -> Vec<Context> {
        match self {
            View::OnePlusFive(_) => vec![Context::Form],
            View::Checks(_) => vec![],
            View::Check(c) if c.focus_is_text() => vec![Context::Text, Context::Form],
            View::Check(_) => vec![Context::Form],
        }
    }

    pub fn reload(&mut self, app: &App) -> Result<()> {
        if let View::Checks(l) = self {
            l.reload(app)?;
        }
        Ok(())
    }
}

/// The "1+5" of one job: row 0 the "1", rows 1.. the extras.
pub struct OnePlusFiveForm {
    pub kind: JobKind,
    pub job_id: i64,
    pub job_no: String,
    pub first_time_right: bool,
    pub ticked: Vec<bool>,
    pub focus: usize,
    pub recorded: Option<Record>,
}

impl OnePlusFiveForm {
    pub fn rows(&self) -> usize {
        1 + self.ticked.len()
    }

    pub fn count(&self) -> usize {
        self.ticked.iter().filter(|t| **t).count()
    }

    fn toggle(&mut self) {
        match self.focus {
            0 => self.first_time_right = !self.first_time_right,
            i => {
                if let Some(t) = self.ticked.get_mut(i - 1) {
                    *t = !*t;
                }
            }
        }
    }
}

/// Opens the "1+5" of a job, as recorded so far.
pub fn open_one_plus_five(app: &mut App, kind: JobKind, job_id: i64, job_no: &str) {
    let extras = app.env.policy.quality.one_plus_five.extras.clone();
    match opf::get(&app.env.conn, kind, job_id) {
        Ok(recorded) => {
            let given = recorded
                .as_ref()
                .map(|r| r.one_plus_five.clone())
                .unwrap_or_default();
            let form = OnePlusFiveForm {
                kind,
                job_id,
                job_no: job_no.to_string(),
                first_time_right: given.first_time_right,
                ticked: extras.iter().map(|e| given.extras.contains(e)).collect(),
                focus: 0,
                recorded,
            };
            app.open(Screen::Quality(Box::new(View::OnePlusFive(form))));
        }
        Err(e) => app.fault(e),
    }
}

fn update_one_plus_five(app: &mut App, action: Action) {
    let Screen::Quality(v) = &mut app.screen else {
        return;
    };
    let View::OnePlusFive(f) = v.as_mut() else {
        return;
    };
    let n = f.rows();
    match action {
        Action::Down | Action::NextFocus | Action::ScrollDown => f.focus = (f.focus + 1) % n,
        Action::Up | Action::PrevFocus | Action::ScrollUp => f.focus = (f.focus + n - 1) % n,
        Action::Toggle | Action::Select | Action::Type(' ') => f.toggle(),
        Action::Pick { zone: 0, index } if (index as usize) < n => {
            f.focus = index as usize;
            f.toggle();
        }
        Action::Save => save_one_plus_five(app),
        Action::Back => app.back(),
        _ => {}
    }
}

fn save_one_plus_five(app: &mut App) {
    let Screen::Quality(v) = &app.screen else {
        return;
    };
    let View::OnePlusFive(f) = v.as_ref() else {
        return;
    };
    let rules = &app.env.policy.quality.one_plus_five;
    let given = OnePlusFive {
        first_time_right: f.first_time_right,
        extras: rules
            .extras
            .iter()
            .zip(&f.ticked)
            .filter(|(_, t)| **t)
            .map(|(e, _)| e.clone())
            .collect(),
    };
    let checked = match given.checked(&rules.extras) {
        Ok(c) => c,
        Err(code) => {
            let msg = app.t(&format!("quality.{code}")).to_string();
            return app.error(msg);
        }
    };
    let (kind, id, no) = (f.kind, f.job_id, f.job_no.clone());
    let staff = app.user.as_ref().map(|u| u.id).unwrap_or_default();
    let today = app.today();
    // Off the screen's thread, like every save.
    app.save_in_background(
        move |conn| opf::record(conn, kind, id, &checked, staff, today).map(|_| checked),
        move |app, result| {
            let checked = match result {
                Ok(c) => c,
                Err(e) => return app.fault(e),
            };
            let loc = &app.env.locale;
            let first = if checked.first_time_right {
                loc.t("quality.first_yes")
            } else {
                loc.t("quality.first_no")
            };
            let summary = loc.f(
                "quality.summary",
                &[
                    ("first", first),
                    ("count", &checked.extras.len().to_string()),
                ],
            );
            let msg = loc.f("quality.saved", &[("no", &no), ("summary", &summary)]);
            let still_open = matches!(&app.screen, Screen::Quality(v)
                if matches!(v.as_ref(), View::OnePlusFive(f) if f.job_id == id));
            if still_open {
                app.back();
            }
            app.info(msg);
        },
    );
}

/// The finished services of the last days, for a manager to check.
pub struct ChecksList {
    pub services: Vec<Service>,
    pub selected: usize,
}

impl ChecksList {
    fn reload(&mut self, app: &App) -> Result<()> {
        let days = app.env.policy.quality.service_checks.look_back_days as i64;
        let since = app.today() - Duration::days(days);
        self.services = service_checks::finished(&app.env.conn, since, CHECKS_SHOWN)?;
        self.selected = self.selected.min(self.services.len().saturating_sub(1));
        Ok(())
    }
}

pub fn open_checks(app: &mut App) {
    if !app.is_manager() {
        let msg = app.t("quality.managers_only").to_string();
        return app.error(msg);
    }
    let mut l = ChecksList {
        services: Vec::new(),
        selected: 0,
    };
    match l.reload(app) {
        Ok(()) => app.open(Screen::Quality(Box::new(View::Checks(l)))),
        Err(e) => app.fault(e),
    }
}

fn update_checks(app: &mut App, action: Action) {
    let Screen::Quality(v) = &mut app.screen else {
        return;
    };
    let View::Checks(l) = v.as_mut() else {
        return;
    };
    let len = l.services.len();
    match action {
        Action::Up | Action::ScrollUp => l.selected = l.selected.saturating_sub(1),
        Action::Down | Action::ScrollDown => {
            l.selected = (l.selected + 1).min(len.saturating_sub(1))
        }
        Action::PageUp => l.selected = l.selected.saturating_sub(10),
        Action::PageDown => l.selected = (l.selected + 10).min(len.saturating_sub(1)),
        Action::First => l.selected = 0,
        Action::Last => l.selected = len.saturating_sub(1),
        Action::Pick { zone: 0, index } if (index as usize) < len => {
            let again = l.selected == index as usize;
            l.selected = index as usize;
            if again {
                open_check(app);
            }
        }
        Action::Select => open_check(app),
        Action::Refresh => {
            let mut l = std::mem::replace(
                l,
                ChecksList {
                    services: Vec::new(),
                    selected: 0,
                },
            );
            let r = l.reload(app);
            app.screen = Screen::Quality(Box::new(View::Checks(l)));
            if let Err(e) = r {
                app.fault(e);
            }
        }
        Action::Back => app.back(),
        _ => {}
    }
}

/// One check: each item of the standard met or not, and the reason.
pub struct CheckForm {
    pub service: Service,
    pub items: Vec<String>,
    pub met: Vec<bool>,
    pub reason: TextField,
    /// 0..items: an item; items.len(): the reason.
    pub focus: usize,
    pub error: Option<&'static str>,
}

impl CheckForm {
    pub fn focus_is_text(&self) -> bool {
        self.focus == self.items.len()
    }

    fn failed(&self) -> Vec<String> {
        self.items
            .iter()
            .zip(&self.met)
            .filter(|(_, m)| !**m)
            .map(|(i, _)| i.clone())
            .collect()
    }
}

fn open_check(app: &mut App) {
    let Screen::Quality(v) = &app.screen else {
        return;
    };
    let View::Checks(l) = v.as_ref() else { return };
    let Some(s) = l.services.get(l.selected).cloned() else {
        return;
    };
    let items = app
        .env
        .policy
        .quality
        .service_checks
        .standard
        .items(s.kind)
        .to_vec();
    let form = CheckForm {
        service: s,
        met: vec![true; items.len()],
        items,
        reason: TextField::new("", 200),
        focus: 0,
        error: None,
    };
    app.open(Screen::Quality(Box::new(View::Check(form))));
}

// A typed key on the reason is taken by its arm whether or not it changed the text,
// so the nested `if` stays (collapsing it would let the key fall through to the toggles).
#[allow(clippy::collapsible_match)]
fn update_check(app: &mut App, action: Action) {
    let Screen::Quality(v) = &mut app.screen else {
        return;
    };
    let View::Check(f) = v.as_mut() else { return };
    let n = f.items.len() + 1;
    match action {
        Action::Down | Action::NextFocus => f.focus = (f.focus + 1) % n,
        Action::Up | Action::PrevFocus => f.focus = (f.focus + n - 1) % n,
        Action::Type(c) if f.focus_is_text() => {
            if f.reason.type_char(c) {
                f.error = None;
            }
        }
        a if a.is_text_edit() && f.focus_is_text() => {
            f.reason.edit(a);
        }
        Action::Toggle | Action::Select | Action::Type(' ') if !f.focus_is_text() => {
            if let Some(m) = f.met.get_mut(f.focus) {
                *m = !*m;
            }
        }
        Action::Select => f.focus = 0,
        Action::Pick { zone: 0, index } if (index as usize) < n => {
            let again = f.focus == index as usize;
            f.focus = index as usize;
            if again && let Some(m) = f.met.get_mut(f.focus) {
                *m = !*m;
            }
        }
        Action::Save => save_check(app),
        Action::Back => app.back(),
        _ => {}
    }
}

fn save_check(app: &mut App) {
    let Screen::Quality(v) = &mut app.screen else {
        return;
    };
    let View::Check(f) = v.as_mut() else { return };
    let failed = f.failed();
    let reason = f.reason.value().to_string();
    let passed = match quality::verdict(&failed, &reason) {
        Ok(p) => p,
        Err(code) => {
            f.error = Some(code);
            f.focus = f.items.len();
            let msg = app.t(&format!("quality.{code}")).to_string();
            return app.error(msg);
        }
    };
    let service = f.service.clone();
    let me = app.user.as_ref().map(|u| u.id).unwrap_or_default();
    let today = app.today();
    app.save_in_background(
        move |conn| {
            service_checks::record(conn, &service, passed, &failed, &reason, me, today)
                .map(|_| service)
        },
        move |app, result| {
            let service = match result {
                Ok(s) => s,
                Err(e) => return app.fault(e),
            };
            let msg = match check_message(app, &service, passed) {
                Ok(m) => m,
                Err(e) => return app.fault(e),
            };
            let still_open = matches!(&app.screen, Screen::Quality(v)
                if matches!(v.as_ref(), View::Check(f) if f.service.number == service.number));
            if still_open {
                app.back();
            }
            app.info(msg);
        },
    );
}

/// What the manager is told: passed, failed with the veto, or failed
/// with how many failures are left before the veto.
fn check_message(app: &App, s: &Service, passed: bool) -> Result<String> {
    let loc = &app.env.locale;
    if passed {
        return Ok(loc.f("quality.check_passed", &[("number", &s.number)]));
    }
    let veto = app.env.policy.quality.service_checks.veto_after_failed;
    let month = crate::store::board::month_of(app.today());
    let end = month + chrono::Months::new(1);
    let failed = match s.staff_id {
        Some(id) => service_checks::month(&app.env.conn, id, month, end)?.failed,
        None => 0,
    };
    let who = s.staff.clone().unwrap_or_default();
    Ok(if quality::bonus_vetoed(failed, veto) {
        let m = month.format("%Y-%m").to_string();
        loc.f(
            "quality.check_failed",
            &[("number", &s.number), ("who", &who), ("month", &m)],
        )
    } else {
        loc.f(
            "quality.check_failed_no_veto",
            &[
                ("number", &s.number),
                ("failed", &failed.to_string()),
                ("veto", &veto.to_string()),
            ],
        )
    })
}

pub fn update(app: &mut App, action: Action) {
    let Screen::Quality(v) = &app.screen else {
        return;
    };
    match v.as_ref() {
        View::OnePlusFive(_) => update_one_plus_five(app, action),
        View::Checks(_) => update_checks(app, action),
        View::Check(_) => update_check(app, action),
    }
}

/// Trained before on duty: says why, and false, when the signed-in person
/// may not take complaints yet.
pub fn may_take_complaints(app: &mut App) -> bool {
    let Some(me) = app.user.as_ref() else {
        return false;
    };
    let (id, role) = (me.id, me.role.id());
    let trained = match crate::store::duty::trained_on(&app.env.conn, id) {
        Ok(t) => t.is_some(),
        Err(e) => {
            app.fault(e);
            return false;
        }
    };
    let must = &app.env.policy.quality.duty.trained_before_complaints;
    match quality::may_take_complaints(role, trained, must) {
        Ok(()) => true,
        Err(code) => {
            let msg = app.t(&format!("quality.{code}")).to_string();
            app.error(msg);
            false
        }
    }
}

pub fn paste(app: &mut App, text: &str) {
    if let Screen::Quality(v) = &mut app.screen
        && let View::Check(f) = v.as_mut()
        && f.focus_is_text()
    {
        f.reason.paste(text);
    }
}
