-- Identity and scoped access: sessions, lockout, account ownership, revocable grants,
-- service clients, and the hash chain of the audit log. SQLite dialect; keep in step with
-- ../../postgres/.

ALTER TABLE users ADD COLUMN home_tenant_id BIGINT;
ALTER TABLE users ADD COLUMN home_unit_id BIGINT;
ALTER TABLE users ADD COLUMN member_id BIGINT;
-- Bumped by a password change, an administrator's reset or disabling: every access token
-- carries the version it was issued under and is refused once it moved on.
ALTER TABLE users ADD COLUMN session_version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TIMESTAMP;
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN password_changed_at TIMESTAMP;
CREATE INDEX users_by_home ON users (home_tenant_id, home_unit_id);

ALTER TABLE role_assignments ADD COLUMN granted_by BIGINT;
ALTER TABLE role_assignments ADD COLUMN revoked_at TIMESTAMP;
ALTER TABLE role_assignments ADD COLUMN revoked_by BIGINT;

-- Refresh tokens, stored as SHA-256 hashes; rotated on every use. A family is one sign-in;
-- presenting a token that was already used revokes its whole family.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id),
    family TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    client_ip TEXT
);
CREATE INDEX sessions_by_family ON sessions (family);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Provincial systems (OAuth 2.0 client credentials), bound to a unit's subtree.
CREATE TABLE service_clients (
    id INTEGER PRIMARY KEY NOT NULL,
    tenant_id BIGINT NOT NULL,
    client_id TEXT NOT NULL,
    name TEXT NOT NULL,
    unit_id BIGINT NOT NULL,
    scopes TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    last_used_at TIMESTAMP,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, client_id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);

-- The audit log becomes a hash chain per tenant: seq and prev_hash link each entry to the
-- one before; audit_heads holds each chain's last position, so that appending is one
-- locked row per tenant. unit_id is the unit the object belongs to (for scoped reading).
ALTER TABLE audit_log ADD COLUMN unit_id BIGINT;
-- A provincial system's client, when it is the actor (actor_user_id is then empty).
ALTER TABLE audit_log ADD COLUMN actor_client_id BIGINT;
ALTER TABLE audit_log ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
-- Entries written before the chain existed get their positions here and their hashes from
-- the server at start-up (audit::seal_unchained), before anything new is appended.
UPDATE audit_log SET seq = numbered.rn
FROM (SELECT id, row_number() OVER (PARTITION BY tenant_id ORDER BY id) AS rn FROM audit_log) AS numbered
WHERE audit_log.id = numbered.id;
CREATE UNIQUE INDEX audit_log_chain ON audit_log (tenant_id, seq);
CREATE INDEX audit_log_by_unit ON audit_log (tenant_id, unit_id, at);

CREATE TABLE audit_heads (
    tenant_id BIGINT PRIMARY KEY NOT NULL,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
