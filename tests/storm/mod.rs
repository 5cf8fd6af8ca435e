//! A seeded storm of keys, pastes and resizes over every screen, in a
//! pseudo-terminal; what it may not do is checked in the database after.
//! Shared by `tests/keystorm.rs` and `examples/keystorm.rs`.

#![allow(dead_code)]

use super::common::{Key, Shop, Tui};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::{Duration, Instant};

/// The narrowest size the storm resizes to: the smallest every screen must
/// draw at without a panic (it may ask for a larger window).
pub const MIN_SIZE: (u16, u16) = (20, 8);

const CHINESE: &[&str] = &["张", "三丰", "顾客", "退货", "维修", "谢谢", "王芳", "欧阳"];
const PASTES: &[&str] = &[
    "张三丰 13812345678",
    "=HYPERLINK(\"x\")",
    "line one\nline two\r\n",
    "\u{202e}reversed",
    "6901234567890\r",
    "   ",
];

/// What must not change, read before and after.
#[derive(Debug, PartialEq, Eq)]
pub struct Ledger {
    erased: i64,
    repair_states: Vec<(i64, String)>,
    care_stages: Vec<(i64, String)>,
    complaint_states: Vec<(i64, String)>,
    overrides: i64,
    cancelled_gatherings: i64,
    staff: Vec<(i64, String, i64)>,
}

impl Ledger {
    pub fn read(shop: &Shop) -> Ledger {
        let c = shop.conn();
        let pairs = |sql: &str| -> Vec<(i64, String)> {
            c.prepare(sql)
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        Ledger {
            erased: shop.count(
                "SELECT COUNT(*) FROM customers WHERE erased_at IS NOT NULL",
                [],
            ),
            repair_states: pairs("SELECT id, state FROM repair_jobs ORDER BY id"),
            care_stages: pairs("SELECT id, stage FROM care_jobs ORDER BY id"),
            complaint_states: pairs("SELECT id, state FROM complaints ORDER BY id"),
            overrides: shop.count(
                "SELECT COUNT(*) FROM returns WHERE overridden_by IS NOT NULL",
                [],
            ),
            cancelled_gatherings: shop
                .count("SELECT COUNT(*) FROM gatherings WHERE cancelled = 1", []),
            staff: c
                .prepare("SELECT id, role, active FROM staff ORDER BY id")
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap(),
        }
    }

    /// Whether `after` undid nothing of `self`: records made during the
    /// storm (new jobs, complaints) may exist, the old ones are unmoved.
    pub fn held(&self, after: &Ledger) -> Result<(), String> {
        let kept = |a: &[(i64, String)], b: &[(i64, String)], what: &str| -> Result<(), String> {
            for x in a {
                if !b.contains(x) {
                    return Err(format!("{what} {x:?} moved"));
                }
            }
            Ok(())
        };
        if after.erased != self.erased {
            return Err(format!("erased {} → {}", self.erased, after.erased));
        }
        kept(&self.repair_states, &after.repair_states, "repair job")?;
        kept(&self.care_stages, &after.care_stages, "care job")?;
        kept(&self.complaint_states, &after.complaint_states, "complaint")?;
        if after.overrides != self.overrides {
            return Err("a refusal was overridden".into());
        }
        if after.cancelled_gatherings != self.cancelled_gatherings {
            return Err("a gathering was called off".into());
        }
        if after.staff != self.staff {
            return Err(format!(
                "staff changed: {:?} → {:?}",
                self.staff, after.staff
            ));
        }
        Ok(())
    }
}

/// One random input, as bytes for the terminal, or a resize.
enum Input {
    Bytes(Vec<u8>),
    Resize(u16, u16),
}

fn one(rng: &mut ChaCha8Rng) -> Input {
    let key = |k: Key| Input::Bytes(k.bytes());
    match rng.random_range(0..100) {
        0..=14 => {
            // F1–F11: every screen (F12, the lock, is left out: a locked storm
            // would only ever type PINs).
            key(Key::F(rng.random_range(1..=11)))
        }
        15..=22 => key(Key::Esc),
        23..=30 => key(Key::Enter),
        31..=36 => key([Key::Tab, Key::BackTab][rng.random_range(0..2)]),
        37..=50 => key([
            Key::Up,
            Key::Down,
            Key::Left,
            Key::Right,
            Key::Home,
            Key::End,
            Key::PageUp,
            Key::PageDown,
            Key::Backspace,
        ][rng.random_range(0..9)]),
        51..=62 => Input::Bytes(vec![b'0' + rng.random_range(0..10u8)]),
        63..=80 => Input::Bytes(vec![b'a' + rng.random_range(0..26u8)]),
        81..=84 => {
            // Control keys, but never Ctrl-q (quit) or Ctrl-l (lock).
            let c = (b'a' + rng.random_range(0..26u8)) as char;
            if c == 'q' || c == 'l' {
                key(Key::Char(' '))
            } else {
                key(Key::Ctrl(c))
            }
        }
        85..=89 => Input::Bytes(
            CHINESE[rng.random_range(0..CHINESE.len())]
                .as_bytes()
                .to_vec(),
        ),
        90..=93 => {
            let p = PASTES[rng.random_range(0..PASTES.len())];
            Input::Bytes(format!("\x1b[200~{p}\x1b[201~").into_bytes())
        }
        // Half the resizes land among the smallest sizes, where drawing breaks.
        94 => Input::Resize(
            rng.random_range(MIN_SIZE.0..=40),
            rng.random_range(MIN_SIZE.1..=12),
        ),
        95 => Input::Resize(
            rng.random_range(MIN_SIZE.0..=120),
            rng.random_range(MIN_SIZE.1..=40),
        ),
        _ => key(Key::Char(' ')),
    }
}

/// Sends `count` random inputs from `seed` in bursts of about twenty, each
/// as soon as the app has drawn the last. Returns an error when the app
/// exits during the storm (a panic exits with 101).
pub fn storm(t: &mut Tui, seed: u64, count: usize) -> Result<(), String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let start = Instant::now();
    let mut chunk = Vec::new();
    for i in 0..count {
        match one(&mut rng) {
            Input::Bytes(b) => chunk.extend(b),
            Input::Resize(w, h) => {
                t.write(&std::mem::take(&mut chunk));
                t.resize(w, h);
            }
        }
        if chunk.len() >= 48 || i + 1 == count {
            t.write(&std::mem::take(&mut chunk));
            // Keep pace with the app (a storm it never reads tests nothing),
            // without the pause a deliberate confirmation would need.
            let _ = t.wait_stable(Duration::from_millis(15));
            if let Some(status) = t.wait_exit(Duration::ZERO) {
                return Err(format!(
                    "the app exited ({status:?}) after {i} keys of seed {seed}:\n{}",
                    t.screen()
                ));
            }
        }
    }
    // Let it drain what is queued, then it must still be running.
    std::thread::sleep(Duration::from_millis(300));
    if let Some(status) = t.wait_exit(Duration::from_millis(200)) {
        return Err(format!(
            "the app exited ({status:?}) at the end of seed {seed}:\n{}",
            t.screen()
        ));
    }
    eprintln!(
        "storm of {count} inputs (seed {seed}) in {:?}",
        start.elapsed()
    );
    Ok(())
}
