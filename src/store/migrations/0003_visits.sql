-- The eight-step visit 接待: saved as it goes, so a visit left by a lock, a
-- dropped connection or a quit is resumed exactly as it was. The columns hold
-- the facts for reports and the callbacks work; `state` the screen as left.

CREATE TABLE visits (
    id              INTEGER PRIMARY KEY,
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    customer_id     INTEGER REFERENCES customers(id),
    started_on      TEXT NOT NULL,
    started_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    finished_on     TEXT,
    finished_at     TEXT,
    step            INTEGER NOT NULL DEFAULT 1 CHECK (step BETWEEN 1 AND 8),
    greeting        TEXT NOT NULL DEFAULT '',
    need            TEXT NOT NULL DEFAULT '',
    size_estimate   TEXT NOT NULL DEFAULT '',
    fit_remarks     TEXT NOT NULL DEFAULT '',
    closing_method  TEXT CHECK (closing_method IN ('limitation', 'choice_elimination', 'summary')),
    signals         TEXT NOT NULL DEFAULT '',   -- buying signal ids, comma-separated
    care_given      TEXT NOT NULL DEFAULT '',   -- material categories whose care notes were given
    outcome         TEXT CHECK (outcome IN ('bought', 'not_bought')),
    receipt_no      TEXT,
    purchase_id     INTEGER UNIQUE REFERENCES purchases(id),
    total_fen       INTEGER NOT NULL DEFAULT 0,
    add_on_fen      INTEGER NOT NULL DEFAULT 0,
    scenario        TEXT,
    state           TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX visits_open ON visits(staff_id) WHERE finished_at IS NULL;
CREATE INDEX visits_finished ON visits(finished_on, staff_id);
CREATE INDEX visits_customer ON visits(customer_id);

-- Each step: done, skipped or pending; time spent; checklist items ticked.
CREATE TABLE visit_steps (
    visit_id    INTEGER NOT NULL REFERENCES visits(id),
    step        INTEGER NOT NULL CHECK (step BETWEEN 1 AND 8),
    status      TEXT NOT NULL CHECK (status IN ('pending', 'done', 'skipped')),
    seconds     INTEGER NOT NULL DEFAULT 0,
    checked     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (visit_id, step)
);

-- Products shown (step 3), tried (4) or offered as add-ons (7); bought at step 8.
CREATE TABLE visit_lines (
    id          INTEGER PRIMARY KEY,
    visit_id    INTEGER NOT NULL REFERENCES visits(id),
    position    INTEGER NOT NULL,
    step        INTEGER NOT NULL CHECK (step IN (3, 4, 7)),
    product_id  INTEGER NOT NULL REFERENCES products(id),
    size        TEXT,
    colour      TEXT,
    price_fen   INTEGER NOT NULL,
    add_on      INTEGER NOT NULL DEFAULT 0,
    tried       INTEGER NOT NULL DEFAULT 0,
    bought      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX visit_lines_visit ON visit_lines(visit_id);

-- Step 5: each objection, its kind, its words and the answer given.
CREATE TABLE visit_objections (
    id          INTEGER PRIMARY KEY,
    visit_id    INTEGER NOT NULL REFERENCES visits(id),
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('doubt', 'misunderstanding', 'drawback')),
    words       TEXT NOT NULL,
    answer      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX visit_objections_visit ON visit_objections(visit_id);
