//! The operator of a PartnerDesk installation: the organisations console (programs, the
//! delegated-administration certification, suspension) and claims on MPN IDs another
//! organisation holds.

use crate::error::{AppError, FieldErrors, Problem};
use crate::roles::{Program, Programs};
use serde::{Deserialize, Serialize};

/// A claim on an MPN ID another organisation holds, as the operator sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct MpnIdConflict {
    pub id: i64,
    pub mpn_id: String,
    pub holder_id: i64,
    pub holder_name: String,
    pub holder_country: String,
    /// The claimant's registration, as typed.
    pub company_name: String,
    pub country: String,
    pub contact_name: String,
    pub contact_email: String,
    pub created_at: i64,
}

/// A claim to record (its fields already validated as a registration).
#[derive(Clone, Debug)]
pub struct NewMpnIdConflict {
    pub mpn_id: String,
    pub request_id: i64,
    pub company_name: String,
    pub country: String,
    pub contact_name: String,
    pub contact_email: String,
}

// The organisations console: every organisation of the installation, its programs, the
// delegated-administration certification of advisors, and suspension.

/// Organisations listed per page of the console.
pub const ORGANISATIONS_PER_PAGE: i64 = 25;
/// The longest search text (a name or an MPN ID).
pub const ORGANISATION_SEARCH_MAX: usize = 100;
/// The longest reason for a suspension.
pub const SUSPENSION_REASON_MAX: usize = 500;

/// Which organisations the console lists, by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusFilter {
    #[default]
    All,
    Active,
    Suspended,
}

impl StatusFilter {
    pub const ALL: [StatusFilter; 3] = [StatusFilter::All, StatusFilter::Active, StatusFilter::Suspended];

    /// The value in the page's address.
    pub fn code(self) -> &'static str {
        match self {
            StatusFilter::All => "",
            StatusFilter::Active => "active",
            StatusFilter::Suspended => "suspended",
        }
    }

    pub fn from_code(code: &str) -> Option<StatusFilter> {
        StatusFilter::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A program's value in the console's address and forms.
pub fn program_code(program: Program) -> &'static str {
    match program {
        Program::Advisor => "advisor",
        Program::IndirectProvider => "indirect_provider",
        Program::IndirectReseller => "indirect_reseller",
    }
}

pub fn program_from_code(code: &str) -> Option<Program> {
    [Program::Advisor, Program::IndirectProvider, Program::IndirectReseller].into_iter().find(|p| program_code(*p) == code)
}

/// What the operator searches for: text in the name or the MPN ID, a program, a status, and
/// the page. Every value is bounded before it reaches the database.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationSearch {
    pub text: String,
    pub program: Option<Program>,
    pub status: StatusFilter,
    pub page: i64,
}

impl OrganisationSearch {
    /// The search from the page's address: an unknown program or status, or a text that is too
    /// long, is refused with the field it came from; the page is clamped to 1..=PAGE_MAX.
    pub fn from_query(text: &str, program: &str, status: &str, page: i64) -> Result<OrganisationSearch, AppError> {
        let mut errors = FieldErrors::default();
        let text = errors.check("q", crate::validate::optional_text(text, ORGANISATION_SEARCH_MAX));
        let program = match program.trim() {
            "" => Some(None),
            code => errors.check("program", program_from_code(code).map(Some).ok_or(Problem::Required)),
        };
        let status = errors.check("status", StatusFilter::from_code(status.trim()).ok_or(Problem::Required));
        let (Some(text), Some(program), Some(status)) = (text, program, status) else {
            return Err(AppError::Invalid(errors.0));
        };
        Ok(OrganisationSearch { text, program, status, page: page.clamp(1, crate::validate::PAGE_MAX) })
    }
}

/// One organisation in the console's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct OrganisationSummary {
    pub id: i64,
    pub name: String,
    pub mpn_id: String,
    pub country: String,
    pub is_advisor: bool,
    pub is_indirect_provider: bool,
    pub is_indirect_reseller: bool,
    pub dap_certified: bool,
    pub suspended_at: Option<i64>,
    /// Active users (joined or invited).
    pub users: i64,
}

impl OrganisationSummary {
    pub fn programs(&self) -> Programs {
        Programs { advisor: self.is_advisor, indirect_provider: self.is_indirect_provider, indirect_reseller: self.is_indirect_reseller }
    }
}

/// One page of the console's list, with how many organisations match in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationsPage {
    pub rows: Vec<OrganisationSummary>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl OrganisationsPage {
    pub fn pages(&self) -> i64 {
        crate::validate::page_count(self.total, self.per_page)
    }
}

/// One organisation as the console opens it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct OrganisationDetail {
    pub id: i64,
    pub name: String,
    pub mpn_id: String,
    pub country: String,
    pub is_advisor: bool,
    pub is_indirect_provider: bool,
    pub is_indirect_reseller: bool,
    pub advisor_code: Option<String>,
    pub created_at: i64,
    pub dap_certified: bool,
    /// When the certification was recorded, and by whom (absent for certifications from before
    /// the console, or made by a command).
    pub dap_certified_at: Option<i64>,
    pub dap_certified_by: Option<String>,
    pub suspended_at: Option<i64>,
    pub suspension_reason: String,
    /// Active users (joined or invited).
    pub users: i64,
    /// Whether the installation's operators work in it (it cannot be suspended from here).
    pub is_operators: bool,
}

impl OrganisationDetail {
    pub fn programs(&self) -> Programs {
        Programs { advisor: self.is_advisor, indirect_provider: self.is_indirect_provider, indirect_reseller: self.is_indirect_reseller }
    }
}

/// The programs checked on the console's form, in [`Program`] order: at least one.
pub fn programs_from_form(advisor: bool, indirect_provider: bool, indirect_reseller: bool) -> Result<Programs, AppError> {
    let programs = Programs { advisor, indirect_provider, indirect_reseller };
    if programs.list().is_empty() {
        return Err(AppError::invalid("programs", Problem::ChooseProgram));
    }
    Ok(programs)
}

/// The reason a suspension gives (shown to the operators, kept in the audit log): required,
/// at most [`SUSPENSION_REASON_MAX`] characters.
pub fn suspension_reason(typed: &str) -> Result<String, AppError> {
    crate::validate::text(typed, SUSPENSION_REASON_MAX).map_err(|p| AppError::invalid("reason", p))
}

/// The longest advisor code.
pub const ADVISOR_CODE_MAX: usize = 30;

/// The advisor code an organisation's public offer links start with (`/offer/<code>/…`): its
/// name in small letters and digits joined by hyphens (accents dropped), at most
/// [`ADVISOR_CODE_MAX`] characters, or "advisor" when nothing of the name is left. The store
/// makes it unique with a number.
pub fn advisor_code_from_name(name: &str) -> String {
    let mut code = String::new();
    for c in name.to_lowercase().chars() {
        let folded = match c {
            'a'..='z' | '0'..='9' => c.to_string(),
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a".into(),
            'ç' => "c".into(),
            'è' | 'é' | 'ê' | 'ë' => "e".into(),
            'ì' | 'í' | 'î' | 'ï' => "i".into(),
            'ñ' => "n".into(),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o".into(),
            'ù' | 'ú' | 'û' | 'ü' => "u".into(),
            'ý' | 'ÿ' => "y".into(),
            'ß' => "ss".into(),
            'æ' => "ae".into(),
            'œ' => "oe".into(),
            _ => "-".into(),
        };
        if folded == "-" && (code.is_empty() || code.ends_with('-')) {
            continue;
        }
        code.push_str(&folded);
    }
    let code: String = code.chars().take(ADVISOR_CODE_MAX).collect();
    let code = code.trim_matches('-');
    if code.is_empty() {
        "advisor".to_string()
    } else {
        code.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_advisor_code_is_a_short_plain_form_of_the_name() {
        assert_eq!(advisor_code_from_name("Contoso Advisors"), "contoso-advisors");
        assert_eq!(advisor_code_from_name("  Société Générale & Cie. "), "societe-generale-cie");
        assert_eq!(advisor_code_from_name("日本"), "advisor");
        assert_eq!(advisor_code_from_name("../../etc"), "etc");
        let long = advisor_code_from_name(&"Northwind ".repeat(10));
        assert!(long.len() <= ADVISOR_CODE_MAX && !long.ends_with('-'), "{long}");
        for name in ["a/b?c#d", "x\u{0}y", "Ünïcödé ünd Straße"] {
            assert!(advisor_code_from_name(name).chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{name}");
        }
    }

    #[test]
    fn a_search_is_bounded_and_names_the_field_it_refuses() {
        let search = OrganisationSearch::from_query("  Contoso ", "advisor", "suspended", 0).unwrap();
        assert_eq!(search, OrganisationSearch { text: "Contoso".into(), program: Some(Program::Advisor), status: StatusFilter::Suspended, page: 1 });
        assert_eq!(OrganisationSearch::from_query("", "", "", i64::MAX).unwrap().page, crate::validate::PAGE_MAX);
        let long = "x".repeat(ORGANISATION_SEARCH_MAX + 1);
        let refused = OrganisationSearch::from_query(&long, "wizard", "gone", 1).unwrap_err();
        let fields: Vec<_> = refused.field_errors().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["q", "program", "status"]);
    }

    #[test]
    fn an_organisation_keeps_a_program_and_a_suspension_gives_a_reason() {
        assert_eq!(programs_from_form(false, false, false).unwrap_err().field_errors()[0].problem, Problem::ChooseProgram);
        assert!(programs_from_form(false, true, true).unwrap().indirect_reseller);
        assert_eq!(suspension_reason("  ").unwrap_err().field_errors()[0].problem, Problem::Required);
        assert!(suspension_reason(&"r".repeat(SUSPENSION_REASON_MAX + 1)).is_err());
        assert_eq!(suspension_reason(" Unpaid invoices ").unwrap(), "Unpaid invoices");
        for program in [Program::Advisor, Program::IndirectProvider, Program::IndirectReseller] {
            assert_eq!(program_from_code(program_code(program)), Some(program));
        }
    }
}
