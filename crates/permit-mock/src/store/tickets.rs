//! Single-use tickets that open an event stream, bound to the session that asked for one.

use super::{Cached, Store};
use crate::error::ApiError;
use rusqlite::{params, OptionalExtension};

impl Store {
    pub fn create_ticket(&self, ticket_hash: &str, person_id: &str, session_hash: &str, now_ms: i64, expires_ms: i64) -> Result<(), ApiError> {
        self.transaction(|tx| {
            tx.execute_cached("DELETE FROM tickets WHERE expires_ms < ?1", [now_ms])?;
            tx.execute_cached(
                "INSERT INTO tickets (ticket_hash, person_id, session_hash, expires_ms) VALUES (?1, ?2, ?3, ?4)",
                params![ticket_hash, person_id, session_hash, expires_ms],
            )?;
            Ok(())
        })
    }

    /// Uses up a ticket: the person and session it was issued to, if it is valid now.
    pub fn take_ticket(&self, ticket_hash: &str, now_ms: i64) -> Result<Option<(String, String)>, ApiError> {
        self.transaction(|tx| {
            let found = tx
                .query_row_cached(
                    "SELECT person_id, session_hash FROM tickets WHERE ticket_hash = ?1 AND expires_ms >= ?2",
                    params![ticket_hash, now_ms],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            tx.execute_cached("DELETE FROM tickets WHERE ticket_hash = ?1", [ticket_hash])?;
            Ok(found)
        })
    }
}
