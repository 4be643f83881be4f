//! The embedded database (SQLite, one file in the data dir). People are JSON documents (their
//! shape changes often and integrators never see it); the rest are small tables.

use crate::{error::ApiError, model::Person, portrait, seed};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use std::{
    path::Path,
    sync::{Arc, Mutex, MutexGuard},
};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS persons (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL UNIQUE,
    phone TEXT NOT NULL UNIQUE,
    doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS otps (
    phone TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    expires_ms INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    created_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS photos (
    person_id TEXT NOT NULL,
    slot TEXT NOT NULL,
    jpeg BLOB NOT NULL,
    PRIMARY KEY (person_id, slot)
);
CREATE TABLE IF NOT EXISTS materials (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    purpose TEXT NOT NULL,
    kind TEXT NOT NULL,
    content_type TEXT NOT NULL,
    data BLOB NOT NULL,
    created_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS devices (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    public_key BLOB NOT NULL,
    label TEXT NOT NULL,
    registered_ms INTEGER NOT NULL,
    active INTEGER NOT NULL,
    last_iat INTEGER
);
CREATE TABLE IF NOT EXISTS verifications (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    body BLOB NOT NULL,
    created_ms INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE TABLE IF NOT EXISTS tickets (
    ticket_hash TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    expires_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
";

/// Bumped whenever `SCHEMA` changes.
const SCHEMA_VERSION: i64 = 2;

const TABLES: [&str; 11] = [
    "persons", "otps", "sessions", "photos", "materials", "messages", "devices", "verifications",
    "idempotency", "tickets", "meta",
];

#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
}

impl Store {
    /// Opens (or creates) the database in `data_dir`, seeding the personas when it is empty
    /// or when `reset` asks for a fresh start.
    pub fn open(data_dir: &Path, reset: bool, today: NaiveDate) -> Result<Self, Box<dyn std::error::Error>> {
        std::fs::create_dir_all(data_dir)?;
        let conn = Connection::open(data_dir.join("mock.sqlite3"))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let store = Self { conn: Arc::new(Mutex::new(conn)) };
        let version: i64 = store.conn().query_row("PRAGMA user_version", [], |r| r.get(0))?;
        // Demo data only: a store from an older schema starts afresh rather than migrating.
        if reset || version != SCHEMA_VERSION {
            store.wipe()?;
        }
        store.conn().execute_batch(SCHEMA)?;
        store.conn().pragma_update(None, "user_version", SCHEMA_VERSION)?;
        let count: i64 = store.conn().query_row("SELECT COUNT(*) FROM persons", [], |r| r.get(0))?;
        if count == 0 {
            store.seed(today)?;
        }
        Ok(store)
    }

    /// Wipes every table and seeds the personas again.
    pub fn reset(&self, today: NaiveDate) -> rusqlite::Result<()> {
        self.wipe()?;
        self.conn().execute_batch(SCHEMA)?;
        self.seed(today)
    }

    pub fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (each statement is atomic),
        // so a poisoned lock is safe to keep using.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn wipe(&self) -> rusqlite::Result<()> {
        let sql: String = TABLES.iter().map(|t| format!("DROP TABLE IF EXISTS {t};")).collect();
        self.conn().execute_batch(&sql)
    }

    fn seed(&self, today: NaiveDate) -> rusqlite::Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for (i, person) in seed::personas(today).into_iter().enumerate() {
            tx.execute(
                "INSERT INTO persons (id, label, phone, doc) VALUES (?1, ?2, ?3, ?4)",
                params![person.id, person.label, person.phone, to_json(&person)],
            )?;
            if person.resident.as_ref().is_some_and(|r| r.photo_on_file) {
                tx.execute(
                    "INSERT INTO photos (person_id, slot, jpeg) VALUES (?1, 'current', ?2)",
                    params![person.id, portrait::synthetic(i as u32)],
                )?;
            }
        }
        tx.commit()
    }

    pub fn persons(&self) -> Result<Vec<Person>, ApiError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT doc FROM persons ORDER BY rowid")?;
        let docs = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for doc in docs {
            out.push(serde_json::from_str(&doc?)?);
        }
        Ok(out)
    }

    pub fn person_by_phone(&self, phone: &str) -> Result<Option<Person>, ApiError> {
        self.person_where("phone", phone)
    }

    pub fn person_by_label(&self, label: &str) -> Result<Option<Person>, ApiError> {
        self.person_where("label", label)
    }

    pub fn person_by_id(&self, id: &str) -> Result<Option<Person>, ApiError> {
        self.person_where("id", id)
    }

    fn person_where(&self, column: &str, value: &str) -> Result<Option<Person>, ApiError> {
        let sql = format!("SELECT doc FROM persons WHERE {column} = ?1");
        let doc: Option<String> = self.conn().query_row(&sql, [value], |r| r.get(0)).optional()?;
        Ok(match doc {
            Some(doc) => Some(serde_json::from_str(&doc)?),
            None => None,
        })
    }

    pub fn save_person(&self, person: &Person) -> Result<(), ApiError> {
        self.conn().execute("UPDATE persons SET doc = ?2 WHERE id = ?1", params![person.id, to_json(person)])?;
        Ok(())
    }

    pub fn photo(&self, person_id: &str, slot: &str) -> Result<Option<Vec<u8>>, ApiError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT jpeg FROM photos WHERE person_id = ?1 AND slot = ?2",
                params![person_id, slot],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn put_photo(&self, person_id: &str, slot: &str, jpeg: &[u8]) -> Result<(), ApiError> {
        self.conn().execute(
            "INSERT INTO photos (person_id, slot, jpeg) VALUES (?1, ?2, ?3)
             ON CONFLICT(person_id, slot) DO UPDATE SET jpeg = ?3",
            params![person_id, slot, jpeg],
        )?;
        Ok(())
    }

    /// Makes the pending photo the current one.
    pub fn promote_photo(&self, person_id: &str) -> Result<(), ApiError> {
        if let Some(jpeg) = self.photo(person_id, "pending")? {
            self.put_photo(person_id, "current", &jpeg)?;
            self.conn()
                .execute("DELETE FROM photos WHERE person_id = ?1 AND slot = 'pending'", [person_id])?;
        }
        Ok(())
    }

    /// The JSON documents of one person in `messages` or `verifications`, newest first.
    pub fn person_docs<T: serde::de::DeserializeOwned>(&self, table: PersonTable, person_id: &str) -> Result<Vec<T>, ApiError> {
        let conn = self.conn();
        let sql = format!("SELECT doc FROM {} WHERE person_id = ?1 ORDER BY at_ms DESC, rowid DESC LIMIT 200", table.name());
        let mut stmt = conn.prepare(&sql)?;
        let docs = stmt.query_map([person_id], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for doc in docs {
            out.push(serde_json::from_str(&doc?)?);
        }
        Ok(out)
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>, ApiError> {
        Ok(self.conn().query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<(), ApiError> {
        self.conn().execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2",
            params![key, value],
        )?;
        Ok(())
    }
}

/// Tables that hold per-person JSON documents with a time.
#[derive(Debug, Clone, Copy)]
pub enum PersonTable {
    Messages,
    Verifications,
}

impl PersonTable {
    fn name(self) -> &'static str {
        match self {
            Self::Messages => "messages",
            Self::Verifications => "verifications",
        }
    }
}

pub fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("records serialize")
}
