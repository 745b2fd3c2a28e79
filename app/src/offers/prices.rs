//! Settings > Offer prices: how far the organisation's advisors may lower the price list's
//! prices on an offer's line (its Global admin decides).

use crate::components::{ErrorBox, FieldErrorsView, Page};
use crate::error::AppError;
use crate::i18n::{tr, use_locale, Key};
use crate::roles::Permission;
use leptos::prelude::*;

#[server(endpoint = "settings/offer-prices/get")]
pub async fn get_discount_limit() -> Result<u32, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { super::service::discount_limit(&store()?, &caller().await?).await }.await)
}

#[server(endpoint = "settings/offer-prices/set")]
pub async fn set_discount_limit(percent: String) -> Result<u32, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { super::service::set_discount_limit(&store()?, &caller().await?, &percent).await }.await)
}

/// Settings > Offer prices. Served whole, the form is an island.
#[component]
pub fn OfferPricesPage() -> impl IntoView {
    let current = Resource::new(|| (), |_| get_discount_limit());
    view! {
        <Page title=Key::OfferPricesTitle permission=Permission::SetDiscountLimit>
            <p class="intro">{tr(Key::OfferPricesIntro)}</p>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match current.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(percent) => view! { <DiscountLimitIsland percent /> }.into_any(),
                    }
                })}
            </Transition>
        </Page>
    }
}

/// The limit and Save.
// An island of the Settings pages' build (crate::app::IslandsBuild::SettingsPages) only.
#[cfg_attr(any(feature = "ssr", feature = "settings-pages"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "settings-pages")), component)]
fn DiscountLimitIsland(percent: u32) -> impl IntoView {
    let locale = use_locale();
    let save = ServerAction::<SetDiscountLimit>::new();
    let errors = move || save.value().get().and_then(|r| r.err());
    let message = move || {
        errors().and_then(|e| {
            let l = locale.get();
            e.field_errors().first().map(|f| f.problem.message(l))
        })
    };
    view! {
        <ActionForm action=save attr:class="form" attr:novalidate=true>
            <FieldErrorsView error=Signal::derive(errors) />
            <label for="discount-limit">{tr(Key::DiscountLimit)}</label>
            <p class="hint" id="discount-limit-hint">{tr(Key::DiscountLimitHint)}</p>
            <input id="discount-limit" name="percent" type="number" inputmode="numeric" min="0" max="100" step="1"
                aria-describedby="discount-limit-hint" aria-invalid=move || message().is_some().to_string()
                value=percent.to_string() />
            {move || message().map(|m| view! { <p class="field-error">{m}</p> })}
            <button type="submit" class="primary">{tr(Key::Save)}</button>
            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! {
                <p class="success" role="status">{tr(Key::DiscountLimitSaved)}</p>
            })}
        </ActionForm>
    }
}
