//! Small settings that survive a restart (the mock clock's offset, the code policy).

use super::{Cached, Store};
use crate::error::ApiError;
use rusqlite::{params, OptionalExtension};

impl Store {
    pub fn meta(&self, key: &str) -> Result<Option<String>, ApiError> {
        Ok(self.conn().query_row_cached("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<(), ApiError> {
        self.conn().execute_cached(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2",
            params![key, value],
        )?;
        Ok(())
    }
}
