-- Issue 4: what the review works from. SQLite dialect; keep in step with
-- ../../postgres/ (same logical schema).

-- The legal basis registry (DOMAIN.md §2): every rating and discipline record names the
-- regulation that governed it (rasoat_shared::regulation holds the same rows).
CREATE TABLE regulations (
    code TEXT PRIMARY KEY NOT NULL,
    signed_on DATE NOT NULL,
    effective_from DATE NOT NULL,
    title_vi TEXT NOT NULL
);
INSERT INTO regulations (code, signed_on, effective_from, title_vi) VALUES
    ('132-QĐ/TW', '2018-03-08', '2018-03-08', 'Quy định về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm'),
    ('124-QĐ/TW', '2023-10-04', '2023-10-04', 'Quy định về kiểm điểm, đánh giá, xếp loại chất lượng hằng năm'),
    ('366-QĐ/TW', '2025-08-30', '2025-08-30', 'Quy định về kiểm điểm, đánh giá, xếp loại chất lượng đối với tập thể, cá nhân trong hệ thống chính trị'),
    ('102-QĐ/TW', '2017-11-15', '2017-11-15', 'Quy định xử lý kỷ luật đảng viên vi phạm'),
    ('69-QĐ/TW', '2022-07-06', '2022-07-06', 'Quy định về kỷ luật tổ chức đảng, đảng viên vi phạm'),
    ('112/2020/NĐ-CP', '2020-09-18', '2020-09-18', 'Nghị định về xử lý kỷ luật cán bộ, công chức, viên chức'),
    ('172/2025/NĐ-CP', '2025-06-30', '2025-06-30', 'Nghị định quy định xử lý kỷ luật cán bộ, công chức'),
    ('02-HD/BTCTW', '2021-04-12', '2021-04-12', 'Hướng dẫn rà soát, sàng lọc, đưa đảng viên không còn đủ tư cách ra khỏi Đảng');

-- One rating of one member for one period (a year, or a quarter under QĐ 366).
CREATE TABLE ratings (
    tenant_id BIGINT NOT NULL,
    id INTEGER PRIMARY KEY NOT NULL,
    member_id BIGINT NOT NULL,
    -- The branch the member was rated at (their official branch then).
    unit_id BIGINT NOT NULL,
    year INTEGER NOT NULL CHECK (year BETWEEN 1930 AND 2100),
    period TEXT NOT NULL CHECK (period IN ('year', 'quarter')),
    -- 0 for a year, so that the unique key has no NULL in it.
    quarter SMALLINT NOT NULL CHECK (quarter BETWEEN 0 AND 4),
    level TEXT NOT NULL CHECK (level IN ('excellent', 'good', 'completed', 'not_completed')),
    score DOUBLE CHECK (score IS NULL OR (score >= 0 AND score <= 100)),
    -- Codes of rasoat_shared::rating::BelowBandReason, comma-separated.
    below_band_reasons TEXT NOT NULL,
    note TEXT,
    regulation_code TEXT NOT NULL REFERENCES regulations (code),
    decision_number TEXT,
    decision_signed_on DATE,
    quota_pct SMALLINT NOT NULL CHECK (quota_pct BETWEEN 0 AND 100),
    recorded_by BIGINT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, member_id, year, period, quarter),
    FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id),
    CHECK ((period = 'year' AND quarter = 0) OR (period = 'quarter' AND quarter >= 1)),
    CHECK ((decision_number IS NULL) = (decision_signed_on IS NULL))
);
CREATE INDEX ratings_by_unit ON ratings (tenant_id, unit_id, year, period, quarter);

-- Party and state discipline decisions (DOMAIN.md §13). Never edited: a correction is a
-- new record (the higher level's decision changing or annulling it is for the next stage).
CREATE TABLE discipline_records (
    tenant_id BIGINT NOT NULL,
    id INTEGER PRIMARY KEY NOT NULL,
    member_id BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('party', 'state')),
    form TEXT NOT NULL CHECK (form IN ('reprimand', 'warning', 'dismissal_from_post',
        'expulsion', 'salary_step_demotion', 'post_demotion', 'rank_demotion',
        'forced_dismissal')),
    decided_by TEXT NOT NULL,
    decision_number TEXT NOT NULL,
    decision_signed_on DATE NOT NULL,
    announced_on DATE NOT NULL,
    violation_on DATE NOT NULL,
    violation_summary TEXT NOT NULL,
    -- The end a state decision states itself; NULL: computed (12 months, or none).
    effective_until DATE,
    regulation_code TEXT NOT NULL REFERENCES regulations (code),
    recorded_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id),
    CHECK (announced_on >= decision_signed_on),
    CHECK (violation_on <= decision_signed_on),
    CHECK (effective_until IS NULL OR (kind = 'state' AND effective_until >= announced_on))
);
CREATE INDEX discipline_by_member ON discipline_records (tenant_id, member_id);

-- Violations found (by a meeting, an inspection, a complaint), disciplined or not.
CREATE TABLE violations (
    tenant_id BIGINT NOT NULL,
    id INTEGER PRIMARY KEY NOT NULL,
    member_id BIGINT NOT NULL,
    occurred_on DATE NOT NULL,
    summary TEXT NOT NULL,
    source TEXT,
    recorded_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id)
);
CREATE INDEX violations_by_member ON violations (tenant_id, member_id);

-- A member's month: attendance at the branch meeting and Party dues.
CREATE TABLE monthly_records (
    tenant_id BIGINT NOT NULL,
    id INTEGER PRIMARY KEY NOT NULL,
    member_id BIGINT NOT NULL,
    unit_id BIGINT NOT NULL,
    -- The first day of the month.
    month DATE NOT NULL,
    attendance TEXT CHECK (attendance IN ('present', 'absent', 'not_held')),
    absence_reason TEXT,
    absence_excused BOOLEAN NOT NULL,
    dues TEXT CHECK (dues IN ('paid', 'unpaid')),
    dues_reason TEXT,
    dues_excused BOOLEAN NOT NULL,
    -- Whether detection reads the month (an unexcused absence or unpaid month, or a month
    -- without a meeting, which neither counts nor breaks a run); kept by the writer so that
    -- detection reads only these rows through one index.
    notable BOOLEAN NOT NULL,
    recorded_by BIGINT,
    version BIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, member_id, month),
    FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);
CREATE INDEX monthly_by_unit ON monthly_records (tenant_id, unit_id, month);
CREATE INDEX monthly_notable ON monthly_records (tenant_id, notable, month, member_id);

-- A review round (đợt rà soát) over a unit's subtree and a period. Global, not
-- tenant-owned: a province round spans tenants, and rounds are few (a Citus reference
-- table); `tenant_id` is the scope's tenant, for access checks.
CREATE TABLE review_rounds (
    id INTEGER PRIMARY KEY NOT NULL,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    unit_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    period_from DATE NOT NULL,
    period_to DATE NOT NULL,
    regulation_code TEXT NOT NULL REFERENCES regulations (code),
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    opened_by BIGINT,
    opened_at TIMESTAMP NOT NULL,
    closed_by BIGINT,
    closed_at TIMESTAMP,
    detected_at TIMESTAMP,
    version BIGINT NOT NULL,
    -- No foreign key to units: a Citus reference table may not point into a distributed
    -- one. The server checks the unit when the round is opened; units are never deleted.
    CHECK (period_to >= period_from),
    CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX review_rounds_by_unit ON review_rounds (tenant_id, unit_id, status);

-- A case as a confirmed suggestion opens it (state draft_candidate); the next stage
-- (issue 5) carries it through the procedure.
CREATE TABLE cases (
    tenant_id BIGINT NOT NULL,
    id INTEGER PRIMARY KEY NOT NULL,
    member_id BIGINT NOT NULL,
    unit_id BIGINT NOT NULL,
    round_id BIGINT REFERENCES review_rounds (id),
    path TEXT NOT NULL CHECK (path IN ('a_education', 'b_direct')),
    state TEXT NOT NULL,
    -- Criterion codes, comma-separated.
    criteria TEXT NOT NULL,
    opened_by BIGINT,
    opened_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);
CREATE INDEX cases_by_member ON cases (tenant_id, member_id);

-- What detection (or a person, for the grounds software cannot infer) suggests in a
-- round, and what the branch decided.
CREATE TABLE suggestions (
    tenant_id BIGINT NOT NULL,
    id INTEGER PRIMARY KEY NOT NULL,
    round_id BIGINT NOT NULL REFERENCES review_rounds (id),
    member_id BIGINT NOT NULL,
    -- The member's branch when suggested.
    unit_id BIGINT NOT NULL,
    criterion TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('detected', 'entered')),
    reason_vi TEXT NOT NULL,
    -- JSON array of rasoat_shared::detection::Evidence.
    evidence TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'dismissed', 'withdrawn')),
    decided_by BIGINT,
    decided_at TIMESTAMP,
    note TEXT,
    case_id BIGINT,
    created_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, round_id, member_id, criterion),
    FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
    CHECK ((status IN ('confirmed', 'dismissed')) = (decided_at IS NOT NULL)),
    CHECK ((status = 'confirmed') = (case_id IS NOT NULL))
);
CREATE INDEX suggestions_by_round ON suggestions (round_id, tenant_id, unit_id, status);

-- A branch declared its review in a round done.
CREATE TABLE round_branches (
    tenant_id BIGINT NOT NULL,
    round_id BIGINT NOT NULL REFERENCES review_rounds (id),
    unit_id BIGINT NOT NULL,
    reviewed_by BIGINT,
    reviewed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, round_id, unit_id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
) WITHOUT ROWID;
