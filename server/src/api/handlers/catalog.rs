//! `GET /catalog`: the subscriptions sold in a country.

use super::*;

/// The subscriptions sold in a country or region.
#[utoipa::path(get, path = "/catalog", tag = "Catalog", params(CatalogQuery),
    responses((status = 200, description = "The catalog, in catalog order", body = CatalogList)))]
pub async fn catalog(State(state): State<AppState>, principal: Principal, ApiQuery(query): ApiQuery<CatalogQuery>) -> ApiResult<Json<CatalogList>> {
    let items = app::offers::service::catalog(&state.store, &principal, &query.country, "country").await?;
    Ok(Json(CatalogList {
        data: items
            .into_iter()
            .map(|s| CatalogItem {
                descriptions: app::i18n::Locale::ALL.into_iter().map(|l| (l.tag().to_string(), s.description_in(l).to_string())).collect(),
                id: s.id,
                name: s.name,
                description: s.description,
                min_licenses: s.min_licenses,
                max_licenses: s.max_licenses,
                trial: s.trial,
                product_id: s.product_id,
                offerings: s.offerings.into_iter().map(Offering::from).collect(),
            })
            .collect(),
    }))
}
