//! What an order costs: the terms and billing plans each subscription is sold with in a market
//! (from the price list in force), the one a line chooses, and the totals per billing
//! frequency. The wizard works these out in the browser as the advisor chooses; the server
//! works them out again from its own catalog, and what it stores is what the client is shown.
//!
//! Money is [`rust_decimal::Decimal`]: never floating point.

use crate::error::{FieldErrors, Problem};
use crate::i18n::{Key, Texts};
pub use crate::price_list::{BillingPlan, Term};
pub use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A term with the way it is billed, as an order line chooses it (`P1Y-monthly`: a one-year
/// commitment billed every month).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Plan {
    pub term: Term,
    pub billing_plan: BillingPlan,
}

impl Plan {
    /// The most common choice, which a line takes when it names none and the market sells it.
    pub const USUAL: Plan = Plan { term: Term::P1Y, billing_plan: BillingPlan::Monthly };

    /// The value in forms and the REST API: `P1Y-monthly`.
    pub fn code(self) -> String {
        format!("{}-{}", self.term.code(), self.billing_plan.code())
    }

    /// A plan from its code (any case); `None` for anything else, and for a billing plan that
    /// cannot bill the term.
    pub fn from_code(code: &str) -> Option<Plan> {
        let (term, billing_plan) = code.trim().split_once('-')?;
        let plan = Plan { term: Term::from_code(term)?, billing_plan: BillingPlan::from_code(billing_plan)? };
        plan.billing_plan.fits(plan.term).then_some(plan)
    }

    /// How the plan reads in a list of choices ("1 year, billed monthly").
    pub fn key(self) -> Key {
        match (self.term, self.billing_plan) {
            (Term::P1M, _) => Key::PlanP1MMonthly,
            (Term::P1Y, BillingPlan::Monthly) => Key::PlanP1YMonthly,
            (Term::P1Y, _) => Key::PlanP1YAnnual,
            (Term::P3Y, BillingPlan::Monthly) => Key::PlanP3YMonthly,
            (Term::P3Y, BillingPlan::Annual) => Key::PlanP3YAnnual,
            (Term::P3Y, BillingPlan::Triennial) => Key::PlanP3YTriennial,
        }
    }
}

impl BillingPlan {
    /// The total of everything billed this way ("Billed monthly").
    pub fn total_key(self) -> Key {
        match self {
            BillingPlan::Monthly => Key::TotalBilledMonthly,
            BillingPlan::Annual => Key::TotalBilledAnnually,
            BillingPlan::Triennial => Key::TotalBilledTriennially,
        }
    }

    /// What one amount covers ("a month").
    pub fn period_key(self) -> Key {
        match self {
            BillingPlan::Monthly => Key::PerMonth,
            BillingPlan::Annual => Key::PerYear,
            BillingPlan::Triennial => Key::PerThreeYears,
        }
    }
}

/// One way a subscription is sold in a market, with its price there: the price list's unit
/// price for one license and one billing period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offering {
    pub plan: Plan,
    /// ISO 4217, e.g. `EUR`.
    pub currency: String,
    pub unit_price: Decimal,
    /// The suggested retail (ERP) price.
    pub erp_price: Decimal,
    /// The price list the price comes from.
    pub price_list_id: i64,
}

impl Offering {
    /// The price a line that chose this offering stores and shows.
    pub fn line_price(&self) -> LinePrice {
        LinePrice {
            plan: self.plan,
            currency: self.currency.clone(),
            unit_price: self.unit_price,
            price_list_id: self.price_list_id,
            list_price: None,
        }
    }
}

/// The price of one line of an offer, fixed when the offer was made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinePrice {
    pub plan: Plan,
    pub currency: String,
    /// For one license and one billing period: what the client pays.
    pub unit_price: Decimal,
    pub price_list_id: i64,
    /// The price list's unit price, where the advisor gave a discount or set the price (the
    /// client sees `unit_price` only).
    #[serde(default)]
    pub list_price: Option<Decimal>,
}

impl LinePrice {
    /// A price as the store keeps it (text columns), when every part is there and reads back.
    pub fn from_stored(
        term: &str,
        billing_plan: &str,
        currency: String,
        unit_price: &str,
        price_list_id: i64,
        list_price: Option<&str>,
    ) -> Option<LinePrice> {
        let plan = Plan { term: Term::from_code(term)?, billing_plan: BillingPlan::from_code(billing_plan)? };
        let list_price = match list_price {
            Some(text) => Some(text.parse().ok()?),
            None => None,
        };
        Some(LinePrice { plan, currency, unit_price: unit_price.parse().ok()?, price_list_id, list_price })
    }

    /// The discount from the price list, in percent (rounded to a whole number), where the
    /// advisor lowered the price.
    pub fn discount_percent(&self) -> Option<Decimal> {
        let list = self.list_price.filter(|l| !l.is_zero() && *l > self.unit_price)?;
        Some(((list - self.unit_price) * Decimal::ONE_HUNDRED / list).round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
    }

    /// What `license_count` licenses cost each billing period.
    pub fn total(&self, license_count: i64) -> Decimal {
        self.unit_price * Decimal::from(license_count.max(0))
    }
}

/// The offering a line takes: the plan it names (which the market must sell), or, when it
/// names none, [`Plan::USUAL`] where sold and else the first the market sells. `Ok(None)` when
/// the subscription has no price in the market (no price list names it there).
pub fn choose_offering<'a>(offerings: &'a [Offering], typed: Option<&str>) -> Result<Option<&'a Offering>, Problem> {
    if offerings.is_empty() {
        return Ok(None);
    }
    match typed.map(str::trim).filter(|t| !t.is_empty()) {
        Some(code) => {
            let plan = Plan::from_code(code).ok_or(Problem::PlanNotOffered)?;
            offerings.iter().find(|o| o.plan == plan).map(Some).ok_or(Problem::PlanNotOffered)
        }
        None => Ok(offerings.iter().find(|o| o.plan == Plan::USUAL).or_else(|| offerings.first())),
    }
}

/// The largest discount limit an organisation's Global admin may set (percent).
pub const DISCOUNT_LIMIT_MAX: u32 = 100;
/// The highest price per license an advisor may set.
pub const PRICE_MAX: i64 = 1_000_000;
/// The longest discount or price an advisor may type.
pub const ADJUSTMENT_MAX_LEN: usize = 20;

/// How an advisor changes a line's price: a discount in percent (`10%`) or a price per license
/// (`5.00`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Adjustment {
    Discount(Decimal),
    FixedPrice(Decimal),
}

/// A discount or price as typed (`10%`, `12.5 %`, `5.00`, `5,00`); `Ok(None)` when empty. At
/// most two decimals; a discount above 0 and at most 100 percent; a price from 0 to
/// [`PRICE_MAX`].
pub fn parse_adjustment(typed: &str) -> Result<Option<Adjustment>, Problem> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    if typed.chars().count() > ADJUSTMENT_MAX_LEN {
        return Err(Problem::PriceAdjustment);
    }
    let number = |text: &str| -> Result<Decimal, Problem> {
        let text = text.trim();
        // One decimal mark, a point or a comma; digits only otherwise.
        if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') || text.matches(['.', ',']).count() > 1 {
            return Err(Problem::PriceAdjustment);
        }
        let value: Decimal = text.replace(',', ".").parse().map_err(|_| Problem::PriceAdjustment)?;
        if value.scale() > 2 {
            return Err(Problem::PriceAdjustment);
        }
        Ok(value)
    };
    match typed.strip_suffix('%') {
        Some(percent) => {
            let percent = number(percent)?;
            if percent.is_zero() || percent > Decimal::ONE_HUNDRED {
                return Err(Problem::PriceAdjustment);
            }
            Ok(Some(Adjustment::Discount(percent)))
        }
        None => {
            let price = number(typed)?;
            if price > Decimal::from(PRICE_MAX) {
                return Err(Problem::PriceAdjustment);
            }
            Ok(Some(Adjustment::FixedPrice(price)))
        }
    }
}

/// `price` (the price list's) changed as the advisor typed, within the discount the
/// organisation allows (`limit`, percent): a discount at most `limit`; a price set no lower
/// than the price list's less `limit` percent (rounded to the cent as a discount is).
pub fn adjust(price: &LinePrice, adjustment: Adjustment, limit: u32) -> Result<LinePrice, Problem> {
    let list = price.list_price.unwrap_or(price.unit_price);
    let discounted = |percent: Decimal| {
        (list * (Decimal::ONE_HUNDRED - percent) / Decimal::ONE_HUNDRED)
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    };
    let limit = Decimal::from(limit.min(DISCOUNT_LIMIT_MAX));
    let above_limit = Problem::DiscountAboveLimit { max: limit.try_into().unwrap_or(0) };
    let unit_price = match adjustment {
        Adjustment::Discount(percent) if percent > limit => return Err(above_limit),
        Adjustment::Discount(percent) => discounted(percent),
        Adjustment::FixedPrice(fixed) if fixed < discounted(limit) => return Err(above_limit),
        Adjustment::FixedPrice(fixed) => fixed,
    };
    if unit_price == list {
        return Ok(LinePrice { unit_price, list_price: None, ..price.clone() });
    }
    Ok(LinePrice { unit_price, list_price: Some(list), ..price.clone() })
}

/// The discount limit as the Global admin typed it: a whole number from 0 to 100.
pub fn parse_discount_limit(typed: &str) -> Result<u32, Problem> {
    let wrong = Problem::WholeNumber { min: 0, max: DISCOUNT_LIMIT_MAX };
    let typed = typed.trim();
    if typed.is_empty() || typed.len() > 3 || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return Err(wrong);
    }
    typed.parse::<u32>().ok().filter(|p| *p <= DISCOUNT_LIMIT_MAX).ok_or(wrong)
}

/// The field name of a line's discount or price in the wizard's form (`price.<subscription id>`).
pub fn adjustment_field(subscription_id: &str) -> String {
    format!("price.{subscription_id}")
}

/// The field name of a line's plan in the wizard's form (`plan.<subscription id>`).
pub fn plan_field(subscription_id: &str) -> String {
    format!("plan.{subscription_id}")
}

/// The prices of an order's checked lines (`lines`: subscription id and license count, as the
/// line rules returned them; `plans`: the plan codes chosen, by subscription id), each problem
/// added to `errors` under the line's plan field.
pub fn price_lines<C>(
    lines: &[(String, C)],
    choices: &PriceChoices,
    catalog: &[crate::catalog::CatalogSubscription],
    errors: &mut FieldErrors,
) -> Vec<Option<LinePrice>> {
    lines
        .iter()
        .map(|(id, _)| {
            let offerings = catalog.iter().find(|s| &s.id == id).map(|s| s.offerings.as_slice()).unwrap_or_default();
            let price = match choose_offering(offerings, choices.plan(id)) {
                Ok(offering) => offering.map(Offering::line_price),
                Err(problem) => {
                    errors.add(plan_field(id), problem);
                    None
                }
            };
            let typed = choices.adjustment(id);
            match (price, parse_adjustment(typed.unwrap_or(""))) {
                (Some(price), Ok(Some(adjustment))) => errors.check(&adjustment_field(id), adjust(&price, adjustment, choices.discount_limit)),
                (price, Ok(_)) => price,
                (price, Err(problem)) => {
                    errors.add(adjustment_field(id), problem);
                    price
                }
            }
        })
        .collect()
}

/// What an order's lines chose beyond their counts: each line's plan and discount or price
/// (by subscription id), and the largest discount the organisation allows.
#[derive(Clone, Copy, Debug, Default)]
pub struct PriceChoices<'a> {
    pub plans: &'a [(String, String)],
    pub adjustments: &'a [(String, String)],
    /// Percent (0: the price list's prices only).
    pub discount_limit: u32,
}

impl PriceChoices<'_> {
    fn plan(&self, id: &str) -> Option<&str> {
        self.plans.iter().find(|(p, _)| p == id).map(|(_, code)| code.as_str())
    }
    fn adjustment(&self, id: &str) -> Option<&str> {
        self.adjustments.iter().find(|(p, _)| p == id).map(|(_, typed)| typed.as_str())
    }
}

/// What everything billed one way adds up to, in one currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Total {
    pub billing_plan: BillingPlan,
    pub currency: String,
    pub amount: Decimal,
}

/// The totals of an order's priced lines (license count, price): one per billing frequency
/// and currency, monthly first. Lines without a price add nothing.
pub fn totals<'a>(lines: impl IntoIterator<Item = (i64, &'a LinePrice)>) -> Vec<Total> {
    let mut totals: Vec<Total> = Vec::new();
    for (count, price) in lines {
        let amount = price.total(count);
        match totals.iter_mut().find(|t| t.billing_plan == price.plan.billing_plan && t.currency == price.currency) {
            Some(total) => total.amount += amount,
            None => totals.push(Total { billing_plan: price.plan.billing_plan, currency: price.currency.clone(), amount }),
        }
    }
    totals.sort_by(|a, b| (a.billing_plan, &a.currency).cmp(&(b.billing_plan, &b.currency)));
    totals
}

/// A line's price as chosen so far: the plan's, changed by the discount or price typed where
/// that is allowed (the price list's otherwise). What the wizard shows while the advisor types.
pub fn price_as_typed(id: &str, choices: &PriceChoices, catalog: &[crate::catalog::CatalogSubscription]) -> Option<LinePrice> {
    let offerings = &catalog.iter().find(|s| s.id == id)?.offerings;
    let price = choose_offering(offerings, choices.plan(id)).ok()??.line_price();
    match parse_adjustment(choices.adjustment(id).unwrap_or("")) {
        Ok(Some(adjustment)) => Some(adjust(&price, adjustment, choices.discount_limit).unwrap_or(price)),
        _ => Some(price),
    }
}

/// A line's price in words: `10 × €5.64 = €56.40 a month`.
pub fn line_summary(license_count: i64, price: &LinePrice, texts: &dyn Texts) -> String {
    let locale = texts.locale();
    let money = |amount: Decimal| crate::format::money(amount, &price.currency, locale);
    texts.fill_in(
        Key::LinePriceSummary,
        &[
            ("count", &crate::format::number(license_count.max(0), locale)),
            ("unit", &money(price.unit_price)),
            ("total", &money(price.total(license_count))),
            ("period", texts.text(price.plan.billing_plan.period_key())),
        ],
    )
}

/// A priced line in words, as offer texts and accepted terms write it:
/// `Microsoft 365 Business Basic: 1 year, billed monthly, 10 × €5.64 = €56.40 a month`.
pub fn line_terms(name: &str, license_count: i64, price: &LinePrice, texts: &dyn Texts) -> String {
    format!("{name}: {}, {}", texts.text(price.plan.key()), line_summary(license_count, price, texts))
}

/// The totals in words, one line each, then the tax note (nothing without totals).
pub fn totals_in_words(totals: &[Total], texts: &dyn Texts) -> String {
    if totals.is_empty() {
        return String::new();
    }
    let mut text: String = totals.iter().map(|t| format!("{}\n", total_summary(t, texts))).collect();
    text.push_str(texts.text(Key::PricesExcludeTax));
    text.push('\n');
    text
}

/// A total in words: `Billed monthly: €56.40`.
pub fn total_summary(total: &Total, texts: &dyn Texts) -> String {
    texts.fill_in(
        Key::TotalSummary,
        &[("label", texts.text(total.billing_plan.total_key())), ("amount", &crate::format::money(total.amount, &total.currency, texts.locale()))],
    )
}

/// Every key [`line_summary`], [`total_summary`] and a plan's name may show: what a page that
/// carries only some texts must record.
pub fn every_key() -> Vec<Key> {
    let mut keys = vec![Key::LinePriceSummary, Key::TotalSummary, Key::PricesExcludeTax, Key::OfferTotals, Key::TermAndBilling];
    for term in [Term::P1M, Term::P1Y, Term::P3Y] {
        for billing_plan in [BillingPlan::Monthly, BillingPlan::Annual, BillingPlan::Triennial] {
            keys.extend([billing_plan.total_key(), billing_plan.period_key()]);
            if billing_plan.fits(term) {
                keys.push(Plan { term, billing_plan }.key());
            }
        }
    }
    keys.sort_by_key(|k| *k as usize);
    keys.dedup();
    keys
}

/// The totals an order has as typed so far (`lines`: subscription id and typed count): a
/// count that is not a whole number yet, or a line without a price, adds nothing. What the
/// wizard shows while the advisor chooses.
pub fn totals_as_typed(
    lines: &[(String, crate::validate::WholeNumber)],
    choices: &PriceChoices,
    catalog: &[crate::catalog::CatalogSubscription],
) -> Vec<Total> {
    let priced: Vec<(i64, LinePrice)> =
        lines.iter().filter_map(|(id, count)| Some((count.value()?.max(0), price_as_typed(id, choices, catalog)?))).collect();
    totals(priced.iter().map(|(count, price)| (*count, price)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::CatalogSubscription;
    use proptest::prelude::*;

    fn offering(code: &str, price: &str) -> Offering {
        Offering {
            plan: Plan::from_code(code).expect("a plan"),
            currency: "EUR".into(),
            unit_price: price.parse().expect("a price"),
            erp_price: price.parse().expect("a price"),
            price_list_id: 7,
        }
    }

    #[test]
    fn a_plan_is_read_back_from_its_code_and_only_when_its_billing_fits_the_term() {
        for term in [Term::P1M, Term::P1Y, Term::P3Y] {
            for billing_plan in [BillingPlan::Monthly, BillingPlan::Annual, BillingPlan::Triennial] {
                let plan = Plan { term, billing_plan };
                let read = Plan::from_code(&plan.code());
                assert_eq!(read.is_some(), billing_plan.fits(term), "{}", plan.code());
                if let Some(read) = read {
                    assert_eq!(read, plan);
                }
            }
        }
        assert_eq!(Plan::from_code(" p1y-ANNUAL "), Some(Plan { term: Term::P1Y, billing_plan: BillingPlan::Annual }));
        assert_eq!(Plan::from_code("P1M-annual"), None, "a month cannot be billed yearly");
        assert_eq!(Plan::from_code("P1Y"), None);
        assert_eq!(Plan::from_code("P2Y-monthly"), None);
    }

    #[test]
    fn a_line_takes_the_plan_it_names_or_the_usual_one_and_never_one_the_market_does_not_sell() {
        let sold = [offering("P1M-monthly", "8.00"), offering("P1Y-monthly", "6.00"), offering("P1Y-annual", "72.00")];
        assert_eq!(choose_offering(&sold, Some("P1Y-annual")).map(|o| o.map(|o| o.unit_price)), Ok(Some("72.00".parse().expect("a price"))));
        assert_eq!(choose_offering(&sold, None).map(|o| o.map(|o| o.plan)), Ok(Some(Plan::USUAL)));
        assert_eq!(choose_offering(&sold, Some("  ")).map(|o| o.map(|o| o.plan)), Ok(Some(Plan::USUAL)));
        assert_eq!(choose_offering(&sold, Some("P3Y-annual")), Err(Problem::PlanNotOffered), "not sold there");
        assert_eq!(choose_offering(&sold, Some("yearly")), Err(Problem::PlanNotOffered));
        let monthly_only = [offering("P1M-monthly", "8.00")];
        assert_eq!(choose_offering(&monthly_only, None).map(|o| o.map(|o| o.plan.code())), Ok(Some("P1M-monthly".to_string())));
        assert_eq!(choose_offering(&[], Some("P1Y-monthly")), Ok(None), "no price list names it: no price");
    }

    #[test]
    fn each_line_is_priced_from_the_catalog_and_a_wrong_plan_is_named_on_its_line() {
        let mut basic = CatalogSubscription::new("BASIC".into(), "Basic".into(), String::new(), 1, 300);
        basic.offerings = vec![offering("P1Y-monthly", "5.64"), offering("P1Y-annual", "67.68")];
        let unpriced = CatalogSubscription::new("OLD".into(), "Old".into(), String::new(), 1, 300);
        let catalog = [basic, unpriced];
        let lines = [("BASIC".to_string(), 10), ("OLD".to_string(), 2)];
        let mut errors = FieldErrors::default();
        let plans = [("BASIC".to_string(), "P1Y-annual".to_string())];
        let prices = price_lines(&lines, &PriceChoices { plans: &plans, ..Default::default() }, &catalog, &mut errors);
        assert!(errors.is_empty());
        assert_eq!(prices[0].as_ref().map(|p| p.total(10)), Some("676.80".parse().expect("a price")));
        assert_eq!(prices[1], None);
        let mut errors = FieldErrors::default();
        let plans = [("BASIC".to_string(), "P1M-monthly".to_string())];
        price_lines(&lines, &PriceChoices { plans: &plans, ..Default::default() }, &catalog, &mut errors);
        assert_eq!(errors.0, vec![crate::error::FieldError::new("plan.BASIC", Problem::PlanNotOffered)]);
    }

    #[test]
    fn totals_add_up_per_billing_frequency_and_currency_monthly_first() {
        let monthly = offering("P1Y-monthly", "5.64").line_price();
        let annual = offering("P1Y-annual", "67.68").line_price();
        let other = LinePrice { currency: "USD".into(), ..offering("P1M-monthly", "1.10").line_price() };
        let totals = totals([(2, &annual), (10, &monthly), (3, &monthly), (1, &other)]);
        let read: Vec<(BillingPlan, &str, String)> = totals.iter().map(|t| (t.billing_plan, t.currency.as_str(), t.amount.to_string())).collect();
        assert_eq!(
            read,
            vec![
                (BillingPlan::Monthly, "EUR", "73.32".to_string()),
                (BillingPlan::Monthly, "USD", "1.10".to_string()),
                (BillingPlan::Annual, "EUR", "135.36".to_string()),
            ]
        );
    }

    #[test]
    fn a_line_and_a_total_read_in_the_page_language() {
        use crate::i18n::Locale;
        let price = offering("P1Y-monthly", "5.64").line_price();
        assert_eq!(line_summary(10, &price, &Locale::En), "10 × €5.64 = €56.40 a month");
        assert_eq!(line_summary(1200, &price, &Locale::Fr), "1\u{202f}200 × 5,64\u{a0}€ = 6\u{202f}768,00\u{a0}€ par mois");
        let total = Total { billing_plan: BillingPlan::Annual, currency: "EUR".into(), amount: "135.36".parse().expect("a price") };
        assert_eq!(total_summary(&total, &Locale::Nl), "Jaarlijks gefactureerd: €\u{a0}135,36");
        assert_eq!(total_summary(&total, &Locale::Fr), "Facturé annuellement\u{a0}: 135,36\u{a0}€", "French puts a space before the colon");
    }

    #[test]
    fn totals_as_typed_skip_what_is_not_a_count_yet() {
        let mut basic = CatalogSubscription::new("BASIC".into(), "Basic".into(), String::new(), 1, 300);
        basic.offerings = vec![offering("P1Y-monthly", "5.00"), offering("P1Y-annual", "60.00")];
        let catalog = [basic, CatalogSubscription::new("OLD".into(), "Old".into(), String::new(), 1, 300)];
        let typed = [("BASIC".to_string(), "3".into()), ("OLD".to_string(), 2i64.into())];
        let totals = totals_as_typed(&typed, &PriceChoices::default(), &catalog);
        assert_eq!(totals.iter().map(|t| t.amount.to_string()).collect::<Vec<_>>(), ["15.00"]);
        let plans = [("BASIC".to_string(), "P1Y-annual".to_string())];
        let annual = totals_as_typed(&typed, &PriceChoices { plans: &plans, ..Default::default() }, &catalog);
        assert_eq!(annual[0].billing_plan, BillingPlan::Annual);
        assert!(totals_as_typed(&[("BASIC".into(), "3x".into())], &PriceChoices::default(), &catalog).is_empty());
    }

    #[test]
    fn a_discount_or_a_price_is_read_as_typed() {
        let d = |s: &str| s.parse::<Decimal>().expect("a decimal");
        assert_eq!(parse_adjustment(""), Ok(None));
        assert_eq!(parse_adjustment(" 10% "), Ok(Some(Adjustment::Discount(d("10")))));
        assert_eq!(parse_adjustment("12,5 %"), Ok(Some(Adjustment::Discount(d("12.5")))));
        assert_eq!(parse_adjustment("5,00"), Ok(Some(Adjustment::FixedPrice(d("5.00")))));
        assert_eq!(parse_adjustment("0"), Ok(Some(Adjustment::FixedPrice(d("0")))));
        for wrong in ["0%", "101%", "-5", "5.001", "1,000.00", "5 euro", "€5", "1e3", "%", "10%%", "12345678901234567890123"] {
            assert_eq!(parse_adjustment(wrong), Err(Problem::PriceAdjustment), "{wrong}");
        }
        assert_eq!(parse_adjustment("1000001"), Err(Problem::PriceAdjustment), "at most a million");
    }

    #[test]
    fn a_discount_stays_within_the_limit_the_global_admin_set() {
        let list = offering("P1Y-monthly", "5.64").line_price();
        let d = |s: &str| s.parse::<Decimal>().expect("a decimal");
        let ten = adjust(&list, Adjustment::Discount(d("10")), 15).expect("within 15%");
        assert_eq!((ten.unit_price, ten.list_price), (d("5.08"), Some(d("5.64"))), "5.076 rounds to 5.08");
        assert_eq!(ten.discount_percent(), Some(d("10")));
        assert_eq!(adjust(&list, Adjustment::Discount(d("20")), 15), Err(Problem::DiscountAboveLimit { max: 15 }));
        assert_eq!(adjust(&list, Adjustment::Discount(d("1")), 0), Err(Problem::DiscountAboveLimit { max: 0 }), "no limit set: list prices only");
        // A price set may be as low as the largest discount gives, rounded as a discount is.
        assert_eq!(adjust(&list, Adjustment::FixedPrice(d("4.79")), 15).map(|p| p.unit_price), Ok(d("4.79")));
        assert_eq!(adjust(&list, Adjustment::FixedPrice(d("4.78")), 15), Err(Problem::DiscountAboveLimit { max: 15 }));
        assert_eq!(
            adjust(&list, Adjustment::FixedPrice(d("6.00")), 0).map(|p| (p.unit_price, p.discount_percent())),
            Ok((d("6.00"), None)),
            "a price above the list's"
        );
        assert_eq!(adjust(&list, Adjustment::FixedPrice(d("5.64")), 0).map(|p| p.list_price), Ok(None), "the list's own price is no change");
    }

    #[test]
    fn a_line_with_a_wrong_or_too_large_discount_names_its_field() {
        let mut basic = CatalogSubscription::new("BASIC".into(), "Basic".into(), String::new(), 1, 300);
        basic.offerings = vec![offering("P1Y-monthly", "10.00")];
        let catalog = [basic];
        let lines = [("BASIC".to_string(), 2)];
        let adjustments = [("BASIC".to_string(), "25%".to_string())];
        let mut errors = FieldErrors::default();
        price_lines(&lines, &PriceChoices { adjustments: &adjustments, discount_limit: 20, ..Default::default() }, &catalog, &mut errors);
        assert_eq!(errors.0, vec![crate::error::FieldError::new("price.BASIC", Problem::DiscountAboveLimit { max: 20 })]);
        let mut errors = FieldErrors::default();
        let prices =
            price_lines(&lines, &PriceChoices { adjustments: &adjustments, discount_limit: 25, ..Default::default() }, &catalog, &mut errors);
        assert!(errors.is_empty());
        assert_eq!(prices[0].as_ref().map(|p| p.total(2).to_string()), Some("15.00".to_string()));
        let typed = [("BASIC".to_string(), "2".into())];
        let shown = totals_as_typed(&typed, &PriceChoices { adjustments: &adjustments, discount_limit: 25, ..Default::default() }, &catalog);
        assert_eq!(shown[0].amount.to_string(), "15.00", "the wizard's totals follow the discount");
    }

    proptest! {
        /// Whatever is typed and whatever the limit, an accepted price is never below the
        /// price list's less the limit (to the cent).
        #[test]
        fn no_accepted_price_is_below_the_limit(typed in "[0-9]{0,4}([.,][0-9]{0,3})?%?", cents in 1i64..100_000, limit in 0u32..=100) {
            let list = LinePrice { unit_price: Decimal::new(cents, 2), ..offering("P1Y-monthly", "1").line_price() };
            if let Ok(Some(adjustment)) = parse_adjustment(&typed) {
                if let Ok(price) = adjust(&list, adjustment, limit) {
                    let floor = list.unit_price * (Decimal::ONE_HUNDRED - Decimal::from(limit)) / Decimal::ONE_HUNDRED;
                    prop_assert!(price.unit_price >= floor.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero));
                    prop_assert!(price.unit_price >= Decimal::ZERO);
                }
            }
        }
    }

    proptest! {
        /// Decimal money adds exactly: the total of many lines is the sum of each line's total,
        /// to the cent, whatever the counts (floating point would drift).
        #[test]
        fn totals_are_exact(cents in proptest::collection::vec((1i64..100_000, 1i64..1_000), 1..40)) {
            let prices: Vec<(i64, LinePrice)> = cents
                .iter()
                .map(|(price, count)| (*count, LinePrice { unit_price: Decimal::new(*price, 2), ..offering("P1Y-monthly", "1").line_price() }))
                .collect();
            let expected: i64 = cents.iter().map(|(price, count)| price * count).sum();
            let totals = totals(prices.iter().map(|(count, price)| (*count, price)));
            prop_assert_eq!(totals.len(), 1);
            prop_assert_eq!(totals[0].amount, Decimal::new(expected, 2));
        }
    }
}
