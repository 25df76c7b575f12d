//! Building and running the web application. `main` and the tests share
//! `Application::build`, so tests exercise the real router.

use crate::assets::AssetNames;
use crate::config::Config;
use crate::config::StripeMode;
use crate::db::{self, ConnectError};
use crate::guard;
use crate::health;
use crate::security::{self, SecurityPolicy};
use crate::sessions::DbSessionStore;
use crate::webhook::WebhookState;
use app::auth::ssr::Backend;
use app::{App, shell};
use axum::Router;
use axum::extract::FromRef;
use axum::routing::{get, post};
use axum_login::AuthManagerLayerBuilder;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use sea_orm::DatabaseConnection;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use stripe_sim::{self, SimConfig, SimHandle};
use tessera::service::payments::StripeGateway;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{ExpiredDeletion, Expiry, SessionManagerLayer};

/// Below this a response is sent as it is: compressing it saves less than
/// its own framing costs.
const MIN_COMPRESSED: u16 = 1024;

/// Shared state for axum handlers.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// Leptos' rendering options.
    pub leptos_options: LeptosOptions,
    /// The one database pool.
    pub db: DatabaseConnection,
    /// What the Stripe webhook needs.
    pub webhook: WebhookState,
}

/// Why the server could not start. Each prints as one clear line.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened.
    #[error(transparent)]
    Database(#[from] ConnectError),
    #[error("database migration failed: {0:#}")]
    Migrate(anyhow::Error),
    /// The Stripe simulator or client could not start.
    #[error("stripe: {0}")]
    Stripe(String),
    /// The email settings cannot be used.
    #[error("email: {0}")]
    Mail(String),
    /// The listen address is taken or not ours.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
}

/// A bound, migrated, ready-to-serve application.
pub struct Application {
    listener: TcpListener,
    router: Router,
    db: DatabaseConnection,
    addr: SocketAddr,
    gateway: StripeGateway,
    jobs: crate::jobs::Jobs,
    // Kept alive for as long as the application: dropping it stops the simulator.
    sim: Option<SimHandle>,
}

impl Application {
    /// Opens the database, migrates it, binds the address and builds the
    /// router. Port 0 picks a free port (tests).
    pub async fn build(config: Config) -> Result<Application, StartError> {
        let db = db::connect(&config.database_url, config.database_pool).await?;
        db::migrate(&db).await.map_err(StartError::Migrate)?;
        let listener = TcpListener::bind(config.site_addr)
            .await
            .map_err(|source| StartError::Bind {
                addr: config.site_addr,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            addr: config.site_addr,
            source,
        })?;
        let public_url = if config.public_url_explicit {
            config.public_url.as_str().to_owned()
        } else {
            format!("http://{addr}")
        };
        // Where forms may send the browser: Stripe Checkout (or the
        // simulator's hosted pages) is where `book_course` redirects.
        let (gateway, secret, sim, checkout_origins) = match &config.stripe {
            StripeMode::Simulated {
                addr: sim_addr,
                state_file,
                webhook_secret,
                duplicate_events,
                async_delay,
                demo,
            } => {
                if *demo {
                    tracing::warn!(
                        public_url = %public_url,
                        "STRIPE_SIMULATOR=on: payments are simulated, no money is taken; every page says \"Test mode\""
                    );
                }
                let mut sim_config =
                    SimConfig::generate(Some(format!("http://{addr}/api/stripe/webhook")));
                sim_config.state_file = state_file.clone();
                if let Some(secret) = webhook_secret {
                    sim_config.webhook_secret = secret.expose().to_owned();
                }
                sim_config.duplicate_and_shuffle = *duplicate_events;
                if let Some(delay) = async_delay {
                    sim_config.async_settle_after = *delay;
                }
                let sim = stripe_sim::spawn(sim_config, *sim_addr)
                    .await
                    .map_err(|e| {
                        StartError::Stripe(format!("the simulator cannot start on {sim_addr}: {e}"))
                    })?;
                tracing::info!(addr = %sim.addr, "simulated Stripe is running (no STRIPE_SECRET_KEY)");
                let gateway = StripeGateway::new(&sim.api_key, Some(&sim.base_url), &public_url)
                    .map_err(|e| StartError::Stripe(e.to_string()))?
                    .with_timeout(config.stripe_timeout)
                    .with_refund_policy(config.refund_policy());
                let checkout = vec![sim.base_url.clone()];
                (gateway, sim.webhook_secret.clone(), Some(sim), checkout)
            }
            StripeMode::Live {
                secret_key,
                webhook_secret,
                api_base,
            } => {
                let gateway =
                    StripeGateway::new(secret_key.expose(), api_base.as_deref(), &public_url)
                        .map_err(|e| StartError::Stripe(e.to_string()))?
                        .with_timeout(config.stripe_timeout)
                        .with_refund_policy(config.refund_policy());
                let checkout = std::iter::once(security::STRIPE_CHECKOUT_ORIGIN.to_owned())
                    .chain(api_base.clone())
                    .collect::<Vec<_>>();
                (gateway, webhook_secret.expose().to_owned(), None, checkout)
            }
        };
        let webhook = WebhookState {
            db: db.clone(),
            secret: Arc::from(secret.as_str()),
            gateway: gateway.clone(),
        };
        let security_policy = SecurityPolicy::new(&public_url, &checkout_origins);
        let router = router(&config, db.clone(), addr, webhook, security_policy);
        let mailer = crate::mail::Mailer::new(&config.mail, &public_url)
            .map_err(|e| StartError::Mail(e.to_string()))?;
        tracing::info!(to = %mailer.describe(), "emails are sent");
        let router = router.layer(axum::Extension(crate::calendar::SiteUrl(Arc::from(
            public_url.as_str(),
        ))));
        let jobs = crate::jobs::Jobs::start(
            db.clone(),
            gateway.clone(),
            mailer,
            crate::jobs::JobSettings {
                waitlist: config.waitlist,
                reminder_before: config.reminder_before,
            },
        );
        Ok(Application {
            listener,
            router,
            db,
            addr,
            gateway,
            jobs,
            sim,
        })
    }

    /// The Stripe client the application uses (tests drive payments with it).
    pub fn gateway(&self) -> &StripeGateway {
        &self.gateway
    }

    /// The simulator, when running in simulated mode.
    pub fn simulator(&self) -> Option<&SimHandle> {
        self.sim.as_ref()
    }

    /// The address actually bound.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The database pool (tests arrange data through it).
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Serves until `shutdown` resolves, then finishes in-flight requests.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        tracing::info!(addr = %self.addr, "Tessera is serving");
        let served = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        // In-flight requests are done: stop the jobs, then the simulator.
        self.jobs.stop().await;
        if let Some(sim) = self.sim {
            sim.shutdown().await;
        }
        served
    }
}

/// `hash.txt`, which a release build writes beside the binary: the content
/// hashes in the asset file names (Leptos reads it from there too).
fn asset_names() -> AssetNames {
    let beside_binary = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")));
    match beside_binary {
        Some(file) if file.exists() => AssetNames::Hashed,
        _ => AssetNames::Plain,
    }
}

fn leptos_options(config: &Config, addr: SocketAddr, names: AssetNames) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("tessera")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .hash_files(names == AssetNames::Hashed)
        .build()
}

/// The whole HTTP surface. `security_policy` carries the effective public origin
/// (state-changing requests must come from it) and the CSP's sources.
pub fn router(
    config: &Config,
    db: DatabaseConnection,
    addr: SocketAddr,
    webhook: WebhookState,
    security_policy: SecurityPolicy,
) -> Router {
    let names = asset_names();
    let leptos_options = leptos_options(config, addr, names);
    // Under `cargo leptos watch`, `AutoReload` opens a websocket.
    let security_policy = if std::env::var_os("LEPTOS_WATCH").is_some() {
        security_policy.with_live_reload(leptos_options.reload_port)
    } else {
        security_policy
    };
    let gateway = webhook.gateway.clone();
    let test_mode = matches!(config.stripe, StripeMode::Simulated { demo: true, .. });
    let policy = config.refund_policy();
    let waitlist_policy = config.waitlist;
    // The site as a WebAuthn relying party, where its address allows one.
    let passkeys = app::auth::ssr::Passkeys(
        tessera::service::passkeys::relying_party(security_policy.origin(), "Tessera")
            .map(std::sync::Arc::new),
    );
    let state = AppState {
        leptos_options: leptos_options.clone(),
        db: db.clone(),
        webhook,
    };
    let routes = route_list();
    let store = DbSessionStore::new(&db);
    // Expired sessions are deleted hourly; a failure is logged, not fatal.
    tokio::spawn({
        let store = store.clone();
        async move {
            if let Err(e) = store
                .continuously_delete_expired(std::time::Duration::from_secs(3600))
                .await
            {
                tracing::warn!(error = %e, "expired-session cleanup stopped");
            }
        }
    });
    // On https the `__Host-` prefix makes browsers refuse the cookie unless
    // it is Secure, host-only and for `/`: no sibling domain can plant one.
    let sessions = SessionManagerLayer::new(store)
        .with_name(if config.public_url.is_https() {
            "__Host-tessera_session"
        } else {
            "tessera_session"
        })
        .with_path("/")
        .with_same_site(SameSite::Lax)
        .with_http_only(true)
        .with_secure(config.public_url.is_https())
        .with_expiry(Expiry::OnInactivity(time::Duration::days(14)));
    let auth = AuthManagerLayerBuilder::new(Backend::new(db.clone()), sessions)
        .with_data_key(app::auth::ssr::SESSION_USER_KEY)
        .build();
    // Where the site is, for addresses shown whole (the calendar feed's).
    let origin = app::api::calendar::PublicOrigin(std::sync::Arc::from(security_policy.origin()));
    let site_zone = config.site_zone;
    let context = {
        let db = db.clone();
        move || {
            provide_context(db.clone());
            provide_context(site_zone);
            provide_context(gateway.clone());
            provide_context(policy);
            provide_context(waitlist_policy);
            provide_context(passkeys.clone());
            provide_context(origin.clone());
            if test_mode {
                provide_context(app::TestMode);
            }
            // The CSP nonce of this response, on Leptos' inline scripts.
            security::provide_leptos_nonce();
        }
    };
    // The process-wide metrics recorder, before anything records.
    crate::metrics::install();
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route(
            "/metrics",
            get(crate::metrics::metrics).route_layer(axum::middleware::from_fn_with_state(
                config.metrics_token.clone(),
                crate::metrics::require_token,
            )),
        )
        .route("/logout", post(guard::logout))
        .route(
            "/language",
            post({
                let secure_cookies = config.public_url.is_https();
                move |db, auth, form| crate::language::switch(db, auth, form, secure_cookies)
            }),
        )
        .route("/api/stripe/webhook", post(crate::webhook::stripe_webhook))
        .route(
            "/bookings/{id}/calendar.ics",
            get(crate::calendar::booking_calendar),
        )
        .route("/calendar/{file}", get(crate::calendar::feed_calendar))
        .route("/bookings/{id}/pay", get(crate::pay_link::pay_link))
        .route("/account/my-data.json", get(crate::my_data::my_data))
        .route(
            "/account/photo",
            post(crate::photo::upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    // The largest photo taken, and the form around it.
                    tessera::service::photos::MOST_BYTES + 64 * 1024,
                ))
                // Where signing in after a refused upload goes back to.
                .get(|| async { axum::response::Redirect::to("/account") }),
        )
        .route("/account/photo/remove", post(crate::photo::remove))
        .route("/photos/{file}", get(crate::photo::serve))
        .route(
            "/admin/courses/{id}/picture",
            post(crate::picture::upload).layer(axum::extract::DefaultBodyLimit::max(
                // The largest picture taken, and the form around it.
                tessera::service::course_pictures::MOST_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/admin/courses/{id}/picture/remove",
            post(crate::picture::remove),
        )
        .route("/pictures/{file}", get(crate::picture::serve))
        .route("/invoices/{file}", get(crate::invoice::invoice_pdf))
        .route("/sitemap.xml", get(crate::sitemap::sitemap))
        .route("/admin/invoices.csv", get(crate::invoice::invoices_csv))
        .route(
            "/admin/courses/{id}/roster.csv",
            get(crate::roster_csv::roster_csv),
        )
        .route(
            "/admin/vouchers/{id}/redemptions.csv",
            get(crate::voucher_csv::voucher_uses_csv),
        )
        .merge(crate::assets::routes(
            std::path::Path::new(&config.site_root),
            names,
        ))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        // Every request passes these, outermost first. One composed layer
        // rather than one `Router::layer` each: axum boxes a route anew per
        // `layer` call and each middleware clones the service inside it per
        // request, so a dozen separate layers meant ~70 boxed clones (and as
        // many shared reference counts bouncing between cores) per request.
        .layer(
            tower::ServiceBuilder::new()
                // Times every response, refusals included.
                .layer(axum::middleware::from_fn(crate::metrics::track))
                .layer(axum::middleware::from_fn(
                    security::no_compression_with_query,
                ))
                // Pages and API answers compressed as the browser asks, zstd
                // or gzip at their default levels. No Brotli on the fly: it
                // served half the pages per second of zstd for 6% fewer
                // bytes, and its window doubled peak memory
                // (docs/performance.md). Assets come precompressed (Brotli
                // too), with their Content-Encoding set, and are left alone.
                .layer(
                    CompressionLayer::new()
                        .no_br()
                        .no_deflate()
                        .compress_when(DefaultPredicate::new().and(SizeAbove::new(MIN_COMPRESSED))),
                )
                // Request id, then the span that carries it, then the
                // security headers (on refusals too), then the origin check,
                // before sessions are touched.
                .layer(axum::middleware::from_fn(security::request_id))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(security::request_span::<axum::body::Body>),
                )
                .layer(axum::middleware::from_fn_with_state(
                    security_policy.clone(),
                    security::security_headers,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    security_policy,
                    security::csrf,
                ))
                .layer(auth)
                // Needs the member (their account's language).
                .layer(axum::middleware::from_fn(crate::language::choose))
                .layer(axum::middleware::from_fn_with_state(
                    db.clone(),
                    guard::guard,
                ))
                // Inside auth (it keys bookings by the signed-in member),
                // inside the guard (so its 429s get the same headers).
                .layer(axum::middleware::from_fn_with_state(
                    crate::rate_limit::RateLimiter::new(&config.rate_limits),
                    crate::rate_limit::limit,
                ))
                // A form posted without JavaScript: its success in the URL back.
                .layer(axum::middleware::from_fn(crate::plain_form::mark_success)),
        )
        .with_state(state)
}

/// The app's routes, listed once per process. Listing them renders the app
/// with resource loading switched off process-wide (a global flag in
/// Leptos), and a page that another application in the same process starts
/// rendering meanwhile waits forever (leptos-rs/leptos#4773). A deployment
/// builds one application before it serves; the tests build hundreds while
/// others serve, and about one fresh application's first page in forty hung.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}
