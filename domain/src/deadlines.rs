//! Renewals and deadlines: what ends or closes soon, across every customer and offer of an
//! organisation — change windows closing (the last moment to remove licenses or cancel),
//! subscriptions renewing or ending, purchase offers expiring — on one page and in each user's
//! calendar feed.

use crate::i18n::{Key, Texts};
use serde::{Deserialize, Serialize};

/// How far ahead the page looks, in days (its choices).
pub const HORIZONS: [i64; 3] = [30, 60, 90];

/// The most deadlines one page or feed lists (the soonest).
pub const MAX_DEADLINES: i64 = 500;

/// The horizon asked for (`30`, `60` or `90`); anything else is 30 days.
pub fn horizon_days(typed: &str) -> i64 {
    let typed = typed.trim();
    HORIZONS.into_iter().find(|h| typed.len() <= 3 && typed.parse::<i64>().ok() == Some(*h)).unwrap_or(HORIZONS[0])
}

/// What happens at a deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// The last moment to remove licenses or cancel (168 hours after purchase or renewal).
    ChangeWindowCloses,
    /// The subscription renews (auto-renew on).
    Renews,
    /// The subscription ends without renewing.
    Ends,
    /// A purchase offer's link stops working.
    OfferExpires,
    /// A free trial ends (the client buys through a purchase offer to keep the service).
    TrialEnds,
    /// A delegated admin relationship ends (and will not extend itself): ask the customer for a
    /// new one before.
    DelegatedAdminEnds,
}

impl DeadlineKind {
    pub fn key(self) -> Key {
        match self {
            DeadlineKind::ChangeWindowCloses => Key::DeadlineWindowCloses,
            DeadlineKind::Renews => Key::DeadlineRenews,
            DeadlineKind::Ends => Key::DeadlineEnds,
            DeadlineKind::OfferExpires => Key::DeadlineOfferExpires,
            DeadlineKind::TrialEnds => Key::DeadlineTrialEnds,
            DeadlineKind::DelegatedAdminEnds => Key::DeadlineGdapEnds,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            DeadlineKind::ChangeWindowCloses => "change_window_closes",
            DeadlineKind::Renews => "renews",
            DeadlineKind::Ends => "ends",
            DeadlineKind::OfferExpires => "offer_expires",
            DeadlineKind::TrialEnds => "trial_ends",
            DeadlineKind::DelegatedAdminEnds => "delegated_admin_ends",
        }
    }
}

/// One deadline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    /// When (seconds since 1970, UTC).
    pub at: i64,
    /// The customer's company name (a subscription), or the offer's summary ID.
    pub customer: String,
    /// The subscription's name and license count, or the offer's usage location.
    pub item: String,
    /// The customer's indirect reseller, if any.
    pub reseller: Option<String>,
    /// The page to act on it (a path on this site).
    pub path: String,
    /// What identifies it in a calendar (stays the same while the deadline does).
    pub uid: String,
}

impl Deadline {
    /// "Change window closes: Contoso Ltd — Microsoft 365 Business Premium × 15".
    pub fn title(&self, texts: &dyn Texts) -> String {
        texts.fill_in(Key::DeadlineTitle, &[("what", texts.text(self.kind.key())), ("customer", &self.customer), ("item", &self.item)])
    }
}

/// Sorts deadlines soonest first and keeps [`MAX_DEADLINES`].
pub fn soonest_first(mut deadlines: Vec<Deadline>) -> Vec<Deadline> {
    deadlines.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.uid.cmp(&b.uid)));
    deadlines.truncate(usize::try_from(MAX_DEADLINES).unwrap_or(usize::MAX));
    deadlines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_horizon_is_one_of_three() {
        assert_eq!(horizon_days("60"), 60);
        assert_eq!(horizon_days(" 90 "), 90);
        for typed in ["", "45", "-30", "9999999999999999999999", "ninety"] {
            assert_eq!(horizon_days(typed), 30, "{typed}");
        }
    }

    #[test]
    fn deadlines_come_soonest_first() {
        let at = |at: i64, uid: &str| Deadline {
            kind: DeadlineKind::Renews,
            at,
            customer: String::new(),
            item: String::new(),
            reseller: None,
            path: String::new(),
            uid: uid.into(),
        };
        let sorted = soonest_first(vec![at(30, "a"), at(10, "b"), at(20, "c")]);
        assert_eq!(sorted.iter().map(|d| d.at).collect::<Vec<_>>(), vec![10, 20, 30]);
        let title = at(1, "x").title(&crate::i18n::Locale::En);
        assert!(title.starts_with("Renews"), "{title}");
    }
}
