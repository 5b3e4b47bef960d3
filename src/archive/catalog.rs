//! The SQLite catalog (`archive/catalog.sqlite`): bulletins, items, segments, takes,
//! files and the full-text index. It is one file with a rollback journal (not WAL): a
//! copy of the file is the whole catalog, and it can be read where nothing can be written
//! — a backup disk, another account with read access — which a WAL database cannot
//! without its `-shm` index beside it. Writers are serialized by the archive's lock
//! (`lock.rs`) and SQLite's own, with a busy timeout; every record goes in with one
//! `BEGIN IMMEDIATE` transaction, so the catalog holds a whole record or none of it.
//! Readers open it read-only and never change it.

use super::ArchiveError;
use super::fold::fold;
use super::schema::{MIGRATIONS, current_version};
use super::sidecar::ArchiveRecord;
use crate::export::as_run::AsRunEntry;
use crate::failpoint;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a writer waits for another one (or a reader) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

pub struct Catalog {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
}

/// One bulletin as listed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BulletinRow {
    pub id: String,
    pub date: String,
    pub slot: String,
    pub title: String,
    pub station: String,
    pub aired_at: String,
    pub archived_at: String,
    pub duration_s: f64,
    pub integrated_lufs: Option<f64>,
    pub true_peak_dbtp: Option<f64>,
    /// Folder relative to the archive root.
    pub store_dir: String,
    pub sidecar_sha256: String,
    pub items: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FileRow {
    pub role: String,
    pub name: String,
    pub sha256: String,
    pub bytes: u64,
}

/// What happened to a record offered to the catalog.
#[derive(Debug, Clone, PartialEq)]
pub enum Inserted {
    New,
    /// The same record (same files and aired time) was already there.
    AlreadyThere,
}

impl Catalog {
    /// Opens (creating if needed) the catalog for writing and brings its schema up to
    /// date. A catalog an older bantin left in WAL mode is switched to a rollback journal.
    ///
    /// Switching the journal mode can report "database is locked" without going through
    /// the busy handler (a reader has it open), so a locked open is retried until the
    /// busy timeout.
    pub fn open(path: &Path) -> Result<Self, ArchiveError> {
        let started = std::time::Instant::now();
        loop {
            match Self::open_once(path) {
                Err(ArchiveError::Sqlite { source, .. })
                    if is_locked(&source) && started.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                other => return other,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Self, ArchiveError> {
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| ArchiveError::io("create the archive folder", dir, e))?;
        }
        let sql = sqlite_error(path);
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sql)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
        // One file (see the module's comment); FULL makes each commit durable.
        conn.query_row("PRAGMA journal_mode = DELETE", [], |r| {
            r.get::<_, String>(0)
        })
        .map_err(sql)?;
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
            .map_err(sql)?;
        let mut catalog = Self {
            conn,
            path: path.to_path_buf(),
        };
        catalog.migrate()?;
        Ok(catalog)
    }

    /// Opens an existing catalog read-only: nothing is written, not even a journal, so it
    /// works on read-only media and for accounts that may only read.
    pub fn open_read_only(path: &Path) -> Result<Self, ArchiveError> {
        let sql = sqlite_error(path);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let open = || -> rusqlite::Result<Connection> {
            let conn = Connection::open_with_flags(path, flags)?;
            conn.busy_timeout(BUSY_TIMEOUT)?;
            Ok(conn)
        };
        let conn = open().map_err(sql)?;
        let conn = match schema_version(&conn) {
            Ok(_) => conn,
            // A writer was killed inside a transaction: its journal must be played back
            // before anything is read, which only a connection that may write can do.
            Err(e) if extended_code(&e) == Some(rusqlite::ffi::SQLITE_READONLY_ROLLBACK) => {
                drop(conn);
                roll_back_interrupted_write(path).map_err(|_| ArchiveError::Unfinished {
                    path: path.to_path_buf(),
                })?;
                open().map_err(sql)?
            }
            // A WAL catalog (from an older bantin) where no `-shm` can be made: read the
            // file as it is, which is the whole catalog when no `-wal` holds changes.
            Err(e) if is_wal_database(path) && wal_cannot_open(&e) => {
                if has_wal_changes(path) {
                    return Err(ArchiveError::WalNotReadable {
                        path: path.to_path_buf(),
                    });
                }
                let immutable = Connection::open_with_flags(
                    immutable_uri(path),
                    flags | OpenFlags::SQLITE_OPEN_URI,
                )
                .map_err(sql)?;
                immutable.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
                immutable
            }
            Err(e) => return Err(sql(e)),
        };
        let found = schema_version(&conn).map_err(sql)?;
        if found > current_version() {
            return Err(ArchiveError::NewerSchema {
                path: path.to_path_buf(),
                found,
                known: current_version(),
            });
        }
        if found < current_version() {
            return Err(ArchiveError::OlderSchema {
                path: path.to_path_buf(),
                found,
                known: current_version(),
            });
        }
        conn.execute_batch("PRAGMA query_only = ON").map_err(sql)?;
        Ok(Self {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// How many bulletins the catalog holds.
    pub fn count(&self) -> Result<i64, ArchiveError> {
        self.conn
            .query_row("SELECT count(*) FROM bulletins", [], |r| r.get(0))
            .map_err(|e| self.sql_err(e))
    }

    pub(crate) fn sql_err(&self, source: rusqlite::Error) -> ArchiveError {
        sqlite_error(&self.path)(source)
    }

    fn migrate(&mut self) -> Result<(), ArchiveError> {
        let sql = sqlite_error(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let found: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(sql)?;
        if found > current_version() {
            return Err(ArchiveError::NewerSchema {
                path: self.path.clone(),
                found,
                known: current_version(),
            });
        }
        for (i, migration) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            tx.execute_batch(migration).map_err(sql)?;
            tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))
                .map_err(sql)?;
        }
        tx.commit().map_err(sql)
    }

    /// Records one bulletin in one transaction. An identical record already there is a
    /// no-op; a different one under the same id is refused.
    pub fn insert(
        &mut self,
        record: &ArchiveRecord,
        sidecar_sha256: &str,
    ) -> Result<Inserted, ArchiveError> {
        self.insert_many(std::slice::from_ref(record), &[sidecar_sha256])
            .map(|mut v| v.remove(0))
    }

    /// Records several bulletins in one transaction (reindex, benchmark fill).
    pub fn insert_many(
        &mut self,
        records: &[ArchiveRecord],
        sidecar_sha256: &[&str],
    ) -> Result<Vec<Inserted>, ArchiveError> {
        let sql = sqlite_error(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let mut outcomes = Vec::with_capacity(records.len());
        for (record, sidecar) in records.iter().zip(sidecar_sha256) {
            if let Some(existing) = existing_record(&tx, &record.id).map_err(sql)? {
                outcomes.push(compare(&existing, record)?);
                continue;
            }
            insert_record(&tx, record, sidecar).map_err(sql)?;
            outcomes.push(Inserted::New);
        }
        failpoint::hit("before-commit");
        tx.commit().map_err(sql)?;
        Ok(outcomes)
    }

    /// Lists bulletins whose date lies in `from..=to` (YYYY-MM-DD strings), in air order.
    pub fn list(&self, from: &str, to: &str) -> Result<Vec<BulletinRow>, ArchiveError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "{BULLETIN_SELECT} WHERE b.date >= ?1 AND b.date <= ?2 ORDER BY b.aired_at, b.id"
            ))
            .map_err(|e| self.sql_err(e))?;
        let rows: Vec<_> = stmt
            .query_map(params![from, to], bulletin_row)
            .and_then(Iterator::collect)
            .map_err(|e| self.sql_err(e))?;
        Ok(rows)
    }

    pub fn bulletin(&self, id: &str) -> Result<BulletinRow, ArchiveError> {
        self.conn
            .query_row(
                &format!("{BULLETIN_SELECT} WHERE b.id = ?1"),
                [id],
                bulletin_row,
            )
            .optional()
            .map_err(|e| self.sql_err(e))?
            .ok_or_else(|| ArchiveError::UnknownId { id: id.to_string() })
    }

    pub fn files(&self, id: &str) -> Result<Vec<FileRow>, ArchiveError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT role, name, sha256, bytes FROM files WHERE bulletin_id = ?1 ORDER BY rowid",
            )
            .map_err(|e| self.sql_err(e))?;
        let rows: Vec<_> = stmt
            .query_map([id], |r| {
                Ok(FileRow {
                    role: r.get(0)?,
                    name: r.get(1)?,
                    sha256: r.get(2)?,
                    bytes: r.get::<_, i64>(3)? as u64,
                })
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.sql_err(e))?;
        Ok(rows)
    }

    /// The as-run log of the bulletins aired on dates `from..=to`, in air order: each with
    /// its stored WAV (relative to the archive folder) and that file's SHA-256.
    pub fn as_run(&self, from: &str, to: &str) -> Result<Vec<AsRunEntry>, ArchiveError> {
        let mut entries = Vec::new();
        for b in self.list(from, to)? {
            let audio = self.files(&b.id)?.into_iter().find(|f| f.role == "audio");
            let (file, sha256) = audio
                .map(|f| (format!("{}/{}", b.store_dir, f.name), f.sha256))
                .unwrap_or_default();
            entries.push(AsRunEntry {
                aired_at: b.aired_at,
                date: b.date,
                slot: b.slot,
                title: b.title,
                duration_s: (b.duration_s * 1000.0).round() / 1000.0,
                file,
                sha256,
            });
        }
        Ok(entries)
    }

    /// Every bulletin id with its folder, for `verify`.
    pub fn all_ids(&self) -> Result<Vec<(String, String, String)>, ArchiveError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, store_dir, sidecar_sha256 FROM bulletins ORDER BY date, id")
            .map_err(|e| self.sql_err(e))?;
        let rows: Vec<_> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .and_then(Iterator::collect)
            .map_err(|e| self.sql_err(e))?;
        Ok(rows)
    }

    /// Runs SQLite's own consistency check (and the FTS index's).
    pub fn integrity_problems(&self) -> Result<Vec<String>, ArchiveError> {
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(|e| self.sql_err(e))?;
        let mut problems: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .and_then(Iterator::collect)
            .map_err(|e| self.sql_err(e))?;
        problems.retain(|p| p != "ok");
        if let Some(e) = self.full_text_problem() {
            problems.push(format!("full-text index: {e}"));
        }
        Ok(problems)
    }

    /// FTS5 checks its index with a write statement (that changes nothing), which this
    /// read-only connection cannot run: a second connection runs it inside a transaction
    /// that is rolled back. Where the catalog cannot be written (a backup disk), the
    /// check is skipped; SQLite's own check above still reads every page.
    fn full_text_problem(&self) -> Option<rusqlite::Error> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok()?;
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) {
            return None;
        }
        conn.busy_timeout(BUSY_TIMEOUT).ok()?;
        let checked = conn.execute_batch(
            "BEGIN; INSERT INTO item_text(item_text) VALUES('integrity-check'); ROLLBACK;",
        );
        match checked {
            Err(e) if wal_cannot_open(&e) => None,
            Err(e) => Some(e),
            Ok(()) => None,
        }
    }

    /// Copies everything into one file with no WAL beside it (for the reindex swap).
    pub(crate) fn close_checkpointed(self) -> Result<(), ArchiveError> {
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
            .map_err(sqlite_error(&self.path))?;
        let path = self.path;
        self.conn
            .close()
            .map_err(|(_, source)| ArchiveError::Sqlite { path, source })
    }
}

const BULLETIN_SELECT: &str = "SELECT b.id, b.date, b.slot, b.title, b.station, b.aired_at, \
    b.archived_at, b.duration_s, b.integrated_lufs, b.true_peak_dbtp, b.store_dir, \
    b.sidecar_sha256, (SELECT count(*) FROM items i WHERE i.bulletin_id = b.id) FROM bulletins b";

fn bulletin_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BulletinRow> {
    Ok(BulletinRow {
        id: r.get(0)?,
        date: r.get(1)?,
        slot: r.get(2)?,
        title: r.get(3)?,
        station: r.get(4)?,
        aired_at: r.get(5)?,
        archived_at: r.get(6)?,
        duration_s: r.get(7)?,
        integrated_lufs: r.get(8)?,
        true_peak_dbtp: r.get(9)?,
        store_dir: r.get(10)?,
        sidecar_sha256: r.get(11)?,
        items: r.get(12)?,
    })
}

/// The aired time and files of a record already in the catalog.
struct Existing {
    aired_at: String,
    files: Vec<(String, String)>,
}

fn existing_record(conn: &Connection, id: &str) -> rusqlite::Result<Option<Existing>> {
    let aired_at: Option<String> = conn
        .query_row("SELECT aired_at FROM bulletins WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    let Some(aired_at) = aired_at else {
        return Ok(None);
    };
    let mut stmt = conn.prepare("SELECT name, sha256 FROM files WHERE bulletin_id = ?1")?;
    let mut files: Vec<(String, String)> = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    files.sort();
    Ok(Some(Existing { aired_at, files }))
}

fn compare(existing: &Existing, record: &ArchiveRecord) -> Result<Inserted, ArchiveError> {
    let mut offered: Vec<(String, String)> = record
        .files
        .iter()
        .map(|f| (f.name.clone(), f.sha256.clone()))
        .collect();
    offered.sort();
    let mut differences = Vec::new();
    for (name, sha) in &offered {
        match existing.files.iter().find(|(n, _)| n == name) {
            Some((_, stored)) if stored == sha => {}
            Some(_) => differences.push(format!("{name} differs")),
            None => differences.push(format!("{name} is new")),
        }
    }
    for (name, _) in &existing.files {
        if !offered.iter().any(|(n, _)| n == name) {
            differences.push(format!("{name} is gone"));
        }
    }
    if existing.aired_at != record.aired_at {
        differences.push(format!(
            "aired at {} in the archive, {} now",
            existing.aired_at, record.aired_at
        ));
    }
    if differences.is_empty() {
        Ok(Inserted::AlreadyThere)
    } else {
        Err(ArchiveError::Different {
            id: record.id.clone(),
            what: differences.join(", "),
            dir: PathBuf::from(&record.id),
        })
    }
}

fn insert_record(conn: &Connection, r: &ArchiveRecord, sidecar: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO bulletins (id, date, slot, title, station, aired_at, archived_at, duration_s, \
         integrated_lufs, true_peak_dbtp, store_dir, sidecar_sha256) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            r.id,
            r.date,
            r.slot,
            r.title,
            r.station,
            r.aired_at,
            r.archived_at,
            r.duration_s,
            r.integrated_lufs,
            r.true_peak_dbtp,
            r.store_dir(),
            sidecar
        ],
    )?;
    let mut item_stmt = conn.prepare_cached(
        "INSERT INTO items (rowid, bulletin_id, position, item_id, title, category, published, \
         byline, source, spoken, original) VALUES (?11, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut fts_stmt = conn.prepare_cached(
        "INSERT INTO item_text (rowid, title, spoken, original) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let first_rowid = first_free_item_rowid(conn, &r.date)?;
    for (item_rowid, (pos, item)) in (first_rowid..).zip(r.rundown.items.iter().enumerate()) {
        let spoken = join_texts(item.segments.iter().map(|s| s.spoken.as_str()));
        let original = join_texts(item.segments.iter().map(|s| s.original.as_str()));
        item_stmt.execute(params![
            r.id,
            pos as i64,
            item.id,
            item.title,
            item.category,
            item.published,
            item.byline,
            item.source,
            spoken,
            original,
            item_rowid
        ])?;
        fts_stmt.execute(params![
            item_rowid,
            fold(&item.title),
            fold(&spoken),
            fold(&original)
        ])?;
    }
    let mut seg_stmt = conn.prepare_cached(
        "INSERT INTO segments (bulletin_id, position, item_id, segment_id, take, spoken, original, \
         syllables, estimate_s) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut position = 0i64;
    let mut add_segment = |item_id: Option<&str>, s: &crate::bulletin::rundown::Segment| {
        position += 1;
        seg_stmt.execute(params![
            r.id,
            position,
            item_id,
            s.id,
            s.take,
            s.spoken,
            s.original,
            s.syllables,
            s.estimate_s
        ])
    };
    add_segment(None, &r.rundown.opening)?;
    for item in &r.rundown.items {
        for s in &item.segments {
            add_segment(Some(&item.id), s)?;
        }
    }
    add_segment(None, &r.rundown.closing)?;
    let mut take_stmt = conn.prepare_cached(
        "INSERT INTO takes (bulletin_id, position, role, item_id, segment_id, source, duration_s, \
         loudness_lufs, gain_db, start_s, flags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (pos, t) in r.report.takes.iter().enumerate() {
        take_stmt.execute(params![
            r.id,
            pos as i64,
            t.role,
            t.item_id,
            t.segment_id,
            t.source,
            t.trimmed_duration_s,
            t.loudness_lufs,
            t.gain_db,
            t.start_s,
            t.flags.join("; ")
        ])?;
    }
    let mut file_stmt = conn.prepare_cached(
        "INSERT INTO files (bulletin_id, role, name, sha256, bytes) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for f in &r.files {
        file_stmt.execute(params![r.id, f.role, f.name, f.sha256, f.bytes as i64])?;
    }
    Ok(())
}

/// Items of one air date get rowids in one block of [`ROWIDS_PER_DAY`], so a date range
/// is a rowid range the full-text index can restrict itself to cheaply.
pub const ROWIDS_PER_DAY: i64 = 10_000;

/// The first item rowid of a date's block (`YYYY-MM-DD`); dates that do not parse go to
/// day 0.
pub fn day_block(date: &str) -> i64 {
    day_number(date).unwrap_or(0) * ROWIDS_PER_DAY
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian).
fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.get(0..2)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn first_free_item_rowid(conn: &Connection, date: &str) -> rusqlite::Result<i64> {
    let base = day_block(date);
    conn.query_row(
        "SELECT coalesce(max(rowid) + 1, ?1) FROM items WHERE rowid >= ?1 AND rowid < ?2",
        params![base, base + ROWIDS_PER_DAY],
        |row| row.get(0),
    )
}

fn join_texts<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    texts
        .filter(|t| !t.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Maps a SQLite error to the archive's error naming the catalog file.
fn sqlite_error(path: &Path) -> impl Fn(rusqlite::Error) -> ArchiveError + Copy + '_ {
    move |source| ArchiveError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

/// Lets SQLite play back the journal an interrupted writer left (it does so on the first
/// read of a connection that may write), then closes.
fn roll_back_interrupted_write(path: &Path) -> rusqlite::Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    schema_version(&conn)?;
    conn.close().map_err(|(_, e)| e)
}

fn extended_code(e: &rusqlite::Error) -> Option<i32> {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.extended_code),
        _ => None,
    }
}

/// Whether the database file's header says WAL (file format versions 2, bytes 18–19).
fn is_wal_database(path: &Path) -> bool {
    let mut header = [0u8; 20];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header))
        .is_ok_and(|()| header[18] == 2 && header[19] == 2)
}

fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// The errors SQLite gives for a WAL database whose `-shm` it cannot create or write.
fn wal_cannot_open(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly)
    )
}

/// Whether `<catalog>-wal` holds changes not yet in the catalog file.
fn has_wal_changes(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(PathBuf::from(wal)).is_ok_and(|m| m.len() > 0)
}

/// `file:/path/to/catalog.sqlite?immutable=1`, the path percent-encoded (RFC 3986).
fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut text = absolute.to_string_lossy().replace('\\', "/");
    if !text.starts_with('/') {
        text.insert(0, '/'); // a Windows drive: file:/C:/…
    }
    let mut uri = String::from("file:");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// SQLITE_BUSY or SQLITE_LOCKED: another process holds the database for a moment.
fn is_locked(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn immutable_uris_escape_what_a_uri_cannot_hold() {
        let uri = immutable_uri(Path::new("/mnt/sao lưu/a?b#c%/catalog.sqlite"));
        assert_eq!(
            uri,
            "file:/mnt/sao%20l%C6%B0u/a%3Fb%23c%25/catalog.sqlite?immutable=1"
        );
    }

    #[test]
    fn day_numbers_order_dates() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2026-11-27"), Some(20_784));
        assert_eq!(day_number("2000-03-01"), Some(11_017));
        assert!(day_number("2026-13-01").is_none());
        assert!(day_block("2018-04-05") < day_block("2018-04-06"));
    }
}
