//! Identity and access: passwords, signing keys, tokens, the request extractor that
//! authenticates, and the scope that authorises. Tenant data is reachable only through a
//! [`scope::Scope`], and only [`identity::Identity`] — built by the extractor from a
//! verified token — can resolve one.

pub mod identity;
pub mod keys;
pub mod password;
pub mod scope;
pub mod sessions;
pub mod throttle;
pub mod token;

/// Cookie holding the access token for the browser (HttpOnly).
pub const SESSION_COOKIE: &str = "rasoat_session";
/// Cookie holding the CSRF token the UI echoes in `X-CSRF-Token` (readable by scripts).
pub const CSRF_COOKIE: &str = "rasoat_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Cookie holding the refresh token (HttpOnly, sent only to /api/v1/auth).
pub const REFRESH_COOKIE: &str = "rasoat_refresh";
pub const REFRESH_PATH: &str = "/api/v1/auth";
