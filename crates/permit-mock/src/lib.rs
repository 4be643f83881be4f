//! The mock backend of the Guangdong electronic residence permit: serves the built app at `/`
//! and the API under `/api/v1`. `permit-core` holds the rules; this crate enforces them over
//! HTTP with an embedded database, demo personas, and test-only controls.

pub mod clock;
pub mod config;
pub mod error;
pub mod model;
pub mod routes;
pub mod seed;
pub mod session;
pub mod state;
pub mod static_files;
pub mod store;
pub mod tls;

use axum::{
    extract::State,
    http::HeaderValue,
    middleware::{self, Next},
    response::Response,
    routing::get,
    Router,
};
use clock::Clock;
use config::Config;
use state::AppState;
use std::sync::Arc;
use store::Store;

/// Largest request body the API reads; photo and material uploads stay well under it.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Opens the data dir and builds the state the handlers share.
pub fn state(config: Config) -> Result<AppState, Box<dyn std::error::Error>> {
    let store = Store::open(&config.data_dir, config.reset)?;
    Ok(AppState { store, clock: Clock::default(), config: Arc::new(config) })
}

/// The whole HTTP application: API, OpenAPI document, and the app's static files.
pub fn app(state: AppState) -> Router {
    let (api, openapi) = routes::api().split_for_parts();
    let openapi = Arc::new(openapi);
    api.route(
        "/api/v1/openapi.json",
        get(move || {
            let doc = openapi.clone();
            async move { axum::Json((*doc).clone()) }
        }),
    )
    .fallback_service(static_files::service(&state.config.dist))
    .layer(tower_http::limit::RequestBodyLimitLayer::new(MAX_BODY_BYTES))
    .layer(middleware::from_fn_with_state(state.clone(), server_time))
    .with_state(state)
}

/// Stamps every response with the mock's clock (see ARCHITECTURE.md, "Clock").
async fn server_time(State(state): State<AppState>, request: axum::extract::Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if let Ok(v) = HeaderValue::from_str(&state.clock.now_ms().to_string()) {
        response.headers_mut().insert(permit_core::api::SERVER_TIME_HEADER, v);
    }
    response
}

/// Runs the server until Ctrl-C.
pub async fn serve(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::net::SocketAddr::new(config.host, config.port);
    let demo = config.demo;
    let dist = config.dist.clone();
    let tls = config.tls;
    let state = state(config)?;
    if !dist.join("index.html").exists() {
        tracing::warn!(dist = %dist.display(), "no built app here: only the API is served");
    }
    if tls {
        return tls::serve(addr, app(state)).await;
    }
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tracing::info!(%local, demo, "permit-mock listening on http://{local}");
    axum::serve(listener, app(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
