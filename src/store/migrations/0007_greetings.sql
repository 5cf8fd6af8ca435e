-- Greetings (DOMAIN §3): the shop's own message templates, shared by every
-- terminal, and one mark per customer and occasion so nobody is greeted twice.

-- A template the shop wrote or edited; a file template edited here is kept
-- as the shop's own copy under the file template's key (e.g. festival.warm).
CREATE TABLE greeting_templates (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('festival', 'birthday', 'season', 'miss_you')),
    lang            TEXT NOT NULL,
    key             TEXT NOT NULL,
    body            TEXT NOT NULL,
    updated_by      INTEGER REFERENCES staff(id),
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (lang, key)
);
CREATE INDEX greeting_templates_kind ON greeting_templates(kind, lang);

-- A greeting sent (or exported for the SMS gateway): once per customer and occasion.
CREATE TABLE greetings_sent (
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    occasion_key    TEXT NOT NULL,
    staff_id        INTEGER REFERENCES staff(id),
    contact_id      INTEGER REFERENCES contacts(id),
    via             TEXT NOT NULL CHECK (via IN ('clipboard', 'export')),
    at              TEXT NOT NULL,
    PRIMARY KEY (customer_id, occasion_key)
) WITHOUT ROWID;
CREATE INDEX greetings_sent_occasion ON greetings_sent(occasion_key, customer_id);

-- Festival and season lists walk the customers who accept greetings, per associate.
CREATE INDEX customers_greetable ON customers(closest_staff_id, id)
    WHERE greetings_ok = 1 AND erased_at IS NULL;
