//! The running app: state, actions, update, screens and their focus.

pub mod action;
