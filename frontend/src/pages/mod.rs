//! One module per screen.

pub mod audit;
pub mod calendar;
pub mod case;
pub mod case_actions;
pub mod case_queue;
pub mod cases;
pub mod clients;
pub mod document;
pub mod exit_request;
pub mod exits;
pub mod login;
pub mod member;
pub mod member_review;
pub mod members;
pub mod monthly_sheet;
pub mod not_found;
pub mod password;
pub mod rating_sheet;
pub mod round;
pub mod rounds;
pub mod settings;
pub mod units;
pub mod user;
pub mod users;
