//! A customer's file: every field, completeness, tier and purchases.
//! Opening it shows the full phone number, and that view is audited.

use anyhow::{Result, anyhow};
use rusqlite::Connection;

use super::{Action, App, Ctx, DialogKind, Effect, HitMap, Overlay, View, form};
use crate::domain::customer::Field;
use crate::keymap::Context;
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
    fn load(conn: &Connection, id: i64) -> Result<FileState> {
        let customer =
            customers::get(conn, id)?.ok_or_else(|| anyhow!("customer {id} not found"))?;
        let history = purchases::history(conn, id, 200)?;
        let entitlements = care::for_customer(conn, id)?;
        let jobs = crate::store::repairs::for_customer(conn, id)?;
        let standing = crate::store::vip::standing(conn, id)?;
        let contacts = crate::store::tasks::contacts(
            conn,
            crate::store::tasks::LogOf::Customer(id),
            CONTACTS_SHOWN,
        )?;
        let rewards = crate::store::rewards::for_customer(conn, id, CONTACTS_SHOWN)?;
        let feedback = crate::store::feedback::for_customer(conn, id, CONTACTS_SHOWN)?;
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

    /// Reads the file again, keeping where it was scrolled to.
    pub fn read_again(&mut self, conn: &Connection) -> Result<()> {
        let scroll = self.scroll;
        *self = FileState::load(conn, self.customer.id)?;
        self.scroll = scroll;
        Ok(())
    }

    /// Reads a customer's file; the phone view goes to the audit log on the
    /// saving worker (with a hundred tablets busy, a write here could wait
    /// for the database on the screen's thread; it is the app's own work, so
    /// it never holds a person's save back, and a hang-up waits for it).
    pub fn open(cx: &mut Ctx, id: i64) -> Result<FileState> {
        let staff = cx.user_id().unwrap_or_default();
        let f = FileState::load(&cx.env.conn, id)?;
        if f.customer.erased_at.is_none() {
            cx.later(move |app| {
                app.queue_save(
                    move |conn| customers::log_phone_view(conn, id, staff),
                    |app, r| {
                        if let Err(e) = r {
                            app.fault(e);
                        }
                    },
                )
            });
        }
        Ok(f)
    }

    fn name(&self) -> String {
        self.customer.values.get(Field::Name).to_string()
    }

    fn erased(&self) -> bool {
        self.customer.erased_at.is_some()
    }
}

/// Opens a customer's file over the screen that asked (see [`FileState::open`]).
pub fn open_file(cx: &mut Ctx, id: i64) -> Effect {
    match FileState::open(cx, id) {
        Ok(f) => Effect::Open(Box::new(f)),
        Err(e) => Effect::Fault(e),
    }
}

/// Opens a customer's file from the whole app (a dialog, a save's end, a
/// screen not yet in the one shape).
pub fn open(app: &mut App, id: i64) {
    let effect = app.with_ctx(|cx| open_file(cx, id));
    app.apply(effect);
}

impl View for FileState {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::CustomerFile]
    }

    fn hints(&self, app: &App) -> Vec<Action> {
        let mut v = vec![
            Action::Edit,
            Action::Intake,
            Action::Care,
            Action::JoinClub,
            Action::Back,
        ];
        if app.is_manager() {
            v.push(Action::Erase);
        }
        v.push(Action::VipCard);
        v
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        app: &App,
        _hits: &mut HitMap,
    ) {
        crate::ui::file::draw(frame, area, app, self)
    }

    fn reload(&mut self, cx: &mut Ctx) -> Result<()> {
        self.read_again(&cx.env.conn)
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        match action {
            Action::Up | Action::ScrollUp => self.scroll = self.scroll.saturating_sub(1),
            Action::Down | Action::ScrollDown => self.scroll = self.scroll.saturating_add(1),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Action::PageDown => self.scroll = self.scroll.saturating_add(10),
            Action::First => self.scroll = 0,
            Action::Back => return Effect::Back,
            Action::Edit | Action::Select => {
                if self.erased() {
                    let msg = cx.t("file.erased_no_edit").to_string();
                    cx.error(msg);
                    return Effect::None;
                }
                let form = form::FormState::edit(&self.customer, &cx.env.policy);
                return Effect::Open(Box::new(form));
            }
            Action::Erase => self.ask_erase(cx),
            Action::Intake if !self.erased() => {
                let f = super::repair_form::RepairForm::for_customer(cx, &self.customer);
                return Effect::Open(Box::new(f));
            }
            Action::Care => self.use_care(cx),
            Action::VipCard => super::vip_card::ask(cx, &self.customer),
            Action::Export if !self.erased() => {
                super::access::ask(cx, self.customer.id, self.name());
            }
            Action::JoinClub if !self.erased() => self.ask_join(cx),
            Action::Refresh => match FileState::load(&cx.env.conn, self.customer.id) {
                Ok(fresh) => *self = fresh,
                Err(e) => return Effect::Fault(e),
            },
            _ => {}
        }
        Effect::None
    }
}

impl FileState {
    fn ask_erase(&self, cx: &mut Ctx) {
        if !cx.is_manager() {
            let msg = cx.t("erase.managers_only").to_string();
            return cx.error(msg);
        }
        if self.erased() {
            return;
        }
        *cx.overlay = Some(Overlay::dialog(
            DialogKind::Erase {
                customer_id: self.customer.id,
                name: self.name(),
                reason: None,
            },
            // The reason must be typed, so Enter after it confirms; Esc cancels.
            0,
            Some(super::input::TextField::new("", 200)),
        ));
    }

    fn ask_join(&self, cx: &mut Ctx) {
        if self
            .standing
            .as_ref()
            .is_some_and(|s| s.club_since.is_some())
        {
            let msg = cx.t("vip.already_member").to_string();
            return cx.error(msg);
        }
        *cx.overlay = Some(Overlay::dialog(
            DialogKind::JoinClub {
                customer_id: self.customer.id,
                name: self.name(),
            },
            0,
            None,
        ));
    }

    /// Uses the oldest usable care entitlement: its care job starts.
    fn use_care(&self, cx: &mut Ctx) {
        let today = cx.today();
        let staff = cx.user_id().unwrap_or_default();
        let Some(e) = self
            .entitlements
            .iter()
            .rev()
            .find(|e| e.usable(today))
            .cloned()
        else {
            let msg = cx.t("entitlement.nothing_left").to_string();
            return cx.error(msg);
        };
        let first = cx
            .env
            .policy
            .care_jobs
            .stages(&e.kind)
            .first()
            .cloned()
            .unwrap_or_default();
        let customer_id = e.customer_id;
        // Off the screen's thread, like every save.
        cx.save(
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
}

/// The customer pays the club fee and joins (audited); the file shows it.
fn join(customer_id: i64, name: &str, cx: &mut Ctx) {
    let staff = cx.user_id().unwrap_or_default();
    let fee = cx.env.policy.customers.club_fee_fen;
    let today = cx.today();
    let name = name.to_string();
    cx.save(
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

/// Reads the file again if it is still the one on screen (a save done off
/// the screen's thread may come back after the person moved on).
fn reload_if_open(app: &mut App, customer_id: i64) -> Result<()> {
    let mut r = Ok(());
    app.on_view_as::<FileState>(|f, cx| {
        if f.customer.id == customer_id {
            r = f.read_again(&cx.env.conn);
        }
        Effect::None
    });
    r
}

/// The answer to "join the club?": the fee is taken and the file shows it.
pub fn join_club(app: &mut App, customer_id: i64, name: &str) {
    app.with_ctx(|cx| join(customer_id, name, cx));
    app.apply(Effect::None);
}
