//! The VIP screen (DOMAIN §2, §3): the gold customers by segment and tier,
//! the year's gatherings with their guests, and the maintenance-month
//! campaigns. Its guest lists, plans and campaigns are saved off the
//! screen's thread.

use anyhow::Result;
use chrono::Duration;

use super::vip_forms::{Field, Form, Purpose};
use super::{Action, App, Ctx, Effect, HitMap, View};
use crate::domain::segments::Segment;
use crate::keymap::Context;
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
    /// The counts are being made off the screen's thread (a pass over every
    /// customer): the chips say "…" until they come.
    pub counting: bool,
    /// When, for which tier and day the counts were last asked for.
    pub(super) counted: Option<(std::time::Instant, Option<String>, chrono::NaiveDate)>,
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
    /// The campaign's customers are being counted.
    pub target_counting: bool,
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

    pub(super) fn group(&self) -> Group {
        Group {
            segment: self.segment,
            tier: self.tier.clone(),
            club_only: false,
        }
    }

    /// The gold list's counts and its page.
    fn reload_gold(&mut self, cx: &mut Ctx) -> Result<()> {
        self.count_segments(cx);
        self.load_page(cx)
    }

    /// Reads every tab again.
    pub fn read(&mut self, cx: &mut Ctx) -> Result<()> {
        self.count_segments(cx);
        self.read_lists(cx, true)
    }

    /// The gold page and the gatherings' and campaigns' tabs; `recount`:
    /// the campaign's customers counted again.
    pub(super) fn read_lists(&mut self, cx: &mut Ctx, recount: bool) -> Result<()> {
        let today = cx.today();
        self.load_page(cx)?;
        let conn = &cx.env.conn;
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
        let was = self.active.as_ref().map(|c| c.id);
        self.active = campaigns::active(conn, today)?;
        self.campaigns = campaigns::list(conn, 20)?;
        match self.active.clone() {
            Some(c) => {
                self.targets = campaigns::targets(conn, &c, self.t_page * PAGE, PAGE)?;
                if recount || was != Some(c.id) {
                    self.count_targets(cx, c);
                }
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
    fn load_page(&mut self, cx: &Ctx) -> Result<()> {
        self.rows = vip::gold_page(
            &cx.env.conn,
            &self.group(),
            cx.today(),
            &cx.env.policy.segments,
            self.page * PAGE,
            PAGE,
        )?;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        Ok(())
    }
}

/// Opens the VIP screen on the gold customers.
pub fn open(cx: &mut Ctx) -> Effect {
    let mut v = VipState {
        segment: Some(Segment::Gold),
        ..VipState::default()
    };
    match v.read(cx) {
        Ok(()) => Effect::Open(Box::new(v)),
        Err(e) => Effect::Fault(e),
    }
}

/// Where to go once the update is over.
pub(super) enum Next {
    Stay,
    File(i64),
    Back,
}

/// What a tap on the VIP screen lands on.
pub enum Tap {
    Tab(usize),
    /// A button above the tab: what its key does.
    Button(Action),
    /// A segment chip: index 0 is every segment.
    Chip(usize),
    /// A row of the tab's list (tapped again: opened).
    Row(usize),
    /// A field of the form over the tab.
    Field(usize),
}

impl View for VipState {
    fn changed_elsewhere(&mut self, cx: &mut Ctx) -> anyhow::Result<()> {
        View::reload(self, cx)
    }

    fn contexts(&self) -> Vec<Context> {
        match self.contexts_text() {
            Some(true) => vec![Context::Text, Context::Form],
            Some(false) => vec![Context::Form],
            None => vec![Context::Vip],
        }
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        crate::ui::vip::hint_actions(self)
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        app: &App,
        hits: &mut HitMap,
    ) {
        crate::ui::vip::draw(frame, area, app, self, hits)
    }

    fn reload(&mut self, cx: &mut Ctx) -> Result<()> {
        self.read_changed(cx)
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Effect {
        if let Some(f) = &mut self.form {
            f.paste(text);
        }
        Effect::None
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let next = handle(self, action, cx);
        then(next, cx)
    }

    fn tap(&mut self, target: &dyn std::any::Any, cx: &mut Ctx) -> Effect {
        let next = match target.downcast_ref::<Tap>() {
            Some(Tap::Button(a)) => return self.update(*a, cx),
            Some(Tap::Tab(i)) if self.form.is_none() => {
                self.tab = (*i).min(TABS - 1);
                Ok(Next::Stay)
            }
            Some(Tap::Field(i)) => {
                if let Some(f) = &mut self.form {
                    f.leaving = false;
                    if f.tap_field(*i) {
                        let r = super::vip_edit::preview(cx, f);
                        return Effect::from_result(r.map(|_| ()));
                    }
                }
                Ok(Next::Stay)
            }
            Some(Tap::Chip(i)) if self.form.is_none() && self.tab == 0 => {
                self.pick_segment(Some(*i), cx).map(|()| Next::Stay)
            }
            Some(Tap::Row(i)) if self.form.is_none() => self.tap_row(*i, cx),
            _ => Ok(Next::Stay),
        };
        then(next, cx)
    }
}

/// The effect of where to go next.
fn then(next: Result<Next>, cx: &mut Ctx) -> Effect {
    match next {
        Ok(Next::Stay) => Effect::None,
        Ok(Next::File(id)) => super::file::open_file(cx, id),
        Ok(Next::Back) => Effect::Back,
        Err(e) => Effect::Fault(e),
    }
}

impl VipState {
    /// A tap on row `i` of the tab's list: selects it; again, opens it
    /// (a guest's row only selects).
    fn tap_row(&mut self, i: usize, cx: &mut Ctx) -> Result<Next> {
        let (sel, len) = match self.tab {
            0 => (&mut self.selected, self.rows.len()),
            1 if self.open.is_some() => {
                let len = self.open.as_ref().map_or(0, |(_, l)| l.len());
                if i < len {
                    self.guest = i;
                }
                return Ok(Next::Stay);
            }
            1 => (&mut self.g_selected, self.gatherings.len()),
            _ => (&mut self.t_selected, self.targets.len()),
        };
        if i >= len {
            return Ok(Next::Stay);
        }
        if *sel != i {
            *sel = i;
            return Ok(Next::Stay);
        }
        match self.tab {
            1 => super::vip_edit::open_guests(self, cx).map(|()| Next::Stay),
            _ => Ok(handle(self, Action::Select, cx)?),
        }
    }

    /// The segment chip `at` (index 0: all), or the next one when `None`.
    fn pick_segment(&mut self, at: Option<usize>, cx: &Ctx) -> Result<()> {
        let all: Vec<Option<Segment>> = std::iter::once(None)
            .chain(Segment::ALL.into_iter().map(Some))
            .collect();
        self.segment = match at {
            Some(i) => all.get(i).copied().unwrap_or(None),
            None => {
                let at = all.iter().position(|s| *s == self.segment).unwrap_or(0);
                all[(at + 1) % all.len()]
            }
        };
        self.page = 0;
        self.selected = 0;
        self.load_page(cx)
    }
}

fn handle(v: &mut VipState, action: Action, cx: &mut Ctx) -> Result<Next> {
    if v.form.is_some() {
        return super::vip_edit::form_action(v, action, cx).map(|_| Next::Stay);
    }
    match action {
        Action::Back if v.tab == 1 && v.open.is_some() => {
            v.open = None;
            return Ok(Next::Stay);
        }
        Action::Back => return Ok(Next::Back),
        Action::NextTab => v.tab = (v.tab + 1) % TABS,
        Action::PrevTab => v.tab = (v.tab + TABS - 1) % TABS,
        Action::Refresh => v.read(cx)?,
        _ => {
            return match v.tab {
                0 => gold(v, action, cx),
                1 => super::vip_edit::gatherings(v, action, cx),
                _ => campaigns_tab(v, action, cx),
            };
        }
    }
    Ok(Next::Stay)
}

/// Moves a selection within the page of `len` rows on screen; PgUp and PgDn
/// turn the page from the database instead.
fn moved(sel: &mut usize, len: usize, action: Action) -> bool {
    !matches!(action, Action::PageUp | Action::PageDown)
        && super::cursor::move_in_list(sel, len, &action)
}

fn gold(v: &mut VipState, action: Action, cx: &mut Ctx) -> Result<Next> {
    match action {
        Action::Toggle => v.pick_segment(None, cx)?,
        Action::Filter => {
            let tiers: Vec<Option<String>> = std::iter::once(None)
                .chain(
                    cx.env
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
            v.reload_gold(cx)?;
        }
        Action::PageDown if v.rows.len() == PAGE => {
            v.page += 1;
            v.selected = 0;
            v.load_page(cx)?;
        }
        Action::PageUp if v.page > 0 => {
            v.page -= 1;
            v.selected = 0;
            v.load_page(cx)?;
        }
        Action::Down if v.selected + 1 == PAGE && v.rows.len() == PAGE => {
            v.page += 1;
            v.selected = 0;
            v.load_page(cx)?;
        }
        Action::Up if v.selected == 0 && v.page > 0 => {
            v.page -= 1;
            v.load_page(cx)?;
            v.selected = v.rows.len().saturating_sub(1);
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

fn campaigns_tab(v: &mut VipState, action: Action, cx: &mut Ctx) -> Result<Next> {
    match action {
        Action::Add => {
            if !cx.is_manager() {
                let msg = cx.t("vip.managers_only").to_string();
                cx.error(msg);
                return Ok(Next::Stay);
            }
            let today = cx.today();
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
        Action::PageDown if v.targets.len() == PAGE => turn_targets(cx, v, 1, 0)?,
        Action::PageUp if v.t_page > 0 => turn_targets(cx, v, -1, 0)?,
        Action::Down if v.t_selected + 1 == PAGE && v.targets.len() == PAGE => {
            turn_targets(cx, v, 1, 0)?
        }
        Action::Up if v.t_selected == 0 && v.t_page > 0 => turn_targets(cx, v, -1, PAGE - 1)?,
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
fn turn_targets(cx: &Ctx, v: &mut VipState, by: isize, select: usize) -> Result<()> {
    let Some(c) = &v.active else { return Ok(()) };
    v.t_page = v.t_page.saturating_add_signed(by);
    v.targets = campaigns::targets(&cx.env.conn, c, v.t_page * PAGE, PAGE)?;
    v.t_selected = select.min(v.targets.len().saturating_sub(1));
    Ok(())
}

impl VipState {
    /// Calls the gathering off once the manager confirmed; the list is read again.
    pub fn cancel_gathering(&mut self, id: i64, cx: &mut Ctx) {
        let staff = cx.user_id().unwrap_or_default();
        cx.save(
            move |conn| crate::store::gatherings::cancel(conn, id, staff),
            |app, result| {
                if let Err(e) = result {
                    return app.fault(e);
                }
                let msg = app.t("vip.cancelled").to_string();
                read_again(app, Some(msg));
            },
        );
    }
}

/// After a save: the VIP screen read again if it is still on, and `msg` said.
pub(super) fn read_again(app: &mut App, msg: Option<String>) {
    if app.view::<VipState>().is_none() {
        if let Some(m) = msg {
            app.info(m);
        }
        return;
    }
    app.on_view_as::<VipState>(|v, cx| {
        if let Err(e) = v.read(cx) {
            return Effect::Fault(e);
        }
        if let Some(m) = msg {
            cx.info(m);
        }
        Effect::None
    });
}
