//! The HTTP API under `/api/v1`, one module per resource. Each handler carries its OpenAPI
//! description, so the document at `/api/v1/openapi.json` is generated from this code.

pub mod application;
pub mod auth;
pub mod card;
pub mod certificates;
pub mod challenges;
mod common;
pub mod devices;
pub mod documents;
pub mod endorsement;
pub mod events;
pub mod health;
pub mod messages;
pub mod permit;
pub mod personas;
pub mod photo;
pub mod registration;
pub mod shared_copy;
pub mod shares;
pub mod staff;
pub mod testing;
mod uploads;
pub mod verification;

use crate::state::AppState;
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Guangdong electronic residence permit: mock backend",
        description = "The mock of the 电子居住证 backend for integrators.\n\n\
            * Sign in: POST /auth/otp, then POST /auth/session; send `Authorization: Bearer <token>`.\n\
            * Every error is `application/problem+json` with a stable `code`; each operation lists \
              the codes it can answer. Any operation may also answer 500 (`internal`) or 503 \
              (`busy`, `injected_fault`), and any write 413 (`body_too_large`) past the transport's \
              limit: the shared responses in `components/responses`.\n\
            * Every response carries the server clock (Unix ms) in the `x-server-time-ms` header.\n\
            * Sessions end after 7 days without use and 30 days at most (`session_expired`); \
              DELETE /auth/sessions signs out everywhere.\n\
            * Every signed-in write accepts an `Idempotency-Key` header: a retry with the same key \
              by the same person on the same route within 24 h returns the first successful (2xx) \
              answer (marked `idempotent-replayed: true`) and never makes a second record. \
              Sign-in (POST /auth/otp, POST /auth/session), device codes (POST /devices/otp), \
              event tickets and the test-only POST /test/otp refuse a key \
              (`idempotency_not_supported`): their answers are secrets and are never stored. \
              Each operation says which: it declares the header or lists the refusal.\n\
            * Reviews and confirmations complete on their own after 20 s of mock time; \
              the test-only POST /test/clock moves time forward.\n\
            * Permit codes: see docs/permit-code.md in the repository for the token format.\n\
            * Counters: staff sign in, choose a post once (PUT /staff/post), then POST \
              /verifications with the text read from the QR code. The verdict says `accepted`, \
              or names the failed `rule` (see the `VerdictRule` schema).\n\
            * Challenge mode (docs/challenge.md): staff POST /challenges and show its QR; the \
              holder's phone reads it (GET /challenges/{id}, or POST /challenges/lookup with the \
              six digits) and POSTs its signed answer to /challenges/{id}/answer; the counter hears \
              the verdict on its event stream (`challenge_answered`).",
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

/// Error answers are `application/problem+json` (RFC 9457), not `application/json`: says so
/// in the document, for every response whose body is a `Problem`, so clients and schema
/// checkers expect what is sent. Runs on the finished document (modifiers run before the
/// routes add their paths).
pub fn document_problem_media_type(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::RefOr;
    for item in openapi.paths.paths.values_mut() {
        let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
        for operation in operations.into_iter().flatten() {
            for response in operation.responses.responses.values_mut() {
                let RefOr::T(response) = response else { continue };
                let is_problem = response.content.get("application/json").is_some_and(|c| {
                    matches!(&c.schema, Some(RefOr::Ref(r)) if r.ref_location.ends_with("/Problem"))
                });
                if is_problem {
                    if let Some(content) = response.content.shift_remove("application/json") {
                        response.content.insert("application/problem+json".into(), content);
                    }
                }
            }
        }
    }
}

/// Answers any operation can give whatever its handler does, documented once as shared
/// responses (`#/components/responses/...`) and referred to from every operation that does not
/// describe the status itself:
///
/// * 500 `internal`: the mock's database failed;
/// * 503 `injected_fault` (a fault injected for tests, `PUT /test/faults` or `--fault`) or
///   `busy` (a record changed too often to save);
/// * 413 `body_too_large` on a write: the transport refuses a body over [`crate::MAX_BODY_BYTES`]
///   whatever the route (an operation that takes a body describes its own, smaller limit).
///
/// The errors of a handler itself, its extractors (session, role, JSON body) and the
/// `Idempotency-Key` rules are listed on each operation. Runs on the finished document.
pub fn document_shared_answers(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{content::ContentBuilder, Ref, RefOr, ResponseBuilder};
    let problem = |description: String| {
        ResponseBuilder::new()
            .description(description)
            .content("application/problem+json", ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build())
            .build()
    };
    let shared = [
        ("500", "InternalError", problem("`internal`: the mock failed (see its log)".into()), false),
        (
            "503",
            "Unavailable",
            problem("Try again: a fault injected for tests (`injected_fault`), or a record changed too often to save (`busy`)".into()),
            false,
        ),
        (
            "413",
            "BodyTooLarge",
            problem(format!("`body_too_large`: a body over {} KB, the transport's limit", crate::MAX_BODY_BYTES / 1024)),
            true,
        ),
    ];
    let components = openapi.components.get_or_insert_with(Default::default);
    for (_, name, response, _) in &shared {
        components.responses.insert((*name).to_owned(), RefOr::T(response.clone()));
    }
    for item in openapi.paths.paths.values_mut() {
        let reads = [&mut item.get, &mut item.head].map(|o| (o, false));
        let writes = [&mut item.put, &mut item.post, &mut item.delete, &mut item.patch].map(|o| (o, true));
        for (operation, is_write) in reads.into_iter().chain(writes) {
            let Some(operation) = operation else { continue };
            for (status, name, _, writes_only) in &shared {
                if *writes_only && !is_write {
                    continue;
                }
                operation
                    .responses
                    .responses
                    .entry((*status).to_owned())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name(*name)));
            }
        }
    }
}

/// The API. Test-only controls are included only when `test_endpoints` is set.
pub fn api(test_endpoints: bool) -> OpenApiRouter<AppState> {
    let router = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::health))
        .routes(routes!(personas::list_personas))
        .routes(routes!(auth::request_otp))
        .routes(routes!(auth::create_session, auth::sign_out))
        .routes(routes!(auth::sign_out_everywhere))
        .routes(routes!(auth::me))
        .routes(routes!(registration::get_registration, registration::declare))
        .routes(routes!(registration::read_door_plate))
        .routes(routes!(registration::door_plates))
        .routes(routes!(application::precheck))
        .routes(routes!(application::get_application, application::apply))
        .routes(routes!(application::upload_material))
        .routes(routes!(permit::get_permit))
        .routes(routes!(permit::get_photo))
        .routes(routes!(permit::cancel))
        .routes(routes!(devices::register))
        .routes(routes!(devices::current))
        .routes(routes!(devices::device_otp))
        .routes(routes!(devices::policy))
        .routes(routes!(verification::verify, verification::history))
        .routes(routes!(verification::self_test))
        .routes(routes!(verification::photo))
        .routes(routes!(staff::departments))
        .routes(routes!(staff::set_post))
        .routes(routes!(endorsement::get_status, endorsement::endorse))
        .routes(routes!(endorsement::upload_material))
        .routes(routes!(photo::upload))
        .routes(routes!(photo::review))
        .routes(routes!(card::get_card))
        .routes(routes!(card::list_orders, card::order))
        .routes(routes!(card::pay))
        .routes(routes!(messages::list))
        .routes(routes!(messages::mark_read))
        .routes(routes!(events::ticket))
        .routes(routes!(events::stream))
        .routes(routes!(shares::create, shares::list))
        .routes(routes!(shares::revoke))
        .routes(routes!(shared_copy::open))
        .routes(routes!(shared_copy::status))
        .routes(routes!(shared_copy::photo))
        .routes(routes!(shared_copy::issuer_keys))
        .routes(routes!(certificates::create))
        .routes(routes!(certificates::pdf))
        .routes(routes!(certificates::open))
        .routes(routes!(certificates::status))
        .routes(routes!(challenges::issue))
        .routes(routes!(challenges::read))
        .routes(routes!(challenges::lookup))
        .routes(routes!(challenges::answer));
    if !test_endpoints {
        return router;
    }
    router
        .routes(routes!(testing::advance_clock))
        .routes(routes!(testing::set_policy))
        .routes(routes!(testing::set_fault))
        .routes(routes!(testing::reset))
        .routes(routes!(testing::read_otp))
        .routes(routes!(testing::set_review_outcome))
}
