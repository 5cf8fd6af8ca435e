//! The catalogue: the search line, the products, the selected product's
//! barcodes and price history; the editor and the price change in its place.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState};

use super::theme;
use super::widgets::{self, fit, pad};
use crate::app::catalogue::{
    CatalogueState, Editor, Mode, PFIELDS, PField, PriceForm, Tap, categories,
};
use crate::app::{Action, App, HitMap};
use crate::i18n::Locale;
use crate::store::products::Product;

const LABEL_W: u16 = 18;

pub fn hint_actions(c: &CatalogueState) -> Vec<Action> {
    match c.mode {
        Mode::List => vec![
            Action::Select,
            Action::Add,
            Action::PriceChange,
            Action::Remove,
            Action::Back,
        ],
        _ => vec![Action::Save, Action::NextFocus, Action::Back],
    }
}

struct ListLayout {
    search: Rect,
    table: Rect,
    detail: Rect,
}

fn list_layout(body: Rect) -> ListLayout {
    let [search, rest] = Layout::vertical([Constraint::Length(2), Constraint::Min(3)]).areas(body);
    let [table, detail] = Layout::vertical([Constraint::Min(3), Constraint::Length(7)]).areas(rest);
    ListLayout {
        search: Rect {
            height: 1,
            ..search
        },
        table: Block::bordered().inner(table),
        detail,
    }
}

/// The rows of a form, one per field, under a title line.
fn form_rows(body: Rect, n: usize) -> Vec<Rect> {
    (0..n)
        .map(|i| {
            Rect::new(
                body.x + 1,
                body.y + 2 + i as u16,
                body.width.saturating_sub(2),
                1,
            )
        })
        .filter(|r| r.y < body.bottom())
        .collect()
}

fn value_rect(r: Rect) -> Rect {
    Rect {
        x: r.x + LABEL_W,
        width: r.width.saturating_sub(LABEL_W).min(30),
        ..r
    }
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, c: &CatalogueState, hits: &mut HitMap) {
    match &c.mode {
        Mode::List => draw_list(frame, body, app, c),
        Mode::Edit(ed) => draw_editor(frame, body, app, ed),
        Mode::Price(pf) => draw_price(frame, body, app, c, pf),
    }
    record_taps(body, c, hits);
}

fn draw_list(frame: &mut Frame, body: Rect, app: &App, c: &CatalogueState) {
    let loc = &app.env.locale;
    let l = list_layout(body);
    let label = format!("{} ", loc.t("catalogue.find"));
    let lw = widgets::width(&label);
    frame.render_widget(Paragraph::new(label).style(theme::title()), l.search);
    widgets::input(
        frame,
        Rect {
            x: l.search.x + lw,
            width: l.search.width.saturating_sub(lw).min(40),
            ..l.search
        },
        &c.query,
        true,
    );
    let title = loc.f("catalogue.title", &[("n", &c.rows.len().to_string())]);
    frame.render_widget(
        Block::bordered().title(title).border_style(theme::border()),
        Rect {
            x: l.table.x - 1,
            y: l.table.y - 1,
            width: l.table.width + 2,
            height: l.table.height + 2,
        },
    );
    let rows: Vec<Row> = c
        .rows
        .iter()
        .zip(&c.retired)
        .map(|(p, retired)| product_row(loc, p, retired.is_some()))
        .collect();
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(loc.t("catalogue.none")).style(theme::dim()),
            l.table,
        );
    } else {
        let header = Row::new(vec![
            loc.t("catalogue.f_style_no"),
            loc.t("catalogue.f_name"),
            loc.t("catalogue.f_category"),
            loc.t("catalogue.f_list_price"),
            loc.t("catalogue.f_current_price"),
            "",
        ])
        .style(theme::dim());
        let table = Table::new(
            rows,
            [
                Constraint::Length(12),
                Constraint::Min(12),
                Constraint::Length(8),
                Constraint::Length(11),
                Constraint::Length(11),
                Constraint::Length(12),
            ],
        )
        .header(header)
        .row_highlight_style(theme::selected());
        let mut state = TableState::default().with_selected(Some(c.selected));
        frame.render_stateful_widget(table, l.table, &mut state);
    }
    draw_detail(frame, l.detail, app, c);
}

/// A product's line: style number, name, category, prices and its flags;
/// dim when retired.
fn product_row(loc: &Locale, p: &Product, retired: bool) -> Row<'static> {
    let mut flags = Vec::new();
    if p.clearance {
        flags.push(loc.t("catalogue.clearance"));
    }
    if p.made_to_order {
        flags.push(loc.t("catalogue.made_to_order"));
    }
    if retired {
        flags.push(loc.t("catalogue.retired_flag"));
    }
    Row::new(vec![
        p.style_no.clone(),
        p.name.clone(),
        loc.t(&format!("category.{}", p.category)).to_string(),
        loc.money(p.list_price_fen),
        loc.money(p.current_price_fen),
        flags.join(" "),
    ])
    .style(if retired {
        theme::dim()
    } else {
        ratatui::style::Style::default()
    })
}

fn draw_detail(frame: &mut Frame, area: Rect, app: &App, c: &CatalogueState) {
    let loc = &app.env.locale;
    let Some(p) = c.current() else {
        return;
    };
    let mut lines = vec![Line::from(fit(
        &loc.f(
            "catalogue.detail",
            &[
                ("style", &p.style_no),
                ("sizes", &p.sizes),
                ("colours", &p.colours),
                ("barcodes", &c.barcodes.join(", ")),
            ],
        ),
        area.width as usize,
    ))];
    if let Some(Some(on)) = c.retired.get(c.selected) {
        lines.push(Line::styled(
            loc.f("catalogue.retired_on", &[("on", &on.to_string())]),
            theme::warn(),
        ));
    }
    lines.push(Line::styled(loc.t("catalogue.history"), theme::title()));
    if c.history.is_empty() {
        lines.push(Line::styled(loc.t("catalogue.no_history"), theme::dim()));
    }
    for h in c.history.iter().rev() {
        lines.push(Line::from(fit(
            &loc.f(
                "catalogue.history_line",
                &[
                    ("on", &h.effective_on.to_string()),
                    ("old", &loc.money(h.old_price_fen)),
                    ("new", &loc.money(h.new_price_fen)),
                    ("who", h.staff.as_deref().unwrap_or("-")),
                    ("at", &crate::app::form::local_time(&h.at)),
                ],
            ),
            area.width as usize,
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_editor(frame: &mut Frame, body: Rect, app: &App, ed: &Editor) {
    let loc = &app.env.locale;
    let title = if ed.id.is_some() {
        loc.t("catalogue.edit")
    } else {
        loc.t("catalogue.new")
    };
    frame.render_widget(
        Paragraph::new(title.to_string()).style(theme::title()),
        Rect { height: 1, ..body },
    );
    let cats = categories(&app.env.locale);
    for (i, r) in form_rows(body, PFIELDS.len()).into_iter().enumerate() {
        let f = PFIELDS[i];
        let focused = ed.focus == i;
        frame.render_widget(
            Paragraph::new(pad(loc.t(f.key()), LABEL_W as usize)).style(if focused {
                theme::key()
            } else {
                theme::dim()
            }),
            Rect {
                width: LABEL_W,
                ..r
            },
        );
        let vr = value_rect(r);
        let choice = |s: String| {
            Paragraph::new(s).style(if focused {
                theme::input_focused()
            } else {
                theme::input()
            })
        };
        match f {
            PField::Category => {
                let id = cats.get(ed.category).cloned().unwrap_or_default();
                let shown = format!("◀ {} ▶", loc.t(&format!("category.{id}")));
                frame.render_widget(choice(shown), vr);
            }
            PField::Clearance | PField::MadeToOrder => {
                let on = if f == PField::Clearance {
                    ed.clearance
                } else {
                    ed.made_to_order
                };
                let shown = if on { "[x]" } else { "[ ]" };
                frame.render_widget(choice(shown.to_string()), vr);
            }
            PField::CurrentPrice if ed.id.is_some() => {
                let shown = format!("{}  {}", ed.text(f), loc.t("catalogue.current_by_change"));
                frame.render_widget(
                    Paragraph::new(fit(&shown, vr.width as usize)).style(theme::dim()),
                    vr,
                );
            }
            _ => {
                let i = PFIELDS.iter().position(|x| *x == f).unwrap_or(0);
                widgets::input(frame, vr, &ed.texts[i], focused);
            }
        }
        if let Some((at, e)) = &ed.error
            && *at == f
        {
            let x = vr.right() + 1;
            if x < r.right() {
                frame.render_widget(
                    Paragraph::new(fit(e, (r.right() - x) as usize)).style(theme::error()),
                    Rect::new(x, r.y, r.right() - x, 1),
                );
            }
        }
    }
}

fn draw_price(frame: &mut Frame, body: Rect, app: &App, c: &CatalogueState, pf: &PriceForm) {
    let loc = &app.env.locale;
    let Some(p) = c.current() else {
        return;
    };
    let title = loc.f(
        "catalogue.price_title",
        &[
            ("style", &p.style_no),
            ("name", &p.name),
            ("price", &loc.money(p.current_price_fen)),
        ],
    );
    frame.render_widget(
        Paragraph::new(fit(&title, body.width as usize)).style(theme::title()),
        Rect { height: 1, ..body },
    );
    let rows = form_rows(body, 3);
    for (i, (key, field)) in [
        ("catalogue.new_price", &pf.price),
        ("catalogue.effective_on", &pf.on),
    ]
    .into_iter()
    .enumerate()
    {
        let Some(r) = rows.get(i) else { continue };
        frame.render_widget(
            Paragraph::new(pad(loc.t(key), LABEL_W as usize)).style(theme::dim()),
            Rect {
                width: LABEL_W,
                ..*r
            },
        );
        widgets::input(frame, value_rect(*r), field, pf.focus == i);
    }
    if let (Some(e), Some(r)) = (&pf.error, rows.get(2)) {
        frame.render_widget(Paragraph::new(e.as_str()).style(theme::error()), *r);
    }
}

/// Records the product rows (the table scrolls to keep the selected row
/// in view) or the fields of the editor and the price change.
fn record_taps(body: Rect, c: &CatalogueState, hits: &mut HitMap) {
    let n = match &c.mode {
        Mode::List => {
            let l = list_layout(body);
            // The table's first row is its header.
            let visible = l.table.height.saturating_sub(1) as usize;
            let offset = (c.selected + 1).saturating_sub(visible);
            for (n, i) in (offset..c.rows.len()).take(visible).enumerate() {
                let r = Rect::new(l.table.x, l.table.y + 1 + n as u16, l.table.width, 1);
                hits.add(r, Tap::Row(i));
            }
            return;
        }
        Mode::Edit(_) => PFIELDS.len(),
        Mode::Price(_) => 2,
    };
    for (i, r) in form_rows(body, n).into_iter().enumerate() {
        hits.add(r, Tap::Field(i));
    }
}
