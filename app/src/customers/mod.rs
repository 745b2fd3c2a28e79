//! Customers: the indirect provider's customers, their subscriptions and the New customer
//! wizard. The details and their rules are the domain's ([`domain::customers`]).

pub mod incentives;
mod pages;
mod reseller;
pub mod subscriptions;
pub use pages::{AddSubscriptionPage, CustomersPage, NewCustomerPage, SubscriptionPage};
pub use reseller::{reseller_change, CustomerResellerPage, ResellerChange, SetCustomerReseller};

pub use domain::customers::*;

#[cfg(feature = "ssr")]
use crate::error::Problem;
use crate::error::{AppError, FieldErrors};
use crate::roles::Permission;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The customer operations, each with its permission, for the pages' server functions and
/// the REST API alike.
#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::Caller;
    use crate::auth::CurrentUser;
    use crate::store::SharedStore;

    /// The user, once they may see the organisation's customers: the customers an indirect
    /// provider created (a reseller sees its providers instead, see `list_customers`).
    pub(crate) fn provider_viewing(caller: &dyn Caller) -> Result<&CurrentUser, AppError> {
        let user = caller.require(Permission::ViewCustomers)?;
        if !user.programs.indirect_provider {
            return Err(AppError::WrongProgram { program: crate::roles::Program::IndirectProvider });
        }
        Ok(user)
    }

    /// Whether the caller may create customers and change their subscriptions (the REST API
    /// asks before it reads a body; every operation here asks again).
    pub fn may_manage_customers(caller: &dyn Caller) -> Result<&CurrentUser, AppError> {
        caller.require(Permission::ManageCustomers)
    }

    /// One customer with its subscriptions.
    pub async fn customer(store: &SharedStore, caller: &dyn Caller, customer_id: i64) -> Result<CustomerRow, AppError> {
        let user = provider_viewing(caller)?;
        store.customer(user.organisation_id, customer_id).await?.ok_or(AppError::NotFound)
    }

    /// One page of the organisation's customers, by name, perhaps only one reseller's.
    pub async fn customers_page(
        store: &SharedStore,
        caller: &dyn Caller,
        reseller: Option<i64>,
        search: &str,
        page: i64,
        per_page: i64,
    ) -> Result<(Vec<CustomerRow>, i64), AppError> {
        let user = provider_viewing(caller)?;
        let page = page.clamp(1, crate::validate::PAGE_MAX);
        Ok(store.customers_page(user.organisation_id, reseller.filter(|r| *r > 0), search.trim(), page, per_page).await?)
    }

    /// The Customers page: an indirect provider's customers, one page at a time (only
    /// `reseller`'s, matching `search`); for an indirect reseller, its providers and the
    /// customers it serves for each.
    pub async fn overview(
        store: &SharedStore,
        caller: &dyn Caller,
        reseller: Option<i64>,
        search: &str,
        page: i64,
    ) -> Result<CustomersOverview, AppError> {
        let user = caller.require(Permission::ViewCustomers)?;
        if !user.programs.indirect_provider {
            return Ok(CustomersOverview::Reseller(store.providers_of_reseller(user.organisation_id).await?));
        }
        let (rows, total) = customers_page(store, caller, reseller, search, page, CUSTOMERS_PER_PAGE).await?;
        Ok(CustomersOverview::Provider {
            rows,
            total,
            page: page.clamp(1, crate::validate::PAGE_MAX),
            per_page: CUSTOMERS_PER_PAGE,
            resellers: reseller_choices(store, user.organisation_id).await?,
            may_manage: user.can(Permission::ManageCustomers),
        })
    }

    /// The provider's partnered resellers, as choices.
    /// What the New customer wizard starts from: the provider's resellers and the catalog.
    pub async fn wizard_start(store: &SharedStore, caller: &dyn Caller) -> Result<NewCustomerStart, AppError> {
        let user = caller.require(Permission::ManageCustomers)?;
        Ok(NewCustomerStart {
            resellers: reseller_choices(store, user.organisation_id).await?,
            provider_name: user.organisation_name.clone(),
            // What is sold (a trial SKU is offered by trial invitations only).
            catalog: store.catalog_everywhere().await?.into_iter().filter(|e| !e.subscription.trial).collect(),
        })
    }

    pub async fn reseller_choices(store: &SharedStore, provider_id: i64) -> Result<Vec<ResellerChoice>, AppError> {
        Ok(store.reseller_choices(provider_id).await?)
    }

    /// Refuses a reseller that is not an active partner of the user's organisation.
    async fn require_partnered(store: &SharedStore, user: &CurrentUser, reseller_id: Option<i64>, field: &str) -> Result<(), AppError> {
        if let Some(id) = reseller_id {
            if !store.partnership_active(user.organisation_id, id).await? {
                return Err(AppError::invalid(field, Problem::NotPartneredReseller));
            }
        }
        Ok(())
    }

    /// Whether this organisation's order with idempotency `key` was created already (a retried
    /// Submit, or the same order sent twice at once, perhaps to two servers).
    async fn already_submitted(store: &SharedStore, organisation_id: i64, key: &str) -> Result<Option<()>, AppError> {
        Ok((!key.is_empty() && store.customer_id_for_key(organisation_id, key).await?.is_some()).then_some(()))
    }

    /// Why a new customer cannot be created as asked, when it is not for a rule of its own.
    pub enum NewCustomerClash<T> {
        /// The same request was made already (retried, or racing itself, perhaps on another
        /// server): what the first one answered.
        Retried(T),
        /// Another customer has the domain prefix.
        DomainTaken,
    }

    /// Decides, before creating a customer and again after the database refused it (a unique
    /// constraint), whether this request was made already (`retried` finds what it answered)
    /// or another customer has the domain prefix. The one place this is decided, for the New
    /// customer wizard, the REST API and a client accepting an offer.
    pub async fn new_customer_clash<T, F, Fut>(store: &SharedStore, domain_prefix: &str, retried: F) -> Result<Option<NewCustomerClash<T>>, AppError>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<Option<T>, AppError>>,
    {
        if let Some(first) = retried().await? {
            return Ok(Some(NewCustomerClash::Retried(first)));
        }
        if store.domain_prefix_taken(domain_prefix).await? {
            // Perhaps taken a moment ago by this same request, sent again at the same time.
            return Ok(Some(match retried().await? {
                Some(first) => NewCustomerClash::Retried(first),
                None => NewCustomerClash::DomainTaken,
            }));
        }
        Ok(None)
    }

    /// Submit of the New customer wizard: checks the details and the lines against the catalog
    /// of the customer's country, then creates the customer, its admin user and its
    /// subscriptions in one transaction. The temporary password is returned once and stored
    /// only as a hash.
    pub async fn create_customer(store: &SharedStore, caller: &dyn Caller, order: &NewCustomerOrder) -> Result<SetupInfo, AppError> {
        use crate::auth::ssr::hash_password;
        let user = may_manage_customers(caller)?;
        let mut errors = FieldErrors::default();
        let details = order.details.check(&mut errors);
        let catalog = match details.as_ref() {
            Some(d) => store.catalog_for_country(&d.country).await?,
            None => Vec::new(),
        };
        let lines = check_priced_lines(order, &catalog, &mut errors);
        let details = match details {
            Some(d) if errors.is_empty() => d,
            _ => return Err(AppError::Invalid(errors.0)),
        };
        require_partnered(store, user, order.reseller_id, "reseller_id").await?;
        let key = crate::validate::IdempotencyKey::stored(&order.idempotency_key);
        let (prefix, stored_key) = (details.domain_prefix.as_str(), key.as_str());
        let clash = move || new_customer_clash(store, prefix, move || already_submitted(store, user.organisation_id, stored_key));
        // A retried Submit: the customer exists; its password was shown the first time.
        let refusal = |clash| match clash {
            NewCustomerClash::Retried(()) => AppError::Refused(crate::error::Refusal::AlreadySubmitted),
            NewCustomerClash::DomainTaken => AppError::invalid("domain_prefix", Problem::DomainTaken),
        };
        if let Some(found) = clash().await? {
            return Err(refusal(found));
        }
        let password = temporary_password();
        let hash = hash_password(password.clone()).await?;
        let admin = admin_user_name(&details.domain_prefix);
        let reseller_name = match order.reseller_id {
            Some(id) => store.organisation(id).await?.map(|o| o.name),
            None => None,
        };
        let customer_id = store
            .create_customer(
                &caller.actor(),
                &crate::store::customers::NewCustomer {
                    reseller_id: order.reseller_id,
                    details: details.clone(),
                    admin_user_name: admin.clone(),
                    admin_password_hash: Some(hash),
                    idempotency_key: (!key.is_empty()).then_some(key.clone()),
                    subscriptions: lines
                        .into_iter()
                        .map(|(id, count, price)| crate::store::customers::NewCustomerSubscription {
                            subscription_id: id,
                            license_count: count,
                            reseller_of_record_id: order.reseller_id,
                            support_contact_id: None,
                            offer_id: None,
                            price,
                            trial_days: None,
                        })
                        .collect(),
                },
            )
            .await;
        let customer_id = match customer_id {
            Ok(id) => id,
            // The same order submitted at the same moment (perhaps to another server), or another
            // order that took the domain prefix: the unique constraints decided; say which.
            Err(crate::store::StoreError::Unique(constraint)) => {
                return Err(match clash().await? {
                    Some(found) => refusal(found),
                    None => crate::store::StoreError::Unique(constraint).into(),
                });
            }
            Err(other) => return Err(other.into()),
        };
        Ok(SetupInfo { customer_id, company_name: details.company_name, reseller_name, admin_user_name: admin, temporary_password: password })
    }

    /// Add subscription: new subscriptions for one of the organisation's customers, each with
    /// its term and billing plan (`plans`: the one chosen, or the usual one) at the price list's
    /// price in the customer's country.
    pub async fn add_subscriptions(
        store: &SharedStore,
        caller: &dyn Caller,
        customer_id: i64,
        lines: &[(String, crate::validate::WholeNumber)],
        plans: &[(String, String)],
        reseller_id: Option<i64>,
    ) -> Result<(), AppError> {
        let user = may_manage_customers(caller)?;
        let customer = store.customer(user.organisation_id, customer_id).await?.ok_or(AppError::NotFound)?;
        let catalog = store.catalog_for_country(&customer.country).await?;
        let mut errors = FieldErrors::default();
        let lines = priced_lines(lines, plans, &catalog, &mut errors);
        errors.into_result(|| ())?;
        require_partnered(store, user, reseller_id, "reseller_id").await?;
        let lines: Vec<_> = lines
            .into_iter()
            .map(|(id, count, price)| crate::store::customers::NewCustomerSubscription {
                subscription_id: id,
                license_count: count,
                reseller_of_record_id: reseller_id,
                support_contact_id: None,
                offer_id: None,
                price,
                trial_days: None,
            })
            .collect();
        store.add_subscriptions(&caller.actor(), customer_id, &lines).await?;
        Ok(())
    }

    /// Associates, changes or removes (`None`) the reseller of an existing customer. Only an
    /// active partner can be associated; removing needs no partnership.
    pub async fn set_customer_reseller(store: &SharedStore, caller: &dyn Caller, customer_id: i64, reseller: Option<i64>) -> Result<(), AppError> {
        let user = may_manage_customers(caller)?;
        store.customer(user.organisation_id, customer_id).await?.ok_or(AppError::NotFound)?;
        require_partnered(store, user, reseller, "reseller_id").await?;
        match store.set_customer_reseller(&caller.actor(), customer_id, reseller).await {
            // The partnership ended between the check and the change.
            Err(crate::store::StoreError::Refused(_)) => Err(AppError::invalid("reseller_id", Problem::NotPartneredReseller)),
            other => Ok(other?),
        }
    }

    /// Whether the caller may change some subscriptions, as a provider or as a reseller of
    /// record (asked before a body's rules are told; [`editable`] decides for each one).
    pub fn may_change_subscriptions(caller: &dyn Caller) -> Result<&CurrentUser, AppError> {
        may_manage_customers(caller).or_else(|provider| {
            caller.require(Permission::ManageResoldSubscriptions).map_err(|reseller| match reseller {
                // A reseller's user without the role hears which roles would do.
                AppError::MissingRole { .. } => reseller,
                _ => provider,
            })
        })
    }

    /// A subscription the caller changes, as whom, with its customer and provider.
    #[derive(Clone, Debug)]
    pub struct Editable {
        /// The customer; for its reseller of record, with this subscription only.
        pub customer: CustomerRow,
        pub subscription: SubscriptionRow,
        pub editor: SubscriptionEditor,
        pub provider_id: i64,
        pub provider_name: String,
    }

    /// The subscription `subscription_id` of the customer `customer_id`, when the caller
    /// changes it: as the provider whose customer it is (ManageCustomers), or as its reseller of
    /// record while partnered with that provider (ManageResoldSubscriptions). Anything else is
    /// not found, or the error that says which permission is missing.
    pub async fn editable(store: &SharedStore, caller: &dyn Caller, customer_id: i64, subscription_id: i64) -> Result<Editable, AppError> {
        may_change_subscriptions(caller)?;
        if let Ok(user) = may_manage_customers(caller) {
            if let Some(customer) = store.customer(user.organisation_id, customer_id).await? {
                let subscription = customer.subscriptions.iter().find(|s| s.id == subscription_id).cloned().ok_or(AppError::NotFound)?;
                let (provider_id, provider_name) = (user.organisation_id, user.organisation_name.clone());
                return Ok(Editable { customer, subscription, editor: SubscriptionEditor::Provider, provider_id, provider_name });
            }
        }
        // Not the provider's customer: perhaps a subscription the caller resells.
        let Ok(user) = caller.require(Permission::ManageResoldSubscriptions) else { return Err(AppError::NotFound) };
        let resold = store.resold_subscription(user.organisation_id, customer_id, subscription_id).await?.ok_or(AppError::NotFound)?;
        let subscription = resold.customer.subscriptions.iter().find(|s| s.id == subscription_id).cloned().ok_or(AppError::NotFound)?;
        Ok(Editable {
            customer: resold.customer,
            subscription,
            editor: SubscriptionEditor::ResellerOfRecord,
            provider_id: resold.provider_id,
            provider_name: resold.provider_name,
        })
    }

    /// Writes a change checked against the subscription as read, answering a subscription
    /// that renewed, ended or changed hands since the read as not active.
    async fn write_subscription_change(
        store: &SharedStore,
        caller: &dyn Caller,
        update: &crate::store::customers::SubscriptionUpdate,
    ) -> Result<(), AppError> {
        match store.update_subscription(&caller.actor(), update).await {
            Err(crate::store::StoreError::NotFound) => Err(AppError::invalid("license_count", Problem::SubscriptionNotActive)),
            other => Ok(other?),
        }
    }

    /// Change the license count of a subscription, as its provider or its reseller of record:
    /// licenses added take effect at once, licenses are removed only in the change window after
    /// purchase or renewal (at `now`, the server's clock). Nothing else changes.
    pub async fn change_license_count(
        store: &SharedStore,
        caller: &dyn Caller,
        customer_id: i64,
        subscription_id: i64,
        typed: &crate::validate::WholeNumber,
        now: i64,
    ) -> Result<(), AppError> {
        let Editable { subscription, editor, .. } = editable(store, caller, customer_id, subscription_id).await?;
        let (license_count, amount) =
            subscription.check_new_license_count(typed, now).map_err(|problem| AppError::invalid("license_count", problem))?;
        let update = crate::store::customers::SubscriptionUpdate {
            editor,
            subscription_id,
            license_count,
            reseller_of_record_id: subscription.reseller_of_record_id,
            support_contact_id: subscription.support_contact_id,
            term_started_at: subscription.lifecycle.term_started_at,
            amount: amount.zip(subscription.price.as_ref().map(|p| p.currency.clone())),
        };
        write_subscription_change(store, caller, &update).await
    }

    /// The subscription detail's Submit: license count, Reseller (MPN ID), Designated support
    /// contact (a partnered reseller, or the provider itself). Only the provider changes the
    /// reseller of record and the support contact; the license count by
    /// [`SubscriptionRow::check_new_license_count`] at `now` (the server's clock).
    pub async fn update_subscription(
        store: &SharedStore,
        caller: &dyn Caller,
        customer_id: i64,
        subscription_id: i64,
        change: &SubscriptionChange,
        now: i64,
    ) -> Result<(), AppError> {
        let user = may_manage_customers(caller)?;
        let customer = store.customer(user.organisation_id, customer_id).await?.ok_or(AppError::NotFound)?;
        let subscription = customer.subscriptions.iter().find(|s| s.id == subscription_id).ok_or(AppError::NotFound)?;
        let mut errors = FieldErrors::default();
        let count = errors.check("license_count", subscription.check_new_license_count(&change.license_count, now));
        // Reseller (MPN ID): numeric, and a partnered reseller, so that it receives incentives.
        let mut reseller_of_record = None;
        if !change.reseller_mpn_id.trim().is_empty() {
            if let Some(mpn) = errors.check("reseller_mpn_id", crate::validate::mpn_id(&change.reseller_mpn_id)) {
                match store.organisation_by_mpn_id(&mpn).await? {
                    Some(org) if store.partnership_active(user.organisation_id, org.id).await? => reseller_of_record = Some(org.id),
                    _ => errors.add("reseller_mpn_id", Problem::NotPartneredReseller),
                }
            }
        }
        let support = if change.support_contact_id.is_blank() {
            None
        } else {
            match change.support_contact_id.value() {
                Some(id) if id == user.organisation_id => Some(id),
                Some(id) if store.partnership_active(user.organisation_id, id).await? => Some(id),
                _ => {
                    errors.add("support_contact_id", Problem::NotPartneredReseller);
                    None
                }
            }
        };
        let (license_count, amount) = match count {
            Some(checked) if errors.is_empty() => checked,
            _ => return Err(AppError::Invalid(errors.0)),
        };
        let update = crate::store::customers::SubscriptionUpdate {
            editor: SubscriptionEditor::Provider,
            subscription_id,
            license_count,
            reseller_of_record_id: reseller_of_record,
            support_contact_id: support,
            term_started_at: subscription.lifecycle.term_started_at,
            amount: amount.zip(subscription.price.as_ref().map(|p| p.currency.clone())),
        };
        write_subscription_change(store, caller, &update).await
    }
}

#[server(endpoint = "customers/list")]
pub async fn list_customers(reseller: Option<i64>, search: String, page: i64) -> Result<CustomersOverview, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::overview(&store()?, &caller().await?, reseller, &search, page).await }.await)
}

#[server(endpoint = "customers/start")]
pub async fn customer_wizard_start() -> Result<NewCustomerStart, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::wizard_start(&store()?, &caller().await?).await }.await)
}

/// The subscriptions sold in a customer's country (New subscription).
#[server(endpoint = "customers/catalog")]
pub async fn customer_catalog(country: String) -> Result<Vec<crate::catalog::CatalogSubscription>, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    // The same operation as the API's GET /catalog (whoever sells may read it).
    respond(async { crate::offers::service::catalog(&store()?, &caller().await?, &country, "country").await }.await)
}

/// Submit: creates the customer, its admin user and its subscriptions in one transaction and
/// returns the setup info, whose temporary password is shown once and stored only as a hash.
#[server(endpoint = "customers/create", input = leptos::server_fn::codec::Json)]
pub async fn create_customer(order: NewCustomerOrder) -> Result<SetupInfo, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::create_customer(&store()?, &caller().await?, &order).await }.await)
}

#[server(endpoint = "customers/get")]
pub async fn get_customer(customer_id: i64) -> Result<CustomerPageData, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            let (store, caller) = (store()?, caller().await?);
            let customer = service::customer(&store, &caller, customer_id).await?;
            let user = caller.user;
            Ok(CustomerPageData {
                customer,
                resellers: service::reseller_choices(&store, user.organisation_id).await?,
                provider_id: user.organisation_id,
                provider_name: user.organisation_name,
            })
        }
        .await,
    )
}

/// Add subscription: new subscriptions for an existing customer, optionally with the reseller
/// that earns incentives for them.
#[server(endpoint = "customers/subscriptions/add", input = leptos::server_fn::codec::Json)]
pub async fn add_subscriptions(
    customer_id: i64,
    lines: Vec<(String, crate::validate::WholeNumber)>,
    plans: Option<Vec<(String, String)>>,
    reseller_id: Option<i64>,
) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async { service::add_subscriptions(&store()?, &caller().await?, customer_id, &lines, &plans.unwrap_or_default(), reseller_id).await }.await,
    )
}

/// The subscription detail's Submit: license count, Reseller (MPN ID) and Designated support
/// contact (a partnered reseller, or the provider itself).
#[server(endpoint = "customers/subscriptions/update")]
pub async fn update_subscription(
    customer_id: i64,
    subscription_id: i64,
    license_count: String,
    reseller_mpn_id: String,
    support_contact_id: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            let change = SubscriptionChange { license_count: license_count.into(), reseller_mpn_id, support_contact_id: support_contact_id.into() };
            service::update_subscription(&store()?, &caller().await?, customer_id, subscription_id, &change, crate::auth::ssr::clock_now()).await
        }
        .await,
    )
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn domain_prefixes_are_lowercase_letters_and_digits(typed in "\\PC{0,40}|[A-Za-z0-9]{0,30}") {
            match check_domain_prefix(&typed) {
                Ok(prefix) => {
                    prop_assert!(!prefix.is_empty() && prefix.len() <= 27);
                    prop_assert!(prefix.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
                    prop_assert_eq!(check_domain_prefix(&prefix), Ok(prefix.clone()));
                }
                Err(_) => prop_assert!(
                    typed.trim().is_empty() || typed.trim().chars().count() > 27 || !typed.trim().chars().all(|c| c.is_ascii_alphanumeric()),
                    "{:?} refused", typed
                ),
            }
        }

        #[test]
        fn customer_details_never_panic(fields in proptest::collection::vec("\\PC{0,120}", 12)) {
            let names = ["company_name", "domain_prefix", "address_line1", "city", "postal_code", "country", "phone",
                "registration_number", "contact_first_name", "contact_last_name", "contact_email", "language"];
            let mut form = CustomerDetailsForm::default();
            for (name, value) in names.iter().zip(fields) {
                form.set(name, value.clone());
                prop_assert_eq!(form.get(name), value);
            }
            if let Ok(details) = form.validate() {
                prop_assert_eq!(check_domain_prefix(&details.domain_prefix), Ok(details.domain_prefix.clone()));
                prop_assert!(crate::validate::email(&details.contact_email).is_ok());
            }
        }
    }
}
