//! Messages to a holder: stored, and announced on the event stream at once.

use crate::{error::ApiError, ids::new_id, state::AppState};
use permit_core::api::{
    events::Event,
    messages::{Message, MessageKind},
};

pub struct Text<'a> {
    pub title_zh: &'a str,
    pub title_en: &'a str,
    pub body_zh: &'a str,
    pub body_en: &'a str,
}

/// A new message, not yet stored (to be written with a person's change, `store::Also`).
pub fn compose(now_ms: i64, kind: MessageKind, text: Text<'_>) -> Message {
    Message {
        id: new_id("msg"),
        kind,
        at_ms: now_ms,
        title_zh: text.title_zh.into(),
        title_en: text.title_en.into(),
        body_zh: text.body_zh.into(),
        body_en: text.body_en.into(),
        read: false,
    }
}

/// Tells the person's open streams of a stored message.
pub fn announce(state: &AppState, person_id: &str, message: &Message) {
    state.hub.publish(
        person_id,
        Event::Message { id: message.id.clone(), title_zh: message.title_zh.clone(), title_en: message.title_en.clone() },
    );
}

/// Stores a message on its own and announces it.
pub fn send(state: &AppState, person_id: &str, kind: MessageKind, text: Text<'_>) -> Result<Message, ApiError> {
    let message = compose(state.clock.now_ms(), kind, text);
    state.store.insert_message(person_id, &message)?;
    announce(state, person_id, &message);
    Ok(message)
}
