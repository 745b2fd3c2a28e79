//! The renewal worker: once a minute, every subscription whose term has ended renews (with the
//! changes scheduled for it, at the price list's price then) or expires, and the reminders of
//! change windows closing, trials ending and offers expiring go. Safe on several servers: each term is ended by
//! one of them (the store's write is guarded by the term's end), each reminder sent once.

use app::state::Clock;
use app::store::SharedStore;
use std::time::Duration;

/// How often the worker looks for ended terms.
const ROUND: Duration = Duration::from_secs(60);

/// Runs the worker until the process ends.
/// `origin`: the site's address, for the links in reminders.
pub fn spawn(store: SharedStore, clock: Clock, origin: String) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match app::customers::subscriptions::service::renew_due(&store, clock.now()).await {
                Ok(0) => {}
                Ok(ended) => tracing::info!(ended, "subscription terms ended (renewed or expired)"),
                Err(error) => tracing::error!(?error, "the renewal worker could not finish its round; it tries again in a minute"),
            }
            match app::customers::subscriptions::service::send_reminders(&store, clock.now(), &origin).await {
                Ok(0) => {}
                Ok(sent) => tracing::info!(sent, "reminders sent (change windows closing, renewals, trials ending, offers expiring)"),
                Err(error) => tracing::error!(?error, "the reminders could not all be sent; the rest go in a minute"),
            }
            tokio::time::sleep(ROUND).await;
        }
    })
}
