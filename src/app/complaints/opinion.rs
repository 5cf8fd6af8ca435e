//! A customer's opinion or suggestion written straight into the quality
//! callback / customer opinion register, for a department; a suggestion
//! worth keeping is marked so.

use anyhow::Result;

use super::fields::{Fields, Fld, Handled};
use super::intake::{caller_errors, caller_id};
use super::{
    DRAFT_OPINION, DraftPayload, Options, channel_options, department_options, error_text, utc_now,
    with_unset, yes_no_options,
};
use crate::app::{App, Ctx, Effect, Env};
use crate::store::complaints::opinions::{self, NewOpinion, OpinionKind};
use crate::store::complaints::{self as store, Caller};
use crate::store::customers::SaveError;

pub const TEXT_MAX: usize = 300;

pub struct OpinionState {
    pub fields: Fields,
    pub caller: Option<Caller>,
}

fn kind_options(env: &Env) -> Options {
    [
        OpinionKind::Opinion,
        OpinionKind::Suggestion,
        OpinionKind::QualityCallback,
    ]
    .iter()
    .map(|k| {
        (
            k.id().to_string(),
            env.locale
                .t(&format!("complaints.opinion_kind.{}", k.id()))
                .to_string(),
        )
    })
    .collect()
}

impl OpinionState {
    pub fn new(env: &Env) -> OpinionState {
        let t = |k: &str| env.locale.t(k).to_string();
        let mut fields = Fields::new(vec![
            Fld::choice("kind", t("complaints.field.kind"), kind_options(env)),
            Fld::choice(
                "channel",
                t("complaints.field.channel"),
                channel_options(env),
            ),
            Fld::text("phone", t("complaints.field.phone"), "", 30),
            Fld::text("name", t("complaints.field.name"), "", 40),
            Fld::text("product", t("complaints.field.product"), "", 80),
            Fld::choice(
                "department",
                t("complaints.field.department"),
                with_unset(department_options(env)),
            ),
            Fld::text("text", t("complaints.field.opinion"), "", TEXT_MAX),
            Fld::choice(
                "keep",
                t("complaints.field.worth_keeping"),
                yes_no_options(env),
            ),
        ]);
        fields.set_choice("channel", "in_store");
        fields.set_note("phone", Some(t("complaints.hint.survey_phone")));
        OpinionState {
            fields,
            caller: None,
        }
    }

    pub fn resume(env: &Env, p: &DraftPayload) -> Result<OpinionState> {
        let mut s = OpinionState::new(env);
        s.fields.restore(&p.form);
        s.on_phone(env)?;
        Ok(s)
    }

    pub fn payload(&self) -> DraftPayload {
        DraftPayload {
            form: self.fields.save(),
            extra: serde_json::Value::Null,
        }
    }

    fn on_phone(&mut self, env: &Env) -> Result<()> {
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
}

impl OpinionState {
    /// A new opinion or suggestion, from the opinions register.
    pub fn open(cx: &mut Ctx) -> Effect {
        Effect::Open(Box::new(OpinionState::new(cx.env)))
    }

    fn changed(&mut self, h: Handled, cx: &mut Ctx) -> Effect {
        if h == Handled::Changed("phone") {
            return Effect::from_result(self.on_phone(cx.env));
        }
        Effect::None
    }

    /// Off the screen's thread: a new caller's file, then the opinion.
    fn save(&mut self, cx: &mut Ctx) {
        self.fields.clear_errors();
        let text = crate::domain::text::clean(self.fields.text("text"), TEXT_MAX);
        let phone = self.fields.text("phone").trim().to_string();
        let name = self.fields.text("name").trim().to_string();
        let mut problems = Vec::new();
        if text.is_empty() {
            problems.push(("text", error_text(&cx.env.locale, "required")));
        }
        if self.caller.is_none() && !phone.is_empty() && name.is_empty() {
            problems.push(("name", error_text(&cx.env.locale, "name_for_new")));
        }
        if !problems.is_empty() {
            return super::refuse(&mut self.fields, problems, cx);
        }
        let caller = self.caller.as_ref().map(|c| c.id);
        let kind = OpinionKind::from_id(self.fields.choice("kind")).unwrap_or(OpinionKind::Opinion);
        let channel = self.fields.choice("channel").to_string();
        let product = crate::domain::text::clean(self.fields.text("product"), 80);
        let department = self.fields.choice("department").to_string();
        let keep = self.fields.choice("keep") == "yes";
        let me = cx.user_id().unwrap_or_default();
        let user = cx.user_id();
        let (today, now) = (cx.today(), utc_now(cx.env));
        cx.save(
            move |conn| {
                let customer = if phone.is_empty() {
                    None
                } else {
                    Some(caller_id(conn, caller, &phone, &name, me, today)?)
                };
                let o = NewOpinion {
                    kind,
                    customer_id: customer,
                    channel: &channel,
                    complaint_id: None,
                    product: &product,
                    text: &text,
                    department: (!department.is_empty()).then_some(department.as_str()),
                    worth_keeping: keep,
                    satisfied: None,
                    staff_id: Some(me),
                    noted_on: today,
                    noted_at: now,
                };
                crate::store::write(conn, |tx| opinions::add(tx, &o)).map_err(SaveError::Db)?;
                if let Some(user) = user {
                    crate::store::drafts::discard(conn, user, DRAFT_OPINION, 0)
                        .map_err(SaveError::Db)?;
                }
                Ok(())
            },
            saved,
        );
    }
}

/// After the opinion went in: back to the register, read again.
fn saved(app: &mut App, result: Result<(), SaveError>) {
    match result {
        Ok(()) => {
            if app.screen.is::<OpinionState>() {
                app.back();
            }
            let msg = app.t("complaints.opinion_saved").to_string();
            app.info(msg);
        }
        Err(SaveError::Fields(errs)) => {
            let msgs = caller_errors(&app.env, &errs);
            app.on_view_as::<OpinionState>(|s, cx| {
                super::refuse(&mut s.fields, msgs, cx);
                Effect::None
            });
        }
        Err(SaveError::Conflict { .. }) => {}
        Err(SaveError::Db(e)) => app.fault(e),
    }
}

super::fields_form_view!(OpinionState, draw_opinion, DRAFT_OPINION);
