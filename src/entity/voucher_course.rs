//! A course a voucher is limited to.

use sea_orm::entity::prelude::*;

/// A `voucher_courses` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "voucher_courses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub voucher_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub course_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
