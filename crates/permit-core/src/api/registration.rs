//! Residence registration (居住登记): declare a usual address or link one on record; the
//! landlord, a police officer or a grid worker confirms it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Confirmer {
    /// 房东
    Landlord,
    /// 民警
    PoliceOfficer,
    /// 网格员
    GridWorker,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum DeclareRequest {
    /// Declare an address as the declaration form asks for it: city, county-level unit,
    /// street, building and room, the housing type, and the owner of a rented home.
    Declare { address: crate::address::StructuredAddress },
    /// Link an address already on record (from `addresses_on_record`).
    Link { record_id: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AddressOnRecord {
    pub record_id: String,
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CurrentRegistration {
    pub address: String,
    /// 粤居码: the residence code held once registration is complete.
    pub residence_code: String,
    pub confirmed_on: NaiveDate,
    pub confirmed_by: Confirmer,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PendingRegistration {
    pub id: String,
    pub address: String,
    pub declared_at_ms: i64,
    /// Who will confirm it, and when the mock will (simulated).
    pub confirmer: Confirmer,
    pub expected_confirmation_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RegistrationStatus {
    pub current: Option<CurrentRegistration>,
    pub pending: Option<PendingRegistration>,
    pub addresses_on_record: Vec<AddressOnRecord>,
}

/// A door-plate code (葵花码) as printed on a door: the demo lists them to scan from a second
/// screen (`GET /door-plates`, demo mode only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DoorPlate {
    pub id: String,
    /// The text in the QR code.
    pub code: String,
    /// The address the plate stands for, as one line.
    pub address: String,
}

/// A scanned door-plate code, to read its address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DoorPlateRequest {
    pub code: String,
}

/// The address of a genuine door-plate code, in the declaration's fields (the resident adds the
/// housing type and, for rented housing, the home owner).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DoorPlateAddress {
    pub city: String,
    pub county: String,
    pub street: String,
    pub building_room: String,
}
