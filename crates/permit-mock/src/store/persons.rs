//! People: one JSON document per person, with a version. A change is made by
//! [`Store::update_person`]: read the person and their version, apply the change to that copy
//! (no lock held), and write it only if the version is still the one read. A write based on a
//! stale copy (a cancellation racing the background tick or a verification) is refused and
//! the change runs again on fresh data, so no update is ever lost.

use permit_core::api::ErrorCode;
use super::{Cached, materials::MaterialRow, to_json, Store};
use crate::{error::ApiError, model::Person};
use axum::http::StatusCode;
use permit_core::api::messages::Message;
use rusqlite::{params, OptionalExtension};

/// Rows written in the same transaction as a person's change.
#[derive(Debug, Clone)]
pub enum Also {
    Message(Message),
    Material(MaterialRow),
    /// The pending photo becomes the current one.
    PromotePhoto,
    /// A photo into a slot (`current` or `pending`).
    Photo { slot: &'static str, jpeg: Vec<u8> },
}

/// How often a change is tried again on fresh data before the request gives up.
const MAX_ATTEMPTS: usize = 32;

impl Store {
    /// Adds people (the seed), each with an optional current photo, in one transaction.
    pub fn insert_people(&self, people: &[(Person, Option<Vec<u8>>)]) -> Result<(), ApiError> {
        self.transaction(|tx| {
            for (person, photo) in people {
                tx.execute_cached(
                    "INSERT INTO persons (id, label, phone, doc, version) VALUES (?1, ?2, ?3, ?4, 0)",
                    params![person.id, person.label, person.phone, to_json(person)],
                )?;
                if let Some(jpeg) = photo {
                    super::photos::put(tx, &person.id, "current", jpeg)?;
                }
            }
            Ok(())
        })
    }

    pub fn persons(&self) -> Result<Vec<Person>, ApiError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached("SELECT doc FROM persons ORDER BY rowid")?;
        let docs = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for doc in docs {
            out.push(serde_json::from_str(&doc?)?);
        }
        Ok(out)
    }

    pub fn person_ids(&self) -> Result<Vec<String>, ApiError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached("SELECT id FROM persons ORDER BY rowid")?;
        let ids = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(ids)
    }

    pub fn person_by_phone(&self, phone: &str) -> Result<Option<Person>, ApiError> {
        Ok(self.versioned("phone", phone)?.map(|(p, _)| p))
    }

    pub fn person_by_label(&self, label: &str) -> Result<Option<Person>, ApiError> {
        Ok(self.versioned("label", label)?.map(|(p, _)| p))
    }

    pub fn person_by_id(&self, id: &str) -> Result<Option<Person>, ApiError> {
        Ok(self.versioned("id", id)?.map(|(p, _)| p))
    }

    fn versioned(&self, column: &'static str, value: &str) -> Result<Option<(Person, i64)>, ApiError> {
        let sql = format!("SELECT doc, version FROM persons WHERE {column} = ?1");
        let row: Option<(String, i64)> =
            self.conn().query_row_cached(&sql, [value], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
        Ok(match row {
            Some((doc, version)) => Some((serde_json::from_str(&doc)?, version)),
            None => None,
        })
    }

    /// Changes one person: `change` edits a fresh copy and may add rows to write with it
    /// ([`Also`]). It may run more than once (on a conflict), so it must do nothing but edit
    /// its arguments. Nothing is written when it returns an error, or when it changed nothing.
    /// Returns its result and the person as written.
    pub fn update_person<T>(
        &self,
        id: &str,
        mut change: impl FnMut(&mut Person, &mut Vec<Also>) -> Result<T, ApiError>,
    ) -> Result<(T, Person), ApiError> {
        for _ in 0..MAX_ATTEMPTS {
            let (mut person, version) =
                self.versioned("id", id)?.ok_or_else(|| ApiError::not_found("no such person"))?;
            let before = to_json(&person);
            let mut also = Vec::new();
            let out = change(&mut person, &mut also)?;
            let after = to_json(&person);
            if before == after && also.is_empty() {
                return Ok((out, person));
            }
            let written = self.transaction(|tx| {
                let n = tx.execute_cached(
                    "UPDATE persons SET doc = ?3, version = version + 1 WHERE id = ?1 AND version = ?2",
                    params![id, version, after],
                )?;
                if n == 0 {
                    // Someone wrote first: nothing else is written, and the change runs again.
                    return Ok(false);
                }
                for row in &also {
                    write_also(tx, id, row)?;
                }
                Ok(true)
            })?;
            if written {
                return Ok((out, person));
            }
            std::thread::yield_now();
        }
        Err(ApiError::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Busy, "the record changed too often to save; try again"))
    }
}

fn write_also(tx: &rusqlite::Transaction<'_>, person_id: &str, row: &Also) -> rusqlite::Result<()> {
    match row {
        Also::Message(m) => super::messages::insert(tx, person_id, m),
        Also::Material(m) => super::materials::insert(tx, person_id, m),
        Also::PromotePhoto => super::photos::promote(tx, person_id),
        Also::Photo { slot, jpeg } => super::photos::put(tx, person_id, slot, jpeg),
    }
}
