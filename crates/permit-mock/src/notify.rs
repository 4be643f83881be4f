//! Messages to a holder: stored, and announced on the event stream at once.

use crate::{error::ApiError, ids::new_id, state::AppState, store::to_json};
use permit_core::api::{
    events::Event,
    messages::{Message, MessageKind},
};
use rusqlite::params;

pub struct Text<'a> {
    pub title_zh: &'a str,
    pub title_en: &'a str,
    pub body_zh: &'a str,
    pub body_en: &'a str,
}

pub fn send(state: &AppState, person_id: &str, kind: MessageKind, text: Text<'_>) -> Result<Message, ApiError> {
    let message = Message {
        id: new_id("msg"),
        kind,
        at_ms: state.clock.now_ms(),
        title_zh: text.title_zh.into(),
        title_en: text.title_en.into(),
        body_zh: text.body_zh.into(),
        body_en: text.body_en.into(),
        read: false,
    };
    state.store.conn().execute(
        "INSERT INTO messages (id, person_id, at_ms, doc) VALUES (?1, ?2, ?3, ?4)",
        params![message.id, person_id, message.at_ms, to_json(&message)],
    )?;
    state.hub.publish(
        person_id,
        Event::Message { id: message.id.clone(), title_zh: message.title_zh.clone(), title_en: message.title_en.clone() },
    );
    Ok(message)
}
