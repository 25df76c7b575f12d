//! Typed ids, so a booking id can never be passed where a course id belongs.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The raw database value.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse::<i64>().map($name)
            }
        }

        // So a typed id goes straight into a query's condition.
        #[cfg(feature = "ssr")]
        impl From<$name> for sea_orm::Value {
            fn from(id: $name) -> Self {
                id.0.into()
            }
        }
    };
}

id_type!(
    /// A person with an account.
    UserId
);
id_type!(
    /// A course in the catalog.
    CourseId
);
id_type!(
    /// A booking of one seat by one person.
    BookingId
);
id_type!(
    /// One Checkout attempt for a booking.
    PaymentId
);
id_type!(
    /// One seat of a booking, and who sits in it.
    AttendeeId
);
id_type!(
    /// One person's place on a course's waiting list.
    PlaceId
);
id_type!(
    /// A topic courses are filed under.
    TopicId
);

impl BookingId {
    /// The reference a person quotes to support, e.g. `TS-000042`.
    pub fn reference(self) -> String {
        format!("TS-{:06}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booking_reference_is_padded() {
        assert_eq!(BookingId(42).reference(), "TS-000042");
        assert_eq!(BookingId(1234567).reference(), "TS-1234567");
    }

    #[test]
    fn ids_parse_from_path_segments() {
        assert_eq!("17".parse::<CourseId>(), Ok(CourseId(17)));
        assert!("x17".parse::<CourseId>().is_err());
    }
}
