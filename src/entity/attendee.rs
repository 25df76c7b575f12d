//! One seat of a booking: who sits in it and its share of what was paid.

use crate::attendee::AttendeeStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attendees")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub booking_id: i64,
    /// 1 for the first seat, then in the order they were named.
    pub position: i32,
    pub name: String,
    /// Optional: where the attendee's own confirmation goes.
    pub email: Option<String>,
    /// Taken, or cancelled alone.
    pub status: AttendeeStatus,
    /// Its share of the booking's amount, minor units (shares add up to it).
    pub share: i64,
    /// The refund of this seat alone, when it was cancelled on its own and
    /// its share is owed back.
    pub refund: Option<crate::booking::RefundState>,
    /// How much of its share goes back (at most the share).
    pub refund_amount: i64,
    /// When it was cancelled on its own.
    pub cancelled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::booking::Entity",
        from = "Column::BookingId",
        to = "super::booking::Column::Id"
    )]
    Booking,
}

impl Related<super::booking::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Booking.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
