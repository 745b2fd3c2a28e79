//! Advisors: the Create purchase offer wizard, the Send page and offer tracking.
//!
//! The rules of an offer live in [`validate_offer`]; the wizard runs it in the browser as the
//! advisor types, and `create_offer` runs the very same function again on the server.

pub mod client;
#[cfg(feature = "ssr")]
mod client_pages;
pub mod embedding;
pub mod logo;
mod pages;
pub mod prices;
pub mod replies;

#[cfg(feature = "ssr")]
pub use client_pages::{AcceptedPage, ClientOfferPage, EarlierOfferPage, ReplyPage};
pub use embedding::EmbeddingPage;
pub(crate) use pages::status_key;
pub use pages::{CreateOfferPage, CreateResellerOfferPage, OfferPage, OffersPage};
pub use prices::OfferPricesPage;

use crate::catalog::CatalogSubscription;
use crate::error::AppError;
use crate::i18n::Key;
use crate::roles::Permission;
#[cfg(feature = "ssr")]
use crate::{catalog::parse_country, error::Problem};
pub use domain::offers::*;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[server(endpoint = "offers/start")]
pub async fn offer_wizard_start(from: Option<String>, reseller: Option<i64>) -> Result<WizardStart, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::wizard_start(&store()?, &caller().await?, from.as_deref(), reseller).await }.await)
}

/// The server side of offers, shared by the server functions and the REST API.
/// The offer operations, each with its permission, for the pages' server functions and the
/// REST API alike.
#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::Caller;
    use crate::store::SharedStore;

    /// Whether the caller may create and manage offers (the REST API asks before it reads a
    /// body; every operation here asks again): an advisor's own, or an indirect reseller's
    /// two-tier offers ([`Permission::ResellOffers`] grants it).
    pub fn may_create_offers(caller: &dyn Caller) -> Result<&crate::auth::CurrentUser, AppError> {
        caller.require(Permission::ManageOffers)
    }

    /// Who makes an offer, as the rules see them.
    struct Maker<'a> {
        user: &'a crate::auth::CurrentUser,
        /// The organisation whose offer it is (the caller's, or the reseller it is made for).
        organisation_id: i64,
        /// Whether it may sell for itself (an advisor's own offers).
        own_offers: bool,
        /// The providers it may sell for (a reseller's partners; the caller's own organisation
        /// when a provider's user makes it for a reseller).
        providers: Vec<OfferProvider>,
        for_reseller: Option<OnBehalfOf>,
    }

    impl Maker<'_> {
        /// Delegated administration and the organisation's discount limit are its own
        /// offers' (a provider's user making one for a reseller has neither).
        fn dap_certified(&self) -> bool {
            self.for_reseller.is_none() && self.user.dap_certified
        }

        async fn discount_limit(&self, store: &SharedStore) -> Result<u32, AppError> {
            Ok(if self.for_reseller.is_some() { 0 } else { store.discount_limit(self.organisation_id).await? })
        }
    }

    /// The reseller an offer is made for (`on_behalf_of`, a hidden field): blank for the
    /// caller's own; anything but a number names no reseller.
    fn on_behalf_of(typed: &crate::validate::WholeNumber) -> Result<Option<i64>, AppError> {
        match typed.value() {
            Some(id) => Ok(Some(id)),
            None if typed.is_blank() => Ok(None),
            None => Err(AppError::NotFound),
        }
    }

    /// Who makes the offer: the caller for its organisation — an advisor for itself, an indirect
    /// reseller for the providers it partners with — or, `for_reseller`, a provider's user
    /// ([`Permission::ManageCustomers`]) for one of its partnered resellers, selling the
    /// provider's own subscriptions on the reseller's behalf.
    async fn maker<'a>(store: &SharedStore, caller: &'a dyn Caller, for_reseller: Option<i64>) -> Result<Maker<'a>, AppError> {
        match for_reseller {
            None => {
                let user = may_create_offers(caller)?;
                let own_offers = Permission::ManageOffers.check_own_rule(&user.roles, &user.programs).is_ok();
                let providers = if user.can(Permission::ResellOffers) { store.offer_providers(user.organisation_id).await? } else { Vec::new() };
                Ok(Maker { user, organisation_id: user.organisation_id, own_offers, providers, for_reseller: None })
            }
            Some(reseller_id) => {
                let user = caller.require(Permission::ManageCustomers)?;
                let reseller =
                    store.reseller_choices(user.organisation_id).await?.into_iter().find(|r| r.id == reseller_id).ok_or(AppError::NotFound)?;
                Ok(Maker {
                    user,
                    organisation_id: reseller.id,
                    own_offers: false,
                    providers: vec![OfferProvider { id: user.organisation_id, name: user.organisation_name.clone() }],
                    for_reseller: Some(OnBehalfOf { reseller_id: reseller.id, reseller_name: reseller.name }),
                })
            }
        }
    }

    /// Checks an offer against the organisation's offices, the catalog of its usage location
    /// and the relationship names in use, then stores it. Returns the summary ID. A provider's
    /// user makes it for a partnered reseller with `on_behalf_of` (see [`maker`]).
    pub async fn create_offer(store: &SharedStore, caller: &dyn Caller, form: &OfferForm) -> Result<String, AppError> {
        let maker = maker(store, caller, on_behalf_of(&form.on_behalf_of)?).await?;
        let organisation_id = maker.organisation_id;
        // A retried submission (a lost answer, the offline outbox) answers with the offer
        // its first attempt created, before any rule that the offer itself now trips
        // (its relationship name is taken — by itself).
        let key = crate::validate::IdempotencyKey::new(&form.idempotency_key);
        if let Some(key) = &key {
            if let Some(summary_id) = store.offer_for_key(organisation_id, key.as_str()).await? {
                return Ok(summary_id);
            }
        }
        let offices = store.offices(organisation_id).await?;
        let catalog = match offer_usage_location(form) {
            Ok(code) => store.catalog_for_country(&code).await?,
            Err(_) => Vec::new(),
        };
        let rules = OfferRules {
            own_offers: maker.own_offers,
            providers: &maker.providers,
            offices: &offices,
            catalog: &catalog,
            dap_certified: maker.dap_certified(),
            discount_limit: maker.discount_limit(store).await?,
        };
        let valid = validate_offer(form, &rules)?;
        if let Some(gdap) = &valid.gdap {
            if store.gdap_name_taken(organisation_id, &gdap.name).await? {
                return Err(AppError::invalid("gdap_name", Problem::GdapNameTaken));
            }
        }
        // A new version replaces an offer of the organisation that no version replaced yet:
        // the store checks it in its transaction (StoreError::Refused OfferReplacedAlready).
        match store.create_offer(&caller.actor(), organisation_id, &valid).await {
            // The same offer sent twice at the same moment (perhaps to two servers): the first
            // one is the answer. Or another offer took the relationship name a moment ago.
            Err(crate::store::StoreError::Unique(constraint)) => {
                if let Some(key) = &key {
                    if let Some(summary_id) = store.offer_for_key(organisation_id, key.as_str()).await? {
                        return Ok(summary_id);
                    }
                }
                Err(if constraint.contains("gdap_name") {
                    AppError::invalid("gdap_name", Problem::GdapNameTaken)
                } else {
                    crate::store::StoreError::Unique(constraint).into()
                })
            }
            other => Ok(other?),
        }
    }

    /// The organisation's running trials, soonest end first.
    pub async fn active_trials(store: &SharedStore, caller: &dyn Caller) -> Result<Vec<ActiveTrial>, AppError> {
        let user = caller.require(Permission::ManageOffers)?;
        Ok(store.active_trials(user.organisation_id).await?)
    }

    /// The subscriptions sold in a country (typed as people type it: "UK" is GB), for whoever
    /// sells: advisors (offers) and indirect providers (customers). `field` names the country
    /// in a refusal.
    pub async fn catalog(store: &SharedStore, caller: &dyn Caller, country: &str, field: &str) -> Result<Vec<CatalogSubscription>, AppError> {
        caller.require(Permission::ManageOffers).or_else(|_| caller.require(Permission::ManageCustomers))?;
        let code = parse_country(country).map_err(|p| AppError::invalid(field, p))?;
        Ok(store.catalog_for_country(&code).await?)
    }

    /// One page of the organisation's offers.
    pub async fn offers_page(
        store: &SharedStore,
        caller: &dyn Caller,
        search: &str,
        sort: OfferSort,
        page: i64,
        per_page: i64,
    ) -> Result<(Vec<OfferRow>, i64), AppError> {
        let user = caller.require(Permission::ManageOffers)?;
        let page = page.clamp(1, crate::validate::PAGE_MAX);
        Ok(store.offers_page(user.organisation_id, search.trim(), sort, page, per_page).await?)
    }

    /// One offer with its acceptances, custom URL and embed snippet built from the site's
    /// address; the snippet's frame title is in `locale` (the language of whoever copies it).
    pub async fn offer(
        store: &SharedStore,
        caller: &dyn Caller,
        summary_id: &str,
        origin: &str,
        locale: crate::i18n::Locale,
    ) -> Result<OfferDetail, AppError> {
        let user = caller.require(Permission::ManageOffers)?;
        let mut detail = store.offer_detail(user.organisation_id, summary_id.trim()).await?.ok_or(AppError::NotFound)?;
        detail.url = format!("{origin}{}", detail.url_path);
        let embed = detail.url_path.replacen("/offer/", "/embed/offer/", 1);
        let title = locale.fill(crate::i18n::Key::OfferFrom, &[("company", &detail.advisor_company)]);
        detail.embed_snippet = embedding::embed_snippet(origin, &embed, &title);
        Ok(detail)
    }

    /// What the offer wizard starts from: the advisor's offices, the catalog, whether they may
    /// offer delegated administration (and the organisation's role templates to offer it with),
    /// whom it may sell for, and the offer `from` names to prefill (Send a new offer). A
    /// provider's user starts it `for_reseller` (see [`maker`]).
    pub async fn wizard_start(
        store: &SharedStore,
        caller: &dyn Caller,
        from: Option<&str>,
        for_reseller: Option<i64>,
    ) -> Result<WizardStart, AppError> {
        let maker = maker(store, caller, for_reseller).await?;
        let organisation_id = maker.organisation_id;
        let prefill = match from.map(str::trim).filter(|f| !f.is_empty()) {
            Some(summary_id) if maker.for_reseller.is_none() => store.offer_detail(organisation_id, summary_id).await?.map(|d| d.as_prefill()),
            _ => None,
        };
        let dap_certified = maker.dap_certified();
        Ok(WizardStart {
            offices: store.offices(organisation_id).await?,
            dap_certified,
            prefill,
            catalog: store.catalog_everywhere().await?,
            discount_limit: maker.discount_limit(store).await?,
            // Templates only serve delegated administration, which needs the certification.
            role_templates: if dap_certified { store.role_templates(organisation_id).await? } else { Vec::new() },
            own_offers: maker.own_offers,
            providers: maker.providers,
            for_reseller: maker.for_reseller,
        })
    }

    /// The largest discount (percent) the organisation's advisors may give on an offer's line.
    pub async fn discount_limit(store: &SharedStore, caller: &dyn Caller) -> Result<u32, AppError> {
        let user = caller.require(Permission::SetDiscountLimit)?;
        Ok(store.discount_limit(user.organisation_id).await?)
    }

    /// Sets it, as the Global admin typed it (a whole number from 0 to 100).
    pub async fn set_discount_limit(store: &SharedStore, caller: &dyn Caller, typed: &str) -> Result<u32, AppError> {
        caller.require(Permission::SetDiscountLimit)?;
        let percent = crate::pricing::parse_discount_limit(typed).map_err(|p| AppError::invalid("percent", p))?;
        store.set_discount_limit(&caller.actor(), percent).await?;
        Ok(percent)
    }

    /// Sets (a `YYYY-MM-DD` day) or clears (empty) the date after which the offer can no
    /// longer be accepted.
    pub async fn set_expiry(store: &SharedStore, caller: &dyn Caller, summary_id: &str, expires_on: &str) -> Result<(), AppError> {
        caller.require(Permission::ManageOffers)?;
        let expires_at = parse_expiry_date(expires_on, crate::store::now()).map_err(|p| AppError::invalid("expires_on", p))?;
        Ok(store.set_offer_expiry(&caller.actor(), summary_id.trim(), expires_at).await?)
    }

    /// Saves the Send page's personalisation of the message (introduction, closing remarks,
    /// contact details).
    pub async fn save_message(
        store: &SharedStore,
        caller: &dyn Caller,
        summary_id: &str,
        introduction: &str,
        closing: &str,
        contact: &str,
    ) -> Result<(), AppError> {
        caller.require(Permission::ManageOffers)?;
        let mut errors = crate::error::FieldErrors::default();
        let introduction = errors.check("introduction", crate::validate::optional_text(introduction, 2000));
        let closing = errors.check("closing", crate::validate::optional_text(closing, 2000));
        let contact = errors.check("contact", crate::validate::optional_text(contact, 500));
        let (Some(introduction), Some(closing), Some(contact)) = (introduction, closing, contact) else {
            return Err(AppError::Invalid(errors.0));
        };
        Ok(store.update_offer_message(&caller.actor(), summary_id.trim(), &introduction, &closing, &contact).await?)
    }

    /// Send: saves the personalisation typed (`message`: introduction, closing remarks, contact
    /// details), so the message sent is the one shown, and has PartnerDesk email it in `locale`
    /// to the client at `recipient_email` (replies go to the advisor). `origin`: the site's
    /// address, as the page shows the offer's URL. Returns the address it went to.
    #[allow(clippy::too_many_arguments)]
    pub async fn email_offer(
        store: &SharedStore,
        caller: &dyn Caller,
        summary_id: &str,
        recipient_email: &str,
        locale: crate::i18n::Locale,
        message: (&str, &str, &str),
        origin: &str,
    ) -> Result<String, AppError> {
        let user = caller.require(Permission::ManageOffers)?;
        let to = crate::validate::email(recipient_email).map_err(|p| AppError::invalid("recipient_email", p))?;
        let (introduction, closing, contact) = message;
        save_message(store, caller, summary_id, introduction, closing, contact).await?;
        let detail = offer(store, caller, summary_id, origin, locale).await?;
        domain::offers::client::OfferStatus::from_stored(&detail.row.status, detail.expires_at, crate::store::now()).still_open()?;
        let (subject, body) = pages::offer_text(&detail, &detail.url, &locale);
        let message = domain::email::PartnerMessage::check(&to, locale, &subject, &body).map_err(AppError::Invalid)?;
        let email = domain::email::Email::partner_message(
            domain::email::EmailKind::PurchaseOffer,
            &message,
            &user.name,
            &user.email,
            &user.organisation_name,
            &detail.url,
        );
        let entry = crate::store::AuditEntry {
            action: "offer.email",
            record_type: "offer",
            record_id: detail.row.summary_id.clone(),
            summary: format!("emailed by PartnerDesk to <{to}>"),
        };
        if !store.queue_partner_message(&caller.actor(), email, entry).await? {
            return Err(domain::email::too_many_messages());
        }
        Ok(to)
    }

    /// Withdraws an offer: its URL stops accepting; acceptances made before stay.
    pub async fn withdraw_offer(store: &SharedStore, caller: &dyn Caller, summary_id: &str) -> Result<(), AppError> {
        caller.require(Permission::ManageOffers)?;
        Ok(store.withdraw_offer(&caller.actor(), summary_id.trim()).await?)
    }
}

/// Creates the offer and returns its summary ID.
#[server(endpoint = "offers/create", input = leptos::server_fn::codec::Json)]
pub async fn create_offer(form: OfferForm) -> Result<String, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::create_offer(&store()?, &caller().await?, &form).await }.await)
}

#[server(endpoint = "offers/list")]
pub async fn list_offers(search: String, page: i64, sort: Option<String>) -> Result<OfferPageData, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            let sort = OfferSort::from_code(sort.as_deref().unwrap_or_default());
            let (rows, total) = service::offers_page(&store()?, &caller().await?, &search, sort, page, OFFERS_PER_PAGE).await?;
            Ok(OfferPageData { rows, total, page: page.clamp(1, crate::validate::PAGE_MAX), per_page: OFFERS_PER_PAGE })
        }
        .await,
    )
}

#[server(endpoint = "offers/trials")]
pub async fn list_active_trials() -> Result<Vec<ActiveTrial>, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::active_trials(&store()?, &caller().await?).await }.await)
}

#[server(endpoint = "offers/get")]
pub async fn get_offer(summary_id: String) -> Result<OfferDetail, AppError> {
    use crate::auth::ssr::{caller, public_origin, respond, store};
    respond(async { service::offer(&store()?, &caller().await?, &summary_id, &public_origin(), crate::app::initial_locale()).await }.await)
}

/// Saves the personalised message of an offer (introduction, closing remarks, contact).
/// Sets or clears the date after which the offer can no longer be accepted.
#[server(endpoint = "offers/expiry")]
pub async fn set_offer_expiry(summary_id: String, expires_on: String) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::set_expiry(&store()?, &caller().await?, &summary_id, &expires_on).await }.await)
}

#[server(endpoint = "offers/message")]
pub async fn save_offer_message(summary_id: String, introduction: String, closing: String, contact: String) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::save_message(&store()?, &caller().await?, &summary_id, &introduction, &closing, &contact).await }.await)
}

/// Send: saves the personalisation typed (so the message sent is the one shown) and has
/// PartnerDesk email the message in `locale` to the client. Returns the address it went to.
#[server(endpoint = "offers/send")]
pub async fn send_offer_email(
    summary_id: String,
    recipient_email: String,
    locale: String,
    introduction: String,
    closing: String,
    contact: String,
) -> Result<String, AppError> {
    use crate::auth::ssr::{caller, public_origin, respond, store};
    respond(
        async {
            let locale = crate::i18n::Locale::from_tag(&locale).unwrap_or_default();
            let message = (introduction.as_str(), closing.as_str(), contact.as_str());
            service::email_offer(&store()?, &caller().await?, &summary_id, &recipient_email, locale, message, &public_origin()).await
        }
        .await,
    )
}

#[server(endpoint = "offers/withdraw")]
pub async fn withdraw_offer(summary_id: String) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::withdraw_offer(&store()?, &caller().await?, &summary_id).await }.await)
}
