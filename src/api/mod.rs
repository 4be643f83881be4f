//! The typed client of the backend's `/api/v1`. Only this module knows URLs and HTTP: one
//! function per endpoint, problem documents mapped to [`AppError`], and the server clock read
//! from every response.

mod http;

use crate::{error::AppError, state::clock::ServerClock};
use permit_core::api::{Health, Me, OtpIssued, OtpRequest, PersonaSummary, Session, SessionRequest};

/// A handle for calling the API as someone (or no one). Cheap to clone.
#[derive(Clone, Default)]
pub struct Api {
    token: Option<String>,
    clock: Option<ServerClock>,
}

impl Api {
    pub fn new(token: Option<String>, clock: Option<ServerClock>) -> Self {
        Self { token, clock }
    }

    fn http(&self) -> http::Http<'_> {
        http::Http { token: self.token.as_deref(), clock: self.clock }
    }

    pub async fn health(&self) -> Result<Health, AppError> {
        self.http().get("/api/v1/health").await
    }

    pub async fn personas(&self) -> Result<Vec<PersonaSummary>, AppError> {
        self.http().get("/api/v1/personas").await
    }

    pub async fn request_otp(&self, phone: &str) -> Result<OtpIssued, AppError> {
        self.http().post("/api/v1/auth/otp", &OtpRequest { phone: phone.into() }).await
    }

    pub async fn create_session(&self, phone: &str, code: &str) -> Result<Session, AppError> {
        let body = SessionRequest { phone: phone.into(), code: code.into() };
        self.http().post("/api/v1/auth/session", &body).await
    }

    pub async fn me(&self) -> Result<Me, AppError> {
        self.http().get("/api/v1/me").await
    }

    pub async fn sign_out(&self) -> Result<(), AppError> {
        self.http().delete("/api/v1/auth/session").await
    }
}
