//! The error every server function returns: one of `tessera::ErrorCode`s
//! with a friendly message, which survives the trip to the browser intact.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use tessera::{ApiError, ErrorCode};

/// A server function's refusal, as the person sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{0}")]
pub struct AppError(pub ApiError);

impl AppError {
    /// The code with its standard message.
    pub fn new(code: ErrorCode) -> Self {
        AppError(ApiError::new(code))
    }

    /// The machine-readable code.
    pub fn code(&self) -> ErrorCode {
        self.0.code
    }

    /// The sentence to show.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// An unexpected failure: the details go to the log, the person gets
    /// the generic `internal` message.
    #[cfg(feature = "ssr")]
    pub fn internal(context: &str, err: impl std::fmt::Display) -> Self {
        tracing::error!(error = %err, "{context}");
        AppError::new(ErrorCode::Internal)
    }
}

impl From<ErrorCode> for AppError {
    fn from(code: ErrorCode) -> Self {
        AppError::new(code)
    }
}

impl From<ApiError> for AppError {
    fn from(e: ApiError) -> Self {
        AppError(e)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request never reached the server or its answer was lost.
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => {
                AppError(ApiError::with_message(ErrorCode::Internal, unreachable()))
            }
            // Malformed arguments: say so without echoing internals.
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => {
                // The arguments failed to decode, so the function never ran
                // and nothing else sets the status: server_fn would answer
                // 500 for the person's own mistake. 422, like `validation`.
                #[cfg(feature = "ssr")]
                crate::api::ssr::set_status(ErrorCode::Validation.http_status());
                AppError(ApiError::with_message(ErrorCode::Validation, malformed()))
            }
            _ => AppError(ApiError::with_message(ErrorCode::Internal, unreachable())),
        }
    }
}

/// "We couldn't reach Tessera": said in the browser, which has no
/// translations, so the page carries the sentence (`<body data-unreachable>`).
fn unreachable() -> String {
    #[cfg(feature = "ssr")]
    {
        tessera::said!("unreachable")
    }
    #[cfg(not(feature = "ssr"))]
    {
        leptos::prelude::document()
            .body()
            .and_then(|body| body.get_attribute("data-unreachable"))
            .unwrap_or_default()
    }
}

/// "Some details were missing or malformed": the server's words for
/// arguments it could not decode; in the browser, an answer it could not
/// decode reads as not reaching Tessera.
fn malformed() -> String {
    #[cfg(feature = "ssr")]
    {
        tessera::said!("request-malformed")
    }
    #[cfg(not(feature = "ssr"))]
    {
        unreachable()
    }
}
