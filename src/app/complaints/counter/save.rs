//! The counter's last step: the complaint written with its steps, the new
//! customer's file when the caller was not on file, the revisit booked and
//! the draft dropped — all off the screen's thread (issue 19). The counter
//! stays on screen and answers keys while the database is busy; the status
//! line says "saving…", then "waiting for the database".

use chrono::{DateTime, Utc};

use super::super::intake::{WORDS_MAX, caller_errors, caller_id, field_of};
use super::super::{DRAFT_COUNTER, error_text};
use super::CounterState;
use crate::app::{App, Ctx, Effect};
use crate::domain::complaint::counter::{Step, first_unfinished};
use crate::domain::complaint::{Channel, Compensation, Resolution, Urgency};
use crate::domain::text;
use crate::store::complaints::{self as store, CounterOutcome, NewComplaint};
use crate::store::customers::SaveError;

/// What the counter recorded, owned, for the saving thread.
struct Outcome {
    restated: String,
    resolution: Resolution,
    solution: String,
    compensation: Compensation,
    compensation_fen: i64,
    compensation_note: String,
    satisfied: bool,
    final_offer: String,
    final_accepted: Option<bool>,
    follow_up: String,
    steps: Vec<(Step, DateTime<Utc>)>,
}

impl Outcome {
    fn of(s: &CounterState, compensation_fen: i64) -> Outcome {
        let get = |k: &str| text::clean(s.text(k), WORDS_MAX);
        Outcome {
            restated: get("restated"),
            resolution: Resolution::from_id(s.choice("resolution")).unwrap_or(Resolution::Other),
            solution: get("solution"),
            compensation: Compensation::from_id(s.choice("compensation"))
                .unwrap_or(Compensation::None),
            compensation_fen,
            compensation_note: get("compensation_note"),
            satisfied: s.yes_no("satisfied") == Some(true),
            final_offer: get("final_offer"),
            final_accepted: s.yes_no("final_accepted"),
            follow_up: get("follow_up"),
            steps: Step::ALL
                .iter()
                .zip(s.ticked.iter())
                .filter_map(|(st, t)| t.map(|t| (*st, t)))
                .collect(),
        }
    }

    fn borrowed(&self) -> CounterOutcome<'_> {
        CounterOutcome {
            restated: &self.restated,
            resolution: self.resolution,
            solution: &self.solution,
            compensation: self.compensation,
            compensation_fen: self.compensation_fen,
            compensation_note: &self.compensation_note,
            satisfied: self.satisfied,
            final_offer: &self.final_offer,
            final_accepted: self.final_accepted,
            follow_up: &self.follow_up,
            steps: self.steps.clone(),
        }
    }
}

impl CounterState {
    /// After the ninth step: every step checked again, then the save.
    pub(super) fn finish(&mut self, cx: &mut Ctx) {
        let rec = self.record(cx.env);
        let unfinished = first_unfinished(&rec).map(|(st, errs)| {
            (
                st.number() - 1,
                errs.into_iter()
                    .map(|(f, code)| (field_of(f), error_text(&cx.env.locale, code)))
                    .collect::<Vec<_>>(),
            )
        });
        let fen = rec.compensation_fen().unwrap_or(0);
        if let Some((step, msgs)) = unfinished {
            self.step = step;
            return super::super::refuse(&mut self.steps[step], msgs, cx);
        }
        let routing = cx.env.policy.service.routing.clone();
        let category = self.choice("category").to_string();
        let (Some(cat), Some(route)) = (
            routing.category(&category).cloned(),
            routing.route(&category),
        ) else {
            return;
        };
        let get = |k: &str| text::clean(self.text(k), WORDS_MAX);
        let (phone, name, words) = (get("phone"), get("name"), get("words"));
        let (product, batch) = (get("product"), get("batch"));
        let outcome = Outcome::of(self, fen);
        let caller = self.caller.as_ref().map(|c| c.id);
        let line: Option<i64> = self.steps[3].choice("purchase").parse().ok();
        let started = self.started;
        let revisit = cx.env.policy.service.complaints.revisit;
        let who = cx.user_id().unwrap_or_default();
        let user = cx.user_id();
        let today = cx.today();
        let urgency = if cat.urgent {
            Urgency::Urgent
        } else {
            Urgency::Normal
        };
        let settled = outcome.borrowed().resolved_here();
        cx.save(
            move |conn| {
                let customer = caller_id(conn, caller, &phone, &name, who, today)?;
                let id = crate::store::write(conn, |tx| {
                    store::create_at_counter(
                        tx,
                        &NewComplaint {
                            channel: Channel::InStore,
                            customer_id: Some(customer),
                            purchase_line_id: line,
                            product: &product,
                            batch_no: &batch,
                            category: &cat,
                            route: &route,
                            urgency,
                            major: false,
                            words: &words,
                            taken_by: who,
                            received_at: started,
                            received_on: today,
                        },
                        &outcome.borrowed(),
                        &revisit,
                    )
                })?;
                if let Some(user) = user {
                    crate::store::drafts::discard(conn, user, DRAFT_COUNTER, 0)?;
                }
                Ok(id)
            },
            move |app, result| finished(app, settled, result),
        );
    }
}

/// After the complaint went in: the counter closes and the complaint opens,
/// saying whether it was settled here (and when the revisit is due).
fn finished(app: &mut App, settled: bool, result: Result<i64, SaveError>) {
    let id = match result {
        Ok(id) => id,
        Err(SaveError::Fields(errs)) => {
            let msgs = caller_errors(&app.env, &errs);
            return app.on_view_as::<CounterState>(|s, cx| {
                s.step = 0;
                super::super::refuse(&mut s.steps[0], msgs, cx);
                Effect::None
            });
        }
        Err(SaveError::Conflict { .. }) => return,
        Err(SaveError::Db(e)) => return app.fault(e),
    };
    // A training card: its scorecard instead of the complaint.
    if let Some(s) = app.view_mut::<CounterState>()
        && let Some(p) = s.practice.take()
    {
        let ticked = s.ticked;
        let effect = app.with_ctx(|cx| p.end(&ticked, cx));
        return app.apply(effect);
    }
    if app.screen.is::<CounterState>() {
        app.back();
    }
    let effect = app.with_ctx(|cx| super::super::detail::DetailState::open(id, cx));
    app.apply(effect);
    let (no, due) = app
        .view::<super::super::detail::DetailState>()
        .map(|d| {
            (
                d.complaint.no.clone(),
                d.complaint
                    .revisit_due
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            )
        })
        .unwrap_or_default();
    let msg = if settled {
        app.env
            .locale
            .f("complaints.counter_settled", &[("no", &no), ("due", &due)])
    } else {
        app.env
            .locale
            .f("complaints.counter_not_settled", &[("no", &no)])
    };
    app.info(msg);
}
