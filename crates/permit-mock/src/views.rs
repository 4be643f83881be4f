//! Stored records seen through the domain rules: eligibility facts, the permit as shown.

use crate::model::{Person, PermitRecord, Resident};
use chrono::NaiveDate;
use permit_core::{
    api::permit::{Permit, PermitStatus},
    eligibility::ApplicantFacts,
    endorsement::Schedule,
    CitizenId,
};

/// What the eligibility rules look at, from the resident's record.
pub fn facts(resident: &Resident, today: NaiveDate) -> ApplicantFacts {
    ApplicantFacts {
        registered_on: resident.registration.as_ref().map(|r| r.confirmed_on),
        conditions: resident.conditions.clone(),
        holds_hmt_permit: resident.holds_hmt_permit,
        holds_valid_physical_card: resident.physical_card.as_ref().is_some_and(|c| c.valid_until >= today),
        holds_electronic_permit: resident.permit.as_ref().is_some_and(|p| p.cancelled_at_ms.is_none()),
    }
}

pub fn schedule(permit: &PermitRecord) -> Schedule {
    Schedule {
        issued_on: permit.issued_on,
        years_endorsed: permit.years_endorsed,
        counts_from: permit.counts_from.unwrap_or(permit.issued_on),
        years_counted: permit.years_counted.unwrap_or(permit.years_endorsed),
    }
}

/// Records an endorsement in the permit.
pub fn set_schedule(permit: &mut PermitRecord, s: Schedule) {
    permit.years_endorsed = s.years_endorsed;
    permit.counts_from = Some(s.counts_from);
    permit.years_counted = Some(s.years_counted);
}

pub fn permit_status(permit: &PermitRecord, today: NaiveDate) -> PermitStatus {
    if permit.cancelled_at_ms.is_some() {
        return PermitStatus::Cancelled;
    }
    PermitStatus::of(schedule(permit).state(today))
}

/// The permit with every statutory field, or `None` when the person holds none.
pub fn permit(person: &Person, today: NaiveDate) -> Option<Permit> {
    let resident = person.resident.as_ref()?;
    let record = resident.permit.as_ref()?;
    let profile = person.profile.as_ref()?;
    let id = CitizenId::parse(&profile.id_number).ok()?;
    let status = permit_status(record, today);
    let residence_address = resident
        .registration
        .as_ref()
        .map_or_else(|| profile.residence_address.clone(), |r| r.address.clone());
    Some(Permit {
        number: record.number.clone(),
        name: person.name.clone(),
        sex: id.sex(),
        ethnicity: profile.ethnicity.clone(),
        birth_date: id.birth_date(),
        id_number: id.as_str().to_owned(),
        household_address: profile.household_address.clone(),
        residence_address,
        issuing_authority: record.authority.clone(),
        issued_on: record.issued_on,
        years_endorsed: record.years_endorsed,
        counts_from: schedule(record).counts_from,
        years_counted: schedule(record).years_counted,
        status,
        endorsement: (status != PermitStatus::Cancelled).then(|| schedule(record).state(today)),
        photo_path: "/api/v1/permit/photo".into(),
    })
}
