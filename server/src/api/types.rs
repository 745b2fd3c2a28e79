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
}

#[derive(Serialize, ToSchema)]
pub struct CatalogList {
    pub data: Vec<CatalogItem>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogQuery {
    /// Country or region, ISO 3166-1 alpha-2 (`NL`; `UK` is read as `GB`).
    pub country: String,
}

/// A subscription and its license count, in a request.
#[derive(Clone, Deserialize, ToSchema)]
pub struct LineInput {
    /// A catalog subscription ID (see `GET /catalog`).
    pub subscription_id: String,
    /// Within the subscription's `min_licenses`..`max_licenses`.
    pub license_count: i64,
}

/// The granular delegated admin relationship an offer asks the client for.
#[derive(Clone, Deserialize, ToSchema)]
pub struct DelegatedAdminInput {
    /// At most 50 characters, unique among your offers.
    #[serde(default)]
    pub name: String,
    /// Role codes: `directory_readers`, `global_reader`, `user_administrator`,
    /// `license_administrator`, `helpdesk_administrator`, `service_support_administrator`.
    #[serde(default)]
    pub roles: Vec<String>,
    /// From 1 to 730 days.
    pub duration_days: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct CreateOffer {
    /// One of your partner offices.
    pub office_id: i64,
    /// Where the client will use the services (ISO 3166-1 alpha-2).
    #[serde(default)]
    pub usage_location: String,
    pub lines: Vec<LineInput>,
    /// Ask for delegated administration (only for certified partners); omit or `null` for none.
    #[serde(default)]
    pub delegated_admin: Option<DelegatedAdminInput>,
}

#[derive(Serialize, ToSchema)]
pub struct OfferLine {
    pub subscription_id: String,
    pub name: String,
    pub license_count: i64,
}

#[derive(Serialize, ToSchema)]
pub struct OfferSummary {
    pub summary_id: String,
    /// `active`, `withdrawn` or `expired`.
    pub status: String,
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

#[derive(Serialize, ToSchema)]
pub struct Offer {
    pub summary_id: String,
    pub status: String,
    pub created_at: i64,
    pub office_id: i64,
    pub office_name: String,
    pub usage_location: String,
    pub views: i64,
    pub acceptances: i64,
    pub lines: Vec<OfferLine>,
    /// The custom URL to send to clients.
    pub url: String,
    pub delegated_admin: Option<DelegatedAdmin>,
    /// Unix seconds after which the offer can no longer be accepted.
    pub expires_at: Option<i64>,
    pub introduction: String,
    pub closing: String,
    pub contact: String,
}

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
    pub lines: Vec<LineInput>,
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
    pub status: String,
    pub reseller_of_record_id: Option<i64>,
    pub reseller_of_record_name: Option<String>,
    pub reseller_of_record_mpn_id: Option<String>,
    pub support_contact_id: Option<i64>,
    pub support_contact_name: Option<String>,
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
    pub lines: Vec<LineInput>,
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
