//! The VIP screen (DOMAIN §2, §3): the gold customers by segment and tier,
//! the year's gatherings with their guests, and the maintenance-month
//! campaigns.

use anyhow::Result;
use chrono::Duration;

use super::vip_forms::{Field, Form, Purpose};
use super::{Action, App, Screen};
use crate::domain::segments::Segment;
use crate::store::campaigns::{self, Campaign, Kind, Target};
use crate::store::gatherings::{self, Gathering, Guest};
use crate::store::vip::{self, GoldRow, Group};

/// Rows on one page of the gold list.
pub const PAGE: usize = 50;
pub const TABS: usize = 3;

#[derive(Default)]
pub struct VipState {
    pub tab: usize,
    // gold customers
    /// The segment filter: `None` is every segment.
    pub segment: Option<Segment>,
    pub tier: Option<String>,
    pub counts: Vec<(Segment, i64)>,
    pub rows: Vec<GoldRow>,
    pub page: usize,
    pub selected: usize,
    // gatherings
    pub gatherings: Vec<Gathering>,
    pub held: u32,
    pub planned: u32,
    pub wishes: Vec<gatherings::Wish>,
    pub g_selected: usize,
    /// The gathering whose guests are shown.
    pub open: Option<(Gathering, Vec<Guest>)>,
    pub guest: usize,
    // campaigns
    pub active: Option<Campaign>,
    pub target_count: i64,
    pub targets: Vec<Target>,
    pub campaigns: Vec<Campaign>,
    pub t_selected: usize,
    /// The page of the campaign's customers.
    pub t_page: usize,
    /// A form over the tab.
    pub form: Option<Form>,
}

impl VipState {
    pub fn contexts_text(&self) -> Option<bool> {
        self.form.as_ref().map(|f| f.focused_is_text())
    }

    /// The customers of the segment filter (all segments when none).
    pub fn filtered_count(&self) -> i64 {
        self.counts
            .iter()
            .filter(|(s, _)| self.segment.is_none_or(|x| x == *s))
            .map(|(_, n)| n)
            .sum()
    }

    fn group(&self) -> Group {
        Group {
            segment: self.segment,
            tier: self.tier.clone(),
            club_only: false,
        }
    }

    /// The gold list's counts (one pass over the VIP index) and its page.
    fn reload_gold(&mut self, app: &App) -> Result<()> {
        let t = &app.env.policy.segments;
        self.counts = vip::segment_counts(&app.env.conn, &self.group(), app.today(), t)?;
        self.load_page(app)
    }

    pub fn reload(&mut self, app: &App) -> Result<()> {
        let today = app.today();
        let conn = &app.env.conn;
        self.reload_gold(app)?;
        self.gatherings = gatherings::of_year(conn, today, 100)?;
        (self.held, self.planned) = gatherings::year_count(conn, today)?;
        self.wishes = gatherings::wishes(conn, 20)?;
        self.g_selected = self.g_selected.min(self.gatherings.len().saturating_sub(1));
        if let Some((g, _)) = &self.open {
            let id = g.id;
            self.open = gatherings::get(conn, id)?.map(|g| (g, Vec::new()));
            if let Some((_, guests)) = &mut self.open {
                *guests = gatherings::guests(conn, id, 500)?;
                self.guest = self.guest.min(guests.len().saturating_sub(1));
            }
        }
        self.active = campaigns::active(conn, today)?;
        self.campaigns = campaigns::list(conn, 20)?;
        match &self.active {
            Some(c) => {
                self.target_count = campaigns::target_count(conn, c)?;
                self.targets = campaigns::targets(conn, c, self.t_page * PAGE, PAGE)?;
            }
            None => {
                self.target_count = 0;
                self.targets.clear();
            }
        }
        self.t_selected = self.t_selected.min(self.targets.len().saturating_sub(1));
        Ok(())
    }

    /// One page of the gold list (an index walk with a LIMIT).
    fn load_page(&mut self, app: &App) -> Result<()> {
        self.rows = vip::gold_page(
            &app.env.conn,
            &self.group(),
            app.today(),
            &app.env.policy.segments,
            self.page * PAGE,
            PAGE,
        )?;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        Ok(())
    }
}

pub fn open(app: &mut App) {
    let mut v = VipState {
        segment: Some(Segment::Gold),
        ..VipState::default()
    };
    match v.reload(app) {
        Ok(()) => app.open(Screen::Vip(Box::new(v))),
        Err(e) => app.fault(e),
    }
}

/// Where to go once the state is back on screen.
pub(super) enum Next {
    Stay,
    File(i64),
    Back,
}

pub fn update(app: &mut App, action: Action) {
    let stand_in = Screen::View(Box::<super::home::HomeState>::default());
    let Screen::Vip(mut v) = std::mem::replace(&mut app.screen, stand_in) else {
        return;
    };
    let next = handle(app, &mut v, action);
    app.screen = Screen::Vip(v);
    match next {
        Ok(Next::Stay) => {}
        Ok(Next::File(id)) => super::file::open(app, id),
        Ok(Next::Back) => app.back(),
        Err(e) => app.fault(e),
    }
}

pub fn paste(app: &mut App, text: &str) {
    if let Screen::Vip(v) = &mut app.screen
        && let Some(f) = &mut v.form
    {
        f.paste(text);
    }
}

fn handle(app: &mut App, v: &mut VipState, action: Action) -> Result<Next> {
    if v.form.is_some() {
        return super::vip_edit::form_action(app, v, action).map(|_| Next::Stay);
    }
    match action {
        Action::Back if v.tab == 1 && v.open.is_some() => {
            v.open = None;
            return Ok(Next::Stay);
        }
        Action::Back => return Ok(Next::Back),
        Action::NextTab => v.tab = (v.tab + 1) % TABS,
        Action::PrevTab => v.tab = (v.tab + TABS - 1) % TABS,
        Action::Pick { zone: 0, index } => v.tab = (index as usize).min(TABS - 1),
        Action::Refresh => v.reload(app)?,
        _ => {
            return match v.tab {
                0 => gold(app, v, action),
                1 => super::vip_edit::gatherings(app, v, action),
                _ => campaigns_tab(app, v, action),
            };
        }
    }
    Ok(Next::Stay)
}

/// Moves a selection in a list of `len` rows.
fn moved(sel: &mut usize, len: usize, action: Action) -> bool {
    let last = len.saturating_sub(1);
    match action {
        Action::Up | Action::ScrollUp => *sel = sel.saturating_sub(1),
        Action::Down | Action::ScrollDown => *sel = (*sel + 1).min(last),
        Action::First => *sel = 0,
        Action::Last => *sel = last,
        _ => return false,
    }
    true
}

fn gold(app: &mut App, v: &mut VipState, action: Action) -> Result<Next> {
    match action {
        Action::Toggle | Action::Pick { zone: 1, .. } => {
            let all: Vec<Option<Segment>> = std::iter::once(None)
                .chain(Segment::ALL.into_iter().map(Some))
                .collect();
            v.segment = match action {
                Action::Pick { index, .. } => all.get(index as usize).copied().unwrap_or(None),
                _ => {
                    let at = all.iter().position(|s| *s == v.segment).unwrap_or(0);
                    all[(at + 1) % all.len()]
                }
            };
            v.page = 0;
            v.selected = 0;
            v.load_page(app)?;
        }
        Action::Filter => {
            let tiers: Vec<Option<String>> = std::iter::once(None)
                .chain(
                    app.env
                        .policy
                        .customers
                        .tiers
                        .iter()
                        .map(|t| Some(t.id.clone())),
                )
                .collect();
            let at = tiers.iter().position(|t| *t == v.tier).unwrap_or(0);
            v.tier = tiers[(at + 1) % tiers.len()].clone();
            v.page = 0;
            v.selected = 0;
            v.reload_gold(app)?;
        }
        Action::PageDown if v.rows.len() == PAGE => {
            v.page += 1;
            v.selected = 0;
            v.load_page(app)?;
        }
        Action::PageUp if v.page > 0 => {
            v.page -= 1;
            v.selected = 0;
            v.load_page(app)?;
        }
        Action::Down if v.selected + 1 == PAGE && v.rows.len() == PAGE => {
            v.page += 1;
            v.selected = 0;
            v.load_page(app)?;
        }
        Action::Up if v.selected == 0 && v.page > 0 => {
            v.page -= 1;
            v.load_page(app)?;
            v.selected = v.rows.len().saturating_sub(1);
        }
        Action::Pick { zone: 2, index } if (index as usize) < v.rows.len() => {
            if v.selected == index as usize {
                return Ok(Next::File(v.rows[v.selected].customer_id));
            }
            v.selected = index as usize;
        }
        Action::Select => {
            if let Some(r) = v.rows.get(v.selected) {
                return Ok(Next::File(r.customer_id));
            }
        }
        a => {
            moved(&mut v.selected, v.rows.len(), a);
        }
    }
    Ok(Next::Stay)
}

fn campaigns_tab(app: &mut App, v: &mut VipState, action: Action) -> Result<Next> {
    match action {
        Action::Add => {
            if !app.is_manager() {
                app.error(app.t("vip.managers_only").to_string());
                return Ok(Next::Stay);
            }
            let today = app.today();
            v.form = Some(Form::new(
                Purpose::Campaign,
                vec![
                    Field::choice(
                        "vip.campaign_kind",
                        "campaign",
                        Kind::ALL.iter().map(|k| k.id().to_string()).collect(),
                    ),
                    Field::text("vip.starts_on", &today.to_string(), 10),
                    Field::text("vip.ends_on", &(today + Duration::days(29)).to_string(), 10),
                    Field::text("vip.note", "", 200),
                ],
            ));
        }
        Action::PageDown if v.targets.len() == PAGE => turn_targets(app, v, 1, 0)?,
        Action::PageUp if v.t_page > 0 => turn_targets(app, v, -1, 0)?,
        Action::Down if v.t_selected + 1 == PAGE && v.targets.len() == PAGE => {
            turn_targets(app, v, 1, 0)?
        }
        Action::Up if v.t_selected == 0 && v.t_page > 0 => turn_targets(app, v, -1, PAGE - 1)?,
        Action::Pick { zone: 2, index } if (index as usize) < v.targets.len() => {
            if v.t_selected == index as usize {
                return Ok(Next::File(v.targets[v.t_selected].customer_id));
            }
            v.t_selected = index as usize;
        }
        Action::Select => {
            if let Some(t) = v.targets.get(v.t_selected) {
                return Ok(Next::File(t.customer_id));
            }
        }
        a => {
            moved(&mut v.t_selected, v.targets.len(), a);
        }
    }
    Ok(Next::Stay)
}

pub(super) fn moved_in(sel: &mut usize, len: usize, action: Action) -> bool {
    moved(sel, len, action)
}

/// The next or previous page of the campaign's customers (a LIMIT walk).
fn turn_targets(app: &App, v: &mut VipState, by: isize, select: usize) -> Result<()> {
    let Some(c) = &v.active else { return Ok(()) };
    v.t_page = v.t_page.saturating_add_signed(by);
    v.targets = campaigns::targets(&app.env.conn, c, v.t_page * PAGE, PAGE)?;
    v.t_selected = select.min(v.targets.len().saturating_sub(1));
    Ok(())
}

/// Calls the gathering off once the manager confirmed; the list is read again.
pub fn cancel_gathering(app: &mut App, id: i64) {
    let staff = app.user.as_ref().map(|u| u.id).unwrap_or_default();
    // Off the screen's thread, like every save.
    app.save_in_background(
        move |conn| crate::store::gatherings::cancel(conn, id, staff),
        |app, result| match result.and_then(|_| reload_if_open(app)) {
            Ok(()) => {
                let msg = app.t("vip.cancelled").to_string();
                app.info(msg);
            }
            Err(e) => app.fault(e),
        },
    );
}

/// Reads the VIP screen again if it is still the one on screen.
fn reload_if_open(app: &mut App) -> Result<()> {
    if !matches!(app.screen, Screen::Vip(_)) {
        return Ok(());
    }
    let stand_in = Screen::View(Box::<super::home::HomeState>::default());
    if let Screen::Vip(mut v) = std::mem::replace(&mut app.screen, stand_in) {
        let r = v.reload(app);
        app.screen = Screen::Vip(v);
        r?;
    }
    Ok(())
}
