//! Reports and statistics (DOMAIN.md §14): the screening report, the member lists behind
//! its counts, its exports, and membership statistics. Every read goes through a
//! [`frame::Frame`], which only a unit inside the caller's scope makes.

pub mod behind;
pub mod export;
pub mod frame;
pub mod membership;
pub mod screening;
pub mod sources;
