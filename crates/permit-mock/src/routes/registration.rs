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
use permit_core::{address::AddressError, api::{
    registration::{
        AddressOnRecord, Confirmer, CurrentRegistration, DeclareRequest, PendingRegistration, RegistrationStatus,
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
    responses((status = 200, body = RegistrationStatus), (status = 401, body = Problem), (status = 403, body = Problem)))]
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
/// landlord, a police officer or a grid worker confirms it after a short simulated delay.
#[utoipa::path(post, path = "/api/v1/registration", tag = "registration", security(("bearer" = [])),
    request_body = DeclareRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    responses(
        (status = 202, body = PendingRegistration),
        (status = 400, description = "Address outside Guangdong, too short or too long", body = Problem),
        (status = 409, description = "A declaration is already waiting for confirmation", body = Problem),
    ))]
pub async fn declare(
    State(state): State<AppState>,
    Advanced(user): Advanced,
    Json(req): Json<DeclareRequest>,
) -> Result<(StatusCode, Json<PendingRegistration>), ApiError> {
    let address = match req {
        DeclareRequest::Declare { address } => validate_address(&address)?,
        DeclareRequest::Link { record_id } => on_record()
            .into_iter()
            .find(|a| a.record_id == record_id)
            .map(|a| a.address)
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
    let confirmers = [Confirmer::Landlord, Confirmer::PoliceOfficer, Confirmer::GridWorker];
    let pending = PendingRecord {
        id: new_id("reg"),
        address: address.clone(),
        declared_at_ms: now,
        confirmer: confirmers[(now / 1000 % 3) as usize],
        confirm_at_ms: now + REVIEW_DELAY_MS,
    };
    let view = pending_view(&pending);
    r.pending_registration = Some(pending);
    Ok(view)
    })?;
    Ok((StatusCode::ACCEPTED, Json(view)))
}

fn validate_address(raw: &str) -> Result<String, ApiError> {
    permit_core::address::validate(raw).map_err(|e| {
        let detail = match e {
            AddressError::OutsideGuangdong => "the address must start with 广东省 (Guangdong)",
            AddressError::TooShort => "give the city, district, street and door number",
            AddressError::TooLong => "an address has at most 120 characters",
        };
        ApiError::bad_request(e.code(), detail)
    })
}
