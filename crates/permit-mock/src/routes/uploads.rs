//! Reading uploaded files: the type from the bytes themselves, never from the name or header.

use permit_core::api::ErrorCode;
use crate::error::ApiError;
use axum::http::{header::CONTENT_TYPE, HeaderMap, StatusCode};
use permit_core::materials::{check_upload, UploadProblem, MATERIAL_TYPES};

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

/// A page of a supporting document (`permit_core::materials::check_upload`): a JPEG page of at
/// most 500 KB or a PDF of at most 2 MB, the declared type matching the bytes.
pub fn material(headers: &HeaderMap, body: &[u8], page: u8) -> Result<&'static str, ApiError> {
    if body.is_empty() {
        return Err(ApiError::bad_request(ErrorCode::EmptyFile, "the upload is empty"));
    }
    let real = sniff(body).filter(|t| MATERIAL_TYPES.contains(t)).ok_or_else(|| {
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
    match check_upload(real, body.len(), page) {
        Ok(()) => Ok(real),
        Err(UploadProblem::TooLarge) => Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::FileTooLarge,
            "a page may be at most 500 KB (JPEG), a PDF at most 2 MB",
        )),
        Err(UploadProblem::BadPage) => Err(ApiError::bad_request(ErrorCode::BadPage, "a PDF is a whole document: page 1 of 1")),
        Err(UploadProblem::WrongType) => Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, ErrorCode::UnsupportedFileType, "a page is a JPEG, a document a PDF")),
    }
}
