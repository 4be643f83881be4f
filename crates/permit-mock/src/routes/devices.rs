//! The device key that signs permit codes: one active device per permit.

use permit_core::api::ErrorCode;
use super::{
    auth::consume_otp,
    common::{no_permit, resident},
};
use crate::{
    error::{ApiError, Json},
    ids::hex,
    notify::{self, Text},
    session::SignedIn,
    state::AppState,
    world::Advanced,
};
use axum::{extract::State, http::StatusCode};
use base64::{engine::general_purpose::STANDARD, Engine};
use permit_core::{
    api::{
        device::{Device, RegisterDeviceRequest},
        events::Event,
        messages::MessageKind,
        Problem,
    },
    token::{valid_public_key, CodePolicy},
};
use rand::RngCore;

/// Registers this phone's public key after a fresh one-time code. Any other device of the
/// permit is revoked at once, and the holder gets a message saying so. With
/// `sign_out_others`, every other session of the signed-in person ends too.
#[utoipa::path(post, path = "/api/v1/devices", tag = "device", security(("bearer" = [])),
    request_body = RegisterDeviceRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    responses(
        (status = 201, body = Device),
        (status = 400, description = "Wrong (`otp_wrong`), expired (`otp_expired`) or used (`otp_missing`) code; not a P-256 public key (`invalid_public_key`); malformed JSON (`malformed_json`); or a bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 404, description = "No permit, or it was cancelled (`no_permit`)", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`), or an `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
        (status = 429, description = "`phone_locked` (10 wrong codes in 24 hours; then even the right code is refused); see `Retry-After`", body = Problem),
    ))]
pub async fn register(
    State(state): State<AppState>,
    session: SignedIn,
    Advanced(person): Advanced,
    Json(req): Json<RegisterDeviceRequest>,
) -> Result<(StatusCode, Json<Device>), ApiError> {
    let r = resident(&person)?;
    if r.permit.as_ref().is_none_or(|p| p.cancelled_at_ms.is_some()) {
        return Err(no_permit());
    }
    let key = STANDARD
        .decode(req.public_key.trim())
        .ok()
        .filter(|k| k.len() == 65 && valid_public_key(k))
        .ok_or_else(|| ApiError::bad_request(ErrorCode::InvalidPublicKey, "public_key must be a base64 uncompressed P-256 point (65 bytes)"))?;
    consume_otp(&state, &phone_holder(&state, &session)?.phone, &req.otp)?;
    let mut id = [0u8; 8];
    rand::rng().fill_bytes(&mut id);
    let device_id = hex(&id);
    let label: String = req.label.chars().take(60).collect();
    let now = state.clock.now_ms();
    let revoked = state.store.register_device(&person.id, &device_id, &key, &label, now)?;
    if req.sign_out_others {
        // The signed-in person's sessions, also when they act for a family member.
        let ended = state.store.delete_sessions_of(&session.person_id, Some(&session.token_hash))?;
        tracing::info!(persona = %person.label, sessions = ended, "other sessions signed out at device registration");
    }
    for old in &revoked {
        state.hub.publish(&person.id, Event::DeviceRevoked { device_id: old.clone() });
    }
    if !revoked.is_empty() {
        notify::send(
            &state,
            &person.id,
            MessageKind::Device,
            Text {
                title_zh: "电子居住证已在新设备启用",
                title_en: "Permit moved to a new device",
                body_zh: "您的电子居住证已在新设备上启用，原设备已停用。如非本人操作，请立即在“我的”中退出所有设备，并联系居住地派出所。",
                body_en: "Your permit is now on a new device and the old one was switched off. If this was not you, contact your police station.",
            },
        )?;
    }
    tracing::info!(persona = %person.label, "device registered");
    Ok((
        StatusCode::CREATED,
        Json(Device { device_id, label, registered_at_ms: now, active: true, policy: state.policy() }),
    ))
}

/// Sends a fresh one-time code for registering a device (the app knows only the masked
/// number) to the phone in the hand of whoever is signed in: the holder's own, or, while a
/// family member acts for them (代办, FAQ 11), the family member's, who sets the card up on
/// their own phone. Demo mode returns the code, as at sign-in.
#[utoipa::path(post, path = "/api/v1/devices/otp", tag = "device", security(("bearer" = [])),
    responses(
        (status = 200, body = permit_core::api::OtpIssued),
        (status = 400, description = "An `Idempotency-Key` sent (`idempotency_not_supported`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 429, description = "`otp_rate_limited` (5 per phone, then one per 30 s) or `phone_locked` (10 wrong codes in 24 hours; then even the right code is refused); see `Retry-After`", body = Problem),
    ))]
pub async fn device_otp(
    State(state): State<AppState>,
    session: SignedIn,
    Advanced(person): Advanced,
) -> Result<Json<permit_core::api::OtpIssued>, ApiError> {
    resident(&person)?;
    Ok(Json(super::auth::issue_otp(&state, &phone_holder(&state, &session)?)?))
}

/// The signed-in person, whose phone receives and confirms device codes.
fn phone_holder(state: &AppState, session: &SignedIn) -> Result<crate::model::Person, ApiError> {
    state.store.person_by_id(&session.person_id)?.ok_or_else(|| ApiError::not_found("no such person"))
}

/// The device currently registered for the permit, if any (so the app knows whether its key
/// is still the active one).
#[utoipa::path(get, path = "/api/v1/devices/current", tag = "device", security(("bearer" = [])),
    responses(
        (status = 200, body = Device),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "May not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 404, description = "No active device (`no_device`)", body = Problem),
    ))]
pub async fn current(State(state): State<AppState>, Advanced(person): Advanced) -> Result<Json<Device>, ApiError> {
    let device = state.store.active_device(&person.id)?.ok_or_else(|| ApiError::not_found("no active device").with_code(ErrorCode::NoDevice))?;
    Ok(Json(Device { device_id: device.id, label: device.label, registered_at_ms: device.registered_ms, active: true, policy: state.policy() }))
}

/// How often codes rotate and how long one is valid. Public: the card needs it offline too.
#[utoipa::path(get, path = "/api/v1/code-policy", tag = "device",
    responses((status = 200, body = CodePolicy)))]
pub async fn policy(State(state): State<AppState>) -> Json<CodePolicy> {
    Json(state.policy())
}
