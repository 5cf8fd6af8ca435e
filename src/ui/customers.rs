//! Finding a customer: the query, what it matched, masked phones.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState};

use super::theme;
use super::widgets::{self, pad};
use crate::app::chain_search::ChainSearch;
use crate::app::customers::{LIMIT, SearchState, Tap};
use crate::app::{Action, App, HitMap};
use crate::domain::customer::{mask_phone, tier_for};
use crate::keymap::Context;

pub struct SearchLayout {
    pub input: Rect,
    pub note: Rect,
    pub table: Rect,
}

pub fn layout(body: Rect) -> SearchLayout {
    let [top, note, table] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Min(3),
    ])
    .areas(body);
    let inner = Block::bordered().inner(top);
    SearchLayout {
        input: inner,
        note,
        table,
    }
}

fn offset(selected: usize, rows: u16) -> usize {
    selected.saturating_sub(rows.saturating_sub(1) as usize)
}

/// For a shop of a chain: where the search of the chain's other shops
/// stands, or, when nobody is found here, the key that asks them.
fn chain_note(app: &App, s: &SearchState) -> Option<Span<'static>> {
    let loc = &app.env.locale;
    app.hq.as_ref()?;
    Some(match &s.chain {
        ChainSearch::Asking(q) => {
            Span::styled(loc.f("chain_search.asking", &[("query", q)]), theme::warn())
        }
        ChainSearch::NobodyFor(_) => {
            Span::styled(loc.t("chain_search.nobody").to_string(), theme::warn())
        }
        ChainSearch::Failed(e) => Span::styled(
            loc.f("chain_search.failed", &[("detail", e)]),
            theme::error(),
        ),
        ChainSearch::Idle if s.result.rows.is_empty() => {
            let key = (app.env.keymap)
                .key_for(&[Context::Text, Context::Customers], Action::SearchChain)
                .unwrap_or_default();
            Span::styled(loc.f("chain_search.offer", &[("key", &key)]), theme::warn())
        }
        ChainSearch::Idle => return None,
    })
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, s: &SearchState, hits: &mut HitMap) {
    let loc = &app.env.locale;
    let l = layout(body);
    let [top, _, _] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Min(3),
    ])
    .areas(body);
    frame.render_widget(
        Block::bordered()
            .title(format!(" {} ", loc.t("customers.search")))
            .border_style(theme::focus_border()),
        top,
    );
    widgets::input(frame, l.input, &s.query, true);
    frame.render_widget(Paragraph::new(Line::from(note(app, s))), l.note);
    draw_matches(frame, l.table, app, s, hits);
}

/// The line under the field: what to type, how many were found, or why
/// none are shown.
fn note(app: &App, s: &SearchState) -> Span<'static> {
    let loc = &app.env.locale;
    let n = s.result.rows.len();
    if s.failed {
        Span::styled(loc.t("fault.search").to_string(), theme::error())
    } else if s.query.value().trim().is_empty() {
        Span::styled(loc.t("customers.hint").to_string(), theme::dim())
    } else if s.result.too_short {
        Span::styled(loc.t("customers.too_short").to_string(), theme::warn())
    } else if s.result.more {
        Span::styled(
            loc.f("customers.more", &[("n", &LIMIT.to_string())]),
            theme::warn(),
        )
    } else if let Some(chain) = chain_note(app, s) {
        chain
    } else if n == 0 {
        Span::styled(loc.t("customers.none").to_string(), theme::warn())
    } else {
        Span::raw(loc.f("customers.found", &[("n", &n.to_string())]))
    }
}

/// The matches, a tap target on each row under the header.
fn draw_matches(frame: &mut Frame, area: Rect, app: &App, s: &SearchState, hits: &mut HitMap) {
    let loc = &app.env.locale;
    let n = s.result.rows.len();
    let header = Row::new([
        loc.t("customers.col_name"),
        loc.t("customers.col_phone"),
        loc.t("customers.col_tier"),
        loc.t("customers.col_spend"),
        loc.t("customers.col_last"),
        loc.t("customers.col_birthday"),
    ])
    .style(theme::title());
    let rows: Vec<Row> = s
        .result
        .rows
        .iter()
        .map(|h| {
            let tier = tier_for(&app.env.policy.customers.tiers, h.total_spend_fen);
            Row::new([
                pad(&h.name, 16),
                mask_phone(&h.phone),
                loc.t(&format!("tier.{}", tier.id)).to_string(),
                loc.money(h.total_spend_fen),
                h.last_purchase_on.clone().unwrap_or_default(),
                h.birthday.clone().unwrap_or_default(),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(16),
        Constraint::Length(15),
        Constraint::Length(8),
        Constraint::Length(13),
        Constraint::Length(10),
        Constraint::Length(10),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .row_highlight_style(theme::selected())
        .block(Block::bordered().border_style(theme::border()));
    let inner_rows = Block::bordered().inner(area).height.saturating_sub(1);
    let mut state = TableState::default()
        .with_selected((n > 0).then_some(s.selected))
        .with_offset(offset(s.selected, inner_rows));
    frame.render_stateful_widget(table, area, &mut state);
    let inner = Block::bordered().inner(area);
    let first = offset(s.selected, inner_rows);
    for k in 0..inner_rows {
        let row = Rect::new(inner.x, inner.y + 1 + k, inner.width, 1);
        hits.add(row, Tap(first + k as usize));
    }
}
