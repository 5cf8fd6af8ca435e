-- Who has the shop database open: one row per running app, kept fresh by a
-- heartbeat, so `aftercare restore` can refuse while others are signed in.
CREATE TABLE IF NOT EXISTS sessions (
    id          INTEGER PRIMARY KEY,
    host        TEXT NOT NULL,
    pid         INTEGER NOT NULL,
    os_user     TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    -- Unix seconds of the last heartbeat (liveness, not a shop time).
    seen_unix   INTEGER NOT NULL
);

-- The shop's address and phone, printed under its name on goods receipts.
ALTER TABLE shop ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE shop ADD COLUMN phone TEXT NOT NULL DEFAULT '';
