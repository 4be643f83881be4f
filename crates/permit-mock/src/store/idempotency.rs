//! Stored first answers of writes that carried an `Idempotency-Key` (see `crate::idempotency`).

use super::{Cached, Store};
use crate::error::ApiError;
use rusqlite::{params, OptionalExtension};

pub struct StoredAnswer {
    pub request_hash: String,
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Store {
    /// The answer stored for this key, unless it is older than `ttl_ms`.
    pub fn stored_answer(&self, scope: &str, key: &str, now_ms: i64, ttl_ms: i64) -> Result<Option<StoredAnswer>, ApiError> {
        Ok(self
            .conn()
            .query_row_cached(
                "SELECT request_hash, status, content_type, body FROM idempotency WHERE scope = ?1 AND key = ?2 AND created_ms > ?3",
                params![scope, key, now_ms - ttl_ms],
                |r| Ok(StoredAnswer { request_hash: r.get(0)?, status: r.get(1)?, content_type: r.get(2)?, body: r.get(3)? }),
            )
            .optional()?)
    }

    /// Stores an answer; in the same transaction drops answers older than `ttl_ms` and, past
    /// `max_rows`, the oldest ones, so the table stays bounded whatever keys clients send.
    pub fn store_answer(&self, scope: &str, key: &str, answer: &StoredAnswer, now_ms: i64, ttl_ms: i64, max_rows: i64) -> Result<(), ApiError> {
        self.transaction(|tx| {
            tx.execute_cached("DELETE FROM idempotency WHERE created_ms <= ?1", [now_ms - ttl_ms])?;
            tx.execute_cached(
                "INSERT INTO idempotency (scope, key, request_hash, status, content_type, body, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(scope, key) DO UPDATE SET request_hash = ?3, status = ?4, content_type = ?5, body = ?6, created_ms = ?7",
                params![scope, key, answer.request_hash, answer.status, answer.content_type, answer.body, now_ms],
            )?;
            tx.execute_cached(
                "DELETE FROM idempotency WHERE rowid IN (SELECT rowid FROM idempotency ORDER BY created_ms DESC, rowid DESC LIMIT -1 OFFSET ?1)",
                [max_rows],
            )?;
            Ok(())
        })
    }

    pub fn stored_answer_count(&self) -> Result<i64, ApiError> {
        Ok(self.conn().query_row_cached("SELECT COUNT(*) FROM idempotency", [], |r| r.get(0))?)
    }
}
