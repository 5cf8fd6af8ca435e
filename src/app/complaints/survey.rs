//! The satisfaction survey form: a score of 1 to 5 for each question of
//! `data/surveys.toml`, free text after. Opened on its own (from the
//! complaints list), at the end of a complaint, and — through
//! [`open_for_callback`] — as the outcome of a purchase callback.

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::fields::{Fields, Fld, Handled};
use super::intake::{caller_errors, caller_id};
use super::{DRAFT_SURVEY, DraftPayload, error_text, utc_now};
use crate::app::{App, Ctx, Effect, Env};
use crate::domain::complaint::stats::mean_x100;
use crate::domain::survey::{SurveySource, check_scores};
use crate::store::complaints::surveys::{self, NewSurvey};
use crate::store::complaints::{self as store, Caller, Complaint};
use crate::store::customers::SaveError;

/// Field keys of the questions, by position (at most 8 questions).
pub const QUESTION_KEYS: [&str; 8] = ["q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7"];
pub const COMMENT_MAX: usize = 300;

/// What the survey is about: kept with it in the register.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyLinks {
    pub source: String,
    pub customer_id: Option<i64>,
    pub customer_name: String,
    pub complaint_id: Option<i64>,
    pub complaint_no: String,
    pub purchase_id: Option<i64>,
    pub task_id: Option<i64>,
}

pub struct SurveyState {
    pub fields: Fields,
    pub links: SurveyLinks,
    /// Standalone: the customer found by the phone typed.
    pub caller: Option<Caller>,
}

impl SurveyState {
    pub fn new(env: &Env, links: SurveyLinks) -> SurveyState {
        let t = |k: &str| env.locale.t(k).to_string();
        let mut items = Vec::new();
        if links.customer_id.is_none() {
            items.push(Fld::text("phone", t("complaints.field.phone"), "", 30));
            items.push(Fld::text("name", t("complaints.field.name"), "", 40));
        }
        let lang = env.locale.lang.clone();
        for (i, q) in env.policy.service.questions.iter().enumerate() {
            if let Some(key) = QUESTION_KEYS.get(i) {
                items.push(Fld::score(key, q.text(&lang)));
            }
        }
        items.push(Fld::text(
            "comment",
            t("complaints.field.comment"),
            "",
            COMMENT_MAX,
        ));
        let mut fields = Fields::new(items);
        if links.customer_id.is_none() {
            fields.set_note("phone", Some(t("complaints.hint.survey_phone")));
        } else {
            fields.focus_on("q0");
        }
        SurveyState {
            fields,
            links,
            caller: None,
        }
    }

    pub fn resume(env: &Env, p: &DraftPayload) -> Result<SurveyState> {
        let links: SurveyLinks = serde_json::from_value(p.extra.clone()).unwrap_or_default();
        let mut s = SurveyState::new(env, links);
        s.fields.restore(&p.form);
        s.on_phone(env)?;
        s.fields.dirty = true;
        Ok(s)
    }

    pub fn payload(&self) -> DraftPayload {
        DraftPayload {
            form: self.fields.save(),
            extra: serde_json::to_value(&self.links).unwrap_or_default(),
        }
    }

    fn on_phone(&mut self, env: &Env) -> Result<()> {
        if self.links.customer_id.is_some() {
            return Ok(());
        }
        self.caller = store::caller_by_phone(&env.conn, self.fields.text("phone"))?;
        if let Some(c) = &self.caller {
            self.fields.set_text("name", &c.name);
            let note = env
                .locale
                .f("complaints.hint.on_file", &[("name", &c.name)]);
            self.fields.set_note("phone", Some(note));
        }
        Ok(())
    }

    pub fn source(&self) -> SurveySource {
        SurveySource::from_id(&self.links.source).unwrap_or(SurveySource::Standalone)
    }

    /// The mean so far, × 100, of the questions answered.
    pub fn mean_so_far(&self) -> Option<i64> {
        let scores: Vec<u8> = QUESTION_KEYS
            .iter()
            .filter_map(|k| self.fields.score(k))
            .collect();
        mean_x100(&scores)
    }
}

impl SurveyState {
    /// A survey on its own: in the shop, on the phone, a card filled in.
    pub fn open_standalone(cx: &mut Ctx) -> Effect {
        let links = SurveyLinks {
            source: SurveySource::Standalone.id().into(),
            ..SurveyLinks::default()
        };
        Effect::Open(Box::new(SurveyState::new(cx.env, links)))
    }

    /// The survey at the end of a complaint.
    pub fn open_for_complaint(c: &Complaint, cx: &mut Ctx) -> Effect {
        let links = SurveyLinks {
            source: SurveySource::Complaint.id().into(),
            customer_id: c.customer_id,
            customer_name: c.customer_name.clone(),
            complaint_id: Some(c.id),
            complaint_no: c.no.clone(),
            ..SurveyLinks::default()
        };
        Effect::Open(Box::new(SurveyState::new(cx.env, links)))
    }
}

/// The survey as the outcome of a purchase callback 消费回访: the callbacks
/// screen calls this with the customer, the purchase called about and its
/// task; the survey is kept with them, and Esc goes back to the callback.
pub fn for_callback(
    cx: &Ctx,
    customer_id: i64,
    purchase_id: Option<i64>,
    task_id: Option<i64>,
) -> anyhow::Result<SurveyState> {
    let name = crate::store::customers::get(&cx.env.conn, customer_id)?
        .map(|c| {
            c.values
                .get(crate::domain::customer::Field::Name)
                .to_string()
        })
        .unwrap_or_default();
    Ok(SurveyState::new(
        cx.env,
        SurveyLinks {
            source: SurveySource::Callback.id().into(),
            customer_id: Some(customer_id),
            customer_name: name,
            purchase_id,
            task_id,
            ..SurveyLinks::default()
        },
    ))
}

/// [`for_callback`] opened over the screen on (for tests).
pub fn open_for_callback(
    app: &mut App,
    customer_id: i64,
    purchase_id: Option<i64>,
    task_id: Option<i64>,
) {
    let effect = app.with_ctx(
        |cx| match for_callback(cx, customer_id, purchase_id, task_id) {
            Ok(s) => Effect::Open(Box::new(s)),
            Err(e) => Effect::Fault(e),
        },
    );
    app.apply(effect);
}

super::fields_form_view!(SurveyState, draw_survey, DRAFT_SURVEY);

impl SurveyState {
    fn changed(&mut self, h: Handled, cx: &mut Ctx) -> Effect {
        if h == Handled::Changed("phone") {
            return Effect::from_result(self.on_phone(cx.env));
        }
        Effect::None
    }

    /// The problems with the scores and the caller, marked on their fields.
    fn check(&self, env: &Env, n: usize) -> Result<Vec<u8>, Vec<(&'static str, String)>> {
        let scores: Vec<Option<u8>> = QUESTION_KEYS[..n]
            .iter()
            .map(|k| self.fields.score(k))
            .collect();
        let mut problems: Vec<(&str, String)> = Vec::new();
        let checked = match check_scores(&scores) {
            Ok(v) => Some(v),
            Err(faults) => {
                for f in faults {
                    problems.push((QUESTION_KEYS[f.index()], error_text(&env.locale, f.code())));
                }
                None
            }
        };
        let phone = self.fields.text("phone").trim();
        let name = self.fields.text("name").trim();
        let standalone = self.links.customer_id.is_none();
        if standalone && self.caller.is_none() && !phone.is_empty() && name.is_empty() {
            problems.push(("name", error_text(&env.locale, "name_for_new")));
        }
        match checked {
            Some(v) if problems.is_empty() => Ok(v),
            _ => Err(problems),
        }
    }

    /// Off the screen's thread: a new caller's file, then the survey.
    fn save(&mut self, cx: &mut Ctx) {
        self.fields.clear_errors();
        let n = cx
            .env
            .policy
            .service
            .questions
            .len()
            .min(QUESTION_KEYS.len());
        let scores = match self.check(cx.env, n) {
            Ok(v) => v,
            Err(problems) => return super::refuse(&mut self.fields, problems, cx),
        };
        let phone = self.fields.text("phone").trim().to_string();
        let name = self.fields.text("name").trim().to_string();
        let standalone = self.links.customer_id.is_none();
        let links = self.links.clone();
        let caller = self.caller.as_ref().map(|c| c.id);
        let source = self.source();
        let comment = crate::domain::text::clean(self.fields.text("comment"), COMMENT_MAX);
        let questions: Vec<String> = cx.env.policy.service.questions[..n]
            .iter()
            .map(|q| q.id.clone())
            .collect();
        let me = cx.user_id().unwrap_or_default();
        let user = cx.user_id();
        let (today, now) = (cx.today(), utc_now(cx.env));
        let mean = mean_x100(&scores).unwrap_or_default();
        cx.save(
            move |conn| {
                let customer = if standalone && !phone.is_empty() {
                    Some(caller_id(conn, caller, &phone, &name, me, today)?)
                } else {
                    links.customer_id
                };
                let survey = NewSurvey {
                    customer_id: customer,
                    source,
                    complaint_id: links.complaint_id,
                    purchase_id: links.purchase_id,
                    task_id: links.task_id,
                    staff_id: Some(me),
                    answers: questions
                        .iter()
                        .map(String::as_str)
                        .zip(scores.iter().copied())
                        .collect(),
                    comment: &comment,
                    taken_on: today,
                    taken_at: now,
                };
                crate::store::write(conn, |tx| surveys::record(tx, &survey))
                    .map_err(SaveError::Db)?;
                if let Some(user) = user {
                    crate::store::drafts::discard(conn, user, DRAFT_SURVEY, 0)
                        .map_err(SaveError::Db)?;
                }
                Ok(())
            },
            move |app, r| saved(app, mean, r),
        );
    }
}

/// After the survey went in: back where it was asked from, with its mean.
fn saved(app: &mut App, mean: i64, result: Result<(), SaveError>) {
    match result {
        Ok(()) => {
            if app.screen.is::<SurveyState>() {
                app.back();
            }
            let msg = app.env.locale.f(
                "complaints.survey_saved",
                &[("mean", &format!("{}.{:02}", mean / 100, mean % 100))],
            );
            app.info(msg);
        }
        Err(SaveError::Fields(errs)) => {
            let msgs = caller_errors(&app.env, &errs);
            app.on_view_as::<SurveyState>(|s, cx| {
                super::refuse(&mut s.fields, msgs, cx);
                Effect::None
            });
        }
        Err(SaveError::Conflict { .. }) => {}
        Err(SaveError::Db(e)) => app.fault(e),
    }
}
