//! Live events per signed-in person, fanned out to their open event streams.

use permit_core::api::events::Event;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};
use tokio::sync::broadcast;

#[derive(Clone, Default)]
pub struct EventHub {
    channels: Arc<Mutex<HashMap<String, broadcast::Sender<Event>>>>,
}

impl EventHub {
    pub fn subscribe(&self, person_id: &str) -> broadcast::Receiver<Event> {
        let mut channels = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        channels
            .entry(person_id.to_owned())
            .or_insert_with(|| broadcast::channel(64).0)
            .subscribe()
    }

    /// Sends to every open stream of the person; nobody listening is fine.
    pub fn publish(&self, person_id: &str, event: Event) {
        let channels = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(tx) = channels.get(person_id) {
            let _ = tx.send(event);
        }
    }
}
