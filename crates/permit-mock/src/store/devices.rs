//! Device keys that sign permit codes: one active device per person, and the last code
//! accepted from each (single use without a list).

use super::{Cached, Store};
use crate::error::ApiError;
use permit_core::token::DeviceRecord;
use rusqlite::{params, OptionalExtension};

pub struct DeviceRow {
    pub person_id: String,
    pub record: DeviceRecord,
}

pub struct ActiveDevice {
    pub id: String,
    pub label: String,
    pub registered_ms: i64,
}

impl Store {
    /// Registers a device as the person's only active one, in one transaction; returns the
    /// ids of the devices it replaced.
    pub fn register_device(&self, person_id: &str, id: &str, public_key: &[u8], label: &str, now_ms: i64) -> Result<Vec<String>, ApiError> {
        self.transaction(|tx| {
            let revoked: Vec<String> = {
                let mut stmt = tx.prepare_cached("SELECT id FROM devices WHERE person_id = ?1 AND active = 1")?;
                let ids = stmt.query_map([person_id], |row| row.get(0))?.collect::<Result<_, _>>()?;
                ids
            };
            tx.execute_cached("UPDATE devices SET active = 0 WHERE person_id = ?1", [person_id])?;
            tx.execute_cached(
                "INSERT INTO devices (id, person_id, public_key, label, registered_ms, active) VALUES (?1, ?2, ?3, ?4, ?5, 1)",
                params![id, person_id, public_key, label, now_ms],
            )?;
            Ok(revoked)
        })
    }

    pub fn active_device(&self, person_id: &str) -> Result<Option<ActiveDevice>, ApiError> {
        Ok(self
            .conn()
            .query_row_cached(
                "SELECT id, label, registered_ms FROM devices WHERE person_id = ?1 AND active = 1",
                [person_id],
                |r| Ok(ActiveDevice { id: r.get(0)?, label: r.get(1)?, registered_ms: r.get(2)? }),
            )
            .optional()?)
    }

    pub fn device(&self, id_hex: &str) -> Result<Option<DeviceRow>, ApiError> {
        Ok(self
            .conn()
            .query_row_cached("SELECT person_id, public_key, active, last_iat FROM devices WHERE id = ?1", [id_hex], |r| {
                Ok(DeviceRow {
                    person_id: r.get(0)?,
                    record: DeviceRecord { public_key: r.get(1)?, active: r.get::<_, i64>(2)? == 1, last_accepted_iat: r.get(3)? },
                })
            })
            .optional()?)
    }

    /// Uses up a code: records `iat` as the device's last accepted one, only if it is newer
    /// (atomic: of two counters reading one code at once, one wins). Returns whether this call
    /// won. This write is made durable before the verdict is given (`synchronous = FULL`, for
    /// the group of uses written together: `code_uses.rs`): after a power cut the code must
    /// still count as used.
    pub async fn use_code(&self, id_hex: &str, iat: i64) -> Result<bool, ApiError> {
        self.code_uses.use_code(id_hex, iat).await
    }
}
