-- Rà soát schema, SQLite dialect. Keep in step with ../../postgres/ (same logical schema).
-- Tenant-owned tables carry tenant_id NOT NULL; foreign keys between them include
-- tenant_id, so a reference across tenants is a database error. Ids are unique across the
-- province; SQLite keeps them as the rowid (fast lookups) plus UNIQUE (tenant_id, id) as
-- the target of the composite foreign keys.

CREATE TABLE tenants (
    id BIGINT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE units (
    id INTEGER PRIMARY KEY NOT NULL,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    -- NULL for the province root and for tenant roots (whose parent, the province root,
    -- lives in the province-level tenant).
    parent_id BIGINT,
    name TEXT NOT NULL,
    code TEXT,
    org_type TEXT NOT NULL CHECK (org_type IN ('provincial', 'directly_subordinate',
        'district_legacy', 'commune', 'upper_grassroots_other', 'grassroots_party_org',
        'grassroots_cell', 'sub_party_org', 'branch', 'party_group')),
    acts_as_upper_grassroots BOOLEAN NOT NULL,
    granted_upper_grassroots_powers BOOLEAN NOT NULL,
    admission_authority_delegated BOOLEAN NOT NULL,
    has_branch_committee BOOLEAN NOT NULL,
    has_standing_committee BOOLEAN NOT NULL,
    has_inspection_commission BOOLEAN NOT NULL,
    valid_from DATE NOT NULL,
    valid_to DATE,
    depth INTEGER NOT NULL CHECK (depth >= 0),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, code),
    FOREIGN KEY (tenant_id, parent_id) REFERENCES units (tenant_id, id),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX units_by_parent ON units (tenant_id, parent_id);

-- Closure of the tree inside one tenant: every (ancestor, descendant) pair, itself included
-- at distance 0. "Everything under X" is one indexed range read.
CREATE TABLE unit_closure (
    tenant_id BIGINT NOT NULL,
    ancestor_id BIGINT NOT NULL,
    descendant_id BIGINT NOT NULL,
    distance INTEGER NOT NULL CHECK (distance >= 0),
    PRIMARY KEY (tenant_id, ancestor_id, descendant_id),
    FOREIGN KEY (tenant_id, ancestor_id) REFERENCES units (tenant_id, id),
    FOREIGN KEY (tenant_id, descendant_id) REFERENCES units (tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX unit_closure_by_descendant ON unit_closure (tenant_id, descendant_id, distance);

-- Merge lineage: the units a unit was formed from.
CREATE TABLE unit_predecessors (
    tenant_id BIGINT NOT NULL,
    unit_id BIGINT NOT NULL,
    predecessor_id BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, unit_id, predecessor_id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id),
    FOREIGN KEY (tenant_id, predecessor_id) REFERENCES units (tenant_id, id)
) WITHOUT ROWID;

CREATE TABLE members (
    id INTEGER PRIMARY KEY NOT NULL,
    tenant_id BIGINT NOT NULL,
    full_name TEXT NOT NULL,
    -- ' ' || lower-case name without diacritics: word-prefix search with LIKE '% tok%'.
    name_search TEXT NOT NULL,
    -- Vietnamese roster order as a byte-ordered ASCII key (rasoat_shared::names::roster_key).
    roster_key TEXT NOT NULL,
    gender TEXT NOT NULL CHECK (gender IN ('male', 'female')),
    date_of_birth DATE NOT NULL,
    ethnicity SMALLINT NOT NULL CHECK (ethnicity BETWEEN 1 AND 54),
    national_id TEXT CHECK (national_id IS NULL OR length(national_id) = 12),
    party_card_no TEXT,
    phone TEXT,
    admission_date DATE NOT NULL,
    official_date DATE,
    membership TEXT NOT NULL CHECK (membership IN ('probationary', 'full')),
    exempted BOOLEAN NOT NULL,
    suspended BOOLEAN NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'name_deleted', 'expelled',
        'voluntary_exit', 'deceased', 'transferred_out')),
    home_unit_id BIGINT NOT NULL,
    temp_unit_id BIGINT,
    residence_unit_id BIGINT,
    state_employment TEXT NOT NULL CHECK (state_employment IN ('civil_servant',
        'public_employee', 'armed_forces', 'none')),
    higher_managed_cadre BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, national_id),
    UNIQUE (tenant_id, party_card_no),
    FOREIGN KEY (tenant_id, home_unit_id) REFERENCES units (tenant_id, id),
    FOREIGN KEY (tenant_id, temp_unit_id) REFERENCES units (tenant_id, id),
    FOREIGN KEY (tenant_id, residence_unit_id) REFERENCES units (tenant_id, id),
    CHECK (official_date IS NULL OR official_date > admission_date)
);
CREATE INDEX members_by_unit ON members (tenant_id, home_unit_id, status, roster_key);
CREATE INDEX members_by_roster ON members (tenant_id, status, roster_key);
CREATE INDEX members_by_roster_province ON members (status, roster_key);
-- Name search: exact and prefix tiers are range reads; the word match (LIKE) and its count
-- read only the index.
CREATE INDEX members_by_name ON members (tenant_id, status, name_search);
CREATE INDEX members_by_name_province ON members (status, name_search);
CREATE INDEX members_by_national_id ON members (national_id);
CREATE INDEX members_by_card ON members (party_card_no);

CREATE TABLE users (
    id INTEGER PRIMARY KEY NOT NULL,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE role_assignments (
    id INTEGER PRIMARY KEY NOT NULL,
    tenant_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id),
    unit_id BIGINT NOT NULL,
    role TEXT NOT NULL,
    valid_from DATE NOT NULL,
    valid_to DATE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX role_assignments_by_user ON role_assignments (user_id);

-- Append-only. One row per write and per read of a person's record or list.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY NOT NULL,
    tenant_id BIGINT NOT NULL,
    at TIMESTAMP NOT NULL,
    actor_user_id BIGINT,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id BIGINT,
    outcome TEXT NOT NULL,
    client_ip TEXT,
    request_id TEXT,
    details TEXT NOT NULL,
    UNIQUE (tenant_id, id)
);
CREATE INDEX audit_log_by_tenant_time ON audit_log (tenant_id, at);

-- JWT signing keys (Ed25519). The private key is PKCS#8 DER, base64.
CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY NOT NULL,
    private_key TEXT NOT NULL,
    public_key TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    retired_at TIMESTAMP
);

-- Rule settings ([M]/[?] rules of DOMAIN.md), one JSON document per key.
CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
