-- The screening report counts members per tenant (the province's rows) and per home unit
-- (a tenant's rows) and status, as of the period's end: one index holds every column it
-- reads, in group order, so the counts scan the index alone. The status is grouped on,
-- not filtered: SQLite, without per-value statistics, takes `status = 'active'` for a
-- selective filter and reads 5.6 million rows through a status index one by one.
CREATE INDEX members_report ON members (tenant_id, status, home_unit_id, admission_date, official_date, exempted);
-- The cross-check "not completed in N and N−1" reads the few ratings of that level in two
-- years, across tenants for the province: level first.
CREATE INDEX ratings_by_level ON ratings (level, period, year, tenant_id, member_id);
