//! Who sits in each seat of a booking: a name (the first seat's defaults to
//! the member who booked), optionally an email, and whether that seat is
//! still taken.

use crate::inputs::{Email, Invalid};
use serde::{Deserialize, Serialize};

/// Whether a seat is still taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(16))"
    )
)]
pub enum AttendeeStatus {
    /// The seat is theirs (while the booking is active).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "active"))]
    Active,
    /// This seat alone was cancelled.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "cancelled"))]
    Cancelled,
}

/// An attendee's name: 1 to 80 characters, like a member's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AttendeeName(String);

impl AttendeeName {
    /// Parses a name as typed.
    pub fn parse(input: &str) -> Result<AttendeeName, Invalid> {
        crate::inputs::bounded_text(input, 80, "attendee-name-empty", "attendee-name-too-long")
            .map(AttendeeName)
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for AttendeeName {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        AttendeeName::parse(&s)
    }
}

impl From<AttendeeName> for String {
    fn from(n: AttendeeName) -> String {
        n.0
    }
}

/// Who sits in one seat, as the member named them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub name: AttendeeName,
    /// Where their own confirmation goes, if anywhere.
    pub email: Option<Email>,
}

impl Attendee {
    /// A name and an optional email as typed (a blank email is none).
    pub fn parse(name: &str, email: &str) -> Result<Attendee, Invalid> {
        let name = AttendeeName::parse(name)?;
        let email = match email.trim() {
            "" => None,
            typed => Some(Email::parse(typed)?),
        };
        Ok(Attendee { name, email })
    }
}

/// What "Book" asks for: how many seats, and who sits in them (a seat
/// left unnamed is the member's if it is the first, a guest's otherwise).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// How many seats.
    pub seats: crate::quote::SeatCount,
    /// Who sits in them, seat by seat (may be shorter than `seats`).
    pub named: Vec<Option<Attendee>>,
}

impl Party {
    /// `seats` seats, nobody named.
    pub fn of(seats: crate::quote::SeatCount) -> Party {
        Party {
            seats,
            named: Vec::new(),
        }
    }
}

/// One seat of a booking, as its member sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendeeView {
    /// The seat's id.
    pub id: i64,
    /// 1 for the first seat.
    pub position: i32,
    /// Who sits in it.
    pub name: String,
    /// Their email, if given.
    pub email: Option<String>,
    /// Still taken, or cancelled alone.
    pub status: AttendeeStatus,
    /// Whether they came to each of the course's meetings, as marked at
    /// the door (filled in on the booking's own page).
    #[serde(default)]
    pub attended: Vec<crate::teaching::Mark>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_emails_are_checked_and_a_blank_email_is_none() {
        let a = Attendee::parse("  Grace Hopper ", "").expect("valid");
        assert_eq!(a.name.as_str(), "Grace Hopper");
        assert_eq!(a.email, None);
        assert!(
            Attendee::parse("Grace", "grace@example.com")
                .expect("valid")
                .email
                .is_some()
        );
        assert!(Attendee::parse("   ", "").is_err());
        assert!(Attendee::parse(&"x".repeat(81), "").is_err());
        assert!(Attendee::parse("Grace", "not an email").is_err());
    }
}
