-- The after-sale desk: returns and exchanges, the repair register with its
-- moves, care entitlements and care jobs, and the tasks they create.

ALTER TABLE repair_jobs ADD COLUMN job_no TEXT;
ALTER TABLE repair_jobs ADD COLUMN purchase_line_id INTEGER REFERENCES purchase_lines(id);
ALTER TABLE repair_jobs ADD COLUMN contact_name TEXT;
ALTER TABLE repair_jobs ADD COLUMN contact_phone TEXT;
ALTER TABLE repair_jobs ADD COLUMN address TEXT;
ALTER TABLE repair_jobs ADD COLUMN style_no TEXT;
ALTER TABLE repair_jobs ADD COLUMN category TEXT;
ALTER TABLE repair_jobs ADD COLUMN purchased_on TEXT;
ALTER TABLE repair_jobs ADD COLUMN problem TEXT;
ALTER TABLE repair_jobs ADD COLUMN symptoms TEXT;
ALTER TABLE repair_jobs ADD COLUMN decision TEXT;
ALTER TABLE repair_jobs ADD COLUMN rules TEXT;
ALTER TABLE repair_jobs ADD COLUMN reason TEXT;
ALTER TABLE repair_jobs ADD COLUMN fee_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE repair_jobs ADD COLUMN invoice_no TEXT;
ALTER TABLE repair_jobs ADD COLUMN staff_id INTEGER REFERENCES staff(id);
ALTER TABLE repair_jobs ADD COLUMN created_at TEXT;
ALTER TABLE repair_jobs ADD COLUMN updated_at TEXT;
ALTER TABLE repair_jobs ADD COLUMN updated_by INTEGER REFERENCES staff(id);
CREATE UNIQUE INDEX repair_jobs_no ON repair_jobs(job_no);
CREATE INDEX repair_jobs_received ON repair_jobs(received_on);
CREATE INDEX repair_jobs_customer ON repair_jobs(customer_id);

-- Every move of a repair job, with who and when.
CREATE TABLE job_events (
    id          INTEGER PRIMARY KEY,
    job_id      INTEGER NOT NULL REFERENCES repair_jobs(id),
    state       TEXT NOT NULL,
    at          TEXT NOT NULL,
    staff_id    INTEGER REFERENCES staff(id),
    note        TEXT
);
CREATE INDEX job_events_job ON job_events(job_id, id);

-- The returns log: every return and exchange decided at the desk.
CREATE TABLE returns (
    id                      INTEGER PRIMARY KEY,
    return_no               TEXT UNIQUE,
    purchase_line_id        INTEGER NOT NULL REFERENCES purchase_lines(id),
    customer_id             INTEGER REFERENCES customers(id),
    request                 TEXT NOT NULL,
    problem                 TEXT NOT NULL,
    conditions              TEXT NOT NULL DEFAULT '',
    decision                TEXT NOT NULL,
    amount_fen              INTEGER NOT NULL,
    depreciation_percent    INTEGER NOT NULL DEFAULT 0,
    shop_pays_shipping      INTEGER NOT NULL DEFAULT 0,
    rules                   TEXT NOT NULL,
    reason                  TEXT NOT NULL,
    -- an exchange: done on the spot, or goods sent from another shop
    exchange_how            TEXT CHECK (exchange_how IN ('on_spot', 'transfer')),
    transfer_due_on         TEXT,
    -- a manager's override of a refusal
    original_decision       TEXT,
    overridden_by           INTEGER REFERENCES staff(id),
    override_reason         TEXT,
    override_at             TEXT,
    staff_id                INTEGER REFERENCES staff(id),
    decided_on              TEXT NOT NULL,
    created_at              TEXT NOT NULL
);
CREATE INDEX returns_decided ON returns(decided_on);
CREATE INDEX returns_line ON returns(purchase_line_id);

-- What a purchase entitles the customer to: a free dry-clean, a leather care.
CREATE TABLE entitlements (
    id                  INTEGER PRIMARY KEY,
    customer_id         INTEGER NOT NULL REFERENCES customers(id),
    purchase_line_id    INTEGER REFERENCES purchase_lines(id),
    kind                TEXT NOT NULL CHECK (kind IN ('dry_clean', 'leather_care')),
    granted_on          TEXT NOT NULL,
    valid_until         TEXT,
    used_on             TEXT,
    UNIQUE (purchase_line_id, kind)
);
CREATE INDEX entitlements_customer ON entitlements(customer_id);

-- A care service being done: its stages come from data/policy.toml.
CREATE TABLE care_jobs (
    id              INTEGER PRIMARY KEY,
    job_no          TEXT UNIQUE,
    entitlement_id  INTEGER UNIQUE REFERENCES entitlements(id),
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    kind            TEXT NOT NULL,
    item            TEXT NOT NULL,
    stage           TEXT NOT NULL,
    done            INTEGER NOT NULL DEFAULT 0,
    received_on     TEXT NOT NULL,
    staff_id        INTEGER REFERENCES staff(id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE care_events (
    id          INTEGER PRIMARY KEY,
    care_job_id INTEGER NOT NULL REFERENCES care_jobs(id),
    stage       TEXT NOT NULL,
    at          TEXT NOT NULL,
    staff_id    INTEGER REFERENCES staff(id),
    note        TEXT
);

-- Contacts the shop owes a customer: each made once for its source.
CREATE TABLE tasks (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    customer_id INTEGER REFERENCES customers(id),
    staff_id    INTEGER REFERENCES staff(id),
    due_on      TEXT NOT NULL,
    source      TEXT NOT NULL,
    source_id   INTEGER NOT NULL,
    note        TEXT,
    created_at  TEXT NOT NULL,
    done_at     TEXT,
    outcome     TEXT,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (kind, source, source_id)
);
CREATE INDEX tasks_open ON tasks(due_on) WHERE done_at IS NULL;
