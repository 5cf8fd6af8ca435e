-- Issue 18, the source practices at the desk and the till.
-- A cosmetic's adverse reaction or lack of effect settled at the desk keeps
-- the batch 批号 it came from and the complaint it was routed to quality as.
ALTER TABLE returns ADD COLUMN batch_no TEXT;
ALTER TABLE returns ADD COLUMN complaint_id INTEGER REFERENCES complaints(id);
