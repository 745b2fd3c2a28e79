//! The email PartnerDesk sends: each message's subject, plain text and HTML, in the
//! recipient's language. Messages are composed here, queued by the store in the transaction of
//! the change that causes them, and delivered by the server's mail worker.

use crate::error::{FieldError, Problem};
use crate::format::escape_html;
use crate::i18n::{Key, Locale};
use serde::{Deserialize, Serialize};

/// How long a password reset link works.
pub const PASSWORD_RESET_MINUTES: i64 = 60;
/// Password reset messages one account gets in an hour at most (more requests are answered the
/// same way but send nothing, so nobody can flood a mailbox through the form).
pub const PASSWORD_RESETS_PER_HOUR: i64 = 3;
/// Delivery attempts before a message is given up.
pub const MAX_ATTEMPTS: i64 = 8;

/// What a message is about, as its delivery log shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EmailKind {
    PasswordReset,
    Invitation,
    /// Join PartnerDesk: the link that confirms the applicant's email.
    JoinConfirmation,
    /// Join PartnerDesk: the request waits for the operator.
    JoinReceived,
    /// Join PartnerDesk: approved, with the first admin's invitation link.
    JoinApproved,
    /// Join PartnerDesk: declined, with the reason.
    JoinDeclined,
    /// A client accepted a purchase offer (to its advisor).
    OfferAccepted,
    /// A reseller accepted a partnership request (to the provider).
    PartnershipAccepted,
    /// A provider removed a partnership (to the reseller).
    PartnershipRemoved,
    PartnershipAsked,
    PartnershipAskAnswered,
    /// The operator decided on a provider's profile change (to whoever proposed it).
    ProfileDecided,
    /// A provider's partnership request, written by its user and sent by PartnerDesk.
    PartnershipRequest,
    /// An advisor's purchase offer, sent to the client from the Send page.
    PurchaseOffer,
    /// A reseller registered through a partnership link: the link that confirms their email.
    RegistrationConfirmation,
    /// A client asked a question about a purchase offer or declined it (to its advisor).
    OfferReplied,
    /// A trial started from a trial invitation ends in a few days (to its advisor).
    TrialEnding,
    /// An open offer expires in a few days (to its advisor).
    OfferExpiring,
    /// A subscription renews on its own within 30 days (to the provider's Global admins).
    Renewing,
    /// A subscription's change window closes within a day (to the provider's Global admins).
    WindowClosing,
    /// A delegated admin relationship ends within 30 days and will not extend itself (to the
    /// partner's Global admins).
    DelegatedAdminExpiring,
}

impl EmailKind {
    pub const ALL: [EmailKind; 21] = [
        EmailKind::PasswordReset,
        EmailKind::Invitation,
        EmailKind::JoinConfirmation,
        EmailKind::JoinReceived,
        EmailKind::JoinApproved,
        EmailKind::JoinDeclined,
        EmailKind::OfferAccepted,
        EmailKind::PartnershipAccepted,
        EmailKind::PartnershipRemoved,
        EmailKind::PartnershipAsked,
        EmailKind::PartnershipAskAnswered,
        EmailKind::ProfileDecided,
        EmailKind::PartnershipRequest,
        EmailKind::PurchaseOffer,
        EmailKind::RegistrationConfirmation,
        EmailKind::OfferReplied,
        EmailKind::TrialEnding,
        EmailKind::WindowClosing,
        EmailKind::OfferExpiring,
        EmailKind::Renewing,
        EmailKind::DelegatedAdminExpiring,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EmailKind::PasswordReset => "password_reset",
            EmailKind::Invitation => "invitation",
            EmailKind::JoinConfirmation => "join_confirmation",
            EmailKind::JoinReceived => "join_received",
            EmailKind::JoinApproved => "join_approved",
            EmailKind::JoinDeclined => "join_declined",
            EmailKind::OfferAccepted => "offer_accepted",
            EmailKind::PartnershipAccepted => "partnership_accepted",
            EmailKind::PartnershipRemoved => "partnership_removed",
            EmailKind::PartnershipAsked => "partnership_asked",
            EmailKind::PartnershipAskAnswered => "partnership_ask_answered",
            EmailKind::ProfileDecided => "profile_decided",
            EmailKind::PartnershipRequest => "partnership_request",
            EmailKind::PurchaseOffer => "purchase_offer",
            EmailKind::RegistrationConfirmation => "registration_confirmation",
            EmailKind::OfferReplied => "offer_replied",
            EmailKind::TrialEnding => "trial_ending",
            EmailKind::OfferExpiring => "offer_expiring",
            EmailKind::Renewing => "renewing",
            EmailKind::WindowClosing => "window_closing",
            EmailKind::DelegatedAdminExpiring => "delegated_admin_expiring",
        }
    }

    pub fn from_code(code: &str) -> Option<EmailKind> {
        EmailKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One message of the delivery log (its body is not kept once sent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct EmailLogLine {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub created_at: i64,
    pub attempts: i64,
    pub sent_at: Option<i64>,
    pub gave_up_at: Option<i64>,
    pub last_error: Option<String>,
}

/// How many lines the operator's email log shows (the newest).
pub const EMAIL_LOG_LINES: i64 = 200;

/// A message of the development mailbox: without `SMTP_URL`, the mail worker writes each
/// message to the mail folder (an `.eml` file) with this beside it, for the mailbox page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailboxMessage {
    /// The file's name without its extension: [`MailboxMessage::is_id`].
    pub id: String,
    pub kind: String,
    pub to: String,
    pub reply_to: Option<String>,
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// When it was written (Unix seconds).
    pub written_at: i64,
}

impl MailboxMessage {
    /// How many messages the mailbox page lists (the newest).
    pub const LISTED: usize = 100;

    /// Whether `id` can name a message: letters, digits and dashes, at most 64 (so no path
    /// can be made of it).
    pub fn is_id(id: &str) -> bool {
        !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    }

    /// The web links in the text part, in order, each once.
    pub fn links(&self) -> Vec<String> {
        let mut links: Vec<String> = Vec::new();
        for word in self.text.split_whitespace() {
            let word = word.trim_end_matches(['.', ',', ')', ';']);
            if (word.starts_with("https://") || word.starts_with("http://")) && !links.iter().any(|l| l == word) {
                links.push(word.to_string());
            }
        }
        links
    }
}

impl EmailKind {
    /// The kind's name on the operator's email log.
    pub fn key(self) -> Key {
        match self {
            EmailKind::PasswordReset => Key::EmailKindPasswordReset,
            EmailKind::Invitation => Key::EmailKindInvitation,
            EmailKind::JoinConfirmation => Key::EmailKindJoinConfirmation,
            EmailKind::JoinReceived => Key::EmailKindJoinReceived,
            EmailKind::JoinApproved => Key::EmailKindJoinApproved,
            EmailKind::JoinDeclined => Key::EmailKindJoinDeclined,
            EmailKind::OfferAccepted => Key::NotificationOfferAccepted,
            EmailKind::PartnershipAccepted => Key::NotificationPartnershipAccepted,
            EmailKind::PartnershipRemoved => Key::NotificationPartnershipRemoved,
            EmailKind::PartnershipAsked => Key::NotificationPartnershipAsked,
            EmailKind::PartnershipAskAnswered => Key::NotificationPartnershipAskAnswered,
            EmailKind::ProfileDecided => Key::NotificationProfileDecided,
            EmailKind::PartnershipRequest => Key::EmailKindPartnershipRequest,
            EmailKind::PurchaseOffer => Key::EmailKindPurchaseOffer,
            EmailKind::RegistrationConfirmation => Key::EmailKindRegistrationConfirmation,
            EmailKind::OfferReplied => Key::NotificationOfferReplied,
            EmailKind::TrialEnding => Key::NotificationTrialEnding,
            EmailKind::OfferExpiring => Key::NotificationOfferExpiring,
            EmailKind::Renewing => Key::NotificationRenewing,
            EmailKind::WindowClosing => Key::NotificationWindowClosing,
            EmailKind::DelegatedAdminExpiring => Key::NotificationDelegatedAdminExpiring,
        }
    }
}

/// The messages an organisation's Global admin may turn off for its users (Settings >
/// Notifications); the others (links to sign in, join decisions) always go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Notification {
    OfferAccepted,
    OfferReplied,
    PartnershipAccepted,
    PartnershipRemoved,
    PartnershipAsked,
    PartnershipAskAnswered,
    ProfileDecided,
    TrialEnding,
    WindowClosing,
    OfferExpiring,
    Renewing,
    DelegatedAdminExpiring,
}

impl Notification {
    pub const ALL: [Notification; 12] = [
        Notification::OfferAccepted,
        Notification::OfferReplied,
        Notification::OfferExpiring,
        Notification::TrialEnding,
        Notification::PartnershipAccepted,
        Notification::PartnershipRemoved,
        Notification::PartnershipAsked,
        Notification::PartnershipAskAnswered,
        Notification::ProfileDecided,
        Notification::WindowClosing,
        Notification::Renewing,
        Notification::DelegatedAdminExpiring,
    ];

    /// The message it sends (its code is the notification's code).
    pub fn kind(self) -> EmailKind {
        match self {
            Notification::OfferAccepted => EmailKind::OfferAccepted,
            Notification::OfferReplied => EmailKind::OfferReplied,
            Notification::PartnershipAccepted => EmailKind::PartnershipAccepted,
            Notification::PartnershipRemoved => EmailKind::PartnershipRemoved,
            Notification::PartnershipAsked => EmailKind::PartnershipAsked,
            Notification::PartnershipAskAnswered => EmailKind::PartnershipAskAnswered,
            Notification::ProfileDecided => EmailKind::ProfileDecided,
            Notification::TrialEnding => EmailKind::TrialEnding,
            Notification::WindowClosing => EmailKind::WindowClosing,
            Notification::OfferExpiring => EmailKind::OfferExpiring,
            Notification::Renewing => EmailKind::Renewing,
            Notification::DelegatedAdminExpiring => EmailKind::DelegatedAdminExpiring,
        }
    }

    pub fn code(self) -> &'static str {
        self.kind().code()
    }

    pub fn from_code(code: &str) -> Option<Notification> {
        Notification::ALL.into_iter().find(|n| n.code() == code)
    }

    /// Who gets it, in words, for the settings page.
    pub fn description(self) -> Key {
        match self {
            Notification::OfferAccepted => Key::NotificationOfferAcceptedWho,
            Notification::OfferReplied => Key::NotificationOfferRepliedWho,
            Notification::PartnershipAccepted => Key::NotificationPartnershipAcceptedWho,
            Notification::PartnershipRemoved => Key::NotificationPartnershipRemovedWho,
            Notification::PartnershipAsked => Key::NotificationPartnershipAskedWho,
            Notification::PartnershipAskAnswered => Key::NotificationPartnershipAskAnsweredWho,
            Notification::ProfileDecided => Key::NotificationProfileDecidedWho,
            Notification::TrialEnding => Key::NotificationTrialEndingWho,
            Notification::WindowClosing => Key::NotificationWindowClosingWho,
            Notification::OfferExpiring => Key::NotificationOfferExpiringWho,
            Notification::Renewing => Key::NotificationRenewingWho,
            Notification::DelegatedAdminExpiring => Key::NotificationDelegatedAdminExpiringWho,
        }
    }

    /// Whether an organisation in `programs` gets it.
    pub fn reaches(self, programs: &crate::roles::Programs) -> bool {
        use crate::roles::Program;
        match self {
            Notification::OfferAccepted | Notification::OfferReplied | Notification::TrialEnding | Notification::OfferExpiring => {
                programs.has(Program::Advisor)
            }
            Notification::WindowClosing | Notification::Renewing => programs.has(Program::IndirectProvider),
            Notification::PartnershipAccepted => programs.has(Program::IndirectProvider),
            Notification::PartnershipRemoved | Notification::PartnershipAskAnswered => programs.has(Program::IndirectReseller),
            Notification::PartnershipAsked => programs.has(Program::IndirectProvider),
            Notification::ProfileDecided => programs.has(Program::IndirectProvider),
            // Advisors' customers come from their offers, providers' from New customer.
            Notification::DelegatedAdminExpiring => programs.has(Program::Advisor) || programs.has(Program::IndirectProvider),
        }
    }
}

/// What a reminder is about: the customer, the subscription (its name and license count), when
/// (a trial's end, a change window's close) and the page to act on.
#[derive(Clone, Copy, Debug)]
pub struct Reminder<'a> {
    pub company: &'a str,
    pub line: &'a str,
    pub at: i64,
    pub link: &'a str,
}

/// What an offer's reminder is about: the offer, its usage location (a country code), when it
/// expires, how many clients accepted it so far, and its page.
#[derive(Clone, Copy, Debug)]
pub struct OfferReminder<'a> {
    pub summary_id: &'a str,
    pub location: &'a str,
    pub at: i64,
    pub acceptances: i64,
    pub link: &'a str,
}

/// A message ready to queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    pub kind: EmailKind,
    pub to: String,
    pub locale: Locale,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Where replies go (the partner's user who wrote a [`PartnerMessage`]); none for
    /// PartnerDesk's own messages.
    pub reply_to: Option<String>,
}

impl Email {
    /// The link that lets `name` choose a new password (single use, [`PASSWORD_RESET_MINUTES`]).
    pub fn password_reset(to: &str, locale: Locale, name: &str, link: &str) -> Email {
        let minutes = PASSWORD_RESET_MINUTES.to_string();
        Email::compose(
            EmailKind::PasswordReset,
            to,
            locale,
            locale.t(Key::PasswordResetEmailSubject),
            &[locale.fill(Key::EmailGreeting, &[("name", name)]), locale.fill(Key::PasswordResetEmailBody, &[("minutes", &minutes)])],
            Some((locale.t(Key::ChooseNewPassword), link)),
            &[locale.t(Key::PasswordResetEmailIgnore).to_string()],
        )
    }

    /// An invitation to join `organisation` on PartnerDesk: the link lets `name` choose their
    /// own password (single use, [`crate::users::INVITATION_DAYS`] days).
    pub fn invitation(to: &str, locale: Locale, name: &str, inviter: &str, organisation: &str, link: &str) -> Email {
        let days = crate::users::INVITATION_DAYS.to_string();
        Email::compose(
            EmailKind::Invitation,
            to,
            locale,
            &locale.fill(Key::InvitationEmailSubject, &[("organisation", organisation)]),
            &[
                locale.fill(Key::EmailGreeting, &[("name", name)]),
                locale.fill(Key::InvitationEmailBody, &[("inviter", inviter), ("organisation", organisation), ("days", &days)]),
            ],
            Some((locale.t(Key::AcceptInvitation), link)),
            &[locale.t(Key::InvitationEmailIgnore).to_string()],
        )
    }

    /// The link that confirms the email of someone who asked for `company` to join
    /// (single use, [`crate::join::CONFIRM_HOURS`] hours).
    pub fn join_confirmation(to: &str, locale: Locale, name: &str, company: &str, link: &str) -> Email {
        let hours = crate::join::CONFIRM_HOURS.to_string();
        Email::compose(
            EmailKind::JoinConfirmation,
            to,
            locale,
            locale.t(Key::JoinConfirmEmailSubject),
            &[locale.fill(Key::EmailGreeting, &[("name", name)]), locale.fill(Key::JoinConfirmEmailBody, &[("company", company), ("hours", &hours)])],
            Some((locale.t(Key::ConfirmMyEmail), link)),
            &[locale.t(Key::JoinConfirmEmailIgnore).to_string()],
        )
    }

    /// The link that confirms the email of `name`, who registered `company` to answer
    /// `provider`'s partnership request (single use, [`crate::resellers::REGISTRATION_CONFIRM_HOURS`] hours).
    pub fn registration_confirmation(to: &str, locale: Locale, name: &str, company: &str, provider: &str, link: &str) -> Email {
        let hours = crate::resellers::REGISTRATION_CONFIRM_HOURS.to_string();
        Email::compose(
            EmailKind::RegistrationConfirmation,
            to,
            locale,
            &locale.fill(Key::RegistrationEmailSubject, &[("company", company)]),
            &[
                locale.fill(Key::EmailGreeting, &[("name", name)]),
                locale.fill(Key::RegistrationEmailBody, &[("company", company), ("provider", provider), ("hours", &hours)]),
            ],
            Some((locale.t(Key::ConfirmMyEmail), link)),
            &[locale.t(Key::RegistrationEmailIgnore).to_string()],
        )
    }

    /// The request for `company` is confirmed and waits for the operator.
    pub fn join_received(to: &str, locale: Locale, name: &str, company: &str) -> Email {
        Email::compose(
            EmailKind::JoinReceived,
            to,
            locale,
            &locale.fill(Key::JoinReceivedEmailSubject, &[("company", company)]),
            &[locale.fill(Key::EmailGreeting, &[("name", name)]), locale.fill(Key::JoinReceivedEmailBody, &[("company", company)])],
            None,
            &[],
        )
    }

    /// The request for `company` is approved: `name` is its Global admin and chooses a password
    /// with the invitation link (single use, [`crate::users::INVITATION_DAYS`] days).
    pub fn join_approved(to: &str, locale: Locale, name: &str, company: &str, link: &str) -> Email {
        let days = crate::users::INVITATION_DAYS.to_string();
        Email::compose(
            EmailKind::JoinApproved,
            to,
            locale,
            &locale.fill(Key::JoinApprovedEmailSubject, &[("company", company)]),
            &[locale.fill(Key::EmailGreeting, &[("name", name)]), locale.fill(Key::JoinApprovedEmailBody, &[("company", company), ("days", &days)])],
            Some((locale.t(Key::AcceptInvitation), link)),
            &[],
        )
    }

    /// The request for `company` is declined, for `reason`.
    pub fn join_declined(to: &str, locale: Locale, name: &str, company: &str, reason: &str) -> Email {
        Email::compose(
            EmailKind::JoinDeclined,
            to,
            locale,
            &locale.fill(Key::JoinDeclinedEmailSubject, &[("company", company)]),
            &[
                locale.fill(Key::EmailGreeting, &[("name", name)]),
                locale.fill(Key::JoinDeclinedEmailBody, &[("company", company)]),
                reason.to_string(),
            ],
            None,
            &[locale.t(Key::JoinDeclinedEmailAfter).to_string()],
        )
    }

    /// A client accepted `summary_id`: who, what (each line's name and license count) and
    /// whether they granted delegated administration (`None`: the offer did not ask). For a
    /// trial invitation, `trial_ends_at` is when the trial they started ends.
    #[allow(clippy::too_many_arguments)]
    pub fn offer_accepted(
        to: &str,
        locale: Locale,
        name: &str,
        summary_id: &str,
        company: &str,
        lines: &[(String, i64)],
        delegated: Option<bool>,
        link: &str,
        trial_ends_at: Option<i64>,
    ) -> Email {
        let (subject, body) = match trial_ends_at {
            Some(_) => (Key::TrialStartedEmailSubject, Key::TrialStartedEmailBody),
            None => (Key::OfferAcceptedEmailSubject, Key::OfferAcceptedEmailBody),
        };
        let ends = trial_ends_at.map(|t| crate::format::date(t, locale)).unwrap_or_default();
        let mut paragraphs = vec![
            locale.fill(Key::EmailGreeting, &[("name", name)]),
            locale.fill(body, &[("company", company), ("summary", summary_id), ("date", &ends)]),
        ];
        paragraphs.extend(lines.iter().map(|(product, count)| format!("{product} × {}", crate::format::number(*count, locale))));
        if let Some(granted) = delegated {
            paragraphs.push(locale.t(if granted { Key::OfferAcceptedDelegated } else { Key::OfferAcceptedNotDelegated }).to_string());
        }
        Email::compose(
            EmailKind::OfferAccepted,
            to,
            locale,
            &locale.fill(subject, &[("company", company), ("summary", summary_id)]),
            &paragraphs,
            Some((locale.t(Key::OpenInPartnerDesk), link)),
            &[locale.t(Key::NotificationFooter).to_string()],
        )
    }

    /// A client asked about `summary_id` or declined it: who (as they gave it), and their words.
    /// Answers to a question go to the client (`Reply-To`, an address [`validate_reply`]
    /// checked: no line breaks reach the header).
    ///
    /// [`validate_reply`]: crate::offers::replies::validate_reply
    pub fn offer_replied(to: &str, locale: Locale, name: &str, summary_id: &str, reply: &crate::offers::replies::ValidReply, link: &str) -> Email {
        use crate::offers::replies::ReplyKind;
        let client = if reply.name.is_empty() { locale.t(Key::ReplyAnonymousClient).to_string() } else { reply.name.clone() };
        let who = if reply.email.is_empty() { client } else { format!("{client} <{}>", reply.email) };
        let (subject, body, label) = match reply.kind {
            ReplyKind::Question => (Key::OfferQuestionEmailSubject, Key::OfferQuestionEmailBody, Key::ReplyQuestionLabel),
            ReplyKind::Decline => (Key::OfferDeclinedEmailSubject, Key::OfferDeclinedEmailBody, Key::ReplyReasonLabel),
        };
        let mut paragraphs =
            vec![locale.fill(Key::EmailGreeting, &[("name", name)]), locale.fill(body, &[("client", &who), ("summary", summary_id)])];
        if !reply.message.is_empty() {
            paragraphs.push(format!("{}:", locale.t(label)));
            paragraphs.extend(reply.message.split("\n\n").filter(|p| !p.trim().is_empty()).map(str::to_string));
        }
        let mut after = Vec::new();
        if !reply.email.is_empty() {
            after.push(locale.fill(Key::OfferReplyAnswerByEmail, &[("email", &reply.email)]));
        }
        after.push(locale.t(Key::NotificationFooter).to_string());
        let mut email = Email::compose(
            EmailKind::OfferReplied,
            to,
            locale,
            &locale.fill(subject, &[("summary", summary_id)]),
            &paragraphs,
            Some((locale.t(Key::OpenInPartnerDesk), link)),
            &after,
        );
        email.reply_to = (!reply.email.is_empty()).then(|| reply.email.clone());
        email
    }

    /// A trial `about.company` started from the invitation `summary_id` ends at `about.at`: the
    /// link makes a purchase offer from the invitation.
    pub fn trial_ending(to: &str, locale: Locale, name: &str, summary_id: &str, about: &Reminder) -> Email {
        let date = crate::format::date(about.at, locale);
        Email::compose(
            EmailKind::TrialEnding,
            to,
            locale,
            &locale.fill(Key::TrialEndingEmailSubject, &[("company", about.company), ("date", &date)]),
            &[
                locale.fill(Key::EmailGreeting, &[("name", name)]),
                locale.fill(Key::TrialEndingEmailBody, &[("company", about.company), ("summary", summary_id), ("date", &date)]),
                about.line.to_string(),
            ],
            Some((locale.t(Key::CreatePurchaseOfferFromTrial), about.link)),
            &[locale.t(Key::NotificationFooter).to_string()],
        )
    }

    /// The open offer `about.summary_id` expires at `about.at`: the link opens its page, where
    /// its expiry date can be changed.
    pub fn offer_expiring(to: &str, locale: Locale, name: &str, about: &OfferReminder) -> Email {
        let OfferReminder { summary_id, location, at, acceptances, link } = *about;
        let date = crate::format::date(at, locale);
        let count = acceptances.to_string();
        let location = crate::catalog::country_name(location, locale);
        Email::compose(
            EmailKind::OfferExpiring,
            to,
            locale,
            &locale.fill(Key::OfferExpiringEmailSubject, &[("summary", summary_id), ("date", &date)]),
            &[
                locale.fill(Key::EmailGreeting, &[("name", name)]),
                locale.fill(Key::OfferExpiringEmailBody, &[("summary", summary_id), ("location", &location), ("date", &date), ("count", &count)]),
            ],
            Some((locale.t(Key::OpenInPartnerDesk), link)),
            &[locale.t(Key::NotificationFooter).to_string()],
        )
    }

    /// The change window of `about.company`'s subscription closes at `about.at`: the last
    /// moment to remove licenses or cancel.
    pub fn window_closing(to: &str, locale: Locale, name: &str, about: &Reminder) -> Email {
        let when = crate::format::date_time(about.at, locale);
        Email::compose(
            EmailKind::WindowClosing,
            to,
            locale,
            &locale.fill(Key::WindowClosingEmailSubject, &[("company", about.company)]),
            &[
                locale.fill(Key::EmailGreeting, &[("name", name)]),
                locale.fill(Key::WindowClosingEmailBody, &[("company", about.company), ("when", &when)]),
                about.line.to_string(),
            ],
            Some((locale.t(Key::OpenInPartnerDesk), about.link)),
            &[locale.t(Key::NotificationFooter).to_string()],
        )
    }

    /// `about.company`'s subscription renews on its own at `about.at`: until then, changes can
    /// be scheduled for the renewal, or auto-renew turned off.
    pub fn renewing(to: &str, locale: Locale, name: &str, about: &Reminder) -> Email {
        let date = crate::format::date(about.at, locale);
        Email::compose(
            EmailKind::Renewing,
            to,
            locale,
            &locale.fill(Key::RenewingEmailSubject, &[("company", about.company), ("date", &date)]),
            &[
                locale.fill(Key::EmailGreeting, &[("name", name)]),
                locale.fill(Key::RenewingEmailBody, &[("company", about.company), ("date", &date)]),
                about.line.to_string(),
            ],
            Some((locale.t(Key::OpenInPartnerDesk), about.link)),
            &[locale.t(Key::NotificationFooter).to_string()],
        )
    }

    /// A delegated admin relationship (`relationship`, with `company`) ends at `at` and will not
    /// extend itself: ask the customer for a new one before.
    pub fn relationship_expiring(to: &str, locale: Locale, name: &str, relationship: &str, company: &str, at: i64, link: &str) -> Email {
        let date = crate::format::date(at, locale);
        Email::compose(
            EmailKind::DelegatedAdminExpiring,
            to,
            locale,
            &locale.fill(Key::GdapExpiringEmailSubject, &[("company", company), ("date", &date)]),
            &[
                locale.fill(Key::EmailGreeting, &[("name", name)]),
                locale.fill(Key::GdapExpiringEmailBody, &[("company", company), ("date", &date), ("relationship", relationship)]),
            ],
            Some((locale.t(Key::OpenInPartnerDesk), link)),
            &[locale.t(Key::NotificationFooter).to_string()],
        )
    }

    /// `reseller` accepted the provider's partnership request.
    pub fn partnership_accepted(to: &str, locale: Locale, name: &str, reseller: &str, mpn_id: &str, link: &str) -> Email {
        Email::compose(
            EmailKind::PartnershipAccepted,
            to,
            locale,
            &locale.fill(Key::PartnershipAcceptedEmailSubject, &[("reseller", reseller)]),
            &[
                locale.fill(Key::EmailGreeting, &[("name", name)]),
                locale.fill(Key::PartnershipAcceptedEmailBody, &[("reseller", reseller), ("mpn_id", mpn_id)]),
            ],
            Some((locale.t(Key::OpenInPartnerDesk), link)),
            &[locale.t(Key::NotificationFooter).to_string()],
        )
    }

    /// `provider` removed its partnership with the reseller.
    pub fn partnership_removed(to: &str, locale: Locale, name: &str, provider: &str, link: &str) -> Email {
        Email::compose(
            EmailKind::PartnershipRemoved,
            to,
            locale,
            &locale.fill(Key::PartnershipRemovedEmailSubject, &[("provider", provider)]),
            &[locale.fill(Key::EmailGreeting, &[("name", name)]), locale.fill(Key::PartnershipRemovedEmailBody, &[("provider", provider)])],
            Some((locale.t(Key::OpenInPartnerDesk), link)),
            &[locale.t(Key::NotificationFooter).to_string()],
        )
    }

    /// `reseller` (with its MPN ID) asks the provider to partner, with its `message`.
    pub fn partnership_asked(to: &str, locale: Locale, name: &str, reseller: &str, mpn_id: &str, message: &str, link: &str) -> Email {
        let mut paragraphs = vec![
            locale.fill(Key::EmailGreeting, &[("name", name)]),
            locale.fill(Key::PartnershipAskedEmailBody, &[("reseller", reseller), ("mpn_id", mpn_id)]),
        ];
        if !message.is_empty() {
            paragraphs.push(locale.fill(Key::PartnershipAskedEmailMessage, &[("message", message)]));
        }
        Email::compose(
            EmailKind::PartnershipAsked,
            to,
            locale,
            &locale.fill(Key::PartnershipAskedEmailSubject, &[("reseller", reseller)]),
            &paragraphs,
            Some((locale.t(Key::OpenInPartnerDesk), link)),
            &[locale.t(Key::NotificationFooter).to_string()],
        )
    }

    /// `provider` accepted (they are partners) or declined the reseller's request to partner.
    pub fn partnership_ask_answered(to: &str, locale: Locale, name: &str, provider: &str, accepted: bool, link: &str) -> Email {
        let (subject, body) = if accepted {
            (Key::PartnershipAskAcceptedEmailSubject, Key::PartnershipAskAcceptedEmailBody)
        } else {
            (Key::PartnershipAskDeclinedEmailSubject, Key::PartnershipAskDeclinedEmailBody)
        };
        Email::compose(
            EmailKind::PartnershipAskAnswered,
            to,
            locale,
            &locale.fill(subject, &[("provider", provider)]),
            &[locale.fill(Key::EmailGreeting, &[("name", name)]), locale.fill(body, &[("provider", provider)])],
            Some((locale.t(Key::OpenInPartnerDesk), link)),
            &[locale.t(Key::NotificationFooter).to_string()],
        )
    }

    /// The operator approved (published) or declined the provider's profile change, with the
    /// operator's note when there is one.
    pub fn profile_decided(to: &str, locale: Locale, name: &str, approved: bool, note: &str, link: &str) -> Email {
        let mut paragraphs = vec![
            locale.fill(Key::EmailGreeting, &[("name", name)]),
            locale.t(if approved { Key::ProfileApprovedEmailBody } else { Key::ProfileDeclinedEmailBody }).to_string(),
        ];
        if !note.is_empty() {
            paragraphs.push(locale.fill(Key::ProfileDecisionNote, &[("note", note)]));
        }
        Email::compose(
            EmailKind::ProfileDecided,
            to,
            locale,
            locale.t(if approved { Key::ProfileApprovedEmailSubject } else { Key::ProfileDeclinedEmailSubject }),
            &paragraphs,
            Some((locale.t(Key::OpenInPartnerDesk), link)),
            &[locale.t(Key::NotificationFooter).to_string()],
        )
    }

    /// A message of paragraphs, an optional call to action (a label and its link) and closing
    /// paragraphs, as plain text and as simple HTML that common mail clients show alike.
    fn compose(kind: EmailKind, to: &str, locale: Locale, subject: &str, before: &[String], action: Option<(&str, &str)>, after: &[String]) -> Email {
        let signature = locale.t(Key::EmailSignature);
        let mut text = String::new();
        let mut html = String::new();
        for paragraph in before {
            text.push_str(paragraph);
            text.push_str("\n\n");
            html.push_str(&format!("<p>{}</p>\n", escape_html(paragraph)));
        }
        if let Some((label, link)) = action {
            text.push_str(&format!("{label}:\n{link}\n\n"));
            html.push_str(&format!(
                "<p><a href=\"{href}\" style=\"display:inline-block;padding:10px 18px;background:#0f6cbd;color:#ffffff;text-decoration:none;border-radius:4px\">{label}</a></p>\n<p style=\"font-size:13px;color:#555\">{link}</p>\n",
                href = escape_html(link),
                label = escape_html(label),
                link = escape_html(link),
            ));
        }
        for paragraph in after {
            text.push_str(paragraph);
            text.push_str("\n\n");
            html.push_str(&format!("<p>{}</p>\n", escape_html(paragraph)));
        }
        text.push_str(signature);
        text.push('\n');
        html = format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body style=\"font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#242424\">\n{html}<p>{signature}</p>\n</body></html>\n",
            lang = locale.tag(),
            title = escape_html(subject),
            signature = escape_html(signature),
        );
        Email { kind, to: to.to_string(), locale, subject: subject.to_string(), text, html, reply_to: None }
    }

    /// A message a partner's user wrote (`message`), sent by PartnerDesk in their name: their
    /// words as they wrote them, `link` made clickable in the HTML part, a closing line saying
    /// who sent it through PartnerDesk, and replies to `sender_email`.
    pub fn partner_message(kind: EmailKind, message: &PartnerMessage, sender: &str, sender_email: &str, organisation: &str, link: &str) -> Email {
        let locale = message.locale;
        let footer = locale.fill(Key::PartnerMessageFooter, &[("sender", sender), ("organisation", organisation)]);
        let text = format!("{}\n\n-- \n{footer}\n", message.body);
        let escaped_link = escape_html(link);
        let anchor = format!("<a href=\"{escaped_link}\">{escaped_link}</a>");
        let paragraphs: String = message
            .body
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .map(|p| {
                let lines: Vec<String> = p.lines().map(|l| escape_html(l).replace(&escaped_link, &anchor)).collect();
                format!("<p>{}</p>\n", lines.join("<br>\n"))
            })
            .collect();
        let html = format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body style=\"font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#242424\">\n{paragraphs}<p style=\"font-size:13px;color:#555\">{footer}</p>\n</body></html>\n",
            lang = locale.tag(),
            title = escape_html(&message.subject),
            footer = escape_html(&footer),
        );
        Email { kind, to: message.to.clone(), locale, subject: message.subject.clone(), text, html, reply_to: Some(sender_email.to_string()) }
    }
}

/// Messages written by an organisation's users (partnership requests, purchase offers) that
/// PartnerDesk sends for the organisation in 24 hours at most, all users together.
pub const PARTNER_MESSAGES_PER_DAY: i64 = 100;
/// ... and to one address in 24 hours at most (nobody floods a client through PartnerDesk).
pub const PARTNER_MESSAGES_PER_RECIPIENT_PER_DAY: i64 = 3;

/// The refusal when an organisation's messages of the day (or those to one address) are used up.
pub fn too_many_messages() -> crate::error::AppError {
    let bound = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    crate::error::AppError::TooManyMessages { per_day: bound(PARTNER_MESSAGES_PER_DAY), per_recipient: bound(PARTNER_MESSAGES_PER_RECIPIENT_PER_DAY) }
}
/// The longest subject a partner's message may have.
pub const MESSAGE_SUBJECT_MAX: usize = 200;
/// The longest text a partner's message may have.
pub const MESSAGE_BODY_MAX: usize = 10_000;

/// A message a partner's user wrote for PartnerDesk to send: checked, before anything is
/// stored, the same way in the browser and on the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerMessage {
    pub to: String,
    pub locale: Locale,
    pub subject: String,
    pub body: String,
}

impl PartnerMessage {
    /// The message as typed: a recipient address (`recipient_email`), a one-line subject
    /// (`subject`) and a text (`body`), each within its limits.
    pub fn check(to: &str, locale: Locale, subject: &str, body: &str) -> Result<PartnerMessage, Vec<FieldError>> {
        let mut errors = Vec::new();
        let to = crate::validate::email(to).map_err(|p| errors.push(FieldError::new("recipient_email", p))).ok();
        let subject = crate::validate::text(subject, MESSAGE_SUBJECT_MAX)
            .map(|s| s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>())
            .map_err(|p| errors.push(FieldError::new("subject", p)))
            .ok();
        let body = match crate::validate::text(body, MESSAGE_BODY_MAX) {
            Ok(b) => Some(b.replace("\r\n", "\n")),
            Err(p) => {
                errors.push(FieldError::new("body", p));
                None
            }
        };
        match (to, subject, body) {
            (Some(to), Some(subject), Some(body)) if errors.is_empty() => Ok(PartnerMessage { to, locale, subject, body }),
            _ => Err(errors),
        }
    }

    /// The message still holds `link` (the request's or the offer's), which it is about.
    pub fn holds(&self, link: &str) -> Result<(), Vec<FieldError>> {
        if self.body.contains(link) {
            Ok(())
        } else {
            Err(vec![FieldError::new("body", Problem::LinkMissing)])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: &str = "https://desk.example/partnerships/abc";

    #[test]
    fn a_mailbox_message_names_no_path_and_finds_its_links() {
        assert!(MailboxMessage::is_id("1b4e28ba-2fa1-11d2-883f-0016d3cca427"));
        for bad in ["", "../../etc/passwd", "a/b", "a.json", "..", &"a".repeat(65), "a b", "%2e%2e"] {
            assert!(!MailboxMessage::is_id(bad), "{bad}");
        }
        let message = MailboxMessage {
            id: "x".into(),
            kind: "invitation".into(),
            to: "a@b.example".into(),
            reply_to: None,
            subject: "s".into(),
            text: "Open https://desk.example/invitation/abc.\nOr http://x.example/a, and https://desk.example/invitation/abc again".into(),
            written_at: 0,
        };
        assert_eq!(message.links(), ["https://desk.example/invitation/abc", "http://x.example/a"]);
    }

    #[test]
    fn a_partner_message_needs_an_address_a_subject_and_its_link() {
        let body = format!("Hello,\n\nPlease accept: {LINK}\n\nAnn");
        let message = PartnerMessage::check(" Bo@Example.com ", Locale::Nl, "Partnership\r\nBcc: x@evil.example", &body).expect("valid");
        assert_eq!(message.holds(LINK), Ok(()));
        assert_eq!(message.to, "bo@example.com");
        assert!(!message.subject.contains('\n') && !message.subject.contains('\r'), "no header can be added through the subject");
        let fields =
            |r: Result<PartnerMessage, Vec<FieldError>>| r.expect_err("refused").into_iter().map(|e| (e.field, e.problem)).collect::<Vec<_>>();
        assert_eq!(
            fields(PartnerMessage::check("", Locale::En, "", "")),
            vec![
                ("recipient_email".to_string(), Problem::Required),
                ("subject".to_string(), Problem::Required),
                ("body".to_string(), Problem::Required),
            ]
        );
        let unlinked = PartnerMessage::check("bo@example.com", Locale::En, "Hi", "no link here").expect("valid");
        assert_eq!(unlinked.holds(LINK), Err(vec![FieldError::new("body", Problem::LinkMissing)]));
        let long = "x".repeat(MESSAGE_BODY_MAX + 1);
        assert_eq!(
            fields(PartnerMessage::check("bo@example.com", Locale::En, "Hi", &long)),
            vec![("body".to_string(), Problem::TooLong { max: MESSAGE_BODY_MAX })]
        );
    }

    #[test]
    fn a_partner_message_is_the_partners_words_with_replies_to_them() {
        let body = format!("Hi <Bo>,\n\nAccept here: {LINK}");
        let message = PartnerMessage::check("bo@example.com", Locale::Fr, "Partenariat", &body).expect("valid");
        let email = Email::partner_message(EmailKind::PartnershipRequest, &message, "Ann", "ann@provider.example", "Contoso", LINK);
        assert_eq!(email.reply_to.as_deref(), Some("ann@provider.example"));
        assert!(email.text.starts_with(&body), "the text part is the message as written");
        assert!(email.html.contains("Hi &lt;Bo&gt;,") && !email.html.contains("<Bo>"), "the HTML part escapes what was typed");
        assert!(email.html.contains(&format!("<a href=\"{LINK}\">{LINK}</a>")), "the link can be clicked");
        assert!(email.text.contains("Contoso") && email.text.contains("Ann"), "the footer says who sent it");
        assert!(email.html.contains("lang=\"fr\""));
    }

    #[test]
    fn a_reset_message_carries_its_link_in_both_parts_in_the_recipients_language() {
        let link = "https://desk.example/password/reset/abc";
        for locale in Locale::ALL {
            let email = Email::password_reset("ann@example.com", locale, "Ann <b>", link);
            assert_eq!(email.subject, locale.t(Key::PasswordResetEmailSubject));
            assert!(email.text.contains(link) && email.html.contains(link), "{locale:?}");
            assert!(email.text.contains("Ann <b>"), "the text part is plain text");
            assert!(email.html.contains("Ann &lt;b&gt;") && !email.html.contains("Ann <b>"), "names are escaped in HTML");
            assert!(email.html.contains(&format!("lang=\"{}\"", locale.tag())));
        }
        let nl = Email::password_reset("a@b.example", Locale::Nl, "Ann", link);
        assert_ne!(nl.text, Email::password_reset("a@b.example", Locale::En, "Ann", link).text);
    }

    #[test]
    fn an_invitation_names_who_invited_to_which_organisation() {
        let email = Email::invitation("kim@example.com", Locale::Fr, "Kim", "Ann <Admin>", "Northwind & Co", "https://desk.example/invitation/abc");
        assert!(email.subject.contains("Northwind & Co"), "{}", email.subject);
        assert!(email.text.contains("Ann <Admin>") && email.text.contains("https://desk.example/invitation/abc"));
        assert!(email.html.contains("Northwind &amp; Co") && email.html.contains("Ann &lt;Admin&gt;"));
        assert_eq!(email.kind, EmailKind::Invitation);
    }

    #[test]
    fn join_messages_carry_the_company_the_link_and_the_reason() {
        for locale in Locale::ALL {
            let confirm = Email::join_confirmation("m@x.example", locale, "Morgan", "Fourth <Coffee>", "https://desk.example/join/confirm/abc");
            assert!(confirm.text.contains("https://desk.example/join/confirm/abc") && confirm.text.contains("Fourth <Coffee>"), "{locale:?}");
            assert!(confirm.html.contains("Fourth &lt;Coffee&gt;"));
            let declined = Email::join_declined("m@x.example", locale, "Morgan", "Fourth Coffee", "MPN ID <unknown>");
            assert!(declined.text.contains("MPN ID <unknown>") && declined.html.contains("MPN ID &lt;unknown&gt;"));
            assert!(Email::join_approved("m@x.example", locale, "Morgan", "Fourth Coffee", "https://desk.example/invitation/t")
                .text
                .contains("/invitation/t"));
            assert!(Email::join_received("m@x.example", locale, "Morgan", "Fourth Coffee").subject.contains("Fourth Coffee"));
        }
    }

    #[test]
    fn an_accepted_offer_says_who_took_what() {
        let lines = vec![("Microsoft 365 Business Basic".to_string(), 1250)];
        let email = Email::offer_accepted(
            "a@x.example",
            Locale::En,
            "Ana",
            "ABC-123",
            "Woodgrove <Bank>",
            &lines,
            Some(true),
            "https://desk.example/offers/ABC-123",
            None,
        );
        assert!(email.subject.contains("Woodgrove <Bank>") && email.text.contains("Microsoft 365 Business Basic × 1,250"), "{}", email.text);
        assert!(email.text.contains("granted delegated administration") && email.html.contains("Woodgrove &lt;Bank&gt;"));
        let nl = Email::offer_accepted("a@x.example", Locale::Nl, "Ana", "ABC-123", "Woodgrove", &lines, None, "https://desk.example/x", None);
        assert!(nl.text.contains("1.250") && !nl.text.contains("delegated"), "{}", nl.text);
        // A trial invitation: the client started a trial, which ends on its date.
        let trial = Email::offer_accepted(
            "a@x.example",
            Locale::En,
            "Ana",
            "ABC-123",
            "Woodgrove",
            &lines,
            None,
            "https://desk.example/x",
            Some(1_800_000_000),
        );
        assert!(trial.subject.contains("trial") && trial.text.contains("15 Jan 2027"), "{} {}", trial.subject, trial.text);
        let about = Reminder { company: "Woodgrove", line: "Basic × 5", at: 1_800_000_000, link: "https://desk.example/o" };
        let ending = Email::trial_ending("a@x.example", Locale::Fr, "Ana", "PO-7KQM-X4TA", &about);
        assert!(
            ending.subject.contains("Woodgrove") && ending.text.contains("15 janv. 2027") && ending.text.contains("PO-7KQM-X4TA"),
            "{}",
            ending.text
        );
        let offer = OfferReminder { summary_id: "PO-7KQM-X4TA", location: "NL", at: 1_800_000_000, acceptances: 2, link: "https://desk.example/o" };
        let expiring = Email::offer_expiring("a@x.example", Locale::Nl, "Ana", &offer);
        assert!(
            expiring.subject.contains("PO-7KQM-X4TA")
                && expiring.text.contains("15 jan 2027")
                && expiring.text.contains("Nederland")
                && expiring.text.contains('2'),
            "{}",
            expiring.text
        );
        let renewing = Email::renewing("a@x.example", Locale::PtBr, "Ana", &about);
        assert!(renewing.subject.contains("Woodgrove") && renewing.text.contains("Basic × 5") && renewing.text.contains("2027"), "{}", renewing.text);
        let closing = Email::window_closing("a@x.example", Locale::En, "Ana", &about);
        assert!(closing.text.contains("15 Jan 2027 08:00") && closing.text.contains("Basic × 5"), "{}", closing.text);
        let gdap =
            Email::relationship_expiring("a@x.example", Locale::Fr, "Ana", "Helpdesk - woodgrove", "Woodgrove", about.at, "https://pd.example/x");
        assert!(gdap.subject.contains("Woodgrove") && gdap.text.contains("Helpdesk - woodgrove") && gdap.text.contains("2027"), "{}", gdap.text);
        for notification in Notification::ALL {
            assert_eq!(Notification::from_code(notification.code()), Some(notification));
        }
    }

    #[test]
    fn kinds_round_trip_their_codes() {
        for kind in EmailKind::ALL {
            assert_eq!(EmailKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(EmailKind::from_code("nope"), None);
    }
}
