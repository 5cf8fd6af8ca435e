//! Who works in the shop (DOMAIN §0).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 导购: the visit flow, intake forms, own callbacks and greetings.
    Associate,
    /// 店长: approvals, reports, overrides, erasure.
    Manager,
    /// 客服 / 售后服务中心: complaints, routing, the repair register.
    Service,
}

impl Role {
    pub fn id(self) -> &'static str {
        match self {
            Role::Associate => "associate",
            Role::Manager => "manager",
            Role::Service => "service",
        }
    }

    pub fn from_id(s: &str) -> Option<Role> {
        [Role::Associate, Role::Manager, Role::Service]
            .into_iter()
            .find(|r| r.id() == s)
    }

    /// Erasing a customer on request (PIPL art. 47) is a manager's act.
    pub fn may_erase(self) -> bool {
        self == Role::Manager
    }
}
