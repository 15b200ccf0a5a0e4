//! One module per screen.

pub mod login;
pub mod member;
pub mod members;
pub mod not_found;
pub mod units;
