//! aftercare: after-sales service and customer care for clothing shops and
//! cosmetics counters, in the terminal.

pub mod app;
pub mod data;
pub mod demo;
pub mod domain;
pub mod policy;
pub mod store;
