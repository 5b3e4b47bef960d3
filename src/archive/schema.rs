//! The catalog schema and its migrations. `PRAGMA user_version` holds the number of
//! migrations applied; each migration runs once, in order, inside one transaction, so an
//! old catalog is brought up to date the first time a newer bantin opens it.

/// Migrations in order; index + 1 is the schema version each one produces.
pub const MIGRATIONS: &[&str] = &[
    // 1: bulletins, their items (with folded text for search), segments, takes, files.
    r"
    CREATE TABLE bulletins (
        id              TEXT PRIMARY KEY,
        date            TEXT NOT NULL,
        slot            TEXT NOT NULL,
        title           TEXT NOT NULL,
        station         TEXT NOT NULL,
        aired_at        TEXT NOT NULL,
        archived_at     TEXT NOT NULL,
        duration_s      REAL NOT NULL,
        integrated_lufs REAL,
        true_peak_dbtp  REAL,
        store_dir       TEXT NOT NULL,
        sidecar_sha256  TEXT NOT NULL
    );
    CREATE INDEX bulletins_by_date ON bulletins(date, slot);
    CREATE INDEX bulletins_by_aired ON bulletins(aired_at);
    CREATE TABLE items (
        rowid       INTEGER PRIMARY KEY,
        bulletin_id TEXT NOT NULL REFERENCES bulletins(id),
        position    INTEGER NOT NULL,
        item_id     TEXT NOT NULL,
        title       TEXT NOT NULL,
        category    TEXT NOT NULL,
        published   TEXT NOT NULL,
        byline      TEXT NOT NULL,
        source      TEXT NOT NULL,
        spoken      TEXT NOT NULL,
        original    TEXT NOT NULL
    );
    CREATE INDEX items_by_bulletin ON items(bulletin_id, position);
    CREATE TABLE segments (
        bulletin_id TEXT NOT NULL REFERENCES bulletins(id),
        position    INTEGER NOT NULL,
        item_id     TEXT,
        segment_id  TEXT NOT NULL,
        take        TEXT NOT NULL,
        spoken      TEXT NOT NULL,
        original    TEXT NOT NULL,
        syllables   INTEGER NOT NULL,
        estimate_s  REAL NOT NULL,
        PRIMARY KEY (bulletin_id, position)
    );
    CREATE TABLE takes (
        bulletin_id   TEXT NOT NULL REFERENCES bulletins(id),
        position      INTEGER NOT NULL,
        role          TEXT NOT NULL,
        item_id       TEXT,
        segment_id    TEXT,
        source        TEXT NOT NULL,
        duration_s    REAL NOT NULL,
        loudness_lufs REAL,
        gain_db       REAL NOT NULL,
        start_s       REAL NOT NULL,
        flags         TEXT NOT NULL,
        PRIMARY KEY (bulletin_id, position)
    );
    CREATE TABLE files (
        bulletin_id TEXT NOT NULL REFERENCES bulletins(id),
        role        TEXT NOT NULL,
        name        TEXT NOT NULL,
        sha256      TEXT NOT NULL,
        bytes       INTEGER NOT NULL,
        PRIMARY KEY (bulletin_id, name)
    );
    -- Folded copies (see fold.rs), index only (the text itself is in items);
    -- rowid = items.rowid, which groups items by air date (catalog.rs, day_block).
    CREATE VIRTUAL TABLE item_text USING fts5(
        title, spoken, original,
        content = '',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    ",
];

/// The schema version this bantin writes.
pub fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}
