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
    /// Serializes writes that carry an Idempotency-Key (see `idempotency`).
    pub idempotency_lock: Arc<tokio::sync::Mutex<()>>,
}

impl AppState {
    pub fn policy(&self) -> CodePolicy {
        *self.policy.read().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set_policy(&self, policy: CodePolicy) {
        *self.policy.write().unwrap_or_else(|p| p.into_inner()) = policy;
    }
}
