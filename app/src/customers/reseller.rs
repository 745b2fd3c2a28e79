//! The reseller of an existing customer: the provider associates a partnered indirect
//! reseller with a customer, changes it or removes it, after a confirmation that says what
//! each reseller gains or loses (administrator access to the customer's account and
//! subscriptions).

use super::*;
use crate::components::{ErrorBox, Page};
use crate::i18n::{tr, use_locale, Key};
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

/// What a change of reseller does, for the confirmation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResellerChange {
    /// Nothing to confirm: the chosen reseller is the current one.
    Unchanged,
    Associate {
        new: String,
    },
    Replace {
        old: String,
        new: String,
    },
    Remove {
        old: String,
    },
}

/// The change from the customer's current reseller to `chosen` (none: remove).
pub fn reseller_change(current: Option<(i64, &str)>, chosen: Option<&ResellerChoice>) -> ResellerChange {
    match (current, chosen) {
        (Some((id, _)), Some(new)) if id == new.id => ResellerChange::Unchanged,
        (None, None) => ResellerChange::Unchanged,
        (None, Some(new)) => ResellerChange::Associate { new: new.name.clone() },
        (Some((_, old)), Some(new)) => ResellerChange::Replace { old: old.to_string(), new: new.name.clone() },
        (Some((_, old)), None) => ResellerChange::Remove { old: old.to_string() },
    }
}

/// Associates, changes or removes (`reseller_id` 0) the reseller of an existing customer.
/// Only an active partner can be associated; removing needs no partnership.
#[server(endpoint = "customers/reseller")]
pub async fn set_customer_reseller(customer_id: i64, reseller_id: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            super::service::set_customer_reseller(&store()?, &caller().await?, customer_id, (reseller_id > 0).then_some(reseller_id)).await?;
            crate::auth::ssr::redirect(&format!("/customers?changed={customer_id}"));
            Ok(())
        }
        .await,
    )
}

/// Customers > a customer > Reseller: choose a partnered reseller (or none), then confirm.
/// Without JavaScript the choice is a GET form and the confirmation a POST form.
#[component]
pub fn CustomerResellerPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0);
    let chosen = move || query.read().get("reseller").and_then(|r| r.parse::<i64>().ok());
    let data = Resource::new(id, get_customer);
    let set = ServerAction::<SetCustomerReseller>::new();
    view! {
        <Page title=Key::CustomerResellerTitle permission=Permission::ManageCustomers>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(page) => view! { <ResellerChoiceView page=page chosen=chosen() set=set /> }.into_any(),
                    }
                })}
            </Transition>
        </Page>
    }
}

#[component]
fn ResellerChoiceView(page: CustomerPageData, chosen: Option<i64>, set: ServerAction<SetCustomerReseller>) -> impl IntoView {
    let locale = use_locale();
    let customer = page.customer.clone();
    let customer_id = customer.id;
    let company = customer.company_name.clone();
    let current = customer.reseller_id.zip(customer.reseller_name.clone());
    let partnered = customer.reseller_partnered;
    // The choice offered first: the one in the address, else the current reseller.
    let preselected = chosen.or(customer.reseller_id).unwrap_or(0);
    let confirm = chosen.map(|c| {
        let choice = page.resellers.iter().find(|r| r.id == c);
        (c, reseller_change(current.as_ref().map(|(i, n)| (*i, n.as_str())), choice), c > 0 && choice.is_none())
    });
    let error = move || set.value().get().and_then(|r| r.err());
    let company_for_current = company.clone();
    view! {
        <p class="lead">
            <strong>{company.clone()}</strong>
            {format!(" · {}.onmicrosoft.com", customer.domain_prefix)}
        </p>
        <p>
            {match current.clone() {
                Some((_, name)) => view! {
                    {move || locale.get().fill(Key::CurrentReseller, &[("reseller", &name), ("customer", &company_for_current)])}
                    {(!partnered).then(|| view! { " "<span class="badge warn">{tr(Key::PartnershipEnded)}</span> })}
                }.into_any(),
                None => view! { {tr(Key::CustomerHasNoReseller)} }.into_any(),
            }}
        </p>
        {(!partnered && current.is_some()).then(|| view! { <p class="hint">{tr(Key::EndedPartnershipKeepsCustomer)}</p> })}
        <form method="get" class="form" action=format!("/customers/{customer_id}/reseller")>
            <label for="reseller-choice">{tr(Key::IndirectResellerForCustomer)}</label>
            <select id="reseller-choice" name="reseller">
                <option value="0" selected=preselected == 0>{tr(Key::NoReseller)}</option>
                {page.resellers.iter().map(|r| view! {
                    <option value=r.id.to_string() selected=preselected == r.id>{format!("{} ({})", r.name, r.mpn_id)}</option>
                }).collect_view()}
            </select>
            <p class="hint">{tr(Key::ResellerForCustomerHint)}</p>
            <div class="actions">
                <button type="submit">{tr(Key::Next)}</button>
                <A href="/customers" attr:class="button">{tr(Key::Cancel)}</A>
            </div>
        </form>
        {confirm.map(|(reseller_id, change, not_partnered)| {
            let company = company.clone();
            let (question, gains, loses) = match &change {
                ResellerChange::Unchanged => (None, None, None),
                ResellerChange::Associate { new } => (Some((Key::AssociateResellerQuestion, new.clone())), Some(new.clone()), None),
                ResellerChange::Replace { old, new } => (Some((Key::ReplaceResellerQuestion, new.clone())), Some(new.clone()), Some(old.clone())),
                ResellerChange::Remove { old } => (Some((Key::RemoveResellerQuestion, old.clone())), None, Some(old.clone())),
            };
            if not_partnered {
                return view! { <p class="error" role="alert">{tr(Key::RefusedNotPartnered)}</p> }.into_any();
            }
            let Some((question_key, reseller)) = question else {
                return view! { <p class="notice" role="status">{tr(Key::ResellerUnchanged)}</p> }.into_any();
            };
            let (c1, c2, c3, c4) = (company.clone(), company.clone(), company.clone(), company.clone());
            let old_name = loses.clone().unwrap_or_default();
            let replacing = matches!(change, ResellerChange::Replace { .. });
            view! {
                <section class="confirm" role="alertdialog" aria-labelledby="reseller-question" aria-describedby="reseller-consequences">
                    <p id="reseller-question" class="question">
                        <strong>{move || locale.get().fill(question_key, &[("reseller", &reseller), ("customer", &c1), ("old", &old_name)])}</strong>
                    </p>
                    <div id="reseller-consequences" class="important">
                        {gains.map(|name| view! {
                            <p>{move || locale.get().fill(Key::ResellerGains, &[("reseller", &name), ("customer", &c2)])}</p>
                        })}
                        {loses.map(|name| view! {
                            <p>{move || locale.get().fill(Key::ResellerLoses, &[("reseller", &name), ("customer", &c3)])}</p>
                        })}
                        <p>{move || locale.get().fill(Key::ResellerSubscriptionsUnchanged, &[("customer", &c4)])}</p>
                    </div>
                    {move || error().map(|e| view! { <ErrorBox error=e /> })}
                    <div class="actions">
                        <ActionForm action=set attr:class="inline">
                            <input type="hidden" name="customer_id" value=customer_id />
                            <input type="hidden" name="reseller_id" value=reseller_id />
                            <button type="submit" class=if reseller_id == 0 { "danger" } else { "primary" }>
                                {match (reseller_id, replacing) {
                                    (0, _) => tr(Key::ConfirmRemoveReseller),
                                    (_, true) => tr(Key::ConfirmChangeReseller),
                                    _ => tr(Key::ConfirmAssociateReseller),
                                }}
                            </button>
                        </ActionForm>
                        <A href="/customers" attr:class="button">{tr(Key::Cancel)}</A>
                    </div>
                </section>
            }.into_any()
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(id: i64, name: &str) -> ResellerChoice {
        ResellerChoice { id, name: name.into(), mpn_id: "3000001".into() }
    }

    #[test]
    fn the_confirmation_names_who_gains_and_who_loses() {
        let adatum = choice(5, "Adatum");
        assert_eq!(reseller_change(None, Some(&adatum)), ResellerChange::Associate { new: "Adatum".into() });
        assert_eq!(reseller_change(Some((5, "Adatum")), Some(&adatum)), ResellerChange::Unchanged);
        assert_eq!(reseller_change(Some((6, "Litware")), Some(&adatum)), ResellerChange::Replace { old: "Litware".into(), new: "Adatum".into() });
        assert_eq!(reseller_change(Some((6, "Litware")), None), ResellerChange::Remove { old: "Litware".into() });
        assert_eq!(reseller_change(None, None), ResellerChange::Unchanged);
    }
}
