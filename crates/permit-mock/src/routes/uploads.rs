//! Reading uploaded files: the type from the bytes themselves, never from the name or header.

use permit_core::api::ErrorCode;
use crate::error::ApiError;
use axum::http::{header::CONTENT_TYPE, HeaderMap, StatusCode};
use permit_core::materials::{MATERIAL_TYPES, MAX_MATERIAL_BYTES};

/// The media type the bytes really are, if it is one we accept.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        return Some("application/pdf");
    }
    match imagesize::image_type(bytes).ok()? {
        imagesize::ImageType::Jpeg => Some("image/jpeg"),
        imagesize::ImageType::Png => Some("image/png"),
        _ => None,
    }
}

/// A supporting document: JPEG, PNG or PDF, at most 200 KB, declared type matching the bytes.
pub fn material(headers: &HeaderMap, body: &[u8]) -> Result<&'static str, ApiError> {
    if body.is_empty() {
        return Err(ApiError::bad_request(ErrorCode::EmptyFile, "the upload is empty"));
    }
    if body.len() > MAX_MATERIAL_BYTES {
        return Err(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::FileTooLarge, "a document may be at most 200 KB"));
    }
    let real = sniff(body).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedFileType,
            format!("documents must be one of {}", MATERIAL_TYPES.join(", ")),
        )
    })?;
    let declared = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !declared.starts_with(real) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::ContentTypeMismatch,
            format!("the file is {real} but was sent as `{declared}`"),
        ));
    }
    Ok(real)
}
