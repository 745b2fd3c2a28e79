//! The `partnerdesk` server: one binary that migrates, loads demo data and serves the app.

use app::store::SharedStore;
use clap::Parser;
use partnerdesk::config::{self, CatalogCommand, Cli, Command};
use partnerdesk::http_layers;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    config::init_tracing(&cli.log, cli.log_json);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("partnerdesk: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(run(cli));
    // Whatever is still running when the work is done (a request past the shutdown grace, a
    // blocking task) must not keep the process alive.
    runtime.shutdown_timeout(http_layers::SHUTDOWN_GRACE);
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("partnerdesk: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    match &cli.command {
        Some(Command::Texts { dir }) => return write_page_texts(dir),
        Some(Command::Builds) => {
            for build in app::app::IslandsBuild::ALL {
                let site = if build.module_name() == app::app::SITE_MODULE { " site" } else { "" };
                println!("{} {}{site}", build.module_name(), build.feature());
            }
            return Ok(());
        }
        _ => {}
    }
    let store = open_store(&cli).await?;
    match cli.command.clone().unwrap_or_default() {
        // Answered above, without a database.
        Command::Texts { dir } => write_page_texts(&dir),
        Command::Builds => Ok(()),
        Command::Migrate => {
            println!("Database is up to date.");
            Ok(())
        }
        Command::Backup { file } => {
            let started = std::time::Instant::now();
            store.backup_to(&file).await.map_err(|e| format!("cannot back up the database to {}: {e}", file.display()))?;
            let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or_default();
            println!("Backed up {} to {} ({size} bytes, {:.1} s).", cli.redacted_database_url(), file.display(), started.elapsed().as_secs_f64());
            Ok(())
        }
        Command::Demo => {
            load_demo(&store).await?;
            Ok(())
        }
        Command::SeedScale { offers, customers, subscriptions_per_customer, resellers } => {
            let started = std::time::Instant::now();
            let spec = app::store::scale::ScaleSpec { offers, customers, subscriptions_per_customer, resellers };
            let bulk = app::store::open_scale(&cli.database_url)
                .await
                .map_err(|e| format!("cannot open the database ({}): {e}", cli.redacted_database_url()))?;
            bulk.seed_scale(&spec).await.map_err(|e| format!("cannot load the bulk data: {e}"))?;
            println!(
                "Loaded {offers} offers, {customers} customers, {} subscriptions, {resellers} resellers in {:.1} s.",
                customers * subscriptions_per_customer,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Catalog { command: CatalogCommand::Import { file, apply } } => import_price_list(&store, &file, apply).await,
        Command::Operator { email, name } => {
            let password = app::providers::ssr::create_operator(&store, &email, &name).await?;
            println!("Operator account created: {email}");
            println!("Temporary password (shown once, keep it safe): {password}");
            println!("Sign in and open Profile changes to approve providers' profile changes.");
            Ok(())
        }
        Command::ApiKey { email, name, rate_limit } => {
            let user = store.user_by_email(&email).await.map_err(|e| format!("cannot read users: {e}"))?.ok_or_else(|| format!("no user {email}"))?;
            let roles: Vec<app::roles::Role> = user.roles.iter().copied().filter(|r| app::roles::Role::ASSIGNABLE.contains(r)).collect();
            let valid = app::developer::validate_api_key(&name, &roles).map_err(|e| format!("cannot make that key: {e:?}"))?;
            let actor = app::store::Actor { user_id: Some(user.id), organisation_id: user.organisation_id, ip: None };
            let created = app::developer::ssr::create_api_key(&store, &actor, valid, rate_limit.max(1))
                .await
                .map_err(|e| format!("cannot create the key: {e:?}"))?;
            println!("{}", created.key);
            Ok(())
        }
        Command::Serve { demo } => {
            if demo {
                load_demo(&store).await?;
            }
            http_layers::serve(&cli, store).await
        }
    }
}

/// Connects and migrates: every command starts from an up-to-date schema.
/// `partnerdesk texts DIR`: each language's page texts (app::i18n::page_texts_script).
fn write_page_texts(dir: &std::path::Path) -> Result<(), String> {
    for locale in app::i18n::Locale::ALL {
        let path = dir.join(app::i18n::page_texts_file(locale));
        std::fs::write(&path, app::i18n::page_texts_script(locale)).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    println!("Wrote the page texts of {} languages to {}.", app::i18n::Locale::ALL.len(), dir.display());
    Ok(())
}

async fn open_store(cli: &Cli) -> Result<SharedStore, String> {
    let store = app::store::open(&cli.database_url).await.map_err(|e| format!("cannot open the database ({}): {e}", cli.redacted_database_url()))?;
    store.migrate().await.map_err(|e| format!("cannot migrate the database: {e}"))?;
    Ok(store)
}

async fn load_demo(store: &SharedStore) -> Result<(), String> {
    let loaded = app::demo::load_if_empty(store).await.map_err(|e| format!("cannot load demo data: {e}"))?;
    if loaded {
        println!("Demo data loaded.");
    } else {
        println!("The database already holds data; demo data not loaded again.");
    }
    println!("Demo sign-ins (password: {}):", app::demo::DEMO_PASSWORD);
    for (email, organisation, roles) in app::demo::DEMO_USERS {
        let roles: Vec<&str> = roles.iter().map(|r| app::i18n::Locale::En.t(r.key())).collect();
        println!("  {email:<28} {organisation:<24} {}", roles.join(", "));
    }
    Ok(())
}

/// `partnerdesk catalog import FILE [--apply]`: the preview, then (with `--apply`) the price
/// list in force, audited in the operators' organisation.
async fn import_price_list(store: &app::store::SharedStore, file: &std::path::Path, apply: bool) -> Result<(), String> {
    use app::price_lists::service::Reading;
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let locale = app::i18n::Locale::En;
    let print = |reading: &Reading| match reading {
        Reading::Refused(problem) => println!("{}", problem.message(locale)),
        Reading::Preview(preview) => {
            println!(
                "{} rows: {} added, {} changed, {} removed, {} unchanged, {} refused",
                preview.rows,
                preview.added.len(),
                preview.changed.len(),
                preview.removed.len(),
                preview.unchanged,
                preview.rejected.len()
            );
            for rejected in preview.rejected.iter().take(50) {
                println!("  line {}: {}", rejected.line, rejected.problem.message(locale));
            }
        }
    };
    if !apply {
        let reading = app::price_lists::service::preview_as(store, &bytes).await.map_err(|e| format!("cannot read the price list: {e:?}"))?;
        print(&reading);
        println!("Nothing changed: run again with --apply to make it the price list in force.");
        return Ok(());
    }
    let operators = store
        .organisation_by_mpn_id(app::providers::OPERATOR_MPN_ID)
        .await
        .map_err(|e| format!("cannot read organisations: {e}"))?
        .ok_or("create the operator first (partnerdesk operator, or the first-run page)")?;
    let actor = app::store::Actor { user_id: None, organisation_id: operators.id, ip: None };
    let source = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let (applied, reading) =
        app::price_lists::service::apply_as(store, &actor, &source, &bytes).await.map_err(|e| format!("cannot apply the price list: {e:?}"))?;
    print(&reading);
    match applied {
        Some(id) => println!("Price list {id} is in force."),
        None => return Err("nothing applied: the file has no row that can be taken".to_string()),
    }
    Ok(())
}
