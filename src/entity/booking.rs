//! One person's seat on one course.

use crate::booking::BookingStatus;
use crate::money::Currency;
use sea_orm::entity::prelude::*;

/// A `bookings` row. The table also has `course_starts_at`, a copy of its
/// course's start that the database's triggers keep in step (for the
/// dashboard's index); the application never writes it, so it is not mapped.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bookings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub course_id: i64,
    /// Where it is in its life.
    pub status: BookingStatus,
    /// What all its seats cost at booking time (the quote's total, what is
    /// charged), minor units.
    pub amount: i64,
    /// What they cost before a voucher's discount; `None` without one.
    pub list_amount: Option<i64>,
    /// Currency at booking time.
    pub currency: Currency,
    /// How many seats it holds (counted in the course's `seats_held` while
    /// it is active).
    pub seats: i32,
    /// When the seat hold ends (pending only).
    pub hold_expires_at: Option<DateTimeUtc>,
    pub confirmed_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Its calendar file's `SEQUENCE`: one up on each move and each change
    /// of its course's dates.
    pub calendar_sequence: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::UserId",
        to = "super::user::Column::Id"
    )]
    User,
    #[sea_orm(
        belongs_to = "super::course::Entity",
        from = "Column::CourseId",
        to = "super::course::Column::Id"
    )]
    Course,
    #[sea_orm(has_many = "super::payment::Entity")]
    Payments,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl Related<super::course::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Course.def()
    }
}

impl Related<super::payment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Payments.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// What its seats cost before a discount.
    pub fn list_price(&self) -> crate::money::Money {
        crate::money::Money::from_minor(self.list_amount.unwrap_or(self.amount), self.currency)
    }

    /// What a voucher took off (zero without one).
    pub fn discount(&self) -> crate::money::Money {
        crate::money::Money::from_minor(
            (self.list_amount.unwrap_or(self.amount) - self.amount).max(0),
            self.currency,
        )
    }

    /// How many seats it holds (the database keeps it between 1 and the
    /// course's limit, itself at most `MAX_SEATS_PER_BOOKING`).
    pub fn seat_count(&self) -> crate::quote::SeatCount {
        crate::quote::SeatCount::new(i64::from(self.seats)).unwrap_or_else(|_| {
            tracing::error!(
                booking_id = self.id,
                seats = self.seats,
                "a booking's seat count is out of range"
            );
            crate::quote::SeatCount::ONE
        })
    }
}
