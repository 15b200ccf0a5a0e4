DROP INDEX audit_log_by_client;
DROP TABLE import_jobs;
DROP TABLE change_events;
