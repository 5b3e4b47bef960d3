//! `bantin serve`: the station's own web app. Glue like `cli/`: every page reads the same
//! files the commands read and every action calls the same library paths, so the
//! bulletin folders stay the single source of truth (a take recorded here shows in
//! `bantin status`; a rundown edited in Notepad shows here).
//!
//! - [`auth`]: the guard in front of every route (host check, sessions, CSRF, accounts).
//! - [`events`]: live updates over server-sent events, found by watching the files.
//! - [`pages`]: one file per page; [`layout`] the frame they share; [`i18n`] the texts.
//! - [`assets`]: styles, scripts and the font, compiled into the binary.

pub mod assets;
pub mod auth;
pub mod auto_archive;
pub mod error;
pub mod events;
pub mod hash_cache;
pub mod i18n;
pub mod jobs;
pub mod layout;
pub mod overview;
pub mod pages;
pub mod ranged;
pub mod report_view;
pub mod safe_path;
pub mod users;

use crate::config::StationConfig;
use anyhow::Context as _;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

/// How `bantin serve` was asked to run.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub listen: SocketAddr,
    /// Print the address and requests' problems (not with `--quiet`).
    pub quiet: bool,
}

/// What every request handler shares.
pub struct AppState {
    config: RwLock<(Arc<StationConfig>, Option<SystemTime>)>,
    /// The station config file (it may not exist yet: a lexicon entry added here makes it).
    config_path: PathBuf,
    pub auth: auth::Auth,
    pub events: Arc<events::Events>,
    /// The station's `bulletins/` folder.
    pub bulletins: PathBuf,
    /// `bantin-users.toml`.
    pub users_path: PathBuf,
    /// Becomes true when the server is asked to stop: open event streams end, so the
    /// browsers' connections close and the server can stop at once (graceful shutdown
    /// otherwise waits for them forever).
    pub stopping: tokio::sync::watch::Receiver<bool>,
    /// Assemblies started here: the one running per bulletin, or its last outcome.
    pub jobs: jobs::Jobs,
    /// SHA-256 of finished WAVs while they are unchanged (the Phát sóng page).
    pub hashes: hash_cache::HashCache,
    /// Bulletins the automatic archiving could not archive, with why.
    auto_archive_errors: std::sync::Mutex<std::collections::HashMap<String, String>>,
    /// `--quiet`: no chatter on stderr.
    pub quiet: bool,
}

impl AppState {
    /// The station config, read again when `bantin.toml` changed on disk (a lexicon
    /// entry added here or by hand applies at once). A config that no longer reads is
    /// not taken: the last good one stays, and the CLI names the mistake.
    pub fn config(&self) -> Arc<StationConfig> {
        let (current, stamp) = {
            let guard = self
                .config
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            (Arc::clone(&guard.0), guard.1)
        };
        let now = std::fs::metadata(&self.config_path)
            .and_then(|m| m.modified())
            .ok();
        if now == stamp || now.is_none() {
            return current;
        }
        match StationConfig::from_file(&self.config_path) {
            Ok(fresh) => {
                let fresh = Arc::new(fresh);
                let mut guard = self
                    .config
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                *guard = (Arc::clone(&fresh), now);
                fresh
            }
            Err(_) => current,
        }
    }

    /// The station config file: the one in use, or `bantin.toml` in the station folder.
    pub fn config_path(&self) -> PathBuf {
        self.config_path.clone()
    }

    /// The texts in the station's language.
    pub fn texts(&self) -> &'static i18n::Texts {
        i18n::Texts::of(self.config().station.language)
    }

    /// What the automatic archiving could not archive (bulletin id → why).
    pub fn auto_archive_errors(&self) -> std::collections::HashMap<String, String> {
        self.auto_archive_errors
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Notes (or clears) why bulletin `id` could not be archived by itself; a new
    /// problem is also told on stderr.
    pub fn set_auto_archive_error(&self, id: &str, error: Option<String>) {
        let mut errors = self
            .auto_archive_errors
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match error {
            Some(e) => {
                if errors.get(id) != Some(&e) && !self.quiet {
                    eprintln!("bantin serve: {id} could not be archived: {e}");
                }
                errors.insert(id.to_string(), e);
            }
            None => {
                errors.remove(id);
            }
        }
    }
}

/// Why the server will not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "bantin serve listens on {listen}, beyond this PC, but the station has no accounts, so anyone on the network could use it.\n\
         Add one first: `bantin user add NAME` (it asks for a password and writes {users}),\n\
         or listen on this PC only (the default): `bantin serve` or `--listen 127.0.0.1:8080`"
    )]
    NoAccounts { listen: SocketAddr, users: PathBuf },
    #[error(
        "cannot listen on {listen}: {source}\nIs another bantin serve (or another program) using that port? Choose another with --listen 127.0.0.1:8081"
    )]
    Bind {
        listen: SocketAddr,
        source: std::io::Error,
    },
}

/// Runs the web app until Ctrl-C (or SIGTERM).
pub fn run(config: StationConfig, options: &ServeOptions) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the web server's runtime")?;
    runtime.block_on(serve(config, options))
}

async fn serve(config: StationConfig, options: &ServeOptions) -> anyhow::Result<()> {
    let users_path = users::users_path(&config.base_dir);
    let users = users::Users::load(&users_path)?;
    let required = !options.listen.ip().is_loopback() || !users.is_empty();
    if !options.listen.ip().is_loopback() && users.is_empty() {
        return Err(ServeError::NoAccounts {
            listen: options.listen,
            users: users_path,
        }
        .into());
    }
    let listener = tokio::net::TcpListener::bind(options.listen)
        .await
        .map_err(|source| ServeError::Bind {
            listen: options.listen,
            source,
        })?;
    let address = listener.local_addr()?;
    let bulletins = config.resolve(&config.paths.bulletins);
    std::fs::create_dir_all(&bulletins)
        .with_context(|| format!("cannot make the bulletins folder {}", bulletins.display()))?;
    // What a killed server left half-made — an upload half received, a rundown half
    // written (hidden temporary files, never seen by readers) — is removed before anyone
    // looks; a finished bulletin's set is tidied when it is opened.
    for entry in std::fs::read_dir(&bulletins)
        .into_iter()
        .flatten()
        .flatten()
    {
        crate::bulletin::take_store::remove_stale_incoming(&entry.path());
        let _ = crate::atomic::tidy(&entry.path());
    }
    let config_path = config
        .source
        .clone()
        .unwrap_or_else(|| config.base_dir.join(crate::config::CONFIG_FILE_NAME));
    let stamp = std::fs::metadata(&config_path)
        .and_then(|m| m.modified())
        .ok();
    let events = events::Events::new(bulletins.clone());
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let state = Arc::new(AppState {
        stopping,
        auth: auth::Auth::new(required, address, &config.web),
        config: RwLock::new((Arc::new(config), stamp)),
        config_path,
        events: Arc::clone(&events),
        bulletins,
        users_path,
        jobs: jobs::Jobs::default(),
        hashes: hash_cache::HashCache::default(),
        auto_archive_errors: std::sync::Mutex::default(),
        quiet: options.quiet,
    });
    tokio::spawn(events.watch());
    tokio::spawn(auto_archive::run(Arc::clone(&state)));
    let app = router(Arc::clone(&state));
    let stopping_state = Arc::clone(&state);
    // The address goes to stdout (scripts and tests read it); the rest to stderr.
    println!("http://{address}/");
    if !options.quiet {
        eprintln!(
            "bantin serve: open http://{address}/ in the browser{}. Stop with Ctrl-C.",
            if required { " (accounts required)" } else { "" }
        );
    }
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        // Assemblies under way stop and remove what they had started.
        stopping_state.jobs.stop_all();
        let _ = stop.send(true);
    })
    .await
    .context("the web server stopped")?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// Every route. Uploads are bounded by `[web] upload_limit_mb` in their handlers (which
/// stream to disk); other bodies by axum's default limit.
pub fn router(state: Arc<AppState>) -> Router {
    use pages::{
        air, archive, assemble, booth, login, new_bulletin, prompter, result, script, today,
    };
    Router::new()
        .route("/", get(today::page))
        .route("/new", get(new_bulletin::page).post(new_bulletin::create))
        .route("/b/{id}", get(script::redirect))
        .route("/b/{id}/script", get(script::page))
        .route("/b/{id}/print", get(script::print))
        .route("/b/{id}/segment/{seg}", post(script::save_segment))
        .route("/b/{id}/item/{item}/move", post(script::move_item))
        .route("/b/{id}/item/{item}/drop", post(script::drop_item))
        .route("/b/{id}/lexicon", post(script::add_lexicon))
        .route("/b/{id}/booth", get(booth::page))
        .route(
            "/b/{id}/takes/{take}",
            post(booth::upload).layer(DefaultBodyLimit::disable()),
        )
        .route("/b/{id}/audio/{file}", get(booth::audio))
        .route("/b/{id}/prompter", get(prompter::page))
        .route(
            "/b/{id}/assemble",
            get(assemble::page).post(assemble::start),
        )
        .route("/b/{id}/assemble/progress", get(assemble::progress))
        .route("/b/{id}/accept/{seg}", post(assemble::accept))
        .route("/b/{id}/result", get(result::page))
        .route("/b/{id}/out/{file}", get(result::file))
        .route("/air", get(air::page))
        .route("/air/playlist", post(air::write))
        .route("/air/aired/{id}", post(air::aired))
        .route("/archive", get(archive::page))
        .route("/archive/b/{id}", get(archive::bulletin))
        .route("/archive/b/{id}/files/{name}", get(archive::file))
        .route("/archive/as-run", get(archive::as_run_page))
        .route("/archive/as-run.csv", get(archive::as_run_csv))
        .route(
            "/archive/verify",
            get(archive::verify_page).post(archive::verify_check),
        )
        .route("/archive/verify/repair", post(archive::verify_repair))
        .route("/events", get(pages::live::events))
        .route("/login", get(login::page).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/static/{*file}", get(pages::static_file))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            auth::guard,
        ))
        .with_state(state)
}
