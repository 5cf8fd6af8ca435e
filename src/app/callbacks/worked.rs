//! After a call is written: back to the list with what was recorded (and
//! the follow-ups made), the form again with what to put right, or, for a
//! phone card played in training, the card's scorecard.

use chrono::NaiveDate;

use super::work::{DRAFT_KIND, WorkForm};
use crate::app::App;
use crate::domain::tasks::{self as rules, Outcome};
use crate::store::drafts;
use crate::store::tasks::{self, WorkError};

/// What the form knew when it saved.
pub struct Saved {
    pub task_id: i64,
    pub outcome: Outcome,
    pub retry: rules::Retry,
    pub today: NaiveDate,
    /// The follow-ups asked for: what each is about (in training, the
    /// question's id) and its day.
    pub scored: Vec<(String, NaiveDate)>,
}

type Written = (tasks::Worked, Vec<(i64, NaiveDate)>);

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// What was recorded, in words.
fn recorded(app: &App, s: &Saved, done: &tasks::Worked, made: &[(i64, NaiveDate)]) -> String {
    let loc = &app.env.locale;
    let msg = match (done.closed_as, done.follow_up, done.due_on) {
        (_, Some((_, d)), _) => loc.f("tasks.saved_follow_up", &[("day", &day(d))]),
        (Some("reached"), ..) => loc.t("tasks.saved_reached").to_string(),
        (Some("no_answer"), ..) => loc.f(
            "tasks.saved_closed_no_answer",
            &[("n", &s.retry.max_attempts.to_string())],
        ),
        (Some(_), ..) => loc.t("tasks.saved_wrong_number").to_string(),
        (None, _, Some(d)) if s.outcome == Outcome::NoAnswer => {
            loc.f("tasks.saved_no_answer", &[("day", &day(d))])
        }
        (None, _, d) => loc.f(
            "tasks.saved_call_back",
            &[("day", &d.map(day).unwrap_or_default())],
        ),
    };
    if made.is_empty() {
        return msg;
    }
    let days: Vec<String> = made.iter().map(|(_, d)| day(*d)).collect();
    let more = loc.f(
        "tasks.saved_follow_ups",
        &[("n", &made.len().to_string()), ("days", &days.join(", "))],
    );
    format!("{msg} {more}")
}

/// After the call is written: back to the list with what was recorded, or
/// the form again with what to put right (if it is still on screen).
pub fn worked(app: &mut App, s: Saved, msgs: &[String; 5], result: Result<Written, WorkError>) {
    let task_id = s.task_id;
    let on_form = app.view::<WorkForm>().is_some_and(|w| w.task.id == task_id);
    let field_error = |app: &mut App, key: &str, msg: &str| match app.view_mut::<WorkForm>() {
        Some(w) if w.task.id == task_id && w.fields.items.iter().any(|f| f.key == key) => {
            w.fields.set_error(key, msg);
            w.fields.focus_first_error();
        }
        _ => app.error(msg.to_string()),
    };
    match result {
        Ok((done, made)) => {
            if let Some(u) = app.user.as_ref().map(|u| u.id)
                && let Err(e) = drafts::discard(&mut app.env.conn, u, DRAFT_KIND, task_id)
            {
                app.fault(e);
            }
            let msg = recorded(app, &s, &done, &made);
            let play = match app.view_mut::<WorkForm>() {
                Some(w) if on_form => w.practice.take(),
                _ => None,
            };
            if let Some(play) = play {
                super::practice::finish(app, play, s.today, &s.scored);
                return;
            }
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
        // The form checks this before saving; said on the status line all the same.
        Err(WorkError::Rule(rules::WorkError::NotReached)) => {
            let msg = app.t("tasks.follow_up_not_reached").to_string();
            app.error(msg)
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
