//! A customer's opinion or suggestion written straight into the quality
//! callback / customer opinion register, for a department; a suggestion
//! worth keeping is marked so.

use anyhow::Result;

use super::fields::{Fields, Fld, Handled};
use super::intake::customer_of;
use super::view;
use super::{
    DRAFT_OPINION, DraftPayload, Options, View, channel_options, department_options, error_text,
    now_utc, staff_id, with_unset, yes_no_options,
};
use crate::app::{Action, App};
use crate::store::complaints::opinions::{self, NewOpinion, OpinionKind};
use crate::store::complaints::{self as store, Caller};

pub const TEXT_MAX: usize = 300;

pub struct OpinionState {
    pub fields: Fields,
    pub caller: Option<Caller>,
}

fn kind_options(app: &App) -> Options {
    [
        OpinionKind::Opinion,
        OpinionKind::Suggestion,
        OpinionKind::QualityCallback,
    ]
    .iter()
    .map(|k| {
        (
            k.id().to_string(),
            app.t(&format!("complaints.opinion_kind.{}", k.id()))
                .to_string(),
        )
    })
    .collect()
}

impl OpinionState {
    pub fn new(app: &App) -> OpinionState {
        let t = |k: &str| app.t(k).to_string();
        let mut fields = Fields::new(vec![
            Fld::choice("kind", t("complaints.field.kind"), kind_options(app)),
            Fld::choice(
                "channel",
                t("complaints.field.channel"),
                channel_options(app),
            ),
            Fld::text("phone", t("complaints.field.phone"), "", 30),
            Fld::text("name", t("complaints.field.name"), "", 40),
            Fld::text("product", t("complaints.field.product"), "", 80),
            Fld::choice(
                "department",
                t("complaints.field.department"),
                with_unset(department_options(app)),
            ),
            Fld::text("text", t("complaints.field.opinion"), "", TEXT_MAX),
            Fld::choice(
                "keep",
                t("complaints.field.worth_keeping"),
                yes_no_options(app),
            ),
        ]);
        fields.set_choice("channel", "in_store");
        fields.set_note("phone", Some(t("complaints.hint.survey_phone")));
        OpinionState {
            fields,
            caller: None,
        }
    }

    pub fn resume(app: &App, p: &DraftPayload) -> Result<OpinionState> {
        let mut s = OpinionState::new(app);
        s.fields.restore(&p.form);
        s.on_phone(app)?;
        Ok(s)
    }

    pub fn draft(&self) -> DraftPayload {
        DraftPayload {
            form: self.fields.save(),
            extra: serde_json::Value::Null,
        }
    }

    fn on_phone(&mut self, app: &App) -> Result<()> {
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
}

pub fn open_new(app: &mut App) {
    let s = OpinionState::new(app);
    super::open(app, View::Opinion(Box::new(s)));
}

pub fn update(app: &mut App, action: Action) {
    let Some(s) = view!(app, Opinion) else {
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
            OpinionState {
                fields: Fields::default(),
                caller: None,
            },
        );
        let r = owned.on_phone(app);
        if let Some(slot) = view!(app, Opinion) {
            **slot = owned;
        }
        if let Err(e) = r {
            app.fault(e);
        }
    }
}

fn save(app: &mut App) {
    let Some(s) = view!(app, Opinion) else {
        return;
    };
    s.fields.clear_errors();
    let text = crate::domain::text::clean(s.fields.text("text"), TEXT_MAX);
    let phone = s.fields.text("phone").trim().to_string();
    let name = s.fields.text("name").trim().to_string();
    let mut problems = Vec::new();
    if text.is_empty() {
        problems.push(("text", error_text(&app.env.locale, "required")));
    }
    if s.caller.is_none() && !phone.is_empty() && name.is_empty() {
        problems.push(("name", error_text(&app.env.locale, "name_for_new")));
    }
    if !problems.is_empty() {
        return super::refuse(app, problems);
    }
    let caller = s.caller.clone();
    let kind = OpinionKind::from_id(s.fields.choice("kind")).unwrap_or(OpinionKind::Opinion);
    let channel = s.fields.choice("channel").to_string();
    let product = crate::domain::text::clean(s.fields.text("product"), 80);
    let department = s.fields.choice("department").to_string();
    let keep = s.fields.choice("keep") == "yes";
    let customer = if phone.is_empty() {
        None
    } else {
        match customer_of(app, caller.as_ref(), &phone, &name) {
            Ok(Some(id)) => Some(id),
            Ok(None) => return,
            Err(msgs) => return super::refuse(app, msgs),
        }
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
        staff_id: Some(staff_id(app)),
        noted_on: app.today(),
        noted_at: now_utc(app),
    };
    match crate::store::write(&mut app.env.conn, |tx| opinions::add(tx, &o)) {
        Ok(_) => {
            super::saved(app, DRAFT_OPINION);
            app.back();
            let msg = app.t("complaints.opinion_saved").to_string();
            app.info(msg);
        }
        Err(e) => app.fault(e),
    }
}
