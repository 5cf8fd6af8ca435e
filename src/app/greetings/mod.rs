//! The greetings screen: who is due a birthday, festival or season greeting
//! today and soon, grouped by occasion, each with its template filled in;
//! Send records the contact and copies the text to the tablet's clipboard.
//! The second tab is the message library (`library.rs`).

pub mod library;

use anyhow::Result;
use chrono::NaiveDate;
use std::path::PathBuf;

use super::{Action, App, Screen};
use crate::domain::occasions::{self, Kind};
use crate::domain::staff::Role;
use crate::domain::templates::{self, Problem};
use crate::export::greetings::{Fill, fill, occasion_name};
use crate::greetings_data::{self, Choice};
use crate::store::greetings::{self as sg, DueRow, Sent};
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

/// The occasions due today and in the coming days, each with its first rows.
pub fn load_groups(app: &App, limit: usize) -> Result<Vec<Group>> {
    load_groups_in(&app.env, app.user.as_ref(), &app.greetings, limit)
}

/// [`load_groups`] from the parts of the app a screen's context holds.
pub fn load_groups_in(
    env: &super::Env,
    user: Option<&crate::store::staff::Staff>,
    data: &crate::greetings_data::GreetingData,
    limit: usize,
) -> Result<Vec<Group>> {
    let today = env.now().date();
    let conn = &env.conn;
    let staff = user.filter(|u| u.role == Role::Associate).map(|u| u.id);
    let loc = &env.locale;
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

pub fn open(app: &mut App) {
    match load_groups(app, PAGE) {
        Ok(groups) => {
            let lib = library::LibraryState::new(Kind::Festival, &app.env.locale.lang);
            app.open(Screen::Greetings(Box::new(GreetingsState {
                tab: Tab::Due,
                groups,
                selected: 0,
                refused: Vec::new(),
                library: lib,
            })));
        }
        Err(e) => app.fault(e),
    }
}

/// Reads the groups again, keeping the chosen templates and the selection.
pub fn reload(app: &mut App) {
    let Screen::Greetings(s) = &app.screen else {
        return;
    };
    let chosen: Vec<(String, usize)> = s
        .groups
        .iter()
        .map(|g| (g.name.clone(), g.choice))
        .collect();
    match load_groups(app, PAGE) {
        Ok(mut groups) => {
            for g in &mut groups {
                if let Some((_, c)) = chosen.iter().find(|(n, _)| *n == g.name) {
                    g.choice = (*c).min(g.choices.len().saturating_sub(1));
                }
            }
            if let Screen::Greetings(s) = &mut app.screen {
                s.groups = groups;
                s.selected = s.selected.min(s.rows().len().saturating_sub(1));
            }
        }
        Err(e) => app.fault(e),
    }
}

/// The greeting for the selected row, filled in: associate = the signed-in user.
pub fn preview(app: &App, group: &Group, row: &DueRow) -> Option<String> {
    let t = group.template()?;
    let associate = app.user.as_ref().map_or("", |u| u.name.as_str());
    if group.kind == Kind::Birthday && row.in_days > 0 {
        return Some(early_birthday(app, row, associate));
    }
    Some(fill(
        &t.text,
        &Fill {
            customer: &row.name,
            associate,
            shop: &app.shop_name,
            occasion: &group.name,
        },
    ))
}

/// A birthday greeting sent before the day: the templates say "today"
/// (S1 "提醒顾客今天是她的生日"), so the text names the day instead.
fn early_birthday(app: &App, row: &DueRow, associate: &str) -> String {
    let loc = &app.env.locale;
    let birthday = app.today() + chrono::Duration::days(row.in_days);
    let date = birthday
        .format(loc.t("practices.birthday_date_format"))
        .to_string();
    loc.f(
        "practices.birthday_early",
        &[
            ("customer", &row.name),
            ("date", &date),
            ("associate", associate),
            ("shop", &app.shop_name),
        ],
    )
}

/// The shop's first miss-you message (DOMAIN §3 kind D) that keeps its
/// rule, filled in for `customer` and signed by the signed-in associate: the
/// text a miss-you task offers to copy.
/// A failed read of the shop's messages is an error, not "no message".
pub fn miss_you_message(app: &App, customer: &str) -> anyhow::Result<Option<String>> {
    let lang = app.env.locale.lang.as_str();
    let shop = sg::templates(&app.env.conn, Kind::MissYou, lang)?;
    let never = app.greetings.never(Kind::MissYou, lang);
    let Some(choice) = greetings_data::choices(&app.greetings, &shop, Kind::MissYou, lang)
        .into_iter()
        .find(|c| templates::check(Kind::MissYou, &c.text, never).is_ok())
    else {
        return Ok(None);
    };
    let associate = app.user.as_ref().map_or("", |u| u.name.as_str());
    let text = fill(
        &choice.text,
        &Fill {
            customer,
            associate,
            shop: &app.shop_name,
            occasion: "",
        },
    );
    // Checked again as sent: a name can never smuggle in a forbidden word.
    Ok(templates::forbidden(&text, never)
        .is_empty()
        .then_some(text))
}

pub fn update(app: &mut App, action: Action) {
    let Screen::Greetings(s) = &mut app.screen else {
        return;
    };
    if s.tab == Tab::Library {
        return library::update(app, action);
    }
    let n = s.rows().len();
    let sel = &mut s.selected;
    match action {
        Action::Up | Action::ScrollUp => *sel = sel.saturating_sub(1),
        Action::Down | Action::ScrollDown => *sel = (*sel + 1).min(n.saturating_sub(1)),
        Action::PageUp => *sel = sel.saturating_sub(10),
        Action::PageDown => *sel = (*sel + 10).min(n.saturating_sub(1)),
        Action::First => *sel = 0,
        Action::Last => *sel = n.saturating_sub(1),
        Action::Toggle => {
            if let Some(g) = s.current_group() {
                let group = &mut s.groups[g];
                group.choice = (group.choice + 1) % group.choices.len().max(1);
                s.refused.clear();
            }
        }
        Action::NextTab | Action::PrevTab => page(app, action == Action::NextTab),
        Action::Send => send(app),
        // Enter opens the customer's file: a greeting goes only by Send.
        Action::Select => open_file(app),
        Action::Export => export(app),
        Action::Edit => {
            let kind = s.current().map_or(Kind::Festival, |(g, _)| g.kind);
            s.tab = Tab::Library;
            s.library.kind = kind;
            library::load(app);
        }
        Action::Refresh => reload(app),
        Action::Pick { zone: 0, index } => {
            if let Some(a) = buttons(app).get(index as usize).map(|(_, a)| *a) {
                update(app, a);
            }
        }
        Action::Pick { zone: 1, index } => {
            let again = index as usize == *sel;
            if (index as usize) < n {
                *sel = index as usize;
                if again {
                    open_file(app);
                }
            }
        }
        Action::Pick { zone: 2, index } => {
            // A tap on "more": the group's next page.
            if let Some(first) = s.rows().iter().position(|(g, _)| *g == index as usize) {
                s.selected = first;
                page(app, true);
            }
        }
        Action::Back => app.back(),
        _ => {}
    }
}

/// The buttons over the list: label and action, by tab.
pub fn buttons(app: &App) -> Vec<(String, Action)> {
    let Screen::Greetings(s) = &app.screen else {
        return Vec::new();
    };
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

/// The selected group's next or previous page. A festival's pages start
/// after a customer id; the birthdays' pages after a number of rows.
fn page(app: &mut App, next: bool) {
    let staff = own_staff(app);
    let days = occasions::birthday_days(app.today(), app.greetings.calendar.birthday_window_days);
    let Screen::Greetings(s) = &mut app.screen else {
        return;
    };
    let Some(g) = s.current_group() else { return };
    let group = &mut s.groups[g];
    let birthdays = group.kind == Kind::Birthday;
    let start = match (next, group.pages.len()) {
        (true, _) if group.pane.rows.len() < PAGE => return,
        (true, _) if birthdays => group.pages.last().copied().unwrap_or(0) + PAGE as i64,
        (true, _) => group.pane.rows.last().map_or(0, |r| r.customer_id),
        (false, n) if n < 2 => return,
        (false, n) => group.pages[n - 2],
    };
    let conn = &app.env.conn;
    let read = if birthdays {
        sg::birthdays(conn, &days, staff, start as usize, PAGE)
    } else {
        // The count stays what the screen read: only the rows page.
        let count = group.pane.count;
        sg::occasion(conn, &group.key, group.in_days, staff, 0, start, PAGE).map(|mut p| {
            p.count = count;
            p
        })
    };
    match read {
        Ok(pane) if !pane.rows.is_empty() => {
            if next {
                group.pages.push(start);
            } else {
                group.pages.pop();
            }
            group.pane = pane;
            s.selected = s.rows().iter().position(|(gg, _)| *gg == g).unwrap_or(0);
        }
        Ok(_) => {}
        Err(e) => app.fault(e),
    }
}

fn open_file(app: &mut App) {
    let Screen::Greetings(s) = &app.screen else {
        return;
    };
    if let Some((_, row)) = s.current() {
        super::file::open(app, row.customer_id);
    }
}

/// Sends the selected greeting: the rules again, the sent-mark and the
/// contact, then the text to the clipboard.
fn send(app: &mut App) {
    let Screen::Greetings(s) = &app.screen else {
        return;
    };
    let Some((group, row)) = s.current() else {
        return;
    };
    let lang = app.env.locale.lang.clone();
    let Some(text) = preview(app, group, row) else {
        let msg = app
            .env
            .locale
            .f("greetings.no_template", &[("kind", group.kind.id())]);
        return app.error(msg);
    };
    let template = group.template().map(|t| t.text.clone()).unwrap_or_default();
    let never = app.greetings.never(group.kind, &lang).clone();
    let mut found = templates::forbidden(&text, &never);
    if let Err(Problem::Forbidden(w)) = templates::check(group.kind, &template, &never) {
        for w in w {
            if !found.contains(&w) {
                found.push(w);
            }
        }
    }
    let (kind, key, customer_id, name) = (
        group.kind,
        row.occasion_key.clone(),
        row.customer_id,
        row.name.clone(),
    );
    if !found.is_empty() {
        if let Screen::Greetings(s) = &mut app.screen {
            s.refused = found;
        }
        let msg = app.t("greetings.breaks_rule").to_string();
        return app.error(msg);
    }
    let staff_id = app.user.as_ref().map(|u| u.id);
    if let Screen::Greetings(s) = &mut app.screen {
        s.refused.clear();
    }
    // Off the screen's thread, like every save.
    app.save_in_background(
        move |conn| {
            let sent = Sent {
                customer_id,
                staff_id,
                kind,
                occasion_key: &key,
                text: &text,
                via: "clipboard",
            };
            sg::send(conn, &sent).map(|done| (done, text))
        },
        move |app, result| match result {
            Ok((true, text)) => {
                app.clipboard = Some(text);
                let msg = app.env.locale.f("greetings.sent", &[("name", &name)]);
                reload(app);
                app.info(msg);
            }
            Ok((false, _)) => {
                let msg = app.env.locale.f("greetings.not_sent", &[("name", &name)]);
                reload(app);
                app.error(msg);
            }
            Err(e) => app.fault(e),
        },
    );
}

fn export_dir(app: &App) -> PathBuf {
    app.env
        .conn
        .path()
        .filter(|p| !p.is_empty())
        .and_then(|p| std::path::Path::new(p).parent().map(|d| d.join("exports")))
        .unwrap_or_else(|| PathBuf::from("exports"))
}

/// Today's greetings as CSV for the SMS gateway, marked sent.
fn export(app: &mut App) {
    let today = app.today();
    let dir = export_dir(app);
    let path = dir.join(format!("greetings-{today}.csv"));
    let staff = own_staff(app);
    let by = app.user.as_ref().map(|u| u.id);
    let data = std::sync::Arc::clone(&app.greetings);
    let shop = app.shop_name.clone();
    let result = (|| -> Result<usize> {
        let out = std::io::BufWriter::new(crate::shop_files::create(&path)?);
        crate::export::greetings::day(
            &mut app.env.conn,
            &data,
            &app.env.locale,
            &shop,
            today,
            staff,
            by,
            out,
        )
    })();
    match result {
        Ok(0) => {
            let _ = std::fs::remove_file(&path);
            let msg = app.t("greetings.exported_none").to_string();
            app.info(msg);
        }
        Ok(n) => {
            let msg = app.env.locale.f(
                "greetings.exported",
                &[("n", &n.to_string()), ("path", &path.display().to_string())],
            );
            reload(app);
            app.info(msg);
        }
        Err(e) => app.fault(e),
    }
}
