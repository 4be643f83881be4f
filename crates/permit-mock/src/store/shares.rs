//! Shares (用证授权) and each opening of one. The secret is stored only as its SHA-256.

use super::{to_json, Cached, Store};
use crate::error::ApiError;
use permit_core::share::ValidShare;
use rusqlite::{params, OptionalExtension, Row};

pub struct ShareRow {
    pub id: String,
    pub person_id: String,
    pub secret_hash: String,
    pub created_ms: i64,
    pub expires_ms: i64,
    pub revoked_ms: Option<i64>,
    pub terms: ValidShare,
    /// The signed statement (compact JWS).
    pub statement: String,
}

const COLUMNS: &str = "id, person_id, secret_hash, created_ms, expires_ms, revoked_ms, terms, statement";

fn row(r: &Row<'_>) -> rusqlite::Result<ShareRow> {
    let terms: String = r.get(6)?;
    Ok(ShareRow {
        id: r.get(0)?,
        person_id: r.get(1)?,
        secret_hash: r.get(2)?,
        created_ms: r.get(3)?,
        expires_ms: r.get(4)?,
        revoked_ms: r.get(5)?,
        terms: serde_json::from_str(&terms)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, Box::new(e)))?,
        statement: r.get(7)?,
    })
}

impl Store {
    /// A new share, with a copy of the photo it names (the statement carries its hash, so the
    /// copy, not a photo replaced since, is what the recipient is shown), or a certificate with
    /// its PDF (which holds the check code, so the holder can download it again).
    pub fn insert_share(&self, share: &ShareRow, photo: Option<&[u8]>, pdf: Option<&[u8]>) -> Result<(), ApiError> {
        self.conn().execute_cached(
            "INSERT INTO shares (id, person_id, secret_hash, created_ms, expires_ms, revoked_ms, terms, statement, photo, pdf) \
             VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?7, ?8, ?9)",
            params![
                share.id,
                share.person_id,
                share.secret_hash,
                share.created_ms,
                share.expires_ms,
                to_json(&share.terms),
                share.statement,
                photo,
                pdf
            ],
        )?;
        Ok(())
    }

    pub fn share(&self, id: &str) -> Result<Option<ShareRow>, ApiError> {
        Ok(self.conn().query_row_cached(&format!("SELECT {COLUMNS} FROM shares WHERE id = ?1"), params![id], row).optional()?)
    }

    /// The share whose secret hashes to `secret_hash`: a certificate, found by its check code.
    pub fn share_by_secret(&self, secret_hash: &str) -> Result<Option<ShareRow>, ApiError> {
        Ok(self
            .conn()
            .query_row_cached(&format!("SELECT {COLUMNS} FROM shares WHERE secret_hash = ?1"), params![secret_hash], row)
            .optional()?)
    }

    /// The holder's shares, newest first (at most 200).
    pub fn shares_of(&self, person_id: &str) -> Result<Vec<ShareRow>, ApiError> {
        let conn = self.conn();
        let mut stmt =
            conn.prepare_cached(&format!("SELECT {COLUMNS} FROM shares WHERE person_id = ?1 ORDER BY created_ms DESC, rowid DESC LIMIT 200"))?;
        let rows = stmt.query_map(params![person_id], row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn share_photo(&self, id: &str) -> Result<Option<Vec<u8>>, ApiError> {
        let photo: Option<Option<Vec<u8>>> =
            self.conn().query_row_cached("SELECT photo FROM shares WHERE id = ?1", params![id], |r| r.get(0)).optional()?;
        Ok(photo.flatten())
    }

    /// The PDF of the holder's certificate `id`; `None` for another person's, or a share.
    pub fn certificate_pdf(&self, id: &str, person_id: &str) -> Result<Option<Vec<u8>>, ApiError> {
        let pdf: Option<Option<Vec<u8>>> = self
            .conn()
            .query_row_cached("SELECT pdf FROM shares WHERE id = ?1 AND person_id = ?2", params![id, person_id], |r| r.get(0))
            .optional()?;
        Ok(pdf.flatten())
    }

    /// Revokes the holder's share at `now_ms` (a second revocation keeps the first time);
    /// `None` when the holder has no such share.
    pub fn revoke_share(&self, id: &str, person_id: &str, now_ms: i64) -> Result<Option<ShareRow>, ApiError> {
        let changed = self.conn().execute_cached(
            "UPDATE shares SET revoked_ms = COALESCE(revoked_ms, ?3) WHERE id = ?1 AND person_id = ?2",
            params![id, person_id, now_ms],
        )?;
        if changed == 0 {
            return Ok(None);
        }
        self.share(id)
    }

    /// Records an opening; whether it was the first.
    pub fn record_share_opening(&self, id: &str, now_ms: i64) -> Result<bool, ApiError> {
        self.transaction(|tx| {
            let before: i64 = tx.query_row("SELECT COUNT(*) FROM share_openings WHERE share_id = ?1", params![id], |r| r.get(0))?;
            tx.execute("INSERT INTO share_openings (share_id, at_ms) VALUES (?1, ?2)", params![id, now_ms])?;
            Ok(before == 0)
        })
    }

    /// When the share was opened, newest first (at most 200).
    pub fn share_openings(&self, id: &str) -> Result<Vec<i64>, ApiError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached("SELECT at_ms FROM share_openings WHERE share_id = ?1 ORDER BY at_ms DESC, rowid DESC LIMIT 200")?;
        let rows = stmt.query_map(params![id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
