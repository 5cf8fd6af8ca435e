//! A task being worked, kept as a draft while it is typed: offered back
//! at sign-in, resumed with what was typed (follow-up rows too), dropped
//! once the call is saved or the form left on purpose.

use super::follow_ups;
use super::work::{WorkForm, open_task};
use crate::app::complaints::fields::SavedForm;
use crate::app::{App, Ctx};
use crate::store::drafts::{self, Draft};
use crate::store::tasks;

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
    let Some(mut fields) = app
        .view_mut::<WorkForm>()
        .map(|w| std::mem::take(&mut w.fields))
    else {
        return;
    };
    // The follow-up rows the draft held come back before their values.
    app.with_ctx(|cx| follow_ups::add_for_draft(&mut fields, cx, &saved));
    fields.restore(&saved);
    fields.dirty = true;
    if let Some(w) = app.view_mut::<WorkForm>() {
        w.fields = fields;
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
pub(super) fn discard(cx: &mut Ctx, task_id: i64) {
    if let Some(u) = cx.user_id()
        && let Err(e) = drafts::discard(&mut cx.env.conn, u, DRAFT_KIND, task_id)
    {
        cx.fault(e);
    }
}
