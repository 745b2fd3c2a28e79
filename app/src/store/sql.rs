//! The SQL both databases share. `sql_store!` expands the [`Store`](super::Store) methods for
//! one concrete sqlx database, so each database gets its own implementation from one text.

macro_rules! sql_store {
    ($store:ident, $db:ty, $backend:expr) => {
        impl $store {
            /// Writes a transaction's audit entries and webhook events (see [`Journal`](crate::store::Journal)).
            async fn write_journal(
                tx: &mut sqlx::Transaction<'_, $db>,
                actor: &Actor,
                journal: Journal,
            ) -> StoreResult<()> {
                if !journal.audit.is_empty() {
                    let now = now();
                    let mut insert = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO audit_log (organisation_id, user_id, action, record_type, record_id, summary, ip, at) ",
                    );
                    insert.push_values(journal.audit, |mut row, entry| {
                        row.push_bind(actor.organisation_id)
                            .push_bind(actor.user_id)
                            .push_bind(entry.action)
                            .push_bind(entry.record_type)
                            .push_bind(entry.record_id)
                            .push_bind(entry.summary)
                            .push_bind(actor.ip.clone())
                            .push_bind(now);
                    });
                    insert.build().execute(&mut **tx).await?;
                }
                Self::enqueue_events(tx, actor.organisation_id, journal.events, None).await?;
                if !journal.emails.is_empty() {
                    let now = now();
                    let mut insert = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO emails (organisation_id, kind, recipient, locale, subject, text_body, html_body, reply_to, created_at, next_attempt_at) ",
                    );
                    insert.push_values(journal.emails, |mut row, (organisation_id, email)| {
                        row.push_bind(organisation_id)
                            .push_bind(email.kind.code())
                            .push_bind(email.to)
                            .push_bind(email.locale.tag())
                            .push_bind(email.subject)
                            .push_bind(email.text)
                            .push_bind(email.html)
                            .push_bind(email.reply_to)
                            .push_bind(now)
                            .push_bind(now);
                    });
                    insert.build().execute(&mut **tx).await?;
                }
                Ok(())
            }

            /// Writes one audit entry inside the caller's transaction.
            async fn write_audit(
                tx: &mut sqlx::Transaction<'_, $db>,
                actor: &Actor,
                entry: AuditEntry,
            ) -> StoreResult<()> {
                Self::write_journal(tx, actor, Journal { audit: vec![entry], ..Default::default() }).await
            }

            /// Uses up an emailed link and sets the password of the user it is for, in the
            /// caller's transaction, ending the user's sessions. The link must be unused, not
            /// expired and the user's newest. `None` when it does not work. The link is used up
            /// first: the write takes SQLite's writer lock, and on PostgreSQL the row lock makes
            /// a second use of the same link wait, then find it used.
            async fn use_link_for_password(
                tx: &mut sqlx::Transaction<'_, $db>,
                link: EmailedLink,
                token_hash: &str,
                now: i64,
                hash: &PasswordHash,
            ) -> StoreResult<Option<UserRecord>> {
                let (table, used) = link.table();
                let found: Option<(i64,)> = sqlx::query_as(&format!(
                    "UPDATE {table} SET {used} = $1 WHERE token_hash = $2 AND {used} IS NULL AND expires_at > $1 \
                     AND id = (SELECT MAX(n.id) FROM {table} n WHERE n.user_id = {table}.user_id) RETURNING user_id"
                ))
                .bind(now)
                .bind(token_hash)
                .fetch_optional(&mut **tx)
                .await?;
                let Some((user_id,)) = found else {
                    return Ok(None);
                };
                let joins = matches!(link, EmailedLink::Invitation);
                let row: Option<UserRow> = sqlx::query_as(&format!(
                    "UPDATE users SET password_hash = $1, must_change_password = FALSE, invitation_pending = FALSE, \
                     session_generation = session_generation + 1 \
                     WHERE id = $2 AND active = TRUE AND invitation_pending = $3 RETURNING {USER_COLUMNS}"
                ))
                .bind(&hash.0)
                .bind(user_id)
                .bind(joins)
                .fetch_optional(&mut **tx)
                .await?;
                Ok(row.map(Into::into))
            }

            async fn offer_lines(&self, offer_id: i64) -> StoreResult<Vec<domain::offers::OfferLine>> {
                #[derive(sqlx::FromRow)]
                struct Row {
                    #[sqlx(flatten)]
                    line: domain::offers::OfferLine,
                    #[sqlx(flatten)]
                    price: crate::store::price_lists::StoredLinePrice,
                }
                let rows: Vec<Row> = sqlx::query_as(&format!(
                    "SELECT l.subscription_id, s.name, l.license_count, {} FROM offer_lines l \
                     JOIN catalog_subscriptions s ON s.id = l.subscription_id WHERE l.offer_id = $1 ORDER BY s.sort_order",
                    crate::store::price_lists::LINE_PRICE_COLUMNS
                ))
                .bind(offer_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(|row| domain::offers::OfferLine { price: row.price.price(), ..row.line }).collect())
            }

            /// Finishes a change to one existing record: refuses when it matched nothing (another
            /// organisation's record, or none), writes the audit entry, commits.
            async fn audit_and_commit(
                mut tx: sqlx::Transaction<'_, $db>,
                rows_affected: u64,
                actor: &Actor,
                entry: AuditEntry,
            ) -> StoreResult<()> {
                if rows_affected == 0 {
                    return Err(StoreError::NotFound);
                }
                Self::write_audit(&mut tx, actor, entry).await?;
                tx.commit().await.map_err(StoreError::from)
            }

            /// Inserts an organisation in `tx` (the caller writes the audit entry).
            async fn insert_organisation(
                tx: &mut sqlx::Transaction<'_, $db>,
                org: &NewOrganisation,
            ) -> StoreResult<i64> {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO organisations (name, mpn_id, country, is_advisor, is_indirect_provider, \
                     is_indirect_reseller, dap_certified, advisor_code, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                )
                .bind(&org.name)
                .bind(&org.mpn_id)
                .bind(&org.country)
                .bind(org.programs.advisor)
                .bind(org.programs.indirect_provider)
                .bind(org.programs.indirect_reseller)
                .bind(org.dap_certified)
                .bind(org.advisor_code.clone())
                .bind(now())
                .fetch_one(&mut **tx)
                .await?;
                Ok(id)
            }

            /// Inserts a user of `organisation_id` in `tx` (the caller writes the audit entry).
            async fn insert_user(
                tx: &mut sqlx::Transaction<'_, $db>,
                organisation_id: i64,
                user: &NewUser,
            ) -> StoreResult<i64> {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO users (organisation_id, email, name, password_hash, roles, active, created_at, must_change_password) \
                     VALUES ($1, $2, $3, $4, $5, TRUE, $6, $7) RETURNING id",
                )
                .bind(organisation_id)
                .bind(user.email.to_lowercase())
                .bind(&user.name)
                .bind(&user.password_hash.0)
                .bind(domain::roles::Role::join(&user.roles))
                .bind(now())
                .bind(user.must_change_password)
                .fetch_one(&mut **tx)
                .await?;
                Ok(id)
            }

            /// The catalog translations a query selects, as (subscription_id, language,
            /// description) rows (with `$1` bound to `bind`, when given), by subscription.
            async fn catalog_translations<B>(
                &self,
                sql: &str,
                bind: Option<B>,
            ) -> StoreResult<std::collections::HashMap<String, domain::catalog::Translations>>
            where
                B: for<'q> sqlx::Encode<'q, $db> + sqlx::Type<$db> + Send,
            {
                let mut query = sqlx::query_as::<_, (String, String, String)>(sql);
                if let Some(value) = bind {
                    query = query.bind(value);
                }
                let rows = query
                    .fetch_all(&self.pool)
                    .await?;
                let mut by_subscription: std::collections::HashMap<String, domain::catalog::Translations> =
                    std::collections::HashMap::new();
                for (subscription_id, language, description) in rows {
                    by_subscription.entry(subscription_id).or_default().insert(&language, &description);
                }
                Ok(by_subscription)
            }

            /// Begins a transaction as a write ([`BEGIN_WRITE`](Self::BEGIN_WRITE)): on SQLite a
            /// transaction that reads first and writes later fails with "database is locked"
            /// when another connection wrote in between (the busy timeout does not apply to
            /// that case), so every transaction takes the write lock when it starts, waiting
            /// for it up to the busy timeout. A lock not granted in that time is asked for
            /// again, a bounded number of times, before the request gives up.
            async fn begin(&self) -> StoreResult<sqlx::Transaction<'static, $db>> {
                let mut attempt = 0;
                loop {
                    match self.pool.begin_with(Self::BEGIN_WRITE).await {
                        Ok(tx) => return Ok(tx),
                        Err(e) if attempt < BUSY_RETRIES && is_busy(&e) => {
                            attempt += 1;
                            tracing::warn!(attempt, "database busy; asking for the write lock again");
                            tokio::time::sleep(std::time::Duration::from_millis(50 * attempt as u64)).await;
                        }
                        Err(e) => return Err(StoreError::from(e)),
                    }
                }
            }
        }

        #[async_trait::async_trait]
        impl Store for $store {
            fn backend(&self) -> Backend {
                $backend
            }

            async fn migrate(&self) -> StoreResult<()> {
                self.run_migrations().await
            }

            async fn ping(&self) -> StoreResult<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn backup_to(&self, file: &std::path::Path) -> StoreResult<()> {
                self.write_backup(file).await
            }

            fn session_store(&self) -> SessionBackend {
                self.sessions()
            }

            async fn create_organisation(
                &self,
                actor: Option<&Actor>,
                org: &NewOrganisation,
            ) -> StoreResult<i64> {
                let mut tx = self.begin().await?;
                let id = Self::insert_organisation(&mut tx, org).await?;
                let own = Actor { user_id: None, organisation_id: id, ip: None };
                Self::write_audit(
                    &mut tx,
                    actor.unwrap_or(&own),
                    AuditEntry {
                        action: "organisation.create",
                        record_type: "organisation",
                        record_id: id.to_string(),
                        summary: format!("{} (MPN ID {}, {})", org.name, org.mpn_id, org.country),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn organisation(&self, id: i64) -> StoreResult<Option<OrganisationRow>> {
                sqlx::query_as(
                    "SELECT id, name, mpn_id, country, is_advisor, is_indirect_provider, is_indirect_reseller, \
                     dap_certified, advisor_code, suspended_at, require_mfa FROM organisations WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(StoreError::from)
            }

            async fn organisation_by_mpn_id(&self, mpn_id: &str) -> StoreResult<Option<OrganisationRow>> {
                sqlx::query_as(
                    "SELECT id, name, mpn_id, country, is_advisor, is_indirect_provider, is_indirect_reseller, \
                     dap_certified, advisor_code, suspended_at, require_mfa FROM organisations WHERE mpn_id = $1",
                )
                .bind(mpn_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(StoreError::from)
            }

            async fn organisation_count(&self) -> StoreResult<i64> {
                let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM organisations")
                    .fetch_one(&self.pool)
                    .await?;
                Ok(count)
            }

            async fn create_user(
                &self,
                actor: Option<&Actor>,
                user: &NewUser,
            ) -> StoreResult<i64> {
                let mut tx = self.begin().await?;
                let id = Self::insert_user(&mut tx, user.organisation_id, user).await?;
                let own = Actor { user_id: None, organisation_id: user.organisation_id, ip: None };
                Self::write_audit(
                    &mut tx,
                    actor.unwrap_or(&own),
                    AuditEntry {
                        action: "user.create",
                        record_type: "user",
                        record_id: id.to_string(),
                        summary: format!("{} <{}> roles {}", user.name, user.email, domain::roles::Role::join(&user.roles)),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>> {
                let row: Option<UserRow> = sqlx::query_as(&format!(
                    "SELECT {} FROM users WHERE email = $1",
                    USER_COLUMNS
                ))
                .bind(email.trim().to_lowercase())
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(Into::into))
            }

            async fn user_by_id(&self, id: i64) -> StoreResult<Option<UserRecord>> {
                let row: Option<UserRow> = sqlx::query_as(&format!(
                    "SELECT {} FROM users WHERE id = $1",
                    USER_COLUMNS
                ))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(Into::into))
            }

            async fn record_sign_in_attempt(
                &self,
                email: &str,
                address: &str,
                at: i64,
                window_start: i64,
            ) -> StoreResult<SignInAttempts> {
                let email = email.trim().to_lowercase();
                // Old attempts go first: the table never holds more than one window of them.
                sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
                    .bind(window_start)
                    .execute(&self.pool)
                    .await?;
                // Written (and committed) before the count below is read: see the trait's doc.
                sqlx::query("INSERT INTO sign_in_failures (email, address, at) VALUES ($1, $2, $3)")
                    .bind(&email)
                    .bind(address)
                    .bind(at)
                    .execute(&self.pool)
                    .await?;
                let (for_account, from_address): (i64, i64) = sqlx::query_as(
                    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN address = $2 THEN 1 ELSE 0 END), 0) \
                     FROM sign_in_failures WHERE email = $1 AND at >= $3",
                )
                .bind(&email)
                .bind(address)
                .bind(window_start)
                .fetch_one(&self.pool)
                .await?;
                Ok(SignInAttempts { from_address, for_account })
            }

            async fn count_public_request(&self, bucket: &str, subject: &str, window_start: i64) -> StoreResult<i64> {
                let (count,): (i64,) = sqlx::query_as(
                    "INSERT INTO public_rate_windows (bucket, subject, window_start, requests) VALUES ($1, $2, $3, 1) \
                     ON CONFLICT (bucket, subject, window_start) DO UPDATE SET requests = public_rate_windows.requests + 1 \
                     RETURNING requests",
                )
                .bind(bucket)
                .bind(subject)
                .bind(window_start)
                .fetch_one(&self.pool)
                .await?;
                Ok(count)
            }

            async fn clear_sign_in_attempts(&self, email: &str, address: &str) -> StoreResult<()> {
                sqlx::query("DELETE FROM sign_in_failures WHERE email = $1 AND address = $2")
                    .bind(email.trim().to_lowercase())
                    .bind(address)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn offices(&self, organisation_id: i64) -> StoreResult<Vec<domain::offices::Office>> {
                sqlx::query_as(
                    "SELECT id, name, address_line1, city, country FROM offices \
                     WHERE organisation_id = $1 ORDER BY name, id",
                )
                .bind(organisation_id)
                .fetch_all(&self.pool)
                .await
                .map_err(StoreError::from)
            }

            async fn add_office(
                &self,
                actor: &Actor,
                office: &NewOffice,
            ) -> StoreResult<domain::offices::Office> {
                let mut tx = self.begin().await?;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO offices (organisation_id, name, address_line1, city, country, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(actor.organisation_id)
                .bind(&office.name)
                .bind(&office.address_line1)
                .bind(&office.city)
                .bind(&office.country)
                .bind(now())
                .fetch_one(&mut *tx)
                .await?;
                Self::write_audit(
                    &mut tx,
                    actor,
                    AuditEntry {
                        action: "office.create",
                        record_type: "office",
                        record_id: id.to_string(),
                        summary: format!("{}, {}, {} {}", office.name, office.address_line1, office.city, office.country),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(domain::offices::Office {
                    id,
                    name: office.name.clone(),
                    address_line1: office.address_line1.clone(),
                    city: office.city.clone(),
                    country: office.country.clone(),
                })
            }

            async fn put_catalog_subscription(
                &self,
                subscription: &domain::catalog::CatalogSubscription,
                sort_order: i64,
                countries: &[&str],
            ) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                sqlx::query(
                    "INSERT INTO catalog_subscriptions (id, name, description, min_licenses, max_licenses, sort_order, product_id, sku_id) \
                     VALUES ($1, $2, $3, $4, $5, $6, $1, '0001') \
                     ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, \
                     min_licenses = excluded.min_licenses, max_licenses = excluded.max_licenses, sort_order = excluded.sort_order",
                )
                .bind(&subscription.id)
                .bind(&subscription.name)
                .bind(&subscription.description)
                .bind(subscription.min_licenses)
                .bind(subscription.max_licenses)
                .bind(sort_order)
                .execute(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM catalog_availability WHERE subscription_id = $1")
                    .bind(&subscription.id)
                    .execute(&mut *tx)
                    .await?;
                for country in countries {
                    sqlx::query("INSERT INTO catalog_availability (subscription_id, country) VALUES ($1, $2)")
                        .bind(&subscription.id)
                        .bind(*country)
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query("DELETE FROM catalog_translations WHERE subscription_id = $1")
                    .bind(&subscription.id)
                    .execute(&mut *tx)
                    .await?;
                for (language, description) in &subscription.translations.0 {
                    sqlx::query("INSERT INTO catalog_translations (subscription_id, language, description) VALUES ($1, $2, $3)")
                        .bind(&subscription.id)
                        .bind(language)
                        .bind(description)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                self.catalog.clear();
                Ok(())
            }

            async fn catalog_for_country(
                &self,
                country: &str,
            ) -> StoreResult<Vec<domain::catalog::CatalogSubscription>> {
                if let Some(kept) = self.catalog.get(country) {
                    return Ok(kept);
                }
                let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
                    "SELECT s.id, s.name, s.description, s.min_licenses, s.max_licenses \
                     FROM catalog_subscriptions s JOIN catalog_availability a ON a.subscription_id = s.id \
                     WHERE a.country = $1 ORDER BY s.sort_order, s.name",
                )
                .bind(country)
                .fetch_all(&self.pool)
                .await?;
                let mut subscriptions: Vec<domain::catalog::CatalogSubscription> = rows
                    .into_iter()
                    .map(|(id, name, description, min, max)| domain::catalog::CatalogSubscription::new(id, name, description, min, max))
                    .collect();
                let mut translations = self
                    .catalog_translations(
                        "SELECT t.subscription_id, t.language, t.description FROM catalog_translations t \
                         JOIN catalog_availability a ON a.subscription_id = t.subscription_id WHERE a.country = $1",
                        Some(country.to_string()),
                    )
                    .await?;
                for subscription in &mut subscriptions {
                    subscription.translations = translations.remove(&subscription.id).unwrap_or_default();
                }
                let offerings = crate::store::PriceListStore::offerings_in_force(self, Some(country)).await?;
                let position: std::collections::HashMap<String, usize> =
                    subscriptions.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
                for (subscription_id, _, offering) in offerings {
                    if let Some(&i) = position.get(&subscription_id) {
                        subscriptions[i].offerings.push(offering);
                    }
                }
                self.catalog.put(country, &subscriptions);
                Ok(subscriptions)
            }

            async fn catalog_everywhere(&self) -> StoreResult<Vec<domain::catalog::CatalogEntry>> {
                let rows: Vec<(String, String, String, i64, i64, String)> = sqlx::query_as(
                    "SELECT s.id, s.name, s.description, s.min_licenses, s.max_licenses, a.country \
                     FROM catalog_subscriptions s JOIN catalog_availability a ON a.subscription_id = s.id \
                     ORDER BY s.sort_order, s.name, a.country",
                )
                .fetch_all(&self.pool)
                .await?;
                let mut entries: Vec<domain::catalog::CatalogEntry> = Vec::new();
                for (id, name, description, min_licenses, max_licenses, country) in rows {
                    match entries.last_mut() {
                        Some(last) if last.subscription.id == id => last.countries.push(country),
                        _ => entries.push(domain::catalog::CatalogEntry {
                            subscription: domain::catalog::CatalogSubscription::new(id, name, description, min_licenses, max_licenses),
                            countries: vec![country],
                            prices: Vec::new(),
                        }),
                    }
                }
                let mut translations = self
                    .catalog_translations(
                        "SELECT subscription_id, language, description FROM catalog_translations",
                        None::<String>,
                    )
                    .await?;
                for entry in &mut entries {
                    entry.subscription.translations = translations.remove(&entry.subscription.id).unwrap_or_default();
                }
                let offerings = crate::store::PriceListStore::offerings_in_force(self, None).await?;
                let position: std::collections::HashMap<String, usize> =
                    entries.iter().enumerate().map(|(i, e)| (e.subscription.id.clone(), i)).collect();
                for (subscription_id, market, offering) in offerings {
                    if let Some(&i) = position.get(&subscription_id) {
                        entries[i].prices.push((market, offering));
                    }
                }
                Ok(entries)
            }

            async fn gdap_name_taken(&self, organisation_id: i64, name: &str) -> StoreResult<bool> {
                let (count,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM offers WHERE organisation_id = $1 AND LOWER(gdap_name) = LOWER($2)",
                )
                .bind(organisation_id)
                .bind(name)
                .fetch_one(&self.pool)
                .await?;
                Ok(count > 0)
            }

            async fn offer_for_key(
                &self,
                organisation_id: i64,
                idempotency_key: &str,
            ) -> StoreResult<Option<String>> {
                let found: Option<(String,)> =
                    sqlx::query_as("SELECT summary_id FROM offers WHERE organisation_id = $1 AND idempotency_key = $2")
                        .bind(organisation_id)
                        .bind(idempotency_key)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(found.map(|f| f.0))
            }

            async fn create_offer(
                &self,
                actor: &Actor,
                offer: &domain::offers::ValidOffer,
            ) -> StoreResult<String> {
                // A key used before answers with its offer: the unique constraint on the key
                // decides (no look-up first, which a concurrent retry could pass as well).
                let key = if offer.idempotency_key.is_empty() { None } else { Some(offer.idempotency_key.clone()) };
                let mut attempt = 0;
                loop {
                    attempt += 1;
                    let summary_id = domain::offers::codes::new_summary_id();
                    let token = domain::offers::codes::new_access_token();
                    let mut tx = self.begin().await?;
                    let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
                        "INSERT INTO offers (organisation_id, advisor_user_id, office_id, summary_id, access_token, \
                         usage_location, delegated_admin, gdap_name, gdap_roles, gdap_duration_days, idempotency_key, created_at, trial_days) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
                    )
                    .bind(actor.organisation_id)
                    .bind(actor.user_id)
                    .bind(offer.office_id)
                    .bind(&summary_id)
                    .bind(&token)
                    .bind(&offer.usage_location)
                    .bind(offer.gdap.is_some())
                    .bind(offer.gdap.as_ref().map(|g| g.name.clone()))
                    .bind(offer.gdap.as_ref().map(|g| g.roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")))
                    .bind(offer.gdap.as_ref().map(|g| i64::from(g.duration_days)))
                    .bind(key.clone())
                    .bind(now())
                    .bind(offer.trial_days.map(i64::from))
                    .fetch_one(&mut *tx)
                    .await;
                    let id = match inserted.map_err(StoreError::from) {
                        Ok((id,)) => id,
                        Err(StoreError::Unique(constraint)) => {
                            drop(tx);
                            // A new summary ID or token that happens to be taken: draw again.
                            // (The same offer sent twice is told apart by the service.)
                            if attempt < 5 && (constraint.contains("summary_id") || constraint.contains("access_token")) {
                                continue;
                            }
                            return Err(StoreError::Unique(constraint));
                        }
                        Err(other) => return Err(other),
                    };
                    // Every line in one statement (an offer has at least one: the rules say so).
                    if !offer.lines.is_empty() {
                        let mut lines = sqlx::QueryBuilder::<$db>::new(
                            "INSERT INTO offer_lines (offer_id, subscription_id, license_count, term, billing_plan, currency, unit_price, price_list_id, list_price) ",
                        );
                        lines.push_values(&offer.lines, |mut row, line| {
                            let price = crate::store::price_lists::line_price_columns(line.price.as_ref());
                            row.push_bind(id)
                                .push_bind(line.subscription_id.clone())
                                .push_bind(i64::from(line.license_count))
                                .push_bind(price.term)
                                .push_bind(price.billing_plan)
                                .push_bind(price.currency)
                                .push_bind(price.unit_price)
                                .push_bind(price.price_list_id)
                                .push_bind(price.list_price);
                        });
                        lines.build().execute(&mut *tx).await?;
                    }
                    let lines: Vec<String> = offer
                        .lines
                        .iter()
                        .map(|l| match &l.price {
                            Some(p) => {
                                let list = p.list_price.map(|list| format!(" (price list {list})")).unwrap_or_default();
                                format!("{} x{} {} {} {}{list}", l.subscription_id, l.license_count, p.plan.code(), p.currency, p.unit_price)
                            }
                            None => format!("{} x{}", l.subscription_id, l.license_count),
                        })
                        .collect();
                    // A new version: the earlier offer's link shows this one from now on. Only
                    // an offer of the same organisation not replaced already (by a concurrent
                    // new version, say) can be replaced.
                    if let Some(earlier) = &offer.replaces {
                        let replaced = sqlx::query(
                            "UPDATE offers SET superseded_by = $1 WHERE organisation_id = $2 AND summary_id = $3 AND superseded_by IS NULL AND id <> $1",
                        )
                        .bind(id)
                        .bind(actor.organisation_id)
                        .bind(earlier)
                        .execute(&mut *tx)
                        .await?;
                        if replaced.rows_affected() != 1 {
                            // Not the organisation's offer, or replaced a moment ago by another version.
                            let found: Option<(Option<i64>,)> =
                                sqlx::query_as("SELECT superseded_by FROM offers WHERE organisation_id = $1 AND summary_id = $2")
                                    .bind(actor.organisation_id)
                                    .bind(earlier)
                                    .fetch_optional(&mut *tx)
                                    .await?;
                            tx.rollback().await?;
                            return Err(match found {
                                Some((Some(_),)) => StoreError::Refused(domain::error::Refusal::OfferReplacedAlready),
                                _ => StoreError::NotFound,
                            });
                        }
                        Self::write_audit(
                            &mut tx,
                            actor,
                            AuditEntry {
                                action: "offer.supersede",
                                record_type: "offer",
                                record_id: earlier.clone(),
                                summary: format!("replaced by the new version {summary_id}"),
                            },
                        )
                        .await?;
                    }
                    Self::write_audit(
                        &mut tx,
                        actor,
                        AuditEntry {
                            action: "offer.create",
                            record_type: "offer",
                            record_id: summary_id.clone(),
                            summary: format!(
                                "{}usage location {}; {}; delegated administration {}",
                                offer.trial_days.map(|d| format!("trial invitation of {d} days; ")).unwrap_or_default(),
                                offer.usage_location,
                                lines.join(", "),
                                offer.gdap.as_ref().map(|g| g.name.as_str()).unwrap_or("not offered")
                            ),
                        },
                    )
                    .await?;
                    tx.commit().await?;
                    return Ok(summary_id);
                }
            }

            async fn offers_page(
                &self,
                organisation_id: i64,
                search: &str,
                sort: domain::offers::OfferSort,
                page: i64,
                per_page: i64,
            ) -> StoreResult<(Vec<domain::offers::OfferRow>, i64)> {
                let typed = search.trim().to_uppercase();
                // A complete summary ID (what people copy or read aloud) is found through the
                // unique index; a fragment is searched anywhere in the ID.
                let (pattern, matches) = if domain::offers::codes::is_summary_id(&typed) {
                    (typed, "o.summary_id = $2")
                } else {
                    (format!("%{}%", typed.replace('%', "").replace('_', "")), "o.summary_id LIKE $2")
                };
                let (total,): (i64,) = sqlx::query_as(&format!(
                    "SELECT COUNT(*) FROM offers o WHERE o.organisation_id = $1 AND {matches}"
                ))
                .bind(organisation_id)
                .bind(&pattern)
                .fetch_one(&self.pool)
                .await?;
                let rows: Vec<OfferDbRow> = sqlx::query_as(&format!(
                    "SELECT o.id, o.summary_id, o.created_at, o.office_id, f.name AS office_name, o.usage_location, o.status, o.expires_at, o.views, o.acceptances, \
                     o.trial_days, (SELECT n.summary_id FROM offers n WHERE n.id = o.superseded_by) AS superseded_by, \
                     (SELECT e.summary_id FROM offers e WHERE e.superseded_by = o.id) AS replaces \
                     FROM offers o JOIN offices f ON f.id = o.office_id \
                     WHERE o.organisation_id = $1 AND {matches} \
                     ORDER BY {} LIMIT $3 OFFSET $4",
                    offer_order_by(sort)
                ))
                .bind(organisation_id)
                .bind(&pattern)
                .bind(per_page)
                .bind((page.max(1) - 1) * per_page)
                .fetch_all(&self.pool)
                .await?;
                let mut out = Vec::with_capacity(rows.len());
                for row in rows {
                    let lines = self.offer_lines(row.id).await?;
                    out.push(row.into_row(lines));
                }
                Ok((out, total))
            }

            async fn offer_detail(
                &self,
                organisation_id: i64,
                summary_id: &str,
            ) -> StoreResult<Option<domain::offers::OfferDetail>> {
                let row: Option<OfferDbRow> = sqlx::query_as(
                    "SELECT o.id, o.summary_id, o.created_at, o.office_id, f.name AS office_name, o.usage_location, o.status, o.expires_at, o.views, o.acceptances, \
                     o.trial_days, (SELECT n.summary_id FROM offers n WHERE n.id = o.superseded_by) AS superseded_by, \
                     (SELECT e.summary_id FROM offers e WHERE e.superseded_by = o.id) AS replaces \
                     FROM offers o JOIN offices f ON f.id = o.office_id \
                     WHERE o.organisation_id = $1 AND o.summary_id = $2",
                )
                .bind(organisation_id)
                .bind(summary_id.to_uppercase())
                .fetch_optional(&self.pool)
                .await?;
                let Some(row) = row else { return Ok(None) };
                #[allow(clippy::type_complexity)]
                let (token, code, company, delegated_admin, gdap_name, gdap_roles, gdap_days, introduction, closing, contact, logos): (
                    String, Option<String>, String, bool, Option<String>, Option<String>, Option<i64>, String, String, String, i64,
                ) = sqlx::query_as(
                    "SELECT o.access_token, g.advisor_code, g.name, o.delegated_admin, o.gdap_name, o.gdap_roles, \
                     o.gdap_duration_days, o.introduction, o.closing, o.contact, \
                     (SELECT COUNT(*) FROM offer_logos l WHERE l.offer_id = o.id) \
                     FROM offers o JOIN organisations g ON g.id = o.organisation_id WHERE o.id = $1",
                )
                .bind(row.id)
                .fetch_one(&self.pool)
                .await?;
                let lines = self.offer_lines(row.id).await?;
                let gdap = client_offers::gdap_from_columns(gdap_name, gdap_roles, gdap_days);
                let acceptances = client_offers::ClientOfferStore::offer_acceptances(self, row.id).await?;
                let replies = offer_replies::OfferReplyStore::offer_replies(self, row.id).await?;
                let expires_at = row.expires_at;
                Ok(Some(domain::offers::OfferDetail {
                    row: row.into_row(lines),
                    url_path: format!("/offer/{}/{}", code.unwrap_or_else(|| "advisor".into()), token),
                    advisor_company: company,
                    delegated_admin,
                    gdap,
                    introduction,
                    closing,
                    contact,
                    has_logo: logos > 0,
                    expires_at,
                    acceptances,
                    replies,
                    url: String::new(),
                    embed_snippet: String::new(),
                }))
            }

            async fn active_trials(&self, organisation_id: i64) -> StoreResult<Vec<domain::offers::ActiveTrial>> {
                Ok(sqlx::query_as(
                    "SELECT cu.id AS customer_id, cu.company_name, c.name AS subscription, s.license_count, s.ends_at, o.summary_id AS invitation \
                     FROM customer_subscriptions s JOIN customers cu ON cu.id = s.customer_id \
                     JOIN catalog_subscriptions c ON c.id = s.subscription_id LEFT JOIN offers o ON o.id = s.offer_id \
                     WHERE s.partner_id = $1 AND s.trial AND s.status = 'active' ORDER BY s.ends_at, s.id LIMIT $2",
                )
                .bind(organisation_id)
                .bind(domain::offers::ACTIVE_TRIALS_MAX)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn update_offer_message(
                &self,
                actor: &Actor,
                summary_id: &str,
                introduction: &str,
                closing: &str,
                contact: &str,
            ) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let before: Option<(String, String, String)> = sqlx::query_as(
                    "SELECT introduction, closing, contact FROM offers WHERE organisation_id = $1 AND summary_id = $2",
                )
                .bind(actor.organisation_id)
                .bind(summary_id.to_uppercase())
                .fetch_optional(&mut *tx)
                .await?;
                let sizes = |a: &str, b: &str, c: &str| format!("{} + {} + {}", a.chars().count(), b.chars().count(), c.chars().count());
                let before = before.map(|(a, b, c)| sizes(&a, &b, &c)).unwrap_or_default();
                let done = sqlx::query(
                    "UPDATE offers SET introduction = $1, closing = $2, contact = $3 \
                     WHERE organisation_id = $4 AND summary_id = $5",
                )
                .bind(introduction)
                .bind(closing)
                .bind(contact)
                .bind(actor.organisation_id)
                .bind(summary_id.to_uppercase())
                .execute(&mut *tx)
                .await?;
                Self::audit_and_commit(tx, done.rows_affected(), actor, AuditEntry {
                    action: "offer.message",
                    record_type: "offer",
                    record_id: summary_id.to_uppercase(),
                    summary: format!(
                        "message (introduction + closing + contact, characters) {before} -> {}",
                        sizes(introduction, closing, contact)
                    ),
                })
                .await
            }

            async fn withdraw_offer(&self, actor: &Actor, summary_id: &str) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let done = sqlx::query(
                    "UPDATE offers SET status = 'withdrawn' WHERE organisation_id = $1 AND summary_id = $2 AND status = 'active'",
                )
                .bind(actor.organisation_id)
                .bind(summary_id.to_uppercase())
                .execute(&mut *tx)
                .await?;
                Self::audit_and_commit(tx, done.rows_affected(), actor, AuditEntry {
                    action: "offer.withdraw",
                    record_type: "offer",
                    record_id: summary_id.to_uppercase(),
                    summary: "status active -> withdrawn".to_string(),
                })
                .await
            }

            async fn audit_log(&self, organisation_id: i64, limit: i64) -> StoreResult<Vec<AuditRow>> {
                sqlx::query_as(
                    "SELECT id, organisation_id, user_id, action, record_type, record_id, summary, ip, at \
                     FROM audit_log WHERE organisation_id = $1 ORDER BY id DESC LIMIT $2",
                )
                .bind(organisation_id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(StoreError::from)
            }
        }
    };
}

pub(crate) use sql_store;
