//! Vouchers: codes an admin hands out (early birds, partners, apologies)
//! that take money off a booking. A code, what it takes off, and the rules
//! of when it may be used; what a booking then costs is
//! [`Quote::discounted`](crate::quote::Quote::discounted).

use crate::i18n::{Lang, format};
use crate::ids::{BookingId, CourseId};
use crate::money::{Currency, Money};
use crate::quote::SeatCount;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The longest code.
pub const MAX_CODE_LEN: usize = 32;
/// The shortest code (shorter ones are guessed).
pub const MIN_CODE_LEN: usize = 4;

/// A voucher code: letters and digits, kept in capitals so that `spring26`
/// and `SPRING26` are the same code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VoucherCode(String);

/// Why a code cannot be a voucher code. Its `Display` says so as a clause
/// ("a code has at least 4 characters"), in the language of the request
/// being answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoucherCodeError {
    Empty,
    TooShort,
    TooLong,
    NotLettersAndDigits,
}

impl fmt::Display for VoucherCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = match self {
            VoucherCodeError::Empty => "voucher-code-empty",
            VoucherCodeError::TooShort => "voucher-code-too-short",
            VoucherCodeError::TooLong => "voucher-code-too-long",
            VoucherCodeError::NotLettersAndDigits => "voucher-code-letters-digits",
        };
        f.write_str(&crate::inputs::in_words_with(
            id,
            &[("min", MIN_CODE_LEN), ("max", MAX_CODE_LEN)],
        ))
    }
}

impl std::error::Error for VoucherCodeError {}

impl VoucherCode {
    /// A code as typed: spaces around it are ignored, case is not kept.
    pub fn parse(typed: &str) -> Result<VoucherCode, VoucherCodeError> {
        let code = typed.trim();
        if code.is_empty() {
            return Err(VoucherCodeError::Empty);
        }
        if !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(VoucherCodeError::NotLettersAndDigits);
        }
        match code.len() {
            n if n < MIN_CODE_LEN => Err(VoucherCodeError::TooShort),
            n if n > MAX_CODE_LEN => Err(VoucherCodeError::TooLong),
            _ => Ok(VoucherCode(code.to_ascii_uppercase())),
        }
    }

    /// The code in capitals, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for VoucherCode {
    type Error = VoucherCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        VoucherCode::parse(&s)
    }
}

impl From<VoucherCode> for String {
    fn from(c: VoucherCode) -> String {
        c.0
    }
}

impl fmt::Display for VoucherCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a voucher takes off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Discount {
    /// A percentage of the whole booking, 1 to 100.
    Percent(u8),
    /// A fixed amount off each seat, in one currency.
    PerSeat(Money),
}

/// Why a discount is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DiscountError {
    #[error("a percentage is between 1 and 100")]
    PercentOutOfRange,
    #[error("an amount off is more than zero")]
    NothingOff,
}

impl Discount {
    /// `p` percent off.
    pub fn percent(p: i64) -> Result<Discount, DiscountError> {
        u8::try_from(p)
            .ok()
            .filter(|p| (1..=100).contains(p))
            .map(Discount::Percent)
            .ok_or(DiscountError::PercentOutOfRange)
    }

    /// `amount` off each seat.
    pub fn per_seat(amount: Money) -> Result<Discount, DiscountError> {
        if amount.minor() <= 0 {
            return Err(DiscountError::NothingOff);
        }
        Ok(Discount::PerSeat(amount))
    }

    /// The one currency a fixed amount is in; a percentage fits any.
    pub fn currency(&self) -> Option<Currency> {
        match self {
            Discount::Percent(_) => None,
            Discount::PerSeat(m) => Some(m.currency()),
        }
    }

    /// What comes off `list`, the price of `seats` seats, before the floor
    /// of Stripe's smallest charge (see `Quote::discounted`): a percentage
    /// rounded to the nearest minor unit (halves up), a fixed amount per
    /// seat; never more than `list`. `None` when the currencies differ.
    pub fn off(&self, list: Money, seats: SeatCount) -> Option<Money> {
        let off = match *self {
            Discount::Percent(p) => {
                // i128: a list price near i64's end times 100 still fits.
                let minor = (i128::from(list.minor()) * i128::from(p) + 50) / 100;
                i64::try_from(minor).unwrap_or(list.minor())
            }
            Discount::PerSeat(m) if m.currency() == list.currency() => m
                .minor()
                .checked_mul(i64::from(seats.get()))
                .unwrap_or(i64::MAX),
            Discount::PerSeat(_) => return None,
        };
        Some(Money::from_minor(
            off.clamp(0, list.minor()),
            list.currency(),
        ))
    }
}

impl Discount {
    /// "10% off", "€5.00 off each seat", in the reader's language.
    pub fn label(&self, lang: Lang) -> String {
        match *self {
            Discount::Percent(p) => crate::t!(lang, "discount-percent", percent = p.to_string()),
            Discount::PerSeat(m) => {
                crate::t!(lang, "discount-per-seat", amount = format::money(lang, m))
            }
        }
    }
}

impl fmt::Display for Discount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Discount::Percent(p) => write!(f, "{p}% off"),
            Discount::PerSeat(m) => write!(f, "{m} off each seat"),
        }
    }
}

/// When and where a voucher may be used, apart from how often (the count
/// is the database's, taken in the booking's transaction).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherRules {
    pub discount: Discount,
    /// Only these courses; empty for every course.
    pub courses: Vec<CourseId>,
    pub valid_from: Option<DateTime<Utc>>,
    pub valid_until: Option<DateTime<Utc>>,
    pub disabled: bool,
}

/// Why a code takes nothing off. Each says so in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VoucherRefusal {
    #[error("no such code")]
    Unknown,
    #[error("the code is disabled")]
    Disabled,
    #[error("the code is not valid yet")]
    NotYetValid,
    #[error("the code has expired")]
    Expired,
    #[error("the code is for other courses")]
    NotForThisCourse,
    #[error("the code is in another currency")]
    WrongCurrency,
    #[error("the code has been used up")]
    UsedUp,
    #[error("you have used the code already")]
    AlreadyUsedByYou,
}

impl VoucherRules {
    /// Whether the code may be used on `course` (priced in `currency`) at
    /// `now`; the first rule it breaks, in the order people can act on.
    pub fn check(
        &self,
        course: CourseId,
        currency: Currency,
        now: DateTime<Utc>,
    ) -> Result<(), VoucherRefusal> {
        if self.disabled {
            return Err(VoucherRefusal::Disabled);
        }
        if self.valid_from.is_some_and(|from| now < from) {
            return Err(VoucherRefusal::NotYetValid);
        }
        if self.valid_until.is_some_and(|until| now >= until) {
            return Err(VoucherRefusal::Expired);
        }
        if !self.courses.is_empty() && !self.courses.contains(&course) {
            return Err(VoucherRefusal::NotForThisCourse);
        }
        if self.discount.currency().is_some_and(|c| c != currency) {
            return Err(VoucherRefusal::WrongCurrency);
        }
        Ok(())
    }
}

/// What an admin says a voucher is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherInput {
    pub code: VoucherCode,
    pub discount: Discount,
    /// Only these courses; empty for all.
    pub courses: Vec<CourseId>,
    /// How many bookings may use it; `None` for no limit.
    pub max_redemptions: Option<u32>,
    pub once_per_member: bool,
    pub valid_from: Option<DateTime<Utc>>,
    /// The first instant it no longer works.
    pub valid_until: Option<DateTime<Utc>>,
    pub note: String,
}

/// A voucher as the admin's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherLine {
    pub id: i64,
    pub code: String,
    pub discount: Discount,
    pub courses: Vec<(CourseId, String)>,
    pub used: u32,
    pub max_redemptions: Option<u32>,
    pub once_per_member: bool,
    pub valid_from: Option<DateTime<Utc>>,
    pub valid_until: Option<DateTime<Utc>>,
    pub disabled: bool,
    pub note: String,
}

/// One use of a voucher, for the admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedemptionLine {
    pub booking_id: BookingId,
    pub course_id: CourseId,
    pub course_title: String,
    pub member_name: String,
    pub member_email: String,
    pub seats: i32,
    pub list: Money,
    pub discount: Money,
    pub paid: Money,
    pub booking_status: crate::booking::BookingStatus,
    pub at: DateTime<Utc>,
    /// Given back: the hold was released or expired unpaid.
    pub returned: bool,
}

/// The longest note.
pub const MAX_NOTE_LEN: usize = 500;

/// The voucher form's fields, as strings, exactly as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherForm {
    pub code: String,
    /// `percent` or `amount`.
    pub kind: String,
    #[serde(default)]
    pub percent: String,
    /// An amount off each seat, as a decimal ("5", "5.50").
    #[serde(default)]
    pub amount: String,
    /// ISO 4217 code of `amount`.
    #[serde(default)]
    pub currency: String,
    /// The courses ticked; none for every course.
    #[serde(default)]
    pub courses: Option<Vec<i64>>,
    /// Blank for no limit.
    #[serde(default)]
    pub max_redemptions: String,
    /// A ticked checkbox sends "on".
    #[serde(default)]
    pub once_per_member: Option<String>,
    /// `YYYY-MM-DD`, from the start of that day; blank for "now".
    #[serde(default)]
    pub valid_from: String,
    /// `YYYY-MM-DD`, to the end of that day; blank for no end.
    #[serde(default)]
    pub valid_until: String,
    /// The admin's IANA zone, whose days those are (blank: UTC).
    #[serde(default)]
    pub time_zone: String,
    #[serde(default)]
    pub note: String,
}

#[cfg(feature = "ssr")]
impl VoucherForm {
    /// The voucher it describes, or every field's problem.
    pub fn parse(&self) -> Result<VoucherInput, Vec<crate::FieldError>> {
        use crate::said;
        use chrono::{Days, NaiveDate, TimeZone};
        let mut problems = Vec::new();
        let mut refuse = |field: &str, message: String| {
            problems.push(crate::FieldError {
                field: field.to_owned(),
                message,
            })
        };
        let code = VoucherCode::parse(&self.code)
            .map_err(|e| refuse("code", format!("{}.", capitalised(&e.to_string()))))
            .ok();
        let discount = match self.kind.as_str() {
            "percent" => self
                .percent
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(|p| Discount::percent(p).ok())
                .or_else(|| {
                    refuse("percent", said!("voucher-percent-range"));
                    None
                }),
            "amount" => {
                let currency = self.currency.trim().parse::<Currency>().ok();
                if currency.is_none() {
                    refuse("currency", said!("voucher-currency-choose"));
                }
                currency
                    .and_then(|c| Money::parse_decimal(&self.amount, c))
                    .and_then(|m| Discount::per_seat(m).ok())
                    .or_else(|| {
                        refuse("amount", said!("voucher-amount-invalid"));
                        None
                    })
            }
            _ => {
                refuse("kind", said!("voucher-kind-choose"));
                None
            }
        };
        let max_redemptions = match self.max_redemptions.trim() {
            "" => None,
            n => match n.parse::<u32>() {
                Ok(n) if (1..=1_000_000).contains(&n) => Some(n),
                _ => {
                    refuse("max_redemptions", said!("voucher-max-uses"));
                    None
                }
            },
        };
        let zone = match self.time_zone.trim() {
            "" => chrono_tz::Tz::UTC,
            z => z.parse::<chrono_tz::Tz>().unwrap_or(chrono_tz::Tz::UTC),
        };
        // A day at the admin's clock: its first instant.
        let day_start = |d: NaiveDate| {
            zone.from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
                .earliest()
                .map(|t| t.with_timezone(&Utc))
        };
        let mut day = |field: &str, value: &str, next_day: bool| match value.trim() {
            "" => None,
            v => NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .ok()
                .and_then(|d| {
                    if next_day {
                        d.checked_add_days(Days::new(1))
                    } else {
                        Some(d)
                    }
                })
                .and_then(day_start)
                .or_else(|| {
                    refuse(field, said!("voucher-date-format"));
                    None
                }),
        };
        let valid_from = day("valid_from", &self.valid_from, false);
        let valid_until = day("valid_until", &self.valid_until, true);
        if let (Some(from), Some(until)) = (valid_from, valid_until)
            && until <= from
        {
            refuse("valid_until", said!("voucher-last-day-order"));
        }
        let note = self.note.trim().to_owned();
        if note.chars().count() > MAX_NOTE_LEN {
            refuse("note", said!("voucher-note-too-long", max = MAX_NOTE_LEN));
        } else if note
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            refuse("note", said!("text-control-characters"));
        }
        let mut courses: Vec<CourseId> = self
            .courses
            .iter()
            .flatten()
            .map(|&id| CourseId(id))
            .collect();
        courses.sort_by_key(|c| c.get());
        courses.dedup();
        match (code, discount) {
            (Some(code), Some(discount)) if problems.is_empty() => Ok(VoucherInput {
                code,
                discount,
                courses,
                max_redemptions,
                once_per_member: self.once_per_member.is_some(),
                valid_from,
                valid_until,
                note,
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(feature = "ssr")]
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(minor: i64) -> Money {
        Money::from_minor(minor, Currency::Eur)
    }

    fn seats(n: i64) -> SeatCount {
        SeatCount::new(n).expect("seats")
    }

    #[test]
    fn codes_are_letters_and_digits_in_any_case() {
        assert_eq!(
            VoucherCode::parse(" spring26 ").map(|c| c.0),
            Ok("SPRING26".to_owned())
        );
        assert_eq!(VoucherCode::parse(""), Err(VoucherCodeError::Empty));
        assert_eq!(VoucherCode::parse("ab1"), Err(VoucherCodeError::TooShort));
        assert_eq!(
            VoucherCode::parse(&"A".repeat(33)),
            Err(VoucherCodeError::TooLong)
        );
        assert_eq!(
            VoucherCode::parse("SPRING-26"),
            Err(VoucherCodeError::NotLettersAndDigits)
        );
        assert_eq!(
            VoucherCode::parse("ÉTÉ2026"),
            Err(VoucherCodeError::NotLettersAndDigits)
        );
        assert!(serde_json::from_str::<VoucherCode>("\"x\"").is_err());
    }

    #[test]
    fn a_percentage_comes_off_the_whole_booking_rounded_to_the_cent() {
        let twenty = Discount::percent(20).expect("20%");
        assert_eq!(twenty.off(eur(14_700), seats(3)), Some(eur(2940)));
        // 15% of 0.99 is 0.1485: 0.15.
        let fifteen = Discount::percent(15).expect("15%");
        assert_eq!(fifteen.off(eur(99), seats(1)), Some(eur(15)));
        assert_eq!(
            Discount::percent(100)
                .expect("all")
                .off(eur(4900), seats(1)),
            Some(eur(4900))
        );
        assert_eq!(Discount::percent(0), Err(DiscountError::PercentOutOfRange));
        assert_eq!(
            Discount::percent(101),
            Err(DiscountError::PercentOutOfRange)
        );
    }

    #[test]
    fn a_fixed_amount_comes_off_each_seat_never_below_zero_and_only_in_its_currency() {
        let five = Discount::per_seat(eur(500)).expect("5 off");
        assert_eq!(five.off(eur(14_700), seats(3)), Some(eur(1500)));
        assert_eq!(five.off(eur(900), seats(3)), Some(eur(900)));
        assert_eq!(
            five.off(Money::from_minor(14_700, Currency::Gbp), seats(3)),
            None
        );
        assert_eq!(Discount::per_seat(eur(0)), Err(DiscountError::NothingOff));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_admins_form_becomes_a_voucher_or_says_what_is_wrong_with_each_field() {
        let form = VoucherForm {
            code: " spring26 ".into(),
            kind: "amount".into(),
            amount: "7.50".into(),
            currency: "EUR".into(),
            courses: Some(vec![3, 1, 3]),
            max_redemptions: "5".into(),
            once_per_member: Some("on".into()),
            valid_from: "2031-03-01".into(),
            valid_until: "2031-03-31".into(),
            time_zone: "Europe/Berlin".into(),
            ..Default::default()
        };
        let v = form.parse().expect("a voucher");
        assert_eq!(v.code.as_str(), "SPRING26");
        assert_eq!(v.discount, Discount::PerSeat(eur(750)));
        assert_eq!(v.courses, vec![CourseId(1), CourseId(3)]);
        assert_eq!((v.max_redemptions, v.once_per_member), (Some(5), true));
        // Midnight in Berlin, and the first instant after the last day.
        assert_eq!(
            v.valid_from.map(|t| t.to_rfc3339()),
            Some("2031-02-28T23:00:00+00:00".into())
        );
        assert_eq!(
            v.valid_until.map(|t| t.to_rfc3339()),
            Some("2031-03-31T22:00:00+00:00".into())
        );

        let bad = VoucherForm {
            code: "ab".into(),
            kind: "percent".into(),
            percent: "120".into(),
            max_redemptions: "0".into(),
            valid_from: "2031-03-31".into(),
            valid_until: "2031-03-01".into(),
            note: "a\u{0}b".into(),
            ..Default::default()
        };
        let fields: Vec<String> = bad
            .parse()
            .expect_err("refused")
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(
            fields,
            ["code", "percent", "max_redemptions", "valid_until", "note"]
        );
    }

    #[test]
    fn rules_are_checked_in_the_order_people_can_act_on() {
        let now = Utc::now();
        let hour = chrono::Duration::hours(1);
        let rules = VoucherRules {
            discount: Discount::per_seat(eur(500)).expect("5 off"),
            courses: vec![CourseId(7)],
            valid_from: Some(now - hour),
            valid_until: Some(now + hour),
            disabled: false,
        };
        assert_eq!(rules.check(CourseId(7), Currency::Eur, now), Ok(()));
        assert_eq!(
            rules.check(CourseId(8), Currency::Eur, now),
            Err(VoucherRefusal::NotForThisCourse)
        );
        assert_eq!(
            rules.check(CourseId(7), Currency::Gbp, now),
            Err(VoucherRefusal::WrongCurrency)
        );
        assert_eq!(
            rules.check(CourseId(7), Currency::Eur, now - hour * 2),
            Err(VoucherRefusal::NotYetValid)
        );
        assert_eq!(
            rules.check(CourseId(7), Currency::Eur, now + hour),
            Err(VoucherRefusal::Expired)
        );
        let off = VoucherRules {
            disabled: true,
            ..rules
        };
        assert_eq!(
            off.check(CourseId(7), Currency::Eur, now),
            Err(VoucherRefusal::Disabled)
        );
    }
}
