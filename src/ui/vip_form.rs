//! The VIP screen's forms: a label and a value per row, the message of a
//! bad value beside it, a status line under them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::theme;
use super::widgets::{self, fit, pad};
use crate::app::App;
use crate::app::vip_forms::{Form, Value};

/// The form's rows: title, one per field, then the status line.
pub(super) fn rows(area: Rect, f: &Form) -> Vec<Rect> {
    (0..f.fields.len())
        .map(|i| Rect::new(area.x, area.y + 1 + i as u16, area.width, 1))
        .filter(|r| r.y < area.bottom())
        .collect()
}

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App, f: &Form) {
    let loc = &app.env.locale;
    let title = match f.purpose {
        crate::app::vip_forms::Purpose::Plan => loc.t("vip.plan"),
        crate::app::vip_forms::Purpose::Campaign => loc.t("vip.new_campaign"),
        crate::app::vip_forms::Purpose::Invite(_) => loc.t("vip.invite"),
        crate::app::vip_forms::Purpose::Note { .. } => loc.t("vip.wish"),
    };
    frame.render_widget(
        Paragraph::new(title.to_string()).style(theme::title()),
        Rect { height: 1, ..area },
    );
    let label_w = 16u16;
    for (i, r) in rows(area, f).into_iter().enumerate() {
        let field = &f.fields[i];
        let focused = f.focus == i;
        frame.render_widget(
            Paragraph::new(pad(loc.t(field.label), label_w as usize)).style(if focused {
                theme::key()
            } else {
                theme::dim()
            }),
            Rect {
                width: label_w,
                ..r
            },
        );
        let value_w = r.width.saturating_sub(label_w + 1).min(40);
        let vr = Rect {
            x: r.x + label_w + 1,
            width: value_w,
            ..r
        };
        match &field.value {
            Value::Text(t) => widgets::input(frame, vr, t, focused),
            Value::Choice { prefix, ids, at } => {
                let shown = ids
                    .get(*at)
                    .map(|id| loc.t(&format!("{prefix}.{id}")).to_string())
                    .unwrap_or_default();
                frame.render_widget(
                    Paragraph::new(format!("◀ {shown} ▶")).style(if focused {
                        theme::input_focused()
                    } else {
                        theme::input()
                    }),
                    vr,
                );
            }
        }
        if let Some(e) = &field.error {
            let x = vr.right() + 1;
            if x < r.right() {
                frame.render_widget(
                    Paragraph::new(fit(e, (r.right() - x) as usize)).style(theme::error()),
                    Rect::new(x, r.y, r.right() - x, 1),
                );
            }
        }
    }
    let status_y = area.y + 2 + f.fields.len() as u16;
    if let Some(s) = &f.status
        && status_y < area.bottom()
    {
        frame.render_widget(
            Paragraph::new(fit(s, area.width as usize)).style(theme::warn()),
            Rect::new(area.x, status_y, area.width, 1),
        );
    }
}
