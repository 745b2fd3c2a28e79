//! Signing in and out, the signed-in user, and the one helper every server function uses to
//! check who is asking: `let user = require(Permission::ManageOffers).await?;`.

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
}

/// Where to go after signing in: only paths on this site, never another origin.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => path.to_string(),
        _ => "/".to_string(),
    }
}

/// Minutes a throttled account waits, and how many failures within them trigger it.
pub const THROTTLE_MINUTES: u32 = 15;
pub const THROTTLE_FAILURES: i64 = 5;

#[server(endpoint = "auth/sign-in")]
pub async fn sign_in(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    ssr::sign_in(email, password, next).await
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
    use crate::store::{now, Actor, PasswordHash, SharedStore, UserRecord};
    use axum_login::{AuthUser, AuthnBackend, UserId};
    use tower_sessions::session::{Id, Record};
    use tower_sessions::session_store;

    /// The user as axum-login keeps them in the session.
    #[derive(Clone)]
    pub struct SessionUser {
        pub record: UserRecord,
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
        /// Changing the password ends every session of the user.
        fn session_auth_hash(&self) -> &[u8] {
            self.record.password_hash.0.as_bytes()
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
            Ok(user.filter(|u| ok && u.active).map(|record| SessionUser { record }))
        }

        async fn get_user(&self, user_id: &UserId<Self>) -> Result<Option<SessionUser>, BackendError> {
            let user = self.store.user_by_id(*user_id).await?;
            Ok(user.filter(|u| u.active).map(|record| SessionUser { record }))
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

    /// The session store over the application's own database.
    #[derive(Clone, Debug)]
    pub enum SessionBackend {
        Sqlite(tower_sessions_sqlx_store::SqliteStore),
        Postgres(tower_sessions_sqlx_store::PostgresStore),
    }

    #[async_trait::async_trait]
    impl tower_sessions::SessionStore for SessionBackend {
        async fn create(&self, record: &mut Record) -> session_store::Result<()> {
            match self {
                SessionBackend::Sqlite(s) => s.create(record).await,
                SessionBackend::Postgres(s) => s.create(record).await,
            }
        }
        async fn save(&self, record: &Record) -> session_store::Result<()> {
            match self {
                SessionBackend::Sqlite(s) => s.save(record).await,
                SessionBackend::Postgres(s) => s.save(record).await,
            }
        }
        async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
            match self {
                SessionBackend::Sqlite(s) => s.load(id).await,
                SessionBackend::Postgres(s) => s.load(id).await,
            }
        }
        async fn delete(&self, id: &Id) -> session_store::Result<()> {
            match self {
                SessionBackend::Sqlite(s) => s.delete(id).await,
                SessionBackend::Postgres(s) => s.delete(id).await,
            }
        }
    }

    #[async_trait::async_trait]
    impl tower_sessions::ExpiredDeletion for SessionBackend {
        async fn delete_expired(&self) -> session_store::Result<()> {
            match self {
                SessionBackend::Sqlite(s) => s.delete_expired().await,
                SessionBackend::Postgres(s) => s.delete_expired().await,
            }
        }
    }

    /// The application state: the store, from the server function's context.
    pub fn store() -> Result<SharedStore, AppError> {
        use_context::<AppState>().map(|s| s.store.clone()).ok_or_else(|| {
            tracing::error!("AppState missing from server function context");
            AppError::Internal
        })
    }

    /// The origin people reach the site at, for links sent by email or pasted into websites:
    /// `PUBLIC_URL` when set, otherwise the scheme and `Host` of the current request.
    pub fn public_origin() -> String {
        if let Some(url) = use_context::<AppState>().and_then(|s| s.public_url) {
            return url;
        }
        let Some(parts) = use_context::<http::request::Parts>() else { return String::new() };
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

    /// The client's address as seen by the server (the first hop).
    pub fn client_ip() -> Option<String> {
        let parts = use_context::<http::request::Parts>()?;
        parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string())
    }

    /// The signed-in user, with their organisation, or `None`.
    pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
        let session = auth_session().await?;
        let Some(user) = session.user else { return Ok(None) };
        let store = store()?;
        let Some(org) = store.organisation(user.record.organisation_id).await? else {
            return Ok(None);
        };
        Ok(Some(CurrentUser {
            id: user.record.id,
            name: user.record.name,
            email: user.record.email,
            organisation_id: org.id,
            organisation_name: org.name.clone(),
            roles: user.record.roles,
            programs: org.programs(),
            dap_certified: org.dap_certified,
        }))
    }

    /// The signed-in user if they hold `permission`; otherwise the error that says why not.
    /// Every server function that touches an organisation's data starts with this.
    pub async fn require(permission: Permission) -> Result<CurrentUser, AppError> {
        let user = current_user().await?.ok_or(AppError::NotSignedIn)?;
        user.may(permission)?;
        Ok(user)
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

    pub async fn sign_in(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
        respond(
            async {
                let store = store()?;
                let email_key = email.trim().to_lowercase();
                let window_start = now() - i64::from(THROTTLE_MINUTES) * 60;
                if store.sign_in_failures_since(&email_key, window_start).await? >= THROTTLE_FAILURES {
                    return Err(AppError::TooManyAttempts { minutes: THROTTLE_MINUTES });
                }
                let mut session = auth_session().await?;
                let user = session.authenticate(Credentials { email: email_key.clone(), password }).await.map_err(|e| {
                    tracing::error!(error = %e, "authentication backend failed");
                    AppError::Internal
                })?;
                let Some(user) = user else {
                    store.record_sign_in_failure(&email_key, now()).await?;
                    return Err(AppError::WrongCredentials);
                };
                session.login(&user).await.map_err(|e| {
                    tracing::error!(error = %e, "could not start session");
                    AppError::Internal
                })?;
                store.clear_sign_in_failures(&email_key).await?;
                tracing::info!(user_id = user.record.id, "signed in");
                leptos_axum::redirect(&safe_next(next.as_deref()));
                Ok(())
            }
            .await,
        )
    }

    /// Starts a session for a user who just proved who they are another way (registration).
    pub async fn log_in(user_id: i64) -> Result<(), AppError> {
        let record = store()?.user_by_id(user_id).await?.ok_or(AppError::NotFound)?;
        let mut session = auth_session().await?;
        session.login(&SessionUser { record }).await.map_err(|e| {
            tracing::error!(error = %e, "could not start session");
            AppError::Internal
        })
    }

    pub async fn sign_out() -> Result<(), AppError> {
        let mut session = auth_session().await?;
        session.logout().await.map_err(|e| {
            tracing::error!(error = %e, "could not end session");
            AppError::Internal
        })?;
        leptos_axum::redirect("/");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/offers?page=2")), "/offers?page=2");
        assert_eq!(safe_next(Some("https://evil.example/")), "/");
        assert_eq!(safe_next(Some("//evil.example/")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
