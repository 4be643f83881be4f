use crate::{clock::Clock, config::Config, faults::Faults, hub::EventHub, store::Store};
use permit_core::{api::testing::ReviewOutcome, token::CodePolicy};
use crate::certificate_pdf::CertificateFont;
use std::sync::{Arc, OnceLock, RwLock};

/// What every handler may reach, passed by axum's `State` extractor: no globals.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: Clock,
    pub config: Arc<Config>,
    pub hub: EventHub,
    /// The counters' open challenges (the challenge mode), in memory.
    pub challenges: crate::challenges::ChallengeBook,
    pub faults: Faults,
    pub policy: Arc<RwLock<CodePolicy>>,
    /// Set by tests: how the simulated reviews decide (`PUT /test/review-outcome`).
    pub review_outcome: Arc<RwLock<ReviewOutcome>>,
    /// Serializes writes that carry the same Idempotency-Key (see `idempotency`).
    pub idempotency_locks: crate::idempotency::KeyLocks,
    /// Abuse limits; replaced whole by the test reset.
    pub limits: Arc<RwLock<crate::limits::Limits>>,
    /// The certificates' font, read from `config.certificate_font` on first use (it is tens
    /// of megabytes, and most runs make no certificate).
    pub certificate_font: Arc<OnceLock<Result<CertificateFont, String>>>,
}

impl AppState {
    pub fn policy(&self) -> CodePolicy {
        *self.policy.read().unwrap_or_else(|p| p.into_inner())
    }

    pub fn review_outcome(&self) -> ReviewOutcome {
        self.review_outcome.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn set_review_outcome(&self, outcome: ReviewOutcome) {
        *self.review_outcome.write().unwrap_or_else(|p| p.into_inner()) = outcome;
    }

    pub fn limits(&self) -> crate::limits::Limits {
        self.limits.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Forgets every bucket (test reset), keeping whether limits are on at all.
    pub fn reset_limits(&self) {
        if !self.config.no_limits {
            *self.limits.write().unwrap_or_else(|p| p.into_inner()) = crate::limits::Limits::new(&self.clock);
        }
    }

    /// The certificates' font, or why there is none.
    pub fn certificate_font(&self) -> Result<&CertificateFont, String> {
        self.certificate_font.get_or_init(|| CertificateFont::load(&self.config.certificate_font)).as_ref().map_err(Clone::clone)
    }

    pub fn set_policy(&self, policy: CodePolicy) {
        *self.policy.write().unwrap_or_else(|p| p.into_inner()) = policy;
    }
}
