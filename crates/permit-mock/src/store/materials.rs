//! Supporting documents uploaded for an application or an endorsement.

use permit_core::materials::MaterialKind;
use super::Cached;
use rusqlite::{params, Connection};

#[derive(Debug, Clone)]
pub struct MaterialRow {
    pub id: String,
    pub purpose: &'static str,
    pub kind: MaterialKind,
    pub content_type: &'static str,
    pub data: Vec<u8>,
    pub created_ms: i64,
}

/// Written with the application or endorsement that asked for it (`Also::Material`).
pub(super) fn insert(conn: &Connection, person_id: &str, m: &MaterialRow) -> rusqlite::Result<()> {
    conn.execute_cached(
        "INSERT INTO materials (id, person_id, purpose, kind, content_type, data, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![m.id, person_id, m.purpose, format!("{:?}", m.kind), m.content_type, m.data, m.created_ms],
    )?;
    Ok(())
}

impl super::Store {
    /// How many documents the person has uploaded.
    pub fn material_count(&self, person_id: &str) -> Result<i64, crate::error::ApiError> {
        Ok(self.conn().query_row_cached("SELECT COUNT(*) FROM materials WHERE person_id = ?1", [person_id], |r| r.get(0))?)
    }
}
