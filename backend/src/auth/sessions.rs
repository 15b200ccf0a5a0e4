//! Refresh tokens: opaque, random, stored only as SHA-256 hashes, rotated on every use. A
//! family is one sign-in; a token presented a second time means it was copied, and the
//! whole family is revoked (RFC 9700 §4.14.2).
//!
//! One exception, for people with several tabs open: the browser shares the refresh cookie
//! between tabs, and two tabs whose access tokens ran out together send the same refresh
//! token within a moment of each other. Within `grace_secs` of its first use the token
//! still gives an access token, but no new refresh token (the cookie jar already holds the
//! successor the first tab received); after that, a second use is reuse.

use crate::db::DbConn;
use crate::db::schema::{sessions, users};
use crate::error::{AppError, AppResult};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use rasoat_shared::{ErrorCode, UserId};
use sha2::{Digest, Sha256};

fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A refresh token handed out, and the session version its access token carries.
pub struct Issued {
    /// None for a second use within the grace period: the successor already exists.
    pub refresh_token: Option<String>,
    pub user: UserId,
    pub session_version: i64,
}

fn insert(
    conn: &mut DbConn,
    user: UserId,
    family: &str,
    ttl_secs: u64,
    ip: Option<&str>,
) -> AppResult<String> {
    let token = new_token();
    let now = Utc::now().naive_utc();
    diesel::insert_into(sessions::table)
        .values((
            sessions::user_id.eq(user.0),
            sessions::family.eq(family),
            sessions::token_hash.eq(hash(&token)),
            sessions::created_at.eq(now),
            sessions::expires_at.eq(now + Duration::seconds(ttl_secs as i64)),
            sessions::client_ip.eq(ip),
        ))
        .execute(conn)?;
    Ok(token)
}

/// Starts a session (a new family) for a user who just proved their password.
pub fn start(
    conn: &mut DbConn,
    user: UserId,
    ttl_secs: u64,
    ip: Option<&str>,
) -> AppResult<String> {
    let family = format!("{:032x}", rand::random::<u128>());
    insert(conn, user, &family, ttl_secs, ip)
}

/// What presenting a refresh token led to.
pub enum Refreshed {
    Ok(Issued),
    /// The token had been used already: the family is now revoked.
    Reused {
        user: UserId,
    },
}

fn expired() -> AppError {
    AppError::new(ErrorCode::SessionExpired)
}

/// Exchanges a refresh token for a new one of the same family.
pub fn rotate(
    conn: &mut DbConn,
    token: &str,
    ttl_secs: u64,
    grace_secs: u64,
    ip: Option<&str>,
) -> AppResult<Refreshed> {
    type Row = (
        i64,
        i64,
        String,
        NaiveDateTime,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
    );
    let found: Vec<Row> = sessions::table
        .filter(sessions::token_hash.eq(hash(token)))
        .select((
            sessions::id,
            sessions::user_id,
            sessions::family,
            sessions::expires_at,
            sessions::used_at,
            sessions::revoked_at,
        ))
        .load(conn)?;
    let (id, user, family, expires, used, revoked) =
        found.into_iter().next().ok_or_else(expired)?;
    let user = UserId(user);
    let now = Utc::now().naive_utc();
    if revoked.is_some() {
        return Err(expired());
    }
    let concurrent = match used {
        Some(at) if now - at < Duration::seconds(grace_secs as i64) => true,
        Some(_) => {
            revoke_family(conn, &family)?;
            return Ok(Refreshed::Reused { user });
        }
        None => false,
    };
    if expires <= now {
        return Err(expired());
    }
    let account: Vec<(i64, bool)> = users::table
        .filter(users::id.eq(user.0))
        .select((users::session_version, users::disabled))
        .load(conn)?;
    let session_version = match account.first() {
        Some((v, false)) => *v,
        _ => return Err(expired()),
    };
    if concurrent {
        return Ok(Refreshed::Ok(Issued {
            refresh_token: None,
            user,
            session_version,
        }));
    }
    diesel::update(sessions::table.filter(sessions::id.eq(id)))
        .set(sessions::used_at.eq(now))
        .execute(conn)?;
    let refresh_token = Some(insert(conn, user, &family, ttl_secs, ip)?);
    Ok(Refreshed::Ok(Issued {
        refresh_token,
        user,
        session_version,
    }))
}

pub fn revoke_family(conn: &mut DbConn, family: &str) -> AppResult<usize> {
    let now = Utc::now().naive_utc();
    Ok(diesel::update(
        sessions::table
            .filter(sessions::family.eq(family))
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(now))
    .execute(conn)?)
}

/// Ends the session a refresh token belongs to (sign-out). Unknown tokens are ignored.
pub fn revoke_by_token(conn: &mut DbConn, token: &str) -> AppResult<()> {
    let family: Vec<String> = sessions::table
        .filter(sessions::token_hash.eq(hash(token)))
        .select(sessions::family)
        .load(conn)?;
    for f in family {
        revoke_family(conn, &f)?;
    }
    Ok(())
}

/// Ends every session of a user and every access token already issued to them (password
/// change, reset, disabling). Returns the new session version.
pub fn end_all(conn: &mut DbConn, user: UserId) -> AppResult<i64> {
    let now = Utc::now().naive_utc();
    diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user.0))
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(now))
    .execute(conn)?;
    diesel::update(users::table.filter(users::id.eq(user.0)))
        .set(users::session_version.eq(users::session_version + 1))
        .execute(conn)?;
    let v: Vec<i64> = users::table
        .filter(users::id.eq(user.0))
        .select(users::session_version)
        .load(conn)?;
    v.into_iter().next().ok_or_else(AppError::not_found)
}
