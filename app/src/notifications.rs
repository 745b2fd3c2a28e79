//! Settings > Notifications: the organisation's Global admin chooses which messages its users
//! get from PartnerDesk when something happens they did not do themselves (a client accepted
//! an offer, a reseller accepted a partnership, a provider removed one). Only the notifications
//! of the organisation's programs are listed. Links to sign in and decisions on a request to
//! join always go.
//!
//! The page is served whole and its form posts as a plain HTML form (no island).

use crate::components::{ErrorBox, Page};
use crate::error::AppError;
use crate::i18n::{tr, use_locale, Key};
use crate::roles::Permission;
pub use domain::email::Notification;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const NOTIFICATIONS_PATH: &str = "/settings/notifications";

/// One notification of the organisation's programs, and whether its users get it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationSetting {
    pub notification: Notification,
    pub on: bool,
}

#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::Caller;
    use crate::store::SharedStore;

    /// The notifications of the caller's organisation's programs, on or off.
    pub async fn settings(store: &SharedStore, caller: &dyn Caller) -> Result<Vec<NotificationSetting>, AppError> {
        let user = caller.require(Permission::ManageNotifications)?;
        let off = store.notifications_off(user.organisation_id).await?;
        Ok(Notification::ALL
            .into_iter()
            .filter(|n| n.reaches(&user.programs))
            .map(|notification| NotificationSetting { notification, on: !off.contains(&notification) })
            .collect())
    }

    /// Turns exactly `on` on; a notification outside the organisation's programs keeps its
    /// setting.
    pub async fn save(store: &SharedStore, caller: &dyn Caller, on: &[Notification]) -> Result<(), AppError> {
        let user = caller.require(Permission::ManageNotifications)?;
        let off = store.notifications_off(user.organisation_id).await?;
        let kept: Vec<Notification> =
            Notification::ALL.into_iter().filter(|n| if n.reaches(&user.programs) { on.contains(n) } else { !off.contains(n) }).collect();
        Ok(store.set_notifications(&caller.actor(), &kept).await?)
    }
}

#[server(endpoint = "settings/notifications")]
pub async fn notification_settings() -> Result<Vec<NotificationSetting>, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::settings(&store()?, &caller().await?).await }.await)
}

/// Save: each checkbox is named by its notification's code ([`Notification::code`]); those
/// sent are on, the others off.
#[server(endpoint = "settings/notifications/save")]
pub async fn save_notifications(#[server(flatten)] checked: std::collections::BTreeMap<String, String>) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, redirect, respond, store};
    let on: Vec<Notification> = Notification::ALL.into_iter().filter(|n| checked.contains_key(n.code())).collect();
    respond(
        async {
            service::save(&store()?, &caller().await?, &on).await?;
            redirect(&format!("{NOTIFICATIONS_PATH}?saved=1"));
            Ok(())
        }
        .await,
    )
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let locale = use_locale();
    let settings = Resource::new(|| (), |_| notification_settings());
    let action = ServerAction::<SaveNotifications>::new();
    let refused = action.value().get_untracked().and_then(|r| r.err());
    let saved = leptos_router::hooks::use_query_map().read_untracked().get("saved").is_some() && refused.is_none();
    view! {
        <Page title=Key::NavNotifications permission=Permission::ManageNotifications>
            <p class="intro">{tr(Key::NotificationsIntro)}</p>
            {saved.then(|| view! { <p class="notice success" role="status" id="notifications-saved">{tr(Key::NotificationsSaved)}</p> })}
            {refused.clone().map(|e| view! { <ErrorBox error=e /> })}
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(items) if items.is_empty() => view! { <p class="empty">{tr(Key::NoNotifications)}</p> }.into_any(),
                        Ok(items) => view! {
                            <ActionForm action attr:class="form">
                                <fieldset class="roles">
                                    <legend>{tr(Key::NotificationsEmailed)}</legend>
                                    {items.into_iter().map(|item| {
                                        let name = item.notification.code();
                                        let id = format!("notification-{name}");
                                        let label_for = id.clone();
                                        let description = item.notification.description();
                                        view! {
                                            <label class="check" for=label_for>
                                                <input type="checkbox" id=id name=name value="on" checked=item.on />
                                                <span>
                                                    {move || locale.get().t(item.notification.kind().key()).to_string()}
                                                    <span class="hint">" — "{tr(description)}</span>
                                                </span>
                                            </label>
                                        }
                                    }).collect_view()}
                                </fieldset>
                                <button type="submit" class="primary">{tr(Key::Save)}</button>
                            </ActionForm>
                        }.into_any(),
                    }
                })}
            </Transition>
        </Page>
    }
}
