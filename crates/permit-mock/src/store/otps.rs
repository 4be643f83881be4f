//! One-time codes per phone, and the wrong codes typed for each phone across codes.

use super::{Cached, Store};
use crate::error::ApiError;
use rusqlite::{params, Connection, OptionalExtension};

/// The limits a guess is checked against (chosen in `routes::auth`).
#[derive(Debug, Clone, Copy)]
pub struct OtpRules {
    /// Wrong tries that void one code.
    pub attempts_per_code: i64,
    /// Wrong codes per phone in any `window_ms`, across codes, before the phone is locked.
    pub failures_per_window: i64,
    pub window_ms: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtpCheck {
    Accepted,
    /// Not accepted, and counted as a wrong code for the phone; `locked_now` when this guess
    /// used up the phone's allowance.
    Refused { reason: OtpRefusal, locked_now: bool },
    /// Too many wrong codes: every guess is refused until `until_ms`, even the right one.
    Locked { until_ms: i64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtpRefusal {
    Wrong,
    /// Timed out, or voided by too many wrong tries.
    Expired,
    /// No code was sent.
    Missing,
}

impl Store {
    pub fn put_otp(&self, phone: &str, code: &str, expires_ms: i64) -> Result<(), ApiError> {
        self.conn().execute_cached(
            "INSERT INTO otps (phone, code, expires_ms, attempts) VALUES (?1, ?2, ?3, 0)
             ON CONFLICT(phone) DO UPDATE SET code = ?2, expires_ms = ?3, attempts = 0",
            params![phone, code, expires_ms],
        )?;
        Ok(())
    }

    /// The code last sent to a phone (test endpoint only).
    pub fn otp_code(&self, phone: &str) -> Result<Option<String>, ApiError> {
        Ok(self.conn().query_row_cached("SELECT code FROM otps WHERE phone = ?1", [phone], |r| r.get(0)).optional()?)
    }

    /// Until when the phone is locked, if it is.
    pub fn otp_locked_until(&self, phone: &str, now_ms: i64, rules: OtpRules) -> Result<Option<i64>, ApiError> {
        Ok(locked_until(&self.conn(), phone, now_ms, rules)?)
    }

    /// Checks a guess and counts it, as one step under one transaction: parallel guesses each
    /// see the count the one before left, so twenty at once count as twenty.
    pub fn check_otp(&self, phone: &str, given: &str, now_ms: i64, rules: OtpRules) -> Result<OtpCheck, ApiError> {
        self.transaction(|tx| {
            if let Some(until_ms) = locked_until(tx, phone, now_ms, rules)? {
                return Ok(OtpCheck::Locked { until_ms });
            }
            let stored: Option<(String, i64, i64)> = tx
                .query_row_cached("SELECT code, expires_ms, attempts FROM otps WHERE phone = ?1", [phone], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()?;
            let reason = match stored {
                None => OtpRefusal::Missing,
                Some((_, expires_ms, attempts)) if expires_ms < now_ms || attempts >= rules.attempts_per_code => {
                    tx.execute_cached("DELETE FROM otps WHERE phone = ?1", [phone])?;
                    OtpRefusal::Expired
                }
                Some((code, ..)) if code == given => {
                    tx.execute_cached("DELETE FROM otps WHERE phone = ?1", [phone])?;
                    return Ok(OtpCheck::Accepted);
                }
                Some(_) => {
                    tx.execute_cached("UPDATE otps SET attempts = attempts + 1 WHERE phone = ?1", [phone])?;
                    OtpRefusal::Wrong
                }
            };
            // Every guess that is not the right code counts, on a voided code too: the
            // allowance is per phone, not per code.
            tx.execute_cached("DELETE FROM otp_failures WHERE at_ms <= ?1", [now_ms - rules.window_ms])?;
            tx.execute_cached("INSERT INTO otp_failures (phone, at_ms) VALUES (?1, ?2)", params![phone, now_ms])?;
            let locked_now = locked_until(tx, phone, now_ms, rules)?.is_some();
            Ok(OtpCheck::Refused { reason, locked_now })
        })
    }
}

/// Locked while the phone has `failures_per_window` wrong codes in the last `window_ms`; the
/// lock ends when the oldest of those leaves the window.
fn locked_until(conn: &Connection, phone: &str, now_ms: i64, rules: OtpRules) -> rusqlite::Result<Option<i64>> {
    let nth_newest: Option<i64> = conn
        .query_row_cached(
            "SELECT at_ms FROM otp_failures WHERE phone = ?1 AND at_ms > ?2 ORDER BY at_ms DESC LIMIT 1 OFFSET ?3",
            params![phone, now_ms - rules.window_ms, rules.failures_per_window - 1],
            |r| r.get(0),
        )
        .optional()?;
    Ok(nth_newest.map(|at| at + rules.window_ms))
}
