-- The task engine (DOMAIN §3): a kind may recur for one source (a miss-you
-- after each absence, the top spenders each year, follow-ups), so the period
-- joins the unique key. Tasks are worked with attempts, the customer's
-- answers, a follow-up link and a manager's reassignment.
-- The surveys' links to tasks are set aside while the table is rebuilt
-- (foreign keys are on and cannot be turned off inside the migration).
CREATE TEMP TABLE survey_tasks AS SELECT id, task_id FROM surveys WHERE task_id IS NOT NULL;
UPDATE surveys SET task_id = NULL WHERE task_id IS NOT NULL;
CREATE TABLE tasks_new (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    customer_id     INTEGER REFERENCES customers(id),
    staff_id        INTEGER REFERENCES staff(id),
    due_on          TEXT NOT NULL,
    source          TEXT NOT NULL,
    source_id       INTEGER NOT NULL,
    note            TEXT,
    created_at      TEXT NOT NULL,
    done_at         TEXT,
    outcome         TEXT,
    version         INTEGER NOT NULL DEFAULT 1,
    period          TEXT NOT NULL DEFAULT '',
    due_time        TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    answers         TEXT,
    follow_up_of    INTEGER REFERENCES tasks(id) ON DELETE SET NULL,
    worked_by       INTEGER REFERENCES staff(id),
    worked_at       TEXT,
    reassigned_by   INTEGER REFERENCES staff(id),
    reassigned_at   TEXT,
    UNIQUE (kind, source, source_id, period)
);
INSERT INTO tasks_new(id, kind, customer_id, staff_id, due_on, source, source_id, note,
                      created_at, done_at, outcome, version, worked_at)
SELECT id, kind, customer_id, staff_id, due_on, source, source_id, note,
       created_at, done_at, outcome, version, done_at
FROM tasks;
DROP TABLE tasks;
ALTER TABLE tasks_new RENAME TO tasks;
UPDATE surveys SET task_id = (SELECT task_id FROM survey_tasks s WHERE s.id = surveys.id)
WHERE id IN (SELECT id FROM survey_tasks);
DROP TABLE survey_tasks;
-- An erased customer is owed nothing.
UPDATE tasks SET done_at = COALESCE(worked_at, created_at), outcome = 'erased', note = NULL
WHERE done_at IS NULL AND customer_id IN (SELECT id FROM customers WHERE erased_at IS NOT NULL);
CREATE INDEX tasks_open ON tasks(due_on) WHERE done_at IS NULL;
CREATE INDEX tasks_open_staff ON tasks(staff_id, due_on) WHERE done_at IS NULL;
CREATE INDEX tasks_customer ON tasks(customer_id);

-- Where the generator stopped: one row. Miss-you contacts are made for the
-- customers who crossed the threshold since `last_on`; purchase callbacks for
-- purchases after `last_purchase_id`; top spenders once for `top_year`.
CREATE TABLE task_runs (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    last_on           TEXT NOT NULL,
    last_purchase_id  INTEGER NOT NULL DEFAULT 0,
    top_year          INTEGER NOT NULL DEFAULT 0,
    at                TEXT NOT NULL
);

-- The day a customer was last seen (a visit or a purchase), for the miss-you search.
CREATE INDEX customers_seen ON customers(max(COALESCE(last_visit_on, ''), COALESCE(last_purchase_on, '')))
    WHERE erased_at IS NULL AND greetings_ok = 1;
