-- The shop, its staff, the customer file, the catalogue, purchases, audit and drafts.
-- Money is integer fen; dates are the shop's local date as 'YYYY-MM-DD'; times are UTC RFC 3339.

CREATE TABLE shop (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE staff (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('associate', 'manager', 'service')),
    pin_hash        TEXT NOT NULL,
    active          INTEGER NOT NULL DEFAULT 1,
    failed_pins     INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    created_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE customers (
    id                  INTEGER PRIMARY KEY,
    -- hard profile
    name                TEXT NOT NULL,
    phone               TEXT,
    phone_digits        TEXT,
    gender              TEXT CHECK (gender IN ('female', 'male', 'other')),
    ethnicity           TEXT,
    approx_age          INTEGER,
    birthday            TEXT,      -- 'YYYY-MM-DD', or '--MM-DD' when the year is not known
    birthday_md         INTEGER,   -- MMDD, for the greetings window
    email               TEXT,
    address             TEXT,
    clothing_size       TEXT,
    -- soft profile
    work                TEXT,
    family              TEXT,
    personality         TEXT,
    shopping_habits     TEXT,
    dress_preferences   TEXT,
    hobbies             TEXT,
    lifestyle           TEXT,
    service_preference  TEXT,
    promotion_attitude  TEXT,
    values_note         TEXT,
    -- consent and relations
    greetings_ok        INTEGER NOT NULL DEFAULT 1,
    promotions_ok       INTEGER NOT NULL DEFAULT 0,
    registered_by       INTEGER REFERENCES staff(id),
    referred_by         INTEGER REFERENCES customers(id),
    -- figures kept on purchase
    total_spend_fen     INTEGER NOT NULL DEFAULT 0,
    purchase_count      INTEGER NOT NULL DEFAULT 0,
    last_purchase_on    TEXT,
    last_visit_on       TEXT,
    -- search keys, computed by the program from the name
    name_pinyin         TEXT,
    name_initials       TEXT,
    erased_at           TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    updated_by          INTEGER REFERENCES staff(id),
    version             INTEGER NOT NULL DEFAULT 1
);
-- Search: a phone, a pinyin or initials equal to or starting with what was typed.
CREATE INDEX customers_phone_digits ON customers(phone_digits);
CREATE INDEX customers_pinyin ON customers(name_pinyin);
CREATE INDEX customers_initials ON customers(name_initials);
-- The birthday pane: each day's customers, biggest spenders first, without a sort.
CREATE INDEX customers_birthday ON customers(birthday_md, total_spend_fen DESC) WHERE greetings_ok = 1 AND erased_at IS NULL;
CREATE INDEX customers_registered_by ON customers(registered_by);
CREATE INDEX customers_referred_by ON customers(referred_by);
CREATE INDEX customers_spend ON customers(total_spend_fen);

-- Substring search of three characters or more (name, phone).
CREATE VIRTUAL TABLE customer_search USING fts5(
    keys, tokenize = 'trigram', content = '', contentless_delete = 1
);
-- Token search: single Chinese characters and pairs, words of Latin names, the
-- pinyin initials and the given name's pinyin, matched whole or by prefix.
CREATE VIRTUAL TABLE customer_short USING fts5(
    tokens, tokenize = 'unicode61', prefix = '1 2', content = '', contentless_delete = 1
);

CREATE TABLE products (
    id                  INTEGER PRIMARY KEY,
    style_no            TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    category            TEXT NOT NULL CHECK (category IN ('textile', 'knit', 'cotton', 'suit', 'leather', 'cosmetic')),
    list_price_fen      INTEGER NOT NULL CHECK (list_price_fen >= 0),
    current_price_fen   INTEGER NOT NULL CHECK (current_price_fen >= 0),
    clearance           INTEGER NOT NULL DEFAULT 0,
    made_to_order       INTEGER NOT NULL DEFAULT 0,
    sizes               TEXT NOT NULL DEFAULT '',
    colours             TEXT NOT NULL DEFAULT '',
    version             INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE purchases (
    id              INTEGER PRIMARY KEY,
    receipt_no      TEXT NOT NULL UNIQUE,
    customer_id     INTEGER REFERENCES customers(id),
    staff_id        INTEGER REFERENCES staff(id),
    purchased_on    TEXT NOT NULL,
    total_fen       INTEGER NOT NULL,
    called_back_at  TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX purchases_customer ON purchases(customer_id, purchased_on);
CREATE INDEX purchases_to_call ON purchases(purchased_on) WHERE called_back_at IS NULL;

CREATE TABLE purchase_lines (
    id              INTEGER PRIMARY KEY,
    purchase_id     INTEGER NOT NULL REFERENCES purchases(id),
    product_id      INTEGER NOT NULL REFERENCES products(id),
    size            TEXT,
    colour          TEXT,
    price_fen       INTEGER NOT NULL,
    add_on          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX purchase_lines_purchase ON purchase_lines(purchase_id);
CREATE INDEX purchase_lines_product ON purchase_lines(product_id);

-- Every contact with a customer (callbacks, greetings, thanks), per associate.
CREATE TABLE contacts (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    staff_id        INTEGER REFERENCES staff(id),
    purchase_id     INTEGER REFERENCES purchases(id),
    kind            TEXT NOT NULL,
    outcome         TEXT NOT NULL,
    note            TEXT,
    at              TEXT NOT NULL
);
CREATE INDEX contacts_customer ON contacts(customer_id, at);
CREATE INDEX contacts_staff ON contacts(staff_id, at);

-- Items a customer left with the shop for repair; the after-sale desk fills it in.
CREATE TABLE repair_jobs (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER REFERENCES customers(id),
    item            TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('received', 'at_centre', 'repairing', 'ready', 'collected', 'returned_unrepaired')),
    received_on     TEXT NOT NULL,
    promised_on     TEXT,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX repair_jobs_open ON repair_jobs(promised_on) WHERE state NOT IN ('collected', 'returned_unrepaired');

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    staff_id    INTEGER REFERENCES staff(id),
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER,
    detail      TEXT
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

-- A half-filled form, kept when the screen locks, the connection drops or the app stops.
CREATE TABLE drafts (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    kind        TEXT NOT NULL,
    subject_id  INTEGER NOT NULL DEFAULT 0,  -- 0: a record not yet saved
    payload     TEXT NOT NULL,
    saved_at    TEXT NOT NULL,
    UNIQUE (staff_id, kind, subject_id)
);
