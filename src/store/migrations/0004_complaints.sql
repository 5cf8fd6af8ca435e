-- Complaints 投诉 and their closed loop, the nine steps at the counter,
-- satisfaction surveys, and the quality callback / customer opinion register
-- (DOMAIN §4, §8). Times are UTC RFC 3339; *_on columns are the shop's local
-- date, for the registers' date filters.

CREATE TABLE complaints (
    id                  INTEGER PRIMARY KEY,
    complaint_no        TEXT NOT NULL UNIQUE,
    channel             TEXT NOT NULL CHECK (channel IN ('hotline', 'phone', 'letter', 'visit', 'in_store', 'email', 'web', 'online_shop')),
    customer_id         INTEGER REFERENCES customers(id),
    purchase_line_id    INTEGER REFERENCES purchase_lines(id),
    -- the product as named (style number and name), with or without a purchase line
    product             TEXT,
    batch_no            TEXT,
    category            TEXT NOT NULL,
    -- routed when taken: the department, and where it goes on after it
    department          TEXT NOT NULL,
    route_then          TEXT NOT NULL DEFAULT '',
    urgency             TEXT NOT NULL CHECK (urgency IN ('normal', 'urgent')),
    major               INTEGER NOT NULL DEFAULT 0,
    -- what happened, in the customer's words; and as analysed and restated
    words               TEXT NOT NULL,
    restated            TEXT,
    state               TEXT NOT NULL CHECK (state IN ('accepted', 'verified', 'handled', 'fed_back', 'revisited', 'closed')),
    at_counter          INTEGER NOT NULL DEFAULT 0,
    resolved_at_counter INTEGER NOT NULL DEFAULT 0,
    resolution          TEXT,
    solution            TEXT,
    compensation        TEXT CHECK (compensation IN ('none', 'gift', 'discount', 'free_service')),
    compensation_fen    INTEGER NOT NULL DEFAULT 0 CHECK (compensation_fen >= 0),
    compensation_note   TEXT,
    satisfied           INTEGER,
    final_offer         TEXT,
    final_accepted      INTEGER,
    follow_up           TEXT,
    taken_by            INTEGER REFERENCES staff(id),
    received_at         TEXT NOT NULL,
    received_on         TEXT NOT NULL,
    first_response_at   TEXT,
    resolved_at         TEXT,
    revisited_at        TEXT,
    closed_at           TEXT,
    -- what a manager has seen: the urgency, and the escalation reasons (comma-separated)
    urgent_seen_at      TEXT,
    urgent_seen_by      INTEGER REFERENCES staff(id),
    escalations_seen    TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    updated_by          INTEGER REFERENCES staff(id),
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX complaints_open ON complaints(state) WHERE state <> 'closed';
CREATE INDEX complaints_received ON complaints(received_on);
CREATE INDEX complaints_customer ON complaints(customer_id);

-- Every move of a complaint with who, when and a note; marks too (major, seen).
CREATE TABLE complaint_events (
    id              INTEGER PRIMARY KEY,
    complaint_id    INTEGER NOT NULL REFERENCES complaints(id),
    event           TEXT NOT NULL,
    at              TEXT NOT NULL,
    staff_id        INTEGER REFERENCES staff(id),
    note            TEXT
);
CREATE INDEX complaint_events_complaint ON complaint_events(complaint_id, id);

-- The nine steps at the counter, as the associate ticked them.
CREATE TABLE complaint_steps (
    complaint_id    INTEGER NOT NULL REFERENCES complaints(id),
    step            INTEGER NOT NULL CHECK (step BETWEEN 1 AND 9),
    done_at         TEXT NOT NULL,
    staff_id        INTEGER REFERENCES staff(id),
    PRIMARY KEY (complaint_id, step)
);

-- The satisfaction survey register 顾客满意度调查登记表.
CREATE TABLE surveys (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER REFERENCES customers(id),
    source          TEXT NOT NULL CHECK (source IN ('standalone', 'complaint', 'callback')),
    complaint_id    INTEGER REFERENCES complaints(id),
    purchase_id     INTEGER REFERENCES purchases(id),
    task_id         INTEGER REFERENCES tasks(id),
    staff_id        INTEGER REFERENCES staff(id),
    taken_on        TEXT NOT NULL,
    taken_at        TEXT NOT NULL,
    mean_x100       INTEGER NOT NULL CHECK (mean_x100 BETWEEN 100 AND 500),
    comment         TEXT
);
CREATE INDEX surveys_taken ON surveys(taken_on);
CREATE TABLE survey_answers (
    survey_id       INTEGER NOT NULL REFERENCES surveys(id),
    question        TEXT NOT NULL,
    score           INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    PRIMARY KEY (survey_id, question)
);

-- The quality callback / customer opinion register 质量回访/顾客意见登记表:
-- complaint revisits, opinions and suggestions; suggestions worth keeping
-- are marked and collected per department.
CREATE TABLE opinions (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('quality_callback', 'opinion', 'suggestion')),
    customer_id     INTEGER REFERENCES customers(id),
    channel         TEXT,
    complaint_id    INTEGER REFERENCES complaints(id),
    product         TEXT,
    text            TEXT NOT NULL,
    department      TEXT,
    worth_keeping   INTEGER NOT NULL DEFAULT 0,
    satisfied       INTEGER,
    staff_id        INTEGER REFERENCES staff(id),
    noted_on        TEXT NOT NULL,
    noted_at        TEXT NOT NULL
);
CREATE INDEX opinions_noted ON opinions(noted_on);
CREATE INDEX opinions_kept ON opinions(department) WHERE worth_keeping = 1;
