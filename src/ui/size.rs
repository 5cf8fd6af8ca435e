//! The smallest window each screen is drawn in; below it the app asks for
//! a bigger window instead of drawing a screen that cannot be used.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Wrap};

use super::theme;
use crate::app::App;
use crate::keymap::Context;

/// Lists and the home screen.
const LIST: (u16, u16) = (30, 10);
/// Forms, dialogs and the help: a label beside its value.
const FORM: (u16, u16) = (40, 12);

/// The smallest (width, height) the screen on show needs.
pub fn minimum(app: &App) -> (u16, u16) {
    if app.overlay.is_some() {
        return FORM;
    }
    let form = app.screen_contexts().iter().any(|c| {
        matches!(
            c,
            Context::Form
                | Context::Text
                | Context::Counter
                | Context::Complaint
                | Context::Callback
                | Context::Visit
                | Context::Job
                | Context::Returns
        )
    });
    if form { FORM } else { LIST }
}

pub fn too_small(app: &App, area: Rect) -> bool {
    let (w, h) = minimum(app);
    area.width < w || area.height < h
}

/// The request for a bigger window, in as much of it as there is.
pub fn draw_too_small(frame: &mut Frame, area: Rect, app: &App) {
    let (w, h) = minimum(app);
    let text = app.env.locale.f(
        "size.enlarge",
        &[
            ("need", &format!("{w}×{h}")),
            ("now", &format!("{}×{}", area.width, area.height)),
        ],
    );
    frame.render_widget(
        Paragraph::new(text)
            .style(theme::error())
            .wrap(Wrap { trim: true }),
        area,
    );
}
