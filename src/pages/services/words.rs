//! Domain states in plain words, shared by the service pages.

use crate::{
    i18n::{Key, Locale},
};
use permit_core::{api::registration::Confirmer, eligibility::Refusal, endorsement::EndorsementState};

pub fn refusal(r: Refusal, locale: Locale) -> String {
    match r {
        Refusal::NotRegistered => Key::RefusalNotRegistered.text(locale).to_owned(),
        Refusal::RegisteredTooRecently { eligible_from } => {
            Key::RefusalTooRecent.text(locale).replace("{date}", &crate::i18n::format::date(eligible_from, locale))
        }
        Refusal::NoQualifyingCondition => Key::RefusalNoCondition.text(locale).to_owned(),
        Refusal::HmtPermitHolder => Key::RefusalHmt.text(locale).to_owned(),
        Refusal::AlreadyHoldsPermit => Key::RefusalHolds.text(locale).to_owned(),
    }
}

pub fn confirmer(c: Confirmer, locale: Locale) -> &'static str {
    match c {
        Confirmer::Landlord => Key::ConfirmerLandlord,
        Confirmer::PoliceOfficer => Key::ConfirmerPolice,
        Confirmer::GridWorker => Key::ConfirmerGrid,
    }
    .text(locale)
}

pub fn awaiting_confirmation(c: Confirmer, locale: Locale) -> String {
    Key::RegAwaiting.text(locale).replace("{who}", confirmer(c, locale))
}

pub fn endorsement_state(s: &EndorsementState, locale: Locale) -> String {
    match *s {
        EndorsementState::Valid { window_opens, .. } => {
            Key::EndorseNextWindow.text(locale).replace("{date}", &crate::i18n::format::date(window_opens, locale))
        }
        EndorsementState::WindowOpen { days_left, .. } => {
            Key::EndorseOpenDays.text(locale).replace("{days}", &days_left.to_string())
        }
        EndorsementState::Suspended { .. } => Key::StatusSuspended.text(locale).to_owned(),
    }
}

pub fn endorsement_tone(s: &EndorsementState) -> &'static str {
    match s {
        EndorsementState::Valid { .. } => "ok",
        EndorsementState::WindowOpen { .. } => "warn",
        EndorsementState::Suspended { .. } => "bad",
    }
}
