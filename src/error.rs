//! One error type for the app: every failure the user can meet, as a value that maps to a
//! message in their language.

use crate::i18n::{Key, Locale};
use permit_core::api::Problem;

#[derive(Debug, Clone, PartialEq)]
pub enum AppError {
    /// The request never got an answer: offline, dropped connection, server down.
    Network,
    /// The backend refused with a problem document; `code` is its stable code.
    Api { status: u16, code: String, detail: String },
    /// The answer did not have the shape the app expects.
    Decode,
    /// The session is missing or no longer valid.
    SignedOut,
    /// The browser's WebCrypto or key storage failed (an insecure context, storage disabled).
    Crypto,
}

impl From<Problem> for AppError {
    fn from(p: Problem) -> Self {
        if p.status == 401 {
            return Self::SignedOut;
        }
        Self::Api { status: p.status, code: p.code, detail: p.detail }
    }
}

impl From<gloo_net::Error> for AppError {
    fn from(e: gloo_net::Error) -> Self {
        match e {
            gloo_net::Error::SerdeError(_) => Self::Decode,
            _ => Self::Network,
        }
    }
}

impl AppError {
    /// The message for the person using the app. Codes the app does not know yet fall back
    /// to a general message rather than the English detail meant for integrators.
    pub fn message(&self, locale: Locale) -> &'static str {
        let key = match self {
            Self::Network => Key::ErrNetwork,
            Self::Decode => Key::ErrUnexpected,
            Self::SignedOut => Key::ErrSignedOut,
            Self::Crypto => Key::ErrCrypto,
            Self::Api { code, status, .. } => match code.as_str() {
                "invalid_phone" => Key::ErrInvalidPhone,
                "unknown_phone" => Key::ErrUnknownPhone,
                "otp_wrong" => Key::ErrOtpWrong,
                "otp_expired" | "otp_missing" => Key::ErrOtpExpired,
                "otp_rate_limited" | "client_rate_limited" | "verify_rate_limited" | "self_test_rate_limited" => Key::ErrTooMany,
                "phone_locked" => Key::ErrPhoneLocked,
                "post_not_chosen" | "unknown_post" => Key::ErrPost,
                "endorsement_in_progress" => Key::ErrEndorsementInProgress,
                "endorsement_window_closed" => Key::ErrEndorsementClosed,
                "address_outside_guangdong" => Key::ErrAddressOutside,
                "address_too_short" => Key::ErrAddressShort,
                "address_too_long" => Key::ErrAddressLong,
                "registration_pending" => Key::ErrRegistrationPending,
                "same_address" => Key::ErrSameAddress,
                "application_open" => Key::ErrApplicationOpen,
                "not_eligible" | "condition_not_held" | "no_condition" => Key::ErrNotEligible,
                "unsupported_file_type" | "content_type_mismatch" => Key::UploadWrongType,
                "file_too_large" => Key::UploadTooLarge,
                "photo_not_jpeg" | "photo_wrong_size" => Key::PhotoTooSmallImage,
                "photo_too_large" => Key::PhotoCannotCompress,
                "photo_review_open" => Key::PhotoUnderReview,
                "card_order_open" | "card_exists" | "no_card_yet" | "nothing_to_pay" => Key::ErrCardOrder,
                "already_cancelled" => Key::BannerCancelled,
                "no_permit" => Key::NoPermitTitle,
                // A refusal the app does not know yet: say the request was refused, not that the
                // service is down.
                _ if *status < 500 => Key::ErrRefused,
                _ => Key::ErrUnexpected,
            },
        };
        key.text(locale)
    }
}
