//! Complaints, surveys and the three registers on screen (DOMAIN §4, §8).
//!
//! Each screen is a [`View`] of its own, in its own module: the open
//! list, one complaint, intake, the counter, the survey, an opinion, the
//! registers and the figures. What they share lives here: the choices'
//! options, marking a form's problems, leaving a dirty form, the drafts,
//! and the manager's banner of urgent and escalated complaints (refreshed
//! from the tick and after every change).

/// The one `View` of a complaint form over [`fields::Fields`] (intake,
/// survey, opinion): they differ only in how they are drawn and in their
/// draft's kind. Each state has `fields`, and `changed` (what follows a
/// field's change), `save` and `payload` (its draft as JSON).
macro_rules! fields_form_view {
    ($state:ty, $draw:ident, $draft:expr) => {
        impl $crate::app::View for $state {
            fn contexts(&self) -> Vec<$crate::keymap::Context> {
                $crate::app::complaints::form_contexts(self.fields.focused_is_text(), None)
            }

            fn hints(&self, _app: &$crate::app::App) -> Vec<$crate::app::Action> {
                use $crate::app::Action;
                vec![Action::Save, Action::NextFocus, Action::Back]
            }

            fn draw(
                &self,
                frame: &mut ratatui::Frame,
                area: ratatui::layout::Rect,
                app: &$crate::app::App,
                hits: &mut $crate::app::HitMap,
            ) {
                $crate::ui::complaints::form::$draw(frame, area, app, self, hits)
            }

            fn paste(&mut self, text: &str, cx: &mut $crate::app::Ctx) -> $crate::app::Effect {
                let h = self.fields.paste(text);
                self.changed(h, cx)
            }

            fn dirty(&self) -> bool {
                self.fields.dirty
            }

            fn draft(&self) -> Option<$crate::app::view::DraftOf> {
                $crate::app::complaints::draft_of($draft, self.dirty(), || self.payload())
            }

            fn tap(
                &mut self,
                target: &dyn std::any::Any,
                cx: &mut $crate::app::Ctx,
            ) -> $crate::app::Effect {
                match target.downcast_ref::<$crate::app::complaints::fields::FieldTap>() {
                    Some(t) => {
                        let h = self.fields.tap(*t);
                        self.changed(h, cx)
                    }
                    None => $crate::app::Effect::None,
                }
            }

            fn update(
                &mut self,
                action: $crate::app::Action,
                cx: &mut $crate::app::Ctx,
            ) -> $crate::app::Effect {
                use $crate::app::Action;
                match action {
                    Action::Save => {
                        self.save(cx);
                        $crate::app::Effect::None
                    }
                    Action::Back => $crate::app::complaints::leave(self.dirty(), cx),
                    a => {
                        let h = self.fields.handle(a);
                        self.changed(h, cx)
                    }
                }
            }
        }
    };
}
pub(crate) use fields_form_view;

pub mod counter;
pub mod detail;
pub mod fields;
pub mod intake;
pub mod list;
pub mod opinion;
pub mod register;
pub mod stats;
pub mod survey;

use chrono::{DateTime, Local, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

use super::view::DraftOf;
use super::{Action, App, Ctx, DialogKind, Effect, Env, Overlay, View};
use crate::domain::complaint::limits::Escalation;
use crate::domain::complaint::{Channel, Compensation, Resolution, Urgency};
use crate::keymap::Context;
use crate::store::complaints as store;
use crate::store::drafts::{self, Draft};

/// How often the banner looks for new urgent or escalated complaints.
const ALERT_EVERY: Duration = Duration::from_secs(20);

/// A form's contexts: text first when a text field has the focus, then
/// the screen's own, then the form's.
pub(crate) fn form_contexts(text: bool, own: Option<Context>) -> Vec<Context> {
    let mut v = Vec::new();
    if text {
        v.push(Context::Text);
    }
    v.extend(own);
    v.push(Context::Form);
    v
}

/// The open-complaints list (F9), over home.
pub fn open_list(app: &mut App) {
    let effect = app.with_ctx(|cx| match list::ListState::load(cx.env) {
        Ok(s) => Effect::Open(Box::new(s)),
        Err(e) => Effect::Fault(e),
    });
    app.apply(effect);
    refresh_alerts(app);
}

/// A time of the app's clock as UTC (a fixed clock in tests and training).
fn as_utc(local: NaiveDateTime) -> DateTime<Utc> {
    Local
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

/// The app's clock as UTC.
pub fn now_utc(app: &App) -> DateTime<Utc> {
    as_utc(app.now())
}

/// The app's clock as UTC, from a screen's context.
pub fn utc_now(env: &Env) -> DateTime<Utc> {
    as_utc(env.now())
}

// ---- options for choices -------------------------------------------------

pub type Options = Vec<(String, String)>;

fn named(env: &Env, section: &str, ids: impl Iterator<Item = String>) -> Options {
    ids.map(|id| {
        let label = crate::export::complaints::name(&env.locale, section, &id);
        (id, label)
    })
    .collect()
}

/// "Any" first, for filters.
pub fn with_any(env: &Env, mut o: Options) -> Options {
    o.insert(
        0,
        (String::new(), env.locale.t("complaints.any").to_string()),
    );
    o
}

/// "—" first: nothing chosen yet.
pub fn with_unset(mut o: Options) -> Options {
    o.insert(0, (String::new(), "—".to_string()));
    o
}

pub fn channel_options(env: &Env) -> Options {
    named(
        env,
        "complaints.channel",
        Channel::ALL.iter().map(|c| c.id().to_string()),
    )
}

pub fn category_options(env: &Env) -> Options {
    named(
        env,
        "complaints.category",
        env.policy
            .service
            .routing
            .categories
            .iter()
            .map(|c| c.id.clone()),
    )
}

pub fn department_options(env: &Env) -> Options {
    named(
        env,
        "complaints.department",
        env.policy
            .service
            .routing
            .departments
            .iter()
            .map(|d| d.id.clone()),
    )
}

pub fn urgency_options(env: &Env) -> Options {
    named(
        env,
        "complaints.urgency",
        Urgency::ALL.iter().map(|u| u.id().to_string()),
    )
}

pub fn resolution_options(env: &Env) -> Options {
    named(
        env,
        "complaints.resolution",
        Resolution::ALL.iter().map(|r| r.id().to_string()),
    )
}

pub fn compensation_options(env: &Env) -> Options {
    named(
        env,
        "complaints.compensation",
        Compensation::ALL.iter().map(|c| c.id().to_string()),
    )
}

pub fn yes_no_options(env: &Env) -> Options {
    let t = |k: &str| env.locale.t(k).to_string();
    vec![
        ("no".to_string(), t("common.no")),
        ("yes".to_string(), t("common.yes")),
    ]
}

/// The route of a category in words: "QC department → Manufacturer".
pub fn route_text(env: &Env, category: &str) -> Option<String> {
    let r = env.policy.service.routing.route(category)?;
    let loc = &env.locale;
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

/// Marks the problems beside their fields, focuses the first, and says so
/// in the status line. Every value typed stays.
pub fn refuse(f: &mut fields::Fields, msgs: Vec<(&str, String)>, cx: &mut Ctx) {
    for (k, m) in &msgs {
        f.set_error(k, m.clone());
    }
    f.focus_first_error();
    let first = f
        .first_error()
        .map(|(l, e)| format!("{l}: {e}"))
        .unwrap_or_default();
    let msg = cx.env.locale.f(
        "complaints.check_fields",
        &[("n", &msgs.len().to_string()), ("first", &first)],
    );
    cx.error(msg);
}

/// A message for a field: `complaints.error.<code>`.
pub fn error_text(loc: &crate::i18n::Locale, code: &str) -> String {
    loc.t(&format!("complaints.error.{code}")).to_string()
}

/// Leaving a form: ask first when something typed would be lost.
pub fn leave(dirty: bool, cx: &mut Ctx) -> Effect {
    if dirty {
        *cx.overlay = Some(Overlay::dialog(
            DialogKind::Discard { then: Action::Back },
            1,
            None,
        ));
        Effect::None
    } else {
        Effect::Back
    }
}

/// After a change the manager's banner is looked at again.
pub fn alerts_later(cx: &mut Ctx) {
    cx.later(refresh_alerts);
}

/// Reads a screen again (F5, a filter changed), then the banner.
pub fn reread(v: &mut dyn View, cx: &mut Ctx) -> Effect {
    let r = v.reload(cx);
    alerts_later(cx);
    Effect::from_result(r)
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
    is_ours(&d.kind)
}

fn is_ours(kind: &str) -> bool {
    [DRAFT_INTAKE, DRAFT_COUNTER, DRAFT_SURVEY, DRAFT_OPINION].contains(&kind)
}

/// A complaint screen's draft: the form, and what the screen adds to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftPayload {
    pub form: fields::SavedForm,
    #[serde(default)]
    pub extra: serde_json::Value,
}

/// A dirty form's draft, as a view gives it to the app.
pub fn draft_of(
    kind: &'static str,
    dirty: bool,
    p: impl FnOnce() -> DraftPayload,
) -> Option<DraftOf> {
    if !dirty {
        return None;
    }
    serde_json::to_string(&p()).ok().map(|payload| DraftOf {
        kind,
        subject: 0,
        payload,
    })
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
    let env = &app.env;
    let view: anyhow::Result<Box<dyn View>> = match d.kind.as_str() {
        DRAFT_INTAKE => intake::IntakeState::resume(env, &p).map(|s| Box::new(s) as Box<dyn View>),
        DRAFT_COUNTER => {
            counter::CounterState::resume(env, &p).map(|s| Box::new(s) as Box<dyn View>)
        }
        DRAFT_SURVEY => survey::SurveyState::resume(env, &p).map(|s| Box::new(s) as Box<dyn View>),
        DRAFT_OPINION => {
            opinion::OpinionState::resume(env, &p).map(|s| Box::new(s) as Box<dyn View>)
        }
        _ => return,
    };
    match view {
        Ok(v) => app.open(v),
        Err(e) => app.fault(e),
    }
}

/// The draft of the form being left goes (the user chose to discard it).
pub fn discard_draft(app: &mut App) {
    let Some(user) = app.user.as_ref().map(|u| u.id) else {
        return;
    };
    let kind = match app.screen.draft() {
        Some(d) if is_ours(d.kind) => d.kind,
        _ => return,
    };
    if let Err(e) = drafts::discard(&mut app.env.conn, user, kind, 0) {
        app.fault(e);
    }
}
