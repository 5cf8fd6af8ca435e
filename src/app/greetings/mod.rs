//! The greetings screen: who is due a birthday, festival or season greeting
//! today and soon, grouped by occasion, each with its template filled in;
//! Send records the contact and copies the text to the tablet's clipboard.
//! The second tab is the message library (`library.rs`). Sends, saves and
//! the export run off the screen's thread.

mod actions;
pub mod library;

use actions::export;

use anyhow::Result;
use chrono::NaiveDate;

use super::{Action, App, Ctx, Effect, HitMap, View};
use crate::domain::occasions::{self, Kind};
use crate::domain::staff::Role;
use crate::domain::templates;
use crate::export::greetings::{Fill, fill, occasion_name};
use crate::i18n::Locale;
use crate::keymap::Context;
use crate::shop_data::greetings::GreetingData;
use crate::shop_data::greetings::{self as greetings_data, Choice};
use crate::store::greetings::{self as sg, DueRow};
use crate::store::home::Pane;

/// Rows read per occasion and page.
pub const PAGE: usize = 30;

/// One occasion and who is due for it.
pub struct Group {
    pub kind: Kind,
    /// The occasion's name on screen.
    pub name: String,
    /// The festival or season change's date; `None` for the birthdays.
    pub date: Option<NaiveDate>,
    /// The occasion key (festivals and seasons; birthday rows carry their own).
    pub key: String,
    pub in_days: i64,
    pub pane: Pane<DueRow>,
    /// The customer id each page shown so far started after.
    pub pages: Vec<i64>,
    pub choices: Vec<Choice>,
    pub choice: usize,
}

impl Group {
    pub fn template(&self) -> Option<&Choice> {
        self.choices.get(self.choice)
    }
}

/// One line of the list: an occasion's heading, a customer, or "more".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    Heading(usize),
    Row(usize, usize),
    More(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Due,
    Library,
}

pub struct GreetingsState {
    pub tab: Tab,
    pub groups: Vec<Group>,
    /// The selected customer row, counted over all groups.
    pub selected: usize,
    /// The words that stopped the last send, shown beside the preview.
    pub refused: Vec<String>,
    pub library: library::LibraryState,
}

impl GreetingsState {
    pub fn lines(&self) -> Vec<Line> {
        let mut out = Vec::new();
        for (g, group) in self.groups.iter().enumerate() {
            out.push(Line::Heading(g));
            out.extend((0..group.pane.rows.len()).map(|r| Line::Row(g, r)));
            let shown = group.pages.len().saturating_sub(1) * PAGE + group.pane.rows.len();
            if group.pane.count > shown as i64 || group.pages.len() > 1 {
                out.push(Line::More(g));
            }
        }
        out
    }

    pub fn rows(&self) -> Vec<(usize, usize)> {
        self.lines()
            .into_iter()
            .filter_map(|l| match l {
                Line::Row(g, r) => Some((g, r)),
                _ => None,
            })
            .collect()
    }

    /// The selected group and row.
    pub fn current(&self) -> Option<(&Group, &DueRow)> {
        let (g, r) = *self.rows().get(self.selected)?;
        let group = &self.groups[g];
        Some((group, &group.pane.rows[r]))
    }

    fn current_group(&self) -> Option<usize> {
        self.rows().get(self.selected).map(|(g, _)| *g)
    }
}

/// Whose customers the signed-in user sees: an associate their own, a manager everyone.
pub fn own_staff(app: &App) -> Option<i64> {
    app.user
        .as_ref()
        .filter(|u| u.role == Role::Associate)
        .map(|u| u.id)
}

/// [`own_staff`] for a screen.
fn own_staff_of(cx: &Ctx) -> Option<i64> {
    cx.user.filter(|u| u.role == Role::Associate).map(|u| u.id)
}

/// What the groups are read with.
struct Source<'a> {
    conn: &'a rusqlite::Connection,
    loc: &'a Locale,
    data: &'a GreetingData,
    staff: Option<i64>,
    today: NaiveDate,
}

/// The occasions due today and in the coming days, each with its first rows.
pub fn load_groups(app: &App, limit: usize) -> Result<Vec<Group>> {
    load_groups_in(&app.env, app.user.as_ref(), &app.greetings, limit)
}

/// [`load_groups`] from the parts of the app a screen's context holds.
pub fn load_groups_in(
    env: &super::Env,
    user: Option<&crate::store::staff::Staff>,
    data: &GreetingData,
    limit: usize,
) -> Result<Vec<Group>> {
    read_groups(
        &Source {
            conn: &env.conn,
            loc: &env.locale,
            data,
            staff: user.filter(|u| u.role == Role::Associate).map(|u| u.id),
            today: env.now().date(),
        },
        limit,
    )
}

fn groups_of(cx: &Ctx, limit: usize) -> Result<Vec<Group>> {
    read_groups(
        &Source {
            conn: &cx.env.conn,
            loc: &cx.env.locale,
            data: cx.greetings,
            staff: own_staff_of(cx),
            today: cx.today(),
        },
        limit,
    )
}

fn read_groups(src: &Source, limit: usize) -> Result<Vec<Group>> {
    let (today, conn, staff, loc, data) = (src.today, src.conn, src.staff, src.loc, src.data);
    let lang = loc.lang.as_str();
    let choices = |kind: Kind| -> Result<(Vec<Choice>, usize)> {
        let c = greetings_data::choices(data, &sg::templates(conn, kind, lang)?, kind, lang);
        let never = data.never(kind, lang);
        let first = c
            .iter()
            .position(|t| templates::check(kind, &t.text, never).is_ok())
            .unwrap_or(0);
        Ok((c, first))
    };
    let mut groups = Vec::new();
    let days = occasions::birthday_days(today, data.calendar.birthday_window_days);
    let pane = sg::birthdays(conn, &days, staff, 0, limit)?;
    if pane.count > 0 {
        let (choices, choice) = choices(Kind::Birthday)?;
        groups.push(Group {
            kind: Kind::Birthday,
            name: occasion_name(loc, Kind::Birthday, "birthday"),
            date: None,
            key: String::new(),
            in_days: 0,
            pane,
            pages: vec![0],
            choices,
            choice,
        });
    }
    let upcoming = occasions::upcoming(today, &data.calendar);
    let greetable = if upcoming.is_empty() {
        0
    } else {
        sg::greetable(conn, staff)?
    };
    for o in upcoming {
        let in_days = o.in_days(today);
        let pane = sg::occasion(conn, &o.key, in_days, staff, greetable, 0, limit)?;
        if pane.count == 0 {
            continue;
        }
        let (choices, choice) = choices(o.kind)?;
        groups.push(Group {
            kind: o.kind,
            name: occasion_name(loc, o.kind, &o.id),
            date: Some(o.date),
            key: o.key,
            in_days,
            pane,
            pages: vec![0],
            choices,
            choice,
        });
    }
    Ok(groups)
}

/// Opens the greetings on who is due.
pub fn open(cx: &mut Ctx) -> Effect {
    match groups_of(cx, PAGE) {
        Ok(groups) => {
            let lib = library::LibraryState::new(Kind::Festival, &cx.env.locale.lang);
            Effect::Open(Box::new(GreetingsState {
                tab: Tab::Due,
                groups,
                selected: 0,
                refused: Vec::new(),
                library: lib,
            }))
        }
        Err(e) => Effect::Fault(e),
    }
}

impl GreetingsState {
    /// Reads the groups again, keeping the chosen templates and the selection.
    pub fn read(&mut self, cx: &Ctx) -> Result<()> {
        let chosen: Vec<(String, usize)> = self
            .groups
            .iter()
            .map(|g| (g.name.clone(), g.choice))
            .collect();
        let mut groups = groups_of(cx, PAGE)?;
        for g in &mut groups {
            if let Some((_, c)) = chosen.iter().find(|(n, _)| *n == g.name) {
                g.choice = (*c).min(g.choices.len().saturating_sub(1));
            }
        }
        self.groups = groups;
        self.selected = self.selected.min(self.rows().len().saturating_sub(1));
        Ok(())
    }
}

/// After a save: the greetings read again if still on screen.
pub(super) fn read_again(app: &mut App) {
    app.on_view_as::<GreetingsState>(|s, cx| Effect::from_result(s.read(cx)));
}

/// The greeting for the selected row, filled in: associate = the signed-in user.
pub fn preview(app: &App, group: &Group, row: &DueRow) -> Option<String> {
    let associate = app.user.as_ref().map_or("", |u| u.name.as_str());
    let by = Signer {
        loc: &app.env.locale,
        associate,
        shop: &app.shop_name,
        today: app.today(),
    };
    preview_by(&by, group, row)
}

/// Who sends a greeting, and from where.
struct Signer<'a> {
    loc: &'a Locale,
    associate: &'a str,
    shop: &'a str,
    today: NaiveDate,
}

fn preview_by(by: &Signer, group: &Group, row: &DueRow) -> Option<String> {
    let t = group.template()?;
    if group.kind == Kind::Birthday && row.in_days > 0 {
        return Some(early_birthday(by, row));
    }
    Some(fill(
        &t.text,
        &Fill {
            customer: &row.name,
            associate: by.associate,
            shop: by.shop,
            occasion: &group.name,
        },
    ))
}

/// A birthday greeting sent before the day: the templates say "today"
/// (S1 "提醒顾客今天是她的生日"), so the text names the day instead.
fn early_birthday(by: &Signer, row: &DueRow) -> String {
    let (loc, associate) = (by.loc, by.associate);
    let birthday = by.today + chrono::Duration::days(row.in_days);
    let date = birthday
        .format(loc.t("practices.birthday_date_format"))
        .to_string();
    loc.f(
        "practices.birthday_early",
        &[
            ("customer", &row.name),
            ("date", &date),
            ("associate", associate),
            ("shop", by.shop),
        ],
    )
}

/// The shop's first miss-you message (DOMAIN §3 kind D) that keeps its
/// rule, filled in for `customer` and signed by the signed-in associate: the
/// text a miss-you task offers to copy.
/// A failed read of the shop's messages is an error, not "no message".
pub fn miss_you_message(cx: &Ctx, customer: &str) -> anyhow::Result<Option<String>> {
    let lang = cx.env.locale.lang.as_str();
    let shop = sg::templates(&cx.env.conn, Kind::MissYou, lang)?;
    let never = cx.greetings.never(Kind::MissYou, lang);
    let Some(choice) = greetings_data::choices(cx.greetings, &shop, Kind::MissYou, lang)
        .into_iter()
        .find(|c| templates::check(Kind::MissYou, &c.text, never).is_ok())
    else {
        return Ok(None);
    };
    let associate = cx.user.map_or("", |u| u.name.as_str());
    let text = fill(
        &choice.text,
        &Fill {
            customer,
            associate,
            shop: cx.shop_name,
            occasion: "",
        },
    );
    // Checked again as sent: a name can never smuggle in a forbidden word.
    Ok(templates::forbidden(&text, never)
        .is_empty()
        .then_some(text))
}

/// What a tap on the greetings lands on.
pub enum Tap {
    /// A button over the list: what its key does.
    Button(Action),
    /// A customer row, counted over all groups (again: the file).
    Row(usize),
    /// An occasion's "more": its next page.
    More(usize),
    /// A template of the library (again: edit it).
    Template(usize),
}

impl View for GreetingsState {
    fn contexts(&self) -> Vec<Context> {
        if self.library.editor.is_some() {
            vec![Context::Text, Context::Greetings]
        } else {
            vec![Context::Greetings]
        }
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![Action::Back]
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        app: &App,
        hits: &mut HitMap,
    ) {
        crate::ui::greetings::draw(frame, area, app, self, hits)
    }

    fn reload(&mut self, cx: &mut Ctx) -> Result<()> {
        self.read(cx)
    }

    fn dirty(&self) -> bool {
        self.library.editor.as_ref().is_some_and(|e| e.dirty())
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Effect {
        if let Some(ed) = &mut self.library.editor {
            ed.field.paste(text);
        }
        Effect::None
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        if self.tab == Tab::Library {
            return library::update(self, action, cx);
        }
        self.update_due(action, cx)
    }

    fn tap(&mut self, target: &dyn std::any::Any, cx: &mut Ctx) -> Effect {
        match target.downcast_ref::<Tap>() {
            Some(Tap::Button(a)) => self.update(*a, cx),
            Some(Tap::Row(i)) if self.tab == Tab::Due && *i < self.rows().len() => {
                let again = *i == self.selected;
                self.selected = *i;
                if again {
                    return self.open_file(cx);
                }
                Effect::None
            }
            Some(Tap::More(g)) if self.tab == Tab::Due => {
                if let Some(first) = self.rows().iter().position(|(gg, _)| gg == g) {
                    self.selected = first;
                    return self.page(cx, true);
                }
                Effect::None
            }
            Some(Tap::Template(i)) if self.tab == Tab::Library => library::tap(self, *i, cx),
            _ => Effect::None,
        }
    }
}

impl GreetingsState {
    fn update_due(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let n = self.rows().len();
        let sel = &mut self.selected;
        match action {
            Action::Up | Action::ScrollUp => *sel = sel.saturating_sub(1),
            Action::Down | Action::ScrollDown => *sel = (*sel + 1).min(n.saturating_sub(1)),
            Action::PageUp => *sel = sel.saturating_sub(10),
            Action::PageDown => *sel = (*sel + 10).min(n.saturating_sub(1)),
            Action::First => *sel = 0,
            Action::Last => *sel = n.saturating_sub(1),
            Action::Toggle | Action::ToggleBack => {
                if let Some(g) = self.current_group() {
                    let group = &mut self.groups[g];
                    let back = action == Action::ToggleBack;
                    group.choice =
                        crate::app::action::cycle(group.choice, group.choices.len(), back);
                    self.refused.clear();
                }
            }
            Action::NextTab | Action::PrevTab => return self.page(cx, action == Action::NextTab),
            Action::Send => self.send(cx),
            // Enter opens the customer's file: a greeting goes only by Send.
            Action::Select => return self.open_file(cx),
            Action::Export => export(cx),
            Action::Edit => {
                let kind = self.current().map_or(Kind::Festival, |(g, _)| g.kind);
                self.tab = Tab::Library;
                self.library.kind = kind;
                return Effect::from_result(library::load(self, cx));
            }
            Action::Refresh => return Effect::from_result(self.read(cx)),
            Action::Back => return Effect::Back,
            _ => {}
        }
        Effect::None
    }
}

/// The buttons over the list: label and action, by tab.
pub fn buttons(app: &App, s: &GreetingsState) -> Vec<(String, Action)> {
    let acts: &[Action] = match s.tab {
        Tab::Due => &[Action::Send, Action::Toggle, Action::Export, Action::Edit],
        Tab::Library if s.library.editor.is_some() => &[Action::Save, Action::Back],
        Tab::Library => &[Action::Edit, Action::Add, Action::NextFocus, Action::Toggle],
    };
    let ctx = app.contexts();
    acts.iter()
        .map(|a| {
            let label = match (s.tab, a) {
                (Tab::Due, Action::Toggle) => app.t("greetings.next_template"),
                (Tab::Due, Action::Edit) => app.t("greetings.tab_templates"),
                (Tab::Library, Action::NextFocus) => app.t("greetings.next_kind"),
                (Tab::Library, Action::Toggle) => app.t("greetings.other_lang"),
                _ => app.t(&format!("action.{}", a.name().unwrap_or_default())),
            };
            (
                crate::ui::widgets::button_text(label, app.env.keymap.key_for(&ctx, *a).as_deref()),
                *a,
            )
        })
        .collect()
}
