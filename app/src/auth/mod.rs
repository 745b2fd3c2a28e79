//! Signing in and out, the signed-in user, and the one helper every server function uses to
//! check who is asking: `let user = require(Permission::ManageOffers).await?;`.

pub mod first_run;
pub mod invitation;
pub mod mfa;
pub mod password_reset;
mod sign_in;
pub use sign_in::SignInFormIsland;
#[cfg(feature = "ssr")]
pub use sign_in::SignInPage;

use crate::error::AppError;
use crate::roles::{Permission, Program, Programs, Role};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in user as the pages see them. Carries no secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub roles: Vec<Role>,
    pub programs: Programs,
    /// Whether the organisation is certified to offer delegated administration.
    pub dap_certified: bool,
    /// An admin set the password: until the user chooses their own, only Settings > My account
    /// and sign-out work.
    #[serde(default)]
    pub must_change_password: bool,
    /// The organisation requires two-step verification and the user has not set it up: until
    /// they do, only Settings > My account and sign-out work.
    #[serde(default)]
    pub mfa_setup_required: bool,
}

/// Where a sign-in with the right password leads: signed in, or to the second step (a code from
/// the authenticator app) first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInStep {
    Done,
    CodeNeeded,
}

impl CurrentUser {
    pub fn may(&self, permission: Permission) -> Result<(), AppError> {
        permission.check(&self.roles, &self.programs)
    }
    pub fn can(&self, permission: Permission) -> bool {
        self.may(permission).is_ok()
    }
    pub fn in_program(&self, program: Program) -> bool {
        self.programs.has(program)
    }

    /// The user as the pages see them, from their record and their organisation's.
    #[cfg(feature = "ssr")]
    pub fn of(record: crate::store::UserRecord, organisation: &crate::store::OrganisationRow) -> CurrentUser {
        CurrentUser {
            id: record.id,
            name: record.name,
            email: record.email,
            organisation_id: organisation.id,
            organisation_name: organisation.name.clone(),
            roles: record.roles,
            programs: organisation.programs(),
            dap_certified: organisation.dap_certified,
            must_change_password: record.must_change_password,
            mfa_setup_required: organisation.require_mfa && record.mfa_enabled_at.is_none(),
        }
    }
}

/// Where to go after signing in: only paths on this site, never another origin. Anything that
/// is not one (see [`is_local_path`]) goes to `/`.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if is_local_path(path) => path.to_string(),
        _ => "/".to_string(),
    }
}

/// The longest `next` path kept; a longer one goes to `/`.
const LOCAL_PATH_MAX: usize = 2048;

/// Whether `path` is a path on this site that a browser cannot read as another origin and that
/// can be sent in a `Location` header as it is: `/` or `/` followed by a character that is not
/// `/` or `\`, only visible ASCII (no control characters, whitespace, DEL or non-ASCII), no
/// backslash, and, once percent-decoded as browsers and servers may decode it (repeatedly), no
/// control character, whitespace or backslash and no `//` in the path part (`/%09/evil.example`,
/// `/%5cevil.example`, `/x/%2f%2fevil.example` are refused).
pub fn is_local_path(path: &str) -> bool {
    if path.len() > LOCAL_PATH_MAX || !path.bytes().all(|b| b.is_ascii_graphic() && b != b'\\') {
        return false;
    }
    let mut bytes = path.bytes();
    if bytes.next() != Some(b'/') {
        return false;
    }
    if matches!(bytes.next(), Some(b'/')) {
        return false;
    }
    let path_part = path.split(['?', '#']).next().unwrap_or_default();
    let mut decoded = path_part.to_string();
    for _ in 0..4 {
        let once = percent_decode(&decoded);
        if once == decoded {
            return !decoded.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\') && !decoded.contains("//");
        }
        decoded = once;
    }
    // Still changing after four rounds of decoding: nobody links like that.
    false
}

/// `%XX` sequences decoded (invalid ones kept as they are); bytes that are not UTF-8 become
/// U+FFFD.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The sign-in throttle window, in minutes.
pub const THROTTLE_MINUTES: u32 = 15;
/// Attempts one client address may make for one account within the window; the next ones are
/// refused (429) until the window has passed.
pub const THROTTLE_FAILURES: i64 = 5;
/// Attempts for one account from all addresses together within the window past which the
/// account is "under attack": every address then gets at most [`BACKSTOP_PER_ADDRESS`]
/// attempts and each one waits [`BACKSTOP_DELAY_MS`] before the password is checked.
pub const ACCOUNT_BACKSTOP: i64 = 20;
/// Attempts per address for an account past [`ACCOUNT_BACKSTOP`]: a fresh address (the owner's)
/// still gets its attempt, so nobody can lock an account's owner out.
pub const BACKSTOP_PER_ADDRESS: i64 = 2;
/// The wait of each attempt for an account past [`ACCOUNT_BACKSTOP`].
pub const BACKSTOP_DELAY_MS: u64 = 2000;
/// The longest email address (RFC 5321's path limit); a longer one is refused before anything
/// is looked up or stored.
pub const EMAIL_MAX: usize = 254;
/// The longest password PartnerDesk will hash or check, in bytes (new passwords are at most
/// 128 characters); a longer one is refused before anything is looked up or hashed.
pub const PASSWORD_MAX_BYTES: usize = 1024;

/// What the throttle does with one sign-in attempt, from the attempts in the window (this one
/// included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Throttle {
    /// Check the password.
    Check,
    /// Check the password after [`BACKSTOP_DELAY_MS`]: the account is under attack.
    SlowDown,
    /// Refuse without checking (429).
    Refuse,
}

/// The sign-in throttle policy (issue #25, item 6). Every attempt is recorded before the
/// password is checked, so parallel attempts count each other.
///
/// - Per account and client address: [`THROTTLE_FAILURES`] attempts in [`THROTTLE_MINUTES`]
///   minutes are checked; more are refused (429). A successful sign-in forgets that address's
///   attempts.
/// - Per account, all addresses together (the backstop): past [`ACCOUNT_BACKSTOP`] attempts in
///   the window, each address gets at most [`BACKSTOP_PER_ADDRESS`] attempts, each checked only
///   after [`BACKSTOP_DELAY_MS`]. The right password from an address that has not been guessing
///   is never refused: an attacker cannot lock the owner out, and one with many addresses gets
///   [`BACKSTOP_PER_ADDRESS`] slow guesses per address and window.
pub fn throttle_decision(from_address: i64, for_account: i64) -> Throttle {
    if from_address > THROTTLE_FAILURES {
        Throttle::Refuse
    } else if for_account > ACCOUNT_BACKSTOP {
        if from_address > BACKSTOP_PER_ADDRESS {
            Throttle::Refuse
        } else {
            Throttle::SlowDown
        }
    } else {
        Throttle::Check
    }
}

/// The sign-in form's values, checked before anything is looked up, stored or hashed: the email
/// as it is kept (trimmed, lower case).
pub fn check_sign_in_input(email: &str, password: &str) -> Result<String, AppError> {
    use crate::error::{FieldErrors, Problem};
    let mut errors = FieldErrors::default();
    let email = email.trim();
    if email.chars().count() > EMAIL_MAX {
        errors.add("email", Problem::TooLong { max: EMAIL_MAX });
    }
    if password.len() > PASSWORD_MAX_BYTES {
        errors.add("password", Problem::TooLong { max: PASSWORD_MAX_BYTES });
    }
    errors.into_result(|| email.to_lowercase())
}

/// The page every user changes their own password on (Settings > My account).
pub const ACCOUNT_PATH: &str = "/settings/account";

#[server(endpoint = "auth/sign-in")]
pub async fn sign_in(email: String, password: String, next: Option<String>) -> Result<SignInStep, AppError> {
    ssr::sign_in(email, password, next).await
}

/// Changes the signed-in user's own password (Settings > My account): the current one, the new
/// one twice. Other sessions of the user end; this one stays signed in. Works while an admin-set
/// password waits to be changed (it is how it gets changed).
#[server(endpoint = "auth/change-password")]
pub async fn change_password(current_password: String, new_password: String, confirm_password: String) -> Result<(), AppError> {
    ssr::change_password(current_password, new_password, confirm_password).await
}

/// The Change password form's rules, in the browser and on the server: the current password
/// (at most [`PASSWORD_MAX_BYTES`]), a new one by the rules of every new password
/// ([`crate::validate::password`], at least [`crate::resellers::PASSWORD_MIN`] characters), not
/// the current one, typed the same twice. Returns the new password.
pub fn validate_password_change(current: &str, new: &str, confirm: &str) -> Result<String, AppError> {
    use crate::error::{FieldErrors, Problem};
    let mut errors = FieldErrors::default();
    if current.is_empty() {
        errors.add("current_password", Problem::Required);
    } else if current.len() > PASSWORD_MAX_BYTES {
        errors.add("current_password", Problem::TooLong { max: PASSWORD_MAX_BYTES });
    }
    if let Some(new) = errors.check("new_password", crate::validate::password(new, crate::resellers::PASSWORD_MIN)) {
        if new == current {
            errors.add("new_password", Problem::PasswordUnchanged);
        } else if confirm != new {
            errors.add("confirm_password", Problem::PasswordMismatch);
        }
    }
    errors.into_result(|| new.to_string())
}

/// A new password and its confirmation, with the length hint and each field's problem (named
/// `new_password` and `confirm_password`, as every form that sets a password names them).
#[component]
pub fn NewPasswordFields(error: Option<AppError>) -> impl IntoView {
    use crate::i18n::{tr, use_locale, Key};
    let locale = use_locale();
    let min = crate::resellers::PASSWORD_MIN.to_string();
    let hint = {
        let min = min.clone();
        move || locale.get().fill(Key::PasswordHint, &[("min", &min)])
    };
    view! {
        <label for="new-password">{tr(Key::NewPasswordLabel)}</label>
        <input id="new-password" name="new_password" type="password" required minlength=min maxlength="128" autocomplete="new-password" />
        <p class="hint">{hint}</p>
        {crate::components::field_error(error.clone(), "new_password", locale.get_untracked())}
        <label for="confirm-password">{tr(Key::ConfirmPassword)}</label>
        <input id="confirm-password" name="confirm_password" type="password" required maxlength="128" autocomplete="new-password" />
        {crate::components::field_error(error, "confirm_password", locale.get_untracked())}
    }
}

#[server(endpoint = "auth/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    ssr::sign_out().await
}

#[server(endpoint = "auth/me")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    ssr::current_user().await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::state::AppState;
    pub use crate::store::sessions::SessionBackend;
    use crate::store::{now, Actor, PasswordHash, SharedStore, UserRecord};
    use axum_login::{AuthUser, AuthnBackend, UserId};

    /// The user as axum-login keeps them in the session.
    #[derive(Clone)]
    pub struct SessionUser {
        pub record: UserRecord,
        /// What a session must have been started with to stay valid: see [`SessionUser::new`].
        auth_hash: Vec<u8>,
    }

    impl SessionUser {
        /// A session checks the user's password hash and session generation: changing the
        /// password, an admin's reset and deactivation each end every session of the user, and
        /// a reactivated user's old sessions never validate again.
        pub fn new(record: UserRecord) -> SessionUser {
            let auth_hash = format!("{}\n{}", record.password_hash.0, record.session_generation).into_bytes();
            SessionUser { record, auth_hash }
        }
    }

    impl std::fmt::Debug for SessionUser {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("SessionUser").field("id", &self.record.id).finish()
        }
    }

    impl AuthUser for SessionUser {
        type Id = i64;
        fn id(&self) -> i64 {
            self.record.id
        }
        /// Changing the password, a reset or a deactivation ends every session of the user.
        fn session_auth_hash(&self) -> &[u8] {
            &self.auth_hash
        }
    }

    #[derive(Clone, Debug, Deserialize)]
    pub struct Credentials {
        pub email: String,
        pub password: String,
    }

    /// Looks users up in the store and checks Argon2id password hashes off the async runtime.
    #[derive(Clone)]
    pub struct Backend {
        pub store: SharedStore,
    }

    #[derive(Debug, thiserror::Error)]
    pub enum BackendError {
        #[error(transparent)]
        Store(#[from] crate::store::StoreError),
        #[error("password check task failed: {0}")]
        Task(#[from] tokio::task::JoinError),
    }

    impl AuthnBackend for Backend {
        type User = SessionUser;
        type Credentials = Credentials;
        type Error = BackendError;

        async fn authenticate(&self, creds: Credentials) -> Result<Option<SessionUser>, BackendError> {
            let user = self.store.user_by_email(&creds.email).await?;
            // Hash even when the user does not exist, so the answer takes as long either way.
            let hash = user.as_ref().map(|u| u.password_hash.0.clone()).unwrap_or_else(|| DUMMY_HASH.with(|h| h.clone()));
            let password = creds.password;
            let ok = tokio::task::spawn_blocking(move || password_auth::verify_password(password, &hash).is_ok()).await?;
            Ok(user.filter(|u| ok && u.active).map(SessionUser::new))
        }

        async fn get_user(&self, user_id: &UserId<Self>) -> Result<Option<SessionUser>, BackendError> {
            let user = self.store.user_by_id(*user_id).await?;
            Ok(user.filter(|u| u.active).map(SessionUser::new))
        }
    }

    thread_local! {
        static DUMMY_HASH: String = password_auth::generate_hash("not a real password");
    }

    pub type AuthSession = axum_login::AuthSession<Backend>;

    /// Hashes a password with Argon2id on a blocking thread.
    pub async fn hash_password(password: String) -> Result<PasswordHash, AppError> {
        tokio::task::spawn_blocking(move || PasswordHash(password_auth::generate_hash(password))).await.map_err(|e| {
            tracing::error!(error = %e, "password hashing task failed");
            AppError::Internal
        })
    }

    /// The application state: the store, from the server function's context.
    /// The time the subscription rules run at (the server's [`crate::state::Clock`]).
    pub fn clock_now() -> i64 {
        use_context::<AppState>().map(|s| s.clock.now()).unwrap_or_else(crate::store::now)
    }

    pub fn store() -> Result<SharedStore, AppError> {
        use_context::<AppState>().map(|s| s.store.clone()).ok_or_else(|| {
            tracing::error!("AppState missing from server function context");
            AppError::Internal
        })
    }

    /// The origin of links PartnerDesk emails itself (password resets, invitations):
    /// `PUBLIC_URL`, else the address the server listens on — never the request's `Host`,
    /// which whoever asks for a reset link chooses (a forged `Host` would put the victim's
    /// single-use link on the attacker's site: password-reset poisoning).
    pub fn email_origin() -> String {
        use_context::<AppState>().map(|state| state.email_origin()).unwrap_or_default()
    }

    /// The origin people reach the site at, for links sent by email or pasted into websites:
    /// `PUBLIC_URL` when set, otherwise the scheme and `Host` of the current request.
    pub fn public_origin() -> String {
        if let Some(url) = use_context::<AppState>().and_then(|s| s.public_url) {
            return url;
        }
        let Some(parts) = use_context::<http::request::Parts>() else {
            return String::new();
        };
        let header = |name: &str| parts.headers.get(name).and_then(|h| h.to_str().ok()).map(str::to_string);
        let host = header("host").unwrap_or_else(|| "localhost".to_string());
        let scheme = header("x-forwarded-proto").filter(|p| p == "https").unwrap_or_else(|| "http".to_string());
        format!("{scheme}://{host}")
    }

    async fn auth_session() -> Result<AuthSession, AppError> {
        leptos_axum::extract::<AuthSession>().await.map_err(|e| {
            tracing::error!(error = ?e, "auth session missing");
            AppError::Internal
        })
    }

    /// The client's address as the server's layers worked it out (the connection's, or behind a
    /// trusted load balancer its `X-Forwarded-For` entry), put into the request's extensions.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct ClientAddress(pub String);

    /// The client's address: [`ClientAddress`] when the layers set it, else the connection's.
    pub fn client_ip() -> Option<String> {
        let parts = use_context::<http::request::Parts>()?;
        if let Some(address) = parts.extensions.get::<ClientAddress>() {
            return Some(address.0.clone());
        }
        parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string())
    }

    /// Redirects a server function's caller to `path`, a path on this site. A value that is
    /// not one, or could not be a header, goes to `/` instead (a `Location` header built from
    /// input could otherwise panic the worker or lead to another site). Every server function
    /// redirects through here, never with `leptos_axum::redirect` directly.
    pub fn redirect(path: &str) {
        if is_local_path(path) {
            leptos_axum::redirect(path);
        } else {
            tracing::warn!(path = %path.escape_debug().to_string().chars().take(200).collect::<String>(), "refused to redirect to something that is not a path on this site");
            leptos_axum::redirect("/");
        }
    }

    /// The signed-in user, with their organisation, or `None`.
    pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
        current_user_of(&store()?, auth_session().await?).await
    }

    /// The user of `session`, with their organisation, or `None` (for the axum handlers, which
    /// have the session but no server function's context).
    pub async fn current_user_of(store: &SharedStore, session: AuthSession) -> Result<Option<CurrentUser>, AppError> {
        let Some(user) = session.user else {
            return Ok(None);
        };
        // A suspended organisation's sessions end (and do not come back when it is reactivated:
        // the suspension changed every user's session generation).
        let Some(org) = store.organisation(user.record.organisation_id).await?.filter(|o| !o.suspended()) else {
            return Ok(None);
        };
        Ok(Some(CurrentUser::of(user.record, &org)))
    }

    /// The signed-in user if they hold `permission`; otherwise the error that says why not.
    /// A server function whose operation has no service function yet starts with this (a
    /// service function checks its own permission: [`Caller::require`]).
    pub async fn require(permission: Permission) -> Result<CurrentUser, AppError> {
        caller().await?.require(permission).cloned()
    }

    /// Who asks for an operation, as a service function sees them: a signed-in person (a
    /// server function's [`SessionCaller`]) or an API key (the REST API's principal). Each
    /// service function decides its operation's permission with [`Caller::require`], so the
    /// pages and the REST API give the same answer.
    pub trait Caller: Send + Sync {
        /// The caller's user once they hold `permission`, or the error that says why not.
        fn require(&self, permission: Permission) -> Result<&CurrentUser, AppError>;
        /// Who the audit log names for a change.
        fn actor(&self) -> Actor;
    }

    /// The signed-in person of a server function. While an admin-set password waits to be
    /// changed, only what [`Permission::allowed_before_password_change`] allows passes.
    #[derive(Clone, Debug)]
    pub struct SessionCaller {
        pub user: CurrentUser,
        ip: Option<String>,
    }

    impl SessionCaller {
        pub fn new(user: CurrentUser, ip: Option<String>) -> SessionCaller {
            SessionCaller { user, ip }
        }

        /// The caller of an axum handler's `session` (no address: the handler's audit entries
        /// carry none), or `None` when nobody is signed in.
        pub async fn of(store: &SharedStore, session: AuthSession) -> Result<Option<SessionCaller>, AppError> {
            Ok(current_user_of(store, session).await?.map(|user| SessionCaller::new(user, None)))
        }
    }

    impl Caller for SessionCaller {
        fn require(&self, permission: Permission) -> Result<&CurrentUser, AppError> {
            if self.user.must_change_password && !permission.allowed_before_password_change() {
                return Err(AppError::PasswordChangeRequired);
            }
            if self.user.mfa_setup_required && !permission.allowed_before_password_change() {
                return Err(AppError::TwoStepSetupRequired);
            }
            self.user.may(permission)?;
            Ok(&self.user)
        }

        fn actor(&self) -> Actor {
            Actor { user_id: Some(self.user.id), organisation_id: self.user.organisation_id, ip: self.ip.clone() }
        }
    }

    /// The signed-in person asking, or [`AppError::NotSignedIn`].
    pub async fn caller() -> Result<SessionCaller, AppError> {
        let user = current_user().await?.ok_or(AppError::NotSignedIn)?;
        Ok(SessionCaller::new(user, client_ip()))
    }

    /// Records a sign-in attempt (or a check of the current password) for `email_key` from
    /// this client's address and applies [`throttle_decision`]; `Ok` means: check the
    /// password now. Returns the address the attempt was counted for.
    pub async fn throttle(store: &SharedStore, email_key: &str) -> Result<String, AppError> {
        let address = client_ip().unwrap_or_else(|| "unknown".to_string());
        let at = now();
        let window_start = at - i64::from(THROTTLE_MINUTES) * 60;
        let attempts = store.record_sign_in_attempt(email_key, &address, at, window_start).await?;
        match throttle_decision(attempts.from_address, attempts.for_account) {
            Throttle::Check => Ok(address),
            Throttle::SlowDown => {
                tracing::warn!(attempts = attempts.for_account, "sign-in attempts for one account past the backstop: slowing down");
                tokio::time::sleep(std::time::Duration::from_millis(BACKSTOP_DELAY_MS)).await;
                Ok(address)
            }
            Throttle::Refuse => {
                tracing::warn!(%address, "sign-in attempts throttled");
                Err(AppError::TooManyAttempts { minutes: THROTTLE_MINUTES })
            }
        }
    }

    /// Signs `user` in on this session under a new session id (so an id known before the
    /// sign-in, planted or not, never carries the signed-in session).
    pub async fn start_session(session: &mut AuthSession, user: &SessionUser) -> Result<(), AppError> {
        session.session.cycle_id().await.map_err(|e| {
            tracing::error!(error = %e, "could not renew the session id");
            AppError::Internal
        })?;
        session.login(user).await.map_err(|e| {
            tracing::error!(error = %e, "could not start session");
            AppError::Internal
        })
    }

    /// Whether `password` is the one `hash` was made from, checked on a blocking thread.
    pub async fn verify_password(password: String, hash: &PasswordHash) -> Result<bool, AppError> {
        let hash = hash.0.clone();
        tokio::task::spawn_blocking(move || password_auth::verify_password(password, &hash).is_ok()).await.map_err(|e| {
            tracing::error!(error = %e, "password check task failed");
            AppError::Internal
        })
    }

    /// The audit actor for a signed-in user's change.
    pub fn actor(user: &CurrentUser) -> Actor {
        Actor { user_id: Some(user.id), organisation_id: user.organisation_id, ip: client_ip() }
    }

    /// Whether this server function was called by a plain form post (a browser without
    /// JavaScript, or a form outside the islands of a page served whole): Leptos answers it with
    /// a redirect back to the form's page, so a result the page should show goes in the address.
    pub fn plain_form_post() -> bool {
        use_context::<http::request::Parts>()
            .is_some_and(|p| p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|accept| accept.contains("text/html")))
    }

    /// Sets the HTTP status of a failed server function from its error.
    /// Only a server function called over HTTP (`/api/…`) sets the status: when a page calls
    /// one while rendering on the server, the page decides its own status. Neither does a plain
    /// form post (a browser without JavaScript, or a page served whole): Leptos answers it with
    /// a redirect back to the form's page, the error in its address for the page to show, and
    /// a browser follows no redirect whose status is not 3xx.
    pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        let over_http = use_context::<http::request::Parts>().is_some_and(|p| p.uri.path().starts_with("/api/")) && !plain_form_post();
        if let (Err(error), true) = (&result, over_http) {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                if let Ok(status) = http::StatusCode::from_u16(error.status()) {
                    response.set_status(status);
                }
            }
        }
        result
    }

    pub async fn sign_in(email: String, password: String, next: Option<String>) -> Result<SignInStep, AppError> {
        respond(
            async {
                // Checked before anything is looked up, stored or hashed.
                let email_key = check_sign_in_input(&email, &password)?;
                let store = store()?;
                let address = throttle(&store, &email_key).await?;
                let mut session = auth_session().await?;
                let user = session.authenticate(Credentials { email: email_key.clone(), password }).await.map_err(|e| {
                    tracing::error!(error = %e, "authentication backend failed");
                    AppError::Internal
                })?;
                let Some(user) = user else {
                    return Err(AppError::WrongCredentials);
                };
                // Said only to someone who knows the password.
                let Some(organisation) = store.organisation(user.record.organisation_id).await?.filter(|o| !o.suspended()) else {
                    return Err(AppError::Refused(crate::error::Refusal::OrganisationSuspended));
                };
                store.clear_sign_in_attempts(&email_key, &address).await?;
                let next = safe_next(next.as_deref());
                if user.record.mfa_enabled_at.is_some() {
                    // The password was right; the session waits for the code, signed out.
                    let pending = PendingSignIn { user_id: user.record.id, until: now() + super::mfa::PENDING_SIGN_IN_SECONDS };
                    session.session.insert(PENDING_SIGN_IN, pending).await.map_err(|e| {
                        tracing::error!(error = %e, "could not keep the pending sign-in");
                        AppError::Internal
                    })?;
                    redirect(&format!("{}?next={}", super::mfa::CODE_PATH, crate::components::urlencode(&next)));
                    return Ok(SignInStep::CodeNeeded);
                }
                start_session(&mut session, &user).await?;
                remember_language(&store, user.record.id).await;
                tracing::info!(user_id = user.record.id, "signed in");
                redirect(&landing(&user.record, &organisation, &next));
                Ok(SignInStep::Done)
            }
            .await,
        )
    }

    /// Where a signed-in user goes: Settings > My account while their password or their
    /// two-step verification must be set, else `next`.
    fn landing(user: &UserRecord, organisation: &crate::store::OrganisationRow, next: &str) -> String {
        if user.must_change_password || (organisation.require_mfa && user.mfa_enabled_at.is_none()) {
            ACCOUNT_PATH.to_string()
        } else {
            next.to_string()
        }
    }

    /// The session key of a sign-in whose password was right, waiting for its code.
    const PENDING_SIGN_IN: &str = "pending_sign_in";
    /// The session key of recovery codes just made, until their page shows them.
    const NEW_RECOVERY_CODES: &str = "new_recovery_codes";

    #[derive(Clone, Debug, Serialize, Deserialize)]
    struct PendingSignIn {
        user_id: i64,
        until: i64,
    }

    /// The second step of signing in: a code from the user's app (each works once) or one of
    /// their recovery codes, within [`super::mfa::PENDING_SIGN_IN_SECONDS`] of the password.
    /// Wrong codes count as failed sign-ins of the account.
    pub async fn sign_in_code(code: String, next: Option<String>) -> Result<(), AppError> {
        respond(
            async {
                let typed = super::mfa::read_code(&code);
                let mut session = auth_session().await?;
                let pending: Option<PendingSignIn> = session.session.get(PENDING_SIGN_IN).await.ok().flatten();
                let Some(pending) = pending.filter(|p| p.until >= now()) else {
                    return Err(AppError::Refused(crate::error::Refusal::SignInAgain));
                };
                let store = store()?;
                let record =
                    store.user_by_id(pending.user_id).await?.filter(|u| u.active).ok_or(AppError::Refused(crate::error::Refusal::SignInAgain))?;
                let address = throttle(&store, &record.email).await?;
                let wrong = || AppError::invalid("code", crate::error::Problem::WrongCode);
                let typed = typed.ok_or_else(wrong)?;
                let actor = Actor { user_id: Some(record.id), organisation_id: record.organisation_id, ip: client_ip() };
                if !super::mfa::service::verify(&store, &super::mfa::service::key()?, &actor, record.id, &record.email, typed).await? {
                    return Err(wrong());
                }
                let Some(organisation) = store.organisation(record.organisation_id).await?.filter(|o| !o.suspended()) else {
                    return Err(AppError::Refused(crate::error::Refusal::OrganisationSuspended));
                };
                let _ = session.session.remove::<PendingSignIn>(PENDING_SIGN_IN).await;
                store.clear_sign_in_attempts(&record.email, &address).await?;
                let user = SessionUser::new(record);
                start_session(&mut session, &user).await?;
                remember_language(&store, user.record.id).await;
                tracing::info!(user_id = user.record.id, "signed in with two-step verification");
                redirect(&landing(&user.record, &organisation, &safe_next(next.as_deref())));
                Ok(())
            }
            .await,
        )
    }

    /// Keeps the page's language as the user's: the messages PartnerDesk sends them are written
    /// in it. A failure is logged, never shown (signing in goes on).
    pub async fn remember_language(store: &SharedStore, user_id: i64) {
        if let Err(e) = store.set_user_locale(user_id, crate::app::initial_locale().tag()).await {
            tracing::warn!(error = %e, "could not keep the user's language");
        }
    }

    /// Keeps recovery codes just made in the session until their page shows them (once).
    pub async fn keep_recovery_codes(codes: Vec<String>) -> Result<(), AppError> {
        let session = auth_session().await?;
        session.session.insert(NEW_RECOVERY_CODES, codes).await.map_err(|e| {
            tracing::error!(error = %e, "could not keep the recovery codes");
            AppError::Internal
        })
    }

    /// The recovery codes kept for their page, taken out of the session.
    pub async fn take_recovery_codes() -> Result<Vec<String>, AppError> {
        let session = auth_session().await?;
        Ok(session.session.remove::<Vec<String>>(NEW_RECOVERY_CODES).await.ok().flatten().unwrap_or_default())
    }

    /// Starts a session for a user who just proved who they are another way (registration).
    pub async fn log_in(user_id: i64) -> Result<(), AppError> {
        let record = store()?.user_by_id(user_id).await?.ok_or(AppError::NotFound)?;
        let mut session = auth_session().await?;
        start_session(&mut session, &SessionUser::new(record)).await
    }

    pub async fn sign_out() -> Result<(), AppError> {
        let mut session = auth_session().await?;
        session.logout().await.map_err(|e| {
            tracing::error!(error = %e, "could not end session");
            AppError::Internal
        })?;
        redirect("/");
        Ok(())
    }

    /// Settings > My account: the signed-in user changes their own password (see
    /// [`super::change_password`]).
    pub async fn change_password(current_password: String, new_password: String, confirm_password: String) -> Result<(), AppError> {
        respond(
            async {
                let user = require(Permission::ManageOwnAccount).await?;
                let new_password = super::validate_password_change(&current_password, &new_password, &confirm_password)?;
                let store = store()?;
                let record = store.user_by_id(user.id).await?.ok_or(AppError::NotSignedIn)?;
                // Guesses of the current password count as sign-in attempts: a stolen session
                // cannot be used to find the password.
                let address = throttle(&store, &record.email).await?;
                if !verify_password(current_password, &record.password_hash).await? {
                    return Err(AppError::invalid("current_password", crate::error::Problem::WrongPassword));
                }
                store.clear_sign_in_attempts(&record.email, &address).await?;
                let hash = hash_password(new_password).await?;
                let record = store.change_own_password(&actor(&user), &hash).await?;
                // This session goes on with the new password (under a new id); the others no
                // longer match it and end.
                let mut session = auth_session().await?;
                start_session(&mut session, &SessionUser::new(record)).await?;
                tracing::info!(user_id = user.id, "changed their password");
                redirect(&format!("{ACCOUNT_PATH}?changed=1"));
                Ok(())
            }
            .await,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/offers?page=2")), "/offers?page=2");
        assert_eq!(safe_next(Some("/customers?search=a%20b#top")), "/customers?search=a%20b#top");
        assert_eq!(safe_next(Some("/")), "/");
        assert_eq!(safe_next(None), "/");
        for evil in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            " /evil",
            "/\u{7f}",
            "/\u{7f}/evil.example",
            "/%09/evil.example",
            "/%5cevil.example",
            "/%5Cevil.example",
            "/x/%2f%2fevil.example",
            "/%252f%252fevil.example",
            "/caf\u{e9}",
            "/\u{3000}/evil.example",
            "javascript:alert(1)",
            "",
            "offers",
        ] {
            assert_eq!(safe_next(Some(evil)), "/", "{evil:?}");
        }
    }

    #[test]
    fn the_throttle_refuses_an_address_and_slows_an_account_down() {
        assert_eq!(throttle_decision(1, 1), Throttle::Check);
        assert_eq!(throttle_decision(THROTTLE_FAILURES, THROTTLE_FAILURES), Throttle::Check);
        assert_eq!(throttle_decision(THROTTLE_FAILURES + 1, THROTTLE_FAILURES + 1), Throttle::Refuse);
        // Under attack from many addresses: a fresh address is slowed down, never refused.
        assert_eq!(throttle_decision(1, ACCOUNT_BACKSTOP + 100), Throttle::SlowDown);
        assert_eq!(throttle_decision(BACKSTOP_PER_ADDRESS, ACCOUNT_BACKSTOP + 1), Throttle::SlowDown);
        assert_eq!(throttle_decision(BACKSTOP_PER_ADDRESS + 1, ACCOUNT_BACKSTOP + 1), Throttle::Refuse);
    }

    #[test]
    fn sign_in_input_is_bounded_before_anything_else() {
        let long_email = format!("{}@example.com", "a".repeat(200_000));
        let error = check_sign_in_input(&long_email, "x").unwrap_err();
        assert_eq!(error.field_errors()[0].field, "email");
        let error = check_sign_in_input("a@example.com", &"p".repeat(PASSWORD_MAX_BYTES + 1)).unwrap_err();
        assert_eq!(error.field_errors()[0].field, "password");
        assert_eq!(check_sign_in_input(" A@Example.com ", "secret"), Ok("a@example.com".to_string()));
    }

    #[test]
    fn a_password_change_needs_the_current_one_and_the_new_one_twice() {
        use crate::error::Problem;
        let fields =
            |r: Result<String, AppError>| r.unwrap_err().field_errors().iter().map(|e| (e.field.clone(), e.problem.clone())).collect::<Vec<_>>();
        assert_eq!(
            fields(validate_password_change("", "short", "short")),
            vec![
                ("current_password".to_string(), Problem::Required),
                ("new_password".to_string(), Problem::PasswordTooShort { min: crate::resellers::PASSWORD_MIN })
            ]
        );
        assert_eq!(
            fields(validate_password_change("old password 1", "a new passphrase", "a new passphrasE")),
            vec![("confirm_password".to_string(), Problem::PasswordMismatch)]
        );
        assert_eq!(
            fields(validate_password_change("the same phrase", "the same phrase", "the same phrase")),
            vec![("new_password".to_string(), Problem::PasswordUnchanged)]
        );
        assert_eq!(validate_password_change("old", "a new passphrase", "a new passphrase"), Ok("a new passphrase".to_string()));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn next_is_always_a_path_on_this_site(next in "\\PC{0,40}|[/\\\\%09a-z5cC\t\n\u{7f} ]{0,12}|/[/\\\\%\\x00-\\x7f]{0,12}") {
            let target = safe_next(Some(&next));
            if target != "/" {
                let mut chars = target.chars();
                prop_assert_eq!(chars.next(), Some('/'));
                let second = chars.next();
                prop_assert!(second.is_some_and(|c| c != '/' && c != '\\'), "{:?}", target);
                prop_assert_eq!(&target, &next);
            }
            prop_assert!(!target.chars().any(|c| c.is_control() || c.is_whitespace()), "{:?}", target);
            // What a `Location` header can carry as it is (http's HeaderValue panics on less).
            prop_assert!(target.bytes().all(|b| b.is_ascii_graphic()), "{:?}", target);
        }
    }
}
