//! The schema is ready for tenant distribution (Citus) on both backends: every
//! tenant-owned table has `tenant_id NOT NULL`, every foreign key between tenant-owned
//! tables includes `tenant_id` (mapped to `tenant_id`), on PostgreSQL every tenant-owned
//! primary key starts with `tenant_id`, and every table is classified as tenant-owned or
//! global, so a new table cannot slip past these checks.

// Test code: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};
use rasoat_migrations::{GLOBAL_TABLES, TENANT_OWNED_TABLES};
use rasoat_tests::{Backend, TestApp, backends};
use std::collections::BTreeMap;

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct SqliteColumn {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Integer)]
    notnull: i32,
}

#[derive(QueryableByName)]
struct SqliteFk {
    #[diesel(sql_type = Integer)]
    id: i32,
    #[diesel(sql_type = Text)]
    table: String,
    #[diesel(sql_type = Text)]
    from: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    to: Option<String>,
}

/// (table, referenced table, [(from column, to column)])
type Fk = (String, String, Vec<(String, String)>);

fn check(tables: Vec<String>, not_null_tenant: impl Fn(&str) -> bool, fks: Vec<Fk>) {
    let user_tables: Vec<&String> = tables
        .iter()
        .filter(|t| !t.starts_with("__diesel") && !t.starts_with("sqlite_"))
        .collect();
    for t in &user_tables {
        assert!(
            TENANT_OWNED_TABLES.contains(&t.as_str()) || GLOBAL_TABLES.contains(&t.as_str()),
            "table {t} is neither in TENANT_OWNED_TABLES nor GLOBAL_TABLES (rasoat-migrations)"
        );
    }
    for t in TENANT_OWNED_TABLES {
        assert!(
            user_tables.iter().any(|u| u.as_str() == *t),
            "tenant-owned table {t} missing"
        );
        assert!(
            not_null_tenant(t),
            "{t}.tenant_id must exist and be NOT NULL"
        );
    }
    let mut checked = 0;
    for (table, target, cols) in fks {
        let both_tenant = TENANT_OWNED_TABLES.contains(&table.as_str())
            && TENANT_OWNED_TABLES.contains(&target.as_str());
        if both_tenant {
            assert!(
                cols.iter()
                    .any(|(from, to)| from == "tenant_id" && to == "tenant_id"),
                "foreign key {table} → {target} {cols:?} does not include tenant_id"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 8,
        "expected the composite foreign keys between tenant tables, found {checked}"
    );
}

fn sqlite_checks(url: &str) {
    let mut c = SqliteConnection::establish(url.trim_start_matches("sqlite://")).unwrap();
    let tables: Vec<String> =
        diesel::sql_query("SELECT name FROM sqlite_master WHERE type = 'table'")
            .load::<Name>(&mut c)
            .unwrap()
            .into_iter()
            .map(|n| n.name)
            .collect();
    let mut columns: BTreeMap<String, Vec<SqliteColumn>> = BTreeMap::new();
    let mut fks: Vec<Fk> = Vec::new();
    for t in &tables {
        columns.insert(
            t.clone(),
            diesel::sql_query(format!(
                "SELECT name, \"notnull\" FROM pragma_table_info('{t}')"
            ))
            .load(&mut c)
            .unwrap(),
        );
        let rows: Vec<SqliteFk> = diesel::sql_query(format!(
            "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('{t}')"
        ))
        .load(&mut c)
        .unwrap();
        let mut by_id: BTreeMap<i32, Fk> = BTreeMap::new();
        for r in rows {
            let e = by_id
                .entry(r.id)
                .or_insert_with(|| (t.clone(), r.table.clone(), Vec::new()));
            e.2.push((r.from, r.to.unwrap_or_default()));
        }
        fks.extend(by_id.into_values());
    }
    check(
        tables,
        |t| {
            columns
                .get(t)
                .is_some_and(|cols| cols.iter().any(|c| c.name == "tenant_id" && c.notnull == 1))
        },
        fks,
    );
}

#[derive(QueryableByName)]
struct PgNullable {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    is_nullable: String,
}

#[derive(QueryableByName)]
struct PgFk {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    target: String,
    #[diesel(sql_type = BigInt)]
    position: i64,
    #[diesel(sql_type = Text)]
    from_col: String,
    #[diesel(sql_type = Text)]
    to_col: String,
    #[diesel(sql_type = Text)]
    constraint_name: String,
}

#[derive(QueryableByName)]
struct PgPkFirst {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    first_col: String,
}

fn pg_checks(url: &str) {
    let mut c = PgConnection::establish(url).unwrap();
    let tables: Vec<String> =
        diesel::sql_query("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")
            .load::<Name>(&mut c)
            .unwrap()
            .into_iter()
            .map(|n| n.name)
            .collect();
    let nullable: Vec<PgNullable> = diesel::sql_query(
        "SELECT table_name::text, is_nullable::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND column_name = 'tenant_id'",
    )
    .load(&mut c)
    .unwrap();
    let fk_rows: Vec<PgFk> = diesel::sql_query(
        "SELECT con.conrelid::regclass::text AS table_name, con.confrelid::regclass::text AS target, \
                k.n AS position, a.attname::text AS from_col, b.attname::text AS to_col, con.conname::text AS constraint_name \
         FROM pg_constraint con \
         CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(f, t, n) \
         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.f \
         JOIN pg_attribute b ON b.attrelid = con.confrelid AND b.attnum = k.t \
         WHERE con.contype = 'f' AND con.connamespace = 'public'::regnamespace \
         ORDER BY con.conname, k.n",
    )
    .load(&mut c)
    .unwrap();
    let mut by_name: BTreeMap<String, Fk> = BTreeMap::new();
    for r in fk_rows {
        let _ = r.position;
        let e = by_name
            .entry(r.constraint_name.clone())
            .or_insert_with(|| (r.table_name.clone(), r.target.clone(), Vec::new()));
        e.2.push((r.from_col, r.to_col));
    }
    check(
        tables,
        |t| {
            nullable
                .iter()
                .any(|n| n.table_name == t && n.is_nullable == "NO")
        },
        by_name.into_values().collect(),
    );
    let pk_first: Vec<PgPkFirst> = diesel::sql_query(
        "SELECT con.conrelid::regclass::text AS table_name, a.attname::text AS first_col \
         FROM pg_constraint con JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1] \
         WHERE con.contype = 'p' AND con.connamespace = 'public'::regnamespace",
    )
    .load(&mut c)
    .unwrap();
    for t in TENANT_OWNED_TABLES {
        let pk = pk_first
            .iter()
            .find(|p| p.table_name == *t)
            .unwrap_or_else(|| panic!("{t} has no primary key"));
        assert_eq!(
            pk.first_col, "tenant_id",
            "the primary key of {t} must start with tenant_id"
        );
    }
}

#[tokio::test]
async fn tenant_columns_and_keys_are_ready_for_distribution() {
    for backend in backends() {
        let app = TestApp::empty(backend);
        let url = app.database_url();
        match backend {
            Backend::Sqlite => sqlite_checks(&url),
            Backend::Postgres => pg_checks(&url),
        }
    }
}
