//! Sessions expire at `expires_at`: a background task sleeps until the
//! earliest open session's deadline (or until sessions change), then
//! expires what is due, emitting `checkout.session.expired`.

use super::ids::now_ms;
use super::ledger;
use super::model::{Origin, SessionStatus};
use super::state::SimState;
use std::time::Duration;
use tokio::sync::watch;

/// Longest sleep between checks, in case the wall clock jumps.
const MAX_SLEEP: Duration = Duration::from_secs(60);

/// Expires due sessions until `shutdown` fires.
pub(crate) async fn run(state: SimState, mut shutdown: watch::Receiver<bool>) {
    loop {
        let next = {
            let store = state.lock().await;
            store
                .sessions
                .iter()
                .filter(|s| s.status == SessionStatus::Open)
                .map(|s| s.expires_at)
                .min()
        };
        let wait = next.map_or(MAX_SLEEP, |at| {
            let ms = at.saturating_mul(1000).saturating_sub(now_ms());
            Duration::from_millis(u64::try_from(ms).unwrap_or(0)).min(MAX_SLEEP)
        });
        if !wait.is_zero() {
            tokio::select! {
                _ = state.sessions_changed() => continue,
                _ = tokio::time::sleep(wait) => {}
                _ = shutdown.changed() => return,
            }
        }
        let fx = state.effects(Origin::default());
        let mut store = state.lock().await;
        let expired = ledger::expire_due(&mut store, &fx);
        if expired > 0 {
            tracing::info!(expired, "stripe simulator expired checkout sessions");
            if let Err(error) = state.commit(&store).await {
                tracing::error!(%error, "stripe simulator could not save expired sessions");
            }
        }
    }
}
