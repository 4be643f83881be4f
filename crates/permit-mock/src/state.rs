use crate::{clock::Clock, config::Config, store::Store};
use std::sync::Arc;

/// What every handler may reach, passed by axum's `State` extractor: no globals.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: Clock,
    pub config: Arc<Config>,
}
