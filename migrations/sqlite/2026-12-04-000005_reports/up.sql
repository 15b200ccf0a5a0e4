-- The screening report and membership statistics count members per tenant (the province's
-- rows) and per home unit (a tenant's rows) with the period's end: one index holds every
-- column they read, so the counts scan the index alone, in group order.
CREATE INDEX members_report ON members (tenant_id, home_unit_id, status, admission_date, official_date, exempted);
-- The cross-check "not completed in N and N−1" reads ratings by level and year.
CREATE INDEX ratings_by_level ON ratings (tenant_id, level, year);
