//! The issuer's signing keys (docs/sharing.md): one active, older ones kept, retired, while
//! statements they signed may still be valid.

use super::{Cached, Store};
use crate::error::ApiError;
use rusqlite::{params, OptionalExtension};

pub struct IssuerKeyRow {
    pub kid: String,
    /// The private key, PKCS#8 as `ring` makes it. Never leaves the mock's data directory.
    pub pkcs8: Vec<u8>,
    /// Uncompressed SEC1 point, as published.
    pub public_key: Vec<u8>,
}

impl Store {
    /// The key new statements are signed with.
    pub fn active_issuer_key(&self) -> Result<Option<IssuerKeyRow>, ApiError> {
        Ok(self
            .conn()
            .query_row_cached(
                "SELECT kid, pkcs8, public_key FROM issuer_keys WHERE retired_ms IS NULL ORDER BY created_ms DESC LIMIT 1",
                [],
                |r| Ok(IssuerKeyRow { kid: r.get(0)?, pkcs8: r.get(1)?, public_key: r.get(2)? }),
            )
            .optional()?)
    }

    /// Retires every active key and makes `row` the active one, in one transaction.
    pub fn replace_issuer_key(&self, row: &IssuerKeyRow, now_ms: i64) -> Result<(), ApiError> {
        self.transaction(|tx| {
            tx.execute("UPDATE issuer_keys SET retired_ms = ?1 WHERE retired_ms IS NULL", params![now_ms])?;
            tx.execute(
                "INSERT INTO issuer_keys (kid, pkcs8, public_key, created_ms) VALUES (?1, ?2, ?3, ?4)",
                params![row.kid, row.pkcs8, row.public_key, now_ms],
            )?;
            Ok(())
        })
    }

    /// `(kid, public key)` of the active key and of every key retired after `retired_since_ms`
    /// (a statement it signed before it was retired may still be valid), newest first.
    pub fn published_issuer_keys(&self, retired_since_ms: i64) -> Result<Vec<(String, Vec<u8>)>, ApiError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT kid, public_key FROM issuer_keys WHERE retired_ms IS NULL OR retired_ms > ?1 ORDER BY created_ms DESC",
        )?;
        let rows = stmt.query_map(params![retired_since_ms], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
