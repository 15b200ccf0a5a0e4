-- Cases carry the whole procedure now (issue 5). SQLite cannot change a CHECK in place, so
-- the table is rebuilt: suggestions point at it, so foreign keys are checked at commit.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE cases_new (
    tenant_id BIGINT NOT NULL,
    id INTEGER PRIMARY KEY NOT NULL,
    member_id BIGINT NOT NULL,
    unit_id BIGINT NOT NULL,
    round_id BIGINT REFERENCES review_rounds (id),
    path TEXT NOT NULL CHECK (path IN ('a_education', 'b_direct', 'v_voluntary')),
    state TEXT NOT NULL,
    -- Criterion codes, comma-separated.
    criteria TEXT NOT NULL,
    opened_by BIGINT,
    opened_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL,
    removal_form TEXT CHECK (removal_form IN ('name_deletion', 'expulsion', 'voluntary_exit')),
    outcome TEXT,
    education_start DATE,
    education_due DATE,
    extensions INTEGER NOT NULL DEFAULT 0,
    self_review_requests INTEGER NOT NULL DEFAULT 0,
    self_review_received BOOLEAN NOT NULL DEFAULT FALSE,
    self_review_refused BOOLEAN NOT NULL DEFAULT FALSE,
    failed_rounds INTEGER NOT NULL DEFAULT 0,
    escalated BOOLEAN NOT NULL DEFAULT FALSE,
    decided_by_unit_id BIGINT,
    decision_signed_on DATE,
    decision_received_on DATE,
    appeal_window_end DATE,
    appeal_filed_on DATE,
    appeal_result TEXT,
    final_on DATE,
    family_hardship BOOLEAN NOT NULL DEFAULT FALSE,
    -- The next deadline in force (overdue lists and the to-do queue order by it).
    due_on DATE,
    is_open BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);
INSERT INTO cases_new (tenant_id, id, member_id, unit_id, round_id, path, state, criteria,
    opened_by, opened_at, version, is_open, updated_at)
SELECT tenant_id, id, member_id, unit_id, round_id, path, state, criteria, opened_by,
    opened_at, version, TRUE, opened_at FROM cases;
DROP TABLE cases;
ALTER TABLE cases_new RENAME TO cases;
CREATE INDEX cases_by_member ON cases (tenant_id, member_id);
CREATE INDEX cases_by_unit ON cases (tenant_id, unit_id, is_open, state);
CREATE INDEX cases_open_by_tenant ON cases (tenant_id, is_open, id);
CREATE INDEX cases_open_by_due ON cases (tenant_id, is_open, due_on);
-- The board's counts per state over a unit's open cases, read from the index alone.
CREATE INDEX cases_open_by_unit_state ON cases (tenant_id, is_open, unit_id, state);
CREATE INDEX cases_open_province ON cases (is_open, id);

-- One row per act on a case: the append-only timeline (DOMAIN.md §8.1 case_event).
CREATE TABLE case_events (
    tenant_id BIGINT NOT NULL,
    id INTEGER PRIMARY KEY NOT NULL,
    case_id BIGINT NOT NULL,
    transition TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    capacity TEXT NOT NULL,
    actor_user_id BIGINT,
    actor_name TEXT NOT NULL,
    on_date DATE NOT NULL,
    at TIMESTAMP NOT NULL,
    note TEXT,
    vote_id BIGINT,
    -- Document ids, comma-separated.
    document_ids TEXT NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX case_events_by_case ON case_events (tenant_id, case_id, id);

-- Votes of branches and committees (DOMAIN.md §9): the tallies, the base and its roll,
-- the versioned threshold rule and what it made of them.
CREATE TABLE case_votes (
    tenant_id BIGINT NOT NULL,
    id INTEGER PRIMARY KEY NOT NULL,
    case_id BIGINT NOT NULL,
    transition TEXT NOT NULL,
    body_type TEXT NOT NULL CHECK (body_type IN ('branch_meeting', 'grassroots_committee',
        'standing_committee', 'inspection_commission')),
    body_unit_id BIGINT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('secret_ballot', 'open_vote')),
    roll_full INTEGER,
    roll_exempted INTEGER,
    roll_probationers INTEGER,
    base INTEGER NOT NULL CHECK (base > 0),
    present INTEGER NOT NULL CHECK (present >= 0 AND present <= base),
    yes_votes INTEGER NOT NULL CHECK (yes_votes >= 0),
    no_votes INTEGER NOT NULL CHECK (no_votes >= 0),
    invalid_votes INTEGER NOT NULL CHECK (invalid_votes >= 0),
    rule TEXT NOT NULL,
    regulation TEXT NOT NULL,
    required_yes INTEGER NOT NULL,
    passed BOOLEAN NOT NULL,
    round_no INTEGER NOT NULL,
    held_on DATE NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (tenant_id, id),
    CHECK (yes_votes + no_votes + invalid_votes <= present),
    -- No foreign key on body_unit_id: the body may be the province's (the root unit
    -- belongs to the province level, not to the case's tenant).
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX case_votes_by_case ON case_votes (tenant_id, case_id, id);

-- Documents each step produces (DOMAIN.md §11), their content fixed when recorded.
CREATE TABLE case_documents (
    tenant_id BIGINT NOT NULL,
    id INTEGER PRIMARY KEY NOT NULL,
    case_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    symbol TEXT,
    number BIGINT,
    number_label TEXT,
    year INTEGER NOT NULL,
    issuer_unit_id BIGINT NOT NULL,
    issuer_name TEXT NOT NULL,
    superior_name TEXT NOT NULL,
    place_date TEXT NOT NULL,
    signed_on DATE NOT NULL,
    heading TEXT NOT NULL,
    subject TEXT NOT NULL,
    -- JSON array of paragraphs.
    body TEXT NOT NULL,
    signing TEXT NOT NULL,
    on_behalf TEXT,
    signer_title TEXT NOT NULL,
    signer_name TEXT NOT NULL,
    -- JSON array of lines.
    recipients TEXT NOT NULL,
    created_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (tenant_id, id),
    CHECK ((number IS NULL) = (symbol IS NULL)),
    -- No foreign key on issuer_unit_id, as for votes: the issuer may be the province.
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX case_documents_by_case ON case_documents (tenant_id, case_id, id);
-- Numbers run per issuer, symbol and year ("03-NQ/CB").
CREATE UNIQUE INDEX case_documents_numbering
    ON case_documents (tenant_id, issuer_unit_id, year, symbol, number);

-- Helpers assigned by branch resolution (DOMAIN.md §8.1 helper_assignment).
CREATE TABLE case_helpers (
    tenant_id BIGINT NOT NULL,
    id INTEGER PRIMARY KEY NOT NULL,
    case_id BIGINT NOT NULL,
    helper_member_id BIGINT NOT NULL,
    resolution_id BIGINT,
    from_date DATE NOT NULL,
    to_date DATE,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
    FOREIGN KEY (tenant_id, helper_member_id) REFERENCES members (tenant_id, id)
);
CREATE INDEX case_helpers_by_case ON case_helpers (tenant_id, case_id);
CREATE INDEX case_helpers_by_helper ON case_helpers (tenant_id, helper_member_id);

-- Progress notes and the helper's evaluations.
CREATE TABLE case_notes (
    tenant_id BIGINT NOT NULL,
    id INTEGER PRIMARY KEY NOT NULL,
    case_id BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('progress', 'helper_evaluation')),
    author_user_id BIGINT,
    author_name TEXT NOT NULL,
    written_on DATE NOT NULL,
    text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX case_notes_by_case ON case_notes (tenant_id, case_id, id);

-- The register of members who left the Party (DOMAIN.md §8.7): the exit reason governs
-- re-admission.
CREATE TABLE exits (
    tenant_id BIGINT NOT NULL,
    id INTEGER PRIMARY KEY NOT NULL,
    member_id BIGINT NOT NULL,
    unit_id BIGINT NOT NULL,
    case_id BIGINT NOT NULL,
    form TEXT NOT NULL CHECK (form IN ('name_deletion', 'expulsion', 'voluntary_exit')),
    grounds TEXT NOT NULL,
    decision_number TEXT,
    -- The decision's document (a case document of the same tenant).
    decision_document_id BIGINT,
    effective_on DATE NOT NULL,
    family_hardship BOOLEAN NOT NULL,
    readmission_barred BOOLEAN NOT NULL,
    readmission_earliest DATE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, case_id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
    FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);
CREATE INDEX exits_by_date ON exits (tenant_id, effective_on);

-- The working-day calendar (global reference data): days that differ from the
-- Monday-to-Friday week. The server seeds 2021–2030 once (calendar_years records it), and
-- province administrators edit it.
CREATE TABLE calendar_days (
    day DATE PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'working')),
    name_vi TEXT NOT NULL,
    updated_by BIGINT,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE calendar_years (
    year INTEGER PRIMARY KEY NOT NULL,
    seeded_at TIMESTAMP NOT NULL
);
