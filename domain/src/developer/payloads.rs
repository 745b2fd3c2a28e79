//! What each webhook event delivers as its `data`: a public contract, like the REST API's
//! types. Receivers read these fields by name; a field is added, never renamed or removed.
//! Times are Unix seconds, amounts decimal strings with their currency.

use super::WebhookEvent;
use crate::offers::replies::ReplyKind;
use serde::Serialize;

/// A webhook event's data, which knows the event it is.
pub trait WebhookPayload: Serialize {
    fn event(&self) -> WebhookEvent;

    /// The data as JSON (what the delivery's `data` holds).
    fn to_json(&self) -> serde_json::Value {
        // A struct of strings, numbers and options always serializes.
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// `offer.accepted`, or `trial.started` when the offer was a trial invitation (`trial_ends_at`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OfferAccepted {
    pub summary_id: String,
    pub customer_id: i64,
    pub company_name: String,
    pub domain_prefix: String,
    pub country: String,
    pub delegated_admin: bool,
    /// The trial's last day (ISO date), for a trial invitation.
    pub trial_ends_at: Option<String>,
    pub lines: Vec<AcceptedLine>,
}

/// One line of an acceptance, at the price it showed (none for a trial).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AcceptedLine {
    pub subscription_id: String,
    pub license_count: i64,
    pub plan: Option<String>,
    pub currency: Option<String>,
    pub unit_price: Option<String>,
}

impl WebhookPayload for OfferAccepted {
    fn event(&self) -> WebhookEvent {
        if self.trial_ends_at.is_some() {
            WebhookEvent::TrialStarted
        } else {
            WebhookEvent::OfferAccepted
        }
    }
}

/// `offer.question` or `offer.declined`: what a client who did not accept wrote.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OfferReply {
    #[serde(skip)]
    pub kind: ReplyKind,
    pub summary_id: String,
    pub name: String,
    pub email: String,
    pub message: String,
}

impl WebhookPayload for OfferReply {
    fn event(&self) -> WebhookEvent {
        match self.kind {
            ReplyKind::Question => WebhookEvent::OfferQuestion,
            ReplyKind::Decline => WebhookEvent::OfferDeclined,
        }
    }
}

/// `offer.expiring`: an open offer expires soon (`expires_at`); it can still be extended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OfferExpiring {
    pub summary_id: String,
    pub usage_location: String,
    pub expires_at: i64,
    /// How many clients accepted it so far.
    pub acceptances: i64,
    /// A trial invitation (not a purchase offer).
    pub trial: bool,
}

impl WebhookPayload for OfferExpiring {
    fn event(&self) -> WebhookEvent {
        WebhookEvent::OfferExpiring
    }
}

/// `partnership.accepted`, sent to the provider and to the reseller.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartnershipAccepted {
    pub partnership_id: i64,
    pub provider_id: i64,
    pub reseller_id: i64,
    pub request_id: i64,
}

impl WebhookPayload for PartnershipAccepted {
    fn event(&self) -> WebhookEvent {
        WebhookEvent::PartnershipAccepted
    }
}

/// `partnership.asked`, sent to the provider and to the reseller.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartnershipAsked {
    pub ask_id: i64,
    pub provider_id: i64,
    pub reseller_id: i64,
    /// What the reseller wrote (may be empty).
    pub message: String,
}

impl WebhookPayload for PartnershipAsked {
    fn event(&self) -> WebhookEvent {
        WebhookEvent::PartnershipAsked
    }
}

/// `partnership.ask_answered`, sent to the provider and to the reseller.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartnershipAskAnswered {
    pub ask_id: i64,
    pub provider_id: i64,
    pub reseller_id: i64,
    /// `accepted` or `declined`.
    pub answer: String,
    /// The partnership an acceptance made.
    pub partnership_id: Option<i64>,
}

impl WebhookPayload for PartnershipAskAnswered {
    fn event(&self) -> WebhookEvent {
        WebhookEvent::PartnershipAskAnswered
    }
}

/// `partnership.removed`, sent to the provider and to the reseller.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartnershipRemoved {
    pub provider_id: i64,
    pub reseller_id: i64,
}

impl WebhookPayload for PartnershipRemoved {
    fn event(&self) -> WebhookEvent {
        WebhookEvent::PartnershipRemoved
    }
}

/// `customer.created`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CustomerCreated {
    pub id: i64,
    pub company_name: String,
    pub domain_prefix: String,
    pub country: String,
    pub reseller_id: Option<i64>,
}

impl WebhookPayload for CustomerCreated {
    fn event(&self) -> WebhookEvent {
        WebhookEvent::CustomerCreated
    }
}

/// `subscription.created`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SubscriptionCreated {
    pub id: i64,
    pub customer_id: i64,
    /// The product (the catalog's subscription id).
    pub subscription_id: String,
    pub license_count: i64,
    pub reseller_of_record_id: Option<i64>,
    pub support_contact_id: Option<i64>,
}

impl WebhookPayload for SubscriptionCreated {
    fn event(&self) -> WebhookEvent {
        WebhookEvent::SubscriptionCreated
    }
}

/// An amount charged or refunded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Amount {
    /// A decimal string, never negative.
    pub amount: String,
    pub currency: String,
}

/// `subscription.changed`: which subscription, and what changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SubscriptionChanged {
    pub id: i64,
    pub customer_id: i64,
    pub subscription_id: String,
    #[serde(flatten)]
    pub change: SubscriptionChange,
}

/// What changed in a subscription (its fields sit beside the subscription's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum SubscriptionChange {
    /// Its license count, reseller of record or support contact, with the charge or refund of
    /// a license change.
    Licenses {
        license_count: i64,
        reseller_of_record_id: Option<i64>,
        support_contact_id: Option<i64>,
        charge: Option<Amount>,
        refund: Option<Amount>,
        previous: PreviousLicenses,
    },
    /// What happens at its renewal.
    Renewal { renewal: RenewalChange },
    /// Suspended or reactivated.
    Status { status: String, previous: PreviousStatus },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PreviousLicenses {
    pub license_count: i64,
    pub reseller_of_record_id: Option<i64>,
    pub support_contact_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RenewalChange {
    pub auto_renew: bool,
    /// When the term ends and the renewal happens.
    pub date: Option<i64>,
    /// The license count at renewal (none: unchanged).
    pub license_count: Option<i64>,
    /// The billing plan at renewal (none: unchanged).
    pub plan: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PreviousStatus {
    pub status: String,
}

impl WebhookPayload for SubscriptionChanged {
    fn event(&self) -> WebhookEvent {
        WebhookEvent::SubscriptionChanged
    }
}

/// `subscription.renewed`: the new term, with the changes scheduled for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SubscriptionRenewed {
    pub id: i64,
    pub customer_id: i64,
    pub subscription_id: String,
    pub license_count: i64,
    pub plan: String,
    pub term_started_at: i64,
    pub ends_at: i64,
    pub unit_price: Option<String>,
    pub currency: Option<String>,
    pub previous: PreviousTerm,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PreviousTerm {
    pub license_count: i64,
    pub plan: String,
}

impl WebhookPayload for SubscriptionRenewed {
    fn event(&self) -> WebhookEvent {
        WebhookEvent::SubscriptionRenewed
    }
}

/// `subscription.cancelled` within its change window, with the refund.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SubscriptionCancelled {
    pub id: i64,
    pub customer_id: i64,
    pub subscription_id: String,
    pub cancelled_at: i64,
    pub refund: Option<Amount>,
}

impl WebhookPayload for SubscriptionCancelled {
    fn event(&self) -> WebhookEvent {
        WebhookEvent::SubscriptionCancelled
    }
}

/// `subscription.expired`: it ended without renewing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SubscriptionExpired {
    pub id: i64,
    pub customer_id: i64,
    pub subscription_id: String,
    pub ended_at: i64,
}

impl WebhookPayload for SubscriptionExpired {
    fn event(&self) -> WebhookEvent {
        WebhookEvent::SubscriptionExpired
    }
}

/// `subscription.window_closing`: the last moment to remove licenses or cancel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WindowClosing {
    pub id: i64,
    pub customer_id: i64,
    pub subscription_id: String,
    pub license_count: i64,
    pub closes_at: i64,
}

impl WebhookPayload for WindowClosing {
    fn event(&self) -> WebhookEvent {
        WebhookEvent::SubscriptionWindowClosing
    }
}

/// `subscription.renewing`: it renews on its own at `renews_at` (with the changes scheduled
/// for the renewal, when there are: none means unchanged).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SubscriptionRenewing {
    pub id: i64,
    pub customer_id: i64,
    pub subscription_id: String,
    pub license_count: i64,
    pub renews_at: i64,
    pub renewal_license_count: Option<i64>,
}

impl WebhookPayload for SubscriptionRenewing {
    fn event(&self) -> WebhookEvent {
        WebhookEvent::SubscriptionRenewing
    }
}

/// `trial.ending`: a trial started from an invitation (`invitation`, its summary ID) ends soon.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TrialEnding {
    pub id: i64,
    pub customer_id: i64,
    pub company_name: String,
    pub subscription_id: String,
    pub license_count: i64,
    pub ends_at: i64,
    pub invitation: Option<String>,
}

impl WebhookPayload for TrialEnding {
    fn event(&self) -> WebhookEvent {
        WebhookEvent::TrialEnding
    }
}

/// `delegated_admin.requested`, `.approved`, `.terminated`, `.expiring` or `.expired` (the
/// event is the status it reached, or `requested` for a new one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RelationshipChanged {
    #[serde(skip)]
    pub event: WebhookEvent,
    pub id: i64,
    pub customer_id: i64,
    pub name: String,
    /// Role codes (`user_administrator`, …).
    pub roles: Vec<String>,
    /// `approval_pending`, `active`, `expiring`, `expired` or `terminated`.
    pub status: String,
    pub auto_extend: bool,
    /// When it ends (or, while approval is pending, when the request lapses).
    pub ends_at: i64,
    /// `partner` or `customer`, when terminated.
    pub terminated_by: Option<String>,
}

impl WebhookPayload for RelationshipChanged {
    fn event(&self) -> WebhookEvent {
        self.event
    }
}

/// `ping`: the Send test event button.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ping {
    pub endpoint_id: i64,
    pub message: String,
}

impl WebhookPayload for Ping {
    fn event(&self) -> WebhookEvent {
        WebhookEvent::Ping
    }
}

/// One example of each event's data, for the API reference (built from the types above, so
/// the documentation is the contract).
pub fn examples() -> Vec<(WebhookEvent, serde_json::Value)> {
    fn entry(payload: impl WebhookPayload) -> (WebhookEvent, serde_json::Value) {
        (payload.event(), payload.to_json())
    }
    let accepted = OfferAccepted {
        summary_id: "PO-7KQ2-M4XD".into(),
        customer_id: 42,
        company_name: "Wingtip Toys".into(),
        domain_prefix: "wingtiptoys".into(),
        country: "NL".into(),
        delegated_admin: true,
        trial_ends_at: None,
        lines: vec![AcceptedLine {
            subscription_id: "M365-BUSINESS-BASIC".into(),
            license_count: 10,
            plan: Some("P1Y-monthly".into()),
            currency: Some("EUR".into()),
            unit_price: Some("5.60".into()),
        }],
    };
    let trial = OfferAccepted {
        trial_ends_at: Some("2027-01-06".into()),
        lines: vec![AcceptedLine { subscription_id: "M365-BUSINESS-BASIC".into(), license_count: 10, plan: None, currency: None, unit_price: None }],
        ..accepted.clone()
    };
    let reply = |kind, message: &str| OfferReply {
        kind,
        summary_id: "PO-7KQ2-M4XD".into(),
        name: "Iris Bakker".into(),
        email: "iris@wingtiptoys.example".into(),
        message: message.into(),
    };
    let relationship = |event, status: &str, by: Option<&str>| RelationshipChanged {
        event,
        id: 11,
        customer_id: 42,
        name: "Helpdesk - wingtiptoys".into(),
        roles: vec!["user_administrator".into(), "license_administrator".into()],
        status: status.into(),
        auto_extend: false,
        ends_at: 1_831_075_200,
        terminated_by: by.map(str::to_string),
    };
    let euros = |amount: &str| Amount { amount: amount.into(), currency: "EUR".into() };
    vec![
        entry(accepted),
        entry(reply(ReplyKind::Decline, "We chose another partner.")),
        entry(reply(ReplyKind::Question, "Can we start with 5 licenses?")),
        entry(OfferExpiring {
            summary_id: "PO-7KQ2-M4XD".into(),
            usage_location: "NL".into(),
            expires_at: 1_799_539_200,
            acceptances: 2,
            trial: false,
        }),
        entry(trial),
        entry(TrialEnding {
            id: 7,
            customer_id: 42,
            company_name: "Wingtip Toys".into(),
            subscription_id: "M365-BUSINESS-BASIC".into(),
            license_count: 10,
            ends_at: 1_799_539_200,
            invitation: Some("PO-7KQ2-M4XD".into()),
        }),
        entry(PartnershipAccepted { partnership_id: 3, provider_id: 1, reseller_id: 2, request_id: 5 }),
        entry(PartnershipRemoved { provider_id: 1, reseller_id: 2 }),
        entry(PartnershipAsked { ask_id: 4, provider_id: 1, reseller_id: 2, message: "We sell in Belgium and Luxembourg.".into() }),
        entry(PartnershipAskAnswered { ask_id: 4, provider_id: 1, reseller_id: 2, answer: "accepted".into(), partnership_id: Some(3) }),
        entry(CustomerCreated {
            id: 42,
            company_name: "Wingtip Toys".into(),
            domain_prefix: "wingtiptoys".into(),
            country: "NL".into(),
            reseller_id: Some(2),
        }),
        entry(SubscriptionCreated {
            id: 7,
            customer_id: 42,
            subscription_id: "M365-BUSINESS-BASIC".into(),
            license_count: 10,
            reseller_of_record_id: Some(2),
            support_contact_id: None,
        }),
        entry(SubscriptionChanged {
            id: 7,
            customer_id: 42,
            subscription_id: "M365-BUSINESS-BASIC".into(),
            change: SubscriptionChange::Licenses {
                license_count: 12,
                reseller_of_record_id: Some(2),
                support_contact_id: None,
                charge: Some(euros("9.33")),
                refund: None,
                previous: PreviousLicenses { license_count: 10, reseller_of_record_id: Some(2), support_contact_id: None },
            },
        }),
        entry(SubscriptionRenewed {
            id: 7,
            customer_id: 42,
            subscription_id: "M365-BUSINESS-BASIC".into(),
            license_count: 12,
            plan: "P1Y-monthly".into(),
            term_started_at: 1_799_539_200,
            ends_at: 1_831_075_200,
            unit_price: Some("5.60".into()),
            currency: Some("EUR".into()),
            previous: PreviousTerm { license_count: 10, plan: "P1Y-monthly".into() },
        }),
        entry(SubscriptionCancelled {
            id: 7,
            customer_id: 42,
            subscription_id: "M365-BUSINESS-BASIC".into(),
            cancelled_at: 1_799_539_200,
            refund: Some(euros("67.20")),
        }),
        entry(SubscriptionExpired { id: 7, customer_id: 42, subscription_id: "M365-BUSINESS-BASIC".into(), ended_at: 1_799_539_200 }),
        entry(WindowClosing { id: 7, customer_id: 42, subscription_id: "M365-BUSINESS-BASIC".into(), license_count: 10, closes_at: 1_799_539_200 }),
        entry(SubscriptionRenewing {
            id: 7,
            customer_id: 42,
            subscription_id: "M365-BUSINESS-BASIC".into(),
            license_count: 10,
            renews_at: 1_831_075_200,
            renewal_license_count: Some(8),
        }),
        entry(relationship(WebhookEvent::RelationshipRequested, "approval_pending", None)),
        entry(relationship(WebhookEvent::RelationshipApproved, "active", None)),
        entry(relationship(WebhookEvent::RelationshipTerminated, "terminated", Some("customer"))),
        entry(relationship(WebhookEvent::RelationshipExpiring, "expiring", None)),
        entry(relationship(WebhookEvent::RelationshipExpired, "expired", None)),
        entry(Ping { endpoint_id: 9, message: "A test event from PartnerDesk.".into() }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn subscription(change: SubscriptionChange) -> serde_json::Value {
        SubscriptionChanged { id: 7, customer_id: 3, subscription_id: "M365-E3".into(), change }.to_json()
    }

    #[test]
    fn each_organisation_is_offered_the_events_of_its_programs() {
        use crate::roles::Programs;
        let advisor = Programs { advisor: true, ..Default::default() };
        let provider = Programs { indirect_provider: true, ..Default::default() };
        let reseller = Programs { indirect_reseller: true, ..Default::default() };
        let all = Programs { advisor: true, indirect_provider: true, indirect_reseller: true };
        assert_eq!(WebhookEvent::subscribable_by(&all), WebhookEvent::SUBSCRIBABLE.to_vec(), "every event reaches some program");
        assert!(WebhookEvent::subscribable_by(&advisor).contains(&WebhookEvent::OfferExpiring));
        assert!(!WebhookEvent::subscribable_by(&advisor).contains(&WebhookEvent::CustomerCreated));
        assert!(!WebhookEvent::subscribable_by(&provider).contains(&WebhookEvent::OfferAccepted));
        assert_eq!(
            WebhookEvent::subscribable_by(&reseller),
            vec![
                WebhookEvent::PartnershipAccepted,
                WebhookEvent::PartnershipRemoved,
                WebhookEvent::PartnershipAsked,
                WebhookEvent::PartnershipAskAnswered
            ]
        );
    }

    #[test]
    fn every_event_has_its_example() {
        let examples = examples();
        for event in WebhookEvent::SUBSCRIBABLE.into_iter().chain([WebhookEvent::Ping]) {
            assert_eq!(examples.iter().filter(|(e, _)| *e == event).count(), 1, "{event:?}");
        }
        assert!(examples.iter().all(|(_, data)| data.is_object()));
    }

    #[test]
    fn a_change_sits_beside_the_subscription_it_changed() {
        let licenses = subscription(SubscriptionChange::Licenses {
            license_count: 12,
            reseller_of_record_id: Some(4),
            support_contact_id: None,
            charge: Some(Amount { amount: "20.00".into(), currency: "EUR".into() }),
            refund: None,
            previous: PreviousLicenses { license_count: 10, reseller_of_record_id: None, support_contact_id: None },
        });
        assert_eq!(
            licenses,
            json!({ "id": 7, "customer_id": 3, "subscription_id": "M365-E3", "license_count": 12, "reseller_of_record_id": 4,
                    "support_contact_id": null, "charge": { "amount": "20.00", "currency": "EUR" }, "refund": null,
                    "previous": { "license_count": 10, "reseller_of_record_id": null, "support_contact_id": null } })
        );
        let status = subscription(SubscriptionChange::Status { status: "suspended".into(), previous: PreviousStatus { status: "active".into() } });
        assert_eq!(
            status,
            json!({ "id": 7, "customer_id": 3, "subscription_id": "M365-E3", "status": "suspended", "previous": { "status": "active" } })
        );
        let renewal = subscription(SubscriptionChange::Renewal {
            renewal: RenewalChange { auto_renew: false, date: Some(100), license_count: None, plan: Some("P1Y-annual".into()) },
        });
        assert_eq!(renewal["renewal"], json!({ "auto_renew": false, "date": 100, "license_count": null, "plan": "P1Y-annual" }));
    }

    #[test]
    fn an_acceptance_is_a_trial_start_when_the_trial_has_an_end() {
        let mut accepted = OfferAccepted {
            summary_id: "PO-AAAA-AAAA".into(),
            customer_id: 1,
            company_name: "Wingtip".into(),
            domain_prefix: "wingtip".into(),
            country: "NL".into(),
            delegated_admin: false,
            trial_ends_at: None,
            lines: vec![],
        };
        assert_eq!(accepted.event(), WebhookEvent::OfferAccepted);
        accepted.trial_ends_at = Some("2027-01-06".into());
        assert_eq!(accepted.event(), WebhookEvent::TrialStarted);
        let reply = OfferReply {
            kind: ReplyKind::Decline,
            summary_id: "PO-AAAA-AAAA".into(),
            name: "Iris".into(),
            email: "i@w.example".into(),
            message: String::new(),
        };
        assert_eq!(reply.event(), WebhookEvent::OfferDeclined);
        assert!(reply.to_json().get("kind").is_none(), "the kind is the event, not a field");
    }
}
