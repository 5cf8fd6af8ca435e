-- Erasure reaches every copy (issue 19).
-- The search indexes remove a deleted customer's terms at once instead of at
-- the next merge, and the terms of customers erased before are merged away.
INSERT INTO customer_search(customer_search, rank) VALUES ('secure-delete', 1);
INSERT INTO customer_short(customer_short, rank) VALUES ('secure-delete', 1);
INSERT INTO customer_search(customer_search) VALUES ('optimize');
INSERT INTO customer_short(customer_short) VALUES ('optimize');

-- Customers erased before this version left copies in the repair register,
-- complaints and notes: wiped now as an erasure does today.
UPDATE repair_jobs SET contact_name = '', contact_phone = NULL, address = NULL
WHERE customer_id IN (SELECT id FROM customers WHERE erased_at IS NOT NULL);
UPDATE job_events SET note = NULL
WHERE job_id IN (SELECT id FROM repair_jobs WHERE customer_id IN (SELECT id FROM customers WHERE erased_at IS NOT NULL));
UPDATE care_events SET note = NULL
WHERE care_job_id IN (SELECT id FROM care_jobs WHERE customer_id IN (SELECT id FROM customers WHERE erased_at IS NOT NULL));
UPDATE complaint_events SET note = NULL
WHERE complaint_id IN (SELECT id FROM complaints WHERE customer_id IN (SELECT id FROM customers WHERE erased_at IS NOT NULL));
UPDATE complaints SET words = '', restated = NULL, compensation_note = NULL,
    final_offer = NULL, follow_up = NULL, solution = NULL
WHERE customer_id IN (SELECT id FROM customers WHERE erased_at IS NOT NULL);
UPDATE surveys SET comment = NULL
WHERE customer_id IN (SELECT id FROM customers WHERE erased_at IS NOT NULL);
UPDATE opinions SET text = ''
WHERE customer_id IN (SELECT id FROM customers WHERE erased_at IS NOT NULL);
UPDATE gathering_guests SET note = ''
WHERE customer_id IN (SELECT id FROM customers WHERE erased_at IS NOT NULL);
UPDATE tasks SET note = NULL, answers = NULL
WHERE customer_id IN (SELECT id FROM customers WHERE erased_at IS NOT NULL);
