//! The trade's rules as pure functions over plain data: no I/O, no clock,
//! no terminal. Callers pass `today` and the facts in.

pub mod after_purchase;
pub mod after_return;
pub mod aftersale;
pub mod board;
pub mod complaint;
pub mod customer;
pub mod erasure;
pub mod greeting;
pub mod occasions;
pub mod phone;
pub mod practices;
pub mod quality;
pub mod repair;
pub mod scorecard;
pub mod search_keys;
pub mod segments;
pub mod signin;
pub mod staff;
pub mod survey;
pub mod tasks;
pub mod templates;
pub mod text;
pub mod till;
pub mod training_progress;
pub mod training_skills;
pub mod vip;
pub mod visit;
