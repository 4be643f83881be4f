//! The mock's stored records. They are the backend's own shape, not the API's: handlers map
//! them to `permit_core::api` types.

use chrono::NaiveDate;
use permit_core::endorsement::Reminder;
use permit_core::{
    api::{
        application::{DocumentPage, Retake, ReviewStatus},
        card::{CardKind, CardOrderStatus},
        registration::Confirmer,
        Role, StaffPost,
    },
    eligibility::{Condition, Route},
    materials::MaterialKind,
    photo::PhotoWarning,
};
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
    #[serde(default)]
    pub resident: Option<Resident>,
    /// Set for this request only, when a family member acts for this person.
    #[serde(skip)]
    pub acting_guardian: Option<Guardian>,
}

/// What the civil registry knows of a resident: the statutory fields of the permit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Profile {
    pub id_number: String,
    pub ethnicity: String,
    pub household_address: String,
    pub residence_address: String,
}

/// A resident's whole situation with the permit office.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Resident {
    pub registration: Option<Registration>,
    pub pending_registration: Option<PendingRegistration>,
    pub conditions: Vec<Condition>,
    /// Whether the government-data check confirms the conditions without documents.
    pub data_check_passes: bool,
    pub holds_hmt_permit: bool,
    pub physical_card: Option<PhysicalCardRecord>,
    pub permit: Option<PermitRecord>,
    pub application: Option<ApplicationRecord>,
    pub endorsement_request: Option<ReviewRecord>,
    pub photo_on_file: bool,
    pub photo_review: Option<PhotoReviewRecord>,
    pub guardian: Option<Guardian>,
    pub card_orders: Vec<CardOrderRecord>,
    /// Set once the "you may apply" message was sent, so it is sent once.
    #[serde(default)]
    pub told_may_apply: bool,
    /// The last endorsement reminder sent, with the deadline it was about, so each reminder
    /// of each endorsement year is sent once.
    #[serde(default)]
    pub last_reminder: Option<(NaiveDate, Reminder)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Registration {
    pub address: String,
    pub residence_code: String,
    pub confirmed_on: NaiveDate,
    pub confirmed_by: Confirmer,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingRegistration {
    pub id: String,
    pub address: String,
    pub declared_at_ms: i64,
    pub confirmer: Confirmer,
    pub confirm_at_ms: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PhysicalCardRecord {
    pub address: String,
    pub valid_until: NaiveDate,
    /// The card's issue date and endorsements: an electronic permit claimed from the card
    /// keeps them (`None`: unknown, the claim counts from its own day).
    #[serde(default)]
    pub issued_on: Option<NaiveDate>,
    #[serde(default)]
    pub years_endorsed: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PermitRecord {
    pub number: String,
    pub issued_on: NaiveDate,
    pub years_endorsed: u32,
    /// Where a late endorsement restarted the count of residence years (`None`: the issue
    /// date, with every endorsement on time). See `permit_core::endorsement`.
    #[serde(default)]
    pub counts_from: Option<NaiveDate>,
    #[serde(default)]
    pub years_counted: Option<u32>,
    pub authority: String,
    pub cancelled_at_ms: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApplicationRecord {
    pub id: String,
    pub route: Route,
    pub conditions: Vec<Condition>,
    pub status: ReviewStatus,
    pub submitted_at_ms: i64,
    pub materials: Vec<MaterialKind>,
    pub decide_at_ms: Option<i64>,
    #[serde(default)]
    pub rejection_reason: Option<String>,
    /// The first physical card was ordered with the application.
    #[serde(default)]
    pub physical_card: bool,
    /// Every page of every document received.
    #[serde(default)]
    pub pages: Vec<DocumentPage>,
    /// A page the review asked to be sent again.
    #[serde(default)]
    pub retake: Option<Retake>,
    /// Whether the review already asked for a page once (it asks at most once).
    #[serde(default)]
    pub retaken: bool,
}

/// An endorsement waiting for documents or a decision.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReviewRecord {
    pub id: String,
    /// The day it was submitted, which decides whether an endorsement was on time.
    #[serde(default)]
    pub submitted_on: Option<NaiveDate>,
    pub status: ReviewStatus,
    pub materials: Vec<MaterialKind>,
    pub decide_at_ms: Option<i64>,
    /// Every page of every document received.
    #[serde(default)]
    pub pages: Vec<DocumentPage>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PhotoReviewRecord {
    pub id: String,
    pub status: ReviewStatus,
    pub submitted_at_ms: i64,
    pub bytes: usize,
    pub warnings: Vec<PhotoWarning>,
    pub decide_at_ms: Option<i64>,
}

/// A family member declared to act for this person, and what they are to each other.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Guardian {
    /// The guardian's own persona.
    pub label: String,
    pub name: String,
    /// The guardian, as seen from the dependant: 女儿 (daughter).
    pub relation_zh: String,
    pub relation_en: String,
    /// The dependant, as seen from the guardian: 父亲 (father).
    pub dependant_relation_zh: String,
    pub dependant_relation_en: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CardOrderRecord {
    pub id: String,
    pub kind: CardKind,
    pub fee_yuan: u32,
    pub status: CardOrderStatus,
    pub created_at_ms: i64,
    pub ready_at_ms: Option<i64>,
}
