//! The archive of aired bulletins: files with their hashes, and a SQLite catalog with
//! full-text search over what was read.
