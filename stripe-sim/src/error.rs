//! Errors: Stripe's error object for API callers (`ApiError`), and why the
//! simulator itself could not start or save (`SimError`).

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use std::path::PathBuf;

/// Why the simulator could not start, load or save its state.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The listen address is taken or not ours.
    #[error("the Stripe simulator cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: std::net::SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
    /// The state file could not be read, parsed or written.
    #[error("the Stripe simulator's state file {path}: {message}")]
    StateFile {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The HTTP client for webhook deliveries could not be built.
    #[error("the Stripe simulator's webhook client: {0}")]
    HttpClient(String),
    /// No Checkout Session has this id.
    #[error("no such checkout.session: '{0}'")]
    NoSuchSession(String),
    /// No coupon has this id.
    #[error("no such coupon: '{0}'")]
    NoSuchCoupon(String),
}

/// One of Stripe's API errors: status code plus the `{"error": {…}}` body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    /// Stripe's `type`: `invalid_request_error`, `idempotency_error`, …
    pub kind: &'static str,
    /// Stripe's `code`, e.g. `parameter_missing`.
    pub code: Option<&'static str>,
    /// The human-readable message.
    pub message: String,
    /// The request parameter at fault, in bracket form.
    pub param: Option<String>,
    /// Refused while executing (a business rule on the objects, not the
    /// parameters' form): Stripe keeps such an answer for its idempotency
    /// key and replays it.
    pub executed: bool,
}

/// Marks a response refused after the endpoint began executing (read by
/// the idempotency layer).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Executed;

impl ApiError {
    fn invalid_request(code: Option<&'static str>, message: String, param: Option<&str>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            kind: "invalid_request_error",
            code,
            message,
            param: param.map(str::to_owned),
            executed: false,
        }
    }

    /// A required parameter is absent.
    pub fn missing(param: &str) -> Self {
        Self::invalid_request(
            Some("parameter_missing"),
            format!("Missing required param: {param}."),
            Some(param),
        )
    }

    /// A parameter that must be an integer is not one.
    pub fn invalid_integer(param: &str, value: &str) -> Self {
        Self::invalid_request(
            Some("parameter_invalid_integer"),
            format!("Invalid integer: {value}"),
            Some(param),
        )
    }

    /// A parameter was sent empty where it cannot be unset.
    pub fn invalid_empty(param: &str) -> Self {
        Self::invalid_request(
            Some("parameter_invalid_empty"),
            format!(
                "You passed an empty string for '{param}'. We assume empty values are an attempt \
                 to unset a parameter; however '{param}' cannot be unset. You should remove \
                 '{param}' from your request or supply a non-empty value."
            ),
            Some(param),
        )
    }

    /// A parameter this endpoint does not know.
    pub fn unknown_param(param: &str) -> Self {
        Self::invalid_request(
            Some("parameter_unknown"),
            format!("Received unknown parameter: {param}"),
            Some(param),
        )
    }

    /// A parameter with a value Stripe rejects, without a more precise code.
    pub fn invalid(param: &str, message: impl Into<String>) -> Self {
        Self::invalid_request(None, message.into(), Some(param))
    }

    /// A request error with a specific Stripe code.
    pub fn with_code(code: &'static str, param: Option<&str>, message: impl Into<String>) -> Self {
        Self::invalid_request(Some(code), message.into(), param)
    }

    /// An object that does not exist, e.g. `No such checkout.session: 'cs_…'`.
    pub fn not_found(object: &str, id: &str, param: &str) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            ..Self::invalid_request(
                Some("resource_missing"),
                format!("No such {object}: '{id}'"),
                Some(param),
            )
        }
    }

    /// A parameter naming an object that does not exist: 400, as Stripe
    /// answers for ids in parameters (ids in the path answer 404).
    pub fn missing_reference(object: &str, id: &str, param: &str) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            ..Self::not_found(object, id, param)
        }
    }

    /// No API key, or the wrong one.
    pub fn unauthorized(message: String) -> Self {
        Self {
            status: StatusCode::UNAUTHORIZED,
            ..Self::invalid_request(None, message, None)
        }
    }

    /// An `Idempotency-Key` reused with other parameters or another endpoint.
    pub fn idempotency_mismatch(key: &str) -> Self {
        Self {
            kind: "idempotency_error",
            ..Self::invalid_request(
                None,
                format!(
                    "Keys for idempotent requests can only be used with the same parameters they \
                     were first used with. Try using a key other than '{key}' if you meant to \
                     execute a different request."
                ),
                None,
            )
        }
    }

    /// Another request with the same `Idempotency-Key` is still running.
    pub fn idempotency_in_use() -> Self {
        Self {
            status: StatusCode::CONFLICT,
            ..Self::invalid_request(
                Some("idempotency_key_in_use"),
                "There is currently another in-progress request using this Idempotent Key \
                 (that probably means you submitted twice, and the other request is still going \
                 through). Please try again later."
                    .to_owned(),
                None,
            )
        }
    }

    /// A path under `/v1` that the simulator does not serve.
    pub fn unrecognized_url(method: &str, path: &str) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            ..Self::invalid_request(
                None,
                format!(
                    "Unrecognized request URL ({method}: {path}). Please see \
                     https://stripe.com/docs or we can help at https://support.stripe.com/."
                ),
                None,
            )
        }
    }

    /// Something failed inside the simulator (e.g. saving its state).
    pub fn internal(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            kind: "api_error",
            code: None,
            message: message.into(),
            param: None,
            executed: false,
        }
    }

    /// The same error, refused while executing (kept for its idempotency
    /// key).
    pub fn executed(mut self) -> Self {
        self.executed = true;
        self
    }

    /// The JSON body, `{"error": {…}}`.
    pub fn body(&self) -> Value {
        let mut error = Map::new();
        if let Some(code) = self.code {
            error.insert("code".into(), json!(code));
            error.insert(
                "doc_url".into(),
                json!(format!(
                    "https://stripe.com/docs/error-codes/{}",
                    code.replace('_', "-")
                )),
            );
        }
        error.insert("message".into(), json!(self.message));
        if let Some(param) = &self.param {
            error.insert("param".into(), json!(param));
        }
        error.insert("type".into(), json!(self.kind));
        json!({ "error": error })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body())).into_response();
        if self.executed {
            response.extensions_mut().insert(Executed);
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"Stripe\""),
            );
        }
        response
    }
}

impl From<SimError> for ApiError {
    fn from(error: SimError) -> Self {
        tracing::error!(%error, "stripe simulator failure");
        ApiError::internal("An unknown error occurred in the Stripe simulator.")
    }
}
