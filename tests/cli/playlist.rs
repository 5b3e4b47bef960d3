//! Integration tests: playlist.
