//! Newtype ids. Ids are 64-bit integers, unique across the whole province; the tenant is
//! stored beside every row (see ARCHITECTURE.md §2), never encoded in the id.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! id_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;
            /// Only positive decimal integers: "+1", "01x" or "-3" are not ids.
            fn from_str(s: &str) -> Result<Self, InvalidId> {
                if s.is_empty() || s.len() > 18 || !s.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(InvalidId);
                }
                s.parse::<i64>().map($name).map_err(|_| InvalidId)
            }
        }
    };
}

/// The text was not a valid id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidId;

id_newtype!(
    /// A tenant: one organisation directly under the province. `TenantId::PROVINCE` is the
    /// reserved tenant of the province level itself (the root unit, provincial accounts).
    TenantId
);
id_newtype!(
    /// A unit of the Party organisation tree (any level).
    UnitId
);
id_newtype!(
    /// A Party member in the register.
    MemberId
);
id_newtype!(
    /// A user account.
    UserId
);

impl TenantId {
    /// The province level, above all tenants.
    pub const PROVINCE: TenantId = TenantId(0);

    pub fn is_province(self) -> bool {
        self == Self::PROVINCE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_plain_positive_integers() {
        assert_eq!("42".parse::<MemberId>(), Ok(MemberId(42)));
        assert_eq!("0".parse::<MemberId>(), Ok(MemberId(0)));
        for bad in [
            "",
            "-1",
            "+1",
            "1.0",
            "abc",
            "１",
            "9999999999999999999",
            " 1",
        ] {
            assert_eq!(bad.parse::<MemberId>(), Err(InvalidId), "{bad:?}");
        }
    }
}
