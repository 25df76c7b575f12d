//! The command line: `tessera [serve] | migrate | seed`.

use crate::application::Application;
use crate::config::Config;
use crate::{db, seed, telemetry};
use anyhow::Context;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Tessera: course booking and payment.
#[derive(Debug, Parser)]
#[command(name = "tessera", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the site (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Insert the sample courses (idempotent) and exit.
    Seed,
    /// Run the Stripe simulator alone (for other tools and suites).
    StripeSim {
        /// Where to listen.
        #[arg(long, default_value = "127.0.0.1:12111")]
        addr: std::net::SocketAddr,
        /// Where to POST events (e.g. http://127.0.0.1:3000/api/stripe/webhook).
        #[arg(long)]
        webhook_url: Option<String>,
        /// The `whsec_…` secret events are signed with (generated if omitted).
        #[arg(long)]
        webhook_secret: Option<String>,
        /// The `sk_test_…` key callers must send (generated and logged if omitted).
        #[arg(long)]
        api_key: Option<String>,
        /// Keep objects in this JSON file across restarts.
        #[arg(long)]
        state_file: Option<std::path::PathBuf>,
        /// How long a SEPA Direct Debit stays processing before it settles,
        /// in milliseconds.
        #[arg(long, default_value_t = stripe_sim::DEFAULT_ASYNC_SETTLE_AFTER.as_millis() as u64)]
        async_delay_ms: u64,
        /// Deliver every event twice, shuffled and jittered (to test a
        /// webhook handler's idempotency and ordering).
        #[arg(long)]
        duplicate_events: bool,
    },
    /// Manage administrators.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create an admin, reading the password from standard input (first
    /// line). An existing account with that email is made an admin and given
    /// the new password.
    Create {
        /// The admin's email address.
        #[arg(long)]
        email: String,
        /// The name shown in the header and on rosters.
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
}

/// Runs the command and turns any failure into one line on stderr and a
/// non-zero exit.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("tessera: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command.unwrap_or(Command::Serve))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tessera: {}", one_line(&e));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line.
fn one_line(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let s = cause.to_string().replace('\n', " ");
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
    }
    parts.join(": ")
}

async fn run(command: Command) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    telemetry::init(config.json_logs);
    match command {
        Command::Serve => {
            let app = Application::build(config).await?;
            app.run_until_stopped(shutdown_signal()).await?;
            tracing::info!("stopped");
        }
        Command::Migrate => {
            let conn = db::connect(&config.database_url, config.database_pool).await?;
            db::migrate(&conn).await?;
            println!("migrations applied");
        }
        Command::Seed => {
            let conn = db::connect(&config.database_url, config.database_pool).await?;
            db::migrate(&conn).await?;
            let report = seed::seed(&conn).await?;
            let pictures = seed::seed_pictures(&conn).await?;
            println!(
                "sample courses: {} created, {} already present; {pictures} given a picture",
                report.created, report.existing
            );
        }
        Command::StripeSim {
            addr,
            webhook_url,
            webhook_secret,
            api_key,
            state_file,
            async_delay_ms,
            duplicate_events,
        } => {
            let mut sim = stripe_sim::SimConfig::generate(webhook_url);
            if let Some(secret) = webhook_secret {
                if !secret.starts_with("whsec_") {
                    anyhow::bail!("--webhook-secret must start with whsec_");
                }
                sim.webhook_secret = secret;
            }
            let generated_key = api_key.is_none();
            if let Some(key) = api_key {
                sim.api_key = key;
            }
            sim.state_file = state_file;
            sim.async_settle_after = std::time::Duration::from_millis(async_delay_ms);
            sim.duplicate_and_shuffle = duplicate_events;
            stripe_sim::run_standalone(addr, sim, generated_key).await?;
        }
        Command::Admin {
            command: AdminCommand::Create { email, name },
        } => {
            let mut password = String::new();
            std::io::stdin()
                .read_line(&mut password)
                .context("reading the password from standard input")?;
            let password = password.trim_end_matches(['\r', '\n']);
            let conn = db::connect(&config.database_url, config.database_pool).await?;
            db::migrate(&conn).await?;
            let outcome =
                tessera::service::accounts::create_admin(&conn, &email, &name, password).await?;
            println!("{outcome}");
        }
    }
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
