-- Figures kept per member of staff for the staff board (issue 14), changed
-- by triggers in the same transaction as the rows they count, so every
-- path (screens, import, demo, task engine) keeps them: a month's board
-- adds up a few hundred rows per person instead of reading every contact,
-- file and visit of the month. `aftercare check` recounts them and
-- `aftercare check --repair` writes them again (store::kept).
--
-- Contacts and files are kept per UTC month of their stored time (`at`,
-- `created_at`, its first seven characters): the shop's month runs from a
-- local midnight to a local midnight, so the board takes the nearest UTC
-- months and reads the hours between them and the local month's edges
-- from the rows themselves. Visits are kept per shop date (`finished_on`).

-- Contacts per associate, UTC month ('YYYY-MM'), kind and outcome.
CREATE TABLE kept_contacts (
    staff_id    INTEGER NOT NULL,
    month       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (staff_id, month, kind, outcome)
) WITHOUT ROWID;

-- Files (not erased) per associate who registered them, UTC month of
-- registration, hard and soft fields filled, and whether the customer bought.
CREATE TABLE kept_files (
    staff_id    INTEGER NOT NULL,
    month       TEXT NOT NULL,
    hard        INTEGER NOT NULL,
    soft        INTEGER NOT NULL,
    bought      INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (staff_id, month, hard, soft, bought)
) WITHOUT ROWID;

-- Each finished visit's part in the figures: its sale, and its sale's
-- returned lines and their refunds (the `[figures]` returns rule is applied
-- when the board is read, so it may change without touching these).
CREATE TABLE kept_visits (
    visit_id            INTEGER PRIMARY KEY,
    staff_id            INTEGER NOT NULL,
    day                 TEXT NOT NULL,
    bought              INTEGER NOT NULL,
    any_returned        INTEGER NOT NULL,
    any_kept            INTEGER NOT NULL,
    total_fen           INTEGER NOT NULL,
    add_on_fen          INTEGER NOT NULL,
    refund_fen          INTEGER NOT NULL,
    refund_add_on_fen   INTEGER NOT NULL
);

-- The finished visits per associate and shop date: counts and sums over
-- the visits that bought (`bought`), and the same over those whose every
-- line was returned (`whole_*`).
CREATE TABLE kept_visit_days (
    staff_id                INTEGER NOT NULL,
    day                     TEXT NOT NULL,
    visits                  INTEGER NOT NULL,
    bought                  INTEGER NOT NULL,
    whole_returned          INTEGER NOT NULL,
    bought_returned         INTEGER NOT NULL,
    total_fen               INTEGER NOT NULL,
    total_whole_fen         INTEGER NOT NULL,
    add_on_fen              INTEGER NOT NULL,
    add_on_whole_fen        INTEGER NOT NULL,
    refund_fen              INTEGER NOT NULL,
    refund_whole_fen        INTEGER NOT NULL,
    refund_add_on_fen       INTEGER NOT NULL,
    refund_add_on_whole_fen INTEGER NOT NULL,
    PRIMARY KEY (staff_id, day)
) WITHOUT ROWID;


CREATE TRIGGER kept_contacts_i AFTER INSERT ON contacts WHEN NEW.staff_id IS NOT NULL BEGIN
    INSERT INTO kept_contacts (staff_id, month, kind, outcome, n)
    VALUES (NEW.staff_id, substr(NEW.at, 1, 7), NEW.kind, NEW.outcome, 1)
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER kept_contacts_d AFTER DELETE ON contacts WHEN OLD.staff_id IS NOT NULL BEGIN
    INSERT INTO kept_contacts (staff_id, month, kind, outcome, n)
    VALUES (OLD.staff_id, substr(OLD.at, 1, 7), OLD.kind, OLD.outcome, -1)
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER kept_contacts_u_old AFTER UPDATE OF staff_id, at, kind, outcome ON contacts
WHEN OLD.staff_id IS NOT NULL BEGIN
    INSERT INTO kept_contacts (staff_id, month, kind, outcome, n)
    VALUES (OLD.staff_id, substr(OLD.at, 1, 7), OLD.kind, OLD.outcome, -1)
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER kept_contacts_u_new AFTER UPDATE OF staff_id, at, kind, outcome ON contacts
WHEN NEW.staff_id IS NOT NULL BEGIN
    INSERT INTO kept_contacts (staff_id, month, kind, outcome, n)
    VALUES (NEW.staff_id, substr(NEW.at, 1, 7), NEW.kind, NEW.outcome, 1)
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
-- The contacts counted afresh: what `kept_contacts` must hold.
CREATE VIEW kept_contacts_source AS
    SELECT staff_id, substr(at, 1, 7) AS month, kind, outcome, COUNT(*) AS n FROM contacts
    WHERE staff_id IS NOT NULL GROUP BY 1, 2, 3, 4;
INSERT INTO kept_contacts SELECT * FROM kept_contacts_source;


CREATE TRIGGER kept_files_i AFTER INSERT ON customers WHEN NEW.registered_by IS NOT NULL AND NEW.erased_at IS NULL BEGIN
    INSERT INTO kept_files (staff_id, month, hard, soft, bought, n)
    VALUES (NEW.registered_by, substr(NEW.created_at, 1, 7), (COALESCE(TRIM(NEW.name), '') != '') + (COALESCE(TRIM(NEW.phone), '') != '') + (COALESCE(TRIM(NEW.gender), '') != '') + (COALESCE(TRIM(NEW.birthday), '') != '') + (COALESCE(TRIM(NEW.approx_age), '') != '') + (COALESCE(TRIM(NEW.ethnicity), '') != '') + (COALESCE(TRIM(NEW.email), '') != '') + (COALESCE(TRIM(NEW.address), '') != '') + (COALESCE(TRIM(NEW.clothing_size), '') != ''),
        (COALESCE(TRIM(NEW.work), '') != '') + (COALESCE(TRIM(NEW.family), '') != '') + (COALESCE(TRIM(NEW.personality), '') != '') + (COALESCE(TRIM(NEW.shopping_habits), '') != '') + (COALESCE(TRIM(NEW.dress_preferences), '') != '') + (COALESCE(TRIM(NEW.hobbies), '') != '') + (COALESCE(TRIM(NEW.lifestyle), '') != '') + (COALESCE(TRIM(NEW.service_preference), '') != '') + (COALESCE(TRIM(NEW.promotion_attitude), '') != '') + (COALESCE(TRIM(NEW.values_note), '') != ''),
        NEW.purchase_count > 0, 1)
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER kept_files_d AFTER DELETE ON customers WHEN OLD.registered_by IS NOT NULL AND OLD.erased_at IS NULL BEGIN
    INSERT INTO kept_files (staff_id, month, hard, soft, bought, n)
    VALUES (OLD.registered_by, substr(OLD.created_at, 1, 7), (COALESCE(TRIM(OLD.name), '') != '') + (COALESCE(TRIM(OLD.phone), '') != '') + (COALESCE(TRIM(OLD.gender), '') != '') + (COALESCE(TRIM(OLD.birthday), '') != '') + (COALESCE(TRIM(OLD.approx_age), '') != '') + (COALESCE(TRIM(OLD.ethnicity), '') != '') + (COALESCE(TRIM(OLD.email), '') != '') + (COALESCE(TRIM(OLD.address), '') != '') + (COALESCE(TRIM(OLD.clothing_size), '') != ''),
        (COALESCE(TRIM(OLD.work), '') != '') + (COALESCE(TRIM(OLD.family), '') != '') + (COALESCE(TRIM(OLD.personality), '') != '') + (COALESCE(TRIM(OLD.shopping_habits), '') != '') + (COALESCE(TRIM(OLD.dress_preferences), '') != '') + (COALESCE(TRIM(OLD.hobbies), '') != '') + (COALESCE(TRIM(OLD.lifestyle), '') != '') + (COALESCE(TRIM(OLD.service_preference), '') != '') + (COALESCE(TRIM(OLD.promotion_attitude), '') != '') + (COALESCE(TRIM(OLD.values_note), '') != ''),
        OLD.purchase_count > 0, -1)
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER kept_files_u_old AFTER UPDATE OF registered_by, created_at, erased_at, purchase_count,
    name, phone, gender, birthday, approx_age, ethnicity, email, address, clothing_size, work, family, personality, shopping_habits, dress_preferences, hobbies, lifestyle, service_preference, promotion_attitude, values_note ON customers
WHEN OLD.registered_by IS NOT NULL AND OLD.erased_at IS NULL BEGIN
    INSERT INTO kept_files (staff_id, month, hard, soft, bought, n)
    VALUES (OLD.registered_by, substr(OLD.created_at, 1, 7), (COALESCE(TRIM(OLD.name), '') != '') + (COALESCE(TRIM(OLD.phone), '') != '') + (COALESCE(TRIM(OLD.gender), '') != '') + (COALESCE(TRIM(OLD.birthday), '') != '') + (COALESCE(TRIM(OLD.approx_age), '') != '') + (COALESCE(TRIM(OLD.ethnicity), '') != '') + (COALESCE(TRIM(OLD.email), '') != '') + (COALESCE(TRIM(OLD.address), '') != '') + (COALESCE(TRIM(OLD.clothing_size), '') != ''),
        (COALESCE(TRIM(OLD.work), '') != '') + (COALESCE(TRIM(OLD.family), '') != '') + (COALESCE(TRIM(OLD.personality), '') != '') + (COALESCE(TRIM(OLD.shopping_habits), '') != '') + (COALESCE(TRIM(OLD.dress_preferences), '') != '') + (COALESCE(TRIM(OLD.hobbies), '') != '') + (COALESCE(TRIM(OLD.lifestyle), '') != '') + (COALESCE(TRIM(OLD.service_preference), '') != '') + (COALESCE(TRIM(OLD.promotion_attitude), '') != '') + (COALESCE(TRIM(OLD.values_note), '') != ''),
        OLD.purchase_count > 0, -1)
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER kept_files_u_new AFTER UPDATE OF registered_by, created_at, erased_at, purchase_count,
    name, phone, gender, birthday, approx_age, ethnicity, email, address, clothing_size, work, family, personality, shopping_habits, dress_preferences, hobbies, lifestyle, service_preference, promotion_attitude, values_note ON customers
WHEN NEW.registered_by IS NOT NULL AND NEW.erased_at IS NULL BEGIN
    INSERT INTO kept_files (staff_id, month, hard, soft, bought, n)
    VALUES (NEW.registered_by, substr(NEW.created_at, 1, 7), (COALESCE(TRIM(NEW.name), '') != '') + (COALESCE(TRIM(NEW.phone), '') != '') + (COALESCE(TRIM(NEW.gender), '') != '') + (COALESCE(TRIM(NEW.birthday), '') != '') + (COALESCE(TRIM(NEW.approx_age), '') != '') + (COALESCE(TRIM(NEW.ethnicity), '') != '') + (COALESCE(TRIM(NEW.email), '') != '') + (COALESCE(TRIM(NEW.address), '') != '') + (COALESCE(TRIM(NEW.clothing_size), '') != ''),
        (COALESCE(TRIM(NEW.work), '') != '') + (COALESCE(TRIM(NEW.family), '') != '') + (COALESCE(TRIM(NEW.personality), '') != '') + (COALESCE(TRIM(NEW.shopping_habits), '') != '') + (COALESCE(TRIM(NEW.dress_preferences), '') != '') + (COALESCE(TRIM(NEW.hobbies), '') != '') + (COALESCE(TRIM(NEW.lifestyle), '') != '') + (COALESCE(TRIM(NEW.service_preference), '') != '') + (COALESCE(TRIM(NEW.promotion_attitude), '') != '') + (COALESCE(TRIM(NEW.values_note), '') != ''),
        NEW.purchase_count > 0, 1)
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
-- The files counted afresh: what `kept_files` must hold.
CREATE VIEW kept_files_source AS
    SELECT registered_by AS staff_id, substr(created_at, 1, 7) AS month, (COALESCE(TRIM(name), '') != '') + (COALESCE(TRIM(phone), '') != '') + (COALESCE(TRIM(gender), '') != '') + (COALESCE(TRIM(birthday), '') != '') + (COALESCE(TRIM(approx_age), '') != '') + (COALESCE(TRIM(ethnicity), '') != '') + (COALESCE(TRIM(email), '') != '') + (COALESCE(TRIM(address), '') != '') + (COALESCE(TRIM(clothing_size), '') != '') AS hard,
        (COALESCE(TRIM(work), '') != '') + (COALESCE(TRIM(family), '') != '') + (COALESCE(TRIM(personality), '') != '') + (COALESCE(TRIM(shopping_habits), '') != '') + (COALESCE(TRIM(dress_preferences), '') != '') + (COALESCE(TRIM(hobbies), '') != '') + (COALESCE(TRIM(lifestyle), '') != '') + (COALESCE(TRIM(service_preference), '') != '') + (COALESCE(TRIM(promotion_attitude), '') != '') + (COALESCE(TRIM(values_note), '') != '') AS soft,
        purchase_count > 0 AS bought, COUNT(*) AS n
    FROM customers WHERE registered_by IS NOT NULL AND erased_at IS NULL GROUP BY 1, 2, 3, 4, 5;
INSERT INTO kept_files SELECT * FROM kept_files_source;


-- What a finished visit's kept row holds, read from the visit, its sale's
-- lines and their returns: the triggers below and `aftercare check` use it.
CREATE VIEW kept_visits_source AS
    SELECT v.id AS visit_id, v.staff_id AS staff_id, v.finished_on AS day, v.outcome IS 'bought' AS bought,
        EXISTS (SELECT 1 FROM purchase_lines l WHERE l.purchase_id = v.purchase_id AND l.settled = 'returned') AS any_returned,
        EXISTS (SELECT 1 FROM purchase_lines l WHERE l.purchase_id = v.purchase_id AND l.settled IS NOT 'returned') AS any_kept,
        v.total_fen AS total_fen, v.add_on_fen AS add_on_fen,
        COALESCE((SELECT SUM(r.amount_fen) FROM purchase_lines l JOIN returns r ON r.id = l.return_id
                  WHERE l.purchase_id = v.purchase_id AND l.settled = 'returned'), 0) AS refund_fen,
        COALESCE((SELECT SUM(r.amount_fen) FROM purchase_lines l JOIN returns r ON r.id = l.return_id
                  WHERE l.purchase_id = v.purchase_id AND l.settled = 'returned' AND l.add_on = 1), 0) AS refund_add_on_fen
    FROM visits v WHERE v.finished_on IS NOT NULL;

-- A visit's row is written again whenever the visit, its sale's lines or
-- their returns change.
CREATE TRIGGER kept_visits_i AFTER INSERT ON visits WHEN NEW.finished_on IS NOT NULL BEGIN
    DELETE FROM kept_visits WHERE visit_id = NEW.id;
    INSERT INTO kept_visits SELECT * FROM kept_visits_source WHERE visit_id = NEW.id;
END;
CREATE TRIGGER kept_visits_u AFTER UPDATE OF staff_id, finished_on, outcome, purchase_id, total_fen, add_on_fen ON visits BEGIN
    DELETE FROM kept_visits WHERE visit_id = OLD.id;
    DELETE FROM kept_visits WHERE visit_id = NEW.id;
    INSERT INTO kept_visits SELECT * FROM kept_visits_source WHERE visit_id = NEW.id;
END;
CREATE TRIGGER kept_visits_d AFTER DELETE ON visits BEGIN
    DELETE FROM kept_visits WHERE visit_id = OLD.id;
END;
CREATE TRIGGER kept_visits_lines_i AFTER INSERT ON purchase_lines BEGIN
    DELETE FROM kept_visits WHERE visit_id IN (SELECT id FROM visits WHERE purchase_id = NEW.purchase_id);
    INSERT INTO kept_visits SELECT * FROM kept_visits_source WHERE visit_id IN (SELECT id FROM visits WHERE purchase_id = NEW.purchase_id);
END;
CREATE TRIGGER kept_visits_lines_u AFTER UPDATE OF purchase_id, settled, return_id, add_on ON purchase_lines BEGIN
    DELETE FROM kept_visits WHERE visit_id IN (SELECT id FROM visits WHERE purchase_id IN (OLD.purchase_id, NEW.purchase_id));
    INSERT INTO kept_visits SELECT * FROM kept_visits_source WHERE visit_id IN (SELECT id FROM visits WHERE purchase_id IN (OLD.purchase_id, NEW.purchase_id));
END;
CREATE TRIGGER kept_visits_lines_d AFTER DELETE ON purchase_lines BEGIN
    DELETE FROM kept_visits WHERE visit_id IN (SELECT id FROM visits WHERE purchase_id = OLD.purchase_id);
    INSERT INTO kept_visits SELECT * FROM kept_visits_source WHERE visit_id IN (SELECT id FROM visits WHERE purchase_id = OLD.purchase_id);
END;
CREATE TRIGGER kept_visits_returns_u AFTER UPDATE OF purchase_line_id, amount_fen ON returns BEGIN
    DELETE FROM kept_visits WHERE visit_id IN (SELECT id FROM visits WHERE purchase_id IN (SELECT x.purchase_id FROM purchase_lines x WHERE x.id IN (OLD.purchase_line_id, NEW.purchase_line_id)));
    INSERT INTO kept_visits SELECT * FROM kept_visits_source WHERE visit_id IN (SELECT id FROM visits WHERE purchase_id IN (SELECT x.purchase_id FROM purchase_lines x WHERE x.id IN (OLD.purchase_line_id, NEW.purchase_line_id)));
END;
CREATE TRIGGER kept_visits_returns_i AFTER INSERT ON returns BEGIN
    DELETE FROM kept_visits WHERE visit_id IN (SELECT id FROM visits WHERE purchase_id IN (SELECT x.purchase_id FROM purchase_lines x WHERE x.id = NEW.purchase_line_id));
    INSERT INTO kept_visits SELECT * FROM kept_visits_source WHERE visit_id IN (SELECT id FROM visits WHERE purchase_id IN (SELECT x.purchase_id FROM purchase_lines x WHERE x.id = NEW.purchase_line_id));
END;
CREATE TRIGGER kept_visits_returns_d AFTER DELETE ON returns BEGIN
    DELETE FROM kept_visits WHERE visit_id IN (SELECT id FROM visits WHERE purchase_id IN (SELECT x.purchase_id FROM purchase_lines x WHERE x.id = OLD.purchase_line_id));
    INSERT INTO kept_visits SELECT * FROM kept_visits_source WHERE visit_id IN (SELECT id FROM visits WHERE purchase_id IN (SELECT x.purchase_id FROM purchase_lines x WHERE x.id = OLD.purchase_line_id));
END;


CREATE TRIGGER kept_visit_days_i AFTER INSERT ON kept_visits BEGIN
    INSERT INTO kept_visit_days (staff_id, day, visits, bought, whole_returned, bought_returned, total_fen, total_whole_fen, add_on_fen, add_on_whole_fen, refund_fen, refund_whole_fen, refund_add_on_fen, refund_add_on_whole_fen)
    VALUES (NEW.staff_id, NEW.day, 1, NEW.bought, (NEW.bought AND NEW.any_returned AND NOT NEW.any_kept), (NEW.bought AND NEW.any_returned), NEW.bought * NEW.total_fen, (NEW.bought AND NEW.any_returned AND NOT NEW.any_kept) * NEW.total_fen, NEW.bought * NEW.add_on_fen, (NEW.bought AND NEW.any_returned AND NOT NEW.any_kept) * NEW.add_on_fen, NEW.bought * NEW.refund_fen, (NEW.bought AND NEW.any_returned AND NOT NEW.any_kept) * NEW.refund_fen, NEW.bought * NEW.refund_add_on_fen, (NEW.bought AND NEW.any_returned AND NOT NEW.any_kept) * NEW.refund_add_on_fen)
    ON CONFLICT DO UPDATE SET
        visits = visits + excluded.visits,
        bought = bought + excluded.bought,
        whole_returned = whole_returned + excluded.whole_returned,
        bought_returned = bought_returned + excluded.bought_returned,
        total_fen = total_fen + excluded.total_fen,
        total_whole_fen = total_whole_fen + excluded.total_whole_fen,
        add_on_fen = add_on_fen + excluded.add_on_fen,
        add_on_whole_fen = add_on_whole_fen + excluded.add_on_whole_fen,
        refund_fen = refund_fen + excluded.refund_fen,
        refund_whole_fen = refund_whole_fen + excluded.refund_whole_fen,
        refund_add_on_fen = refund_add_on_fen + excluded.refund_add_on_fen,
        refund_add_on_whole_fen = refund_add_on_whole_fen + excluded.refund_add_on_whole_fen;
END;
CREATE TRIGGER kept_visit_days_d AFTER DELETE ON kept_visits BEGIN
    INSERT INTO kept_visit_days (staff_id, day, visits, bought, whole_returned, bought_returned, total_fen, total_whole_fen, add_on_fen, add_on_whole_fen, refund_fen, refund_whole_fen, refund_add_on_fen, refund_add_on_whole_fen)
    VALUES (OLD.staff_id, OLD.day, -(1), -(OLD.bought), -((OLD.bought AND OLD.any_returned AND NOT OLD.any_kept)), -((OLD.bought AND OLD.any_returned)), -(OLD.bought * OLD.total_fen), -((OLD.bought AND OLD.any_returned AND NOT OLD.any_kept) * OLD.total_fen), -(OLD.bought * OLD.add_on_fen), -((OLD.bought AND OLD.any_returned AND NOT OLD.any_kept) * OLD.add_on_fen), -(OLD.bought * OLD.refund_fen), -((OLD.bought AND OLD.any_returned AND NOT OLD.any_kept) * OLD.refund_fen), -(OLD.bought * OLD.refund_add_on_fen), -((OLD.bought AND OLD.any_returned AND NOT OLD.any_kept) * OLD.refund_add_on_fen))
    ON CONFLICT DO UPDATE SET
        visits = visits + excluded.visits,
        bought = bought + excluded.bought,
        whole_returned = whole_returned + excluded.whole_returned,
        bought_returned = bought_returned + excluded.bought_returned,
        total_fen = total_fen + excluded.total_fen,
        total_whole_fen = total_whole_fen + excluded.total_whole_fen,
        add_on_fen = add_on_fen + excluded.add_on_fen,
        add_on_whole_fen = add_on_whole_fen + excluded.add_on_whole_fen,
        refund_fen = refund_fen + excluded.refund_fen,
        refund_whole_fen = refund_whole_fen + excluded.refund_whole_fen,
        refund_add_on_fen = refund_add_on_fen + excluded.refund_add_on_fen,
        refund_add_on_whole_fen = refund_add_on_whole_fen + excluded.refund_add_on_whole_fen;
END;
INSERT INTO kept_visits SELECT * FROM kept_visits_source;

-- The visits' days added up afresh from the visits' rows: what
-- `kept_visit_days` must hold.
CREATE VIEW kept_visit_days_source AS
    SELECT staff_id, day, COUNT(*) AS visits, SUM(bought) AS bought,
        SUM(bought AND any_returned AND NOT any_kept) AS whole_returned,
        SUM(bought AND any_returned) AS bought_returned,
        SUM(bought * total_fen) AS total_fen,
        SUM((bought AND any_returned AND NOT any_kept) * total_fen) AS total_whole_fen,
        SUM(bought * add_on_fen) AS add_on_fen,
        SUM((bought AND any_returned AND NOT any_kept) * add_on_fen) AS add_on_whole_fen,
        SUM(bought * refund_fen) AS refund_fen,
        SUM((bought AND any_returned AND NOT any_kept) * refund_fen) AS refund_whole_fen,
        SUM(bought * refund_add_on_fen) AS refund_add_on_fen,
        SUM((bought AND any_returned AND NOT any_kept) * refund_add_on_fen) AS refund_add_on_whole_fen
    FROM kept_visits GROUP BY staff_id, day;

-- `aftercare due` lists every open task of the coming days in due order
-- (day, time, id): walked on this index instead of sorted (tasks_open
-- stays, covering the home pane's counts).
CREATE INDEX tasks_open_order ON tasks(due_on, COALESCE(due_time, ''), id) WHERE done_at IS NULL;
