//! How a page's loaded data travel to the browser for hydration.
//!
//! The server writes each resource's encoded value into the page as a
//! JavaScript string literal, escaped one character at a time. JSON is full
//! of quotes, and escaping them cost the dashboard more than encoding the
//! JSON did. [`PageData`] sends the same JSON as base64 instead: a little
//! longer, with nothing to escape (and no `<` that could close the script).
//! Server functions called from the browser still answer plain JSON.

use leptos::prelude::Resource;
use leptos::server::codee::{Decoder, Encoder};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::future::Future;

/// JSON bytes, which Leptos writes into the page as base64.
pub struct PageData;

impl<T: Serialize> Encoder<T> for PageData {
    type Error = serde_json::Error;
    type Encoded = Vec<u8>;

    fn encode(value: &T) -> Result<Vec<u8>, serde_json::Error> {
        serde_json::to_vec(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for PageData {
    type Error = serde_json::Error;
    type Encoded = [u8];

    fn decode(bytes: &[u8]) -> Result<T, serde_json::Error> {
        serde_json::from_slice(bytes)
    }
}

/// A resource whose value reaches the browser as [`PageData`]; otherwise
/// `Resource::new`.
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
    fn garbage_is_an_error_not_a_panic() {
        assert!(<PageData as Decoder<Vec<Row>>>::decode(b"\xff{").is_err());
    }
}
