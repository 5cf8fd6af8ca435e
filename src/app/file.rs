//! A customer's file: every field, completeness, tier and purchases.
//! Opening it shows the full phone number, and that view is audited.

use anyhow::{Result, anyhow};

use super::{Action, App, DialogKind, Overlay, Screen, form};
use crate::store::care::{self, CareError, Entitlement};
use crate::store::customers::{self, Customer};
use crate::store::purchases::{self, HistoryLine};

/// Contacts listed on the file, newest first.
const CONTACTS_SHOWN: usize = 20;

pub struct FileState {
    pub customer: Customer,
    pub history: Vec<HistoryLine>,
    pub entitlements: Vec<Entitlement>,
    pub jobs: Vec<crate::store::repairs::Job>,
    /// Tier, club and the figures the segment is read from.
    pub standing: Option<crate::store::vip::Standing>,
    /// The latest contacts with the customer (callbacks, greetings, thanks).
    pub contacts: Vec<crate::store::tasks::ContactRow>,
    /// VIP rewards given at checkout (make-up service, gifts), newest first.
    pub rewards: Vec<crate::store::rewards::RewardRow>,
    /// Answers passed to the region or head office, and suggestions given.
    pub feedback: Vec<crate::store::feedback::FeedbackRow>,
    pub scroll: u16,
}

impl FileState {
    fn load(app: &App, id: i64) -> Result<FileState> {
        let customer =
            customers::get(&app.env.conn, id)?.ok_or_else(|| anyhow!("customer {id} not found"))?;
        let history = purchases::history(&app.env.conn, id, 200)?;
        let entitlements = care::for_customer(&app.env.conn, id)?;
        let jobs = crate::store::repairs::for_customer(&app.env.conn, id)?;
        let standing = crate::store::vip::standing(&app.env.conn, id)?;
        let contacts = crate::store::tasks::contacts(
            &app.env.conn,
            crate::store::tasks::LogOf::Customer(id),
            CONTACTS_SHOWN,
        )?;
        let rewards = crate::store::rewards::for_customer(&app.env.conn, id, CONTACTS_SHOWN)?;
        let feedback = crate::store::feedback::for_customer(&app.env.conn, id, CONTACTS_SHOWN)?;
        Ok(FileState {
            customer,
            history,
            entitlements,
            jobs,
            standing,
            contacts,
            rewards,
            feedback,
            scroll: 0,
        })
    }

    pub fn reload(&mut self, app: &App) -> Result<()> {
        let fresh = FileState::load(app, self.customer.id)?;
        self.customer = fresh.customer;
        self.history = fresh.history;
        self.entitlements = fresh.entitlements;
        self.jobs = fresh.jobs;
        self.standing = fresh.standing;
        self.contacts = fresh.contacts;
        self.rewards = fresh.rewards;
        self.feedback = fresh.feedback;
        Ok(())
    }
}

/// Opens a customer's file, writing the phone view to the audit log.
pub fn open(app: &mut App, id: i64) {
    let staff = app.user.as_ref().map(|u| u.id).unwrap_or_default();
    let result = FileState::load(app, id).and_then(|f| {
        if f.customer.erased_at.is_none() {
            customers::log_phone_view(&mut app.env.conn, id, staff)?;
        }
        Ok(f)
    });
    match result {
        Ok(f) => app.open(Screen::File(Box::new(f))),
        Err(e) => app.fault(e),
    }
}

pub fn update(app: &mut App, action: Action) {
    let manager = app.is_manager();
    let Screen::File(f) = &mut app.screen else {
        return;
    };
    match action {
        Action::Up | Action::ScrollUp => f.scroll = f.scroll.saturating_sub(1),
        Action::Down | Action::ScrollDown => f.scroll = f.scroll.saturating_add(1),
        Action::PageUp => f.scroll = f.scroll.saturating_sub(10),
        Action::PageDown => f.scroll = f.scroll.saturating_add(10),
        Action::First => f.scroll = 0,
        Action::Back => app.back(),
        Action::Edit | Action::Select => {
            if f.customer.erased_at.is_some() {
                let msg = app.t("file.erased_no_edit").to_string();
                return app.error(msg);
            }
            let form = form::FormState::edit(&f.customer, &app.env.policy);
            app.open(Screen::Form(form));
        }
        Action::Erase => {
            if !manager {
                let msg = app.t("erase.managers_only").to_string();
                return app.error(msg);
            }
            if f.customer.erased_at.is_some() {
                return;
            }
            let name = f
                .customer
                .values
                .get(crate::domain::customer::Field::Name)
                .to_string();
            app.overlay = Some(Overlay::dialog(
                DialogKind::Erase {
                    customer_id: f.customer.id,
                    name,
                    reason: None,
                },
                // The reason must be typed, so Enter after it confirms; Esc cancels.
                0,
                Some(super::input::TextField::new("", 200)),
            ));
        }
        Action::Intake if f.customer.erased_at.is_none() => {
            let c = f.customer.clone();
            super::repair_form::open_for_customer(app, &c);
        }
        Action::Care => use_care(app),
        Action::VipCard => super::vip_card::ask(app),
        Action::Export if f.customer.erased_at.is_none() => {
            let (id, name) = (
                f.customer.id,
                f.customer
                    .values
                    .get(crate::domain::customer::Field::Name)
                    .to_string(),
            );
            super::access::ask(app, id, name);
        }
        Action::JoinClub if f.customer.erased_at.is_none() => {
            if f.standing.as_ref().is_some_and(|s| s.club_since.is_some()) {
                let msg = app.t("vip.already_member").to_string();
                return app.error(msg);
            }
            let name = f
                .customer
                .values
                .get(crate::domain::customer::Field::Name)
                .to_string();
            app.overlay = Some(Overlay::dialog(
                DialogKind::JoinClub {
                    customer_id: f.customer.id,
                    name,
                },
                0,
                None,
            ));
        }
        Action::Refresh => {
            let id = f.customer.id;
            match FileState::load(app, id) {
                Ok(fresh) => app.replace(Screen::File(Box::new(fresh))),
                Err(e) => app.fault(e),
            }
        }
        _ => {}
    }
}

/// Uses the oldest usable care entitlement: its care job starts.
fn use_care(app: &mut App) {
    let today = app.today();
    let staff = app.user.as_ref().map(|u| u.id).unwrap_or_default();
    let Screen::File(f) = &app.screen else { return };
    let Some(e) = f
        .entitlements
        .iter()
        .rev()
        .find(|e| e.usable(today))
        .cloned()
    else {
        let msg = app.t("entitlement.nothing_left").to_string();
        return app.error(msg);
    };
    let first = app
        .env
        .policy
        .care_jobs
        .stages(&e.kind)
        .first()
        .cloned()
        .unwrap_or_default();
    let customer_id = e.customer_id;
    // Off the screen's thread, like every save.
    app.save_in_background(
        move |conn| care::redeem(conn, e.id, &first, staff, today).map(|(_, no)| (no, e.kind)),
        move |app, result| match result {
            Ok((no, kind)) => {
                let kind = app.t(&format!("care_kind.{kind}")).to_string();
                let msg = app
                    .env
                    .locale
                    .f("entitlement.started", &[("no", &no), ("kind", &kind)]);
                if let Err(e) = reload_if_open(app, customer_id) {
                    return app.fault(e);
                }
                app.info(msg);
            }
            Err(CareError::Refused(code)) => {
                let msg = app.t(&format!("desk.{code}")).to_string();
                app.error(msg);
            }
            Err(CareError::Db(e)) => app.fault(e),
        },
    );
}

/// Reads the file again if it is still the one on screen (a save done off
/// the screen's thread may come back after the person moved on).
fn reload_if_open(app: &mut App, customer_id: i64) -> anyhow::Result<()> {
    if let Screen::File(f) = &mut app.screen
        && f.customer.id == customer_id
    {
        let mut fresh = std::mem::replace(f, Box::new(stand_in(f)));
        let r = fresh.reload(app);
        app.screen = Screen::File(fresh);
        r?;
    }
    Ok(())
}

/// A copy of the page, to move the real one out while it is re-read.
fn stand_in(f: &FileState) -> FileState {
    FileState {
        customer: f.customer.clone(),
        history: Vec::new(),
        entitlements: Vec::new(),
        jobs: Vec::new(),
        standing: f.standing.clone(),
        contacts: Vec::new(),
        rewards: Vec::new(),
        feedback: Vec::new(),
        scroll: f.scroll,
    }
}

/// The customer pays the club fee and joins (audited); the file shows it.
pub fn join_club(app: &mut App, customer_id: i64, name: &str) {
    let staff = app.user.as_ref().map(|u| u.id).unwrap_or_default();
    let fee = app.env.policy.customers.club_fee_fen;
    let today = app.today();
    let name = name.to_string();
    app.save_in_background(
        move |conn| crate::store::vip::join_by_fee(conn, customer_id, staff, today, fee),
        move |app, result| match result {
            Ok(Ok(())) => {
                if let Err(e) = reload_if_open(app, customer_id) {
                    return app.fault(e);
                }
                let msg = app.env.locale.f("vip.joined", &[("name", &name)]);
                app.info(msg);
            }
            Ok(Err(_)) => {
                let msg = app.t("vip.already_member").to_string();
                app.error(msg);
            }
            Err(e) => app.fault(e),
        },
    );
}
