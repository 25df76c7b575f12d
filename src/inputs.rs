//! Inputs that can only be built valid. Each `parse` trims and checks what a
//! person typed and says, in words fit for a form, what is wrong: a message
//! of `locales/*/forms.ftl`, in the language of the request being answered.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What is wrong with one field: the id of the message that says so to the
/// person filling the form (`email-empty`). Its `Display` is that message
/// in the language of the request being answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub &'static str);

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&in_words(self.0))
    }
}

impl std::error::Error for Invalid {}

/// The message `id` in the language of the request being answered
/// ([`crate::i18n::current`]), for the refusals of this crate's parsers.
/// The browser has no translations (Fluent stays out of the WASM): there,
/// where only a payload the server never sends could fail to parse, it is
/// the id itself.
pub(crate) fn in_words(id: &str) -> String {
    in_words_with(id, &[])
}

/// As [`in_words`], the message's counts (`max = 40`) filled in.
pub(crate) fn in_words_with(id: &str, counts: &[(&'static str, usize)]) -> String {
    #[cfg(feature = "ssr")]
    {
        crate::i18n::tr_with(
            crate::i18n::current(),
            id,
            counts
                .iter()
                .map(|&(name, n)| (name, crate::i18n::Arg::from(n))),
        )
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = counts;
        id.to_owned()
    }
}

/// An email address: trimmed, lower-cased, one `@`, a dotted domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// The longest address accepted (RFC 5321's path limit).
    pub const MAX_LEN: usize = 254;

    /// Parses an address as typed.
    pub fn parse(input: &str) -> Result<Email, Invalid> {
        let email = input.trim().to_lowercase();
        if email.is_empty() {
            return Err(Invalid("email-empty"));
        }
        if email.len() > Self::MAX_LEN {
            return Err(Invalid("email-too-long"));
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(Invalid("email-malformed"));
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '@');
        if !domain_ok || !local_ok {
            return Err(Invalid("email-malformed"));
        }
        Ok(Email(email))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Email::parse(&s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password: 10 to 128 characters. Deliberately neither `Serialize`
/// nor `Display`, so it cannot end up in a response or a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Fewest characters accepted.
    pub const MIN_CHARS: usize = 10;
    /// Most characters accepted (argon2 input stays bounded).
    pub const MAX_CHARS: usize = 128;

    /// Checks a new password's length (in characters, not bytes).
    pub fn parse(input: &str) -> Result<Password, Invalid> {
        let n = input.chars().count();
        if n < Self::MIN_CHARS {
            Err(Invalid("password-too-short"))
        } else if n > Self::MAX_CHARS {
            Err(Invalid("password-too-long"))
        } else {
            Ok(Password(input.to_owned()))
        }
    }

    /// The secret itself, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password([redacted])")
    }
}

/// Trims and bounds a single-line text field; `empty` and `long` are the
/// ids of the messages that refuse it (see [`Invalid`]).
pub(crate) fn bounded_text(
    input: &str,
    max: usize,
    empty: &'static str,
    long: &'static str,
) -> Result<String, Invalid> {
    let t = input.trim();
    if t.is_empty() {
        Err(Invalid(empty))
    } else if t.chars().count() > max {
        Err(Invalid(long))
    } else if t.chars().any(char::is_control) {
        Err(Invalid("text-control-characters"))
    } else {
        Ok(t.to_owned())
    }
}

/// The name shown on bookings and rosters: 1 to 80 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

impl DisplayName {
    /// Parses a name as typed.
    pub fn parse(input: &str) -> Result<DisplayName, Invalid> {
        bounded_text(input, 80, "display-name-empty", "display-name-too-long").map(DisplayName)
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DisplayName {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        DisplayName::parse(&s)
    }
}

impl From<DisplayName> for String {
    fn from(n: DisplayName) -> String {
        n.0
    }
}

/// A course title: 3 to 120 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CourseTitle(String);

impl CourseTitle {
    /// Parses a title as typed.
    pub fn parse(input: &str) -> Result<CourseTitle, Invalid> {
        let t = bounded_text(input, 120, "course-title-empty", "course-title-too-long")?;
        if t.chars().count() < 3 {
            return Err(Invalid("course-title-too-short"));
        }
        Ok(CourseTitle(t))
    }

    /// The title.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CourseTitle {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        CourseTitle::parse(&s)
    }
}

impl From<CourseTitle> for String {
    fn from(t: CourseTitle) -> String {
        t.0
    }
}

/// How many seats a course has: 1 to 10,000.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct Capacity(i32);

impl Capacity {
    /// Largest capacity accepted.
    pub const MAX: i32 = 10_000;

    /// A capacity from a number.
    pub fn new(seats: i32) -> Result<Capacity, Invalid> {
        if seats < 1 {
            Err(Invalid("capacity-none"))
        } else if seats > Self::MAX {
            Err(Invalid("capacity-too-many"))
        } else {
            Ok(Capacity(seats))
        }
    }

    /// A capacity as typed in a form.
    pub fn parse(input: &str) -> Result<Capacity, Invalid> {
        input
            .trim()
            .parse::<i32>()
            .map_err(|_| Invalid("capacity-not-whole"))
            .and_then(Capacity::new)
    }

    /// The number of seats.
    pub fn get(self) -> i32 {
        self.0
    }
}

impl TryFrom<i32> for Capacity {
    type Error = Invalid;
    fn try_from(n: i32) -> Result<Self, Self::Error> {
        Capacity::new(n)
    }
}

impl From<Capacity> for i32 {
    fn from(c: Capacity) -> i32 {
        c.0
    }
}

/// When a course runs: it ends strictly after it starts, within 30 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    try_from = "(DateTime<Utc>, DateTime<Utc>)",
    into = "(DateTime<Utc>, DateTime<Utc>)"
)]
pub struct DateRange {
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
}

impl DateRange {
    /// The longest a single course may run.
    pub const MAX_DAYS: i64 = 30;

    /// A range from its two ends.
    pub fn new(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> Result<DateRange, Invalid> {
        if ends_at <= starts_at {
            Err(Invalid("course-ends-before-start"))
        } else if ends_at - starts_at > chrono::Duration::days(Self::MAX_DAYS) {
            Err(Invalid("course-too-long"))
        } else {
            Ok(DateRange { starts_at, ends_at })
        }
    }

    /// When it starts.
    pub fn starts_at(self) -> DateTime<Utc> {
        self.starts_at
    }

    /// When it ends.
    pub fn ends_at(self) -> DateTime<Utc> {
        self.ends_at
    }
}

impl TryFrom<(DateTime<Utc>, DateTime<Utc>)> for DateRange {
    type Error = Invalid;
    fn try_from((s, e): (DateTime<Utc>, DateTime<Utc>)) -> Result<Self, Self::Error> {
        DateRange::new(s, e)
    }
}

impl From<DateRange> for (DateTime<Utc>, DateTime<Utc>) {
    fn from(r: DateRange) -> Self {
        (r.starts_at, r.ends_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    #[test]
    fn email_is_trimmed_and_lowercased() {
        assert_eq!(
            Email::parse("  Ada@Example.COM ").map(|e| e.to_string()),
            Ok("ada@example.com".into())
        );
    }

    #[test]
    fn email_rejects_malformed_addresses() {
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "ada@.com",
            "a da@example.com",
            "ada@exa..mple.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn password_length_is_counted_in_characters() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse("ééééééééé").is_err());
        assert!(Password::parse("éééééééééé").is_ok());
        assert!(Password::parse(&"x".repeat(129)).is_err());
        assert!(Password::parse(&"x".repeat(128)).is_ok());
    }

    #[test]
    fn password_debug_is_redacted() {
        let p = Password::parse("correct horse battery").expect("valid");
        assert!(!format!("{p:?}").contains("horse"));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_refusal_reads_as_its_sentence() {
        assert_eq!(
            Email::parse("ada").map_err(|e| e.to_string()),
            Err("Enter an email address like name@example.com.".to_owned())
        );
        assert_eq!(
            Capacity::parse("0").map_err(|e| e.to_string()),
            Err("A course needs at least one seat.".to_owned())
        );
    }

    #[test]
    fn display_name_bounds() {
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"a".repeat(81)).is_err());
        assert_eq!(
            DisplayName::parse(" Ada ").map(String::from),
            Ok("Ada".into())
        );
    }

    #[test]
    fn capacity_must_be_positive() {
        assert!(Capacity::parse("0").is_err());
        assert!(Capacity::parse("-3").is_err());
        assert!(Capacity::parse("ten").is_err());
        assert_eq!(Capacity::parse(" 12 ").map(Capacity::get), Ok(12));
    }

    #[test]
    fn date_range_must_end_after_start() {
        let t = Utc
            .with_ymd_and_hms(2027, 3, 1, 9, 0, 0)
            .single()
            .expect("valid date");
        assert!(DateRange::new(t, t).is_err());
        assert!(DateRange::new(t, t - chrono::Duration::hours(1)).is_err());
        assert!(DateRange::new(t, t + chrono::Duration::hours(3)).is_ok());
    }

    #[test]
    fn validated_types_refuse_invalid_json() {
        assert!(serde_json::from_str::<Capacity>("0").is_err());
        assert!(serde_json::from_str::<Email>("\"nope\"").is_err());
        assert!(serde_json::from_str::<Capacity>("5").is_ok());
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC{0,300}") {
            let _ = Email::parse(&s);
            let _ = Password::parse(&s);
            let _ = DisplayName::parse(&s);
            let _ = CourseTitle::parse(&s);
            let _ = Capacity::parse(&s);
        }

        #[test]
        fn a_parsed_email_parses_to_itself(s in "[a-zA-Z0-9._%+-]{1,20}@[a-zA-Z0-9-]{1,10}\\.[a-z]{2,6}") {
            let e = Email::parse(&s).expect("generated addresses are valid");
            prop_assert_eq!(Email::parse(e.as_str()), Ok(e.clone()));
            prop_assert_eq!(e.as_str(), s.to_lowercase());
        }
    }
}
