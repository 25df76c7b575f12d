//! How a page's loaded data travel to the browser for hydration.
//!
//! The server writes each resource's encoded value into the page, and
//! encoding and escaping the dashboard's data cost about a tenth of its
//! page. Both kinds below are bytes, which Leptos writes as base64: nothing
//! to escape character by character (and no `<` that could close the
//! script). Both ends are the same build of the same types.
//!
//! - [`PageData`], MessagePack with structs as arrays (no field names):
//!   about a third of JSON's size, so a third of the encoding and base64.
//!   Its decoder is compiled for every type it reads (about 7% of the
//!   WebAssembly), so it is for pages loaded on demand, whose part carries
//!   it: the dashboard and a booking's page.
//! - [`JsonData`], JSON: the browser decodes these types' JSON anyway (the
//!   same values come from server functions on navigation), so the main
//!   module, which every first visit downloads, needs no second decoder.
//!   For the catalog, the landing page and the signed-in person.

use leptos::prelude::Resource;
use leptos::server::codee::{Decoder, Encoder};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::future::Future;

/// MessagePack bytes, which Leptos writes into the page as base64.
pub struct PageData;

impl<T: Serialize> Encoder<T> for PageData {
    type Error = rmp_serde::encode::Error;
    type Encoded = Vec<u8>;

    fn encode(value: &T) -> Result<Vec<u8>, rmp_serde::encode::Error> {
        rmp_serde::to_vec(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for PageData {
    type Error = rmp_serde::decode::Error;
    type Encoded = [u8];

    fn decode(bytes: &[u8]) -> Result<T, rmp_serde::decode::Error> {
        rmp_serde::from_slice(bytes)
    }
}

/// JSON bytes, which Leptos writes into the page as base64.
pub struct JsonData;

impl<T: Serialize> Encoder<T> for JsonData {
    type Error = serde_json::Error;
    type Encoded = Vec<u8>;

    fn encode(value: &T) -> Result<Vec<u8>, serde_json::Error> {
        serde_json::to_vec(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for JsonData {
    type Error = serde_json::Error;
    type Encoded = [u8];

    fn decode(bytes: &[u8]) -> Result<T, serde_json::Error> {
        serde_json::from_slice(bytes)
    }
}

/// A resource whose value reaches the browser as [`JsonData`]; otherwise
/// `Resource::new`. For pages in the main module.
#[track_caller]
pub fn json_resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, JsonData>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

/// A resource whose value reaches the browser as [`PageData`]; otherwise
/// `Resource::new`. For pages loaded on demand.
#[track_caller]
pub fn page_resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, PageData>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::bookings::{BookingView, BookingsPage, DisplayStatus};
    use crate::error::AppError;
    use tessera::{ApiError, BookingId, CourseId, Currency, ErrorCode, FieldError, Money};

    #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
    struct Row {
        title: String,
        starts_at: i64,
    }

    #[test]
    fn a_value_comes_back_as_it_went() {
        let rows = vec![
            Row {
                title: r#"Say "cheese" </script><b>"#.to_owned(),
                starts_at: 1_925_028_000_000,
            },
            Row {
                title: "Émaux & glaçures".to_owned(),
                starts_at: -1,
            },
        ];
        let bytes = <PageData as Encoder<Vec<Row>>>::encode(&rows).expect("encodes");
        let back: Vec<Row> = <PageData as Decoder<Vec<Row>>>::decode(&bytes).expect("decodes");
        assert_eq!(back, rows);
    }

    #[test]
    fn a_value_comes_back_as_it_went_as_json_too() {
        let rows = vec![Row {
            title: "Say \"cheese\" </script>\u{2028}<b> & Émaux".to_owned(),
            starts_at: -1,
        }];
        let bytes = <JsonData as Encoder<Vec<Row>>>::encode(&rows).expect("encodes");
        let back: Vec<Row> = <JsonData as Decoder<Vec<Row>>>::decode(&bytes).expect("decodes");
        assert_eq!(back, rows);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(<PageData as Decoder<Vec<Row>>>::decode(b"\xff{").is_err());
        assert!(<PageData as Decoder<Vec<Row>>>::decode(b"").is_err());
        assert!(<JsonData as Decoder<Vec<Row>>>::decode(b"\xff{").is_err());
        assert!(<JsonData as Decoder<Vec<Row>>>::decode(b"").is_err());
    }

    fn round_trip<T>(value: &T) -> Vec<u8>
    where
        T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let bytes = <PageData as Encoder<T>>::encode(value).expect("encodes");
        let back: T = <PageData as Decoder<T>>::decode(&bytes).expect("decodes");
        assert_eq!(&back, value);
        bytes
    }

    fn a_booking(id: i64, status: DisplayStatus, hold: bool) -> BookingView {
        let at = |ms: i64| chrono::DateTime::from_timestamp_millis(ms).expect("a time");
        BookingView {
            id: BookingId(id),
            course_id: CourseId(id + 100),
            course_title: format!("Raku \"firing\" </script> #{id}"),
            location: "Studio 4, Utrecht".to_owned(),
            starts_at: at(1_925_028_000_000),
            ends_at: at(1_925_035_200_000),
            starts_zone: tessera::venue::ZoneAt {
                offset_seconds: 3600,
                abbreviation: "CET".to_owned(),
            },
            ends_zone: tessera::venue::ZoneAt {
                offset_seconds: 3600,
                abbreviation: "CET".to_owned(),
            },
            status,
            amount: Money::from_minor(4_900, Currency::Eur),
            seats: 2,
            hold_expires_at: hold.then(|| at(1_795_733_964_928)),
            booked_at: at(1_795_732_104_928),
        }
    }

    #[test]
    fn the_dashboard_and_its_errors_come_back_as_they_went_and_smaller_than_json() {
        let page: Result<BookingsPage, AppError> = Ok(BookingsPage {
            upcoming: (1..=18)
                .map(|i| a_booking(i, DisplayStatus::PendingPayment, true))
                .collect(),
            past: vec![a_booking(20, DisplayStatus::Confirmed, false)],
            ended: vec![a_booking(19, DisplayStatus::Refunded, false)],
            page: 1,
            pages: 5,
            total: 100,
            waiting: Vec::new(),
        });
        let bytes = round_trip(&page);
        let json = serde_json::to_vec(&page).expect("json");
        assert!(
            bytes.len() * 2 < json.len(),
            "{} bytes against JSON's {}",
            bytes.len(),
            json.len()
        );
        // A refusal without per-field problems leaves `fields` out; one with
        // them keeps them.
        round_trip(&Err::<BookingsPage, _>(AppError::new(
            ErrorCode::BookingNotFound,
        )));
        round_trip(&Err::<BookingsPage, _>(AppError(ApiError::validation(
            vec![FieldError {
                field: "email".into(),
                message: "Enter an email address.".into(),
            }],
        ))));
    }
}
