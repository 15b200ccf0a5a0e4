//! Domain types and rules of Rà soát, shared by the server and the wasm front end.
//!
//! Nothing here does I/O: the same functions decide on the server and in the browser
//! (permission matrix, validation, name handling, labels), so the UI never shows an
//! action the server would refuse.

/// An enum with a stable code and Vietnamese and English labels, for every value the UI
/// shows and the API carries.
macro_rules! labelled_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = ($code:literal, $vi:literal, $en:literal)),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn code(self) -> &'static str { match self { $($name::$variant => $code),+ } }
            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
            pub fn label_vi(self) -> &'static str { match self { $($name::$variant => $vi),+ } }
            pub fn label_en(self) -> &'static str { match self { $($name::$variant => $en),+ } }
        }
    };
}

pub mod access;
pub mod api;
pub mod attendance;
pub mod cases;
pub mod criteria;
pub mod detection;
pub mod discipline;
pub mod error;
pub mod ethnicity;
pub mod ids;
pub mod imports;
pub mod member;
pub mod names;
pub mod org;
pub mod password;
pub mod rating;
pub mod regulation;
pub mod reports;
pub mod settings;

pub use error::ErrorCode;
pub use ids::{MemberId, TenantId, UnitId, UserId};
