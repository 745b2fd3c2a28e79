//! Choosing and showing a relationship's roles from the catalogue
//! ([`domain::delegated_admin::roles`]): the wizard's picker (the recommendation for what the
//! offer sells, a search over every role, each chosen role with its less-privileged
//! alternatives), the plain forms' checkboxes (the common roles first, every other one behind a
//! disclosure), and the client's list of what each role lets the partner do, and why.

use crate::i18n::{tr, use_locale, Key, Locale};
use domain::delegated_admin::roles::{search, why, Reason, CATALOGUE, COMMON};
use domain::delegated_admin::RoleTemplate;
use domain::offers::GdapRole;
use leptos::prelude::*;

/// The longest search the picker reads.
const QUERY_MAX: usize = 80;

/// The roles' names in `locale`, joined with commas.
pub fn role_names(roles: &[GdapRole], locale: Locale) -> String {
    roles.iter().map(|r| r.name(locale)).collect::<Vec<_>>().join(", ")
}

/// The wizard's role picker: `chosen` are the roles asked for; `recommended` what the offer
/// sells needs. With no search it lists the chosen and the recommended roles; a search lists
/// every role that matches, by name (in the page's language or English) or by what it does.
/// `templates`: the organisation's role templates, each a button that asks for its roles.
#[component]
pub fn RolePicker(
    chosen: RwSignal<Vec<GdapRole>>,
    #[prop(into)] recommended: Signal<Vec<(GdapRole, Reason)>>,
    #[prop(optional)] templates: Vec<RoleTemplate>,
) -> impl IntoView {
    let locale = use_locale();
    let query = RwSignal::new(String::new());
    let shown = Memo::new(move |_| {
        let query: String = query.get().chars().take(QUERY_MAX).collect();
        if query.trim().is_empty() {
            let mut roles = chosen.get();
            roles.extend(recommended.get().into_iter().map(|(role, _)| role));
            roles.sort();
            roles.dedup();
            roles
        } else {
            search(&query, locale.get())
        }
    });
    let use_recommended = move |_| chosen.set(recommended.get_untracked().into_iter().map(|(role, _)| role).collect());
    view! {
        <div class="role-picker">
            <p class="recommended" id="gdap-recommended">
                {tr(Key::GdapRecommended)}": "
                <span>{move || role_names(&recommended.get().into_iter().map(|(r, _)| r).collect::<Vec<_>>(), locale.get())}</span>
                " "
                <button type="button" class="link" on:click=use_recommended>{tr(Key::GdapUseRecommended)}</button>
            </p>
            {(!templates.is_empty()).then(|| view! {
                <p class="templates-choice" id="gdap-templates">
                    {tr(Key::StartFromTemplate)}" "
                    {templates.into_iter().map(|t| {
                        let roles = t.roles.clone();
                        view! { <button type="button" class="link" on:click=move |_| chosen.set(roles.clone())>{t.name}</button>" " }
                    }).collect_view()}
                </p>
            })}
            <label for="gdap-role-search">{tr(Key::GdapFindRole)}</label>
            <input id="gdap-role-search" type="search" maxlength=QUERY_MAX.to_string() autocomplete="off" aria-describedby="gdap-role-search-hint"
                prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
            <p class="hint" id="gdap-role-search-hint">{move || locale.get().fill(Key::GdapFindRoleHint, &[("count", &CATALOGUE.len().to_string())])}</p>
            <ul class="role-options" aria-live="polite">
                <For each=move || shown.get() key=|role| *role let:role>
                    <li data-role=role.code()>
                        <label class="check">
                            <input type="checkbox" prop:checked=move || chosen.with(|c| c.contains(&role))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| { c.retain(|r| *r != role); if on { c.push(role); } });
                                } />
                            <span>
                                <strong>{move || role.name(locale.get())}</strong>
                                {move || why(role, &recommended.get()).map(|_| view! { " "<span class="badge ok">{tr(Key::GdapRecommendedBadge)}</span> })}
                                {role.privileged().then(|| view! { " "<span class="badge warn">{tr(Key::GdapPrivilegedBadge)}</span> })}
                            </span>
                        </label>
                        <p class="hint">{move || role.description(locale.get())}</p>
                        {move || (chosen.with(|c| c.contains(&role)) && !role.alternatives().is_empty()).then(|| view! {
                            <p class="hint alternatives">{locale.get().fill(Key::GdapLessPrivileged, &[("roles", &role_names(role.alternatives(), locale.get()))])}</p>
                        })}
                    </li>
                </For>
            </ul>
            {move || shown.with(|s| s.is_empty()).then(|| view! { <p class="hint">{tr(Key::GdapNoRoleFound)}</p> })}
        </div>
    }
}

/// A checkbox per role, named `role[<code>]`, with ids `<id_prefix><code>`, for forms that post
/// without JavaScript: `only` those roles (a relationship's own), or the whole catalogue with the
/// common roles and the `checked` ones first and every other role behind a disclosure; `plain`
/// adds what each lets the partner do.
#[component]
pub fn RoleChecks(
    #[prop(into)] id_prefix: String,
    #[prop(optional)] only: Option<Vec<GdapRole>>,
    #[prop(optional)] checked: Vec<GdapRole>,
    #[prop(optional)] plain: bool,
) -> impl IntoView {
    let (first, others): (Vec<GdapRole>, Vec<GdapRole>) = match only {
        Some(only) => (only, Vec::new()),
        None => GdapRole::all().partition(|r| COMMON.contains(r) || checked.contains(r)),
    };
    let count = others.len().to_string();
    let locale = use_locale();
    let check = move |role: GdapRole| {
        let id = format!("{id_prefix}{}", role.code());
        view! {
            <label class="check" for=id.clone()>
                <input type="checkbox" id=id.clone() name=format!("role[{}]", role.code()) value="on" checked=checked.contains(&role) />
                <span><strong>{move || role.name(locale.get())}</strong></span>
            </label>
            {plain.then(|| view! { <p class="hint">{move || role.description(locale.get())}</p> })}
        }
    };
    let check_other = check.clone();
    view! {
        {first.into_iter().map(check).collect_view()}
        {(!others.is_empty()).then(|| view! {
            <details class="more-roles">
                <summary>{move || locale.get().fill(Key::GdapMoreRoles, &[("count", &count)])}</summary>
                {others.into_iter().map(check_other).collect_view()}
            </details>
        })}
    }
}

/// The roles as a list of their names.
pub fn roles_list(roles: &[GdapRole]) -> impl IntoView {
    let locale = use_locale();
    let roles = roles.to_vec();
    view! { <ul class="roles">{roles.into_iter().map(|r| view! { <li>{move || r.name(locale.get())}</li> }).collect_view()}</ul> }
}

/// What each role lets the partner do, in plain words, for the client; with `recommended`
/// (an offer's), why the role is asked for, or that it goes beyond what the offer sells.
pub fn roles_explained(roles: &[GdapRole], recommended: Option<&[(GdapRole, Reason)]>, locale: Locale) -> impl IntoView {
    let items: Vec<(GdapRole, Option<String>)> = roles
        .iter()
        .map(|&role| {
            let reason = recommended.map(|recommended| match why(role, recommended) {
                Some(reason) => locale.fill(Key::GdapWhy, &[("reason", locale.t(reason.key()))]),
                None => locale.t(Key::GdapWhyNotRecommended).to_string(),
            });
            (role, reason)
        })
        .collect();
    view! {
        <ul class="gdap-roles">
            {items.into_iter().map(|(role, reason)| view! {
                <li data-role=role.code()>
                    <strong>{role.name(locale)}</strong>": "{role.description(locale)}
                    {reason.map(|reason| view! { <br /><span class="hint why">{reason}</span> })}
                </li>
            }).collect_view()}
        </ul>
    }
}
