//! Embedding offers in an advisor's own website: the website origins allowed to frame the
//! offers (sent as `Content-Security-Policy: frame-ancestors`), and the snippet to paste.

use crate::components::{CopyButtonIsland, CopyWhat, ErrorBox, FieldErrorsView, Page};
use crate::error::{AppError, FieldErrors, Problem};
use crate::i18n::{tr, use_locale, Key};
use crate::roles::Permission;
use leptos::prelude::*;

/// The most websites one advisor may list.
pub const MAX_ORIGINS: usize = 20;

/// A website origin such as `https://www.contoso.com` or `http://localhost:8080`: a scheme,
/// a host and an optional port, nothing else. Returned in lowercase, without a trailing slash.
pub fn parse_origin(typed: &str) -> Result<String, Problem> {
    let value = typed.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, rest) = value.split_once("://").ok_or(Problem::Origin)?;
    if scheme != "https" && scheme != "http" {
        return Err(Problem::Origin);
    }
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) if !host.contains(']') || host.ends_with(']') => (host, Some(port)),
        _ => (rest, None),
    };
    let host_ok =
        !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-') && !host.starts_with('.') && !host.ends_with('.');
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit()));
    if !host_ok || !port_ok {
        return Err(Problem::Origin);
    }
    Ok(value)
}

/// Parses one origin per line (blank lines ignored); each problem names its line.
pub fn parse_origins(text: &str) -> Result<Vec<String>, AppError> {
    let mut errors = FieldErrors::default();
    let mut origins = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match parse_origin(line) {
            Ok(origin) if !origins.contains(&origin) => origins.push(origin),
            Ok(_) => {}
            Err(problem) => errors.add("origins", problem),
        }
    }
    if origins.len() > MAX_ORIGINS {
        errors.add("origins", Problem::TooMany { max: MAX_ORIGINS });
    }
    errors.into_result(|| origins)
}

/// The `frame-ancestors` directive for an advisor's offers: this site and the listed origins.
pub fn frame_ancestors(origins: &[String]) -> String {
    let mut directive = String::from("frame-ancestors 'self'");
    for origin in origins {
        if parse_origin(origin).is_ok() {
            directive.push(' ');
            directive.push_str(origin);
        }
    }
    directive
}

/// The snippet an advisor pastes into a web page: the frame and the script that sizes it.
pub fn embed_snippet(origin: &str, embed_path: &str, title: &str) -> String {
    let title = title.replace('"', "&quot;");
    format!(
        "<iframe src=\"{origin}{embed_path}\" title=\"{title}\" data-partnerdesk-offer style=\"width:100%;border:0;min-height:480px\" loading=\"lazy\"></iframe>\n<script src=\"{origin}/embed.js\" async></script>"
    )
}

/// Settings > Website embedding, with its permission.
#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::Caller;
    use crate::store::SharedStore;

    /// The websites that may show the advisor's offers in a frame.
    pub async fn origins(store: &SharedStore, caller: &dyn Caller) -> Result<Vec<String>, AppError> {
        let user = caller.require(Permission::ManageOffers)?;
        Ok(store.own_embed_origins(user.organisation_id).await?)
    }

    /// Keeps exactly the websites typed (one per line); returns them as kept.
    pub async fn set_origins(store: &SharedStore, caller: &dyn Caller, typed: &str) -> Result<Vec<String>, AppError> {
        caller.require(Permission::ManageOffers)?;
        let parsed = parse_origins(typed)?;
        store.set_embed_origins(&caller.actor(), &parsed).await?;
        Ok(parsed)
    }
}

#[server(endpoint = "settings/embedding/get")]
pub async fn embed_origins() -> Result<Vec<String>, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::origins(&store()?, &caller().await?).await }.await)
}

#[server(endpoint = "settings/embedding/set")]
pub async fn set_embed_origins(origins: String) -> Result<Vec<String>, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::set_origins(&store()?, &caller().await?, &origins).await }.await)
}

/// Settings > Website embedding: which websites may show this advisor's offers in a frame.
/// Served whole, the form is an island.
#[component]
pub fn EmbeddingPage() -> impl IntoView {
    let current = Resource::new(|| (), |_| embed_origins());
    view! {
        <Page title=Key::EmbeddingTitle permission=Permission::ManageOffers>
            <p class="intro">{tr(Key::EmbeddingIntro)}</p>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match current.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(origins) => view! { <EmbedOriginsIsland origins /> }.into_any(),
                    }
                })}
            </Transition>
        </Page>
    }
}

/// The allowed websites, one per line, and Save.
// An island of the Settings pages' build (crate::app::IslandsBuild::SettingsPages) only.
#[cfg_attr(any(feature = "ssr", feature = "settings-pages"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "settings-pages")), component)]
fn EmbedOriginsIsland(origins: Vec<String>) -> impl IntoView {
    let locale = use_locale();
    let save = ServerAction::<SetEmbedOrigins>::new();
    let errors = move || save.value().get().and_then(|r| r.err());
    // What the server kept (each origin normalised) replaces what was typed.
    let text = RwSignal::new(origins.join("\n"));
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            text.set(saved.join("\n"));
        }
    });
    view! {
        <ActionForm action=save attr:class="form" attr:novalidate=true>
            <FieldErrorsView error=Signal::derive(errors) />
            <label for="origins">{tr(Key::AllowedWebsites)}</label>
            <p class="hint" id="origins-hint">{tr(Key::AllowedWebsitesHint)}</p>
            <textarea id="origins" name="origins" rows="6" aria-describedby="origins-hint"
                placeholder="https://www.example.com" prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))>{text.get_untracked()}</textarea>
            {move || errors().map(|e| {
                let l = locale.get();
                e.field_errors().iter().map(|f| f.problem.message(l)).collect::<Vec<_>>().join(" ")
            }).filter(|m| !m.is_empty()).map(|m| view! { <p class="field-error">{m}</p> })}
            <button type="submit" class="primary">{tr(Key::Save)}</button>
            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! {
                <p class="success" role="status">{tr(Key::EmbeddingSaved)}</p>
            })}
        </ActionForm>
    }
}

/// The embed snippet on the Send page, with Copy to clipboard.
#[component]
pub fn EmbedSnippet(snippet: String) -> impl IntoView {
    let text = snippet.clone();
    view! {
        <h2>{tr(Key::EmbedTitle)}</h2>
        <p class="hint">{tr(Key::EmbedHint)}" "<a href="/settings/embedding">{tr(Key::EmbeddingTitle)}</a></p>
        <label for="embed-snippet" class="label">{tr(Key::EmbedSnippet)}</label>
        <textarea id="embed-snippet" readonly rows="4" class="code">{snippet}</textarea>
        <div class="actions">
            <CopyButtonIsland text what=CopyWhat::EmbedSnippet />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        assert_eq!(parse_origin("https://www.Contoso.com/"), Ok("https://www.contoso.com".into()));
        assert_eq!(parse_origin("http://127.0.0.1:3112"), Ok("http://127.0.0.1:3112".into()));
        assert_eq!(parse_origin("www.contoso.com"), Err(Problem::Origin));
        assert_eq!(parse_origin("https://contoso.com/offers"), Err(Problem::Origin));
        assert_eq!(parse_origin("javascript://x"), Err(Problem::Origin));
        assert_eq!(parse_origin("https://a.com; script-src *"), Err(Problem::Origin));
        assert_eq!(parse_origin("https://a.com:99999x"), Err(Problem::Origin));
    }

    #[test]
    fn the_frame_ancestors_directive_lists_exactly_the_allowed_origins() {
        let origins = parse_origins("https://www.contoso.com\n\nhttp://localhost:8080\nhttps://www.contoso.com").unwrap();
        assert_eq!(frame_ancestors(&origins), "frame-ancestors 'self' https://www.contoso.com http://localhost:8080");
        assert_eq!(frame_ancestors(&[]), "frame-ancestors 'self'");
        assert!(parse_origins("https://ok.example\nnot a site").is_err());
    }

    #[test]
    fn the_snippet_frames_the_embed_route_and_sizes_it() {
        let s = embed_snippet("https://pd.example", "/embed/offer/contoso/abc", "Offer \"A\"");
        assert!(s.contains("src=\"https://pd.example/embed/offer/contoso/abc\""));
        assert!(s.contains("<script src=\"https://pd.example/embed.js\" async></script>"));
        assert!(s.contains("title=\"Offer &quot;A&quot;\""));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn origins_round_trip_and_carry_no_path(typed in "\\PC{0,60}|(https?|ftp)://[a-zA-Z0-9.-]{0,20}(:[0-9]{0,7})?/?\\PC{0,5}", lines in proptest::collection::vec("\\PC{0,30}", 0..30)) {
            if let Ok(origin) = parse_origin(&typed) {
                prop_assert_eq!(parse_origin(&origin), Ok(origin.clone()));
                let rest = origin.split_once("://").map(|(_, r)| r).unwrap_or_default();
                prop_assert!(!rest.contains('/') && !rest.contains('?') && !rest.contains('#'));
            }
            if let Ok(origins) = parse_origins(&lines.join("\n")) {
                prop_assert!(origins.len() <= MAX_ORIGINS);
            }
        }
    }
}
