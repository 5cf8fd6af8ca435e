//! aftercare: after-sales service and customer care for clothing shops and
//! cosmetics counters, in the terminal.

pub mod app;
pub mod chain;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod export;
pub mod i18n;
pub mod i18n_check;
pub mod import;
pub mod keymap;
pub mod printing;
pub mod shop_data;
pub mod shop_files;
pub mod store;
pub mod terminal;
pub mod training;
pub mod ui;
