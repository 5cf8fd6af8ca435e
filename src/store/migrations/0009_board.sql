-- The manager's staff board: each associate's files registered in a month,
-- found by who registered them and when, without reading every file.
CREATE INDEX customers_registered_at ON customers(registered_by, created_at);
