//! Photos per person: `current` (on the permit) and `pending` (under review).

use super::{Cached, Store};
use crate::error::ApiError;
use rusqlite::{params, Connection, OptionalExtension};

impl Store {
    pub fn photo(&self, person_id: &str, slot: &str) -> Result<Option<Vec<u8>>, ApiError> {
        Ok(get(&self.conn(), person_id, slot)?)
    }
}

fn get(conn: &Connection, person_id: &str, slot: &str) -> rusqlite::Result<Option<Vec<u8>>> {
    conn.query_row_cached("SELECT jpeg FROM photos WHERE person_id = ?1 AND slot = ?2", params![person_id, slot], |r| r.get(0))
        .optional()
}

pub(super) fn put(conn: &Connection, person_id: &str, slot: &str, jpeg: &[u8]) -> rusqlite::Result<()> {
    conn.execute_cached(
        "INSERT INTO photos (person_id, slot, jpeg) VALUES (?1, ?2, ?3)
         ON CONFLICT(person_id, slot) DO UPDATE SET jpeg = ?3",
        params![person_id, slot, jpeg],
    )?;
    Ok(())
}

/// Makes the pending photo the current one (inside the caller's transaction).
pub(super) fn promote(conn: &Connection, person_id: &str) -> rusqlite::Result<()> {
    if let Some(jpeg) = get(conn, person_id, "pending")? {
        put(conn, person_id, "current", &jpeg)?;
        conn.execute_cached("DELETE FROM photos WHERE person_id = ?1 AND slot = 'pending'", [person_id])?;
    }
    Ok(())
}
