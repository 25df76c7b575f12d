//! Test harness: a simulator on a free port, an async-stripe client pointed
//! at it (exactly as the app builds one), and a webhook receiver that
//! records what it gets and can be told to fail.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use serde_json::Value;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use stripe::Client;
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionLineItemsPriceData,
    ProductData,
};
use stripe_checkout::{CheckoutSession, CheckoutSessionMode};
use stripe_sim::{self, SimConfig, SimHandle};
use tokio::sync::Notify;

/// How long any wait in these tests may take.
pub const WAIT: Duration = Duration::from_secs(10);

/// A fast retry schedule for tests: 50 ms, 100 ms, 200 ms, …
pub fn fast_retries() -> Vec<Duration> {
    (0..6).map(|n| Duration::from_millis(50 << n)).collect()
}

/// A running simulator, a client for its API and a receiver for its webhooks.
pub struct Sim {
    pub handle: SimHandle,
    pub stripe: Client,
    pub receiver: Receiver,
}

impl Sim {
    /// A simulator delivering to a fresh receiver that accepts everything.
    pub async fn start() -> Sim {
        Sim::start_with(0, |_| {}).await
    }

    /// A simulator whose receiver fails its first `failures` requests, with
    /// the configuration adjusted by `configure`.
    pub async fn start_with(failures: usize, configure: impl FnOnce(&mut SimConfig)) -> Sim {
        let receiver = Receiver::start(failures).await;
        let mut config = SimConfig::generate(Some(receiver.url.clone()));
        config.retry_schedule = fast_retries();
        configure(&mut config);
        let handle = spawn(config).await;
        let stripe = client(&handle);
        Sim {
            handle,
            stripe,
            receiver,
        }
    }

    /// Creates a €49.00 session for one seat with Tessera's metadata.
    pub async fn create_session(&self) -> CheckoutSession {
        new_session("eur", 4900)
            .send(&self.stripe)
            .await
            .expect("create a checkout session")
    }
}

/// Spawns a simulator on 127.0.0.1:0.
pub async fn spawn(config: SimConfig) -> SimHandle {
    stripe_sim::spawn(config, "127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("spawn the simulator")
}

/// async-stripe's client, pointed at the simulator as the app will do it.
pub fn client(handle: &SimHandle) -> Client {
    stripe::ClientBuilder::new(handle.api_key.clone())
        .url(handle.base_url.clone())
        .build()
        .expect("build the stripe client")
}

/// A session request as `book_course` will make it.
pub fn new_session(currency: &str, unit_amount: i64) -> CreateCheckoutSession {
    new_session_for(currency, unit_amount, 1)
}

/// A session request for `quantity` seats.
pub fn new_session_for(currency: &str, unit_amount: i64, quantity: u64) -> CreateCheckoutSession {
    let currency: stripe_types::Currency = currency.parse().expect("currency");
    let mut price = CreateCheckoutSessionLineItemsPriceData::new(currency);
    price.unit_amount = Some(unit_amount);
    price.product_data = Some(ProductData::new("Pottery for beginners"));
    let mut item = CreateCheckoutSessionLineItems::new();
    item.price_data = Some(price);
    item.quantity = Some(quantity);
    let metadata = HashMap::from([
        ("booking_id".to_owned(), "7".to_owned()),
        ("user_id".to_owned(), "3".to_owned()),
        ("course_id".to_owned(), "11".to_owned()),
    ]);
    CreateCheckoutSession::new()
        .mode(CheckoutSessionMode::Payment)
        .line_items(vec![item])
        .client_reference_id("7")
        .customer_email("ada@example.com")
        .metadata(metadata)
        .expires_at(now() + 31 * 60)
        .success_url("http://app.test/payment/success?session_id={CHECKOUT_SESSION_ID}")
        .cancel_url("http://app.test/payment/cancel?booking=7")
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The text of the session's hosted page, as the payer sees it on coming back.
pub async fn hosted_page(session: &CheckoutSession) -> String {
    http()
        .get(session.url.clone().expect("the page's link"))
        .send()
        .await
        .expect("get the page")
        .text()
        .await
        .expect("the page's text")
}

/// A plain HTTP client that does not follow redirects.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client")
}

/// GETs an API path with the simulator's key: status and JSON body.
pub async fn get_json(handle: &SimHandle, path: &str) -> (u16, Value) {
    let response = http()
        .get(format!("{}{path}", handle.base_url))
        .bearer_auth(&handle.api_key)
        .send()
        .await
        .expect("send");
    let status = response.status().as_u16();
    (status, body_json(response).await)
}

/// POSTs a raw form body to an API path with the simulator's key (and an
/// `Idempotency-Key` if given): status and JSON body.
pub async fn post_form(
    handle: &SimHandle,
    path: &str,
    body: &str,
    key: Option<&str>,
) -> (u16, Value) {
    let mut request = http()
        .post(format!("{}{path}", handle.base_url))
        .bearer_auth(&handle.api_key)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_owned());
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    let response = request.send().await.expect("send");
    let status = response.status().as_u16();
    (status, body_json(response).await)
}

/// A response body parsed as JSON.
pub async fn body_json(response: reqwest::Response) -> Value {
    let text = response.text().await.expect("body");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON body ({e}): {text}"))
}

/// Submits the hosted page's form for `session` with `card_number`.
pub async fn pay(session: &CheckoutSession, card_number: &str) -> reqwest::Response {
    let url = session.url.clone().expect("an open session has a url");
    http()
        .post(url)
        .form(&[
            ("email", "ada@example.com"),
            ("card_number", card_number),
            ("card_expiry", "12 / 34"),
            ("card_cvc", "123"),
        ])
        .send()
        .await
        .expect("post the hosted page")
}

/// Polls `probe` until it yields a value or `WAIT` passes.
pub async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        if let Some(value) = probe().await {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// One webhook request as the receiver saw it.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub body: String,
    pub signature: String,
    pub status: u16,
}

impl Delivery {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("webhook body is JSON")
    }

    /// The event's `type`.
    pub fn kind(&self) -> String {
        self.json()["type"].as_str().unwrap_or_default().to_owned()
    }

    /// The event's `id`.
    pub fn event_id(&self) -> String {
        self.json()["id"].as_str().unwrap_or_default().to_owned()
    }
}

#[derive(Default)]
struct Inbox {
    deliveries: Vec<Delivery>,
    failures_left: usize,
}

/// A webhook endpoint on 127.0.0.1:0 recording every request.
pub struct Receiver {
    pub url: String,
    inbox: Arc<Mutex<Inbox>>,
    arrived: Arc<Notify>,
}

impl Receiver {
    /// Starts a receiver answering 500 to its first `failures` requests.
    pub async fn start(failures: usize) -> Receiver {
        let inbox = Arc::new(Mutex::new(Inbox {
            failures_left: failures,
            ..Inbox::default()
        }));
        let arrived = Arc::new(Notify::new());
        let app = Router::new()
            .route("/webhook", post(receive))
            .with_state((inbox.clone(), arrived.clone()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the receiver");
        let addr = listener.local_addr().expect("receiver addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        Receiver {
            url: format!("http://{addr}/webhook"),
            inbox,
            arrived,
        }
    }

    /// Everything received so far, failed attempts included.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.inbox.lock().expect("inbox").deliveries.clone()
    }

    /// Waits until an accepted delivery of `kind` arrives, and returns it.
    pub async fn wait_for(&self, kind: &str) -> Delivery {
        self.wait_for_count(kind, 1).await.remove(0)
    }

    /// Waits until an accepted delivery of `kind` whose event JSON passes
    /// `matches` arrives, and returns it.
    pub async fn wait_for_matching(
        &self,
        kind: &str,
        matches: impl Fn(&Value) -> bool,
    ) -> Delivery {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let arrived = self.arrived.notified();
            let found = self
                .deliveries()
                .into_iter()
                .find(|d| d.status == 200 && d.kind() == kind && matches(&d.json()));
            if let Some(delivery) = found {
                return delivery;
            }
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            assert!(
                tokio::time::timeout(left, arrived).await.is_ok(),
                "timed out waiting for a matching {kind}"
            );
        }
    }

    /// Waits until `count` accepted deliveries of `kind` arrived.
    pub async fn wait_for_count(&self, kind: &str, count: usize) -> Vec<Delivery> {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let arrived = self.arrived.notified();
            let matching: Vec<Delivery> = self
                .deliveries()
                .into_iter()
                .filter(|d| d.status == 200 && d.kind() == kind)
                .collect();
            if matching.len() >= count {
                return matching;
            }
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            assert!(
                tokio::time::timeout(left, arrived).await.is_ok(),
                "timed out waiting for {count} × {kind}; got {:?}",
                self.deliveries()
                    .iter()
                    .map(Delivery::kind)
                    .collect::<Vec<_>>()
            );
        }
    }
}

async fn receive(
    State((inbox, arrived)): State<(Arc<Mutex<Inbox>>, Arc<Notify>)>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let status = {
        let mut inbox = inbox.lock().expect("inbox");
        let status = if inbox.failures_left > 0 {
            inbox.failures_left -= 1;
            StatusCode::INTERNAL_SERVER_ERROR
        } else {
            StatusCode::OK
        };
        inbox.deliveries.push(Delivery {
            body: String::from_utf8_lossy(&body).into_owned(),
            signature: headers
                .get("stripe-signature")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned(),
            status: status.as_u16(),
        });
        status
    };
    arrived.notify_waiters();
    status
}
