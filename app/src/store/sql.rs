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
                Ok(tx.commit().await?)
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

        }
    };
}

pub(crate) use sql_store;
