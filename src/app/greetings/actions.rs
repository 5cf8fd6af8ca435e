//! What the greetings' keys do beyond moving: turning an occasion's
//! pages, opening a customer's file, sending a greeting and exporting the
//! day's greetings (the last two off the screen's thread).

use anyhow::Result;
use std::path::PathBuf;

use super::{GreetingsState, PAGE, Signer, own_staff_of, preview_by, read_again};
use crate::app::{Ctx, Effect};
use crate::domain::occasions::{self, Kind};
use crate::domain::templates::{self, Problem};
use crate::store::greetings::{self as sg, Sent};

impl GreetingsState {
    /// The selected group's next or previous page. A festival's pages start
    /// after a customer id; the birthdays' pages after a number of rows.
    pub(super) fn page(&mut self, cx: &Ctx, next: bool) -> Effect {
        let staff = own_staff_of(cx);
        let days = occasions::birthday_days(cx.today(), cx.greetings.calendar.birthday_window_days);
        let Some(g) = self.current_group() else {
            return Effect::None;
        };
        let group = &mut self.groups[g];
        let birthdays = group.kind == Kind::Birthday;
        let start = match (next, group.pages.len()) {
            (true, _) if group.pane.rows.len() < PAGE => return Effect::None,
            (true, _) if birthdays => group.pages.last().copied().unwrap_or(0) + PAGE as i64,
            (true, _) => group.pane.rows.last().map_or(0, |r| r.customer_id),
            (false, n) if n < 2 => return Effect::None,
            (false, n) => group.pages[n - 2],
        };
        let conn = &cx.env.conn;
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
                self.selected = self.rows().iter().position(|(gg, _)| *gg == g).unwrap_or(0);
                Effect::None
            }
            Ok(_) => Effect::None,
            Err(e) => Effect::Fault(e),
        }
    }

    pub(super) fn open_file(&self, cx: &mut Ctx) -> Effect {
        match self.current() {
            Some((_, row)) => crate::app::file::open_file(cx, row.customer_id),
            None => Effect::None,
        }
    }

    /// Sends the selected greeting: the rules again, the sent-mark and the
    /// contact, then the text to the clipboard.
    pub(super) fn send(&mut self, cx: &mut Ctx) {
        let Some((group, row)) = self.current() else {
            return;
        };
        let lang = cx.env.locale.lang.clone();
        let by = Signer {
            loc: &cx.env.locale,
            associate: cx.user.map_or("", |u| u.name.as_str()),
            shop: cx.shop_name,
            today: cx.today(),
        };
        let Some(text) = preview_by(&by, group, row) else {
            let msg = cx
                .env
                .locale
                .f("greetings.no_template", &[("kind", group.kind.id())]);
            return cx.error(msg);
        };
        let template = group.template().map(|t| t.text.clone()).unwrap_or_default();
        let never = cx.greetings.never(group.kind, &lang).clone();
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
            self.refused = found;
            let msg = cx.t("greetings.breaks_rule").to_string();
            return cx.error(msg);
        }
        let staff_id = cx.user_id();
        self.refused.clear();
        cx.save(
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
                    read_again(app);
                    app.info(msg);
                }
                Ok((false, _)) => {
                    let msg = app.env.locale.f("greetings.not_sent", &[("name", &name)]);
                    read_again(app);
                    app.error(msg);
                }
                Err(e) => app.fault(e),
            },
        );
    }
}

fn export_dir(conn: &rusqlite::Connection) -> PathBuf {
    conn.path()
        .filter(|p| !p.is_empty())
        .and_then(|p| std::path::Path::new(p).parent().map(|d| d.join("exports")))
        .unwrap_or_else(|| PathBuf::from("exports"))
}

/// Today's greetings as CSV for the SMS gateway, marked sent; written off
/// the screen's thread.
pub(super) fn export(cx: &mut Ctx) {
    let today = cx.today();
    let path = export_dir(&cx.env.conn).join(format!("greetings-{today}.csv"));
    let staff = own_staff_of(cx);
    let by = cx.user_id();
    let data = std::sync::Arc::clone(cx.greetings);
    let shop = cx.shop_name.to_string();
    let loc = cx.env.locale.clone();
    let file = path.clone();
    cx.save(
        move |conn| -> Result<usize> {
            let out = std::io::BufWriter::new(crate::shop_files::create(&file)?);
            crate::export::greetings::day(conn, &data, &loc, &shop, today, staff, by, out)
        },
        move |app, result| match result {
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
                read_again(app);
                app.info(msg);
            }
            Err(e) => app.fault(e),
        },
    );
}
