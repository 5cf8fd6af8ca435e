//! The sign-in screen and the first-run set-up.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};

use super::theme;
use super::widgets::{self, button_text, pad};
use crate::app::signin::{SETUP_LABELS, SetupState, SetupTap, SignInState, SignInTap};
use crate::app::{Action, App, HitMap};

pub struct SignInLayout {
    pub list: Rect,
    pub pin: Rect,
    pub button: Rect,
    pub message: Rect,
}

pub fn layout(body: Rect) -> SignInLayout {
    let outer = widgets::centered(body, 72, 18);
    let inner = Block::bordered().inner(outer);
    let [list, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .spacing(2)
            .areas(inner);
    let list = Block::bordered().inner(list);
    let [_, _, pin, _, button, _, message] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(2),
    ])
    .areas(right);
    SignInLayout {
        list,
        pin: Rect {
            width: pin.width.min(20),
            ..pin
        },
        button,
        message,
    }
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, s: &SignInState, hits: &mut HitMap) {
    let outer = widgets::centered(body, 72, 18);
    let title = format!(" {} · {} ", app.shop_name, app.t("signin.title"));
    frame.render_widget(
        Block::bordered()
            .title(title)
            .border_style(theme::focus_border()),
        outer,
    );
    let l = layout(body);
    record_taps(&l, s, hits);
    let list_block = Rect {
        x: l.list.x - 1,
        y: l.list.y - 1,
        width: l.list.width + 2,
        height: l.list.height + 2,
    };
    frame.render_widget(
        Block::bordered()
            .title(app.t("signin.who"))
            .border_style(theme::border()),
        list_block,
    );
    let items: Vec<ListItem> = s
        .staff
        .iter()
        .map(|m| {
            let role = app.t(&format!("role.{}", m.role.id()));
            ListItem::new(format!("{} {}", pad(&m.name, 12), role))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(s.selected));
    frame.render_stateful_widget(
        List::new(items).highlight_style(theme::selected()),
        l.list,
        &mut state,
    );
    let who = s
        .staff
        .get(s.selected)
        .map(|m| m.name.as_str())
        .unwrap_or("");
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            widgets::styled(app.t("signin.pin_for").to_string(), theme::dim()),
            widgets::styled(format!(" {who}"), theme::title()),
        ])),
        Rect {
            y: l.pin.y - 1,
            ..l.pin
        },
    );
    widgets::input(frame, l.pin, &s.pin, true);
    let key = app.env.keymap.key_for(&app.contexts(), Action::Select);
    frame.render_widget(
        Paragraph::new(button_text(app.t("signin.button"), key.as_deref())).style(theme::key()),
        Rect {
            width: widgets::width(&button_text(app.t("signin.button"), key.as_deref()))
                .min(l.button.width),
            ..l.button
        },
    );
    if let Some(m) = &s.message {
        frame.render_widget(
            Paragraph::new(m.as_str())
                .style(theme::error())
                .wrap(Wrap { trim: true }),
            l.message,
        );
    } else {
        frame.render_widget(
            Paragraph::new(app.t("signin.help"))
                .style(theme::dim())
                .wrap(Wrap { trim: true }),
            l.message,
        );
    }
}

/// The names of the list (it scrolls to keep the selection in view) and
/// the sign-in button.
fn record_taps(l: &SignInLayout, s: &SignInState, hits: &mut HitMap) {
    let offset = s
        .selected
        .saturating_sub(l.list.height.saturating_sub(1) as usize);
    for n in 0..l.list.height {
        let row = Rect::new(l.list.x, l.list.y + n, l.list.width, 1);
        hits.add(row, SignInTap::Name(offset + n as usize));
    }
    hits.add(l.button, SignInTap::SignIn);
}

pub struct SetupLayout {
    pub fields: [Rect; 4],
    pub errors: [Rect; 4],
    pub button: Rect,
}

pub fn setup_layout(body: Rect) -> SetupLayout {
    let outer = widgets::centered(body, 70, 16);
    let inner = Block::bordered().inner(outer);
    let rows = Layout::vertical([Constraint::Length(1); 14]).split(inner);
    let field = |i: usize| {
        let r = rows[3 + i * 2];
        Rect {
            x: r.x + 22,
            width: r.width.saturating_sub(22).min(30),
            ..r
        }
    };
    let error = |i: usize| {
        let r = rows[3 + i * 2];
        Rect {
            x: r.x + 53,
            width: r.width.saturating_sub(53),
            ..r
        }
    };
    SetupLayout {
        fields: [field(0), field(1), field(2), field(3)],
        errors: [error(0), error(1), error(2), error(3)],
        button: rows[12],
    }
}

#[allow(clippy::needless_range_loop)] // one index walks four parallel arrays
pub fn draw_setup(frame: &mut Frame, body: Rect, app: &App, s: &SetupState, hits: &mut HitMap) {
    let outer = widgets::centered(body, 70, 16);
    frame.render_widget(
        Block::bordered()
            .title(format!(" {} ", app.t("setup.title")))
            .border_style(theme::focus_border()),
        outer,
    );
    let inner = Block::bordered().inner(outer);
    frame.render_widget(
        Paragraph::new(app.t("setup.intro")).wrap(Wrap { trim: true }),
        Rect { height: 2, ..inner },
    );
    let l = setup_layout(body);
    for i in 0..4 {
        let label_area = Rect {
            x: l.fields[i].x - 22,
            width: 21,
            ..l.fields[i]
        };
        frame.render_widget(Paragraph::new(pad(app.t(SETUP_LABELS[i]), 21)), label_area);
        widgets::input(frame, l.fields[i], &s.fields[i], s.focus == i);
        if let Some(e) = &s.errors[i] {
            frame.render_widget(
                Paragraph::new(e.as_str()).style(theme::error()),
                l.errors[i],
            );
        }
    }
    let text = button_text(
        app.t("setup.button"),
        app.env
            .keymap
            .key_for(&app.contexts(), Action::Save)
            .as_deref(),
    );
    widgets::buttons(frame, l.button, &[text], None);
    // A field's row from its label to the right, and the button's row.
    hits.add(
        Rect::new(body.x, l.button.y, body.width, 1),
        SetupTap::Finish,
    );
    for (i, f) in l.fields.iter().enumerate() {
        let x = f.x.saturating_sub(22);
        let w = body.right().saturating_sub(x);
        hits.add(Rect::new(x, f.y, w, 1), SetupTap::Field(i));
    }
}
