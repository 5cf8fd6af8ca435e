//! Working one task: the outcome, a call-back day, the customer's answers
//! on a purchase callback, a note. Nothing typed is lost: a failed check
//! marks the field; a conflict says who did it first.

use super::follow_ups;
use super::work_draft::discard;
pub use super::work_draft::{DRAFT_KIND, discard_on_screen, draft_label, owns_draft, resume};
use super::worked::{Saved, worked};
use crate::app::complaints::fields::{Fields, Fld, Handled};
use crate::app::{Action, App, Ctx, DraftOf, Effect, HitMap, View};
use crate::domain::practices::Route;
use crate::domain::tasks::{self as rules, Answers, CareQuestion, Outcome, PURCHASE_CALLBACK};
use crate::keymap::Context;
use crate::store::tasks::{self, OpenTask, WorkInput};

pub struct WorkForm {
    pub task: OpenTask,
    pub fields: Fields,
    /// For a miss-you contact, the message from the shop's library, filled in.
    pub message: Option<String>,
    /// A phone card being played on this call (training).
    pub practice: Option<super::practice::PhonePlay>,
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
        // The note stays last (follow-ups are added before it): it is where typing ends.
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
            practice: None,
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
        // Adding a follow-up is on its button (the status line is full at 80 columns).
        if self.practice.is_some() {
            v.push(Action::NextStep);
        }
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
        match &self.practice {
            Some(p) => {
                let (main, pane) = crate::ui::practice::split(area);
                crate::ui::callbacks::draw_work(frame, main, app, self, hits);
                if let Some(pane) = pane {
                    crate::ui::practice::pane(frame, pane, app, &p.playing);
                }
            }
            None => crate::ui::callbacks::draw_work(frame, area, app, self, hits),
        }
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
        // A practice call is not kept: the card starts afresh.
        if !self.fields.dirty || self.practice.is_some() {
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
            Action::Add => {
                self.add_follow_up(cx);
                Effect::None
            }
            Action::Remove => {
                follow_ups::remove_focused(&mut self.fields);
                Effect::None
            }
            Action::NextStep if self.practice.is_some() => {
                self.ask(cx);
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
    /// A follow-up row for a question not answered on the call.
    fn add_follow_up(&mut self, cx: &mut Ctx) {
        let questions = self.practice.as_ref().map(|p| p.questions(cx));
        if !follow_ups::add(&mut self.fields, cx, questions) {
            let msg = cx.env.locale.f(
                "tasks.follow_up_max",
                &[("n", &follow_ups::MAX.to_string())],
            );
            cx.error(msg);
        }
    }

    /// Training: the next question asked; the customer's open questions
    /// offered on the follow-up rows once they are heard.
    fn ask(&mut self, cx: &mut Ctx) {
        if let Some(p) = &mut self.practice {
            p.ask(cx);
            let questions = p.questions(cx);
            follow_ups::set_questions(&mut self.fields, &questions);
        }
    }

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
        let checked = self.checked(today, &msgs);
        // The follow-ups are checked too, so every field to put right is marked at once.
        let fu_msgs = [
            "tasks.bad_day",
            "tasks.follow_up_day",
            "tasks.follow_up_about_missing",
            "tasks.follow_up_not_reached",
        ]
        .map(|k| cx.t(k).to_string());
        let said = Outcome::from_id(self.fields.choice("outcome")).unwrap_or(Outcome::Reached);
        let rows = follow_ups::checked(&mut self.fields, today, said, &fu_msgs);
        let (Some((outcome, call_back, answers)), false) = (checked, self.fields.has_errors())
        else {
            self.fields.focus_first_error();
            return Effect::None;
        };
        // In training "about" is the customer's question: its words go on
        // the task, its id to the scorecard.
        let new: Vec<tasks::NewFollowUp> = (rows.iter())
            .map(|r| tasks::NewFollowUp {
                about: match &self.practice {
                    Some(p) => p.question(&r.about),
                    None => r.about.clone(),
                },
                on: r.on,
            })
            .collect();
        let scored: Vec<(String, chrono::NaiveDate)> =
            rows.into_iter().map(|r| (r.about, r.on)).collect();
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
                    let made =
                        tasks::add_follow_ups(&tx, task_id, outcome, staff, today, &now, &new)?;
                    tx.commit()?;
                    Ok((done, made))
                })()
            },
            move |app, result| {
                let saved = Saved {
                    task_id,
                    outcome,
                    retry,
                    today,
                    scored,
                };
                worked(app, saved, &msgs, result)
            },
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
