//! Two-step verification: a user sets up an authenticator app (a QR code and the same secret to
//! type), turns it on with a code, and gets ten single-use recovery codes, shown once. Signing
//! in then asks for a code after the password. A user turns it off with a code (unless the
//! organisation requires it); a Global admin requires it for everyone and resets a user's.
//! The rules of what a typed code is are [`domain::mfa`]; the codes are checked with `totp-rs`.
//!
//! The pages are served whole and their forms post as plain HTML forms (no island).

#[cfg(feature = "ssr")]
use crate::components::field_error;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::i18n::{tr, use_locale, Key};
pub use domain::mfa::*;
use leptos::prelude::*;

/// The second step of signing in.
pub const CODE_PATH: &str = "/sign-in/code";
/// Settings > My account > Set up two-step verification.
pub const SETUP_PATH: &str = "/settings/account/two-step";
/// Where new recovery codes are shown, once.
pub const RECOVERY_CODES_PATH: &str = "/settings/account/recovery-codes";

#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::Caller;
    use crate::error::{Problem, Refusal};
    use crate::roles::Permission;
    use crate::store::mfa::MfaSecret;
    use crate::store::{Actor, SharedStore};
    use totp_rs::{Builder, Secret, Totp};

    /// The issuer an authenticator app shows next to the account.
    const ISSUER: &str = "PartnerDesk";

    /// The installation's key that seals two-step secrets at rest (ChaCha20-Poly1305): the
    /// database keeps `v1:` and the nonce and sealed secret in hex, so a copy of the database
    /// alone gives nobody the second factor. Servers sharing a database share the key
    /// (`SECRET_KEY`, or the file `SECRET_KEY_FILE`). Never printed.
    #[derive(Clone)]
    pub struct SecretKey([u8; 32]);

    impl std::fmt::Debug for SecretKey {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("SecretKey(…)")
        }
    }

    impl Default for SecretKey {
        /// A new random key (see [`SecretKey::generate`]).
        fn default() -> SecretKey {
            SecretKey::generate()
        }
    }

    /// The prefix of a sealed secret (its format's version).
    const SEALED: &str = "v1:";

    impl SecretKey {
        /// A new random key.
        pub fn generate() -> SecretKey {
            use rand::RngCore;
            let mut key = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut key);
            SecretKey(key)
        }

        /// A key written as 64 hex digits.
        pub fn from_hex(text: &str) -> Result<SecretKey, String> {
            let bytes = crate::developer::unhex(text.trim()).ok_or("the secret key is not 64 hex digits")?;
            let key: [u8; 32] = bytes.try_into().map_err(|_| "the secret key is not 64 hex digits (32 bytes)")?;
            Ok(SecretKey(key))
        }

        pub fn to_hex(&self) -> String {
            crate::developer::hex(&self.0)
        }

        /// Seals a secret to keep.
        pub fn seal(&self, secret: &MfaSecret) -> Result<MfaSecret, AppError> {
            use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
            let cipher = chacha20poly1305::ChaCha20Poly1305::new((&self.0).into());
            let nonce = chacha20poly1305::ChaCha20Poly1305::generate_nonce(&mut OsRng);
            let sealed = cipher.encrypt(&nonce, secret.0.as_bytes()).map_err(|_| {
                tracing::error!("could not seal a two-step secret");
                AppError::Internal
            })?;
            Ok(MfaSecret(format!("{SEALED}{}{}", crate::developer::hex(&nonce), crate::developer::hex(&sealed))))
        }

        /// A kept secret, opened (one kept before sealing, without the prefix, as it is).
        pub fn open(&self, kept: MfaSecret) -> Result<MfaSecret, AppError> {
            use chacha20poly1305::aead::{Aead, KeyInit};
            let Some(sealed) = kept.0.strip_prefix(SEALED) else { return Ok(kept) };
            let refused = || {
                tracing::error!("a two-step secret does not open with this server's key: is SECRET_KEY the one the other servers use?");
                AppError::Internal
            };
            let bytes = crate::developer::unhex(sealed).filter(|b| b.len() > 12).ok_or_else(refused)?;
            let (nonce, sealed) = bytes.split_at(12);
            let cipher = chacha20poly1305::ChaCha20Poly1305::new((&self.0).into());
            let plain = cipher.decrypt(nonce.into(), sealed).map_err(|_| refused())?;
            String::from_utf8(plain).map(MfaSecret).map_err(|_| refused())
        }
    }

    /// The key of the server answering (its settings).
    pub fn key() -> Result<SecretKey, AppError> {
        use_context::<crate::state::AppState>().map(|s| s.secret_key.clone()).ok_or_else(|| {
            tracing::error!("AppState missing from server function context");
            AppError::Internal
        })
    }

    /// Seals the secrets kept before sealing existed (at start-up); returns how many users'.
    pub async fn seal_kept_secrets(store: &SharedStore, key: &SecretKey) -> Result<usize, AppError> {
        let mut sealed = 0;
        for (user_id, secret, pending) in store.mfa_secrets_not_sealed(SEALED).await? {
            let seal = |s: Option<String>| -> Result<Option<MfaSecret>, AppError> {
                s.map(|s| if s.starts_with(SEALED) { Ok(MfaSecret(s)) } else { key.seal(&MfaSecret(s)) }).transpose()
            };
            store.replace_mfa_secrets(user_id, seal(secret)?.as_ref(), seal(pending)?.as_ref()).await?;
            sealed += 1;
        }
        Ok(sealed)
    }

    fn totp(secret: &MfaSecret, account: &str) -> Result<Totp, AppError> {
        let bytes = Secret::try_from_base32(&secret.0).map_err(|e| {
            tracing::error!(error = %e, "a stored two-step secret is not Base32");
            AppError::Internal
        })?;
        // An account name may not hold a colon (the otpauth address separates with one).
        let account = account.replace(':', " ");
        Builder::new().with_secret(bytes).with_account_name(account).with_issuer(Some(ISSUER)).build().map_err(|e| {
            tracing::error!(error = %e, "could not build the TOTP");
            AppError::Internal
        })
    }

    /// The time step whose code `code` is (now, or one step either side), if it is one.
    fn step_of(secret: &MfaSecret, account: &str, code: &str) -> Result<Option<i64>, AppError> {
        let now = u64::try_from(crate::store::now()).unwrap_or(0);
        Ok(totp(secret, account)?.check(code, now).and_then(|step| i64::try_from(step).ok()))
    }

    /// Ten new recovery codes: as shown (once), and their hashes as kept.
    fn new_recovery_codes() -> (Vec<String>, Vec<String>) {
        use rand::Rng;
        let mut rng = rand::rngs::OsRng;
        let codes: Vec<String> = (0..RECOVERY_CODES)
            .map(|_| (0..RECOVERY_CODE_LENGTH).map(|_| RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())] as char).collect())
            .collect();
        let hashes = codes.iter().map(|c| recovery_hash(c)).collect();
        (codes.iter().map(|c| show_recovery_code(c)).collect(), hashes)
    }

    fn recovery_hash(code: &str) -> String {
        crate::auth::password_reset::service::token_hash(code)
    }

    fn wrong_code() -> AppError {
        AppError::invalid("code", Problem::WrongCode)
    }

    /// The user's two-step verification, for Settings > My account.
    pub async fn status(store: &SharedStore, caller: &dyn Caller) -> Result<MfaStatus, AppError> {
        let user = caller.require(Permission::ManageOwnAccount)?;
        let record = store.mfa_record(user.id).await?.ok_or(AppError::NotSignedIn)?;
        Ok(MfaStatus { enabled_at: record.enabled_at, recovery_codes_left: record.recovery_codes_left, required: record.required })
    }

    /// The secret to set an authenticator app up with (the one waiting to be confirmed, or a
    /// new one), as a QR code and as text.
    pub async fn setup(store: &SharedStore, caller: &dyn Caller, key: &SecretKey) -> Result<MfaSetup, AppError> {
        let user = caller.require(Permission::ManageOwnAccount)?;
        let record = store.mfa_record(user.id).await?.ok_or(AppError::NotSignedIn)?;
        // A session alone never moves the second factor to another app: that takes turning it
        // off first, with a code.
        if record.enabled_at.is_some() {
            return Err(AppError::Refused(Refusal::MfaAlreadyOn));
        }
        let secret = match record.pending {
            Some(kept) => key.open(kept)?,
            None => {
                let secret = MfaSecret(Secret::generate().to_base32());
                store.begin_mfa_setup(user.id, &key.seal(&secret)?).await?;
                secret
            }
        };
        let url = totp(&secret, &user.email)?.to_url().map_err(|e| {
            tracing::error!(error = %e, "could not make the otpauth address");
            AppError::Internal
        })?;
        let qr = qrcode::QrCode::new(url.as_bytes()).map_err(|e| {
            tracing::error!(error = %e, "could not draw the QR code");
            AppError::Internal
        })?;
        let qr_svg = qr.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).quiet_zone(true).build();
        Ok(MfaSetup { qr_svg, secret: group_secret(&secret.0) })
    }

    /// Turns two-step verification on with a code of the secret being set up; returns the
    /// recovery codes (shown once).
    pub async fn enable(store: &SharedStore, caller: &dyn Caller, key: &SecretKey, code: &str) -> Result<Vec<String>, AppError> {
        let user = caller.require(Permission::ManageOwnAccount)?;
        let Some(TypedCode::App(code)) = read_code(code) else { return Err(wrong_code()) };
        let record = store.mfa_record(user.id).await?.ok_or(AppError::NotSignedIn)?;
        if record.enabled_at.is_some() {
            return Err(AppError::Refused(Refusal::MfaAlreadyOn));
        }
        let pending = key.open(record.pending.ok_or(AppError::Refused(Refusal::MfaSetupExpired))?)?;
        let step = step_of(&pending, &user.email, &code)?.ok_or_else(wrong_code)?;
        let (codes, hashes) = new_recovery_codes();
        if !store.enable_mfa(&caller.actor(), user.id, step, &hashes).await? {
            return Err(AppError::Refused(Refusal::MfaSetupExpired));
        }
        Ok(codes)
    }

    /// New recovery codes (the earlier ones stop working), shown once.
    pub async fn new_codes(store: &SharedStore, caller: &dyn Caller) -> Result<Vec<String>, AppError> {
        let user = caller.require(Permission::ManageOwnAccount)?;
        let record = store.mfa_record(user.id).await?.ok_or(AppError::NotSignedIn)?;
        if record.enabled_at.is_none() {
            return Err(AppError::Refused(Refusal::MfaOff));
        }
        let (codes, hashes) = new_recovery_codes();
        store.replace_recovery_codes(&caller.actor(), user.id, &hashes).await?;
        Ok(codes)
    }

    /// Turns the caller's two-step verification off, with a code from their app or a recovery
    /// code; refused while the organisation requires it.
    pub async fn turn_off(store: &SharedStore, caller: &dyn Caller, key: &SecretKey, code: &str) -> Result<(), AppError> {
        let user = caller.require(Permission::ManageOwnAccount)?;
        let typed = read_code(code).ok_or_else(wrong_code)?;
        let record = store.mfa_record(user.id).await?.ok_or(AppError::NotSignedIn)?;
        if record.required {
            return Err(AppError::Refused(Refusal::MfaRequired));
        }
        if !verify(store, key, &caller.actor(), user.id, &user.email, typed).await? {
            return Err(wrong_code());
        }
        Ok(store.turn_off_mfa(&caller.actor(), user.id).await?)
    }

    /// Whether `typed` is a code of the user's app not used before (it is used up now) or one
    /// of their recovery codes (used up too).
    pub async fn verify(store: &SharedStore, key: &SecretKey, actor: &Actor, user_id: i64, email: &str, typed: TypedCode) -> Result<bool, AppError> {
        let record = store.mfa_record(user_id).await?.ok_or(AppError::NotFound)?;
        let Some(secret) = record.secret else { return Ok(false) };
        let secret = key.open(secret)?;
        match typed {
            TypedCode::App(code) => match step_of(&secret, email, &code)? {
                Some(step) => Ok(store.use_mfa_step(user_id, step).await?),
                None => Ok(false),
            },
            TypedCode::Recovery(code) => Ok(store.use_recovery_code(actor, user_id, &recovery_hash(&code)).await?),
        }
    }

    /// Requires two-step verification of everyone in the caller's organisation, or not. The
    /// admin who requires it has it on already (or they would lock themselves out of the page).
    pub async fn set_required(store: &SharedStore, caller: &dyn Caller, required: bool) -> Result<(), AppError> {
        let user = caller.require(Permission::RequireTwoStepVerification)?;
        if required && store.mfa_record(user.id).await?.and_then(|r| r.enabled_at).is_none() {
            return Err(AppError::Refused(Refusal::MfaOff));
        }
        Ok(store.set_mfa_required(&caller.actor(), required).await?)
    }

    /// Whether the caller's organisation requires two-step verification.
    pub async fn required(store: &SharedStore, caller: &dyn Caller) -> Result<bool, AppError> {
        let user = caller.require(Permission::ManageUsers)?;
        Ok(store.organisation(user.organisation_id).await?.is_some_and(|o| o.require_mfa))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_code_of_the_secret_is_found_in_its_time_step_and_a_wrong_one_is_not() {
            let secret = MfaSecret(Secret::generate().to_base32());
            let totp = totp(&secret, "ann@example.com").unwrap();
            let now = u64::try_from(crate::store::now()).unwrap();
            let code = totp.generate(now).to_string();
            assert_eq!(step_of(&secret, "ann@example.com", &code).unwrap(), i64::try_from(now / 30).ok());
            let wrong = if code == "000000" { "000001" } else { "000000" };
            assert_eq!(step_of(&secret, "ann@example.com", wrong).unwrap(), None);
            assert!(totp.to_url().unwrap().starts_with("otpauth://totp/PartnerDesk:ann%40example.com?"));
        }

        #[test]
        fn recovery_codes_are_ten_readable_distinct_codes() {
            let (shown, hashes) = new_recovery_codes();
            assert_eq!((shown.len(), hashes.len()), (RECOVERY_CODES, RECOVERY_CODES));
            for code in &shown {
                let Some(TypedCode::Recovery(plain)) = read_code(code) else { panic!("{code} reads back") };
                assert!(hashes.contains(&recovery_hash(&plain)));
            }
            let distinct: std::collections::HashSet<_> = shown.iter().collect();
            assert_eq!(distinct.len(), RECOVERY_CODES);
        }
    }
}

#[server(endpoint = "auth/mfa/status")]
pub async fn get_mfa_status() -> Result<MfaStatus, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::status(&store()?, &caller().await?).await }.await)
}

#[server(endpoint = "auth/mfa/setup")]
pub async fn get_mfa_setup() -> Result<MfaSetup, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::setup(&store()?, &caller().await?, &service::key()?).await }.await)
}

/// Turns two-step verification on; the recovery codes wait in the session for their page.
#[server(endpoint = "auth/mfa/enable")]
pub async fn enable_mfa(code: String) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, redirect, respond, store};
    respond(
        async {
            let codes = service::enable(&store()?, &caller().await?, &service::key()?, &code).await?;
            crate::auth::ssr::keep_recovery_codes(codes).await?;
            redirect(RECOVERY_CODES_PATH);
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "auth/mfa/recovery-codes")]
pub async fn new_recovery_codes() -> Result<(), AppError> {
    use crate::auth::ssr::{caller, redirect, respond, store};
    respond(
        async {
            let codes = service::new_codes(&store()?, &caller().await?).await?;
            crate::auth::ssr::keep_recovery_codes(codes).await?;
            redirect(RECOVERY_CODES_PATH);
            Ok(())
        }
        .await,
    )
}

/// The recovery codes just made, once: they leave the session as they are read.
#[server(endpoint = "auth/mfa/recovery-codes/show")]
pub async fn show_recovery_codes() -> Result<Vec<String>, AppError> {
    use crate::auth::ssr::{caller, respond, Caller};
    respond(
        async {
            caller().await?.require(crate::roles::Permission::ManageOwnAccount)?;
            crate::auth::ssr::take_recovery_codes().await
        }
        .await,
    )
}

#[server(endpoint = "auth/mfa/off")]
pub async fn turn_off_mfa(code: String) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, redirect, respond, store};
    respond(
        async {
            service::turn_off(&store()?, &caller().await?, &service::key()?, &code).await?;
            redirect(&format!("{}?mfa=off", crate::auth::ACCOUNT_PATH));
            Ok(())
        }
        .await,
    )
}

/// The second step of signing in: a code from the app or a recovery code.
#[server(endpoint = "auth/sign-in/code")]
pub async fn sign_in_code(code: String, next: Option<String>) -> Result<(), AppError> {
    crate::auth::ssr::sign_in_code(code, next).await
}

/// Settings > My account > Set up two-step verification: the QR code, the secret, and the code
/// that turns it on.
#[cfg(feature = "ssr")]
#[component]
pub fn MfaSetupPage() -> impl IntoView {
    use crate::components::{ErrorBox, Page};
    let locale = use_locale();
    let action = ServerAction::<EnableMfa>::new();
    let error = action.value().get_untracked().and_then(|r| r.err());
    let setup = Resource::new_blocking(|| (), |_| get_mfa_setup());
    let error = StoredValue::new(error);
    view! {
        <Page title=Key::SetUpTwoStep permission=crate::roles::Permission::ManageOwnAccount>
            <Suspense fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match setup.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(MfaSetup { qr_svg, secret }) => view! {
                            <ol class="steps">
                                <li>{tr(Key::TwoStepScan)}</li>
                            </ol>
                            // The server drew this SVG itself from the otpauth address.
                            <div class="qr" role="img" aria-label=move || locale.get().t(Key::TwoStepQrLabel).to_string() inner_html=qr_svg></div>
                            <p>{tr(Key::TwoStepTypeSecret)}</p>
                            <p><code id="two-step-secret" class="secret">{secret}</code></p>
                            <ActionForm action attr:class="form" attr:novalidate=true>
                                {error.get_value().filter(|e| e.field_errors().is_empty()).map(|e| view! { <ErrorBox error=e /> })}
                                <label for="two-step-code">{tr(Key::TwoStepEnterCode)}</label>
                                <input id="two-step-code" name="code" required inputmode="numeric" autocomplete="one-time-code" maxlength="12" />
                                {field_error(error.get_value(), "code", locale.get_untracked())}
                                <button type="submit" class="primary">{tr(Key::TurnOnTwoStep)}</button>
                            </ActionForm>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <p><a href=crate::auth::ACCOUNT_PATH>{tr(Key::NavMyAccount)}</a></p>
        </Page>
    }
}

/// The recovery codes just made, shown once.
#[cfg(feature = "ssr")]
#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    use crate::components::{ErrorBox, Page};
    let codes = Resource::new_blocking(|| (), |_| show_recovery_codes());
    view! {
        <Page title=Key::RecoveryCodes permission=crate::roles::Permission::ManageOwnAccount>
            <Suspense fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match codes.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(codes) if codes.is_empty() => view! { <p class="notice">{tr(Key::RecoveryCodesShownOnce)}</p> }.into_any(),
                        Ok(codes) => view! {
                            <p class="notice success" role="status" id="two-step-on">{tr(Key::RecoveryCodesIntro)}</p>
                            <ul class="recovery-codes" id="recovery-codes">
                                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <p><a class="button primary" href=crate::auth::ACCOUNT_PATH>{tr(Key::RecoveryCodesSaved)}</a></p>
        </Page>
    }
}

/// The second step of signing in.
#[cfg(feature = "ssr")]
#[component]
pub fn SignInCodePage() -> impl IntoView {
    use leptos_meta::Title;
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    let next = leptos_router::hooks::use_query_map().read_untracked().get("next").unwrap_or_else(|| "/".to_string());
    let action = ServerAction::<SignInCode>::new();
    let error = action.value().get_untracked().and_then(|r| r.err());
    let summary = error.as_ref().filter(|e| e.field_errors().is_empty()).map(|e| e.message(locale.get_untracked()));
    view! {
        <Title text=move || format!("{} · PartnerDesk", title_language().t(Key::TwoStepSignInTitle)) />
        <section class="narrow">
            <h1>{tr(Key::TwoStepSignInTitle)}</h1>
            <p>{tr(Key::TwoStepSignInIntro)}</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                {summary.map(|m| view! { <p class="error" role="alert" id="code-refused">{m}</p> })}
                <input type="hidden" name="next" value=next />
                <label for="sign-in-code">{tr(Key::TwoStepCode)}</label>
                <input id="sign-in-code" name="code" required autocomplete="one-time-code" autofocus maxlength="40" />
                <p class="hint">{tr(Key::TwoStepCodeHint)}</p>
                {field_error(error.clone(), "code", locale.get_untracked())}
                <button type="submit" class="primary">{tr(Key::Verify)}</button>
            </ActionForm>
            <p><a href="/sign-in">{tr(Key::SignInAgain)}</a></p>
        </section>
    }
}
