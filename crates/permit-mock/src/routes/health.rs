use crate::{error::Json, state::AppState};
use axum::extract::State;
use permit_core::api::Health;

/// Liveness, version, and whether demo mode is on.
#[utoipa::path(get, path = "/api/v1/health", tag = "meta",
    responses((status = 200, body = Health)))]
pub async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        demo: state.config.demo,
        server_time_ms: state.clock.now_ms(),
    })
}
