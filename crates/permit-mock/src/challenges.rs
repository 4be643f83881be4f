//! The challenges the counters' screens show (docs/challenge.md), kept in memory: each lives
//! a minute, so a restart only makes the screens ask for new ones, and an answer to a
//! forgotten challenge is refused as unknown, never accepted twice. One lock holds the book,
//! so of two answers to one challenge exactly one marks it answered.

use permit_core::{
    api::StaffPost,
    challenge::{ChallengeId, Issued, ID_LEN, LIFETIME_MS, NUMBER_DIGITS},
};
use rand::Rng;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex, MutexGuard},
};

/// Challenges a staff member may hold at once: a screen shows a new one every 20 s and each
/// lives 60 s, so three are live in normal use; more come from reloads and second screens.
const MAX_PER_STAFF: usize = 8;
/// How long an entry is kept after its minute, so that a late answer is told `challenge_expired`
/// rather than `unknown_challenge`.
const KEPT_MS: i64 = 2 * LIFETIME_MS;

#[derive(Debug, Clone)]
pub struct Entry {
    pub issued: Issued,
    pub staff_id: String,
    /// The six digits shown under the QR.
    pub number: String,
}

impl Entry {
    /// Whether it may still be answered at `now_ms`.
    pub fn is_open(&self, now_ms: i64) -> bool {
        !self.issued.answered && now_ms < self.issued.issued_at_ms.saturating_add(LIFETIME_MS)
    }
}

#[derive(Clone, Default)]
pub struct ChallengeBook(Arc<Mutex<HashMap<ChallengeId, Entry>>>);

impl ChallengeBook {
    fn lock(&self) -> MutexGuard<'_, HashMap<ChallengeId, Entry>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A new challenge for this staff member's post, with a number no open challenge has.
    pub fn issue(&self, staff_id: &str, post: StaffPost, now_ms: i64) -> Entry {
        let mut book = self.lock();
        book.retain(|_, e| now_ms < e.issued.issued_at_ms.saturating_add(KEPT_MS));
        let mut own: Vec<(i64, ChallengeId)> =
            book.iter().filter(|(_, e)| e.staff_id == staff_id).map(|(id, e)| (e.issued.issued_at_ms, *id)).collect();
        own.sort_unstable();
        for (_, oldest) in own.iter().take((own.len() + 1).saturating_sub(MAX_PER_STAFF)) {
            book.remove(oldest);
        }
        let mut rng = rand::rng();
        let id: ChallengeId = rng.random::<[u8; ID_LEN]>();
        let number = loop {
            let n = format!("{:0width$}", rng.random_range(0..10u32.pow(NUMBER_DIGITS as u32)), width = NUMBER_DIGITS);
            if !book.values().any(|e| e.number == n && e.is_open(now_ms)) {
                break n;
            }
        };
        let entry = Entry {
            issued: Issued { id, post, issued_at_ms: now_ms, answered: false },
            staff_id: staff_id.to_owned(),
            number,
        };
        book.insert(id, entry.clone());
        entry
    }

    /// The challenge, open or not (answered and expired ones are kept a while).
    pub fn find(&self, id: &ChallengeId) -> Option<Entry> {
        self.lock().get(id).cloned()
    }

    /// The open challenge showing this number.
    pub fn open_by_number(&self, number: &str, now_ms: i64) -> Option<Entry> {
        self.lock().values().find(|e| e.number == number && e.is_open(now_ms)).cloned()
    }

    /// Marks it answered; false when it was already (the other of two answers at once won).
    pub fn mark_answered(&self, id: &ChallengeId) -> bool {
        match self.lock().get_mut(id) {
            Some(e) if !e.issued.answered => {
                e.issued.answered = true;
                true
            }
            _ => false,
        }
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    /// How many challenges are kept, for tests of the bound.
    pub fn len(&self) -> usize {
        self.lock().len()
    }
}
