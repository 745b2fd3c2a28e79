//! The incentive report: an indirect provider's subscriptions for which no reseller earns the
//! program's incentives, or whose designated support contact is no longer a partner — each
//! with why, and a fix per row and in bulk. The same warnings show on a subscription's page
//! and in the REST API ([`crate::customers::SubscriptionRow::incentive_gaps`]).

use crate::error::{FieldErrors, Problem};
use crate::i18n::Key;
use crate::validate::WholeNumber;
use serde::{Deserialize, Serialize};

/// Rows per page of the report.
pub const PER_PAGE: i64 = 50;
/// The most subscriptions one bulk fix changes (a page's worth, twice).
pub const FIX_MAX: usize = 100;

/// Why a subscription earns no reseller its incentives, or has no partnered support contact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IncentiveGap {
    /// No Reseller (MPN ID) of record: no reseller earns incentives for it.
    NoResellerOfRecord,
    /// Its reseller of record is no longer a partner (the partnership was removed).
    ResellerNotPartnered,
    /// Its designated support contact is no longer a partner.
    SupportContactNotPartnered,
}

impl IncentiveGap {
    pub const ALL: [IncentiveGap; 3] =
        [IncentiveGap::NoResellerOfRecord, IncentiveGap::ResellerNotPartnered, IncentiveGap::SupportContactNotPartnered];

    /// The code the REST API and webhooks use.
    pub fn code(self) -> &'static str {
        match self {
            IncentiveGap::NoResellerOfRecord => "no_reseller_of_record",
            IncentiveGap::ResellerNotPartnered => "reseller_not_partnered",
            IncentiveGap::SupportContactNotPartnered => "support_contact_not_partnered",
        }
    }

    /// What it means, for the report and the subscription's page.
    pub fn key(self) -> Key {
        match self {
            IncentiveGap::NoResellerOfRecord => Key::GapNoResellerOfRecord,
            IncentiveGap::ResellerNotPartnered => Key::GapResellerNotPartnered,
            IncentiveGap::SupportContactNotPartnered => Key::GapSupportContactNotPartnered,
        }
    }
}

/// The gaps of a subscription that is live (active or suspended; a cancelled or expired one,
/// or a free trial, earns nothing either way). `reseller_of_record`: whether its reseller of
/// record is partnered, if it has one; `support_contact`: whether its support contact is the
/// provider itself or partnered, if it has one.
pub fn gaps(live: bool, reseller_of_record: Option<bool>, support_contact: Option<bool>) -> Vec<IncentiveGap> {
    let mut gaps = Vec::new();
    if !live {
        return gaps;
    }
    match reseller_of_record {
        None => gaps.push(IncentiveGap::NoResellerOfRecord),
        Some(false) => gaps.push(IncentiveGap::ResellerNotPartnered),
        Some(true) => {}
    }
    if support_contact == Some(false) {
        gaps.push(IncentiveGap::SupportContactNotPartnered);
    }
    gaps
}

/// One row of the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncentiveRow {
    /// The subscription (a customer's subscription: `subscriptions[].id` in the REST API).
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    /// The customer's associated reseller, if any: the usual fix.
    pub customer_reseller_id: Option<i64>,
    pub subscription_name: String,
    pub license_count: i64,
    pub reseller_of_record_name: Option<String>,
    pub support_contact_name: Option<String>,
    pub gaps: Vec<IncentiveGap>,
}

/// One page of the report, with every partnered reseller to fix rows with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncentiveReport {
    pub rows: Vec<IncentiveRow>,
    /// How many subscriptions have a gap in all.
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub resellers: Vec<crate::customers::ResellerChoice>,
}

impl IncentiveReport {
    pub fn pages(&self) -> i64 {
        crate::validate::page_count(self.total, self.per_page)
    }
}

/// A bulk fix as chosen: the subscriptions, the partnered reseller to make their reseller of
/// record, and whether it also becomes their designated support contact.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncentiveFix {
    pub subscriptions: Vec<i64>,
    pub reseller_id: WholeNumber,
    #[serde(default)]
    pub support_contact_too: bool,
}

/// A bulk fix that passed its rules (the reseller's partnership is checked by the store, in
/// the same transaction as the change).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidFix {
    pub subscriptions: Vec<i64>,
    pub reseller_id: i64,
    pub support_contact_too: bool,
}

impl IncentiveFix {
    /// At least one subscription and at most [`FIX_MAX`] (each once), and a reseller. Field
    /// names: `subscriptions`, `reseller_id`.
    pub fn check(&self) -> Result<ValidFix, crate::error::AppError> {
        let mut errors = FieldErrors::default();
        let mut subscriptions = self.subscriptions.clone();
        subscriptions.sort_unstable();
        subscriptions.dedup();
        if subscriptions.is_empty() {
            errors.add("subscriptions", Problem::NoSubscription);
        } else if subscriptions.len() > FIX_MAX {
            errors.add("subscriptions", Problem::TooMany { max: FIX_MAX });
        }
        let reseller_id = self.reseller_id.value().filter(|id| *id > 0);
        if reseller_id.is_none() {
            errors.add("reseller_id", Problem::NotPartneredReseller);
        }
        match reseller_id {
            Some(reseller_id) if errors.is_empty() => Ok(ValidFix { subscriptions, reseller_id, support_contact_too: self.support_contact_too }),
            _ => Err(crate::error::AppError::Invalid(errors.0)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_subscription_without_a_partnered_reseller_has_a_gap() {
        assert_eq!(gaps(true, None, None), [IncentiveGap::NoResellerOfRecord]);
        assert_eq!(gaps(true, Some(false), Some(false)), [IncentiveGap::ResellerNotPartnered, IncentiveGap::SupportContactNotPartnered]);
        assert_eq!(gaps(true, Some(true), Some(true)), []);
        assert_eq!(gaps(true, Some(true), None), [], "no support contact is not a gap: the provider supports it");
        assert_eq!(gaps(false, None, Some(false)), [], "a cancelled, expired or trial subscription earns nothing either way");
        let codes: std::collections::HashSet<&str> = IncentiveGap::ALL.iter().map(|g| g.code()).collect();
        assert_eq!(codes.len(), IncentiveGap::ALL.len());
    }

    #[test]
    fn a_bulk_fix_names_some_subscriptions_and_a_reseller() {
        let fix = IncentiveFix { subscriptions: vec![3, 1, 3], reseller_id: 7i64.into(), support_contact_too: true };
        assert_eq!(fix.check(), Ok(ValidFix { subscriptions: vec![1, 3], reseller_id: 7, support_contact_too: true }));
        let fields = |fix: IncentiveFix| fix.check().unwrap_err().field_errors().iter().map(|e| e.field.clone()).collect::<Vec<_>>();
        assert_eq!(fields(IncentiveFix { subscriptions: vec![], reseller_id: "x".into(), ..Default::default() }), ["subscriptions", "reseller_id"]);
        let too_many = IncentiveFix { subscriptions: (1..=FIX_MAX as i64 + 1).collect(), reseller_id: 7i64.into(), ..Default::default() };
        assert_eq!(fields(too_many), ["subscriptions"]);
        assert_eq!(fields(IncentiveFix { subscriptions: vec![1], reseller_id: 0i64.into(), ..Default::default() }), ["reseller_id"]);
    }
}
