//! Everything read from `data/`: the shop's policy, its complaint rules,
//! the visit flow, the greetings calendar and message library, phone
//! rules, the practices and service-quality rules, the after-sale reasons'
//! words, and where the files are found (a shop's own folder or the
//! copies built into the binary). Each loader refuses a broken file with
//! its file and line.

pub mod complaint_rules;
pub mod files;
pub mod greetings;
pub mod phones;
pub mod policy;
pub mod practices;
pub mod quality;
pub mod reasons;
pub mod training_cards;
pub mod visit_flow;
