//! The manager's figures: four pages, each a table beside a chart.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Gauge, Paragraph, Row, Table};

use super::register::{draw_filters, draw_tabs, filter_error, record_filter_taps, tab_rects};
use super::span_text;
use crate::app::App;
use crate::app::HitMap;
use crate::app::complaints::stats::{PAGES, StatsState, Tap};
use crate::domain::complaint::stats::Figures;
use crate::export::complaints::name;
use crate::ui::theme;
use crate::ui::widgets::{self, styled};

const FILTER_ROWS: [&[(usize, u16)]; 2] = [&[(0, 11), (1, 11)], &[]];

struct StatsLayout {
    tabs: Rect,
    filters: Rect,
    table: Rect,
    chart: Rect,
}

fn layout(body: Rect) -> StatsLayout {
    let [tabs, filters, main] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(4),
    ])
    .areas(body);
    let [table, chart] = if main.width >= 70 {
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(main)
    } else {
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(main)
    };
    StatsLayout {
        tabs,
        filters,
        table,
        chart,
    }
}

fn titles(app: &App) -> Vec<String> {
    (0..PAGES)
        .map(|i| app.t(&format!("complaints.stats.page{i}")).to_string())
        .collect()
}

fn pct(n: usize, total: usize) -> String {
    (n * 100 + total / 2)
        .checked_div(total)
        .map(|p| format!("{p}%"))
        .unwrap_or_else(|| "—".into())
}

/// A horizontal bar chart of counts, one bar a row, labelled.
fn count_chart<'a>(title: String, items: &'a [(String, u64)]) -> BarChart<'a> {
    let bars: Vec<Bar> = items
        .iter()
        .map(|(l, v)| {
            Bar::default()
                .label(Line::from(l.clone()))
                .value(*v)
                .style(theme::warn())
        })
        .collect();
    BarChart::default()
        .block(Block::bordered().title(title).border_style(theme::border()))
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .data(BarGroup::default().bars(&bars))
}

fn table_block(title: String) -> Block<'static> {
    Block::bordered().title(title).border_style(theme::border())
}

/// The figures: tabs, the dates and the total, then the page's table
/// beside its chart.
pub fn draw(frame: &mut Frame, body: Rect, app: &App, s: &StatsState, hits: &mut HitMap) {
    let l = layout(body);
    draw_filters_row(frame, &l, app, s, hits);
    match s.page {
        0 | 1 => draw_counts(frame, &l, app, s),
        2 => draw_times(frame, &l, app, &s.figures),
        _ => draw_months(frame, &l, app, s),
    }
}

/// The row of column titles of a page's table.
fn header_row<'a>(app: &App, cols: &[&str]) -> Row<'a> {
    Row::new(
        cols.iter()
            .map(|k| app.t(k).to_string())
            .collect::<Vec<_>>(),
    )
    .style(theme::dim())
}

/// The page tabs, the two dates and the number of complaints in the range.
fn draw_filters_row(
    frame: &mut Frame,
    l: &StatsLayout,
    app: &App,
    s: &StatsState,
    hits: &mut HitMap,
) {
    let loc = &app.env.locale;
    let titles = titles(app);
    draw_tabs(frame, l.tabs, &titles, s.page, filter_error(&s.filters));
    for (i, r) in tab_rects(l.tabs, &titles).into_iter().enumerate() {
        hits.add(r, Tap(i));
    }
    let empty = Rect {
        height: 0,
        ..l.filters
    };
    draw_filters(
        frame,
        [l.filters, empty],
        app,
        &s.filters,
        &FILTER_ROWS,
        !s.table_focus,
    );
    record_filter_taps([l.filters, empty], &s.filters, &FILTER_ROWS, hits);
    let summary = loc.f(
        "complaints.stats.total",
        &[("n", &s.figures.total.to_string())],
    );
    let sx = l.filters.x + 44;
    if sx < l.filters.right() {
        frame.render_widget(
            Paragraph::new(styled(summary, theme::dim())),
            Rect::new(sx, l.filters.y, l.filters.right() - sx, 1),
        );
    }
}

/// Pages 0 and 1: complaints by category or by department (and, by
/// department, the suggestions worth keeping).
fn draw_counts(frame: &mut Frame, l: &StatsLayout, app: &App, s: &StatsState) {
    let loc = &app.env.locale;
    let f = &s.figures;
    let head = |cols: &[&str]| header_row(app, cols);
    let (list, section, title) = if s.page == 0 {
        (
            &f.by_category,
            "complaints.category",
            "complaints.stats.page0",
        )
    } else {
        (
            &f.by_department,
            "complaints.department",
            "complaints.stats.page1",
        )
    };
    let mut rows: Vec<Row> = list
        .iter()
        .map(|(id, n)| {
            Row::new(vec![
                name(loc, section, id),
                n.to_string(),
                pct(*n, f.total),
            ])
        })
        .collect();
    if s.page == 1 && !s.kept.is_empty() {
        rows.push(Row::new(vec![String::new()]));
        rows.push(Row::new(vec![loc.t("complaints.stats.kept").to_string()]).style(theme::title()));
        for (d, n) in &s.kept {
            rows.push(Row::new(vec![
                name(loc, "complaints.department", d),
                n.to_string(),
            ]));
        }
    }
    frame.render_widget(
        Table::new(
            rows,
            [
                Constraint::Min(10),
                Constraint::Length(5),
                Constraint::Length(5),
            ],
        )
        .header(head(&[
            "complaints.stats.col_name",
            "complaints.stats.col_n",
            "complaints.stats.col_share",
        ]))
        .block(table_block(format!(" {} ", loc.t(title)))),
        l.table,
    );
    let items: Vec<(String, u64)> = list
        .iter()
        .map(|(id, n)| (widgets::fit(&name(loc, section, id), 12), *n as u64))
        .collect();
    frame.render_widget(count_chart(format!(" {} ", loc.t(title)), &items), l.chart);
}

/// Page 2: the median times to first response and to resolution, and the
/// share settled at the counter.
fn draw_times(frame: &mut Frame, l: &StatsLayout, app: &App, f: &Figures) {
    let loc = &app.env.locale;
    let mins = |m: Option<i64>| {
        m.map(|m| span_text(app, chrono::Duration::minutes(m)))
            .unwrap_or_else(|| "—".into())
    };
    let rows = vec![
        Row::new(vec![
            loc.t("complaints.stats.received").to_string(),
            f.total.to_string(),
        ]),
        Row::new(vec![
            loc.t("complaints.stats.first_response").to_string(),
            mins(f.median_first_response_min),
        ]),
        Row::new(vec![
            loc.t("complaints.stats.responded").to_string(),
            f.responded.to_string(),
        ]),
        Row::new(vec![
            loc.t("complaints.stats.resolution").to_string(),
            mins(f.median_resolution_min),
        ]),
        Row::new(vec![
            loc.t("complaints.stats.resolved").to_string(),
            f.resolved.to_string(),
        ]),
        Row::new(vec![
            loc.t("complaints.stats.at_counter").to_string(),
            format!("{} ({})", f.at_counter, pct(f.at_counter, f.total)),
        ]),
    ];
    frame.render_widget(
        Table::new(rows, [Constraint::Min(16), Constraint::Length(12)]).block(table_block(
            format!(" {} ", loc.t("complaints.stats.page2")),
        )),
        l.table,
    );
    let [bars, gauge] =
        Layout::vertical([Constraint::Min(4), Constraint::Length(3)]).areas(l.chart);
    let hours = |m: Option<i64>| m.map(|m| (m + 30) / 60).unwrap_or(0) as u64;
    let items = vec![
        (
            loc.t("complaints.stats.first_response_h").to_string(),
            hours(f.median_first_response_min),
        ),
        (
            loc.t("complaints.stats.resolution_h").to_string(),
            hours(f.median_resolution_min),
        ),
    ];
    let limits = app.env.policy.service.complaints.limits;
    let chart_title = loc.f(
        "complaints.stats.limits",
        &[
            ("first", &limits.first_response_hours.to_string()),
            ("res", &limits.resolution_hours.to_string()),
        ],
    );
    frame.render_widget(count_chart(format!(" {chart_title} "), &items), bars);
    let share = f.counter_percent().unwrap_or(0).clamp(0, 100) as u16;
    frame.render_widget(
        Gauge::default()
            .block(table_block(format!(
                " {} ",
                loc.t("complaints.stats.at_counter")
            )))
            .gauge_style(theme::good())
            .percent(share),
        gauge,
    );
}

/// Page 3: satisfaction by month.
fn draw_months(frame: &mut Frame, l: &StatsLayout, app: &App, s: &StatsState) {
    let loc = &app.env.locale;
    let head = |cols: &[&str]| header_row(app, cols);
    let rows: Vec<Row> = s
        .months
        .iter()
        .map(|m| {
            Row::new(vec![
                m.month.clone(),
                m.surveys.to_string(),
                m.mean_x100
                    .map(|x| format!("{}.{:02}", x / 100, x % 100))
                    .unwrap_or_else(|| "—".into()),
            ])
        })
        .collect();
    frame.render_widget(
        Table::new(
            rows,
            [
                Constraint::Length(8),
                Constraint::Length(6),
                Constraint::Length(6),
            ],
        )
        .header(head(&[
            "complaints.stats.col_month",
            "complaints.stats.col_surveys",
            "complaints.stats.col_mean",
        ]))
        .block(table_block(format!(
            " {} ",
            loc.t("complaints.stats.page3")
        ))),
        l.table,
    );
    let bars: Vec<Bar> = s
        .months
        .iter()
        .map(|m| {
            let v = m.mean_x100.unwrap_or(0).max(0) as u64;
            Bar::default()
                .label(Line::from(m.month[5..].to_string()))
                .value(v)
                .text_value(
                    m.mean_x100
                        .map(|x| format!("{:.1}", x as f64 / 100.0))
                        .unwrap_or_default(),
                )
                .style(theme::good())
        })
        .collect();
    frame.render_widget(
        BarChart::default()
            .block(table_block(format!(
                " {} ",
                loc.t("complaints.stats.page3")
            )))
            .bar_width(2)
            .bar_gap(1)
            .max(500)
            .data(BarGroup::default().bars(&bars)),
        l.chart,
    );
}
