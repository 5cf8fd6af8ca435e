//! Working one task: the outcome, a call-back day, the customer's answers
//! on a purchase callback, a note. Nothing typed is lost: a failed check
//! marks the field; a conflict says who did it first.

use super::View;
use crate::app::complaints::fields::{Fields, Fld, Handled, SavedForm};
use crate::app::{Action, App, Screen};
use crate::domain::practices::Route;
use crate::domain::tasks::{self as rules, Answers, CareQuestion, Outcome, PURCHASE_CALLBACK};
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

fn opts(app: &App, ids: &[(&str, &str)]) -> Vec<(String, String)> {
    ids.iter()
        .map(|(id, key)| (id.to_string(), app.t(key).to_string()))
        .collect()
}

impl WorkForm {
    pub fn new(app: &App, task: OpenTask) -> anyhow::Result<WorkForm> {
        let outcomes = Outcome::ALL
            .iter()
            .map(|o| {
                (
                    o.id().to_string(),
                    app.t(&format!("tasks.outcome.{}", o.id())).to_string(),
                )
            })
            .collect();
        let yes_no = [
            ("", "tasks.unknown"),
            ("yes", "tasks.yes"),
            ("no", "tasks.no"),
        ];
        let mut items = vec![Fld::choice(
            "outcome",
            app.t("tasks.outcome_label"),
            outcomes,
        )];
        items.push(Fld::text(
            "call_back_on",
            app.t("tasks.call_back_on"),
            "",
            12,
        ));
        items.push(Fld::text(
            "call_back_time",
            app.t("tasks.call_back_time"),
            task.due_time.as_deref().unwrap_or(""),
            5,
        ));
        if task.kind == PURCHASE_CALLBACK {
            items.push(Fld::choice(
                "likes_it",
                app.t("tasks.likes_it"),
                opts(app, &yes_no),
            ));
            items.push(Fld::choice(
                "comfortable",
                app.t("tasks.comfortable"),
                opts(app, &yes_no),
            ));
            items.push(Fld::choice(
                "care",
                app.t("tasks.care"),
                opts(
                    app,
                    &[
                        ("none", "tasks.care_none"),
                        ("answered", "tasks.care_answered"),
                        ("open", "tasks.care_open"),
                    ],
                ),
            ));
            items.push(Fld::text(
                "follow_up_on",
                app.t("tasks.follow_up_on"),
                "",
                12,
            ));
        }
        // [S1] The top spender is asked for their suggestions: kept apart from the note.
        if task.kind == rules::TOP_SPENDER_VISIT {
            items.push(Fld::text(
                "suggestions",
                app.t("practices.suggestions"),
                "",
                500,
            ));
        }
        // [S1] Where the answer goes: the region or head office.
        let mut routes = vec![(String::new(), app.t("practices.route_none").to_string())];
        routes.extend(Route::ALL.map(|r| {
            (
                r.id().to_string(),
                app.t(&format!("practices.route.{}", r.id())).to_string(),
            )
        }));
        items.push(Fld::choice(
            "feedback_for",
            app.t("practices.feedback_for"),
            routes,
        ));
        // The note stays last: it is where typing ends.
        items.push(Fld::text("note", app.t("tasks.note"), "", 200));
        let mut fields = Fields::new(items);
        for k in ["call_back_on", "follow_up_on"] {
            fields.set_note(k, Some(app.t("tasks.day_hint").to_string()));
        }
        let message = match task.kind == MISS_YOU {
            true => crate::app::greetings::miss_you_message(app, &task.customer)?,
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
pub fn open(app: &mut App, task_id: i64) {
    match tasks::get(&app.env.conn, task_id) {
        Ok(Some(t)) => match WorkForm::new(app, t) {
            Ok(f) => app.open(Screen::Callbacks(Box::new(View::Work(Box::new(f))))),
            Err(e) => app.fault(e),
        },
        Ok(None) => {
            let msg = app.t("tasks.gone").to_string();
            app.error(msg);
        }
        Err(e) => app.fault(e),
    }
}

pub fn update(app: &mut App, action: Action) {
    let Screen::Callbacks(v) = &mut app.screen else {
        return;
    };
    let View::Work(w) = v.as_mut() else { return };
    let id = w.task.id;
    match action {
        Action::Back => {
            discard(app, id);
            app.back()
        }
        Action::Save => save(app),
        Action::Survey => survey(app),
        Action::Send => copy_message(app),
        // The buttons under the form: save, survey or copy the message, cancel.
        Action::Pick { zone: 1, index } => match index {
            0 => save(app),
            1 if w.task.kind == PURCHASE_CALLBACK => survey(app),
            1 if w.message.is_some() => copy_message(app),
            _ => {
                discard(app, id);
                app.back()
            }
        },
        a => {
            if w.fields.handle(a) == Handled::Ignored && a == Action::Select {
                save(app)
            }
        }
    }
}

pub fn paste(app: &mut App, text: &str) {
    if let Screen::Callbacks(v) = &mut app.screen
        && let View::Work(w) = v.as_mut()
    {
        w.fields.paste(text);
    }
}

fn survey(app: &mut App) {
    let Screen::Callbacks(v) = &app.screen else {
        return;
    };
    let View::Work(w) = v.as_ref() else { return };
    if let (Some(c), Some(p)) = (w.task.customer_id, w.task.purchase_id()) {
        let id = w.task.id;
        crate::app::complaints::survey::open_for_callback(app, c, Some(p), Some(id));
    }
}

/// Puts the miss-you message on the tablet's clipboard (OSC 52) to paste
/// into SMS or chat; the outcome is still chosen and saved as for a call.
fn copy_message(app: &mut App) {
    let Screen::Callbacks(v) = &app.screen else {
        return;
    };
    let View::Work(w) = v.as_ref() else { return };
    if let Some(text) = w.message.clone() {
        app.clipboard = Some(text);
        let msg = app.t("tasks.message_copied").to_string();
        app.info(msg);
    }
}

fn yes_no(s: &str) -> Option<bool> {
    match s {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

fn save(app: &mut App) {
    let today = app.today();
    let now =
        crate::app::complaints::now_utc(app).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let staff = app.user.as_ref().map(|u| u.id).unwrap_or_default();
    let p = &app.env.policy.callbacks;
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
    .map(|k| app.t(k).to_string());
    let Screen::Callbacks(v) = &mut app.screen else {
        return;
    };
    let View::Work(w) = v.as_mut() else { return };
    let f = &mut w.fields;
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
    let answers = (w.task.kind == PURCHASE_CALLBACK && outcome == Outcome::Reached).then(|| {
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
        return;
    }
    let note = f.text("note").to_string();
    let route = Route::from_id(f.choice("feedback_for"));
    let suggestions = f.text("suggestions").to_string();
    let (task_id, version) = (w.task.id, w.task.version);
    // Off the screen's thread: the form stays on screen ("saving…") while
    // another process holds the database.
    app.save_in_background(
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
    let on_form = matches!(&app.screen, Screen::Callbacks(v)
        if matches!(v.as_ref(), View::Work(w) if w.task.id == task_id));
    let field_error = |app: &mut App, key: &str, msg: &str| {
        if let Screen::Callbacks(v) = &mut app.screen
            && let View::Work(w) = v.as_mut()
            && w.task.id == task_id
        {
            w.fields.set_error(key, msg);
            w.fields.focus_first_error();
        } else {
            app.error(msg.to_string());
        }
    };
    match result {
        Ok(done) => {
            discard(app, task_id);
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

/// The work form being filled in, on screen or under it: (kind, task, payload).
pub fn draft_of(app: &App) -> Option<(&'static str, i64, String)> {
    std::iter::once(&app.screen)
        .chain(app.history_iter())
        .find_map(|s| match s {
            Screen::Callbacks(v) => match v.as_ref() {
                View::Work(w) if w.fields.dirty => serde_json::to_string(&w.fields.save())
                    .ok()
                    .map(|p| (DRAFT_KIND, w.task.id, p)),
                _ => None,
            },
            _ => None,
        })
}

/// Whether a work form with typed changes is on screen.
pub fn editing(app: &App) -> bool {
    matches!(&app.screen, Screen::Callbacks(v) if matches!(v.as_ref(), View::Work(w) if w.fields.dirty))
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
    open(app, d.subject_id);
    if let Screen::Callbacks(v) = &mut app.screen
        && let View::Work(w) = v.as_mut()
    {
        w.fields.restore(&saved);
        w.fields.dirty = true;
    }
}

/// The draft goes once the task is saved or the form left on purpose.
fn discard(app: &mut App, task_id: i64) {
    if let Some(u) = app.user.as_ref().map(|u| u.id)
        && let Err(e) = drafts::discard(&mut app.env.conn, u, DRAFT_KIND, task_id)
    {
        app.fault(e);
    }
}
