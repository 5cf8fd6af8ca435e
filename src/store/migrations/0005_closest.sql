-- The associate closest to each customer (DOMAIN §3: messages are best sent by
-- the associate closest to the customer): whoever made most of their sales,
-- the latest sale breaking a tie; before any sale, whoever registered them.
-- Kept on every purchase by the program; tasks and greetings are theirs.
ALTER TABLE customers ADD COLUMN closest_staff_id INTEGER REFERENCES staff(id);
CREATE INDEX customers_closest ON customers(closest_staff_id);
UPDATE customers SET closest_staff_id = COALESCE(
    (SELECT p.staff_id FROM purchases p
     WHERE p.customer_id = customers.id AND p.staff_id IS NOT NULL
     GROUP BY p.staff_id ORDER BY COUNT(*) DESC, MAX(p.purchased_on) DESC, p.staff_id LIMIT 1),
    registered_by);
