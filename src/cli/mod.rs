//! Command-line entry points that are not the app: each takes its input
//! as text and gives its answer as text, for `main.rs` to print.

pub mod chain;
pub mod due;
pub mod policy_explain;
