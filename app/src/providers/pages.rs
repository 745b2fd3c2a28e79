//! The pages of indirect providers' profiles: the public directory, the provider's own
//! profile with its proposal form, and the operator's approval queue.

use super::*;
use crate::catalog::country_name;
use crate::components::{set_status, ErrorBox, FieldErrorsView, Page};
use crate::error::FieldError;
use crate::i18n::{tr, use_locale, Key, Locale};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The label of a profile field, by its form name.
fn field_label(field: &str) -> Key {
    match field {
        "description" => Key::ProfileDescription,
        "countries" => Key::ProfileCountries,
        "website" => Key::ProfileWebsite,
        "contact_email" => Key::ProfileContactEmail,
        "contact_phone" => Key::ProfileContactPhone,
        _ => Key::ProfileProviderSince,
    }
}

/// A profile field's value as the pages show it.
fn field_text(profile: &Profile, field: &str, locale: Locale) -> String {
    let dash = |s: &str| {
        if s.is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    match field {
        "description" => dash(&profile.description),
        "countries" => profile.countries.iter().map(|c| country_name(c, locale)).collect::<Vec<_>>().join(", "),
        "website" => dash(&profile.website),
        "contact_email" => dash(&profile.contact_email),
        "contact_phone" => dash(&profile.contact_phone),
        _ => dash(&profile.provider_since),
    }
}

/// One provider as the directory shows it.
#[component]
pub fn ProviderProfileCard(
    entry: DirectoryEntry,
    #[prop(optional)] changed: Vec<&'static str>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let locale = use_locale();
    let profile = entry.profile.clone();
    let mark = move |field: &'static str| changed.contains(&field);
    let heading_id = format!("provider-{}", entry.organisation_id);
    let labelled_by = heading_id.clone();
    let countries_of = profile.clone();
    let countries = move || field_text(&countries_of, "countries", locale.get());
    let since = profile.provider_since.clone();
    view! {
        <article class="provider-profile card" aria-labelledby=labelled_by>
            <h2 id=heading_id>{entry.company_name.clone()}</h2>
            <p class="meta">
                {tr(Key::MpnId)}": "{entry.mpn_id.clone()}
                {(!since.is_empty()).then(|| view! {
                    " · "{move || locale.get().fill(Key::ProviderSinceDate, &[("date", &since)])}
                })}
            </p>
            <p class="description" class:changed=mark("description")>{profile.description.clone()}</p>
            <dl class="facts">
                <dt>{tr(Key::ProfileCountries)}</dt>
                <dd class:changed=mark("countries")>{countries}</dd>
                {(!profile.website.is_empty()).then(|| {
                    let website = profile.website.clone();
                    view! {
                        <dt>{tr(Key::ProfileWebsite)}</dt>
                        <dd class:changed=mark("website")><a href=website.clone() rel="noopener nofollow external">{website.clone()}</a></dd>
                    }
                })}
                <dt>{tr(Key::ProfileContactEmail)}</dt>
                <dd class:changed=mark("contact_email")><a href=format!("mailto:{}", profile.contact_email)>{profile.contact_email.clone()}</a></dd>
                {(!profile.contact_phone.is_empty()).then(|| {
                    let phone = profile.contact_phone.clone();
                    let tel: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
                    view! {
                        <dt>{tr(Key::ProfileContactPhone)}</dt>
                        <dd class:changed=mark("contact_phone")><a href=format!("tel:{tel}")>{phone}</a></dd>
                    }
                })}
            </dl>
            {children.map(|c| c())}
        </article>
    }
}

/// The public directory of indirect providers: search by name, MPN ID or keyword and filter
/// by a country or region served. A plain GET form, so it works without JavaScript.
#[component]
pub fn DirectoryPage() -> impl IntoView {
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let country = move || query.read().get("country").unwrap_or_default();
    let page = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    let results = Resource::new(move || (search(), country(), page()), |(q, c, p)| search_directory(q, c, p));
    // A reseller's admin may ask the providers found to partner.
    let viewer = Resource::new(|| (), |_| crate::resellers::asks::read_ask_viewer());
    let asked = move || query.read().get("asked").and_then(|a| a.parse::<i64>().ok());
    let ask = ServerAction::<crate::resellers::asks::AskToPartner>::new();
    let ask_refused = ask.value().get_untracked().and_then(|r| r.err());
    view! {
        <Title text=move || format!("{} · PartnerDesk", title_language().t(Key::DirectoryTitle)) />
        <h1>{tr(Key::DirectoryTitle)}</h1>
        <p class="intro">{tr(Key::DirectoryIntro)}</p>
        {ask_refused.map(|e| view! { <ErrorBox error=e /> })}
        <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                let results = match results.await {
                    Ok(r) => r,
                    Err(e) => {
                        set_status(e.status());
                        return view! { <ErrorBox error=e /> }.into_any();
                    }
                };
                let chosen = country();
                let DirectoryResults { entries, total, page, per_page, countries } = results;
                let viewer = viewer.await.unwrap_or_default();
                let pages = crate::validate::page_count(total, per_page);
                let link = move |p: i64| {
                    format!("/directory?q={}&country={}&page={p}", crate::components::urlencode(&search()), crate::components::urlencode(&country()))
                };
                let (previous, next, back) = (link(page - 1), link(page + 1), link(page));
                view! {
                    <form method="get" action="/directory" class="search filters" role="search">
                        <div>
                            <label for="directory-search">{tr(Key::DirectorySearch)}</label>
                            <input id="directory-search" name="q" type="search" value=search() autocomplete="off" />
                        </div>
                        <div>
                            <label for="directory-country">{tr(Key::DirectoryCountry)}</label>
                            <select id="directory-country" name="country">
                                <option value="">{tr(Key::AllCountries)}</option>
                                {countries.into_iter().map(|code| {
                                    let selected = code.eq_ignore_ascii_case(&chosen);
                                    let name = country_name(&code, locale.get_untracked());
                                    view! { <option value=code selected=selected>{name}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <button type="submit">{tr(Key::Search)}</button>
                    </form>
                    <p class="result-count" role="status">
                        {move || locale.get().fill(Key::DirectoryCount, &[("count", &total.to_string())])}
                    </p>
                    {if entries.is_empty() {
                        view! { <p class="empty">{tr(Key::DirectoryEmpty)}</p> }.into_any()
                    } else {
                        view! {
                            <div class="directory">
                                {entries.into_iter().map(|entry| {
                    let (id, name) = (entry.organisation_id, entry.company_name.clone());
                    let (viewer, back) = (viewer.clone(), back.clone());
                    view! {
                        <ProviderProfileCard entry=entry>
                            <crate::resellers::AskToPartnerForm provider_id=id provider_name=name viewer asked=asked() == Some(id) back ask />
                        </ProviderProfileCard>
                    }
                }).collect_view()}
                            </div>
                            <crate::components::Pager page=page pages previous next />
                        }.into_any()
                    }}
                }.into_any()
            })}
        </Transition>
    }
}

/// The message for a field: the browser's own check first, then the server's answer.
fn message_for(client: &[FieldError], server: Option<AppError>, field: &str, locale: crate::i18n::Locale) -> Option<String> {
    client.iter().chain(server.as_ref().map(|e| e.field_errors()).unwrap_or_default()).find(|e| e.field == field).map(|e| e.problem.message(locale))
}

/// Settings > Provider profile: the profile as the directory shows it, the change waiting for
/// the operator, and (for the Global admin) the form that proposes a change.
#[component]
pub fn ProviderProfilePage() -> impl IntoView {
    let query = use_query_map();
    let withdraw = ServerAction::<WithdrawProfileChange>::new();
    let data = Resource::new(move || withdraw.version().get(), |_| my_provider_profile());
    let proposed = move || query.read().get("proposed").is_some();
    let withdrawn = move || query.read().get("withdrawn").is_some() || matches!(withdraw.value().get(), Some(Ok(_)));
    view! {
        <Page title=Key::NavProviderProfile permission=Permission::ViewProviderProfile>
            <Show when=proposed>
                <p class="notice success" role="status">{tr(Key::ProfileProposed)}</p>
            </Show>
            <Show when=withdrawn>
                <p class="notice" role="status">{tr(Key::ProfileWithdrawn)}</p>
            </Show>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(mine) => view! { <MyProfileView mine=mine withdraw=withdraw /> }.into_any(),
                    }
                })}
            </Transition>
        </Page>
    }
}

#[component]
fn MyProfileView(mine: MyProfile, withdraw: ServerAction<WithdrawProfileChange>) -> impl IntoView {
    let locale = use_locale();
    let MyProfile { entry, published, pending, last_decision, may_propose } = mine;
    let start = ProfileForm::from_profile(pending.as_ref().map(|p| &p.profile).unwrap_or(&entry.profile));
    let published_profile = published.then(|| entry.profile.clone());
    view! {
        <section aria-labelledby="as-it-appears">
            <h2 id="as-it-appears">{tr(Key::ProfileAsItAppears)}</h2>
            {if published {
                view! { <ProviderProfileCard entry=entry.clone() /> }.into_any()
            } else {
                view! { <p class="empty">{tr(Key::ProfileNotPublished)}</p> }.into_any()
            }}
        </section>
        {last_decision.filter(|d| d.status == ChangeStatus::Rejected && pending.is_none()).map(|d| {
            let reviewed_at = d.reviewed_at;
            let date = move || reviewed_at.map(|t| crate::format::date(t, locale.get())).unwrap_or_default();
            view! {
                <p class="notice warn" role="note">
                    {move || locale.get().fill(Key::ProfileRejected, &[("date", &date())])}
                    " "<q>{d.review_note.clone()}</q>
                </p>
            }
        })}
        {pending.map(|change| {
            let changed = change.profile.changed_fields(published_profile.as_ref());
            let proposed_at = change.proposed_at;
    let date = move || crate::format::date(proposed_at, locale.get());
            let by = change.proposed_by.clone();
            let card = DirectoryEntry { profile: change.profile.clone(), ..entry.clone() };
            view! {
                <section class="pending-change" aria-labelledby="pending-title">
                    <h2 id="pending-title">{tr(Key::ProfilePendingTitle)}</h2>
                    <p class="notice" role="note">
                        {move || locale.get().fill(Key::ProfilePendingText, &[("date", &date()), ("name", &by)])}
                    </p>
                    <p class="hint">{tr(Key::ProfileChangedHint)}</p>
                    <ProviderProfileCard entry=card changed=changed />
                    {may_propose.then(|| view! {
                        <ActionForm action=withdraw attr:class="inline">
                            <button type="submit">{tr(Key::WithdrawProposal)}</button>
                        </ActionForm>
                    })}
                </section>
            }
        })}
        {if may_propose {
            view! { <ProposalIsland start=start company=entry.company_name.clone() mpn_id=entry.mpn_id.clone() /> }.into_any()
        } else {
            view! { <p class="hint">{tr(Key::ProfileOnlyGlobalAdmin)}</p> }.into_any()
        }}
    }
}

/// The proposal form (Submit leads to the page again, with the change
/// waiting for the operator).
// An island of the Settings pages' build (crate::app::IslandsBuild::SettingsPages) only.
#[cfg_attr(any(feature = "ssr", feature = "settings-pages"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "settings-pages")), component)]
fn ProposalIsland(start: ProfileForm, company: String, mpn_id: String) -> impl IntoView {
    let propose = ServerAction::<ProposeProviderProfile>::new();
    view! { <ProposalForm start company mpn_id propose /> }
}

/// The form that proposes a profile change. Each field is checked in the browser when it
/// changes, with the same rules the server applies again on Submit.
#[component]
fn ProposalForm(start: ProfileForm, company: String, mpn_id: String, propose: ServerAction<ProposeProviderProfile>) -> impl IntoView {
    let locale = use_locale();
    let form = RwSignal::new(start.clone());
    let touched = RwSignal::new(Vec::<&'static str>::new());
    let client_errors = Memo::new(move |_| {
        let checked = touched.get();
        match form.get().validate(now_seconds()) {
            Ok(_) => Vec::new(),
            Err(e) => e.field_errors().iter().filter(|f| checked.contains(&f.field.as_str())).cloned().collect(),
        }
    });
    let server_error = move || propose.value().get().and_then(|r| r.err());
    let message = move |field: &str| message_for(&client_errors.get(), server_error(), field, locale.get());
    let edit = move |field: &'static str| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            form.update(|f| match field {
                "description" => f.description = value,
                "countries" => f.countries = value,
                "website" => f.website = value,
                "contact_email" => f.contact_email = value,
                "contact_phone" => f.contact_phone = value,
                _ => f.provider_since = value,
            });
        }
    };
    let touch = move |field: &'static str| {
        move |_| {
            touched.update(|t| {
                if !t.contains(&field) {
                    t.push(field)
                }
            })
        }
    };
    let described = |field: &str| format!("{field}-error");
    let error_line = move |field: &'static str| move || message(field).map(|m| view! { <p class="field-error" id=format!("{field}-error")>{m}</p> });
    view! {
        <section aria-labelledby="propose-title">
            <h2 id="propose-title">{tr(Key::ProposeChanges)}</h2>
            <p class="hint">{tr(Key::ProposeChangesHint)}</p>
            <ActionForm action=propose attr:class="form" attr:novalidate=true>
                <FieldErrorsView error=Signal::derive(server_error) />
                <dl class="facts">
                    <dt>{tr(Key::CompanyName)}</dt><dd>{company}</dd>
                    <dt>{tr(Key::MpnId)}</dt><dd>{mpn_id}</dd>
                </dl>
                <p class="hint">{tr(Key::ProfileFixedFieldsHint)}</p>
                <label for="profile-description">{tr(Key::ProfileDescription)}</label>
                <textarea id="profile-description" name="description" rows="4" maxlength=DESCRIPTION_MAX required
                    aria-describedby=described("description")
                    on:input=edit("description") on:change=touch("description")>{start.description.clone()}</textarea>
                <p class="hint">{move || locale.get().fill(Key::ProfileDescriptionHint, &[("max", &DESCRIPTION_MAX.to_string())])}</p>
                {error_line("description")}
                <label for="profile-countries">{tr(Key::ProfileCountries)}</label>
                <input id="profile-countries" name="countries" required value=start.countries.clone()
                    aria-describedby=described("countries")
                    on:input=edit("countries") on:change=touch("countries") />
                <p class="hint">{tr(Key::ProfileCountriesHint)}</p>
                {error_line("countries")}
                <label for="profile-website">{tr(Key::ProfileWebsite)}</label>
                <input id="profile-website" name="website" type="url" inputmode="url" value=start.website.clone()
                    placeholder="https://" aria-describedby=described("website")
                    on:input=edit("website") on:change=touch("website") />
                {error_line("website")}
                <label for="profile-email">{tr(Key::ProfileContactEmail)}</label>
                <input id="profile-email" name="contact_email" type="email" required value=start.contact_email.clone()
                    autocomplete="email" aria-describedby=described("contact_email")
                    on:input=edit("contact_email") on:change=touch("contact_email") />
                {error_line("contact_email")}
                <label for="profile-phone">{tr(Key::ProfileContactPhone)}</label>
                <input id="profile-phone" name="contact_phone" type="tel" value=start.contact_phone.clone()
                    autocomplete="tel" aria-describedby=described("contact_phone")
                    on:input=edit("contact_phone") on:change=touch("contact_phone") />
                {error_line("contact_phone")}
                <label for="profile-since">{tr(Key::ProfileProviderSince)}</label>
                <input id="profile-since" name="provider_since" type="date" required value=start.provider_since.clone()
                    aria-describedby=described("provider_since")
                    on:input=edit("provider_since") on:change=touch("provider_since") />
                {error_line("provider_since")}
                <button type="submit" class="primary">{tr(Key::SendForApproval)}</button>
            </ActionForm>
        </section>
    }
}

/// The operator's queue of proposed profile changes: each with what the directory shows now
/// and what the provider proposes, to approve or to reject with a note.
#[component]
pub fn ProfileChangesPage() -> impl IntoView {
    let query = use_query_map();
    let decide = ServerAction::<DecideProfileChange>::new();
    let queue = Resource::new(move || decide.version().get(), |_| profile_review_queue());
    let decided = move || query.read().get("decided").is_some() || matches!(decide.value().get(), Some(Ok(_)));
    let failed = move || decide.value().get().and_then(|r| r.err());
    view! {
        <Page title=Key::NavProfileChanges permission=Permission::ReviewProviderProfiles>
            <p class="intro">{tr(Key::ProfileChangesIntro)}</p>
            <Show when=decided>
                <p class="notice success" role="status">{tr(Key::ProfileDecisionSaved)}</p>
            </Show>
            {move || failed().map(|e| view! { <ErrorBox error=e /> })}
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match queue.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(items) if items.is_empty() => view! { <p class="empty">{tr(Key::NoProfileChanges)}</p> }.into_any(),
                        Ok(items) => items.into_iter().map(|item| view! { <ReviewCard item=item decide=decide /> }).collect_view().into_any(),
                    }
                })}
            </Transition>
        </Page>
    }
}

#[component]
fn ReviewCard(item: ReviewItem, decide: ServerAction<DecideProfileChange>) -> impl IntoView {
    let locale = use_locale();
    let ReviewItem { change, current } = item;
    let changed = change.profile.changed_fields(current.as_ref());
    let heading = format!("change-{}", change.id);
    let labelled_by = heading.clone();
    let proposed_at = change.proposed_at;
    let date = move || crate::format::date(proposed_at, locale.get());
    let by = change.proposed_by.clone();
    let note_id = format!("note-{}", change.id);
    // The action is shared by every card: only the card that was rejected shows the answer.
    let id = change.id;
    let submitted = RwSignal::new(false);
    let note_error = move || {
        submitted.get().then_some(())?;
        decide
            .value()
            .get()
            .and_then(|r| r.err())
            .and_then(|e| e.field_errors().iter().find(|f| f.field == "note").map(|f| f.problem.message(locale.get())))
    };
    view! {
        <section class="review card" aria-labelledby=labelled_by>
            <h2 id=heading>{format!("{} ({})", change.company_name, change.mpn_id)}</h2>
            <p class="meta">{move || locale.get().fill(Key::ProfilePendingText, &[("date", &date()), ("name", &by)])}</p>
            {current.is_none().then(|| view! { <p class="notice">{tr(Key::ProfileFirstPublication)}</p> })}
            <table class="responsive compare">
                <thead><tr>
                    <th scope="col">{tr(Key::ProfileField)}</th>
                    <th scope="col">{tr(Key::ProfileNow)}</th>
                    <th scope="col">{tr(Key::ProfileProposedValue)}</th>
                </tr></thead>
                <tbody>
                    {PROFILE_FIELDS.into_iter().map(|field| {
                        let is_changed = changed.contains(&field);
                        let now = current.as_ref().map(|p| field_text(p, field, locale.get_untracked())).unwrap_or_else(|| "—".to_string());
                        let proposed = field_text(&change.profile, field, locale.get_untracked());
                        view! {
                            <tr class:changed=is_changed>
                                <th scope="row">
                                    {tr(field_label(field))}
                                    {is_changed.then(|| view! { " "<span class="badge">{tr(Key::Changed)}</span> })}
                                </th>
                                <td data-label=tr(Key::ProfileNow)>{now}</td>
                                <td data-label=tr(Key::ProfileProposedValue)>{proposed}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <div class="decisions">
                <ActionForm action=decide attr:class="inline" on:submit=move |_| submitted.set(false)>
                    <input type="hidden" name="change_id" value=id />
                    <input type="hidden" name="decision" value="approve" />
                    <input type="hidden" name="note" value="" />
                    <button type="submit" class="primary">{tr(Key::Approve)}</button>
                </ActionForm>
                <ActionForm action=decide attr:class="form reject" on:submit=move |_| submitted.set(true)>
                    <input type="hidden" name="change_id" value=change.id />
                    <input type="hidden" name="decision" value="reject" />
                    <label for=note_id.clone()>{tr(Key::RejectNote)}</label>
                    <textarea id=note_id name="note" rows="2" maxlength="500"></textarea>
                    {move || note_error().map(|m| view! { <p class="field-error">{m}</p> })}
                    <button type="submit" class="danger">{tr(Key::Reject)}</button>
                </ActionForm>
            </div>
        </section>
    }
}
