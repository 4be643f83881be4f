//! Used codes, written in groups. Each accepted code must be on disk before its verdict is
//! given (after a power cut it must still count as used), and with one `fsync` per use, each
//! under the store's one lock, counters reading different phones' codes at the same moment
//! waited on the disk one after another, each holding one of the server's threads. Here one
//! thread takes every use that is waiting, writes them in one transaction with
//! `synchronous = FULL`, and answers each: one `fsync` for the group, and the same rule, in the
//! same order, as one at a time (of two readings of one code, the first in the group wins).
//! The bench's verify load reads one code over and over and so never reaches this write: the
//! groups are not measured there.

use super::{lock, Cached};
use crate::error::ApiError;
use rusqlite::{params, Connection};
use std::sync::{mpsc, Arc, Mutex};
use tokio::sync::oneshot;

/// Most uses in one transaction: a bound on how long the first of a group waits.
const MOST_PER_GROUP: usize = 256;

struct Use {
    device_hex: String,
    iat: i64,
    answer: oneshot::Sender<Result<bool, ApiError>>,
}

/// The writer's queue. The thread holds the connection, not a `Store`: when the last `Store`
/// clone (and with it the last sender) is dropped, the thread ends.
#[derive(Clone)]
pub(super) struct CodeUses {
    queue: mpsc::Sender<Use>,
}

impl CodeUses {
    pub(super) fn start(conn: Arc<Mutex<Connection>>) -> std::io::Result<Self> {
        let (queue, waiting) = mpsc::channel::<Use>();
        std::thread::Builder::new().name("code-uses".into()).spawn(move || {
            while let Ok(first) = waiting.recv() {
                let mut group = vec![first];
                group.extend(waiting.try_iter().take(MOST_PER_GROUP - 1));
                match write_uses(&conn, &group) {
                    Ok(won) => {
                        for (one, won) in group.into_iter().zip(won) {
                            let _ = one.answer.send(Ok(won));
                        }
                    }
                    Err(e) => {
                        for one in group {
                            let _ = one.answer.send(Err(e.clone()));
                        }
                    }
                }
            }
        })?;
        Ok(Self { queue })
    }

    /// Records `iat` as the device's last accepted issue time if it is newer, durably; whether
    /// this use won.
    pub(super) async fn use_code(&self, device_hex: &str, iat: i64) -> Result<bool, ApiError> {
        let stopped = || ApiError::internal("the mock's code writer stopped; see the server log");
        let (answer, answered) = oneshot::channel();
        self.queue.send(Use { device_hex: device_hex.to_owned(), iat, answer }).map_err(|_| stopped())?;
        answered.await.map_err(|_| stopped())?
    }
}

/// Writes a group of uses in one durable transaction; whether each one won, in order.
fn write_uses(conn: &Mutex<Connection>, group: &[Use]) -> Result<Vec<bool>, ApiError> {
    let mut conn = lock(conn);
    conn.execute_cached("PRAGMA synchronous = FULL", [])?;
    let written = (|| {
        let tx = conn.transaction()?;
        let mut won = Vec::with_capacity(group.len());
        for one in group {
            let changed = tx.prepare_cached(
                "UPDATE devices SET last_iat = ?2 WHERE id = ?1 AND active = 1 AND (last_iat IS NULL OR last_iat < ?2)",
            )?
            .execute(params![one.device_hex, one.iat])?;
            won.push(changed == 1);
        }
        tx.commit()?;
        Ok::<_, rusqlite::Error>(won)
    })();
    conn.execute_cached("PRAGMA synchronous = NORMAL", [])?;
    Ok(written?)
}
