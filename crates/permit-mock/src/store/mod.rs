//! The mock's one data layer: the only code that speaks SQL (SQLite, one file in the data
//! dir). One file per table or aggregate; every change of more than one row runs in one
//! transaction; a person is changed only through [`Store::update_person`], which refuses a
//! stale write and retries it on fresh data instead of overwriting (see `persons`).
//!
//! People are JSON documents (their shape changes often and integrators never see it); the
//! rest are small tables. Seeding the demo lives in `crate::seed`, not here.

mod code_uses;
mod devices;
mod idempotency;
mod issuer_keys;
mod materials;
mod messages;
mod meta;
mod otps;
mod persons;
mod photos;
mod sessions;
mod shares;
mod tickets;
mod verifications;

pub use devices::DeviceRow;
pub use idempotency::StoredAnswer;
pub use issuer_keys::IssuerKeyRow;
pub use materials::MaterialRow;
pub use otps::{OtpCheck, OtpRefusal, OtpRules};
pub use persons::Also;
pub use sessions::SessionRow;
pub use shares::ShareRow;

use crate::error::ApiError;
use rusqlite::Connection;
use std::{
    path::Path,
    sync::{Arc, Mutex, MutexGuard},
};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS persons (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL UNIQUE,
    phone TEXT NOT NULL UNIQUE,
    doc TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS otps (
    phone TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    expires_ms INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS otp_failures (
    phone TEXT NOT NULL,
    at_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS otp_failures_by_phone ON otp_failures (phone, at_ms);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    last_seen_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_person ON sessions (person_id);
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
CREATE INDEX IF NOT EXISTS idempotency_by_age ON idempotency (created_ms);
CREATE TABLE IF NOT EXISTS tickets (
    ticket_hash TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    session_hash TEXT NOT NULL,
    expires_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS issuer_keys (
    kid TEXT PRIMARY KEY,
    pkcs8 BLOB NOT NULL,
    public_key BLOB NOT NULL,
    created_ms INTEGER NOT NULL,
    retired_ms INTEGER
);
CREATE TABLE IF NOT EXISTS shares (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL,
    revoked_ms INTEGER,
    terms TEXT NOT NULL,
    statement TEXT NOT NULL,
    photo BLOB,
    pdf BLOB
);
CREATE INDEX IF NOT EXISTS shares_by_person ON shares (person_id, created_ms);
CREATE INDEX IF NOT EXISTS shares_by_secret ON shares (secret_hash);
CREATE TABLE IF NOT EXISTS share_openings (
    share_id TEXT NOT NULL,
    at_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS share_openings_by_share ON share_openings (share_id, at_ms);
";

/// Bumped whenever `SCHEMA` changes.
const SCHEMA_VERSION: i64 = 6;

const TABLES: [&str; 15] = [
    "persons", "otps", "otp_failures", "sessions", "photos", "materials", "messages", "devices",
    "verifications", "idempotency", "tickets", "meta", "issuer_keys", "shares", "share_openings",
];

#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    code_uses: code_uses::CodeUses,
}

impl Store {
    /// Opens (or creates) the database in `data_dir`; `reset` or an older schema starts it
    /// empty. The caller seeds an empty store (`Store::is_empty`).
    pub fn open(data_dir: &Path, reset: bool) -> Result<Self, Box<dyn std::error::Error>> {
        std::fs::create_dir_all(data_dir)?;
        let conn = Connection::open(data_dir.join("mock.sqlite3"))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Every statement the store runs, with room to spare (the default keeps 16).
        conn.set_prepared_statement_cache_capacity(64);
        let conn = Arc::new(Mutex::new(conn));
        let store = Self { code_uses: code_uses::CodeUses::start(conn.clone())?, conn };
        let version: i64 = store.conn().query_row("PRAGMA user_version", [], |r| r.get(0))?;
        // Demo data only: a store from an older schema starts afresh rather than migrating.
        if reset || version != SCHEMA_VERSION {
            store.wipe()?;
        }
        store.conn().pragma_update(None, "user_version", SCHEMA_VERSION)?;
        Ok(store)
    }

    /// Drops every table and creates them again, empty.
    pub fn wipe(&self) -> rusqlite::Result<()> {
        let drop: String = TABLES.iter().map(|t| format!("DROP TABLE IF EXISTS {t};")).collect();
        let conn = self.conn();
        conn.execute_batch(&drop)?;
        conn.execute_batch(SCHEMA)
    }

    pub fn is_empty(&self) -> Result<bool, ApiError> {
        let count: i64 = self.conn().query_row_cached("SELECT COUNT(*) FROM persons", [], |r| r.get(0))?;
        Ok(count == 0)
    }

    /// The connection, for this module's files only.
    fn conn(&self) -> MutexGuard<'_, Connection> {
        lock(&self.conn)
    }

    /// Runs `f` in one transaction: all of it is written, or none.
    fn transaction<T>(&self, f: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<T>) -> Result<T, ApiError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// The JSON documents of one person in `table`, newest first (at most 200).
    fn docs_of<T: serde::de::DeserializeOwned>(&self, table: &'static str, person_id: &str) -> Result<Vec<T>, ApiError> {
        let conn = self.conn();
        let sql = format!("SELECT doc FROM {table} WHERE person_id = ?1 ORDER BY at_ms DESC, rowid DESC LIMIT 200");
        let mut stmt = conn.prepare_cached(&sql)?;
        let docs = stmt.query_map([person_id], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for doc in docs {
            out.push(serde_json::from_str(&doc?)?);
        }
        Ok(out)
    }
}

/// Locks the connection. A panic while holding the lock leaves SQLite consistent (each
/// statement and each transaction is atomic), so a poisoned lock is safe to keep using.
fn lock(conn: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    conn.lock().unwrap_or_else(|p| p.into_inner())
}

/// `execute` and `query_row` through the connection's statement cache: the verify path runs
/// the same few statements thousands of times a second, and parsing SQL each time was a tenth
/// of its cost (perf, issue 18).
trait Cached {
    fn execute_cached(&self, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<usize>;
    fn query_row_cached<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T>;
}

impl Cached for Connection {
    fn execute_cached(&self, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    fn query_row_cached<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }
}

pub fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("records serialize")
}
