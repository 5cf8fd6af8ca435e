//! The manager's staff board (DOMAIN §2 顾客档案评比, §3 contact log): per
//! associate and month, the contacts made and their outcomes, the files
//! registered and how complete they are, the visits and what they sold.
//! Pure rules: which group a contact kind belongs to, the files ranking,
//! the order of the rows.

use std::cmp::Ordering;

use super::visit::add_on_uplift_percent;

/// The three groups of contacts the board counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Callback,
    Greeting,
    Thanks,
}

/// The group of a contact kind; kinds outside the three (a gathering
/// invitation) are not counted.
pub fn group_of(kind: &str) -> Option<Group> {
    match kind {
        "purchase_callback"
        | "follow_up"
        | "repair_ready_call"
        | "repair_revisit"
        | "complaint_revisit"
        | "made_to_order_revisit"
        | "season_revisit" => Some(Group::Callback),
        "birthday_greeting" | "festival_greeting" | "season_greeting" | "miss_you" => {
            Some(Group::Greeting)
        }
        "referral_thanks" | "milestone_thanks" | "top_spender_visit" | "thank_you_letter" => {
            Some(Group::Thanks)
        }
        _ => None,
    }
}

impl Quality {
    /// Anything to show: a "1+5", a check or a satisfaction figure.
    pub fn busy(&self) -> bool {
        self.opf_jobs > 0 || self.checks > 0 || self.satisfaction.is_some()
    }
}

/// The outcomes the board shows, in column order; any other is "other".
pub const OUTCOMES: [&str; 5] = ["reached", "no_answer", "call_back", "wrong_number", "sent"];

/// One associate's month.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoardRow {
    pub staff_id: i64,
    pub name: String,
    pub callbacks: i64,
    pub greetings: i64,
    pub thanks: i64,
    /// Counted contacts by outcome, in [`OUTCOMES`] order.
    pub outcomes: [i64; 5],
    /// Counted contacts with an outcome outside [`OUTCOMES`].
    pub other_outcomes: i64,
    /// Customer files registered this month.
    pub files: i64,
    /// Their average completeness in whole percent (none without files).
    pub completeness: Option<u32>,
    /// Place in the files contest, 1 the best (none without files).
    pub rank: Option<u32>,
    pub visits: i64,
    pub bought: i64,
    pub sales_fen: i64,
    pub add_on_fen: i64,
    /// Of the visits that bought, those with a line returned since, and
    /// what was refunded (`[figures]` in `data/policy.toml`).
    pub returned: i64,
    pub refunded_fen: i64,
    /// The files contest score (quantity and quality weighted), none without files.
    pub contest: Option<u32>,
    /// Quality figures (DOMAIN §8): see [`Quality`].
    pub quality: Quality,
}

/// One associate's service quality in the month.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Quality {
    /// Jobs with a "1+5" record, those right first time, and the full "1+5".
    pub opf_jobs: i64,
    pub opf_first: i64,
    pub opf_full: i64,
    /// Service checks of their work, and the failed ones.
    pub checks: i64,
    pub checks_failed: i64,
    /// The failed checks withdrew the month's bonus flag.
    pub bonus_vetoed: bool,
    /// Satisfaction score 0–100 (surveys less complaints), none without either.
    pub satisfaction: Option<u32>,
    /// Complaints about their service.
    pub complaints: i64,
}

impl BoardRow {
    /// Counts `n` contacts of `kind` with `outcome`.
    pub fn add_contacts(&mut self, kind: &str, outcome: &str, n: i64) {
        match group_of(kind) {
            Some(Group::Callback) => self.callbacks += n,
            Some(Group::Greeting) => self.greetings += n,
            Some(Group::Thanks) => self.thanks += n,
            None => return,
        }
        match OUTCOMES.iter().position(|o| *o == outcome) {
            Some(i) => self.outcomes[i] += n,
            None => self.other_outcomes += n,
        }
    }

    pub fn contacts(&self) -> i64 {
        self.callbacks + self.greetings + self.thanks
    }

    /// Visits ending in a sale, in whole percent.
    pub fn conversion_percent(&self) -> Option<u32> {
        (self.visits > 0)
            .then(|| ((self.bought as f64 * 100.0 / self.visits as f64).round()) as u32)
    }

    /// What add-ons added to the other sales, in whole percent (DOMAIN §1 step 7).
    pub fn add_on_percent(&self) -> Option<u32> {
        add_on_uplift_percent(self.sales_fen, self.add_on_fen)
    }
}

/// The average of completeness scores given as (score, files with it),
/// rounded; none for no files.
pub fn average(scores: &[(u32, i64)]) -> Option<u32> {
    let files: i64 = scores.iter().map(|(_, n)| n).sum();
    (files > 0).then(|| {
        let sum: i64 = scores.iter().map(|(s, n)| *s as i64 * n).sum();
        ((sum as f64) / files as f64).round() as u32
    })
}

/// The files contest 顾客档案评比, "从“量”和“质”两方面" (seed 001): each
/// associate's contest score weighs quantity (files against the month's
/// most) and quality (average completeness) together; the better score
/// ranks first, equal scores share a place. Associates without files this
/// month get no place.
pub fn rank_files(rows: &mut [BoardRow], w: super::quality::Weights) {
    let most = rows.iter().map(|r| r.files).max().unwrap_or(0);
    for r in rows.iter_mut() {
        r.contest = r
            .completeness
            .map(|c| super::quality::contest_score(r.files, c, most, w));
    }
    let mut order: Vec<usize> = (0..rows.len())
        .filter(|i| rows[*i].contest.is_some())
        .collect();
    let key = |r: &BoardRow| r.contest.unwrap_or(0);
    order.sort_by(|a, b| key(&rows[*b]).cmp(&key(&rows[*a])));
    for r in rows.iter_mut() {
        r.rank = None;
    }
    let mut place = 0;
    let mut last = None;
    for (i, idx) in order.iter().enumerate() {
        let k = key(&rows[*idx]);
        if last != Some(k) {
            place = i as u32 + 1;
            last = Some(k);
        }
        rows[*idx].rank = Some(place);
    }
}

/// The columns of the board, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Callbacks,
    Greetings,
    Thanks,
    Outcome(usize),
    OtherOutcome,
    Rank,
    Files,
    Completeness,
    Visits,
    Conversion,
    AddOn,
    Contest,
    OpfJobs,
    OpfFirst,
    OpfFull,
    Checks,
    ChecksFailed,
    Bonus,
    Satisfaction,
    ComplaintsAbout,
}

/// The parts of the table a narrow screen shows one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Half {
    Contacts,
    FilesVisits,
    Quality,
}

impl Column {
    pub const ALL: [Column; 25] = [
        Column::Name,
        Column::Callbacks,
        Column::Greetings,
        Column::Thanks,
        Column::Outcome(0),
        Column::Outcome(1),
        Column::Outcome(2),
        Column::Outcome(3),
        Column::Outcome(4),
        Column::OtherOutcome,
        Column::Rank,
        Column::Files,
        Column::Completeness,
        Column::Visits,
        Column::Conversion,
        Column::AddOn,
        Column::Contest,
        Column::OpfJobs,
        Column::OpfFirst,
        Column::OpfFull,
        Column::Checks,
        Column::ChecksFailed,
        Column::Bonus,
        Column::Satisfaction,
        Column::ComplaintsAbout,
    ];

    /// The name used for the column's locale key.
    pub fn id(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Callbacks => "callbacks",
            Column::Greetings => "greetings",
            Column::Thanks => "thanks",
            Column::Outcome(i) => OUTCOMES[i.min(OUTCOMES.len() - 1)],
            Column::OtherOutcome => "other",
            Column::Rank => "rank",
            Column::Files => "files",
            Column::Completeness => "completeness",
            Column::Visits => "visits",
            Column::Conversion => "conversion",
            Column::AddOn => "add_on",
            Column::Contest => "contest",
            Column::OpfJobs => "opf_jobs",
            Column::OpfFirst => "opf_first",
            Column::OpfFull => "opf_full",
            Column::Checks => "checks",
            Column::ChecksFailed => "checks_failed",
            Column::Bonus => "bonus",
            Column::Satisfaction => "satisfaction",
            Column::ComplaintsAbout => "complaints_about",
        }
    }

    /// The part of the table the column belongs to.
    pub fn half(self) -> Half {
        match self {
            Column::Rank
            | Column::Files
            | Column::Completeness
            | Column::Visits
            | Column::Conversion
            | Column::AddOn
            | Column::Contest => Half::FilesVisits,
            Column::OpfJobs
            | Column::OpfFirst
            | Column::OpfFull
            | Column::Checks
            | Column::ChecksFailed
            | Column::Bonus
            | Column::Satisfaction
            | Column::ComplaintsAbout => Half::Quality,
            _ => Half::Contacts,
        }
    }

    /// Contacts (true) or not: the half a narrow screen shows.
    pub fn is_contacts(self) -> bool {
        self.half() == Half::Contacts
    }

    /// The row's figure in this column (none where there is nothing to show).
    pub fn value(self, r: &BoardRow) -> Option<i64> {
        match self {
            Column::Name => None,
            Column::Callbacks => Some(r.callbacks),
            Column::Greetings => Some(r.greetings),
            Column::Thanks => Some(r.thanks),
            Column::Outcome(i) => r.outcomes.get(i).copied(),
            Column::OtherOutcome => Some(r.other_outcomes),
            Column::Rank => r.rank.map(i64::from),
            Column::Files => Some(r.files),
            Column::Completeness => r.completeness.map(i64::from),
            Column::Visits => Some(r.visits),
            Column::Conversion => r.conversion_percent().map(i64::from),
            Column::AddOn => r.add_on_percent().map(i64::from),
            Column::Contest => r.contest.map(i64::from),
            Column::OpfJobs => Some(r.quality.opf_jobs),
            Column::OpfFirst => Some(r.quality.opf_first),
            Column::OpfFull => Some(r.quality.opf_full),
            Column::Checks => Some(r.quality.checks),
            Column::ChecksFailed => Some(r.quality.checks_failed),
            // 1 with the bonus, 0 vetoed: "best" keeps the bonus.
            Column::Bonus => Some(i64::from(!r.quality.bonus_vetoed)),
            Column::Satisfaction => r.quality.satisfaction.map(i64::from),
            Column::ComplaintsAbout => Some(r.quality.complaints),
        }
    }

    /// Best first: names A to Z, places 1 upward, failed checks and
    /// complaints the fewest first, every other figure the largest first;
    /// rows without a figure last.
    pub fn best_first(self, a: &BoardRow, b: &BoardRow) -> Ordering {
        match self {
            Column::Name => a.name.cmp(&b.name),
            _ => {
                let (x, y) = (self.value(a), self.value(b));
                match (x, y) {
                    (Some(x), Some(y))
                        if matches!(
                            self,
                            Column::Rank | Column::ChecksFailed | Column::ComplaintsAbout
                        ) =>
                    {
                        x.cmp(&y)
                    }
                    (Some(x), Some(y)) => y.cmp(&x),
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                }
            }
        }
        .then_with(|| a.name.cmp(&b.name))
        .then_with(|| a.staff_id.cmp(&b.staff_id))
    }
}

/// Sorts the rows by `column`, best first, or the other way round.
pub fn sort(rows: &mut [BoardRow], column: Column, reversed: bool) {
    rows.sort_by(|a, b| {
        let o = column.best_first(a, b);
        if reversed { o.reverse() } else { o }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, name: &str, files: i64, completeness: Option<u32>) -> BoardRow {
        BoardRow {
            staff_id: id,
            name: name.into(),
            files,
            completeness,
            ..Default::default()
        }
    }

    #[test]
    fn kinds_fall_into_their_groups_and_outcomes_into_columns() {
        let mut r = BoardRow::default();
        r.add_contacts("purchase_callback", "reached", 3);
        r.add_contacts("repair_ready_call", "no_answer", 1);
        r.add_contacts("festival_greeting", "sent", 2);
        r.add_contacts("miss_you", "declined", 1);
        r.add_contacts("top_spender_visit", "call_back", 1);
        r.add_contacts("gathering_invite", "sent", 9);
        assert_eq!((r.callbacks, r.greetings, r.thanks), (4, 3, 1));
        assert_eq!(r.outcomes, [3, 1, 1, 0, 2]);
        assert_eq!(r.other_outcomes, 1);
        assert_eq!(r.contacts(), 8);
        assert_eq!(group_of("gathering_invite"), None);
    }

    const W: super::super::quality::Weights = super::super::quality::Weights {
        quantity: 40,
        quality: 60,
    };

    /// seed 001: "从“量”和“质”两方面评出最完整、最有效旳档案资料"
    #[test]
    fn files_rank_by_quantity_and_quality_together_with_shared_places() {
        let mut rows = vec![
            row(1, "A", 10, Some(40)),
            row(2, "B", 3, Some(60)),
            row(3, "C", 12, Some(40)),
            row(4, "D", 0, None),
            row(5, "E", 3, Some(60)),
        ];
        rank_files(&mut rows, W);
        let scores: Vec<Option<u32>> = rows.iter().map(|r| r.contest).collect();
        assert_eq!(scores, vec![Some(57), Some(46), Some(64), None, Some(46)]);
        let ranks: Vec<Option<u32>> = rows.iter().map(|r| r.rank).collect();
        assert_eq!(ranks, vec![Some(2), Some(3), Some(1), None, Some(3)]);
    }

    #[test]
    fn sorting_puts_the_best_first_and_rows_without_figures_last() {
        let mut rows = vec![
            row(1, "A", 10, Some(40)),
            row(2, "B", 3, Some(60)),
            row(3, "C", 0, None),
        ];
        rank_files(&mut rows, W);
        sort(&mut rows, Column::Rank, false);
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["A", "B", "C"]);
        sort(&mut rows, Column::Files, false);
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["A", "B", "C"]);
        sort(&mut rows, Column::Name, true);
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["C", "B", "A"]);
    }

    #[test]
    fn conversion_and_add_on_share_need_visits_and_sales() {
        let r = BoardRow {
            visits: 4,
            bought: 1,
            sales_fen: 13000,
            add_on_fen: 3000,
            ..Default::default()
        };
        assert_eq!(r.conversion_percent(), Some(25));
        assert_eq!(r.add_on_percent(), Some(30));
        assert_eq!(BoardRow::default().conversion_percent(), None);
        assert_eq!(BoardRow::default().add_on_percent(), None);
        assert_eq!(average(&[(50, 1), (51, 1)]), Some(51));
        assert_eq!(average(&[(20, 3), (60, 1)]), Some(30));
        assert_eq!(average(&[]), None);
    }
}
