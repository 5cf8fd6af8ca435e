//! The demo shop's customers, registered over the year (through the
//! store's new-file write, each in the first tier as the form leaves it). They are made on
//! a thread of their own (names, files, planned purchases, search keys)
//! while the shop's connection writes the rows: the making is a good part
//! of the work, and SQLite writes from one thread only.

use anyhow::{Result, anyhow, bail};
use chrono::{Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, TransactionBehavior};
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

use super::bulk::SearchIndexes;
use super::care::{self, Contact};
use super::catalogue::Style;
use super::sales::{self, Sales};
use super::{Calendar, DemoSpec, chance, names, profile, stream};
use crate::domain::customer::{self, Birthday, Field, Values};
use crate::shop_data::policy::Policy;
use crate::store::customers::{NewFile, insert_new};

/// Customers sent to the writing thread at a time.
const BATCH: usize = 10_000;
/// Customers written per transaction.
const PER_TRANSACTION: usize = 50_000;

/// What the customers are made from.
pub(super) struct Shop<'a> {
    pub spec: &'a DemoSpec,
    pub policy: &'a Policy,
    pub calendar: &'a Calendar,
    pub styles: &'a [Style],
    /// Who registers customers.
    pub associates: &'a [i64],
    /// Who sells: the associates and the manager.
    pub sellers: &'a [i64],
}

/// A customer ready to be written.
struct Ready {
    id: i64,
    clean: Values,
    referred_by: Option<i64>,
    staff_id: i64,
    pinyin: String,
    initials: String,
    digits: String,
    registered_at: String,
    /// The day of the demo year it was registered.
    day: u32,
}

/// What registering the customers came to, beside their rows.
pub(super) struct Registered {
    pub sales: Sales,
    pub contacts: Vec<Contact>,
    /// Customers per VIP tier, in the policy's order.
    pub tiers: Vec<(String, u64)>,
    pub birthdays_coming: u64,
}

/// Makes and writes the customers, ids 1 to `spec.customers` in order of
/// registration, and puts them in the search indexes.
pub(super) fn register(
    conn: &mut Connection,
    shop: &Shop,
    search: &mut SearchIndexes,
) -> Result<Registered> {
    let (send, receive) = sync_channel(2);
    // Written batches go back to be freed where they were made: memory
    // freed in another thread than the one that took it is slow to reuse.
    let (done, written_batches) = channel();
    std::thread::scope(|scope| {
        let maker = std::thread::Builder::new()
            .name("demo-customers".into())
            .spawn_scoped(scope, || make(shop, search, send, written_batches))?;
        let written = write(conn, shop.calendar, receive, done);
        let made = maker
            .join()
            .map_err(|_| anyhow!("the demo customer thread panicked"))?;
        // A failed write stops the making: its error is the one to tell.
        written?;
        made
    })
}

/// How much of a file each associate gathers (the completeness contest has a spread).
const DILIGENCE: [f64; 5] = [0.9, 0.65, 0.45, 0.3, 0.75];

fn make(
    shop: &Shop,
    search: &mut SearchIndexes,
    send: SyncSender<Vec<Ready>>,
    written: Receiver<Vec<Ready>>,
) -> Result<Registered> {
    let (spec, calendar) = (shop.spec, shop.calendar);
    let mut people = stream(spec.seed, 2);
    let mut buying = stream(spec.seed, 3);
    let mut names = names::Names::new();
    let mut reg = Registered {
        sales: Sales::new(shop.styles),
        contacts: Vec::new(),
        tiers: tier_counts(shop),
        birthdays_coming: 0,
    };
    let birthdays = birthdays(shop);
    let mut batch = Vec::with_capacity(BATCH);
    for (i, day) in calendar
        .registrations(spec.customers)
        .into_iter()
        .enumerate()
    {
        let id = i as i64 + 1;
        let minute = sales::shop_minute(&mut people);
        let who = people.random_range(0..shop.associates.len());
        let staff_id = shop.associates[who];
        let file = profile::customer(
            &mut people,
            &mut names,
            spec.today,
            birthdays,
            DILIGENCE[who % DILIGENCE.len()],
        );
        let referred_by = (id > 1 && chance(&mut people, 0.08)).then(|| people.random_range(1..id));
        let figures = reg.sales.plan_customer(
            &mut buying,
            calendar,
            shop.styles,
            id,
            (day, minute),
            staff_id,
            shop.sellers,
            file.values.get(Field::ClothingSize),
        );
        let (clean, digits) = checked(search, id, &file, spec.today)?;
        let registered_at = sales::at(calendar, day, minute, people.random_range(0..60));

        let tier = customer::tier_for(&shop.policy.customers.tiers, figures.total_fen);
        if let Some(t) = reg.tiers.iter_mut().find(|(t, _)| *t == tier.id) {
            t.1 += 1;
        }
        let who = (id, staff_id, day);
        // Thanked for a referral made in the last month.
        if let Some(referrer) = referred_by.filter(|_| day + 30 > calendar.last_day()) {
            let at = registered_at.clone();
            reg.contacts
                .extend(care::referral_thanks(referrer, id, staff_id, at));
        }
        reg.birthdays_coming += birthday(&mut people, shop, &clean, who, &mut reg.contacts) as u64;
        batch.push(Ready {
            id,
            clean,
            referred_by,
            staff_id,
            pinyin: file.pinyin,
            initials: file.initials,
            digits,
            registered_at,
            day,
        });
        if batch.len() == BATCH {
            send_full(&mut batch, &send, &written)?;
        }
    }
    if !batch.is_empty() {
        let _ = send.send(batch);
    }
    Ok(reg)
}

/// No customer yet in any tier of the policy.
fn tier_counts(shop: &Shop) -> Vec<(String, u64)> {
    shop.policy
        .customers
        .tiers
        .iter()
        .map(|t| (t.id.clone(), 0))
        .collect()
}

/// A made-up file as the form would have cleaned it (it must pass the
/// form's checks), with its phone's digits, added to the search indexes.
fn checked(
    search: &mut SearchIndexes,
    id: i64,
    file: &profile::Made,
    today: NaiveDate,
) -> Result<(Values, String)> {
    let clean = customer::validate(&file.values, today)
        .map_err(|e| anyhow!("demo customer {id} fails the form checks: {e:?}"))?;
    let digits = customer::phone_digits(clean.get(Field::Phone));
    search.add(id, clean.get(Field::Name), &file.initials, &digits)?;
    Ok((clean, digits))
}

/// How the birthdays of the demo customers fall: a small demo shop gets
/// more in the window than chance gives, so the pane has greetings to show;
/// a big one has plenty by chance.
fn birthdays(shop: &Shop) -> profile::Birthdays {
    profile::Birthdays {
        window: shop.policy.greetings.birthday_window_days,
        in_window: 0.06 * (20_000.0 / shop.spec.customers.max(1) as f64).min(1.0),
    }
}

/// Whether a customer who accepts greetings has a birthday in the home
/// screen's window; one that fell in the last week, once they were on file,
/// was greeted on the day. `who` is (customer, associate, day registered).
fn birthday(
    people: &mut ChaCha8Rng,
    shop: &Shop,
    clean: &Values,
    who: (i64, i64, u32),
    contacts: &mut Vec<Contact>,
) -> bool {
    let (id, staff_id, day) = who;
    let (today, calendar) = (shop.spec.today, shop.calendar);
    let window = shop.policy.greetings.birthday_window_days;
    if !clean.yes(Field::GreetingsOk) {
        return false;
    }
    let Some(b) = Birthday::parse(clean.get(Field::Birthday)) else {
        return false;
    };
    let since = (1..7).find(|&k| {
        let d = today - Duration::days(k);
        b.days_until(d) == 0 && calendar.day_of(d).is_some_and(|d| d >= day)
    });
    if let Some(k) = since {
        let d = calendar.last_day() - k as u32;
        let at = sales::at(calendar, d, 60 + people.random_range(0..90), 0);
        contacts.push(care::birthday_greeting(people, id, staff_id, at));
    }
    b.days_until(today) <= window as i64
}

/// Hands a full batch of customer rows to the writer, after dropping the
/// batches it has written back.
fn send_full(
    batch: &mut Vec<Ready>,
    send: &SyncSender<Vec<Ready>>,
    written: &Receiver<Vec<Ready>>,
) -> Result<()> {
    written.try_iter().for_each(drop);
    let full = std::mem::replace(batch, Vec::with_capacity(BATCH));
    if send.send(full).is_err() {
        bail!("the customer rows are no longer being written");
    }
    Ok(())
}

/// Writes the customers as they come; their sales come after, in order.
fn write(
    conn: &mut Connection,
    calendar: &Calendar,
    receive: Receiver<Vec<Ready>>,
    done: Sender<Vec<Ready>>,
) -> Result<()> {
    let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut in_tx = 0;
    for batch in receive {
        for c in &batch {
            let file = NewFile {
                clean: &c.clean,
                referred_by: c.referred_by,
                staff_id: c.staff_id,
                pinyin: &c.pinyin,
                initials: &c.initials,
                phone_digits: &c.digits,
                now: &c.registered_at,
            };
            let written = insert_new(&tx, &file)?;
            if written != c.id {
                bail!(
                    "the demo customer meant to be {} was written as {written}",
                    c.id
                );
            }
            // A new file starts in the first tier, as the form's does.
            crate::store::vip::recompute(&tx, c.id, calendar.date(c.day))?;
            in_tx += 1;
        }
        // Once the maker has finished, the last batches are freed here.
        let _ = done.send(batch);
        if in_tx >= PER_TRANSACTION {
            tx.commit()?;
            tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            in_tx = 0;
        }
    }
    tx.commit()?;
    Ok(())
}
