//! Service quality screens (DOMAIN §8): the "1+5" record of a repair or
//! care job, and the manager's service checks (the finished services and
//! one check against the shop's standard). Each is a [`View`]; their
//! saves run off the screen's thread.

use anyhow::Result;
use chrono::Duration;

use super::input::TextField;
use super::{Action, App, Ctx, Effect, HitMap, Screen, View};
use crate::domain::quality::{self, JobKind, OnePlusFive};
use crate::keymap::Context;
use crate::store::one_plus_five::{self as opf, Record};
use crate::store::service_checks::{self, Service};

/// How many finished services the checks list shows at most.
const CHECKS_SHOWN: usize = 300;

/// A tap on a quality screen: its row `n` (an item, a service; on a
/// check, one past the items is the reason).
pub struct Tap(pub usize);

/// Whether one of the quality screens is on.
pub fn on_screen(screen: &Screen) -> bool {
    screen.is::<OnePlusFiveForm>() || screen.is::<ChecksList>() || screen.is::<CheckForm>()
}

type Frame<'a> = ratatui::Frame<'a>;
type Area = ratatui::layout::Rect;

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

    /// The "1+5" of a job, as recorded so far.
    pub fn open(cx: &Ctx, kind: JobKind, job_id: i64, job_no: &str) -> Result<OnePlusFiveForm> {
        let extras = &cx.env.policy.quality.one_plus_five.extras;
        let recorded = opf::get(&cx.env.conn, kind, job_id)?;
        let given = recorded
            .as_ref()
            .map(|r| r.one_plus_five.clone())
            .unwrap_or_default();
        Ok(OnePlusFiveForm {
            kind,
            job_id,
            job_no: job_no.to_string(),
            first_time_right: given.first_time_right,
            ticked: extras.iter().map(|e| given.extras.contains(e)).collect(),
            focus: 0,
            recorded,
        })
    }
}

impl View for OnePlusFiveForm {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Form]
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        FORM_HINTS.to_vec()
    }

    fn draw(&self, frame: &mut Frame, area: Area, app: &App, hits: &mut HitMap) {
        crate::ui::quality::draw_one_plus_five(frame, area, app, self, hits)
    }

    fn tap(&mut self, target: &dyn std::any::Any, _cx: &mut Ctx) -> Effect {
        if let Some(Tap(i)) = target.downcast_ref::<Tap>()
            && *i < self.rows()
        {
            self.focus = *i;
            self.toggle();
        }
        Effect::None
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let n = self.rows();
        match action {
            // The wheel moves between the questions as ↑ ↓ do.
            Action::ScrollDown => {
                super::cursor::move_focus(&mut self.focus, n, &Action::Down);
            }
            Action::ScrollUp => {
                super::cursor::move_focus(&mut self.focus, n, &Action::Up);
            }
            a if super::cursor::move_focus(&mut self.focus, n, &a) => {}
            // a yes/no: ← and → both flip it
            Action::Toggle | Action::ToggleBack | Action::Select | Action::Type(' ') => {
                self.toggle()
            }
            Action::Save => self.save(cx),
            Action::Back => return Effect::Back,
            _ => {}
        }
        Effect::None
    }
}

/// The hints of the two forms.
const FORM_HINTS: [Action; 4] = [
    Action::Save,
    Action::Toggle,
    Action::NextFocus,
    Action::Back,
];

impl OnePlusFiveForm {
    fn save(&mut self, cx: &mut Ctx) {
        let rules = &cx.env.policy.quality.one_plus_five;
        let given = OnePlusFive {
            first_time_right: self.first_time_right,
            extras: rules
                .extras
                .iter()
                .zip(&self.ticked)
                .filter(|(_, t)| **t)
                .map(|(e, _)| e.clone())
                .collect(),
        };
        let checked = match given.checked(&rules.extras) {
            Ok(c) => c,
            Err(code) => {
                let msg = cx.t(&format!("quality.{code}")).to_string();
                return cx.error(msg);
            }
        };
        let (kind, id, no) = (self.kind, self.job_id, self.job_no.clone());
        let staff = cx.user_id().unwrap_or_default();
        let today = cx.today();
        cx.save(
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
                if app
                    .view::<OnePlusFiveForm>()
                    .is_some_and(|f| f.job_id == id)
                {
                    app.back();
                }
                app.info(msg);
            },
        );
    }
}

/// The finished services of the last days, for a manager to check.
pub struct ChecksList {
    pub services: Vec<Service>,
    pub selected: usize,
}

impl ChecksList {
    fn read(&mut self, cx: &Ctx) -> Result<()> {
        let days = cx.env.policy.quality.service_checks.look_back_days as i64;
        let since = cx.today() - Duration::days(days);
        self.services = service_checks::finished(&cx.env.conn, since, CHECKS_SHOWN)?;
        self.selected = self.selected.min(self.services.len().saturating_sub(1));
        Ok(())
    }

    /// The check of the selected service, ticked "met" throughout.
    fn open_check(&self, cx: &Ctx) -> Effect {
        let Some(s) = self.services.get(self.selected).cloned() else {
            return Effect::None;
        };
        let items = cx
            .env
            .policy
            .quality
            .service_checks
            .standard
            .items(s.kind)
            .to_vec();
        Effect::Open(Box::new(CheckForm {
            service: s,
            met: vec![true; items.len()],
            items,
            reason: TextField::new("", 200),
            focus: 0,
            error: None,
        }))
    }
}

/// Opens the service checks (managers only).
pub fn open_checks(cx: &mut Ctx) -> Effect {
    if !cx.is_manager() {
        let msg = cx.t("quality.managers_only").to_string();
        cx.error(msg);
        return Effect::None;
    }
    let mut l = ChecksList {
        services: Vec::new(),
        selected: 0,
    };
    match l.read(cx) {
        Ok(()) => Effect::Open(Box::new(l)),
        Err(e) => Effect::Fault(e),
    }
}

impl View for ChecksList {
    fn contexts(&self) -> Vec<Context> {
        vec![]
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![Action::Select, Action::Back]
    }

    fn draw(&self, frame: &mut Frame, area: Area, app: &App, hits: &mut HitMap) {
        crate::ui::quality::draw_checks(frame, area, app, self, hits)
    }

    fn reload(&mut self, cx: &mut Ctx) -> Result<()> {
        self.read(cx)
    }

    fn tap(&mut self, target: &dyn std::any::Any, cx: &mut Ctx) -> Effect {
        match target.downcast_ref::<Tap>() {
            Some(Tap(i)) if *i < self.services.len() => {
                let again = self.selected == *i;
                self.selected = *i;
                if again {
                    return self.open_check(cx);
                }
                Effect::None
            }
            _ => Effect::None,
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let len = self.services.len();
        match action {
            a if super::cursor::move_in_list(&mut self.selected, len, &a) => {}
            Action::Select => return self.open_check(cx),
            Action::Refresh => return Effect::from_result(self.read(cx)),
            Action::Back => return Effect::Back,
            _ => {}
        }
        Effect::None
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

impl View for CheckForm {
    fn contexts(&self) -> Vec<Context> {
        if self.focus_is_text() {
            vec![Context::Text, Context::Form]
        } else {
            vec![Context::Form]
        }
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        FORM_HINTS.to_vec()
    }

    fn draw(&self, frame: &mut Frame, area: Area, app: &App, hits: &mut HitMap) {
        crate::ui::quality::draw_check(frame, area, app, self, hits)
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Effect {
        if self.focus_is_text() {
            self.reason.paste(text);
        }
        Effect::None
    }

    fn tap(&mut self, target: &dyn std::any::Any, _cx: &mut Ctx) -> Effect {
        if let Some(Tap(i)) = target.downcast_ref::<Tap>()
            && *i <= self.items.len()
        {
            let again = self.focus == *i;
            self.focus = *i;
            if again && let Some(m) = self.met.get_mut(self.focus) {
                *m = !*m;
            }
        }
        Effect::None
    }

    // A typed key on the reason is taken by its arm whether or not it changed the text,
    // so the nested `if` stays (collapsing it would let the key fall through to the toggles).
    #[allow(clippy::collapsible_match)]
    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let n = self.items.len() + 1;
        match action {
            Action::Down | Action::NextFocus => self.focus = (self.focus + 1) % n,
            Action::Up | Action::PrevFocus => self.focus = (self.focus + n - 1) % n,
            Action::Type(c) if self.focus_is_text() => {
                if self.reason.type_char(c) {
                    self.error = None;
                }
            }
            a if a.is_text_edit() && self.focus_is_text() => {
                self.reason.edit(a);
            }
            Action::Toggle | Action::ToggleBack | Action::Select | Action::Type(' ')
                if !self.focus_is_text() =>
            {
                if let Some(m) = self.met.get_mut(self.focus) {
                    *m = !*m;
                }
            }
            Action::Select => self.focus = 0,
            Action::Save => self.save(cx),
            Action::Back => return Effect::Back,
            _ => {}
        }
        Effect::None
    }
}

impl CheckForm {
    fn save(&mut self, cx: &mut Ctx) {
        let failed = self.failed();
        let reason = self.reason.value().to_string();
        let passed = match quality::verdict(&failed, &reason) {
            Ok(p) => p,
            Err(code) => {
                self.error = Some(code);
                self.focus = self.items.len();
                let msg = cx.t(&format!("quality.{code}")).to_string();
                return cx.error(msg);
            }
        };
        let service = self.service.clone();
        let me = cx.user_id().unwrap_or_default();
        let today = cx.today();
        cx.save(
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
                if app
                    .view::<CheckForm>()
                    .is_some_and(|f| f.service.number == service.number)
                {
                    app.back();
                }
                app.info(msg);
            },
        );
    }
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

/// Trained before on duty: says why, and false, when the signed-in person
/// may not take complaints yet.
pub fn may_take_complaints(cx: &mut Ctx) -> bool {
    let Some(me) = cx.user else {
        return false;
    };
    let (id, role) = (me.id, me.role.id());
    let trained = match crate::store::duty::trained_on(&cx.env.conn, id) {
        Ok(t) => t.is_some(),
        Err(e) => {
            cx.fault(e);
            return false;
        }
    };
    let must = &cx.env.policy.quality.duty.trained_before_complaints;
    match quality::may_take_complaints(role, trained, must) {
        Ok(()) => true,
        Err(code) => {
            let msg = cx.t(&format!("quality.{code}")).to_string();
            cx.error(msg);
            false
        }
    }
}
