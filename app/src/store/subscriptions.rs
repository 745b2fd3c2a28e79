//! Storage of a subscription's life after it was bought: cancellation in its change window,
//! what changes at its renewal, and the end of each term (renewed or expired) for the renewal
//! worker. The rules are the domain's ([`domain::subscriptions`]); every write here is guarded
//! by the state the rules were checked against, so a change that raced another (a renewal on
//! another server, a second click) changes nothing.

use super::{Actor, StoreResult};
use async_trait::async_trait;
use domain::customers::SubscriptionEditor;
use domain::pricing::{LinePrice, Plan};
use domain::subscriptions::{
    Lifecycle, RenewalSettings, CHANGE_WINDOW_SECONDS, RENEWAL_REMINDER_SECONDS, TRIAL_REMINDER_SECONDS, WINDOW_REMINDER_SECONDS,
};

/// A subscription whose term has ended, as the renewal worker finds it.
#[derive(Clone, Debug)]
pub struct DueSubscription {
    pub id: i64,
    pub partner_id: i64,
    pub customer_id: i64,
    /// The customer's country: the market its renewal price comes from.
    pub country: String,
    pub subscription_id: String,
    pub license_count: i64,
    pub min_licenses: i64,
    pub max_licenses: i64,
    pub lifecycle: Lifecycle,
    pub price: Option<LinePrice>,
    pub renewal_license_count: Option<i64>,
    pub renewal_plan: Option<Plan>,
}

/// How a term ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TermEnd {
    /// A new term: its dates and plan, license count and price (the price list's at the
    /// renewal; none where it does not price the subscription).
    Renew { lifecycle: Lifecycle, license_count: i64, price: Option<LinePrice> },
    /// No renewal: auto-renew was off, or the subscription was suspended.
    Expire,
}

/// A cancellation, checked against the subscription as it was read.
#[derive(Clone, Debug)]
pub struct Cancellation {
    pub subscription_id: i64,
    /// The start of the term the change window belongs to (the write is refused when the
    /// subscription renewed since).
    pub term_started_at: i64,
    pub at: i64,
    /// What is refunded, when the subscription has a price.
    pub refund: Option<(domain::pricing::Decimal, String)>,
}

#[async_trait]
pub trait SubscriptionStore: Send + Sync {
    /// Cancels one of the actor's organisation's subscriptions, if it is still active in the
    /// same term and its change window is still open at `at`; audited, with a
    /// `subscription.cancelled` event. `NotFound` when it was not (any more).
    async fn cancel_subscription(&self, actor: &Actor, cancellation: &Cancellation) -> StoreResult<()>;
    /// Sets what happens at the next renewal of an active subscription the actor's organisation
    /// changes as `editor` (see [`editable_by`]): license count, plan, auto-renew; audited (see
    /// `audit_subscription_change`), with a `subscription.changed` event to the provider.
    /// `NotFound` when it is not active or not the editor's (any more).
    async fn set_renewal(&self, actor: &Actor, editor: SubscriptionEditor, subscription_id: i64, settings: &RenewalSettings) -> StoreResult<()>;
    /// Suspends one of the actor's organisation's active subscriptions (`suspended`), or
    /// reactivates a suspended one before its end date; audited, with a `subscription.changed`
    /// event. `NotFound` when it was not in the state to change.
    async fn set_suspended(&self, actor: &Actor, subscription_id: i64, suspended: bool, at: i64) -> StoreResult<()>;
    /// Active and suspended subscriptions whose term ended at or before `now`, oldest end first.
    async fn due_subscriptions(&self, now: i64, limit: i64) -> StoreResult<Vec<DueSubscription>>;
    /// Ends the term of `due`: renews it or expires it, in one transaction with its audit entry
    /// (in the partner's log, by PartnerDesk) and its webhook event. Returns false when the
    /// term had been ended already (by another server's worker).
    async fn end_term(&self, due: &DueSubscription, end: &TermEnd, now: i64) -> StoreResult<bool>;
    /// Announces, once each, at most `limit` change windows closing within
    /// [`domain::subscriptions::WINDOW_REMINDER_SECONDS`] after `now` (webhook
    /// `subscription.window_closing`, email to the provider's Global admins) and at most `limit`
    /// trials ending within [`domain::subscriptions::TRIAL_REMINDER_SECONDS`] (webhook
    /// `trial.ending`, email to the advisor who sent the invitation), links to `origin`. Each
    /// in its own transaction, marked as announced: several servers can run it at once.
    /// Returns how many it announced.
    async fn send_reminders(&self, now: i64, origin: &str, limit: i64) -> StoreResult<usize>;
}

/// The rows of `customer_subscriptions` (unaliased) an organisation, bound at `$n`, changes as
/// `editor`: its own customers' as their provider; those it is reseller of record for, while
/// partnered with their provider, as the reseller. Checked in the write's own statement, so a
/// partnership removed or a reseller of record changed since the page was read refuses it.
pub(crate) fn editable_by(editor: SubscriptionEditor, n: usize) -> String {
    match editor {
        SubscriptionEditor::Provider => format!("partner_id = ${n}"),
        SubscriptionEditor::ResellerOfRecord => format!(
            "reseller_of_record_id = ${n} AND EXISTS (SELECT 1 FROM partnerships p WHERE p.provider_id = customer_subscriptions.partner_id \
             AND p.reseller_id = ${n} AND p.removed_at IS NULL)"
        ),
    }
}

/// A change window closing, a renewal or a trial ending, as the reminders find it.
#[derive(sqlx::FromRow)]
pub(crate) struct ReminderRow {
    pub(crate) id: i64,
    pub(crate) partner_id: i64,
    pub(crate) customer_id: i64,
    pub(crate) company_name: String,
    pub(crate) subscription_id: String,
    pub(crate) name: String,
    pub(crate) license_count: i64,
    pub(crate) term_started_at: i64,
    pub(crate) ends_at: i64,
    pub(crate) advisor_user_id: Option<i64>,
    pub(crate) invitation: Option<String>,
    pub(crate) renewal_license_count: Option<i64>,
}

/// The columns of [`ReminderRow`]; `s`: customer_subscriptions.
pub(crate) const REMINDER_COLUMNS: &str = "SELECT s.id, s.partner_id, s.customer_id, cu.company_name, s.subscription_id, c.name, s.license_count, \
     s.term_started_at, s.ends_at, o.advisor_user_id, o.summary_id AS invitation, s.renewal_license_count \
     FROM customer_subscriptions s JOIN customers cu ON cu.id = s.customer_id \
     JOIN catalog_subscriptions c ON c.id = s.subscription_id LEFT JOIN offers o ON o.id = s.offer_id ";

/// What the renewal worker announces once, ahead of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reminder {
    /// A change window closing within [`WINDOW_REMINDER_SECONDS`] (to the provider's Global admins).
    WindowClosing,
    /// A trial ending within [`TRIAL_REMINDER_SECONDS`] (to the advisor who sent the invitation).
    TrialEnding,
    /// A subscription renewing on its own within [`RENEWAL_REMINDER_SECONDS`] (to the
    /// provider's Global admins).
    Renewing,
}

impl Reminder {
    /// The range (`from`, `until`] the select's date falls in, at `now`.
    pub(crate) fn due(self, now: i64) -> (i64, i64) {
        match self {
            // Terms that started between a window and a window less the notice ago.
            Reminder::WindowClosing => (now - CHANGE_WINDOW_SECONDS, now - CHANGE_WINDOW_SECONDS + WINDOW_REMINDER_SECONDS),
            Reminder::TrialEnding => (now, now + TRIAL_REMINDER_SECONDS),
            Reminder::Renewing => (now, now + RENEWAL_REMINDER_SECONDS),
        }
    }

    /// The subscriptions due and not announced yet ($1, $2: [`Reminder::due`]; $3: at most).
    pub(crate) fn select_due(self) -> String {
        let which = match self {
            Reminder::WindowClosing => {
                "s.trial = FALSE AND s.term_started_at > $1 AND s.term_started_at <= $2 \
                 AND (s.window_reminded_for IS NULL OR s.window_reminded_for <> s.term_started_at) ORDER BY s.term_started_at, s.id"
            }
            Reminder::TrialEnding => "s.trial = TRUE AND s.ends_at > $1 AND s.ends_at <= $2 AND s.trial_reminded_at IS NULL ORDER BY s.ends_at, s.id",
            Reminder::Renewing => {
                "s.trial = FALSE AND s.auto_renew = TRUE AND s.ends_at > $1 AND s.ends_at <= $2 \
                 AND (s.renewal_reminded_for IS NULL OR s.renewal_reminded_for <> s.ends_at) ORDER BY s.ends_at, s.id"
            }
        };
        format!("{REMINDER_COLUMNS}WHERE s.status = 'active' AND {which} LIMIT $3")
    }

    /// Marks one announced ($1: its id, $2: [`Reminder::mark_value`]), unless it is no longer
    /// due (announced by another server, or changed).
    pub(crate) fn mark(self) -> &'static str {
        match self {
            Reminder::WindowClosing => {
                "UPDATE customer_subscriptions SET window_reminded_for = term_started_at \
                 WHERE id = $1 AND term_started_at = $2 AND status = 'active' \
                 AND (window_reminded_for IS NULL OR window_reminded_for <> term_started_at)"
            }
            Reminder::TrialEnding => {
                "UPDATE customer_subscriptions SET trial_reminded_at = $2 WHERE id = $1 AND trial_reminded_at IS NULL AND status = 'active'"
            }
            Reminder::Renewing => {
                "UPDATE customer_subscriptions SET renewal_reminded_for = ends_at \
                 WHERE id = $1 AND ends_at = $2 AND status = 'active' AND auto_renew = TRUE \
                 AND (renewal_reminded_for IS NULL OR renewal_reminded_for <> ends_at)"
            }
        }
    }

    pub(crate) fn mark_value(self, row: &ReminderRow, now: i64) -> i64 {
        match self {
            // Per term: the next term's window is announced again.
            Reminder::WindowClosing => row.term_started_at,
            Reminder::TrialEnding => now,
            // Per term: the next term's renewal is announced again.
            Reminder::Renewing => row.ends_at,
        }
    }

    pub(crate) fn notification(self) -> domain::email::Notification {
        match self {
            Reminder::WindowClosing => domain::email::Notification::WindowClosing,
            Reminder::TrialEnding => domain::email::Notification::TrialEnding,
            Reminder::Renewing => domain::email::Notification::Renewing,
        }
    }

    /// Its webhook event.
    pub(crate) fn announce(self, row: &ReminderRow, journal: &mut super::Journal) {
        use domain::developer::payloads;
        match self {
            Reminder::WindowClosing => journal.event(payloads::WindowClosing {
                id: row.id,
                customer_id: row.customer_id,
                subscription_id: row.subscription_id.clone(),
                license_count: row.license_count,
                closes_at: row.term_started_at + CHANGE_WINDOW_SECONDS,
            }),
            Reminder::TrialEnding => journal.event(payloads::TrialEnding {
                id: row.id,
                customer_id: row.customer_id,
                company_name: row.company_name.clone(),
                subscription_id: row.subscription_id.clone(),
                license_count: row.license_count,
                ends_at: row.ends_at,
                invitation: row.invitation.clone(),
            }),
            Reminder::Renewing => journal.event(payloads::SubscriptionRenewing {
                id: row.id,
                customer_id: row.customer_id,
                subscription_id: row.subscription_id.clone(),
                license_count: row.license_count,
                renews_at: row.ends_at,
                renewal_license_count: row.renewal_license_count,
            }),
        }
    }

    /// Whom the email is for (a user, else the Global admins), when the deadline is, and the
    /// page that acts on it.
    pub(crate) fn about(self, row: &ReminderRow, origin: &str) -> (Option<i64>, i64, String) {
        match self {
            Reminder::WindowClosing => {
                (None, row.term_started_at + CHANGE_WINDOW_SECONDS, format!("{origin}/customers/{}/subscriptions/{}", row.customer_id, row.id))
            }
            Reminder::Renewing => (None, row.ends_at, format!("{origin}/customers/{}/subscriptions/{}", row.customer_id, row.id)),
            Reminder::TrialEnding => {
                (row.advisor_user_id, row.ends_at, format!("{origin}/offers/new?from={}&kind=offer", row.invitation.as_deref().unwrap_or_default()))
            }
        }
    }
}

/// The columns of [`DueSubscription`] (with a [`super::customers::StoredLifecycle`] and a
/// [`super::price_lists::StoredLinePrice`]).
const DUE_COLUMNS: &str = "SELECT s.id, s.partner_id, s.customer_id, cu.country, s.subscription_id, s.license_count, \
     c.min_licenses, c.max_licenses, s.renewal_license_count, \
     s.term, s.billing_plan, s.currency, s.unit_price, s.price_list_id, s.list_price, \
     s.status, s.term_started_at, s.ends_at, s.auto_renew, \
     s.renewal_term, s.renewal_billing_plan \
     FROM customer_subscriptions s JOIN customers cu ON cu.id = s.customer_id \
     JOIN catalog_subscriptions c ON c.id = s.subscription_id ";

#[derive(sqlx::FromRow)]
pub(crate) struct DueRow {
    id: i64,
    partner_id: i64,
    customer_id: i64,
    country: String,
    subscription_id: String,
    license_count: i64,
    min_licenses: i64,
    max_licenses: i64,
    renewal_license_count: Option<i64>,
    #[sqlx(flatten)]
    price: super::price_lists::StoredLinePrice,
    #[sqlx(flatten)]
    lifecycle: super::customers::StoredLifecycle,
}

impl DueRow {
    pub(crate) fn into_due(self) -> DueSubscription {
        DueSubscription {
            id: self.id,
            partner_id: self.partner_id,
            customer_id: self.customer_id,
            country: self.country,
            subscription_id: self.subscription_id,
            license_count: self.license_count,
            min_licenses: self.min_licenses,
            max_licenses: self.max_licenses,
            lifecycle: self.lifecycle.lifecycle(),
            renewal_plan: self.lifecycle.renewal_plan(),
            price: self.price.price(),
            renewal_license_count: self.renewal_license_count,
        }
    }

    pub(crate) fn columns() -> &'static str {
        DUE_COLUMNS
    }
}

/// Which customer and product a changed subscription is, and its end, for the change's audit
/// entry and webhook.
#[derive(sqlx::FromRow)]
pub(crate) struct ChangedSubscription {
    /// The provider whose customer it is.
    pub partner_id: i64,
    pub customer_id: i64,
    /// The catalog subscription's id (the product).
    pub product: String,
    pub ends_at: Option<i64>,
}

macro_rules! subscription_sql {
    ($store:ident, $db:ty) => {
        impl $store {
            /// The subscription just changed in `tx` (see [`subscriptions::ChangedSubscription`]).
            async fn changed_subscription(tx: &mut sqlx::Transaction<'_, $db>, id: i64) -> StoreResult<subscriptions::ChangedSubscription> {
                Ok(sqlx::query_as("SELECT partner_id, customer_id, subscription_id AS product, ends_at FROM customer_subscriptions WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut **tx)
                    .await?)
            }

            /// The audit entry of a change to a subscription of `provider_id`'s customer: in
            /// the actor's log, and when the actor is its reseller of record, in the provider's
            /// log as well, naming the reseller (not the reseller's user).
            pub(crate) async fn audit_subscription_change(
                tx: &mut sqlx::Transaction<'_, $db>,
                actor: &Actor,
                provider_id: i64,
                entry: AuditEntry,
            ) -> StoreResult<()> {
                Self::write_audit(tx, actor, entry.clone()).await?;
                if provider_id != actor.organisation_id {
                    let (name, mpn_id): (String, String) =
                        sqlx::query_as("SELECT name, mpn_id FROM organisations WHERE id = $1").bind(actor.organisation_id).fetch_one(&mut **tx).await?;
                    let summary = format!("{} (by the reseller of record {name}, MPN ID {mpn_id})", entry.summary);
                    Self::write_audit(tx, &actor.seen_from(provider_id), AuditEntry { summary, ..entry }).await?;
                }
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl subscriptions::SubscriptionStore for $store {
            async fn cancel_subscription(&self, actor: &Actor, cancellation: &subscriptions::Cancellation) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let done = sqlx::query(
                    "UPDATE customer_subscriptions SET status = 'cancelled', status_changed_at = $1, auto_renew = FALSE \
                     WHERE id = $2 AND partner_id = $3 AND status = 'active' AND term_started_at = $4 AND $1 < term_started_at + $5",
                )
                .bind(cancellation.at)
                .bind(cancellation.subscription_id)
                .bind(actor.organisation_id)
                .bind(cancellation.term_started_at)
                .bind(domain::subscriptions::CHANGE_WINDOW_SECONDS)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                let subscriptions::ChangedSubscription { customer_id, product, .. } =
                    Self::changed_subscription(&mut tx, cancellation.subscription_id).await?;
                let mut journal = Journal::default();
                journal.audit(AuditEntry {
                    action: "subscription.cancel",
                    record_type: "customer_subscription",
                    record_id: cancellation.subscription_id.to_string(),
                    summary: match &cancellation.refund {
                        Some((amount, currency)) => format!("{product} for customer {customer_id} cancelled; refund {amount} {currency}"),
                        None => format!("{product} for customer {customer_id} cancelled"),
                    },
                });
                journal.event(domain::developer::payloads::SubscriptionCancelled {
                    id: cancellation.subscription_id,
                    customer_id,
                    subscription_id: product,
                    cancelled_at: cancellation.at,
                    refund: cancellation
                        .refund
                        .as_ref()
                        .map(|(amount, currency)| domain::developer::payloads::Amount { amount: amount.to_string(), currency: currency.clone() }),
                });
                Self::write_journal(&mut tx, actor, journal).await?;
                Ok(tx.commit().await?)
            }

            async fn set_renewal(
                &self,
                actor: &Actor,
                editor: domain::customers::SubscriptionEditor,
                subscription_id: i64,
                settings: &domain::subscriptions::RenewalSettings,
            ) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let done = sqlx::query(&format!(
                    "UPDATE customer_subscriptions SET renewal_license_count = $1, renewal_term = $2, renewal_billing_plan = $3, auto_renew = $4 \
                     WHERE id = $5 AND status = 'active' AND {}",
                    subscriptions::editable_by(editor, 6)
                ))
                .bind(settings.license_count)
                .bind(settings.plan.map(|p| p.term.code()))
                .bind(settings.plan.map(|p| p.billing_plan.code()))
                .bind(settings.auto_renew)
                .bind(subscription_id)
                .bind(actor.organisation_id)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                let subscriptions::ChangedSubscription { partner_id, customer_id, product, ends_at } =
                    Self::changed_subscription(&mut tx, subscription_id).await?;
                let entry = AuditEntry {
                    action: "subscription.renewal",
                    record_type: "customer_subscription",
                    record_id: subscription_id.to_string(),
                    summary: format!(
                        "{product} for customer {customer_id}: auto-renew {}; at renewal licenses {}, plan {}",
                        if settings.auto_renew { "on" } else { "off" },
                        settings.license_count.map(|c| c.to_string()).unwrap_or_else(|| "unchanged".into()),
                        settings.plan.map(|p| p.code()).unwrap_or_else(|| "unchanged".into()),
                    ),
                };
                Self::audit_subscription_change(&mut tx, actor, partner_id, entry).await?;
                let event = domain::developer::payloads::SubscriptionChanged {
                    id: subscription_id,
                    customer_id,
                    subscription_id: product,
                    change: domain::developer::payloads::SubscriptionChange::Renewal {
                        renewal: domain::developer::payloads::RenewalChange {
                            auto_renew: settings.auto_renew,
                            date: ends_at,
                            license_count: settings.license_count,
                            plan: settings.plan.map(|p| p.code()),
                        },
                    },
                };
                Self::enqueue_event(&mut tx, partner_id, &event).await?;
                Ok(tx.commit().await?)
            }

            async fn set_suspended(&self, actor: &Actor, subscription_id: i64, suspended: bool, at: i64) -> StoreResult<()> {
                let (from, to) = if suspended { ("active", "suspended") } else { ("suspended", "active") };
                let mut tx = self.begin().await?;
                let done = sqlx::query(
                    "UPDATE customer_subscriptions SET status = $1, status_changed_at = $2 \
                     WHERE id = $3 AND partner_id = $4 AND status = $5 AND $2 < ends_at",
                )
                .bind(to)
                .bind(at)
                .bind(subscription_id)
                .bind(actor.organisation_id)
                .bind(from)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                let subscriptions::ChangedSubscription { customer_id, product, .. } = Self::changed_subscription(&mut tx, subscription_id).await?;
                let mut journal = Journal::default();
                journal.audit(AuditEntry {
                    action: if suspended { "subscription.suspend" } else { "subscription.reactivate" },
                    record_type: "customer_subscription",
                    record_id: subscription_id.to_string(),
                    summary: format!("{product} for customer {customer_id}: {from} -> {to}"),
                });
                journal.event(domain::developer::payloads::SubscriptionChanged {
                    id: subscription_id,
                    customer_id,
                    subscription_id: product,
                    change: domain::developer::payloads::SubscriptionChange::Status {
                        status: to.to_string(),
                        previous: domain::developer::payloads::PreviousStatus { status: from.to_string() },
                    },
                });
                Self::write_journal(&mut tx, actor, journal).await?;
                Ok(tx.commit().await?)
            }

            async fn due_subscriptions(&self, now: i64, limit: i64) -> StoreResult<Vec<subscriptions::DueSubscription>> {
                let rows: Vec<subscriptions::DueRow> = sqlx::query_as(&format!(
                    "{}WHERE s.status IN ('active', 'suspended') AND s.ends_at <= $1 ORDER BY s.ends_at, s.id LIMIT $2",
                    subscriptions::DueRow::columns()
                ))
                .bind(now)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(subscriptions::DueRow::into_due).collect())
            }

            async fn end_term(&self, due: &subscriptions::DueSubscription, end: &subscriptions::TermEnd, now: i64) -> StoreResult<bool> {
                let mut tx = self.begin().await?;
                let actor = Actor { user_id: None, organisation_id: due.partner_id, ip: None };
                let mut journal = Journal::default();
                let claimed = match end {
                    subscriptions::TermEnd::Renew { lifecycle, license_count, price } => {
                        let columns = crate::store::price_lists::line_price_columns(price.as_ref());
                        let done = sqlx::query(
                            "UPDATE customer_subscriptions SET license_count = $1, term = $2, billing_plan = $3, currency = $4, \
                             unit_price = $5, price_list_id = $6, list_price = NULL, term_started_at = $7, ends_at = $8, \
                             renewal_license_count = NULL, renewal_term = NULL, renewal_billing_plan = NULL \
                             WHERE id = $9 AND ends_at = $10 AND status = 'active'",
                        )
                        .bind(license_count)
                        .bind(lifecycle.plan.term.code())
                        .bind(lifecycle.plan.billing_plan.code())
                        .bind(columns.currency)
                        .bind(columns.unit_price)
                        .bind(columns.price_list_id)
                        .bind(lifecycle.term_started_at)
                        .bind(lifecycle.ends_at)
                        .bind(due.id)
                        .bind(due.lifecycle.ends_at)
                        .execute(&mut *tx)
                        .await?;
                        journal.audit(AuditEntry {
                            action: "subscription.renew",
                            record_type: "customer_subscription",
                            record_id: due.id.to_string(),
                            summary: format!(
                                "{} for customer {} renewed: {} × {} until {}{}",
                                due.subscription_id,
                                due.customer_id,
                                license_count,
                                lifecycle.plan.code(),
                                domain::format::iso_date(lifecycle.ends_at),
                                match price {
                                    Some(p) => format!(", {} {} per license", p.unit_price, p.currency),
                                    None => String::new(),
                                },
                            ),
                        });
                        journal.event(domain::developer::payloads::SubscriptionRenewed {
                            id: due.id,
                            customer_id: due.customer_id,
                            subscription_id: due.subscription_id.clone(),
                            license_count: *license_count,
                            plan: lifecycle.plan.code(),
                            term_started_at: lifecycle.term_started_at,
                            ends_at: lifecycle.ends_at,
                            unit_price: price.as_ref().map(|p| p.unit_price.to_string()),
                            currency: price.as_ref().map(|p| p.currency.clone()),
                            previous: domain::developer::payloads::PreviousTerm { license_count: due.license_count, plan: due.lifecycle.plan.code() },
                        });
                        done.rows_affected()
                    }
                    subscriptions::TermEnd::Expire => {
                        let done = sqlx::query(
                            "UPDATE customer_subscriptions SET status = 'expired', status_changed_at = $1 \
                             WHERE id = $2 AND ends_at = $3 AND status IN ('active', 'suspended')",
                        )
                        .bind(now)
                        .bind(due.id)
                        .bind(due.lifecycle.ends_at)
                        .execute(&mut *tx)
                        .await?;
                        journal.audit(AuditEntry {
                            action: "subscription.expire",
                            record_type: "customer_subscription",
                            record_id: due.id.to_string(),
                            summary: format!(
                                "{} for customer {} ended on {} without renewing",
                                due.subscription_id,
                                due.customer_id,
                                domain::format::iso_date(due.lifecycle.ends_at)
                            ),
                        });
                        journal.event(domain::developer::payloads::SubscriptionExpired {
                            id: due.id,
                            customer_id: due.customer_id,
                            subscription_id: due.subscription_id.clone(),
                            ended_at: due.lifecycle.ends_at,
                        });
                        done.rows_affected()
                    }
                };
                if claimed == 0 {
                    tx.rollback().await?;
                    return Ok(false);
                }
                Self::write_journal(&mut tx, &actor, journal).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn send_reminders(&self, now: i64, origin: &str, limit: i64) -> StoreResult<usize> {
                let mut sent = 0;
                for reminder in [subscriptions::Reminder::WindowClosing, subscriptions::Reminder::TrialEnding, subscriptions::Reminder::Renewing] {
                    let (from, until) = reminder.due(now);
                    let rows: Vec<subscriptions::ReminderRow> =
                        sqlx::query_as(&reminder.select_due()).bind(from).bind(until).bind(limit).fetch_all(&self.pool).await?;
                    for row in rows {
                        let mut journal = Journal::default();
                        reminder.announce(&row, &mut journal);
                        let (recipient, at, link) = reminder.about(&row, origin);
                        let line = format!("{} × {}", row.name, row.license_count);
                        let about = domain::email::Reminder { company: &row.company_name, line: &line, at, link: &link };
                        let compose = |name: &str, email: &str, locale| match reminder {
                            subscriptions::Reminder::WindowClosing => domain::email::Email::window_closing(email, locale, name, &about),
                            subscriptions::Reminder::Renewing => domain::email::Email::renewing(email, locale, name, &about),
                            subscriptions::Reminder::TrialEnding => {
                                domain::email::Email::trial_ending(email, locale, name, row.invitation.as_deref().unwrap_or_default(), &about)
                            }
                        };
                        let mark_value = reminder.mark_value(&row, now);
                        if self
                            .send_reminder_once(
                                reminder.mark(),
                                row.id,
                                mark_value,
                                row.partner_id,
                                journal,
                                reminder.notification(),
                                recipient,
                                compose,
                            )
                            .await?
                        {
                            sent += 1;
                        }
                    }
                }
                Ok(sent)
            }
        }
    };
}

pub(crate) use subscription_sql;
