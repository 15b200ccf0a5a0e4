-- The screening report and membership statistics count members per tenant (the province's
-- rows) and per home unit (a tenant's rows) with the period's end: one index holds every
-- column they read, so the counts scan the index alone, in group order.
CREATE INDEX members_report ON members (tenant_id, home_unit_id, status, admission_date, official_date, exempted);
-- The cross-check "not completed in N and N−1" reads the few ratings of that level in two
-- years, across tenants for the province: level first.
CREATE INDEX ratings_by_level ON ratings (level, year, tenant_id, member_id);
