//! What a client who does not accept tells the advisor: a question (or the changes it would
//! like) or a decline with an optional reason. Sent from the offer's page without an account
//! and without JavaScript; the advisor sees it on the offer, by email and as a webhook.
//!
//! [`validate_reply`] runs on the server; the reply page's fields carry the same limits as HTML
//! attributes, so a browser without JavaScript stops most mistakes before sending.

use crate::error::{AppError, FieldErrors};
use crate::i18n::Key;
use crate::validate::{self, IdempotencyKey};
use serde::{Deserialize, Serialize};

/// The longest name a client gives.
pub const NAME_MAX: usize = 100;
/// The longest question or reason.
pub const MESSAGE_MAX: usize = 2000;
/// Replies one client (address, as the public limits group them) may send about one offer in
/// a day: each one emails the advisor, so nobody can fill an advisor's mailbox from the page.
pub const REPLIES_PER_CLIENT_PER_DAY: i64 = 5;

/// What the client tells the advisor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReplyKind {
    /// A question, or changes the client would like before accepting.
    Question,
    /// The client will not accept (a reason is optional).
    Decline,
}

impl ReplyKind {
    pub const ALL: [ReplyKind; 2] = [ReplyKind::Question, ReplyKind::Decline];

    /// The kind's name in addresses, the database and the REST API.
    pub fn code(self) -> &'static str {
        match self {
            ReplyKind::Question => "question",
            ReplyKind::Decline => "decline",
        }
    }

    pub fn from_code(code: &str) -> Option<ReplyKind> {
        ReplyKind::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// The link on the offer page and the reply page's heading.
    pub fn title(self) -> Key {
        match self {
            ReplyKind::Question => Key::AskQuestionTitle,
            ReplyKind::Decline => Key::DeclineOfferTitle,
        }
    }

    /// What the advisor's offer page calls a reply of this kind.
    pub fn label(self) -> Key {
        match self {
            ReplyKind::Question => Key::ReplyKindQuestion,
            ReplyKind::Decline => Key::ReplyKindDecline,
        }
    }

    /// The label of the message field.
    pub fn message_label(self) -> Key {
        match self {
            ReplyKind::Question => Key::ReplyQuestionLabel,
            ReplyKind::Decline => Key::ReplyReasonLabel,
        }
    }

    /// A question needs the message and a way to answer; a decline needs nothing.
    pub fn requires_contact(self) -> bool {
        self == ReplyKind::Question
    }
}

/// The reply form as typed (a missing field is empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReplyForm {
    pub name: String,
    pub email: String,
    pub message: String,
    /// Makes a doubled or retried submission one reply.
    pub idempotency_key: String,
}

impl ReplyForm {
    /// What was typed, cut to the fields' limits: kept to show the form again after a refusal.
    pub fn kept(&self) -> ReplyForm {
        let cut = |text: &str, max: usize| text.chars().take(max).collect::<String>();
        ReplyForm {
            name: cut(&self.name, NAME_MAX),
            email: cut(&self.email, 254),
            message: cut(&self.message, MESSAGE_MAX),
            idempotency_key: IdempotencyKey::stored(&self.idempotency_key),
        }
    }
}

/// A reply that passed [`validate_reply`]: empty strings for what a decline left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidReply {
    pub kind: ReplyKind,
    pub name: String,
    pub email: String,
    pub message: String,
    pub idempotency_key: String,
}

/// The rules of a reply: a question has a name, an email address to answer and the question; a
/// decline may say why and who. Every text has its limit.
pub fn validate_reply(kind: ReplyKind, form: &ReplyForm) -> Result<ValidReply, AppError> {
    let mut errors = FieldErrors::default();
    let required = kind.requires_contact();
    let name = errors.check("name", if required { validate::text(&form.name, NAME_MAX) } else { validate::optional_text(&form.name, NAME_MAX) });
    let email = errors.check("email", if required || !form.email.trim().is_empty() { validate::email(&form.email) } else { Ok(String::new()) });
    let message = errors
        .check("message", if required { validate::text(&form.message, MESSAGE_MAX) } else { validate::optional_text(&form.message, MESSAGE_MAX) });
    errors.into_result(|| ValidReply {
        kind,
        name: name.unwrap_or_default(),
        email: email.unwrap_or_default(),
        message: message.unwrap_or_default(),
        idempotency_key: IdempotencyKey::stored(&form.idempotency_key),
    })
}

/// A reply as the advisor sees it on the offer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferReply {
    pub kind: ReplyKind,
    pub name: String,
    pub email: String,
    pub message: String,
    pub created_at: i64,
}

/// The reply page's address (`…/reply?kind=…` under the offer's or the embedded offer's path).
pub fn reply_path(offer_page: &str, kind: ReplyKind) -> String {
    format!("{offer_page}/reply?kind={}", kind.code())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Problem;

    fn form(name: &str, email: &str, message: &str) -> ReplyForm {
        ReplyForm { name: name.into(), email: email.into(), message: message.into(), idempotency_key: " key ".into() }
    }

    fn problems(result: Result<ValidReply, AppError>) -> Vec<(String, Problem)> {
        match result {
            Err(AppError::Invalid(errors)) => errors.into_iter().map(|e| (e.field, e.problem)).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn a_question_needs_a_name_an_address_to_answer_and_the_question() {
        let found = problems(validate_reply(ReplyKind::Question, &form(" ", "", "  ")));
        assert_eq!(found, vec![("name".into(), Problem::Required), ("email".into(), Problem::Required), ("message".into(), Problem::Required)]);
        let valid = validate_reply(ReplyKind::Question, &form(" Ana ", "Ana@Client.example", " Can we start with 5? ")).unwrap();
        assert_eq!((valid.name.as_str(), valid.email.as_str(), valid.message.as_str()), ("Ana", "ana@client.example", "Can we start with 5?"));
        assert_eq!(valid.idempotency_key, "key");
    }

    #[test]
    fn a_decline_needs_nothing_but_what_it_gives_is_checked() {
        let valid = validate_reply(ReplyKind::Decline, &form("", "", "")).unwrap();
        assert_eq!((valid.name, valid.email, valid.message), (String::new(), String::new(), String::new()));
        assert_eq!(problems(validate_reply(ReplyKind::Decline, &form("", "not an address", ""))), vec![("email".into(), Problem::Email)]);
    }

    #[test]
    fn every_text_has_its_limit() {
        let long = |n: usize| "é".repeat(n);
        assert!(validate_reply(ReplyKind::Question, &form(&long(NAME_MAX), "a@b.example", &long(MESSAGE_MAX))).is_ok());
        let found = problems(validate_reply(ReplyKind::Decline, &form(&long(NAME_MAX + 1), "", &long(MESSAGE_MAX + 1))));
        assert_eq!(found, vec![("name".into(), Problem::TooLong { max: NAME_MAX }), ("message".into(), Problem::TooLong { max: MESSAGE_MAX })]);
    }

    #[test]
    fn a_header_cannot_be_smuggled_in_the_address_answers_go_to() {
        // The client's address becomes the advisor's email's Reply-To.
        for forged in ["a@b.example\r\nBcc: all@x.example", "a@b.example\nX: y", "a b@c.example"] {
            assert_eq!(problems(validate_reply(ReplyKind::Question, &form("A", forged, "Q"))), vec![("email".into(), Problem::Email)]);
        }
    }

    #[test]
    fn kinds_read_back_from_their_codes_and_nothing_else() {
        for kind in ReplyKind::ALL {
            assert_eq!(ReplyKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(ReplyKind::from_code("accept"), None);
        assert_eq!(reply_path("/offer/c/t", ReplyKind::Decline), "/offer/c/t/reply?kind=decline");
    }

    #[test]
    fn a_refused_form_is_kept_within_its_limits() {
        let kept = form(&"n".repeat(500), "e", &"m".repeat(5000)).kept();
        assert_eq!((kept.name.len(), kept.message.len()), (NAME_MAX, MESSAGE_MAX));
    }
}
