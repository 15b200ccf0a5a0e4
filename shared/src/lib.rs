//! Domain types and rules of Rà soát, shared by the server and the wasm front end.
//!
//! Nothing here does I/O: the same functions decide on the server and in the browser
//! (permission matrix, validation, name handling, labels), so the UI never shows an
//! action the server would refuse.

pub mod access;
pub mod api;
pub mod error;
pub mod ethnicity;
pub mod ids;
pub mod member;
pub mod names;
pub mod org;
pub mod password;
pub mod settings;

pub use error::ErrorCode;
pub use ids::{MemberId, TenantId, UnitId, UserId};
