//! One booking's use of a voucher.

use sea_orm::entity::prelude::*;

/// A `voucher_redemptions` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "voucher_redemptions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub voucher_id: i64,
    /// One use per booking, whatever its seats.
    pub booking_id: i64,
    pub user_id: i64,
    /// `user_id` while the use counts on a once-per-member code, else
    /// `None`: unique with `voucher_id`, so a member's second use is refused
    /// by the database too.
    pub once_key: Option<i64>,
    /// When the use was given back (its hold released or expired unpaid).
    pub returned_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::voucher::Entity",
        from = "Column::VoucherId",
        to = "super::voucher::Column::Id"
    )]
    Voucher,
    #[sea_orm(
        belongs_to = "super::booking::Entity",
        from = "Column::BookingId",
        to = "super::booking::Column::Id"
    )]
    Booking,
}

impl Related<super::voucher::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Voucher.def()
    }
}

impl Related<super::booking::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Booking.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
