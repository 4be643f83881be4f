//! Test-only controls of the mock (off unless it runs with `--demo` or `--test-mode`).

use crate::token::CodePolicy;
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AdvanceClock {
    /// Milliseconds to move the mock's clock forward (never back).
    pub advance_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ClockState {
    pub server_time_ms: i64,
    pub offset_ms: i64,
}

/// A class of requests faults apply to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestClass {
    Auth,
    Read,
    Write,
    Upload,
    Verify,
    Events,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Fault {
    /// Added before the request is handled.
    #[serde(default)]
    pub latency_ms: u64,
    /// Share of requests (0 to 1) answered 503 `injected_fault` without being handled.
    #[serde(default)]
    pub error_rate: f64,
    /// Share of requests (0 to 1) handled, then the connection dropped before the answer.
    #[serde(default)]
    pub drop_rate: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SetFault {
    pub class: RequestClass,
    pub fault: Fault,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TestOtpRequest {
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TestOtp {
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PolicyUpdate {
    pub policy: CodePolicy,
}

/// How the simulated reviews decide from now on: approve (no reason) or reject with a reason;
/// and, with `retake`, ask once per application for a better copy of one page of its first
/// document before deciding.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ReviewOutcome {
    #[serde(default)]
    pub reject_reason: Option<String>,
    #[serde(default)]
    pub retake: Option<RetakeRequest>,
}

/// Which page the review asks to be sent again, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RetakeRequest {
    pub page: u8,
    pub reason_zh: String,
    pub reason_en: String,
}
