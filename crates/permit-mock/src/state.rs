use crate::{clock::Clock, config::Config, faults::Faults, hub::EventHub, store::Store};
use permit_core::token::CodePolicy;
use std::sync::{Arc, RwLock};

/// What every handler may reach, passed by axum's `State` extractor: no globals.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: Clock,
    pub config: Arc<Config>,
    pub hub: EventHub,
    pub faults: Faults,
    pub policy: Arc<RwLock<CodePolicy>>,
    /// Set by tests: the reason the next application reviews will be rejected with.
    pub reject_reason: Arc<RwLock<Option<String>>>,
    /// Serializes writes that carry the same Idempotency-Key (see `idempotency`).
    pub idempotency_locks: crate::idempotency::KeyLocks,
    /// Abuse limits; replaced whole by the test reset.
    pub limits: Arc<RwLock<crate::limits::Limits>>,
}

impl AppState {
    pub fn policy(&self) -> CodePolicy {
        *self.policy.read().unwrap_or_else(|p| p.into_inner())
    }

    pub fn reject_reason(&self) -> Option<String> {
        self.reject_reason.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn set_reject_reason(&self, reason: Option<String>) {
        *self.reject_reason.write().unwrap_or_else(|p| p.into_inner()) = reason;
    }

    pub fn limits(&self) -> crate::limits::Limits {
        self.limits.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Forgets every bucket (test reset), keeping whether limits are on at all.
    pub fn reset_limits(&self) {
        if !self.config.no_limits {
            *self.limits.write().unwrap_or_else(|p| p.into_inner()) = crate::limits::Limits::default();
        }
    }

    pub fn set_policy(&self, policy: CodePolicy) {
        *self.policy.write().unwrap_or_else(|p| p.into_inner()) = policy;
    }
}
