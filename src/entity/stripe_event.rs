//! A Stripe event that has been applied (or deliberately ignored).

use sea_orm::entity::prelude::*;

/// A `stripe_events` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "stripe_events")]
pub struct Model {
    /// Stripe's `evt_…` id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `checkout.session.completed` and so on.
    pub event_type: String,
    /// Stripe's `created` (unix seconds).
    pub created: i64,
    pub received_at: DateTimeUtc,
    /// What applying it did (`confirmed`, `ignored`, `payment_metadata_mismatch`, …).
    pub outcome: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
