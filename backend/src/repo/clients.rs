//! Service clients of provincial systems: registered within a subtree, with scopes; the
//! secret is shown once and only its SHA-256 hash is kept (it is 256 random bits, so a
//! slow password hash would add nothing but cost).

use crate::audit::{self, AuditEntry};
use crate::auth::scope::Scope;
use crate::db::DbConn;
use crate::db::schema::{service_clients, units};
use crate::error::{AppError, AppResult};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use rasoat_shared::access::ClientScope;
use rasoat_shared::api::clients::{ServiceClient, ServiceClientCreate, ServiceClientSecret};
use rasoat_shared::{TenantId, UnitId};
use sha2::{Digest, Sha256};

fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn new_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `rs-<tenant>-<random>`: the tenant is in the id, so that the token endpoint finds the
/// client on its tenant's shard.
fn new_client_id(tenant: TenantId) -> String {
    format!(
        "rs-{}-{:012x}",
        tenant.0,
        rand::random::<u64>() & 0xffff_ffff_ffff
    )
}

pub fn tenant_of_client_id(client_id: &str) -> Option<TenantId> {
    let rest = client_id.strip_prefix("rs-")?;
    let (tenant, _) = rest.split_once('-')?;
    tenant.parse().ok()
}

fn parse_scopes(text: &str) -> Vec<ClientScope> {
    text.split(' ').filter_map(ClientScope::from_code).collect()
}

fn scopes_text(scopes: &[ClientScope]) -> String {
    let mut v: Vec<ClientScope> = scopes.to_vec();
    v.sort();
    v.dedup();
    v.iter().map(|s| s.code()).collect::<Vec<_>>().join(" ")
}

type Row = (
    i64,
    i64,
    String,
    String,
    i64,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    String,
);

macro_rules! client_columns {
    () => {
        (
            service_clients::id,
            service_clients::tenant_id,
            service_clients::client_id,
            service_clients::name,
            service_clients::unit_id,
            service_clients::scopes,
            service_clients::created_at,
            service_clients::revoked_at,
            service_clients::last_used_at,
            units::name,
        )
    };
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

fn dto(
    (id, _tenant, client_id, name, unit, scopes, created, revoked, used, unit_name): Row,
) -> ServiceClient {
    ServiceClient {
        id,
        client_id,
        name,
        unit_id: UnitId(unit),
        unit_name,
        scopes: parse_scopes(&scopes),
        created_at: utc(created),
        revoked_at: revoked.map(utc),
        last_used_at: used.map(utc),
    }
}

type JoinOn = diesel::dsl::And<
    diesel::dsl::Eq<units::id, service_clients::unit_id>,
    diesel::dsl::Eq<units::tenant_id, service_clients::tenant_id>,
>;
type Joined = diesel::dsl::InnerJoinOn<service_clients::table, units::table, JoinOn>;

fn joined() -> Joined {
    service_clients::table.inner_join(
        units::table.on(units::id
            .eq(service_clients::unit_id)
            .and(units::tenant_id.eq(service_clients::tenant_id))),
    )
}

/// A client if its unit lies in the scope; 404 otherwise.
fn visible(conn: &mut DbConn, scope: &Scope, id: i64) -> AppResult<Row> {
    let rows: Vec<Row> = joined()
        .filter(service_clients::id.eq(id))
        .select(client_columns!())
        .load(conn)?;
    let row = rows.into_iter().next().ok_or_else(AppError::not_found)?;
    scope.require(conn, TenantId(row.1), UnitId(row.4))?;
    Ok(row)
}

pub fn list(conn: &mut DbConn, scope: &Scope) -> AppResult<Vec<ServiceClient>> {
    let rows: Vec<Row> = joined()
        .select(client_columns!())
        .order(service_clients::id)
        .load(conn)?;
    let mut out = Vec::new();
    for row in rows {
        if scope.contains(conn, TenantId(row.1), UnitId(row.4))? {
            out.push(dto(row));
        }
    }
    Ok(out)
}

fn audit_entry(scope: &Scope, row: &Row, action: &str, details: serde_json::Value) -> AuditEntry {
    AuditEntry::new(
        TenantId(row.1),
        scope.actor(),
        scope.ctx(),
        action,
        "service_client",
        Some(row.0),
        details,
    )
    .unit(row.4)
}

pub fn create(
    conn: &mut DbConn,
    scope: &Scope,
    input: &ServiceClientCreate,
) -> AppResult<ServiceClientSecret> {
    let unit = super::units::visible_row(conn, scope, input.unit_id).map_err(|_| {
        AppError::field(
            "unit_id",
            "not_found",
            "Không tìm thấy tổ chức này trong phạm vi của bạn.",
        )
    })?;
    let name = input.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::field(
            "name",
            "required",
            "Cần đặt tên cho kết nối (tối đa 100 ký tự).",
        ));
    }
    if input.scopes.is_empty() {
        return Err(AppError::field(
            "scopes",
            "required",
            "Cần chọn ít nhất một quyền.",
        ));
    }
    let secret = new_secret();
    let client_id = new_client_id(unit.tenant());
    let id: i64 = diesel::insert_into(service_clients::table)
        .values((
            service_clients::tenant_id.eq(unit.tenant_id),
            service_clients::client_id.eq(&client_id),
            service_clients::name.eq(&name),
            service_clients::unit_id.eq(unit.id),
            service_clients::scopes.eq(scopes_text(&input.scopes)),
            service_clients::secret_hash.eq(hash(&secret)),
            service_clients::created_by.eq(scope.actor().map(|u| u.0)),
            service_clients::created_at.eq(Utc::now().naive_utc()),
        ))
        .returning(service_clients::id)
        .get_result(conn)?;
    let row = visible(conn, scope, id)?;
    audit::record(
        conn,
        &[audit_entry(
            scope,
            &row,
            "service_client.create",
            serde_json::json!({ "name": name, "scopes": input.scopes }),
        )],
    )?;
    Ok(ServiceClientSecret {
        client: dto(row),
        client_secret: secret,
    })
}

pub fn rotate(conn: &mut DbConn, scope: &Scope, id: i64) -> AppResult<ServiceClientSecret> {
    let row = visible(conn, scope, id)?;
    if row.7.is_some() {
        return Err(AppError::not_found());
    }
    let secret = new_secret();
    diesel::update(
        service_clients::table
            .filter(service_clients::tenant_id.eq(row.1))
            .filter(service_clients::id.eq(id)),
    )
    .set(service_clients::secret_hash.eq(hash(&secret)))
    .execute(conn)?;
    audit::record(
        conn,
        &[audit_entry(
            scope,
            &row,
            "service_client.rotate",
            serde_json::json!({}),
        )],
    )?;
    Ok(ServiceClientSecret {
        client: dto(row),
        client_secret: secret,
    })
}

pub fn revoke(conn: &mut DbConn, scope: &Scope, id: i64) -> AppResult<ServiceClient> {
    let row = visible(conn, scope, id)?;
    if row.7.is_none() {
        diesel::update(
            service_clients::table
                .filter(service_clients::tenant_id.eq(row.1))
                .filter(service_clients::id.eq(id)),
        )
        .set(service_clients::revoked_at.eq(Some(Utc::now().naive_utc())))
        .execute(conn)?;
        audit::record(
            conn,
            &[audit_entry(
                scope,
                &row,
                "service_client.revoke",
                serde_json::json!({}),
            )],
        )?;
    }
    Ok(dto(visible(conn, scope, id)?))
}

/// A live client that proved its secret: (tenant, id, unit, scopes).
pub type Authenticated = (TenantId, i64, UnitId, Vec<ClientScope>);

/// The client a `client_id` and secret belong to, if it is live.
pub fn authenticate(
    conn: &mut DbConn,
    client_id: &str,
    secret: &str,
) -> AppResult<Option<Authenticated>> {
    let Some(tenant) = tenant_of_client_id(client_id) else {
        return Ok(None);
    };
    let rows: Vec<(i64, i64, String, String)> = service_clients::table
        .filter(service_clients::tenant_id.eq(tenant.0))
        .filter(service_clients::client_id.eq(client_id))
        .filter(service_clients::revoked_at.is_null())
        .select((
            service_clients::id,
            service_clients::unit_id,
            service_clients::scopes,
            service_clients::secret_hash,
        ))
        .load(conn)?;
    let Some((id, unit, scopes, stored)) = rows.into_iter().next() else {
        return Ok(None);
    };
    if !constant_time_eq(hash(secret).as_bytes(), stored.as_bytes()) {
        return Ok(None);
    }
    diesel::update(
        service_clients::table
            .filter(service_clients::tenant_id.eq(tenant.0))
            .filter(service_clients::id.eq(id)),
    )
    .set(service_clients::last_used_at.eq(Some(Utc::now().naive_utc())))
    .execute(conn)?;
    Ok(Some((tenant, id, UnitId(unit), parse_scopes(&scopes))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_ids_carry_their_tenant() {
        let id = new_client_id(TenantId(12));
        assert_eq!(tenant_of_client_id(&id), Some(TenantId(12)));
        assert_eq!(tenant_of_client_id("rs-x-abc"), None);
        assert_eq!(tenant_of_client_id("other"), None);
    }

    #[test]
    fn scopes_are_stored_sorted_and_unique() {
        let text = scopes_text(&[
            ClientScope::ReportsRead,
            ClientScope::MembersRead,
            ClientScope::MembersRead,
        ]);
        assert_eq!(text, "members:read reports:read");
        assert_eq!(
            parse_scopes(&text),
            vec![ClientScope::MembersRead, ClientScope::ReportsRead]
        );
    }
}
