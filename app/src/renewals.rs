//! Renewals and deadlines: one page listing what ends or closes soon across every customer —
//! change windows closing, subscriptions renewing or ending, purchase offers expiring — in the
//! next 30, 60 or 90 days, filterable by reseller; and each user's calendar feed (a secret
//! address, shown once, that calendar apps subscribe to). The deadlines are the domain's
//! ([`crate::deadlines`]).

use crate::components::{show_country, CopyButton, CopyWhat, ErrorBox, Page};
use crate::customers::ResellerChoice;
use crate::deadlines::Deadline;
use crate::error::AppError;
use crate::i18n::{tr, use_locale, Key};
use crate::roles::Permission;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

pub const RENEWALS_PATH: &str = "/renewals";
pub const CALENDAR_PATH: &str = "/renewals/calendar";

/// What the page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalsOverview {
    pub deadlines: Vec<Deadline>,
    pub horizon: i64,
    pub reseller: Option<i64>,
    /// The provider's resellers, to filter by (empty for an advisor organisation).
    pub resellers: Vec<ResellerChoice>,
}

#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::{Caller, SessionCaller};
    use crate::auth::CurrentUser;
    use crate::store::SharedStore;

    const DAY: i64 = 86_400;

    /// The deadlines the caller may see in the next `horizon` days from `now`: their
    /// organisation's customers' subscriptions (indirect providers; only `reseller`'s customers
    /// when given) and its purchase offers (advisors).
    pub async fn deadlines(
        store: &SharedStore,
        caller: &dyn Caller,
        reseller: Option<i64>,
        horizon: i64,
        now: i64,
    ) -> Result<Vec<Deadline>, AppError> {
        let user = caller.require(Permission::ViewRenewals)?;
        let until = now + horizon.clamp(1, 366) * DAY;
        let mut found = Vec::new();
        let customers = user.programs.indirect_provider && user.can(Permission::ViewCustomers);
        if customers {
            found.extend(store.subscription_deadlines(user.organisation_id, reseller.filter(|r| *r > 0), false, now, until).await?);
        }
        // The organisation's offers, and the trials started from its trial invitations, for its
        // advisors and its admins alike.
        if user.programs.advisor && reseller.is_none_or(|r| r <= 0) {
            found.extend(store.offer_deadlines(user.organisation_id, now, until).await?);
            if !customers {
                found.extend(store.subscription_deadlines(user.organisation_id, None, true, now, until).await?);
            }
        }
        // Delegated admin relationships ending without extending themselves (not a reseller's:
        // they are the organisation's own).
        if user.can(Permission::ViewDelegatedAdmin) && reseller.is_none_or(|r| r <= 0) {
            found.extend(store.relationship_deadlines(user.organisation_id, now, until).await?);
        }
        Ok(crate::deadlines::soonest_first(found))
    }

    /// The page: the deadlines and the resellers to filter by.
    pub async fn overview(
        store: &SharedStore,
        caller: &dyn Caller,
        reseller: Option<i64>,
        horizon: &str,
        now: i64,
    ) -> Result<RenewalsOverview, AppError> {
        let user = caller.require(Permission::ViewRenewals)?;
        let horizon = crate::deadlines::horizon_days(horizon);
        let resellers = if user.programs.indirect_provider { store.reseller_choices(user.organisation_id).await? } else { Vec::new() };
        let reseller = reseller.filter(|r| resellers.iter().any(|c| c.id == *r));
        Ok(RenewalsOverview { deadlines: deadlines(store, caller, reseller, horizon, now).await?, horizon, reseller, resellers })
    }

    /// A new calendar feed address for the caller (the old one stops working), with `lang`
    /// the language its events are written in. Returned once: only its hash is kept.
    pub async fn new_calendar_feed(store: &SharedStore, caller: &dyn Caller, origin: &str, lang: crate::i18n::Locale) -> Result<String, AppError> {
        caller.require(Permission::ViewRenewals)?;
        let token = crate::tokens::new_secret_token();
        store.replace_calendar_feed(&caller.actor(), &crate::developer::ssr::key_hash(&token)).await?;
        Ok(format!("{origin}/calendar/{token}.ics?lang={}", lang.tag()))
    }

    /// The deadlines of the next 90 days for the owner of the calendar feed `token`, with what
    /// they may see now (a deactivated user, a suspended organisation, a revoked address: not
    /// found).
    pub async fn calendar_feed(store: &SharedStore, token: &str, now: i64) -> Result<Vec<Deadline>, AppError> {
        // A token is 32 base32 characters: anything else is looked up nowhere.
        if token.len() != 32 || !token.bytes().all(|c| c.is_ascii_lowercase() || (b'2'..=b'7').contains(&c)) {
            return Err(AppError::NotFound);
        }
        let user_id = store.calendar_feed_user(&crate::developer::ssr::key_hash(token)).await?.ok_or(AppError::NotFound)?;
        let record = store.user_by_id(user_id).await?.filter(|u| u.active && !u.invitation_pending).ok_or(AppError::NotFound)?;
        let org = store.organisation(record.organisation_id).await?.filter(|o| !o.suspended()).ok_or(AppError::NotFound)?;
        let user = CurrentUser::of(record, &org);
        deadlines(store, &SessionCaller::new(user, None), None, 90, now).await
    }
}

#[server(endpoint = "renewals/list")]
pub async fn list_renewals(reseller: Option<i64>, horizon: String) -> Result<RenewalsOverview, AppError> {
    use crate::auth::ssr::{caller, clock_now, respond, store};
    respond(async { service::overview(&store()?, &caller().await?, reseller, &horizon, clock_now()).await }.await)
}

/// A new calendar feed address (shown once).
#[server(endpoint = "renewals/calendar/new")]
pub async fn new_calendar_feed(lang: String) -> Result<String, AppError> {
    use crate::auth::ssr::{caller, public_origin, respond, store};
    let lang = crate::i18n::Locale::from_tag(&lang.chars().take(10).collect::<String>()).unwrap_or_default();
    respond(async { service::new_calendar_feed(&store()?, &caller().await?, &public_origin(), lang).await }.await)
}

/// Renewals and deadlines: a filter (30/60/90 days, reseller) and the list, soonest first.
#[component]
pub fn RenewalsPage() -> impl IntoView {
    let query = use_query_map();
    let reseller = move || query.read().get("reseller").and_then(|r| r.parse::<i64>().ok());
    let horizon = move || query.read().get("days").unwrap_or_default();
    let data = Resource::new(move || (reseller(), horizon()), |(r, h)| list_renewals(r, h));
    view! {
        <Page title=Key::NavRenewals permission=Permission::ViewRenewals>
            <p class="intro">{tr(Key::RenewalsIntro)}</p>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(overview) => view! { <RenewalsView overview /> }.into_any(),
                    }
                })}
            </Transition>
            <p><A href=CALENDAR_PATH>{tr(Key::CalendarFeedLink)}</A></p>
        </Page>
    }
}

#[component]
fn RenewalsView(overview: RenewalsOverview) -> impl IntoView {
    let locale = use_locale();
    let RenewalsOverview { deadlines, horizon, reseller, resellers } = overview;
    let count = deadlines.len();
    view! {
        <form method="get" action=RENEWALS_PATH class="search filters" role="search">
            <div>
                <label for="days">{tr(Key::RenewalsHorizon)}</label>
                <select id="days" name="days">
                    {crate::deadlines::HORIZONS.into_iter().map(|h| view! {
                        <option value=h.to_string() selected=h == horizon>{move || locale.get().fill(Key::NextDays, &[("days", &h.to_string())])}</option>
                    }).collect_view()}
                </select>
            </div>
            {(!resellers.is_empty()).then(|| view! {
                <div>
                    <label for="reseller">{tr(Key::FilterByReseller)}</label>
                    <select id="reseller" name="reseller">
                        <option value="0" selected=reseller.is_none()>{tr(Key::AllResellers)}</option>
                        {resellers.iter().map(|r| view! {
                            <option value=r.id.to_string() selected=reseller == Some(r.id)>{r.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
            })}
            <button type="submit">{tr(Key::ShowDeadlines)}</button>
        </form>
        <p role="status">{move || locale.get().fill(Key::DeadlinesFound, &[("count", &crate::format::number(count as i64, locale.get()))])}</p>
        {if deadlines.is_empty() {
            view! { <p class="empty">{tr(Key::NoDeadlines)}</p> }.into_any()
        } else {
            view! {
                <table class="responsive deadlines">
                    <thead><tr>
                        <th scope="col">{tr(Key::Date)}</th>
                        <th scope="col">{tr(Key::DeadlineWhat)}</th>
                        <th scope="col">{tr(Key::DeadlineCustomer)}</th>
                        <th scope="col">{tr(Key::DeadlineItem)}</th>
                        <th scope="col">{tr(Key::ResellerName)}</th>
                    </tr></thead>
                    <tbody>
                        {deadlines.into_iter().map(|d| {
                            let at = d.at;
                            let offer = d.kind == crate::deadlines::DeadlineKind::OfferExpires;
                            let item = d.item.clone();
                            view! {
                                <tr data-kind=d.kind.code()>
                                    <td data-label=tr(Key::Date)>{move || crate::format::date_time(at, locale.get())}" UTC"</td>
                                    <td data-label=tr(Key::DeadlineWhat)>{tr(d.kind.key())}</td>
                                    <td data-label=tr(Key::DeadlineCustomer)><A href=d.path.clone()>{d.customer.clone()}</A></td>
                                    <td data-label=tr(Key::DeadlineItem)>
                                        {if offer { show_country(item).into_any() } else { item.into_any() }}
                                    </td>
                                    <td data-label=tr(Key::ResellerName)>{d.reseller.clone().unwrap_or_else(|| "—".to_string())}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

/// Renewals and deadlines > Calendar: make the feed address (shown once) to subscribe to.
#[component]
pub fn CalendarFeedPage() -> impl IntoView {
    view! {
        <Page title=Key::CalendarFeedTitle permission=Permission::ViewRenewals>
            <p class="intro">{tr(Key::CalendarFeedIntro)}</p>
            <CalendarFeedIsland />
            <p><A href=RENEWALS_PATH>{tr(Key::NavRenewals)}</A></p>
        </Page>
    }
}

/// Make a calendar address: the new address, once, with Copy.
// An island of the partner pages' build (crate::app::IslandsBuild::PartnerPages) only.
#[cfg_attr(any(feature = "ssr", feature = "partner-pages"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "partner-pages")), component)]
fn CalendarFeedIsland() -> impl IntoView {
    let locale = use_locale();
    let make = ServerAction::<NewCalendarFeed>::new();
    view! {
        <ActionForm action=make attr:class="form">
            <input type="hidden" name="lang" value=move || locale.get().tag() />
            <p class="hint">{tr(Key::CalendarFeedReplaces)}</p>
            <button type="submit" class="primary">{tr(Key::MakeCalendarFeed)}</button>
        </ActionForm>
        {move || make.value().get().map(|result| match result {
            Ok(url) => view! {
                <section class="notice success" role="status" aria-labelledby="feed-title">
                    <h2 id="feed-title">{tr(Key::CalendarFeedMade)}</h2>
                    <p><code id="calendar-feed-url">{url.clone()}</code></p>
                    <CopyButton text=url what=CopyWhat::Text />
                    <p class="hint">{tr(Key::CalendarFeedOnce)}</p>
                </section>
            }.into_any(),
            Err(e) => view! { <ErrorBox error=e /> }.into_any(),
        })}
    }
}
