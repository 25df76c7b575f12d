//! Who a person is to Tessera.

use serde::{Deserialize, Serialize};

/// What a signed-in person may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(16))"
    )
)]
pub enum Role {
    /// Books and pays for courses.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "member"))]
    Member,
    /// Also runs the catalog and sees rosters.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "admin"))]
    Admin,
}

impl Role {
    /// Whether this role may use the admin pages.
    pub fn is_admin(self) -> bool {
        self == Role::Admin
    }
}
