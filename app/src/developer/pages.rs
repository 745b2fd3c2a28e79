//! Settings > API keys and Settings > Webhooks (Global admins). Both work without JavaScript:
//! every button is a form posting to its server function.

use super::*;
use crate::components::{field_error, format_date, ErrorBox, FieldErrorsView, Page};
use crate::i18n::{tr, use_locale};

/// Settings > API keys: create a key with the roles it carries (shown once), list, revoke.
#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let locale = use_locale();
    let revoke = ServerAction::<RevokeApiKey>::new();
    let keys = Resource::new(move || revoke.version().get(), |_| list_api_keys());
    view! {
        <Page title=Key::NavApiKeys permission=Permission::ManageApiKeys>
            <p class="intro">{tr(Key::ApiKeysIntro)}" "<a href="/api/v1/docs" rel="external">{tr(Key::ApiReference)}</a></p>
            {move || revoke.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorBox error=e /> })}
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match keys.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p>{tr(Key::NoApiKeys)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="user-list api-keys">
                                {list.into_iter().map(|k| {
                                    let role_names = {
                                        let roles = k.roles.clone();
                                        move || roles.iter().map(|r| locale.get().t(r.key())).collect::<Vec<_>>().join(", ")
                                    };
                                    let last_used = k.last_used_at.map(format_date);
                                    let revoked = k.revoked_at.is_some();
                                    view! {
                                        <li class="card user" class:inactive=revoked>
                                            <strong>{k.name.clone()}</strong>
                                            <code>{k.prefix.clone()}</code>
                                            <span>{role_names}</span>
                                            <span>{move || locale.get().fill(Key::ApiKeyCreatedOn, &[("date", &format_date(k.created_at))])}</span>
                                            <span>{move || match &last_used {
                                                Some(date) => locale.get().fill(Key::ApiKeyLastUsed, &[("date", date)]),
                                                None => locale.get().t(Key::ApiKeyNeverUsed).to_string(),
                                            }}</span>
                                            <span>{if revoked { tr(Key::ApiKeyRevoked)() } else { tr(Key::StatusActive)() }}</span>
                                            {(!revoked).then(|| view! {
                                                <div class="row-actions">
                                                    <ActionForm action=revoke attr:class="inline">
                                                        <input type="hidden" name="id" value=k.id />
                                                        <button type="submit" class="danger">{tr(Key::RevokeApiKey)}</button>
                                                    </ActionForm>
                                                </div>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
            <h2>{tr(Key::CreateApiKey)}</h2>
            <CreateApiKeyIsland />
        </Page>
    }
}

/// "Create API key": the name and roles of a new key, then the key itself, shown this once;
/// Done loads the page again with it.
// An island of the admin pages' build (crate::app::IslandsBuild::AdminPages) only.
#[cfg_attr(any(feature = "ssr", feature = "admin-pages"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "admin-pages")), component)]
fn CreateApiKeyIsland() -> impl IntoView {
    let locale = use_locale();
    let create = ServerAction::<CreateApiKey>::new();
    let create_errors = move || create.value().get().and_then(|r| r.err());
    let created = move || create.value().get().and_then(|r| r.ok());
    view! {
        {move || created().map(|k| view! {
            <section class="confirmation notice-inline" role="status">
                <p><strong>{move || locale.get().fill(Key::ApiKeyCreated, &[("name", &k.name)])}</strong></p>
                <p><code id="new-api-key">{k.key.clone()}</code></p>
                <p class="hint">{tr(Key::ApiKeyShownOnce)}</p>
                <p><a class="button" href="/settings/api-keys">{tr(Key::Done)}</a></p>
            </section>
        })}
        // Hidden while the new key is shown: one key per Create, then Done.
        <ActionForm action=create attr:class="form" attr:novalidate=true attr:hidden=move || created().is_some()>
            <FieldErrorsView error=Signal::derive(create_errors) />
            <label for="api-key-name">{tr(Key::ApiKeyName)}</label>
            <input id="api-key-name" name="name" required maxlength="100" autocomplete="off" />
            <p class="hint">{tr(Key::ApiKeyNameHint)}</p>
            {move || field_error(create_errors(), "name", locale.get())}
            <crate::users::RoleChecks prefix="key".to_string() checked=vec![] />
            <p class="hint">{tr(Key::ApiKeyRolesHint)}</p>
            {move || field_error(create_errors(), "roles", locale.get())}
            <button type="submit" class="primary">{tr(Key::CreateApiKey)}</button>
        </ActionForm>
    }
}

/// Settings > Webhooks: endpoints and the events they get, Send test event, the delivery log.
#[component]
pub fn WebhooksPage() -> impl IntoView {
    let locale = use_locale();
    let active = ServerAction::<SetWebhookActive>::new();
    let test = ServerAction::<TestWebhook>::new();
    let overview = Resource::new(move || (active.version().get(), test.version().get()), |_| list_webhooks());
    let query = leptos_router::hooks::use_query_map();
    let refusal = move || [active.value().get().and_then(|r| r.err()), test.value().get().and_then(|r| r.err())].into_iter().flatten().next();
    view! {
        <Page title=Key::NavWebhooks permission=Permission::ManageWebhooks>
            <p class="intro">{tr(Key::WebhooksIntro)}" "<a href="/api/v1/docs#webhooks" rel="external">{tr(Key::ApiReference)}</a></p>
            {move || refusal().map(|e| view! { <ErrorBox error=e /> })}
            // The test event queued: the action's answer, or after a plain form post the address.
            {move || test.value().get().and_then(|r| r.ok()).or_else(|| query.read().get("test_event")).map(|id| view! {
                <p class="notice-inline" role="status">{move || locale.get().fill(Key::TestEventQueued, &[("id", &id)])}</p>
            })}
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let data = match overview.await {
                        Err(e) => return view! { <ErrorBox error=e /> }.into_any(),
                        Ok(data) => data,
                    };
                    let endpoints = if data.endpoints.is_empty() {
                        view! { <p>{tr(Key::NoWebhooks)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="user-list webhooks">
                                {data.endpoints.into_iter().map(|e| {
                                    let events = {
                                        let list = e.events.clone();
                                        move || list.iter().map(|ev| locale.get().t(ev.key())).collect::<Vec<_>>().join(", ")
                                    };
                                    view! {
                                        <li class="card user" class:inactive=!e.active>
                                            <strong class="url">{e.url.clone()}</strong>
                                            <span>{events}</span>
                                            <span>{if e.active { tr(Key::StatusActive)() } else { tr(Key::WebhookDisabled)() }}</span>
                                            <div class="row-actions">
                                                {e.active.then(|| view! {
                                                    <ActionForm action=test attr:class="inline">
                                                        <input type="hidden" name="id" value=e.id />
                                                        <button type="submit">{tr(Key::SendTestEvent)}</button>
                                                    </ActionForm>
                                                })}
                                                <ActionForm action=active attr:class="inline">
                                                    <input type="hidden" name="id" value=e.id />
                                                    <input type="hidden" name="active" value=(!e.active).to_string() />
                                                    <button type="submit" class:danger=e.active>
                                                        {if e.active { tr(Key::DisableWebhook)() } else { tr(Key::EnableWebhook)() }}
                                                    </button>
                                                </ActionForm>
                                            </div>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    };
                    let deliveries = if data.deliveries.is_empty() {
                        view! { <p>{tr(Key::NoDeliveries)}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-scroll">
                                <table class="deliveries">
                                    <thead><tr>
                                        <th scope="col">{tr(Key::AuditTime)}</th>
                                        <th scope="col">{tr(Key::WebhookEventColumn)}</th>
                                        <th scope="col">{tr(Key::WebhookUrl)}</th>
                                        <th scope="col">{tr(Key::DeliveryAttempts)}</th>
                                        <th scope="col">{tr(Key::DeliveryResponse)}</th>
                                        <th scope="col">{tr(Key::Status)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {data.deliveries.into_iter().map(|d| {
                                            let status = move || {
                                                let l = locale.get();
                                                if d.delivered_at.is_some() {
                                                    l.t(Key::DeliveryDelivered).to_string()
                                                } else if d.gave_up_at.is_some() {
                                                    l.t(Key::DeliveryGaveUp).to_string()
                                                } else if d.attempts == 0 {
                                                    l.t(Key::DeliveryPending).to_string()
                                                } else {
                                                    l.fill(Key::DeliveryRetrying, &[("time", &crate::audit::format_time(d.next_attempt_at))])
                                                }
                                            };
                                            let response = {
                                                let (status, error) = (d.last_status, d.last_error.clone());
                                                move || match (status, error.as_deref().and_then(DeliveryError::from_code)) {
                                                    (Some(code), _) => code.to_string(),
                                                    (None, Some(why)) => locale.get().t(why.key()).to_string(),
                                                    (None, None) => error.clone().unwrap_or_else(|| "—".to_string()),
                                                }
                                            };
                                            view! {
                                                <tr>
                                                    <td>{crate::audit::format_time(d.created_at)}</td>
                                                    <td><span>{d.event_type.clone()}</span><br /><code class="meta">{d.event_id.clone()}</code></td>
                                                    <td class="url">{d.url.clone()}</td>
                                                    <td>{d.attempts}</td>
                                                    <td>{response}</td>
                                                    <td>{status}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    };
                    // Only the events the organisation can be told of (its programs').
                    let events = data.events.clone();
                    view! {
                        {endpoints}
                        <h2>{tr(Key::DeliveryLog)}</h2>
                        {deliveries}
                        <h2>{tr(Key::AddWebhook)}</h2>
                        <AddWebhookIsland events />
                    }.into_any()
                })}
            </Transition>
        </Page>
    }
}

/// "Add endpoint": the URL and events of a new endpoint, then its signing secret, shown this
/// once; Done loads the page again with it.
// An island of the admin pages' build (crate::app::IslandsBuild::AdminPages) only.
#[cfg_attr(any(feature = "ssr", feature = "admin-pages"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "admin-pages")), component)]
fn AddWebhookIsland(events: Vec<WebhookEvent>) -> impl IntoView {
    let locale = use_locale();
    let create = ServerAction::<CreateWebhook>::new();
    let create_errors = move || create.value().get().and_then(|r| r.err());
    let created = move || create.value().get().and_then(|r| r.ok());
    view! {
        {move || created().map(|c| view! {
            <section class="confirmation notice-inline" role="status">
                <p><strong>{move || locale.get().fill(Key::WebhookAdded, &[("url", &c.url)])}</strong></p>
                <p>{tr(Key::SigningSecret)}": "<code id="signing-secret">{c.secret.clone()}</code></p>
                <p class="hint">{tr(Key::SigningSecretOnce)}</p>
                <p><a class="button" href="/settings/webhooks">{tr(Key::Done)}</a></p>
            </section>
        })}
        // Hidden while the new endpoint's secret is shown: one endpoint per Add, then Done.
        <ActionForm action=create attr:class="form" attr:novalidate=true attr:hidden=move || created().is_some()>
            <FieldErrorsView error=Signal::derive(create_errors) />
            <label for="webhook-url">{tr(Key::WebhookUrl)}</label>
            <input id="webhook-url" name="url" type="url" required maxlength="2000" autocomplete="off" placeholder="https://" />
            {move || field_error(create_errors(), "url", locale.get())}
            <fieldset class="roles">
                <legend>{tr(Key::WebhookEvents)}</legend>
                {events.into_iter().map(|event| {
                    let name = event_field(event);
                    let id = format!("event-{name}");
                    let label_for = id.clone();
                    view! {
                        <label class="check" for=label_for>
                            <input type="checkbox" id=id name=name value="on" />
                            <span>{tr(event.key())}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            {move || field_error(create_errors(), "events", locale.get())}
            <button type="submit" class="primary">{tr(Key::AddWebhook)}</button>
        </ActionForm>
    }
}
