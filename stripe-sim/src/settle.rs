//! SEPA Direct Debits settle after `SimConfig::async_settle_after`: a
//! background task sleeps until the earliest one is due (or until the store
//! changes), then settles what is due, emitting the events Stripe sends when
//! the bank answers. Pending debits are part of the saved state, so one due
//! while the simulator was down settles as soon as it is back.

use super::ids::now_ms;
use super::ledger;
use super::model::Origin;
use super::state::SimState;
use std::time::Duration;
use tokio::sync::watch;

/// Longest sleep between checks, in case the wall clock jumps.
const MAX_SLEEP: Duration = Duration::from_secs(60);

/// Settles due direct debits until `shutdown` fires.
pub(crate) async fn run(state: SimState, mut shutdown: watch::Receiver<bool>) {
    loop {
        let next = state.lock().await.next_settlement_due();
        let wait = next.map_or(MAX_SLEEP, |due| {
            let ms = due.saturating_sub(now_ms());
            Duration::from_millis(u64::try_from(ms).unwrap_or(0)).min(MAX_SLEEP)
        });
        if !wait.is_zero() {
            tokio::select! {
                _ = state.settlements_changed() => continue,
                _ = tokio::time::sleep(wait) => {}
                _ = shutdown.changed() => return,
            }
        }
        let fx = state.effects(Origin::default());
        let mut store = state.lock().await;
        let settled = ledger::settle_due(&mut store, &fx);
        if settled > 0 {
            tracing::info!(settled, "stripe simulator settled direct debits");
            if let Err(error) = state.commit(&store).await {
                tracing::error!(%error, "stripe simulator could not save settled debits");
            }
        }
    }
}
