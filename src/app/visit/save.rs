//! A visit's writes, all off the screen's thread (issue 19): starting it,
//! saving it as it goes, finishing it (with the customer registered first
//! when their details were typed). The visit stays editable meanwhile and
//! the status line says "saving…", then "waiting for the database" while
//! another process holds it. What could not reach the database when the
//! app stopped is kept as a draft (in the drafts folder when the database
//! is held) and put back into the visit at the next start.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::{Choice, DRAFT_KIND, Row, Saved, Text, VisitState};
use crate::app::fault::{Trouble, trouble};
use crate::app::visits;
use crate::app::{App, Ctx, DraftOf, Effect, autosave};
use crate::domain::customer::{Field, Values};
use crate::domain::visit::{FAREWELL, LinkedCustomer, ObjectionKind, Visit};
use crate::store::customers::{self, SaveError};
use crate::store::visits::{self as store, VisitError};
use crate::store::{drafts, rewards, till};

/// Typing is saved at the latest this long after the last save.
const SAVE_EVERY: Duration = Duration::from_secs(2);

/// Starts a new visit (in training, for the scenario `scenario`): the
/// visit is written off the screen's thread, then opened.
pub fn start(cx: &mut Ctx, scenario: Option<String>) {
    let Some(staff) = cx.user_id() else {
        return;
    };
    let mut v = Visit {
        scenario,
        ..Visit::default()
    };
    v.greeting = super::greeting_options_in(cx, &v).remove(0);
    let saved = Saved {
        visit: v,
        texts: BTreeMap::new(),
        focus: Row::Check(0),
        tips_open: cx.env.mode == crate::app::Mode::Training,
        obj_kind: ObjectionKind::Doubt,
        ask_more: false,
    };
    let today = cx.today();
    let json = match serde_json::to_string(&saved) {
        Ok(j) => j,
        Err(e) => return cx.fault(e.into()),
    };
    cx.later(move |app| {
        app.queue_save(
            move |conn| store::start(conn, staff, today, &saved.visit, &json).map(|id| (id, saved)),
            move |app, r| match r {
                Ok((id, saved)) => opened(app, VisitState::from_saved(id, 1, staff, saved)),
                Err(e) => app.fault(e),
            },
        )
    });
}

/// A started visit comes on screen; in place of the scenario cards it was
/// chosen from.
fn opened(app: &mut App, st: VisitState) {
    let over_cards = app.view::<crate::app::practice::PracticeList>().is_some();
    if over_cards {
        app.apply(Effect::Replace(Box::new(st)));
    } else {
        app.apply(Effect::Open(Box::new(st)));
    }
}

impl VisitState {
    /// Reads a saved visit to open exactly as it was left; None when it
    /// is gone or finished.
    pub fn resume(cx: &mut Ctx, id: i64) -> anyhow::Result<Option<VisitState>> {
        let stored = match store::load(&cx.env.conn, id)? {
            Some(s) if !s.finished => s,
            _ => return Ok(None),
        };
        let saved: Saved = serde_json::from_str(&stored.state)?;
        let mut st = VisitState::from_saved(stored.id, stored.version, stored.staff_id, saved);
        super::rerun_searches(&cx.env.conn, &mut st)?;
        st.refresh_offers(cx)?;
        Ok(Some(st))
    }

    /// Hands the visit to the saver if it changed. `with_clock`: before the
    /// screen goes, the time on its step too, queued behind a save on its way.
    pub(super) fn persist(&mut self, cx: &mut Ctx, with_clock: bool) {
        if self.finishing {
            return;
        }
        let clock = with_clock && self.step_started.elapsed() >= Duration::from_secs(1);
        if !self.dirty && !clock {
            return;
        }
        // One save at a time while the visit is worked on; the next one
        // goes when this one is back.
        if self.saving > 0 && !with_clock {
            self.dirty = true;
            return;
        }
        self.flush_clock();
        let saved = self.saved();
        let json = match serde_json::to_string(&saved) {
            Ok(j) => j,
            Err(e) => return cx.fault(e.into()),
        };
        self.dirty = false;
        self.saving += 1;
        self.last_saved = Instant::now();
        let (id, version) = (self.id, self.version.clone());
        // Kept if this save cannot land and the visit has gone meanwhile;
        // the saves before it may have landed.
        let draft = self.draft_payload(&saved, self.saving);
        cx.later(move |app| {
            app.queue_save(
                move |conn| {
                    let v = version.load(Ordering::SeqCst);
                    let r = store::save(conn, id, v, &saved.visit, &json);
                    if let Ok(n) = r {
                        version.store(n, Ordering::SeqCst);
                    }
                    r
                },
                move |app, r| landed(app, id, r, draft),
            )
        });
    }

    /// Every tick: typing is saved a couple of seconds after it happened.
    pub(super) fn save_typing(&mut self, cx: &mut Ctx) {
        if self.dirty && self.saving == 0 && self.last_saved.elapsed() >= SAVE_EVERY {
            self.persist(cx, false);
        }
    }

    fn draft_payload(&self, saved: &Saved, in_flight: u32) -> String {
        let d = VisitDraft {
            version: self.version(),
            in_flight,
            state: saved.clone(),
        };
        serde_json::to_string(&d).unwrap_or_default()
    }

    /// What is not in the database yet, to keep as a draft.
    pub(super) fn unsaved_draft(&self) -> Option<DraftOf> {
        if !self.dirty && self.saving == 0 {
            return None;
        }
        Some(DraftOf {
            kind: DRAFT_KIND,
            subject: self.id,
            payload: self.draft_payload(&self.saved(), self.saving),
        })
    }
}

/// A visit kept as a draft: the version it was last saved at, how many
/// saves were on their way (any may have landed), the visit as left.
#[derive(Serialize, Deserialize)]
struct VisitDraft {
    version: i64,
    in_flight: u32,
    state: Saved,
}

/// A save of visit `id` is back.
fn landed(app: &mut App, id: i64, r: Result<i64, VisitError>, draft: String) {
    let busy = matches!(&r, Err(VisitError::Db(e)) if trouble(e) == Trouble::Busy);
    let mut on_screen = false;
    app.on_view_as::<VisitState>(|s, _| {
        if s.id == id {
            on_screen = true;
            s.saving = s.saving.saturating_sub(1);
            // Held by another process: saved again at the next tick.
            s.dirty |= busy;
        }
        Effect::None
    });
    match r {
        Ok(_) => {}
        Err(VisitError::Conflict { by }) => {
            let who = by.unwrap_or_else(|| app.t("form.someone").to_string());
            let msg = app.env.locale.f("visit.conflict", &[("who", &who)]);
            app.fault(anyhow::anyhow!(msg));
        }
        // Left meanwhile: the autosave keeps it until the database is free.
        Err(VisitError::Db(_)) if busy && !on_screen => keep_as_draft(app, id, draft),
        Err(VisitError::Db(_)) if busy => {}
        Err(VisitError::Db(e)) => app.fault(e),
    }
}

fn keep_as_draft(app: &mut App, id: i64, payload: String) {
    let (Some(staff), Some(w)) = (app.user.as_ref().map(|u| u.id), app.autosave.as_mut()) else {
        return;
    };
    w.submit(autosave::Job {
        staff,
        kind: DRAFT_KIND.to_string(),
        subject: id,
        payload,
    });
}

/// Before the visit on screen goes (another screen, lock, quit, hang-up):
/// its last edits and the time on its step are handed to the saver.
pub fn persist_on_leave(app: &mut App) {
    app.on_view_as::<VisitState>(|s, cx| {
        s.persist(cx, true);
        Effect::None
    });
}

/// Puts visits kept as drafts (a hang-up while the database was held)
/// back into the visits they belong to, and drops the drafts; for one
/// person, or everyone at start. A draft of a visit finished or changed
/// elsewhere since is dropped. Returns how many were put back.
pub fn restore_drafts(
    conn: &mut rusqlite::Connection,
    staff: Option<i64>,
) -> anyhow::Result<usize> {
    let mut n = 0;
    for (who, d) in drafts::of_kind(conn, DRAFT_KIND, staff)? {
        let kept: Option<VisitDraft> = serde_json::from_str(&d.payload).ok();
        if let (Some(kept), Some(stored)) = (kept, store::load(conn, d.subject_id)?) {
            let fits =
                (kept.version..=kept.version + kept.in_flight as i64).contains(&stored.version);
            if !stored.finished && fits {
                let json = serde_json::to_string(&kept.state)?;
                match store::save(conn, stored.id, stored.version, &kept.state.visit, &json) {
                    Ok(_) => n += 1,
                    Err(VisitError::Conflict { .. }) => {}
                    Err(VisitError::Db(e)) => return Err(e),
                }
            }
        }
        drafts::discard(conn, who, DRAFT_KIND, d.subject_id)?;
    }
    Ok(n)
}

/// The values of a new customer file from step 8's fields.
fn registration(st: &VisitState) -> Option<Values> {
    let name = st.text(Text::RegName).trim();
    let phone = st.text(Text::RegPhone).trim();
    if name.is_empty() && phone.is_empty() {
        return None;
    }
    let mut v = Values::new_customer();
    v.set(Field::Name, name);
    v.set(Field::Phone, phone);
    v.set(Field::ReferredBy, st.text(Text::RegReferrer).trim());
    if st.ask_more {
        v.set(Field::Birthday, st.text(Text::RegBirthday).trim());
        v.set(Field::Address, st.text(Text::RegAddress).trim());
    }
    Some(v)
}

/// How a finish sent to the saver came back.
enum Finish {
    Done {
        done: store::Finished,
        visit: Box<Visit>,
    },
    /// The customer's details typed did not pass: (field, code).
    Fields(Vec<(Field, &'static str)>),
    Conflict(Option<String>),
    Failed(anyhow::Error),
}

/// A finish's outcome, and the customer registered on the way (kept on
/// the visit when the finish itself did not go through).
type Finished = (Finish, Option<LinkedCustomer>);

/// What the finish needs from the shop's rules, taken along to the saver.
struct FinishRules {
    today: chrono::NaiveDate,
    rules: crate::domain::after_purchase::Rules,
    festivals: Vec<crate::domain::practices::FestivalGift>,
    birthday_rates: std::collections::BTreeMap<String, u32>,
}

impl VisitState {
    /// F10: registers the customer if their details were typed, then
    /// finishes the visit in one transaction, off the screen's thread; in
    /// training, scores it.
    pub(super) fn finish(&mut self, cx: &mut Ctx) -> Effect {
        if self.finishing {
            let msg = cx.t("saving.still").to_string();
            cx.info(msg);
            return Effect::None;
        }
        if let Err(p) = self.visit.check_finish() {
            self.problem = Some(p.id());
            self.go_to_farewell();
            self.focus = Row::Choice(Choice::Outcome);
            self.dirty = true;
            let msg = cx.t(&format!("visit.problem.{}", p.id())).to_string();
            cx.error(msg);
            self.persist(cx, false);
            return Effect::None;
        }
        let new_customer = self
            .visit
            .customer
            .is_none()
            .then(|| registration(self))
            .flatten();
        self.flush_clock();
        let mut saved = self.saved();
        saved.visit.close_steps();
        self.finishing = true;
        let (id, staff, version) = (self.id, self.staff_id, self.version.clone());
        let p = &cx.env.policy;
        let rules = FinishRules {
            today: cx.today(),
            rules: store::rules(p),
            festivals: p.practices.festival_gifts.clone(),
            birthday_rates: p.till.birthday_discount_percent.clone(),
        };
        cx.later(move |app| {
            app.queue_save(
                move |conn| {
                    let v = version.load(Ordering::SeqCst);
                    finish_in(conn, (id, v, staff), saved, new_customer, &rules)
                },
                move |app, r| finished(app, id, r),
            )
        });
        Effect::None
    }

    fn go_to_farewell(&mut self) {
        if self.visit.current != FAREWELL {
            self.flush_clock();
            self.visit.go_to(FAREWELL, false);
        }
    }
}

/// On the saver's connection: the customer registered, then the sale and
/// the VIP rewards given with it [S1], in one transaction.
fn finish_in(
    conn: &mut rusqlite::Connection,
    (id, version, staff): (i64, i64, i64),
    mut saved: Saved,
    new_customer: Option<Values>,
    r: &FinishRules,
) -> Finished {
    if let Some(values) = new_customer {
        let cid = match customers::create(conn, &values, staff, r.today) {
            Ok(cid) => cid,
            Err(SaveError::Fields(errs)) => {
                let errs = errs.iter().map(|e| (e.field, e.code)).collect();
                return (Finish::Fields(errs), None);
            }
            Err(SaveError::Conflict { .. }) => return (Finish::Conflict(None), None),
            Err(SaveError::Db(e)) => return (Finish::Failed(e), None),
        };
        match linked(conn, cid, r) {
            Ok(Some(c)) => saved.visit.customer = Some(c),
            Ok(None) => {}
            Err(e) => return (Finish::Failed(e), None),
        }
        for t in Text::ALL.into_iter().filter(|t| t.field().is_some()) {
            saved.texts.remove(&t);
        }
    }
    let customer = saved.visit.customer.clone();
    let json = match serde_json::to_string(&saved) {
        Ok(j) => j,
        Err(e) => return (Finish::Failed(e.into()), customer),
    };
    let result = (|| -> Result<store::Finished, VisitError> {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let done = store::finish_in(
            &tx,
            (id, version),
            &saved.visit,
            &json,
            staff,
            r.today,
            &r.rules,
        )?;
        let given = rewards::Given {
            visit_id: Some(id),
            customer: saved.visit.customer.as_ref().map(|c| c.id),
            staff_id: staff,
            on: r.today,
            makeup: saved.visit.makeup,
            gifts: &saved.visit.gifts,
        };
        rewards::record_in(&tx, &given, &r.festivals)?;
        tx.commit()?;
        Ok(done)
    })();
    let finish = match result {
        Ok(done) => Finish::Done {
            done,
            visit: Box::new(saved.visit),
        },
        Err(VisitError::Conflict { by }) => Finish::Conflict(by),
        Err(VisitError::Db(e)) => Finish::Failed(e),
    };
    (finish, customer)
}

/// The customer a visit is linked to, as the visit keeps them.
pub(super) fn linked_customer(
    conn: &rusqlite::Connection,
    id: i64,
    today: chrono::NaiveDate,
    rates: &std::collections::BTreeMap<String, u32>,
) -> anyhow::Result<Option<LinkedCustomer>> {
    let Some((name, last_seen)) = store::customer_brief(conn, id)? else {
        return Ok(None);
    };
    let birthday_percent = till::birthday_percent(conn, id, today, rates)?;
    Ok(Some(LinkedCustomer {
        id,
        name,
        last_seen,
        birthday_percent,
    }))
}

fn linked(
    conn: &rusqlite::Connection,
    id: i64,
    r: &FinishRules,
) -> anyhow::Result<Option<LinkedCustomer>> {
    linked_customer(conn, id, r.today, &r.birthday_rates)
}

/// The finish is back: the visit leaves the screen (the scorecard after a
/// practised one), or says what stopped it and stays to be put right.
fn finished(app: &mut App, id: i64, (r, customer): Finished) {
    let here = app.view::<VisitState>().is_some_and(|s| s.id == id);
    if here && let Some(s) = app.view_mut::<VisitState>() {
        s.finishing = false;
        // A customer registered on the way stays linked to the visit.
        if s.visit.customer.is_none() && customer.is_some() && !matches!(r, Finish::Done { .. }) {
            s.visit.customer = customer;
            s.dirty = true;
        }
    }
    match r {
        Finish::Done { done, visit } => {
            let loc = &app.env.locale;
            let paid = done.paid_fen.unwrap_or(visit.basket().total_fen);
            let msg = match &done.receipt_no {
                Some(r) => loc.f(
                    "visit.finished_bought",
                    &[("receipt", r), ("total", &loc.money(paid))],
                ),
                None => loc.t("visit.finished_not_bought").to_string(),
            };
            if here {
                let next = if visit.scenario.is_some() {
                    let card = app.with_ctx(|cx| visits::scorecard(cx, &visit));
                    Effect::Replace(Box::new(card))
                } else {
                    Effect::Back
                };
                app.apply(next);
            }
            app.info(msg);
        }
        Finish::Fields(errs) => {
            let to_text = |f: Field| Text::ALL.into_iter().find(|t| t.field() == Some(f));
            app.on_view_as::<VisitState>(|s, cx| {
                if s.id == id {
                    s.reg_errors = errs
                        .iter()
                        .filter_map(|(f, code)| to_text(*f).map(|t| (t, *code)))
                        .collect();
                    s.go_to_farewell();
                    if let Some((t, _)) = s.reg_errors.first() {
                        s.focus = Row::Text(*t);
                    }
                    s.dirty = true;
                    let msg = cx.t("visit.check_customer").to_string();
                    cx.error(msg);
                }
                Effect::None
            });
        }
        Finish::Conflict(by) => {
            let who = by.unwrap_or_else(|| app.t("form.someone").to_string());
            let msg = app.env.locale.f("visit.conflict", &[("who", &who)]);
            app.error(msg);
        }
        Finish::Failed(e) => app.fault(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(need: &str) -> Saved {
        Saved {
            visit: Visit {
                need: need.into(),
                ..Visit::default()
            },
            texts: BTreeMap::new(),
            focus: Row::Check(0),
            tips_open: false,
            obj_kind: ObjectionKind::Doubt,
            ask_more: false,
        }
    }

    fn kept(conn: &mut rusqlite::Connection, staff: i64, id: i64, version: i64, in_flight: u32) {
        let d = VisitDraft {
            version,
            in_flight,
            state: saved("kept at the hang-up"),
        };
        let payload = serde_json::to_string(&d).unwrap();
        drafts::save(conn, staff, DRAFT_KIND, id, &payload).unwrap();
    }

    fn need(conn: &rusqlite::Connection, id: i64) -> String {
        let s: Saved =
            serde_json::from_str(&store::load(conn, id).unwrap().unwrap().state).unwrap();
        s.visit.need
    }

    #[test]
    fn a_kept_visit_goes_back_into_its_visit_once_unless_it_changed_elsewhere() {
        let mut conn = crate::store::open_in_memory().unwrap();
        let me =
            crate::store::staff::add(&conn, "王芳", crate::domain::staff::Role::Associate, "x")
                .unwrap();
        let on = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let s = saved("");
        let json = serde_json::to_string(&s).unwrap();
        let a = store::start(&mut conn, me, on, &s.visit, &json).unwrap();
        let b = store::start(&mut conn, me, on, &s.visit, &json).unwrap();
        // Visit a: kept at version 1, a save on its way that landed after all.
        store::save(&mut conn, a, 1, &s.visit, &json).unwrap();
        kept(&mut conn, me, a, 1, 1);
        // Visit b: kept at version 1, then changed by another session.
        store::save(&mut conn, b, 1, &s.visit, &json).unwrap();
        kept(&mut conn, me, b, 1, 0);
        assert_eq!(restore_drafts(&mut conn, None).unwrap(), 1);
        assert_eq!(need(&conn, a), "kept at the hang-up");
        assert_eq!(need(&conn, b), "");
        assert!(drafts::latest(&conn, me).unwrap().is_none());
        assert_eq!(restore_drafts(&mut conn, Some(me)).unwrap(), 0);
    }
}
