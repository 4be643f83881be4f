//! Small helpers the resource modules share.

use permit_core::api::ErrorCode;
use crate::{error::ApiError, model::{Person, Resident}, state::AppState};
use axum::http::StatusCode;
use chrono::NaiveDate;
use permit_core::{api::Role, calendar::local_date_ms};

/// Today in Guangdong by the mock's clock.
pub fn today(state: &AppState) -> NaiveDate {
    local_date_ms(state.clock.now_ms())
}

pub fn resident(person: &Person) -> Result<&Resident, ApiError> {
    person.resident.as_ref().ok_or_else(not_a_resident)
}

pub fn resident_mut(person: &mut Person) -> Result<&mut Resident, ApiError> {
    person.resident.as_mut().ok_or_else(not_a_resident)
}

fn not_a_resident() -> ApiError {
    ApiError::new(StatusCode::FORBIDDEN, ErrorCode::NotAResident, "this account is counter staff and holds no permit")
}

pub fn require_staff(person: &Person) -> Result<(), ApiError> {
    if person.role == Role::Staff {
        Ok(())
    } else {
        Err(ApiError::new(StatusCode::FORBIDDEN, ErrorCode::StaffOnly, "only counter staff may verify codes"))
    }
}

/// The post of counter staff about to read a code or show a challenge: staff only, counted
/// against the account's verification limit (a challenge is a reading in waiting), and only
/// once a department and counter are chosen.
pub fn counter_post(state: &AppState, staff: &Person) -> Result<permit_core::api::StaffPost, ApiError> {
    require_staff(staff)?;
    state.limits().verification(&staff.id)?;
    staff
        .staff
        .clone()
        .ok_or_else(|| conflict(ErrorCode::PostNotChosen, "choose your department and counter first (PUT /staff/post)"))
}

/// A photo as the API sends it: JPEG, never kept by any cache.
pub fn jpeg_response(jpeg: Vec<u8>) -> axum::response::Response {
    use axum::{http::header, response::IntoResponse};
    ([(header::CONTENT_TYPE, "image/jpeg"), (header::CACHE_CONTROL, "private, no-store")], jpeg).into_response()
}

pub fn conflict(code: ErrorCode, detail: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, code, detail)
}

pub fn no_permit() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NoPermit, "this resident holds no electronic permit")
}
