//! Colours and styles, in one place.

use ratatui::style::{Color, Modifier, Style};

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn focus_border() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

pub fn border() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn selected() -> Style {
    Style::new()
        .bg(Color::Blue)
        .fg(Color::White)
        .add_modifier(Modifier::BOLD)
}

pub fn selected_dim() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn error() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn warn() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn good() -> Style {
    Style::new().fg(Color::Green)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn key() -> Style {
    Style::new().fg(Color::Black).bg(Color::Cyan)
}

pub fn status() -> Style {
    Style::new().fg(Color::White).bg(Color::DarkGray)
}

pub fn banner() -> Style {
    Style::new()
        .fg(Color::White)
        .bg(Color::Red)
        .add_modifier(Modifier::BOLD)
}

pub fn input() -> Style {
    Style::new().bg(Color::Rgb(40, 40, 48))
}

pub fn input_focused() -> Style {
    Style::new().bg(Color::Rgb(30, 50, 80)).fg(Color::White)
}
