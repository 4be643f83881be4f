//! One error type for the app: every failure the user can meet, as a value that maps to a
//! message in their language.

use crate::i18n::{Key, Locale};
use permit_core::api::{ErrorCode, Problem};

#[derive(Debug, Clone, PartialEq)]
pub enum AppError {
    /// The request never got an answer: offline, dropped connection, server down.
    Network,
    /// The backend refused with a problem document; `code` is its stable code.
    Api { status: u16, code: ErrorCode, detail: String },
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
            Self::Api { code, status, .. } => match code {
                ErrorCode::InvalidPhone => Key::ErrInvalidPhone,
                ErrorCode::UnknownPhone => Key::ErrUnknownPhone,
                ErrorCode::OtpWrong => Key::ErrOtpWrong,
                ErrorCode::OtpExpired | ErrorCode::OtpMissing => Key::ErrOtpExpired,
                ErrorCode::OtpRateLimited | ErrorCode::ClientRateLimited | ErrorCode::VerifyRateLimited | ErrorCode::SelfTestRateLimited => Key::ErrTooMany,
                ErrorCode::PhoneLocked => Key::ErrPhoneLocked,
                ErrorCode::PostNotChosen | ErrorCode::UnknownPost => Key::ErrPost,
                ErrorCode::EndorsementInProgress => Key::ErrEndorsementInProgress,
                ErrorCode::EndorsementWindowClosed => Key::ErrEndorsementClosed,
                ErrorCode::AddressOutsideGuangdong => Key::ErrAddressOutside,
                ErrorCode::AddressTooShort => Key::ErrAddressShort,
                ErrorCode::AddressTooLong => Key::ErrAddressLong,
                ErrorCode::AddressInvalid => Key::ErrAddressInvalid,
                ErrorCode::DoorPlateInvalid => Key::ErrDoorPlate,
                ErrorCode::RegistrationPending => Key::ErrRegistrationPending,
                ErrorCode::SameAddress => Key::ErrSameAddress,
                ErrorCode::ApplicationOpen => Key::ErrApplicationOpen,
                ErrorCode::NotEligible | ErrorCode::NoCondition => Key::ErrNotEligible,
                ErrorCode::UnsupportedFileType | ErrorCode::ContentTypeMismatch => Key::UploadWrongType,
                ErrorCode::FileTooLarge => Key::UploadTooLarge,
                ErrorCode::BadPage => Key::ErrBadPage,
                ErrorCode::NotThePageAsked => Key::ErrNotThePageAsked,
                ErrorCode::PhotoNotJpeg | ErrorCode::PhotoWrongSize => Key::PhotoTooSmallImage,
                ErrorCode::PhotoTooLarge => Key::PhotoCannotCompress,
                ErrorCode::PhotoReviewOpen => Key::PhotoUnderReview,
                ErrorCode::CardOrderOpen | ErrorCode::CardExists | ErrorCode::NoCardYet | ErrorCode::NothingToPay => Key::ErrCardOrder,
                ErrorCode::AlreadyCancelled => Key::BannerCancelled,
                ErrorCode::NoPermit => Key::NoPermitTitle,
                ErrorCode::PermitSuspended => Key::ErrShareSuspended,
                ErrorCode::PermitCancelled => Key::BannerCancelled,
                ErrorCode::ShareOpenRateLimited => Key::ErrTooMany,
                ErrorCode::NoSuchShare => Key::SharedBadLink,
                ErrorCode::CertificateUnavailable => Key::ErrCertificateUnavailable,
                ErrorCode::NoRegistration => Key::ErrNoRegistration,
                ErrorCode::NoSuchChallenge => Key::AnswerQrGone,
                ErrorCode::ChallengeRateLimited => Key::ErrTooMany,
                // A refusal the app does not know yet: say the request was refused, not that the
                // service is down.
                _ if *status < 500 => Key::ErrRefused,
                _ => Key::ErrUnexpected,
            },
        };
        key.text(locale)
    }
}
