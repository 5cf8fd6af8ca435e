//! The VIP screen's gatherings tab and its forms: plan a gathering, build
//! its invitation list, record RSVPs and attendance, make a campaign.

use anyhow::Result;
use chrono::Duration;

use super::vip::{Next, VipState, moved_in};
use super::vip_forms::{Field, Form, Purpose};
use super::{Action, App};
use crate::domain::segments::Segment;
use crate::store::campaigns::{self, Kind, Refusal};
use crate::store::gatherings::{self, NewGathering};
use crate::store::vip::{self, Group};

fn manager_only(app: &mut App) -> bool {
    if app.is_manager() {
        return false;
    }
    app.error(app.t("vip.managers_only").to_string());
    true
}

fn staff(app: &App) -> i64 {
    app.user.as_ref().map(|u| u.id).unwrap_or_default()
}

pub(super) fn gatherings(app: &mut App, v: &mut VipState, action: Action) -> Result<Next> {
    if v.open.is_some() {
        return guests(app, v, action);
    }
    match action {
        Action::Add => {
            if manager_only(app) {
                return Ok(Next::Stay);
            }
            let when = app.today() + Duration::days(14);
            v.form = Some(Form::new(
                Purpose::Plan,
                vec![
                    Field::choice("vip.theme", "theme", app.env.policy.vip.themes.clone()),
                    Field::text("vip.title", "", 60),
                    Field::text("vip.held_on", &when.to_string(), 10),
                    Field::text("vip.place", "", 60),
                    Field::text("vip.note", "", 200),
                ],
            ));
        }
        Action::Pick { zone: 2, index } if (index as usize) < v.gatherings.len() => {
            if v.g_selected == index as usize {
                open_guests(app, v)?;
            } else {
                v.g_selected = index as usize;
            }
        }
        Action::Select => open_guests(app, v)?,
        Action::Remove => {
            if manager_only(app) {
                return Ok(Next::Stay);
            }
            if let Some(g) = v.gatherings.get(v.g_selected) {
                let theme = app.t(&format!("theme.{}", g.theme)).to_string();
                app.overlay = Some(super::Overlay::dialog(
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

fn open_guests(app: &App, v: &mut VipState) -> Result<()> {
    if let Some(g) = v.gatherings.get(v.g_selected).cloned() {
        let list = gatherings::guests(&app.env.conn, g.id, 500)?;
        v.open = Some((g, list));
        v.guest = 0;
    }
    Ok(())
}

fn guests(app: &mut App, v: &mut VipState, action: Action) -> Result<Next> {
    let Some((g, list)) = &v.open else {
        return Ok(Next::Stay);
    };
    let gid = g.id;
    let len = list.len();
    let current = list.get(v.guest).cloned();
    match action {
        Action::Invite => {
            if manager_only(app) {
                return Ok(Next::Stay);
            }
            let segments = std::iter::once("any".to_string())
                .chain(Segment::ALL.iter().map(|s| s.id().to_string()))
                .collect();
            let tiers = std::iter::once("any".to_string())
                .chain(app.env.policy.customers.tiers.iter().map(|t| t.id.clone()))
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
            preview(app, &mut f)?;
            v.form = Some(f);
        }
        Action::Toggle => {
            if let Some(c) = current {
                let next = match c.rsvp.as_str() {
                    "pending" => "yes",
                    "yes" => "no",
                    _ => "pending",
                };
                gatherings::rsvp(&mut app.env.conn, gid, c.customer_id, next, &c.note)?;
                v.reload(app)?;
            }
        }
        Action::Attended => {
            if let Some(c) = current {
                let who = staff(app);
                gatherings::set_attended(&mut app.env.conn, gid, c.customer_id, !c.attended, who)?;
                v.reload(app)?;
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
        Action::Pick { zone: 2, index } if (index as usize) < len => v.guest = index as usize,
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
fn preview(app: &App, f: &mut Form) -> Result<usize> {
    let Purpose::Invite(gid) = f.purpose else {
        return Ok(0);
    };
    let max = app.env.policy.vip.max_guests as usize;
    let n = vip::invitees(
        &app.env.conn,
        &group_of(f),
        app.today(),
        &app.env.policy.segments,
        gid,
        max,
    )?
    .len();
    f.status = Some(app.env.locale.f(
        "vip.preview",
        &[("n", &n.to_string()), ("max", &max.to_string())],
    ));
    Ok(n)
}

pub(super) fn form_action(app: &mut App, v: &mut VipState, action: Action) -> Result<()> {
    let Some(f) = &mut v.form else {
        return Ok(());
    };
    match action {
        Action::Back if f.dirty && !f.leaving => {
            // What was typed is not thrown away on one key.
            f.leaving = true;
            f.status = Some(app.t("vip.leave_form").to_string());
            return Ok(());
        }
        Action::Back => {
            v.form = None;
            return Ok(());
        }
        Action::Save => return save(app, v),
        Action::Select if !f.focused_is_text() => return save(app, v),
        a => {
            f.leaving = false;
            if f.edit(a) && matches!(f.purpose, Purpose::Invite(_)) {
                preview(app, f)?;
            }
        }
    }
    Ok(())
}

fn save(app: &mut App, v: &mut VipState) -> Result<()> {
    let Some(mut f) = v.form.take() else {
        return Ok(());
    };
    f.clear_errors();
    let who = staff(app);
    let bad_date = app.t("vip.bad_date").to_string();
    let done = match f.purpose {
        Purpose::Plan => {
            let on = f.date(2, &bad_date);
            if f.text(3).is_empty() {
                f.fields[3].error = Some(app.t("vip.place_needed").to_string());
            }
            match on {
                Some(held_on) if f.fields[3].error.is_none() => {
                    let g = NewGathering {
                        theme: f.choice(0).to_string(),
                        title: f.text(1).to_string(),
                        held_on,
                        place: f.text(3).to_string(),
                        note: f.text(4).to_string(),
                    };
                    gatherings::plan(&mut app.env.conn, &g, who)?;
                    Some(app.t("vip.planned").to_string())
                }
                _ => None,
            }
        }
        Purpose::Campaign => {
            let kind = if f.choice(0) == "old_customers" {
                Kind::OldCustomers
            } else {
                Kind::NewCustomers
            };
            match (f.date(1, &bad_date), f.date(2, &bad_date)) {
                (Some(from), Some(to)) => {
                    let p = app.env.policy.campaigns.clone();
                    let note = f.text(3).to_string();
                    match campaigns::create(&mut app.env.conn, kind, from, to, &note, &p, who)? {
                        Ok(_) => Some(app.t("vip.campaign_made").to_string()),
                        Err(Refusal::EndsBeforeStart) => {
                            f.fields[2].error = Some(app.t("vip.ends_before").to_string());
                            None
                        }
                        Err(Refusal::Overlaps) => {
                            f.fields[1].error = Some(app.t("vip.overlaps").to_string());
                            None
                        }
                    }
                }
                _ => None,
            }
        }
        Purpose::Invite(gid) => {
            let max = app.env.policy.vip.max_guests as usize;
            let list = vip::invitees(
                &app.env.conn,
                &group_of(&f),
                app.today(),
                &app.env.policy.segments,
                gid,
                max,
            )?;
            if list.is_empty() {
                f.status = Some(app.t("vip.nobody").to_string());
                None
            } else {
                let n = gatherings::invite(&mut app.env.conn, gid, &list, who)?;
                Some(app.env.locale.f("vip.invited", &[("n", &n.to_string())]))
            }
        }
        Purpose::Note {
            gathering,
            customer,
        } => {
            let rsvp = v
                .open
                .as_ref()
                .and_then(|(_, l)| l.iter().find(|g| g.customer_id == customer))
                .map_or("pending".to_string(), |g| g.rsvp.clone());
            let note = f.text(0).to_string();
            gatherings::rsvp(&mut app.env.conn, gathering, customer, &rsvp, &note)?;
            Some(app.t("vip.noted").to_string())
        }
    };
    match done {
        Some(msg) => {
            v.reload(app)?;
            app.info(msg);
        }
        None => v.form = Some(f),
    }
    Ok(())
}
