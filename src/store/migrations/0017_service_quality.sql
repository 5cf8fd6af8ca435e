-- Service quality (DOMAIN §8, issue 18): the "1+5" record of each repair
-- and care job, and the manager's internal service checks with their veto.

-- One "1+5" record per job: right the first time, and the extras given
-- (ids from data/service_quality.toml, comma-separated, with their count).
CREATE TABLE one_plus_five (
    id                  INTEGER PRIMARY KEY,
    job_kind            TEXT NOT NULL CHECK (job_kind IN ('repair', 'care')),
    job_id              INTEGER NOT NULL,
    first_time_right    INTEGER NOT NULL,
    extras              TEXT NOT NULL DEFAULT '',
    extras_count        INTEGER NOT NULL DEFAULT 0,
    -- the associate credited: who recorded it, on the shop's date
    staff_id            INTEGER NOT NULL REFERENCES staff(id),
    recorded_on         TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    UNIQUE (job_kind, job_id)
);
CREATE INDEX one_plus_five_staff ON one_plus_five(staff_id, recorded_on);

-- A manager's check of one finished service against the shop's standard.
CREATE TABLE service_checks (
    id              INTEGER PRIMARY KEY,
    service_kind    TEXT NOT NULL CHECK (service_kind IN ('repair', 'return', 'complaint', 'visit')),
    service_id      INTEGER NOT NULL,
    -- the associate whose service it was
    staff_id        INTEGER REFERENCES staff(id),
    checked_by      INTEGER NOT NULL REFERENCES staff(id),
    checked_on      TEXT NOT NULL,
    passed          INTEGER NOT NULL,
    failed_items    TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
);
CREATE INDEX service_checks_staff ON service_checks(staff_id, checked_on);
CREATE INDEX service_checks_service ON service_checks(service_kind, service_id);

-- Trained before on duty (seed 001: "客服专人接受专业培训后,方可上岗"): the
-- day a manager marked the person trained, and who did.
ALTER TABLE staff ADD COLUMN trained_on TEXT;
ALTER TABLE staff ADD COLUMN trained_by INTEGER REFERENCES staff(id);
