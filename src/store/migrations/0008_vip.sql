-- VIP care (DOMAIN §2 tiers, club and segments; §3 VIP gatherings and
-- maintenance months).

-- The tier and club membership, kept on every purchase by the program
-- (thresholds live in data/policy.toml, so the program fills them: see
-- store::vip::refresh_all, run when the thresholds in force are not the
-- ones the rows were worked out with, which after this step is always).
ALTER TABLE customers ADD COLUMN tier TEXT;
ALTER TABLE customers ADD COLUMN club_since TEXT;
ALTER TABLE customers ADD COLUMN club_via TEXT CHECK (club_via IN ('spend', 'fee'));
-- Gold customers by tier, biggest spenders first; segments read the other
-- columns from the index alone.
CREATE INDEX customers_vip ON customers(tier, total_spend_fen DESC, purchase_count, last_visit_on, last_purchase_on, created_at)
    WHERE erased_at IS NULL;
-- Maintenance months: new customers by registration, old ones by purchases.
CREATE INDEX customers_created ON customers(created_at) WHERE erased_at IS NULL;
CREATE INDEX customers_purchases ON customers(purchase_count, created_at) WHERE erased_at IS NULL;

-- Which thresholds the tier and club columns were worked out with.
CREATE TABLE vip_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    thresholds  TEXT NOT NULL
);

CREATE TABLE gatherings (
    id          INTEGER PRIMARY KEY,
    theme       TEXT NOT NULL,          -- an id from [vip] themes
    title       TEXT NOT NULL DEFAULT '',
    held_on     TEXT NOT NULL,          -- 'YYYY-MM-DD'
    place       TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    cancelled   INTEGER NOT NULL DEFAULT 0,
    created_by  INTEGER REFERENCES staff(id),
    created_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX gatherings_on ON gatherings(held_on);

-- The invitation list; the invitation itself is a contact (gathering_invite,
-- sent) by the customer's closest associate, attendance another (attended).
CREATE TABLE gathering_guests (
    gathering_id    INTEGER NOT NULL REFERENCES gatherings(id),
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    staff_id        INTEGER REFERENCES staff(id),
    rsvp            TEXT NOT NULL DEFAULT 'pending' CHECK (rsvp IN ('pending', 'yes', 'no')),
    attended        INTEGER NOT NULL DEFAULT 0,
    -- what the customer said, e.g. which activities they would like
    note            TEXT NOT NULL DEFAULT '',
    invited_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (gathering_id, customer_id)
);
CREATE INDEX gathering_guests_customer ON gathering_guests(customer_id);
CREATE INDEX gathering_guests_noted ON gathering_guests(updated_at) WHERE note <> '';

-- "New customer month" / "old customer month": the target thresholds are
-- fixed when the campaign is made, so its group does not drift.
CREATE TABLE campaigns (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('new_customers', 'old_customers')),
    starts_on           TEXT NOT NULL,
    ends_on             TEXT NOT NULL,
    note                TEXT NOT NULL DEFAULT '',
    registered_from     TEXT,       -- new: registered on or after this day
    registered_before   TEXT,       -- old: registered before this day
    min_purchases       INTEGER,    -- old: at least this many purchases
    created_by          INTEGER REFERENCES staff(id),
    created_at          TEXT NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX campaigns_dates ON campaigns(starts_on, ends_on);
