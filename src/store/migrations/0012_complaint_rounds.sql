-- Issue 13: a complaint whose revisit found the customer not satisfied is
-- either handled again (each round books its own revisit, the round is the
-- revisit task's period) or closed by a manager's recorded decision.
ALTER TABLE complaints ADD COLUMN reopened INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN close_reason TEXT;
ALTER TABLE complaints ADD COLUMN close_decided_by INTEGER REFERENCES staff(id);
