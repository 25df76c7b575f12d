//! A Stripe simulator: a faithful stand-in for the parts of Stripe's HTTP
//! API Tessera uses (Checkout Sessions, Coupons, PaymentIntents, Charges,
//! Refunds, Events), a hosted checkout page that behaves like Stripe's test
//! cards and test IBANs (SEPA Direct Debit, settled after a delay), and
//! signed webhooks with retries. The app talks to it through async-stripe
//! unchanged; only the base URL differs.

mod api;
mod error;
mod expiry;
mod form;
mod hosted;
mod ids;
mod ledger;
mod model;
mod money;
mod page;
mod refunds;
mod render;
mod settle;
mod signature;
mod state;
mod store;
mod webhooks;

pub use error::SimError;
pub use render::API_VERSION;
pub use signature::sign;
pub use state::SimState;
pub use store::EVENT_TYPES;

use axum::Router;
use axum::routing::get;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How the simulator runs.
#[derive(Clone)]
pub struct SimConfig {
    /// The secret key callers must send: `Authorization: Bearer sk_test_…`.
    pub api_key: String,
    /// Where events are POSTed; `None` keeps them for `GET /v1/events` only.
    pub webhook_url: Option<String>,
    /// The `whsec_…` secret webhooks are signed with.
    pub webhook_secret: String,
    /// Base URL for hosted-page links; default `http://{bound address}`.
    pub public_base: Option<String>,
    /// JSON snapshot of all objects: read at start, rewritten after each change.
    pub state_file: Option<PathBuf>,
    /// Delays before each webhook retry; deliveries stop when it runs out.
    pub retry_schedule: Vec<Duration>,
    /// Test switch: deliver every event twice, shuffled and jittered.
    pub duplicate_and_shuffle: bool,
    /// How long a SEPA Direct Debit stays processing before it succeeds or
    /// fails (Stripe's test IBANs take minutes; real debits take days).
    pub async_settle_after: Duration,
}

/// The default `async_settle_after`.
pub const DEFAULT_ASYNC_SETTLE_AFTER: Duration = Duration::from_secs(10);

impl SimConfig {
    /// A configuration with fresh random `sk_test_…` and `whsec_…` secrets,
    /// the default retry schedule and no state file.
    pub fn generate(webhook_url: Option<String>) -> Self {
        SimConfig {
            api_key: format!("sk_test_{}", ids::random_token(32)),
            webhook_url,
            webhook_secret: format!("whsec_{}", ids::random_token(32)),
            public_base: None,
            state_file: None,
            retry_schedule: webhooks::default_retry_schedule(),
            duplicate_and_shuffle: false,
            async_settle_after: DEFAULT_ASYNC_SETTLE_AFTER,
        }
    }
}

impl fmt::Debug for SimConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimConfig")
            .field("api_key", &"[redacted]")
            .field("webhook_url", &self.webhook_url)
            .field("webhook_secret", &"[redacted]")
            .field("public_base", &self.public_base)
            .field("state_file", &self.state_file)
            .field("retry_schedule", &self.retry_schedule)
            .field("duplicate_and_shuffle", &self.duplicate_and_shuffle)
            .field("async_settle_after", &self.async_settle_after)
            .finish()
    }
}

/// A running simulator. Dropping it stops the simulator; `shutdown` also
/// waits for it to finish.
pub struct SimHandle {
    /// The bound address.
    pub addr: SocketAddr,
    /// `http://{addr}`: the API base for async-stripe's `ClientBuilder::url`.
    pub base_url: String,
    /// The secret key the simulator accepts.
    pub api_key: String,
    /// The secret webhooks are signed with.
    pub webhook_secret: String,
    state: SimState,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl SimHandle {
    /// The simulator's state, e.g. for `SimState::set_session_expires_at`.
    pub fn state(&self) -> &SimState {
        &self.state
    }

    /// Stops serving and the background tasks, and waits (up to 5 s) for them.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        for task in std::mem::take(&mut self.tasks) {
            let abort = task.abort_handle();
            if tokio::time::timeout(Duration::from_secs(5), task)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

impl fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimHandle")
            .field("addr", &self.addr)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// Binds `addr` (port 0 picks a free port), then serves the API and the
/// hosted pages and runs the expiry, settlement and webhook tasks in the
/// background.
pub async fn spawn(config: SimConfig, addr: SocketAddr) -> Result<SimHandle, SimError> {
    let bind_error = |source| SimError::Bind { addr, source };
    let listener = TcpListener::bind(addr).await.map_err(bind_error)?;
    let addr = listener.local_addr().map_err(bind_error)?;
    let base_url = format!("http://{addr}");
    let public_base = config
        .public_base
        .clone()
        .unwrap_or_else(|| base_url.clone());
    let (api_key, webhook_secret) = (config.api_key.clone(), config.webhook_secret.clone());
    let state = SimState::new(config, public_base)?;
    let (stop, stopped) = watch::channel(false);
    let app = router(state.clone());
    let mut server_stop = stopped.clone();
    let server = tokio::spawn(async move {
        let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = server_stop.changed().await;
        });
        if let Err(error) = serve.await {
            tracing::error!(%error, "stripe simulator stopped serving");
        }
    });
    let tasks = vec![
        server,
        tokio::spawn(expiry::run(state.clone(), stopped.clone())),
        tokio::spawn(settle::run(state.clone(), stopped.clone())),
        tokio::spawn(webhooks::run(state.clone(), stopped)),
    ];
    tracing::info!(%base_url, "stripe simulator listening");
    Ok(SimHandle {
        addr,
        base_url,
        api_key,
        webhook_secret,
        state,
        stop,
        tasks,
    })
}

/// The simulator's routes: `/v1/…` (the API) and `/c/pay/{id}` (hosted
/// checkout). Background tasks are not included; `spawn` runs them.
pub fn router(state: SimState) -> Router {
    let pages = Router::new()
        .route("/", get(hosted::index))
        .route("/c/pay/{id}", get(hosted::show).post(hosted::pay))
        .with_state(state.clone());
    api::router(state).merge(pages)
}

/// Runs the simulator alone until Ctrl-C (`tessera stripe-sim`). A key the
/// caller generated (`generated_key`) is logged, so clients can use it.
pub async fn run_standalone(
    addr: SocketAddr,
    config: SimConfig,
    generated_key: bool,
) -> anyhow::Result<()> {
    let handle = spawn(config, addr).await?;
    if generated_key {
        tracing::info!(api_key = %handle.api_key, "stripe simulator: use this secret key");
    }
    tokio::signal::ctrl_c().await?;
    tracing::info!("stripe simulator shutting down");
    handle.shutdown().await;
    Ok(())
}
