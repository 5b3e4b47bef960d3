//! Integration tests: bwf.
