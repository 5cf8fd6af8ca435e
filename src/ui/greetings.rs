//! The greetings screen: the occasions with who is due, the filled-in
//! preview beside them; the message library with its editor.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::theme;
use super::widgets::{self, fit, pad, styled};
use crate::app::greetings::library::{Editor, LibraryState};
use crate::app::greetings::{self as g, GreetingsState, Line as L, Tab, Tap};
use crate::app::{App, HitMap};
use crate::domain::customer::mask_phone;
use crate::domain::occasions::{self, Kind};
use crate::domain::templates;

struct Areas {
    strip: Rect,
    list: Rect,
    side: Rect,
}

fn areas(body: Rect) -> Areas {
    let [strip, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(body);
    let [list, side] = if rest.width >= 120 {
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(rest)
    } else {
        Layout::vertical([Constraint::Min(4), Constraint::Length(8)]).areas(rest)
    };
    Areas { strip, list, side }
}

fn inner(r: Rect) -> Rect {
    Block::bordered().inner(r)
}

/// The first line shown, so that `line` stays in view.
fn offset(line: usize, height: u16) -> usize {
    line.saturating_sub(height.saturating_sub(1) as usize)
}

fn when(app: &App, in_days: i64) -> String {
    let loc = &app.env.locale;
    match in_days {
        0 => loc.t("home.today").to_string(),
        1 => loc.t("home.tomorrow").to_string(),
        n => loc.f("home.in_days", &[("n", &n.to_string())]),
    }
}

/// The VIP mark of a birthday row: tier and discount, or nothing.
pub fn vip(app: &App, spend_fen: i64) -> Option<String> {
    let tiers = &app.env.policy.customers.tiers;
    let tier = crate::domain::customer::tier_for(tiers, spend_fen);
    let index = tiers.iter().position(|t| t.id == tier.id).unwrap_or(0);
    let pct = occasions::birthday_discount(
        index,
        app.env.policy.greetings.vip_birthday_discount_percent,
    )?;
    Some(app.env.locale.f(
        "greetings.vip",
        &[
            ("tier", app.t(&format!("tier.{}", tier.id))),
            ("discount", &pct.to_string()),
        ],
    ))
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, s: &GreetingsState, hits: &mut HitMap) {
    let a = areas(body);
    let texts: Vec<String> = g::buttons(app, s).into_iter().map(|(t, _)| t).collect();
    widgets::buttons(frame, a.strip, &texts, None);
    record_taps(app, body, s, hits);
    match s.tab {
        Tab::Due => draw_due(frame, &a, app, s),
        Tab::Library => draw_library(frame, &a, app, s),
    }
}

fn selected_line(s: &GreetingsState, lines: &[L]) -> usize {
    let rows = s.rows();
    rows.get(s.selected)
        .and_then(|(gi, ri)| lines.iter().position(|l| *l == L::Row(*gi, *ri)))
        .unwrap_or(0)
}

fn draw_due(frame: &mut Frame, a: &Areas, app: &App, s: &GreetingsState) {
    let loc = &app.env.locale;
    let total: i64 = s.groups.iter().map(|gr| gr.pane.count).sum();
    let title = Line::from(vec![
        styled(format!(" {} ", loc.t("greetings.title")), theme::title()),
        styled(format!("({total}) "), theme::warn()),
    ]);
    frame.render_widget(
        Block::bordered()
            .title(title)
            .border_style(theme::focus_border()),
        a.list,
    );
    let area = inner(a.list);
    if s.groups.is_empty() {
        frame.render_widget(
            Paragraph::new(loc.t("greetings.none"))
                .style(theme::dim())
                .wrap(Wrap { trim: true }),
            area,
        );
    } else {
        let lines = s.lines();
        let sel = selected_line(s, &lines);
        let w = area.width as usize;
        let skip = offset(sel, area.height);
        let shown: Vec<Line> = lines
            .iter()
            .enumerate()
            .skip(skip)
            .take(area.height as usize)
            .map(|(i, l)| line(app, s, *l, w, i == sel))
            .collect();
        frame.render_widget(Paragraph::new(shown), area);
    }
    draw_preview(frame, a.side, app, s);
}

fn line(app: &App, s: &GreetingsState, l: L, w: usize, selected: bool) -> Line<'static> {
    let loc = &app.env.locale;
    match l {
        L::Heading(gi) => {
            let gr = &s.groups[gi];
            let mut text = gr.name.clone();
            if gr.kind != Kind::Birthday {
                text.push_str(&format!(
                    " · {}",
                    loc.t(&format!("greetings.kind.{}", gr.kind.id()))
                ));
            }
            if let Some(d) = gr.date {
                text.push_str(&format!(
                    " · {} {}",
                    d.format("%m-%d"),
                    when(app, gr.in_days)
                ));
            }
            text.push_str(&format!(" ({})", gr.pane.count));
            Line::from(styled(fit(&text, w), theme::title()))
        }
        L::Row(gi, ri) => {
            let gr = &s.groups[gi];
            let r = &gr.pane.rows[ri];
            let mut text = format!(
                "  {} {} {}",
                pad(&when(app, r.in_days), 10),
                pad(&r.name, 14),
                pad(&mask_phone(&r.phone), 12)
            );
            let mark = (gr.kind == Kind::Birthday)
                .then(|| vip(app, r.total_spend_fen))
                .flatten();
            if let Some(m) = &mark {
                text.push(' ');
                text.push_str(m);
            }
            let style = if selected {
                theme::selected()
            } else if mark.is_some() {
                theme::good()
            } else {
                ratatui::style::Style::default()
            };
            Line::from(styled(pad(&fit(&text, w), w), style))
        }
        L::More(gi) => {
            let gr = &s.groups[gi];
            let page = gr.pages.len();
            let shown = (page - 1) * g::PAGE + gr.pane.rows.len();
            let mut text = format!(
                "  {}",
                loc.f(
                    "greetings.more",
                    &[
                        ("shown", &shown.to_string()),
                        ("n", &gr.pane.count.to_string())
                    ]
                )
            );
            if page > 1 {
                text.push_str(&format!(
                    " · {}",
                    loc.f("greetings.page", &[("page", &page.to_string())])
                ));
            }
            Line::from(styled(fit(&text, w), theme::dim()))
        }
    }
}

fn draw_preview(frame: &mut Frame, area: Rect, app: &App, s: &GreetingsState) {
    let loc = &app.env.locale;
    let Some((gr, row)) = s.current() else {
        frame.render_widget(Block::bordered().border_style(theme::border()), area);
        return;
    };
    let title = match gr.template() {
        Some(t) => format!(
            " {} · {} · {} ",
            loc.t("greetings.preview"),
            loc.f(
                "greetings.template",
                &[
                    ("i", &(gr.choice + 1).to_string()),
                    ("n", &gr.choices.len().to_string())
                ]
            ),
            if t.version.is_some() {
                loc.t("greetings.own")
            } else {
                loc.t("greetings.from_file")
            }
        ),
        None => format!(" {} ", loc.t("greetings.preview")),
    };
    let block = Block::bordered()
        .title(styled(title, theme::title()))
        .border_style(theme::border());
    let inside = block.inner(area);
    frame.render_widget(block, area);
    let text = g::preview(app, gr, row).unwrap_or_default();
    let never = app.greetings.never(gr.kind, &loc.lang);
    let mut words = templates::forbidden(&text, never);
    words.extend(
        s.refused
            .iter()
            .filter(|w| !words.contains(w))
            .cloned()
            .collect::<Vec<_>>(),
    );
    let mut lines = vec![
        Line::from(styled(
            loc.f(
                "greetings.to",
                &[("name", &row.name), ("phone", &mask_phone(&row.phone))],
            ),
            theme::dim(),
        )),
        Line::from(text),
    ];
    if !words.is_empty() {
        lines.push(Line::from(styled(
            loc.f("greetings.must_never", &[("words", &words.join("、"))]),
            theme::error(),
        )));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inside);
}

fn draw_library(frame: &mut Frame, a: &Areas, app: &App, s: &GreetingsState) {
    let loc = &app.env.locale;
    let lib = &s.library;
    let title = loc.f(
        "greetings.templates_of",
        &[
            ("kind", loc.t(&format!("greetings.kind.{}", lib.kind.id()))),
            ("lang", loc.t(&format!("greetings.lang_{}", lib.lang))),
        ],
    );
    frame.render_widget(
        Block::bordered()
            .title(Line::from(vec![
                styled(
                    format!(" {} ", loc.t("greetings.tab_templates")),
                    theme::title(),
                ),
                styled(format!("· {title} "), theme::warn()),
            ]))
            .border_style(theme::focus_border()),
        a.list,
    );
    let area = inner(a.list);
    let w = area.width as usize;
    let skip = offset(lib.selected, area.height);
    let lines: Vec<Line> = lib
        .list
        .iter()
        .enumerate()
        .skip(skip)
        .take(area.height as usize)
        .map(|(i, c)| {
            let mark = if c.version.is_some() { "*" } else { " " };
            let text = pad(&fit(&format!("{mark}{} {}", pad(&c.key, 16), c.text), w), w);
            let style = if i == lib.selected {
                theme::selected()
            } else {
                ratatui::style::Style::default()
            };
            Line::from(Span::styled(text, style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
    let placeholders: Vec<String> = templates::placeholders(lib.kind)
        .iter()
        .map(|p| format!("{{{p}}}"))
        .collect();
    let hint = loc.f(
        "greetings.placeholders",
        &[("list", &placeholders.join(" "))],
    );
    match &lib.editor {
        Some(ed) => draw_template_editor(frame, a.side, app, ed, &hint),
        None => draw_template_preview(frame, a.side, app, lib, hint),
    }
}

/// The template being edited: its field, error, full text and the
/// placeholders it may use.
fn draw_template_editor(frame: &mut Frame, side: Rect, app: &App, ed: &Editor, hint: &str) {
    let loc = &app.env.locale;
    let block = Block::bordered()
        .title(styled(
            format!(" {} ", loc.f("greetings.editing", &[("key", &ed.key)])),
            theme::title(),
        ))
        .border_style(theme::focus_border());
    let inside = block.inner(side);
    frame.render_widget(block, side);
    let [field, err, text, help] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inside);
    widgets::input(frame, field, &ed.field, true);
    if let Some(e) = &ed.error {
        frame.render_widget(
            Paragraph::new(fit(e, err.width as usize)).style(theme::error()),
            err,
        );
    }
    frame.render_widget(
        Paragraph::new(ed.field.value().to_string()).wrap(Wrap { trim: false }),
        text,
    );
    frame.render_widget(
        Paragraph::new(fit(hint, help.width as usize)).style(theme::dim()),
        help,
    );
}

/// The picked template's text in full, with the placeholders and how to edit.
fn draw_template_preview(
    frame: &mut Frame,
    side: Rect,
    app: &App,
    lib: &LibraryState,
    hint: String,
) {
    let loc = &app.env.locale;
    let block = Block::bordered()
        .title(styled(
            format!(" {} ", loc.t("greetings.preview")),
            theme::title(),
        ))
        .border_style(theme::border());
    let inside = block.inner(side);
    frame.render_widget(block, side);
    let text = lib.list.get(lib.selected).map_or("", |c| c.text.as_str());
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(text.to_string()),
            Line::from(styled(hint, theme::dim())),
            Line::from(styled(
                loc.t("greetings.edit_hint").to_string(),
                theme::dim(),
            )),
        ])
        .wrap(Wrap { trim: false }),
        inside,
    );
}

/// Records the buttons and the lines of the list as drawn (the list
/// scrolls to keep the selection in view).
fn record_taps(app: &App, body: Rect, s: &GreetingsState, hits: &mut HitMap) {
    let a = areas(body);
    let b = g::buttons(app, s);
    let texts: Vec<String> = b.iter().map(|(t, _)| t.clone()).collect();
    for (r, (_, action)) in widgets::button_rects(a.strip, &texts).into_iter().zip(b) {
        hits.add(r, Tap::Button(action));
    }
    let area = inner(a.list);
    let line = |k: u16| Rect::new(area.x, area.y + k, area.width, 1);
    match s.tab {
        Tab::Library => {
            let skip = offset(s.library.selected, area.height);
            for k in 0..area.height {
                hits.add(line(k), Tap::Template(skip + k as usize));
            }
        }
        Tab::Due => {
            let lines = s.lines();
            let rows = s.rows();
            let skip = offset(selected_line(s, &lines), area.height);
            for k in 0..area.height {
                match lines.get(skip + k as usize) {
                    Some(L::Row(gi, ri)) => {
                        if let Some(i) = rows.iter().position(|x| *x == (*gi, *ri)) {
                            hits.add(line(k), Tap::Row(i));
                        }
                    }
                    Some(L::More(gi)) => hits.add(line(k), Tap::More(*gi)),
                    _ => {}
                }
            }
        }
    }
}
