//! The mock's stored records. They are the backend's own shape, not the API's: handlers map
//! them to `permit_core::api` types.

use permit_core::api::Role;
use serde::{Deserialize, Serialize};

/// A person known to the backend: a resident (with a profile) or counter staff.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    /// Stable label that stands for the person in logs instead of the phone number.
    pub label: String,
    pub role: Role,
    pub phone: String,
    pub name: String,
    pub situation_zh: String,
    pub situation_en: String,
    #[serde(default)]
    pub profile: Option<Profile>,
    #[serde(default)]
    pub staff: Option<StaffPost>,
}

/// What the civil registry knows of a resident: the statutory fields of the permit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Profile {
    pub id_number: String,
    pub ethnicity: String,
    pub household_address: String,
    pub residence_address: String,
}

/// Where a member of counter staff works.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StaffPost {
    pub department: String,
    pub counter: String,
}
