//! Drawing only: `draw(&App)` never changes state. The same layout
//! functions answer taps (`hit`), so a tap lands on what was drawn.

pub mod board;
pub mod callbacks;
pub mod catalogue;
pub mod chain_search;
pub mod complaints;
pub mod customers;
pub mod desk;
pub mod file;
pub mod form;
pub mod greetings;
pub mod help;
pub mod home;
pub mod practice;
pub mod practice_progress;
pub mod quality;
pub mod receipt;
pub mod repair_form;
pub mod returns;
pub mod returns_practice;
pub mod signin;
pub mod size;
pub mod staff;
pub mod table;
pub mod task_note;
pub mod theme;
pub mod vip;
pub mod vip_card;
pub mod vip_file;
pub mod vip_form;
pub mod vip_lists;
pub mod visit;
pub mod visit_rows;
pub mod visits;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::app::{Action, App, Dialog, DialogKind, Mode, Overlay};
use widgets::{button_text, styled, width};

/// The parts of the whole screen.
pub struct Frame0 {
    pub banner: Option<Rect>,
    /// The manager's banner of urgent and escalated complaints.
    pub alert: Option<Rect>,
    /// A database fault and what to do about it.
    pub fault: Option<Rect>,
    pub body: Rect,
    pub hints: Rect,
    pub info: Rect,
}

pub fn frame_layout(app: &App, area: Rect) -> Frame0 {
    let banner = app.env.mode == Mode::Training;
    let alert = app.is_manager() && app.alerts.any();
    let fault = app.db_fault.is_some();
    let [top, alert_row, fault_rows, body, hints, info] = Layout::vertical([
        Constraint::Length(banner as u16),
        Constraint::Length(alert as u16),
        Constraint::Length(fault as u16 * 3),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    Frame0 {
        banner: banner.then_some(top),
        alert: alert.then_some(alert_row),
        fault: fault.then_some(fault_rows),
        body,
        hints,
        info,
    }
}

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    app.hits.borrow_mut().clear();
    if size::too_small(app, area) {
        return size::draw_too_small(frame, area, app);
    }
    let f0 = frame_layout(app, area);
    if let Some(b) = f0.banner {
        frame.render_widget(
            Paragraph::new(app.t("status.training_banner"))
                .style(theme::banner())
                .centered(),
            b,
        );
    }
    if let Some(a) = f0.alert {
        complaints::draw_alert(frame, a, app);
    }
    if let (Some(r), Some(text)) = (f0.fault, &app.db_fault) {
        frame.render_widget(
            Paragraph::new(text.as_str())
                .style(theme::error())
                .wrap(Wrap { trim: true }),
            r,
        );
    }
    app.screen
        .draw(frame, f0.body, app, &mut app.hits.borrow_mut());
    // A message too long for the hints' line takes the status line too:
    // a message is never cut.
    let long_flash = app
        .flash
        .as_ref()
        .is_some_and(|f| width(&f.text) > f0.hints.width);
    if long_flash {
        draw_hints(frame, f0.hints.union(f0.info), app);
    } else {
        draw_hints(frame, f0.hints, app);
        draw_info(frame, f0.info, app);
    }
    match &app.overlay {
        Some(Overlay::Help) => help::draw(frame, f0.body, app),
        Some(Overlay::Dialog(d)) => draw_dialog(frame, f0.body, app, d),
        None => {}
    }
}

/// The actions worth a hint on the current screen.
fn hint_actions(app: &App) -> Vec<Action> {
    if app.overlay.is_some() {
        return vec![Action::Select, Action::Back];
    }
    let signed_in = app.user.is_some();
    // Help first: a newcomer finds every other key there.
    let mut v = vec![Action::Help];
    v.extend(app.screen.hints(app));
    if signed_in {
        v.push(Action::Home);
        v.push(Action::Lock);
    }
    v.push(Action::Quit);
    v
}

/// Each hint: its text, its place and the action a tap on it does.
pub fn hint_layout(app: &App, area: Rect) -> Vec<(Rect, Action, String, String)> {
    let contexts = app.contexts();
    let mut x = area.x;
    let mut out = Vec::new();
    for a in hint_actions(app) {
        let Some(key) = app.env.keymap.key_for(&contexts, a) else {
            continue;
        };
        let name = a.name().unwrap_or_default();
        // A screen may name a shared action by what it does there (`hint_in.<context>.<action>`).
        let own = contexts
            .iter()
            .map(|c| format!("hint_in.{}.{name}", c.name()))
            .find(|k| app.env.locale.has(k));
        let label = app
            .t(&own.unwrap_or_else(|| format!("action.{name}")))
            .to_string();
        let w = width(&key) + 1 + width(&label);
        if x + w > area.right() {
            break;
        }
        out.push((Rect::new(x, area.y, w, 1), a, key, label));
        x += w + 2;
    }
    out
}

fn draw_hints(frame: &mut Frame, area: Rect, app: &App) {
    if let Some(flash) = &app.flash {
        let style = if flash.error {
            theme::error()
        } else {
            theme::good()
        };
        frame.render_widget(
            Paragraph::new(flash.text.as_str())
                .style(style)
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    for (r, _, key, label) in hint_layout(app, area) {
        let line = Line::from(vec![
            styled(key, theme::key()),
            Span::raw(" "),
            Span::raw(label),
        ]);
        frame.render_widget(Paragraph::new(line), r);
    }
}

fn draw_info(frame: &mut Frame, area: Rect, app: &App) {
    let mode = match app.env.mode {
        Mode::Shop => app.t("status.mode_shop"),
        Mode::Demo => app.t("status.mode_demo"),
        Mode::Training => app.t("status.mode_training"),
    };
    let who = match &app.user {
        Some(u) => format!("{} · {}", u.name, app.t(&format!("role.{}", u.role.id()))),
        None => app.t("status.signed_out").to_string(),
    };
    let time = app.now().format("%Y-%m-%d %H:%M").to_string();
    let mut left = format!(" {} │ {} │ {}", app.shop_name, who, mode);
    // A draft on its way to the database: said where the line is never cut.
    let state = app
        .save_state()
        .or_else(|| app.autosave.as_ref().and_then(|w| w.state()));
    if let Some(state) = state {
        let key = match state {
            crate::app::autosave::Saving::Saving => "saving.saving",
            crate::app::autosave::Saving::Waiting => "saving.waiting",
        };
        left = format!(" {} │{left}", app.t(key));
    }
    let right = format!("{time} ");
    let gap = (area.width as usize).saturating_sub(width(&left) as usize + width(&right) as usize);
    let text = if gap > 0 {
        format!("{left}{}{right}", " ".repeat(gap))
    } else {
        widgets::fit(&left, area.width as usize)
    };
    frame.render_widget(Paragraph::new(text).style(theme::status()), area);
}

/// The dialog's box, text, reason field and buttons.
pub struct DialogLayout {
    pub outer: Rect,
    pub text: Rect,
    pub reason: Option<Rect>,
    pub error: Rect,
    pub buttons: Vec<Rect>,
}

fn dialog_texts(app: &App, d: &Dialog) -> (String, String, [String; 2]) {
    let loc = &app.env.locale;
    // A dialog's title, question and two buttons, from their keys.
    let texts = |title: &str, question: String, buttons: [&str; 2]| {
        (
            loc.t(title).to_string(),
            question,
            buttons.map(|b| loc.t(b).to_string()),
        )
    };
    let cancel = "dialog.cancel";
    match &d.kind {
        DialogKind::Erase { name, reason, .. } => texts(
            "erase.title",
            match reason {
                None => loc.f("erase.question", &[("name", name)]),
                Some(_) => loc.f("trust.erase_type_name", &[("name", name)]),
            },
            ["erase.confirm", cancel],
        ),
        DialogKind::VipCard { name, .. } => texts(
            "practices.card_ask_title",
            loc.f("practices.card_ask_question", &[("name", name)]),
            ["access.zh", "access.en"],
        ),
        DialogKind::ExportCustomer { name, .. } => texts(
            "access.ask_title",
            loc.f("access.ask_question", &[("name", name)]),
            ["access.zh", "access.en"],
        ),
        DialogKind::ConfirmMove { question, .. } => texts(
            "trust.confirm_title",
            question.clone(),
            ["trust.confirm", cancel],
        ),
        DialogKind::Discard { .. } => texts(
            "discard.title",
            loc.t("discard.question").to_string(),
            ["discard.confirm", "discard.keep"],
        ),
        DialogKind::ExchangeHow => texts(
            "desk.exchange_title",
            loc.t("desk.exchange_question").to_string(),
            ["desk.on_spot", "desk.transfer"],
        ),
        DialogKind::Override => texts(
            "desk.override_title",
            loc.t("desk.override_question").to_string(),
            ["desk.override", cancel],
        ),
        DialogKind::CosmeticBatch => texts(
            "practices.batch_title",
            loc.t("practices.batch_question").to_string(),
            ["practices.batch_record", cancel],
        ),
        DialogKind::CancelGathering { label, .. } => texts(
            "vip.cancel_title",
            loc.f("vip.cancel_question", &[("gathering", label)]),
            ["vip.cancel_confirm", "vip.cancel_keep"],
        ),
        DialogKind::JoinClub { name, .. } => texts(
            "vip.join_title",
            loc.f(
                "vip.join_question",
                &[
                    ("name", name),
                    ("fee", &loc.money(app.env.policy.customers.club_fee_fen)),
                ],
            ),
            ["vip.join_confirm", cancel],
        ),
        DialogKind::ResumeDraft { label, .. } => texts(
            "draft.title",
            label.clone(),
            ["draft.resume", "draft.discard"],
        ),
    }
}

pub fn dialog_layout(app: &App, body: Rect, d: &Dialog) -> DialogLayout {
    let (_, _, buttons) = dialog_texts(app, d);
    let w = body.width.min(64);
    let h = if d.reason.is_some() { 10 } else { 8 };
    let outer = widgets::centered(body, w, h);
    let inner = Block::bordered().inner(outer);
    let [text, reason, error, _, btn] = Layout::vertical([
        Constraint::Min(2),
        Constraint::Length(d.reason.is_some() as u16 * 2),
        Constraint::Length(1),
        Constraint::Length(0),
        Constraint::Length(1),
    ])
    .areas(inner);
    let texts: Vec<String> = buttons.iter().map(|b| button_text(b, None)).collect();
    DialogLayout {
        outer,
        text,
        reason: d.reason.as_ref().map(|_| Rect {
            height: 1,
            y: reason.y + 1,
            ..reason
        }),
        error,
        buttons: widgets::button_rects(btn, &texts),
    }
}

fn draw_dialog(frame: &mut Frame, body: Rect, app: &App, d: &Dialog) {
    let l = dialog_layout(app, body, d);
    let (title, text, buttons) = dialog_texts(app, d);
    frame.render_widget(Clear, l.outer);
    frame.render_widget(
        Block::bordered()
            .title(title)
            .border_style(theme::focus_border()),
        l.outer,
    );
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), l.text);
    if let (Some(r), Some(field)) = (l.reason, &d.reason) {
        let label_area = Rect { y: r.y - 1, ..r };
        let label = match &d.kind {
            DialogKind::CosmeticBatch => app.t("practices.batch_label"),
            DialogKind::Erase {
                reason: Some(_), ..
            } => app.t("trust.erase_name_label"),
            _ => app.t("erase.reason"),
        };
        frame.render_widget(Paragraph::new(label), label_area);
        widgets::input(frame, r, field, true);
    }
    if let Some(e) = &d.error {
        frame.render_widget(Paragraph::new(e.as_str()).style(theme::error()), l.error);
    }
    let texts: Vec<String> = buttons.iter().map(|b| button_text(b, None)).collect();
    let btn_area = l.buttons.first().copied().unwrap_or(l.error);
    widgets::buttons(
        frame,
        Rect {
            width: l.outer.width,
            ..btn_area
        },
        &texts,
        Some(d.focus),
    );
}

/// What a tap at (column, row) means on the screen as drawn.
pub fn hit(app: &App, area: Rect, column: u16, row: u16) -> Option<Action> {
    if size::too_small(app, area) {
        return None;
    }
    let f0 = frame_layout(app, area);
    match &app.overlay {
        Some(Overlay::Help) => return Some(Action::Back),
        Some(Overlay::Dialog(d)) => {
            let l = dialog_layout(app, f0.body, d);
            return l
                .buttons
                .iter()
                .position(|r| widgets::contains(*r, column, row))
                .map(|i| Action::Pick {
                    zone: 0,
                    index: i as u16,
                });
        }
        None => {}
    }
    if f0.alert.is_some_and(|a| widgets::contains(a, column, row)) {
        return Some(Action::Complaints);
    }
    if widgets::contains(f0.hints, column, row) {
        if app.flash.is_some() {
            return None;
        }
        return hint_layout(app, f0.hints)
            .into_iter()
            .find(|(r, ..)| widgets::contains(*r, column, row))
            .map(|(_, a, ..)| a);
    }
    if !widgets::contains(f0.body, column, row) {
        return None;
    }
    // A target that is an action (a button for a main screen) is that
    // action, done as from its key; any other goes back to its view.
    app.hits.borrow().at(column, row).map(|t| {
        t.downcast_ref::<Action>()
            .copied()
            .unwrap_or(Action::TapAt { column, row })
    })
}
