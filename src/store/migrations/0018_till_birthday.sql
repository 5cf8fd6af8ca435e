-- Issue 18, second part: the till.
-- The extra birthday discount given at the till [S1], in percent (0: none);
-- the lines' prices are what was paid after it.
ALTER TABLE purchases ADD COLUMN birthday_discount_percent INTEGER NOT NULL DEFAULT 0;
