//! Replacing the holder's photo: the backend's photo rules, then a simulated review.

use permit_core::api::ErrorCode;
use super::common::{conflict, resident, resident_mut};
use crate::{
    error::{ApiError, Json},
    ids::new_id,
    model::PhotoReviewRecord,
    state::AppState,
    store::Also,
    world::{Advanced, REVIEW_DELAY_MS},
};
use axum::{body::Bytes, extract::State, http::StatusCode};
use permit_core::{
    api::{application::ReviewStatus, photo::PhotoReview, Problem},
    photo::{check, PhotoFile, PhotoProblem},
};

fn view(r: &PhotoReviewRecord) -> PhotoReview {
    PhotoReview {
        id: r.id.clone(),
        status: r.status,
        submitted_at_ms: r.submitted_at_ms,
        bytes: r.bytes,
        warnings: r.warnings.clone(),
        decision_expected_ms: r.decide_at_ms,
    }
}

/// Uploads a new photo (raw JPEG body). Anything but a 358 x 441 JPEG of at most 30 KB is
/// refused with the rule it broke; under 14 KB is accepted with a warning.
#[utoipa::path(post, path = "/api/v1/photo", tag = "photo", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    responses(
        (status = 202, body = PhotoReview),
        (status = 400, description = "A bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 409, description = "A photo is already under review (`photo_review_open`)", body = Problem),
        (status = 413, description = "Over 30 KB (`photo_too_large`), or a body over 2 MB + 64 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not a JPEG (`photo_not_jpeg`)", body = Problem),
        (status = 422, description = "Not 358 x 441 (`photo_wrong_size`), or an `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn upload(
    State(state): State<AppState>,
    Advanced(user): Advanced,
    body: Bytes,
) -> Result<(StatusCode, Json<PhotoReview>), ApiError> {
    let is_jpeg = matches!(imagesize::image_type(&body), Ok(imagesize::ImageType::Jpeg));
    let size = imagesize::blob_size(&body).ok();
    let verdict = check(PhotoFile {
        is_jpeg: is_jpeg && size.is_some(),
        width: size.map_or(0, |s| s.width as u32),
        height: size.map_or(0, |s| s.height as u32),
        bytes: body.len(),
    });
    if let Some(problem) = verdict.problems.first() {
        return Err(match problem {
            PhotoProblem::NotJpeg => ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, ErrorCode::PhotoNotJpeg, "the photo must be a JPEG"),
            PhotoProblem::TooLarge { bytes } => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::PhotoTooLarge,
                format!("the photo is {bytes} bytes; at most 30 KB (30720 bytes)"),
            ),
            PhotoProblem::WrongSize { width, height } => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::PhotoWrongSize,
                format!("the photo is {width} x {height}; it must be 358 x 441 pixels"),
            ),
        });
    }
    let now = state.clock.now_ms();
    let (out, _) = state.store.update_person(&user.id, |person, also| {
    let r = resident_mut(person)?;
    if r.photo_review.as_ref().is_some_and(|p| p.status == ReviewStatus::UnderReview) {
        return Err(conflict(ErrorCode::PhotoReviewOpen, "a photo is already under review"));
    }
    also.push(Also::Photo { slot: "pending", jpeg: body.to_vec() });
    let record = PhotoReviewRecord {
        id: new_id("pho"),
        status: ReviewStatus::UnderReview,
        submitted_at_ms: now,
        bytes: body.len(),
        warnings: verdict.warnings.clone(),
        decide_at_ms: Some(now + REVIEW_DELAY_MS),
    };
    let out = view(&record);
    r.photo_review = Some(record);
    super::application::photo_arrived(r, now);
    Ok(out)
    })?;
    Ok((StatusCode::ACCEPTED, Json(out)))
}

/// The latest photo review; 204 when no photo was ever uploaded (a normal state, not an error).
#[utoipa::path(get, path = "/api/v1/photo/review", tag = "photo", security(("bearer" = [])),
    responses(
        (status = 200, body = PhotoReview),
        (status = 204, description = "No photo uploaded yet"),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
    ))]
pub async fn review(Advanced(person): Advanced) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let r = resident(&person)?;
    Ok(match r.photo_review.as_ref() {
        Some(review) => Json(view(review)).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}
