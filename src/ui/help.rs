//! The help overlay: every binding of the active key map, for the screen
//! in use and everywhere, with the user's own keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme;
use super::widgets::{pad, styled};
use crate::app::App;
use crate::keymap::Context;

pub fn lines(app: &App) -> Vec<Line<'static>> {
    // The help sits over a screen: it lists that screen's keys, then the global ones.
    let mut contexts = app.screen_contexts();
    contexts.push(Context::Global);
    let mut out = Vec::new();
    for ctx in contexts {
        let b = app.env.keymap.bindings(ctx);
        if b.is_empty() {
            continue;
        }
        out.push(Line::from(styled(
            app.t(&format!("context.{}", ctx.name())).to_string(),
            theme::title(),
        )));
        for (key, action) in b {
            let name = action.name().unwrap_or_default();
            // A screen may name an action in its own words (`help.<context>.<action>`).
            let own = format!("help.{}.{name}", ctx.name());
            let label = if app.env.locale.has(&own) {
                app.t(&own)
            } else {
                app.t(&format!("action.{name}"))
            };
            out.push(Line::from(vec![
                Span::raw("  "),
                styled(pad(&key, 12), theme::warn()),
                Span::raw(label.to_string()),
            ]));
        }
        out.push(Line::raw(""));
    }
    out
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App) {
    let area = Rect {
        x: body.x + 2.min(body.width / 10),
        y: body.y,
        width: body.width.saturating_sub(4.min(body.width / 5)),
        height: body.height,
    };
    frame.render_widget(Clear, area);
    let title = format!(" {} · {} ", app.t("help.title"), app.env.keymap.name);
    let block = Block::bordered()
        .title(title)
        .border_style(theme::focus_border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let all = lines(app);
    // Two columns when the lines do not fit in one.
    let cols = if all.len() as u16 > inner.height && inner.width >= 70 {
        2
    } else {
        1
    };
    let per = all.len().div_ceil(cols);
    let w = inner.width / cols as u16;
    for (i, chunk) in all.chunks(per.max(1)).enumerate() {
        let r = Rect {
            x: inner.x + i as u16 * w,
            width: w,
            ..inner
        };
        frame.render_widget(Paragraph::new(chunk.to_vec()), r);
    }
}
