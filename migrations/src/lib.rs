//! The two migration trees of Rà soát, embedded in the binary. Both trees hold the same
//! logical schema with the same version ids: `sqlite/` for the embedded default and
//! `postgres/` for PostgreSQL (and Citus: every tenant-owned table has `tenant_id` first in
//! its primary key and in every foreign key between tenant-owned tables).

use diesel_migrations::{EmbeddedMigrations, embed_migrations};

pub const SQLITE: EmbeddedMigrations = embed_migrations!("sqlite");
pub const POSTGRES: EmbeddedMigrations = embed_migrations!("postgres");

/// Tables that belong to a tenant (distributed by `tenant_id` on Citus). Every other
/// table is global reference data. The schema test checks both lists against the database.
pub const TENANT_OWNED_TABLES: &[&str] = &[
    "units",
    "unit_closure",
    "unit_predecessors",
    "members",
    "role_assignments",
    "audit_log",
    "audit_heads",
    "change_events",
    "import_jobs",
    "service_clients",
    "ratings",
    "discipline_records",
    "violations",
    "monthly_records",
    "cases",
    "suggestions",
    "round_branches",
    "case_events",
    "case_votes",
    "case_documents",
    "case_helpers",
    "case_notes",
    "exits",
];

/// Global tables (Citus reference tables).
pub const GLOBAL_TABLES: &[&str] = &[
    "tenants",
    "users",
    "sessions",
    "signing_keys",
    "settings",
    // Review rounds are few and a province round spans tenants; each carries the tenant of
    // its scope for access checks.
    "regulations",
    "review_rounds",
    // The working-day calendar is the province's.
    "calendar_days",
    "calendar_years",
];
