//! Complaints 投诉 (DOMAIN §4): channels, the closed loop, routing, time
//! limits and escalation, the nine steps at the counter, and the figures
//! the manager reads. Pure rules: callers pass `now` and the facts in.

pub mod counter;
pub mod flow;
pub mod limits;
pub mod routing;
pub mod stats;

#[cfg(test)]
mod tests;

/// Defines a closed list of ids: `ALL`, `id()` and `from_id()`.
macro_rules! ids {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $id:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }

            pub fn from_id(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.id() == s)
            }
        }
    };
}
pub(crate) use ids;

ids! {
    /// Where a complaint came in [S1, S2].
    Channel {
        Hotline = "hotline",
        Phone = "phone",
        Letter = "letter",
        Visit = "visit",
        InStore = "in_store",
        Email = "email",
        Web = "web",
        OnlineShop = "online_shop",
    }
}

ids! {
    Urgency {
        Normal = "normal",
        /// Reported to the manager at once [S1 紧急事件应及时上报].
        Urgent = "urgent",
    }
}

ids! {
    /// The closed loop [S2]: 受理 → 核实 → 处理 → 反馈 → 回访, then closed.
    State {
        Accepted = "accepted",
        Verified = "verified",
        Handled = "handled",
        FedBack = "fed_back",
        Revisited = "revisited",
        Closed = "closed",
    }
}

ids! {
    /// What the shop does about a complaint (step 6 at the counter, 处理 in the loop).
    Resolution {
        Repair = "repair",
        Exchange = "exchange",
        Refund = "refund",
        FreeService = "free_service",
        Explanation = "explanation",
        /// Medical advice, stop using, the shop pays the visit (adverse reactions).
        Care = "care",
        ReferManufacturer = "refer_manufacturer",
        OtherProduct = "other_product",
        Refused = "refused",
        Other = "other",
    }
}

ids! {
    /// Something of added value for the trouble (step 7) [S1 送小礼品].
    Compensation {
        None = "none",
        Gift = "gift",
        Discount = "discount",
        FreeService = "free_service",
    }
}

impl State {
    /// Whether the complaint still needs work (closed ones do not).
    pub fn is_open(self) -> bool {
        self != State::Closed
    }
}

/// Parses an amount of money typed as yuan ("25", "25.5", "¥1,299.00") into fen.
pub fn parse_yuan(s: &str) -> Option<i64> {
    let t: String = s
        .trim()
        .trim_start_matches(['¥', '￥'])
        .chars()
        .filter(|c| *c != ',' && *c != ' ')
        .collect();
    if t.is_empty() {
        return None;
    }
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || whole.len() > 12
    {
        return None;
    }
    let yuan: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let fen: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    Some(yuan * 100 + fen)
}

/// Fen as an amount to edit: "25.00".
pub fn yuan_text(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}
