//! Saving a repair intake: the form checked, then off the screen's thread
//! the owner's file (found or made) and the job; the job's page opens with
//! its goods receipts written.

use chrono::NaiveDate;

use super::{RFIELDS, RField, RepairForm, is_paid};
use crate::app::desk::{JobState, write_receipts};
use crate::app::{App, Ctx, Effect};
use crate::domain::aftersale::Decision;
use crate::domain::customer::{Field, FieldError, phone_digits};
use crate::domain::text;
use crate::store::repairs::{self, Intake, Owner};

/// Why an intake did not go in: the new owner's name or phone did not
/// pass, or the database failed.
enum IntakeError {
    Owner(Vec<FieldError>),
    Db(anyhow::Error),
}

/// Parses yuan as typed ("120", "120.5", "¥120.50") into fen.
pub fn parse_fen(s: &str) -> Option<i64> {
    let s = s.trim().trim_start_matches('¥').replace(',', "");
    if s.is_empty() {
        return None;
    }
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if frac.len() > 2
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || whole.is_empty()
    {
        return None;
    }
    let frac = format!("{frac:0<2}");
    Some(whole.parse::<i64>().ok()?.checked_mul(100)? + frac.parse::<i64>().ok()?)
}

impl RepairForm {
    /// What does not pass on the form, in the order of its fields.
    fn check(&self, today: NaiveDate) -> Vec<(RField, &'static str)> {
        let mut errors = Vec::new();
        if text::clean(self.text(RField::Name), 60).is_empty() {
            errors.push((RField::Name, "required"));
        }
        if !crate::shop_data::phones::check(&text::clean(self.text(RField::Phone), 32)) {
            errors.push((RField::Phone, "phone"));
        }
        if text::clean(self.text(RField::Item), 60).is_empty() {
            errors.push((RField::Item, "required"));
        }
        let purchased_on = self.purchased_on();
        match purchased_on {
            None => errors.push((RField::PurchasedOn, "date_ymd")),
            Some(d) if d > today => errors.push((RField::PurchasedOn, "date_future")),
            _ => {}
        }
        match self.promised_on() {
            None => errors.push((RField::PromisedOn, "date_ymd")),
            Some(d) if d < today => errors.push((RField::PromisedOn, "date_past")),
            _ => {}
        }
        let paid = is_paid(self);
        let fee = parse_fen(self.text(RField::Fee));
        if paid && fee.is_none_or(|x| x <= 0) {
            errors.push((RField::Fee, "fee_needed"));
        }
        if !paid && !self.text(RField::Fee).trim().is_empty() && fee != Some(0) {
            errors.push((RField::Fee, "fee_free"));
        }
        if self.ruling.is_none() && purchased_on.is_some() {
            errors.push((RField::Problem, "no_decision"));
        }
        let order = |x: &RField| RFIELDS.iter().position(|y| y == x).unwrap_or(0);
        errors.sort_by_key(|(x, _)| order(x));
        errors
    }

    fn promised_on(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.text(RField::PromisedOn).trim(), "%Y-%m-%d").ok()
    }

    /// The intake as it goes in the register (the form has passed its check).
    fn intake(&self, today: NaiveDate) -> Option<Intake> {
        let ruling = self.ruling.as_ref()?;
        let decision = if ruling.decision == Decision::Refused {
            "paid_repair".to_string()
        } else {
            ruling.decision.as_str().to_string()
        };
        let rules: Vec<String> = ruling.rules().iter().map(|x| format!("{x:?}")).collect();
        let paid = is_paid(self);
        let fee = parse_fen(self.text(RField::Fee));
        Some(Intake {
            customer_id: self.customer_id,
            purchase_line_id: self.line_id,
            contact_name: text::clean(self.text(RField::Name), 60),
            contact_phone: text::clean(self.text(RField::Phone), 32),
            address: text::clean(self.text(RField::Address), 200),
            style_no: text::clean(self.text(RField::StyleNo), 40),
            item: text::clean(self.text(RField::Item), 60),
            category: self.category().as_str().into(),
            purchased_on: self.purchased_on(),
            problem: self.problem().as_str().into(),
            symptoms: text::clean(self.text(RField::Symptoms), 200),
            decision,
            rules: rules.join(","),
            reason: self.reason_text.clone(),
            fee_fen: if paid { fee.unwrap_or(0) } else { 0 },
            received_on: today,
            promised_on: self.promised_on()?,
        })
    }

    /// Checks the form and, when it passes, takes the job in off the
    /// screen's thread.
    pub(super) fn save(&mut self, cx: &mut Ctx) {
        let staff = cx.user_id().unwrap_or_default();
        let today = cx.today();
        let errors = self.check(today);
        if let Some((first, _)) = errors.first() {
            self.focus = RFIELDS.iter().position(|y| y == first).unwrap_or(0);
            self.errors = errors;
            let msg = cx.t("desk.check_fields").to_string();
            return cx.error(msg);
        }
        let Some(mut intake) = self.intake(today) else {
            return;
        };
        let known_owner = self.customer_id;
        // Off the screen's thread: the owner's file (found or made) and the job.
        cx.save(
            move |conn| {
                let owner = match known_owner {
                    Some(id) => id,
                    None => owner_in(
                        conn,
                        &intake.contact_name,
                        &intake.contact_phone,
                        staff,
                        today,
                    )?,
                };
                intake.customer_id = Some(owner);
                repairs::intake(conn, &intake, staff).map_err(IntakeError::Db)
            },
            taken_in,
        );
    }

    /// The owner's name or phone did not pass: marked on the form.
    fn owner_refused(&mut self, errs: Vec<FieldError>, cx: &mut Ctx) -> Effect {
        for e in errs {
            let at = if e.field == Field::Phone {
                RField::Phone
            } else {
                RField::Name
            };
            self.errors.push((at, e.code));
        }
        self.focus = RFIELDS
            .iter()
            .position(|x| *x == RField::Phone)
            .unwrap_or(1);
        let msg = cx.t("desk.check_fields").to_string();
        cx.error(msg);
        Effect::None
    }
}

/// The job's owner: the file found by phone or name, else a new file made
/// from the name and phone typed. On the saver's connection.
fn owner_in(
    conn: &mut rusqlite::Connection,
    name: &str,
    phone: &str,
    staff: i64,
    today: NaiveDate,
) -> Result<i64, IntakeError> {
    use crate::store::customers::SaveError;
    match repairs::find_owner(conn, name, &phone_digits(phone)).map_err(IntakeError::Db)? {
        Owner::ByPhone { id, .. } | Owner::ByName { id, .. } => Ok(id),
        Owner::New => {
            let mut v = crate::domain::customer::Values::new_customer();
            v.set(Field::Name, name);
            v.set(Field::Phone, phone);
            match crate::store::customers::create(conn, &v, staff, today) {
                Ok(id) => Ok(id),
                Err(SaveError::Fields(errs)) => Err(IntakeError::Owner(errs)),
                Err(SaveError::Db(e)) => Err(IntakeError::Db(e)),
                Err(e) => Err(IntakeError::Db(anyhow::anyhow!("{e:?}"))),
            }
        }
    }
}

/// After the intake: the job opens and its receipts are written.
fn taken_in(app: &mut App, result: Result<(i64, String), IntakeError>) {
    let (id, no) = match result {
        Ok(r) => r,
        Err(IntakeError::Owner(errs)) => {
            if app.screen.is::<RepairForm>() {
                app.on_view_as::<RepairForm>(|f, cx| f.owner_refused(errs, cx));
            } else {
                let msg = app.t("desk.check_fields").to_string();
                app.error(msg);
            }
            return;
        }
        Err(IntakeError::Db(e)) => return app.fault(e),
    };
    if app.screen.is::<RepairForm>() {
        app.back();
    }
    let effect = app.with_ctx(|cx| {
        let mut j = match JobState::load(cx, id) {
            Ok(j) => j,
            Err(e) => return Effect::Fault(e),
        };
        match write_receipts(cx.env, cx.shop_name, &j.job) {
            Ok(files) => {
                let msg = cx
                    .env
                    .locale
                    .f("desk.taken_in", &[("no", &no), ("path", &files.0)]);
                j.receipt_files = Some(files);
                cx.info(msg);
            }
            Err(e) => cx.fault(e),
        }
        Effect::Open(Box::new(j))
    });
    app.apply(effect);
}

#[cfg(test)]
mod tests {
    use super::parse_fen;

    #[test]
    fn yuan_are_read_into_fen() {
        assert_eq!(parse_fen("120"), Some(12000));
        assert_eq!(parse_fen("120.5"), Some(12050));
        assert_eq!(parse_fen("¥1,234.56"), Some(123456));
        assert_eq!(parse_fen("12.345"), None);
        assert_eq!(parse_fen("abc"), None);
        assert_eq!(parse_fen(""), None);
        assert_eq!(parse_fen(".5"), None);
    }
}
