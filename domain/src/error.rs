//! Errors as values: every failure a person can meet, with a message they can act on.
//!
//! [`AppError`] crosses the wire from server functions to the browser, so the page shows the
//! same translated message the server decided on. Internal details never leave the server.

use crate::format::number;
use crate::i18n::{Key, Locale, Texts};
use crate::roles::{Program, Role};
use serde::{Deserialize, Serialize};

/// Why one field was refused. Produced by the shared validators, shown next to the field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    /// Not a setup code (three groups of four letters and digits).
    SetupCode,
    TooLong {
        max: usize,
    },
    Email,
    Country,
    Numeric,
    MpnId,
    LicenseRange {
        min: u32,
        max: u32,
    },
    NoSubscription,
    SubscriptionNotAvailable,
    Office,
    NotCertified,
    /// No provider (or one the reseller does not partner with) chosen for a two-tier offer.
    ChooseProvider,
    /// Delegated administration asked for on a two-tier offer (the provider asks for it).
    NoDelegatedAdminResold,
    GdapNameTaken,
    GdapDuration,
    GdapRoles,
    /// More roles than one relationship may ask for ([`crate::delegated_admin::roles::ROLES_MAX`]).
    GdapRolesMax,
    GdapNoAutoExtend,
    GdapGroupTaken,
    TemplateTaken,
    MpnIdTaken,
    EmailTaken,
    PasswordTooShort {
        min: usize,
    },
    LogoFormat,
    LogoTooLarge {
        max_kb: usize,
    },
    DomainPrefix,
    DomainTaken,
    Phone,
    ChooseDelegated,
    Origin,
    NotPartneredReseller,
    /// The reseller of record asked to change what only the provider changes (the reseller of
    /// record, the designated support contact).
    ProviderOnly,
    ChooseRole,
    TooMany {
        max: usize,
    },
    Date,
    /// A website address that is not `https://host…`.
    Website,
    /// A country or region in a list that is not one (named as typed).
    UnknownCountry {
        typed: String,
    },
    /// A "since" date that is not a past day.
    SinceDate,
    /// A webhook address that is not `http(s)://host…`.
    WebhookUrl,
    /// The same subscription twice in one order or offer.
    DuplicateSubscription,
    /// A webhook host that is (or resolves to) a local, private or reserved address.
    WebhookAddress,
    /// The new password and its confirmation differ.
    PasswordMismatch,
    /// The current password given is not the account's.
    WrongPassword,
    /// The new password is the current one.
    PasswordUnchanged,
    /// Not a code of the user's authenticator app (or used already), nor one of their recovery
    /// codes.
    WrongCode,
    /// No program chosen for an organisation (it needs at least one).
    ChooseProgram,
    /// A message to send no longer holds the link it is about.
    LinkMissing,
    /// A term and billing plan the subscription is not sold with in the usage location.
    PlanNotOffered,
    /// Not a discount (`10%`) nor a price per license (`5.00`).
    PriceAdjustment,
    /// A discount (or a price set) beyond the largest discount the organisation allows.
    DiscountAboveLimit {
        max: u32,
    },
    /// Not a whole number from `min` to `max`.
    WholeNumber {
        min: u32,
        max: u32,
    },
    /// Licenses are removed (or a subscription cancelled) only in the change window after
    /// purchase or renewal: it closed at `closed_at`; the next opens at `next_opens_at` (the
    /// renewal; none when the subscription does not renew).
    ChangeWindowClosed {
        closed_at: i64,
        next_opens_at: Option<i64>,
    },
    /// The subscription was cancelled, expired or is suspended (or its term has ended).
    SubscriptionNotActive,
    /// A free trial ends on its date and does not renew (a purchase offer continues it).
    TrialEnds,
}

impl Problem {
    /// One problem of each kind (with sample limits): what a page's [`TextSet`](crate::i18n::TextSet)
    /// must cover. The match stops the build when a kind is added and not listed here.
    pub fn every_kind() -> Vec<Problem> {
        fn listed(problem: &Problem) {
            match problem {
                Problem::Required
                | Problem::TooLong { .. }
                | Problem::Email
                | Problem::Country
                | Problem::Numeric
                | Problem::MpnId
                | Problem::LicenseRange { .. }
                | Problem::NoSubscription
                | Problem::SubscriptionNotAvailable
                | Problem::Office
                | Problem::NotCertified
                | Problem::ChooseProvider
                | Problem::NoDelegatedAdminResold
                | Problem::GdapNameTaken
                | Problem::GdapDuration
                | Problem::GdapRoles
                | Problem::GdapRolesMax
                | Problem::GdapNoAutoExtend
                | Problem::GdapGroupTaken
                | Problem::TemplateTaken
                | Problem::SetupCode
                | Problem::MpnIdTaken
                | Problem::EmailTaken
                | Problem::PasswordTooShort { .. }
                | Problem::LogoFormat
                | Problem::LogoTooLarge { .. }
                | Problem::DomainPrefix
                | Problem::DomainTaken
                | Problem::Phone
                | Problem::ChooseDelegated
                | Problem::Origin
                | Problem::NotPartneredReseller
                | Problem::ProviderOnly
                | Problem::ChooseRole
                | Problem::TooMany { .. }
                | Problem::Date
                | Problem::Website
                | Problem::UnknownCountry { .. }
                | Problem::SinceDate
                | Problem::WebhookUrl
                | Problem::DuplicateSubscription
                | Problem::WebhookAddress
                | Problem::PasswordMismatch
                | Problem::WrongPassword
                | Problem::PasswordUnchanged
                | Problem::ChooseProgram
                | Problem::LinkMissing
                | Problem::PlanNotOffered
                | Problem::PriceAdjustment
                | Problem::DiscountAboveLimit { .. }
                | Problem::WholeNumber { .. }
                | Problem::ChangeWindowClosed { .. }
                | Problem::SubscriptionNotActive
                | Problem::TrialEnds
                | Problem::WrongCode => {}
            }
        }
        let every = vec![
            Problem::Required,
            Problem::TooLong { max: 100 },
            Problem::Email,
            Problem::Country,
            Problem::Numeric,
            Problem::MpnId,
            Problem::LicenseRange { min: 1, max: 300 },
            Problem::NoSubscription,
            Problem::SubscriptionNotAvailable,
            Problem::Office,
            Problem::NotCertified,
            Problem::ChooseProvider,
            Problem::NoDelegatedAdminResold,
            Problem::GdapNameTaken,
            Problem::GdapDuration,
            Problem::GdapRoles,
            Problem::GdapRolesMax,
            Problem::GdapNoAutoExtend,
            Problem::GdapGroupTaken,
            Problem::TemplateTaken,
            Problem::SetupCode,
            Problem::MpnIdTaken,
            Problem::EmailTaken,
            Problem::PasswordTooShort { min: 12 },
            Problem::LogoFormat,
            Problem::LogoTooLarge { max_kb: 256 },
            Problem::DomainPrefix,
            Problem::DomainTaken,
            Problem::Phone,
            Problem::ChooseDelegated,
            Problem::Origin,
            Problem::NotPartneredReseller,
            Problem::ProviderOnly,
            Problem::ChooseRole,
            Problem::TooMany { max: 50 },
            Problem::Date,
            Problem::Website,
            Problem::UnknownCountry { typed: String::new() },
            Problem::SinceDate,
            Problem::WebhookUrl,
            Problem::DuplicateSubscription,
            Problem::WebhookAddress,
            Problem::PasswordMismatch,
            Problem::WrongPassword,
            Problem::PasswordUnchanged,
            Problem::ChooseProgram,
            Problem::LinkMissing,
            Problem::PlanNotOffered,
            Problem::PriceAdjustment,
            Problem::DiscountAboveLimit { max: 15 },
            Problem::WholeNumber { min: 0, max: 100 },
            Problem::ChangeWindowClosed { closed_at: 0, next_opens_at: Some(0) },
            Problem::ChangeWindowClosed { closed_at: 0, next_opens_at: None },
            Problem::SubscriptionNotActive,
            Problem::TrialEnds,
            Problem::WrongCode,
        ];
        every.iter().for_each(listed);
        every
    }

    pub fn message(&self, locale: Locale) -> String {
        self.message_in(&locale)
    }

    /// The message with texts from `texts` (the catalog, or a page's [`TextSet`](crate::i18n::TextSet)).
    pub fn message_in(&self, texts: &dyn Texts) -> String {
        match self {
            Problem::Required => texts.text(Key::ErrRequired).to_string(),
            Problem::TooLong { max } => texts.fill_in(Key::ErrTooLong, &[("max", &max.to_string())]),
            Problem::Email => texts.text(Key::ErrEmail).to_string(),
            Problem::Country => texts.text(Key::ErrCountry).to_string(),
            Problem::Numeric => texts.text(Key::ErrNumeric).to_string(),
            Problem::MpnId => texts.text(Key::ErrMpnId).to_string(),
            Problem::LicenseRange { min, max } => texts.fill_in(
                Key::ErrLicenseRange,
                &[("min", &number(i64::from(*min), texts.locale())), ("max", &number(i64::from(*max), texts.locale()))],
            ),
            Problem::NoSubscription => texts.text(Key::ErrNoSubscription).to_string(),
            Problem::SubscriptionNotAvailable => texts.text(Key::ErrSubscriptionNotAvailable).to_string(),
            Problem::Office => texts.text(Key::ErrOffice).to_string(),
            Problem::NotCertified => texts.text(Key::ErrNotCertified).to_string(),
            Problem::GdapNameTaken => texts.text(Key::ErrGdapNameTaken).to_string(),
            Problem::ChooseProvider => texts.text(Key::ErrChooseProvider).to_string(),
            Problem::NoDelegatedAdminResold => texts.text(Key::ErrNoDelegatedAdminResold).to_string(),
            Problem::GdapDuration => texts.text(Key::ErrGdapDuration).to_string(),
            Problem::GdapRoles => texts.text(Key::ErrGdapRoles).to_string(),
            Problem::GdapRolesMax => texts.text(Key::ErrGdapRolesMax).to_string(),
            Problem::GdapNoAutoExtend => texts.text(Key::ErrGdapNoAutoExtend).to_string(),
            Problem::GdapGroupTaken => texts.text(Key::ErrGdapGroupTaken).to_string(),
            Problem::TemplateTaken => texts.text(Key::ErrTemplateTaken).to_string(),
            Problem::SetupCode => texts.text(Key::ErrSetupCode).to_string(),
            Problem::MpnIdTaken => texts.text(Key::ErrMpnIdTaken).to_string(),
            Problem::EmailTaken => texts.text(Key::ErrEmailTaken).to_string(),
            Problem::DomainPrefix => texts.text(Key::ErrDomainPrefix).to_string(),
            Problem::DomainTaken => texts.text(Key::ErrDomainTaken).to_string(),
            Problem::Phone => texts.text(Key::ErrPhone).to_string(),
            Problem::ChooseRole => texts.text(Key::ErrChooseRole).to_string(),
            Problem::NotPartneredReseller => texts.text(Key::RefusedNotPartnered).to_string(),
            Problem::ProviderOnly => texts.text(Key::ErrProviderOnly).to_string(),
            Problem::Origin => texts.text(Key::ErrOrigin).to_string(),
            Problem::TooMany { max } => texts.fill_in(Key::ErrTooMany, &[("max", &number(*max as i64, texts.locale()))]),
            Problem::Date => texts.text(Key::ErrDate).to_string(),
            Problem::Website => texts.text(Key::ErrWebsite).to_string(),
            Problem::UnknownCountry { typed } => texts.fill_in(Key::ErrUnknownCountry, &[("country", typed)]),
            Problem::SinceDate => texts.text(Key::ErrSinceDate).to_string(),
            Problem::ChooseDelegated => texts.text(Key::ErrChooseDelegated).to_string(),
            Problem::LogoFormat => texts.text(Key::ErrLogoFormat).to_string(),
            Problem::LogoTooLarge { max_kb } => texts.fill_in(Key::ErrLogoTooLarge, &[("max", &max_kb.to_string())]),
            Problem::PasswordTooShort { min } => texts.fill_in(Key::ErrPasswordTooShort, &[("min", &min.to_string())]),
            Problem::WebhookUrl => texts.text(Key::ErrWebhookUrl).to_string(),
            Problem::DuplicateSubscription => texts.text(Key::ErrDuplicateSubscription).to_string(),
            Problem::WebhookAddress => texts.text(Key::ErrWebhookAddress).to_string(),
            Problem::PasswordMismatch => texts.text(Key::ErrPasswordMismatch).to_string(),
            Problem::WrongPassword => texts.text(Key::ErrWrongPassword).to_string(),
            Problem::PasswordUnchanged => texts.text(Key::ErrPasswordUnchanged).to_string(),
            Problem::ChooseProgram => texts.text(Key::ErrChooseProgram).to_string(),
            Problem::LinkMissing => texts.text(Key::LinkMissing).to_string(),
            Problem::PlanNotOffered => texts.text(Key::ErrPlanNotOffered).to_string(),
            Problem::PriceAdjustment => texts.text(Key::ErrPriceAdjustment).to_string(),
            Problem::DiscountAboveLimit { max } => texts.fill_in(Key::ErrDiscountAboveLimit, &[("max", &max.to_string())]),
            Problem::WholeNumber { min, max } => texts.fill_in(
                Key::ErrLicenseRange,
                &[("min", &number(i64::from(*min), texts.locale())), ("max", &number(i64::from(*max), texts.locale()))],
            ),
            Problem::ChangeWindowClosed { closed_at, next_opens_at: Some(next) } => texts.fill_in(
                Key::ErrChangeWindowClosed,
                &[("closed", &crate::format::date_time(*closed_at, texts.locale())), ("next", &crate::format::date(*next, texts.locale()))],
            ),
            Problem::ChangeWindowClosed { closed_at, next_opens_at: None } => {
                texts.fill_in(Key::ErrChangeWindowClosedNoRenewal, &[("closed", &crate::format::date_time(*closed_at, texts.locale()))])
            }
            Problem::SubscriptionNotActive => texts.text(Key::ErrSubscriptionNotActive).to_string(),
            Problem::TrialEnds => texts.text(Key::ErrTrialEnds).to_string(),
            Problem::WrongCode => texts.text(Key::ErrWrongCode).to_string(),
        }
    }

    /// A stable, machine-readable name for the problem (the REST API's `code`).
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::TooLong { .. } => "too_long",
            Problem::Email => "email",
            Problem::Country => "country",
            Problem::Numeric => "numeric",
            Problem::MpnId => "mpn_id",
            Problem::LicenseRange { .. } => "license_range",
            Problem::NoSubscription => "no_subscription",
            Problem::SubscriptionNotAvailable => "subscription_not_available",
            Problem::Office => "office",
            Problem::NotCertified => "not_certified",
            Problem::GdapNameTaken => "gdap_name_taken",
            Problem::ChooseProvider => "choose_provider",
            Problem::NoDelegatedAdminResold => "no_delegated_admin_resold",
            Problem::GdapDuration => "gdap_duration",
            Problem::GdapRoles => "gdap_roles",
            Problem::GdapRolesMax => "gdap_roles_max",
            Problem::GdapNoAutoExtend => "gdap_no_auto_extend",
            Problem::GdapGroupTaken => "gdap_group_taken",
            Problem::TemplateTaken => "template_taken",
            Problem::SetupCode => "setup_code",
            Problem::MpnIdTaken => "mpn_id_taken",
            Problem::EmailTaken => "email_taken",
            Problem::PasswordTooShort { .. } => "password_too_short",
            Problem::LogoFormat => "logo_format",
            Problem::LogoTooLarge { .. } => "logo_too_large",
            Problem::DomainPrefix => "domain_prefix",
            Problem::DomainTaken => "domain_taken",
            Problem::Phone => "phone",
            Problem::ChooseDelegated => "choose_delegated",
            Problem::Origin => "origin",
            Problem::NotPartneredReseller => "not_partnered_reseller",
            Problem::ProviderOnly => "provider_only",
            Problem::ChooseRole => "choose_role",
            Problem::TooMany { .. } => "too_many",
            Problem::Date => "date",
            Problem::Website => "website",
            Problem::UnknownCountry { .. } => "unknown_country",
            Problem::SinceDate => "since_date",
            Problem::WebhookUrl => "webhook_url",
            Problem::DuplicateSubscription => "duplicate_subscription",
            Problem::WebhookAddress => "webhook_address",
            Problem::PasswordMismatch => "password_mismatch",
            Problem::WrongPassword => "wrong_password",
            Problem::PasswordUnchanged => "password_unchanged",
            Problem::ChooseProgram => "choose_program",
            Problem::LinkMissing => "link_missing",
            Problem::PlanNotOffered => "plan_not_offered",
            Problem::PriceAdjustment => "price_adjustment",
            Problem::DiscountAboveLimit { .. } => "discount_above_limit",
            Problem::WholeNumber { .. } => "whole_number",
            Problem::ChangeWindowClosed { .. } => "change_window_closed",
            Problem::SubscriptionNotActive => "subscription_not_active",
            Problem::TrialEnds => "trial_ends",
            Problem::WrongCode => "wrong_code",
        }
    }
}

/// A problem with one named field of a form (the name is the form field's `name`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: impl Into<String>, problem: Problem) -> Self {
        FieldError { field: field.into(), problem }
    }
}

/// The problems to show after a person changed some fields: each changed field's problem is
/// replaced by what the same rules say now (`now`: the whole form checked again), so a fixed
/// field stops showing its message at once; the other fields keep theirs until the next step
/// checks them, and a field with no message yet gets none while it is being typed.
pub fn after_edit(shown: &[FieldError], now: &[FieldError], changed: &[String]) -> Vec<FieldError> {
    shown.iter().filter_map(|e| if changed.contains(&e.field) { now.iter().find(|n| n.field == e.field).cloned() } else { Some(e.clone()) }).collect()
}

/// Collects field errors while a validator walks a form.
#[derive(Default, Debug)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: impl Into<String>, problem: Problem) {
        self.0.push(FieldError::new(field, problem));
    }
    /// Runs a single-field check and records its problem, returning the checked value.
    pub fn check<T>(&mut self, field: &str, result: Result<T, Problem>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(problem) => {
                self.add(field, problem);
                None
            }
        }
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, AppError> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(AppError::Invalid(self.0))
        }
    }
}

/// A business rule that refused an action, with a message that says what to do instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// The request was accepted already (by this or another reseller).
    RequestAlreadyAccepted,
    /// The provider revoked the request.
    RequestRevoked,
    /// The organisations are partners already.
    AlreadyPartners,
    /// The reseller asked this provider to partner already; the provider has not answered.
    AlreadyAsked,
    /// The request to partner was answered (or withdrawn) before this answer arrived.
    AskAlreadyAnswered,
    /// A provider cannot accept its own request.
    OwnRequest,
    /// The reseller is not (or no longer) a partner of the provider.
    NotPartnered,
    /// The advisor withdrew the purchase offer.
    OfferWithdrawn,
    /// The purchase offer's expiry date has passed.
    OfferExpired,
    /// A two-tier offer whose reseller no longer partners with the provider.
    OfferPartnershipEnded,
    /// The same order was submitted before (a retry): the customer already exists.
    AlreadySubmitted,
    /// An admin cannot deactivate their own account.
    DeactivateSelf,
    /// An admin cannot remove their own last admin role.
    OwnAdminRole,
    /// The organisation must keep an active Global admin.
    LastGlobalAdmin,
    /// A profile change was decided (or withdrawn) before this decision arrived.
    ChangeAlreadyDecided,
    /// Only a Global admin may add a Global admin, or change, reset or (de)activate one.
    GlobalAdminOnly,
    /// Nobody gives a role they do not hold themselves (a Global admin holds them all).
    RoleNotHeld,
    /// A password reset link that was used, expired, or replaced by a newer one.
    ResetLinkInvalid,
    /// An invitation link that was used, expired, revoked or replaced by a newer one.
    InvitationInvalid,
    /// The user was sent as many password links this hour as anyone may be.
    TooManyResetLinks,
    /// The user has joined already (the invitation was accepted): nothing to resend or revoke.
    AlreadyJoined,
    /// Not the installation's current setup code (used already, or replaced at a restart).
    SetupCodeInvalid,
    /// The operator's own organisation is not suspended, nor its programs changed, from the
    /// organisations console (it would lock the operators out).
    OwnOrganisation,
    /// Only an organisation in the Subscription advisor program is certified for delegated
    /// administration.
    NeedsAdvisorProgram,
    /// The organisation's access is suspended by the installation's operator.
    OrganisationSuspended,
    /// A join request names an MPN ID another organisation holds.
    MpnIdHeld,
    /// A join request's email already has an account.
    EmailHasAccount,
    /// Two-step verification was not being set up (the setup page was opened in another tab
    /// and finished there, or it was reset).
    MfaSetupExpired,
    /// Two-step verification is off (no recovery codes to make).
    MfaOff,
    /// The organisation requires two-step verification: it stays on.
    MfaRequired,
    /// The second step of a sign-in came too late or without its first step.
    SignInAgain,
    /// Two-step verification is on: a new app is set up after turning it off with a code.
    MfaAlreadyOn,
    /// The client sent as many questions and declines about this offer today as anyone may
    /// ([`crate::offers::replies::REPLIES_PER_CLIENT_PER_DAY`]).
    TooManyReplies,
    /// A new version replaced the offer already: a newer version is made from that one.
    OfferReplacedAlready,
}

impl Refusal {
    pub const ALL: [Refusal; 34] = [
        Refusal::RequestAlreadyAccepted,
        Refusal::RequestRevoked,
        Refusal::AlreadyPartners,
        Refusal::AlreadyAsked,
        Refusal::AskAlreadyAnswered,
        Refusal::OwnRequest,
        Refusal::NotPartnered,
        Refusal::OfferWithdrawn,
        Refusal::OfferExpired,
        Refusal::OfferPartnershipEnded,
        Refusal::AlreadySubmitted,
        Refusal::DeactivateSelf,
        Refusal::OwnAdminRole,
        Refusal::LastGlobalAdmin,
        Refusal::ChangeAlreadyDecided,
        Refusal::GlobalAdminOnly,
        Refusal::RoleNotHeld,
        Refusal::ResetLinkInvalid,
        Refusal::InvitationInvalid,
        Refusal::TooManyResetLinks,
        Refusal::AlreadyJoined,
        Refusal::SetupCodeInvalid,
        Refusal::OwnOrganisation,
        Refusal::NeedsAdvisorProgram,
        Refusal::OrganisationSuspended,
        Refusal::MpnIdHeld,
        Refusal::EmailHasAccount,
        Refusal::MfaSetupExpired,
        Refusal::MfaOff,
        Refusal::MfaRequired,
        Refusal::SignInAgain,
        Refusal::MfaAlreadyOn,
        Refusal::TooManyReplies,
        Refusal::OfferReplacedAlready,
    ];

    pub fn key(self) -> Key {
        match self {
            Refusal::RequestAlreadyAccepted => Key::RefusedRequestAccepted,
            Refusal::RequestRevoked => Key::RefusedRequestRevoked,
            Refusal::AlreadyPartners => Key::RefusedAlreadyPartners,
            Refusal::AlreadyAsked => Key::RefusedAlreadyAsked,
            Refusal::AskAlreadyAnswered => Key::RefusedAskAnswered,
            Refusal::OwnRequest => Key::RefusedOwnRequest,
            Refusal::NotPartnered => Key::RefusedNotPartnered,
            Refusal::OfferWithdrawn => Key::OfferWithdrawnText,
            Refusal::OfferExpired => Key::OfferExpiredText,
            Refusal::OfferPartnershipEnded => Key::OfferPartnershipEndedText,
            Refusal::AlreadySubmitted => Key::RefusedAlreadySubmitted,
            Refusal::DeactivateSelf => Key::RefusedDeactivateSelf,
            Refusal::OwnAdminRole => Key::RefusedOwnAdminRole,
            Refusal::LastGlobalAdmin => Key::RefusedLastGlobalAdmin,
            Refusal::ChangeAlreadyDecided => Key::RefusedChangeDecided,
            Refusal::GlobalAdminOnly => Key::RefusedGlobalAdminOnly,
            Refusal::RoleNotHeld => Key::RefusedRoleNotHeld,
            Refusal::ResetLinkInvalid => Key::ResetLinkInvalid,
            Refusal::InvitationInvalid => Key::InvitationInvalid,
            Refusal::TooManyResetLinks => Key::TooManyResetLinks,
            Refusal::AlreadyJoined => Key::AlreadyJoined,
            Refusal::SetupCodeInvalid => Key::SetupCodeInvalid,
            Refusal::OwnOrganisation => Key::RefusedOwnOrganisation,
            Refusal::NeedsAdvisorProgram => Key::RefusedNeedsAdvisorProgram,
            Refusal::OrganisationSuspended => Key::RefusedOrganisationSuspended,
            Refusal::MpnIdHeld => Key::RefusedMpnIdHeld,
            Refusal::EmailHasAccount => Key::RefusedEmailHasAccount,
            Refusal::MfaSetupExpired => Key::RefusedMfaSetupExpired,
            Refusal::MfaOff => Key::RefusedMfaOff,
            Refusal::MfaRequired => Key::RefusedMfaRequired,
            Refusal::SignInAgain => Key::RefusedSignInAgain,
            Refusal::MfaAlreadyOn => Key::RefusedMfaAlreadyOn,
            Refusal::TooManyReplies => Key::RefusedTooManyReplies,
            Refusal::OfferReplacedAlready => Key::RefusedOfferReplacedAlready,
        }
    }

    /// A stable, machine-readable name for the refusal (the REST API's `code`).
    pub fn code(self) -> &'static str {
        match self {
            Refusal::RequestAlreadyAccepted => "request_already_accepted",
            Refusal::RequestRevoked => "request_revoked",
            Refusal::AlreadyPartners => "already_partners",
            Refusal::AlreadyAsked => "already_asked",
            Refusal::AskAlreadyAnswered => "ask_already_answered",
            Refusal::OwnRequest => "own_request",
            Refusal::NotPartnered => "not_partnered",
            Refusal::OfferWithdrawn => "offer_withdrawn",
            Refusal::OfferExpired => "offer_expired",
            Refusal::OfferPartnershipEnded => "offer_partnership_ended",
            Refusal::AlreadySubmitted => "already_submitted",
            Refusal::DeactivateSelf => "deactivate_self",
            Refusal::OwnAdminRole => "own_admin_role",
            Refusal::LastGlobalAdmin => "last_global_admin",
            Refusal::ChangeAlreadyDecided => "change_already_decided",
            Refusal::GlobalAdminOnly => "global_admin_only",
            Refusal::RoleNotHeld => "role_not_held",
            Refusal::ResetLinkInvalid => "reset_link_invalid",
            Refusal::InvitationInvalid => "invitation_invalid",
            Refusal::TooManyResetLinks => "too_many_reset_links",
            Refusal::AlreadyJoined => "already_joined",
            Refusal::SetupCodeInvalid => "setup_code_invalid",
            Refusal::OwnOrganisation => "own_organisation",
            Refusal::NeedsAdvisorProgram => "needs_advisor_program",
            Refusal::OrganisationSuspended => "organisation_suspended",
            Refusal::MpnIdHeld => "mpn_id_held",
            Refusal::EmailHasAccount => "email_has_account",
            Refusal::MfaSetupExpired => "mfa_setup_expired",
            Refusal::MfaOff => "mfa_off",
            Refusal::MfaRequired => "mfa_required",
            Refusal::SignInAgain => "sign_in_again",
            Refusal::MfaAlreadyOn => "mfa_already_on",
            Refusal::TooManyReplies => "too_many_replies",
            Refusal::OfferReplacedAlready => "offer_replaced_already",
        }
    }
}

/// Every error a server function can return.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    NotSignedIn,
    #[error("missing role")]
    MissingRole { roles: Vec<Role> },
    #[error("organisation not in program")]
    WrongProgram { program: Program },
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("wrong email or password")]
    WrongCredentials,
    #[error("too many attempts")]
    TooManyAttempts { minutes: u32 },
    /// Too many requests from one address to a public endpoint this minute.
    #[error("too many requests")]
    RateLimited { seconds: u32 },
    /// Send test event was used more than `max` times this minute by the organisation.
    #[error("too many test events")]
    TooManyTestEvents { max: u32, seconds: u32 },
    /// The organisation's users had PartnerDesk send `per_day` messages they wrote in the
    /// last 24 hours, or `per_recipient` to this address.
    #[error("too many messages")]
    TooManyMessages { per_day: u32, per_recipient: u32 },
    #[error("conflicting change")]
    Conflict,
    /// A business rule refused the action.
    #[error("refused: {0:?}")]
    Refused(Refusal),
    #[error("internal error")]
    Internal,
    /// The request itself could not be decoded or sent (transport, serialization).
    #[error("request failed: {0}")]
    Request(String),
    /// An admin set the user's password: nothing but changing it (Settings > My account) and
    /// signing out works until they do.
    #[error("password change required")]
    PasswordChangeRequired,
    /// The organisation requires two-step verification and the user has not set it up: nothing
    /// but Settings > My account and signing out works until they do.
    #[error("two-step verification setup required")]
    TwoStepSetupRequired,
}

impl AppError {
    /// One error of each kind (every refusal, no roles named): what a public page's
    /// [`TextSet`](crate::i18n::TextSet) must cover. The match stops the build when a kind is
    /// added and not listed here.
    pub fn every_kind() -> Vec<AppError> {
        fn listed(error: &AppError) {
            match error {
                AppError::NotSignedIn
                | AppError::MissingRole { .. }
                | AppError::WrongProgram { .. }
                | AppError::NotFound
                | AppError::Invalid(_)
                | AppError::WrongCredentials
                | AppError::TooManyAttempts { .. }
                | AppError::RateLimited { .. }
                | AppError::Conflict
                | AppError::TooManyTestEvents { .. }
                | AppError::TooManyMessages { .. }
                | AppError::Refused(_)
                | AppError::Internal
                | AppError::Request(_)
                | AppError::PasswordChangeRequired
                | AppError::TwoStepSetupRequired => {}
            }
        }
        let mut every = vec![
            AppError::NotSignedIn,
            AppError::MissingRole { roles: Vec::new() },
            AppError::NotFound,
            AppError::Invalid(Vec::new()),
            AppError::WrongCredentials,
            AppError::TooManyAttempts { minutes: 15 },
            AppError::RateLimited { seconds: 60 },
            AppError::Conflict,
            AppError::TooManyTestEvents { max: 10, seconds: 60 },
            AppError::TooManyMessages { per_day: 100, per_recipient: 3 },
            AppError::Internal,
            AppError::Request(String::new()),
            AppError::PasswordChangeRequired,
            AppError::TwoStepSetupRequired,
        ];
        every.extend([Program::Advisor, Program::IndirectProvider, Program::IndirectReseller].map(|program| AppError::WrongProgram { program }));
        every.extend(Refusal::ALL.map(AppError::Refused));
        every.iter().for_each(listed);
        every
    }

    pub fn invalid(field: &str, problem: Problem) -> Self {
        AppError::Invalid(vec![FieldError::new(field, problem)])
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotSignedIn => 401,
            AppError::MissingRole { .. } | AppError::WrongProgram { .. } | AppError::PasswordChangeRequired | AppError::TwoStepSetupRequired => 403,
            AppError::Refused(Refusal::GlobalAdminOnly | Refusal::RoleNotHeld | Refusal::OrganisationSuspended) => 403,
            AppError::NotFound => 404,
            AppError::Invalid(_) | AppError::WrongCredentials | AppError::Request(_) => 422,
            AppError::TooManyAttempts { .. }
            | AppError::RateLimited { .. }
            | AppError::TooManyTestEvents { .. }
            | AppError::TooManyMessages { .. } => 429,
            AppError::Conflict | AppError::Refused(_) => 409,
            AppError::Internal => 500,
        }
    }

    /// The field errors, when this is a validation failure.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            AppError::Invalid(errors) => errors,
            _ => &[],
        }
    }

    /// A sentence a person can act on, in their language.
    pub fn message(&self, locale: Locale) -> String {
        self.message_in(&locale)
    }

    /// The sentence with texts from `texts` (the catalog, or a page's [`TextSet`](crate::i18n::TextSet)).
    pub fn message_in(&self, texts: &dyn Texts) -> String {
        match self {
            AppError::NotSignedIn => texts.text(Key::NotSignedIn).to_string(),
            AppError::MissingRole { roles } => {
                let names: Vec<&str> = roles.iter().map(|r| texts.text(r.key())).collect();
                texts.fill_in(Key::ErrForbiddenRole, &[("roles", &names.join(", "))])
            }
            AppError::WrongProgram { program } => texts.fill_in(Key::ForbiddenProgram, &[("program", texts.text(program.key()))]),
            AppError::NotFound => texts.text(Key::ErrNotFound).to_string(),
            AppError::Invalid(_) => texts.text(Key::FixErrorsBelow).to_string(),
            AppError::WrongCredentials => texts.text(Key::WrongCredentials).to_string(),
            AppError::TooManyAttempts { minutes } => texts.fill_in(Key::TooManyAttempts, &[("minutes", &minutes.to_string())]),
            AppError::RateLimited { seconds } => texts.fill_in(Key::RateLimited, &[("seconds", &seconds.to_string())]),
            AppError::TooManyTestEvents { max, seconds } => {
                texts.fill_in(Key::TooManyTestEvents, &[("max", &max.to_string()), ("seconds", &seconds.to_string())])
            }
            AppError::TooManyMessages { per_day, per_recipient } => {
                texts.fill_in(Key::TooManyMessages, &[("per_day", &per_day.to_string()), ("per_recipient", &per_recipient.to_string())])
            }
            AppError::Conflict => texts.text(Key::ErrConflict).to_string(),
            AppError::Refused(refusal) => texts.text(refusal.key()).to_string(),
            AppError::Internal => texts.text(Key::ServerErrorText).to_string(),
            AppError::Request(_) => texts.text(Key::ErrRequestRejected).to_string(),
            AppError::PasswordChangeRequired => texts.text(Key::ErrPasswordChangeRequired).to_string(),
            AppError::TwoStepSetupRequired => texts.text(Key::ErrTwoStepSetupRequired).to_string(),
        }
    }
}

#[cfg(feature = "server-fn")]
impl server_fn::error::FromServerFnError for AppError {
    type Encoder = server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: server_fn::error::ServerFnErrorErr) -> Self {
        AppError::Request(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_field_loses_its_message_and_the_others_keep_theirs() {
        let shown = vec![FieldError::new("city", Problem::Required), FieldError::new("company_name", Problem::Required)];
        let now = vec![FieldError::new("company_name", Problem::Required), FieldError::new("postal_code", Problem::Required)];
        // The city was typed in: its message goes; the untouched company name keeps its own;
        // the postal code gets no message before the step is checked again.
        assert_eq!(after_edit(&shown, &now, &["city".to_string()]), vec![FieldError::new("company_name", Problem::Required)]);
        // A changed field that is still wrong shows what is wrong now.
        let still = vec![FieldError::new("city", Problem::TooLong { max: 100 })];
        assert_eq!(after_edit(&shown, &still, &["city".to_string()])[0], FieldError::new("city", Problem::TooLong { max: 100 }));
    }
}
