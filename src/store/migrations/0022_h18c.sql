-- Issue 18 (h18c): the VIP rewards given at a visit's checkout [S1
-- "节假日回馈如母亲节送康乃馨、国庆节送保健指导;指定产品消费回馈如消费指定款号送礼品或折扣、
-- 消费晚装产品送化妆服务"]: the make-up service with evening wear (offered,
-- accepted or booked), a designated style's gift, a festival's gift. Who
-- gave it (staff_id), when (given_on) and what (gift; for the make-up
-- service, the answer). A festival gift is given once per customer per
-- festival per year.
CREATE TABLE vip_rewards (
    id            INTEGER PRIMARY KEY,
    visit_id      INTEGER REFERENCES visits(id),
    customer_id   INTEGER REFERENCES customers(id),
    staff_id      INTEGER REFERENCES staff(id),
    given_on      TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('makeup', 'style_gift', 'festival_gift')),
    -- The style bought, or the festival's id.
    reason        TEXT NOT NULL DEFAULT '',
    gift          TEXT NOT NULL DEFAULT '',
    festival_year INTEGER,
    created_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX vip_rewards_festival_once
    ON vip_rewards(customer_id, reason, festival_year) WHERE kind = 'festival_gift';
CREATE INDEX vip_rewards_customer ON vip_rewards(customer_id, given_on);
