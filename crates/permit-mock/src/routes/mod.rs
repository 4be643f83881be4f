//! The HTTP API under `/api/v1`, one module per resource. Each handler carries its OpenAPI
//! description, so the document at `/api/v1/openapi.json` is generated from this code.

pub mod auth;
pub mod health;
pub mod personas;

use crate::state::AppState;
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Guangdong electronic residence permit: mock backend",
        description = "The mock of the 电子居住证 backend for integrators. Every error is \
            `application/problem+json` with a stable `code`. Every response carries the \
            server clock in the `x-server-time-ms` header. Every write accepts an \
            `Idempotency-Key` header.",
    ),
    modifiers(&BearerAuth),
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::health))
        .routes(routes!(personas::list_personas))
        .routes(routes!(auth::request_otp))
        .routes(routes!(auth::create_session))
        .routes(routes!(auth::me))
        .routes(routes!(auth::sign_out))
}
