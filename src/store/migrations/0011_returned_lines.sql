-- Records that agree (#13): each purchase line says whether it was returned
-- or exchanged, when, and by which entry of the returns log. The customers'
-- figures are then worked out again from their purchases less their returns
-- (tiers and club follow at the next start: vip_state is cleared).
ALTER TABLE purchase_lines ADD COLUMN settled TEXT CHECK (settled IN ('returned', 'exchanged'));
ALTER TABLE purchase_lines ADD COLUMN settled_on TEXT;
ALTER TABLE purchase_lines ADD COLUMN return_id INTEGER REFERENCES returns(id);
UPDATE purchase_lines SET
    return_id = (SELECT r.id FROM returns r WHERE r.purchase_line_id = purchase_lines.id
                 AND r.decision IN ('return', 'charged_return', 'exchange', 'charged_exchange')
                 ORDER BY r.id LIMIT 1)
WHERE id IN (SELECT purchase_line_id FROM returns);
UPDATE purchase_lines SET
    settled = (SELECT CASE WHEN r.decision IN ('return', 'charged_return') THEN 'returned' ELSE 'exchanged' END
               FROM returns r WHERE r.id = purchase_lines.return_id),
    settled_on = (SELECT r.decided_on FROM returns r WHERE r.id = purchase_lines.return_id)
WHERE return_id IS NOT NULL;
CREATE INDEX purchase_lines_settled ON purchase_lines(purchase_id) WHERE settled IS NOT NULL;

-- A customer's spend is what they paid less what was refunded; their
-- purchases count those with a line kept.
UPDATE customers SET
    total_spend_fen = COALESCE((SELECT SUM(p.total_fen) FROM purchases p WHERE p.customer_id = customers.id), 0)
        - COALESCE((SELECT SUM(r.amount_fen) FROM returns r
                    JOIN purchase_lines l ON l.id = r.purchase_line_id
                    JOIN purchases p ON p.id = l.purchase_id
                    WHERE p.customer_id = customers.id AND l.settled = 'returned' AND l.return_id = r.id), 0),
    purchase_count = (SELECT COUNT(*) FROM purchases p WHERE p.customer_id = customers.id
                      AND (EXISTS (SELECT 1 FROM purchase_lines l WHERE l.purchase_id = p.id
                                   AND l.settled IS NOT 'returned')
                           OR NOT EXISTS (SELECT 1 FROM purchase_lines l WHERE l.purchase_id = p.id
                                          AND l.settled = 'returned')))
WHERE id IN (SELECT customer_id FROM purchases);
DELETE FROM vip_state;
