//! One person's place on one course's waiting list, and what became of it.

use crate::waitlist::WaitlistStatus;
use sea_orm::entity::prelude::*;

/// A `waitlist_entries` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "waitlist_entries")]
pub struct Model {
    /// Id (ties in `joined_at` are ordered by it).
    #[sea_orm(primary_key)]
    pub id: i64,
    pub course_id: i64,
    pub user_id: i64,
    /// Waiting, offered, or how it closed.
    pub status: WaitlistStatus,
    /// When they joined: the queue's order.
    pub joined_at: DateTimeUtc,
    pub offered_at: Option<DateTimeUtc>,
    /// Until when the offered seat is held.
    pub offer_expires_at: Option<DateTimeUtc>,
    /// The pending booking holding the offered seat.
    pub booking_id: Option<i64>,
    /// When it stopped being open.
    pub closed_at: Option<DateTimeUtc>,
    /// The voucher code entered when joining: the offer is priced with it
    /// if it is still valid then.
    pub voucher_code: Option<String>,
    /// How many seats the place asks for (an offer holds exactly these).
    pub seats: i32,
    /// The last time seats went to someone behind it because this request
    /// did not fit.
    pub passed_over_at: Option<DateTimeUtc>,
    /// How many seats were free then.
    pub passed_over_free: Option<i32>,
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

impl ActiveModelBehavior for ActiveModel {}
