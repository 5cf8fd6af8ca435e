//! The VIP screen's whole-shop counts: each segment's customers and a
//! running campaign's, counted off the screen's thread (a pass over every
//! customer); when another connection changes records, at most once a minute.

use super::vip::VipState;
use super::{Ctx, Effect};
use crate::store::campaigns::{self, Campaign};
use crate::store::vip;
use anyhow::Result;

impl VipState {
    /// The customers of each segment: a pass over every customer, so it is
    /// made off the screen's thread and the screen opens without waiting.
    pub(super) fn count_segments(&mut self, cx: &mut Ctx) {
        let group = self.group();
        let today = cx.today();
        let t = cx.env.policy.segments.clone();
        self.counting = true;
        self.counted = Some((std::time::Instant::now(), group.tier.clone(), today));
        let tier = group.tier.clone();
        cx.read(
            move |conn| vip::segment_counts(conn, &group, today, &t),
            move |app, counts| {
                app.on_view_as::<VipState>(|v, _| {
                    // Another tier was asked for since: its count follows.
                    if v.tier != tier {
                        return Effect::None;
                    }
                    v.counting = false;
                    match counts {
                        Ok(c) => {
                            v.counts = c;
                            Effect::None
                        }
                        Err(e) => Effect::Fault(e),
                    }
                })
            },
        );
    }

    /// The running campaign's customers, counted off the screen's thread.
    pub(super) fn count_targets(&mut self, cx: &mut Ctx, c: Campaign) {
        self.target_counting = true;
        let id = c.id;
        cx.read(
            move |conn| campaigns::target_count(conn, &c),
            move |app, n| {
                app.on_view_as::<VipState>(|v, _| {
                    if v.active.as_ref().map(|a| a.id) != Some(id) {
                        return Effect::None;
                    }
                    v.target_counting = false;
                    match n {
                        Ok(n) => {
                            v.target_count = n;
                            Effect::None
                        }
                        Err(e) => Effect::Fault(e),
                    }
                })
            },
        );
    }

    /// Another connection changed the shop's records: the lists are read
    /// again at once, the whole-shop counts at most once a minute (on a busy
    /// day every sale would otherwise start a pass over every customer).
    pub(super) fn read_changed(&mut self, cx: &mut Ctx) -> Result<()> {
        let fresh = self.counted.as_ref().is_some_and(|(at, tier, day)| {
            at.elapsed() < std::time::Duration::from_secs(60)
                && *tier == self.tier
                && *day == cx.today()
        });
        if !fresh {
            self.count_segments(cx);
        }
        self.read_lists(cx, !fresh)
    }
}
