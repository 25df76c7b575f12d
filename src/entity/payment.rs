//! One Checkout attempt for a booking.

use crate::booking::{PaymentStatus, RefundState};
use crate::money::Currency;
use sea_orm::entity::prelude::*;

/// A `payments` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    /// Id (also the root of the Stripe idempotency key).
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The booking paid for.
    pub booking_id: i64,
    /// `cs_…`, once Stripe has answered.
    pub stripe_checkout_session_id: Option<String>,
    /// `pi_…`, once known.
    pub stripe_payment_intent_id: Option<String>,
    /// Where the person pays.
    pub checkout_url: Option<String>,
    /// Amount in minor units.
    pub amount: i64,
    pub currency: Currency,
    /// Open, succeeded, failed, expired or refunded.
    pub status: PaymentStatus,
    /// Stripe's failure code (`card_declined`, …).
    pub failure_code: Option<String>,
    /// Stripe's failure message.
    pub failure_message: Option<String>,
    /// The refund owed or asked for, if any.
    pub refund: Option<RefundState>,
    /// When the Checkout Session expires.
    pub expires_at: Option<DateTimeUtc>,
    /// The other date this payment pays the difference to (a move to a
    /// dearer date); `None` on the booking's own payments.
    pub moves_to: Option<i64>,
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
