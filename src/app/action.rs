//! Everything a key, a tap or the clock can ask the app to do.
//!
//! Key maps bind keys to the bindable actions by their snake_case names;
//! the internal ones (`#[serde(skip)]`) come from the event loop and can
//! never be bound.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    // moving around
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    NextFocus,
    PrevFocus,
    /// Open or choose what is selected.
    Select,
    /// Close the overlay, leave the form, go back a screen.
    Back,
    // screens
    Home,
    Customers,
    NewCustomer,
    /// The staff list (managers) or one's own PIN.
    Staff,
    /// Add a new entry to the list in view.
    Add,
    /// The after-sale desk: repair register and care jobs.
    Desk,
    /// A return or exchange.
    Return,
    /// Take a repair in.
    Intake,
    /// Move a care job to its next stage.
    Advance,
    /// Write the goods receipt to files.
    Print,
    /// A manager overrides a refusal, with a reason.
    Override,
    /// Use one of the customer's care entitlements.
    Care,
    Help,
    /// Lock the screen now (back to sign-in, keeping what is on screen).
    Lock,
    Quit,
    // the customer file
    Edit,
    Save,
    Erase,
    /// The customer search: look for the customer in the chain's other
    /// shops (head office's directory).
    SearchChain,
    /// Cycle a choice or flip a yes/no field.
    Toggle,
    /// Cycle a choice backwards (the previous option).
    ToggleBack,
    Refresh,
    // text editing, resolved before the text field sees the key
    CursorLeft,
    CursorRight,
    CursorWordLeft,
    CursorWordRight,
    CursorStart,
    CursorEnd,
    DeleteBack,
    DeleteForward,
    DeleteWordBack,
    ClearField,
    // complaints, surveys and the registers
    /// The open complaints (from anywhere).
    Complaints,
    /// A complaint at the counter, through the nine steps.
    Counter,
    /// A satisfaction survey.
    Survey,
    /// The three registers.
    Registers,
    /// The manager's figures.
    Stats,
    /// Write the register in view to a CSV file.
    Export,
    /// Mark a complaint major (it goes to the manager), or take the mark off.
    MarkMajor,
    /// Keep a suggestion for its department.
    KeepSuggestion,
    /// The next or previous register or page.
    NextTab,
    PrevTab,
    // the eight-step visit
    NewVisit,
    OpenVisits,
    /// Visits, conversion, basket and add-on share per associate.
    VisitStats,
    NextStep,
    PrevStep,
    SkipStep,
    FinishVisit,
    /// Show or hide the tips and example phrases.
    ToggleTips,
    CycleSize,
    CycleColour,
    /// Take the selected line out.
    Remove,
    // callbacks and the contact log
    /// The callbacks screen (from home).
    Callbacks,
    /// Show the next kind of task only (then all again).
    FilterKind,
    /// A manager shows one associate's tasks or contacts (then everyone's).
    FilterStaff,
    /// A manager gives the selected task to another associate.
    Reassign,
    // greetings
    /// Birthdays, festivals and season changes to greet.
    Greetings,
    /// Send the greeting in view: record it and copy it to the clipboard.
    Send,
    // VIP care
    /// Gold customers, gatherings and campaigns.
    Vip,
    /// The customer joins the VIP club for the fee.
    JoinClub,
    /// Build a gathering's invitation list.
    Invite,
    /// Mark the guest as come (or not).
    Attended,
    /// The next filter of the list (the tier).
    Filter,
    // the staff board
    /// The staff board: each associate's month of contacts, files and visits.
    Board,
    NextMonth,
    /// The catalogue (managers).
    Catalogue,
    /// Mark a price change on the product selected.
    PriceChange,
    PrevMonth,
    // service quality
    /// Record the "1+5" of the repair or care job in view.
    OnePlusFive,
    /// The manager's internal service checks.
    ServiceChecks,
    /// A manager marks the selected person trained (or takes the mark back).
    MarkTrained,
    /// The VIP tiers and benefits card for the customer on screen.
    VipCard,
    // internal: never in a key map
    #[serde(skip)]
    Type(char),
    /// A tap on something listed: zone (pane, list, buttons) and index in it.
    /// A tap at (column, row) on a screen that recorded its tap targets
    /// while drawing (see `app::view::HitMap`).
    #[serde(skip)]
    TapAt {
        column: u16,
        row: u16,
    },
    #[serde(skip)]
    Pick {
        zone: u8,
        index: u16,
    },
    #[serde(skip)]
    Tap {
        column: u16,
        row: u16,
    },
    #[serde(skip)]
    ScrollUp,
    #[serde(skip)]
    ScrollDown,
    #[serde(skip)]
    Tick,
    #[serde(skip)]
    Resize,
}

impl Action {
    /// The name used in key map files and the help overlay.
    pub fn name(self) -> Option<&'static str> {
        BINDABLE.iter().find(|(_, a)| *a == self).map(|(n, _)| *n)
    }

    pub fn from_name(name: &str) -> Option<Action> {
        BINDABLE.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
    }

    /// Whether this action edits the text of the focused field.
    pub fn is_text_edit(self) -> bool {
        matches!(
            self,
            Action::CursorLeft
                | Action::CursorRight
                | Action::CursorWordLeft
                | Action::CursorWordRight
                | Action::CursorStart
                | Action::CursorEnd
                | Action::DeleteBack
                | Action::DeleteForward
                | Action::DeleteWordBack
                | Action::ClearField
        )
    }
}

/// Every action a key map may name, with its name.
pub const BINDABLE: &[(&str, Action)] = &[
    ("up", Action::Up),
    ("down", Action::Down),
    ("page_up", Action::PageUp),
    ("page_down", Action::PageDown),
    ("first", Action::First),
    ("last", Action::Last),
    ("next_focus", Action::NextFocus),
    ("prev_focus", Action::PrevFocus),
    ("select", Action::Select),
    ("back", Action::Back),
    ("home", Action::Home),
    ("customers", Action::Customers),
    ("new_customer", Action::NewCustomer),
    ("staff", Action::Staff),
    ("add", Action::Add),
    ("desk", Action::Desk),
    ("return", Action::Return),
    ("intake", Action::Intake),
    ("advance", Action::Advance),
    ("print", Action::Print),
    ("override", Action::Override),
    ("care", Action::Care),
    ("help", Action::Help),
    ("lock", Action::Lock),
    ("quit", Action::Quit),
    ("edit", Action::Edit),
    ("save", Action::Save),
    ("erase", Action::Erase),
    ("search_chain", Action::SearchChain),
    ("toggle", Action::Toggle),
    ("toggle_back", Action::ToggleBack),
    ("refresh", Action::Refresh),
    ("cursor_left", Action::CursorLeft),
    ("cursor_right", Action::CursorRight),
    ("cursor_word_left", Action::CursorWordLeft),
    ("cursor_word_right", Action::CursorWordRight),
    ("cursor_start", Action::CursorStart),
    ("cursor_end", Action::CursorEnd),
    ("delete_back", Action::DeleteBack),
    ("delete_forward", Action::DeleteForward),
    ("delete_word_back", Action::DeleteWordBack),
    ("clear_field", Action::ClearField),
    ("complaints", Action::Complaints),
    ("counter", Action::Counter),
    ("survey", Action::Survey),
    ("registers", Action::Registers),
    ("stats", Action::Stats),
    ("export", Action::Export),
    ("mark_major", Action::MarkMajor),
    ("keep_suggestion", Action::KeepSuggestion),
    ("next_tab", Action::NextTab),
    ("prev_tab", Action::PrevTab),
    ("new_visit", Action::NewVisit),
    ("open_visits", Action::OpenVisits),
    ("visit_stats", Action::VisitStats),
    ("next_step", Action::NextStep),
    ("prev_step", Action::PrevStep),
    ("skip_step", Action::SkipStep),
    ("finish_visit", Action::FinishVisit),
    ("toggle_tips", Action::ToggleTips),
    ("cycle_size", Action::CycleSize),
    ("cycle_colour", Action::CycleColour),
    ("remove", Action::Remove),
    ("callbacks", Action::Callbacks),
    ("filter_kind", Action::FilterKind),
    ("filter_staff", Action::FilterStaff),
    ("reassign", Action::Reassign),
    ("greetings", Action::Greetings),
    ("send", Action::Send),
    ("vip", Action::Vip),
    ("join_club", Action::JoinClub),
    ("invite", Action::Invite),
    ("attended", Action::Attended),
    ("filter", Action::Filter),
    ("board", Action::Board),
    ("next_month", Action::NextMonth),
    ("catalogue", Action::Catalogue),
    ("price_change", Action::PriceChange),
    ("prev_month", Action::PrevMonth),
    ("one_plus_five", Action::OnePlusFive),
    ("service_checks", Action::ServiceChecks),
    ("mark_trained", Action::MarkTrained),
    ("vip_card", Action::VipCard),
];

/// The option after `i` of `n` (or before it, going `back`), wrapping
/// round both ways: what `→` and `←` do on a choice.
pub fn cycle(i: usize, n: usize, back: bool) -> usize {
    if n == 0 {
        return 0;
    }
    if back {
        (i % n + n - 1) % n
    } else {
        (i + 1) % n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_wraps_round_both_ways() {
        assert_eq!(cycle(0, 3, false), 1);
        assert_eq!(cycle(2, 3, false), 0);
        assert_eq!(cycle(0, 3, true), 2);
        assert_eq!(cycle(1, 3, true), 0);
        assert_eq!(cycle(cycle(1, 3, false), 3, true), 1);
        assert_eq!(cycle(0, 0, true), 0);
    }

    #[test]
    fn names_match_serde_names() {
        for (name, action) in BINDABLE {
            let json = serde_json::to_string(action).unwrap();
            assert_eq!(json, format!("\"{name}\""));
            assert_eq!(Action::from_name(name), Some(*action));
        }
    }

    #[test]
    fn internal_actions_cannot_be_named() {
        assert!(serde_json::from_str::<Action>("\"tick\"").is_err());
        assert!(Action::from_name("tick").is_none());
        assert!(Action::Tick.name().is_none());
    }
}
