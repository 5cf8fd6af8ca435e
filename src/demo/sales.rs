//! A year of the demo shop's sales: each customer's purchases planned when
//! the customer is made, then sold through the store's sale (the file's
//! figures, tier, club and care entitlements follow, as at the till) in the
//! order they happened, with their purchase callbacks.

use anyhow::Result;
use chrono::Duration;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, TransactionBehavior, params};

use super::catalogue::Style;
use super::{Calendar, ClockAt, Weighted, chance, pick};
use crate::domain::after_purchase::Rules;
use crate::store::{self, purchases::NewLine, sales::SaleLine};

/// A purchase to write: when, whose, by whom, which lines.
#[derive(Debug, Clone, Copy)]
struct Planned {
    day: u32,
    /// Minute of the day, UTC.
    minute: u32,
    customer: i64,
    staff: i64,
    first_line: u32,
    lines: u32,
}

#[derive(Debug, Clone, Copy)]
struct PlannedLine {
    style: u32,
    size: u32,
    colour: u32,
    price_fen: i64,
    add_on: bool,
}

/// What a customer's planned purchases come to (the file works its own
/// figures out as they are sold).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Figures {
    pub total_fen: i64,
}

/// How a customer buys over the year.
#[derive(Clone, Copy)]
enum Habit {
    /// Registered and left without buying.
    Browser,
    OneOff,
    Occasional,
    Regular,
    /// A gold customer: often, and the dearer styles.
    Devoted,
}

/// The sales planned so far, and how styles are picked.
pub(super) struct Sales {
    purchases: Vec<Planned>,
    lines: Vec<PlannedLine>,
    everyday: Weighted<u32>,
    dearer: Weighted<u32>,
    add_ons: Weighted<u32>,
}

impl Sales {
    pub fn new(styles: &[Style]) -> Self {
        let weighted = |f: &dyn Fn(&Style) -> u32| {
            Weighted::new(
                styles
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (i as u32, f(s)))
                    .collect(),
            )
        };
        Sales {
            purchases: Vec::new(),
            lines: Vec::new(),
            // Most tickets are a piece or two of everyday wear.
            everyday: weighted(&|s| match s.product.list_price_fen {
                _ if s.product.made_to_order => 0,
                p if p < 80_000 => s.weight * 3,
                p if p < 150_000 => s.weight * 2,
                _ => s.weight,
            }),
            dearer: weighted(&|s| {
                let dear = s.product.list_price_fen >= 200_000 || s.product.made_to_order;
                s.weight * if dear { 5 } else { 1 }
            }),
            add_ons: weighted(&|s| {
                let cheap = s.product.list_price_fen < 100_000;
                if s.product.made_to_order {
                    0
                } else {
                    s.weight * if cheap { 4 } else { 1 }
                }
            }),
        }
    }

    pub fn purchases(&self) -> usize {
        self.purchases.len()
    }

    pub fn lines(&self) -> usize {
        self.lines.len()
    }

    /// Plans one customer's purchases: the first on the day they registered,
    /// more over the rest of the year depending on their habit; returns the
    /// figures their file keeps.
    #[allow(clippy::too_many_arguments)]
    pub fn plan_customer(
        &mut self,
        rng: &mut ChaCha8Rng,
        calendar: &Calendar,
        styles: &[Style],
        customer: i64,
        registered: (u32, u32),
        own_associate: i64,
        staff: &[i64],
        size: &str,
    ) -> Figures {
        let habit = match rng.random::<f64>() {
            r if r < 0.12 => Habit::Browser,
            r if r < 0.62 => Habit::OneOff,
            r if r < 0.86 => Habit::Occasional,
            r if r < 0.97 => Habit::Regular,
            _ => Habit::Devoted,
        };
        let more = match habit {
            Habit::Browser => return Figures::default(),
            Habit::OneOff => 0,
            Habit::Occasional => rng.random_range(1..=2),
            Habit::Regular => rng.random_range(3..=6),
            Habit::Devoted => rng.random_range(8..=20),
        };
        let (day, minute) = registered;
        // Someone who registered late in the year has had less time to come back.
        let left = (calendar.last_day() - day) as f64 / calendar.last_day().max(1) as f64;
        let more = (0..more).filter(|_| chance(rng, left)).count();
        let mut figures = Figures::default();
        let dear = matches!(habit, Habit::Devoted);
        let first_minute = (minute + rng.random_range(5..40)).min(CLOSING);
        let mut visits = vec![(day, first_minute)];
        for _ in 0..more {
            if let Some(d) = calendar.busy_day(rng, day) {
                visits.push((d, shop_minute(rng)));
            }
        }
        for (day, minute) in visits {
            let by = if chance(rng, 0.7) {
                own_associate
            } else {
                *pick(rng, staff)
            };
            let total = self.plan_purchase(rng, calendar, styles, day, size, dear);
            self.purchases.push(Planned {
                day,
                minute,
                customer,
                staff: by,
                first_line: (self.lines.len() - total.1) as u32,
                lines: total.1 as u32,
            });
            figures.total_fen += total.0;
        }
        figures
    }

    /// Plans the lines of one purchase; returns its total and line count.
    fn plan_purchase(
        &mut self,
        rng: &mut ChaCha8Rng,
        calendar: &Calendar,
        styles: &[Style],
        day: u32,
        size: &str,
        dear: bool,
    ) -> (i64, usize) {
        let n = match rng.random::<f64>() {
            r if r < 0.62 => 1,
            r if r < 0.89 => 2,
            r if r < 0.97 => 3,
            _ => 4,
        };
        let winter = calendar.is_winter(day);
        let mut total = 0;
        for i in 0..n {
            let picker = match (i, dear) {
                (0, true) => &self.dearer,
                (0, false) => &self.everyday,
                _ => &self.add_ons,
            };
            let s = pick_style(rng, picker, styles, day, winter);
            let style = &styles[s as usize];
            let size = match style.sizes.iter().position(|z| *z == size) {
                Some(p) => p,
                None => rng.random_range(0..style.sizes.len()),
            };
            let price_fen = style.price_on(day);
            total += price_fen;
            self.lines.push(PlannedLine {
                style: s,
                size: size as u32,
                colour: rng.random_range(0..style.colours.len()) as u32,
                price_fen,
                add_on: i > 0,
            });
        }
        (total, n)
    }
}

/// A style on sale that day, in season if a few tries find one.
fn pick_style(
    rng: &mut ChaCha8Rng,
    picker: &Weighted<u32>,
    styles: &[Style],
    day: u32,
    winter: bool,
) -> u32 {
    let mut on_sale = None;
    for _ in 0..6 {
        let s = picker.pick(rng);
        let style = &styles[s as usize];
        if !style.on_sale(day) {
            continue;
        }
        if style.season.is_none_or(|season| (season == 'W') == winter) {
            return s;
        }
        on_sale.get_or_insert(s);
    }
    // Cosmetics and made-to-order pieces are always on sale.
    on_sale.unwrap_or_else(|| {
        let always = styles
            .iter()
            .position(|st| st.season.is_none())
            .unwrap_or(0);
        always as u32
    })
}

/// A time the shop is open (10:00 to 21:30 in Beijing), as minutes UTC.
pub(super) fn shop_minute(rng: &mut ChaCha8Rng) -> u32 {
    rng.random_range(2 * 60..CLOSING)
}

/// 21:30 in Beijing, as minutes UTC.
const CLOSING: u32 = 13 * 60 + 30;

/// `HH:MM:SSZ` after a date: a UTC time as stored.
pub(super) fn at(calendar: &Calendar, day: u32, minute: u32, second: u32) -> String {
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        calendar.iso(day),
        minute / 60,
        minute % 60,
        second
    )
}

/// A purchase callback made, for the contact log.
pub(super) struct CallMade {
    pub customer: i64,
    pub staff: i64,
    pub purchase: i64,
    pub at: String,
}

/// What writing the sales came to.
pub(super) struct Written {
    pub purchases: u64,
    pub lines: u64,
    /// Purchases due for their callback and not called yet.
    pub pending: u64,
    /// Callbacks made in the last week, for the contact log.
    pub recent_calls: Vec<CallMade>,
}

/// How many overdue callbacks stay undone, so the home screen has a few.
const LEFT_UNCALLED: usize = 12;
const BATCH: usize = 100_000;

/// Which purchases (by index) stay uncalled: a handful of those due in the
/// last days of the callback window.
fn left_uncalled(purchases: &[Planned], due_day: Option<u32>, rng: &mut ChaCha8Rng) -> Vec<bool> {
    let mut uncalled = vec![false; purchases.len()];
    if let Some(due) = due_day {
        let mut late: Vec<usize> = (0..purchases.len())
            .filter(|&i| (due.saturating_sub(3)..=due).contains(&purchases[i].day))
            .collect();
        for _ in 0..LEFT_UNCALLED.min(late.len()) {
            uncalled[late.swap_remove(rng.random_range(0..late.len()))] = true;
        }
    }
    uncalled
}

/// The day and time a purchase was called back: a day or two after `due`.
fn called_back(rng: &mut ChaCha8Rng, calendar: &Calendar, due: u32) -> (u32, String) {
    let day = (due + rng.random_range(0..=2)).min(calendar.last_day());
    (
        day,
        at(
            calendar,
            day,
            rng.random_range(60..600),
            rng.random_range(0..60),
        ),
    )
}

/// The till's lines of a planned purchase.
fn sale_lines(planned: &[PlannedLine], styles: &[Style], product_ids: &[i64]) -> Vec<SaleLine> {
    planned
        .iter()
        .map(|l| {
            let style = &styles[l.style as usize];
            SaleLine {
                line: NewLine {
                    product_id: product_ids[l.style as usize],
                    size: style.sizes[l.size as usize].to_string(),
                    colour: style.colours[l.colour as usize].to_string(),
                    price_fen: l.price_fen,
                    add_on: l.add_on,
                },
                category: style.product.category.clone(),
                asked_fen: l.price_fen,
            }
        })
        .collect()
}

/// The next receipt number of `day`: `20261123-00001`, counting on from
/// the last number of the same day (`day_seq` is that day and number).
fn next_receipt(calendar: &Calendar, day_seq: &mut (u32, u32), day: u32) -> String {
    *day_seq = if day_seq.0 == day {
        (day, day_seq.1 + 1)
    } else {
        (day, 1)
    };
    format!("{}-{:05}", calendar.compact(day), day_seq.1)
}

impl Written {
    /// A purchase written (purchase `id`, `lines` lines); a call back made
    /// in the last week is kept for the contacts.
    fn count(
        &mut self,
        p: &Planned,
        id: i64,
        lines: usize,
        called: Option<(u32, String)>,
        last_day: u32,
    ) {
        self.purchases += 1;
        self.lines += lines as u64;
        if let Some((day, at)) = called
            && day + 7 > last_day
        {
            self.recent_calls.push(CallMade {
                customer: p.customer,
                staff: p.staff,
                purchase: id,
                at,
            });
        }
    }
}

/// Writes the planned purchases in the order they happened, one receipt
/// number sequence a day. Purchases past the callback window are called
/// back a day or two after it fell due, all but a handful of the latest.
#[allow(clippy::too_many_arguments)]
pub(super) fn write(
    conn: &mut Connection,
    mut sales: Sales,
    rng: &mut ChaCha8Rng,
    calendar: &Calendar,
    styles: &[Style],
    product_ids: &[i64],
    after_days: u32,
    rules: &Rules,
) -> Result<Written> {
    sales
        .purchases
        .sort_by_key(|p| (p.day, p.minute, p.customer));
    let due_day = calendar.last_day().checked_sub(after_days);
    let uncalled = left_uncalled(&sales.purchases, due_day, rng);
    let mut written = Written {
        purchases: 0,
        lines: 0,
        pending: 0,
        recent_calls: Vec::new(),
    };
    let mut day_seq = (u32::MAX, 0u32);
    // Each sale is written as the till would have written it that day.
    let clock = ClockAt::on(calendar.date(0), 0);
    let owed_from = calendar.today() + Duration::days(1);
    for (batch_no, batch) in sales.purchases.chunks(BATCH).enumerate() {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (i, p) in batch.iter().enumerate() {
            let receipt = next_receipt(calendar, &mut day_seq, p.day);
            let planned = &sales.lines[p.first_line as usize..(p.first_line + p.lines) as usize];
            let due = due_day.is_some_and(|d| p.day <= d);
            let called = if !due {
                None
            } else if uncalled[batch_no * BATCH + i] {
                written.pending += 1;
                None
            } else {
                Some(called_back(rng, calendar, p.day + after_days))
            };
            let second = rng.random_range(0..60);
            clock.set(
                calendar
                    .date(p.day)
                    .and_hms_opt(p.minute / 60, p.minute % 60, second)
                    .unwrap_or_default(),
            );
            let lines = sale_lines(planned, styles, product_ids);
            // A year's sales are history by today: their callbacks and
            // thanks are the task engine's and the calls' to make.
            let id = store::sales::record(
                &tx,
                &receipt,
                Some(p.customer),
                Some(p.staff),
                calendar.date(p.day),
                &lines,
                rules,
                owed_from,
            )?;
            if let Some((_, at)) = &called {
                tx.prepare_cached("UPDATE purchases SET called_back_at = ?2 WHERE id = ?1")?
                    .execute(params![id, at])?;
            }
            written.count(p, id, lines.len(), called, calendar.last_day());
        }
        tx.commit()?;
    }
    Ok(written)
}
