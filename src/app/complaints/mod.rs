//! Complaints, surveys and the three registers on screen (DOMAIN §4, §8).
//!
//! One `Screen::Complaints` holds one of these views; each view has its
//! own module for its state and its update. The manager's banner of urgent
//! and escalated complaints is refreshed here, from the tick and after
//! every change.

pub mod counter;
pub mod detail;
pub mod fields;
pub mod intake;
pub mod list;
pub mod opinion;
pub mod register;
pub mod stats;
pub mod survey;

use chrono::{DateTime, Local, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

use super::{Action, App, Screen};
use crate::domain::complaint::limits::Escalation;
use crate::domain::complaint::{Channel, Compensation, Resolution, Urgency};
use crate::keymap::Context;
use crate::store::complaints as store;
use crate::store::drafts::{self, Draft};

/// How often the banner looks for new urgent or escalated complaints.
const ALERT_EVERY: Duration = Duration::from_secs(20);

/// The view on screen if it is this one; borrows only `app.screen`, so
/// the rest of the app stays at hand.
macro_rules! view {
    ($app:expr, $variant:ident) => {
        match &mut $app.screen {
            $crate::app::Screen::Complaints(v) => match v.as_mut() {
                $crate::app::complaints::View::$variant(s) => Some(s),
                _ => None,
            },
            _ => None,
        }
    };
}
pub(crate) use view;

pub enum View {
    List(list::ListState),
    Detail(Box<detail::DetailState>),
    Intake(Box<intake::IntakeState>),
    Counter(Box<counter::CounterState>),
    Survey(Box<survey::SurveyState>),
    Register(Box<register::RegisterState>),
    Stats(Box<stats::StatsState>),
    Opinion(Box<opinion::OpinionState>),
}

impl View {
    /// The key map contexts of the view, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        let form = |text: bool, own: Option<Context>| {
            let mut v = Vec::new();
            if text {
                v.push(Context::Text);
            }
            v.extend(own);
            v.push(Context::Form);
            v
        };
        match self {
            View::List(_) => vec![Context::Complaints],
            View::Detail(d) => form(d.fields.focused_is_text(), Some(Context::Complaint)),
            View::Intake(s) => form(s.fields.focused_is_text(), None),
            View::Survey(s) => form(s.fields.focused_is_text(), None),
            View::Opinion(s) => form(s.fields.focused_is_text(), None),
            View::Counter(s) => form(s.focused_is_text(), Some(Context::Counter)),
            View::Register(r) if r.table_focused() => vec![Context::Register],
            View::Stats(s) if s.table_focused() => vec![Context::Register],
            // A filter in focus: the form's keys first (←→ choose), then the register's.
            View::Register(r) => {
                let mut v = form(r.filters.focused_is_text(), None);
                v.push(Context::Register);
                v
            }
            View::Stats(s) => {
                let mut v = form(s.filters.focused_is_text(), None);
                v.push(Context::Register);
                v
            }
        }
    }

    /// Whether leaving would lose something typed.
    pub fn dirty(&self) -> bool {
        match self {
            View::Intake(s) => s.fields.dirty,
            View::Counter(s) => s.dirty(),
            View::Survey(s) => s.fields.dirty,
            View::Opinion(s) => s.fields.dirty,
            View::Detail(d) => !d.fields.text("note").trim().is_empty(),
            _ => false,
        }
    }
}

pub fn update(app: &mut App, action: Action) {
    let Screen::Complaints(v) = &app.screen else {
        return;
    };
    match v.as_ref() {
        View::List(_) => list::update(app, action),
        View::Detail(_) => detail::update(app, action),
        View::Intake(_) => intake::update(app, action),
        View::Counter(_) => counter::update(app, action),
        View::Survey(_) => survey::update(app, action),
        View::Register(_) => register::update(app, action),
        View::Stats(_) => stats::update(app, action),
        View::Opinion(_) => opinion::update(app, action),
    }
}

pub fn paste(app: &mut App, text: &str) {
    let Screen::Complaints(v) = &mut app.screen else {
        return;
    };
    match v.as_mut() {
        View::Detail(d) => {
            d.fields.paste(text);
        }
        View::Intake(s) => {
            s.fields.paste(text);
        }
        View::Survey(s) => {
            s.fields.paste(text);
        }
        View::Opinion(s) => {
            s.fields.paste(text);
        }
        View::Counter(s) => s.paste(text),
        View::Register(r) => {
            r.filters.paste(text);
        }
        View::Stats(s) => {
            s.filters.paste(text);
        }
        View::List(_) => {}
    }
}

/// Reads a view's data again (coming back to it).
pub fn reload(v: &mut View, app: &App) -> anyhow::Result<()> {
    match v {
        View::List(s) => s.reload(app),
        View::Detail(d) => d.reload(app),
        View::Register(r) => r.reload(app),
        View::Stats(s) => s.reload(app),
        _ => Ok(()),
    }
}

/// Reads the view on screen again, and the banner with it.
pub fn reload_current(app: &mut App) {
    let mut screen = std::mem::replace(
        &mut app.screen,
        Screen::View(Box::<super::home::HomeState>::default()),
    );
    let r = match &mut screen {
        Screen::Complaints(v) => reload(v, app),
        _ => Ok(()),
    };
    app.screen = screen;
    refresh_alerts(app);
    if let Err(e) = r {
        app.fault(e);
    }
}

/// The open-complaints list (F9).
pub fn open_list(app: &mut App) {
    match list::ListState::load(app) {
        Ok(s) => app.open(Screen::Complaints(Box::new(View::List(s)))),
        Err(e) => app.fault(e),
    }
    refresh_alerts(app);
}

pub fn open(app: &mut App, view: View) {
    app.open(Screen::Complaints(Box::new(view)));
}

/// The view on screen, if it is one of ours.
pub fn view_mut(app: &mut App) -> Option<&mut View> {
    match &mut app.screen {
        Screen::Complaints(v) => Some(v.as_mut()),
        _ => None,
    }
}

/// The app's clock as UTC (a fixed clock in tests and training).
pub fn now_utc(app: &App) -> DateTime<Utc> {
    let local = app.now();
    Local
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

pub fn staff_id(app: &App) -> i64 {
    app.user.as_ref().map(|u| u.id).unwrap_or_default()
}

// ---- options for choices -------------------------------------------------

pub type Options = Vec<(String, String)>;

fn named(app: &App, section: &str, ids: impl Iterator<Item = String>) -> Options {
    ids.map(|id| {
        let label = crate::export::complaints::name(&app.env.locale, section, &id);
        (id, label)
    })
    .collect()
}

/// "Any" first, for filters.
pub fn with_any(app: &App, mut o: Options) -> Options {
    o.insert(0, (String::new(), app.t("complaints.any").to_string()));
    o
}

/// "—" first: nothing chosen yet.
pub fn with_unset(mut o: Options) -> Options {
    o.insert(0, (String::new(), "—".to_string()));
    o
}

pub fn channel_options(app: &App) -> Options {
    named(
        app,
        "complaints.channel",
        Channel::ALL.iter().map(|c| c.id().to_string()),
    )
}

pub fn category_options(app: &App) -> Options {
    named(
        app,
        "complaints.category",
        app.env
            .policy
            .service
            .routing
            .categories
            .iter()
            .map(|c| c.id.clone()),
    )
}

pub fn department_options(app: &App) -> Options {
    named(
        app,
        "complaints.department",
        app.env
            .policy
            .service
            .routing
            .departments
            .iter()
            .map(|d| d.id.clone()),
    )
}

pub fn urgency_options(app: &App) -> Options {
    named(
        app,
        "complaints.urgency",
        Urgency::ALL.iter().map(|u| u.id().to_string()),
    )
}

pub fn resolution_options(app: &App) -> Options {
    named(
        app,
        "complaints.resolution",
        Resolution::ALL.iter().map(|r| r.id().to_string()),
    )
}

pub fn compensation_options(app: &App) -> Options {
    named(
        app,
        "complaints.compensation",
        Compensation::ALL.iter().map(|c| c.id().to_string()),
    )
}

pub fn yes_no_options(app: &App) -> Options {
    vec![
        ("no".to_string(), app.t("common.no").to_string()),
        ("yes".to_string(), app.t("common.yes").to_string()),
    ]
}

/// The route of a category in words: "QC department → Manufacturer".
pub fn route_text(app: &App, category: &str) -> Option<String> {
    let r = app.env.policy.service.routing.route(category)?;
    let loc = &app.env.locale;
    let mut parts = vec![crate::export::complaints::name(
        loc,
        "complaints.department",
        &r.department,
    )];
    parts.extend(
        r.then
            .iter()
            .map(|d| crate::export::complaints::name(loc, "complaints.department", d)),
    );
    Some(parts.join(" → "))
}

/// The form of the view on screen.
pub fn fields_mut(app: &mut App) -> Option<&mut fields::Fields> {
    Some(match view_mut(app)? {
        View::Intake(s) => &mut s.fields,
        View::Survey(s) => &mut s.fields,
        View::Opinion(s) => &mut s.fields,
        View::Detail(d) => &mut d.fields,
        View::Counter(c) => c.step_fields_mut(),
        View::Register(r) => &mut r.filters,
        View::Stats(s) => &mut s.filters,
        View::List(_) => return None,
    })
}

/// Marks the problems beside their fields, focuses the first, and says so
/// in the status line. Every value typed stays.
pub fn refuse(app: &mut App, msgs: Vec<(&str, String)>) {
    let Some(f) = fields_mut(app) else { return };
    for (k, m) in &msgs {
        f.set_error(k, m.clone());
    }
    f.focus_first_error();
    let first = f
        .first_error()
        .map(|(l, e)| format!("{l}: {e}"))
        .unwrap_or_default();
    let msg = app.env.locale.f(
        "complaints.check_fields",
        &[("n", &msgs.len().to_string()), ("first", &first)],
    );
    app.error(msg);
}

/// A message for a field: `complaints.error.<code>`.
pub fn error_text(loc: &crate::i18n::Locale, code: &str) -> String {
    loc.t(&format!("complaints.error.{code}")).to_string()
}

// ---- the manager's banner --------------------------------------------------

/// A complaint the manager has not yet seen: urgent, or escalated for a
/// reason not yet seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub id: i64,
    pub no: String,
    pub customer: String,
    pub urgent: bool,
    pub reasons: Vec<Escalation>,
}

#[derive(Debug, Clone, Default)]
pub struct Alerts {
    pub items: Vec<Alert>,
    pub checked: Option<Instant>,
}

impl Alerts {
    pub fn any(&self) -> bool {
        !self.items.is_empty()
    }
}

/// Looks again for what the manager must see (managers only).
pub fn refresh_alerts(app: &mut App) {
    app.alerts.checked = Some(Instant::now());
    if !app.is_manager() {
        app.alerts.items.clear();
        return;
    }
    let now = now_utc(app);
    let limits = app.env.policy.service.complaints.limits;
    match store::open(&app.env.conn) {
        Ok(rows) => {
            app.alerts.items = rows
                .iter()
                .filter_map(|c| {
                    let urgent = c.urgent() && c.urgent_seen_at.is_none();
                    let reasons: Vec<Escalation> = limits
                        .escalations(&c.timing(), now)
                        .into_iter()
                        .filter(|e| !c.escalations_seen.contains(e))
                        .collect();
                    (urgent || !reasons.is_empty()).then(|| Alert {
                        id: c.id,
                        no: c.no.clone(),
                        customer: c.customer_name.clone(),
                        urgent,
                        reasons,
                    })
                })
                .collect();
            app.alerts.items.sort_by_key(|a| !a.urgent);
        }
        Err(e) => app.fault(e),
    }
}

/// From the tick: the banner is looked at again every few seconds.
pub fn tick(app: &mut App) {
    if app.user.is_some()
        && app
            .alerts
            .checked
            .is_none_or(|t| t.elapsed() >= ALERT_EVERY)
    {
        refresh_alerts(app);
    }
}

// ---- drafts ------------------------------------------------------------------

/// Draft kinds of the complaint screens.
pub const DRAFT_INTAKE: &str = "complaint_intake";
pub const DRAFT_COUNTER: &str = "complaint_counter";
pub const DRAFT_SURVEY: &str = "survey";
pub const DRAFT_OPINION: &str = "opinion";

pub fn owns_draft(d: &Draft) -> bool {
    [DRAFT_INTAKE, DRAFT_COUNTER, DRAFT_SURVEY, DRAFT_OPINION].contains(&d.kind.as_str())
}

/// A complaint screen's draft: the form, and what the screen adds to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftPayload {
    pub form: fields::SavedForm,
    #[serde(default)]
    pub extra: serde_json::Value,
}

/// The dirty complaint form on screen or under it: (kind, subject, payload).
pub fn draft_of(app: &App) -> Option<(&'static str, i64, String)> {
    let views = std::iter::once(&app.screen).chain(app.history_iter());
    for s in views {
        let Screen::Complaints(v) = s else { continue };
        if !v.dirty() {
            continue;
        }
        let (kind, subject, payload) = match v.as_ref() {
            View::Intake(s) => (DRAFT_INTAKE, 0, s.draft()),
            View::Counter(s) => (DRAFT_COUNTER, 0, s.draft()),
            View::Survey(s) => (DRAFT_SURVEY, 0, s.draft()),
            View::Opinion(s) => (DRAFT_OPINION, 0, s.draft()),
            _ => continue,
        };
        return serde_json::to_string(&payload)
            .ok()
            .map(|p| (kind, subject, p));
    }
    None
}

/// Whether a complaint form is being filled in on screen.
pub fn editing(app: &App) -> bool {
    matches!(&app.screen, Screen::Complaints(v) if v.dirty())
}

/// The line offering a draft back at sign-in.
pub fn draft_label(app: &App, d: &Draft) -> String {
    let what = app.t(&format!("complaints.draft.{}", d.kind)).to_string();
    app.env.locale.f(
        "complaints.draft.offer",
        &[
            ("what", &what),
            ("saved", &super::form::local_time(&d.saved_at)),
        ],
    )
}

/// Opens a kept draft as it was left.
pub fn resume(app: &mut App, d: &Draft) {
    let p: DraftPayload = match serde_json::from_str(&d.payload) {
        Ok(p) => p,
        Err(e) => return app.fault(e.into()),
    };
    let view = match d.kind.as_str() {
        DRAFT_INTAKE => intake::IntakeState::resume(app, &p).map(|s| View::Intake(Box::new(s))),
        DRAFT_COUNTER => counter::CounterState::resume(app, &p).map(|s| View::Counter(Box::new(s))),
        DRAFT_SURVEY => survey::SurveyState::resume(app, &p).map(|s| View::Survey(Box::new(s))),
        DRAFT_OPINION => opinion::OpinionState::resume(app, &p).map(|s| View::Opinion(Box::new(s))),
        _ => return,
    };
    match view {
        Ok(v) => open(app, v),
        Err(e) => app.fault(e),
    }
}

/// The draft of the form being left goes (the user chose to discard it).
pub fn discard_draft(app: &mut App) {
    let Some(user) = app.user.as_ref().map(|u| u.id) else {
        return;
    };
    let kind = match &app.screen {
        Screen::Complaints(v) => match v.as_ref() {
            View::Intake(_) => DRAFT_INTAKE,
            View::Counter(_) => DRAFT_COUNTER,
            View::Survey(_) => DRAFT_SURVEY,
            View::Opinion(_) => DRAFT_OPINION,
            _ => return,
        },
        _ => return,
    };
    if let Err(e) = drafts::discard(&mut app.env.conn, user, kind, 0) {
        app.fault(e);
    }
}

/// After a save: the draft of that form goes.
pub fn saved(app: &mut App, kind: &str) {
    if let Some(user) = app.user.as_ref().map(|u| u.id)
        && let Err(e) = drafts::discard(&mut app.env.conn, user, kind, 0)
    {
        app.fault(e);
    }
}

/// Leaving a form: ask first when something typed would be lost.
pub fn leave(app: &mut App) {
    let dirty = matches!(&app.screen, Screen::Complaints(v) if v.dirty());
    if dirty {
        app.overlay = Some(super::Overlay::dialog(
            super::DialogKind::Discard { then: Action::Back },
            1,
            None,
        ));
    } else {
        app.back();
    }
}
