//! 办事: every service by its everyday name, whether it applies to this person now and why
//! not when it does not. Each opens its own short flow (one module per route).

pub mod apply;
pub mod cancel;
pub mod certificate;
pub mod card;
pub mod endorse;
pub mod registration;

use crate::{
    components::{acting_for::ActingForBanner, error_banner::ErrorBanner, page_header::PageHeader},
    error::AppError,
    i18n::{domain, use_i18n, Key},
    state::session::SessionStore,
};
use leptos::prelude::*;
use leptos_router::components::A;
use permit_core::{
    api::{
        application::Precheck, card::PhysicalCard, endorsement::EndorsementStatus, registration::RegistrationStatus,
    },
    eligibility::{Refusal, Route},
    endorsement::EndorsementState,
};

/// The colour of a service's line for an endorsement state.
fn endorsement_tone(s: &EndorsementState) -> &'static str {
    match s {
        EndorsementState::Valid { .. } => "ok",
        EndorsementState::WindowOpen { .. } => "warn",
        EndorsementState::Suspended { .. } => "bad",
    }
}

#[derive(Clone)]
struct Summary {
    precheck: Precheck,
    registration: RegistrationStatus,
    endorsement: Option<EndorsementStatus>,
    card: PhysicalCard,
}

impl Summary {
    fn holds_permit(&self) -> bool {
        self.precheck.eligibility.refusals.contains(&Refusal::AlreadyHoldsPermit)
    }
}

async fn load(session: SessionStore) -> Result<Summary, AppError> {
    let api = session.api();
    let precheck = api.precheck().await?;
    let registration = api.registration().await?;
    let holds = precheck.eligibility.refusals.contains(&Refusal::AlreadyHoldsPermit);
    let endorsement = if holds { api.endorsement().await.ok() } else { None };
    let card = api.card().await?;
    Ok(Summary { precheck, registration, endorsement, card })
}

#[component]
pub fn ServicesPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    let is_staff = session.is_staff();
    let summary = LocalResource::new(move || load(session));
    view! {
        <div class="page">
            <PageHeader title=Signal::derive(move || i18n.t(Key::ServicesTitle)) />
            <div class="page-body">
                <ActingForBanner />
                {if is_staff {
                    view! { <p class="section notice">{move || i18n.t(Key::CardStaffNote)}</p> }.into_any()
                } else {
                    view! {
                        <Suspense fallback=move || view! { <p class="muted">{move || i18n.t(Key::Loading)}</p> }>
                            {move || summary.get().map(|r| match r {
                                Ok(s) => view! { <ServiceList summary=s /> }.into_any(),
                                Err(e) => {
                                    let error = Signal::derive(move || Some(e.clone()));
                                    view! { <ErrorBanner error=error /> }.into_any()
                                }
                            })}
                        </Suspense>
                    }
                        .into_any()
                }}
            </div>
        </div>
    }
}

#[component]
fn ServiceList(summary: Summary) -> impl IntoView {
    let i18n = use_i18n();
    let s = StoredValue::new(summary);
    let registration = move || {
        s.with_value(|s| match (&s.registration.pending, &s.registration.current) {
            (Some(p), _) => (domain::awaiting_confirmation(p.confirmer, i18n.locale.get()), "warn"),
            (None, Some(c)) => (format!("{} · {}", i18n.t(Key::RegRegistered), c.residence_code), "ok"),
            (None, None) => (i18n.t(Key::RegNotRegistered).to_owned(), "muted"),
        })
    };
    let apply = move || {
        s.with_value(|s| match s.precheck.eligibility.route {
            Some(Route::Apply) => (i18n.t(Key::ApplyCan).to_owned(), "ok"),
            Some(Route::ClaimFromCard) => (i18n.t(Key::ApplyCanClaim).to_owned(), "ok"),
            None => (
                s.precheck
                    .eligibility
                    .refusals
                    .first()
                    .map(|r| domain::refusal(*r, i18n.locale.get()))
                    .unwrap_or_default(),
                if s.holds_permit() { "muted" } else { "bad" },
            ),
        })
    };
    let endorse = move || {
        s.with_value(|s| match &s.endorsement {
            Some(e) => (domain::endorsement_state(&e.state, i18n.locale.get()), endorsement_tone(&e.state)),
            None => (i18n.t(Key::NeedsPermitFirst).to_owned(), "muted"),
        })
    };
    let card = move || {
        s.with_value(|s| {
            if !s.card.address_matches {
                (i18n.t(Key::CardAddressOutdated).to_owned(), "warn")
            } else if s.card.has_card {
                (i18n.t(Key::CardHeld).to_owned(), "ok")
            } else {
                (i18n.t(Key::CardFirstFree).to_owned(), "muted")
            }
        })
    };
    let holds = s.with_value(Summary::holds_permit);
    let session = expect_context::<SessionStore>();
    let proxy = session.signed_in_user().is_some_and(|u| !u.dependants.is_empty());
    let cancel = move || {
        if holds {
            (i18n.t(Key::CancelAvailable).to_owned(), "muted")
        } else {
            (i18n.t(Key::NeedsPermitFirst).to_owned(), "muted")
        }
    };
    let certificate = move || {
        if holds {
            (i18n.t(Key::CertificateRowStatus).to_owned(), "muted")
        } else {
            (i18n.t(Key::NeedsPermitFirst).to_owned(), "muted")
        }
    };
    let row = move |href: &'static str, key: Key, status: Box<dyn Fn() -> (String, &'static str) + Send + Sync>, enabled: bool| {
        let status = std::sync::Arc::new(status);
        let text = {
            let status = status.clone();
            move || status().0
        };
        let tone = move || format!("service-status tone-{}", status().1);
        if enabled {
            view! {
                <li>
                    <A href=href attr:class="list-row service-row">
                        <span class="service-name">{move || i18n.t(key)}</span>
                        <span class=tone>{text}</span>
                        <span class="chevron" aria-hidden="true">"›"</span>
                    </A>
                </li>
            }
                .into_any()
        } else {
            view! {
                <li class="list-row service-row" aria-disabled="true">
                    <span class="service-name">{move || i18n.t(key)}</span>
                    <span class=tone>{text}</span>
                </li>
            }
                .into_any()
        }
    };
    view! {
        <ul class="section list" data-testid="services">
            {row("/services/registration", Key::ServiceRegister, Box::new(registration), true)}
            {row("/services/apply", Key::ServiceApply, Box::new(apply), true)}
            {row("/services/endorsement", Key::ServiceEndorse, Box::new(endorse), holds)}
            {row("/services/photo", Key::ServicePhoto, Box::new(move || (i18n.t(Key::PhotoRowStatus).to_owned(), "muted")), true)}
            {row("/services/card", Key::ServiceCard, Box::new(card), true)}
            {row("/services/certificate", Key::ServiceCertificate, Box::new(certificate), holds)}
            {row("/services/cancel", Key::ServiceCancel, Box::new(cancel), holds)}
            {proxy.then(|| row("/me", Key::ProxyTitle, Box::new(move || (i18n.t(Key::ProxyRowStatus).to_owned(), "muted")), true))}
        </ul>
    }
}
