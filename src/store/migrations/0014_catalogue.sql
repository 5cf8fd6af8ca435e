-- The catalogue kept in the app (issue 17): barcodes, retired products and
-- audited price changes; and what each import last brought in, so a re-run
-- changes nothing and a changed row updates only what the file owns.
ALTER TABLE products ADD COLUMN retired_on TEXT;

CREATE TABLE product_barcodes (
    barcode     TEXT PRIMARY KEY,
    product_id  INTEGER NOT NULL REFERENCES products(id)
) WITHOUT ROWID;
CREATE INDEX product_barcodes_product ON product_barcodes(product_id);

-- Every price change: from its effective day the product sells at new_price_fen.
CREATE TABLE price_changes (
    id              INTEGER PRIMARY KEY,
    product_id      INTEGER NOT NULL REFERENCES products(id),
    old_price_fen   INTEGER NOT NULL,
    new_price_fen   INTEGER NOT NULL CHECK (new_price_fen >= 0),
    effective_on    TEXT NOT NULL,
    applied         INTEGER NOT NULL DEFAULT 0,
    staff_id        INTEGER REFERENCES staff(id),
    at              TEXT NOT NULL
);
CREATE INDEX price_changes_product ON price_changes(product_id, effective_on, id);
CREATE INDEX price_changes_pending ON price_changes(effective_on) WHERE applied = 0;

-- The member card number a till gave the customer (会员卡号).
ALTER TABLE customers ADD COLUMN member_no TEXT;
CREATE UNIQUE INDEX customers_member_no ON customers(member_no) WHERE member_no IS NOT NULL;

-- The values an import last wrote for one record (kind + its key), as JSON.
CREATE TABLE import_rows (
    kind        TEXT NOT NULL,
    key         TEXT NOT NULL,
    values_json TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
