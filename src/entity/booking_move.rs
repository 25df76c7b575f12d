//! One move of a booking to another date of its course.

use sea_orm::entity::prelude::*;

/// A `booking_moves` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "booking_moves")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub booking_id: i64,
    /// The run it left.
    pub from_course_id: i64,
    /// The run it moved to.
    pub to_course_id: i64,
    pub seats: i32,
    /// `member` or `admin`.
    pub moved_by: String,
    pub moved_at: DateTimeUtc,
    /// The payment the difference of a cheaper date goes back from.
    pub payment_id: Option<i64>,
    /// The difference given back (0 when none is).
    pub refund_amount: i64,
    /// That refund's state, as a cancelled seat's.
    pub refund: Option<crate::booking::RefundState>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
