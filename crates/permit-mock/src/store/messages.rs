//! Messages to a person, newest first.

use super::{Cached, to_json, Store};
use crate::error::ApiError;
use permit_core::api::messages::Message;
use rusqlite::{params, Connection, OptionalExtension};

impl Store {
    pub fn insert_message(&self, person_id: &str, message: &Message) -> Result<(), ApiError> {
        Ok(insert(&self.conn(), person_id, message)?)
    }

    pub fn messages(&self, person_id: &str) -> Result<Vec<Message>, ApiError> {
        self.docs_of("messages", person_id)
    }

    /// Marks one of the person's messages read; false when they have no such message.
    pub fn mark_message_read(&self, person_id: &str, id: &str) -> Result<bool, ApiError> {
        self.transaction(|tx| {
            let doc: Option<String> = tx
                .query_row_cached("SELECT doc FROM messages WHERE id = ?1 AND person_id = ?2", params![id, person_id], |r| r.get(0))
                .optional()?;
            let Some(doc) = doc else { return Ok(false) };
            let mut message: Message = serde_json::from_str(&doc).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
            message.read = true;
            tx.execute_cached("UPDATE messages SET doc = ?2 WHERE id = ?1", params![id, to_json(&message)])?;
            Ok(true)
        })
    }
}

pub(super) fn insert(conn: &Connection, person_id: &str, message: &Message) -> rusqlite::Result<()> {
    conn.execute_cached(
        "INSERT INTO messages (id, person_id, at_ms, doc) VALUES (?1, ?2, ?3, ?4)",
        params![message.id, person_id, message.at_ms, to_json(message)],
    )?;
    Ok(())
}
