//! A subscription after it was bought: its page's data, cancellation within the change window,
//! what happens at its renewal, and the renewals themselves (the worker). The rules are the
//! domain's ([`crate::subscriptions`]); the same code shows the amounts in the browser.

use super::{CustomerPageData, SubscriptionRow};
use crate::error::AppError;
use crate::pricing::{Decimal, Plan};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the subscription's page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionPageData {
    pub page: CustomerPageData,
    pub subscription: SubscriptionRow,
    /// Who the viewer is to it: its provider (every change), or its reseller of record (the
    /// license count and the renewal).
    pub editor: super::SubscriptionEditor,
    /// The server's time when the page was made: the amounts shown are worked out at it.
    pub now: i64,
    /// The terms and billing plans the customer's market sells it with (for the renewal).
    pub renewal_plans: Vec<Plan>,
}

/// What a cancellation gave back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cancelled {
    /// The refund and its currency, when the subscription has a price.
    pub refund: Option<(Decimal, String)>,
}

#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::Caller;
    use crate::customers::service::{customer, editable, may_change_subscriptions, may_manage_customers, reseller_choices, Editable};
    use crate::customers::SubscriptionEditor;
    use crate::store::subscriptions::{Cancellation, DueSubscription, TermEnd};
    use crate::store::SharedStore;
    use crate::subscriptions::SubscriptionStatus;

    /// One of the organisation's customers' subscriptions, with the customer.
    async fn find(
        store: &SharedStore,
        caller: &dyn Caller,
        customer_id: i64,
        subscription_id: i64,
    ) -> Result<(super::super::CustomerRow, SubscriptionRow), AppError> {
        let customer = customer(store, caller, customer_id).await?;
        let subscription = customer.subscriptions.iter().find(|s| s.id == subscription_id).cloned().ok_or(AppError::NotFound)?;
        Ok((customer, subscription))
    }

    /// The plans `subscription_id` is sold with in `country` by the price list in force.
    async fn plans_in(store: &SharedStore, country: &str, subscription_id: &str) -> Result<Vec<Plan>, AppError> {
        let catalog = store.catalog_for_country(country).await?;
        Ok(catalog.iter().find(|s| s.id == subscription_id).map(|s| s.offerings.iter().map(|o| o.plan).collect()).unwrap_or_default())
    }

    /// The subscription's page: the subscription, the choices of its form and the plans its
    /// renewal can take; for its reseller of record, without the provider's choices.
    pub async fn page(
        store: &SharedStore,
        caller: &dyn Caller,
        customer_id: i64,
        subscription_id: i64,
        now: i64,
    ) -> Result<SubscriptionPageData, AppError> {
        let Editable { customer, subscription, editor, provider_id, provider_name } = editable(store, caller, customer_id, subscription_id).await?;
        let renewal_plans = plans_in(store, &customer.country, &subscription.subscription_id).await?;
        let resellers = match editor {
            SubscriptionEditor::Provider => reseller_choices(store, provider_id).await?,
            SubscriptionEditor::ResellerOfRecord => Vec::new(),
        };
        Ok(SubscriptionPageData {
            page: CustomerPageData { resellers, provider_id, provider_name, customer },
            subscription,
            editor,
            now,
            renewal_plans,
        })
    }

    /// Cancels the subscription at `now`, within its change window; returns the refund.
    pub async fn cancel(store: &SharedStore, caller: &dyn Caller, customer_id: i64, subscription_id: i64, now: i64) -> Result<Cancelled, AppError> {
        may_manage_customers(caller)?;
        let (_, subscription) = find(store, caller, customer_id, subscription_id).await?;
        // A free trial can be ended while it runs (nothing to refund); a purchase only in its
        // change window.
        let refund = if subscription.trial {
            subscription.lifecycle.check_live(now).map_err(|problem| AppError::invalid("cancel", problem))?;
            None
        } else {
            crate::subscriptions::cancellation(&subscription.lifecycle, subscription.price.as_ref(), subscription.license_count, now)
                .map_err(|problem| AppError::invalid("cancel", problem))?
        };
        let refund = refund.zip(subscription.price.as_ref().map(|p| p.currency.clone()));
        let cancellation = Cancellation { subscription_id, term_started_at: subscription.lifecycle.term_started_at, at: now, refund: refund.clone() };
        match store.cancel_subscription(&caller.actor(), &cancellation).await {
            // Cancelled, renewed or ended between the read and the write.
            Err(crate::store::StoreError::NotFound) => Err(AppError::invalid("cancel", crate::error::Problem::SubscriptionNotActive)),
            other => other.map(|()| Cancelled { refund }).map_err(AppError::from),
        }
    }

    /// Suspends an active subscription (it keeps its licenses and does not renew while
    /// suspended), or reactivates a suspended one before its end date.
    pub async fn set_suspended(
        store: &SharedStore,
        caller: &dyn Caller,
        customer_id: i64,
        subscription_id: i64,
        suspended: bool,
        now: i64,
    ) -> Result<(), AppError> {
        may_manage_customers(caller)?;
        let (_, subscription) = find(store, caller, customer_id, subscription_id).await?;
        let expected = if suspended { SubscriptionStatus::Active } else { SubscriptionStatus::Suspended };
        if subscription.lifecycle.status != expected || now >= subscription.lifecycle.ends_at {
            return Err(AppError::invalid("status", crate::error::Problem::SubscriptionNotActive));
        }
        match store.set_suspended(&caller.actor(), subscription_id, suspended, now).await {
            Err(crate::store::StoreError::NotFound) => Err(AppError::invalid("status", crate::error::Problem::SubscriptionNotActive)),
            other => Ok(other?),
        }
    }

    /// Sets what happens at the renewal: license count, term and billing plan (one the market
    /// sells), auto-renew.
    pub async fn set_renewal(
        store: &SharedStore,
        caller: &dyn Caller,
        customer_id: i64,
        subscription_id: i64,
        form: &crate::subscriptions::RenewalForm,
        now: i64,
    ) -> Result<(), AppError> {
        may_change_subscriptions(caller)?;
        form.check_lengths()?;
        let Editable { customer, subscription, editor, .. } = editable(store, caller, customer_id, subscription_id).await?;
        subscription.lifecycle.check_live(now).map_err(|problem| AppError::invalid("auto_renew", problem))?;
        if subscription.trial {
            return Err(AppError::invalid("auto_renew", crate::error::Problem::TrialEnds));
        }
        let plans = plans_in(store, &customer.country, &subscription.subscription_id).await?;
        let settings = form.check(subscription.min_licenses, subscription.max_licenses, subscription.lifecycle.plan, &plans)?;
        match store.set_renewal(&caller.actor(), editor, subscription_id, &settings).await {
            Err(crate::store::StoreError::NotFound) => Err(AppError::invalid("auto_renew", crate::error::Problem::SubscriptionNotActive)),
            other => Ok(other?),
        }
    }

    /// How the term of `due` ends: renewed with the changes scheduled for it and the price the
    /// price list in force gives (`offered`: the plans and prices its market sells it with), or
    /// expired when it does not renew.
    pub fn term_end(due: &DueSubscription, offered: &[crate::pricing::Offering]) -> TermEnd {
        if due.lifecycle.status != SubscriptionStatus::Active || !due.lifecycle.auto_renew {
            return TermEnd::Expire;
        }
        let current = due.lifecycle.plan;
        let wanted = due.renewal_plan.unwrap_or(current);
        let price_of = |plan: Plan| offered.iter().find(|o| o.plan == plan).map(crate::pricing::Offering::line_price);
        let (plan, price) = match (price_of(wanted), price_of(current)) {
            (Some(price), _) => (wanted, Some(price)),
            (None, Some(price)) => (current, Some(price)),
            // Not in the price list any more: it renews at the price it had, without a discount
            // that was given for one term.
            (None, None) => (current, due.price.clone().map(|p| crate::pricing::LinePrice { list_price: None, ..p })),
        };
        let license_count = due.renewal_license_count.unwrap_or(due.license_count).clamp(due.min_licenses, due.max_licenses.max(due.min_licenses));
        TermEnd::Renew { lifecycle: due.lifecycle.renewed(plan), license_count, price }
    }

    /// The reminders of the renewal worker's round, each announced once (links to `origin`):
    /// change windows closing within a day, subscriptions renewing within 30 days, trials
    /// ending and open offers expiring within three days, delegated admin relationships
    /// expiring within 30 days or ended. Returns how many went.
    pub async fn send_reminders(store: &SharedStore, now: i64, origin: &str) -> Result<usize, AppError> {
        let mut sent = 0;
        // A batch announces at most 200 of each; a backlog (the servers were down) takes more.
        for _ in 0..50 {
            let this_batch = store.send_reminders(now, origin, 200).await?
                + store.send_offer_reminders(now, origin, 200).await?
                + store.send_relationship_reminders(now, origin, 200).await?;
            sent += this_batch;
            if this_batch == 0 {
                break;
            }
        }
        Ok(sent)
    }

    /// The renewal worker's round: ends every term that ended at or before `now` (renewed or
    /// expired), each in its own transaction, so several servers can run it at once (a term
    /// is ended once). Returns how many it ended.
    pub async fn renew_due(store: &SharedStore, now: i64) -> Result<usize, AppError> {
        let mut ended = 0;
        // A subscription that missed several terms (the servers were down) renews once per
        // round; each round takes what is due again.
        for _ in 0..100 {
            let due = store.due_subscriptions(now, 200).await?;
            if due.is_empty() {
                break;
            }
            let mut markets: std::collections::HashMap<String, Vec<crate::catalog::CatalogSubscription>> = Default::default();
            let mut progress = 0;
            for subscription in &due {
                if !markets.contains_key(&subscription.country) {
                    markets.insert(subscription.country.clone(), store.catalog_for_country(&subscription.country).await?);
                }
                let offered = markets
                    .get(&subscription.country)
                    .and_then(|catalog| catalog.iter().find(|s| s.id == subscription.subscription_id))
                    .map(|s| s.offerings.clone())
                    .unwrap_or_default();
                if store.end_term(subscription, &term_end(subscription, &offered), now).await? {
                    progress += 1;
                }
            }
            ended += progress;
            if progress == 0 {
                break;
            }
        }
        Ok(ended)
    }
}

/// The subscription's page.
#[server(endpoint = "customers/subscriptions/get")]
pub async fn get_subscription(customer_id: i64, subscription_id: i64) -> Result<SubscriptionPageData, AppError> {
    use crate::auth::ssr::{caller, clock_now as now, respond, store};
    respond(async { service::page(&store()?, &caller().await?, customer_id, subscription_id, now()).await }.await)
}

/// Cancel subscription (within the change window).
#[server(endpoint = "customers/subscriptions/cancel")]
pub async fn cancel_subscription(customer_id: i64, subscription_id: i64) -> Result<Cancelled, AppError> {
    use crate::auth::ssr::{caller, clock_now as now, redirect, respond, store};
    respond(
        async {
            let cancelled = service::cancel(&store()?, &caller().await?, customer_id, subscription_id, now()).await?;
            redirect(&format!("/customers/{customer_id}/subscriptions/{subscription_id}?done=cancelled"));
            Ok(cancelled)
        }
        .await,
    )
}

/// At renewal: license count, term and billing plan, auto-renew (a checkbox: present when on).
#[server(endpoint = "customers/subscriptions/renewal")]
pub async fn set_renewal(
    customer_id: i64,
    subscription_id: i64,
    renewal_license_count: String,
    renewal_plan: String,
    auto_renew: Option<String>,
) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, clock_now as now, redirect, respond, store};
    let form =
        crate::subscriptions::RenewalForm { license_count: renewal_license_count.into(), plan: renewal_plan, auto_renew: auto_renew.is_some() };
    respond(
        async {
            service::set_renewal(&store()?, &caller().await?, customer_id, subscription_id, &form, now()).await?;
            redirect(&format!("/customers/{customer_id}/subscriptions/{subscription_id}?done=renewal"));
            Ok(())
        }
        .await,
    )
}

/// Suspend (`suspend` true) or Reactivate the subscription; leads to its page again.
#[server(endpoint = "customers/subscriptions/suspend")]
pub async fn suspend_subscription(customer_id: i64, subscription_id: i64, suspend: bool) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, clock_now as now, redirect, respond, store};
    respond(
        async {
            service::set_suspended(&store()?, &caller().await?, customer_id, subscription_id, suspend, now()).await?;
            redirect(&format!("/customers/{customer_id}/subscriptions/{subscription_id}?done={}", if suspend { "suspended" } else { "reactivated" }));
            Ok(())
        }
        .await,
    )
}

/// The reseller of record's License count form (the provider's form also changes the reseller
/// of record and support contact: `customers/subscriptions/update`); leads to the page again.
#[server(endpoint = "customers/subscriptions/licenses")]
pub async fn change_license_count(customer_id: i64, subscription_id: i64, license_count: String) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, clock_now as now, redirect, respond, store};
    respond(
        async {
            let typed = license_count.into();
            crate::customers::service::change_license_count(&store()?, &caller().await?, customer_id, subscription_id, &typed, now()).await?;
            redirect(&format!("/customers/{customer_id}/subscriptions/{subscription_id}?done=licenses"));
            Ok(())
        }
        .await,
    )
}
