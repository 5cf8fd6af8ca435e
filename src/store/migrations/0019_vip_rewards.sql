-- Issue 18: the VIP rewards given at a visit's checkout [S1
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

-- Feedback goes where it belongs [S1 "回访搜集来旳内容,有关地区管理方面旳统一由地区处理,
-- 有关企业方面旳转交到总企业客服"]: a callback's answer marked for the region or
-- for head office; and the suggestions asked for on the top spender visit
-- [S1 "带上鲜花登门回访,感谢顾客一年来旳支持、问询顾客对品牌旳提议"], kept apart from
-- the note. One row a contact, written when either is given.
CREATE TABLE contact_feedback (
    contact_id   INTEGER PRIMARY KEY REFERENCES contacts(id),
    customer_id  INTEGER REFERENCES customers(id),
    routed_to    TEXT NOT NULL DEFAULT '' CHECK (routed_to IN ('', 'region', 'head_office')),
    suggestions  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contact_feedback_customer ON contact_feedback(customer_id);
