//! Working one task: the outcome, a call-back day, the customer's answers
//! on a purchase callback, a note. Nothing typed is lost: a failed check
//! marks the field; a conflict says who did it first.

use crate::app::complaints::fields::{Fields, Fld, Handled, SavedForm};
use crate::app::{Action, App, Ctx, DraftOf, Effect, HitMap, View};
use crate::domain::practices::Route;
use crate::domain::tasks::{self as rules, Answers, CareQuestion, Outcome, PURCHASE_CALLBACK};
use crate::keymap::Context;
use crate::store::drafts::{self, Draft};
use crate::store::tasks::{self, OpenTask, WorkError, WorkInput};

pub struct WorkForm {
    pub task: OpenTask,
    pub fields: Fields,
    /// For a miss-you contact, the message from the shop's library, filled in.
    pub message: Option<String>,
}

/// The task kind whose contact is a message from the library (kind D).
pub const MISS_YOU: &str = "miss_you";

fn opts(cx: &Ctx, ids: &[(&str, &str)]) -> Vec<(String, String)> {
    ids.iter()
        .map(|(id, key)| (id.to_string(), cx.t(key).to_string()))
        .collect()
}

/// The customer's answers on a purchase callback.
fn purchase_answers(cx: &Ctx) -> Vec<Fld> {
    let yes_no = [
        ("", "tasks.unknown"),
        ("yes", "tasks.yes"),
        ("no", "tasks.no"),
    ];
    let care = [
        ("none", "tasks.care_none"),
        ("answered", "tasks.care_answered"),
        ("open", "tasks.care_open"),
    ];
    vec![
        Fld::choice("likes_it", cx.t("tasks.likes_it"), opts(cx, &yes_no)),
        Fld::choice("comfortable", cx.t("tasks.comfortable"), opts(cx, &yes_no)),
        Fld::choice("care", cx.t("tasks.care"), opts(cx, &care)),
        Fld::text("follow_up_on", cx.t("tasks.follow_up_on"), "", 12),
    ]
}

/// [S1] Where the answer goes: the shop, the region or head office.
fn route(cx: &Ctx) -> Fld {
    let mut routes = vec![(String::new(), cx.t("practices.route_none").to_string())];
    routes.extend(Route::ALL.map(|r| {
        (
            r.id().to_string(),
            cx.t(&format!("practices.route.{}", r.id())).to_string(),
        )
    }));
    Fld::choice("feedback_for", cx.t("practices.feedback_for"), routes)
}

impl WorkForm {
    pub fn new(cx: &Ctx, task: OpenTask) -> anyhow::Result<WorkForm> {
        let outcomes = Outcome::ALL
            .iter()
            .map(|o| {
                (
                    o.id().to_string(),
                    cx.t(&format!("tasks.outcome.{}", o.id())).to_string(),
                )
            })
            .collect();
        let mut items = vec![Fld::choice(
            "outcome",
            cx.t("tasks.outcome_label"),
            outcomes,
        )];
        items.push(Fld::text(
            "call_back_on",
            cx.t("tasks.call_back_on"),
            "",
            12,
        ));
        items.push(Fld::text(
            "call_back_time",
            cx.t("tasks.call_back_time"),
            task.due_time.as_deref().unwrap_or(""),
            5,
        ));
        if task.kind == PURCHASE_CALLBACK {
            items.extend(purchase_answers(cx));
        }
        // [S1] The top spender is asked for their suggestions: kept apart from the note.
        if task.kind == rules::TOP_SPENDER_VISIT {
            items.push(Fld::text(
                "suggestions",
                cx.t("practices.suggestions"),
                "",
                500,
            ));
        }
        items.push(route(cx));
        // The note stays last: it is where typing ends.
        items.push(Fld::text("note", cx.t("tasks.note"), "", 200));
        let mut fields = Fields::new(items);
        for k in ["call_back_on", "follow_up_on"] {
            fields.set_note(k, Some(cx.t("tasks.day_hint").to_string()));
        }
        let message = match task.kind == MISS_YOU {
            true => crate::app::greetings::miss_you_message(cx, &task.customer)?,
            false => None,
        };
        Ok(WorkForm {
            task,
            fields,
            message,
        })
    }

    pub fn focused_is_text(&self) -> bool {
        self.fields.focused_is_text()
    }
}

/// Opens the work form for a task over the current screen.
pub fn open(cx: &mut Ctx, task_id: i64) -> Effect {
    match tasks::get(&cx.env.conn, task_id) {
        Ok(Some(t)) => match WorkForm::new(cx, t) {
            Ok(f) => Effect::Open(Box::new(f)),
            Err(e) => Effect::Fault(e),
        },
        Ok(None) => {
            let msg = cx.t("tasks.gone").to_string();
            cx.error(msg);
            Effect::None
        }
        Err(e) => Effect::Fault(e),
    }
}

/// Opens the work form for a task from the whole app (a draft resumed).
pub fn open_task(app: &mut App, task_id: i64) {
    let effect = app.with_ctx(|cx| open(cx, task_id));
    app.apply(effect);
}

/// What a tap on the work form lands on (save, copy and cancel are their actions).
pub enum Tap {
    /// A field: focuses it; again on a choice, changes it.
    Field(usize),
}

impl View for WorkForm {
    fn contexts(&self) -> Vec<Context> {
        if self.focused_is_text() {
            vec![Context::Text, Context::Callback]
        } else {
            vec![Context::Callback]
        }
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        let mut v = vec![Action::Save];
        if self.message.is_some() {
            v.push(Action::Send);
        }
        v.extend([Action::NextFocus, Action::Toggle, Action::Back]);
        v
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        app: &App,
        hits: &mut HitMap,
    ) {
        crate::ui::callbacks::draw_work(frame, area, app, self, hits)
    }

    fn tap(&mut self, target: &dyn std::any::Any, _cx: &mut Ctx) -> Effect {
        if let Some(Tap::Field(i)) = target.downcast_ref::<Tap>()
            && *i < self.fields.items.len()
        {
            let again = self.fields.focus == *i;
            self.fields.focus = *i;
            if again && !self.fields.focused_is_text() {
                self.fields.handle(Action::Toggle);
            }
        }
        Effect::None
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Effect {
        self.fields.paste(text);
        Effect::None
    }

    fn dirty(&self) -> bool {
        self.fields.dirty
    }

    fn draft(&self) -> Option<DraftOf> {
        if !self.fields.dirty {
            return None;
        }
        Some(DraftOf {
            kind: DRAFT_KIND,
            subject: self.task.id,
            payload: serde_json::to_string(&self.fields.save()).ok()?,
        })
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        match action {
            Action::Back => {
                discard(cx, self.task.id);
                Effect::Back
            }
            Action::Save => self.save(cx),
            Action::Survey => self.survey(cx),
            Action::Send => {
                self.copy_message(cx);
                Effect::None
            }
            a => {
                if self.fields.handle(a) == Handled::Ignored && a == Action::Select {
                    return self.save(cx);
                }
                Effect::None
            }
        }
    }
}

impl WorkForm {
    fn survey(&self, cx: &Ctx) -> Effect {
        match (self.task.customer_id, self.task.purchase_id()) {
            (Some(c), Some(p)) => {
                let id = self.task.id;
                match crate::app::complaints::survey::for_callback(cx, c, Some(p), Some(id)) {
                    Ok(s) => Effect::Open(Box::new(s)),
                    Err(e) => Effect::Fault(e),
                }
            }
            _ => Effect::None,
        }
    }

    /// Puts the miss-you message on the tablet's clipboard (OSC 52) to paste
    /// into SMS or chat; the outcome is still chosen and saved as for a call.
    fn copy_message(&self, cx: &mut Ctx) {
        if let Some(text) = self.message.clone() {
            *cx.clipboard = Some(text);
            let msg = cx.t("tasks.message_copied").to_string();
            cx.info(msg);
        }
    }
}

fn yes_no(s: &str) -> Option<bool> {
    match s {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

impl WorkForm {
    /// Checks what was typed and writes the contact off the screen's thread.
    fn save(&mut self, cx: &mut Ctx) -> Effect {
        let today = cx.today();
        let now = super::utc_now(cx);
        let staff = cx.user_id().unwrap_or_default();
        let p = &cx.env.policy.callbacks;
        let retry = rules::Retry {
            after_days: p.retry_after_days,
            max_attempts: p.max_attempts,
        };
        let msgs: [String; 5] = [
            "tasks.bad_day",
            "tasks.bad_time",
            "tasks.call_back_day",
            "tasks.follow_up_day",
            "tasks.conflict",
        ]
        .map(|k| cx.t(k).to_string());
        let Some((outcome, call_back, answers)) = self.checked(today, &msgs) else {
            return Effect::None;
        };
        let f = &self.fields;
        let note = f.text("note").to_string();
        let route = Route::from_id(f.choice("feedback_for"));
        let suggestions = f.text("suggestions").to_string();
        let (task_id, version) = (self.task.id, self.task.version);
        // Off the screen's thread: the form stays on screen ("saving…") while
        // another process holds the database.
        cx.save(
            move |conn| {
                let input = WorkInput {
                    task_id,
                    version,
                    staff_id: staff,
                    today,
                    now: &now,
                    outcome,
                    call_back,
                    note: &note,
                    answers,
                    retry,
                };
                // The contact and where its feedback goes [S1], in one transaction.
                (|| {
                    let tx =
                        conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                    let done = tasks::work_in(&tx, &input)?;
                    if let Some(contact) = done.contact_id {
                        crate::store::feedback::mark(&tx, contact, route, &suggestions)?;
                    }
                    tx.commit()?;
                    Ok(done)
                })()
            },
            move |app, result| worked(app, task_id, outcome, retry, &msgs, result),
        );
        Effect::None
    }

    /// The outcome, the call-back day and the answers, or None with the
    /// fields to put right marked.
    #[allow(clippy::type_complexity)]
    fn checked(
        &mut self,
        today: chrono::NaiveDate,
        msgs: &[String; 5],
    ) -> Option<(
        Outcome,
        Option<(chrono::NaiveDate, Option<chrono::NaiveTime>)>,
        Option<Answers>,
    )> {
        let f = &mut self.fields;
        f.clear_errors();
        let outcome = Outcome::from_id(f.choice("outcome")).unwrap_or(Outcome::Reached);
        let mut call_back = None;
        if outcome == Outcome::CallBack {
            match rules::parse_day(f.text("call_back_on"), today) {
                Some(d) => match rules::parse_time(f.text("call_back_time")) {
                    Some(t) => call_back = Some((d, t)),
                    None => f.set_error("call_back_time", &msgs[1]),
                },
                None => f.set_error("call_back_on", &msgs[0]),
            }
        }
        let answers =
            (self.task.kind == PURCHASE_CALLBACK && outcome == Outcome::Reached).then(|| {
                let care = match f.choice("care") {
                    "answered" => CareQuestion::Answered,
                    "open" => match rules::parse_day(f.text("follow_up_on"), today) {
                        Some(d) => CareQuestion::Open(d),
                        None => {
                            f.set_error("follow_up_on", &msgs[0]);
                            CareQuestion::None
                        }
                    },
                    _ => CareQuestion::None,
                };
                Answers {
                    likes_it: yes_no(f.choice("likes_it")),
                    comfortable: yes_no(f.choice("comfortable")),
                    care,
                }
            });
        if f.has_errors() {
            f.focus_first_error();
            return None;
        }
        Some((outcome, call_back, answers))
    }
}

/// After the call is written: back to the list with what was recorded, or
/// the form again with what to put right (if it is still on screen).
fn worked(
    app: &mut App,
    task_id: i64,
    outcome: Outcome,
    retry: rules::Retry,
    msgs: &[String; 5],
    result: Result<tasks::Worked, WorkError>,
) {
    let on_form = app.view::<WorkForm>().is_some_and(|w| w.task.id == task_id);
    let field_error = |app: &mut App, key: &str, msg: &str| match app.view_mut::<WorkForm>() {
        Some(w) if w.task.id == task_id => {
            w.fields.set_error(key, msg);
            w.fields.focus_first_error();
        }
        _ => app.error(msg.to_string()),
    };
    match result {
        Ok(done) => {
            if let Some(u) = app.user.as_ref().map(|u| u.id)
                && let Err(e) = drafts::discard(&mut app.env.conn, u, DRAFT_KIND, task_id)
            {
                app.fault(e);
            }
            let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
            let loc = &app.env.locale;
            let msg = match (done.closed_as, done.follow_up, done.due_on) {
                (_, Some((_, d)), _) => loc.f("tasks.saved_follow_up", &[("day", &day(d))]),
                (Some("reached"), ..) => loc.t("tasks.saved_reached").to_string(),
                (Some("no_answer"), ..) => loc.f(
                    "tasks.saved_closed_no_answer",
                    &[("n", &retry.max_attempts.to_string())],
                ),
                (Some(_), ..) => loc.t("tasks.saved_wrong_number").to_string(),
                (None, _, Some(d)) if outcome == Outcome::NoAnswer => {
                    loc.f("tasks.saved_no_answer", &[("day", &day(d))])
                }
                (None, _, d) => loc.f(
                    "tasks.saved_call_back",
                    &[("day", &d.map(day).unwrap_or_default())],
                ),
            };
            if on_form {
                app.back();
            }
            app.info(msg);
        }
        Err(WorkError::Rule(rules::WorkError::CallBackDay)) => {
            field_error(app, "call_back_on", &msgs[2])
        }
        Err(WorkError::Rule(rules::WorkError::FollowUpDay)) => {
            field_error(app, "follow_up_on", &msgs[3])
        }
        Err(WorkError::Conflict { by, at }) => {
            let at = super::local_time(&at);
            // The form stays as typed; Esc goes back to the list read again.
            let msg = msgs[4].replace("{by}", &by).replace("{at}", &at);
            app.error(msg);
        }
        Err(WorkError::Gone) => {
            let msg = app.t("tasks.gone").to_string();
            if on_form {
                app.back();
            }
            app.error(msg);
        }
        Err(WorkError::Db(e)) => app.fault(e),
    }
}

/// The draft kind of a task being worked (its subject is the task).
pub const DRAFT_KIND: &str = "task_work";

pub fn owns_draft(d: &Draft) -> bool {
    d.kind == DRAFT_KIND
}

/// The line offering the draft back at sign-in: the task's kind and customer.
pub fn draft_label(app: &App, d: &Draft) -> String {
    match tasks::get(&app.env.conn, d.subject_id) {
        Ok(Some(t)) => app.env.locale.f(
            "tasks.work_title",
            &[
                ("kind", &super::word(app, "kind", &t.kind)),
                ("customer", &t.customer),
            ],
        ),
        _ => String::new(),
    }
}

/// Opens the task again with what was typed.
pub fn resume(app: &mut App, d: &Draft) {
    let Ok(saved) = serde_json::from_str::<SavedForm>(&d.payload) else {
        return;
    };
    open_task(app, d.subject_id);
    if let Some(w) = app.view_mut::<WorkForm>() {
        w.fields.restore(&saved);
        w.fields.dirty = true;
    }
}

/// The answer "discard" when a main screen is asked for over a work form
/// with typed changes: its draft goes too.
pub fn discard_on_screen(app: &mut App) {
    let task = app.view::<WorkForm>().map(|w| w.task.id);
    if let (Some(task_id), Some(u)) = (task, app.user.as_ref().map(|u| u.id))
        && let Err(e) = drafts::discard(&mut app.env.conn, u, DRAFT_KIND, task_id)
    {
        app.fault(e);
    }
}

/// The draft goes once the task is saved or the form left on purpose.
fn discard(cx: &mut Ctx, task_id: i64) {
    if let Some(u) = cx.user_id()
        && let Err(e) = drafts::discard(&mut cx.env.conn, u, DRAFT_KIND, task_id)
    {
        cx.fault(e);
    }
}
