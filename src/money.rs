//! Money as integer minor units plus an ISO 4217 currency. Never floats.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The currencies Tessera sells in (ISO 4217).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(3))"
    )
)]
pub enum Currency {
    /// US dollar.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "USD"))]
    Usd,
    /// Euro.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "EUR"))]
    Eur,
    /// Pound sterling.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "GBP"))]
    Gbp,
    /// Swiss franc.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "CHF"))]
    Chf,
    /// Japanese yen (no minor unit).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "JPY"))]
    Jpy,
    /// Canadian dollar.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "CAD"))]
    Cad,
    /// Australian dollar.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "AUD"))]
    Aud,
}

impl Currency {
    /// Every supported currency, in the order forms offer them.
    pub const ALL: [Currency; 7] = [
        Currency::Usd,
        Currency::Eur,
        Currency::Gbp,
        Currency::Chf,
        Currency::Jpy,
        Currency::Cad,
        Currency::Aud,
    ];

    /// The ISO 4217 code in upper case, e.g. `"EUR"`.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Gbp => "GBP",
            Currency::Chf => "CHF",
            Currency::Jpy => "JPY",
            Currency::Cad => "CAD",
            Currency::Aud => "AUD",
        }
    }

    /// The lower-case code Stripe uses on the wire, e.g. `"eur"`.
    pub fn stripe_code(self) -> &'static str {
        match self {
            Currency::Usd => "usd",
            Currency::Eur => "eur",
            Currency::Gbp => "gbp",
            Currency::Chf => "chf",
            Currency::Jpy => "jpy",
            Currency::Cad => "cad",
            Currency::Aud => "aud",
        }
    }

    /// How many decimal places the minor unit has (2 for cents, 0 for yen).
    pub fn exponent(self) -> u32 {
        match self {
            Currency::Jpy => 0,
            _ => 2,
        }
    }

    /// The symbol written before the amount.
    pub fn symbol(self) -> &'static str {
        match self {
            Currency::Usd => "$",
            Currency::Eur => "€",
            Currency::Gbp => "£",
            Currency::Chf => "CHF\u{a0}",
            Currency::Jpy => "¥",
            Currency::Cad => "CA$",
            Currency::Aud => "A$",
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A currency code that Tessera does not sell in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported currency {0:?}")]
pub struct UnknownCurrency(pub String);

impl FromStr for Currency {
    type Err = UnknownCurrency;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.trim().to_ascii_uppercase();
        Currency::ALL
            .into_iter()
            .find(|c| c.code() == upper)
            .ok_or_else(|| UnknownCurrency(s.to_owned()))
    }
}

/// Why a money operation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The two amounts are in different currencies.
    #[error("cannot combine {0} with {1}")]
    CurrencyMismatch(Currency, Currency),
    /// The result does not fit in 64 bits.
    #[error("amount out of range")]
    Overflow,
}

/// An amount of money: integer minor units in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    /// An amount in minor units (cents, pence, yen).
    pub const fn from_minor(minor: i64, currency: Currency) -> Self {
        Money { minor, currency }
    }

    /// Zero in the given currency.
    pub const fn zero(currency: Currency) -> Self {
        Money { minor: 0, currency }
    }

    /// The amount in minor units.
    pub const fn minor(self) -> i64 {
        self.minor
    }

    /// The currency.
    pub const fn currency(self) -> Currency {
        self.currency
    }

    /// Whether the amount is zero.
    pub const fn is_zero(self) -> bool {
        self.minor == 0
    }

    /// Sum of two amounts in the same currency.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let minor = self
            .minor
            .checked_add(other.minor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::from_minor(minor, self.currency))
    }

    /// Difference of two amounts in the same currency.
    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let minor = self
            .minor
            .checked_sub(other.minor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::from_minor(minor, self.currency))
    }

    /// The amount times a whole number (seats, quantity).
    pub fn checked_mul(self, factor: i64) -> Result<Money, MoneyError> {
        let minor = self.minor.checked_mul(factor).ok_or(MoneyError::Overflow)?;
        Ok(Money::from_minor(minor, self.currency))
    }

    fn same_currency(self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch(self.currency, other.currency))
        }
    }

    /// Parses a decimal amount as a person types it ("49", "49.5", "1,200.00")
    /// into minor units; refuses more decimals than the currency has.
    pub fn parse_decimal(input: &str, currency: Currency) -> Option<Money> {
        let input = input.trim();
        // "49,50" and "1.234,50" as German writes them, "1,234.50" as
        // English does: a comma is the decimal point when it comes last and
        // is not followed by exactly three digits (a thousands group).
        let decimal_comma = match (input.rfind(','), input.rfind('.')) {
            (Some(comma), Some(dot)) => comma > dot,
            (Some(comma), None) => input.len() - comma - 1 != 3,
            (None, _) => false,
        };
        let cleaned: String = input
            .chars()
            .filter(|c| *c != '_')
            .filter_map(|c| match (c, decimal_comma) {
                (',', true) => Some('.'),
                ('.', true) | (',', false) => None,
                (c, _) => Some(c),
            })
            .collect();
        if cleaned.is_empty() {
            return None;
        }
        let (negative, digits) = match cleaned.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, cleaned.as_str()),
        };
        let (whole, frac) = match digits.split_once('.') {
            Some((w, f)) => (w, f),
            None => (digits, ""),
        };
        let exp = currency.exponent() as usize;
        if frac.len() > exp
            || (whole.is_empty() && frac.is_empty())
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
        {
            return None;
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().ok()?
        };
        let mut frac_minor: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse().ok()?
        };
        for _ in frac.len()..exp {
            frac_minor = frac_minor.checked_mul(10)?;
        }
        let minor = whole
            .checked_mul(10i64.checked_pow(exp as u32)?)?
            .checked_add(frac_minor)?;
        Some(Money::from_minor(
            if negative { -minor } else { minor },
            currency,
        ))
    }

    /// The amount as a plain decimal without symbol ("49.00", "5000"), as a
    /// form field shows it.
    pub fn decimal_string(self) -> String {
        let exp = self.currency.exponent();
        let abs = self.minor.unsigned_abs();
        let sign = if self.minor < 0 { "-" } else { "" };
        if exp == 0 {
            return format!("{sign}{abs}");
        }
        let scale = 10u64.pow(exp);
        format!(
            "{sign}{}.{:0width$}",
            abs / scale,
            abs % scale,
            width = exp as usize
        )
    }
}

impl fmt::Display for Money {
    /// "$120.00", "€1,250.00", "¥5,000", "-£3.50".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let exp = self.currency.exponent();
        let abs = self.minor.unsigned_abs();
        let sign = if self.minor < 0 { "-" } else { "" };
        let symbol = self.currency.symbol();
        if exp == 0 {
            write!(f, "{sign}{symbol}{}", grouped(abs))
        } else {
            let scale = 10u64.pow(exp);
            write!(
                f,
                "{sign}{symbol}{}.{:0width$}",
                grouped(abs / scale),
                abs % scale,
                width = exp as usize
            )
        }
    }
}

/// Whole units with a comma every three digits ("5,000").
pub(crate) fn grouped(units: u64) -> String {
    let digits = units.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The smallest and largest amounts Stripe charges in a currency, in minor
/// units (Stripe's "minimum and maximum charge amounts"): a price outside
/// them can never be paid, so a course cannot be saved with one.
pub fn chargeable_range(currency: Currency) -> (i64, i64) {
    let min = match currency {
        Currency::Gbp => 30,
        Currency::Jpy => 50,
        Currency::Usd | Currency::Eur | Currency::Chf | Currency::Cad | Currency::Aud => 50,
    };
    (min, 99_999_999)
}

/// Why a price cannot be charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PriceError {
    /// Below zero.
    #[error("a price cannot be negative")]
    Negative,
    /// Above zero but below what Stripe charges in this currency.
    #[error("below the smallest amount Stripe charges ({0})")]
    BelowMinimum(Money),
    /// Above what Stripe charges in one payment.
    #[error("above the largest amount Stripe charges ({0})")]
    AboveMaximum(Money),
}

/// A course price: money that is never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Money", into = "Money")]
pub struct Price(Money);

impl Price {
    /// The price, or `None` when negative.
    pub fn new(money: Money) -> Option<Price> {
        (money.minor >= 0).then_some(Price(money))
    }

    /// A price a course may be saved with: free, or an amount Stripe
    /// charges in its currency.
    pub fn chargeable(money: Money) -> Result<Price, PriceError> {
        let (min, max) = chargeable_range(money.currency);
        match money.minor {
            m if m < 0 => Err(PriceError::Negative),
            0 => Ok(Price(money)),
            m if m < min => Err(PriceError::BelowMinimum(Money::from_minor(
                min,
                money.currency,
            ))),
            m if m > max => Err(PriceError::AboveMaximum(Money::from_minor(
                max,
                money.currency,
            ))),
            _ => Ok(Price(money)),
        }
    }

    /// Whether Stripe can charge it (free prices need no charge).
    pub fn is_chargeable(self) -> bool {
        Price::chargeable(self.0).is_ok()
    }

    /// The price as money.
    pub fn money(self) -> Money {
        self.0
    }

    /// Whether the course is free (books without Stripe).
    pub fn is_free(self) -> bool {
        self.0.is_zero()
    }
}

impl TryFrom<Money> for Price {
    type Error = &'static str;
    fn try_from(m: Money) -> Result<Self, Self::Error> {
        Price::new(m).ok_or("a price cannot be negative")
    }
}

impl From<Price> for Money {
    fn from(p: Price) -> Money {
        p.0
    }
}

impl fmt::Display for Price {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_free() {
            f.write_str("Free")
        } else {
            self.0.fmt(f)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats_per_currency() {
        assert_eq!(
            Money::from_minor(12000, Currency::Usd).to_string(),
            "$120.00"
        );
        assert_eq!(Money::from_minor(4900, Currency::Eur).to_string(), "€49.00");
        assert_eq!(Money::from_minor(5000, Currency::Jpy).to_string(), "¥5,000");
        assert_eq!(
            Money::from_minor(123_456_789, Currency::Eur).to_string(),
            "€1,234,567.89"
        );
        assert_eq!(Money::from_minor(999, Currency::Jpy).to_string(), "¥999");
        assert_eq!(Money::from_minor(-350, Currency::Gbp).to_string(), "-£3.50");
        assert_eq!(Money::from_minor(5, Currency::Usd).to_string(), "$0.05");
    }

    #[test]
    fn prices_outside_what_stripe_charges_are_refused() {
        let eur = |m| Price::chargeable(Money::from_minor(m, Currency::Eur));
        assert!(eur(0).is_ok(), "free");
        assert!(eur(50).is_ok());
        assert!(eur(99_999_999).is_ok());
        assert_eq!(
            eur(49),
            Err(PriceError::BelowMinimum(Money::from_minor(
                50,
                Currency::Eur
            )))
        );
        assert!(matches!(eur(100_000_000), Err(PriceError::AboveMaximum(_))));
        assert_eq!(eur(-1), Err(PriceError::Negative));
        let gbp = Price::chargeable(Money::from_minor(30, Currency::Gbp));
        assert!(gbp.is_ok(), "30p is Stripe's sterling minimum");
        let yen = Price::chargeable(Money::from_minor(49, Currency::Jpy));
        assert!(matches!(yen, Err(PriceError::BelowMinimum(_))));
    }

    #[test]
    fn free_price_says_free() {
        let p = Price::new(Money::zero(Currency::Eur)).expect("zero is a valid price");
        assert_eq!(p.to_string(), "Free");
        assert!(Price::new(Money::from_minor(-1, Currency::Eur)).is_none());
    }

    #[test]
    fn refuses_mixed_currencies_and_overflow() {
        let usd = Money::from_minor(1, Currency::Usd);
        let eur = Money::from_minor(1, Currency::Eur);
        assert_eq!(
            usd.checked_add(eur),
            Err(MoneyError::CurrencyMismatch(Currency::Usd, Currency::Eur))
        );
        let max = Money::from_minor(i64::MAX, Currency::Usd);
        assert_eq!(max.checked_add(usd), Err(MoneyError::Overflow));
        assert_eq!(max.checked_mul(2), Err(MoneyError::Overflow));
    }

    #[test]
    fn parses_decimals_as_people_type_them() {
        let p = |s| Money::parse_decimal(s, Currency::Usd).map(Money::minor);
        assert_eq!(p("49"), Some(4900));
        assert_eq!(p("49.5"), Some(4950));
        assert_eq!(p("1,200.00"), Some(120000));
        assert_eq!(p(".5"), Some(50));
        assert_eq!(p("49.999"), None);
        assert_eq!(p("abc"), None);
        assert_eq!(p(""), None);
        assert_eq!(p("."), None);
        // As German writes them: a decimal comma, dots between thousands.
        assert_eq!(p("49,50"), Some(4950));
        assert_eq!(p("49,5"), Some(4950));
        assert_eq!(p("1.200,00"), Some(120000));
        assert_eq!(p("1,200"), Some(120000), "a thousands group, not cents");
        assert_eq!(p("49,999"), Some(4999900));
        assert_eq!(p("1.200,001"), None);
        assert_eq!(
            Money::parse_decimal("5000", Currency::Jpy).map(Money::minor),
            Some(5000)
        );
        assert_eq!(Money::parse_decimal("50.5", Currency::Jpy), None);
    }

    #[test]
    fn currency_codes_round_trip() {
        for c in Currency::ALL {
            assert_eq!(c.code().parse::<Currency>(), Ok(c));
            assert_eq!(c.stripe_code().parse::<Currency>(), Ok(c));
        }
        assert!("XXX".parse::<Currency>().is_err());
    }

    fn any_currency() -> impl Strategy<Value = Currency> {
        proptest::sample::select(Currency::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn formatting_never_panics(minor in any::<i64>(), c in any_currency()) {
            let m = Money::from_minor(minor, c);
            let shown = m.to_string();
            let symbol = c.symbol().trim_end_matches('\u{a0}');
            prop_assert!(shown.contains(symbol), "{} lacks {}", shown, symbol);
            let _ = m.decimal_string();
        }

        #[test]
        fn decimal_string_parses_back(minor in -1_000_000_000_000i64..1_000_000_000_000, c in any_currency()) {
            let m = Money::from_minor(minor, c);
            prop_assert_eq!(Money::parse_decimal(&m.decimal_string(), c), Some(m));
        }

        #[test]
        fn addition_is_checked_not_wrapping(a in any::<i64>(), b in any::<i64>()) {
            let r = Money::from_minor(a, Currency::Usd).checked_add(Money::from_minor(b, Currency::Usd));
            match a.checked_add(b) {
                Some(sum) => prop_assert_eq!(r.map(Money::minor), Ok(sum)),
                None => prop_assert_eq!(r, Err(MoneyError::Overflow)),
            }
        }

        #[test]
        fn parse_decimal_never_panics(s in "\\PC{0,40}", c in any_currency()) {
            let _ = Money::parse_decimal(&s, c);
        }
    }
}
