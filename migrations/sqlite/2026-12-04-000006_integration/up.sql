-- Integration for provincial systems (issue 7): the change feed and bulk import jobs.
--
-- change_events is the feed: one row per audited change (a write to a unit, member,
-- rating, record, case or exit), written by the audit log in the same transaction and
-- at the same per-tenant position (seq) as its audit entry, so a change cannot commit
-- without its event and the feed's order is the tenant's commit order. Unlike the audit
-- log it is pruned after the retention period (setting RASOAT_FEED_RETENTION_DAYS).
CREATE TABLE change_events (
    tenant_id BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    at TIMESTAMP NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    object_id BIGINT,
    unit_id BIGINT,
    PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX change_events_by_time ON change_events (tenant_id, at);

-- One row per file sent to POST /imports. The Idempotency-Key is unique per sender
-- within a tenant; the row is committed before the file is applied, and the applying
-- transaction sets it `applied`, so after a crash the row says `applying` (turned into
-- `interrupted` at start-up) and the data holds nothing of the file.
CREATE TABLE import_jobs (
    tenant_id BIGINT NOT NULL,
    id INTEGER PRIMARY KEY NOT NULL,
    unit_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    format TEXT NOT NULL,
    dry_run BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    file_name TEXT,
    idempotency_key TEXT,
    sender TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    total_rows INTEGER NOT NULL,
    applied_rows INTEGER NOT NULL,
    problem_count INTEGER NOT NULL,
    problems TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);
CREATE UNIQUE INDEX import_jobs_by_key ON import_jobs (tenant_id, sender, idempotency_key);
CREATE INDEX import_jobs_by_status ON import_jobs (status);

-- A service client's recent calls (the service-client page): only the entries of clients.
CREATE INDEX audit_log_by_client ON audit_log (actor_client_id, id) WHERE actor_client_id IS NOT NULL;
