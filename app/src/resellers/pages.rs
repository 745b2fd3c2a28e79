//! The indirect provider's pages (Indirect resellers, the draft email of a partnership
//! request, Remove partnership) and the reseller's Indirect providers page.

use super::*;
use crate::components::{copy_to_clipboard, field_error, mailto, show_country, show_date, show_number, ErrorBox, Page};
use crate::i18n::{tr, use_locale};
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Indirect resellers: the provider's partnered resellers and the requests not yet accepted.
#[component]
pub fn ResellersPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let removed = move || query.read().get("removed").and_then(|r| r.parse::<i64>().ok());
    let request = ServerAction::<RequestPartnership>::new();
    let revoke = ServerAction::<RevokePartnershipRequest>::new();
    let overview = Resource::new(move || (search(), revoke.version().get()), |(q, _)| list_resellers(q));
    let answered = move || query.read().get("answered");
    let asks = Resource::new(|| (), |_| super::asks::read_asks_received());
    view! {
        <Page title=Key::NavIndirectResellers permission=Permission::ManagePartnerships>
            <p class="intro">{tr(Key::ResellersIntro)}</p>
            <div class="actions">
                <ActionForm action=request attr:class="inline">
                    <button type="submit" class="primary">{tr(Key::RequestPartnership)}</button>
                </ActionForm>
            </div>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match asks.await {
                        Ok(asks) => view! { <super::AsksReceived asks answered=answered() /> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                    }
                })}
            </Transition>
            {move || request.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorBox error=e /> })}
            {move || removed().map(|id| view! { <RemovedNotice reseller_id=id /> })}
            <form method="get" action="/resellers" class="search" role="search">
                <label for="reseller-search">{tr(Key::SearchResellers)}</label>
                <div class="search-row">
                    <input id="reseller-search" name="q" value=search autocomplete="off" />
                    <button type="submit">{tr(Key::Search)}</button>
                </div>
            </form>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let data = match overview.await {
                        Ok(data) => data,
                        Err(e) => return view! { <ErrorBox error=e /> }.into_any(),
                    };
                    let may_add = data.may_add_customers;
                    let list = if data.resellers.is_empty() {
                        let key = if search().is_empty() { Key::NoResellersYet } else { Key::NoResellersMatch };
                        view! { <p class="empty">{tr(key)}</p> }.into_any()
                    } else {
                        view! {
                            <table class="responsive resellers">
                                <thead><tr>
                                    <th scope="col">{tr(Key::ResellerName)}</th>
                                    <th scope="col">{tr(Key::MpnId)}</th>
                                    <th scope="col">{tr(Key::Location)}</th>
                                    <th scope="col">{tr(Key::PartneredSince)}</th>
                                    <th scope="col">{tr(Key::NavCustomers)}</th>
                                    <th scope="col">{tr(Key::Subscriptions)}</th>
                                    <th scope="col"><span class="visually-hidden">{tr(Key::Actions)}</span></th>
                                </tr></thead>
                                <tbody>
                                    {data.resellers.into_iter().map(|r| {
                                        let remove = format!("/resellers/{}/remove", r.id);
                                        let offers = format!("/resellers/{}/offers", r.id);
                                        let add_customer = format!("/customers/new?reseller={}", r.id);
                                        let name = r.name.clone();
                                        view! {
                                            <tr>
                                                <th scope="row" data-label=tr(Key::ResellerName)>{r.name.clone()}</th>
                                                <td data-label=tr(Key::MpnId)>{r.mpn_id.clone()}</td>
                                                <td data-label=tr(Key::Location)>{show_country(r.country.clone())}</td>
                                                <td data-label=tr(Key::PartneredSince)>{show_date(r.partnered_since)}</td>
                                                <td data-label=tr(Key::NavCustomers)>{show_number(r.customers)}</td>
                                                <td data-label=tr(Key::Subscriptions)>{show_number(r.subscriptions)}</td>
                                                <td class="row-actions">
                                                    {may_add.then(|| view! {
                                                        <A href=add_customer attr:class="button">{tr(Key::AddNewCustomer)}</A>
                                                    })}
                                                    <A href=offers attr:class="button">{tr(Key::ResellerOffersLink)}</A>
                                                    <A href=remove attr:class="button danger"
                                                        attr:aria-label=move || format!("{} – {}", locale.get().t(Key::RemovePartnership), name)>
                                                        {tr(Key::RemovePartnership)}
                                                    </A>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    };
                    let pending = (!data.pending.is_empty()).then(|| view! {
                        <section aria-labelledby="pending-title" class="pending">
                            <h2 id="pending-title">{tr(Key::RequestsNotAccepted)}</h2>
                            <p class="hint">{tr(Key::RequestsNotAcceptedHint)}</p>
                            <ul class="cards">
                                {data.pending.into_iter().map(|p| {
                                    let open = format!("/resellers/requests/{}", p.id);
                                    let (email, sent_at, created_at) = (p.recipient_email.clone(), p.sent_at, p.created_at);
                                    let sent = move || {
                                        let l = locale.get();
                                        let date = |at| crate::format::date(at, l);
                                        match (&email, sent_at) {
                                            (Some(email), Some(at)) => l.fill(Key::RequestSentTo, &[("email", email), ("date", &date(at))]),
                                            (None, Some(at)) => l.fill(Key::RequestSentOn, &[("date", &date(at))]),
                                            _ => l.fill(Key::RequestDraftSince, &[("date", &date(created_at))]),
                                        }
                                    };
                                    view! {
                                        <li class="card">
                                            <span>{sent}</span>
                                            <div class="row-actions">
                                                <A href=open attr:class="button">{tr(Key::OpenDraft)}</A>
                                                <ActionForm action=revoke attr:class="inline">
                                                    <input type="hidden" name="id" value=p.id />
                                                    <button type="submit" class="danger">{tr(Key::RevokeLink)}</button>
                                                </ActionForm>
                                            </div>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </section>
                    });
                    view! { {list} {pending} }.into_any()
                })}
            </Transition>
        </Page>
    }
}

/// After Remove partnership: what stays in place, so the provider can decide what to change.
#[component]
fn RemovedNotice(reseller_id: i64) -> impl IntoView {
    let impact = Resource::new(move || reseller_id, partnership_removal);
    let notices = Resource::new(move || reseller_id, removal_notices);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let notices = notices.await.ok();
                impact.await.ok().map(|impact| {
                    let name = impact.reseller.name.clone();
                    // What still names it earns nobody incentives: the report reassigns them.
                    let reassign = !impact.subscriptions.is_empty();
                    let moved = notices.as_ref().map(|n| n.moved).unwrap_or_default();
                    view! {
                    <section class="notice success" role="status">
                        <p><strong>{move || use_locale().get().fill(Key::PartnershipRemoved, &[("reseller", &name)])}</strong></p>
                        {(moved > 0).then(|| view! {
                            <p id="reassigned">{
                                let count = show_number(i64::try_from(moved).unwrap_or(i64::MAX));
                                move || use_locale().get().fill(Key::ReassignedCount, &[("count", &count())])
                            }</p>
                        })}
                        <StillAppears impact=impact.clone() />
                        {reassign.then(|| view! {
                            <p><a id="reassign" href=crate::customers::incentives::INCENTIVES_PATH>{tr(Key::ReassignInIncentiveReport)}</a></p>
                        })}
                    </section>
                    {notices.filter(|n| !n.notices.is_empty()).map(|n| view! { <CustomerNotices notices=n /> })}
                }})
            })}
        </Suspense>
    }
}

/// The notices drafted for the customers whose subscriptions named the removed reseller: each
/// with its recipient, subject and text, to open in the provider's own email or copy.
#[component]
fn CustomerNotices(notices: RemovalReport) -> impl IntoView {
    let reseller = notices.reseller_name.clone();
    let intro = move || use_locale().get().fill(Key::NoticesIntro, &[("reseller", &reseller)]);
    view! {
        <section class="customer-notices" aria-labelledby="notices-title">
            <h2 id="notices-title">{tr(Key::NoticesTitle)}</h2>
            <p class="hint">{intro}</p>
            {notices.notices.into_iter().map(|n| {
                let to = {
                    let (name, email, customer) = (n.to_name.clone(), n.to_email.clone(), n.customer_name.clone());
                    move || use_locale().get().fill(Key::NoticeTo, &[("name", &name), ("email", &email), ("customer", &customer)])
                };
                let href = mailto(&n.to_email, &n.subject, &n.body);
                // Each draft folded under its recipient: a phone scrolls past many customers.
                view! {
                    <article class="card notice-draft" aria-label=n.customer_name.clone()>
                        <details>
                            <summary>{to}</summary>
                            <p><strong>{n.subject.clone()}</strong></p>
                            <pre class="draft">{n.body.clone()}</pre>
                            <div class="actions">
                                <a class="button" href=href>{tr(Key::OpenInEmail)}</a>
                                <crate::components::CopyButtonIsland text=n.body.clone() what=crate::components::CopyWhat::Text />
                            </div>
                        </details>
                    </article>
                }
            }).collect_view()}
        </section>
    }
}

/// Where a reseller still appears: associated customers, reseller of record, support contact.
#[component]
fn StillAppears(impact: RemovalImpact) -> impl IntoView {
    if impact.customers.is_empty() && impact.subscriptions.is_empty() {
        return view! { <p>{tr(Key::ResellerAppearsNowhere)}</p> }.into_any();
    }
    view! {
        <p>{tr(Key::ResellerStillAppears)}</p>
        <ul class="still-appears">
            {impact.customers.into_iter().map(|c| view! {
                <li>{c}" — "{tr(Key::AssociatedCustomer)}</li>
            }).collect_view()}
            {impact.subscriptions.into_iter().map(|s| {
                let roles = move || {
                    let l = use_locale().get();
                    let mut parts = Vec::new();
                    if s.reseller_of_record { parts.push(l.t(Key::ResellerOfRecord)); }
                    if s.support_contact { parts.push(l.t(Key::DesignatedSupportContact)); }
                    parts.join(", ")
                };
                view! {
                    <li>{format!("{}: {} × ", s.customer_name, s.subscription_name)}{show_number(s.license_count)}" — "{roles}</li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The draft email of one partnership request: Open in email, Copy to clipboard, Done.
#[component]
pub fn PartnershipRequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0);
    let draft = Resource::new(id, get_partnership_request);
    let revoke = ServerAction::<RevokePartnershipRequest>::new();
    view! {
        <Page title=Key::RequestPartnership permission=Permission::ManagePartnerships>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let draft = match draft.await {
                        Ok(d) => d,
                        Err(e) => return view! { <ErrorBox error=e /> }.into_any(),
                    };
                    if draft.state != RequestState::Open {
                        let key = if draft.state == RequestState::Accepted { Key::RefusedRequestAccepted } else { Key::RefusedRequestRevoked };
                        return view! {
                            <p class="notice">{tr(key)}</p>
                            <A href="/resellers">{tr(Key::NavIndirectResellers)}</A>
                        }.into_any();
                    }
                    let id = draft.id;
                    view! {
                        <p class="intro">{tr(Key::DraftIntro)}</p>
                        <p class="warning" role="note">{tr(Key::KeepLinkWarning)}</p>
                        <DraftEmailIsland start=DraftStart::from(draft) />
                        <details class="revoke">
                            <summary>{tr(Key::RevokeLink)}</summary>
                            <p class="hint">{tr(Key::RevokeLinkHint)}</p>
                            <ActionForm action=revoke attr:class="inline">
                                <input type="hidden" name="id" value=id />
                                <button type="submit" class="danger">{tr(Key::RevokeLink)}</button>
                            </ActionForm>
                        </details>
                    }.into_any()
                })}
            </Transition>
        </Page>
    }
}

/// The draft email on the page served whole: the only code of that page that runs.
// An island of the partner pages' build (crate::app::IslandsBuild::PartnerPages) only.
#[cfg_attr(any(feature = "ssr", feature = "partner-pages"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "partner-pages")), component)]
fn DraftEmailIsland(start: DraftStart) -> impl IntoView {
    view! { <DraftEmail start /> }
}

/// The reseller's address, the email in the language chosen (choosing another writes the draft
/// again in it), the personalised link, Send (PartnerDesk emails it), Open in email, Copy to
/// clipboard and Done.
#[component]
fn DraftEmail(start: DraftStart) -> impl IntoView {
    let locale = use_locale();
    let done = ServerAction::<FinishPartnershipRequest>::new();
    let send = ServerAction::<SendPartnershipRequest>::new();
    let (first_subject, first_body) = start.email(locale.get_untracked());
    let to = RwSignal::new(start.draft.recipient_email.clone().unwrap_or_default());
    let subject = RwSignal::new(first_subject);
    let body = RwSignal::new(first_body);
    let copied = RwSignal::new(false);
    // The language of the email for the reseller: the page's language at first.
    let message_locale = RwSignal::new(locale.get_untracked());
    let draft = start.draft.clone();
    let rewrite = move |l: Locale| {
        message_locale.set(l);
        let (s, b) = start.email(l);
        subject.set(s);
        body.set(b);
    };
    let link = draft.link.clone();
    let link_missing = move || !body.get().contains(&link);
    let id = draft.id;
    let send_now = move |_| {
        send.dispatch(SendPartnershipRequest {
            id,
            recipient_email: to.get_untracked(),
            locale: message_locale.get_untracked().tag().to_string(),
            subject: subject.get_untracked(),
            body: body.get_untracked(),
        });
    };
    let errors = move || done.value().get().and_then(|r| r.err()).or_else(|| send.value().get().and_then(|r| r.err()));
    let sent = move || send.value().get().and_then(|r| r.ok());
    view! {
        <ActionForm action=done attr:class="form draft" attr:novalidate=true>
            <input type="hidden" name="id" value=draft.id />
            <label for="draft-to">{tr(Key::ResellerEmail)}</label>
            <input id="draft-to" name="recipient_email" type="email" autocomplete="email"
                value=to.get_untracked() prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev)) />
            <p class="hint">{tr(Key::ResellerEmailHint)}</p>
            {move || field_error(errors(), "recipient_email", locale.get())}
            <label for="draft-language">{tr(Key::MessageLanguage)}</label>
            <select id="draft-language" class="compact"
                on:change=move |ev| if let Some(l) = Locale::from_tag(&event_target_value(&ev)) { rewrite(l) }>
                {Locale::ALL.into_iter().map(|l| view! {
                    <option value=l.tag() selected=move || message_locale.get() == l>{l.native_name()}</option>
                }).collect_view()}
            </select>
            <label for="draft-subject">{tr(Key::EmailSubject)}</label>
            <input id="draft-subject" maxlength=domain::email::MESSAGE_SUBJECT_MAX value=subject.get_untracked() prop:value=move || subject.get() on:input=move |ev| subject.set(event_target_value(&ev)) />
            {move || field_error(errors(), "subject", locale.get())}
            <label for="draft-body">{tr(Key::EmailMessage)}</label>
            <textarea id="draft-body" rows="12" maxlength=domain::email::MESSAGE_BODY_MAX prop:value=move || body.get()
                on:input=move |ev| body.set(event_target_value(&ev))>{body.get_untracked()}</textarea>
            {move || field_error(errors(), "body", locale.get())}
            <Show when=link_missing>
                <p class="field-error" role="alert">{tr(Key::LinkMissing)}</p>
            </Show>
            <label for="draft-link">{tr(Key::PersonalisedLink)}</label>
            <input id="draft-link" readonly value=draft.link.clone() />
            {move || errors().filter(|e| e.field_errors().is_empty()).map(|e| view! { <ErrorBox error=e /> })}
            {move || sent().map(|address| view! {
                <p class="success" role="status">{move || locale.get().fill(Key::EmailQueuedTo, &[("email", &address)])}</p>
            })}
            <div class="actions">
                <button type="button" class="send" disabled=move || send.pending().get() on:click=send_now>
                    {move || if send.pending().get() { locale.get().t(Key::SendingEmail) } else { locale.get().t(Key::SendEmailNow) }}
                </button>
                <a class="button" href=move || mailto(&to.get(), &subject.get(), &body.get())>{tr(Key::OpenInEmail)}</a>
                <button type="button" on:click=move |_| copy_to_clipboard(body.get(), copied)>
                    {move || if copied.get() { locale.get().t(Key::Copied) } else { locale.get().t(Key::CopyToClipboard) }}
                </button>
                <button type="submit" class="primary">{tr(Key::Done)}</button>
            </div>
        </ActionForm>
    }
}

/// Remove partnership: the seed's consequences, where the reseller still appears, Yes / No.
#[component]
pub fn RemovePartnershipPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0);
    let impact = Resource::new(id, partnership_removal);
    let remove = ServerAction::<RemovePartnership>::new();
    view! {
        <Page title=Key::RemovePartnership permission=Permission::ManagePartnerships>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let impact = match impact.await {
                        Ok(i) => i,
                        Err(e) => return view! { <ErrorBox error=e /> }.into_any(),
                    };
                    let reseller_id = impact.reseller.id;
                    let name = impact.reseller.name.clone();
                    let refused = move || remove.value().get().and_then(|r| r.err());
                    let plan = (!impact.subscriptions.is_empty()).then(|| {
                        let provider = impact.provider_name.clone();
                        let to_provider = move || use_locale().get().fill(Key::TransitionToProvider, &[("provider", &provider)]);
                        let others = impact.others.clone();
                        view! {
                            <div class="transition-plan">
                                <label for="transfer-to">{tr(Key::TransitionLabel)}</label>
                                <select id="transfer-to" name="transfer_to" aria-describedby="transfer-to-hint">
                                    <option value="" selected=true>{tr(Key::TransitionKeep)}</option>
                                    {others.into_iter().map(|r| {
                                        let id = r.id.to_string();
                                        let text = move || use_locale().get().fill(Key::TransitionToReseller, &[("reseller", &r.name), ("mpn_id", &r.mpn_id)]);
                                        view! { <option value=id>{text}</option> }
                                    }).collect_view()}
                                    <option value="provider">{to_provider}</option>
                                </select>
                                <p class="hint" id="transfer-to-hint">{tr(Key::TransitionHint)}</p>
                                {move || field_error(refused(), "transfer_to", use_locale().get())}
                            </div>
                        }
                    });
                    view! {
                        <section class="confirm" role="alertdialog" aria-labelledby="confirm-question" aria-describedby="confirm-consequences">
                            <p id="confirm-question" class="question">
                                <strong>{move || use_locale().get().fill(Key::RemovePartnershipQuestion, &[("reseller", &name)])}</strong>
                            </p>
                            <div id="confirm-consequences" class="important">
                                <p>{tr(Key::RemoveConsequenceCustomers)}</p>
                                <p>{tr(Key::RemoveConsequenceGoodFaith)}</p>
                                <p>{tr(Key::RemoveConsequenceNotice)}</p>
                                {(impact.open_offers > 0).then(|| {
                                    let (count, reseller) = (impact.open_offers, impact.reseller.name.clone());
                                    view! {
                                        <p id="removal-withdraws-offers">{move || {
                                            let l = use_locale().get();
                                            l.fill(Key::RemovalWithdrawsOffers, &[("count", &crate::format::number(count, l)), ("reseller", &reseller)])
                                        }}</p>
                                    }
                                })}
                            </div>
                            <StillAppears impact=impact.clone() />
                            {move || refused().filter(|e| e.field_errors().is_empty()).map(|e| view! { <ErrorBox error=e /> })}
                            <ActionForm action=remove attr:class="remove-form">
                                <input type="hidden" name="reseller_id" value=reseller_id />
                                {plan}
                                <div class="actions">
                                    <button type="submit" class="danger">{tr(Key::Yes)}</button>
                                    <A href="/resellers" attr:class="button">{tr(Key::No)}</A>
                                </div>
                            </ActionForm>
                        </section>
                    }.into_any()
                })}
            </Transition>
        </Page>
    }
}

/// A reseller's two-tier offers of the provider's subscriptions and the clients who accepted
/// them (the provider's customers, the reseller as reseller of record).
#[component]
pub fn ResellerOffersPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0);
    let offers = Resource::new(id, reseller_offers);
    let query = use_query_map();
    let created = move || query.read_untracked().get("created");
    let locale = use_locale();
    view! {
        <Page title=Key::ResellerOffersTitle permission=Permission::ManagePartnerships>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let data = match offers.await {
                        Ok(data) => data,
                        Err(e) => return view! { <ErrorBox error=e /> }.into_any(),
                    };
                    let reseller = data.reseller_name.clone();
                    let made = created().filter(|c| data.offers.iter().any(|o| &o.summary_id == c)).map(|summary| {
                        let reseller = reseller.clone();
                        view! {
                            <p class="success" role="status" id="offer-made">
                                {move || locale.get().fill(Key::OfferMadeForReseller, &[("summary", &summary), ("reseller", &reseller)])}
                            </p>
                        }
                    });
                    let create = data.may_make_offers.then(|| {
                        let reseller = reseller.clone();
                        view! {
                            <p class="actions">
                                <A href=format!("/resellers/{}/offers/new", id()) attr:class="button primary" attr:id="create-for-reseller">
                                    {move || locale.get().fill(Key::CreateOfferForReseller, &[("reseller", &reseller)])}
                                </A>
                            </p>
                        }
                    });
                    let list = if data.offers.is_empty() {
                        view! { <p class="empty">{tr(Key::NoResellerOffers)}</p> }.into_any()
                    } else {
                        view! {
                            <table class="responsive resold-offers">
                                <thead><tr>
                                    <th scope="col">{tr(Key::SummaryId)}</th>
                                    <th scope="col">{tr(Key::Date)}</th>
                                    <th scope="col">{tr(Key::UsageLocation)}</th>
                                    <th scope="col">{tr(Key::Status)}</th>
                                    <th scope="col">{tr(Key::Views)}</th>
                                    <th scope="col">{tr(Key::Acceptances)}</th>
                                    <th scope="col">{tr(Key::OfferLink)}</th>
                                </tr></thead>
                                <tbody>
                                    {data.offers.into_iter().map(|o| {
                                        let status = crate::offers::status_key(&o.status);
                                        let open = o.status == "active";
                                        let url = o.url.clone();
                                        view! {
                                            <tr>
                                                <th scope="row" data-label=tr(Key::SummaryId)>
                                                    <code>{o.summary_id.clone()}</code>
                                                    {o.trial_days.is_some().then(|| view! { " "<span class="badge">{tr(Key::TrialBadge)}</span> })}
                                                </th>
                                                <td data-label=tr(Key::Date)>{show_date(o.created_at)}</td>
                                                <td data-label=tr(Key::UsageLocation)>{show_country(o.usage_location.clone())}</td>
                                                <td data-label=tr(Key::Status)>{tr(status)}</td>
                                                <td data-label=tr(Key::Views)>{show_number(o.views)}</td>
                                                <td data-label=tr(Key::Acceptances)>{show_number(o.acceptances)}</td>
                                                <td data-label=tr(Key::OfferLink) class="offer-link">
                                                    {open.then(|| view! {
                                                        <code>{url.clone()}</code>
                                                        <crate::components::CopyButtonIsland text=url what=crate::components::CopyWhat::Text />
                                                    })}
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    };
                    let accepted = (!data.acceptances.is_empty()).then(|| view! {
                        <h2 id="resold-customers">{tr(Key::ResoldCustomersTitle)}</h2>
                        <table class="responsive resold-customers">
                            <thead><tr>
                                <th scope="col">{tr(Key::NavCustomers)}</th>
                                <th scope="col">{tr(Key::SummaryId)}</th>
                                <th scope="col">{tr(Key::AcceptedOn)}</th>
                            </tr></thead>
                            <tbody>
                                {data.acceptances.into_iter().map(|a| view! {
                                    <tr>
                                        <th scope="row" data-label=tr(Key::NavCustomers)>
                                            <A href=format!("/customers?q={}", crate::components::urlencode(&a.company_name))>{a.company_name.clone()}</A>
                                        </th>
                                        <td data-label=tr(Key::SummaryId)><code>{a.summary_id.clone()}</code></td>
                                        <td data-label=tr(Key::AcceptedOn)>{show_date(a.accepted_at)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    });
                    view! {
                        <p class="intro" id="reseller-offers-intro">{move || locale.get().fill(Key::ResellerOffersIntro, &[("reseller", &reseller)])}</p>
                        {made}
                        {create}
                        {list}
                        {accepted}
                        <p><A href="/resellers">{tr(Key::NavIndirectResellers)}</A></p>
                    }.into_any()
                })}
            </Transition>
        </Page>
    }
}

/// Indirect providers: the reseller's partners and the customers and subscriptions given to it.
#[component]
pub fn ProvidersPage() -> impl IntoView {
    let query = use_query_map();
    let accepted = move || query.read().get("accepted").is_some();
    let providers = Resource::new(|| (), |_| list_providers());
    let asks = Resource::new(|| (), |_| super::asks::read_asks_sent());
    view! {
        <Page title=Key::NavIndirectProviders permission=Permission::ViewProviders>
            <Show when=accepted>
                <p class="notice success" role="status">{tr(Key::PartnershipAccepted)}</p>
            </Show>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match providers.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="empty">{tr(Key::NoProvidersYet)}</p> }.into_any(),
                        Ok(list) => view! { <ProviderCards providers=list /> }.into_any(),
                    }
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match asks.await {
                        Ok(asks) => view! { <super::AsksSent asks /> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </Page>
    }
}

/// The reseller's providers, each with the customers and subscriptions it gave the reseller.
#[component]
pub fn ProviderCards(providers: Vec<ProviderRow>) -> impl IntoView {
    // Shown inside a page that has read who is signed in: the reseller's admins change the
    // subscriptions they are reseller of record for from their pages.
    let may_manage =
        crate::components::use_user().get_untracked().and_then(Result::ok).flatten().is_some_and(|u| u.can(Permission::ManageResoldSubscriptions));
    providers.into_iter().map(move |p| view! {
                            <section class="provider card" aria-label=p.name.clone()>
                                <h2>{p.name.clone()}</h2>
                                <p class="meta">
                                    {tr(Key::MpnId)}": "{p.mpn_id.clone()}" · "{show_country(p.country.clone())}" · "
                                    {move || { let l = use_locale().get(); l.fill(Key::PartneredSinceDate, &[("date", &crate::format::date(p.partnered_since, l))]) }}
                                </p>
                                {if p.customers.is_empty() {
                                    view! { <p class="empty">{tr(Key::NoCustomersGiven)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="given-customers">
                                            {p.customers.into_iter().map(|c| view! {
                                                <li>
                                                    <strong>{c.name.clone()}</strong>
                                                    " ("{c.domain_prefix.clone()}", "{show_country(c.country.clone())}")"
                                                    <ul>
                                                        {c.subscriptions.into_iter().map(|s| view! {
                                                            <li>
                                                                {if may_manage && s.reseller_of_record {
                                                                    view! { <A href=format!("/customers/{}/subscriptions/{}", s.customer_id, s.id)>{s.subscription_name.clone()}</A> }.into_any()
                                                                } else {
                                                                    view! { {s.subscription_name.clone()} }.into_any()
                                                                }}
                                                                " × "{show_number(s.license_count)}
                                                                {s.reseller_of_record.then(|| view! { " · "{tr(Key::ResellerOfRecord)} })}
                                                                {s.support_contact.then(|| view! { " · "{tr(Key::DesignatedSupportContact)} })}
                                                            </li>
                                                        }).collect_view()}
                                                    </ul>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                        }).collect_view()
}
