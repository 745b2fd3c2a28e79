//! The counts behind the limits every server shares: sign-in attempts per account and address,
//! and requests per client to the public endpoints, kept in the database.

use super::{SignInAttempts, StoreResult};
use async_trait::async_trait;

#[async_trait]
pub trait LimitStore: Send + Sync {
    /// Records one sign-in attempt for `email` from `address` (before the password is checked),
    /// prunes attempts older than `window_start`, and returns the attempts within the window,
    /// this one included. The row is committed before the count is read, so of N parallel
    /// attempts the k-th to be written counts at least k: no more than the limit pass a check.
    async fn record_sign_in_attempt(&self, email: &str, address: &str, at: i64, window_start: i64) -> StoreResult<SignInAttempts>;
    /// Forgets the attempts of `email` from `address` (after a successful sign-in there); the
    /// attempts from other addresses stay, for the account-wide count.
    async fn clear_sign_in_attempts(&self, email: &str, address: &str) -> StoreResult<()>;
    /// Counts one request of `subject` (a client address) to a public endpoint group in the
    /// minute starting at `window_start`, and returns the count so far (every server shares it).
    async fn count_public_request(&self, bucket: &str, subject: &str, window_start: i64) -> StoreResult<i64>;
}

macro_rules! limit_sql {
    ($store:ident, $db:ty) => {
        #[async_trait::async_trait]
        impl limits::LimitStore for $store {
            async fn record_sign_in_attempt(&self, email: &str, address: &str, at: i64, window_start: i64) -> StoreResult<SignInAttempts> {
                let email = email.trim().to_lowercase();
                // Old attempts go first: the table never holds more than one window of them.
                sqlx::query("DELETE FROM sign_in_failures WHERE at < $1").bind(window_start).execute(&self.pool).await?;
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

            async fn clear_sign_in_attempts(&self, email: &str, address: &str) -> StoreResult<()> {
                sqlx::query("DELETE FROM sign_in_failures WHERE email = $1 AND address = $2")
                    .bind(email.trim().to_lowercase())
                    .bind(address)
                    .execute(&self.pool)
                    .await?;
                Ok(())
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
        }
    };
}

pub(crate) use limit_sql;
