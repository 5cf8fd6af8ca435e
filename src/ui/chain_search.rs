//! The customers head office found in the chain's other shops.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::table::{self, Column};
use super::theme;
use super::widgets::{self, styled};
use crate::app::chain_search::{ChainList, Tap};
use crate::app::{Action, App, HitMap};
use crate::keymap::Context;

pub fn draw(frame: &mut Frame, body: Rect, app: &App, s: &ChainList, hits: &mut HitMap) {
    let loc = &app.env.locale;
    let [head, area, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(3),
    ])
    .areas(body);
    let title = loc.f(
        "chain_search.title",
        &[("query", &s.query), ("n", &s.rows.len().to_string())],
    );
    frame.render_widget(
        Paragraph::new(styled(format!(" {title}"), theme::title())),
        head,
    );
    let columns = [
        Column::text(loc.t("chain_search.col_name"), 0, 8).grow(),
        Column::whole(loc.t("customers.col_phone"), 0),
        Column::text(loc.t("chain_search.col_shop"), 0, 8),
        Column::text(loc.t("customers.col_tier"), 1, 4),
        Column::whole(loc.t("customers.col_last"), 1),
        Column::whole(loc.t("chain_search.col_purchases"), 2).right(),
    ];
    let rows: Vec<(Vec<String>, Style)> = (s.rows.iter())
        .map(|f| {
            let tier = (f.tier.as_deref())
                .map(|t| loc.t(&format!("tier.{t}")).to_string())
                .unwrap_or_default();
            let cells = vec![
                f.name.clone(),
                f.phone.clone(),
                f.shop_name.clone().unwrap_or_else(|| f.shop_code.clone()),
                tier,
                f.last_purchase_on.clone().unwrap_or_default(),
                f.purchases.to_string(),
            ];
            (cells, Style::new())
        })
        .collect();
    let block = Block::bordered().border_style(theme::focus_border());
    let inner = block.inner(area);
    let n = rows.len();
    let laid = table::lay_out(&columns, rows, inner.width, 1, theme::title());
    let t = ratatui::widgets::Table::new(laid.rows, laid.widths)
        .header(laid.header)
        .row_highlight_style(theme::selected())
        .block(block);
    let visible = inner.height.saturating_sub(1);
    let first = s
        .selected
        .saturating_sub(visible.saturating_sub(1) as usize);
    let mut state = ratatui::widgets::TableState::default()
        .with_selected((n > 0).then_some(s.selected))
        .with_offset(first);
    frame.render_stateful_widget(t, area, &mut state);
    for k in 0..visible.min(n.saturating_sub(first) as u16) {
        let r = Rect::new(inner.x, inner.y + 1 + k, inner.width, 1);
        hits.add(r, Tap::Row(first + k as usize));
    }
    let key = (app.env.keymap)
        .key_for(&[Context::Customers], Action::Select)
        .unwrap_or_default();
    let button = widgets::button_text(loc.t("chain_search.take_on"), Some(&key));
    let [note, buttons] =
        Layout::vertical([Constraint::Length(2), Constraint::Length(1)]).areas(foot);
    let said = if s.taking {
        loc.t("chain_search.taking").to_string()
    } else {
        loc.t("chain_search.hint").to_string()
    };
    frame.render_widget(
        Paragraph::new(Line::from(styled(said, theme::dim()))).wrap(Wrap { trim: true }),
        note,
    );
    let texts = [button];
    widgets::buttons(frame, buttons, &texts, None);
    if let Some(r) = widgets::button_rects(buttons, &texts).first() {
        hits.add(*r, Tap::TakeOn);
    }
}
