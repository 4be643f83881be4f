//! The mock backend of the Guangdong electronic residence permit: serves the built app at `/`
//! and the API under `/api/v1`. `permit-core` holds the rules; this crate enforces them over
//! HTTP with an embedded database, demo personas, and test-only controls.

pub mod challenges;
pub mod client_addr;
pub mod clock;
pub mod certificate_pdf;
pub mod certificate_wording;
pub mod config;
pub mod door_plates;
pub mod error;
pub mod faults;
pub mod hub;
pub mod idempotency;
pub mod issuer;
pub mod ids;
pub mod limits;
pub mod layers;
pub mod model;
pub mod notify;
pub mod portrait;
pub mod problems;
pub mod routes;
pub mod security_headers;
pub mod seed;
pub mod session;
pub mod state;
pub mod static_files;
pub mod store;
pub mod tls;
pub mod views;
pub mod world;

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

/// Largest request body the API reads: a PDF document at its limit, with room to spare, so an
/// oversized document is answered by its own rule (`file_too_large`), not by this one.
pub const MAX_BODY_BYTES: usize = permit_core::materials::MAX_PDF_BYTES + 64 * 1024;

/// Opens the data dir and builds the state the handlers share. The clock offset and code
/// policy that tests set survive a restart, like the records.
pub fn state(config: Config) -> Result<AppState, Box<dyn std::error::Error>> {
    let today = permit_core::calendar::local_date(chrono::Utc::now());
    let store = Store::open(&config.data_dir, config.reset)?;
    if store.is_empty()? {
        seed::load(&store, today)?;
    }
    let offset = store.meta("clock_offset_ms").ok().flatten().and_then(|v| v.parse().ok()).unwrap_or(0);
    let policy = store
        .meta("code_policy")
        .ok()
        .flatten()
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default();
    let faults = faults::Faults::default();
    let no_limits = config.no_limits;
    for (class, fault) in &config.faults {
        faults.set(*class, *fault);
    }
    let clock = Clock::with_offset(offset);
    let limits = if no_limits { limits::Limits::off(&clock) } else { limits::Limits::new(&clock) };
    Ok(AppState {
        store,
        clock,
        config: Arc::new(config),
        hub: hub::EventHub::default(),
        challenges: challenges::ChallengeBook::default(),
        faults,
        policy: Arc::new(std::sync::RwLock::new(policy)),
        review_outcome: Arc::default(),
        idempotency_locks: idempotency::KeyLocks::default(),
        certificate_font: Default::default(),
        limits: Arc::new(std::sync::RwLock::new(limits)),
    })
}

/// The whole HTTP application: API, OpenAPI document, and the app's static files.
pub fn app(state: AppState) -> Router {
    let (api, mut openapi) = routes::api(state.config.test_endpoints()).split_for_parts();
    routes::document_problem_media_type(&mut openapi);
    routes::document_shared_answers(&mut openapi);
    let openapi = Arc::new(openapi);
    api.route(
        "/api/v1/openapi.json",
        get(move || {
            let doc = openapi.clone();
            async move { axum::Json((*doc).clone()) }
        }),
    )
    .route("/api/{*rest}", axum::routing::any(|| async { error::ApiError::not_found("no such API route") }))
    .fallback_service(static_files::service(&state.config.dist))
    .layer(middleware::from_fn(problems::middleware))
    .layer(middleware::from_fn_with_state(state.clone(), layers::idempotency::middleware))
    .layer(middleware::from_fn_with_state(state.clone(), layers::faults::middleware))
    .layer(tower_http::limit::RequestBodyLimitLayer::new(MAX_BODY_BYTES))
    // Extractors read up to the transport's limit; JSON bodies have their own, smaller one
    // (`error::Json`).
    .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
    .layer(middleware::from_fn_with_state(state.clone(), server_time))
    .layer(middleware::from_fn(security_headers::middleware))
    .with_state(state)
}

/// Stamps every response with the mock's clock (see docs/architecture.md, "The mock's clock").
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
    spawn_ticker(state.clone());
    if tls {
        return tls::serve(addr, app(state)).await;
    }
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tracing::info!(%local, demo, "permit-mock listening on http://{local}");
    axum::serve(listener, app(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

/// Completes due confirmations and reviews every second, so open event streams hear of them
/// without a request; once a minute drops the rate limiters' idle keys.
fn spawn_ticker(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(1));
        for tick in 0u64.. {
            every.tick().await;
            if let Err(e) = world::advance_all(&state) {
                tracing::warn!(error = ?e.code, "background tick failed");
            }
            if tick % 60 == 59 {
                state.limits().evict_idle();
            }
        }
    });
}
