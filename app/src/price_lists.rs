//! Price lists: the operator imports the catalog's prices from a CSV file in the shape of the
//! partner program's new-commerce license-based price list ([`domain::price_list`]). Reading
//! the file gives a preview against the price list in force (rows added, changed, removed,
//! refused with their line and reason); applying it makes it the price list in force, in one
//! transaction. `partnerdesk catalog import FILE` does both from the command line.

use crate::components::{ErrorBox, Page};
use crate::error::AppError;
use crate::i18n::{tr, use_locale, Key};
use crate::roles::Permission;
pub use domain::price_list::*;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Operator > Price lists.
pub const PRICE_LISTS_PATH: &str = "/operator/price-lists";
/// Where the page's form posts a file (`multipart/form-data`, field `file`): the server keeps
/// it and answers with its preview page.
pub const UPLOAD_PATH: &str = "/operator/price-lists/upload";
/// An upload's preview page (`/operator/price-lists/uploads/<id>`).
pub const UPLOADS_PATH: &str = "/operator/price-lists/uploads";

#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::Caller;
    use crate::error::AppError;
    use crate::roles::Permission;
    use crate::store::price_lists::NewPriceList;
    use crate::store::{Actor, SharedStore};

    /// What reading a file gave: the preview, or why the whole file was refused.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub enum Reading {
        Preview(Preview),
        Refused(FileProblem),
    }

    /// The preview of a file against the price list in force.
    pub async fn preview(store: &SharedStore, caller: &dyn Caller, file: &[u8]) -> Result<Reading, AppError> {
        caller.require(Permission::ManagePriceLists)?;
        preview_as(store, file).await
    }

    /// [`preview`] for the command line.
    pub async fn preview_as(store: &SharedStore, file: &[u8]) -> Result<Reading, AppError> {
        read(store, file).await.map(|(reading, _)| reading)
    }

    /// Applies a file as the price list in force from today (its refused rows are left out);
    /// returns the new list's id with the preview it applied. `source`: the file's name.
    pub async fn apply(store: &SharedStore, caller: &dyn Caller, source: &str, file: &[u8]) -> Result<(Option<i64>, Reading), AppError> {
        caller.require(Permission::ManagePriceLists)?;
        apply_as(store, &caller.actor(), source, file).await
    }

    /// [`apply`] for the command line, which acts as the installation (`actor`).
    pub async fn apply_as(store: &SharedStore, actor: &Actor, source: &str, file: &[u8]) -> Result<(Option<i64>, Reading), AppError> {
        let source: String = source.chars().filter(|c| !c.is_control()).take(200).collect();
        let (reading, parsed) = read(store, file).await?;
        let summary = match &reading {
            Reading::Preview(preview) => Some(format!(
                "added {}, changed {}, removed {}, unchanged {}, refused {}",
                preview.added.len(),
                preview.changed.len(),
                preview.removed.len(),
                preview.unchanged,
                preview.rejected.len()
            )),
            Reading::Refused(_) => None,
        };
        let (Some(summary), Some(parsed)) = (summary, parsed.filter(|p| !p.rows.is_empty())) else {
            return Ok((None, reading));
        };
        let today = crate::format::iso_date(crate::store::now());
        let id = store.apply_price_list(actor, &NewPriceList { source: &source, effective_from: &today, rows: &parsed.rows, summary }).await?;
        Ok((Some(id), reading))
    }

    /// Every price list, newest first.
    pub async fn price_lists(store: &SharedStore, caller: &dyn Caller) -> Result<Vec<PriceListSummary>, AppError> {
        caller.require(Permission::ManagePriceLists)?;
        Ok(store.price_lists().await?)
    }

    /// One page of a price list's prices (`search`: part of a product or SKU id or a name, or
    /// a market's code), the earlier lists as readable as the one in force.
    pub async fn prices(store: &SharedStore, caller: &dyn Caller, list_id: i64, search: &str, page: i64) -> Result<PriceListPage, AppError> {
        caller.require(Permission::ManagePriceLists)?;
        let search: String = search.trim().chars().take(100).collect();
        let page = page.clamp(1, crate::validate::PAGE_MAX);
        let list = store.price_list(list_id).await?.ok_or(AppError::NotFound)?;
        let (prices, total) = store.price_list_prices(list_id, &search, page, PRICES_PER_PAGE).await?;
        Ok(PriceListPage { list, prices, total, page })
    }

    /// Keeps an uploaded file for its preview; returns the upload's id.
    pub async fn keep_upload(store: &SharedStore, caller: &dyn Caller, file_name: &str, content: &[u8]) -> Result<i64, AppError> {
        caller.require(Permission::ManagePriceLists)?;
        if content.len() > MAX_FILE_BYTES {
            return Err(AppError::invalid("file", crate::error::Problem::TooLong { max: MAX_FILE_BYTES }));
        }
        let name: String = file_name.chars().filter(|c| !c.is_control()).take(200).collect();
        Ok(store.keep_price_list_upload(&caller.actor(), &name, content).await?)
    }

    /// An upload's preview against the price list in force.
    pub async fn upload_preview(store: &SharedStore, caller: &dyn Caller, upload_id: i64) -> Result<UploadPreview, AppError> {
        caller.require(Permission::ManagePriceLists)?;
        let (file_name, content) = store.price_list_upload(upload_id).await?.ok_or(AppError::NotFound)?;
        let preview = match preview_as(store, &content).await? {
            Reading::Preview(preview) => Ok(PreviewPage::from(&preview)),
            Reading::Refused(problem) => Err(problem),
        };
        Ok(UploadPreview { upload_id, file_name, preview })
    }

    /// Applies an upload as the price list in force; the upload is then dropped. Returns the
    /// list's id (`None`: nothing could be taken).
    pub async fn apply_upload(store: &SharedStore, caller: &dyn Caller, upload_id: i64) -> Result<Option<i64>, AppError> {
        caller.require(Permission::ManagePriceLists)?;
        let (file_name, content) = store.price_list_upload(upload_id).await?.ok_or(AppError::NotFound)?;
        let (id, _) = apply(store, caller, &file_name, &content).await?;
        if id.is_some() {
            store.drop_price_list_upload(upload_id).await?;
        }
        Ok(id)
    }

    async fn read(store: &SharedStore, file: &[u8]) -> Result<(Reading, Option<ParsedPriceList>), AppError> {
        // Reading a large file takes a while: off the request threads.
        let bytes = file.to_vec();
        let parsed = tokio::task::spawn_blocking(move || parse(&bytes)).await.map_err(|e| {
            tracing::error!(error = %e, "reading a price list failed");
            AppError::Internal
        })?;
        match parsed {
            Err(problem) => Ok((Reading::Refused(problem), None)),
            Ok(parsed) => {
                let in_force = store.prices_in_force().await?;
                Ok((Reading::Preview(Preview::compare(&in_force, &parsed)), Some(parsed)))
            }
        }
    }
}

/// Every price list, newest first (the first is in force).
#[server(endpoint = "price-lists/list")]
pub async fn get_price_lists() -> Result<Vec<PriceListSummary>, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::price_lists(&store()?, &caller().await?).await }.await)
}

/// One page of a price list's prices.
#[server(endpoint = "price-lists/prices")]
pub async fn get_price_list_page(list_id: i64, q: String, page: i64) -> Result<PriceListPage, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::prices(&store()?, &caller().await?, list_id, &q, page).await }.await)
}

/// An upload's preview.
#[server(endpoint = "price-lists/upload/preview")]
pub async fn get_upload_preview(upload_id: i64) -> Result<UploadPreview, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::upload_preview(&store()?, &caller().await?, upload_id).await }.await)
}

/// Apply: the upload becomes the price list in force; back to the list, which says so.
#[server(endpoint = "price-lists/upload/apply")]
pub async fn apply_price_list_upload(upload_id: i64) -> Result<Option<i64>, AppError> {
    use crate::auth::ssr::{caller, redirect, respond, store};
    respond(
        async {
            let applied = service::apply_upload(&store()?, &caller().await?, upload_id).await?;
            if applied.is_some() {
                redirect(&format!("{PRICE_LISTS_PATH}?applied=1"));
            }
            Ok(applied)
        }
        .await,
    )
}

/// Operator > Price lists: upload a file (its preview comes next), and every price list so
/// far, the one in force first. A plain form: no island.
#[component]
pub fn PriceListsPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let notice = query
        .read_untracked()
        .get("applied")
        .map(|_| Key::PriceListApplied)
        .or_else(|| query.read_untracked().get("upload").map(|u| if u == "gone" { Key::UploadGone } else { Key::UploadMissing }));
    let lists = Resource::new(|| (), |_| get_price_lists());
    view! {
        <Page title=Key::NavPriceLists permission=Permission::ManagePriceLists>
            <p class="intro">{tr(Key::PriceListsIntro)}</p>
            {notice.map(|key| view! { <p class="notice" class:success=key == Key::PriceListApplied role="status" id="price-list-notice">{tr(key)}</p> })}
            <form class="form" method="post" action=UPLOAD_PATH enctype="multipart/form-data">
                <label for="price-list-file">{tr(Key::PriceListFile)}</label>
                <input id="price-list-file" name="file" type="file" accept=".csv,text/csv" required />
                <button type="submit" class="primary">{tr(Key::PreviewPriceList)}</button>
            </form>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match lists.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(lists) if lists.is_empty() => view! { <p class="empty">{tr(Key::NoPriceListYet)}</p> }.into_any(),
                        Ok(lists) => view! {
                            <div class="table-scroll">
                            <table class="price-lists">
                                <thead><tr>
                                    <th scope="col">{tr(Key::InForceFrom)}</th>
                                    <th scope="col">{tr(Key::PriceListSource)}</th>
                                    <th scope="col">{tr(Key::PriceListRows)}</th>
                                    <th scope="col">{tr(Key::ImportedBy)}</th>
                                </tr></thead>
                                <tbody>
                                    {lists.into_iter().enumerate().map(|(i, l)| {
                                        let (rows, by) = (l.row_count, l.imported_by.clone());
                                        let href = format!("{PRICE_LISTS_PATH}/{}", l.id);
                                        view! {
                                            <tr>
                                                <th scope="row"><A href=href>{l.effective_from.clone()}</A>
                                                    {(i == 0).then(|| view! { " "<span class="badge">{tr(Key::PriceListInForce)}</span> })}
                                                </th>
                                                <td>{l.source.clone()}</td>
                                                <td>{move || crate::format::number(rows, locale.get())}</td>
                                                <td>{move || by.clone().unwrap_or_else(|| locale.get().t(Key::ImportedByCommand).to_string())}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                        }.into_any(),
                    }
                })}
            </Transition>
        </Page>
    }
}

/// An upload's preview: the counts, the refused rows with their line and reason, the first
/// prices added, changed and removed, and Apply. A plain form: no island.
#[component]
pub fn UploadPreviewPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0);
    let preview = Resource::new(id, get_upload_preview);
    let apply = ServerAction::<ApplyPriceListUpload>::new();
    let refused = apply.value().get_untracked().and_then(|r| r.err());
    view! {
        <Page title=Key::NavPriceLists permission=Permission::ManagePriceLists>
            {refused.clone().map(|e| view! { <ErrorBox error=e /> })}
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let upload = match preview.await {
                        Ok(u) => u,
                        Err(AppError::NotFound) => return view! { <p class="notice" role="alert">{tr(Key::UploadGone)}</p> }.into_any(),
                        Err(e) => return view! { <ErrorBox error=e /> }.into_any(),
                    };
                    let file = upload.file_name.clone();
                    let heading = move || locale.get().fill(Key::PreviewOf, &[("file", &file)]);
                    let body = match upload.preview {
                        Err(problem) => view! { <p class="error" role="alert" id="price-file-refused">{move || problem.message(locale.get())}</p> }.into_any(),
                        Ok(page) => view! { <PreviewView page upload_id=upload.upload_id apply /> }.into_any(),
                    };
                    view! { <h2>{heading}</h2> {body} }.into_any()
                })}
            </Transition>
            <p><A href=PRICE_LISTS_PATH>{tr(Key::UploadAnother)}</A></p>
        </Page>
    }
}

#[component]
fn PreviewView(page: PreviewPage, upload_id: i64, apply: ServerAction<ApplyPriceListUpload>) -> impl IntoView {
    let locale = use_locale();
    let counts = {
        let p = page.clone();
        move || {
            let l = locale.get();
            let n = |v: usize| crate::format::number(v as i64, l);
            l.fill(
                Key::PreviewCounts,
                &[
                    ("rows", &n(p.rows)),
                    ("added", &n(p.added_count)),
                    ("changed", &n(p.changed_count)),
                    ("removed", &n(p.removed_count)),
                    ("unchanged", &n(p.unchanged)),
                    ("rejected", &n(p.rejected_count)),
                ],
            )
        }
    };
    let shown = |total: usize, listed: usize| {
        (total > listed).then(|| view! { <p class="hint">{move || use_locale().get().fill(Key::ShowingFirst, &[("n", &listed.to_string())])}</p> })
    };
    let (rejected_total, rejected_listed) = (page.rejected_count, page.rejected.len());
    let (added_total, added_listed) = (page.added_count, page.added.len());
    let (changed_total, changed_listed) = (page.changed_count, page.changed.len());
    let (removed_total, removed_listed) = (page.removed_count, page.removed.len());
    view! {
        <p class="lead" role="status" id="preview-counts">{counts}</p>
        {(page.rows > 0).then(|| view! {
            <ActionForm action=apply attr:class="form">
                <input type="hidden" name="upload_id" value=upload_id />
                <button type="submit" class="primary">{tr(Key::ApplyPriceList)}</button>
            </ActionForm>
        })}
        {(!page.rejected.is_empty()).then(|| view! {
            <h3>{tr(Key::RefusedRows)}</h3>
            <div class="table-scroll">
            <table class="refused-rows">
                <thead><tr><th scope="col">{tr(Key::LineNumber)}</th><th scope="col">{tr(Key::Reason)}</th></tr></thead>
                <tbody>
                    {page.rejected.clone().into_iter().map(|r| {
                        let problem = r.problem.clone();
                        view! { <tr><th scope="row">{r.line}</th><td>{move || problem.message(locale.get())}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            {shown(rejected_total, rejected_listed)}
        })}
        {(!page.added.is_empty()).then(|| view! {
            <h3>{tr(Key::AddedPrices)}</h3>
            <ul class="price-changes">{page.added.iter().map(|p| view! { <li>{p.summary()}</li> }).collect_view()}</ul>
            {shown(added_total, added_listed)}
        })}
        {(!page.changed.is_empty()).then(|| view! {
            <h3>{tr(Key::ChangedPrices)}</h3>
            <ul class="price-changes">{page.changed.iter().map(|(old, new)| view! { <li>{old.summary()}" → "{new.currency.clone()}" "{new.unit_price.to_string()}</li> }).collect_view()}</ul>
            {shown(changed_total, changed_listed)}
        })}
        {(!page.removed.is_empty()).then(|| view! {
            <h3>{tr(Key::RemovedPrices)}</h3>
            <ul class="price-changes">{page.removed.iter().map(|p| view! { <li>{p.summary()}</li> }).collect_view()}</ul>
            {shown(removed_total, removed_listed)}
        })}
    }
}

/// One price list's prices, paged and searched: earlier lists stay readable. Plain links and a
/// plain search form: no island.
#[component]
pub fn PriceListPricesPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0);
    let text = move || query.read().get("q").unwrap_or_default();
    let page = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    let data = Resource::new(move || (id(), text(), page()), |(id, q, page)| get_price_list_page(id, q, page));
    view! {
        <Page title=Key::NavPriceLists permission=Permission::ManagePriceLists>
            <p><A href=PRICE_LISTS_PATH>{tr(Key::AllPriceLists)}</A></p>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let found = match data.await {
                        Ok(found) => found,
                        Err(e) => return view! { <ErrorBox error=e /> }.into_any(),
                    };
                    let list = found.list.clone();
                    let heading = {
                        let (date, file) = (list.effective_from.clone(), list.source.clone());
                        move || locale.get().fill(Key::PriceListOf, &[("date", &date), ("file", &file)])
                    };
                    let (page, pages, total) = (found.page, found.pages(), found.total);
                    let base = format!("{PRICE_LISTS_PATH}/{}", list.id);
                    let link = {
                        let base = base.clone();
                        move |p: i64| format!("{base}?q={}&page={p}", crate::components::urlencode(&text()))
                    };
                    let (previous, next) = (link(page - 1), link(page + 1));
                    view! {
                        <h2 id="price-list-heading">{heading}</h2>
                        <form class="search" method="get" action=base role="search">
                            <label for="price-search">{tr(Key::PriceSearch)}</label>
                            <input id="price-search" name="q" maxlength="100" value=text() />
                            <button type="submit">{tr(Key::Search)}</button>
                        </form>
                        <p class="result-count" role="status">{move || locale.get().fill(Key::PricesFound, &[("count", &crate::format::number(total, locale.get()))])}</p>
                        <div class="table-scroll">
                        <table class="prices">
                            <thead><tr>
                                <th scope="col">{tr(Key::PriceProduct)}</th>
                                <th scope="col">{tr(Key::PriceTerm)}</th>
                                <th scope="col">{tr(Key::PriceMarket)}</th>
                                <th scope="col">{tr(Key::PriceUnit)}</th>
                                <th scope="col">{tr(Key::PriceErp)}</th>
                                <th scope="col">{tr(Key::PriceValid)}</th>
                            </tr></thead>
                            <tbody>
                                {found.prices.into_iter().map(|p| view! {
                                    <tr>
                                        <th scope="row">{format!("{} {}", p.key.product_id, p.key.sku_id)}</th>
                                        <td>{format!("{} · {}", p.key.term.code(), p.key.billing_plan.code())}</td>
                                        <td>{p.key.market.clone()}</td>
                                        <td>{format!("{} {}", p.currency, p.unit_price)}</td>
                                        <td>{format!("{} {}", p.currency, p.erp_price)}</td>
                                        <td>{format!("{} – {}", p.effective_start, p.effective_end)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                        <crate::components::Pager page=page pages previous next />
                    }.into_any()
                })}
            </Transition>
        </Page>
    }
}
