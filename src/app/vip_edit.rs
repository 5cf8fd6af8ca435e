//! The VIP screen's gatherings tab and its forms: plan a gathering, build
//! its invitation list, record RSVPs and attendance, make a campaign.

use anyhow::Result;
use chrono::Duration;

use super::vip::{Next, VipState, moved_in, read_again};
use super::vip_forms::{Field, Form, Purpose};
use super::{Action, Ctx, Effect};
use crate::domain::segments::Segment;
use crate::store::campaigns::{self, Kind, Refusal};
use crate::store::gatherings::{self, NewGathering};
use crate::store::vip::{self, Group};

fn manager_only(cx: &mut Ctx) -> bool {
    if cx.is_manager() {
        return false;
    }
    let msg = cx.t("vip.managers_only").to_string();
    cx.error(msg);
    true
}

fn staff(cx: &Ctx) -> i64 {
    cx.user_id().unwrap_or_default()
}

pub(super) fn gatherings(v: &mut VipState, action: Action, cx: &mut Ctx) -> Result<Next> {
    if v.open.is_some() {
        return guests(v, action, cx);
    }
    match action {
        Action::Add => {
            if manager_only(cx) {
                return Ok(Next::Stay);
            }
            let when = cx.today() + Duration::days(14);
            v.form = Some(Form::new(
                Purpose::Plan,
                vec![
                    Field::choice("vip.theme", "theme", cx.env.policy.vip.themes.clone()),
                    Field::text("vip.title", "", 60),
                    Field::text("vip.held_on", &when.to_string(), 10),
                    Field::text("vip.place", "", 60),
                    Field::text("vip.note", "", 200),
                ],
            ));
        }
        Action::Select => open_guests(v, cx)?,
        Action::Remove => {
            if manager_only(cx) {
                return Ok(Next::Stay);
            }
            if let Some(g) = v.gatherings.get(v.g_selected) {
                let theme = cx.t(&format!("theme.{}", g.theme)).to_string();
                *cx.overlay = Some(super::Overlay::dialog(
                    super::DialogKind::CancelGathering {
                        id: g.id,
                        label: format!("{} {theme} {}", g.held_on, g.place),
                    },
                    1,
                    None,
                ));
            }
        }
        a => {
            moved_in(&mut v.g_selected, v.gatherings.len(), a);
        }
    }
    Ok(Next::Stay)
}

pub(super) fn open_guests(v: &mut VipState, cx: &Ctx) -> Result<()> {
    if let Some(g) = v.gatherings.get(v.g_selected).cloned() {
        let list = gatherings::guests(&cx.env.conn, g.id, 500)?;
        v.open = Some((g, list));
        v.guest = 0;
    }
    Ok(())
}

fn guests(v: &mut VipState, action: Action, cx: &mut Ctx) -> Result<Next> {
    let Some((g, list)) = &v.open else {
        return Ok(Next::Stay);
    };
    let gid = g.id;
    let len = list.len();
    let current = list.get(v.guest).cloned();
    match action {
        Action::Invite => {
            if manager_only(cx) {
                return Ok(Next::Stay);
            }
            let segments = std::iter::once("any".to_string())
                .chain(Segment::ALL.iter().map(|s| s.id().to_string()))
                .collect();
            let tiers = std::iter::once("any".to_string())
                .chain(cx.env.policy.customers.tiers.iter().map(|t| t.id.clone()))
                .collect();
            let mut f = Form::new(
                Purpose::Invite(gid),
                vec![
                    Field::choice("vip.segment", "segment", segments),
                    Field::choice("vip.tier", "tier", tiers),
                    Field::choice("vip.club", "club", vec!["any".into(), "members".into()]),
                ],
            );
            // Gold customers first: they are whom a gathering is for.
            if let super::vip_forms::Value::Choice { at, .. } = &mut f.fields[0].value {
                *at = 1;
            }
            preview(cx, &mut f)?;
            v.form = Some(f);
        }
        Action::Toggle => {
            if let Some(c) = current {
                let next = match c.rsvp.as_str() {
                    "pending" => "yes",
                    "yes" => "no",
                    _ => "pending",
                };
                cx.save(
                    move |conn| gatherings::rsvp(conn, gid, c.customer_id, next, &c.note),
                    move |app, r| match r {
                        Ok(()) => read_again(app, None),
                        Err(e) => app.fault(e),
                    },
                );
            }
        }
        Action::Attended => {
            if let Some(c) = current {
                let who = staff(cx);
                let (id, attended) = (c.customer_id, !c.attended);
                cx.save(
                    move |conn| gatherings::set_attended(conn, gid, id, attended, who),
                    move |app, r| match r {
                        Ok(()) => read_again(app, None),
                        Err(e) => app.fault(e),
                    },
                );
            }
        }
        Action::Edit => {
            if let Some(c) = current {
                v.form = Some(Form::new(
                    Purpose::Note {
                        gathering: gid,
                        customer: c.customer_id,
                    },
                    vec![Field::text("vip.wish", &c.note, 200)],
                ));
            }
        }
        Action::Select => {
            if let Some(c) = current {
                return Ok(Next::File(c.customer_id));
            }
        }
        a => {
            moved_in(&mut v.guest, len, a);
        }
    }
    Ok(Next::Stay)
}

/// The invitation form's group.
fn group_of(f: &Form) -> Group {
    Group {
        segment: Segment::from_id(f.choice(0)),
        tier: Some(f.choice(1).to_string()).filter(|t| t != "any"),
        club_only: f.choice(2) == "members",
    }
}

/// How many would be invited, at most the gathering's seats (a LIMIT walk).
pub(super) fn preview(cx: &Ctx, f: &mut Form) -> Result<usize> {
    let Purpose::Invite(gid) = f.purpose else {
        return Ok(0);
    };
    let max = cx.env.policy.vip.max_guests as usize;
    let n = vip::invitees(
        &cx.env.conn,
        &group_of(f),
        cx.today(),
        &cx.env.policy.segments,
        gid,
        max,
    )?
    .len();
    f.status = Some(cx.env.locale.f(
        "vip.preview",
        &[("n", &n.to_string()), ("max", &max.to_string())],
    ));
    Ok(n)
}

pub(super) fn form_action(v: &mut VipState, action: Action, cx: &mut Ctx) -> Result<()> {
    let Some(f) = &mut v.form else {
        return Ok(());
    };
    match action {
        Action::Back if f.dirty && !f.leaving => {
            // What was typed is not thrown away on one key.
            f.leaving = true;
            f.status = Some(cx.t("vip.leave_form").to_string());
            return Ok(());
        }
        Action::Back => {
            v.form = None;
            return Ok(());
        }
        Action::Save => return save(v, cx),
        Action::Select if !f.focused_is_text() => return save(v, cx),
        a => {
            f.leaving = false;
            if f.edit(a) && matches!(f.purpose, Purpose::Invite(_)) {
                preview(cx, f)?;
            }
        }
    }
    Ok(())
}

/// How a form's save came out, worked out off the screen's thread.
enum Outcome {
    /// Saved: the locale key of what to say.
    Done(&'static str),
    /// `n` invited.
    Invited(usize),
    /// Refused: the field at fault and the locale key of why.
    Field(usize, &'static str),
    /// Nothing to do: said on the form.
    Status(&'static str),
}

/// The work of a form's save, on the saver's connection.
type Work = Box<dyn FnOnce(&mut rusqlite::Connection) -> Result<Outcome> + Send>;

/// Checks the form, then saves it off the screen's thread.
fn save(v: &mut VipState, cx: &mut Ctx) -> Result<()> {
    let Some(f) = v.form.as_mut() else {
        return Ok(());
    };
    f.clear_errors();
    let rsvp = match f.purpose {
        Purpose::Note { customer, .. } => v
            .open
            .as_ref()
            .and_then(|(_, l)| l.iter().find(|g| g.customer_id == customer))
            .map_or("pending".to_string(), |g| g.rsvp.clone()),
        _ => String::new(),
    };
    let Some(work) = work_of(f, rsvp, cx) else {
        return Ok(());
    };
    cx.save(work, |app, r| {
        let outcome = match r {
            Ok(o) => o,
            Err(e) => return app.fault(e),
        };
        if app.view::<VipState>().is_none() {
            return match outcome {
                Outcome::Done(key) => {
                    let msg = app.t(key).to_string();
                    app.info(msg)
                }
                Outcome::Invited(n) => {
                    let msg = app.env.locale.f("vip.invited", &[("n", &n.to_string())]);
                    app.info(msg)
                }
                Outcome::Field(_, key) | Outcome::Status(key) => {
                    let msg = app.t(key).to_string();
                    app.error(msg)
                }
            };
        }
        app.on_view_as::<VipState>(|v, cx| saved(v, outcome, cx));
    });
    Ok(())
}

/// The form saved: closed, the screen read again; refused: said on it.
fn saved(v: &mut VipState, outcome: Outcome, cx: &mut Ctx) -> Effect {
    let msg = match outcome {
        Outcome::Done(key) => cx.t(key).to_string(),
        Outcome::Invited(n) => cx.env.locale.f("vip.invited", &[("n", &n.to_string())]),
        Outcome::Field(i, key) => {
            let msg = cx.t(key).to_string();
            match v.form.as_mut().and_then(|f| f.fields.get_mut(i)) {
                Some(field) => field.error = Some(msg),
                None => cx.error(msg),
            }
            return Effect::None;
        }
        Outcome::Status(key) => {
            let msg = cx.t(key).to_string();
            match v.form.as_mut() {
                Some(f) => f.status = Some(msg),
                None => cx.error(msg),
            }
            return Effect::None;
        }
    };
    v.form = None;
    if let Err(e) = v.read(cx) {
        return Effect::Fault(e);
    }
    cx.info(msg);
    Effect::None
}

/// The save's work for the form as filled, or none when a field is wrong
/// (its message is then beside it).
fn work_of(f: &mut Form, rsvp: String, cx: &Ctx) -> Option<Work> {
    let who = staff(cx);
    let bad_date = cx.t("vip.bad_date").to_string();
    match f.purpose {
        Purpose::Plan => {
            let on = f.date(2, &bad_date);
            if f.text(3).is_empty() {
                f.fields[3].error = Some(cx.t("vip.place_needed").to_string());
            }
            let held_on = on.filter(|_| f.fields[3].error.is_none())?;
            let g = NewGathering {
                theme: f.choice(0).to_string(),
                title: f.text(1).to_string(),
                held_on,
                place: f.text(3).to_string(),
                note: f.text(4).to_string(),
            };
            Some(Box::new(move |conn| {
                gatherings::plan(conn, &g, who)?;
                Ok(Outcome::Done("vip.planned"))
            }))
        }
        Purpose::Campaign => {
            let kind = if f.choice(0) == "old_customers" {
                Kind::OldCustomers
            } else {
                Kind::NewCustomers
            };
            let (from, to) = (f.date(1, &bad_date), f.date(2, &bad_date));
            let (from, to) = (from?, to?);
            let p = cx.env.policy.campaigns.clone();
            let note = f.text(3).to_string();
            Some(Box::new(move |conn| {
                Ok(
                    match campaigns::create(conn, kind, from, to, &note, &p, who)? {
                        Ok(_) => Outcome::Done("vip.campaign_made"),
                        Err(Refusal::EndsBeforeStart) => Outcome::Field(2, "vip.ends_before"),
                        Err(Refusal::Overlaps) => Outcome::Field(1, "vip.overlaps"),
                    },
                )
            }))
        }
        Purpose::Invite(gid) => {
            let max = cx.env.policy.vip.max_guests as usize;
            let group = group_of(f);
            let today = cx.today();
            let segments = cx.env.policy.segments.clone();
            Some(Box::new(move |conn| {
                let list = vip::invitees(conn, &group, today, &segments, gid, max)?;
                if list.is_empty() {
                    return Ok(Outcome::Status("vip.nobody"));
                }
                Ok(Outcome::Invited(gatherings::invite(conn, gid, &list, who)?))
            }))
        }
        Purpose::Note {
            gathering,
            customer,
        } => {
            let note = f.text(0).to_string();
            Some(Box::new(move |conn| {
                gatherings::rsvp(conn, gathering, customer, &rsvp, &note)?;
                Ok(Outcome::Done("vip.noted"))
            }))
        }
    }
}
