//! Sessions, by the SHA-256 hash of their token (the token itself is never stored).

use super::{Cached, Store};
use crate::error::ApiError;
use rusqlite::{params, OptionalExtension};

pub struct SessionRow {
    pub person_id: String,
    pub created_ms: i64,
    pub last_seen_ms: i64,
}

impl Store {
    pub fn create_session(&self, token_hash: &str, person_id: &str, now_ms: i64) -> Result<(), ApiError> {
        self.conn().execute_cached(
            "INSERT INTO sessions (token_hash, person_id, created_ms, last_seen_ms) VALUES (?1, ?2, ?3, ?3)",
            params![token_hash, person_id, now_ms],
        )?;
        Ok(())
    }

    pub fn session(&self, token_hash: &str) -> Result<Option<SessionRow>, ApiError> {
        Ok(self
            .conn()
            .query_row_cached("SELECT person_id, created_ms, last_seen_ms FROM sessions WHERE token_hash = ?1", [token_hash], |r| {
                Ok(SessionRow { person_id: r.get(0)?, created_ms: r.get(1)?, last_seen_ms: r.get(2)? })
            })
            .optional()?)
    }

    pub fn touch_session(&self, token_hash: &str, now_ms: i64) -> Result<(), ApiError> {
        self.conn().execute_cached(
            "UPDATE sessions SET last_seen_ms = MAX(last_seen_ms, ?2) WHERE token_hash = ?1",
            params![token_hash, now_ms],
        )?;
        Ok(())
    }

    /// Ends one session; false when there was none.
    pub fn delete_session(&self, token_hash: &str) -> Result<bool, ApiError> {
        Ok(self.conn().execute_cached("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])? > 0)
    }

    /// Ends every session of the person but `keep` (when given); returns how many ended.
    pub fn delete_sessions_of(&self, person_id: &str, keep: Option<&str>) -> Result<usize, ApiError> {
        Ok(self.conn().execute_cached(
            "DELETE FROM sessions WHERE person_id = ?1 AND token_hash IS NOT ?2",
            params![person_id, keep],
        )?)
    }
}
