//! A voucher code and what it takes off.

use crate::money::{Currency, Money};
use crate::voucher::{Discount, VoucherRules};
use sea_orm::entity::prelude::*;

/// A `vouchers` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "vouchers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// In capitals (`VoucherCode`), unique.
    pub code: String,
    /// A percentage off the booking…
    pub percent_off: Option<i32>,
    /// …or an amount off each seat, minor units, in `currency`.
    pub amount_off: Option<i64>,
    pub currency: Option<Currency>,
    /// How many bookings may use it; `None` for no limit.
    pub max_redemptions: Option<i32>,
    /// How many bookings use it now (uses given back are not counted).
    pub redemptions: i32,
    pub once_per_member: bool,
    pub valid_from: Option<DateTimeUtc>,
    pub valid_until: Option<DateTimeUtc>,
    pub disabled_at: Option<DateTimeUtc>,
    /// The admin's own note ("for the partners' newsletter").
    pub note: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// What it takes off. The table's check allows only one of the two.
    pub fn discount(&self) -> Option<Discount> {
        match (self.percent_off, self.amount_off, self.currency) {
            (Some(p), None, None) => Discount::percent(i64::from(p)).ok(),
            (None, Some(minor), Some(c)) => Discount::per_seat(Money::from_minor(minor, c)).ok(),
            _ => None,
        }
    }

    /// Its rules, with the courses it is limited to.
    pub fn rules(&self, courses: Vec<crate::ids::CourseId>) -> Option<VoucherRules> {
        Some(VoucherRules {
            discount: self.discount()?,
            courses,
            valid_from: self.valid_from,
            valid_until: self.valid_until,
            disabled: self.disabled_at.is_some(),
        })
    }
}
