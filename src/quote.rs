//! What a booking costs: the one price quote. Booking, Checkout (a line of
//! N seats), waiting-list offers, the amount check when Stripe reports a
//! payment and "is it free" all take their figures from [`Quote`], so they
//! can never disagree. Each seat's share of the total is here too, for
//! refunding one seat of several.

use crate::money::{Money, MoneyError, Price, PriceError, chargeable_range};
use crate::voucher::Discount;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How many seats one booking may hold when the admin has not said.
pub const DEFAULT_SEATS_PER_BOOKING: u8 = 6;

/// The most any course lets one booking hold.
pub const MAX_SEATS_PER_BOOKING: u8 = 50;

/// A number of seats in one booking: at least one, at most
/// [`MAX_SEATS_PER_BOOKING`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct SeatCount(u8);

/// Why a number of seats was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SeatCountError {
    /// Zero or less.
    #[error("at least one seat")]
    None,
    /// More than any booking may hold.
    #[error("at most {MAX_SEATS_PER_BOOKING} seats in one booking")]
    TooMany,
}

impl SeatCount {
    /// One seat.
    pub const ONE: SeatCount = SeatCount(1);

    /// `n` seats, if one booking may hold that many.
    pub fn new(n: i64) -> Result<SeatCount, SeatCountError> {
        match n {
            ..=0 => Err(SeatCountError::None),
            n if n > i64::from(MAX_SEATS_PER_BOOKING) => Err(SeatCountError::TooMany),
            n => Ok(SeatCount(n as u8)),
        }
    }

    /// The count.
    pub fn get(self) -> u8 {
        self.0
    }

    /// The count, for SQL and arithmetic on `seats_held`.
    pub fn as_i32(self) -> i32 {
        i32::from(self.0)
    }
}

impl TryFrom<u8> for SeatCount {
    type Error = SeatCountError;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        SeatCount::new(i64::from(n))
    }
}

impl From<SeatCount> for u8 {
    fn from(s: SeatCount) -> u8 {
        s.0
    }
}

impl fmt::Display for SeatCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Why no quote could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    /// A fixed amount off in another currency than the course's.
    #[error("the discount is in another currency")]
    WrongCurrency,
    /// The total is not an amount Stripe charges in one payment.
    #[error(transparent)]
    Unpayable(#[from] PriceError),
    /// The total does not fit.
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// The price of `seats` seats at `unit` each, and a voucher's discount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    unit: Money,
    seats: SeatCount,
    list: Money,
    discount: Money,
    total: Money,
}

impl Quote {
    /// `seats` seats of a course priced `unit`. Refused when the total
    /// could not be charged in one payment (above Stripe's largest).
    pub fn new(unit: Price, seats: SeatCount) -> Result<Quote, QuoteError> {
        let unit = unit.money();
        let total = unit.checked_mul(i64::from(seats.get()))?;
        Price::chargeable(total)?;
        Ok(Quote {
            unit,
            seats,
            list: total,
            discount: Money::zero(total.currency()),
            total,
        })
    }

    /// As [`Quote::new`], less `discount`. What is left to pay is zero (a
    /// free booking) or at least Stripe's smallest charge: a discount that
    /// would leave less is reduced to leave exactly that.
    pub fn discounted(
        unit: Price,
        seats: SeatCount,
        discount: &Discount,
    ) -> Result<Quote, QuoteError> {
        let full = Quote::new(unit, seats)?;
        let off = discount
            .off(full.list, seats)
            .ok_or(QuoteError::WrongCurrency)?;
        let (smallest, _) = chargeable_range(full.list.currency());
        let left = full.list.minor() - off.minor();
        let left = if left > 0 && left < smallest {
            smallest.min(full.list.minor())
        } else {
            left
        };
        let total = Money::from_minor(left, full.list.currency());
        Ok(Quote {
            discount: full.list.checked_sub(total)?,
            total,
            ..full
        })
    }

    /// One seat's price.
    pub fn unit(&self) -> Money {
        self.unit
    }

    /// How many seats.
    pub fn seats(&self) -> SeatCount {
        self.seats
    }

    /// What all of them cost before a discount.
    pub fn list(&self) -> Money {
        self.list
    }

    /// What a voucher took off (zero without one).
    pub fn discount(&self) -> Money {
        self.discount
    }

    /// What is charged for all of them.
    pub fn total(&self) -> Money {
        self.total
    }

    /// Nothing to pay: booked without Stripe.
    pub fn is_free(&self) -> bool {
        self.total.is_zero()
    }

    /// Each seat's share of `paid` (the total, or what a refund left):
    /// equal shares in minor units, the first seats taking the remainder
    /// one unit each, so the shares add up to `paid` exactly.
    pub fn shares(paid: Money, seats: SeatCount) -> Vec<Money> {
        let n = i64::from(seats.get());
        let (base, extra) = (paid.minor() / n, paid.minor() % n);
        (0..n)
            .map(|i| Money::from_minor(base + i64::from(i < extra), paid.currency()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use proptest::prelude::*;

    fn eur(minor: i64) -> Price {
        Price::new(Money::from_minor(minor, Currency::Eur)).expect("price")
    }

    #[test]
    fn three_seats_cost_three_times_one() {
        let q = Quote::new(eur(4900), SeatCount::new(3).expect("3")).expect("quote");
        assert_eq!(q.total(), Money::from_minor(14_700, Currency::Eur));
        assert_eq!(q.unit(), Money::from_minor(4900, Currency::Eur));
        assert!(!q.is_free());
        assert!(Quote::new(eur(0), SeatCount::ONE).expect("free").is_free());
    }

    #[test]
    fn a_discount_comes_off_the_list_price_and_never_leaves_less_than_stripe_charges() {
        let three = SeatCount::new(3).expect("3");
        let q = Quote::discounted(eur(4900), three, &Discount::percent(20).expect("20%"))
            .expect("quote");
        assert_eq!(q.list(), Money::from_minor(14_700, Currency::Eur));
        assert_eq!(q.discount(), Money::from_minor(2940, Currency::Eur));
        assert_eq!(q.total(), Money::from_minor(11_760, Currency::Eur));
        let five_off = Discount::per_seat(Money::from_minor(500, Currency::Eur)).expect("5 off");
        let q = Quote::discounted(eur(4900), three, &five_off).expect("quote");
        assert_eq!(q.total(), Money::from_minor(13_200, Currency::Eur));
        // Everything off: free.
        let q = Quote::discounted(eur(400), three, &five_off).expect("quote");
        assert!(q.is_free());
        assert_eq!(q.discount(), q.list());
        // €0.20 would be left: Stripe charges at least €0.50, so €0.50 is.
        let q = Quote::discounted(eur(520), SeatCount::ONE, &five_off).expect("quote");
        assert_eq!(q.total(), Money::from_minor(50, Currency::Eur));
        assert_eq!(q.discount(), Money::from_minor(470, Currency::Eur));
        let pounds = Discount::per_seat(Money::from_minor(500, Currency::Gbp)).expect("£5 off");
        assert_eq!(
            Quote::discounted(eur(4900), three, &pounds),
            Err(QuoteError::WrongCurrency)
        );
    }

    #[test]
    fn a_total_stripe_cannot_charge_is_refused() {
        let q = Quote::new(eur(99_999_999), SeatCount::new(2).expect("2"));
        assert!(matches!(q, Err(QuoteError::Unpayable(_))), "{q:?}");
    }

    #[test]
    fn seat_counts_outside_one_to_the_maximum_are_refused() {
        assert_eq!(SeatCount::new(0), Err(SeatCountError::None));
        assert_eq!(SeatCount::new(-3), Err(SeatCountError::None));
        assert_eq!(
            SeatCount::new(i64::from(MAX_SEATS_PER_BOOKING) + 1),
            Err(SeatCountError::TooMany)
        );
        assert!(serde_json::from_str::<SeatCount>("0").is_err());
        assert_eq!(
            serde_json::from_str::<SeatCount>("4").ok(),
            SeatCount::new(4).ok()
        );
    }

    proptest! {
        #[test]
        fn shares_add_up_to_what_was_paid_and_differ_by_at_most_one_unit(
            paid in 0i64..10_000_000, n in 1i64..=50,
        ) {
            let seats = SeatCount::new(n).expect("seats");
            let shares = Quote::shares(Money::from_minor(paid, Currency::Eur), seats);
            prop_assert_eq!(shares.len() as i64, n);
            prop_assert_eq!(shares.iter().map(|m| m.minor()).sum::<i64>(), paid);
            let (lo, hi) = (
                shares.iter().map(|m| m.minor()).min().unwrap_or(0),
                shares.iter().map(|m| m.minor()).max().unwrap_or(0),
            );
            prop_assert!(hi - lo <= 1);
        }
    }
}
