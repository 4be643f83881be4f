use crate::{
    error::{ApiError, Json},
    state::AppState,
};
use axum::extract::State;
use permit_core::api::PersonaSummary;

/// Demo mode only: every demo persona with its situation, for the demo login screen.
#[utoipa::path(get, path = "/api/v1/personas", tag = "demo",
    responses(
        (status = 200, body = [PersonaSummary]),
        (status = 404, description = "Not in demo mode (`not_found`)", body = permit_core::api::Problem),
    ))]
pub async fn list_personas(State(state): State<AppState>) -> Result<Json<Vec<PersonaSummary>>, ApiError> {
    if !state.config.demo {
        return Err(ApiError::not_found("demo personas are listed only in demo mode (--demo)"));
    }
    let personas = state
        .store
        .persons()?
        .into_iter()
        .map(|p| PersonaSummary {
            label: p.label,
            name: p.name,
            role: p.role,
            phone: p.phone,
            situation_zh: p.situation_zh,
            situation_en: p.situation_en,
        })
        .collect();
    Ok(Json(personas))
}
