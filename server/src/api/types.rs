//! The API's request and response bodies: the public contract, kept apart from the app's
//! internal types so that these can change without breaking partners' tools.

use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A list page: the items, and the cursor of the next page (`null` on the last page).
macro_rules! list_type {
    ($name:ident, $item:ty) => {
        #[derive(Serialize, ToSchema)]
        pub struct $name {
            pub data: Vec<$item>,
            /// Pass as `cursor` to get the next page; `null` when this is the last page.
            pub next_cursor: Option<String>,
        }
    };
}

/// Paging of a list: `limit` items from `cursor` on.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page, 1 to 200 (default 50). Ignored when `cursor` is given: a cursor keeps
    /// the page size it was made with.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CatalogItem {
    /// The subscription's ID, used in `lines[].subscription_id`.
    pub id: String,
    pub name: String,
    /// The description in English.
    pub description: String,
    /// The description in each of PartnerDesk's languages, by language tag (`en`, `nl`, `fr`,
    /// `pt-BR`); a language it has not been translated into has the English text.
    pub descriptions: std::collections::BTreeMap<String, String>,
    pub min_licenses: i64,
    pub max_licenses: i64,
    /// The terms and billing plans it is sold with in the country, with their prices (from
    /// the price list in force; empty where it has none there).
    pub offerings: Vec<Offering>,
    /// A trial SKU: free, offered only by trial invitations (`trial_days`), never sold. Its
    /// purchase is the SKU of the same `product_id`.
    pub trial: bool,
    /// The product this SKU is one of (the price list's `ProductId`).
    pub product_id: String,
}

/// A term and billing plan a subscription is sold with, and its price. Amounts are decimal
/// strings (`"5.64"`), never floating point.
#[derive(Serialize, ToSchema)]
pub struct Offering {
    /// What `lines[].plan` takes: `P1Y-monthly`.
    pub plan: String,
    /// `P1M`, `P1Y` or `P3Y`.
    pub term: String,
    /// `monthly`, `annual` or `triennial`.
    pub billing_plan: String,
    /// ISO 4217.
    pub currency: String,
    /// For one license and one billing period.
    pub unit_price: String,
    /// The suggested retail price.
    pub erp_price: String,
}

impl From<app::pricing::Offering> for Offering {
    fn from(o: app::pricing::Offering) -> Self {
        Offering {
            plan: o.plan.code(),
            term: o.plan.term.code().to_string(),
            billing_plan: o.plan.billing_plan.code().to_string(),
            currency: o.currency,
            unit_price: o.unit_price.to_string(),
            erp_price: o.erp_price.to_string(),
        }
    }
}

/// The price an offer's line was made with (or a subscription bought at). Amounts are decimal
/// strings.
#[derive(Clone, Serialize, ToSchema)]
pub struct LinePrice {
    /// `P1Y-monthly`.
    pub plan: String,
    pub term: String,
    pub billing_plan: String,
    pub currency: String,
    /// For one license and one billing period.
    pub unit_price: String,
    /// `unit_price` × `license_count`, each billing period.
    pub total: String,
    /// The price list's unit price, where a discount or a price set changed it (the client
    /// sees `unit_price` only).
    pub list_price: Option<String>,
}

/// What an offer's lines billed one way add up to, in one currency.
#[derive(Serialize, ToSchema)]
pub struct Total {
    /// `monthly`, `annual` or `triennial`.
    pub billing_plan: String,
    pub currency: String,
    /// A decimal string.
    pub amount: String,
}

impl LinePrice {
    /// A price and what `license_count` licenses cost at it.
    pub fn of(p: app::pricing::LinePrice, license_count: i64) -> LinePrice {
        LinePrice {
            plan: p.plan.code(),
            term: p.plan.term.code().to_string(),
            billing_plan: p.plan.billing_plan.code().to_string(),
            total: p.total(license_count).to_string(),
            list_price: p.list_price.map(|list| list.to_string()),
            currency: p.currency,
            unit_price: p.unit_price.to_string(),
        }
    }
}

impl From<app::pricing::Total> for Total {
    fn from(t: app::pricing::Total) -> Self {
        Total { billing_plan: t.billing_plan.code().to_string(), currency: t.currency, amount: t.amount.to_string() }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CatalogList {
    pub data: Vec<CatalogItem>,
}

/// The transition plan of a partnership's removal.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RemovalQuery {
    /// Where the live subscriptions that name the reseller (as reseller of record or
    /// designated support contact) go: another partnered reseller's organisation ID (both
    /// places), `provider` (no reseller of record; your organisation as support contact), or
    /// absent / empty: left as they are.
    #[param(max_length = 20)]
    pub transfer_to: Option<String>,
}

/// A notice drafted for a customer after a partnership's removal, for you to send.
#[derive(Serialize, ToSchema)]
pub struct CustomerNotice {
    pub customer_name: String,
    pub to_name: String,
    pub to_email: String,
    pub subject: String,
    pub body: String,
}

/// What the last removal of a partnership did: how many subscriptions its transition plan moved,
/// and a notice for each customer whose subscriptions named the reseller.
#[derive(Serialize, ToSchema)]
pub struct RemovalNotices {
    pub reseller_name: String,
    pub moved: usize,
    pub notices: Vec<CustomerNotice>,
}

impl From<app::resellers::RemovalReport> for RemovalNotices {
    fn from(n: app::resellers::RemovalReport) -> Self {
        RemovalNotices {
            reseller_name: n.reseller_name,
            moved: n.moved,
            notices: n
                .notices
                .into_iter()
                .map(|c| CustomerNotice {
                    customer_name: c.customer_name,
                    to_name: c.to_name,
                    to_email: c.to_email,
                    subject: c.subject,
                    body: c.body,
                })
                .collect(),
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogQuery {
    /// Country or region, ISO 3166-1 alpha-2 (`NL`; `UK` is read as `GB`).
    pub country: String,
}

/// The granular delegated admin relationship an offer asks the client for.
#[derive(Clone, Deserialize, ToSchema)]
pub struct DelegatedAdminInput {
    /// At most 50 characters, unique among your offers.
    #[serde(default)]
    pub name: String,
    /// Role codes from `GET /delegated-admin/roles` (`license_administrator`, …), 1 to 20.
    #[serde(default)]
    #[schema(max_items = 20)]
    pub roles: Vec<String>,
    /// From 1 to 730 days.
    pub duration_days: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct CreateOffer {
    /// A two-tier offer (indirect resellers): the ID of the partnered provider whose
    /// subscriptions it sells, at that provider's prices; the accepting client becomes the
    /// provider's customer with you as reseller of record and designated support contact.
    /// Omit or `null` for your own offer (advisors).
    #[serde(default)]
    pub provider_id: Option<i64>,
    /// One of your partner offices.
    pub office_id: i64,
    /// Where the client will use the services (ISO 3166-1 alpha-2).
    #[serde(default)]
    pub usage_location: String,
    pub lines: Vec<OfferLineInput>,
    /// Ask for delegated administration (only for certified partners); omit or `null` for none.
    #[serde(default)]
    pub delegated_admin: Option<DelegatedAdminInput>,
    /// Make a trial invitation instead of a purchase offer: the client starts a free trial of
    /// the lines for this many days (1 to 90), at most 25 licenses a line; `plan` and
    /// `adjustment` are ignored. Omit or `null` for a purchase offer.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 90)]
    pub trial_days: Option<u32>,
    /// The summary ID of one of your offers this one replaces (a new version): that offer's link
    /// then shows this one, and that offer stays readable as the earlier version.
    #[serde(default)]
    #[schema(max_length = 12)]
    pub replaces: Option<String>,
}

/// A subscription of an offer, its license count and its term and billing plan.
#[derive(Clone, Deserialize, ToSchema)]
pub struct OfferLineInput {
    /// A catalog subscription ID (see `GET /catalog`).
    pub subscription_id: String,
    /// Within the subscription's `min_licenses`..`max_licenses`.
    pub license_count: i64,
    /// One of the subscription's `offerings[].plan` in the usage location (`GET /catalog`).
    /// Omitted: `P1Y-monthly` where sold, else the first offering. Ignored where the
    /// subscription has no price there.
    #[serde(default)]
    #[schema(max_length = 20)]
    pub plan: Option<String>,
    /// A discount (`"10%"`) or a price per license (`"5.00"`), within the largest discount your
    /// organisation allows (Settings > Offer prices). Omitted: the price list's price.
    #[serde(default)]
    #[schema(max_length = 20)]
    pub adjustment: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct OfferLine {
    pub subscription_id: String,
    pub name: String,
    pub license_count: i64,
    /// The term, billing plan and price the offer was made with; `null` where the usage
    /// location had no price.
    pub price: Option<LinePrice>,
}

#[derive(Serialize, ToSchema)]
pub struct OfferSummary {
    pub summary_id: String,
    /// `active`, `withdrawn`, `expired` or `partnership_ended` (a two-tier offer withdrawn
    /// with its reseller's partnership).
    pub status: String,
    /// A two-tier offer's provider; `null` for your own offer.
    pub provider: Option<OfferProvider>,
    /// Unix seconds.
    pub created_at: i64,
    pub office_id: i64,
    pub office_name: String,
    pub usage_location: String,
    pub views: i64,
    pub acceptances: i64,
    pub lines: Vec<OfferLine>,
}

list_type!(OfferList, OfferSummary);

#[derive(Serialize, ToSchema)]
pub struct DelegatedAdmin {
    pub name: String,
    pub roles: Vec<String>,
    pub duration_days: u32,
}

/// The provider whose subscriptions a two-tier offer sells.
#[derive(Serialize, ToSchema)]
pub struct OfferProvider {
    /// Its organisation ID.
    pub id: i64,
    pub name: String,
}

impl From<app::offers::OfferProvider> for OfferProvider {
    fn from(p: app::offers::OfferProvider) -> Self {
        OfferProvider { id: p.id, name: p.name }
    }
}

/// A reseller's two-tier offers of your subscriptions and the clients who accepted them.
#[derive(Serialize, ToSchema)]
pub struct ResellerOffers {
    pub reseller_name: String,
    /// Newest first.
    pub offers: Vec<ResoldOffer>,
    /// Your customers the offers made, newest first.
    pub acceptances: Vec<ResoldAcceptance>,
}

#[derive(Serialize, ToSchema)]
pub struct ResoldOffer {
    pub summary_id: String,
    /// Unix seconds.
    pub created_at: i64,
    pub usage_location: String,
    /// `active`, `withdrawn`, `expired` or `partnership_ended`.
    pub status: String,
    /// A trial invitation's length in days; `null` for a purchase offer.
    pub trial_days: Option<i64>,
    pub views: i64,
    pub acceptances: i64,
    /// The link to send to the client.
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct ResoldAcceptance {
    /// Your customer's ID.
    pub customer_id: i64,
    pub company_name: String,
    pub summary_id: String,
    /// Unix seconds.
    pub accepted_at: i64,
}

impl From<app::offers::ResoldOffers> for ResellerOffers {
    fn from(r: app::offers::ResoldOffers) -> Self {
        ResellerOffers {
            reseller_name: r.reseller_name,
            offers: r
                .offers
                .into_iter()
                .map(|o| ResoldOffer {
                    summary_id: o.summary_id,
                    created_at: o.created_at,
                    usage_location: o.usage_location,
                    status: o.status,
                    trial_days: o.trial_days,
                    views: o.views,
                    acceptances: o.acceptances,
                    url: o.url,
                })
                .collect(),
            acceptances: r
                .acceptances
                .into_iter()
                .map(|a| ResoldAcceptance {
                    customer_id: a.customer_id,
                    company_name: a.company_name,
                    summary_id: a.summary_id,
                    accepted_at: a.accepted_at,
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Offer {
    pub summary_id: String,
    pub status: String,
    /// A two-tier offer's provider; `null` for your own offer.
    pub provider: Option<OfferProvider>,
    pub created_at: i64,
    pub office_id: i64,
    pub office_name: String,
    pub usage_location: String,
    pub views: i64,
    pub acceptances: i64,
    pub lines: Vec<OfferLine>,
    /// What the lines cost, per billing frequency and currency.
    pub totals: Vec<Total>,
    /// The custom URL to send to clients.
    pub url: String,
    pub delegated_admin: Option<DelegatedAdmin>,
    /// Unix seconds after which the offer can no longer be accepted.
    pub expires_at: Option<i64>,
    pub introduction: String,
    pub closing: String,
    pub contact: String,
    /// A trial invitation's length in days; `null` for a purchase offer.
    pub trial_days: Option<i64>,
    /// The summary ID of the new version that replaced this offer (its link shows that one).
    pub superseded_by: Option<String>,
    /// The summary ID of the offer this one replaced.
    pub replaces: Option<String>,
    /// Every version of the offer, this one included, oldest first; empty when it has only
    /// this one.
    pub versions: Vec<OfferVersion>,
}

/// One version of an offer.
#[derive(Serialize, ToSchema)]
pub struct OfferVersion {
    pub summary_id: String,
    /// Unix seconds.
    pub created_at: i64,
    /// `active`, `withdrawn`, `expired`, or `replaced` (a newer version replaced it).
    pub status: String,
    /// How many clients accepted this version.
    pub acceptances: i64,
}

/// A trial a client started from one of your trial invitations, still running.
#[derive(Serialize, ToSchema)]
pub struct ActiveTrial {
    pub customer_id: i64,
    pub company_name: String,
    /// The subscription's name.
    pub subscription: String,
    pub license_count: i64,
    /// When the trial ends, Unix seconds.
    pub ends_at: i64,
    /// The summary ID of the trial invitation it was started from.
    pub invitation: Option<String>,
}

impl From<app::offers::ActiveTrial> for ActiveTrial {
    fn from(t: app::offers::ActiveTrial) -> Self {
        ActiveTrial {
            customer_id: t.customer_id,
            company_name: t.company_name,
            subscription: t.subscription,
            license_count: t.license_count,
            ends_at: t.ends_at,
            invitation: t.invitation,
        }
    }
}

list_type!(ActiveTrialList, ActiveTrial);

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OfferListQuery {
    /// Offers whose summary ID contains this text.
    pub search: Option<String>,
    /// `newest` (default), `oldest`, `summary`, `views` or `acceptances`.
    pub sort: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AcceptanceLine {
    /// The subscription's name.
    pub subscription: String,
    pub license_count: i64,
}

#[derive(Serialize, ToSchema)]
pub struct Acceptance {
    pub company_name: String,
    pub domain_prefix: String,
    pub country: String,
    pub contact_name: String,
    pub contact_email: String,
    pub delegated_admin: bool,
    pub accepted_at: i64,
    pub lines: Vec<AcceptanceLine>,
}

list_type!(AcceptanceList, Acceptance);

/// A client's question about an offer, or its decline.
#[derive(Serialize, ToSchema)]
pub struct OfferReply {
    /// `question` or `decline`.
    pub kind: String,
    /// The client's name as given (may be empty for a decline).
    pub name: String,
    /// Where to answer (may be empty for a decline).
    pub email: String,
    /// The question, or the reason for declining (may be empty for a decline).
    pub message: String,
    pub created_at: i64,
}

impl From<app::offers::replies::OfferReply> for OfferReply {
    fn from(reply: app::offers::replies::OfferReply) -> Self {
        OfferReply { kind: reply.kind.code().to_string(), name: reply.name, email: reply.email, message: reply.message, created_at: reply.created_at }
    }
}

list_type!(OfferReplyList, OfferReply);

#[derive(Serialize, ToSchema)]
pub struct Partnership {
    pub reseller_id: i64,
    pub name: String,
    pub mpn_id: String,
    pub country: String,
    pub partnered_since: i64,
    /// Your customers associated with the reseller.
    pub customers: i64,
    /// Subscriptions of your customers where the reseller is reseller of record.
    pub subscriptions: i64,
}

list_type!(PartnershipList, Partnership);

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Name or MPN ID contains this text.
    pub search: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PartnershipRequest {
    pub id: i64,
    /// The personalised link to send to the reseller.
    pub link: String,
    /// `open`, `accepted` or `revoked`.
    pub state: String,
    pub recipient_email: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PendingRequest {
    pub id: i64,
    pub recipient_email: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

list_type!(PendingRequestList, PendingRequest);

#[derive(Deserialize, ToSchema)]
pub struct CreateCustomer {
    /// A partnered indirect reseller to associate, or `null`.
    #[serde(default)]
    pub reseller_id: Option<i64>,
    #[serde(default)]
    pub company_name: String,
    /// Letters and digits, at most 27, unique (`<prefix>.onmicrosoft.com`).
    #[serde(default)]
    pub domain_prefix: String,
    #[serde(default)]
    pub address_line1: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub postal_code: String,
    /// ISO 3166-1 alpha-2.
    #[serde(default)]
    pub country: String,
    /// Required in some countries.
    #[serde(default)]
    pub phone: String,
    /// Required in some countries.
    #[serde(default)]
    pub registration_number: String,
    #[serde(default)]
    pub contact_first_name: String,
    #[serde(default)]
    pub contact_last_name: String,
    #[serde(default)]
    pub contact_email: String,
    /// `en`, `nl`, `fr` or `pt-BR`.
    #[serde(default)]
    pub language: String,
    pub lines: Vec<NewCustomerLineInput>,
}

/// A new subscription (of a new customer, or added to one), its license count and its term and
/// billing plan.
#[derive(Clone, Deserialize, ToSchema)]
pub struct NewCustomerLineInput {
    /// A catalog subscription ID (see `GET /catalog`).
    pub subscription_id: String,
    /// Within the subscription's `min_licenses`..`max_licenses`.
    pub license_count: i64,
    /// One of the subscription's `offerings[].plan` in the customer's country (`GET /catalog`).
    /// Omitted: `P1Y-monthly` where sold, else the first offering.
    #[serde(default)]
    #[schema(max_length = 20)]
    pub plan: Option<String>,
}

#[derive(Clone, Serialize, ToSchema)]
pub struct Subscription {
    pub id: i64,
    pub customer_id: i64,
    pub subscription_id: String,
    pub name: String,
    pub license_count: i64,
    pub min_licenses: i64,
    pub max_licenses: i64,
    /// `active`, `suspended`, `cancelled` (within its change window) or `expired` (ended
    /// without renewing).
    pub status: String,
    pub reseller_of_record_id: Option<i64>,
    pub reseller_of_record_name: Option<String>,
    pub reseller_of_record_mpn_id: Option<String>,
    pub support_contact_id: Option<i64>,
    pub support_contact_name: Option<String>,
    /// The term, billing plan and price of its current term; `null` where it has none (added
    /// before prices, or in a country the price list does not price).
    pub price: Option<LinePrice>,
    /// Its term and billing plan (`P1Y-monthly`), priced or not.
    pub plan: String,
    /// When its current term started (purchase or last renewal), Unix seconds.
    pub term_started_at: i64,
    /// When its current term ends (and it renews or expires), Unix seconds.
    pub ends_at: i64,
    pub auto_renew: bool,
    /// Until when licenses can be removed or the subscription cancelled (168 hours after the
    /// term started), Unix seconds.
    pub change_window_closes_at: i64,
    /// What changes at the next renewal.
    pub renewal: Renewal,
    /// A free trial (started from a trial invitation): it ends at `ends_at` and does not renew.
    pub trial: bool,
    /// Why no reseller earns its incentives, or its support contact is not partnered (empty:
    /// nothing missing): `no_reseller_of_record`, `reseller_not_partnered`,
    /// `support_contact_not_partnered`. See `GET /incentives`.
    pub incentive_gaps: Vec<String>,
}

/// What changes when a subscription renews (`null`: stays as it is).
#[derive(Clone, Serialize, ToSchema)]
pub struct Renewal {
    pub license_count: Option<i64>,
    /// A plan code such as `P1M-monthly`.
    pub plan: Option<String>,
}

/// What happens at a subscription's next renewal.
#[derive(Deserialize, ToSchema)]
pub struct SetRenewal {
    /// The license count it renews with (within its license range); `null` or absent: the
    /// count it has then.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1000000)]
    pub license_count: Option<i64>,
    /// The term and billing plan it renews with (`P1M-monthly`, `P1Y-annual`, …; one its market
    /// sells); `null` or absent: unchanged.
    #[serde(default)]
    #[schema(max_length = 20)]
    pub plan: Option<String>,
    /// Whether it renews at all.
    pub auto_renew: bool,
}

/// An amount of money: a decimal string and its currency.
#[derive(Clone, Serialize, ToSchema)]
pub struct Amount {
    pub currency: String,
    pub amount: String,
}

/// A cancelled subscription and what was refunded.
#[derive(Clone, Serialize, ToSchema)]
pub struct SubscriptionCancelled {
    pub subscription: Subscription,
    /// For the days left of the billing period; `null` when the subscription has no price.
    pub refund: Option<Amount>,
}

#[derive(Clone, Serialize, ToSchema)]
pub struct Customer {
    pub id: i64,
    pub company_name: String,
    pub domain_prefix: String,
    pub country: String,
    pub reseller_id: Option<i64>,
    pub reseller_name: Option<String>,
    /// Whether the associated reseller is still a partner.
    pub reseller_partnered: bool,
    pub created_at: i64,
    pub subscriptions: Vec<Subscription>,
}

list_type!(CustomerList, Customer);

#[derive(Clone, Serialize, ToSchema)]
pub struct CustomerCreated {
    pub customer: Customer,
    pub admin_user_name: String,
    /// The admin's temporary password: in this response only. A replay of the request with
    /// the same Idempotency-Key answers `null` here, since PartnerDesk keeps only a hash.
    pub temporary_password: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CustomerListQuery {
    /// Only customers associated with this indirect reseller.
    pub reseller_id: Option<i64>,
    /// Name or domain prefix contains this text.
    pub search: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct AddSubscriptions {
    /// Each with its term and billing plan (omitted: `P1Y-monthly` where sold, else the first
    /// offering), sold at the price list's price in the customer's country.
    pub lines: Vec<NewCustomerLineInput>,
    /// The partnered reseller of record for these subscriptions, or `null`.
    #[serde(default)]
    pub reseller_id: Option<i64>,
}

/// Absent: unchanged. `null`: cleared. A value: set.
fn double_option<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Deserialize, ToSchema)]
pub struct UpdateSubscription {
    /// The new license count; absent keeps it.
    #[serde(default)]
    pub license_count: Option<i64>,
    /// Reseller (MPN ID) of a partnered reseller, which earns the incentives; `null` clears it,
    /// absent keeps it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub reseller_mpn_id: Option<Option<String>>,
    /// Designated support contact: a partnered reseller's ID or your own organisation's;
    /// `null` clears it, absent keeps it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub support_contact_id: Option<Option<i64>>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    pub user_name: Option<String>,
    pub action: String,
    pub record_type: String,
    pub record_id: String,
    pub summary: String,
    pub ip: Option<String>,
}

list_type!(AuditList, AuditEntry);

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only changes by this user.
    pub user_id: Option<i64>,
    /// Actions starting with this text (`offer.` matches every offer action).
    pub action: Option<String>,
    /// A record type (`offer`) or a record ID.
    pub record: Option<String>,
    /// Unix seconds, inclusive.
    pub from: Option<i64>,
    /// Unix seconds, exclusive.
    pub to: Option<i64>,
}

// ------------------------------------------------------------- from the app's types
// The public types are made from the app's by these conversions alone, so a change inside the
// app meets the contract in one place.

impl From<app::offers::OfferLine> for OfferLine {
    fn from(l: app::offers::OfferLine) -> Self {
        let price = l.price.map(|p| LinePrice::of(p, l.license_count));
        OfferLine { subscription_id: l.subscription_id, name: l.name, license_count: l.license_count, price }
    }
}

impl From<app::offers::OfferRow> for OfferSummary {
    fn from(row: app::offers::OfferRow) -> Self {
        OfferSummary {
            provider: row.provider.map(OfferProvider::from),
            summary_id: row.summary_id,
            status: row.status,
            created_at: row.created_at,
            office_id: row.office_id,
            office_name: row.office_name,
            usage_location: row.usage_location,
            views: row.views,
            acceptances: row.acceptances,
            lines: row.lines.into_iter().map(OfferLine::from).collect(),
        }
    }
}

impl From<app::offers::OfferDetail> for Offer {
    fn from(detail: app::offers::OfferDetail) -> Self {
        let row = detail.row;
        let totals = row.totals().into_iter().map(Total::from).collect();
        Offer {
            totals,
            provider: row.provider.map(OfferProvider::from),
            summary_id: row.summary_id,
            status: row.status,
            created_at: row.created_at,
            office_id: row.office_id,
            office_name: row.office_name,
            usage_location: row.usage_location,
            views: row.views,
            acceptances: row.acceptances,
            lines: row.lines.into_iter().map(OfferLine::from).collect(),
            url: detail.url,
            delegated_admin: detail.gdap.map(|g| DelegatedAdmin {
                name: g.name,
                roles: g.roles.iter().map(|r| r.code().to_string()).collect(),
                duration_days: g.duration_days,
            }),
            expires_at: detail.expires_at,
            introduction: detail.introduction,
            closing: detail.closing,
            contact: detail.contact,
            trial_days: row.trial_days,
            superseded_by: row.superseded_by,
            replaces: row.replaces,
            versions: detail
                .versions
                .into_iter()
                .map(|v| OfferVersion {
                    status: if v.superseded { "replaced".to_string() } else { v.status },
                    summary_id: v.summary_id,
                    created_at: v.created_at,
                    acceptances: v.acceptances,
                })
                .collect(),
        }
    }
}

impl From<app::offers::client::AcceptanceRow> for Acceptance {
    fn from(a: app::offers::client::AcceptanceRow) -> Self {
        Acceptance {
            company_name: a.company_name,
            domain_prefix: a.domain_prefix,
            country: a.country,
            contact_name: a.contact_name,
            contact_email: a.contact_email,
            delegated_admin: a.delegated_admin,
            accepted_at: a.accepted_at,
            lines: a.lines.into_iter().map(|(subscription, license_count)| AcceptanceLine { subscription, license_count }).collect(),
        }
    }
}

impl From<app::resellers::ResellerRow> for Partnership {
    fn from(r: app::resellers::ResellerRow) -> Self {
        Partnership {
            reseller_id: r.id,
            name: r.name,
            mpn_id: r.mpn_id,
            country: r.country,
            partnered_since: r.partnered_since,
            customers: r.customers,
            subscriptions: r.subscriptions,
        }
    }
}

impl From<app::resellers::PendingRequest> for PendingRequest {
    fn from(r: app::resellers::PendingRequest) -> Self {
        PendingRequest { id: r.id, recipient_email: r.recipient_email, created_at: r.created_at, sent_at: r.sent_at }
    }
}

impl From<app::customers::SubscriptionRow> for Subscription {
    fn from(s: app::customers::SubscriptionRow) -> Self {
        let incentive_gaps = s.incentive_gaps().into_iter().map(|g| g.code().to_string()).collect();
        Subscription {
            id: s.id,
            customer_id: s.customer_id,
            subscription_id: s.subscription_id,
            name: s.name,
            license_count: s.license_count,
            min_licenses: s.min_licenses,
            max_licenses: s.max_licenses,
            status: s.lifecycle.status.code().to_string(),
            plan: s.lifecycle.plan.code(),
            term_started_at: s.lifecycle.term_started_at,
            ends_at: s.lifecycle.ends_at,
            auto_renew: s.lifecycle.auto_renew,
            change_window_closes_at: s.lifecycle.window_closes_at(),
            renewal: Renewal { license_count: s.renewal_license_count, plan: s.renewal_plan.map(|p| p.code()) },
            reseller_of_record_id: s.reseller_of_record_id,
            reseller_of_record_name: s.reseller_of_record_name,
            reseller_of_record_mpn_id: s.reseller_of_record_mpn_id,
            support_contact_id: s.support_contact_id,
            support_contact_name: s.support_contact_name,
            price: s.price.map(|p| LinePrice::of(p, s.license_count)),
            trial: s.trial,
            incentive_gaps,
        }
    }
}

/// An indirect provider of yours (you are its reseller), with the customers you serve for it.
#[derive(Serialize, ToSchema)]
pub struct Provider {
    /// The provider's organisation ID.
    pub id: i64,
    pub name: String,
    pub mpn_id: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// When the partnership started, Unix seconds.
    pub partnered_since: i64,
    pub customers: Vec<ServedCustomer>,
}

/// A customer of the provider's that you serve.
#[derive(Serialize, ToSchema)]
pub struct ServedCustomer {
    pub name: String,
    pub domain_prefix: String,
    pub country: String,
    pub subscriptions: Vec<ServedSubscription>,
}

/// One of its subscriptions, and your place in it.
#[derive(Serialize, ToSchema)]
pub struct ServedSubscription {
    pub subscription_name: String,
    pub license_count: i64,
    /// You are its reseller of record (you earn its incentives).
    pub reseller_of_record: bool,
    /// You are its designated support contact.
    pub support_contact: bool,
}

impl From<app::resellers::ProviderRow> for Provider {
    fn from(p: app::resellers::ProviderRow) -> Self {
        Provider {
            id: p.id,
            name: p.name,
            mpn_id: p.mpn_id,
            country: p.country,
            partnered_since: p.partnered_since,
            customers: p
                .customers
                .into_iter()
                .map(|c| ServedCustomer {
                    name: c.name,
                    domain_prefix: c.domain_prefix,
                    country: c.country,
                    subscriptions: c
                        .subscriptions
                        .into_iter()
                        .map(|s| ServedSubscription {
                            subscription_name: s.subscription_name,
                            license_count: s.license_count,
                            reseller_of_record: s.reseller_of_record,
                            support_contact: s.support_contact,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

list_type!(ProviderList, Provider);

/// A subscription of the incentive report.
#[derive(Serialize, ToSchema)]
pub struct Incentive {
    /// The subscription's ID (`subscriptions[].id`).
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    /// The customer's associated reseller, if any: the usual fix.
    pub customer_reseller_id: Option<i64>,
    pub subscription_name: String,
    pub license_count: i64,
    pub reseller_of_record_name: Option<String>,
    pub support_contact_name: Option<String>,
    /// What is missing: `no_reseller_of_record`, `reseller_not_partnered`,
    /// `support_contact_not_partnered`.
    pub gaps: Vec<String>,
}

impl From<app::incentives::IncentiveRow> for Incentive {
    fn from(r: app::incentives::IncentiveRow) -> Self {
        Incentive {
            id: r.id,
            customer_id: r.customer_id,
            customer_name: r.customer_name,
            customer_reseller_id: r.customer_reseller_id,
            subscription_name: r.subscription_name,
            license_count: r.license_count,
            reseller_of_record_name: r.reseller_of_record_name,
            support_contact_name: r.support_contact_name,
            gaps: r.gaps.into_iter().map(|g| g.code().to_string()).collect(),
        }
    }
}

list_type!(IncentiveList, Incentive);

/// A partnered reseller to make the reseller of record of some subscriptions.
#[derive(Deserialize, ToSchema)]
pub struct FixIncentives {
    /// The subscriptions (`subscriptions[].id`), 1 to 100; any not of your customers is left
    /// as it is.
    #[schema(min_items = 1, max_items = 100)]
    pub subscription_ids: Vec<i64>,
    /// A partnered reseller's organisation ID (`GET /partnerships`).
    pub reseller_id: i64,
    /// Also make it their designated support contact.
    #[serde(default)]
    pub support_contact_too: bool,
}

/// How many subscriptions a fix changed.
#[derive(Serialize, ToSchema)]
pub struct IncentivesFixed {
    pub changed: u64,
}

impl From<app::customers::CustomerRow> for Customer {
    fn from(c: app::customers::CustomerRow) -> Self {
        Customer {
            id: c.id,
            company_name: c.company_name,
            domain_prefix: c.domain_prefix,
            country: c.country,
            reseller_id: c.reseller_id,
            reseller_name: c.reseller_name,
            reseller_partnered: c.reseller_partnered,
            created_at: c.created_at,
            subscriptions: c.subscriptions.into_iter().map(Subscription::from).collect(),
        }
    }
}

impl From<app::audit::AuditLine> for AuditEntry {
    fn from(l: app::audit::AuditLine) -> Self {
        AuditEntry {
            id: l.id,
            at: l.at,
            user_name: l.user_name,
            action: l.action,
            record_type: l.record_type,
            record_id: l.record_id,
            summary: l.summary,
            ip: l.ip,
        }
    }
}

/// A granular delegated admin (GDAP) relationship with one of your customers.
#[derive(Serialize, ToSchema)]
pub struct DelegatedAdminRelationship {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    /// Unique among your relationships, at most 50 characters.
    pub name: String,
    /// Role codes from `GET /delegated-admin/roles`.
    pub roles: Vec<String>,
    pub duration_days: i64,
    /// Extends itself by 180 days each time it would end.
    pub auto_extend: bool,
    /// `approval_pending`, `active`, `expiring` (ends within 30 days, will not extend itself),
    /// `expired` or `terminated`.
    pub status: String,
    pub requested_at: i64,
    pub approved_at: Option<i64>,
    /// When it ends (auto-extensions counted), ended, or, while waiting, when the request lapses.
    pub ends_at: i64,
    pub terminated_at: Option<i64>,
    /// `partner` (you) or `customer` (who also declines a request this way).
    pub terminated_by: Option<String>,
    /// The offer whose acceptance created it, if any.
    pub offer_summary_id: Option<String>,
    /// While waiting for approval: the link to send the customer's Global administrator.
    pub approval_url: Option<String>,
    /// Which of your security groups get which of its roles; present when one relationship is
    /// read (`GET /customers/{id}/delegated-admin/{relationship_id}`), absent from lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignments: Option<Vec<DelegatedAdminAssignment>>,
}

impl DelegatedAdminRelationship {
    pub fn from_relationship(r: app::delegated_admin::Relationship, origin: &str) -> Self {
        DelegatedAdminRelationship {
            id: r.id,
            customer_id: r.customer_id,
            customer_name: r.customer_name,
            name: r.name,
            roles: r.roles.iter().map(|role| role.code().to_string()).collect(),
            duration_days: r.duration_days,
            auto_extend: r.auto_extend,
            status: r.status.code().to_string(),
            requested_at: r.requested_at,
            approved_at: r.approved_at,
            ends_at: r.ends_at,
            terminated_at: r.terminated_at,
            terminated_by: r.terminated_by.map(|by| by.code().to_string()),
            offer_summary_id: r.offer,
            approval_url: r.approval_path.map(|path| format!("{origin}{path}")),
            assignments: None,
        }
    }

    /// One relationship as read on its own: with its access assignments.
    pub fn with_assignments(mut r: app::delegated_admin::Relationship, origin: &str) -> Self {
        let assignments = std::mem::take(&mut r.assignments).into_iter().map(DelegatedAdminAssignment::from).collect();
        DelegatedAdminRelationship { assignments: Some(assignments), ..DelegatedAdminRelationship::from_relationship(r, origin) }
    }
}

/// One of your security groups with some of a relationship's roles.
#[derive(Serialize, ToSchema)]
pub struct DelegatedAdminAssignment {
    pub id: i64,
    /// The security group's name, as kept in PartnerDesk.
    pub group_name: String,
    /// Role codes, each one the relationship holds.
    pub roles: Vec<String>,
}

impl From<app::delegated_admin::AccessAssignment> for DelegatedAdminAssignment {
    fn from(a: app::delegated_admin::AccessAssignment) -> Self {
        DelegatedAdminAssignment { id: a.id, group_name: a.group_name, roles: a.roles.iter().map(|r| r.code().to_string()).collect() }
    }
}

/// A new access assignment.
#[derive(Deserialize, ToSchema)]
pub struct AssignDelegatedAdminRoles {
    /// At most 120 characters; each group once per relationship.
    #[schema(min_length = 1, max_length = 120)]
    pub group_name: String,
    /// Role codes the relationship holds, 1 to 20.
    #[schema(min_items = 1, max_items = 20)]
    pub roles: Vec<String>,
}

/// A set of roles your organisation saved to ask customers for again.
#[derive(Serialize, ToSchema)]
pub struct RoleTemplate {
    pub id: i64,
    pub name: String,
    /// Role codes from `GET /delegated-admin/roles`.
    pub roles: Vec<String>,
}

impl From<app::delegated_admin::RoleTemplate> for RoleTemplate {
    fn from(t: app::delegated_admin::RoleTemplate) -> Self {
        RoleTemplate { id: t.id, name: t.name, roles: t.roles.iter().map(|r| r.code().to_string()).collect() }
    }
}

/// Your role templates.
#[derive(Serialize, ToSchema)]
pub struct RoleTemplateList {
    pub data: Vec<RoleTemplate>,
}

/// A new role template.
#[derive(Deserialize, ToSchema)]
pub struct AddRoleTemplate {
    /// Unique in your organisation, at most 60 characters.
    #[schema(min_length = 1, max_length = 60)]
    pub name: String,
    /// Role codes from `GET /delegated-admin/roles`, 1 to 20.
    #[schema(min_items = 1, max_items = 20)]
    pub roles: Vec<String>,
}

list_type!(DelegatedAdminList, DelegatedAdminRelationship);

/// A relationship's status, to filter by.
#[derive(Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipStatusFilter {
    ApprovalPending,
    Active,
    Expiring,
    Expired,
    Terminated,
}

impl From<RelationshipStatusFilter> for app::delegated_admin::RelationshipStatus {
    fn from(s: RelationshipStatusFilter) -> Self {
        use app::delegated_admin::RelationshipStatus as S;
        match s {
            RelationshipStatusFilter::ApprovalPending => S::ApprovalPending,
            RelationshipStatusFilter::Active => S::Active,
            RelationshipStatusFilter::Expiring => S::Expiring,
            RelationshipStatusFilter::Expired => S::Expired,
            RelationshipStatusFilter::Terminated => S::Terminated,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DelegatedAdminQuery {
    /// Only relationships in this status (now).
    #[param(inline)]
    pub status: Option<RelationshipStatusFilter>,
    /// Only running or waiting relationships that end within this many days and will not
    /// extend themselves.
    #[param(minimum = 1, maximum = 730)]
    pub ending_within_days: Option<i64>,
    /// Only this customer's.
    pub customer_id: Option<i64>,
}

/// A new relationship to ask a customer for: its Global administrator approves it through
/// the answer's `approval_url`.
#[derive(Deserialize, ToSchema)]
pub struct RequestDelegatedAdmin {
    /// Unique among your relationships.
    #[schema(min_length = 1, max_length = 50)]
    pub name: String,
    /// Role codes from `GET /delegated-admin/roles`, 1 to 20.
    #[schema(min_items = 1, max_items = 20)]
    pub roles: Vec<String>,
    /// 1 day to 2 years.
    #[schema(minimum = 1, maximum = 730)]
    pub duration_days: i64,
    /// Extend by 180 days at each end (not with `global_administrator`).
    #[serde(default)]
    pub auto_extend: bool,
}

/// A built-in directory role a relationship or an offer can ask for.
#[derive(Serialize, ToSchema)]
pub struct DelegatedAdminRole {
    /// The code `roles` carry (`license_administrator`); it never changes.
    pub code: String,
    /// The name in each of PartnerDesk's languages, by language tag (`en`, `nl`, `fr`, `pt-BR`).
    pub names: std::collections::BTreeMap<String, String>,
    /// What the role lets the partner do, in plain words, by language tag.
    pub descriptions: std::collections::BTreeMap<String, String>,
    /// Marked privileged by the program.
    pub privileged: bool,
    /// Codes of roles with fewer permissions that are usually enough instead.
    pub alternatives: Vec<String>,
}

impl From<app::offers::GdapRole> for DelegatedAdminRole {
    fn from(role: app::offers::GdapRole) -> Self {
        let by_language = |text: fn(app::offers::GdapRole, app::i18n::Locale) -> &'static str| {
            app::i18n::Locale::ALL.into_iter().map(|l| (l.tag().to_string(), text(role, l).to_string())).collect()
        };
        DelegatedAdminRole {
            code: role.code().to_string(),
            names: by_language(app::offers::GdapRole::name),
            descriptions: by_language(app::offers::GdapRole::description),
            privileged: role.privileged(),
            alternatives: role.alternatives().iter().map(|r| r.code().to_string()).collect(),
        }
    }
}

/// The role catalogue.
#[derive(Serialize, ToSchema)]
pub struct DelegatedAdminRoleList {
    pub data: Vec<DelegatedAdminRole>,
}

/// A reseller's request to partner with a provider found in the directory.
#[derive(Serialize, ToSchema)]
pub struct PartnershipAsk {
    pub id: i64,
    pub reseller_id: i64,
    pub reseller_name: String,
    pub reseller_mpn_id: String,
    pub provider_id: i64,
    pub provider_name: String,
    /// What the reseller wrote (may be empty).
    pub message: String,
    pub asked_at: i64,
    /// `open` (waiting for the provider), `accepted` or `declined`.
    pub state: String,
    pub answered_at: Option<i64>,
}

impl From<app::resellers::PartnershipAsk> for PartnershipAsk {
    fn from(a: app::resellers::PartnershipAsk) -> Self {
        PartnershipAsk {
            id: a.id,
            reseller_id: a.reseller_id,
            reseller_name: a.reseller_name,
            reseller_mpn_id: a.reseller_mpn_id,
            provider_id: a.provider_id,
            provider_name: a.provider_name,
            message: a.message,
            asked_at: a.asked_at,
            state: a.state.code().to_string(),
            answered_at: a.answered_at,
        }
    }
}

/// Requests to partner.
#[derive(Serialize, ToSchema)]
pub struct PartnershipAskList {
    pub data: Vec<PartnershipAsk>,
}

/// A new request to partner.
#[derive(Deserialize, ToSchema)]
pub struct AskToPartner {
    /// The provider's organisation ID, as the directory lists it.
    pub provider_id: i64,
    /// Where you sell and what you need; at most 500 characters.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub message: String,
}

/// Which requests to partner to list.
#[derive(Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AskSide {
    /// Those waiting for your answer (providers).
    Received,
    /// Those you sent (resellers).
    Sent,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AskSideQuery {
    /// `received` or `sent`.
    #[param(inline)]
    pub side: AskSide,
}

/// The answer to a request to partner.
#[derive(Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AskAnswerInput {
    Accept,
    Decline,
}

#[derive(Deserialize, ToSchema)]
pub struct AnswerPartnershipAsk {
    /// `accept` or `decline`.
    #[schema(inline)]
    pub answer: AskAnswerInput,
}
