//! The catalog's price list, as the operator imports it: a CSV file in the shape of the partner
//! program's new-commerce license-based price list, one row per product, SKU, term, billing
//! plan and market. Reading a file gives the rows it holds and the rows it cannot hold (each
//! with its line number and reason); comparing them with the price list in force gives the
//! preview (added, changed, removed) the operator sees before applying it.
//!
//! Money is [`rust_decimal::Decimal`]: never floating point.

use crate::catalog::Translations;
use crate::i18n::{Key, Locale};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The most rows one file may hold.
pub const MAX_ROWS: usize = 200_000;
/// The largest file the operator may upload or import (bytes).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// The longest text a cell may hold (a title, a description).
pub const MAX_TEXT: usize = 500;

/// A subscription's term (commitment length), as the price list writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Term {
    /// One month (`P1M`).
    P1M,
    /// One year (`P1Y`).
    P1Y,
    /// Three years (`P3Y`).
    P3Y,
}

impl Term {
    pub fn code(self) -> &'static str {
        match self {
            Term::P1M => "P1M",
            Term::P1Y => "P1Y",
            Term::P3Y => "P3Y",
        }
    }

    pub fn from_code(code: &str) -> Option<Term> {
        [Term::P1M, Term::P1Y, Term::P3Y].into_iter().find(|t| t.code().eq_ignore_ascii_case(code.trim()))
    }
}

/// How often a subscription is billed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum BillingPlan {
    Monthly,
    Annual,
    Triennial,
}

impl BillingPlan {
    pub fn code(self) -> &'static str {
        match self {
            BillingPlan::Monthly => "monthly",
            BillingPlan::Annual => "annual",
            BillingPlan::Triennial => "triennial",
        }
    }

    pub fn from_code(code: &str) -> Option<BillingPlan> {
        [BillingPlan::Monthly, BillingPlan::Annual, BillingPlan::Triennial].into_iter().find(|b| b.code().eq_ignore_ascii_case(code.trim()))
    }

    /// Whether a term can be billed this way: monthly billing for any term; annual billing
    /// for terms of a year or more; triennial billing for three-year terms only.
    pub fn fits(self, term: Term) -> bool {
        match self {
            BillingPlan::Monthly => true,
            BillingPlan::Annual => term != Term::P1M,
            BillingPlan::Triennial => term == Term::P3Y,
        }
    }
}

/// What identifies a price in a price list: one product SKU, term, billing plan and market.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PriceKey {
    pub product_id: String,
    pub sku_id: String,
    pub term: Term,
    pub billing_plan: BillingPlan,
    /// The country or region (ISO 3166 alpha-2), e.g. `NL`.
    pub market: String,
}

/// A price as a price list holds it (the parts a change of price list compares).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Price {
    pub key: PriceKey,
    /// ISO 4217, e.g. `EUR`.
    pub currency: String,
    pub unit_price: Decimal,
    /// The suggested retail (ERP) price.
    pub erp_price: Decimal,
    /// The first and last days the price is valid (`YYYY-MM-DD`).
    pub effective_start: String,
    pub effective_end: String,
}

/// One row of an imported file: a price and what it tells about the product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceRow {
    /// The file's line number (the header is line 1).
    pub line: usize,
    pub price: Price,
    pub product_title: String,
    pub sku_title: String,
    /// The SKU's description in English.
    pub description: String,
    /// The description in the other languages, from the optional `SkuDescription_<lang>` columns.
    pub translations: Translations,
    pub min_licenses: i64,
    pub max_licenses: i64,
    /// A trial SKU's row (tagged [`TRIAL_TAG`]).
    #[serde(default)]
    pub trial: bool,
}

/// Why a row was not taken.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowProblem {
    /// The row has another number of cells than the header.
    CellCount {
        expected: usize,
        found: usize,
    },
    /// A required cell is empty.
    Empty {
        column: String,
    },
    /// A cell is longer than [`MAX_TEXT`].
    TooLong {
        column: String,
    },
    /// Not an amount such as `12.50` (no negative amounts).
    Amount {
        column: String,
        typed: String,
    },
    /// Not a country or region the catalog knows.
    Market {
        typed: String,
    },
    /// Not a three-letter currency code.
    Currency {
        typed: String,
    },
    Term {
        typed: String,
    },
    BillingPlan {
        typed: String,
    },
    /// The billing plan cannot bill that term (annual billing of a monthly term).
    PlanForTerm,
    /// Not a date such as `2026-12-01`.
    Date {
        column: String,
        typed: String,
    },
    /// The end date is before the start date.
    DateOrder,
    /// Not a license range of whole numbers from 1, minimum not above maximum.
    LicenseRange,
    /// The same SKU, term, billing plan and market as an earlier row.
    Duplicate {
        first_line: usize,
    },
    /// A market with two currencies for the same SKU.
    CurrencyMismatch {
        first_line: usize,
    },
    /// A row tagged as a trial with a price (a trial is free).
    TrialPrice,
    /// A SKU tagged as a trial on one row and not on another (named by its first).
    TrialMismatch {
        first_line: usize,
    },
}

impl RowProblem {
    /// The reason, in the operator's language.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            RowProblem::CellCount { expected, found } => {
                locale.fill(Key::PriceRowCellCount, &[("expected", &expected.to_string()), ("found", &found.to_string())])
            }
            RowProblem::Empty { column } => locale.fill(Key::PriceRowEmpty, &[("column", column)]),
            RowProblem::TooLong { column } => locale.fill(Key::PriceRowTooLong, &[("column", column), ("max", &MAX_TEXT.to_string())]),
            RowProblem::Amount { column, typed } => locale.fill(Key::PriceRowAmount, &[("column", column), ("typed", typed)]),
            RowProblem::Market { typed } => locale.fill(Key::PriceRowMarket, &[("typed", typed)]),
            RowProblem::Currency { typed } => locale.fill(Key::PriceRowCurrency, &[("typed", typed)]),
            RowProblem::Term { typed } => locale.fill(Key::PriceRowTerm, &[("typed", typed)]),
            RowProblem::BillingPlan { typed } => locale.fill(Key::PriceRowBillingPlan, &[("typed", typed)]),
            RowProblem::PlanForTerm => locale.t(Key::PriceRowPlanForTerm).to_string(),
            RowProblem::Date { column, typed } => locale.fill(Key::PriceRowDate, &[("column", column), ("typed", typed)]),
            RowProblem::DateOrder => locale.t(Key::PriceRowDateOrder).to_string(),
            RowProblem::LicenseRange => locale.t(Key::PriceRowLicenseRange).to_string(),
            RowProblem::Duplicate { first_line } => locale.fill(Key::PriceRowDuplicate, &[("line", &first_line.to_string())]),
            RowProblem::CurrencyMismatch { first_line } => locale.fill(Key::PriceRowCurrencyMismatch, &[("line", &first_line.to_string())]),
            RowProblem::TrialPrice => locale.t(Key::PriceRowTrialPrice).to_string(),
            RowProblem::TrialMismatch { first_line } => locale.fill(Key::PriceRowTrialMismatch, &[("line", &first_line.to_string())]),
        }
    }
}

/// A row that was not taken: its line and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub line: usize,
    pub problem: RowProblem,
}

/// Why a whole file cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileProblem {
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge,
    /// Not text in UTF-8, or not CSV.
    NotCsv,
    /// The header lacks required columns (named).
    MissingColumns(Vec<String>),
    /// More than [`MAX_ROWS`] rows.
    TooManyRows,
    /// No row could be taken.
    NoRows,
}

impl FileProblem {
    pub fn message(&self, locale: Locale) -> String {
        match self {
            FileProblem::TooLarge => locale.fill(Key::PriceFileTooLarge, &[("mb", &(MAX_FILE_BYTES / 1024 / 1024).to_string())]),
            FileProblem::NotCsv => locale.t(Key::PriceFileNotCsv).to_string(),
            FileProblem::MissingColumns(columns) => locale.fill(Key::PriceFileMissingColumns, &[("columns", &columns.join(", "))]),
            FileProblem::TooManyRows => locale.fill(Key::PriceFileTooManyRows, &[("max", &MAX_ROWS.to_string())]),
            FileProblem::NoRows => locale.t(Key::PriceFileNoRows).to_string(),
        }
    }
}

/// A file as read: the rows taken and the rows refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedPriceList {
    pub rows: Vec<PriceRow>,
    pub rejected: Vec<Rejected>,
}

/// The columns every file has (as the price list names them; any order, any case).
pub const REQUIRED_COLUMNS: [&str; 14] = [
    "ProductTitle",
    "ProductId",
    "SkuId",
    "SkuTitle",
    "TermDuration",
    "BillingPlan",
    "Market",
    "Currency",
    "UnitPrice",
    "ERP Price",
    "EffectiveStartDate",
    "EffectiveEndDate",
    "MinLicenses",
    "MaxLicenses",
];
/// The optional columns: the SKU's description in English, then in each other language.
pub const DESCRIPTION_COLUMN: &str = "SkuDescription";
/// The optional column of tags (separated by `;`): a row tagged [`TRIAL_TAG`] prices a trial
/// SKU, which trial invitations offer (free, for a month).
pub const TAGS_COLUMN: &str = "Tags";
/// The tag of a trial SKU's rows.
pub const TRIAL_TAG: &str = "Trial";

/// Whether a `Tags` cell names the trial tag (tags are separated by `;`, any case).
pub fn tagged_trial(tags: &str) -> bool {
    tags.split(';').any(|tag| tag.trim().eq_ignore_ascii_case(TRIAL_TAG))
}

/// Reads a price list file. Rows that cannot be taken are listed with their line and reason;
/// the file as a whole is refused only when it cannot be read at all.
pub fn parse(bytes: &[u8]) -> Result<ParsedPriceList, FileProblem> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileProblem::TooLarge);
    }
    // A byte-order mark some spreadsheet programs write first.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| FileProblem::NotCsv)?;
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().map_err(|_| FileProblem::NotCsv)?.iter().map(|h| h.trim().to_string()).collect();
    let position = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let missing: Vec<String> = REQUIRED_COLUMNS.iter().filter(|c| position(c).is_none()).map(|c| c.to_string()).collect();
    if !missing.is_empty() {
        return Err(FileProblem::MissingColumns(missing));
    }
    let column: HashMap<&str, usize> = REQUIRED_COLUMNS.iter().map(|c| (*c, position(c).unwrap_or_default())).collect();
    let description = position(DESCRIPTION_COLUMN);
    let tags = position(TAGS_COLUMN);
    let translated: Vec<(Locale, usize)> = Locale::ALL
        .into_iter()
        .filter(|l| *l != Locale::En)
        .filter_map(|l| position(&format!("{DESCRIPTION_COLUMN}_{}", l.tag())).map(|i| (l, i)))
        .collect();

    let mut rows = Vec::new();
    let mut rejected = Vec::new();
    let mut seen: HashMap<PriceKey, usize> = HashMap::new();
    let mut currencies: HashMap<(String, String, String), (String, usize)> = HashMap::new();
    // Whether each SKU is a trial, from its first row: every row of a SKU says the same.
    let mut trial_skus: HashMap<(String, String), (bool, usize)> = HashMap::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        if rows.len() + rejected.len() >= MAX_ROWS {
            return Err(FileProblem::TooManyRows);
        }
        let record = match record {
            Ok(r) => r,
            Err(_) => return Err(FileProblem::NotCsv),
        };
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if record.len() != header.len() {
            rejected.push(Rejected { line, problem: RowProblem::CellCount { expected: header.len(), found: record.len() } });
            continue;
        }
        let row = read_row(line, &record, &column, description, &translated, tags);
        match row {
            Err(problem) => rejected.push(Rejected { line, problem }),
            Ok(row) => {
                if let Some(first_line) = seen.get(&row.price.key) {
                    rejected.push(Rejected { line, problem: RowProblem::Duplicate { first_line: *first_line } });
                    continue;
                }
                let market_of_sku = (row.price.key.product_id.clone(), row.price.key.sku_id.clone(), row.price.key.market.clone());
                match currencies.get(&market_of_sku) {
                    Some((currency, first_line)) if *currency != row.price.currency => {
                        rejected.push(Rejected { line, problem: RowProblem::CurrencyMismatch { first_line: *first_line } });
                        continue;
                    }
                    Some(_) => {}
                    None => {
                        currencies.insert(market_of_sku, (row.price.currency.clone(), line));
                    }
                }
                let sku = (row.price.key.product_id.clone(), row.price.key.sku_id.clone());
                match trial_skus.get(&sku) {
                    Some((trial, first_line)) if *trial != row.trial => {
                        rejected.push(Rejected { line, problem: RowProblem::TrialMismatch { first_line: *first_line } });
                        continue;
                    }
                    Some(_) => {}
                    None => {
                        trial_skus.insert(sku, (row.trial, line));
                    }
                }
                seen.insert(row.price.key.clone(), line);
                rows.push(row);
            }
        }
    }
    if rows.is_empty() && rejected.is_empty() {
        return Err(FileProblem::NoRows);
    }
    Ok(ParsedPriceList { rows, rejected })
}

fn read_row(
    line: usize,
    record: &csv::StringRecord,
    column: &HashMap<&str, usize>,
    description: Option<usize>,
    translated: &[(Locale, usize)],
    tags: Option<usize>,
) -> Result<PriceRow, RowProblem> {
    let cell = |name: &str| column.get(name).and_then(|i| record.get(*i)).unwrap_or_default().trim();
    let description = description.map(|i| record.get(i).unwrap_or_default().trim());
    let text = |name: &str| -> Result<String, RowProblem> {
        let value = cell(name);
        if value.is_empty() {
            return Err(RowProblem::Empty { column: name.to_string() });
        }
        if value.chars().count() > MAX_TEXT {
            return Err(RowProblem::TooLong { column: name.to_string() });
        }
        Ok(value.to_string())
    };
    let product_id = text("ProductId")?;
    let sku_id = text("SkuId")?;
    let product_title = text("ProductTitle")?;
    let sku_title = text("SkuTitle")?;
    let term_typed = text("TermDuration")?;
    let term = Term::from_code(&term_typed).ok_or(RowProblem::Term { typed: term_typed })?;
    let plan_typed = text("BillingPlan")?;
    let billing_plan = BillingPlan::from_code(&plan_typed).ok_or(RowProblem::BillingPlan { typed: plan_typed })?;
    if !billing_plan.fits(term) {
        return Err(RowProblem::PlanForTerm);
    }
    let market_typed = text("Market")?;
    let market = crate::catalog::parse_country(&market_typed).map_err(|_| RowProblem::Market { typed: market_typed })?;
    let currency = text("Currency")?.to_ascii_uppercase();
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(RowProblem::Currency { typed: currency });
    }
    let unit_price = amount("UnitPrice", &text("UnitPrice")?)?;
    let erp_price = amount("ERP Price", &text("ERP Price")?)?;
    let effective_start = date("EffectiveStartDate", &text("EffectiveStartDate")?)?;
    let effective_end = date("EffectiveEndDate", &text("EffectiveEndDate")?)?;
    if effective_end < effective_start {
        return Err(RowProblem::DateOrder);
    }
    let tags = tags.map(|i| record.get(i).unwrap_or_default()).unwrap_or_default();
    if tags.chars().count() > MAX_TEXT {
        return Err(RowProblem::TooLong { column: TAGS_COLUMN.to_string() });
    }
    // A trial is free: its SKU's rows have no price.
    let trial = tagged_trial(tags);
    if trial && !(unit_price.is_zero() && erp_price.is_zero()) {
        return Err(RowProblem::TrialPrice);
    }
    let licenses = |name: &str| text(name).ok().and_then(|t| t.parse::<i64>().ok());
    let (min_licenses, max_licenses) = match (licenses("MinLicenses"), licenses("MaxLicenses")) {
        (Some(min), Some(max)) if min >= 1 && min <= max && max <= 1_000_000 => (min, max),
        _ => return Err(RowProblem::LicenseRange),
    };
    let description = description.unwrap_or_default();
    if description.chars().count() > MAX_TEXT {
        return Err(RowProblem::TooLong { column: DESCRIPTION_COLUMN.to_string() });
    }
    let mut translations = Translations::default();
    for (locale, index) in translated {
        let value = record.get(*index).unwrap_or_default().trim();
        if value.chars().count() > MAX_TEXT {
            return Err(RowProblem::TooLong { column: format!("{DESCRIPTION_COLUMN}_{}", locale.tag()) });
        }
        if !value.is_empty() {
            translations.insert(locale.tag(), value);
        }
    }
    Ok(PriceRow {
        line,
        price: Price {
            key: PriceKey { product_id, sku_id, term, billing_plan, market },
            currency,
            unit_price,
            erp_price,
            effective_start,
            effective_end,
        },
        product_title,
        sku_title,
        description: description.to_string(),
        translations,
        min_licenses,
        max_licenses,
        trial,
    })
}

/// An amount such as `12.5` or `1234.5678`: at most four decimals, not negative.
fn amount(column: &str, typed: &str) -> Result<Decimal, RowProblem> {
    let refused = || RowProblem::Amount { column: column.to_string(), typed: typed.to_string() };
    let value: Decimal = typed.parse().map_err(|_| refused())?;
    if value.is_sign_negative() || value.scale() > 4 || value > Decimal::from(10_000_000) {
        return Err(refused());
    }
    Ok(value.normalize())
}

/// A date as `YYYY-MM-DD` (the price list's dates may carry a time, which is dropped).
fn date(column: &str, typed: &str) -> Result<String, RowProblem> {
    let day = typed.split(['T', ' ']).next().unwrap_or_default();
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(day, &format).map(|_| day.to_string()).map_err(|_| RowProblem::Date { column: column.to_string(), typed: typed.to_string() })
}

/// What applying a file would do to the price list in force.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub added: Vec<Price>,
    /// (in force, in the file)
    pub changed: Vec<(Price, Price)>,
    pub removed: Vec<Price>,
    pub unchanged: usize,
    pub rejected: Vec<Rejected>,
    /// Rows the file holds that can be applied.
    pub rows: usize,
}

impl Preview {
    /// How many of each kind a page lists (the counts are always whole).
    pub const LISTED: usize = 50;

    /// Compares `file` with `current` (the prices in force).
    pub fn compare(current: &[Price], file: &ParsedPriceList) -> Preview {
        let mut in_force: BTreeMap<&PriceKey, &Price> = current.iter().map(|p| (&p.key, p)).collect();
        let mut preview = Preview { rejected: file.rejected.clone(), rows: file.rows.len(), ..Preview::default() };
        for row in &file.rows {
            match in_force.remove(&row.price.key) {
                None => preview.added.push(row.price.clone()),
                Some(old) if *old == row.price => preview.unchanged += 1,
                Some(old) => preview.changed.push((old.clone(), row.price.clone())),
            }
        }
        preview.removed = in_force.into_values().cloned().collect();
        preview
    }
}

/// One price list, for the operator's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct PriceListSummary {
    pub id: i64,
    /// The day it is in force from (`YYYY-MM-DD`).
    pub effective_from: String,
    pub imported_at: i64,
    /// Who imported it (none: the command line).
    pub imported_by: Option<String>,
    /// The file's name.
    pub source: String,
    pub row_count: i64,
}

/// Prices a price list's page shows at once.
pub const PRICES_PER_PAGE: i64 = 50;

/// One page of a price list's prices (`search`: part of a product or SKU id, or a market).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceListPage {
    pub list: PriceListSummary,
    pub prices: Vec<Price>,
    pub total: i64,
    pub page: i64,
}

impl PriceListPage {
    pub fn pages(&self) -> i64 {
        crate::validate::page_count(self.total, PRICES_PER_PAGE)
    }
}

/// A preview as a page shows it: every count, and the first of each list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewPage {
    pub rows: usize,
    pub added_count: usize,
    pub changed_count: usize,
    pub removed_count: usize,
    pub unchanged: usize,
    pub rejected_count: usize,
    pub added: Vec<Price>,
    pub changed: Vec<(Price, Price)>,
    pub removed: Vec<Price>,
    pub rejected: Vec<Rejected>,
}

impl From<&Preview> for PreviewPage {
    fn from(preview: &Preview) -> PreviewPage {
        let first = Preview::LISTED;
        PreviewPage {
            rows: preview.rows,
            added_count: preview.added.len(),
            changed_count: preview.changed.len(),
            removed_count: preview.removed.len(),
            unchanged: preview.unchanged,
            rejected_count: preview.rejected.len(),
            added: preview.added.iter().take(first).cloned().collect(),
            changed: preview.changed.iter().take(first).cloned().collect(),
            removed: preview.removed.iter().take(first).cloned().collect(),
            rejected: preview.rejected.iter().take(first * 4).cloned().collect(),
        }
    }
}

impl Price {
    /// The price in one line: product, SKU, term, billing plan, market, currency and amount.
    pub fn summary(&self) -> String {
        let k = &self.key;
        format!(
            "{} {} · {} · {} · {} · {} {}",
            k.product_id,
            k.sku_id,
            k.term.code(),
            k.billing_plan.code(),
            k.market,
            self.currency,
            self.unit_price
        )
    }
}

/// What the upload of a file gave, as its preview page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadPreview {
    pub upload_id: i64,
    pub file_name: String,
    /// The preview, or why the whole file was refused.
    pub preview: Result<PreviewPage, FileProblem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "ProductTitle,ProductId,SkuId,SkuTitle,SkuDescription,TermDuration,BillingPlan,Market,Currency,UnitPrice,ERP Price,EffectiveStartDate,EffectiveEndDate,MinLicenses,MaxLicenses,SkuDescription_nl";

    fn file(rows: &[&str]) -> String {
        std::iter::once(HEADER).chain(rows.iter().copied()).collect::<Vec<_>>().join("\n")
    }

    const BASIC: &str = "Microsoft 365 Business Basic,M365-BUSINESS-BASIC,0001,Microsoft 365 Business Basic,Web and mobile apps,P1Y,monthly,NL,EUR,5.60,6.70,2026-12-01,2027-11-30,1,300,Web- en mobiele apps";

    #[test]
    fn a_row_is_read_with_its_price_term_plan_market_and_descriptions() {
        let parsed = parse(file(&[BASIC]).as_bytes()).expect("a file");
        assert_eq!(parsed.rejected, vec![]);
        let row = &parsed.rows[0];
        assert_eq!(row.line, 2);
        assert_eq!(
            row.price.key,
            PriceKey {
                product_id: "M365-BUSINESS-BASIC".into(),
                sku_id: "0001".into(),
                term: Term::P1Y,
                billing_plan: BillingPlan::Monthly,
                market: "NL".into()
            }
        );
        assert_eq!((row.price.unit_price.to_string(), row.price.erp_price.to_string()), ("5.6".to_string(), "6.7".to_string()));
        assert_eq!(row.translations.pick(Locale::Nl, &row.description), "Web- en mobiele apps");
        assert_eq!(row.translations.pick(Locale::Fr, &row.description), "Web and mobile apps", "English where a language has none");
        assert_eq!((row.min_licenses, row.max_licenses), (1, 300));
    }

    #[test]
    fn malformed_rows_are_refused_with_their_line_and_reason() {
        let rows = [
            BASIC,
            // 3: a duplicate of line 2
            BASIC,
            // 4: a price with a decimal comma
            "P,M365-E3,0001,E3,,P1Y,annual,NL,EUR,\"12,50\",14,2026-12-01,2027-11-30,1,300,",
            // 5: a market nobody knows
            "P,M365-E3,0001,E3,,P1Y,annual,Atlantis,EUR,12.50,14,2026-12-01,2027-11-30,1,300,",
            // 6: annual billing of a monthly term
            "P,M365-E3,0001,E3,,P1M,annual,NL,EUR,12.50,14,2026-12-01,2027-11-30,1,300,",
            // 7: a negative price
            "P,M365-E3,0001,E3,,P1Y,monthly,NL,EUR,-1,14,2026-12-01,2027-11-30,1,300,",
            // 8: dates the wrong way round
            "P,M365-E3,0001,E3,,P3Y,triennial,NL,EUR,1,14,2027-12-01,2026-11-30,1,300,",
            // 9: a license range upside down
            "P,M365-E3,0001,E3,,P3Y,monthly,NL,EUR,1,14,2026-12-01,2027-11-30,10,5,",
            // 10: another currency for the same SKU in the same market
            "Microsoft 365 Business Basic,M365-BUSINESS-BASIC,0001,Microsoft 365 Business Basic,,P1M,monthly,NL,USD,6,7,2026-12-01,2027-11-30,1,300,",
            // 11: a term nobody knows
            "P,M365-E3,0001,E3,,P2Y,monthly,NL,EUR,1,14,2026-12-01,2027-11-30,1,300,",
            // 12: a date that is not one
            "P,M365-E3,0001,E3,,P1Y,monthly,GB,GBP,1,14,2026-13-01,2027-11-30,1,300,",
            // 13: an empty product id
            "P,,0001,E3,,P1Y,monthly,NL,EUR,1,14,2026-12-01,2027-11-30,1,300,",
            // 14: a cell too many
            "P,M365-E3,0001,E3,,P1Y,monthly,NL,EUR,1,14,2026-12-01,2027-11-30,1,300,,extra",
        ];
        let parsed = parse(file(&rows).as_bytes()).expect("a file");
        assert_eq!(parsed.rows.len(), 1);
        let problems: Vec<(usize, RowProblem)> = parsed.rejected.into_iter().map(|r| (r.line, r.problem)).collect();
        assert_eq!(
            problems,
            vec![
                (3, RowProblem::Duplicate { first_line: 2 }),
                (4, RowProblem::Amount { column: "UnitPrice".into(), typed: "12,50".into() }),
                (5, RowProblem::Market { typed: "Atlantis".into() }),
                (6, RowProblem::PlanForTerm),
                (7, RowProblem::Amount { column: "UnitPrice".into(), typed: "-1".into() }),
                (8, RowProblem::DateOrder),
                (9, RowProblem::LicenseRange),
                (10, RowProblem::CurrencyMismatch { first_line: 2 }),
                (11, RowProblem::Term { typed: "P2Y".into() }),
                (12, RowProblem::Date { column: "EffectiveStartDate".into(), typed: "2026-13-01".into() }),
                (13, RowProblem::Empty { column: "ProductId".into() }),
                (14, RowProblem::CellCount { expected: 16, found: 17 }),
            ]
        );
        for locale in Locale::ALL {
            assert!(RowProblem::Duplicate { first_line: 2 }.message(locale).contains('2'), "{locale:?}");
        }
    }

    #[test]
    fn rows_tagged_trial_are_free_trial_skus() {
        let header = format!("{HEADER},Tags");
        let rows = [
            // 2: a trial SKU (tags in any case, among others)
            "P,M365-E3,0T01,E3 Trial,,P1M,monthly,NL,EUR,0,0,2026-12-01,2027-11-30,1,25,,Sample; trial",
            // 3: the sold SKU of the same product
            "P,M365-E3,0001,E3,,P1M,monthly,NL,EUR,30,36,2026-12-01,2027-11-30,1,300,,",
            // 4: a trial with a price
            "P,M365-E5,0T01,E5 Trial,,P1M,monthly,NL,EUR,1,0,2026-12-01,2027-11-30,1,25,,Trial",
            // 5: the trial SKU of line 2, not tagged as one here
            "P,M365-E3,0T01,E3 Trial,,P1M,monthly,FR,EUR,0,0,2026-12-01,2027-11-30,1,25,,",
            // 6: a tag that only contains the word
            "P,M365-E5,0001,E5,,P1M,monthly,NL,EUR,40,48,2026-12-01,2027-11-30,1,300,,Trials excluded",
        ];
        let text = std::iter::once(header.as_str()).chain(rows).collect::<Vec<_>>().join("\n");
        let parsed = parse(text.as_bytes()).expect("a file");
        assert_eq!(parsed.rows.iter().map(|r| (r.line, r.trial)).collect::<Vec<_>>(), [(2, true), (3, false), (6, false)]);
        let problems: Vec<(usize, RowProblem)> = parsed.rejected.into_iter().map(|r| (r.line, r.problem)).collect();
        assert_eq!(problems, [(4, RowProblem::TrialPrice), (5, RowProblem::TrialMismatch { first_line: 2 })]);
        assert!(parse(file(&[BASIC]).as_bytes()).expect("a file").rows.iter().all(|r| !r.trial), "no Tags column: nothing is a trial");
    }

    #[test]
    fn a_file_without_its_columns_or_too_large_is_refused_whole() {
        assert_eq!(
            parse(b"ProductId,SkuId\nA,1"),
            Err(FileProblem::MissingColumns(
                REQUIRED_COLUMNS.iter().filter(|c| !matches!(**c, "ProductId" | "SkuId")).map(|c| c.to_string()).collect()
            ))
        );
        assert_eq!(parse(&[0xff, 0xfe, 0x00]), Err(FileProblem::NotCsv));
        assert_eq!(parse(HEADER.as_bytes()), Err(FileProblem::NoRows));
        assert_eq!(parse(&vec![b' '; MAX_FILE_BYTES + 1]), Err(FileProblem::TooLarge));
        // Columns in another order and case, and a byte-order mark, are read alike.
        let shuffled = "\u{feff}market,currency,unitprice,erp price,productid,skuid,producttitle,skutitle,termduration,billingplan,effectivestartdate,effectiveenddate,minlicenses,maxlicenses\nnl,eur,1,2,A,0001,A,A,P1M,monthly,2026-01-01,2026-12-31,1,10";
        assert_eq!(parse(shuffled.as_bytes()).expect("read").rows.len(), 1);
    }

    #[test]
    fn the_preview_names_what_is_added_changed_removed_and_unchanged() {
        let current = parse(file(&[BASIC, "P,M365-E3,0001,E3,,P1Y,annual,NL,EUR,30,36,2026-12-01,2027-11-30,1,300,"]).as_bytes()).unwrap();
        let current: Vec<Price> = current.rows.into_iter().map(|r| r.price).collect();
        let next = parse(
            file(&[
                BASIC,
                "P,M365-E5,0001,E5,,P1Y,annual,NL,EUR,50,60,2026-12-01,2027-11-30,1,300,",
                "Microsoft 365 Business Basic,M365-BUSINESS-BASIC,0001,Microsoft 365 Business Basic,,P1Y,monthly,FR,EUR,5.60,6.70,2026-12-01,2027-11-30,1,300,",
                "bad",
            ])
            .as_bytes(),
        )
        .unwrap();
        let preview = Preview::compare(&current, &next);
        assert_eq!(preview.unchanged, 1);
        assert_eq!(
            preview.added.iter().map(|p| (p.key.product_id.as_str(), p.key.market.as_str())).collect::<Vec<_>>(),
            [("M365-E5", "NL"), ("M365-BUSINESS-BASIC", "FR")]
        );
        assert_eq!(preview.removed.iter().map(|p| p.key.product_id.as_str()).collect::<Vec<_>>(), ["M365-E3"]);
        assert_eq!(preview.rejected.len(), 1);
        // A new price for the same key is a change.
        let dearer = parse(file(&[&BASIC.replace("5.60", "5.90")]).as_bytes()).unwrap();
        let preview = Preview::compare(&current, &dearer);
        assert_eq!(preview.changed.len(), 1);
        assert_eq!(preview.changed[0].1.unit_price.to_string(), "5.9");
    }
}
