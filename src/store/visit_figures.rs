//! Visit figures counted as the shop's `[figures]` rule says (issue 13,
//! point 2): a returned line's refund leaves its visit's sales (and add-on
//! sales), and a visit whose every line was returned no longer counts as
//! converted. Shared by the visit statistics and the staff board, so both
//! count alike. Exchanges keep the sale.

use crate::domain::visit::ReturnsRule;

/// Refunds of the visit's returned lines; `extra` narrows the lines.
fn refund(extra: &str) -> String {
    format!(
        "COALESCE((SELECT SUM(r.amount_fen) FROM purchase_lines l JOIN returns r ON r.id = l.return_id
                   WHERE l.purchase_id = v.purchase_id AND l.settled = 'returned'{extra}), 0)"
    )
}

const ANY_RETURNED: &str = "EXISTS (SELECT 1 FROM purchase_lines l
    WHERE l.purchase_id = v.purchase_id AND l.settled = 'returned')";
const ANY_KEPT: &str = "EXISTS (SELECT 1 FROM purchase_lines l
    WHERE l.purchase_id = v.purchase_id AND l.settled IS NOT 'returned')";

/// Six aggregate columns over the visits alias `v`: visits, converted,
/// sales, add-on sales, converted visits with a line returned, and what
/// those returns refunded.
pub fn columns(rule: &ReturnsRule) -> String {
    let net = i64::from(rule.net_of_returns);
    let unconvert = i64::from(rule.whole_return_unconverts);
    let converted = format!(
        "(v.outcome = 'bought' AND NOT ({unconvert} AND {ANY_RETURNED} AND NOT {ANY_KEPT}))"
    );
    let (all, add_on) = (refund(""), refund(" AND l.add_on = 1"));
    format!(
        "COUNT(v.id), COALESCE(SUM({converted}), 0),
         COALESCE(SUM(CASE WHEN {converted} THEN v.total_fen - {net} * {all} END), 0),
         COALESCE(SUM(CASE WHEN {converted} THEN v.add_on_fen - {net} * {add_on} END), 0),
         COALESCE(SUM(v.outcome = 'bought' AND {ANY_RETURNED}), 0),
         COALESCE(SUM(CASE WHEN v.outcome = 'bought' THEN {all} END), 0)"
    )
}

/// The six figures of [`columns`], from a month's kept sums.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    pub visits: i64,
    pub bought: i64,
    pub sales_fen: i64,
    pub add_on_fen: i64,
    pub returned: i64,
    pub refunded_fen: i64,
}

/// What [`columns`] counts, worked out from the kept sums: a visit whose
/// every line was returned leaves the converted ones (and takes its sales
/// with it) when the rule says so; refunds leave the sales when net.
pub fn from_kept(k: &crate::store::kept::VisitSums, rule: &ReturnsRule) -> Figures {
    let net = i64::from(rule.net_of_returns);
    let u = i64::from(rule.whole_return_unconverts);
    Figures {
        visits: k.visits,
        bought: k.bought - u * k.whole_returned,
        sales_fen: (k.total_fen - u * k.total_whole_fen)
            - net * (k.refund_fen - u * k.refund_whole_fen),
        add_on_fen: (k.add_on_fen - u * k.add_on_whole_fen)
            - net * (k.refund_add_on_fen - u * k.refund_add_on_whole_fen),
        returned: k.bought_returned,
        refunded_fen: k.refund_fen,
    }
}
