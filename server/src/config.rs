//! Typed configuration from flags and environment variables (`partnerdesk --help`).

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// PartnerDesk: the self-hostable partner portal for cloud resellers.
#[derive(Parser, Clone)]
#[command(version, about)]
pub struct Cli {
    /// Database to use: `sqlite:PATH` (created on first run) or `postgres://USER@HOST/DB`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite:data/partnerdesk.db")]
    pub database_url: String,

    /// Address to listen on. Defaults to `site-addr` in the Leptos configuration (127.0.0.1:3000).
    #[arg(long, env = "PARTNERDESK_LISTEN")]
    pub listen: Option<SocketAddr>,

    /// The address people use to reach this server, e.g. `https://partners.example.com`.
    /// Used in links PartnerDesk generates; `https://` also marks session cookies Secure.
    #[arg(long, env = "PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Requests one client address may make a minute to each public endpoint (sign-in, a
    /// client's offer acceptance, partnership links; the domain check gets five times as many).
    /// Counted in the database, so every server shares the count.
    #[arg(long, env = "PARTNERDESK_PUBLIC_RATE_LIMIT", default_value_t = 120)]
    pub public_rate_limit: i64,

    /// Behind a load balancer: take the client's address from the last `X-Forwarded-For`
    /// entry (the balancer's) for the public rate limits, sign-in throttling and the audit
    /// log, and mark the session cookie Secure when the balancer says the request came over
    /// HTTPS (`X-Forwarded-Proto: https`). Only set this when every request comes through a
    /// balancer that sets both headers (and overwrites what clients send).
    #[arg(long, env = "PARTNERDESK_TRUST_FORWARDED_FOR", default_value_t = false)]
    pub trust_forwarded_for: bool,

    /// UNSAFE IN PRODUCTION. Let webhooks go to loopback, private (RFC 1918), link-local (the
    /// cloud metadata service), CGNAT, unique-local and other non-public addresses. Without it,
    /// such endpoints are refused when saved and never connected to when delivering, so an
    /// admin cannot make the server call into its own network. Only for tests and local
    /// development with a webhook receiver on this machine or network.
    #[arg(long, env = "PARTNERDESK_WEBHOOKS_ALLOW_PRIVATE", action = clap::ArgAction::SetTrue, value_parser = clap::builder::BoolishValueParser::new())]
    pub webhooks_allow_private: bool,

    /// The SMTP server email is sent through, e.g. `smtps://user:password@mail.example.com`
    /// (TLS) or `smtp://user:password@mail.example.com:587?tls=required` (STARTTLS). Without it,
    /// messages are written to `MAIL_DIR` instead of being sent (development only).
    #[arg(long, env = "SMTP_URL")]
    pub smtp_url: Option<String>,

    /// The sender of every message, e.g. `PartnerDesk <partners@example.com>`.
    #[arg(long, env = "MAIL_FROM", default_value = "PartnerDesk <partnerdesk@localhost>")]
    pub mail_from: String,

    /// Without `SMTP_URL`: the folder messages are written to, one `.eml` file each.
    #[arg(long, env = "MAIL_DIR", default_value = "mail")]
    pub mail_dir: PathBuf,

    /// The key two-step secrets are sealed with, as 64 hex digits. Servers sharing a database
    /// need the same key. Without it, the key is read from `SECRET_KEY_FILE` (made there, with a
    /// new key, on the first start).
    #[arg(long, env = "SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,

    /// Without `SECRET_KEY`: the file holding the key (keep it with the database's backups).
    #[arg(long, env = "SECRET_KEY_FILE", default_value = "data/secret.key")]
    pub secret_key_file: PathBuf,

    /// Log filter, e.g. `info`, `partnerdesk=debug,tower_http=debug`.
    #[arg(long, env = "RUST_LOG", default_value = "info")]
    pub log: String,

    /// Write logs as JSON lines instead of text.
    #[arg(long, env = "PARTNERDESK_LOG_JSON", default_value_t = false)]
    pub log_json: bool,

    /// The file with the Leptos configuration (site root, package names): the workspace's
    /// `Cargo.toml`, whose `[[workspace.metadata.leptos]]` cargo-leptos builds with, so the
    /// server runs with what was built. Without it, the LEPTOS_* environment variables that
    /// cargo-leptos sets are used.
    #[arg(long, env = "LEPTOS_CONFIG", default_value = "Cargo.toml")]
    pub leptos_config: PathBuf,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Clone, Debug)]
pub enum Command {
    /// Migrate the database and serve the app (the default).
    Serve {
        /// Load the demo data first if the database is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Load the demo data into an empty database and print the demo sign-ins.
    Demo,
    /// Write a consistent copy of the SQLite database to FILE while servers keep running
    /// (SQLite's `VACUUM INTO`). Restore by stopping the servers and putting FILE in the
    /// database's place. For PostgreSQL use pg_dump or pg_basebackup.
    Backup {
        /// The new file to write; an existing file is never overwritten.
        file: PathBuf,
    },
    /// Load bulk data for the scale benchmarks on top of the demo data (see `make bench`).
    SeedScale {
        #[arg(long, default_value_t = 1_000_000)]
        offers: i64,
        #[arg(long, default_value_t = 200_000)]
        customers: i64,
        #[arg(long, default_value_t = 5)]
        subscriptions_per_customer: i64,
        #[arg(long, default_value_t = 50)]
        resellers: i64,
    },
    /// The catalog's price list: `partnerdesk catalog import FILE` shows what the file would
    /// add, change and remove, and which rows it refuses (line and reason); with `--apply` it
    /// makes the file the price list in force.
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
    },
    /// Create an operator account: operators approve indirect providers' profile changes.
    /// Prints a temporary password once.
    Operator {
        /// The operator's email address (their sign-in).
        #[arg(long)]
        email: String,
        /// The operator's name.
        #[arg(long)]
        name: String,
    },
    /// Create an API key for a user's organisation, carrying that user's roles (the operator's
    /// role never). Prints the key once. Global admins normally use Settings > API keys.
    ApiKey {
        /// A user of the organisation; the key carries this user's roles.
        #[arg(long)]
        email: String,
        /// What the key is for.
        #[arg(long)]
        name: String,
        /// Requests the key may make per minute.
        #[arg(long, default_value_t = 120)]
        rate_limit: i64,
    },
    /// Write the page texts of every language (the catalog the islands build leaves out) into
    /// DIR, the site's package folder; `scripts/build-site.sh` runs it. Needs no database.
    Texts {
        /// The package folder (`target/site/pkg`).
        dir: PathBuf,
    },
    /// List the islands builds (`app::app::IslandsBuild::ALL`), one per line: the module's
    /// name and the feature of `staff-islands` that makes it. The site's own module, which
    /// cargo-leptos builds, is marked `site`. `scripts/build-site.sh` and `make bench` read it.
    /// Needs no database.
    Builds,
}

impl Default for Command {
    fn default() -> Self {
        Command::Serve { demo: false }
    }
}

impl Cli {
    /// The database URL without its password, for messages.
    pub fn redacted_database_url(&self) -> String {
        redact(&self.database_url)
    }
}

impl std::fmt::Debug for Cli {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cli")
            .field("database_url", &self.redacted_database_url())
            .field("listen", &self.listen)
            .field("public_url", &self.public_url)
            .field("webhooks_allow_private", &self.webhooks_allow_private)
            .field("smtp_url", &self.smtp_url.as_deref().map(redact))
            .field("mail_from", &self.mail_from)
            .field("mail_dir", &self.mail_dir)
            .field("secret_key", &self.secret_key.as_ref().map(|_| "***"))
            .field("secret_key_file", &self.secret_key_file)
            .field("log", &self.log)
            .field("command", &self.command)
            .finish()
    }
}

/// The key two-step secrets are sealed with: `SECRET_KEY`, or the key in `SECRET_KEY_FILE`,
/// which is made (readable by this user only) with a new key when it does not exist.
pub fn secret_key(cli: &Cli) -> Result<app::auth::mfa::service::SecretKey, String> {
    use app::auth::mfa::service::SecretKey;
    if let Some(hex) = cli.secret_key.as_deref().filter(|k| !k.trim().is_empty()) {
        return SecretKey::from_hex(hex).map_err(|e| format!("SECRET_KEY: {e}"));
    }
    let path = &cli.secret_key_file;
    match std::fs::read_to_string(path) {
        Ok(text) => SecretKey::from_hex(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = SecretKey::generate();
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = match options.open(path) {
                Ok(file) => file,
                // Another server starting at the same moment made it first: use its key.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                    return SecretKey::from_hex(&text).map_err(|e| format!("{}: {e}", path.display()));
                }
                Err(e) => return Err(format!("cannot create {}: {e}", path.display())),
            };
            std::io::Write::write_all(&mut file, format!("{}\n", key.to_hex()).as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            tracing::warn!(file = %path.display(), "made a new secret key for two-step secrets: keep this file with the database's backups; servers sharing the database need the same key (SECRET_KEY)");
            Ok(key)
        }
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// Replaces the password in `scheme://user:password@host/…` with `***`.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}://{user}:***{}", &url[..scheme_end], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

pub fn init_tracing(filter: &str, json: bool) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact("postgres://pd:secret@db:5432/pd"), "postgres://pd:***@db:5432/pd");
        assert_eq!(redact("postgres://postgres@127.0.0.1/pd"), "postgres://postgres@127.0.0.1/pd");
        assert_eq!(redact("sqlite:data/partnerdesk.db"), "sqlite:data/partnerdesk.db");
    }
}

/// `partnerdesk catalog …`
#[derive(Subcommand, Clone, Debug)]
pub enum CatalogCommand {
    /// Reads a price list file (CSV): prints its preview; `--apply` applies it.
    Import {
        file: PathBuf,
        /// Make the file the price list in force (without it, nothing changes).
        #[arg(long)]
        apply: bool,
    },
}
