//! The satisfaction survey form: a score of 1 to 5 for each question of
//! `data/surveys.toml`, free text after. Opened on its own (from the
//! complaints list), at the end of a complaint, and — through
//! [`open_for_callback`] — as the outcome of a purchase callback.

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::fields::{Fields, Fld, Handled};
use super::intake::customer_of;
use super::view;
use super::{DRAFT_SURVEY, DraftPayload, View, error_text, now_utc, staff_id};
use crate::app::{Action, App};
use crate::domain::complaint::stats::mean_x100;
use crate::domain::survey::{SurveySource, check_scores};
use crate::store::complaints::surveys::{self, NewSurvey};
use crate::store::complaints::{self as store, Caller, Complaint};

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
    pub fn new(app: &App, links: SurveyLinks) -> SurveyState {
        let t = |k: &str| app.t(k).to_string();
        let mut items = Vec::new();
        if links.customer_id.is_none() {
            items.push(Fld::text("phone", t("complaints.field.phone"), "", 30));
            items.push(Fld::text("name", t("complaints.field.name"), "", 40));
        }
        let lang = app.env.locale.lang.clone();
        for (i, q) in app.env.policy.service.questions.iter().enumerate() {
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

    pub fn resume(app: &App, p: &DraftPayload) -> Result<SurveyState> {
        let links: SurveyLinks = serde_json::from_value(p.extra.clone()).unwrap_or_default();
        let mut s = SurveyState::new(app, links);
        s.fields.restore(&p.form);
        s.on_phone(app)?;
        s.fields.dirty = true;
        Ok(s)
    }

    pub fn draft(&self) -> DraftPayload {
        DraftPayload {
            form: self.fields.save(),
            extra: serde_json::to_value(&self.links).unwrap_or_default(),
        }
    }

    fn on_phone(&mut self, app: &App) -> Result<()> {
        if self.links.customer_id.is_some() {
            return Ok(());
        }
        self.caller = store::caller_by_phone(&app.env.conn, self.fields.text("phone"))?;
        if let Some(c) = &self.caller {
            self.fields.set_text("name", &c.name);
            let note = app
                .env
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

/// A survey on its own: in the shop, on the phone, a card filled in.
pub fn open_standalone(app: &mut App) {
    let s = SurveyState::new(
        app,
        SurveyLinks {
            source: SurveySource::Standalone.id().into(),
            ..SurveyLinks::default()
        },
    );
    super::open(app, View::Survey(Box::new(s)));
}

/// The survey at the end of a complaint.
pub fn open_for_complaint(app: &mut App, c: &Complaint) {
    let s = SurveyState::new(
        app,
        SurveyLinks {
            source: SurveySource::Complaint.id().into(),
            customer_id: c.customer_id,
            customer_name: c.customer_name.clone(),
            complaint_id: Some(c.id),
            complaint_no: c.no.clone(),
            ..SurveyLinks::default()
        },
    );
    super::open(app, View::Survey(Box::new(s)));
}

/// The survey as the outcome of a purchase callback 消费回访: the callbacks
/// screen calls this with the customer, the purchase called about and its
/// task; the survey is kept with them, and Esc goes back to the callback.
pub fn open_for_callback(
    app: &mut App,
    customer_id: i64,
    purchase_id: Option<i64>,
    task_id: Option<i64>,
) {
    let name = match crate::store::customers::get(&app.env.conn, customer_id) {
        Ok(Some(c)) => c
            .values
            .get(crate::domain::customer::Field::Name)
            .to_string(),
        Ok(None) => String::new(),
        Err(e) => return app.fault(e),
    };
    let s = SurveyState::new(
        app,
        SurveyLinks {
            source: SurveySource::Callback.id().into(),
            customer_id: Some(customer_id),
            customer_name: name,
            purchase_id,
            task_id,
            ..SurveyLinks::default()
        },
    );
    super::open(app, View::Survey(Box::new(s)));
}

pub fn update(app: &mut App, action: Action) {
    let Some(s) = view!(app, Survey) else {
        return;
    };
    match action {
        Action::Save | Action::Pick { zone: 1, index: 0 } => return save(app),
        Action::Back | Action::Pick { zone: 1, .. } => return super::leave(app),
        _ => {}
    }
    if s.fields.handle(action) == Handled::Changed("phone") {
        let mut owned = std::mem::replace(
            s.as_mut(),
            SurveyState {
                fields: Fields::default(),
                links: SurveyLinks::default(),
                caller: None,
            },
        );
        let r = owned.on_phone(app);
        if let Some(slot) = view!(app, Survey) {
            **slot = owned;
        }
        if let Err(e) = r {
            app.fault(e);
        }
    }
}

fn save(app: &mut App) {
    let Some(s) = view!(app, Survey) else {
        return;
    };
    s.fields.clear_errors();
    let n = app
        .env
        .policy
        .service
        .questions
        .len()
        .min(QUESTION_KEYS.len());
    let scores: Vec<Option<u8>> = QUESTION_KEYS[..n]
        .iter()
        .map(|k| s.fields.score(k))
        .collect();
    let mut problems: Vec<(&str, String)> = Vec::new();
    let checked = match check_scores(&scores) {
        Ok(v) => Some(v),
        Err(faults) => {
            for f in faults {
                problems.push((
                    QUESTION_KEYS[f.index()],
                    error_text(&app.env.locale, f.code()),
                ));
            }
            None
        }
    };
    let phone = s.fields.text("phone").trim().to_string();
    let name = s.fields.text("name").trim().to_string();
    let standalone = s.links.customer_id.is_none();
    if standalone && s.caller.is_none() && !phone.is_empty() && name.is_empty() {
        problems.push(("name", error_text(&app.env.locale, "name_for_new")));
    }
    if !problems.is_empty() {
        return super::refuse(app, problems);
    }
    let Some(scores) = checked else { return };
    let links = s.links.clone();
    let caller = s.caller.clone();
    let source = s.source();
    let comment = crate::domain::text::clean(s.fields.text("comment"), COMMENT_MAX);
    let customer = if standalone && !phone.is_empty() {
        match customer_of(app, caller.as_ref(), &phone, &name) {
            Ok(Some(id)) => Some(id),
            Ok(None) => return,
            Err(msgs) => return super::refuse(app, msgs),
        }
    } else {
        links.customer_id
    };
    let questions: Vec<String> = app.env.policy.service.questions[..n]
        .iter()
        .map(|q| q.id.clone())
        .collect();
    let survey = NewSurvey {
        customer_id: customer,
        source,
        complaint_id: links.complaint_id,
        purchase_id: links.purchase_id,
        task_id: links.task_id,
        staff_id: Some(staff_id(app)),
        answers: questions
            .iter()
            .map(String::as_str)
            .zip(scores.iter().copied())
            .collect(),
        comment: &comment,
        taken_on: app.today(),
        taken_at: now_utc(app),
    };
    match crate::store::write(&mut app.env.conn, |tx| surveys::record(tx, &survey)) {
        Ok(_) => {
            let mean = mean_x100(&scores).unwrap_or_default();
            super::saved(app, DRAFT_SURVEY);
            app.back();
            let msg = app.env.locale.f(
                "complaints.survey_saved",
                &[("mean", &format!("{}.{:02}", mean / 100, mean % 100))],
            );
            app.info(msg);
        }
        Err(e) => app.fault(e),
    }
}
