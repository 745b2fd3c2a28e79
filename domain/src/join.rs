//! Join PartnerDesk: an organisation asks to join (company, MPN ID, country, the programs it
//! asks for, its first admin), the applicant confirms their email with a link, the request waits
//! in the operator's queue, and the operator approves it (choosing the programs: the
//! organisation is created and its first user, a Global admin, invited) or declines it with a
//! reason. The applicant is emailed each step.

use crate::error::{AppError, FieldErrors};
use crate::roles::Programs;
use serde::{Deserialize, Serialize};

/// How long the link that confirms the applicant's email works.
pub const CONFIRM_HOURS: i64 = 48;
/// Requests one email address may start in a day (more are answered alike and send nothing, so
/// nobody floods a mailbox through the form).
pub const REQUESTS_PER_EMAIL_PER_DAY: i64 = 3;
/// Requests one client address may send in an hour.
pub const REQUESTS_PER_ADDRESS_PER_HOUR: i64 = 10;
/// The longest reason a decline gives.
pub const DECLINE_REASON_MAX: usize = 500;
/// Requests the operator's queue shows at once (the oldest first).
pub const QUEUE_MAX: i64 = 200;

/// What an applicant sends, validated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinApplication {
    pub company_name: String,
    pub mpn_id: String,
    pub country: String,
    pub programs: Programs,
    pub contact_name: String,
    pub contact_email: String,
}

impl JoinApplication {
    /// Every field checked (lengths first), each refusal named by its field.
    #[allow(clippy::too_many_arguments)]
    pub fn validate(
        company_name: &str,
        mpn_id: &str,
        country: &str,
        advisor: bool,
        indirect_provider: bool,
        indirect_reseller: bool,
        contact_name: &str,
        contact_email: &str,
    ) -> Result<JoinApplication, AppError> {
        use crate::validate;
        let mut errors = FieldErrors::default();
        let company_name = errors.check("company_name", validate::text(company_name, 100));
        let mpn_id = errors.check("mpn_id", validate::mpn_id(mpn_id));
        let country = errors.check("country", crate::catalog::parse_country(country));
        let programs = Programs { advisor, indirect_provider, indirect_reseller };
        if programs.list().is_empty() {
            errors.add("programs", crate::error::Problem::ChooseProgram);
        }
        let contact_name = errors.check("contact_name", validate::text(contact_name, 100));
        let contact_email = errors.check("contact_email", validate::email(contact_email));
        match (company_name, mpn_id, country, contact_name, contact_email) {
            (Some(company_name), Some(mpn_id), Some(country), Some(contact_name), Some(contact_email)) if errors.is_empty() => {
                Ok(JoinApplication { company_name, mpn_id, country, programs, contact_name, contact_email })
            }
            _ => Err(AppError::Invalid(errors.0)),
        }
    }
}

/// Where a request is, as the applicant's confirmation page shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum JoinRequestState {
    /// The email is not confirmed yet (the link works).
    AwaitingConfirmation,
    /// Confirmed: the operator decides.
    AwaitingDecision,
    Approved,
    Declined,
}

/// A request as the confirmation link opens it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinRequestStatus {
    pub company_name: String,
    pub state: JoinRequestState,
}

/// A confirmed request waiting in the operator's queue, with what the operator should know
/// before approving it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct JoinRequest {
    pub id: i64,
    pub company_name: String,
    pub mpn_id: String,
    pub country: String,
    pub wants_advisor: bool,
    pub wants_indirect_provider: bool,
    pub wants_indirect_reseller: bool,
    pub contact_name: String,
    pub contact_email: String,
    /// The applicant's language (their messages are in it).
    pub locale: String,
    pub created_at: i64,
    pub confirmed_at: Option<i64>,
    /// The organisation that holds the MPN ID already, if one does (approval is refused).
    pub mpn_id_holder: Option<String>,
    /// Whether the email has an account already (approval is refused).
    pub email_has_account: bool,
}

impl JoinRequest {
    pub fn programs(&self) -> Programs {
        Programs { advisor: self.wants_advisor, indirect_provider: self.wants_indirect_provider, indirect_reseller: self.wants_indirect_reseller }
    }
}

/// The reason a decline gives the applicant: required, at most [`DECLINE_REASON_MAX`].
pub fn decline_reason(typed: &str) -> Result<String, AppError> {
    crate::validate::text(typed, DECLINE_REASON_MAX).map_err(|p| AppError::invalid("reason", p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Problem;

    #[test]
    fn an_application_names_every_field_it_refuses() {
        let ok = JoinApplication::validate(" Fourth Coffee ", "1234567", "NL", false, true, false, "Morgan", "Morgan@Fourth.example").unwrap();
        assert_eq!((ok.company_name.as_str(), ok.contact_email.as_str()), ("Fourth Coffee", "morgan@fourth.example"));
        assert!(ok.programs.indirect_provider && !ok.programs.advisor);
        let refused = JoinApplication::validate(&"c".repeat(101), "12ab", "Atlantis", false, false, false, "", "not an email").unwrap_err();
        let fields: Vec<(&str, Problem)> = refused.field_errors().iter().map(|e| (e.field.as_str(), e.problem.clone())).collect();
        assert_eq!(
            fields.iter().map(|(f, _)| *f).collect::<Vec<_>>(),
            ["company_name", "mpn_id", "country", "programs", "contact_name", "contact_email"]
        );
        assert!(fields.contains(&("programs", Problem::ChooseProgram)));
    }

    #[test]
    fn a_decline_gives_a_bounded_reason() {
        assert!(decline_reason(" ").is_err());
        assert!(decline_reason(&"r".repeat(DECLINE_REASON_MAX + 1)).is_err());
        assert_eq!(decline_reason(" Not a partner of the program ").unwrap(), "Not a partner of the program");
    }
}
