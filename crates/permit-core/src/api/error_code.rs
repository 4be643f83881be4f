//! Every stable `code` a problem document can carry: one type for the backend that answers
//! with it and the app that maps it to a message, so a renamed code is a compile error, not a
//! silent "refused". A code this build does not know (a newer backend) reads as `Unknown`.

use serde::{Deserialize, Serialize};

macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $text:literal,)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        // The wire name is the variant's name in snake case; `as_str` spells the same names
        // out, and a test holds the two together.
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $($(#[doc = $doc])* $variant,)*
            /// A code this build does not know yet (sent by a newer backend).
            #[serde(other)]
            Unknown,
        }

        impl ErrorCode {
            /// Every code but `Unknown`.
            pub const ALL: &'static [ErrorCode] = &[$(Self::$variant,)*];

            /// The code as it is written on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)*
                    Self::Unknown => "unknown",
                }
            }
        }
    };
}

error_codes! {
    // Requests in general.
    BadRequest = "bad_request",
    MalformedJson = "malformed_json",
    InvalidFields = "invalid_fields",
    UnsupportedMediaType = "unsupported_media_type",
    BodyTooLarge = "body_too_large",
    NotFound = "not_found",
    MethodNotAllowed = "method_not_allowed",
    Internal = "internal",
    /// The record changed too often to save; try again.
    Busy = "busy",
    InjectedFault = "injected_fault",
    InvalidIdempotencyKey = "invalid_idempotency_key",
    IdempotencyKeyReused = "idempotency_key_reused",
    IdempotencyNotSupported = "idempotency_not_supported",
    // Sign-in and sessions.
    InvalidPhone = "invalid_phone",
    UnknownPhone = "unknown_phone",
    OtpWrong = "otp_wrong",
    OtpExpired = "otp_expired",
    OtpMissing = "otp_missing",
    OtpRateLimited = "otp_rate_limited",
    ClientRateLimited = "client_rate_limited",
    /// Ten wrong one-time codes in 24 hours.
    PhoneLocked = "phone_locked",
    Unauthorized = "unauthorized",
    SessionExpired = "session_expired",
    NotADependant = "not_a_dependant",
    ProxyNotAllowed = "proxy_not_allowed",
    NotAResident = "not_a_resident",
    StaffOnly = "staff_only",
    // Devices and verification.
    InvalidPublicKey = "invalid_public_key",
    NoDevice = "no_device",
    NoPermit = "no_permit",
    PostNotChosen = "post_not_chosen",
    UnknownPost = "unknown_post",
    VerifyRateLimited = "verify_rate_limited",
    SelfTestRateLimited = "self_test_rate_limited",
    NotYourCode = "not_your_code",
    NoPhoto = "no_photo",
    // Registration.
    AddressOutsideGuangdong = "address_outside_guangdong",
    AddressTooShort = "address_too_short",
    AddressTooLong = "address_too_long",
    RegistrationPending = "registration_pending",
    SameAddress = "same_address",
    UnknownAddressRecord = "unknown_address_record",
    /// A structured address with problems; the detail names each.
    AddressInvalid = "address_invalid",
    /// Not a genuine door-plate code (malformed, unknown plate, or a wrong signature).
    DoorPlateInvalid = "door_plate_invalid",
    // Applications, endorsement and documents.
    ApplicationOpen = "application_open",
    NotEligible = "not_eligible",
    NoCondition = "no_condition",
    NoApplication = "no_application",
    NoMaterialsNeeded = "no_materials_needed",
    MaterialNotNeeded = "material_not_needed",
    EmptyFile = "empty_file",
    FileTooLarge = "file_too_large",
    UnsupportedFileType = "unsupported_file_type",
    ContentTypeMismatch = "content_type_mismatch",
    /// A page number outside the document, or a PDF sent as other than page 1 of 1.
    BadPage = "bad_page",
    /// The review asked for one page again; only that page can be sent now.
    NotThePageAsked = "not_the_page_asked",
    EndorsementInProgress = "endorsement_in_progress",
    EndorsementWindowClosed = "endorsement_window_closed",
    // Photos.
    PhotoNotJpeg = "photo_not_jpeg",
    PhotoTooLarge = "photo_too_large",
    PhotoWrongSize = "photo_wrong_size",
    PhotoReviewOpen = "photo_review_open",
    // Physical cards and the permit.
    CardOrderOpen = "card_order_open",
    CardExists = "card_exists",
    NoCardYet = "no_card_yet",
    NothingToPay = "nothing_to_pay",
    ConfirmationRequired = "confirmation_required",
    AlreadyCancelled = "already_cancelled",
    // Shares (用证授权).
    /// A share request with problems; the detail names each (`share::ShareProblem`).
    ShareInvalid = "share_invalid",
    /// Not shared: the permit is suspended (endorse it first) or cancelled.
    PermitSuspended = "permit_suspended",
    PermitCancelled = "permit_cancelled",
    /// No such share for this holder, or, opening one, no such share with this secret.
    NoSuchShare = "no_such_share",
    ShareOpenRateLimited = "share_open_rate_limited",
    // Residence certificates (居住证明).
    /// The permit has no confirmed residence registration to date the certificate from.
    NoRegistration = "no_registration",
    /// The backend cannot set certificates now (its font is missing); try again later.
    CertificateUnavailable = "certificate_unavailable",
    // The challenge mode (请出示方扫码).
    /// No challenge with this id or number can be answered (never issued, used or expired):
    /// the counter's screen shows a new one.
    NoSuchChallenge = "no_such_challenge",
    /// Too many challenges looked up or answered by this holder; see `Retry-After`.
    ChallengeRateLimited = "challenge_rate_limited",
    // Test controls.
    ClockBackwards = "clock_backwards",
    InvalidPolicy = "invalid_policy",
    InvalidFault = "invalid_fault",
}

/// Reads a code as written on the wire; any other text is `Unknown`.
impl From<&str> for ErrorCode {
    fn from(text: &str) -> Self {
        Self::ALL.iter().copied().find(|c| c.as_str() == text).unwrap_or(Self::Unknown)
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_written_as_its_wire_name_and_read_back() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), *code);
        }
        let names: std::collections::HashSet<_> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), ErrorCode::ALL.len(), "no two codes share a name");
    }

    #[test]
    fn a_code_from_a_newer_backend_is_unknown_not_an_error() {
        assert_eq!(serde_json::from_str::<ErrorCode>("\"quantum_flux\"").unwrap(), ErrorCode::Unknown);
        assert_eq!(ErrorCode::from("quantum_flux"), ErrorCode::Unknown);
        assert_eq!(ErrorCode::from("otp_wrong"), ErrorCode::OtpWrong);
    }
}
