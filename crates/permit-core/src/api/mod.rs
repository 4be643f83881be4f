//! The types of the HTTP API under `/api/v1`, shared by the app and the mock backend so the
//! two cannot drift apart. Field names are the wire names (snake_case JSON).

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The response header that carries the backend's clock in Unix milliseconds on every call.
/// The app keeps its offset from it; HTTP `Date` is too coarse and may be rewritten by proxies.
pub const SERVER_TIME_HEADER: &str = "x-server-time-ms";
/// The request header a client sets on every write so a retry never creates a second record.
pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
    /// True when the server runs with demo personas and shows one-time codes on screen.
    pub demo: bool,
    pub server_time_ms: i64,
}

/// What a demo persona is for: residents use the permit, staff verify codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Resident,
    Staff,
}

/// One demo persona as listed on the demo login screen. All of it is synthetic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PersonaSummary {
    /// Stable label used in logs instead of the phone number, e.g. `valid-permit`.
    pub label: String,
    pub name: String,
    pub role: Role,
    pub phone: String,
    /// One line, in Chinese, on the persona's situation.
    pub situation_zh: String,
    /// The same line in English.
    pub situation_en: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OtpRequest {
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OtpIssued {
    pub expires_in_s: u32,
    /// Only in demo mode: the code itself, so the demo login screen can show it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionRequest {
    pub phone: String,
    pub code: String,
}

/// A signed-in session. The token goes in `Authorization: Bearer …`, never in a URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Session {
    pub token: String,
    pub user: Me,
}

/// The signed-in user as the app shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Me {
    pub label: String,
    pub name: String,
    pub role: Role,
    /// Masked, e.g. `138****8000`.
    pub phone_masked: String,
    /// Set when a family member signs in to act for this person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acting_for: Option<ActingFor>,
    /// For counter staff: their department and counter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<StaffPost>,
    /// People this user may act for (under 18 or over 60, declared as their family).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependants: Vec<Dependant>,
}

/// Someone a family member may act for (代办).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Dependant {
    pub label: String,
    pub name: String,
    /// Who the dependant is to the user, e.g. 父亲 (father).
    pub relation_zh: String,
    pub relation_en: String,
}

/// The request header with which a family member acts for a dependant: every call then
/// reads and changes the dependant's records.
pub const ACTING_FOR_HEADER: &str = "x-acting-for";

/// Where a member of counter staff works: chosen once, recorded with every reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StaffPost {
    pub department: String,
    pub counter: String,
}

/// A department whose counters read permits, and its counters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Department {
    pub name: String,
    pub counters: Vec<String>,
}

/// An RFC 9457 problem document (`application/problem+json`). `code` is stable and is what
/// clients map to a message; `detail` is a human explanation in English for integrators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    pub code: ErrorCode,
    pub detail: String,
}

/// A demo persona's guardian: people under 18 or over 60 may be served by a family member
/// from the family member's own phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ActingFor {
    /// The family member who signs in and acts.
    pub guardian_name: String,
    /// e.g. 女儿 (daughter), 母亲 (mother).
    pub relation_zh: String,
    pub relation_en: String,
}

pub mod application;
mod error_code;
pub use error_code::ErrorCode;
pub mod card;
pub mod challenge;
pub mod device;
pub mod endorsement;
pub mod events;
pub mod messages;
pub mod permit;
pub mod photo;
pub mod registration;
pub mod share;
pub mod testing;
pub mod verification;
