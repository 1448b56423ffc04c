//! Pledgewatch's web pages: the cycles, each cycle's report card, a commitment's chapter and a
//! member across a cycle. Server-rendered HTML (askama templates compiled into the binary), no
//! JavaScript, one small stylesheet.
//!
//! Invariant: this is the only crate that knows HTTP and HTML. It reads the store and formats
//! domain values; it computes no figure itself beyond what the domain's aggregation provides.

mod api;
mod assets;
mod auth;
mod cache;
mod charts;
mod coding;
mod coding_pages;
pub mod dto;
mod error;
mod format;
mod handlers;
mod pages;
mod plan_handlers;
mod slugs;
mod workspace;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::{get, post};
use pledgewatch_store::Store;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub use api::editions::EditionDetailDto;
pub use error::WebError;
pub use pages::audit::{AuditRecordsDto, audit_csv, audit_text};

/// What every handler shares.
pub(crate) struct AppState {
    pub store: Store,
    pub slugs: slugs::SlugIndex,
    pub report_cards: cache::PageCache,
    /// Published editions, parsed once each: readers see these, never the working copy.
    pub editions: cache::EditionCache,
    pub throttle: auth::throttle::Throttle,
}

pub(crate) type State = Arc<AppState>;

/// The site's routes over `store`.
pub fn router(store: Store) -> Router {
    let state: State = Arc::new(AppState {
        store,
        slugs: slugs::SlugIndex::default(),
        report_cards: cache::PageCache::default(),
        editions: cache::EditionCache::default(),
        throttle: auth::throttle::Throttle::default(),
    });
    Router::new()
        .route("/", get(handlers::index))
        .route("/cycles", get(handlers::cycles_redirect))
        .route("/cycles/{slug}", get(handlers::report_card))
        .route(
            "/cycles/{slug}/commitments/{code}",
            get(handlers::commitment),
        )
        .route(
            "/cycles/{slug}/commitments/{code}/rubric",
            get(coding_pages::rubric).post(coding_pages::rubric_what_if),
        )
        .route("/cycles/{slug}/agreement", get(coding_pages::agreement))
        .route("/cycles/{slug}/departures", get(coding_pages::departures))
        .route("/cycles/{slug}/members/{code}", get(handlers::member))
        .route("/cycles/{slug}/editions", get(handlers::editions))
        .route("/cycles/{slug}/editions/{n}", get(handlers::edition))
        .route(
            "/cycles/{slug}/editions/{n}/changes",
            get(handlers::edition_changes),
        )
        .route("/assets/style.css", get(assets::stylesheet))
        .route(assets::HTMX_HREF, get(assets::htmx))
        .route(
            "/login",
            get(auth::pages::login_form).post(auth::pages::login),
        )
        .route("/logout", post(auth::pages::logout))
        .route("/workspace", get(auth::pages::workspace))
        .merge(plan_handlers::routes())
        .merge(workspace::assessment::routes())
        .merge(workspace::audit::routes())
        .merge(workspace::editions::routes())
        .merge(workspace::admin::routes())
        .merge(workspace::plans::routes())
        .merge(workspace::setup::routes())
        .merge(workspace::adjudication::routes())
        .nest("/api/v1", api::router())
        .fallback(handlers::not_found)
        .layer(axum::extract::DefaultBodyLimit::max(api::BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::identify,
        ))
        .with_state(state)
        .layer(axum::middleware::from_fn(security_headers))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
}

/// Public pages need no script, frame or outside resource, so their policy forbids them all.
/// Workspace pages may load the vendored htmx from this site (and talk back to it); still no
/// inline script, no `eval`, nothing from elsewhere.
async fn security_headers(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let workspace = request.uri().path().starts_with("/workspace");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(if workspace {
            "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; \
             img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        } else {
            "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'none'"
        }),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    response
}

/// Serves the site on `addr` until Ctrl-C or SIGTERM, then finishes the requests in flight.
pub async fn serve(store: Store, addr: SocketAddr) -> Result<(), WebError> {
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| WebError::Bind { addr, source })?;
    serve_on(store, listener).await
}

/// Like [`serve`], on a listener the caller has bound (port 0 for tests and benchmarks).
pub async fn serve_on(store: Store, listener: TcpListener) -> Result<(), WebError> {
    if let Ok(local) = listener.local_addr() {
        tracing::info!("serving Pledgewatch on http://{local}");
    }
    // Connection info gives login throttling the client's address.
    axum::serve(
        listener,
        router(store).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(WebError::Serve)?;
    tracing::info!("server stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
