//! A subscription over time, by the new-commerce rules: its term runs from its purchase (or
//! last renewal) to its end date; licenses added take effect at once and are charged for the
//! rest of the billing period; licenses removed, or the whole subscription cancelled, only in
//! the 7 days (168 hours) after purchase or renewal, with the rest of the period refunded;
//! after that, changes wait for the renewal (scheduled). At its end date a subscription
//! renews (auto-renew on) or expires.
//!
//! Every rule takes the time as an argument (seconds since 1970, UTC): the server passes its
//! clock, the tests a chosen instant, and the page in the browser the same instant the server
//! rendered with, so both show the same amounts.

use crate::error::Problem;
use crate::i18n::{Key, Texts};
use crate::pricing::{BillingPlan, Decimal, LinePrice, Plan, Term};
use serde::{Deserialize, Serialize};

/// The change window: licenses can be removed (or the subscription cancelled) for this long
/// after purchase or renewal.
pub const CHANGE_WINDOW_SECONDS: i64 = 168 * 3600;
/// How long before a change window closes its reminder goes (webhook and email): a day.
pub const WINDOW_REMINDER_SECONDS: i64 = 24 * 3600;
/// How long before a trial ends its reminder goes: three days.
pub const TRIAL_REMINDER_SECONDS: i64 = 3 * 86_400;
/// How long before a subscription renews on its own its reminder goes (to the provider's Global
/// admins): 30 days, time to schedule changes or turn auto-renew off.
pub const RENEWAL_REMINDER_SECONDS: i64 = 30 * 86_400;
/// How long before an open offer expires its reminder goes (to its advisor): three days.
pub const OFFER_EXPIRY_REMINDER_SECONDS: i64 = 3 * 86_400;

const DAY: i64 = 86_400;

/// Where a subscription is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    Active,
    /// Paused by the provider (for instance, unpaid): it does not renew while suspended.
    Suspended,
    /// Cancelled within its change window.
    Cancelled,
    /// Ended on its end date without renewing.
    Expired,
}

impl SubscriptionStatus {
    pub const ALL: [SubscriptionStatus; 4] =
        [SubscriptionStatus::Active, SubscriptionStatus::Suspended, SubscriptionStatus::Cancelled, SubscriptionStatus::Expired];

    /// As stored and in the REST API.
    pub fn code(self) -> &'static str {
        match self {
            SubscriptionStatus::Active => "active",
            SubscriptionStatus::Suspended => "suspended",
            SubscriptionStatus::Cancelled => "cancelled",
            SubscriptionStatus::Expired => "expired",
        }
    }

    /// A stored status; anything unknown reads as active (the column's default).
    pub fn from_code(code: &str) -> SubscriptionStatus {
        SubscriptionStatus::ALL.into_iter().find(|s| s.code() == code).unwrap_or(SubscriptionStatus::Active)
    }

    pub fn key(self) -> Key {
        match self {
            SubscriptionStatus::Active => Key::SubscriptionActive,
            SubscriptionStatus::Suspended => Key::SubscriptionSuspended,
            SubscriptionStatus::Cancelled => Key::SubscriptionCancelled,
            SubscriptionStatus::Expired => Key::SubscriptionExpired,
        }
    }

    /// Whether it still runs (and can renew).
    pub fn is_live(self) -> bool {
        matches!(self, SubscriptionStatus::Active | SubscriptionStatus::Suspended)
    }
}

impl Term {
    /// Its length in months.
    pub fn months(self) -> u32 {
        match self {
            Term::P1M => 1,
            Term::P1Y => 12,
            Term::P3Y => 36,
        }
    }
}

impl BillingPlan {
    /// The months one bill covers.
    pub fn months(self) -> u32 {
        match self {
            BillingPlan::Monthly => 1,
            BillingPlan::Annual => 12,
            BillingPlan::Triennial => 36,
        }
    }
}

/// `seconds` plus `months` calendar months, at the same time of day; a day the month does not
/// have becomes its last day (31 January + 1 month = 28 or 29 February), as PostgreSQL's
/// interval arithmetic does.
pub fn add_months(seconds: i64, months: u32) -> i64 {
    let Ok(at) = time::OffsetDateTime::from_unix_timestamp(seconds) else {
        return seconds;
    };
    let index = i64::from(at.year()) * 12 + i64::from(u8::from(at.month())) - 1 + i64::from(months);
    let (Ok(year), Ok(month)) = (i32::try_from(index.div_euclid(12)), u8::try_from(index.rem_euclid(12) + 1)) else {
        return seconds;
    };
    let Ok(month) = time::Month::try_from(month) else {
        return seconds;
    };
    let day = at.day().min(month.length(year));
    match time::Date::from_calendar_date(year, month, day) {
        Ok(date) => at.replace_date(date).unix_timestamp(),
        Err(_) => seconds,
    }
}

/// A subscription's dates, status and renewal setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lifecycle {
    pub status: SubscriptionStatus,
    pub plan: Plan,
    /// When the current term started: the purchase, or the last renewal.
    pub term_started_at: i64,
    /// When the current term ends (and the subscription renews or expires).
    pub ends_at: i64,
    pub auto_renew: bool,
}

impl Default for Lifecycle {
    /// Only as the placeholder of a row read from the database before its dates are read.
    fn default() -> Lifecycle {
        Lifecycle::starting(Plan::USUAL, 0)
    }
}

impl Lifecycle {
    /// A subscription bought at `at` with `plan`: active, renewing automatically.
    pub fn starting(plan: Plan, at: i64) -> Lifecycle {
        Lifecycle { status: SubscriptionStatus::Active, plan, term_started_at: at, ends_at: add_months(at, plan.term.months()), auto_renew: true }
    }

    /// A free trial started at `at` for `days` days: it ends on its date and does not renew
    /// (the client buys through a purchase offer).
    pub fn trial(days: u32, at: i64) -> Lifecycle {
        Lifecycle {
            status: SubscriptionStatus::Active,
            plan: Plan { term: Term::P1M, billing_plan: BillingPlan::Monthly },
            term_started_at: at,
            ends_at: at.saturating_add(i64::from(days) * 86_400),
            auto_renew: false,
        }
    }

    /// When the change window of the current term closes.
    pub fn window_closes_at(&self) -> i64 {
        self.term_started_at.saturating_add(CHANGE_WINDOW_SECONDS)
    }

    /// Whether licenses can be removed (or the subscription cancelled) at `now`.
    pub fn in_change_window(&self, now: i64) -> bool {
        self.status == SubscriptionStatus::Active && now >= self.term_started_at && now < self.window_closes_at()
    }

    /// When the next change window opens: at the renewal, if the subscription renews.
    pub fn next_window_opens_at(&self) -> Option<i64> {
        (self.status.is_live() && self.auto_renew).then_some(self.ends_at)
    }

    /// The billing period `now` falls in: from its start to its end (the next bill), within
    /// the current term.
    pub fn billing_period(&self, now: i64) -> (i64, i64) {
        let step = self.plan.billing_plan.months();
        let mut start = self.term_started_at;
        // At most 36 steps (a three-year term billed monthly).
        for _ in 0..self.plan.term.months() {
            let next = add_months(start, step);
            if next > now || next >= self.ends_at {
                return (start, next.min(self.ends_at));
            }
            start = next;
        }
        (start, self.ends_at)
    }

    /// The share of the billing period left at `now`, in whole days.
    pub fn proration(&self, now: i64) -> Proration {
        let (start, end) = self.billing_period(now);
        let period_days = (end.div_euclid(DAY) - start.div_euclid(DAY)).max(1);
        let days_left = (end.div_euclid(DAY) - now.div_euclid(DAY)).clamp(0, period_days);
        Proration { days_left, period_days }
    }

    /// The problem with removing licenses or cancelling at `now`, if any: the window closed
    /// (and when the next one opens), or the subscription no longer runs.
    pub fn check_reduction(&self, now: i64) -> Result<(), Problem> {
        if self.status != SubscriptionStatus::Active {
            return Err(Problem::SubscriptionNotActive);
        }
        if !self.in_change_window(now) {
            return Err(Problem::ChangeWindowClosed { closed_at: self.window_closes_at(), next_opens_at: self.next_window_opens_at() });
        }
        Ok(())
    }

    /// The problem with changing the subscription at all at `now` (adding licenses, setting
    /// what happens at renewal): only a subscription that runs and has not reached its end.
    pub fn check_live(&self, now: i64) -> Result<(), Problem> {
        if self.status != SubscriptionStatus::Active || now >= self.ends_at {
            return Err(Problem::SubscriptionNotActive);
        }
        Ok(())
    }

    /// The same subscription in its next term, with `plan`.
    pub fn renewed(&self, plan: Plan) -> Lifecycle {
        Lifecycle {
            status: SubscriptionStatus::Active,
            plan,
            term_started_at: self.ends_at,
            ends_at: add_months(self.ends_at, plan.term.months()),
            auto_renew: self.auto_renew,
        }
    }
}

/// How much of a billing period is left, in whole days (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proration {
    pub days_left: i64,
    pub period_days: i64,
}

impl Proration {
    /// The part of `amount` (one period's price) for the days left, rounded to the currency's
    /// minor unit. Never negative for an amount that is not, never more than the amount.
    pub fn of(&self, amount: Decimal, currency: &str) -> Decimal {
        let share = amount * Decimal::from(self.days_left) / Decimal::from(self.period_days.max(1));
        share.round_dp_with_strategy(crate::format::minor_units(currency), rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    }
}

/// What a change of license count means now, with its money.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LicenseChange {
    Unchanged,
    /// Licenses added now: charged for the days left of the billing period (when priced).
    Increase {
        added: i64,
        charge: Option<Decimal>,
        proration: Proration,
    },
    /// Licenses removed within the change window: refunded for the days left.
    Decrease {
        removed: i64,
        refund: Option<Decimal>,
        proration: Proration,
    },
}

impl LicenseChange {
    /// What the change does, in words, as the page shows it before Submit ("Adding 3 licenses
    /// takes effect at once: €15.00 for the 14 days left…"); none when nothing changes.
    pub fn describe(&self, currency: Option<&str>, texts: &dyn Texts) -> Option<String> {
        let locale = texts.locale();
        let money = |amount: &Decimal| crate::format::money(*amount, currency.unwrap_or_default(), locale);
        let number = |n: i64| crate::format::number(n, locale);
        Some(match self {
            LicenseChange::Unchanged => return None,
            LicenseChange::Increase { added, charge: Some(charge), proration } if currency.is_some() => texts.fill_in(
                Key::LicensesAddedCharge,
                &[
                    ("count", &number(*added)),
                    ("amount", &money(charge)),
                    ("days", &number(proration.days_left)),
                    ("period", &number(proration.period_days)),
                ],
            ),
            LicenseChange::Increase { added, .. } => texts.fill_in(Key::LicensesAdded, &[("count", &number(*added))]),
            LicenseChange::Decrease { removed, refund: Some(refund), proration } if currency.is_some() => texts.fill_in(
                Key::LicensesRemovedRefund,
                &[
                    ("count", &number(*removed)),
                    ("amount", &money(refund)),
                    ("days", &number(proration.days_left)),
                    ("period", &number(proration.period_days)),
                ],
            ),
            LicenseChange::Decrease { removed, .. } => texts.fill_in(Key::LicensesRemoved, &[("count", &number(*removed))]),
        })
    }
}

/// Where the subscription stands with its renewal, in words: "Renews on 31 Jan 2027", "Ends on
/// … without renewing", "Ended on …", or its status (cancelled).
pub fn renewal_summary(lifecycle: &Lifecycle, texts: &dyn Texts) -> String {
    let date = crate::format::date(lifecycle.ends_at, texts.locale());
    match lifecycle.status {
        SubscriptionStatus::Active if lifecycle.auto_renew => texts.fill_in(Key::RenewsOn, &[("date", &date)]),
        SubscriptionStatus::Active | SubscriptionStatus::Suspended => texts.fill_in(Key::EndsOn, &[("date", &date)]),
        SubscriptionStatus::Expired => texts.fill_in(Key::EndedOn, &[("date", &date)]),
        SubscriptionStatus::Cancelled => texts.text(Key::SubscriptionCancelled).to_string(),
    }
}

/// What the page says about the change window at `now`: open until when, or closed and when
/// the next opens. None for a subscription that no longer runs.
pub fn window_note(lifecycle: &Lifecycle, now: i64, texts: &dyn Texts) -> Option<String> {
    if lifecycle.status != SubscriptionStatus::Active {
        return None;
    }
    let closes = crate::format::date_time(lifecycle.window_closes_at(), texts.locale());
    Some(if lifecycle.in_change_window(now) {
        texts.fill_in(Key::WindowOpenUntil, &[("date", &closes)])
    } else {
        match lifecycle.next_window_opens_at() {
            Some(next) => texts.fill_in(Key::WindowClosedNote, &[("closed", &closes), ("next", &crate::format::date(next, texts.locale()))]),
            None => texts.fill_in(Key::WindowClosedNoRenewalNote, &[("closed", &closes)]),
        }
    })
}

/// What cancelling at `now` means, in words (the refund, when priced).
pub fn cancellation_note(lifecycle: &Lifecycle, price: Option<&LinePrice>, license_count: i64, now: i64, texts: &dyn Texts) -> String {
    match (cancellation(lifecycle, price, license_count, now), price) {
        (Ok(Some(refund)), Some(p)) => texts.fill_in(
            Key::CancelRefund,
            &[
                ("amount", &crate::format::money(refund, &p.currency, texts.locale())),
                ("days", &crate::format::number(lifecycle.proration(now).days_left, texts.locale())),
            ],
        ),
        _ => texts.text(Key::CancelNoPrice).to_string(),
    }
}

/// Checks a change of license count from `from` to `to` at `now` against the window rules
/// (the range of counts is the catalog's, checked before) and works out its money.
pub fn license_change(lifecycle: &Lifecycle, price: Option<&LinePrice>, from: i64, to: i64, now: i64) -> Result<LicenseChange, Problem> {
    if to == from {
        return Ok(LicenseChange::Unchanged);
    }
    lifecycle.check_live(now)?;
    let proration = lifecycle.proration(now);
    let money = |count: i64| price.map(|p| proration.of(p.total(count), &p.currency));
    if to > from {
        return Ok(LicenseChange::Increase { added: to - from, charge: money(to - from), proration });
    }
    lifecycle.check_reduction(now)?;
    Ok(LicenseChange::Decrease { removed: from - to, refund: money(from - to), proration })
}

/// What cancelling at `now` refunds: the days left of the billing period for every license
/// (when priced). Refused outside the change window.
pub fn cancellation(lifecycle: &Lifecycle, price: Option<&LinePrice>, license_count: i64, now: i64) -> Result<Option<Decimal>, Problem> {
    lifecycle.check_reduction(now)?;
    let proration = lifecycle.proration(now);
    Ok(price.map(|p| proration.of(p.total(license_count), &p.currency)))
}

/// What happens at the next renewal, as set on the subscription's page: the license count and
/// plan to renew with (none: the same as now), and whether it renews at all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalSettings {
    pub license_count: Option<i64>,
    pub plan: Option<Plan>,
    pub auto_renew: bool,
}

/// The renewal settings as typed (or sent): a license count (blank: unchanged), a plan code
/// (empty: unchanged) and the auto-renew box.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalForm {
    pub license_count: crate::validate::WholeNumber,
    pub plan: String,
    pub auto_renew: bool,
}

impl RenewalForm {
    /// Refuses fields far longer than any valid value (before anything is read to check them).
    pub fn check_lengths(&self) -> Result<(), crate::error::AppError> {
        let mut errors = crate::error::FieldErrors::default();
        if self.license_count.as_typed().len() > crate::validate::WholeNumber::MAX_TYPED {
            errors.add("renewal_license_count", Problem::TooLong { max: 20 });
        }
        if self.plan.len() > 40 {
            errors.add("renewal_plan", Problem::TooLong { max: 40 });
        }
        errors.into_result(|| ())
    }

    /// Checks the form against the subscription's license range and the plans its market
    /// sells (`plans`; empty when the price list does not price it there, and then only the
    /// current plan can be kept). Problems per field (`renewal_license_count`, `renewal_plan`).
    pub fn check(&self, min: i64, max: i64, current: Plan, plans: &[Plan]) -> Result<RenewalSettings, crate::error::AppError> {
        let mut errors = crate::error::FieldErrors::default();
        let license_count = if self.license_count.is_blank() {
            None
        } else {
            match self.license_count.value() {
                Some(n) if (min..=max).contains(&n) => Some(n),
                Some(_) => {
                    errors.add("renewal_license_count", Problem::LicenseRange { min: to_u32(min), max: to_u32(max) });
                    None
                }
                None => {
                    errors.add("renewal_license_count", Problem::Numeric);
                    None
                }
            }
        };
        let typed = self.plan.trim();
        let plan = if typed.is_empty() {
            None
        } else {
            // A code is a dozen characters: anything much longer is not one (checked first).
            match Plan::from_code(if typed.len() > 20 { "" } else { typed }) {
                Some(plan) if plan == current => None,
                Some(plan) if plans.contains(&plan) => Some(plan),
                _ => {
                    errors.add("renewal_plan", Problem::PlanNotOffered);
                    None
                }
            }
        };
        errors.into_result(|| RenewalSettings { license_count, plan, auto_renew: self.auto_renew })
    }
}

fn to_u32(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// 2026-01-31 09:30 UTC.
    const JAN_31: i64 = 1_769_851_800;

    fn price(unit: &str) -> LinePrice {
        LinePrice { plan: Plan::USUAL, currency: "EUR".into(), unit_price: unit.parse().unwrap(), price_list_id: 1, list_price: None }
    }

    #[test]
    fn months_are_added_by_the_calendar() {
        let feb = add_months(JAN_31, 1);
        assert_eq!(crate::format::iso_date(feb), "2026-02-28");
        assert_eq!(feb % DAY, JAN_31 % DAY, "same time of day");
        assert_eq!(crate::format::iso_date(add_months(JAN_31, 12)), "2027-01-31");
        assert_eq!(crate::format::iso_date(add_months(JAN_31, 37)), "2029-02-28");
        // 2028 is a leap year.
        assert_eq!(crate::format::iso_date(add_months(JAN_31, 25)), "2028-02-29");
    }

    #[test]
    fn a_year_term_ends_a_year_later() {
        let life = Lifecycle::starting(Plan::USUAL, JAN_31);
        assert_eq!(crate::format::iso_date(life.ends_at), "2027-01-31");
        assert!(life.auto_renew);
        assert_eq!(life.status, SubscriptionStatus::Active);
    }

    #[test]
    fn the_window_is_168_hours_to_the_second() {
        let life = Lifecycle::starting(Plan::USUAL, JAN_31);
        let last = JAN_31 + CHANGE_WINDOW_SECONDS - 1;
        assert!(life.in_change_window(JAN_31));
        assert!(life.in_change_window(last));
        assert!(!life.in_change_window(last + 1));
        assert_eq!(
            license_change(&life, None, 10, 9, last),
            Ok(LicenseChange::Decrease { removed: 1, refund: None, proration: life.proration(last) })
        );
        assert_eq!(
            license_change(&life, None, 10, 9, last + 1),
            Err(Problem::ChangeWindowClosed { closed_at: last + 1, next_opens_at: Some(life.ends_at) })
        );
        assert!(cancellation(&life, None, 10, last).is_ok());
        assert!(cancellation(&life, None, 10, last + 1).is_err());
        // Increases are allowed all term long, not after its end.
        assert!(license_change(&life, None, 10, 11, life.ends_at - 1).is_ok());
        assert_eq!(license_change(&life, None, 10, 11, life.ends_at), Err(Problem::SubscriptionNotActive));
    }

    #[test]
    fn without_auto_renew_no_window_opens_again() {
        let life = Lifecycle { auto_renew: false, ..Lifecycle::starting(Plan::USUAL, JAN_31) };
        assert_eq!(life.next_window_opens_at(), None);
        let renewed = Lifecycle::starting(Plan::USUAL, JAN_31).renewed(Plan::USUAL);
        assert_eq!(renewed.term_started_at, Lifecycle::starting(Plan::USUAL, JAN_31).ends_at);
        assert!(renewed.in_change_window(renewed.term_started_at + 3600));
    }

    #[test]
    fn a_cancelled_subscription_changes_no_more() {
        let life = Lifecycle { status: SubscriptionStatus::Cancelled, ..Lifecycle::starting(Plan::USUAL, JAN_31) };
        assert_eq!(license_change(&life, None, 10, 11, JAN_31 + 10), Err(Problem::SubscriptionNotActive));
        assert_eq!(cancellation(&life, None, 10, JAN_31 + 10), Err(Problem::SubscriptionNotActive));
    }

    #[test]
    fn monthly_billing_periods_follow_the_calendar() {
        let life = Lifecycle::starting(Plan::USUAL, JAN_31);
        let (start, end) = life.billing_period(JAN_31 + 40 * DAY);
        assert_eq!(crate::format::iso_date(start), "2026-02-28");
        assert_eq!(crate::format::iso_date(end), "2026-03-28");
        let annual = Lifecycle::starting(Plan { term: Term::P1Y, billing_plan: BillingPlan::Annual }, JAN_31);
        assert_eq!(annual.billing_period(JAN_31 + 200 * DAY), (JAN_31, annual.ends_at));
    }

    #[test]
    fn an_increase_mid_month_is_charged_for_the_days_left() {
        // Bought 31 Jan; on 14 Feb, 14 of the period's 28 days are left.
        let life = Lifecycle::starting(Plan::USUAL, JAN_31);
        let change = license_change(&life, Some(&price("10.00")), 5, 8, JAN_31 + 14 * DAY).unwrap();
        assert_eq!(
            change,
            LicenseChange::Increase { added: 3, charge: Some("15.00".parse().unwrap()), proration: Proration { days_left: 14, period_days: 28 } }
        );
    }

    #[test]
    fn cancelling_on_the_day_of_purchase_refunds_everything() {
        let life = Lifecycle::starting(Plan::USUAL, JAN_31);
        assert_eq!(cancellation(&life, Some(&price("6.00")), 4, JAN_31 + 60), Ok(Some("24.00".parse().unwrap())));
    }

    #[test]
    fn renewal_settings_are_checked() {
        let plans = [Plan::USUAL, Plan { term: Term::P1M, billing_plan: BillingPlan::Monthly }];
        let form = |count: &str, plan: &str| RenewalForm { license_count: count.into(), plan: plan.into(), auto_renew: true };
        assert_eq!(form("", "").check(1, 300, Plan::USUAL, &plans), Ok(RenewalSettings { license_count: None, plan: None, auto_renew: true }));
        assert_eq!(form("20", "P1M-monthly").check(1, 300, Plan::USUAL, &plans).map(|s| (s.license_count, s.plan)), Ok((Some(20), Some(plans[1]))));
        assert!(form("0", "").check(1, 300, Plan::USUAL, &plans).is_err());
        assert!(form("", "P3Y-triennial").check(1, 300, Plan::USUAL, &plans).is_err());
        assert!(form("x".repeat(200).as_str(), &"y".repeat(200)).check(1, 300, Plan::USUAL, &plans).is_err());
        // Keeping the current plan is always possible, priced in the market or not.
        assert_eq!(form("", "P1Y-monthly").check(1, 300, Plan::USUAL, &[]).map(|s| s.plan), Ok(None));
    }

    fn any_plan() -> impl Strategy<Value = Plan> {
        prop_oneof![
            Just(Plan { term: Term::P1M, billing_plan: BillingPlan::Monthly }),
            Just(Plan::USUAL),
            Just(Plan { term: Term::P1Y, billing_plan: BillingPlan::Annual }),
            Just(Plan { term: Term::P3Y, billing_plan: BillingPlan::Monthly }),
            Just(Plan { term: Term::P3Y, billing_plan: BillingPlan::Annual }),
            Just(Plan { term: Term::P3Y, billing_plan: BillingPlan::Triennial }),
        ]
    }

    proptest! {
        /// Prorated amounts are never negative, never more than the period's price, and what is
        /// refunded plus what is kept is what was paid.
        #[test]
        fn prorations_never_go_negative_and_sum_up(
            plan in any_plan(),
            bought in 1_600_000_000i64..2_000_000_000,
            after in 0i64..(40 * 31 * DAY),
            cents in 0i64..1_000_000,
            count in 1i64..5_000,
        ) {
            let life = Lifecycle::starting(plan, bought);
            let now = bought + after;
            let proration = life.proration(now);
            prop_assert!(proration.days_left >= 0 && proration.days_left <= proration.period_days);
            let paid = Decimal::new(cents, 2) * Decimal::from(count);
            let refund = proration.of(paid, "EUR");
            let kept = paid - refund;
            prop_assert!(refund >= Decimal::ZERO && kept >= Decimal::ZERO);
            prop_assert_eq!(refund + kept, paid);
            let (start, end) = life.billing_period(now);
            prop_assert!(start <= end && end <= life.ends_at && start >= life.term_started_at);
            if now < life.ends_at {
                prop_assert!(start <= now && now < end, "{} in [{}, {})", now, start, end);
            }
        }

        /// A renewal starts where the term ended, and ends one term later.
        #[test]
        fn renewals_follow_on(plan in any_plan(), next in any_plan(), bought in 1_600_000_000i64..2_000_000_000) {
            let life = Lifecycle::starting(plan, bought);
            let renewed = life.renewed(next);
            prop_assert_eq!(renewed.term_started_at, life.ends_at);
            prop_assert!(renewed.ends_at > renewed.term_started_at);
            prop_assert_eq!(renewed.ends_at, add_months(life.ends_at, next.term.months()));
        }
    }
}
