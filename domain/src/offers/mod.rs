//! Purchase offers: what an advisor offers and the rules it follows. The wizard runs
//! [`validate_offer`] in the browser as the advisor types; the server runs it again.

pub mod client;
pub mod codes;
pub mod replies;

use crate::catalog::{parse_country, CatalogSubscription};
use crate::error::{AppError, FieldErrors, Problem};
use crate::offices::Office;
use crate::pricing::LinePrice;
use crate::validate::WholeNumber;
use serde::{Deserialize, Serialize};

/// The longest name of a granular delegated admin relationship.
pub const GDAP_NAME_MAX: usize = 50;
/// The longest relationship: two years.
pub const GDAP_MAX_DAYS: u32 = 730;

/// How long a trial lasts unless the advisor chooses otherwise (days): the program's one month.
pub const TRIAL_DAYS_USUAL: u32 = 30;
/// The longest trial an advisor can offer (days).
pub const TRIAL_DAYS_MAX: u32 = 90;
/// The most licenses a trial subscription has (the program's trials are for up to 25 users).
pub const TRIAL_MAX_LICENSES: i64 = 25;

/// The catalog as a trial invitation offers it: the trial SKUs of the usage location (tagged
/// Trial in the price list), free (no terms or prices) and for at most [`TRIAL_MAX_LICENSES`]
/// licenses.
pub fn trial_catalog(catalog: &[CatalogSubscription]) -> Vec<CatalogSubscription> {
    catalog
        .iter()
        .filter(|s| s.trial)
        .map(|s| CatalogSubscription { max_licenses: trial_license_max(s.min_licenses, s.max_licenses), offerings: Vec::new(), ..s.clone() })
        .collect()
}

/// The most licenses of a trial line, for a subscription sold from `min` to `max`.
pub fn trial_license_max(min: i64, max: i64) -> i64 {
    max.min(TRIAL_MAX_LICENSES).max(min)
}

/// A trial's length (typed or sent): a whole number of days from 1 to [`TRIAL_DAYS_MAX`].
pub fn trial_days(days: &WholeNumber) -> Result<u32, Problem> {
    days.within(1, i64::from(TRIAL_DAYS_MAX)).ok_or(Problem::WholeNumber { min: 1, max: TRIAL_DAYS_MAX })
}

pub use crate::delegated_admin::roles::GdapRole;

/// What the advisor typed into the Create purchase offer page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferForm {
    /// A two-tier offer's provider (an indirect reseller's partner, whose subscriptions it
    /// sells); blank for an advisor's own offer.
    #[serde(default)]
    pub provider_id: WholeNumber,
    /// The partnered reseller a provider's user makes the offer for (the offer is the
    /// reseller's, made on its behalf); blank for the organisation's own offer.
    #[serde(default)]
    pub on_behalf_of: WholeNumber,
    pub office_id: WholeNumber,
    pub usage_location: String,
    /// (subscription id, license count) for every checked subscription.
    pub lines: Vec<(String, WholeNumber)>,
    /// (subscription id, plan code such as `P1Y-monthly`) for the lines whose term and billing
    /// plan were chosen; a line without one takes the usual plan (see [`crate::pricing`]).
    #[serde(default)]
    pub plans: Vec<(String, String)>,
    /// (subscription id, a discount such as `10%` or a price per license such as `5.00`) for
    /// the lines whose price the advisor changed (see [`crate::pricing::parse_adjustment`]).
    #[serde(default)]
    pub adjustments: Vec<(String, String)>,
    pub delegated_admin: bool,
    pub gdap_name: String,
    pub gdap_roles: Vec<GdapRole>,
    pub gdap_duration_days: WholeNumber,
    /// Makes a retried or doubled submission create one offer.
    pub idempotency_key: String,
    /// A trial invitation instead of a purchase offer: the client starts a free trial of the
    /// lines for [`OfferForm::trial_days`] days.
    #[serde(default)]
    pub trial: bool,
    /// The trial's length in days (read only for a trial invitation).
    #[serde(default)]
    pub trial_days: WholeNumber,
    /// The offer this one replaces (its summary ID): the earlier offer's link then shows this
    /// one, and the earlier one stays readable, marked superseded.
    #[serde(default)]
    pub replaces: Option<String>,
}

/// The granular delegated admin relationship an offer asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GdapRequest {
    pub name: String,
    pub roles: Vec<GdapRole>,
    pub duration_days: u32,
}

/// A line of an offer that passed every rule, with its price where the market has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidLine {
    pub subscription_id: String,
    pub license_count: u32,
    pub price: Option<LinePrice>,
}

/// An offer that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidOffer {
    /// A two-tier offer's provider: the client becomes its customer, with the offer's
    /// organisation (the reseller) as reseller of record and support contact.
    pub provider_id: Option<i64>,
    pub office_id: i64,
    pub usage_location: String,
    pub lines: Vec<ValidLine>,
    pub gdap: Option<GdapRequest>,
    pub idempotency_key: String,
    /// A trial invitation's length in days (none for a purchase offer).
    pub trial_days: Option<u32>,
    /// The summary ID of the offer this one replaces (upper case), if any.
    pub replaces: Option<String>,
}

/// A provider an indirect reseller can make a two-tier offer for (an active partnership).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct OfferProvider {
    pub id: i64,
    pub name: String,
}

/// The most two-tier offers (and acceptances) of one reseller its provider's page lists.
pub const RESOLD_OFFERS_MAX: i64 = 200;

/// A reseller's two-tier offers of one provider's subscriptions, as that provider sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResoldOffers {
    pub reseller_name: String,
    /// Newest first.
    pub offers: Vec<ResoldOffer>,
    /// The customers the offers made (the provider's, the reseller as reseller of record), newest first.
    pub acceptances: Vec<ResoldAcceptance>,
    /// Whether the viewer may make offers for the reseller (a provider's user who manages customers).
    #[serde(default)]
    pub may_make_offers: bool,
}

/// One two-tier offer in its provider's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ResoldOffer {
    pub summary_id: String,
    pub created_at: i64,
    pub usage_location: String,
    /// Its status code (`active`, `withdrawn`, `expired`, `partnership_ended`).
    pub status: String,
    pub expires_at: Option<i64>,
    pub trial_days: Option<i64>,
    pub views: i64,
    pub acceptances: i64,
    /// Its link's path (`/offer/{code}/{token}`), for the provider to send.
    pub url_path: String,
    /// Its link (the service adds the site's address).
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    #[serde(default)]
    pub url: String,
}

impl ResoldOffer {
    /// Its status at `now`, from the stored one (an expiry date may have passed since).
    pub fn status(&self, now: i64) -> client::OfferStatus {
        client::OfferStatus::from_stored(&self.status, self.expires_at, now)
    }
}

/// A customer a two-tier offer made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ResoldAcceptance {
    pub customer_id: i64,
    pub company_name: String,
    pub summary_id: String,
    pub accepted_at: i64,
}

/// The partnered reseller a provider's user makes a two-tier offer for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnBehalfOf {
    pub reseller_id: i64,
    pub reseller_name: String,
}

/// What the rules need to know about the advisor's organisation.
pub struct OfferRules<'a> {
    /// Whether the organisation sells for itself (an advisor's own offers).
    pub own_offers: bool,
    /// The providers it may make two-tier offers for (an indirect reseller's partners).
    pub providers: &'a [OfferProvider],
    pub offices: &'a [Office],
    /// The subscriptions available in the offer's usage location.
    pub catalog: &'a [CatalogSubscription],
    pub dap_certified: bool,
    /// The largest discount the organisation lets its advisors give (percent).
    pub discount_limit: u32,
}

/// Whom an offer sells for, as the form chose: the organisation itself (`None`) or one of its
/// providers; a refusal of `provider_id` otherwise.
pub fn offer_seller(form: &OfferForm, rules: &OfferRules) -> Result<Option<i64>, Problem> {
    match form.provider_id.value() {
        Some(id) if rules.providers.iter().any(|p| p.id == id) => Ok(Some(id)),
        None if form.provider_id.is_blank() && rules.own_offers => Ok(None),
        _ => Err(Problem::ChooseProvider),
    }
}

/// The largest discount an offer's lines may have: the organisation's own limit on its own
/// offers; none on a two-tier offer (the provider's prices are the least it sells at).
pub fn discount_limit_for(provider_id: Option<i64>, rules: &OfferRules) -> u32 {
    if provider_id.is_some() {
        0
    } else {
        rules.discount_limit
    }
}

/// The usage location as typed, resolved to its ISO code (both sides call this first, to
/// know which catalog applies).
pub fn offer_usage_location(form: &OfferForm) -> Result<String, Problem> {
    parse_country(&form.usage_location)
}

/// The names (as [`validate_offer`] uses them) of the fields that differ between two states
/// of the form, so that the wizard checks again exactly what the person changed.
pub fn changed_fields(before: &OfferForm, after: &OfferForm) -> Vec<String> {
    let mut changed = Vec::new();
    let mut differs = |field: &str, different: bool| {
        if different {
            changed.push(field.to_string());
        }
    };
    differs("provider_id", before.provider_id != after.provider_id);
    differs("office_id", before.office_id != after.office_id);
    differs("usage_location", before.usage_location != after.usage_location);
    differs("delegated_admin", before.delegated_admin != after.delegated_admin);
    differs("gdap_name", before.gdap_name != after.gdap_name);
    differs("gdap_roles", before.gdap_roles != after.gdap_roles);
    differs("gdap_duration_days", before.gdap_duration_days != after.gdap_duration_days);
    differs("trial", before.trial != after.trial);
    differs("trial_days", before.trial_days != after.trial_days);
    let ids = |form: &OfferForm| form.lines.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>();
    differs("subscriptions", ids(before) != ids(after));
    for (id, plan) in &after.plans {
        if before.plans.iter().find(|(b, _)| b == id).map(|(_, p)| p) != Some(plan) {
            changed.push(crate::pricing::plan_field(id));
        }
    }
    for (id, typed) in &after.adjustments {
        if before.adjustments.iter().find(|(b, _)| b == id).map(|(_, t)| t) != Some(typed) {
            changed.push(crate::pricing::adjustment_field(id));
        }
    }
    for (id, count) in &after.lines {
        let was = before.lines.iter().find(|(b, _)| b == id).map(|(_, c)| c);
        if was != Some(count) {
            changed.push(format!("license_count.{id}"));
        }
    }
    for (id, _) in before.lines.iter().filter(|(b, _)| !after.lines.iter().any(|(a, _)| a == b)) {
        changed.push(format!("license_count.{id}"));
    }
    changed
}

/// Every rule of a purchase offer. Field names match the form's.
pub fn validate_offer(form: &OfferForm, rules: &OfferRules) -> Result<ValidOffer, AppError> {
    let mut errors = FieldErrors::default();
    let seller = offer_seller(form, rules);
    if let Err(problem) = &seller {
        errors.add("provider_id", problem.clone());
    }
    let provider_id = seller.clone().ok().flatten();
    let office_id = form.office_id.value().filter(|id| rules.offices.iter().any(|o| o.id == *id));
    if office_id.is_none() {
        errors.add("office_id", Problem::Office);
    }
    let usage_location = errors.check("usage_location", offer_usage_location(form));

    let lines: Vec<ValidLine> = if form.trial {
        // A trial is free: the lines have no term or price, and at most the trial's licenses.
        let catalog = trial_catalog(rules.catalog);
        crate::catalog::check_lines(&form.lines, usage_location.is_some().then_some(catalog.as_slice()), &mut errors)
            .into_iter()
            .map(|(subscription_id, license_count)| ValidLine { subscription_id, license_count, price: None })
            .collect()
    } else {
        let sold = crate::catalog::for_sale(rules.catalog);
        let lines = crate::catalog::check_lines(&form.lines, usage_location.is_some().then_some(sold.as_slice()), &mut errors);
        let choices = crate::pricing::PriceChoices {
            plans: &form.plans,
            adjustments: &form.adjustments,
            discount_limit: discount_limit_for(provider_id, rules),
        };
        let prices = crate::pricing::price_lines(&lines, &choices, rules.catalog, &mut errors);
        lines.into_iter().zip(prices).map(|((subscription_id, license_count), price)| ValidLine { subscription_id, license_count, price }).collect()
    };
    let trial_days = if form.trial { errors.check("trial_days", trial_days(&form.trial_days)) } else { None };
    // The offer replaced: a summary ID (anything else names no offer: the form was not ours).
    let replaces = match form.replaces.as_deref().map(|r| r.trim().to_uppercase()).filter(|r| !r.is_empty()) {
        Some(summary_id) if codes::is_summary_id(&summary_id) => Some(summary_id),
        Some(_) => return Err(AppError::NotFound),
        None => None,
    };

    let gdap = if form.delegated_admin {
        if provider_id.is_some() {
            // The reseller's customer relationship is its provider's to ask for.
            errors.add("delegated_admin", Problem::NoDelegatedAdminResold);
            None
        } else if !rules.dap_certified {
            errors.add("delegated_admin", Problem::NotCertified);
            None
        } else {
            let name = errors.check("gdap_name", crate::validate::text(&form.gdap_name, GDAP_NAME_MAX));
            let roles = errors.check("gdap_roles", crate::delegated_admin::chosen_roles(&form.gdap_roles));
            let days: Option<u32> = form.gdap_duration_days.within(1, i64::from(GDAP_MAX_DAYS));
            if days.is_none() {
                errors.add("gdap_duration_days", Problem::GdapDuration);
            }
            match (name, roles, days) {
                (Some(name), Some(roles), Some(duration_days)) => Some(GdapRequest { name, roles, duration_days }),
                _ => None,
            }
        }
    } else {
        None
    };

    match (office_id, usage_location, seller) {
        (Some(office_id), Some(usage_location), Ok(provider_id)) if errors.is_empty() => Ok(ValidOffer {
            provider_id,
            office_id,
            usage_location,
            lines,
            gdap,
            idempotency_key: crate::validate::IdempotencyKey::stored(&form.idempotency_key),
            trial_days,
            replaces,
        }),
        _ => Err(AppError::Invalid(errors.0)),
    }
}

/// What the Create purchase offer page needs to start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WizardStart {
    /// Whether the organisation sells for itself (an advisor); else only two-tier offers.
    #[serde(default)]
    pub own_offers: bool,
    /// The providers the organisation may make two-tier offers for.
    #[serde(default)]
    pub providers: Vec<OfferProvider>,
    /// The reseller a provider's user makes the offer for (the offices are the reseller's).
    #[serde(default)]
    pub for_reseller: Option<OnBehalfOf>,
    pub offices: Vec<Office>,
    pub dap_certified: bool,
    /// The choices of an earlier offer, for "Send a new offer" (the relationship name is left
    /// empty: it must differ from the earlier one).
    pub prefill: Option<OfferForm>,
    /// The whole catalog with its countries, so the wizard works offline (crate::pwa).
    #[serde(default)]
    pub catalog: Vec<crate::catalog::CatalogEntry>,
    /// The largest discount the organisation lets its advisors give (percent; 0: none).
    #[serde(default)]
    pub discount_limit: u32,
    /// The organisation's role templates, to ask for delegated administration with.
    #[serde(default)]
    pub role_templates: Vec<crate::delegated_admin::RoleTemplate>,
}

impl OfferDetail {
    /// The wizard's starting point for a new offer like this one.
    pub fn as_prefill(&self) -> OfferForm {
        OfferForm {
            provider_id: self.row.provider.as_ref().map(|p| p.id.into()).unwrap_or_default(),
            on_behalf_of: WholeNumber::default(),
            office_id: self.row.office_id.into(),
            usage_location: self.row.usage_location.clone(),
            lines: self.row.lines.iter().map(|l| (l.subscription_id.clone(), l.license_count.into())).collect(),
            plans: self.row.lines.iter().filter_map(|l| Some((l.subscription_id.clone(), l.price.as_ref()?.plan.code()))).collect(),
            adjustments: self
                .row
                .lines
                .iter()
                .filter_map(|l| {
                    let price = l.price.as_ref()?;
                    price.list_price?;
                    Some((l.subscription_id.clone(), price.unit_price.to_string()))
                })
                .collect(),
            delegated_admin: self.delegated_admin,
            gdap_name: String::new(),
            gdap_roles: self.gdap.as_ref().map(|g| g.roles.clone()).unwrap_or_default(),
            gdap_duration_days: self.gdap.as_ref().map_or(GDAP_MAX_DAYS, |g| g.duration_days).into(),
            idempotency_key: String::new(),
            trial: self.row.trial_days.is_some(),
            trial_days: self.row.trial_days.unwrap_or(i64::from(TRIAL_DAYS_USUAL)).into(),
            replaces: None,
        }
    }
}

/// One offer as the offers list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferRow {
    pub summary_id: String,
    /// A two-tier offer's provider.
    #[serde(default)]
    pub provider: Option<OfferProvider>,
    pub created_at: i64,
    pub office_id: i64,
    pub office_name: String,
    pub usage_location: String,
    pub status: String,
    pub views: i64,
    pub acceptances: i64,
    pub lines: Vec<OfferLine>,
    /// A trial invitation's length in days (none for a purchase offer).
    #[serde(default)]
    pub trial_days: Option<i64>,
    /// The summary ID of the offer that replaced this one (its link now shows that one).
    #[serde(default)]
    pub superseded_by: Option<String>,
    /// The summary ID of the offer this one replaced (a new version of it).
    #[serde(default)]
    pub replaces: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct OfferLine {
    pub subscription_id: String,
    pub name: String,
    pub license_count: i64,
    /// The term, billing plan and price the offer was made with (none where the market had no
    /// price when it was made).
    #[serde(default)]
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    pub price: Option<LinePrice>,
}

impl OfferRow {
    /// What the offer's lines cost, per billing frequency.
    pub fn totals(&self) -> Vec<crate::pricing::Total> {
        crate::pricing::totals(self.lines.iter().filter_map(|l| Some((l.license_count, l.price.as_ref()?))))
    }
}

/// One page of the offers list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferPageData {
    pub rows: Vec<OfferRow>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// Everything about one offer, for its Send page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferDetail {
    pub row: OfferRow,
    /// The path of the custom URL (`/offer/<advisor code>/<token>`).
    pub url_path: String,
    pub advisor_company: String,
    pub delegated_admin: bool,
    pub gdap: Option<GdapRequest>,
    pub introduction: String,
    pub closing: String,
    pub contact: String,
    pub has_logo: bool,
    /// When the offer stops being available (Unix seconds), if the advisor set a date.
    pub expires_at: Option<i64>,
    /// Each client's acceptance, oldest first.
    pub acceptances: Vec<client::AcceptanceRow>,
    /// What clients who did not accept told the advisor, newest first.
    #[serde(default)]
    pub replies: Vec<replies::OfferReply>,
    /// The full custom URL and the embed snippet, built on the server from the site's address.
    pub url: String,
    pub embed_snippet: String,
    /// Every version of the offer, this one included, oldest first (empty when it has only
    /// this one): an offer replaced by a new version, which another replaced, and so on.
    #[serde(default)]
    pub versions: Vec<OfferVersion>,
}

/// One version of an offer, as its history lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct OfferVersion {
    pub summary_id: String,
    pub created_at: i64,
    /// `active`, `withdrawn` or `expired` (as the offer's row says it).
    pub status: String,
    /// A newer version replaced it.
    pub superseded: bool,
    pub acceptances: i64,
}

/// An optional expiry date typed as `YYYY-MM-DD`: the offer stays available through that day
/// (UTC) and the day must not be over already. Returns the Unix second the offer expires at.
pub fn parse_expiry_date(typed: &str, now: i64) -> Result<Option<i64>, Problem> {
    let value = typed.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let date = crate::validate::calendar_date(value).ok_or(Problem::Date)?;
    let end_of_day = date.midnight().assume_utc().unix_timestamp() + 86_400;
    if end_of_day <= now {
        return Err(Problem::Date);
    }
    Ok(Some(end_of_day))
}

/// The expiry as the date input shows it (the last day the offer is available).
pub fn expiry_input_value(expires_at: Option<i64>) -> String {
    expires_at.map(|t| crate::format::iso_date(t - 86_400)).unwrap_or_default()
}

/// How the offers list is ordered (a column header click).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfferSort {
    #[default]
    Newest,
    Oldest,
    SummaryId,
    Views,
    Acceptances,
}

impl OfferSort {
    pub const ALL: [OfferSort; 5] = [OfferSort::Newest, OfferSort::Oldest, OfferSort::SummaryId, OfferSort::Views, OfferSort::Acceptances];

    /// The value in the page's `sort` query parameter.
    pub fn code(self) -> &'static str {
        match self {
            OfferSort::Newest => "newest",
            OfferSort::Oldest => "oldest",
            OfferSort::SummaryId => "summary",
            OfferSort::Views => "views",
            OfferSort::Acceptances => "acceptances",
        }
    }

    pub fn from_code(code: &str) -> OfferSort {
        OfferSort::ALL.into_iter().find(|s| s.code() == code).unwrap_or_default()
    }
}

pub const OFFERS_PER_PAGE: i64 = 20;

/// The most active trials the Trials and purchase offers page lists (those ending soonest).
pub const ACTIVE_TRIALS_MAX: i64 = 200;

/// A trial a client started from a trial invitation, still running.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ActiveTrial {
    pub customer_id: i64,
    pub company_name: String,
    /// The subscription's name.
    pub subscription: String,
    pub license_count: i64,
    /// When the trial ends (Unix seconds).
    pub ends_at: i64,
    /// The trial invitation it was started from (its summary ID), for a purchase offer made
    /// from it.
    pub invitation: Option<String>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn changed_fields_names_what_the_person_changed() {
        use super::{changed_fields, OfferForm};
        let before = OfferForm { usage_location: "NL".into(), lines: vec![("A".into(), "301".into())], ..Default::default() };
        let after = OfferForm { usage_location: "NL".into(), lines: vec![("A".into(), "25".into()), ("B".into(), "1".into())], ..Default::default() };
        assert_eq!(changed_fields(&before, &after), vec!["subscriptions", "license_count.A", "license_count.B"]);
        let fewer = OfferForm { usage_location: "FR".into(), ..Default::default() };
        assert_eq!(changed_fields(&before, &fewer), vec!["usage_location", "subscriptions", "license_count.A"]);
        assert!(changed_fields(&after, &after).is_empty());
    }

    use super::*;

    fn catalog() -> Vec<CatalogSubscription> {
        vec![CatalogSubscription {
            id: "BASIC".into(),
            name: "Basic".into(),
            description: String::new(),
            min_licenses: 1,
            max_licenses: 300,
            translations: Default::default(),
            offerings: Vec::new(),
            product_id: String::new(),
            trial: false,
        }]
    }

    fn offices() -> Vec<Office> {
        vec![Office { id: 7, name: "HQ".into(), address_line1: "1 Main".into(), city: "Leeds".into(), country: "GB".into() }]
    }

    fn form() -> OfferForm {
        OfferForm { office_id: "7".into(), usage_location: "UK".into(), lines: vec![("BASIC".into(), "25".into())], ..Default::default() }
    }

    fn fields(result: Result<ValidOffer, AppError>) -> Vec<(String, Problem)> {
        result.unwrap_err().field_errors().iter().map(|e| (e.field.clone(), e.problem.clone())).collect()
    }

    #[test]
    fn expiry_dates_are_whole_days_in_the_future() {
        let now = 1_767_225_600; // 2026-01-01T00:00:00Z
        assert_eq!(parse_expiry_date("", now), Ok(None));
        assert_eq!(parse_expiry_date("2026-01-01", now), Ok(Some(now + 86_400)), "available through the whole day");
        assert_eq!(parse_expiry_date("2025-12-31", now), Err(Problem::Date));
        assert_eq!(parse_expiry_date("2026-02-30", now), Err(Problem::Date));
        assert_eq!(parse_expiry_date("tomorrow", now), Err(Problem::Date));
        assert_eq!(expiry_input_value(Some(now + 86_400)), "2026-01-01");
    }

    #[test]
    fn a_complete_offer_is_valid() {
        let (offices, catalog) = (offices(), catalog());
        let rules = OfferRules { own_offers: true, providers: &[], offices: &offices, catalog: &catalog, dap_certified: false, discount_limit: 0 };
        let valid = validate_offer(&form(), &rules).unwrap();
        assert_eq!(valid.usage_location, "GB");
        assert_eq!(valid.lines, vec![ValidLine { subscription_id: "BASIC".to_string(), license_count: 25, price: None }], "no price list: no price");
        assert_eq!(valid.gdap, None);
    }

    #[test]
    fn a_trial_invitation_is_free_for_its_days_and_a_trials_licenses() {
        let offices = offices();
        // The product's trial SKU beside the SKU it converts to.
        let sold = CatalogSubscription { product_id: "P".into(), ..catalog().remove(0) };
        let trial_sku = CatalogSubscription { id: "BASIC-TRIAL".into(), trial: true, ..sold.clone() };
        let catalog = vec![sold, trial_sku];
        let rules = OfferRules { own_offers: true, providers: &[], offices: &offices, catalog: &catalog, dap_certified: false, discount_limit: 0 };
        let trial = OfferForm { trial: true, trial_days: "30".into(), lines: vec![("BASIC-TRIAL".into(), "25".into())], ..form() };
        let valid = validate_offer(&trial, &rules).unwrap();
        assert_eq!(valid.trial_days, Some(30));
        assert_eq!(valid.lines[0].price, None);
        // A trial offers trial SKUs only, and a purchase offer never sells one.
        let sold_in_trial = OfferForm { lines: vec![("BASIC".into(), "5".into())], ..trial.clone() };
        assert_eq!(fields(validate_offer(&sold_in_trial, &rules)), vec![("license_count.BASIC".to_string(), Problem::SubscriptionNotAvailable)]);
        let trial_sold = OfferForm { trial: false, ..trial.clone() };
        assert_eq!(fields(validate_offer(&trial_sold, &rules)), vec![("license_count.BASIC-TRIAL".to_string(), Problem::SubscriptionNotAvailable)]);
        // 26 licenses is within the subscription's limits but beyond a trial's.
        let too_many = OfferForm { lines: vec![("BASIC-TRIAL".into(), "26".into())], ..trial.clone() };
        assert_eq!(
            fields(validate_offer(&too_many, &rules)),
            vec![("license_count.BASIC-TRIAL".to_string(), Problem::LicenseRange { min: 1, max: 25 })]
        );
        let converted = crate::catalog::same_products(&too_many.lines, &catalog, &crate::catalog::for_sale(&catalog));
        assert_eq!(converted, vec![("BASIC".to_string(), "26".into())], "the trial's product, as sold");
        assert!(
            validate_offer(&OfferForm { trial: false, lines: converted, ..too_many }, &rules).is_ok(),
            "a purchase offer keeps the subscription's limits"
        );
        for days in ["0", "91", "", "3x", "1000"] {
            let refused = OfferForm { trial_days: days.into(), ..trial.clone() };
            assert_eq!(
                fields(validate_offer(&refused, &rules)),
                vec![("trial_days".to_string(), Problem::WholeNumber { min: 1, max: TRIAL_DAYS_MAX })],
                "{days}"
            );
        }
        assert_eq!(validate_offer(&OfferForm { trial_days: " 90 ".into(), ..trial.clone() }, &rules).unwrap().trial_days, Some(90));
        // The days typed do not matter for a purchase offer.
        let purchase = OfferForm { trial: false, trial_days: "x".into(), lines: vec![("BASIC".into(), "5".into())], ..trial };
        assert_eq!(validate_offer(&purchase, &rules).unwrap().trial_days, None);
    }

    #[test]
    fn a_new_version_names_the_offer_it_replaces_by_its_summary_id() {
        let (offices, catalog) = (offices(), catalog());
        let rules = OfferRules { own_offers: true, providers: &[], offices: &offices, catalog: &catalog, dap_certified: false, discount_limit: 0 };
        let summary = "PO-7KQM-X4TA".to_string();
        let version = OfferForm { replaces: Some(format!(" {} ", summary.to_lowercase())), ..form() };
        assert_eq!(validate_offer(&version, &rules).unwrap().replaces, Some(summary));
        assert_eq!(validate_offer(&OfferForm { replaces: Some(" ".into()), ..form() }, &rules).unwrap().replaces, None);
        let forged = OfferForm { replaces: Some("1 OR 1=1".into()), ..form() };
        assert_eq!(validate_offer(&forged, &rules).unwrap_err(), AppError::NotFound);
    }

    #[test]
    fn each_line_carries_the_price_of_the_plan_it_chose_and_a_plan_not_sold_is_refused() {
        use crate::pricing::{Offering, Plan};
        let offices = offices();
        let mut catalog = catalog();
        let sold = |code: &str, price: &str| Offering {
            plan: Plan::from_code(code).expect("a plan"),
            currency: "GBP".into(),
            unit_price: price.parse().expect("a price"),
            erp_price: price.parse().expect("a price"),
            price_list_id: 3,
        };
        catalog[0].offerings = vec![sold("P1M-monthly", "5.00"), sold("P1Y-monthly", "4.20"), sold("P1Y-annual", "50.40")];
        let rules = OfferRules { own_offers: true, providers: &[], offices: &offices, catalog: &catalog, dap_certified: false, discount_limit: 0 };
        let valid = validate_offer(&form(), &rules).unwrap();
        let price = valid.lines[0].price.clone().expect("a price");
        assert_eq!((price.plan, price.unit_price.to_string(), price.price_list_id), (Plan::USUAL, "4.20".to_string(), 3), "none chosen: the usual");
        let annual = OfferForm { plans: vec![("BASIC".into(), "P1Y-annual".into())], ..form() };
        let price = validate_offer(&annual, &rules).unwrap().lines[0].price.clone().expect("a price");
        assert_eq!(price.total(25).to_string(), "1260.00");
        let not_sold = OfferForm { plans: vec![("BASIC".into(), "P3Y-triennial".into())], ..form() };
        assert_eq!(fields(validate_offer(&not_sold, &rules)), vec![("plan.BASIC".to_string(), Problem::PlanNotOffered)]);
    }

    #[test]
    fn a_two_tier_offer_sells_for_a_partnered_provider_at_its_prices_without_delegated_admin() {
        use crate::pricing::{Offering, Plan};
        let offices = offices();
        let mut catalog = catalog();
        catalog[0].offerings = vec![Offering {
            plan: Plan::USUAL,
            currency: "GBP".into(),
            unit_price: "4.20".parse().expect("a price"),
            erp_price: "4.20".parse().expect("a price"),
            price_list_id: 3,
        }];
        let providers = [OfferProvider { id: 7, name: "Tailspin".into() }];
        // A reseller only: it sells for its providers, never for itself.
        let reseller =
            OfferRules { own_offers: false, providers: &providers, offices: &offices, catalog: &catalog, dap_certified: false, discount_limit: 20 };
        let resold = OfferForm { provider_id: "7".into(), ..form() };
        assert_eq!(validate_offer(&resold, &reseller).unwrap().provider_id, Some(7));
        for provider in ["", "8", "seven"] {
            let other = OfferForm { provider_id: provider.into(), ..form() };
            assert_eq!(fields(validate_offer(&other, &reseller)), vec![("provider_id".to_string(), Problem::ChooseProvider)], "{provider:?}");
        }
        // The provider's price is the least it sells at, whatever the organisation's own limit.
        let discounted = OfferForm { adjustments: vec![("BASIC".into(), "10%".into())], ..resold.clone() };
        assert_eq!(fields(validate_offer(&discounted, &reseller)).len(), 1, "no discount on a two-tier offer");
        let own = OfferRules { own_offers: true, ..reseller };
        assert!(validate_offer(&OfferForm { provider_id: WholeNumber::default(), ..discounted }, &own).is_ok(), "its own offer keeps its limit");
        // Delegated administration is the provider's to ask for, even for a certified partner.
        let certified = OfferRules { dap_certified: true, ..own };
        let gdap = OfferForm {
            delegated_admin: true,
            gdap_name: "Contoso".into(),
            gdap_roles: vec![GdapRole::HelpdeskAdministrator],
            gdap_duration_days: "30".into(),
            ..resold
        };
        assert_eq!(fields(validate_offer(&gdap, &certified)), vec![("delegated_admin".to_string(), Problem::NoDelegatedAdminResold)]);
        assert!(validate_offer(&OfferForm { provider_id: WholeNumber::default(), ..gdap }, &certified).is_ok());
    }

    #[test]
    fn license_counts_out_of_range_and_unavailable_subscriptions_are_refused() {
        let (offices, catalog) = (offices(), catalog());
        let rules = OfferRules { own_offers: true, providers: &[], offices: &offices, catalog: &catalog, dap_certified: false, discount_limit: 0 };
        let mut f = form();
        f.lines = vec![("BASIC".into(), "301".into()), ("E5".into(), "3".into())];
        assert_eq!(
            fields(validate_offer(&f, &rules)),
            vec![
                ("license_count.BASIC".to_string(), Problem::LicenseRange { min: 1, max: 300 }),
                ("license_count.E5".to_string(), Problem::SubscriptionNotAvailable),
            ]
        );
    }

    #[test]
    fn an_office_of_another_partner_is_refused() {
        let (offices, catalog) = (offices(), catalog());
        let rules = OfferRules { own_offers: true, providers: &[], offices: &offices, catalog: &catalog, dap_certified: false, discount_limit: 0 };
        let mut f = form();
        f.office_id = "8".into();
        assert_eq!(fields(validate_offer(&f, &rules)), vec![("office_id".to_string(), Problem::Office)]);
    }

    #[test]
    fn delegated_administration_needs_certification_and_a_valid_relationship() {
        let (offices, catalog) = (offices(), catalog());
        let mut f = form();
        f.delegated_admin = true;
        let uncertified =
            OfferRules { own_offers: true, providers: &[], offices: &offices, catalog: &catalog, dap_certified: false, discount_limit: 0 };
        assert_eq!(fields(validate_offer(&f, &uncertified)), vec![("delegated_admin".to_string(), Problem::NotCertified)]);

        let certified = OfferRules { own_offers: true, providers: &[], offices: &offices, catalog: &catalog, dap_certified: true, discount_limit: 0 };
        f.gdap_name = "x".repeat(51);
        f.gdap_duration_days = "731".into();
        assert_eq!(
            fields(validate_offer(&f, &certified)),
            vec![
                ("gdap_name".to_string(), Problem::TooLong { max: 50 }),
                ("gdap_roles".to_string(), Problem::GdapRoles),
                ("gdap_duration_days".to_string(), Problem::GdapDuration),
            ]
        );
        f.gdap_name = "Contoso support".into();
        f.gdap_duration_days = "730".into();
        f.gdap_roles = vec![GdapRole::UserAdministrator, GdapRole::DirectoryReaders, GdapRole::UserAdministrator];
        let valid = validate_offer(&f, &certified).unwrap();
        let gdap = valid.gdap.unwrap();
        assert_eq!(gdap.duration_days, 730);
        assert_eq!(gdap.roles, vec![GdapRole::DirectoryReaders, GdapRole::UserAdministrator]);
    }

    #[test]
    fn an_offer_needs_a_subscription_and_a_usage_location() {
        let (offices, catalog) = (offices(), catalog());
        let rules = OfferRules { own_offers: true, providers: &[], offices: &offices, catalog: &catalog, dap_certified: false, discount_limit: 0 };
        let f = OfferForm { office_id: "7".into(), ..Default::default() };
        assert_eq!(
            fields(validate_offer(&f, &rules)),
            vec![("usage_location".to_string(), Problem::Required), ("subscriptions".to_string(), Problem::NoSubscription),]
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::catalog::CatalogSubscription;
    use crate::offices::Office;
    use proptest::prelude::*;

    /// A number as typed in a form (text matching `typed`) or as a program sends it.
    fn whole_number(typed: &'static str) -> impl Strategy<Value = WholeNumber> {
        prop_oneof![typed.prop_map(WholeNumber::Typed), any::<i64>().prop_map(WholeNumber::Number), (-5i64..1000).prop_map(WholeNumber::Number)]
    }

    fn form() -> impl Strategy<Value = OfferForm> {
        (
            whole_number("\\PC{0,8}|[0-9]{1,3}"),
            "\\PC{0,10}|NL|nl|Netherlands|US",
            proptest::collection::vec(("\\PC{0,12}|M365-BUSINESS-BASIC|POWER-BI-PRO", whole_number("\\PC{0,8}|-?[0-9]{1,6}")), 0..4),
            any::<bool>(),
            "\\PC{0,60}",
            proptest::collection::vec("\\PC{0,3}|[A-Za-z]{5,30}", 0..4),
            whole_number("\\PC{0,6}|[0-9]{1,4}"),
            "\\PC{0,40}",
            (any::<bool>(), whole_number("\\PC{0,4}|-?[0-9]{1,3}"), whole_number("|7|8|\\PC{0,3}")),
        )
            .prop_map(
                |(office_id, usage_location, lines, delegated_admin, gdap_name, roles, days, key, (trial, trial_days, provider_id))| OfferForm {
                    provider_id,
                    on_behalf_of: WholeNumber::default(),
                    office_id,
                    usage_location,
                    lines,
                    delegated_admin,
                    gdap_name,
                    gdap_roles: roles.iter().filter_map(|r| GdapRole::from_code(r)).collect(),
                    gdap_duration_days: days,
                    idempotency_key: key,
                    plans: Vec::new(),
                    adjustments: Vec::new(),
                    trial,
                    trial_days,
                    replaces: None,
                },
            )
    }

    proptest! {
        #[test]
        fn offers_never_panic_and_keep_every_rule(form in form(), certified in any::<bool>(), own_offers in any::<bool>(), typed_date in "\\PC{0,12}|20[0-9]{2}-[01][0-9]-[0-3][0-9]", now in 0i64..4_000_000_000) {
            let offices = [Office { id: 7, name: "HQ".into(), address_line1: "Main 1".into(), city: "Utrecht".into(), country: "NL".into() }];
            let catalog = [
                CatalogSubscription { id: "M365-BUSINESS-BASIC".into(), name: "Basic".into(), description: String::new(), min_licenses: 1, max_licenses: 300, translations: Default::default(), offerings: Vec::new(), product_id: String::new(), trial: false },
                CatalogSubscription { id: "POWER-BI-PRO".into(), name: "Power BI".into(), description: String::new(), min_licenses: 5, max_licenses: 5000, translations: Default::default(), offerings: Vec::new(), product_id: String::new(), trial: false },
            ];
            let providers = [OfferProvider { id: 7, name: "Northwind".into() }];
            let rules = OfferRules { own_offers, providers: &providers, offices: &offices, catalog: &catalog, dap_certified: certified, discount_limit: 0 };
            if let Ok(offer) = validate_offer(&form, &rules) {
                prop_assert_eq!(offer.office_id, 7);
                // It sells for a partnered provider, or for the organisation when it may.
                prop_assert!(offer.provider_id == Some(7) || (offer.provider_id.is_none() && own_offers));
                prop_assert!(offer.provider_id.is_none() || offer.gdap.is_none(), "a two-tier offer asks for no delegated administration");
                prop_assert!(!offer.lines.is_empty());
                for line in &offer.lines {
                    let subscription = catalog.iter().find(|s| s.id == line.subscription_id).expect("a catalog subscription");
                    let count = i64::from(line.license_count);
                    prop_assert!(count >= subscription.min_licenses && count <= subscription.max_licenses);
                }
                prop_assert!(offer.gdap.is_none() || certified, "only certified advisors ask for delegated administration");
                // A trial invitation: free, for 1 to 90 days and at most a trial's licenses.
                prop_assert_eq!(offer.trial_days.is_some(), form.trial);
                if let Some(days) = offer.trial_days {
                    prop_assert!((1..=TRIAL_DAYS_MAX).contains(&days));
                    for line in &offer.lines {
                        prop_assert!(line.price.is_none() && i64::from(line.license_count) <= TRIAL_MAX_LICENSES);
                    }
                }
            }
            if let Ok(Some(expires)) = parse_expiry_date(&typed_date, now) {
                prop_assert!(expires > now);
            }
        }
    }
}
