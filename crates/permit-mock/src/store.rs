//! The embedded database (SQLite, one file in the data dir). Records are JSON documents in
//! small tables: the mock's shape changes often and integrators never see it.

use crate::{model::Person, seed};
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
    person_id TEXT NOT NULL REFERENCES persons(id),
    created_ms INTEGER NOT NULL
);
";

#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
}

impl Store {
    /// Opens (or creates) the database in `data_dir`, seeding the personas when it is empty
    /// or when `reset` asks for a fresh start.
    pub fn open(data_dir: &Path, reset: bool) -> Result<Self, Box<dyn std::error::Error>> {
        std::fs::create_dir_all(data_dir)?;
        let conn = Connection::open(data_dir.join("mock.sqlite3"))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let store = Self { conn: Arc::new(Mutex::new(conn)) };
        if reset {
            store.wipe()?;
        }
        store.conn().execute_batch(SCHEMA)?;
        let count: i64 = store.conn().query_row("SELECT COUNT(*) FROM persons", [], |r| r.get(0))?;
        if count == 0 {
            store.seed()?;
        }
        Ok(store)
    }

    /// Wipes every table and seeds the personas again.
    pub fn reset(&self) -> rusqlite::Result<()> {
        self.wipe()?;
        self.conn().execute_batch(SCHEMA)?;
        self.seed()
    }

    pub fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (each statement is atomic),
        // so a poisoned lock is safe to keep using.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn wipe(&self) -> rusqlite::Result<()> {
        self.conn().execute_batch(
            "DROP TABLE IF EXISTS sessions; DROP TABLE IF EXISTS otps; DROP TABLE IF EXISTS persons;",
        )
    }

    fn seed(&self) -> rusqlite::Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for person in seed::personas() {
            tx.execute(
                "INSERT INTO persons (id, label, phone, doc) VALUES (?1, ?2, ?3, ?4)",
                params![person.id, person.label, person.phone, to_json(&person)],
            )?;
        }
        tx.commit()
    }

    pub fn persons(&self) -> Result<Vec<Person>, crate::error::ApiError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT doc FROM persons ORDER BY rowid")?;
        let docs = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for doc in docs {
            out.push(serde_json::from_str(&doc?)?);
        }
        Ok(out)
    }

    pub fn person_by_phone(&self, phone: &str) -> Result<Option<Person>, crate::error::ApiError> {
        self.person_where("phone", phone)
    }

    pub fn person_by_id(&self, id: &str) -> Result<Option<Person>, crate::error::ApiError> {
        self.person_where("id", id)
    }

    fn person_where(&self, column: &str, value: &str) -> Result<Option<Person>, crate::error::ApiError> {
        let sql = format!("SELECT doc FROM persons WHERE {column} = ?1");
        let doc: Option<String> =
            self.conn().query_row(&sql, [value], |r| r.get(0)).optional()?;
        Ok(match doc {
            Some(doc) => Some(serde_json::from_str(&doc)?),
            None => None,
        })
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("records serialize")
}
