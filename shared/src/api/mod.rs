//! Request and response bodies of the REST API (`/api/v1`), shared with the front end.

pub mod audit;
pub mod auth;
pub mod cases;
pub mod clients;
pub mod events;
pub mod imports;
pub mod members;
pub mod reports;
pub mod review;
pub mod units;
pub mod users;

/// Largest page a list returns; larger `limit`s are refused, not clamped, so a client
/// never silently gets less than it asked for.
pub const MAX_PAGE_SIZE: u32 = 200;
pub const DEFAULT_PAGE_SIZE: u32 = 50;
