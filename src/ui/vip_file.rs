//! The VIP line of a customer file: club, the way to the next tier, and
//! the segment with what fits to say to such a customer.

use ratatui::text::{Line, Span};

use super::theme;
use super::widgets::styled;
use crate::app::App;
use crate::domain::segments::segment_for;
use crate::domain::vip::{ClubVia, next_tier};
use crate::store::vip::Standing;

/// Two lines: club · next tier · segment, then the segment's hint.
pub fn lines(app: &App, spend_fen: i64, standing: Option<&Standing>) -> Vec<Line<'static>> {
    let loc = &app.env.locale;
    let p = &app.env.policy;
    let mut spans: Vec<Span> = vec![Span::raw(" ")];
    let club = match standing.and_then(|s| s.club_since.as_ref().map(|d| (d, s.club_via))) {
        Some((since, via)) => loc.f(
            if via == Some(ClubVia::Fee) {
                "vip.club_fee_since"
            } else {
                "vip.club_spend_since"
            },
            &[("since", since)],
        ),
        None => loc.f(
            "vip.club_not_yet",
            &[(
                "left",
                &loc.money((p.customers.club_min_spend_fen - spend_fen).max(0)),
            )],
        ),
    };
    spans.push(styled(club, theme::dim()));
    spans.push(Span::raw(" · "));
    let next = match next_tier(&p.customers.tiers, spend_fen) {
        Some((t, left)) => loc.f(
            "vip.next_tier",
            &[
                ("tier", loc.t(&format!("tier.{}", t.id))),
                ("left", &loc.money(left)),
            ],
        ),
        None => loc.t("vip.top_tier").to_string(),
    };
    spans.push(styled(next, theme::dim()));
    if let Some(s) = standing {
        let seg = segment_for(&s.facts, app.today(), &p.segments);
        spans.push(Span::raw(" · "));
        spans.push(styled(
            loc.t(&format!("segment.{}", seg.id())).to_string(),
            theme::key(),
        ));
        let hint = loc.t(&format!("segment_hint.{}", seg.id())).to_string();
        return vec![
            Line::from(spans),
            Line::from(styled(format!(" {hint}"), theme::good())),
        ];
    }
    vec![Line::from(spans)]
}
