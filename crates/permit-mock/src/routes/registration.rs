//! Residence registration: declare or link an address; the confirmation is simulated.

use permit_core::api::ErrorCode;
use super::common::{conflict, resident, resident_mut};
use crate::{
    error::{ApiError, Json},
    ids::new_id,
    model::PendingRegistration as PendingRecord,
    state::AppState,
    world::{Advanced, REVIEW_DELAY_MS},
};
use axum::{extract::State, http::StatusCode};
use permit_core::{address::{AddressProblem, HousingType}, api::{
    registration::{
        AddressOnRecord, Confirmer, CurrentRegistration, DeclareRequest, DoorPlate, DoorPlateAddress, DoorPlateRequest,
        PendingRegistration, RegistrationStatus,
    },
    Problem,
}};

/// Addresses the civil registry already holds that a resident may link instead of typing.
const ON_RECORD: [&str; 3] = [
    "广东省广州市白云区机场路1962号金沙洲花园7栋1201房",
    "广东省深圳市宝安区新安街道创业一路33号1503房",
    "广东省东莞市松山湖园区工业西路6号宿舍B栋406房",
];

fn on_record() -> Vec<AddressOnRecord> {
    ON_RECORD
        .iter()
        .enumerate()
        .map(|(i, a)| AddressOnRecord { record_id: format!("addr-{}", i + 1), address: (*a).to_owned() })
        .collect()
}

/// The resident's registration: the current one, one waiting for confirmation, and the
/// addresses on record that can be linked.
#[utoipa::path(get, path = "/api/v1/registration", tag = "registration", security(("bearer" = [])),
    responses(
        (status = 200, body = RegistrationStatus),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
    ))]
pub async fn get_registration(Advanced(person): Advanced) -> Result<Json<RegistrationStatus>, ApiError> {
    let r = resident(&person)?;
    Ok(Json(RegistrationStatus {
        current: r.registration.as_ref().map(|c| CurrentRegistration {
            address: c.address.clone(),
            residence_code: c.residence_code.clone(),
            confirmed_on: c.confirmed_on,
            confirmed_by: c.confirmed_by,
        }),
        pending: r.pending_registration.as_ref().map(pending_view),
        addresses_on_record: on_record(),
    }))
}

fn pending_view(p: &PendingRecord) -> PendingRegistration {
    PendingRegistration {
        id: p.id.clone(),
        address: p.address.clone(),
        declared_at_ms: p.declared_at_ms,
        confirmer: p.confirmer,
        expected_confirmation_ms: p.confirm_at_ms,
    }
}

/// Declares a usual address (first registration or a move) or links one on record. The
/// home owner, a police officer or a grid worker (by the housing type) confirms it after a
/// short simulated delay.
#[utoipa::path(post, path = "/api/v1/registration", tag = "registration", security(("bearer" = [])),
    request_body = DeclareRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    responses(
        (status = 202, body = PendingRegistration),
        (status = 400, description = "No address on record has this id (`unknown_address_record`), malformed JSON (`malformed_json`), or a bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 409, description = "A declaration is already waiting for confirmation (`registration_pending`), or the address is the registered one (`same_address`)", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "The structured address has problems, the detail names each (`address_invalid`); missing or mistyped fields (`invalid_fields`); or an `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn declare(
    State(state): State<AppState>,
    Advanced(user): Advanced,
    Json(req): Json<DeclareRequest>,
) -> Result<(StatusCode, Json<PendingRegistration>), ApiError> {
    let (address, housing) = match req {
        DeclareRequest::Declare { address } => {
            let address = address.normalized();
            address.validate().map_err(invalid_address)?;
            (address.line(), Some(address.housing))
        }
        DeclareRequest::Link { record_id } => on_record()
            .into_iter()
            .find(|a| a.record_id == record_id)
            .map(|a| (a.address, None))
            .ok_or_else(|| ApiError::bad_request(ErrorCode::UnknownAddressRecord, "no address on record has this id"))?,
    };
    let now = state.clock.now_ms();
    let (view, _) = state.store.update_person(&user.id, |person, _| {
    let r = resident_mut(person)?;
    if r.pending_registration.is_some() {
        return Err(conflict(ErrorCode::RegistrationPending, "a declared address is still waiting for confirmation"));
    }
    if r.registration.as_ref().is_some_and(|c| c.address == address) {
        return Err(conflict(ErrorCode::SameAddress, "this address is already your registered residence"));
    }
    let pending = PendingRecord {
        id: new_id("reg"),
        address: address.clone(),
        declared_at_ms: now,
        confirmer: confirmer_for(housing),
        confirm_at_ms: now + REVIEW_DELAY_MS,
    };
    let view = pending_view(&pending);
    r.pending_registration = Some(pending);
    Ok(view)
    })?;
    Ok((StatusCode::ACCEPTED, Json(view)))
}

/// Who confirms a declaration: the home owner (屋主) for rented housing or a host's home, the
/// community police officer for an owned home, the grid worker for an employer's dormitory
/// or an address linked from the records.
fn confirmer_for(housing: Option<HousingType>) -> Confirmer {
    match housing {
        Some(HousingType::Rented | HousingType::RelativeOrFriend) => Confirmer::Landlord,
        Some(HousingType::Owned) => Confirmer::PoliceOfficer,
        Some(HousingType::EmployerDormitory) | None => Confirmer::GridWorker,
    }
}

/// 422 naming every problem of a structured address (the app shows each by its field).
fn invalid_address(problems: Vec<AddressProblem>) -> ApiError {
    let detail = serde_json::to_string(&problems).unwrap_or_default();
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::AddressInvalid, format!("the address has problems: {detail}"))
}

/// The demo's door plates with their codes (葵花码), to show as QR codes on a second screen.
/// Only in demo mode: a real backend never lists door plates.
#[utoipa::path(get, path = "/api/v1/door-plates", tag = "registration",
    responses(
        (status = 200, body = Vec<DoorPlate>),
        (status = 404, description = "Not in demo mode (`not_found`)", body = Problem),
    ))]
pub async fn door_plates(State(state): State<AppState>) -> Result<Json<Vec<DoorPlate>>, ApiError> {
    if !state.config.demo {
        return Err(ApiError::not_found("door plates are listed in demo mode only"));
    }
    Ok(Json(crate::door_plates::list(&state.store)?))
}

/// Reads a scanned door-plate code: the address of a genuine plate, in the declaration's
/// fields; 422 for anything else (a code typed up by hand, an unknown plate, a wrong tag).
#[utoipa::path(post, path = "/api/v1/registration/door-plate", tag = "registration", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    request_body = DoorPlateRequest,
    responses(
        (status = 200, body = DoorPlateAddress),
        (status = 400, description = "Malformed JSON (`malformed_json`) or a bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "May not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Not a genuine door-plate code (`door_plate_invalid`), missing or mistyped fields (`invalid_fields`), or an `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn read_door_plate(
    State(state): State<AppState>,
    Advanced(_person): Advanced,
    Json(req): Json<DoorPlateRequest>,
) -> Result<Json<DoorPlateAddress>, ApiError> {
    crate::door_plates::read(&state.store, &req.code)?
        .map(Json)
        .ok_or_else(|| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::DoorPlateInvalid, "not a genuine door-plate code"))
}
