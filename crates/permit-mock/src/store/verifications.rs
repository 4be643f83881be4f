//! Readings of holders' codes at counters.

use super::{Cached, to_json, Store};
use crate::error::ApiError;
use permit_core::api::verification::VerificationRecord;
use rusqlite::{params, OptionalExtension};

/// One reading, as the staff who made it may see it again.
pub struct Reading {
    pub holder_id: String,
    pub record: VerificationRecord,
}

impl Store {
    pub fn insert_verification(&self, holder_id: &str, staff_id: &str, record: &VerificationRecord) -> Result<(), ApiError> {
        self.conn().execute_cached(
            "INSERT INTO verifications (id, person_id, staff_id, at_ms, doc) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![record.id, holder_id, staff_id, record.at_ms, to_json(record)],
        )?;
        Ok(())
    }

    /// Every reading of this holder's codes, newest first.
    pub fn verifications(&self, holder_id: &str) -> Result<Vec<VerificationRecord>, ApiError> {
        self.docs_of("verifications", holder_id)
    }

    /// A reading made by this staff member.
    pub fn reading_by(&self, id: &str, staff_id: &str) -> Result<Option<Reading>, ApiError> {
        let row: Option<(String, String)> = self
            .conn()
            .query_row_cached("SELECT person_id, doc FROM verifications WHERE id = ?1 AND staff_id = ?2", params![id, staff_id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        Ok(match row {
            Some((holder_id, doc)) => Some(Reading { holder_id, record: serde_json::from_str(&doc)? }),
            None => None,
        })
    }
}
