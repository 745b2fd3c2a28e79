//! Binding, serving, and stopping gracefully.

use super::*;

/// Binds, serves until SIGTERM or Ctrl-C, then finishes the requests in flight.
pub async fn serve(cli: &Cli, store: SharedStore) -> Result<(), String> {
    use axum::serve::{Listener, ListenerExt};
    use std::future::IntoFuture;
    let mut options = leptos_options(cli)?;
    let addr = cli.listen.unwrap_or(options.site_addr);
    // Links in email use PUBLIC_URL, else this address (auth::ssr::email_origin).
    options.site_addr = addr;
    if cli.public_url.is_none() && cli.smtp_url.is_some() {
        tracing::warn!(%addr, "PUBLIC_URL is not set: links in email point to the listen address; set PUBLIC_URL to the address people use");
    }
    spawn_session_cleanup(store.clone());
    let webhooks = WebhookPolicy { allow_private: cli.webhooks_allow_private };
    if webhooks.allow_private {
        tracing::warn!("webhooks may be sent to private and loopback addresses (--webhooks-allow-private): never do this in production");
    }
    crate::webhooks::spawn(store.clone(), crate::webhooks::WorkerConfig { policy: webhooks, ..Default::default() })?;
    let mail = crate::mail::MailConfig::from_settings(cli.smtp_url.as_deref(), &cli.mail_from, cli.mail_dir.clone())?;
    let mailbox = match &mail.outbox {
        crate::mail::Outbox::Folder(folder) => Some(folder.clone()),
        crate::mail::Outbox::Smtp(_) => None,
    };
    crate::mail::spawn(store.clone(), mail);
    let limits = PublicLimits { per_minute: cli.public_rate_limit, trust_forwarded_for: cli.trust_forwarded_for };
    let first_run_store = store.clone();
    let secret_key = crate::config::secret_key(cli)?;
    let sealed =
        app::auth::mfa::service::seal_kept_secrets(&store, &secret_key).await.map_err(|e| format!("cannot seal the two-step secrets: {e:?}"))?;
    if sealed > 0 {
        tracing::info!(users = sealed, "sealed the two-step secrets kept before sealing existed");
    }
    let clock = app::state::Clock::system();
    crate::renewals::spawn(
        store.clone(),
        clock.clone(),
        cli.public_url.as_deref().map(|u| u.trim_end_matches('/').to_string()).unwrap_or_else(|| format!("http://{addr}")),
    );
    let settings = ServerSettings { public_url: cli.public_url.clone(), limits, webhooks, mailbox, secret_key, clock };
    let app = router_with_settings(options, store, settings);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?
        // Without TCP_NODELAY, small responses on keep-alive connections wait ~40 ms (Nagle).
        .tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::warn!(error = %e, "could not set TCP_NODELAY");
            }
        });
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(%local, "PartnerDesk is listening");
    println!("PartnerDesk is running at http://{local}/");
    // An installation without accounts: the one-time code that creates the first operator.
    if let Some(code) = app::auth::first_run::service::prepare(&first_run_store).await.map_err(|e| format!("cannot prepare the first run: {e:?}"))? {
        let site = cli.public_url.clone().unwrap_or_else(|| format!("http://{local}"));
        tracing::warn!(
            "PartnerDesk has no accounts yet: open {site}{} and enter the setup code printed on the console",
            app::auth::first_run::SETUP_PATH
        );
        println!("PartnerDesk has no accounts yet. Open {site}{} and enter this setup code: {code}", app::auth::first_run::SETUP_PATH);
    }
    let (stopping, stop_requested) = tokio::sync::oneshot::channel::<()>();
    let serving = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            let _ = stopping.send(());
        })
        .into_future();
    // Requests in flight get SHUTDOWN_GRACE to finish; one that hangs does not keep the server up.
    let grace_over = async move {
        if stop_requested.await.is_ok() {
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        served = serving => served.map_err(|e| format!("server error: {e}"))?,
        () = grace_over => tracing::warn!(
            grace_seconds = SHUTDOWN_GRACE.as_secs(),
            "requests still in flight when the shutdown grace ran out; stopping without them"
        ),
    }
    tracing::info!("PartnerDesk stopped");
    Ok(())
}

/// How long a stopping server waits for the requests in flight (and then for its tasks).
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

pub(crate) fn spawn_session_cleanup(store: SharedStore) {
    use tower_sessions::ExpiredDeletion;
    let sessions = store.session_store();
    tokio::spawn(async move {
        if let Err(e) = sessions.continuously_delete_expired(Duration::from_secs(3600)).await {
            tracing::warn!(error = %e, "expired session cleanup stopped");
        }
    });
}

pub(crate) async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
