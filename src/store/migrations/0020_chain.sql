-- A chain of shops (issue 15): the shop's code, the change log that
-- `aftercare sync` pushes to head office, and where a file taken on from
-- another shop of the chain came from.

-- The shop's code in the chain (set by `aftercare shop-code`, the set-up
-- or `aftercare demo --shop-code`). NULL: a shop on its own, nothing logged.
ALTER TABLE shop ADD COLUMN code TEXT;

-- Whether the customer may be found by the chain's other shops (the chain
-- directory). An erased file is never found, whatever this says.
ALTER TABLE customers ADD COLUMN chain_ok INTEGER NOT NULL DEFAULT 1;

-- Every change to a shop record, written by triggers in the same
-- transaction as the change (see src/store/changes.rs). `op`: I insert,
-- U update, D delete, S the first full snapshot made on enrolling.
-- `row` is the row as JSON (NULL for a delete). Rows head office has
-- acknowledged are deleted by the sync.
CREATE TABLE change_log (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    tbl     TEXT NOT NULL,
    row_id  INTEGER NOT NULL,
    op      TEXT NOT NULL CHECK (op IN ('I', 'U', 'D', 'S')),
    row     TEXT
);

-- One row: the triggers' fingerprint (rebuilt when the schema changes)
-- and what the last sync heard from head office.
CREATE TABLE chain_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    enrolled_at  TEXT NOT NULL,
    trigger_sig  TEXT NOT NULL DEFAULT '',
    acked_seq    INTEGER NOT NULL DEFAULT 0,
    last_sync_at TEXT
);

-- A file copied in from another shop of the chain ("take on").
CREATE TABLE chain_origins (
    customer_id  INTEGER PRIMARY KEY REFERENCES customers(id),
    shop_code    TEXT NOT NULL,
    remote_id    INTEGER NOT NULL,
    remote_tier  TEXT,
    remote_last_purchase_on TEXT,
    taken_at     TEXT NOT NULL,
    taken_by     INTEGER REFERENCES staff(id),
    UNIQUE (shop_code, remote_id)
);
