//! Integration tests: assemble.
